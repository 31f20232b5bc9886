"""The idle lock: covered after the idle time, the same user's password opens it, switch user keeps drafts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from motcua_desktop.i18n import _
from motcua_desktop.services import drafts
from motcua_desktop.services import users as users_service
from motcua_desktop.store.models import User
from motcua_desktop.ui import app
from motcua_desktop.ui.login_dialog import LoginDialog
from motcua_desktop.ui.main_window import PAGE_INTAKE, MainWindow
from motcua_desktop.ui.settings_page import SettingsPage

from .conftest import ADMIN_PASSWORD, CLERK_PASSWORD, show_active, type_text

TICK_MS = 30  # one "minute" of the idle lock in these tests


def idle(qtbot, runner) -> None:
    qtbot.waitUntil(lambda: not runner.is_busy())


def failed_logins(ctx, username: str) -> int:
    with ctx.db.session(readonly=True) as s:
        return s.scalar(select(User.failed_logins).where(User.username == username))


def window_for(qtbot, ctx, runner, user, *, owned=True) -> MainWindow:
    window = MainWindow(ctx, user, runner)
    if owned:  # not when the test logs out: the window is deleted then
        qtbot.addWidget(window)
    show_active(qtbot, window)
    idle(qtbot, runner)
    window.idle_lock.ms_per_minute = TICK_MS
    return window


def wait_locked(qtbot, window) -> None:
    window.idle_lock.set_minutes(1)
    qtbot.waitUntil(lambda: window.idle_lock.is_locked)
    dialog = window.idle_lock.dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and QApplication.focusWidget() is dialog.password)


def test_the_setting_is_read_at_login(qtbot, ctx, runner, users):
    users_service.set_idle_lock_minutes(ctx, 7, users.admin)
    window = MainWindow(ctx, users.clerk, runner)
    qtbot.addWidget(window)
    idle(qtbot, runner)
    assert window.idle_lock.minutes == 7
    assert window.idle_lock.timer.interval() == 7 * 60_000
    window.idle_lock.set_minutes(0)  # never
    assert not window.idle_lock.timer.isActive()


def test_locks_covers_the_window_and_opens_with_the_same_password(qtbot, ctx, runner, users):
    window = window_for(qtbot, ctx, runner, users.clerk)
    wait_locked(qtbot, window)
    lock = window.idle_lock
    assert lock.covers and all(c.isVisible() for c in lock.covers)
    assert lock.covers[0].geometry() == window.rect()
    dialog = lock.dialog
    for attempt in range(3):
        type_text(None, f"sai-mat-khau-{attempt}")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda n=attempt + 1: dialog.failures == n)
    assert dialog.error.text() == _("The password is wrong.") and lock.is_locked
    assert failed_logins(ctx, "clerk") == 3  # they count toward the account's lockout
    dialog.password.setText(CLERK_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.is_locked)
    assert not lock.covers and lock.timer.isActive()
    assert failed_logins(ctx, "clerk") == 0


def test_escape_does_not_unlock(qtbot, ctx, runner, users):
    window = window_for(qtbot, ctx, runner, users.clerk)
    wait_locked(qtbot, window)
    qtbot.keyClick(window.idle_lock.dialog.password, Qt.Key.Key_Escape)
    assert window.idle_lock.is_locked and window.idle_lock.dialog.isVisible()


def test_input_restarts_the_countdown(qtbot, ctx, runner, users):
    window = window_for(qtbot, ctx, runner, users.clerk)
    window.idle_lock.ms_per_minute = 60_000
    window.idle_lock.set_minutes(1)
    qtbot.waitUntil(lambda: window.idle_lock.timer.remainingTime() < 59_000)
    before = window.idle_lock.timer.remainingTime()
    qtbot.keyClick(window.statusBar(), Qt.Key.Key_Shift)
    assert window.idle_lock.timer.remainingTime() > before
    qtbot.waitUntil(lambda: window.idle_lock.timer.remainingTime() < 59_000)
    before = window.idle_lock.timer.remainingTime()
    move = QMouseEvent(
        QEvent.Type.MouseMove, QPoint(5, 5), QPoint(5, 5),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window.nav.viewport(), move)
    assert window.idle_lock.timer.remainingTime() > before
    assert not window.idle_lock.is_locked


def test_switch_user_keeps_the_intake_draft_and_logs_in_again(
    qtbot, ctx, runner, users, monkeypatch
):
    window = window_for(qtbot, ctx, runner, users.clerk, owned=False)
    window.show_page(PAGE_INTAKE)
    intake = window.intake
    qtbot.waitUntil(lambda: intake.isVisible())
    idle(qtbot, runner)
    name = intake.form.applicant.name
    name.setFocus()
    type_text(name, "Nguyễn Văn An")
    wait_locked(qtbot, window)

    def admin_logs_in(dialog: LoginDialog):
        dialog.username.setText("admin")
        dialog.password.setText(ADMIN_PASSWORD)
        dialog.try_login()
        qtbot.waitUntil(lambda: dialog.user is not None)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LoginDialog, "exec", admin_logs_in)
    opened = []
    real_relogin = app.relogin
    monkeypatch.setattr(app, "relogin", lambda *args: opened.append(real_relogin(*args)))
    app.follow_log_out(window, ctx, runner)
    label = window.idle_lock.dialog.switch_button.text()  # its mnemonic in the language shown
    mnemonic = label[label.index("&") + 1]
    qtbot.keyClicks(window.idle_lock.dialog, mnemonic, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(opened))
    draft = drafts.load_draft(ctx, "intake")
    assert draft and draft["applicant"]["name"] == "Nguyễn Văn An"
    new_window = opened[0]
    qtbot.addWidget(new_window)
    assert new_window.user.username == "admin" and new_window is not window
    assert not window.isVisible()


def test_a_leader_sets_the_idle_time_in_settings(qtbot, ctx, runner, users):
    leader = users_service.create_user(
        ctx, "binh", "Trần Văn Bình", "lanh-dao-2026", "leader", users.admin
    )
    window = window_for(qtbot, ctx, runner, leader)
    page = SettingsPage(ctx, leader, runner)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    idle(qtbot, runner)
    box = page.idle_lock
    page.tabs.setCurrentIndex(2)  # Desk
    assert box.apply_button.isVisible() and not box.minutes.isReadOnly()
    assert box.minutes.value() == users_service.idle_lock_minutes(ctx)
    box.minutes.setFocus()
    box.minutes.selectAll()
    type_text(box.minutes, "25")
    qtbot.keyClick(box.minutes, Qt.Key.Key_Return)
    idle(qtbot, runner)
    assert users_service.idle_lock_minutes(ctx) == 25
    qtbot.waitUntil(lambda: window.idle_lock.minutes == 25)  # the change reaches the lock
    assert "25" in box.status.text()
