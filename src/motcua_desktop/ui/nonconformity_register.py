"""The Register tab: findings and corrective actions, overdue ones marked, and the forms that move them on."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import _, ngettext
from motcua_desktop.ui.dossier_actions import ActionDialog
from motcua_desktop.ui.nonconformity_dialogs import DateDialog, FindingDialog, VerifyDialog
from motcua_desktop.ui.nonconformity_model import (
    COL_DESCRIPTION,
    FILTER_LABELS,
    RegisterModel,
    keep,
)
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.quality_records_print import print_document
from motcua_desktop.ui.shortcuts import shortcut


def _service():
    from motcua_desktop.services import nonconformities

    return nonconformities


class RegisterTab(QWidget):
    """Ins new finding, Enter edit, Ctrl+D action done, Ctrl+E verify, Ctrl+P print the register."""

    def __init__(self, ctx, user, runner: OpRunner, today: date, parent=None) -> None:
        super().__init__(parent, objectName="register_tab")
        self.ctx, self.user, self.runner, self.today = ctx, user, runner, today
        self.all_rows: list = []
        self._select: str | None = None
        self.dialog: ActionDialog | None = None
        self.filter_label = QLabel()
        self.filter = QComboBox(objectName="register_filter")
        for key in FILTER_LABELS:
            self.filter.addItem("", key)
        self.filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _i: self._show())
        self.summary = QLabel(objectName="register_summary")
        self.model = RegisterModel(today, self)
        self.table = QTableView(objectName="register_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.edit_finding())
        self.buttons = {
            "new": QPushButton(clicked=self.new_finding),
            "edit": QPushButton(clicked=self.edit_finding),
            "done": QPushButton(clicked=self.mark_done),
            "verify": QPushButton(clicked=self.verify),
            "reported": QPushButton(clicked=self.mark_reported),
            "print": QPushButton(clicked=self.print_register),
        }
        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter)
        top.addWidget(self.summary, 1)
        bar = QHBoxLayout()
        for key, button in self.buttons.items():
            button.setObjectName(f"register_{key}")
            bar.addWidget(button)
            if key == "reported":
                bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        for keys, slot in (("Ins", self.new_finding), ("F2", self.edit_finding),
                           ("Ctrl+D", self.mark_done), ("Ctrl+E", self.verify),
                           ("Ctrl+P", self.print_register), ("F5", self.refresh)):  # fmt: skip
            shortcut(self, keys, slot)

    def retranslate_ui(self) -> None:
        self.filter_label.setText(_("&Show:"))
        for index, key in enumerate(FILTER_LABELS):
            self.filter.setItemText(index, _(FILTER_LABELS[key]))
        texts = {
            "new": _("New finding (Ins)"),
            "edit": _("Edit (Enter)"),
            "done": _("Action done (Ctrl+D)"),
            "verify": _("Verify effectiveness (Ctrl+E)"),
            "reported": _("Reported to the inspecting body…"),
            "print": _("Print the register (Ctrl+P)"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
        )
        self._show()

    # -- loading ---------------------------------------------------------------------

    def refresh(self, select_id: str | None = None) -> None:
        self._select = select_id
        self.runner.run(_service().register, self.ctx, on_success=self._loaded)

    def _loaded(self, rows) -> None:
        select_id, self._select = self._select, None
        current = self.current()
        self.all_rows = list(rows)
        self._show(select_id or (current.id if current else None))

    def set_filter(self, key: str) -> None:
        self.filter.setCurrentIndex(self.filter.findData(key))

    def _show(self, select_id: str | None = None) -> None:
        which = self.filter.currentData() or "open"
        rows = [nc for nc in self.all_rows if keep(nc, which, self.today)]
        self.model.set_rows(rows)
        late = sum(1 for nc in self.all_rows if nc.overdue(self.today))
        reports = sum(1 for nc in self.all_rows if nc.report_overdue(self.today))
        parts = [ngettext("{n} finding shown", "{n} findings shown", len(rows)).format(n=len(rows))]
        if late:
            parts.append(ngettext("{n} action overdue", "{n} actions overdue", late).format(n=late))
        if reports:
            parts.append(
                ngettext(
                    "{n} report to the inspecting body overdue",
                    "{n} reports to the inspecting body overdue",
                    reports,
                ).format(n=reports)
            )
        self.summary.setText(" · ".join(parts))
        self.summary.setStyleSheet("color: #a4161a; font-weight: bold;" if late or reports else "")
        ids = [nc.id for nc in rows]
        if rows:
            row = ids.index(select_id) if select_id in ids else 0
            self.table.setCurrentIndex(self.model.index(row, 0))

    def current(self):
        return self.model.row_at(self.table.currentIndex().row())

    # -- actions -----------------------------------------------------------------------

    def _open(self, dialog: ActionDialog, on_accept) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: on_accept(dialog))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.window().activateWindow()  # back to the table's keys, whatever the platform does
        self.table.setFocus()

    def _write(self, fn, *args, **kwargs) -> None:
        self.runner.run(
            fn, self.ctx, self.user, *args, **kwargs,
            on_success=self._written, changes="quality",
        )  # fmt: skip

    def _written(self, nc) -> None:
        self.refresh(nc.id)

    def new_finding(self) -> None:
        self._open(
            FindingDialog(self.today, None, self),
            lambda d: self._write(_service().create, **d.values()),
        )

    def edit_finding(self) -> None:
        nc = self.current()
        if nc is None:
            return
        dialog = FindingDialog(self.today, nc, self)
        if nc.status == "verified":
            dialog.ok_button.setEnabled(False)  # final: shown for reading only
        self._open(dialog, lambda d: self._write(_service().update, nc.id, **d.values()))

    def mark_done(self) -> None:
        nc = self.current()
        if nc is None:
            return
        dialog = DateDialog(
            _("Corrective action done"),
            nc.corrective_action or nc.correction,
            _("Done on:"),
            self.today,
            self,
        )
        self._open(dialog, lambda d: self._write(_service().mark_action_done, nc.id, d.value()))

    def verify(self) -> None:
        nc = self.current()
        if nc is None:
            return
        dialog = VerifyDialog(nc, self.user, self.today, self)
        self._open(dialog, lambda d: self._write(_service().verify, nc.id, **d.values()))

    def mark_reported(self) -> None:
        nc = self.current()
        if nc is None:
            return
        dialog = DateDialog(
            _("Reported to the inspecting body"),
            _("The corrective action of {number} was reported to the inspecting body.").format(
                number=nc.number
            ),
            _("Reported on:"),
            self.today,
            self,
        )
        self._open(dialog, lambda d: self._write(_service().mark_reported, nc.id, d.value()))

    def print_register(self) -> None:
        print_document(self, "register", year=self.today.year, today=self.today)


__all__ = ["RegisterTab"]
