"""Reading a tracking book (form 07, or another layout via a mapping) from XLSX or CSV into rows."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.text import fold
from motcua_desktop.i18n import _

# The fields a book row may carry. "contact" is form 07's single "address,
# phone" column; other layouts may give "address" and "phone" apart.
FIELDS = (
    "serial", "code", "procedure", "applicant", "contact", "address", "phone",
    "handling_unit", "received", "due", "returned", "delivery", "signed",
)  # fmt: skip
REQUIRED = ("code", "applicant", "received")

# Column headings seen in tracking books, folded (see ``heading_key``).
HEADINGS = {
    "serial": ("tt", "stt", "so tt", "so thu tu"),
    "code": ("ma ho so", "ma hs", "so ho so", "ma so ho so"),
    "procedure": ("ten tthc", "ten thu tuc hanh chinh", "ten thu tuc", "thu tuc hanh chinh"),
    "applicant": (
        "ten ca nhan to chuc", "ten to chuc ca nhan", "ho ten", "ho va ten",
        "ten nguoi nop", "nguoi nop ho so", "ten ca nhan",
    ),
    "contact": ("dia chi so dien thoai", "dia chi dien thoai", "dia chi sdt"),
    "address": ("dia chi",),
    "phone": ("so dien thoai", "dien thoai", "sdt"),
    "handling_unit": (
        "co quan chu tri giai quyet", "co quan chu tri", "don vi chu tri giai quyet",
        "co quan giai quyet",
    ),
    "received": ("nhan ho so", "ngay nhan ho so", "ngay nhan", "thoi gian nhan ho so"),
    "due": ("hen tra ket qua", "ngay hen tra", "ngay hen tra ket qua", "hen tra"),
    "returned": ("tra ket qua", "ngay tra ket qua", "ngay tra", "thoi gian tra ket qua"),
    "delivery": ("phuong thuc nhan ket qua", "hinh thuc nhan ket qua", "phuong thuc tra ket qua"),
    "signed": ("ky nhan", "ky nhan ket qua", "nguoi nhan ky"),
}  # fmt: skip
HEADER_SCAN_ROWS = 30
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENS = re.compile(r"\([^)]*\)")
_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


@dataclass(frozen=True)
class BookRow:
    line: int  # spreadsheet row or CSV line, 1-based, as the clerk sees it in Excel
    values: dict[str, Any]


def heading_key(value: Any) -> str:
    """A heading folded for matching: no diacritics, no case, no bracketed notes, no punctuation."""
    text = _PARENS.sub(" ", fold(str(value or "")))
    return _NOT_ALNUM.sub(" ", text).strip()


def _field_of(key: str) -> str | None:
    best, length = None, 0
    for name, aliases in HEADINGS.items():
        for alias in aliases:
            if key == alias:
                return name
            if key.startswith(alias + " ") and len(alias) > length:
                best, length = name, len(alias)
    return best


def match_header(cells: list[Any]) -> dict[str, int]:
    """Field → column index for a heading row (the first column wins each field)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = _field_of(heading_key(cell))
        if name and name not in found:
            found[name] = i
    return found


