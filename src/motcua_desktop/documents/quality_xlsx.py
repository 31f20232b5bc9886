"""The quality report as a workbook: the year's objectives, the checklists of the period and
the register, one sheet each, in the report kit's Decree 30 layout."""

from __future__ import annotations

from openpyxl import Workbook

from motcua_desktop.documents.quality_common import (
    KIND_TEXT,
    SEVERITY_TEXT,
    SOURCE_TEXT,
    STATUS_TEXT,
    VERDICT_TEXT,
    day,
)
from motcua_desktop.documents.quality_report_pdf import TITLE
from motcua_desktop.documents.report_common import require_unit
from motcua_desktop.documents.report_xlsx_common import (
    RATE_FORMAT,
    grid_row,
    head_row,
    page_setup,
    period_line,
    sheet_header,
    title_rows,
    to_bytes,
    widths,
)
from motcua_desktop.domain.nonconformity import is_overdue, is_report_overdue

OBJECTIVE_HEADS = (
    "TT",
    "Mục tiêu chất lượng",
    "So sánh",
    "Chỉ tiêu",
    "Kết quả",
    "Đánh giá",
    "Căn cứ",
)
OBJECTIVE_STATUS = {"met": "Đạt", "not_met": "Không đạt", "no_data": "Chưa có số liệu"}
RUN_HEADS = ("TT", "Nội dung", "Hình thức", "Ngày", "Tình trạng", "Lần",
             *(VERDICT_TEXT[k] for k in ("conforming", "minor", "major", "na")))  # fmt: skip
REGISTER_HEADS = ("TT", "Số", "Ngày phát hiện", "Nguồn", "Mức độ", "Mô tả", "Nguyên nhân",
                  "Khắc phục", "Hành động khắc phục", "Người thực hiện", "Thời hạn", "Tình trạng",
                  "Quá hạn", "Hạn báo cáo", "Ngày báo cáo", "Ngày kiểm tra", "Người kiểm tra",
                  "Hiệu lực")  # fmt: skip


def _sheet(wb: Workbook, name: str, report, heads, split: int, sizes, first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = name
    row = sheet_header(ws, report.header, len(heads), split)
    row = title_rows(ws, row, len(heads), TITLE, period_line(report.period)) + 1
    head_row(ws, row, heads)
    widths(ws, sizes)
    return ws, row


def quality_xlsx(report) -> bytes:
    """Three sheets: Mục tiêu, Kiểm tra, Sổ theo dõi; the rows hold plain values and numbers."""
    require_unit(report.header)
    wb = Workbook()
    ws, row = _sheet(wb, "Mục tiêu", report, OBJECTIVE_HEADS, 3, (6, 50, 9, 11, 11, 16, 45), True)
    results = (
        sorted(report.objectives.results, key=lambda r: r.position) if report.objectives else []
    )
    for n, r in enumerate(results, start=1):
        fmt = RATE_FORMAT if r.measure != "overdue_pending" else "0"
        grid_row(ws, row + n, [n, r.title, r.comparator, r.target, r.actual,
                               OBJECTIVE_STATUS[r.status.value], r.basis],
                 formats=[None, None, None, fmt, fmt])  # fmt: skip
    page_setup(ws, len(OBJECTIVE_HEADS), row + len(results), title_rows=f"{row}:{row}")

    ws, row = _sheet(wb, "Kiểm tra", report, RUN_HEADS, 3, (6, 55, 22, 12, 16, 6, 11, 11, 11, 11))
    for n, r in enumerate(report.runs, start=1):
        status = "Đã ký duyệt" if r.status == "closed" else "Đang thực hiện"
        grid_row(ws, row + n, [n, r.title, KIND_TEXT.get(r.kind, r.kind), day(r.run_on), status,
                               r.revision, *(r.counts.get(k, 0) for k in
                                             ("conforming", "minor", "major", "na"))])  # fmt: skip
    page_setup(ws, len(RUN_HEADS), row + len(report.runs), title_rows=f"{row}:{row}")

    ws, row = _sheet(wb, "Sổ theo dõi", report, REGISTER_HEADS, 6,
                     (6, 14, 12, 16, 8, 40, 28, 28, 32, 18, 12, 20, 9, 12, 12, 12, 18, 9))  # fmt: skip
    today = report.as_of
    for n, f in enumerate(report.register, start=1):
        effective = "" if f.effective is None else ("Có" if f.effective else "Không")
        grid_row(ws, row + n, [
            n, f.number, day(f.found_on), SOURCE_TEXT.get(f.source, f.source),
            SEVERITY_TEXT.get(f.severity, f.severity), f.description, f.cause, f.correction,
            f.corrective_action, f.owner_name, day(f.due_on), STATUS_TEXT.get(f.status, f.status),
            "Có" if is_overdue(f, today) or is_report_overdue(f, today) else "",
            day(f.report_due_on), day(f.reported_on), day(f.verified_on), f.verified_by_name,
            effective,
        ])  # fmt: skip
    page_setup(ws, len(REGISTER_HEADS), row + len(report.register), title_rows=f"{row}:{row}")
    return to_bytes(wb)
