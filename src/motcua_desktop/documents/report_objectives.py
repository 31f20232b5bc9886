"""The quality objectives (mục tiêu chất lượng, ISO 9001 clause 6.2) as a PDF: each objective
with its measure, target, actual, status and what the actual rests on."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from motcua_desktop.documents.fonts import REGULAR
from motcua_desktop.documents.formatting import markup
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.report_common import (
    REPORT_VERSIONS,
    range_text,
    report_signatures,
    report_top,
    require_unit,
    table_styles,
    vn_decimal,
    vn_int,
)
from motcua_desktop.documents.styles import styles_for
from motcua_desktop.domain.quality_objectives import MEASURES, PERCENT
from motcua_desktop.domain.report_models import ObjectiveResult, ObjectivesReport, ObjectiveStatus

TITLE = "BÁO CÁO KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG"
HEADINGS = ("TT", "Mục tiêu chất lượng", "Chỉ số đo", "Chỉ tiêu", "Kết quả", "Đánh giá", "Căn cứ")
WIDTHS_MM = (10, 58, 44, 22, 22, 22, 82)  # 260 mm
# The measures in the words of the form; a measure added later falls back to its UI label.
MEASURE_NAMES = {
    "on_time_rate": "Tỷ lệ hồ sơ giải quyết đúng hạn (kể cả trước hạn)",
    "late_rate": "Tỷ lệ hồ sơ giải quyết quá hạn",
    "completion_rate": "Tỷ lệ hồ sơ đã giải quyết trên số hồ sơ phải giải quyết",
    "online_rate": "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
    "overdue_pending": "Số hồ sơ đang giải quyết quá hạn",
    "satisfaction_rate": "Tỷ lệ người dân, tổ chức hài lòng",
    "procedures_with_process": "Tỷ lệ TTHC có quy trình nội bộ",
    "manual": "Nhập trực tiếp",
}
STATUS_TEXT = {
    ObjectiveStatus.MET: "Đạt",
    ObjectiveStatus.NOT_MET: "Không đạt",
    ObjectiveStatus.NO_DATA: "Chưa có số liệu",
}
STATUS_COLOUR = {
    ObjectiveStatus.MET: colors.HexColor("#E2EFDA"),
    ObjectiveStatus.NOT_MET: colors.HexColor("#FCE4D6"),
    ObjectiveStatus.NO_DATA: colors.HexColor("#F2F2F2"),
}
COMPARATOR_TEXT = {">=": "≥", "<=": "≤"}


def measure_name(key: str) -> str:
    if key in MEASURE_NAMES:
        return MEASURE_NAMES[key]
    found = MEASURES.get(key)
    return found.label if found is not None else key


def is_percent(key: str) -> bool:
    found = MEASURES.get(key)
    return found is None or found.unit == PERCENT


def amount(key: str, value: float | None) -> str:
    """A target or an actual in its unit: "98,00%" or "3"; "–" when there is none."""
    if value is None:
        return "–"
    return f"{vn_decimal(value)}%" if is_percent(key) else vn_int(round(value))


def target_text(r: ObjectiveResult) -> str:
    return f"{COMPARATOR_TEXT.get(r.comparator, r.comparator)} {amount(r.measure, r.target)}"


def objectives_table(report: ObjectivesReport, styles) -> Table:
    st = table_styles(styles, 10.5)
    rows: list[list] = [[Paragraph(h, st["head"]) for h in HEADINGS]]
    extra: list[tuple] = []
    ordered = sorted(report.results, key=lambda r: r.position)
    for n, r in enumerate(ordered, start=1):
        rows.append(
            [
                str(n),
                Paragraph(markup(r.title), st["cell"]),
                Paragraph(markup(measure_name(r.measure)), st["cell"]),
                target_text(r),
                amount(r.measure, r.actual),
                Paragraph(STATUS_TEXT[r.status], st["head"]),
                Paragraph(markup(r.basis), st["cell"]),
            ]
        )
        extra.append(("BACKGROUND", (5, n), (5, n), STATUS_COLOUR[r.status]))
    if not ordered:
        rows.append([Paragraph("Chưa đặt mục tiêu chất lượng cho năm này.", st["note"])] + [""] * 6)
        extra.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(rows, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1, splitInRow=0)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 10.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (3, 1), (4, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2F2F2")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                *extra,
            ]
        )
    )
    return table


def tally_line(report: ObjectivesReport) -> str:
    met = sum(r.status is ObjectiveStatus.MET for r in report.results)
    missed = sum(r.status is ObjectiveStatus.NOT_MET for r in report.results)
    unknown = sum(r.status is ObjectiveStatus.NO_DATA for r in report.results)
    return (
        f"Tổng số {len(report.results)} mục tiêu: <b>{met} đạt</b>, {missed} không đạt, "
        f"{unknown} chưa có số liệu."
    )


def build_objectives_pdf(report: ObjectivesReport) -> bytes:
    """The year's quality objectives and how far each is met, as PDF bytes (A4 landscape)."""
    require_unit(report.header)
    styles = styles_for("A4L")
    st = table_styles(styles, 11)
    story: list[Flowable] = [
        report_top(report.header, styles),
        Paragraph(TITLE, styles.title),
        Paragraph(f"Năm {report.year}", styles.title.clone("objectives-year", spaceBefore=0)),
        Paragraph(markup(f"(Số liệu {range_text(report.period).lower()})"), styles.subtitle),
        Spacer(1, 3 * mm),
        objectives_table(report, styles),
        Spacer(1, 2 * mm),
        Paragraph(tally_line(report), st["cell"].clone("objectives-tally", fontName=REGULAR)),
        report_signatures(report.header, styles),
    ]
    return build_pdf(
        story,
        "A4L",
        template_version=REPORT_VERSIONS["objectives"],
        title=f"{TITLE} NĂM {report.year}",
        author=report.header.reporting_unit,
    )
