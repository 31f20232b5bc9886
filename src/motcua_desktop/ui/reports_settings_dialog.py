"""The report settings: the receiving unit, who prepares the report and who signs it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import _


class ReportSettingsDialog(QDialog):
    """Edits a ``services.reports.ReportSettings``; ``settings()`` gives the edited copy."""

    def __init__(self, settings, parent: QWidget | None = None, *, district: bool = False) -> None:
        super().__init__(parent, objectName="report_settings_dialog")
        self.original = settings
        self.receiving = QLineEdit(settings.receiving_unit, objectName="settings_receiving")
        self.preparer = QLineEdit(settings.preparer, objectName="settings_preparer")
        self.signer_title = QPlainTextEdit(settings.signer_title, objectName="settings_title")
        self.signer_title.setTabChangesFocus(True)
        self.signer_title.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.signer_name = QLineEdit(settings.signer_name, objectName="settings_signer")
        self.stale_days = QSpinBox(objectName="settings_stale", minimum=1, maximum=365)
        self.stale_days.setValue(settings.stale_days)
        self.hint = QLabel(wordWrap=True)
        self.hint.setStyleSheet("color: #555b63;")
        form = QFormLayout()
        self.labels = [QLabel() for _i in range(5)]
        fields = (self.receiving, self.preparer, self.signer_title, self.signer_name)
        for label, field in zip(self.labels, fields, strict=False):
            label.setBuddy(field)
            form.addRow(label, field)
        if district:
            self.labels[4].setBuddy(self.stale_days)
            form.addRow(self.labels[4], self.stale_days)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(560, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Report settings"))
        texts = (
            _("&Receiving unit:"), _("&Prepared by:"), _("Signer's &title:"),
            _("Signer's &name:"), _("Stale after (&days):"),
        )  # fmt: skip
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.hint.setText(
            _(
                'The title may take two lines, e.g. "KT. CHỦ TỊCH" and "PHÓ CHỦ TỊCH". '
                "These appear in the header and the signature block of every report."
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def settings(self):
        return replace(
            self.original,
            receiving_unit=self.receiving.text().strip(),
            preparer=self.preparer.text().strip(),
            signer_title=self.signer_title.toPlainText().strip(),
            signer_name=self.signer_name.text().strip(),
            stale_days=self.stale_days.value(),
        )
