"""A setting that is one whole number with its own Apply (Settings → Desk): the shared frame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from motcua_desktop.services.permissions import can
from motcua_desktop.ui.operations import OpRunner


class NumberSetting(QGroupBox):
    """A spin box (0 shows ``special_text()``), Apply (or Return), and a status line.

    Subclasses give the service calls (``read``, ``write``) and the texts; only a
    user with ``Permission.SETTINGS`` may change it (the service checks again).
    Object names: ``<name>_setting``, ``<name>_<value_name>``, ``<name>_apply``,
    ``<name>_status``.
    """

    read: Callable[[Any], int]
    write: Callable[[Any, int, Any], int]
    changes = "settings"

    def __init__(
        self,
        name: str,
        value_name: str,
        maximum: int,
        ctx,
        user,
        runner: OpRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, objectName=f"{name}_setting")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.can_edit = can(user, Permission.SETTINGS)
        self.value = QSpinBox(objectName=f"{name}_{value_name}")
        self.value.setRange(0, maximum)
        self.value.setReadOnly(not self.can_edit)
        self.value.lineEdit().returnPressed.connect(self.apply)
        self.value_label = QLabel()
        self.value_label.setBuddy(self.value)
        self.apply_button = QPushButton(objectName=f"{name}_apply", clicked=self.apply)
        self.apply_button.setVisible(self.can_edit)
        self.status = QLabel(wordWrap=True, objectName=f"{name}_status")
        self.row = QHBoxLayout()
        self.row.addWidget(self.value_label)
        self.row.addWidget(self.value)
        self.row.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.row)
        layout.addWidget(self.status)

    def finish_layout(self) -> None:
        """Call at the end of a subclass's ``__init__`` (after adding its own buttons)."""
        self.row.addStretch(1)
        self.retranslate_ui()
        self.reload()

    def retranslate_ui(self) -> None:
        from motcua_desktop.i18n import _

        self.setTitle(self.title_text())
        self.value_label.setText(self.label_text())
        self.value.setSpecialValueText(self.special_text())
        self.apply_button.setText(_("Apply"))
        if not self.can_edit:
            self.status.setText(self.read_only_text())
        self.status.setVisible(bool(self.status.text()))

    # texts, given by the subclass
    def title_text(self) -> str:
        raise NotImplementedError

    def label_text(self) -> str:
        raise NotImplementedError

    def special_text(self) -> str:
        raise NotImplementedError

    def read_only_text(self) -> str:
        raise NotImplementedError

    def applied_text(self, value: int) -> str:
        raise NotImplementedError

    def reload(self) -> None:
        self.runner.run(type(self).read, self.ctx, on_success=self.loaded)

    def loaded(self, value: int) -> None:
        self.value.setValue(value)

    def apply(self) -> None:
        if not self.can_edit:
            return
        self.runner.run(
            type(self).write,
            self.ctx,
            self.value.value(),
            self.user,
            on_success=self._applied,
            changes=self.changes,
        )

    def _applied(self, value: int) -> None:
        self.loaded(value)
        self.say(self.applied_text(value))

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
