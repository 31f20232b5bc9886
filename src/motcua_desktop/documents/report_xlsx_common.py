"""The workbook kit shared by the report spreadsheets: Times New Roman styles, the Decree 30
header in merged cells, ruled tables, landscape A4 page setup and the signature rows."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from motcua_desktop.documents.formatting import nfc, place_date
from motcua_desktop.documents.header import MOTTO, NATIONAL_TITLE
from motcua_desktop.documents.report_common import (
    HEAD_NOTE,
    PREPARER_HEADING,
    PREPARER_NOTE,
    period_text,
    range_text,
)
from motcua_desktop.domain.periods import Period
from motcua_desktop.domain.report_models import ReportHeader

FONT = "Times New Roman"  # LibreOffice shows it as Liberation Serif, its metric twin
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
INT_FORMAT = "#,##0"
RATE_FORMAT = '0.00"%"'
DAYS_FORMAT = "0.0"


def font(size: float = 12, *, bold: bool = False, italic: bool = False, color: str = "000000"):
    return Font(name=FONT, size=size, bold=bold, italic=italic, color=color)


def put(ws: Worksheet, ref: str, value, *, merge_to: str = "", **style) -> None:
    """Write ``value`` (NFC text or a number) at ``ref``, merging to ``merge_to`` if given."""
    cell = ws[ref]
    cell.value = nfc(value) if isinstance(value, str) else value
    cell.font = style.get("font", font())
    cell.alignment = style.get("alignment", CENTER)
    if "number_format" in style:
        cell.number_format = style["number_format"]
    if merge_to and merge_to != ref:
        ws.merge_cells(f"{ref}:{merge_to}")


def sheet_header(ws: Worksheet, header: ReportHeader, last_col: int, split: int) -> int:
    """Rows 1–3: the units on the left (columns 1..split), the national title on the right;
    returns the next free row."""
    last = get_column_letter(last_col)
    left = get_column_letter(split)
    right = get_column_letter(split + 1)
    put(ws, "A1", nfc(header.parent_unit).upper(), merge_to=f"{left}1")
    put(ws, "A2", nfc(header.reporting_unit).upper(), merge_to=f"{left}2", font=font(bold=True))
    put(ws, f"{right}1", NATIONAL_TITLE, merge_to=f"{last}1", font=font(bold=True))
    put(ws, f"{right}2", MOTTO, merge_to=f"{last}2", font=font(13, bold=True))
    if header.made_on is not None:
        dated = place_date(header.place, header.made_on)
        put(ws, f"{right}3", dated, merge_to=f"{last}3", font=font(italic=True))
    return 5


def title_rows(ws: Worksheet, row: int, last_col: int, title: str, *lines: str) -> int:
    """The title in bold capitals and the lines under it, each across the sheet."""
    last = get_column_letter(last_col)
    put(ws, f"A{row}", title, merge_to=f"{last}{row}", font=font(14, bold=True))
    ws.row_dimensions[row].height = 22
    for line in lines:
        row += 1
        put(ws, f"A{row}", line, merge_to=f"{last}{row}", font=font(italic=True))
    return row + 1


def period_line(period: Period) -> str:
    return f"Kỳ báo cáo: {period_text(period)} ({range_text(period).lower()})"


def grid_row(
    ws: Worksheet,
    row: int,
    values: Sequence,
    *,
    bold: bool = False,
    formats: Sequence[str | None] = (),
    aligns: Sequence[Alignment | None] = (),
) -> None:
    """One ruled table row from column A; numbers right-aligned with their format."""
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=nfc(value) if isinstance(value, str) else value)
        cell.border = GRID
        cell.font = font(11, bold=bold)
        fmt = formats[col - 1] if col - 1 < len(formats) else None
        align = aligns[col - 1] if col - 1 < len(aligns) else None
        is_number = isinstance(value, int | float) or (
            isinstance(value, str) and value.startswith("=")
        )
        if fmt:
            cell.number_format = fmt
        cell.alignment = align or (RIGHT if is_number else LEFT)


def head_row(ws: Worksheet, row: int, texts: Sequence[str], height: float = 32) -> None:
    for col, text in enumerate(texts, start=1):
        cell = ws.cell(row=row, column=col, value=nfc(text))
        cell.font = font(11, bold=True)
        cell.alignment = CENTER
        cell.border = GRID
        cell.fill = HEAD_FILL
    ws.row_dimensions[row].height = height


def signature_rows(ws: Worksheet, row: int, header: ReportHeader, last_col: int, split: int) -> int:
    """ "Người lập biểu" under the left half, the head under the right; returns the last row."""
    left = get_column_letter(split)
    right = get_column_letter(split + 1)
    last = get_column_letter(last_col)
    title = nfc(header.signer_title).strip().upper() or "THỦ TRƯỞNG ĐƠN VỊ"
    put(ws, f"A{row}", PREPARER_HEADING.upper(), merge_to=f"{left}{row}", font=font(bold=True))
    put(ws, f"{right}{row}", title, merge_to=f"{last}{row}", font=font(bold=True))
    ws.row_dimensions[row].height = 16 * (title.count("\n") + 1)
    put(ws, f"A{row + 1}", PREPARER_NOTE, merge_to=f"{left}{row + 1}", font=font(italic=True))
    put(ws, f"{right}{row + 1}", HEAD_NOTE, merge_to=f"{last}{row + 1}", font=font(italic=True))
    name_row = row + 5
    put(ws, f"A{name_row}", header.preparer, merge_to=f"{left}{name_row}", font=font(bold=True))
    put(ws, f"{right}{name_row}", header.signer_name, merge_to=f"{last}{name_row}", font=font(bold=True))  # fmt: skip
    return name_row


def page_setup(
    ws: Worksheet, last_col: int, last_row: int, *, title_rows: str = "", landscape: bool = True
) -> None:
    """A4, fitted to one page wide, the heading rows repeated, the print area set."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = 0.79  # 20 mm
    ws.page_margins.right = 0.59  # 15 mm
    ws.page_margins.top = 0.79
    ws.page_margins.bottom = 0.59
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT


def widths(ws: Worksheet, values: Sequence[float]) -> None:
    for col, width in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def to_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes; formulas are recalculated when it is opened."""
    wb.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
