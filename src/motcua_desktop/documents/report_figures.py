"""The figures report as a PDF (A4 landscape): channels, returns by post, supplement requests,
apologies, refusals, average working days, per procedure and per official, and the charts."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from motcua_desktop.documents.charts import field_chart, months_chart, on_time_chart
from motcua_desktop.documents.fonts import BOLD, REGULAR
from motcua_desktop.documents.formatting import markup
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.report_common import (
    REPORT_VERSIONS,
    period_text,
    range_text,
    report_signatures,
    report_top,
    require_unit,
    table_styles,
    vn_decimal,
    vn_int,
    vn_rate,
)
from motcua_desktop.documents.styles import SlipStyles, styles_for
from motcua_desktop.domain.dossier import Channel
from motcua_desktop.domain.report_models import ChartData, FiguresReport, GroupFigures

TITLE = "BÁO CÁO SỐ LIỆU TIẾP NHẬN VÀ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
CHANNELS = {
    Channel.IN_PERSON: "Trực tiếp tại Bộ phận Một cửa",
    Channel.ONLINE: "Trực tuyến",
    Channel.POSTAL: "Qua dịch vụ bưu chính công ích",
}
GROUP_HEADINGS = (
    "TT",
    "",  # the group's name: "Thủ tục hành chính" or "Công chức xử lý"
    "Tiếp nhận",
    "Đã giải quyết",
    "Đúng hạn (kể cả trước hạn)",
    "Quá hạn",
    "Tỷ lệ đúng hạn",
    "Trả kết quả qua bưu chính",
    "Yêu cầu bổ sung hồ sơ",
    "Văn bản xin lỗi",
    "Thời gian giải quyết bình quân (ngày làm việc)",
)
GROUP_WIDTHS_MM = (10, 84, 18, 18, 20, 16, 18, 18, 18, 16, 26)  # 262 mm
NO_ROWS = "Không có số liệu trong kỳ."


def group_rate(g: GroupFigures) -> float | None:
    """On-time share of a procedure's or an official's resolved dossiers; None if none."""
    return round(100.0 * g.on_time / g.resolved, 2) if g.resolved else None


def summary_rows(report: FiguresReport) -> list[tuple[str, str, bool]]:
    """(label, value, is a sub-line) for the summary table, in the order printed."""
    c = report.counts
    days = (
        f"{vn_decimal(report.avg_working_days)} (trên {vn_int(report.timed)} hồ sơ)"
        if report.avg_working_days is not None
        else "Chưa có số liệu"
    )
    rows = [
        ("Tổng số hồ sơ nhận giải quyết", vn_int(c.received), False),
        ("Từ kỳ trước chuyển sang", vn_int(c.carried_over), True),
        ("Tiếp nhận mới trong kỳ", vn_int(c.received_online + c.received_direct), True),
    ]
    rows += [
        (name, vn_int(report.by_channel.get(int(ch), 0)), True) for ch, name in CHANNELS.items()
    ]
    rows += [
        ("Số hồ sơ đã giải quyết", vn_int(c.resolved), False),
        ("Trước hạn", vn_int(c.early), True),
        ("Đúng hạn", vn_int(c.on_time), True),
        ("Quá hạn", vn_int(c.late), True),
        ("Số hồ sơ đang giải quyết", vn_int(c.pending), False),
        ("Trong đó quá hạn", vn_int(c.pending_overdue), True),
        ("Tỷ lệ giải quyết đúng hạn (kể cả trước hạn)", vn_rate(c.on_time_rate), False),
        ("Tỷ lệ tiếp nhận trực tuyến", vn_rate(c.online_rate), False),
        ("Trả kết quả qua dịch vụ bưu chính công ích", vn_int(report.returned_by_post), False),
        ("Trả kết quả tại Bộ phận Một cửa", vn_int(report.returned_at_desk), False),
        ("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", vn_int(report.supplement_requests), False),
        ("Phiếu xin lỗi và hẹn lại ngày trả kết quả", vn_int(report.apologies), False),
        ("Phiếu từ chối tiếp nhận, giải quyết hồ sơ", vn_int(report.refusals), False),
        ("Thời gian giải quyết trung bình (ngày làm việc)", days, False),
    ]
    return rows


def group_values(g: GroupFigures) -> list[str]:
    days = vn_decimal(g.avg_working_days, 1) if g.avg_working_days is not None else "–"
    return [
        vn_int(g.received),
        vn_int(g.resolved),
        vn_int(g.on_time),
        vn_int(g.late),
        vn_rate(group_rate(g)),
        vn_int(g.returned_by_post),
        vn_int(g.supplement_requests),
        vn_int(g.apologies),
        days,
    ]


def _ruled(rows: list[list], widths: list[float], extra: list[tuple] = (), head: int = 1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=head, splitInRow=0, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 10),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, head - 1), colors.HexColor("#F2F2F2")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *extra,
            ]
        )
    )
    return table


def summary_table(report: FiguresReport, styles: SlipStyles) -> Table:
    """The summary as two ruled tables side by side: intake and results | other figures."""
    st = table_styles(styles, 10.5)
    halves: list[Table] = []
    lines = summary_rows(report)
    cut = next(k for k, (label, _v, _s) in enumerate(lines) if label.startswith("Tỷ lệ"))
    for part in (lines[:cut], lines[cut:]):
        rows: list[list] = [[Paragraph("Chỉ tiêu", st["head"]), Paragraph("Số liệu", st["head"])]]
        for label, value, sub in part:
            style = st["sub"] if sub else st["cell"]
            text = f"- {markup(label)}" if sub else f"<b>{markup(label)}</b>"
            rows.append([Paragraph(text, style), value])
        halves.append(_ruled(rows, [88 * mm, 38 * mm]))
    half = styles.page.width / 2
    grid = Table([halves], colWidths=[half, half])
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return grid


def group_table(groups: list[GroupFigures], heading: str, styles: SlipStyles) -> Table:
    st = table_styles(styles, 9.5)
    head = [Paragraph(markup(t or heading), st["head"]) for t in GROUP_HEADINGS]
    rows: list[list] = [head]
    for n, g in enumerate(groups, start=1):
        rows.append([str(n), Paragraph(markup(g.label), st["cell"]), *group_values(g)])
    extra: list[tuple] = [("ALIGN", (0, 1), (0, -1), "CENTER")]
    if not groups:
        rows.append([Paragraph(NO_ROWS, st["note"])] + [""] * (len(GROUP_HEADINGS) - 1))
        extra.append(("SPAN", (0, 1), (-1, 1)))
    return _ruled(rows, [w * mm for w in GROUP_WIDTHS_MM], extra)


def charts_block(charts: ChartData, styles: SlipStyles) -> list[Flowable]:
    """The months and on-time charts side by side, the field chart under them."""
    half = styles.page.width / 2
    months = months_chart(charts, half - 6, 230)
    on_time = on_time_chart(charts, half - 6, 230)
    grid = Table([[months, on_time]], colWidths=[half, half])
    grid.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), REGULAR)])
    )
    fields = field_chart(charts, styles.page.width * 0.7, 220)
    return [grid, Spacer(1, 4 * mm), fields]


def section(text: str, styles: SlipStyles) -> Paragraph:
    style = styles.body_left.clone("report-section", fontName=BOLD, spaceBefore=8, spaceAfter=4)
    return Paragraph(markup(text), style)


def build_figures_pdf(report: FiguresReport, charts: ChartData | None = None) -> bytes:
    """The figures report as PDF bytes; the three charts follow the summary when given."""
    require_unit(report.header)
    styles = styles_for("A4L")
    period = f"Kỳ báo cáo: {period_text(report.period)} ({range_text(report.period).lower()})"
    story: list[Flowable] = [
        report_top(report.header, styles),
        Paragraph(TITLE, styles.title),
        Paragraph(markup(period), styles.subtitle),
        section("I. Số liệu tổng hợp", styles),
        summary_table(report, styles),
    ]
    n = 2
    if charts is not None:
        story += [CondPageBreak(300), section("II. Biểu đồ", styles), *charts_block(charts, styles)]
        n += 1
    roman = {2: "II", 3: "III", 4: "IV"}
    story += [
        CondPageBreak(120),
        section(f"{roman[n]}. Số liệu theo thủ tục hành chính", styles),
        group_table(report.by_procedure, "Thủ tục hành chính", styles),
        CondPageBreak(120),
        section(f"{roman[n + 1]}. Số liệu theo công chức xử lý", styles),
        group_table(report.by_official, "Công chức xử lý", styles),
        report_signatures(report.header, styles),
    ]
    return build_pdf(
        story,
        "A4L",
        template_version=REPORT_VERSIONS["figures"],
        title=f"{TITLE} - {period_text(report.period)}",
        author=report.header.reporting_unit,
    )
