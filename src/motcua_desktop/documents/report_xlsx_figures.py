"""The figures report and the quality objectives as Excel workbooks (openpyxl)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from motcua_desktop.documents.report_common import require_unit
from motcua_desktop.documents.report_figures import (
    CHANNELS,
    GROUP_HEADINGS,
)
from motcua_desktop.documents.report_figures import TITLE as FIGURES_TITLE
from motcua_desktop.documents.report_objectives import HEADINGS as OBJECTIVE_HEADINGS
from motcua_desktop.documents.report_objectives import (
    STATUS_TEXT,
    is_percent,
    measure_name,
    target_text,
)
from motcua_desktop.documents.report_objectives import TITLE as OBJECTIVES_TITLE
from motcua_desktop.documents.report_xlsx_common import (
    CENTER,
    DAYS_FORMAT,
    INT_FORMAT,
    RATE_FORMAT,
    grid_row,
    head_row,
    page_setup,
    period_line,
    sheet_header,
    signature_rows,
    title_rows,
    to_bytes,
    widths,
)
from motcua_desktop.domain.report_models import FiguresReport, GroupFigures, ObjectivesReport

GROUP_COLS = len(GROUP_HEADINGS)


def _summary(ws: Worksheet, report: FiguresReport) -> None:
    c = report.counts
    row = sheet_header(ws, report.header, 4, 2)
    row = title_rows(ws, row, 4, FIGURES_TITLE, period_line(report.period))
    head_row(ws, row, ["TT", "Chỉ tiêu", "Số liệu", "Ghi chú"])
    first = row + 1
    items: list[tuple] = [
        ("Tổng số hồ sơ nhận giải quyết", c.received, INT_FORMAT),
        ("Từ kỳ trước chuyển sang", c.carried_over, INT_FORMAT),
    ]
    items += [
        (name, report.by_channel.get(int(ch), 0), INT_FORMAT) for ch, name in CHANNELS.items()
    ]
    items += [
        ("Số hồ sơ đã giải quyết", c.resolved, INT_FORMAT),
        ("Trước hạn", c.early, INT_FORMAT),
        ("Đúng hạn", c.on_time, INT_FORMAT),
        ("Quá hạn", c.late, INT_FORMAT),
        ("Số hồ sơ đang giải quyết", c.pending, INT_FORMAT),
        ("Trong đó quá hạn", c.pending_overdue, INT_FORMAT),
    ]
    refs = {label: f"C{first + k}" for k, (label, _v, _f) in enumerate(items)}
    items += [
        (
            "Tỷ lệ giải quyết đúng hạn (kể cả trước hạn)",
            "=IF({r}=0,100,ROUND(({e}+{o})/{r}*100,2))".format(
                r=refs["Số hồ sơ đã giải quyết"], e=refs["Trước hạn"], o=refs["Đúng hạn"]
            ),
            RATE_FORMAT,
            "[(8) + (9)] / (7) × 100%",
        ),
        ("Trả kết quả qua dịch vụ bưu chính công ích", report.returned_by_post, INT_FORMAT),
        ("Trả kết quả tại Bộ phận Một cửa", report.returned_at_desk, INT_FORMAT),
        ("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", report.supplement_requests, INT_FORMAT),
        ("Phiếu xin lỗi và hẹn lại ngày trả kết quả", report.apologies, INT_FORMAT),
        ("Phiếu từ chối tiếp nhận, giải quyết hồ sơ", report.refusals, INT_FORMAT),
        ("Thời gian giải quyết bình quân (ngày làm việc)", report.avg_working_days, DAYS_FORMAT),
        ("Số hồ sơ tính thời gian bình quân", report.timed, INT_FORMAT),
    ]
    for k, (label, value, fmt, *note) in enumerate(items):
        values = [k + 1, label, value, note[0] if note else ""]
        grid_row(ws, first + k, values, formats=[None, None, fmt], aligns=[CENTER])
    last = signature_rows(ws, first + len(items) + 2, report.header, 4, 2)
    widths(ws, [6, 52, 16, 30])
    ws.freeze_panes = f"A{first}"
    page_setup(ws, 4, last, title_rows=f"{row}:{row}", landscape=False)


def _groups(ws: Worksheet, report: FiguresReport, groups: list[GroupFigures], name: str) -> None:
    row = title_rows(ws, 1, GROUP_COLS + 1, FIGURES_TITLE, period_line(report.period))
    head_row(ws, row, [*GROUP_HEADINGS[:1], "Mã", name, *GROUP_HEADINGS[2:]], height=48)
    for k, g in enumerate(groups, start=1):
        r = row + k
        values = [
            k, g.key, g.label, g.received, g.resolved, g.on_time, g.late,
            f'=IF(E{r}=0,"",ROUND(F{r}/E{r}*100,2))',
            g.returned_by_post, g.supplement_requests, g.apologies, g.avg_working_days,
        ]  # fmt: skip
        formats = [None, None, None] + [INT_FORMAT] * 4 + [RATE_FORMAT] + [INT_FORMAT] * 3
        grid_row(ws, r, values, formats=[*formats, DAYS_FORMAT], aligns=[CENTER])
    widths(ws, [6, 12, 50, 11, 11, 12, 10, 11, 12, 12, 10, 14])
    ws.freeze_panes = f"D{row + 1}"
    page_setup(ws, GROUP_COLS + 1, row + max(len(groups), 1), title_rows=f"{row}:{row}")


def figures_xlsx(report: FiguresReport) -> bytes:
    """The figures report as .xlsx bytes: a summary sheet, then one per procedure and official."""
    require_unit(report.header)
    wb = Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    _summary(summary, report)
    _groups(wb.create_sheet("Theo thủ tục"), report, report.by_procedure, "Thủ tục hành chính")
    _groups(wb.create_sheet("Theo công chức"), report, report.by_official, "Công chức xử lý")
    return to_bytes(wb)


def objectives_xlsx(report: ObjectivesReport) -> bytes:
    """The quality objectives as .xlsx bytes: target and actual as numbers in their unit."""
    require_unit(report.header)
    wb = Workbook()
    ws = wb.active
    ws.title = f"Mục tiêu {report.year}"
    cols = len(OBJECTIVE_HEADINGS) + 1
    row = sheet_header(ws, report.header, cols, 3)
    row = title_rows(
        ws, row, cols, f"{OBJECTIVES_TITLE} NĂM {report.year}", period_line(report.period)
    )
    head_row(ws, row, [*OBJECTIVE_HEADINGS[:3], "So sánh", *OBJECTIVE_HEADINGS[3:]])
    ordered = sorted(report.results, key=lambda r: r.position)
    for k, r in enumerate(ordered, start=1):
        fmt = RATE_FORMAT if is_percent(r.measure) else INT_FORMAT
        values = [
            k, r.title, measure_name(r.measure), target_text(r).split(" ")[0], r.target, r.actual,
            STATUS_TEXT[r.status], r.basis,
        ]  # fmt: skip
        grid_row(ws, row + k, values, formats=[None, None, None, None, fmt, fmt], aligns=[CENTER])
        ws.cell(row=row + k, column=4).alignment = CENTER
        ws.cell(row=row + k, column=7).alignment = CENTER
    last = signature_rows(ws, row + len(ordered) + 2, report.header, cols, 3)
    widths(ws, [6, 36, 34, 9, 12, 12, 16, 44])
    ws.freeze_panes = f"A{row + 1}"
    page_setup(ws, cols, last, title_rows=f"{row}:{row}")
    return to_bytes(wb)
