"""A preview of a printed slip (PDF) with page navigation, fit-width zoom and printing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.i18n import _

# A4 at 600 dpi is ~140 MB of ARGB; above that the printer gains nothing visible.
MAX_RENDER_DPI = 600


def _load(path: Path) -> QPdfDocument:
    document = QPdfDocument()
    error = document.load(str(path))
    if error != QPdfDocument.Error.None_:
        raise StorageError(_("Cannot open the document {path}.").format(path=path))
    return document


def print_pdf(path: str | Path, printer: QPrinter) -> int:
    """Render every page of the PDF at ``path`` onto ``printer``; return the page count.

    Pages are printed at actual size from the paper's corner (the PDF already
    carries the Decree 30 margins) and shrunk only when they do not fit.
    """
    document = _load(Path(path))
    pages = document.pageCount()
    printer.setFullPage(True)
    if not printer.docName():
        printer.setDocName(Path(path).name)
    painter = QPainter()
    if not painter.begin(printer):
        raise StorageError(_("The printer could not start printing."))
    try:
        dpi = printer.resolution()
        render_dpi = min(dpi, MAX_RENDER_DPI)
        paper = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
        for index in range(pages):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            width = points.width() * dpi / 72.0
            height = points.height() * dpi / 72.0
            scale = min(1.0, paper.width() / width, paper.height() / height)
            target = QRect(0, 0, round(width * scale), round(height * scale))
            image_size = QSize(
                round(points.width() * render_dpi / 72.0 * scale),
                round(points.height() * render_dpi / 72.0 * scale),
            )
            image = document.render(index, image_size)
            painter.drawImage(target, image)
    finally:
        painter.end()
        document.close()
    return pages


class PdfPreviewDialog(QDialog):
    """Shows one PDF; Print sends it to a printer, Open folder shows it on disk."""

    def __init__(self, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.document = QPdfDocument(self)
        self.document.load(str(self.path))
        self.resize(900, 1000)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)

        self.prev_button = QPushButton(self)
        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button = QPushButton(self)
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.page_label = QLabel(self)
        self.fit_button = QPushButton(self)
        self.fit_button.clicked.connect(self.fit_width)
        self.print_button = QPushButton(self)
        self.print_button.clicked.connect(self.print_document)
        self.folder_button = QPushButton(self)
        self.folder_button.clicked.connect(self.open_folder)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.reject)

        bar = QHBoxLayout()
        for widget in (self.prev_button, self.page_label, self.next_button, self.fit_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.print_button, self.folder_button, self.close_button):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_document)
        QShortcut(
            QKeySequence(Qt.Key.Key_PageDown),
            self,
            lambda: self.go_to_page(self.current_page() + 1),
        )
        QShortcut(
            QKeySequence(Qt.Key.Key_PageUp), self, lambda: self.go_to_page(self.current_page() - 1)
        )
        self.print_button.setDefault(True)
        self.print_button.setFocus()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Preview: {name}").format(name=self.path.name))
        self.prev_button.setText(_("◀ Previous page"))
        self.next_button.setText(_("Next page ▶"))
        self.fit_button.setText(_("Fit width"))
        self.print_button.setText(_("&Print…"))
        self.folder_button.setText(_("Open &folder"))
        self.close_button.setText(_("Close"))
        self._update_page_label()

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        if 0 <= page < self.page_count():
            navigator = self.view.pageNavigator()
            navigator.jump(page, QPointF(), navigator.currentZoom())
        self._update_page_label()

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _update_page_label(self, *_args) -> None:
        count = self.page_count()
        page = self.current_page()
        self.page_label.setText(_("Page {page} of {count}").format(page=page + 1, count=count))
        self.prev_button.setEnabled(page > 0)
        self.next_button.setEnabled(page + 1 < count)

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.path.name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print {name}").format(name=self.path.name))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_pdf(self.path, printer)

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.document.close()
        super().closeEvent(event)


__all__ = ["PdfPreviewDialog", "print_pdf"]
