"""The ISO secretary's page: checklist runs, the nonconformity register and the quality records."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import N_, _, format_ui_date, ngettext
from motcua_desktop.services.permissions import can
from motcua_desktop.ui.checklist_runner import ChecklistRunner
from motcua_desktop.ui.dossier_actions import ActionDialog
from motcua_desktop.ui.nonconformity_dialogs import date_edit, from_qdate
from motcua_desktop.ui.nonconformity_register import RegisterTab
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.quality_records_print import print_document
from motcua_desktop.ui.quality_records_tab import RecordsTab
from motcua_desktop.ui.shortcuts import shortcut

RUN_COLUMNS = (N_("Date"), N_("Checklist"), N_("Revision"), N_("Status"), N_("Progress"),
               N_("Signed by"))  # fmt: skip


def _checklists():
    from motcua_desktop.services import checklists

    return checklists


def run_status_text(run) -> str:
    if run.status != "closed":
        return _("In progress")
    if run.superseded_by:
        return _("Closed, revised later")
    return _("Closed and signed")


class StartRunDialog(ActionDialog):
    """Which checklist, when, on what scope, by whom."""

    def __init__(self, templates, user, today: date, parent=None) -> None:
        super().__init__(_("Start a checklist"), "", parent)
        self.template = QComboBox(objectName="run_template")
        for t in templates:
            self.template.addItem(t.title.capitalize() if t.title.isupper() else t.title, t.code)
        self.template.setMinimumContentsLength(50)
        self.add_row(_("Checklist:"), self.template)
        self.scope = self.add_row(_("Scope:"), QLineEdit(objectName="run_scope"))
        self.auditors = self.add_row(
            _("Auditors:"), QLineEdit(user.full_name, objectName="run_auditors")
        )
        self.auditors.setPlaceholderText(_("Names separated by commas"))
        self.run_on = self.add_row(_("Date of the check:"), date_edit(today, name="run_date"))

    def problem(self) -> str | None:
        if not self.auditors.text().strip():
            return _("Name at least one auditor.")
        return None

    def values(self) -> dict:
        return {
            "template_code": self.template.currentData(),
            "run_on": from_qdate(self.run_on.date()),
            "scope": self.scope.text().strip(),
            "auditors": [n.strip() for n in self.auditors.text().split(",") if n.strip()],
        }


class SignDialog(ActionDialog):
    """The leader's name as it is signed on the report."""

    def __init__(self, user, parent=None) -> None:
        super().__init__(
            _("Close and sign the checklist"),
            _("After signing, the checklist can no longer change; a correction is a new revision."),
            parent,
        )
        self.name = self.add_row(_("Signed by:"), QLineEdit(user.full_name, objectName="signer"))

    def problem(self) -> str | None:
        return None if self.name.text().strip() else _("Give the name of the leader who signs.")

    def values(self) -> dict:
        return {"signed_by_name": self.name.text().strip()}


