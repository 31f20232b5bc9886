"""Unexpected errors: log the traceback, save open drafts, show the crash dialog."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop import __version__, logging_setup
from motcua_desktop.i18n import _

log = logging.getLogger(__name__)
_in_handler = False


class CrashDialog(QDialog):
    """Tells the clerk that something went wrong, where the log is, and that the form was kept."""

    def __init__(self, details: str, log_file: str, saved: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.details = details
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.message = QLabel(wordWrap=True)
        self.log_label = QLabel(wordWrap=True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_box = QPlainTextEdit(details, readOnly=True)
        self.details_box.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.copy_button = QPushButton()
        self.toggle_button = QPushButton()
        self.close_button = QPushButton()
        self.close_button.setDefault(True)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.toggle_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.clicked.connect(self.copy_details)
        self.toggle_button.clicked.connect(
            lambda: self.details_box.setVisible(not self.details_box.isVisible())
        )
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.message)
        layout.addWidget(self.log_label)
        layout.addWidget(self.details_box)
        layout.addWidget(self.buttons)
        self._log_file = log_file
        self._saved = saved
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Unexpected error"))
        text = _("Something went wrong inside the program. Your work has not been lost.")
        if self._saved:
            text += " " + _("The open forms were saved as drafts and will come back next time.")
        self.message.setText(text)
        self.log_label.setText(
            _("Details were written to the log file:")
            + "\n"
            + (self._log_file or _("(no log file)"))
        )
        self.copy_button.setText(_("&Copy details"))
        self.toggle_button.setText(_("Show &details"))
        self.close_button.setText(_("Close"))

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)


def save_open_drafts() -> int:
    """Ask every open widget that implements ``save_draft_now()`` to keep its data."""
    app = QApplication.instance()
    if app is None:
        return 0
    saved = 0
    for widget in QApplication.allWidgets():
        save = getattr(widget, "save_draft_now", None)
        if not callable(save):
            continue
        try:
            save()
            saved += 1
        except Exception:  # a second failure must not hide the first one
            log.exception("could not save the draft of %s", type(widget).__name__)
    return saved


def show_crash_dialog(details: str, log_file: str, saved: int) -> None:
    """Show the modal crash dialog (tests replace this function)."""
    parent = QApplication.activeWindow()
    CrashDialog(details, log_file, saved, parent).exec()


def handle_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """``sys.excepthook``: log, save drafts, then tell the clerk."""
    global _in_handler
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = f"motcua-desktop {__version__}\n" + "".join(
        traceback.format_exception(exc_type, exc, tb)
    )
    log.critical("unexpected error\n%s", details)
    logging_setup.flush()
    if _in_handler or QApplication.instance() is None:
        return  # an error while reporting an error: the log has it
    _in_handler = True
    try:
        saved = save_open_drafts()
        path = logging_setup.log_path()
        show_crash_dialog(details, str(path) if path else "", saved)
    finally:
        _in_handler = False


def install_excepthook() -> None:
    sys.excepthook = handle_exception
