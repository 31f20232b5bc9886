"""Settings → Desk: how many idle minutes before the program locks itself (ui/idle_lock)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _, ngettext
from motcua_desktop.services import users as users_service
from motcua_desktop.services.permissions import can
from motcua_desktop.ui.operations import OpRunner


class IdleLockSetting(QGroupBox):
    """Settings → Desk: minutes before the lock (0 = never); leaders and administrators change it."""

    def __init__(self, ctx, user, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="idle_lock_setting")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.can_edit = can(user, Permission.SETTINGS)
        self.minutes = QSpinBox(objectName="idle_lock_minutes")
        self.minutes.setRange(0, users_service.MAX_IDLE_LOCK_MINUTES)
        self.minutes.setReadOnly(not self.can_edit)
        self.minutes.lineEdit().returnPressed.connect(self.apply)
        self.minutes_label = QLabel()
        self.minutes_label.setBuddy(self.minutes)
        self.apply_button = QPushButton(objectName="idle_lock_apply", clicked=self.apply)
        self.apply_button.setVisible(self.can_edit)
        self.status = QLabel(wordWrap=True, objectName="idle_lock_status")
        row = QHBoxLayout()
        row.addWidget(self.minutes_label)
        row.addWidget(self.minutes)
        row.addWidget(self.apply_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.retranslate_ui()
        self.reload()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Idle lock"))
        self.minutes_label.setText(_("Lock the program after &minutes without use:"))
        self.minutes.setSpecialValueText(_("never"))
        self.apply_button.setText(_("Apply"))
        if not self.can_edit:
            self.status.setText(_("Only a leader or an administrator can change the idle lock."))
        self.status.setVisible(bool(self.status.text()))

    def reload(self) -> None:
        self.runner.run(users_service.idle_lock_minutes, self.ctx, on_success=self.minutes.setValue)

    def apply(self) -> None:
        if not self.can_edit:
            return
        self.runner.run(
            users_service.set_idle_lock_minutes,
            self.ctx,
            self.minutes.value(),
            self.user,
            on_success=self._applied,
            changes="idle_lock",
        )

    def _applied(self, minutes: int) -> None:
        self.minutes.setValue(minutes)
        self.status.setText(
            ngettext(
                "The program locks after {n} minute without use.",
                "The program locks after {n} minutes without use.",
                minutes,
            ).format(n=minutes)
            if minutes
            else _("The program never locks by itself.")
        )
        self.status.show()
