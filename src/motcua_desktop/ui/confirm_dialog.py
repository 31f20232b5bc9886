"""A confirmation for what cannot be undone: tick the box, then the action (the default button)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class TickToConfirm(QDialog):
    """``text`` explains; ``tick`` must be ticked before ``action`` is enabled.

    Return with the box unticked does nothing, and never falls through to Cancel.
    Object names: ``<name>``, ``<name>_understood``, ``<name>_ok``.
    """

    def __init__(
        self,
        name: str,
        title: str,
        text: str,
        tick: str,
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, objectName=name)
        self.setWindowTitle(title)
        self.text = QLabel(text, wordWrap=True)
        self.understood = QCheckBox(tick, objectName=f"{name}_understood")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName(f"{name}_ok")
        self.ok_button.setEnabled(False)
        self.ok_button.setDefault(True)
        for button in self.buttons.buttons():
            button.setAutoDefault(button is self.ok_button)
        self.understood.toggled.connect(self.ok_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.understood)
        layout.addWidget(self.buttons)
        self.understood.setFocus()

    def accept(self) -> None:
        if self.understood.isChecked():
            super().accept()
