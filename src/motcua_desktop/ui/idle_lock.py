"""The idle lock: after some minutes without keyboard or mouse, cover every window and ask for the password.

Nothing is closed while locked: the windows are only covered, so a half-typed
intake stays as it is (and its draft is saved as usual). "Switch user" saves
every open draft and asks the main window to log out.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from motcua_desktop.domain.errors import AccountLocked, MotcuaError
from motcua_desktop.i18n import _
from motcua_desktop.services import users as users_service
from motcua_desktop.ui.errors import show_error
from motcua_desktop.ui.login_dialog import locked_text
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.profile_forms import error_label, set_error

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class _Cover(QWidget):
    """An opaque sheet over one window's contents while the desk is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window, objectName="idle_cover")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#e8eaed"))
        self.setPalette(palette)
        label = QLabel(_("Locked"), self, alignment=Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color: #505050; font-size: 16pt;")
        QVBoxLayout(self).addWidget(label)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
            self.raise_()
        return False


class UnlockDialog(QDialog):
    """The same user's password, or "Switch user"; wrong passwords count toward the lockout."""

    switch_user = Signal()

    def __init__(self, ctx, runner: OpRunner, user, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.user = ctx, runner, user
        self.failures = 0
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.note = QLabel(wordWrap=True, objectName="unlock_note")
        self.password = QLineEdit(objectName="unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password)
        self.error = error_label()
        self.error.setObjectName("unlock_error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton(objectName="switch_user")
        self.buttons.addButton(self.switch_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.try_unlock)
        self.switch_button.clicked.connect(self.switch_user.emit)
        form = QFormLayout()
        form.addRow(self.password_label, self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.retranslate_ui()
        self.password.setFocus()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._fit()
        super().showEvent(event)

    def _fit(self) -> None:
        """Room for the wrapped lines: a dialog's size ignores a label's height-for-width."""
        width = max(self.width(), self.minimumWidth())
        self.resize(width, max(self.height(), self.heightForWidth(width)))

    def _say(self, text: str) -> None:
        set_error(self.error, text)
        self._fit()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("The desk is locked"))
        self.note.setText(
            _(
                "The program was locked after a time without use. {name}, enter your password "
                "to go on where you left off."
            ).format(name=self.user.full_name or self.user.username)
        )
        self.password_label.setText(_("&Password:"))
        self.unlock_button.setText(_("&Unlock"))
        self.switch_button.setText(_("S&witch user"))

    def reject(self) -> None:
        """Esc does not open the desk."""

    def try_unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        self.unlock_button.setEnabled(False)
        self.runner.run(
            users_service.authenticate,
            self.ctx,
            self.user.username,
            self.password.text(),
            on_success=self._checked,
            on_error=self._failed,
        )

    def _checked(self, user) -> None:
        self.unlock_button.setEnabled(True)
        if user.id != self.user.id:  # cannot happen with the same user name; never unlock on it
            return
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        if not isinstance(exc, MotcuaError):
            show_error(self, exc)
            return
        self.failures += 1
        if isinstance(exc, AccountLocked):
            self._say(locked_text(exc))
            self.switch_button.setFocus()
            return
        self._say(_("The password is wrong."))
        self.password.selectAll()
        self.password.setFocus()


class IdleLock(QObject):
    """Application-wide input watcher; ``minutes`` 0 turns it off.

    ``ms_per_minute`` is there for tests, which would not wait real minutes.
    """

    locked_changed = Signal(bool)
    switch_user = Signal()

    def __init__(self, ctx, runner: OpRunner, user, window: QWidget) -> None:
        super().__init__(window)
        self.ctx, self.runner, self.user, self.window = ctx, runner, user, window
        self.minutes = 0
        self.ms_per_minute = 60_000
        self.dialog: UnlockDialog | None = None
        self.covers: list[_Cover] = []
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def reload(self) -> None:
        """Read the setting again (at login, and after it changed in Settings)."""
        self.runner.run(users_service.idle_lock_minutes, self.ctx, on_success=self.set_minutes)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = max(int(minutes or 0), 0)
        self.timer.setInterval(self.minutes * self.ms_per_minute)
        if self.minutes and not self.is_locked:
            self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() in ACTIVITY and self.minutes and not self.is_locked:
            self.timer.start()  # restarts the countdown
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        self.timer.stop()
        for widget in QApplication.topLevelWidgets():
            kind = widget.windowType()
            if widget.isVisible() and kind not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                self.covers.append(_Cover(widget))
        dialog = UnlockDialog(self.ctx, self.runner, self.user, self.window)
        dialog.accepted.connect(self.unlock)
        dialog.switch_user.connect(self._switch_user)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        self._end_lock()
        if self.minutes:
            self.timer.start()
        self.locked_changed.emit(False)

    def _end_lock(self) -> None:
        dialog, self.dialog = self.dialog, None
        for cover in self.covers:
            if isValid(cover):  # gone already when its window was closed
                cover.deleteLater()
        self.covers.clear()
        if dialog is not None and isValid(dialog):
            dialog.hide()
            dialog.deleteLater()

    def _switch_user(self) -> None:
        """Save every draft, then log out; the windows stay covered until they close."""
        from motcua_desktop.ui.crash import save_open_drafts

        save_open_drafts()  # a half-typed intake comes back as a draft for the next login
        if self.dialog is not None:
            self.dialog.hide()
        self.switch_user.emit()
        self._end_lock()
