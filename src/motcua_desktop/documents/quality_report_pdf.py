"""The quality report of a period (``motcua report --kind quality``) as a PDF, A4 landscape:
the state of the system, the year's objectives, the checklists run and the register.

``report`` is read by its attributes (``services.quality_report.QualityReport``).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from motcua_desktop.documents.formatting import markup
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.quality_common import (
    KIND_TEXT,
    QUALITY_VERSIONS,
    VERDICT_TEXT,
    day,
    ruled_table,
)
from motcua_desktop.documents.quality_register import register_table
from motcua_desktop.documents.report_common import (
    period_text,
    range_text,
    report_signatures,
    report_top,
    require_unit,
    table_styles,
)
from motcua_desktop.documents.report_objectives import objectives_table
from motcua_desktop.documents.styles import styles_for

TITLE = "BÁO CÁO TÌNH HÌNH ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG THEO TCVN ISO 9001:2015"
RUN_HEADINGS = ("TT", "Nội dung", "Hình thức", "Ngày", "Tình trạng",
                VERDICT_TEXT["conforming"], "KPH nhẹ", "KPH nặng", VERDICT_TEXT["na"])  # fmt: skip
RUN_WIDTHS_MM = (10, 92, 36, 22, 26, 19, 19, 19, 19)  # 262 mm


def status_lines(status, st: dict) -> list[Paragraph]:
    if status.declared:
        declared = (f"Đã công bố hệ thống phù hợp TCVN ISO 9001 theo Quyết định số "
                    f"<b>{markup(status.decision_number)}</b> ngày {day(status.declared_on)}")  # fmt: skip
        if status.declared_scope:
            declared += f"; phạm vi: {markup(status.declared_scope)}"
    else:
        declared = "<b>Chưa công bố</b> hệ thống quản lý chất lượng phù hợp TCVN ISO 9001"
    audit = status.last_internal_audit
    inspection = status.last_self_inspection
    lines = [
        f"1. {declared}.",
        "2. Đánh giá nội bộ gần nhất: " + (f"ngày {day(audit.run_on)}" if audit else "chưa thực hiện") + ".",
        "3. Tự kiểm tra hằng năm gần nhất: "
        + (f"ngày {day(inspection.run_on)}" if inspection else "chưa thực hiện") + ".",
        "4. Họp xem xét của lãnh đạo gần nhất: "
        + (f"ngày {day(status.last_management_review)}" if status.last_management_review
           else "chưa thực hiện") + ".",
        f"5. Hành động khắc phục chưa kết thúc: <b>{status.open_actions}</b>, trong đó quá hạn: "
        f"<b>{status.overdue_actions}</b>; chậm báo cáo theo thời hạn hai tháng: {status.report_overdue}.",
        f"6. Tài liệu đang được kiểm soát: {status.controlled_documents}.",
    ]  # fmt: skip
    return [Paragraph(line, st["cell"]) for line in lines]


def runs_table(runs, styles):
    st = table_styles(styles, 10)
    rows: list[list] = [[Paragraph(h, st["head"]) for h in RUN_HEADINGS]]
    for n, r in enumerate(runs, start=1):
        status = "Đã ký duyệt" if r.status == "closed" else "Đang thực hiện"
        if r.revision > 1:
            status += f" (lần {r.revision})"
        rows.append([str(n), Paragraph(markup(r.title), st["cell"]),
                     Paragraph(KIND_TEXT.get(r.kind, r.kind), st["cell"]), day(r.run_on),
                     Paragraph(status, st["cell"]),
                     *(str(r.counts.get(k, 0)) for k in ("conforming", "minor", "major", "na"))])  # fmt: skip
    extra: list[tuple] = [
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (5, 1), (-1, -1), "RIGHT"),
    ]
    if not runs:
        rows.append([Paragraph("Không có cuộc kiểm tra, đánh giá nào trong kỳ.", st["note"])]
                    + [""] * 8)  # fmt: skip
        extra.append(("SPAN", (0, 1), (-1, 1)))
    return ruled_table(rows, RUN_WIDTHS_MM, extra=extra)


def quality_story(report, styles) -> list[Flowable]:
    st = table_styles(styles, 11)
    heading = st["bold"]
    story: list[Flowable] = [
        report_top(report.header, styles),
        Paragraph(TITLE, styles.title),
        Paragraph(
            markup(f"{period_text(report.period)} ({range_text(report.period).lower()})"),
            styles.subtitle,
        ),  # fmt: skip
        Spacer(1, styles.pt(3 * mm)),
        Paragraph("I. TÌNH TRẠNG HỆ THỐNG", heading),
        *status_lines(report.status, st),
        Spacer(1, styles.pt(3 * mm)),
        Paragraph("II. MỤC TIÊU CHẤT LƯỢNG", heading),
        Spacer(1, styles.pt(1.5 * mm)),
    ]
    if report.objectives is not None:
        story.append(objectives_table(report.objectives, styles))
    story += [
        Spacer(1, styles.pt(3 * mm)),
        Paragraph("III. KẾT QUẢ KIỂM TRA, ĐÁNH GIÁ TRONG KỲ", heading),
        Spacer(1, styles.pt(1.5 * mm)),
        runs_table(report.runs, styles),
        Spacer(1, styles.pt(3 * mm)),
        Paragraph("IV. SỰ KHÔNG PHÙ HỢP VÀ HÀNH ĐỘNG KHẮC PHỤC", heading),
        Spacer(1, styles.pt(1.5 * mm)),
        register_table(report.register, report.as_of, styles),
        report_signatures(report.header, styles),
    ]
    return story


def build_quality_pdf(report) -> bytes:
    """The period's quality report as PDF bytes (A4 landscape)."""
    require_unit(report.header)
    styles = styles_for("A4L")
    return build_pdf(
        quality_story(report, styles),
        "A4L",
        template_version=QUALITY_VERSIONS["quality"],
        title=f"{TITLE} - {period_text(report.period)}",
        author=report.header.reporting_unit,
    )
