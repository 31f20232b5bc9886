"""A chart on screen: the same ReportLab drawing the PDF prints, shown as SVG and redrawn at any size."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from motcua_desktop.ui.qt_fonts import ensure_document_fonts

# (ChartData) -> ReportLab Drawing; documents.charts' months_chart, on_time_chart, field_chart.
ChartFactory = Callable[[object], object]


def chart_svg(factory_name: str, data) -> bytes:
    """The SVG of ``documents.charts.<factory_name>(data)``; run off the GUI thread."""
    from motcua_desktop.documents import charts

    return charts.to_svg(getattr(charts, factory_name)(data))


class ChartView(QWidget):
    """Paints an SVG scaled to the widget, keeping its proportions; vector, so sharp at any size."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName=name)
        ensure_document_fonts()  # the SVG names Liberation Serif, as the PDF uses
        self.renderer = QSvgRenderer(self)
        self.renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.svg = b""
        self.setMinimumSize(260, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_svg(self, svg: bytes) -> None:
        self.svg = bytes(svg)
        self.renderer.load(QByteArray(self.svg))
        self.updateGeometry()
        self.update()

    def has_chart(self) -> bool:
        return self.renderer.isValid()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        if not self.has_chart():
            return QSize(360, 240)
        return self.renderer.defaultSize().expandedTo(QSize(260, 180))

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        size = self.renderer.defaultSize()
        if not self.has_chart() or size.width() <= 0:
            return super().heightForWidth(width)
        return round(width * size.height() / size.width())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.has_chart():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            # ReportLab's SVG has no viewBox, so Qt would stretch it to any rectangle:
            # fit its own proportions into the widget, centred.
            size = QSizeF(self.renderer.defaultSize())
            size.scale(QSizeF(self.size()), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(QPointF(0, 0), size)
            target.moveCenter(QRectF(self.rect()).center())
            self.renderer.render(painter, target)
        painter.end()
