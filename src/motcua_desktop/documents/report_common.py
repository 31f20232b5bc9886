"""Pieces every report document shares: Vietnamese numbers and periods, the Decree 30 header
for a ``ReportHeader``, the four II.06a rates with their formulas, and the signature block.

Reports sent upward are Vietnamese by law, like the slips: their fixed text is
written in Vietnamese here and does not go through the catalogue. Error
messages are for the clerk and do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from babel.numbers import format_decimal
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from motcua_desktop.documents.fonts import BOLD, ITALIC, REGULAR
from motcua_desktop.documents.formatting import markup, nfc, place_date
from motcua_desktop.documents.header import MOTTO, NATIONAL_TITLE, CenteredRule
from motcua_desktop.documents.styles import SlipStyles
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.periods import Period, PeriodKind
from motcua_desktop.domain.report_ii06a import II06aCounts
from motcua_desktop.domain.report_models import ReportHeader
from motcua_desktop.i18n import _

# Printed in each page's footer ("Mẫu …"); bump the revision when a layout changes.
REPORT_VERSIONS: dict[str, str] = {
    "ii06a": "II.06a/TT01-2020.1",
    "figures": "BC-SL.1",
    "objectives": "BC-MTCL.1",
}
PREPARER_HEADING = "Người lập biểu"
PREPARER_NOTE = "(Ký, ghi rõ họ tên)"
HEAD_NOTE = "(Ký tên, đóng dấu)"
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
VI = "vi_VN"
NO_PADDING = tuple(
    (side, (0, 0), (-1, -1), 0)
    for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
)


def vn_int(value: int) -> str:
    """A count as printed on Vietnamese forms: 19.705."""
    return format_decimal(value, format="#,##0", locale=VI)


def vn_decimal(value: float | None, places: int = 2) -> str:
    """A decimal with a comma: 95,01; an empty string for None."""
    if value is None:
        return ""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(value, format=pattern, locale=VI)


def vn_rate(value: float | None) -> str:
    """A percentage to two decimals: 95,01%; "–" for no value."""
    return "–" if value is None else f"{vn_decimal(value)}%"


def short(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def period_text(period: Period) -> str:
    """The period as the form names it: "Tháng 11 năm 2026", "Quý IV năm 2026"…"""
    kind, year = period.kind, period.year
    if kind is PeriodKind.MONTH:
        return f"Tháng {period.number} năm {year}"
    if kind is PeriodKind.QUARTER:
        return f"Quý {_ROMAN[period.number or 1]} năm {year}"
    if kind is PeriodKind.HALF:
        return f"6 tháng đầu năm {year}"
    if kind is PeriodKind.NINE_MONTHS:
        return f"9 tháng đầu năm {year}"
    if kind is PeriodKind.YEAR:
        return f"Năm {year}"
    return range_text(period)


def range_text(period: Period) -> str:
    """ "Từ ngày 01/11/2026 đến ngày 30/11/2026"."""
    return f"Từ ngày {short(period.date_from)} đến ngày {short(period.date_to)}"


def require_unit(header: ReportHeader) -> None:
    """A report must say who made it; refuse before writing anything."""
    if not nfc(header.reporting_unit).strip():
        raise ValidationError(
            _("The report has no reporting unit. Fill in the commune profile first."),
            field="reporting_unit",
        )


@dataclass(frozen=True)
class Rate:
    """One of the four rates under the II.06a table: its name, formula, figures and value."""

    name: str
    formula: str  # in column numbers, as the form writes it
    numerator: Callable[[II06aCounts], int]
    denominator: Callable[[II06aCounts], int]
    value: Callable[[II06aCounts], float]
    if_empty: str  # what the rate is when the denominator is 0
    # Figures said after the rate, e.g. the early and on-time shares the seed articles quote.
    detail: Callable[[II06aCounts], str] | None = None


RATES = (
    Rate(
        "Tỷ lệ hồ sơ giải quyết đúng hạn (kể cả trước hạn)",
        "[(8) + (9)] / (7) × 100%",
        lambda c: c.early + c.on_time,
        lambda c: c.resolved,
        lambda c: c.on_time_rate,
        "100%",
        lambda c: (
            f"(trong đó trước hạn {vn_rate(c.early_share)}, đúng hạn {vn_rate(c.on_time_share)})"
        ),
    ),
    Rate(
        "Tỷ lệ hồ sơ giải quyết quá hạn",
        "(10) / (7) × 100%",
        lambda c: c.late,
        lambda c: c.resolved,
        lambda c: c.late_rate,
        "0%",
    ),
    Rate(
        "Tỷ lệ hồ sơ đã giải quyết trên tổng số hồ sơ nhận",
        "(7) / (3) × 100%",
        lambda c: c.resolved,
        lambda c: c.received,
        lambda c: c.completion_rate,
        "0%",
    ),
    Rate(
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
        "(4) / [(4) + (5)] × 100%",
        lambda c: c.received_online,
        lambda c: c.received_online + c.received_direct,
        lambda c: c.online_rate,
        "0%",
    ),
)


def rate_sentence(rate: Rate, counts: II06aCounts) -> str:
    """ "Tỷ lệ …: [(8) + (9)] / (7) × 100% = 17.803 / 18.738 = 95,01%"."""
    den = rate.denominator(counts)
    if not den:
        figures = f"(không có hồ sơ ở mẫu số, quy ước {rate.if_empty})"
        return f"{rate.name}: {rate.formula} = {vn_rate(rate.value(counts))} {figures}"
    detail = f" {rate.detail(counts)}" if rate.detail else ""
    return (
        f"{rate.name}: {rate.formula} = {vn_int(rate.numerator(counts))} / {vn_int(den)}"
        f" = {vn_rate(rate.value(counts))}{detail}"
    )


def _block(lines: list[tuple[str, object]], width: float) -> Table:
    table = Table([[Paragraph(text, style)] for text, style in lines], colWidths=[width])
    table.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), ("PADDING", (0, 0), (-1, -1), 0)])
    )
    return table


def report_top(header: ReportHeader, styles: SlipStyles) -> Table:
    """Decree 30 header for a report: parent unit / REPORTING UNIT on the left, the national
    title and motto on the right, "<place>, ngày … tháng … năm …" under them."""
    width = styles.page.width
    right_w = stringWidth(NATIONAL_TITLE, styles.national.fontName, styles.national.fontSize)
    right_w = min(right_w + styles.pt(4 * mm), width * 0.62)
    left_w = min(width - right_w, max(width * 0.38, styles.pt(80 * mm)))
    gap = width - right_w - left_w
    parent = nfc(header.parent_unit).strip().upper()
    unit = nfc(header.reporting_unit).strip().upper()
    unit_w = stringWidth(unit, styles.unit.fontName, styles.unit.fontSize)
    rule = styles.rule_width
    left: list[Flowable] = []
    if parent:
        left.append(Paragraph(markup(parent), styles.agency))
    left += [
        Paragraph(markup(unit), styles.unit),
        CenteredRule(max(min(unit_w, left_w) / 3, styles.pt(20 * mm)), rule, styles.pt(1.5)),
    ]
    motto_w = stringWidth(MOTTO, styles.motto.fontName, styles.motto.fontSize)
    right: list[Flowable] = [
        Paragraph(NATIONAL_TITLE, styles.national),
        Paragraph(MOTTO, styles.motto),
        CenteredRule(motto_w, rule, styles.pt(1.5)),
    ]
    if header.made_on is not None:
        right.append(Paragraph(markup(place_date(header.place, header.made_on)), styles.place_date))
    table = Table([[left, "", right]], colWidths=[left_w, gap, right_w], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *NO_PADDING,
            ]
        )
    )
    return table


def info_band(
    columns: list[list[str]], styles: SlipStyles, shares: tuple[float, ...] = ()
) -> Table:
    """Lines of facts side by side under the title (form code | period | units);
    ``shares`` are the columns' parts of the width (equal by default)."""
    width = styles.page.width
    shares = shares or (1 / len(columns),) * len(columns)
    widths = [width * share for share in shares]
    size = 11.5 * styles.page.scale
    style = styles.cell.clone("report-info", fontSize=size, leading=size * 1.22)
    cells = [
        _block([(line, style) for line in col], w) for col, w in zip(columns, widths, strict=True)
    ]
    table = Table([cells], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *NO_PADDING,
                ("RIGHTPADDING", (0, 0), (-1, -1), styles.pt(3 * mm)),
            ]
        )
    )
    return table


