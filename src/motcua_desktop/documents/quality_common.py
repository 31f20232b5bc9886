"""Pieces the quality-system documents share: Vietnamese names of verdicts and statuses, the
ruled table, the two-person signature block and the versions printed in the footers.

The documents are Vietnamese records of the commune (like the slips), so their
fixed text is written in Vietnamese here, not taken from the UI catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from motcua_desktop.documents.fonts import REGULAR
from motcua_desktop.documents.formatting import markup, nfc, place_date
from motcua_desktop.documents.header import (
    HEADER_GUTTER,
    MOTTO,
    NATIONAL_TITLE,
    CenteredRule,
    header_columns,
)
from motcua_desktop.documents.report_common import short
from motcua_desktop.documents.styles import SlipStyles
from motcua_desktop.domain.report_models import ReportHeader

QUALITY_VERSIONS: dict[str, str] = {
    "checklist": "ISO-CL.1",
    "self_assessment": "ISO-TKT.1",
    "register": "ISO-NC.1",
    "review": "ISO-XXLĐ.1",
    "quality": "ISO-BC.1",
}
VERDICT_TEXT = {
    "conforming": "Phù hợp",
    "minor": "Không phù hợp nhẹ",
    "major": "Không phù hợp nặng",
    "na": "Không áp dụng",
    None: "Chưa đánh giá",
}
VERDICT_COLOUR = {
    "conforming": colors.HexColor("#E2F0D9"),
    "minor": colors.HexColor("#FFF2CC"),
    "major": colors.HexColor("#F8CBAD"),
}
STATUS_TEXT = {
    "open": "Đang mở",
    "action_done": "Đã khắc phục, chờ kiểm tra",
    "verified": "Đã kiểm tra, có hiệu lực",
    "reopened": "Chưa hiệu lực, mở lại",
}
SOURCE_TEXT = {"checklist": "Kiểm tra/đánh giá", "complaint": "Phản ánh, kiến nghị",
               "manual": "Tự phát hiện"}  # fmt: skip
SEVERITY_TEXT = {"minor": "Nhẹ", "major": "Nặng"}
KIND_TEXT = {"internal_audit": "Đánh giá nội bộ", "self_inspection": "Tự kiểm tra hằng năm"}
HEAD_FILL = colors.HexColor("#F2F2F2")


def day(value: date | None) -> str:
    return short(value) if value else ""


def counts_sentence(counts: dict[str, int]) -> str:
    """ "Phù hợp: 20; Không phù hợp nhẹ: 2; …" (the unanswered only when there are some)."""
    parts = [
        f"{VERDICT_TEXT[k]}: {counts.get(k, 0)}" for k in ("conforming", "minor", "major", "na")
    ]
    if counts.get("unanswered"):
        parts.append(f"{VERDICT_TEXT[None]}: {counts['unanswered']}")
    return "; ".join(parts)


def ruled_table(
    rows: list[list], widths_mm: Sequence[float], *, extra: Sequence[tuple] = (), head_rows: int = 1
) -> Table:
    """A table with a grey heading repeated on every page, ruled in thin black lines."""
    table = Table(rows, colWidths=[w * mm for w in widths_mm], repeatRows=head_rows, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 10),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, head_rows - 1), HEAD_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *extra,
            ]
        )
    )
    return table


def two_signatures(
    styles: SlipStyles,
    left: tuple[str, Sequence[str]],
    right: tuple[str, Sequence[str]],
    *,
    right_note: str = "(Ký, ghi rõ họ tên)",
) -> Flowable:
    """Two signature columns, each a heading, a note, room to sign and the names under it."""
    width = styles.page.width

    def names(values: Sequence[str]) -> Paragraph:
        return Paragraph(
            "<br/>".join(markup(v) for v in values if nfc(v).strip()), styles.sign_name
        )

    rows = [
        [Paragraph(markup(left[0].upper()), styles.sign_head),
         Paragraph(markup(right[0].upper()), styles.sign_head)],
        [Paragraph("(Ký, ghi rõ họ tên)", styles.sign_note), Paragraph(right_note, styles.sign_note)],
        [Spacer(1, styles.pt(20 * mm)), ""],
        [names(left[1]), names(right[1])],
    ]  # fmt: skip
    table = Table(rows, colWidths=[width / 2] * 2)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("PADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, styles.pt(4 * mm)), table])


def fact_lines(facts: Sequence[tuple[str, str]], style) -> list[Paragraph]:
    """ "Label: value" lines, the label plain and the value bold; empty values are skipped."""
    return [
        Paragraph(f"{markup(label)}: <b>{markup(value)}</b>", style)
        for label, value in facts
        if nfc(value).strip()
    ]


def portrait_top(header: ReportHeader, styles: SlipStyles) -> Table:
    """The Decree 30 header on A4 portrait: the right column just wide enough for the national
    title, the units wrapping in the left one ("ỦY BAN NHÂN DÂN / XÃ AN PHÚ")."""
    left_w, right_w = header_columns(styles)
    gutter = styles.pt(HEADER_GUTTER)
    left: list[Flowable] = []
    parent = nfc(header.parent_unit).strip().upper()
    unit = nfc(header.reporting_unit).strip().upper()
    if parent:
        left.append(Paragraph(markup(parent), styles.agency))
    cut = unit.rfind(" XÃ ")
    too_wide = stringWidth(unit, styles.unit.fontName, styles.unit.fontSize) > left_w - gutter
    text = (
        f"{markup(unit[:cut])}<br/>{markup(unit[cut + 1 :])}"
        if too_wide and cut > 0
        else markup(unit)
    )
    unit_w = min(stringWidth(unit[cut + 1 :] if too_wide and cut > 0 else unit,
                             styles.unit.fontName, styles.unit.fontSize), left_w - gutter)  # fmt: skip
    left += [Paragraph(text, styles.unit),
             CenteredRule(max(unit_w / 3, styles.pt(20 * mm)), styles.rule_width, styles.pt(1.5))]  # fmt: skip
    motto_w = stringWidth(MOTTO, styles.motto.fontName, styles.motto.fontSize)
    right: list[Flowable] = [
        Paragraph(NATIONAL_TITLE, styles.national),
        Paragraph(MOTTO, styles.motto),
        CenteredRule(motto_w, styles.rule_width, styles.pt(1.5)),
    ]
    if header.made_on is not None:
        right.append(Paragraph(markup(place_date(header.place, header.made_on)), styles.place_date))
    table = Table([[left, right]], colWidths=[left_w, right_w], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), gutter),
            ]
        )
    )
    return table
