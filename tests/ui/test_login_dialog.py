"""The login dialog: a wrong password keeps the dialog open with the message inline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from motcua_desktop.i18n import _
from motcua_desktop.ui.login_dialog import LoginDialog

from .conftest import ADMIN_PASSWORD, show_active, type_text


def test_wrong_then_right_password(qtbot, ctx, runner, users):
    dialog = LoginDialog(ctx, runner, "An Phú")
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert dialog.commune_label.text() == "An Phú"
    assert dialog.focusWidget() is dialog.username

    type_text(dialog.username, "admin")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    type_text(dialog.focusWidget(), "wrong-password")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == _("Wrong user name or password.")
    assert dialog.focusWidget() is dialog.password
    assert dialog.password.selectedText() == "wrong-password"
    assert dialog.result() != QDialog.DialogCode.Accepted

    type_text(dialog.password, ADMIN_PASSWORD)  # replaces the selected text
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert dialog.user.username == "admin"
    assert dialog.user.role == "admin"


def test_empty_user_name_is_refused_inline(qtbot, ctx, runner, users):
    dialog = LoginDialog(ctx, runner, "An Phú", username="")
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.error.isVisible()
    assert dialog.error.text() == _("Enter your user name.")


def test_prefilled_user_name_puts_focus_on_password(qtbot, ctx, runner, users):
    dialog = LoginDialog(ctx, runner, "An Phú", username="admin", hint="Demo: admin")
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert dialog.focusWidget() is dialog.password
    assert dialog.hint_label.isVisible()
