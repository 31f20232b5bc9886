"""The reports as Excel workbooks (openpyxl): report II.06a with the PDF's layout, numbers as
numbers, the total and the rates as formulas; the figures and the quality objectives."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from motcua_desktop.documents.formatting import nfc
from motcua_desktop.documents.report_common import RATES, require_unit
from motcua_desktop.documents.report_ii06a import (
    EMPTY_TEXT,
    FORM_BASIS,
    FORM_CODE,
    LABEL_HEADINGS,
    STALE_NOTE,
    SUBTITLE,
    TITLE,
    TOTAL_LABEL,
    UNIT_OF_COUNT,
    check_balanced,
    heading_rows,
)
from motcua_desktop.documents.report_xlsx_common import (
    CENTER,
    GRID,
    HEAD_FILL,
    INT_FORMAT,
    LEFT,
    RATE_FORMAT,
    font,
    grid_row,
    page_setup,
    period_line,
    put,
    sheet_header,
    signature_rows,
    title_rows,
    to_bytes,
    widths,
)
from motcua_desktop.documents.report_xlsx_figures import figures_xlsx, objectives_xlsx
from motcua_desktop.domain.report_models import GroupBy, II06aLine, II06aReport

__all__ = ["figures_xlsx", "ii06a_xlsx", "objectives_xlsx"]

COLS = 13
SPLIT = 5  # columns A–E carry the units, F–M the national title
# Formulas of the four rates over the total row, in the order of ``RATES``.
RATE_FORMULAS = (
    "=IF({G}=0,100,ROUND(({H}+{I})/{G}*100,2))",
    "=IF({G}=0,0,ROUND({J}/{G}*100,2))",
    "=IF({C}=0,0,ROUND({G}/{C}*100,2))",
    "=IF(({D}+{E})=0,0,ROUND({D}/({D}+{E})*100,2))",
)


def _info(ws: Worksheet, row: int, report: II06aReport) -> int:
    h = report.header
    receiving = nfc(h.receiving_unit).strip() or "…………………"
    band = (
        (FORM_CODE, period_line(report.period), f"Đơn vị báo cáo: {h.reporting_unit}"),
        (FORM_BASIS, "", f"Đơn vị nhận báo cáo: {receiving}"),
        ("", "", UNIT_OF_COUNT),
    )
    for k, (left, middle, right) in enumerate(band):
        r = row + k
        put(ws, f"A{r}", left, merge_to=f"C{r}", font=font(11, bold=k == 0), alignment=LEFT)
        put(ws, f"D{r}", middle, merge_to=f"H{r}", font=font(11), alignment=LEFT)
        put(ws, f"I{r}", right, merge_to=f"M{r}", font=font(11), alignment=LEFT)
    return row + len(band) + 1


def _heading(ws: Worksheet, row: int, report: II06aReport) -> int:
    label = LABEL_HEADINGS.get(report.group_by, LABEL_HEADINGS[GroupBy.FIELD])
    texts, spans = heading_rows(label)
    for r, line in enumerate(texts):
        for c, text in enumerate(line):
            cell = ws.cell(row=row + r, column=c + 1, value=text or None)
            cell.font = font(11 if r < 3 else 10, bold=True)
            cell.alignment = CENTER
            cell.border = GRID
            cell.fill = HEAD_FILL
    for _cmd, (c0, r0), (c1, r1) in spans:
        ws.merge_cells(start_row=row + r0, start_column=c0 + 1, end_row=row + r1, end_column=c1 + 1)
    ws.row_dimensions[row + 2].height = 45
    return row + len(texts)


def _label(line: II06aLine) -> str:
    text = nfc(line.row.label)
    if line.level:
        text = f"   - {text}"
    if line.freshness is not None:
        mark = " (*)" if line.freshness.stale else ""
        text = f"{text}{mark}\n({nfc(line.freshness.text)})"
    return text


def _lines(ws: Worksheet, row: int, report: II06aReport) -> tuple[int, list[int], bool]:
    """The report's lines from ``row``; returns the next row, the top lines' rows, stale."""
    tops: list[int] = []
    stale = False
    formats = [None, None] + [INT_FORMAT] * 11
    aligns = [CENTER, LEFT]
    for index, line in enumerate(report.lines, start=1):
        number = line.row.number if line.row.number is not None else index
        tops.append(row)
        for k, item in enumerate([line, *line.children]):
            tt = number if k == 0 else f"{number}.{k}"
            values = [tt, _label(item), *item.row.counts.columns()]
            grid_row(ws, row, values, bold=k == 0 and bool(line.children), formats=formats, aligns=aligns)  # fmt: skip
            if item.freshness is not None:
                stale = stale or item.freshness.stale
                ws.row_dimensions[row].height = 30
                if item.freshness.stale:
                    ws.cell(row=row, column=2).font = font(11, color="C00000")
            row += 1
    if not report.lines:
        put(ws, f"A{row}", EMPTY_TEXT, merge_to=f"M{row}", font=font(11, italic=True))
        for col in range(1, COLS + 1):
            ws.cell(row=row, column=col).border = GRID
        row += 1
    return row, tops, stale


def _total(ws: Worksheet, row: int, tops: list[int], report: II06aReport) -> None:
    """The total row: SUM formulas over the top lines (sub-lines are already in them)."""
    values: list = ["", TOTAL_LABEL.upper()]
    for col, value in enumerate(report.total.counts.columns(), start=3):
        letter = get_column_letter(col)
        if not tops:
            values.append(value)
        elif tops == list(range(tops[0], tops[0] + len(tops))):
            values.append(f"=SUM({letter}{tops[0]}:{letter}{tops[-1]})")
        elif len(tops) <= 250:  # a function takes at most 255 arguments
            values.append("=SUM(" + ",".join(f"{letter}{r}" for r in tops) + ")")
        else:
            values.append(value)
    grid_row(ws, row, values, bold=True, formats=[None, None] + [INT_FORMAT] * 11)
    ws.merge_cells(f"A{row}:B{row}")
    ws.cell(row=row, column=1).value = TOTAL_LABEL.upper()
    ws.cell(row=row, column=1).alignment = CENTER


def _rates(ws: Worksheet, row: int, total_row: int) -> int:
    put(ws, f"A{row}", "Các tỷ lệ (tính trên dòng Tổng cộng):", merge_to=f"H{row}",
        font=font(11, bold=True), alignment=LEFT)  # fmt: skip
    refs = {letter: f"{letter}{total_row}" for letter in "CDEGHIJ"}
    for k, (rate, formula) in enumerate(zip(RATES, RATE_FORMULAS, strict=True), start=1):
        r = row + k
        text = f"{k}. {rate.name}: {rate.formula}"
        put(ws, f"A{r}", text, merge_to=f"H{r}", font=font(11), alignment=LEFT)
        put(ws, f"I{r}", formula.format(**refs), font=font(11, bold=True), number_format=RATE_FORMAT,
            alignment=Alignment(horizontal="right"))  # fmt: skip
    return row + len(RATES) + 1


def ii06a_xlsx(report: II06aReport) -> bytes:
    """Report II.06a as .xlsx bytes: one sheet laid out like the PDF, ready to print.

    Raises ``ValidationError`` (nothing written) like ``build_ii06a_pdf``.
    """
    require_unit(report.header)
    check_balanced(report)
    wb = Workbook()
    ws = wb.active
    ws.title = "II.06a"
    row = sheet_header(ws, report.header, COLS, SPLIT)
    row = title_rows(ws, row, COLS, TITLE, SUBTITLE)
    row = _info(ws, row, report)
    head_top = row
    row = _heading(ws, row, report)
    ws.freeze_panes = f"C{row}"
    row, tops, stale = _lines(ws, row, report)
    total_row = row
    _total(ws, total_row, tops, report)
    row += 1
    if stale:
        put(ws, f"A{row}", STALE_NOTE, merge_to=f"M{row}", font=font(10, italic=True), alignment=LEFT)  # fmt: skip
        row += 1
    row = _rates(ws, row + 1, total_row)
    last = signature_rows(ws, row + 1, report.header, COLS, SPLIT)
    widths(ws, [6, 38] + [11] * 11)
    page_setup(ws, COLS, last, title_rows=f"{head_top}:{head_top + 3}")
    return to_bytes(wb)
