"""Accounts on screen: lockout at the login, forced change after a reset, the Users tab, own password."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from motcua_desktop.domain.errors import AuthenticationFailed, NotAllowed
from motcua_desktop.i18n import _, format_ui_datetime
from motcua_desktop.services import users as users_service
from motcua_desktop.services.permissions import role_label
from motcua_desktop.ui.login_dialog import LoginDialog
from motcua_desktop.ui.main_window import MainWindow
from motcua_desktop.ui.settings_page import SettingsPage
from motcua_desktop.ui.users_panel import TemporaryPasswordDialog, UsersPanel

from .conftest import ADMIN_PASSWORD, CLERK_PASSWORD, show_active, type_text

NEW_PASSWORD = "tiep-nhan-2026"


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key to the focused widget, else to the active window (as a real keyboard would)."""
    target = focused() or QApplication.activeWindow()
    assert target is not None, "no window to take the key"
    qtbot.keyClick(target, key, modifier)


def focus_on(qtbot, widget) -> None:
    """Give ``widget`` the keyboard: its window active (a progress box may have taken it), then it."""
    window = widget.window()
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus()
    qtbot.waitUntil(lambda: focused() is widget)


def idle(qtbot, runner) -> None:
    qtbot.waitUntil(lambda: not runner.is_busy())


def login_dialog(qtbot, ctx, runner, username="") -> LoginDialog:
    dialog = LoginDialog(ctx, runner, "An Phú", username=username)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog


def test_lockout_message_names_the_release_time(qtbot, ctx, runner, users):
    moment = datetime(2026, 3, 16, 9, 0)
    dialog = login_dialog(qtbot, ctx, runner, username="clerk")
    dialog.clock = lambda: moment
    for attempt in range(users_service.MAX_FAILED_LOGINS):
        type_text(None, f"wrong-{attempt}")  # the field's text is selected after a failure
        press(qtbot, Qt.Key.Key_Return)
        idle(qtbot, runner)
    until = moment + timedelta(minutes=users_service.LOCKOUT_MINUTES)
    assert format_ui_datetime(until) in dialog.error.text()
    assert dialog.error.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    # Locked: even the right password is refused until the release time.
    dialog.password.setText(CLERK_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    idle(qtbot, runner)
    assert dialog.user is None and format_ui_datetime(until) in dialog.error.text()
    # After it, the right password opens.
    dialog.clock = lambda: until + timedelta(minutes=1)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert dialog.user.username == "clerk"


def test_forced_change_after_a_reset_before_the_main_window(qtbot, ctx, runner, users):
    temporary = users_service.reset_password(ctx, "clerk", users.admin)
    dialog = login_dialog(qtbot, ctx, runner, username="clerk")
    type_text(None, temporary)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.password_dialog is not None)
    change = dialog.password_dialog
    qtbot.waitUntil(lambda: change.isVisible() and focused() is change.new)
    assert not change.old.isVisible()  # the temporary password was just typed
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.user is None
    type_text(None, "short")
    assert change.rules.text() != _("✓ The new password meets the rules.")
    change.new.selectAll()
    type_text(None, NEW_PASSWORD)
    assert change.rules.text() == _("✓ The new password meets the rules.")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, NEW_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert dialog.user.username == "clerk" and not dialog.user.must_change_password
    fresh = users_service.authenticate(ctx, "clerk", NEW_PASSWORD)
    assert not fresh.must_change_password


def test_cancelling_the_forced_change_does_not_log_in(qtbot, ctx, runner, users):
    temporary = users_service.reset_password(ctx, "clerk", users.admin)
    dialog = login_dialog(qtbot, ctx, runner, username="clerk")
    type_text(None, temporary)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.password_dialog is not None)
    change = dialog.password_dialog
    qtbot.waitUntil(change.isVisible)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.password_dialog is None)
    assert dialog.user is None and dialog.error.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted


def settings_page(qtbot, ctx, runner, user) -> SettingsPage:
    page = SettingsPage(ctx, user, runner)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    show_active(qtbot, page)
    qtbot.waitUntil(lambda: page.profile is not None)
    return page


def test_admin_resets_a_clerks_password_and_sees_it_once(qtbot, ctx, runner, users):
    page = settings_page(qtbot, ctx, runner, users.admin)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert _("&Users") in titles
    page.tabs.setCurrentWidget(page.users)
    panel = page.users
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2)
    assert panel.table.item(1, 2).text() == role_label("clerk")
    panel.table.setCurrentCell(0, 0)
    focus_on(qtbot, panel.table)
    press(qtbot, Qt.Key.Key_Down)
    assert panel.current_user().username == "clerk"
    panel.buttons["reset"].click()
    question = panel.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is question)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, TemporaryPasswordDialog))
    shown = panel.dialog
    qtbot.waitUntil(shown.isVisible)
    temporary = shown.value.text()
    assert temporary == shown.password and len(temporary) >= users_service.MIN_PASSWORD
    focus_on(qtbot, shown.copy_button)
    press(qtbot, Qt.Key.Key_Space)
    assert QApplication.clipboard().text() == temporary
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.dialog is None)
    info = users_service.authenticate(ctx, "clerk", temporary)
    assert info.must_change_password
    with pytest.raises(AuthenticationFailed):  # the old password no longer works
        users_service.authenticate(ctx, "clerk", CLERK_PASSWORD)


