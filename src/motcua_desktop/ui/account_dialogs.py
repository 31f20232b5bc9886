"""The Users tab's dialogs: a new account, another role, and a reset password shown once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.roles import ROLES
from motcua_desktop.i18n import _
from motcua_desktop.services.permissions import role_label
from motcua_desktop.ui.dossier_actions import ActionDialog
from motcua_desktop.ui.password_dialog import rule_hint


def role_combo(current: str = "clerk") -> QComboBox:
    combo = QComboBox(objectName="role")
    for role in ROLES:
        combo.addItem(role_label(role), role)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class AddUserDialog(ActionDialog):
    """A new account: user name, full name, role, first password (typed twice).

    It stays open until the service has created the account; a refusal (a name
    taken, a weak password) shows inline, with everything typed still there.
    """

    submitted = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Add a user"), "", parent)
        self.username = self.add_row(_("User name:"), QLineEdit(objectName="new_username"))
        self.full_name = self.add_row(_("Full name:"), QLineEdit(objectName="new_full_name"))
        self.role = self.add_row(_("Role:"), role_combo())
        password = QLineEdit(objectName="first_password", echoMode=QLineEdit.EchoMode.Password)
        repeat = QLineEdit(objectName="first_repeat", echoMode=QLineEdit.EchoMode.Password)
        self.password = self.add_row(_("Password:"), password)
        self.repeat = self.add_row(_("Repeat it:"), repeat)
        self.note = self.add_row("", QLabel(wordWrap=True, objectName="first_password_hint"))
        self.password.textChanged.connect(self._hint)
        self.username.textChanged.connect(self._hint)
        self._hint()

    def _hint(self) -> None:
        self.note.setText(rule_hint(self.password.text(), self.username.text())[1])

    def problem(self) -> str | None:
        if not self.username.text().strip() or not self.full_name.text().strip():
            return _("Give the user name and the full name.")
        if self.password.text() != self.repeat.text():
            return _("The two entries of the new password differ.")
        return None

    def confirm(self) -> None:
        message = self.problem()
        if message:
            self.error.setText(message)
            self.error.show()
            return
        self.ok_button.setEnabled(False)
        self.submitted.emit(self.values())

    def refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(getattr(exc, "message", str(exc)))
        self.error.show()
        field = self.password if getattr(exc, "field", None) == "password" else self.username
        field.setFocus()
        field.selectAll()

    def values(self) -> dict:
        return {
            "username": self.username.text().strip(),
            "full_name": self.full_name.text().strip(),
            "password": self.password.text(),
            "role": self.role.currentData(),
        }


class RoleDialog(ActionDialog):
    def __init__(self, user, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Change the role"), _("Account: {name}").format(name=user.full_name), parent
        )
        self.role = self.add_row(_("Role:"), role_combo(user.role))

    def values(self) -> dict:
        return {"role": self.role.currentData()}


class TemporaryPasswordDialog(QDialog):
    """Shows a reset password once, with a copy button and the rule to hand it over in person."""

    def __init__(self, user, password: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Temporary password"))
        self.password = password
        intro = QLabel(
            _("The temporary password of {name} ({username}) is:").format(
                name=user.full_name, username=user.username
            ),
            wordWrap=True,
        )
        self.value = QLabel(password, objectName="temporary_password")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(self.font().pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        warning = QLabel(
            _(
                "Give it to the person yourself, not by message or on paper left at the desk. "
                "It is shown only this once; they must choose their own password at the next "
                "login."
            ),
            wordWrap=True,
            objectName="temporary_warning",
        )
        warning.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.copy_button = QPushButton(_("&Copy"), objectName="copy_password")
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.value)
        layout.addWidget(warning)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.password)
        self.copy_button.setText(_("Copied"))
