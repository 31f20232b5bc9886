"""`motcua migrate-book` end to end: a book in, a report out, and a second run that adds nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

from openpyxl import Workbook

A = "000.31.25.H56"
HEADINGS = [
    "TT", "Mã hồ sơ", "Tên TTHC", "Tên cá nhân, tổ chức", "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết", "Nhận hồ sơ", "Hẹn trả kết quả", "Trả kết quả",
    "Phương thức nhận kết quả", "Ký nhận",
]  # fmt: skip


def motcua(*args, data_dir):
    cmd = [sys.executable, "-m", "motcua_desktop", "--data-dir", str(data_dir), "--lang", "en"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, encoding="utf-8")


def make_book(path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADINGS)
    ws.append([1, f"{A}-240105-0001", "Đăng ký khai sinh", "Nguyễn Thị Mai", "ấp Phú Lợi",
               "", datetime(2024, 1, 5, 9, 0), "05/01/2024 17:00", "05/01/2024 15:30",
               "Trực tiếp", "Mai"])  # fmt: skip
    ws.append([2, f"{A}-240105-0002", "Đăng ký khai sinh", "", "", "",
               "05/01/2024 10:00", None, None, None, None])  # fmt: skip
    ws.append([3, f"{A}-240108-0001", "Đăng ký kết hôn", "Lê Văn Nam", "0913 222 333", "",
               "08/01/2024 08:00", "2024-01-11 08:00", None, None, None])  # fmt: skip
    wb.save(path)
    return path


def setup_commune(data):
    r = motcua(
        "setup", "--commune-name", "Xã An Phú", "--parent-body", "ỦY BAN NHÂN DÂN XÃ AN PHÚ",
        "--unit-name", "BỘ PHẬN MỘT CỬA", "--agency-code", A, "--place-name", "An Phú",
        "--admin", "admin", "--admin-password", "secret-1", data_dir=data,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr


def test_migrate_book_json_then_again(tmp_path):
    data = tmp_path / "data"
    setup_commune(data)
    book = make_book(tmp_path / "so.xlsx")

    dry = motcua("migrate-book", str(book), "--dry-run", "--json", data_dir=data)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["dry_run"] is True and json.loads(dry.stdout)["imported"] == 2

    first = motcua("migrate-book", str(book), "--json", data_dir=data)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert (report["imported"], report["skipped_existing"], report["dry_run"]) == (2, 0, False)
    assert report["rejected"] == [
        {"line": 3, "reason": "The name of the applicant (person or organisation) is missing."}
    ]

    again = motcua("migrate-book", str(book), data_dir=data)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        "0 dossiers imported.",
        "2 rows already imported (their codes are in the database):",
        f"  line 2: {A}-240105-0001",
        f"  line 4: {A}-240108-0001",
        "1 rows rejected:",
        "  line 3: The name of the applicant (person or organisation) is missing.",
    ]


def test_migrate_book_with_a_mapping(tmp_path):
    data = tmp_path / "data"
    setup_commune(data)
    book = tmp_path / "other.csv"
    book.write_text(
        f"Số hồ sơ,Người nộp,Ngày nộp\n{A}-230301-0004,Bùi Văn Lực,01/03/2023 08:15\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps({"columns": {"code": "A", "applicant": "Người nộp", "received": 3}}),
        encoding="utf-8",
    )
    r = motcua("migrate-book", str(book), "--mapping", str(mapping), "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["imported"] == 1


def test_unreadable_file_fails_with_one_line(tmp_path):
    data = tmp_path / "data"
    setup_commune(data)
    bad = tmp_path / "book.xlsx"
    bad.write_bytes(b"this is not a workbook")
    r = motcua("migrate-book", str(bad), data_dir=data)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == (
        "motcua: error: book.xlsx is not an Excel workbook (.xlsx) that can be read.\n"
    )