def report_signatures(
    header: ReportHeader,
    styles: SlipStyles,
    *,
    room: float = 17 * mm,
    before: Sequence[Flowable] = (),
) -> Flowable:
    """ "Người lập biểu" on the left, the head (title and name) on the right.

    The names sit on one row, so they stay level even when the head's title
    takes two lines ("KT. CHỦ TỊCH"). ``before`` (e.g. the rates under a
    table) is kept on the same page: a signature never stands alone.
    """
    width = styles.page.width
    head = nfc(header.signer_title).strip() or "Thủ trưởng đơn vị"
    rows = [
        [
            [Paragraph(markup(PREPARER_HEADING.upper()), styles.sign_head),
             Paragraph(PREPARER_NOTE, styles.sign_note)],
            [Paragraph(markup(head.upper()), styles.sign_head),
             Paragraph(HEAD_NOTE, styles.sign_note)],
        ],
        [Spacer(1, styles.pt(room)), ""],
        [Paragraph(markup(header.preparer), styles.sign_name),
         Paragraph(markup(header.signer_name), styles.sign_name)],
    ]  # fmt: skip
    table = Table(rows, colWidths=[width / 2] * 2)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *NO_PADDING,
            ]
        )
    )
    return KeepTogether([*before, Spacer(1, styles.pt(3 * mm)), table])


def table_styles(styles: SlipStyles, size: float = 10) -> dict[str, object]:
    """Small paragraph styles for report tables: cell, number, head, bold, note."""
    name = f"{styles.page.name}-report-{size}"
    cell = styles.cell.clone(f"{name}-cell", fontSize=size, leading=size * 1.18)
    return {
        "cell": cell,
        "center": cell.clone(f"{name}-center", alignment=1),
        "number": cell.clone(f"{name}-number", alignment=2),
        "head": cell.clone(f"{name}-head", alignment=1, fontName=BOLD),
        "bold": cell.clone(f"{name}-bold", fontName=BOLD),
        "bold_number": cell.clone(f"{name}-bold-number", fontName=BOLD, alignment=2),
        "note": cell.clone(f"{name}-note", fontName=ITALIC, fontSize=size - 1),
        "sub": cell.clone(f"{name}-sub", leftIndent=4 * mm),
    }
