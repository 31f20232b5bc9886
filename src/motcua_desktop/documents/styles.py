"""Decree 30/2020 page geometry and paragraph styles for A4 and A5 slips.

A4 uses the decree's sizes directly: national title 12.5 pt bold capitals,
motto 13 pt bold, agency lines 12.5 pt, document title 14 pt bold capitals,
body 13 pt at 1.25 line spacing; margins top 20, bottom 20, left 30, right
15 mm. A5 slips are the same design shrunk by ``11/13`` (body 11 pt, every
other size and every spacing in the same proportion) with margins
10/10/20/10 mm, and a tighter 1.1 line spacing with less space between
paragraphs, so that a typical receipt (up to six components) fits one A5
page. ``A4L`` is A4 landscape (the tracking book) with the A4 sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from motcua_desktop.documents.fonts import BOLD, ITALIC, REGULAR, register_fonts

PAPERS = ("A4", "A5", "A4L")
A5_SCALE = 11 / 13


@dataclass(frozen=True)
class Page:
    """Paper size and margins (points); ``scale`` multiplies every A4 size."""

    name: str
    size: tuple[float, float]
    top: float
    bottom: float
    left: float
    right: float
    scale: float
    line_spacing: float = 1.25  # body leading as a multiple of the font size
    paragraph_gap: float = 3.0  # space after a body paragraph, points before scaling

    @property
    def width(self) -> float:
        """Width of the text frame."""
        return self.size[0] - self.left - self.right

    @property
    def height(self) -> float:
        """Height of the text frame."""
        return self.size[1] - self.top - self.bottom


@dataclass(frozen=True)
class SlipStyles:
    """Every paragraph style a slip uses, at one paper size."""

    page: Page
    national: ParagraphStyle  # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    motto: ParagraphStyle  # Độc lập - Tự do - Hạnh phúc
    agency: ParagraphStyle  # parent body, capitals, regular
    unit: ParagraphStyle  # issuing unit, bold capitals
    number: ParagraphStyle  # Số: …/…
    place_date: ParagraphStyle  # <place>, ngày … tháng … năm … (italic)
    title: ParagraphStyle  # document title, bold capitals, centred
    subtitle: ParagraphStyle  # italic line under the title
    body: ParagraphStyle  # justified body text
    body_left: ParagraphStyle  # unstretched lines (applicant data), no paragraph spacing
    cell: ParagraphStyle  # table cell, left
    cell_center: ParagraphStyle  # table cell, centred
    cell_head: ParagraphStyle  # table header cell, bold, centred
    sign_head: ParagraphStyle  # NGƯỜI TIẾP NHẬN HỒ SƠ
    sign_note: ParagraphStyle  # (Ký và ghi rõ họ tên)
    sign_name: ParagraphStyle  # the signer's name
    code_label: ParagraphStyle  # Mã hồ sơ: …
    small: ParagraphStyle  # captions under codes
    footer_size: float  # point size of the footer line

    def pt(self, value: float) -> float:
        """An A4 length (points) scaled to this paper."""
        return value * self.page.scale

    @property
    def rule_width(self) -> float:
        """Stroke width of the header rules."""
        return 0.6 * self.page.scale


def page_for(paper: str) -> Page:
    """The page geometry for "A4", "A5" or "A4L"; raises ValueError for anything else."""
    key = (paper or "A4").upper()
    if key == "A4":
        return Page("A4", A4, 20 * mm, 20 * mm, 30 * mm, 15 * mm, 1.0)
    if key == "A5":
        return Page("A5", A5, 10 * mm, 10 * mm, 20 * mm, 10 * mm, A5_SCALE, 1.1, 1.0)
    if key == "A4L":
        return Page("A4L", landscape(A4), 20 * mm, 15 * mm, 20 * mm, 15 * mm, 1.0)
    raise ValueError(f"unknown paper size {paper!r}; expected one of {', '.join(PAPERS)}")


@lru_cache(maxsize=8)
def styles_for(paper: str = "A4") -> SlipStyles:
    """The slip styles for a paper size (cached; fonts are registered on first use)."""
    register_fonts()
    page = page_for(paper)
    s = page.scale

    def style(name: str, size: float, font: str = REGULAR, **kw) -> ParagraphStyle:
        kw.setdefault("leading", size * 1.2 * s)
        for key in ("spaceBefore", "spaceAfter", "leftIndent", "firstLineIndent"):
            if key in kw:
                kw[key] = kw[key] * s
        return ParagraphStyle(f"{page.name}-{name}", fontName=font, fontSize=size * s, **kw)

    center = {"alignment": TA_CENTER}
    body_leading = 13 * s * page.line_spacing
    gap = page.paragraph_gap
    return SlipStyles(
        page=page,
        national=style("national", 12.5, BOLD, **center),
        motto=style("motto", 13, BOLD, **center),
        agency=style("agency", 12.5, **center),
        unit=style("unit", 12.5, BOLD, **center),
        number=style("number", 13, **center, spaceBefore=3),
        place_date=style("place-date", 13, ITALIC, **center, spaceBefore=3),
        title=style(
            "title", 14, BOLD, **center, leading=14 * 1.25 * s, spaceBefore=10 if s == 1 else 6
        ),
        subtitle=style("subtitle", 12, ITALIC, **center, spaceAfter=2),
        body=style("body", 13, alignment=TA_JUSTIFY, leading=body_leading, spaceAfter=gap),
        # No paragraph spacing but the same line pitch as ``body``: these lines sit beside
        # the QR code, and ReportLab's float drops spacing around the paragraphs it moves.
        body_left=style("body-left", 13, alignment=TA_LEFT, leading=body_leading + gap * s),
        cell=style("cell", 12, leading=12 * 1.15 * s),
        cell_center=style("cell-center", 12, leading=12 * 1.15 * s, **center),
        cell_head=style("cell-head", 11, BOLD, leading=11 * 1.15 * s, **center),
        sign_head=style("sign-head", 13, BOLD, **center, leading=13 * 1.15 * s),
        sign_note=style("sign-note", 12, ITALIC, **center, leading=12 * 1.15 * s),
        sign_name=style("sign-name", 13, BOLD, **center, leading=13 * 1.15 * s),
        code_label=style("code-label", 13, alignment=TA_LEFT),
        small=style("small", 9, ITALIC, **center),
        footer_size=8 * s,
    )