class ChecklistsTab(QWidget):
    """The runs, newest first; Ins starts one, Enter opens it, Ctrl+K closes and signs it.

    Ctrl+Shift+R revises a closed run; Ctrl+P and Ctrl+Shift+P print (also under "Print").
    """

    def __init__(self, ctx, user, runner: OpRunner, today: date, parent=None) -> None:
        super().__init__(parent, objectName="checklists_tab")
        self.ctx, self.user, self.runner, self.today = ctx, user, runner, today
        self.runs: list = []
        self._select: str | None = None
        self.dialog: ActionDialog | None = None
        self.runner_window: ChecklistRunner | None = None
        self.table = QTableWidget(0, len(RUN_COLUMNS), objectName="runs_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.open_run())
        self.buttons = {
            "new": QPushButton(clicked=self.new_run),
            "open": QPushButton(clicked=self.open_run),
            "close": QPushButton(clicked=self.close_run),
            "revise": QPushButton(clicked=self.revise_run),
            "findings": QPushButton(clicked=self.add_findings),
            "print": QPushButton(),
        }
        # The two prints share one menu button: seven buttons in a row made the main
        # window wider than a 1,366-pixel screen. Ctrl+P and Ctrl+Shift+P work as before.
        self.print_actions = {
            "print": QAction(self, triggered=self.print_run),
            "assessment": QAction(self, triggered=self.print_assessment),
        }
        self.print_menu = QMenu(self, objectName="runs_print_menu")
        self.print_menu.addActions(list(self.print_actions.values()))
        self.buttons["print"].setMenu(self.print_menu)
        bar = QHBoxLayout()
        for key, button in self.buttons.items():
            button.setObjectName(f"runs_{key}")
            if key == "print":
                bar.addStretch(1)
            bar.addWidget(button)
        self.message = QLabel(objectName="runs_message", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.message.hide()
        # What the role may not do is greyed out. The keys still reach the actions:
        # the service refuses and says who may (ui/errors), rather than silence.
        allowed = {
            "new": can(user, Permission.CHECKLIST_ANSWER),
            "close": can(user, Permission.CHECKLIST_CLOSE),
            "revise": can(user, Permission.CHECKLIST_ANSWER),
            "findings": can(user, Permission.QUALITY_REGISTER),
        }
        for key, ok in allowed.items():
            self.buttons[key].setEnabled(ok)
        shortcut(self, "Ins", self.new_run)
        shortcut(self, "Ctrl+K", self.close_run)
        # Not Ctrl+R: in the main window that is Reports, and an ambiguous key does nothing.
        shortcut(self, "Ctrl+Shift+R", self.revise_run)
        shortcut(self, "Ctrl+P", self.print_run)
        shortcut(self, "Ctrl+Shift+P", self.print_assessment)
        shortcut(self, "F5", self.refresh)

    def retranslate_ui(self) -> None:
        texts = {
            "new": _("New checklist (Ins)"),
            "open": _("Open (Enter)"),
            "close": _("Close and sign (Ctrl+K)"),
            "revise": _("Revise (Ctrl+Shift+R)"),
            "findings": _("Findings to the register"),
            "print": _("&Print"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.print_actions["print"].setText(_("Print report (Ctrl+P)"))
        self.print_actions["assessment"].setText(_("Annual self-assessment (Ctrl+Shift+P)"))
        self.table.setHorizontalHeaderLabels([_(c) for c in RUN_COLUMNS])
        self._fill()

    # -- the list ----------------------------------------------------------------

    def refresh(self, select_id: str | None = None) -> None:
        self._select = select_id
        self.runner.run(_checklists().list_runs, self.ctx, on_success=self._loaded)

    def _loaded(self, runs) -> None:
        select_id, self._select = self._select, None
        current = select_id or (self.current_run().id if self.current_run() else None)
        self.runs = list(runs)
        self._fill()
        ids = [r.id for r in self.runs]
        row = ids.index(current) if current in ids else 0
        if self.runs:
            self.table.setCurrentCell(row, 1)
        if self.isVisible() and self.dialog is None:
            # After a refresh the keys (Enter, Ctrl+P, …) go to the list, not to nowhere.
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.runs))
        for row, run in enumerate(self.runs):
            answered, total = run.progress
            cells = (
                format_ui_date(run.run_on), run.title, str(run.revision), run_status_text(run),
                f"{answered} / {total}", run.signed_by_name,
            )  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setToolTip(run.title)
                self.table.setItem(row, col, item)

    def current_run(self):
        row = self.table.currentRow()
        return self.runs[row] if 0 <= row < len(self.runs) else None

    # -- actions ------------------------------------------------------------------

    def new_run(self) -> None:
        self.runner.run(_checklists().templates, self.ctx, on_success=self._ask_new_run)

    def _ask_new_run(self, templates) -> None:
        dialog = StartRunDialog(templates, self.user, self.today, self)
        self._open_dialog(dialog, self._start_run)

    def _start_run(self, values: dict) -> None:
        code = values.pop("template_code")
        self.runner.run(
            _checklists().start_run, self.ctx, self.user, code, **values,
            on_success=self._started,
            changes="quality",
        )  # fmt: skip

    def _started(self, run) -> None:
        self.refresh(run.id)
        self.open_run(run)

    def _signed(self, run) -> None:
        self.refresh(run.id)

    def open_run(self, run=None) -> None:
        run = run or self.current_run()
        if run is None:
            return
        window = ChecklistRunner(self.ctx, self.user, self.runner, run.id, self, today=self.today)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.finished.connect(lambda _r: self._runner_closed(window))
        self.runner_window = window
        window.show()

    def _runner_closed(self, window) -> None:
        if self.runner_window is window:
            self.runner_window = None
        self.refresh()

    def close_run(self) -> None:
        run = self.current_run()
        if run is None or run.status == "closed":
            return
        self._open_dialog(SignDialog(self.user, self), lambda v: self._sign(run.id, v))

    def _sign(self, run_id: str, values: dict) -> None:
        self.runner.run(
            _checklists().close_run, self.ctx, self.user, run_id, values["signed_by_name"],
            on_success=self._signed, changes="quality",
        )  # fmt: skip

    def revise_run(self) -> None:
        run = self.current_run()
        if run is None:
            return
        self.runner.run(
            _checklists().revise_run, self.ctx, self.user, run.id,
            on_success=self._started,
            changes="quality",
        )  # fmt: skip

    def add_findings(self) -> None:
        """A finding in the register for each minor or major answer not yet there."""
        run = self.current_run()
        if run is None:
            return
        from motcua_desktop.services import nonconformities

        self.runner.run(
            nonconformities.from_checklist, self.ctx, self.user, run.id,
            on_success=self._findings_added, changes="quality",
        )  # fmt: skip

    def _findings_added(self, created) -> None:
        n = len(created)
        self.message.setText(
            ngettext(
                "{n} finding added to the register.", "{n} findings added to the register.", n
            ).format(n=n)
            if n
            else _("Every finding of this checklist is already in the register.")
        )
        self.message.show()

    def print_run(self) -> None:
        run = self.current_run()
        if run is not None:
            print_document(self, "checklist", run_id=run.id, today=self.today)

    def print_assessment(self) -> None:
        # The selected self-inspection, else the newest one (closed first): Circular 26 art. 36.
        run = self.current_run()
        if run is None or run.kind != "self_inspection":
            runs = [r for r in self.runs if r.kind == "self_inspection"]
            runs.sort(key=lambda r: (r.status == "closed", r.run_on, r.revision), reverse=True)
            run = runs[0] if runs else None
        if run is None:
            self.message.setText(_("There is no self-inspection checklist to report on yet."))
            self.message.show()
            return
        print_document(self, "self_assessment", run_id=run.id, today=self.today)

    def _open_dialog(self, dialog: ActionDialog, on_accept) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: on_accept(dialog.values()))
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.window().activateWindow()  # back to the table's keys, whatever the platform does
        self.table.setFocus()


class QualityPage(QWidget):
    """Three tabs: Checklists, Register, Records; ``today`` fixes the date for tests."""

    def __init__(self, ctx, user, runner: OpRunner, parent=None, *, today: date | None = None):
        super().__init__(parent, objectName="quality_page")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.today = today or date.today()
        self.title = QLabel(objectName="quality_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.tabs = QTabWidget(objectName="quality_tabs")
        self.checklists = ChecklistsTab(ctx, user, runner, self.today)
        self.register = RegisterTab(ctx, user, runner, self.today)
        self.records = RecordsTab(ctx, user, runner, self.today)
        for tab in (self.checklists, self.register, self.records):
            self.tabs.addTab(tab, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self._loaded_once = False
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(_("Quality system (TCVN ISO 9001)"))
        for index, text in enumerate((_("Checklists"), _("Register of nonconformities"),
                                      _("Quality records"))):  # fmt: skip
            self.tabs.setTabText(index, text)
        for tab in (self.checklists, self.register, self.records):
            tab.retranslate_ui()

    def focus_first(self) -> None:
        tab = self.tabs.currentWidget()
        focus = getattr(tab, "table", tab)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _tab_changed(self, _index: int) -> None:
        # Another tab may have written meanwhile (findings from a checklist): reload this one.
        if self._loaded_once:
            self.tabs.currentWidget().refresh()
        self.focus_first()

    def refresh(self) -> None:
        self.checklists.refresh()
        self.register.refresh()
        self.records.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.refresh()


__all__ = ["QualityPage", "ChecklistsTab", "StartRunDialog", "SignDialog"]
