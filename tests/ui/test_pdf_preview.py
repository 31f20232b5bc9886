"""The PDF preview dialog and printing a PDF onto a QPrinter, checked with pypdf."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfgen import canvas

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.ui.pdf_preview import PdfPreviewDialog, print_pdf


@pytest.fixture
def two_pages(tmp_path):
    path = tmp_path / "slip.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A5)
    for text in ("Liên 1: lưu", "Liên 2: giao người nộp"):
        pdf.drawString(60, 500, text)
        pdf.showPage()
    pdf.save()
    return path


def pdf_printer(path, resolution=150) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(resolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    return printer


def test_print_pdf_renders_every_page(qapp, two_pages, tmp_path):
    out = tmp_path / "printed.pdf"
    assert print_pdf(two_pages, pdf_printer(out)) == 2
    assert out.exists()
    reader = PdfReader(str(out))
    assert len(reader.pages) == 2
    # A5 pages on A4 paper are printed at actual size, not blown up.
    width_pt = float(reader.pages[0].mediabox.width)
    assert abs(width_pt - A4[0]) < 2


def test_print_pdf_of_a_missing_file_is_a_clear_error(qapp, tmp_path):
    with pytest.raises(StorageError):
        print_pdf(tmp_path / "nope.pdf", pdf_printer(tmp_path / "out.pdf"))


def test_preview_navigates_and_closes_on_escape(qtbot, two_pages):
    dialog = PdfPreviewDialog(two_pages)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.page_count() == 2
    assert "1" in dialog.page_label.text() and "2" in dialog.page_label.text()
    assert not dialog.prev_button.isEnabled()

    dialog.go_to_page(1)
    qtbot.waitUntil(lambda: dialog.current_page() == 1)
    assert not dialog.next_button.isEnabled() and dialog.prev_button.isEnabled()
    dialog.fit_width()
    assert dialog.view.zoomMode() == dialog.view.ZoomMode.FitToWidth

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_print_button_prints_through_the_dialog(qtbot, two_pages, tmp_path, monkeypatch):
    out = tmp_path / "via-dialog.pdf"
    from motcua_desktop.ui import pdf_preview

    class FakePrintDialog:
        def __init__(self, printer, parent):
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(out))
            printer.setResolution(100)

        def setWindowTitle(self, title):  # noqa: N802 - Qt's name
            pass

        def exec(self):
            return pdf_preview.QDialog.DialogCode.Accepted

    monkeypatch.setattr(pdf_preview, "QPrintDialog", FakePrintDialog)
    dialog = PdfPreviewDialog(two_pages)
    qtbot.addWidget(dialog)
    dialog.print_button.click()
    assert len(PdfReader(str(out)).pages) == 2
