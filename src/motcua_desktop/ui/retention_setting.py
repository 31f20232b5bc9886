"""Settings → Desk: how long citizens' personal data is kept, and the purge (services/retention)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QPushButton,
    QWidget,
)

from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _, ngettext
from motcua_desktop.services import retention
from motcua_desktop.services.permissions import can
from motcua_desktop.ui.confirm_dialog import TickToConfirm
from motcua_desktop.ui.number_setting import NumberSetting
from motcua_desktop.ui.operations import OpRunner


class PurgeConfirm(TickToConfirm):
    """Asks before a purge: the box must be ticked, then Purge (the default button)."""

    def __init__(self, result: retention.PurgeResult, parent: QWidget | None = None) -> None:
        super().__init__(
            "purge_confirm",
            _("Purge personal data"),
            ngettext(
                "The names, ID numbers, phones and addresses of {n} closed dossier "
                "(closed before {date}) will be erased for good. The figures and reports stay "
                "the same, and the dossier can still be found by its code.",
                "The names, ID numbers, phones and addresses of {n} closed dossiers "
                "(closed before {date}) will be erased for good. The figures and reports stay "
                "the same, and the dossiers can still be found by their codes.",
                result.dossiers,
            ).format(n=result.dossiers, date=result.cutoff.strftime("%d/%m/%Y")),
            _("I understand; erase the personal data"),
            _("Purge"),
            parent,
        )


class RetentionSetting(NumberSetting):
    """The retention period in years (0 = keep) and "Purge now…", for leaders and administrators."""

    read = staticmethod(retention.retention_years)
    write = staticmethod(retention.set_retention_years)
    changes = "retention"

    def __init__(self, ctx, user, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__("retention", "years", retention.MAX_YEARS, ctx, user, runner, parent)
        self.years = self.value
        self.can_purge = can(user, Permission.PURGE)
        self.confirm: PurgeConfirm | None = None
        self.purge_button = QPushButton(objectName="retention_purge", clicked=self.check_purge)
        self.purge_button.setVisible(self.can_purge)
        self.row.addWidget(self.purge_button)
        self.finish_layout()

    def retranslate_ui(self) -> None:
        self.purge_button.setText(_("Purge now…"))
        super().retranslate_ui()

    def title_text(self) -> str:
        return _("Personal data retention")

    def label_text(self) -> str:
        return _("Erase citizens' personal data from closed dossiers after &years:")

    def special_text(self) -> str:
        return _("keep")

    def read_only_text(self) -> str:
        return _("Only a leader or an administrator can change the retention.")

    def applied_text(self, years: int) -> str:
        if not years:
            return _("Personal data is kept until a retention period is set.")
        return ngettext(
            "Personal data of closed dossiers is kept for {n} year.",
            "Personal data of closed dossiers is kept for {n} years.",
            years,
        ).format(n=years)

    def loaded(self, years: int) -> None:
        super().loaded(years)
        self.purge_button.setEnabled(self.can_purge and years > 0)

    def check_purge(self) -> None:
        """Count first (a dry run), then ask."""
        if not self.can_purge:
            return
        self.runner.run(
            retention.purge_personal_data, self.ctx, self.user, dry_run=True,
            on_success=self._counted,
        )  # fmt: skip

    def _counted(self, result: retention.PurgeResult) -> None:
        if not result.dossiers:
            self.say(_("No closed dossier is older than the retention period."))
            return
        self.confirm = PurgeConfirm(result, self)
        self.confirm.accepted.connect(self._purge)
        self.confirm.open()

    def _purge(self) -> None:
        self.runner.run(
            retention.purge_personal_data, self.ctx, self.user, on_success=self._purged,
            changes="dossiers",
        )  # fmt: skip

    def _purged(self, result: retention.PurgeResult) -> None:
        self.say(
            ngettext(
                "The personal data of {n} closed dossier was erased.",
                "The personal data of {n} closed dossiers was erased.",
                result.dossiers,
            ).format(n=result.dossiers)
        )
