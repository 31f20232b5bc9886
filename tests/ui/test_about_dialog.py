"""The About dialog, opened from the main window with F1 and driven by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from motcua_desktop import __version__, i18n
from motcua_desktop.services import backup
from motcua_desktop.ui.about_dialog import AboutDialog
from motcua_desktop.ui.main_window import MainWindow

from .conftest import show_active


def test_f1_opens_about_and_copy_puts_the_diagnostics_on_the_clipboard(qtbot, ctx, runner, users):
    saved = backup.backup_now(ctx, backup.MANUAL)
    win = MainWindow(ctx, users.admin, runner)
    qtbot.addWidget(win)
    show_active(qtbot, win)

    qtbot.keyClick(win, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AboutDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: dialog.copy_button.isEnabled())

    assert dialog.values["version"].text() == __version__
    assert dialog.values["data_dir"].text() == str(ctx.data_dir)
    assert dialog.values["name"].text() == "An Phú"
    assert dialog.values["agency_code"].text() == "000.00.20.H56"
    assert dialog.values["last_backup"].text() == i18n.format_ui_datetime(saved.taken_at)
    assert dialog.values["last_export"].text() == i18n._("never")
    labels = [dialog.form.itemAt(i, dialog.form.ItemRole.LabelRole).widget().text()
              for i in range(dialog.form.rowCount())]  # fmt: skip
    assert i18n._("Program version") + ":" in labels and i18n._("Data folder") + ":" in labels

    QApplication.clipboard().clear()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.copy_button)
    qtbot.keyClick(dialog.copy_button, Qt.Key.Key_Space)
    text = QApplication.clipboard().text()
    assert text.startswith(f"version: {__version__}\nqt: ")
    assert "pyside: " in text and f"data_dir: {ctx.data_dir}" in text
    assert "agency_code: 000.00.20.H56" in text and f"last_backup_file: {saved.name}" in text
    assert dialog.copied.text()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_english_labels(qtbot, ctx, runner, users):
    i18n.set_language("en")
    dialog = AboutDialog(ctx, None, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.copy_button.isEnabled())
    assert dialog.windowTitle() == "About motcua-desktop"
    assert dialog.copy_button.text() == "&Copy diagnostic info"
    assert dialog.form.labelForField(dialog.values["version"]).text() == "Program version:"
    assert dialog.values["mode"].text() == "Commune"
