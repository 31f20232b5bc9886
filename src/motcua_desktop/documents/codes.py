"""Machine-readable dossier codes on slips: a Code128 barcode (the bare code) and a QR code.

Sizes are chosen for real readers: the QR symbol is at least 22 mm wide
(about 0.6 mm a module or more for a short code, which any phone camera
reads), error correction level M to survive a smudge; the Code128 bars are
as wide as the space allows up to 0.33 mm and never thinner than the space
forces, with a quiet zone of ten bar widths on each side and the code
printed underneath for a human.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.renderPDF import draw as draw_drawing
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, ImageAndFlowables, Paragraph, Spacer

from motcua_desktop.documents.fonts import REGULAR, register_fonts
from motcua_desktop.documents.formatting import markup, nfc
from motcua_desktop.documents.styles import SlipStyles
from motcua_desktop.domain.profile import CommuneProfile

MAX_BAR_WIDTH = 0.33 * mm
QR_MIN_SYMBOL = 22 * mm
QR_QUIET_MODULES = 2  # inside the flowable; the white space around it adds the rest


def qr_payload(profile: CommuneProfile, code: str) -> str:
    """What the QR code holds: the profile's lookup URL with ``{code}`` filled in, else the code.

    ``str.replace`` rather than ``str.format``: a stray brace in a configured
    URL must not stop a receipt from printing.
    """
    code = nfc(code).strip()
    url = nfc(profile.lookup_url).strip()
    return url.replace("{code}", code) if url else code


class Code128Barcode(Flowable):
    """A Code128 barcode that fits its bar width to the available width, with the text below."""

    def __init__(
        self,
        value: str,
        *,
        bar_height: float = 10 * mm,
        font_size: float = 10,
        max_bar_width: float = MAX_BAR_WIDTH,
    ) -> None:
        super().__init__()
        register_fonts()
        self.value = nfc(value).strip()
        self.bar_height = bar_height
        self.font_size = font_size
        self.max_bar_width = max_bar_width
        self.modules = Code128(self.value, barWidth=1, quiet=0).width
        self.bar_width = max_bar_width
        self.hAlign = "LEFT"

    def _text_height(self) -> float:
        return self.font_size * 1.3

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # Ten modules of quiet zone on each side (ISO/IEC 15417).
        self.bar_width = min(self.max_bar_width, availWidth / (self.modules + 20))
        self.width = self.bar_width * (self.modules + 20)
        self.height = self.bar_height + self._text_height()
        return self.width, self.height

    def draw(self) -> None:
        quiet = 10 * self.bar_width
        barcode = Code128(
            self.value,
            barWidth=self.bar_width,
            barHeight=self.bar_height,
            quiet=1,
            lquiet=quiet,
            rquiet=quiet,
            humanReadable=0,
        )
        barcode.drawOn(self.canv, 0, self._text_height())
        canv = self.canv
        canv.setFont(REGULAR, self.font_size)
        text_w = stringWidth(self.value, REGULAR, self.font_size)
        canv.drawString((self.width - text_w) / 2, self.font_size * 0.25, self.value)


class QrCode(Flowable):
    """A square QR code whose symbol (without quiet zone) is ``size`` wide."""

    def __init__(
        self,
        value: str,
        *,
        size: float = 24 * mm,
        level: str = "M",
        caption: str = "",
        caption_style: ParagraphStyle | None = None,
    ) -> None:
        super().__init__()
        self.value = nfc(value)
        self.caption = nfc(caption)
        self.caption_style = caption_style
        self.widget = QrCodeWidget(self.value, barLevel=level, barBorder=0)
        self.widget.qr.make()
        self.module_count = self.widget.qr.getModuleCount()
        self.symbol = max(size, QR_MIN_SYMBOL)
        self.module = self.symbol / self.module_count
        self.width = self.symbol + 2 * QR_QUIET_MODULES * self.module
        self.caption_height = 0.0
        if self.caption:
            register_fonts()
            self.caption_size = caption_style.fontSize if caption_style else 8
            self.caption_font = caption_style.fontName if caption_style else REGULAR
            self.caption_height = self.caption_size * 1.2
        self.height = self.width + self.caption_height
        self.hAlign = "RIGHT"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    # ImageAndFlowables asks its "image" for these; a QR code never shrinks to fit.
    def _restrictSize(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N802, N803
        return self.width, self.height

    def _unRestrictSize(self) -> None:  # noqa: N802
        pass

    def draw(self) -> None:
        self.widget.barWidth = self.widget.barHeight = self.symbol
        drawing = Drawing(self.symbol, self.symbol)
        drawing.add(self.widget)
        offset = QR_QUIET_MODULES * self.module
        draw_drawing(drawing, self.canv, offset, offset + self.caption_height)
        if self.caption:
            self.canv.setFont(self.caption_font, self.caption_size)
            self.canv.drawCentredString(self.width / 2, self.caption_size * 0.3, self.caption)


def code_block(
    profile: CommuneProfile,
    code: str,
    styles: SlipStyles,
    *,
    beside: Sequence[Flowable] = (),
    label: str = "Mã hồ sơ",
) -> Flowable:
    """"Mã hồ sơ: <code>" over its Code128 barcode, with the QR code floated on the right.

    ``beside`` are flowables (usually the applicant's lines) that continue next
    to the QR code until they pass its bottom, then take the full width: a
    receipt stays on one A5 page instead of leaving the space beside the QR
    code empty.
    """
    caption = "Quét mã để tra cứu" if profile.lookup_url.strip() else ""
    qr = QrCode(
        qr_payload(profile, code),
        size=max(QR_MIN_SYMBOL, styles.pt(24 * mm)),
        caption=caption,
        caption_style=styles.small,
    )
    content: list[Flowable] = [
        Paragraph(f"{markup(label)}: <b>{markup(code)}</b>", styles.code_label),
        Spacer(1, styles.pt(2)),
        Code128Barcode(code, bar_height=styles.pt(10 * mm), font_size=styles.pt(10)),
        Spacer(1, styles.pt(3)),
        *beside,
    ]
    return ImageAndFlowables(
        qr,
        content,
        imageLeftPadding=styles.pt(4 * mm),
        imageRightPadding=0,
        imageBottomPadding=styles.pt(2),
        imageSide="right",
    )
