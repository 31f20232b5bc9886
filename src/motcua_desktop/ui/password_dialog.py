"""Change one's own password: the current one, the new one twice, the rules checked as you type."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.errors import MotcuaError, ValidationError
from motcua_desktop.i18n import _
from motcua_desktop.services import users as users_service
from motcua_desktop.ui.errors import show_error
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.profile_forms import error_label, set_error

HINT_OK = "color: #1b6e20;"
HINT_PENDING = "color: #505050;"


def rule_hint(password: str, username: str) -> tuple[bool, str]:
    """(meets the rules, the line to show): the service's own rule check, no storage."""
    if not password:
        return False, _("At least {n} characters, with a letter and a digit.").format(
            n=users_service.MIN_PASSWORD
        )
    try:
        users_service.check_password_rules(password, username)
    except ValidationError as exc:
        return False, exc.message
    return True, _("✓ The new password meets the rules.")


class ChangePasswordDialog(QDialog):
    """The logged-in user's own password; ``forced`` after a reset, before the main window opens.

    ``old_password`` (the temporary one just typed at the login) fills and hides
    the current-password field. After a change, ``user`` is the updated account.
    """

    def __init__(
        self,
        ctx,
        runner: OpRunner,
        user,
        *,
        forced: bool = False,
        old_password: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.user = user
        self.forced = forced
        self.note = QLabel(wordWrap=True, objectName="password_note")
        self.old = QLineEdit(objectName="old_password", echoMode=QLineEdit.EchoMode.Password)
        self.new = QLineEdit(objectName="new_password", echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="repeat_password", echoMode=QLineEdit.EchoMode.Password)
        self.rules = QLabel(wordWrap=True, objectName="password_rules")
        self.match = QLabel(wordWrap=True, objectName="password_match")
        self.error = error_label()
        self.error.setObjectName("password_error")
        self.old_label, self.new_label, self.repeat_label = QLabel(), QLabel(), QLabel()
        for label, edit in (
            (self.old_label, self.old),
            (self.new_label, self.new),
            (self.repeat_label, self.repeat),
        ):
            label.setBuddy(edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.old_label, self.old)
        form.addRow(self.new_label, self.new)
        form.addRow("", self.rules)
        form.addRow(self.repeat_label, self.repeat)
        form.addRow("", self.match)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        if old_password is not None:
            self.old.setText(old_password)
            self.old.hide()
            self.old_label.hide()
        self.new.textChanged.connect(self._update_hints)
        self.repeat.textChanged.connect(self._update_hints)
        self.retranslate_ui()
        (self.new if old_password is not None else self.old).setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Change my password"))
        name = self.user.full_name or self.user.username
        if self.forced:
            self.note.setText(
                _(
                    "{name}, your password was reset by the administrator. Choose your own "
                    "password now; only you should know it."
                ).format(name=name)
            )
        else:
            self.note.setText(_("Account: {name}").format(name=name))
        self.old_label.setText(_("&Current password:"))
        self.new_label.setText(_("&New password:"))
        self.repeat_label.setText(_("&Repeat it:"))
        self.save_button.setText(_("&Save"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self._update_hints()

    def _update_hints(self) -> None:
        ok, text = rule_hint(self.new.text(), self.user.username)
        self.rules.setText(text)
        self.rules.setStyleSheet(HINT_OK if ok else HINT_PENDING)
        repeat = self.repeat.text()
        if not repeat:
            self.match.clear()
        elif repeat == self.new.text():
            self.match.setText(_("✓ Both entries are the same."))
            self.match.setStyleSheet(HINT_OK)
        else:
            self.match.setText(_("The two entries differ."))
            self.match.setStyleSheet(HINT_PENDING)

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        if self.old.isVisible() and not self.old.text():
            self._show_problem(_("Enter your current password."), self.old)
            return
        if self.new.text() != self.repeat.text():
            self._show_problem(_("The two entries of the new password differ."), self.repeat)
            return
        set_error(self.error, "")
        self.save_button.setEnabled(False)
        self.runner.run(
            users_service.change_password,
            self.ctx,
            self.user.username,
            self.new.text(),
            self.user,
            old_password=self.old.text(),
            on_success=self._saved,
            on_error=self._failed,
            changes="users",
            progress_label=_("Saving the password…"),
        )

    def _saved(self, _result) -> None:
        self.save_button.setEnabled(True)
        self.user = dataclasses.replace(self.user, must_change_password=False)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, MotcuaError):
            show_error(self, exc)
            return
        field = self.old if exc.field == "old_password" and self.old.isVisible() else self.new
        self._show_problem(exc.message, field)

    def _show_problem(self, message: str, field: QLineEdit) -> None:
        set_error(self.error, message)
        field.selectAll()
        field.setFocus()
