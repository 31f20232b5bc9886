"""Start-up: a bad data folder exits with code 1, a configured one reaches the main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QDialog

from motcua_desktop import logging_setup
from motcua_desktop.services import setup as setup_service
from motcua_desktop.services.demo import DEMO_PASSWORD
from motcua_desktop.ui import app
from motcua_desktop.ui.login_dialog import LoginDialog
from motcua_desktop.ui.main_window import MainWindow
from motcua_desktop.ui.welcome_dialog import WelcomeDialog

from .conftest import ADMIN_PASSWORD


def test_unusable_data_folder_exits_with_1(qtbot, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    monkeypatch.setattr(app, "storage_error_dialog", lambda exc, folder: shown.append(exc))
    assert app.main(["--data-dir", str(not_a_folder / "data"), "--lang", "en"]) == 1
    assert shown and shown[0].message
    logging_setup.setup_logging(None, level=logging.WARNING)


def test_configured_folder_logs_in_to_main_window(qtbot, ctx, runner, users, monkeypatch):
    ctx.close()

    def login(dialog: LoginDialog):
        dialog.username.setText("admin")
        dialog.password.setText(ADMIN_PASSWORD)
        dialog.try_login()
        qtbot.waitUntil(lambda: dialog.user is not None)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LoginDialog, "exec", login)
    args = app.parse_args(["--data-dir", str(ctx.data_dir)])
    window, opened = app.start(args, runner)
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert window.user.username == "admin"
    opened.close()


def test_first_run_demo(qtbot, tmp_path, runner, monkeypatch):
    def choose_demo(dialog: WelcomeDialog):
        dialog.demo_button.click()
        return dialog.result()

    logins = []

    def cancel_login(dialog: LoginDialog):
        logins.append((dialog.username.text(), dialog.hint_label.text()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(WelcomeDialog, "exec", choose_demo)
    monkeypatch.setattr(LoginDialog, "exec", cancel_login)
    monkeypatch.setattr(app, "DEMO_DOSSIERS", 20)
    args = app.parse_args(["--data-dir", str(tmp_path / "demo")])
    result, opened = app.start(args, runner)
    assert result == 0
    assert setup_service.get_profile(opened).commune_name
    username, hint = logins[0]
    assert username == "admin" and DEMO_PASSWORD in hint
    opened.close()
