"""Settings → Desk: how many idle minutes before the program locks itself (ui/idle_lock)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from motcua_desktop.i18n import _, ngettext
from motcua_desktop.services import users as users_service
from motcua_desktop.ui.number_setting import NumberSetting
from motcua_desktop.ui.operations import OpRunner


class IdleLockSetting(NumberSetting):
    """Minutes before the lock (0 = never); leaders and administrators change it."""

    read = staticmethod(users_service.idle_lock_minutes)
    write = staticmethod(users_service.set_idle_lock_minutes)
    changes = "idle_lock"  # ui/idle_lock listens for it

    def __init__(self, ctx, user, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(
            "idle_lock", "minutes", users_service.MAX_IDLE_LOCK_MINUTES, ctx, user, runner, parent
        )
        self.minutes = self.value
        self.finish_layout()

    def title_text(self) -> str:
        return _("Idle lock")

    def label_text(self) -> str:
        return _("Lock the program after &minutes without use:")

    def special_text(self) -> str:
        return _("never")

    def read_only_text(self) -> str:
        return _("Only a leader or an administrator can change the idle lock.")

    def applied_text(self, minutes: int) -> str:
        if not minutes:
            return _("The program never locks by itself.")
        return ngettext(
            "The program locks after {n} minute without use.",
            "The program locks after {n} minutes without use.",
            minutes,
        ).format(n=minutes)
