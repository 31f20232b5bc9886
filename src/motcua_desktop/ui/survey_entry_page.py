"""The batch entry of paper satisfaction forms: pick or start a batch, then type form after form.

Saves run on the operation runner; keys typed while a save is on its way are
held and replayed on the next form, and a failed save leaves the form as typed.
The list of forms typed (and their corrections) is in ``survey_entry_forms``,
the saving in ``survey_entry_saving``; this module lays the page out, loads the
batches and routes the keys.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import _, format_ui_date
from motcua_desktop.services import surveys
from motcua_desktop.ui.survey_dialogs import NewBatchDialog
from motcua_desktop.ui.survey_entry_forms import (
    BatchFormsList,
    answers_text,
    as_input,
    forms_headers,
    forms_table,
    load_entry_state,
)
from motcua_desktop.ui.survey_entry_saving import FormSaving
from motcua_desktop.ui.survey_form_editor import SurveyFormEditor

__all__ = ["PAGE_STYLE", "SurveyEntryPage", "answers_text", "as_input", "load_entry_state"]

PAGE_STYLE = """
QLabel#pageTitle { font-size: 16pt; font-weight: bold; color: #1d3557; }
QLabel#batchCount { font-size: 12pt; font-weight: bold; color: #1b4332; }
QLabel#entryStatus { font-size: 11pt; padding: 4px 8px; border-radius: 4px; }
QLabel#entryStatus[kind="ok"] { background: #d8f3dc; color: #1b4332; }
QLabel#entryStatus[kind="edit"] { background: #fff3bf; color: #7a4f01; }
QLabel#entryStatus[kind="error"] { background: #fde2e1; color: #a4161a; font-weight: bold; }
QTableWidget#batchForms { font-size: 11pt; }
"""


class SurveyEntryPage(BatchFormsList, FormSaving, QWidget):
    """Fast typing of a stack of forms; the page of one user, working through ``runner``."""

    def __init__(self, ctx, user, runner, parent: QWidget | None = None, *, today=None) -> None:
        super().__init__(parent, objectName="surveyEntryPage")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.today: date = today or date.today()
        self.templates: dict[tuple[str, str], object] = {}
        self.batches: list = []
        self.batch = None
        self.forms: list = []
        self.editing = None  # the FormInfo being corrected, if any
        self.saving = False
        self.held_keys: list[QKeyEvent] = []
        self.setStyleSheet(PAGE_STYLE)

        self.title = QLabel(objectName="pageTitle")
        self.batch_label = QLabel()
        self.batch_combo = QComboBox(objectName="batchCombo")
        self.batch_combo.setMinimumWidth(320)
        self.batch_label.setBuddy(self.batch_combo)
        self.new_batch_button = QPushButton(objectName="newBatch", clicked=self.new_batch)
        self.count_label = QLabel(objectName="batchCount")
        bar = QHBoxLayout()
        bar.addWidget(self.batch_label)
        bar.addWidget(self.batch_combo)
        bar.addWidget(self.new_batch_button)
        bar.addSpacing(16)
        bar.addWidget(self.count_label)
        bar.addStretch(1)

        self.forms_caption = QLabel()
        self.table = forms_table()
        self.table.doubleClicked.connect(lambda _i: self.correct_selected())
        self.table.installEventFilter(self)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.forms_caption)
        left_box.addWidget(self.table, 1)

        self.status = QLabel(objectName="entryStatus", wordWrap=True)
        self.editor = SurveyFormEditor(self)
        self.editor.submitted.connect(self.save_form)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        self.save_button = QPushButton(objectName="saveForm", clicked=self.save_form)
        self.clear_button = QPushButton(objectName="clearForm", clicked=self.cancel_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.status)
        right_box.addWidget(self.editor.summary)  # stays in sight while the form scrolls
        right_box.addWidget(scroll, 1)
        right_box.addLayout(buttons)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([440, 960])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.batch_combo.currentIndexChanged.connect(self._batch_chosen)
        self._watch_editor()
        QApplication.instance().focusChanged.connect(self._focus_moved)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_batch)
        QShortcut(QKeySequence("F2"), self, self.editor.dossier_code.setFocus)
        QShortcut(QKeySequence("F6"), self, self.table.setFocus)
        QShortcut(QKeySequence("Escape"), self, self.cancel_form)
        self.retranslate_ui()
        self._set_enabled(False)
        self.refresh()

    # -- texts -------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.title.setText(_("Satisfaction survey forms"))
        self.batch_label.setText(_("&Batch:"))
        self.new_batch_button.setText(_("New batch… (Ctrl+N)"))
        self.forms_caption.setText(_("Forms in this batch (F6; Enter corrects, Delete takes back)"))
        self.table.setHorizontalHeaderLabels(forms_headers())
        self.save_button.setText(_("Save form (Enter)"))
        self.clear_button.setText(_("Clear / cancel (Esc)"))
        self.editor.retranslate_ui()
        self._show_count()
        self._fill_batches()

    def _set_status(self, text: str, kind: str = "ok") -> None:
        self.status.setText(text)
        self.status.setProperty("kind", kind)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setVisible(bool(text))

    # -- loading -----------------------------------------------------------------

    def refresh(self) -> None:
        self.runner.run(load_entry_state, self.ctx, on_success=self._loaded)

    def _loaded(self, state) -> None:
        templates, batches = state
        self.templates = {t.key: t for t in templates}
        self.batches = [b for b in batches if not b.closed]
        self._fill_batches()

    def _fill_batches(self, select_id: str | None = None) -> None:
        if not hasattr(self, "batches"):
            return
        current = select_id or (self.batch.id if self.batch else None)
        self.batch_combo.blockSignals(True)
        self.batch_combo.clear()
        for b in self.batches:
            text = format_ui_date(b.surveyed_on) + (f" — {b.label}" if b.label else "")
            self.batch_combo.addItem(text, b.id)
        index = self.batch_combo.findData(current) if current else (0 if self.batches else -1)
        self.batch_combo.setCurrentIndex(index)
        self.batch_combo.blockSignals(False)
        if self.batch_combo.currentIndex() >= 0 and (
            self.batch is None or self.batch.id != self.batch_combo.currentData()
        ):
            self._batch_chosen()

    def _batch_chosen(self, *_args) -> None:
        batch_id = self.batch_combo.currentData()
        batch = next((b for b in self.batches if b.id == batch_id), None)
        if batch is None:
            return
        self.batch = batch
        template = self.templates.get((batch.template_code, batch.template_version))
        if template is None:
            self._set_status(_("The form template of this batch is not installed."), "error")
            self._set_enabled(False)
            return
        self.editor.set_template(template)
        self._watch_editor()
        self.editing = None
        self._set_enabled(True)
        self.runner.run(surveys.batch_forms, self.ctx, batch.id, on_success=self._forms_loaded)

    def _forms_loaded(self, forms) -> None:
        self.forms = list(forms)
        self._fill_table()
        self._show_count()
        self._set_status(_("Type the answers of the first form; Enter saves it."), "ok")
        self.editor.focus_first()

    def _watch_editor(self) -> None:
        """Hold the keys typed into the form while a save is on its way (see ``eventFilter``)."""
        for widget in self.editor.findChildren(QWidget):
            widget.removeEventFilter(self)
            widget.installEventFilter(self)

    def _focus_moved(self, _old, new) -> None:
        if new is not None and self.editor.isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 0, 40)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.editor, self.save_button, self.clear_button, self.table):
            widget.setEnabled(enabled)

    # -- batches -------------------------------------------------------------------

    def new_batch(self) -> None:
        dialog = NewBatchDialog(list(self.templates.values()), self.today, self)
        dialog.setObjectName("newBatchDialog")
        if dialog.exec():
            self.runner.run(
                surveys.start_batch, self.ctx, self.user, **dialog.values(),
                on_success=self._batch_started, changes="surveys",
            )  # fmt: skip
        dialog.deleteLater()
        self.activateWindow()  # back to this window's keys, whatever the platform does

    def _batch_started(self, batch) -> None:
        self.batches.insert(0, batch)
        self.batch = None
        self._fill_batches(batch.id)

    # -- keys --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() != QEvent.Type.KeyPress:
            return False
        if watched is self.table:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.correct_selected()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.take_back_selected()
                return True
            return False
        if self.saving:  # hold the key for the next form rather than lose it
            self.held_keys.append(
                QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
            )
            return True
        return False
