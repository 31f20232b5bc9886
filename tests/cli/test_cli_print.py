"""`motcua print` for forms 04-07: apology, stop, control-sheet and the tracking book."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import datetime

from pypdf import PdfReader

from motcua_desktop.services import lifecycle, users
from motcua_desktop.services.context import open_app


def motcua(*args, data_dir):
    cmd = [sys.executable, "-m", "motcua_desktop", "--data-dir", str(data_dir), *args]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")


def text_of(path) -> str:
    raw = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return " ".join(unicodedata.normalize("NFC", raw).replace("\u00a0", " ").split())


def _intake(data, name, received):
    r = motcua("intake", "--procedure", "HT-05", "--name", name, "--phone", "0912 345 678",
               "--received", received, "--user", "lan", data_dir=data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["code"]


def test_print_letters_control_sheet_and_book(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    r = motcua("setup", "--commune-name", "Xã An Phú", "--parent-body", "ỦY BAN NHÂN DÂN XÃ AN PHÚ",
               "--unit-name", "BỘ PHẬN MỘT CỬA", "--agency-code", "000.31.25.H56",
               "--place-name", "An Phú", "--admin", "admin", "--admin-password", "secret-1",
               "--admin-name", "Phạm Minh Tuấn", data_dir=data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = motcua("users", "add", "lan", "--name", "Nguyễn Thị Ngọc Lan", "--role", "clerk",
               "--password", "secret-2", data_dir=data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    late = _intake(data, "Võ Thị Kim Yến", "2026-03-10 09:00")
    stopped = _intake(data, "Đỗ Văn Nam", "2026-03-11 14:00")

    # Without an extension there is no apology letter to print.
    r = motcua("print", "apology", late, "-o", str(out / "x.pdf"), data_dir=data)
    assert r.returncode == 1 and r.stderr.startswith("motcua: error: ")

    ctx = open_app(data)
    try:
        lan = users.get_user(ctx, "lan")
        lifecycle.start_processing(ctx, late, lan, handler="lan", at=datetime(2026, 3, 10, 10))
        lifecycle.extend(ctx, late, lan, new_due_at=datetime(2026, 3, 18, 9), reason="Chờ xác minh",
                         at=datetime(2026, 3, 12, 15))  # fmt: skip
        lifecycle.stop(ctx, stopped, lan, reason="Người nộp đề nghị dừng",
                       at=datetime(2026, 3, 12, 16))  # fmt: skip
    finally:
        ctx.close()

    r = motcua("print", "apology", late, "-o", str(out / "04.pdf"), "--user", "lan", data_dir=data)
    assert r.returncode == 0, r.stderr
    text = text_of(out / "04.pdf")
    assert "Kính gửi: Võ Thị Kim Yến" in text and "Lý do: Chờ xác minh" in text
    assert "hẹn trả kết quả vào lúc 09 giờ 00 phút, ngày 18/03/2026" in text

    r = motcua("print", "stop", stopped, "-o", str(out / "05.pdf"), data_dir=data)
    assert r.returncode == 0, r.stderr
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text_of(out / "05.pdf")

    r = motcua("print", "control-sheet", late, "-o", str(out / "06.pdf"), data_dir=data)
    assert r.returncode == 0, r.stderr
    text = text_of(out / "06.pdf")
    assert f"Mã hồ sơ: {late}" in text
    assert "1. Giao: Bộ phận Một cửa 2. Nhận: Nguyễn Thị Ngọc Lan" in text

    book = out / "so-theo-doi.pdf"
    r = motcua("print", "book", "--from", "2026-03-01", "--to", "2026-03-31", "-o", str(book),
               data_dir=data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(book)
    text = text_of(book)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "Từ ngày 01 tháng 03 năm 2026 đến ngày 31 tháng 03 năm 2026" in text
    assert text.index("Võ Thị Kim Yến") < text.index("Đỗ Văn Nam")


def test_print_usage_errors(tmp_path):
    data = tmp_path / "data"
    r = motcua(
        "print", "book", "--from", "2026-03-01", "-o", str(tmp_path / "b.pdf"), data_dir=data
    )
    assert r.returncode == 2 and "--from DATE --to DATE" in r.stderr
    r = motcua("print", "book", "--from", "01/03/2026", "--to", "2026-03-31", "-o", "b.pdf",
               data_dir=data)  # fmt: skip
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    r = motcua("print", "control-sheet", "-o", str(tmp_path / "c.pdf"), data_dir=data)
    assert r.returncode == 2 and "CODE" in r.stderr
    r = motcua("print", "apology", "000.31.25.H56-260310-0001", "--from", "2026-03-01",
               "-o", "a.pdf", data_dir=data)  # fmt: skip
    assert r.returncode == 2
