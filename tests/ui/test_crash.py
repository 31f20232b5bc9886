"""The crash hook: the traceback reaches the log and open forms save their drafts first."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from motcua_desktop import logging_setup
from motcua_desktop.ui import crash
from motcua_desktop.ui.errors import show_error


class _Form(QWidget):
    def __init__(self):
        super().__init__()
        self.saved = 0

    def save_draft_now(self):
        self.saved += 1


class _BrokenForm(QWidget):
    def save_draft_now(self):
        raise OSError("disk full")


@pytest.fixture
def log_file(tmp_path):
    path = logging_setup.setup_logging(tmp_path / "data")
    yield path
    logging_setup.setup_logging(None, level=logging.WARNING)


@pytest.fixture
def shown(monkeypatch):
    calls = []
    monkeypatch.setattr(crash, "show_crash_dialog", lambda *args: calls.append(args))
    return calls


def _raise_and_handle():
    try:
        {}["applicant"]
    except KeyError:
        crash.handle_exception(*sys.exc_info())


def test_hook_logs_saves_drafts_and_shows_dialog(qtbot, log_file, shown):
    form, broken = _Form(), _BrokenForm()
    qtbot.addWidget(form)
    qtbot.addWidget(broken)
    _raise_and_handle()
    assert form.saved == 1  # a failing form does not stop the others
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and "KeyError: 'applicant'" in text
    assert "could not save the draft of _BrokenForm" in text
    details, path, saved = shown[0]
    assert "KeyError: 'applicant'" in details
    assert path == str(log_file)
    assert saved == 1


def test_install_sets_excepthook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    crash.install_excepthook()
    assert sys.excepthook is crash.handle_exception


def test_unexpected_error_from_show_error_goes_to_crash(qtbot, log_file, shown):
    try:
        raise RuntimeError("worker bug")
    except RuntimeError as exc:
        show_error(None, exc)
    assert "RuntimeError: worker bug" in shown[0][0]


def test_crash_dialog_copies_details(qtbot):
    dialog = crash.CrashDialog("Traceback: boom", "/data/logs/motcua.log", 1)
    qtbot.addWidget(dialog)
    assert "/data/logs/motcua.log" in dialog.log_label.text()
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == "Traceback: boom"
    dialog.toggle_button.click()
    assert not dialog.details_box.isHidden()
