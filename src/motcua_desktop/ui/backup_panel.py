"""The Settings section for backups: the last backup, "Back up now", and "Restore…" (admins only)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _, format_ui_datetime
from motcua_desktop.services import backup as backup_service
from motcua_desktop.services import restore as restore_service
from motcua_desktop.services import stick_backup
from motcua_desktop.services.permissions import can
from motcua_desktop.ui.confirm_dialog import TickToConfirm
from motcua_desktop.ui.errors import show_error

RESTORE_ROLES = (restore_service.RESTORE_ROLE,)


def _describe(info) -> str:
    if info is None:
        return _("No backup has been made yet.")
    return _("Last backup: {when} ({name}, {size} KB)").format(
        when=info.taken_at.strftime("%d/%m/%Y %H:%M"), name=info.name, size=info.size // 1024
    )


def describe_stick(status) -> str:
    """The last encrypted copy to a stick (or why it failed), in one line."""
    if status is None or status.last_at is None:
        return _("No encrypted backup has been copied to a stick yet.")
    when = format_ui_datetime(status.last_at)
    if status.last_error:
        return _("The last copy to a stick failed ({when}): {error}").format(
            when=when, error=status.last_error
        )
    return _("Last encrypted copy to a stick: {when} ({path}, {size})").format(
        when=when, path=status.last_path, size=stick_backup.megabytes(status.last_size)
    )


class RestoreConfirm(TickToConfirm):
    """Asks before a restore: the box must be ticked, then Restore (the default button)."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            "restore_confirm",
            _("Restore a backup"),
            _(
                "The database will be replaced by {file}. Everything entered since that backup "
                "will be gone from this PC; the current database is kept as a backup first, "
                "and the district is told at the next exchange."
            ).format(file=path.name),
            _("I understand; replace the database"),
            _("Restore"),
            parent,
        )
        self.restore_button = self.ok_button


class BackupPanel(QWidget):
    """Add it to the Settings page; ``restored`` is emitted after a restore (reload every screen)."""

    restored = Signal(object)  # services.restore.RestoreResult
    backed_up = Signal(object)  # services.backup.BackupInfo
    stick_saved = Signal(bool)  # the "copy to the stick" setting was saved

    def __init__(self, ctx, user, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.runner = runner
        self.confirm: RestoreConfirm | None = None
        self.last = QLabel(objectName="last_backup", wordWrap=True)
        self.status = QLabel(objectName="backup_status", wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_button = QPushButton(objectName="backup_now", clicked=self.back_up)
        self.restore_button = QPushButton(objectName="restore_backup", clicked=self.start_restore)
        self.restore_button.setVisible(user.role in RESTORE_ROLES)
        # ``clicked`` (mouse or Space), not ``toggled``: loading the setting must not save it.
        self.stick = QCheckBox(objectName="backup_to_stick", clicked=self._set_stick)
        self.stick.setEnabled(can(user, Permission.SETTINGS))
        self.stick_last = QLabel(objectName="last_stick_backup", wordWrap=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.last)
        layout.addLayout(buttons)
        layout.addWidget(self.stick)
        layout.addWidget(self.stick_last)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.retranslate_ui()
        self.reload()
        runner.changed.connect(self._on_changed)

    def _on_changed(self, tag: str) -> None:
        if tag == "sync":  # an exchange may have copied a backup to the stick
            self.runner.run(stick_backup.stick_backup_status, self.ctx, on_success=self._show_stick)

    def retranslate_ui(self) -> None:
        self.backup_button.setText(_("Back up now"))
        self.restore_button.setText(_("Restore…"))
        self.stick.setText(_("Copy an encrypted backup to the USB stick at each exchange"))

    def reload(self) -> None:
        self.runner.run(backup_service.last_backup, self.ctx, on_success=self._show_last)
        self.runner.run(stick_backup.stick_backup_status, self.ctx, on_success=self._show_stick)

    def _show_stick(self, status) -> None:
        self.stick.setChecked(status.enabled)
        self.stick_last.setText(describe_stick(status))

    def _set_stick(self, on: bool) -> None:
        self.stick.setEnabled(False)
        self.runner.run(
            stick_backup.set_backup_to_stick,
            self.ctx,
            on,
            self.user,
            on_success=self._stick_saved,
            on_error=self._stick_failed,
        )

    def _stick_saved(self, on: bool) -> None:
        self.stick.setEnabled(True)
        self.stick.setChecked(on)
        self.stick_saved.emit(on)

    def _stick_failed(self, exc: BaseException) -> None:
        self.stick.setEnabled(can(self.user, Permission.SETTINGS))
        self.stick.setChecked(not self.stick.isChecked())  # the click did not take
        self._failed(exc)

    def _show_last(self, info) -> None:
        self.last.setText(_describe(info))

    def _busy(self, busy: bool) -> None:
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)

    # -- backing up -----------------------------------------------------------

    def back_up(self) -> None:
        self._busy(True)
        self.status.clear()
        self.runner.run(
            backup_service.backup_now,
            self.ctx,
            backup_service.MANUAL,
            on_success=self._backed_up,
            on_error=self._failed,
            progress_label=_("Backing up the database…"),
        )

    def _backed_up(self, info) -> None:
        self._busy(False)
        self._show_last(info)
        self.status.setText(_("Backup written to {path}.").format(path=info.path))
        self.backed_up.emit(info)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, MotcuaError):
            self.status.setText(exc.message)
        else:
            show_error(self, exc)

    # -- restoring ------------------------------------------------------------

    def choose_file(self) -> Path | None:
        """The backup file to restore (a file dialog opened on the backups folder)."""
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the backup to restore"),
            str(self.ctx.backups_dir),
            _("Backups (*.sqlite3)"),
        )
        return Path(name) if name else None

    def start_restore(self) -> None:
        if self.user.role not in RESTORE_ROLES:
            return
        path = self.choose_file()
        if path is None:
            return
        self.status.clear()
        self.confirm = RestoreConfirm(path, self)
        self.confirm.accepted.connect(lambda p=path: self._restore(p))
        self.confirm.open()

    def _restore(self, path: Path) -> None:
        self._busy(True)
        self.runner.run(
            restore_service.restore,
            self.ctx,
            path,
            self.user,
            on_success=self._restored,
            on_error=self._failed,
            changes="restore",
            progress_label=_("Restoring the backup…"),
        )

    def _restored(self, result) -> None:
        self._busy(False)
        self.status.setText(
            _(
                "Restored {file}. The database as it was is kept in {kept}. "
                "A new sync epoch started."
            ).format(file=result.restored_from.name, kept=result.kept.path)
        )
        self.reload()
        self.restored.emit(result)
