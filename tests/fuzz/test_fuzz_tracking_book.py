"""Fuzzing the tracking-book import: odd CSV and XLSX files give only typed errors, never half an import.

``migrate_book`` promises: every row is checked first, the good ones go in
together in one transaction (nothing with ``dry_run``), and a file that cannot
be read as a whole raises ValidationError. So after any call the dossier count
is what it was plus exactly ``report.imported``, and a call that raises (or a
dry run) leaves it as it was.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime

from fuzz_helpers import FUZZ, JSON, mutated_bytes
from hypothesis import event, given
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from motcua_desktop.domain.errors import MotcuaError, ValidationError
from motcua_desktop.services import users
from motcua_desktop.services.book_reader import FIELDS, load_mapping, read_book
from motcua_desktop.services.migrate_book import migrate_book
from motcua_desktop.store.models import Dossier, DossierEvent

HEADINGS = [
    "TT", "MÃ HỒ SƠ", "Tên TTHC", "Tên cá nhân, tổ chức", "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết", "Nhận hồ sơ (ngày, giờ)", "Hẹn trả kết quả", "Trả kết quả",
    "Phương thức nhận kết quả", "Ký nhận",
]  # fmt: skip
A = "000.31.25.H56"
ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258", "latin-1", "ascii"]

dates = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2024, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.sampled_from(
        [
            "11/03/2024",
            "11/03/2024 08:30",
            "2024-03-11",
            "2024-03-11T08:30",
            "31/02/2024",
            "11/13/2024",
            "8h30 11/03/2024",
            "0/0/0",
            "99999",
            "-1",
            "1e308",
            "",
            " ",
            "\ufeff",
        ]
    ),  # fmt: skip
    st.integers(-(10**6), 10**7),
    st.floats(allow_nan=False, allow_infinity=False),
)
good_codes = st.builds(
    "{}-24{:02d}{:02d}-{:04d}".format,
    st.just(A), st.integers(1, 12), st.integers(1, 28), st.integers(1, 60),
)  # fmt: skip
codes = st.one_of(
    good_codes,
    good_codes,
    st.builds(
        "{}-{:02d}{:02d}{:02d}-{:04d}".format,
        st.sampled_from([A, "000.00.00.H00", "abc"]),
        st.integers(0, 99),
        st.integers(0, 13),
        st.integers(0, 32),
        st.integers(0, 99999),
    ),  # fmt: skip
    st.text(max_size=20),
    st.integers(),
)
texts = st.text(max_size=30) | st.sampled_from(["0912 345 678", "Qua bưu điện", "(1)", "\x00"])
cells = st.none() | texts | st.integers() | st.booleans() | dates
rows = st.lists(
    st.tuples(st.integers(0, 99), codes, texts, texts, texts, texts, dates, dates, dates,
              texts, cells).map(list)
    | st.lists(cells, max_size=14),
    max_size=8,
)  # fmt: skip
headings = (
    st.just(HEADINGS)
    | st.permutations(HEADINGS)
    | st.lists(st.sampled_from(HEADINGS) | st.text(max_size=12), max_size=12)
)


def _csv_text(heads: list, body: list, delimiter: str) -> str:
    def cell(v):
        if isinstance(v, datetime):
            return v.strftime("%d/%m/%Y %H:%M")
        if isinstance(v, date):
            return v.strftime("%d/%m/%Y")
        s = "" if v is None else str(v)
        return f'"{s}"' if any(c in s for c in (delimiter, '"', "\n")) else s

    lines = [heads, *body]
    return "\r\n".join(delimiter.join(cell(v) for v in line) for line in lines)


@st.composite
def csv_files(draw) -> bytes:
    text = _csv_text(draw(headings), draw(rows), draw(st.sampled_from([",", ";", "\t", "|"])))
    encoding = draw(st.sampled_from(ENCODINGS))
    raw = text.encode(encoding, errors=draw(st.sampled_from(["replace", "ignore"])))
    return draw(st.sampled_from([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + raw


def _xlsx_cell(v):
    if isinstance(v, str):  # openpyxl refuses control characters in cells
        return "".join(c for c in v if c >= " " or c in "\t\n") or None
    return v


@st.composite
def xlsx_files(draw) -> bytes:
    wb = Workbook()
    ws = wb.active
    for _ in range(draw(st.integers(0, 3))):  # a title, notes above the headings
        ws.append([_xlsx_cell(v) for v in draw(st.lists(cells, max_size=3))])
    ws.append([_xlsx_cell(v) for v in draw(headings)])
    for row in draw(rows):
        ws.append([_xlsx_cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _valid_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADINGS)
    ws.append([1, f"{A}-240310-0001", "Đăng ký khai sinh", "Nguyễn Văn An", "ấp Phú Hòa", "",
               datetime(2024, 3, 11, 8, 30), "11/03/2024 17:00", None, "", ""])  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


VALID_XLSX = _valid_xlsx()
VALID_CSV = _csv_text(
    HEADINGS, [[1, f"{A}-240310-0002", "X", "Trần Thị B", "", "", "11/03/2024", "", "", "", ""]],
    ",",
).encode("utf-8-sig")  # fmt: skip


def _count(ctx) -> tuple[int, int]:
    with ctx.db.session(readonly=True) as s:
        return (
            s.scalar(select(func.count()).select_from(Dossier)),
            s.scalar(select(func.count()).select_from(DossierEvent)),
        )


def _read(path, mapping=None) -> None:
    try:
        read_book(path, mapping)
    except ValidationError as exc:
        assert exc.message.strip()


def _import(installed, path, **kw) -> None:
    ctx, _clerk = installed
    admin = users.first_admin(ctx)  # an old book is brought in by an administrator
    before = _count(ctx)
    try:
        report = migrate_book(ctx, path, admin, **kw)
    except MotcuaError as exc:
        assert isinstance(exc, ValidationError) and exc.message.strip()
        assert _count(ctx) == before, "a rejected file changed the dossiers"
        event("the file was refused")
        return
    event("rows imported" if report.imported else "rows rejected" if report.rejected else "no rows")
    assert all(isinstance(line, int) and reason for line, reason in report.rejected)
    added = 0 if kw.get("dry_run") else report.imported
    assert _count(ctx) == (before[0] + added, before[1] + added)


@FUZZ
@given(
    st.sampled_from(["book.csv", "book.xlsx", "book.tsv", "book.xlsm"]), st.binary(max_size=1024)
)
def test_arbitrary_bytes(workdir, installed, name, data):
    path = workdir / name
    path.write_bytes(data)
    _read(path)
    _import(installed, path, dry_run=True)


@FUZZ
@given(st.sampled_from([("book.xlsx", VALID_XLSX), ("book.csv", VALID_CSV)]).flatmap(
    lambda nd: st.tuples(st.just(nd[0]), mutated_bytes(nd[1]))
))  # fmt: skip
def test_damaged_files(workdir, installed, name_data):
    name, data = name_data
    path = workdir / name
    path.write_bytes(data)
    _read(path)
    _import(installed, path, dry_run=True)


@FUZZ
@given(csv_files(), st.booleans())
def test_csv_with_odd_cells_and_encodings(workdir, installed, data, dry_run):
    path = workdir / "book.csv"
    path.write_bytes(data)
    _import(installed, path, dry_run=dry_run)


@FUZZ
@given(xlsx_files(), st.booleans())
def test_xlsx_with_odd_cells(workdir, installed, data, dry_run):
    path = workdir / "book.xlsx"
    path.write_bytes(data)
    _import(installed, path, dry_run=dry_run)


mapping_docs = st.fixed_dictionaries(
    {},
    optional={
        "columns": st.dictionaries(
            st.sampled_from(FIELDS) | st.text(max_size=6),
            st.sampled_from(["A", "b", "ZZZ", "AAAA", "Mã hồ sơ", "Nhận hồ sơ"]) | JSON,
            max_size=6,
        )
        | JSON,
        "header_row": st.integers(-2, 40) | JSON,
        "first_row": st.integers(-2, 40) | JSON,
        "sheet": st.text(max_size=6) | JSON,
    },
)


@FUZZ
@given(mapping_docs | JSON, st.sampled_from([("book.xlsx", VALID_XLSX), ("book.csv", VALID_CSV)]))
def test_mapping_files(workdir, installed, doc, name_data):
    mapping = workdir / "mapping.json"
    try:
        mapping.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    except UnicodeEncodeError:
        mapping.write_text(json.dumps(doc), encoding="utf-8")
    try:
        checked = load_mapping(mapping)
    except ValidationError:
        checked = None
    path = workdir / name_data[0]
    path.write_bytes(name_data[1])
    if checked is not None:
        _read(path, checked)
    _import(installed, path, mapping=mapping, dry_run=True)


def test_a_good_book_still_imports(workdir, installed):
    path = workdir / "good.xlsx"
    path.write_bytes(VALID_XLSX)
    ctx, clerk = installed
    report = migrate_book(ctx, path, clerk, dry_run=True)
    assert (report.imported + report.skipped_existing, report.rejected) == (1, [])
