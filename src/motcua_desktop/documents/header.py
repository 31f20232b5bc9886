"""The Decree 30 two-column header shared by every slip: issuing body and number, national title."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from motcua_desktop.documents.fonts import REGULAR
from motcua_desktop.documents.formatting import markup, nfc, place_date
from motcua_desktop.documents.styles import SlipStyles
from motcua_desktop.domain.profile import CommuneProfile

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEADER_GUTTER = 2 * mm  # A4 length between the two columns
_COMMUNE_WORDS = ("XÃ", "PHƯỜNG", "THỊ TRẤN", "ĐẶC KHU")


class CenteredRule(Flowable):
    """A horizontal line of a given length, centred in the available width."""

    def __init__(self, length: float, thickness: float = 0.6, space: float = 1.5) -> None:
        super().__init__()
        self.length = length
        self.thickness = thickness
        self.space = space
        self._avail = length

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._avail = availWidth
        return availWidth, self.thickness + 2 * self.space

    def draw(self) -> None:
        length = min(self.length, self._avail)
        x = (self._avail - length) / 2
        y = self.space + self.thickness / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, y, x + length, y)


def _text_width(text: str, style) -> float:
    return stringWidth(text, style.fontName, style.fontSize)


def header_columns(styles: SlipStyles, width: float | None = None) -> tuple[float, float]:
    """Widths of the left (issuing body) and right (national title) columns.

    The right column is just wide enough for the national title on one line;
    the left column takes the rest (and keeps a gutter of ``HEADER_GUTTER``
    on its right), wrapping long commune names.
    """
    width = styles.page.width if width is None else width
    right = min(width * 0.7, _text_width(NATIONAL_TITLE, styles.national) + styles.pt(1 * mm))
    return width - right, right


def _break_parent(parent: str, style, width: float) -> str:
    """Markup for the parent body; when it needs two lines, break before the commune word
    ("ỦY BAN NHÂN DÂN / XÃ AN PHÚ") rather than wherever the line happens to end."""
    text = markup(parent)
    if _text_width(parent, style) <= width:
        return text
    cut = max(parent.rfind(f" {word} ") for word in _COMMUNE_WORDS)
    if cut <= 0:
        return text
    return f"{markup(parent[:cut])}<br/>{markup(parent[cut + 1 :])}"


def national_header(
    profile: CommuneProfile,
    number_label: str,
    issued_on: date,
    styles: SlipStyles,
    *,
    width: float | None = None,
) -> Table:
    """The header table: parent body / UNIT / "Số: <number_label>" on the left; national
    title / motto / "<place>, ngày … tháng … năm …" on the right."""
    left_w, right_w = header_columns(styles, width)
    gutter = styles.pt(HEADER_GUTTER)
    parent = nfc(profile.parent_body).strip().upper()
    unit = nfc(profile.unit_name).strip().upper()
    unit_w = min(_text_width(unit, styles.unit), left_w - gutter)
    motto_w = _text_width(MOTTO, styles.motto)
    thick = styles.rule_width
    left = [
        Paragraph(_break_parent(parent, styles.agency, left_w - gutter), styles.agency),
        Paragraph(markup(unit), styles.unit),
        CenteredRule(max(unit_w / 3, styles.pt(20 * mm)), thick, styles.pt(1.5)),
    ]
    right = [
        Paragraph(NATIONAL_TITLE, styles.national),
        Paragraph(MOTTO, styles.motto),
        CenteredRule(motto_w, thick, styles.pt(1.5)),
    ]
    # An empty label leaves the number out (a control sheet has none).
    number = Paragraph(f"Số: {markup(number_label)}", styles.number) if number_label else ""
    dated = Paragraph(markup(place_date(profile.place_name, issued_on)), styles.place_date)
    table = Table([[left, right], [number, dated]], colWidths=[left_w, right_w], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # for plain-string cells
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), gutter),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table
