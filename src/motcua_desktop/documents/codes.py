"""Machine-readable dossier codes on slips: a Code128 barcode (the bare code) and a QR code.

Sizes are chosen for real readers: the QR symbol is at least 22 mm wide
(about 0.6 mm a module or more for a short code, which any phone camera
reads), error correction level M to survive a smudge; the Code128 bars are
as wide as the space allows up to 0.33 mm and never thinner than the space
forces, with a quiet zone of ten bar widths on each side and the code
printed underneath for a human.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, ImageAndFlowables, Paragraph

from motcua_desktop.documents.fonts import BOLD, REGULAR, register_fonts
from motcua_desktop.documents.formatting import nfc
from motcua_desktop.documents.styles import SlipStyles
from motcua_desktop.domain.profile import CommuneProfile

MAX_BAR_WIDTH = 0.33 * mm
QR_MIN_SYMBOL = 22 * mm
QR_QUIET_MODULES = 1  # drawn inside the flowable; padding and white space around add the rest


def qr_payload(profile: CommuneProfile, code: str) -> str:
    """What the QR code holds: the profile's lookup URL with ``{code}`` filled in, else the code.

    ``str.replace`` rather than ``str.format``: a stray brace in a configured
    URL must not stop a receipt from printing.
    """
    code = nfc(code).strip()
    url = nfc(profile.lookup_url).strip()
    return url.replace("{code}", code) if url else code


class Code128Barcode(Flowable):
    """A Code128 barcode that fits its bar width to the available width, with the text below.

    The human-readable line is the code itself, or "<label>: <code>" with the
    code in bold when a label is given (one line instead of a label above and
    the code again below).
    """

    def __init__(
        self,
        value: str,
        *,
        bar_height: float = 10 * mm,
        font_size: float = 10,
        max_bar_width: float = MAX_BAR_WIDTH,
        label: str = "",
    ) -> None:
        super().__init__()
        register_fonts()
        self.value = nfc(value).strip()
        self.label = nfc(label).strip()
        self.bar_height = bar_height
        self.font_size = font_size
        self.max_bar_width = max_bar_width
        self.modules = Code128(self.value, barWidth=1, quiet=0).width
        self.bar_width = max_bar_width
        self.hAlign = "LEFT"

    def text_height(self) -> float:
        """Height of the human-readable line under the bars."""
        return self.font_size * 1.3

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # Ten modules of quiet zone on each side (ISO/IEC 15417).
        self.bar_width = min(self.max_bar_width, availWidth / (self.modules + 20))
        self.width = self.bar_width * (self.modules + 20)
        self.height = self.bar_height + self.text_height()
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
        barcode.drawOn(self.canv, 0, self.text_height())
        prefix = f"{self.label}: " if self.label else ""
        code_font = BOLD if self.label else REGULAR
        size = self.font_size
        text_w = stringWidth(prefix, REGULAR, size) + stringWidth(self.value, code_font, size)
        if text_w > self.width:  # never wider than the symbol
            size *= self.width / text_w
            text_w = self.width
        text = self.canv.beginText((self.width - text_w) / 2, self.font_size * 0.3)
        text.setFont(REGULAR, size)
        text.textOut(prefix)
        text.setFont(code_font, size)
        text.textOut(self.value)
        self.canv.drawText(text)


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
        self.qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
        self.qr.addData(self.value)
        self.qr.make()
        self.module_count = self.qr.getModuleCount()
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
        # Drawn module by module on the canvas (runs of dark modules as one rectangle);
        # renderPDF would add an unused, non-embedded Helvetica to the page.
        canv = self.canv
        canv.saveState()
        canv.setFillColorRGB(0, 0, 0)
        m = self.module
        left = QR_QUIET_MODULES * m
        top = self.caption_height + QR_QUIET_MODULES * m + self.symbol
        for r, row in enumerate(self.qr.modules):
            c = 0
            for dark, run in itertools.groupby(bool(cell) for cell in row):
                count = len(list(run))
                if dark:
                    canv.rect(left + c * m, top - (r + 1) * m, count * m, m, stroke=0, fill=1)
                c += count
        canv.restoreState()
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
    width: float | None = None,
) -> Flowable:
    """The Code128 barcode over "Mã hồ sơ: <code>", with the QR code floated on the right.

    ``beside`` are flowables (usually the applicant's lines) that continue next
    to the QR code until they pass its bottom, then take the full width: a
    receipt stays on one A5 page instead of leaving the space beside the QR
    code empty. The bar height is chosen (between 8 and 15 mm, A4) so that the
    barcode plus whole lines of the text beside end level with the QR code.
    """
    width = styles.page.width if width is None else width
    caption = "Quét mã để tra cứu" if profile.lookup_url.strip() else ""
    qr = QrCode(
        qr_payload(profile, code),
        size=max(QR_MIN_SYMBOL, styles.pt(24 * mm)),
        caption=caption,
        caption_style=styles.small,
    )
    barcode = Code128Barcode(code, font_size=styles.code_label.fontSize, label=label)
    bottom_pad = qr.module
    left_pad = styles.pt(3 * mm)
    low, high = styles.pt(8 * mm), styles.pt(15 * mm)
    room = qr.height + bottom_pad - barcode.text_height()
    cuts = [c for c in _line_ends(beside, width - qr.width - left_pad) if room - c >= low]
    barcode.bar_height = min(high, room - max(cuts, default=0.0))
    return ImageAndFlowables(
        qr,
        [barcode, *beside],
        imageLeftPadding=left_pad,
        imageRightPadding=0,
        imageBottomPadding=bottom_pad,
        imageSide="right",
    )


def _line_ends(flowables: Sequence[Flowable], width: float) -> list[float]:
    """Heights, from the top of ``flowables`` laid out at ``width``, at which a line ends.

    ReportLab's float (``ImageAndFlowables``) pads its image out to a whole
    extra line whenever text beside it stops short of the image's bottom;
    ending the text exactly at the bottom avoids that gap.
    """
    ends: list[float] = []
    y = 0.0
    previous_after = 0.0
    for flowable in flowables:  # all follow the barcode, so each keeps its space before
        _, h = flowable.wrap(width, 1e6)
        y += max(flowable.getSpaceBefore() - previous_after, 0)
        if isinstance(flowable, Paragraph):
            leading = flowable.style.leading
            count = len(flowable.blPara.lines)
            ends.extend(y + leading * k for k in range(1, count + 1))
        else:
            ends.append(y + h)
        previous_after = flowable.getSpaceAfter()
        y += h + previous_after
    return ends
