"""Turns slip flowables into PDF bytes: page geometry, copies (liên), and the footer line."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from motcua_desktop.documents.fonts import ITALIC, REGULAR, register_fonts
from motcua_desktop.documents.formatting import nfc
from motcua_desktop.documents.styles import Page, page_for

CREATOR = "motcua-desktop"


@dataclass
class Copy:
    """One printed copy (liên) of a document: its flowables and the label in its footer."""

    story: list[Flowable]
    label: str = ""  # "Liên 1: Lưu tại Bộ phận Một cửa"; "" for a single copy


class _CopyStart(Flowable):
    """Zero-size marker telling the canvas that a new copy starts on this page."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.canv._motcua_copy = self.index


def _footer_canvas(page: Page, template_version: str, labels: list[str]) -> type[Canvas]:
    """A canvas class that holds pages back until the end to print "Trang x/y" per copy."""

    class FooterCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._motcua_copy = 0
            self._held: list[tuple[int, dict]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._held.append((self._motcua_copy, dict(self.__dict__)))
            self._startPage()

        def save(self) -> None:
            totals: dict[int, int] = {}
            for copy_index, _ in self._held:
                totals[copy_index] = totals.get(copy_index, 0) + 1
            seen: dict[int, int] = {}
            for copy_index, state in self._held:
                self.__dict__.update(state)
                seen[copy_index] = seen.get(copy_index, 0) + 1
                self._draw_footer(copy_index, seen[copy_index], totals[copy_index])
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_footer(self, copy_index: int, number: int, total: int) -> None:
            size = 8 * page.scale
            y = page.bottom / 2
            self.saveState()
            label = labels[copy_index] if copy_index < len(labels) else ""
            if label:
                self.setFont(ITALIC, size)
                self.drawString(page.left, y, nfc(label))
            if total > 1:
                self.setFont(REGULAR, size)
                self.drawCentredString(page.left + page.width / 2, y, f"Trang {number}/{total}")
            self.setFont(REGULAR, size * 0.9)
            text = f"Mẫu {template_version}"
            self.drawString(
                page.size[0] - page.right - stringWidth(text, REGULAR, size * 0.9), y, text
            )
            self.restoreState()

    return FooterCanvas


def build_pdf(
    story: Sequence[Flowable] | Sequence[Copy],
    paper: str = "A4",
    *,
    template_version: str,
    title: str = "",
    author: str = "",
    subject: str = "",
) -> bytes:
    """Lay out flowables (one copy) or ``Copy`` objects (each from a new page) as a PDF.

    Every page gets a footer: the copy's label on the left, "Trang x/y" in the
    middle when that copy runs over more than one page, and the template
    version on the right. Output is byte-for-byte reproducible for the same
    input (ReportLab's invariant mode), so a stored slip's hash can be checked.
    """
    register_fonts()
    page = page_for(paper)
    copies = [c if isinstance(c, Copy) else None for c in story]
    if not story or all(c is None for c in copies):
        copies = [Copy(list(story))]
    elif any(c is None for c in copies):
        raise TypeError("build_pdf takes either flowables or Copy objects, not a mix")

    flowables: list[Flowable] = []
    for index, copy in enumerate(copies):
        if index:
            flowables.append(PageBreak())
        flowables.append(_CopyStart(index))
        flowables.extend(copy.story)

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=page.size,
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        bottomMargin=page.bottom,
        title=nfc(title),
        author=nfc(author),
        subject=nfc(subject or template_version),
        creator=CREATOR,
        invariant=1,
        lang="vi-VN",
        initialFontName=REGULAR,  # else every page references a non-embedded Helvetica
    )
    frame = Frame(
        page.left,
        page.bottom,
        page.width,
        page.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="slip", frames=[frame])])
    doc.build(
        flowables,
        canvasmaker=_footer_canvas(page, template_version, [c.label for c in copies]),
    )
    return buffer.getvalue()
