"""Report II.06a (Biểu số II.06a/VPCP/KSTT, Circular 01/2020/TT-VPCP) as a PDF: A4 landscape,
Decree 30 header, the 13 columns under a two-level heading repeated on every page."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from motcua_desktop.documents.fonts import BOLD, REGULAR
from motcua_desktop.documents.formatting import markup, nfc
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.report_common import (
    RATES,
    REPORT_VERSIONS,
    info_band,
    period_text,
    range_text,
    rate_sentence,
    report_signatures,
    report_top,
    require_unit,
    table_styles,
    vn_int,
)
from motcua_desktop.documents.styles import SlipStyles, styles_for
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.report_models import GroupBy, II06aLine, II06aReport
from motcua_desktop.i18n import _

TITLE = "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
SUBTITLE = "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC"
FORM_CODE = "Biểu số II.06a/VPCP/KSTT"
FORM_BASIS = "Ban hành theo Thông tư số 01/2020/TT-VPCP"
UNIT_OF_COUNT = "Đơn vị tính: Số hồ sơ TTHC"
TOTAL_LABEL = "Tổng cộng"
EMPTY_TEXT = "Không có hồ sơ thủ tục hành chính trong kỳ báo cáo."
STALE_NOTE = "(*) Số liệu của đơn vị chưa được cập nhật kịp thời (xem ghi chú bên dưới tên đơn vị)."
LABEL_HEADINGS = {
    GroupBy.FIELD: "Lĩnh vực giải quyết",
    GroupBy.PROCEDURE: "Lĩnh vực, thủ tục hành chính",
    GroupBy.COMMUNE: "Đơn vị",
}
# The heading rows: (text, first column, last column, first row, last row), columns 0-based.
HEADING_CELLS = (
    ("TT", 0, 0, 0, 2),
    ("Số hồ sơ nhận giải quyết", 2, 5, 0, 0),
    ("Kết quả giải quyết", 6, 12, 0, 0),
    ("Tổng số", 2, 2, 1, 2),
    ("Trong kỳ", 3, 4, 1, 1),
    ("Từ kỳ trước", 5, 5, 1, 2),
    ("Số hồ sơ đã giải quyết", 6, 9, 1, 1),
    ("Số hồ sơ đang giải quyết", 10, 12, 1, 1),
    ("Trực tuyến", 3, 3, 2, 2),
    ("Trực tiếp, bưu chính", 4, 4, 2, 2),
    ("Tổng số", 6, 6, 2, 2),
    ("Trước hạn", 7, 7, 2, 2),
    ("Đúng hạn", 8, 8, 2, 2),
    ("Quá hạn", 9, 9, 2, 2),
    ("Tổng số", 10, 10, 2, 2),
    ("Trong hạn", 11, 11, 2, 2),
    ("Quá hạn", 12, 12, 2, 2),
)
HEAD_ROWS = 4  # three heading rows and the column numbers (1)…(13)
WIDTHS_MM = (11, 64) + (17,) * 11  # 262 mm: the A4 landscape frame


def check_balanced(report: II06aReport) -> None:
    """Refuse a report whose columns do not add up, naming the first line at fault."""
    for line in [*report.flat(), report.total]:
        row = line if not isinstance(line, II06aLine) else line.row
        if not row.counts.balanced():
            raise ValidationError(
                _(
                    "The figures of “{line}” do not add up (received must equal resolved plus "
                    "pending). Recount the report before printing it."
                ).format(line=row.label or TOTAL_LABEL)
            )


def heading_rows(label_heading: str) -> tuple[list[list[str]], list[tuple]]:
    """The three heading rows and the column numbers as plain text, and their SPAN commands."""
    rows = [[""] * 13 for _ in range(3)]
    spans: list[tuple] = [("SPAN", (1, 0), (1, 2))]
    rows[0][1] = label_heading
    for text, c0, c1, r0, r1 in HEADING_CELLS:
        rows[r0][c0] = text
        if (c0, r0) != (c1, r1):
            spans.append(("SPAN", (c0, r0), (c1, r1)))
    rows.append([f"({n})" for n in range(1, 14)])
    return rows, spans


def _label_cell(line: II06aLine, st: dict, stale: list[bool]) -> Paragraph:
    text = markup(line.row.label)
    style = st["sub"] if line.level else st["bold"] if line.children else st["cell"]
    if line.level:
        text = f"- {text}"
    if line.freshness is not None:
        note = markup(line.freshness.text)
        if line.freshness.stale:
            stale.append(True)
            text = f"{text} <b>(*)</b>"
            note = f"<b>{note}</b>"
        text = f'{text}<br/><font size="{st["note"].fontSize}"><i>{note}</i></font>'
    return Paragraph(text, style)


def body_rows(report: II06aReport, st: dict) -> tuple[list[list], list[tuple], bool]:
    """The report's lines and the total as table rows, with their extra style commands."""
    rows: list[list] = []
    extra: list[tuple] = []
    stale: list[bool] = []
    start = HEAD_ROWS
    for index, line in enumerate(report.lines, start=1):
        number = line.row.number if line.row.number is not None else index
        if line.children:  # a field with its procedures under it: the field line in bold
            extra.append(("FONTNAME", (0, start + len(rows)), (-1, start + len(rows)), BOLD))
        rows.append(
            [str(number), _label_cell(line, st, stale), *map(vn_int, line.row.counts.columns())]
        )
        for k, child in enumerate(line.children, start=1):
            cells = [f"{number}.{k}", _label_cell(child, st, stale)]
            rows.append(cells + [vn_int(v) for v in child.row.counts.columns()])
    if not rows:
        rows.append([Paragraph(EMPTY_TEXT, st["note"])] + [""] * 12)
        extra.append(("SPAN", (0, start), (-1, start)))
    total = [Paragraph(TOTAL_LABEL.upper(), st["head"]), ""]
    rows.append(total + [vn_int(v) for v in report.total.counts.columns()])
    t = start + len(rows) - 1
    extra += [("SPAN", (0, t), (1, t)), ("FONTNAME", (0, t), (-1, t), BOLD)]
    return rows, extra, bool(stale)