def test_admin_adds_a_user_changes_the_role_and_unlocks(qtbot, ctx, runner, users):
    panel = UsersPanel(ctx, users.admin, runner)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    show_active(qtbot, panel)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2)
    focus_on(qtbot, panel.table)
    press(qtbot, Qt.Key.Key_Insert)
    dialog = panel.dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and focused() is dialog.username)
    for text in ("clerk", "Phạm Thị Lan"):  # a user name already taken, first
        type_text(None, text)
        press(qtbot, Qt.Key.Key_Tab)
    dialog.role.setCurrentIndex(dialog.role.findData("iso_secretary"))
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, NEW_PASSWORD)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, NEW_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    # Refused inline; the dialog stays with what was typed, the user name selected.
    qtbot.waitUntil(dialog.error.isVisible)
    assert "clerk" in dialog.error.text() and dialog.isVisible()
    assert focused() is dialog.username and dialog.full_name.text() == "Phạm Thị Lan"
    type_text(None, "lan.iso")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 3)
    assert panel.dialog is None  # closed (and deleted) once the account exists
    idle(qtbot, runner)
    assert panel.current_user().username == "lan.iso"
    assert panel.current_user().role == "iso_secretary"

    focus_on(qtbot, panel.table)
    press(qtbot, Qt.Key.Key_F2)
    role_dialog = panel.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is role_dialog)
    role_dialog.role.setCurrentIndex(role_dialog.role.findData("leader"))
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.current_user().role == "leader")
    assert panel.table.item(panel.table.currentRow(), 2).text() == role_label("leader")

    for attempt in range(users_service.MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationFailed):
            users_service.authenticate(ctx, "lan.iso", f"wrong-{attempt}")
    panel.refresh("lan.iso")
    qtbot.waitUntil(lambda: panel.current_user().locked_until is not None)
    assert panel.table.item(panel.table.currentRow(), 4).text()
    assert panel.buttons["unlock"].isEnabled()
    focus_on(qtbot, panel.table)
    press(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.current_user().locked_until is None)
    assert users_service.authenticate(ctx, "lan.iso", NEW_PASSWORD).username == "lan.iso"

    panel.buttons["active"].click()
    qtbot.waitUntil(lambda: not panel.current_user().active)
    assert panel.buttons["active"].text() == _("Enable")


def test_a_clerk_has_no_users_tab(qtbot, ctx, runner, users):
    page = settings_page(qtbot, ctx, runner, users.clerk)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert page.users is None and _("&Users") not in titles
    page.tabs.setCurrentIndex(2)  # Desk: the idle lock is shown, not editable
    assert page.idle_lock.isVisible() and page.idle_lock.minutes.isReadOnly()
    assert not page.idle_lock.apply_button.isVisible()


def test_a_refusal_from_the_service_goes_through_the_error_mapping(
    qtbot, ctx, runner, users, monkeypatch
):
    """A stale panel (the role was taken away): the service refuses, the refusal is shown."""
    shown: list = []
    monkeypatch.setattr("motcua_desktop.ui.errors.show_error", lambda _p, exc: shown.append(exc))
    panel = UsersPanel(ctx, users.clerk, runner)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2)
    panel.table.setCurrentCell(0, 0)
    panel.toggle_active()
    qtbot.waitUntil(lambda: bool(shown))
    assert isinstance(shown[0], NotAllowed)
    assert users_service.get_user(ctx, "admin").active


def test_change_my_password_from_the_main_window(qtbot, ctx, runner, users):
    window = MainWindow(ctx, users.clerk, runner)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    idle(qtbot, runner)
    qtbot.keyClick(
        window,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.password_dialog is not None)
    dialog = window.password_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and focused() is dialog.old)
    type_text(None, "not-my-password-1")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, NEW_PASSWORD)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, NEW_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.error.isVisible)
    assert focused() is dialog.old and dialog.isVisible()
    dialog.old.setText(CLERK_PASSWORD)
    dialog.repeat.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.password_dialog is None)
    assert users_service.authenticate(ctx, "clerk", NEW_PASSWORD).username == "clerk"
    assert users_service.authenticate(ctx, "admin", ADMIN_PASSWORD).username == "admin"