def _letters_to_index(text: str) -> int:
    n = 0
    for ch in text.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def load_mapping(path: Path) -> dict:
    """Read and check a mapping file: {"columns": {field: letter | number | heading}, …}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(
            _("The mapping file {name} cannot be read: {error}").format(
                name=Path(path).name, error=exc
            )
        ) from None
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise ValidationError(
            _('The mapping file {name} needs a "columns" object naming a column for each field.')
            .format(name=Path(path).name)
        )  # fmt: skip
    unknown = sorted(set(columns) - set(FIELDS))
    missing = [f for f in REQUIRED if f not in columns]
    if unknown or missing:
        raise ValidationError(
            _("The mapping file {name} is wrong: unknown fields {unknown}; missing fields {missing}. "
              "Fields: {fields}.").format(
                name=Path(path).name, unknown=", ".join(unknown) or "-",
                missing=", ".join(missing) or "-", fields=", ".join(FIELDS),
            )
        )  # fmt: skip
    for key in ("header_row", "first_row"):
        if key in data and (not isinstance(data[key], int) or data[key] < 1):
            raise ValidationError(
                _('"{key}" in the mapping file must be a row number (1 or more).').format(key=key)
            )
    return data


def _resolve_mapping(mapping: dict, rows: list[tuple[int, list[Any]]]) -> tuple[dict, int]:
    """Field → column index, and the line of the heading row (0 when there is none)."""
    specs = mapping["columns"]
    by_heading = {f: s for f, s in specs.items() if isinstance(s, str) and not _LETTERS.match(s)}
    header_line = mapping.get("header_row", 0)
    headings: dict[str, int] = {}
    if by_heading:
        wanted = {heading_key(s) for s in by_heading.values()}
        for line, cells in rows[:HEADER_SCAN_ROWS]:
            keys = [heading_key(c) for c in cells]
            if (header_line and line == header_line) or (not header_line and wanted <= set(keys)):
                headings = {k: i for i, k in reversed(list(enumerate(keys))) if k}
                header_line = line
                break
    out = {}
    for name, spec in specs.items():
        if isinstance(spec, int) and not isinstance(spec, bool) and spec >= 1:
            out[name] = spec - 1
        elif isinstance(spec, str) and _LETTERS.match(spec):
            out[name] = _letters_to_index(spec)
        elif isinstance(spec, str) and heading_key(spec) in headings:
            out[name] = headings[heading_key(spec)]
        else:
            raise ValidationError(
                _('The mapping names the column "{spec}" for {field}, but the file has no such '
                  "column.").format(spec=spec, field=name)
            )  # fmt: skip
    return out, header_line


# What openpyxl raises on a damaged or foreign file: a broken zip or deflate stream,
# malformed XML (ParseError is a SyntaxError), missing or odd parts and values.
_BROKEN_XLSX = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, SyntaxError, KeyError, IndexError,
    ValueError, TypeError, AttributeError,
)  # fmt: skip


def _xlsx_sheets(path: Path, sheet: str | None) -> Iterator[tuple[str, list[tuple[int, list]]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    broken = (InvalidFileException, *_BROKEN_XLSX)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except broken:
        raise ValidationError(
            _("{name} is not an Excel workbook (.xlsx) that can be read.").format(name=path.name)
        ) from None
    try:
        names = wb.sheetnames if sheet is None else [sheet]
        for name in names:
            if name not in wb.sheetnames:
                raise ValidationError(
                    _('The workbook has no sheet named "{sheet}".').format(sheet=name)
                )
            ws = wb[name]
            try:  # a read-only workbook unpacks and parses each sheet only now
                rows = [
                    (i, list(r))
                    for i, r in enumerate(ws.iter_rows(values_only=True), start=ws.min_row or 1)
                ]
            except broken:
                raise ValidationError(
                    _('The sheet "{sheet}" of {name} is damaged and cannot be read.').format(
                        sheet=name, name=path.name
                    )
                ) from None
            yield name, rows
    finally:
        wb.close()


def _csv_rows(path: Path) -> list[tuple[int, list]]:
    raw = path.read_bytes()
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise ValidationError(
            _('{name} is not UTF-8 text. Save it from Excel as "CSV UTF-8" and try again.').format(
                name=path.name
            )
        ) from None
    if "\x00" in text:
        raise ValidationError(_("{name} is not a text table.").format(name=path.name))
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows, line = [], 1
    for record in reader:
        rows.append((line, record))
        line = reader.line_num + 1
    return rows


def read_book(path: Path, mapping: dict | None = None) -> list[BookRow]:
    """The data rows of the book at ``path`` (XLSX or CSV), each with its line number.

    Without a mapping, the heading row is found among the first rows by its
    form 07 headings (compared without diacritics or case). Empty rows and
    the "(1) (2) (3) …" column-number row under the headings are left out.
    Raises ValidationError when the file cannot be read as a table.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(path, (mapping or {}).get("sheet"))
    elif suffix in (".csv", ".txt", ".tsv"):
        sheets = iter([(path.name, _csv_rows(path))])
    else:
        raise ValidationError(
            _("{name}: only .xlsx and .csv files can be imported (save an .xls file as .xlsx).")
            .format(name=path.name)
        )  # fmt: skip
    for _sheet, rows in sheets:
        if mapping is not None:
            columns, header_line = _resolve_mapping(mapping, rows)
            first = mapping.get("first_row", header_line + 1)
            return _data_rows(rows, columns, first)
        for line, cells in rows[:HEADER_SCAN_ROWS]:
            columns = match_header(cells)
            if all(f in columns for f in REQUIRED):
                return _data_rows(rows, columns, line + 1)
    raise ValidationError(
        _("No heading row of a tracking book was found in {name}: it needs at least the columns "
          '"Mã hồ sơ", "Tên cá nhân, tổ chức" and "Nhận hồ sơ" (or give a mapping file).')
        .format(name=path.name)
    )  # fmt: skip


_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


def _data_rows(rows: list[tuple[int, list]], columns: dict[str, int], first: int) -> list[BookRow]:
    out = []
    for line, cells in rows:
        if line < first:
            continue
        values = {}
        for name, i in columns.items():
            v = cells[i] if i < len(cells) else None
            if isinstance(v, str):
                v = v.strip()
            values[name] = None if v == "" else v
        filled = [v for k, v in values.items() if v is not None and k != "serial"]
        if not filled:
            continue
        if all(isinstance(v, (int, float, str)) and _COLUMN_NUMBER.match(str(v)) for v in filled):
            continue  # the "(1) (2) (3) …" row
        out.append(BookRow(line, values))
    return out
