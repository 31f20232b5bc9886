"""Importing a historical tracking book (form 07) from XLSX and CSV, with a mapping for other layouts."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text

from motcua_desktop import i18n
from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.services.migrate_book import migrate_book
from motcua_desktop.store.models import Change, Dossier, DossierEvent

HEADINGS = [
    "TT", "MÃ HỒ SƠ", "Tên TTHC", "Ten ca nhan, to chuc", "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết", "Nhận hồ sơ\n(ngày, giờ)", "Hẹn trả kết quả", "Trả kết quả",
    "Phương thức nhận kết quả", "Ký nhận",
]  # fmt: skip
A = "000.31.25.H56"
BAD_CODE = f"{A}-2403-1"
# Line numbers below are the spreadsheet's: title on 1, headings on 2, "(1)…(11)" on 3.
ROWS = [
    # line 4: returned by post on the due day
    [1, f"{A}-240310-0001", "Đăng ký khai sinh", "Nguyễn Văn An",
     "Số 12, ấp Phú Hòa, ĐT: 0912 345 678", "UBND xã An Phú", datetime(2024, 3, 11, 8, 30),
     "11/03/2024 17:00", datetime(2024, 3, 11, 16, 0), "Qua bưu điện", "An"],
    # line 5: not in the catalogue, ISO text dates, still open
    [2, f"{A}-240311-0002", "Xác nhận tình trạng nhà ở", "Trần Thị Bích",
     "ấp Bình Tây", "", "2024-03-11 09:00", "2024-03-15", None, "Trực tiếp", None],
    [3, BAD_CODE, "Đăng ký khai sinh", "Lê Văn C", "", "", "12/03/2024", None, None, None, None],
    [4, f"{A}-240312-0003", "Đăng ký khai sinh", "Lê Văn D", "", "", "31/02/2024", None, None,
     None, None],
    [5, f"{A}-240312-0004", "Đăng ký khai sinh", "  ", "", "", "12/03/2024", None, None, None,
     None],
    [6, f"{A}-240312-0005", "Đăng ký khai sinh", "Phạm Văn E", "", "", "12/03/2024 10:00",
     "11/03/2024", None, None, None],
    [7, f"{A}-240310-0001", "Đăng ký khai sinh", "Nguyễn Văn An", "", "",
     "10/03/2024 08:30", None, None, None, None],
    [8, f"{A}-240312-0006", "Đăng ký khai sinh", "Võ Văn F", "", "", "12/03/2024 10:00",
     "13/03/2024", "11/03/2024", None, None],
    [None] * 11,  # line 12: empty, left out
    # line 13: date-only cells; returned a day before the appointment: early
    [9, f"{A}-240312-0007", "chung thuc ban sao tu ban chinh giay to, van ban do co quan, "
     "to chuc co tham quyen cua Viet Nam cap hoac chung nhan", "Huỳnh Thị Gấm", "ấp Mỹ Đức - 0387 111 222", "", date(2024, 3, 12), "19/03/2024",
     "18/03/2024", "", ""],
]  # fmt: skip
EXPECTED_REJECTED = [
    (6, f'"{BAD_CODE}" is not a dossier code; a dossier code looks like 000.17.22.H56-210531-0001'),
    (7, '"31/02/2024" under "Received" is not a date (dd/mm/yyyy, optionally with HH:MM).'),
    (8, "The name of the applicant (person or organisation) is missing."),
    (9, "The appointment (11/03/2024) is before the dossier was received (12/03/2024 10:00)."),
    (10, f"The code {A}-240310-0001 is already on line 4 of this file."),
    (11, "The result was returned (11/03/2024) before the dossier was received "
         "(12/03/2024 10:00)."),
]  # fmt: skip
GOOD = [f"{A}-240310-0001", f"{A}-240311-0002", f"{A}-240312-0007"]


@pytest.fixture(autouse=True)
def english():
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def write_xlsx(path, rows=ROWS, headings=HEADINGS):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sổ 2024"
    ws.append(["SỔ THEO DÕI HỒ SƠ"])
    ws.append(headings)
    ws.append([f"({i})" for i in range(1, 12)])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path, rows, encoding="utf-8-sig", delimiter=","):
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow([h.replace("\n", " ") for h in HEADINGS])
        for row in rows:
            w.writerow(["" if v is None else v for v in row])
    return path


def dossiers(ctx):
    with ctx.db.session(readonly=True) as s:
        got = {d.code: d for d in s.scalars(select(Dossier))}
        s.expunge_all()  # keep the loaded values after the read-only rollback
    return got


def fts(ctx, query):
    with ctx.db.session(readonly=True) as s:
        return {
            r[0]
            for r in s.execute(
                text("SELECT rowid FROM dossier_search WHERE dossier_search MATCH :q"), {"q": query}
            )
        }


def test_xlsx_import_reports_rejects_and_imports_the_rest(ctx, clerk, admin, tmp_path):
    report = migrate_book(ctx, write_xlsx(tmp_path / "so-2024.xlsx"), admin)
    assert report.rejected == EXPECTED_REJECTED
    assert (report.imported, report.skipped_existing, report.already_imported) == (3, 0, [])

    got = dossiers(ctx)
    assert sorted(got) == GOOD
    an = got[GOOD[0]]
    assert an.applicant_name == "Nguyễn Văn An"
    assert (an.applicant_address, an.applicant_phone) == ("Số 12, ấp Phú Hòa", "0912 345 678")
    assert (an.procedure_code, an.procedure_name, an.field_name) == (
        "1.001193", "Đăng ký khai sinh", "Hộ tịch",
    )  # fmt: skip
    assert an.status == Status.RESULT_RETURNED and an.agency_code == A
    assert an.received_at == datetime(2024, 3, 11, 8, 30)
    assert an.due_at == an.original_due_at == datetime(2024, 3, 11, 17, 0)
    assert an.returned_at == an.finished_at == datetime(2024, 3, 11, 16, 0)
    assert (an.timeliness, an.return_method, an.result_delivery) == ("on_time", "post", "post")
    assert an.returned_to == "An" and an.handling_unit == "UBND xã An Phú"
    assert an.created_by == admin.id and an.search_id is not None

    bich = got[GOOD[1]]
    assert (bich.procedure_code, bich.procedure_name, bich.field_name) == (
        "", "Xác nhận tình trạng nhà ở", "",
    )  # fmt: skip
    assert bich.status == Status.ACCEPTED and bich.returned_at is None and bich.timeliness is None
    assert bich.received_at == datetime(2024, 3, 11, 9, 0)
    assert bich.due_at == datetime(2024, 3, 15, 17, 0)  # a date alone: by closing time
    assert (bich.processing_unit, bich.processing_amount) == ("working_days", 4)
    assert bich.processing_text == "04 ngày làm việc" and bich.handling_unit == "Xã An Phú"

    gam = got[GOOD[2]]
    assert gam.received_at == datetime(2024, 3, 12, 7, 0)  # a date alone: from opening time
    assert gam.timeliness == "early" and gam.procedure_code == "2.000815"
    assert (gam.applicant_address, gam.applicant_phone) == ("ấp Mỹ Đức", "0387 111 222")

    with ctx.db.session(readonly=True) as s:
        events = s.execute(
            select(DossierEvent.dossier_id, DossierEvent.kind, DossierEvent.data,
                   DossierEvent.to_status)
        ).all()  # fmt: skip
        logged = s.scalar(
            select(func.count()).select_from(Change).where(Change.table_name == "dossiers")
        )
        counter = s.scalar(
            text("SELECT value FROM sequences WHERE name = :n"), {"n": f"dossier:{A}:240312"}
        )
    assert logged == 3 and counter == 7
    by_dossier = {e.dossier_id: e for e in events}
    assert by_dossier[an.id].kind == "imported"
    assert by_dossier[an.id].data == {"source": "so-2024.xlsx", "line": 4, "serial": "1"}
    assert by_dossier[an.id].to_status == Status.RESULT_RETURNED

    # Unaccented search finds the imported names, phones and codes.
    assert fts(ctx, "nguyen*") == {an.search_id}
    assert fts(ctx, "gam*") == {gam.search_id}
    assert fts(ctx, '"0387111222"*') == {gam.search_id}


def test_second_run_imports_nothing_and_names_what_is_there(ctx, clerk, admin, tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx")
    migrate_book(ctx, path, admin)
    again = migrate_book(ctx, path, admin)
    assert (again.imported, again.skipped_existing) == (0, 3)
    assert again.already_imported == [(4, GOOD[0]), (5, GOOD[1]), (13, GOOD[2])]
    assert again.rejected == EXPECTED_REJECTED
    assert len(dossiers(ctx)) == 3
    with ctx.db.session(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(DossierEvent)) == 3


def test_dry_run_checks_everything_and_writes_nothing(ctx, clerk, tmp_path):
    report = migrate_book(ctx, write_xlsx(tmp_path / "book.xlsx"), clerk, dry_run=True)
    assert report.dry_run and report.imported == 3 and report.rejected == EXPECTED_REJECTED
    assert dossiers(ctx) == {}


def _as_text(v):
    if isinstance(v, datetime):
        return v.strftime("%d/%m/%Y %H:%M")
    return v.strftime("%d/%m/%Y") if isinstance(v, date) else v


def test_csv_with_semicolons(ctx, clerk, admin, tmp_path):
    rows = [[*r[:6], *(_as_text(v) for v in r[6:9]), *r[9:]] for r in ROWS]
    path = write_csv(tmp_path / "book.csv", rows, delimiter=";")
    report = migrate_book(ctx, path, admin)
    # CSV lines: headings on 1, data from 2 (no title or "(1)…" row here).
    assert [line for line, _reason in report.rejected] == [4, 5, 6, 7, 8, 9]
    assert report.rejected[3][1] == EXPECTED_REJECTED[3][1]
    assert report.imported == 3 and sorted(dossiers(ctx)) == GOOD
    assert dossiers(ctx)[GOOD[0]].returned_at == datetime(2024, 3, 11, 16, 0)


def test_mapping_file_for_another_layout(ctx, clerk, admin, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Danh sách hồ sơ năm 2023"])
    ws.append(["Họ tên người nộp", "Số ĐT", "Ngày nộp", "Số hồ sơ", "Ghi chú", "Ngày trả"])
    ws.append(["Đặng Thị Hoa", "0905 000 111", "05/06/2023 14:10", f"{A}-230605-0012", "", ""])
    ws.append(["", "0905 000 222", "05/06/2023", f"{A}-230605-0013", "", ""])
    ws.append(["Ngô Văn Tú", "", "06/06/2023 08:00", f"{A}-230606-0001", "", "07/06/2023 10:00"])
    wb.save(tmp_path / "other.xlsx")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"columns": {"applicant": "Ho ten nguoi nop", "phone": "B", "received": 3,
                                "code": "SỐ HỒ SƠ", "returned": "F"}}),
        encoding="utf-8",
    )  # fmt: skip
    report = migrate_book(ctx, tmp_path / "other.xlsx", admin, mapping=mapping)
    assert report.rejected == [
        (4, "The name of the applicant (person or organisation) is missing.")
    ]
    got = dossiers(ctx)
    assert sorted(got) == [f"{A}-230605-0012", f"{A}-230606-0001"]
    hoa = got[f"{A}-230605-0012"]
    assert (hoa.applicant_name, hoa.applicant_phone) == ("Đặng Thị Hoa", "0905 000 111")
    assert hoa.received_at == datetime(2023, 6, 5, 14, 10) and hoa.due_at is None
    tu = got[f"{A}-230606-0001"]
    assert tu.status == Status.RESULT_RETURNED and tu.timeliness is None
    assert fts(ctx, "dang* hoa*") == {hoa.search_id}


def test_reasons_follow_the_ui_language(ctx, clerk, tmp_path):
    i18n.set_language("vi")
    report = migrate_book(ctx, write_xlsx(tmp_path / "book.xlsx"), clerk, dry_run=True)
    assert report.rejected[2] == (8, "Thiếu tên cá nhân, tổ chức nộp hồ sơ.")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.csv", "just some notes\nnothing like a table\n",
         "No heading row of a tracking book was found in notes.csv"),
        ("book.csv", "Mã,Tên cá nhân,Ngày\n".encode("cp1252"),
         'book.csv is not UTF-8 text. Save it from Excel as "CSV UTF-8" and try again.'),
        ("book.xlsx", b"PK\x03\x04 not really a zip",
         "book.xlsx is not an Excel workbook (.xlsx) that can be read."),
        ("book.pdf", b"%PDF-1.7", "book.pdf: only .xlsx and .csv files can be imported"),
    ],
)  # fmt: skip
def test_unreadable_file_is_one_clear_error(ctx, clerk, admin, tmp_path, name, content, message):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(ValidationError) as exc:
        migrate_book(ctx, path, admin)
    assert exc.value.message.startswith(message)
    assert dossiers(ctx) == {}
