"""Settings → Desk: how long citizens' personal data is kept, and the purge (services/retention)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
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
from motcua_desktop.services import retention
from motcua_desktop.services.permissions import can
from motcua_desktop.ui.operations import OpRunner


class PurgeConfirm(QDialog):
    """Asks before a purge: the box must be ticked, then Purge (the default button)."""

    def __init__(self, result: retention.PurgeResult, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="purge_confirm")
        self.setWindowTitle(_("Purge personal data"))
        text = QLabel(
            ngettext(
                "The names, ID numbers, phones and addresses of {n} closed dossier "
                "(closed before {date}) will be erased for good. The figures and reports stay "
                "the same, and the dossier can still be found by its code.",
                "The names, ID numbers, phones and addresses of {n} closed dossiers "
                "(closed before {date}) will be erased for good. The figures and reports stay "
                "the same, and the dossiers can still be found by their codes.",
                result.dossiers,
            ).format(n=result.dossiers, date=result.cutoff.strftime("%d/%m/%Y")),
            wordWrap=True,
        )
        self.understood = QCheckBox(
            _("I understand; erase the personal data"), objectName="purge_understood"
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.purge_button = self.buttons.addButton(
            _("Purge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.purge_button.setObjectName("purge_ok")
        self.purge_button.setEnabled(False)
        self.purge_button.setDefault(True)
        for button in self.buttons.buttons():
            button.setAutoDefault(button is self.purge_button)
        self.understood.toggled.connect(self.purge_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.understood)
        layout.addWidget(self.buttons)
        self.understood.setFocus()

    def accept(self) -> None:
        if self.understood.isChecked():  # Return with the box unticked does nothing
            super().accept()


class RetentionSetting(QGroupBox):
    """The retention period in years (0 = keep) and "Purge now…", for leaders and administrators."""

    def __init__(self, ctx, user, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="retention_setting")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.can_edit = can(user, Permission.SETTINGS)
        self.can_purge = can(user, Permission.PURGE)
        self.confirm: PurgeConfirm | None = None
        self.years = QSpinBox(objectName="retention_years")
        self.years.setRange(0, retention.MAX_YEARS)
        self.years.setReadOnly(not self.can_edit)
        self.years.lineEdit().returnPressed.connect(self.apply)
        self.years_label = QLabel()
        self.years_label.setBuddy(self.years)
        self.apply_button = QPushButton(objectName="retention_apply", clicked=self.apply)
        self.apply_button.setVisible(self.can_edit)
        self.purge_button = QPushButton(objectName="retention_purge", clicked=self.check_purge)
        self.purge_button.setVisible(self.can_purge)
        self.status = QLabel(wordWrap=True, objectName="retention_status")
        row = QHBoxLayout()
        row.addWidget(self.years_label)
        row.addWidget(self.years)
        row.addWidget(self.apply_button)
        row.addWidget(self.purge_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.retranslate_ui()
        self.reload()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Personal data retention"))
        self.years_label.setText(
            _("Erase citizens' personal data from closed dossiers after &years:")
        )
        self.years.setSpecialValueText(_("keep"))
        self.apply_button.setText(_("Apply"))
        self.purge_button.setText(_("Purge now…"))
        if not self.can_edit:
            self.status.setText(_("Only a leader or an administrator can change the retention."))
        self.status.setVisible(bool(self.status.text()))

    def reload(self) -> None:
        self.runner.run(retention.retention_years, self.ctx, on_success=self._loaded)

    def _loaded(self, years: int) -> None:
        self.years.setValue(years)
        self.purge_button.setEnabled(self.can_purge and years > 0)

    def apply(self) -> None:
        if not self.can_edit:
            return
        self.runner.run(
            retention.set_retention_years,
            self.ctx,
            self.years.value(),
            self.user,
            on_success=self._applied,
            changes="retention",
        )

    def _applied(self, years: int) -> None:
        self._loaded(years)
        self._say(
            ngettext(
                "Personal data of closed dossiers is kept for {n} year.",
                "Personal data of closed dossiers is kept for {n} years.",
                years,
            ).format(n=years)
            if years
            else _("Personal data is kept until a retention period is set.")
        )

    def check_purge(self) -> None:
        """Count first (a dry run), then ask."""
        if not self.can_purge:
            return
        self.runner.run(
            retention.purge_personal_data,
            self.ctx,
            self.user,
            dry_run=True,
            on_success=self._counted,
        )

    def _counted(self, result: retention.PurgeResult) -> None:
        if not result.dossiers:
            self._say(_("No closed dossier is older than the retention period."))
            return
        self.confirm = PurgeConfirm(result, self)
        self.confirm.accepted.connect(self._purge)
        self.confirm.open()

    def _purge(self) -> None:
        self.runner.run(
            retention.purge_personal_data,
            self.ctx,
            self.user,
            on_success=self._purged,
            changes="dossiers",
        )

    def _purged(self, result: retention.PurgeResult) -> None:
        self._say(
            ngettext(
                "The personal data of {n} closed dossier was erased.",
                "The personal data of {n} closed dossiers was erased.",
                result.dossiers,
            ).format(n=result.dossiers)
        )

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