def ii06a_table(report: II06aReport, styles: SlipStyles) -> tuple[Table, bool]:
    """The 13-column table; True beside it when some commune's data is stale."""
    st = table_styles(styles, 10)
    head, spans = heading_rows(LABEL_HEADINGS.get(report.group_by, LABEL_HEADINGS[GroupBy.FIELD]))
    head_cells = [[Paragraph(markup(t), st["head"]) if t else "" for t in r] for r in head[:3]]
    body, extra, stale = body_rows(report, st)
    table = Table(
        [*head_cells, head[3], *body],
        colWidths=[w * mm for w in WIDTHS_MM],
        repeatRows=HEAD_ROWS,
        splitInRow=0,
        hAlign="CENTER",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 10),
                ("LEADING", (0, 0), (-1, -1), 11.8),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("ALIGN", (2, HEAD_ROWS), (-1, -1), "RIGHT"),
                ("ALIGN", (0, HEAD_ROWS - 1), (-1, HEAD_ROWS - 1), "CENTER"),
                ("FONTNAME", (0, HEAD_ROWS - 1), (-1, HEAD_ROWS - 1), BOLD),
                ("FONTSIZE", (0, HEAD_ROWS - 1), (-1, HEAD_ROWS - 1), 9),
                ("BACKGROUND", (0, 0), (-1, HEAD_ROWS - 1), colors.HexColor("#F2F2F2")),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *spans,
                *extra,
            ]
        )
    )
    return table, stale


def rates_block(report: II06aReport, styles: SlipStyles) -> list[Flowable]:
    """The four rates of the total line, each with its formula and figures."""
    st = table_styles(styles, 10.5)
    lines = [Paragraph("<b>Các tỷ lệ (tính trên dòng Tổng cộng):</b>", st["cell"])]
    for n, rate in enumerate(RATES, start=1):
        text = markup(rate_sentence(rate, report.total.counts))
        lines.append(Paragraph(f"{n}. {text}", st["sub"]))
    return [Spacer(1, styles.pt(1.5 * mm)), *lines]


def ii06a_story(report: II06aReport, styles: SlipStyles) -> list[Flowable]:
    h = report.header
    receiving = nfc(h.receiving_unit).strip() or "…………………"
    table, stale = ii06a_table(report, styles)
    band = info_band(
        [
            [f"<b>{FORM_CODE}</b>", f"<i>{FORM_BASIS}</i>"],
            [
                f"Kỳ báo cáo: <b>{markup(period_text(report.period))}</b>",
                f"<i>({markup(range_text(report.period))})</i>",
            ],
            [
                f"Đơn vị báo cáo: <b>{markup(h.reporting_unit)}</b>",
                f"Đơn vị nhận báo cáo: <b>{markup(receiving)}</b>",
                UNIT_OF_COUNT,
            ],
        ],
        styles,
        (0.3, 0.3, 0.4),
    )
    story: list[Flowable] = [
        report_top(h, styles),
        Paragraph(TITLE, styles.title),
        Paragraph(SUBTITLE, styles.subtitle),
        Spacer(1, styles.pt(2 * mm)),
        band,
        Spacer(1, styles.pt(3 * mm)),
        table,
    ]
    if stale:
        story.append(Paragraph(f"<i>{STALE_NOTE}</i>", table_styles(styles, 10)["cell"]))
    story.append(report_signatures(h, styles, before=rates_block(report, styles)))
    return story


def build_ii06a_pdf(report: II06aReport) -> bytes:
    """Report II.06a as PDF bytes (A4 landscape, "Trang x/y" when it runs over a page).

    Raises ``ValidationError`` for a report without a reporting unit or whose
    figures do not balance; nothing is written then.
    """
    require_unit(report.header)
    check_balanced(report)
    styles = styles_for("A4L")
    return build_pdf(
        ii06a_story(report, styles),
        "A4L",
        template_version=REPORT_VERSIONS["ii06a"],
        title=f"{TITLE} - {period_text(report.period)}",
        author=report.header.reporting_unit,
        subject=FORM_CODE,
    )
