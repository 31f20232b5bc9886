"""The Settings tab "Users" (administrators): accounts, roles, unlocking, disabling, password resets.

Every change goes through the accounts services on the worker; the services
check the permission again and write the audit trail.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import N_, _, format_ui_datetime
from motcua_desktop.services import users as users_service
from motcua_desktop.services.permissions import role_label
from motcua_desktop.ui.account_dialogs import AddUserDialog, RoleDialog, TemporaryPasswordDialog
from motcua_desktop.ui.dossier_actions import ActionDialog
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.shortcuts import shortcut

COLUMNS = (N_("User name"), N_("Full name"), N_("Role"), N_("Active"), N_("Locked until"))


class UsersPanel(QWidget):
    """The accounts table; Ins adds, F2 changes the role, Ctrl+U unlocks, F5 reloads."""

    def __init__(self, ctx, user, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="users_panel")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.users: list = []
        self.dialog: QDialog | None = None
        self._select: str | None = None
        self._after: tuple = (None, None)
        self.table = QTableWidget(0, len(COLUMNS), objectName="users_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_a: self._update_buttons())
        self.buttons = {
            "add": QPushButton(clicked=self.add_user),
            "role": QPushButton(clicked=self.change_role),
            "active": QPushButton(clicked=self.toggle_active),
            "unlock": QPushButton(clicked=self.unlock),
            "reset": QPushButton(clicked=self.reset_password),
        }
        bar = QHBoxLayout()
        for key, button in self.buttons.items():
            button.setObjectName(f"users_{key}")
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        for keys, slot in (("Ins", self.add_user), ("F2", self.change_role),
                           ("Ctrl+U", self.unlock), ("F5", self.refresh)):  # fmt: skip
            shortcut(self, keys, slot)
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self) -> None:
        texts = {
            "add": _("Add user (Ins)"),
            "role": _("Change role (F2)"),
            "active": _("Disable"),
            "unlock": _("Unlock (Ctrl+U)"),
            "reset": _("Reset password…"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._fill()

    # -- the list ---------------------------------------------------------------

    # Callbacks are bound methods, never lambdas: the runner skips those of a deleted panel.

    def refresh(self, select: str | None = None) -> None:
        self._select = select
        self.runner.run(
            users_service.list_users, self.ctx, include_inactive=True, on_success=self._loaded
        )

    def _loaded(self, rows) -> None:
        select, self._select = self._select, None
        current = select or (self.current_user().username if self.current_user() else None)
        self.users = list(rows)
        self._fill()
        names = [u.username for u in self.users]
        if self.users:
            self.table.setCurrentCell(names.index(current) if current in names else 0, 0)
        self._update_buttons()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.users))
        for row, u in enumerate(self.users):
            locked = getattr(u, "locked_until", None)
            cells = (
                u.username,
                u.full_name,
                role_label(u.role),
                _("Yes") if getattr(u, "active", True) else _("No (disabled)"),
                format_ui_datetime(locked) if locked else "",
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def current_user(self):
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def _update_buttons(self) -> None:
        u = self.current_user()
        for key in ("role", "active", "unlock", "reset"):
            self.buttons[key].setEnabled(u is not None)
        if u is None:
            return
        active = getattr(u, "active", True)
        self.buttons["active"].setText(_("Disable") if active else _("Enable"))
        self.buttons["unlock"].setEnabled(getattr(u, "locked_until", None) is not None)

    # -- actions ------------------------------------------------------------------

    def _run(self, fn, *args, select: str | None = None, on_success=None) -> None:
        self._after = (select, on_success)
        self.runner.run(fn, self.ctx, *args, self.user, on_success=self._done, changes="users")

    def _done(self, result) -> None:
        (select, then), self._after = self._after, (None, None)
        self.refresh(select)
        if then is not None:
            then(result)

    def _open(self, dialog: QDialog, on_accept) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: on_accept(dialog))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.window().activateWindow()  # back to the table's keys, whatever the platform does
        self.table.setFocus()

    def add_user(self) -> None:
        dialog = AddUserDialog(self)
        dialog.submitted.connect(self._create)
        self._open(dialog, lambda _d: None)

    def _create(self, v: dict) -> None:
        self.runner.run(
            users_service.create_user, self.ctx, v["username"], v["full_name"], v["password"],
            v["role"], self.user,
            on_success=self._created, on_error=self.dialog.refused, changes="users",
        )  # fmt: skip

    def _created(self, info) -> None:
        if isinstance(self.dialog, AddUserDialog):
            self.dialog.accept()
        self.refresh(info.username)

    def change_role(self) -> None:
        u = self.current_user()
        if u is None:
            return
        self._open(
            RoleDialog(u, self),
            lambda d: self._run(users_service.set_role, u.username, d.values()["role"],
                                select=u.username),
        )  # fmt: skip

    def toggle_active(self) -> None:
        u = self.current_user()
        if u is not None:
            active = not getattr(u, "active", True)
            self._run(users_service.set_active, u.username, active, select=u.username)

    def unlock(self) -> None:
        u = self.current_user()
        if u is not None and getattr(u, "locked_until", None) is not None:
            self._run(users_service.unlock, u.username, select=u.username)

    def reset_password(self) -> None:
        u = self.current_user()
        if u is None:
            return
        question = ActionDialog(
            _("Reset password"),
            _("Give {name} a new temporary password? The current password stops working.").format(
                name=u.full_name
            ),
            self,
        )
        question.setObjectName("reset_question")
        self._open(
            question,
            lambda _b: self._run(
                users_service.reset_password,
                u.username,
                select=u.username,
                on_success=lambda password: self._show_password(u, password),
            ),
        )

    def _show_password(self, u, password: str) -> None:
        self._open(TemporaryPasswordDialog(u, password, self), lambda _d: None)


__all__ = ["UsersPanel", "AddUserDialog", "RoleDialog", "TemporaryPasswordDialog"]
