"""The login dialog: user name and password, checked by the users service on the worker."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.errors import AccountLocked, MotcuaError
from motcua_desktop.i18n import _, format_ui_datetime
from motcua_desktop.services import users as users_service
from motcua_desktop.ui.errors import show_error
from motcua_desktop.ui.language import translate_ui
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.password_dialog import ChangePasswordDialog
from motcua_desktop.ui.profile_forms import error_label, set_error


def locked_text(exc: AccountLocked) -> str:
    """What a locked-out clerk reads: why, until when, and who can open it sooner."""
    return _(
        "This account is locked after too many wrong passwords. It opens again at {time}; "
        "an administrator can unlock it sooner."
    ).format(time=format_ui_datetime(exc.until))


class LoginDialog(QDialog):
    """Asks who is at the desk; ``user`` holds the ``UserInfo`` after a successful login.

    An account whose password was reset must choose a new one first
    (``password_dialog``); only then is the login accepted.
    """

    def __init__(
        self,
        ctx,
        runner: OpRunner,
        commune_name: str = "",
        username: str = "",
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.user = None
        self.password_dialog: ChangePasswordDialog | None = None
        self.clock = None  # tests: a callable giving "now" for the lockout
        self._commune_name = commune_name
        self._hint = hint
        self.commune_label = QLabel(objectName="commune")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.commune_label.setFont(font)
        self.unit_label = QLabel()
        self.username = QLineEdit(username, objectName="username")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.user_label = QLabel()
        self.password_label = QLabel()
        self.user_label.setBuddy(self.username)
        self.password_label.setBuddy(self.password)
        self.error = error_label()
        self.error.setObjectName("error")
        self.hint_label = QLabel(wordWrap=True)
        self.hint_label.setStyleSheet("color: #505050;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.user_label, self.username)
        form.addRow(self.password_label, self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.commune_label)
        layout.addWidget(self.unit_label)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password if username else self.username).setFocus()
        translate_ui(self)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Log in"))
        self.commune_label.setText(self._commune_name or _("One-stop desk"))
        self.unit_label.setText(_("One-stop desk — please log in"))
        self.user_label.setText(_("&User name:"))
        self.password_label.setText(_("&Password:"))
        self.hint_label.setText(self._hint)
        self.hint_label.setVisible(bool(self._hint))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Log in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def try_login(self) -> None:
        username = self.username.text().strip()
        if not username:
            set_error(self.error, _("Enter your user name."))
            self.username.setFocus()
            return
        set_error(self.error, "")
        self.buttons.setEnabled(False)
        self.runner.run(
            users_service.authenticate,
            self.ctx,
            username,
            self.password.text(),
            **({"now": self.clock()} if self.clock else {}),
            on_success=self._logged_in,
            on_error=self._failed,
        )

    def _logged_in(self, user) -> None:
        self.buttons.setEnabled(True)
        if getattr(user, "must_change_password", False):
            self._force_change(user)
            return
        self.user = user
        self.accept()

    def _force_change(self, user) -> None:
        dialog = ChangePasswordDialog(
            self.ctx, self.runner, user, forced=True, old_password=self.password.text(), parent=self
        )
        self.password_dialog = dialog
        dialog.finished.connect(lambda result: self._change_done(dialog, result))
        dialog.open()

    def _change_done(self, dialog: ChangePasswordDialog, result: int) -> None:
        self.password_dialog = None
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self.user = dialog.user
            self.accept()
            return
        set_error(self.error, _("You must choose a new password before you can work."))
        self.password.clear()
        self.password.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, MotcuaError):
            show_error(self, exc)
            return
        set_error(self.error, locked_text(exc) if isinstance(exc, AccountLocked) else exc.message)
        self.password.selectAll()
        self.password.setFocus()
