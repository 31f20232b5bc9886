"""The backup section of Settings: back up now, and a confirmed restore, driven by the keyboard."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from motcua_desktop.i18n import _
from motcua_desktop.services import backup as backup_service
from motcua_desktop.sync.state import EPOCH_ID, get_state, set_state
from motcua_desktop.ui.backup_panel import BackupPanel


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
