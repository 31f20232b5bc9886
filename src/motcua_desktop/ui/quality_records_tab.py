"""The Records tab: policy, scope, declaration, training, management reviews and controlled documents."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import N_, _, format_ui_date
from motcua_desktop.ui import quality_records_forms as forms
from motcua_desktop.ui.dossier_actions import ActionDialog
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.quality_records_print import print_document
from motcua_desktop.ui.shortcuts import shortcut

# Section key → (list label, column headers); "documents" is the controlled documents list.
SECTIONS = {
    "policy": (N_("Quality policy"), (N_("Issued on"), N_("Number"), N_("Policy"), N_("In force"))),
    "scope": (N_("Scope"), (N_("Issued on"), N_("Scope"), N_("In force"))),
    "declaration": (N_("Declaration of conformity"), (N_("Decision date"), N_("Decision number"),
                    N_("Scope"), N_("Notified on"), N_("Posted"), N_("In force"))),
    "training": (N_("Training records"), (N_("Held on"), N_("Topic"), N_("Trainer"),
                 N_("Participants"))),
    "management_review": (N_("Management reviews"), (N_("Held on"), N_("Number"),
                          N_("Chaired by"), N_("Decisions"))),
    "documents": (N_("Controlled documents"), (N_("Code"), N_("Document title"), N_("Type"),
                  N_("Version"), N_("In force from"), N_("Procedure"))),
}  # fmt: skip


def _d(value) -> str:
    if isinstance(value, str) and value:
        value = date.fromisoformat(value)
    return format_ui_date(value) if value else ""


def _yes(flag) -> str:
    return _("Yes") if flag else ""


def record_cells(kind: str, r) -> tuple[str, ...]:
    """One table row of a record or document, as text."""
    if kind == "documents":
        label = forms.DOC_TYPE_LABELS.get(r.doc_type, r.doc_type)
        return (r.code, r.title, _(label), r.doc_version, _d(r.effective_on), r.procedure_code)
    data = r.data or {}
    if kind == "policy":
        return (_d(r.record_date), r.number, data.get("text", ""), _yes(r.active))
    if kind == "scope":
        return (_d(r.record_date), data.get("text", ""), _yes(r.active))
    if kind == "declaration":
        return (_d(r.record_date), r.number, data.get("scope", ""), _d(data.get("notified_on")),
                _yes(data.get("posted")), _yes(r.active))  # fmt: skip
    if kind == "training":
        return (_d(r.record_date), r.title, data.get("trainer", ""),
                ", ".join(data.get("participants", [])))  # fmt: skip
    return (
        _d(r.record_date),
        r.number,
        data.get("chair", ""),
        "; ".join(data.get("decisions", [])),
    )


def load_section(ctx, kind: str):
    """On the worker: ``(kind, rows)`` of one section, newest first (retired ones kept, marked)."""
    from motcua_desktop.services import quality_records

    if kind == "documents":
        return kind, quality_records.list_documents(ctx)
    return kind, quality_records.list_records(ctx, kind, include_inactive=True)


class RecordsTab(QWidget):
    """Sections on the left, their table on the right; Ins adds, Ctrl+P prints a review summary."""

    def __init__(self, ctx, user, runner: OpRunner, today: date, parent=None) -> None:
        super().__init__(parent, objectName="records_tab")
        self.ctx, self.user, self.runner, self.today = ctx, user, runner, today
        self.rows: list = []
        self.dialog: ActionDialog | None = None
        self.sections = QListWidget(objectName="record_sections")
        self.sections.addItems([""] * len(SECTIONS))
        self.sections.setMaximumWidth(230)
        self.sections.setStyleSheet("QListWidget::item { padding: 7px 8px; }")
        self.sections.currentRowChanged.connect(lambda _r: self.refresh())
        self.caption = QLabel(objectName="records_caption")
        font = self.caption.font()
        font.setBold(True)
        self.caption.setFont(font)
        self.table = QTableWidget(0, 1, objectName="records_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.new_button = QPushButton(objectName="records_new", clicked=self.new_record)
        self.print_button = QPushButton(objectName="records_print", clicked=self.print_review)
        bar = QHBoxLayout()
        bar.addWidget(self.caption, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.print_button)
        right = QVBoxLayout()
        right.addLayout(bar)
        right.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.sections)
        layout.addLayout(right, 1)
        self.setTabOrder(self.sections, self.table)
        shortcut(self, "Ins", self.new_record)
        shortcut(self, "Ctrl+P", self.print_review)
        shortcut(self, "F5", self.refresh)
        self.sections.setCurrentRow(0)

    def retranslate_ui(self) -> None:
        for index, (label, _columns) in enumerate(SECTIONS.values()):
            self.sections.item(index).setText(_(label))
        self.new_button.setText(_("New (Ins)"))
        self.print_button.setText(_("Print review summary (Ctrl+P)"))
        self._fill()

    def kind(self) -> str:
        return list(SECTIONS)[max(self.sections.currentRow(), 0)]

    def refresh(self) -> None:
        self.runner.run(load_section, self.ctx, self.kind(), on_success=self._loaded)

    def _loaded(self, result) -> None:
        kind, rows = result
        if kind == self.kind():
            self.rows = list(rows)
            self._fill()

    def _fill(self) -> None:
        kind = self.kind()
        label, columns = SECTIONS[kind]
        self.caption.setText(_(label))
        self.print_button.setVisible(kind == "management_review")
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([_(c) for c in columns])
        self.table.setRowCount(len(self.rows))
        for row, record in enumerate(self.rows):
            for col, text in enumerate(record_cells(kind, record)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not getattr(record, "active", True):
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        wide = 1 if kind in ("scope", "training", "documents") else 2
        wide = 3 if kind == "management_review" else wide
        header.setSectionResizeMode(wide, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        if self.rows:
            self.table.setCurrentCell(0, 0)

    # -- actions -----------------------------------------------------------------------

    def new_record(self) -> None:
        kind = self.kind()
        makers = {
            "policy": lambda: forms.PolicyDialog(self.today, self),
            "scope": lambda: forms.ScopeDialog(self.today, self),
            "declaration": lambda: forms.DeclarationDialog(self.today, self),
            "training": lambda: forms.TrainingDialog(self.today, self),
            "management_review": lambda: forms.ReviewDialog(self.today, self.user, self),
            "documents": lambda: forms.DocumentDialog(self.today, self),
        }
        dialog = makers[kind]()
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._save(dialog.service, dialog.values()))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.window().activateWindow()  # back to the table's keys, whatever the platform does
        self.table.setFocus()

    def _save(self, service: str, values: dict) -> None:
        from motcua_desktop.services import quality_records

        self.runner.run(
            getattr(quality_records, service), self.ctx, self.user, **values,
            on_success=self._saved, changes="quality",
        )  # fmt: skip

    def _saved(self, _view) -> None:
        self.refresh()

    def print_review(self) -> None:
        row = self.table.currentRow()
        if self.kind() != "management_review" or not 0 <= row < len(self.rows):
            return
        print_document(self, "review", record_id=self.rows[row].id)


__all__ = ["RecordsTab", "SECTIONS", "record_cells", "shortcut"]
