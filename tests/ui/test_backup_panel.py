"""The backup section of Settings: back up now, and a confirmed restore, driven by the keyboard."""

from __future__ import annotations

import errno
import sqlite3

from PySide6.QtCore import Qt

from motcua_desktop import i18n
from motcua_desktop.i18n import _
from motcua_desktop.services import backup as backup_service
from motcua_desktop.services import provisioning, stick_backup
from motcua_desktop.sync import mailbox
from motcua_desktop.sync.state import EPOCH_ID, get_state, set_state
from motcua_desktop.ui.backup_panel import BackupPanel
from motcua_desktop.ui.sync_page import SyncPage


def _panel(qtbot, ctx, runner, user):
    panel = BackupPanel(ctx, user, runner)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.last.text() != "")
    return panel


def _setting(ctx, key):
    with ctx.db.session(readonly=True) as s:
        return get_state(s, key)


def test_back_up_now_by_keyboard(qtbot, ctx, runner, users):
    panel = _panel(qtbot, ctx, runner, users.clerk)
    assert panel.last.text() == _("No backup has been made yet.")
    assert not panel.restore_button.isVisible()  # only an admin restores
    panel.backup_button.setFocus()
    with qtbot.waitSignal(panel.backed_up) as blocker:
        qtbot.keyClick(panel.backup_button, Qt.Key.Key_Space)
    info = blocker.args[0]
    assert info.path.exists() and info.reason == "manual"
    assert info.name in panel.last.text()
    assert backup_service.last_backup(ctx) == info


def test_restore_asks_then_replaces_the_database(qtbot, ctx, runner, users, monkeypatch):
    with ctx.db.session() as s:
        set_state(s, EPOCH_ID, "epoch-before")
        set_state(s, "marker", "in the backup")
    saved = backup_service.backup_now(ctx, "manual")
    with ctx.db.session() as s:
        set_state(s, "marker", "after the backup")

    panel = _panel(qtbot, ctx, runner, users.admin)
    assert panel.restore_button.isVisible()
    monkeypatch.setattr(panel, "choose_file", lambda: saved.path)
    panel.restore_button.setFocus()
    qtbot.keyClick(panel.restore_button, Qt.Key.Key_Space)
    dialog = panel.confirm
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.restore_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # nothing happens until the box is ticked
    assert dialog.isVisible() and _setting(ctx, "marker") == "after the backup"

    dialog.understood.setFocus()
    qtbot.keyClick(dialog.understood, Qt.Key.Key_Space)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(panel.restored, timeout=20000) as blocker:
        qtbot.keyClick(dialog.understood, Qt.Key.Key_Return)
    result = blocker.args[0]
    assert _setting(ctx, "marker") == "in the backup"
    assert _setting(ctx, EPOCH_ID) == result.epoch_id != "epoch-before"
    assert result.kept.path.name in panel.status.text()
    conn = sqlite3.connect(result.kept.path)
    kept = conn.execute("SELECT value FROM local_state WHERE key = 'marker'").fetchone()[0]
    conn.close()
    assert "after the backup" in kept


def test_restore_cancelled_by_escape_changes_nothing(qtbot, ctx, runner, users, monkeypatch):
    saved = backup_service.backup_now(ctx, "manual")
    panel = _panel(qtbot, ctx, runner, users.admin)
    monkeypatch.setattr(panel, "choose_file", lambda: saved.path)
    qtbot.keyClick(panel.restore_button, Qt.Key.Key_Space)
    qtbot.waitUntil(panel.confirm.isVisible)
    qtbot.keyClick(panel.confirm, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel.confirm.isVisible())
    assert not runner.is_busy()
    assert [b.reason for b in backup_service.list_backups(ctx)] == ["manual"]


# -- the encrypted copy to the USB stick -------------------------------------------


def _stick_panel(qtbot, ctx, runner, user):
    i18n.set_language("en")
    panel = _panel(qtbot, ctx, runner, user)
    qtbot.waitUntil(lambda: panel.stick_last.text() != "")
    return panel


def test_the_stick_copy_setting_by_keyboard(qtbot, ctx, runner, users):
    panel = _stick_panel(qtbot, ctx, runner, users.admin)
    assert panel.stick.text() == "Copy an encrypted backup to the USB stick at each exchange"
    assert panel.stick_last.text() == "No encrypted backup has been copied to a stick yet."
    assert not panel.stick.isChecked() and not stick_backup.is_enabled(ctx)
    panel.stick.setFocus()
    with qtbot.waitSignal(panel.stick_saved) as blocker:
        qtbot.keyClick(panel.stick, Qt.Key.Key_Space)
    assert blocker.args == [True] and panel.stick.isChecked()
    assert stick_backup.is_enabled(ctx)
    with qtbot.waitSignal(panel.stick_saved) as blocker:
        qtbot.keyClick(panel.stick, Qt.Key.Key_Space)
    assert blocker.args == [False] and not stick_backup.is_enabled(ctx)


def test_a_clerk_sees_the_setting_but_cannot_change_it(qtbot, ctx, runner, users):
    stick_backup.set_backup_to_stick(ctx, True, users.admin)
    panel = _stick_panel(qtbot, ctx, runner, users.clerk)
    qtbot.waitUntil(panel.stick.isChecked)
    assert not panel.stick.isEnabled()


def test_a_failed_stick_copy_shows_on_the_sync_page_and_in_the_backups_tab(
    qtbot, ctx, runner, users, tmp_path, monkeypatch
):
    provisioning.provision_demo(ctx)
    stick_backup.set_backup_to_stick(ctx, True, users.admin)
    panel = _stick_panel(qtbot, ctx, runner, users.admin)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stick_backup, "seal", full)
    page = SyncPage(ctx, users.clerk, runner)
    qtbot.addWidget(page)
    page.show()
    page.confirm_preview = lambda previews: True
    stick = tmp_path / "stick"
    page.exchange_with(str(stick))
    qtbot.waitUntil(lambda: page.summary.isVisible() and not page.busy)
    summary = page.summary.text()
    assert "Wrote " in summary  # the bundle is written all the same
    assert "Warning: The data bundle is on the stick, but the encrypted backup copy failed" in (
        summary
    )
    assert "is full" in summary
    assert list(mailbox.list_bundles(mailbox.outbox_dir(stick, _agency(ctx))))
    qtbot.waitUntil(lambda: "failed" in panel.stick_last.text())
    assert "is full" in panel.stick_last.text()


def _agency(ctx) -> str:
    from motcua_desktop.services import settings

    return settings.get_preference(ctx, "profile")["agency_code"]
