"""One paper satisfaction form as the clerk types it: levels by digit, reasons by digit, Enter saves.

The keyboard model: the cursor starts on the first question; 1–5 pick its level
and move on, 0 or Space leave it blank, Backspace goes back. After the overall
question the cursor lands on the reasons, where a digit ticks or unticks reason
N. Tab reaches the free text, the respondent's facts and the dossier code (a
scanner types the code and Enter). Enter anywhere saves the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.survey_template import SurveyTemplate
from motcua_desktop.i18n import _, ngettext
from motcua_desktop.ui.survey_grid import DIGITS, AnswerGrid, GridRow

EDITOR_STYLE = """
QFrame#reasons { background: #ffffff; border: 1px solid #ced4da; border-radius: 4px; }
QFrame#reasons:focus { border: 2px solid #1d3557; }
QFrame#reasons QCheckBox { font-size: 11pt; padding: 1px 4px; }
QLabel#editorCaption { font-size: 11pt; font-weight: bold; color: #1d3557; padding-top: 6px; }
QLineEdit#dossierCode { font-size: 12pt; min-height: 28px; }
"""
SUMMARY_STYLE = """
QLabel#formSummary {
    font-size: 13pt; background: #f1f3f5; border: 1px solid #ced4da;
    border-radius: 4px; padding: 6px 10px;
}
"""


@dataclass
class FormInput:
    """What the clerk typed for one form, in the shape the survey service takes."""

    answers: dict[str, int | None] = field(default_factory=dict)
    overall: int | None = None
    reasons: list[str] = field(default_factory=list)
    reason_text: str = ""
    respondent: dict[str, str] = field(default_factory=dict)
    dossier_code: str = ""

    def missing(self) -> int:
        return sum(v is None for v in self.answers.values()) + (self.overall is None)


class ReasonChecks(QFrame):
    """Numbered reasons; digit N ticks or unticks reason N, Backspace returns to the questions."""

    changed = Signal()
    back_out = Signal()
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="reasons")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.boxes: list[tuple[str, QCheckBox]] = []
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.setVerticalSpacing(2)

    def set_reasons(self, reasons) -> None:
        for _rid, box in self.boxes:
            box.deleteLater()
        self.boxes = []
        half = (len(reasons) + 1) // 2
        for index, reason in enumerate(reasons):
            box = QCheckBox(f"{index + 1}. {reason.text}", self)
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the frame keeps the keyboard
            box.setObjectName(f"reason_{reason.id}")
            box.toggled.connect(self.changed)
            self._layout.addWidget(box, index % half, index // half)
            self.boxes.append((reason.id, box))

    def chosen(self) -> list[str]:
        return [rid for rid, box in self.boxes if box.isChecked()]

    def set_chosen(self, ids) -> None:
        for rid, box in self.boxes:
            box.setChecked(rid in set(ids))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        key = event.key()
        if key in DIGITS and 1 <= DIGITS[key] <= len(self.boxes):
            box = self.boxes[DIGITS[key] - 1][1]
            box.setChecked(not box.isChecked())
        elif key in DIGITS or key == Qt.Key.Key_Space:
            pass  # no such reason: ignored
        elif key == Qt.Key.Key_Backspace:
            self.back_out.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class SurveyFormEditor(QWidget):
    """The current form of the batch; ``submitted`` asks the page to save it."""

    submitted = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="surveyFormEditor")
        self.setStyleSheet(EDITOR_STYLE)
        self.template: SurveyTemplate | None = None
        self.text_fields: dict[str, QLineEdit] = {}
        self.choice_fields: list = []
        self.code_caption = QLabel(objectName="editorCaption")
        self.dossier_code = QLineEdit(objectName="dossierCode")
        self.dossier_code.setClearButtonEnabled(True)
        self.code_caption.setBuddy(self.dossier_code)
        self.questions_caption = QLabel(objectName="editorCaption")
        self.grid = AnswerGrid(self)
        self.grid.setObjectName("answerGrid")
        self.reasons_caption = QLabel(objectName="editorCaption", wordWrap=True)
        self.reasons = ReasonChecks(self)
        self.reason_text = QLineEdit(objectName="reasonText")
        self.respondent_caption = QLabel(objectName="editorCaption")
        self.respondent = AnswerGrid(self)
        self.respondent.setObjectName("respondentGrid")
        self.respondent_form = QFormLayout()
        self.summary = QLabel(objectName="formSummary", wordWrap=True)
        self.summary.setStyleSheet(SUMMARY_STYLE)  # the page may show it outside the editor
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.questions_caption)
        layout.addWidget(self.grid)
        layout.addWidget(self.reasons_caption)
        layout.addWidget(self.reasons)
        layout.addWidget(self.reason_text)
        layout.addWidget(self.respondent_caption)
        layout.addWidget(self.respondent)
        layout.addLayout(self.respondent_form)
        layout.addWidget(self.code_caption)
        layout.addWidget(self.dossier_code)
        layout.addStretch(1)

        self.grid.completed.connect(self.reasons.setFocus)
        self.grid.submitted.connect(self.submitted)
        self.grid.changed.connect(self._changed)
        self.reasons.back_out.connect(self._back_to_questions)
        self.reasons.submitted.connect(self.submitted)
        self.reasons.changed.connect(self._changed)
        self.respondent.submitted.connect(self.submitted)
        self.respondent.changed.connect(self._changed)
        self.reason_text.returnPressed.connect(self.submitted)
        self.reason_text.textChanged.connect(self._changed)
        self.dossier_code.returnPressed.connect(self._code_entered)
        self.dossier_code.textChanged.connect(self._changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.code_caption.setText(_("&Dossier code (scan or type, optional)"))
        self.dossier_code.setPlaceholderText(_("e.g. 000.00.20.H56-260105-0001"))
        self.questions_caption.setText(
            _("Questions — 1 to 5 pick the level, 0 or Space leaves it blank, Backspace goes back")
        )
        self.reason_text.setPlaceholderText(_("Other reasons or comments (optional)"))
        self.respondent_caption.setText(_("Respondent (optional) — a digit picks the option"))
        self._update_summary()

    # -- template --------------------------------------------------------------

    def set_template(self, template: SurveyTemplate) -> None:
        """Lay out the questions, reasons and respondent fields of ``template``."""
        self.template = template
        rows = [
            GridRow(q.id, q.text, tuple((lv.value, str(lv.value)) for lv in q.levels))
            for q in template.questions
        ]
        if template.overall is not None:
            q = template.overall
            levels = tuple((lv.value, str(lv.value)) for lv in q.levels)
            rows.append(GridRow(q.id, q.text, levels, number=_("All")))
        scale = template.questions[0].levels if template.questions else ()
        headers = tuple(f"{lv.value}\n{lv.label}" for lv in scale)
        self.grid.set_rows(rows, headers)
        self.reasons_caption.setText(template.reasons_prompt or _("Reasons"))
        self.reasons.set_reasons(template.reasons)
        self.reasons.setVisible(bool(template.reasons))
        self.reason_text.setVisible(bool(template.reasons or template.free_text))
        while self.respondent_form.rowCount():
            self.respondent_form.removeRow(0)
        self.text_fields = {}
        self.choice_fields = [f for f in template.respondent if f.kind == "choice"]
        self.respondent.set_rows(
            [
                GridRow(f.id, f.label, tuple((i + 1, f"{i + 1}. {o.text}")
                                             for i, o in enumerate(f.options)))
                for f in self.choice_fields
            ]
        )  # fmt: skip
        self.respondent.setVisible(bool(self.choice_fields))
        for f in template.respondent:
            if f.kind == "text":
                edit = QLineEdit(objectName=f"respondent_{f.id}")
                edit.returnPressed.connect(self.submitted)
                edit.textChanged.connect(self._changed)
                self.respondent_form.addRow(f.label, edit)
                self.text_fields[f.id] = edit
        self.respondent_caption.setVisible(bool(template.respondent))
        chain = [self.grid, self.reasons, self.reason_text, self.respondent]
        chain += [*self.text_fields.values(), self.dossier_code]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.clear()

    # -- values ----------------------------------------------------------------

    def value(self) -> FormInput:
        """The form as typed (nothing is checked here: blanks are allowed, out-of-range cannot be typed)."""
        assert self.template is not None
        answers = self.grid.values()
        overall_id = self.template.overall.id if self.template.overall else None
        overall = answers.pop(overall_id, None) if overall_id else None
        respondent = {}
        picked = self.respondent.values()
        for f in self.choice_fields:
            if picked.get(f.id):
                respondent[f.id] = f.options[picked[f.id] - 1].id
        for fid, edit in self.text_fields.items():
            if edit.text().strip():
                respondent[fid] = edit.text().strip()
        return FormInput(
            answers=answers,
            overall=overall,
            reasons=self.reasons.chosen(),
            reason_text=self.reason_text.text().strip(),
            respondent=respondent,
            dossier_code=self.dossier_code.text().strip(),
        )

    def load(self, form: FormInput, *, saved: bool = True) -> None:
        """Show a saved form for correction (its blanks flagged); the cursor goes to question 1."""
        answers = dict(form.answers)
        if self.template is not None and self.template.overall is not None:
            answers[self.template.overall.id] = form.overall
        self.grid.reset(answers, seen=saved)
        self.reasons.set_chosen(form.reasons)
        self.reason_text.setText(form.reason_text)
        picked = {}
        for f in self.choice_fields:
            ids = [o.id for o in f.options]
            if form.respondent.get(f.id) in ids:
                picked[f.id] = ids.index(form.respondent[f.id]) + 1
        self.respondent.reset(picked)
        for fid, edit in self.text_fields.items():
            edit.setText(form.respondent.get(fid, ""))
        self.dossier_code.setText(form.dossier_code)
        self._update_summary()

    def clear(self) -> None:
        self.load(FormInput(), saved=False)

    def is_empty(self) -> bool:
        v = self.value()
        return v == FormInput(answers={k: None for k in v.answers})

    def focus_first(self) -> None:
        self.grid.move_to(0)
        self.grid.setFocus()

    # -- reactions ---------------------------------------------------------------

    def _code_entered(self) -> None:
        """A scanner ends with Enter: before any answer it means "now the answers", after it "save"."""
        if self.is_empty() or all(v is None for v in self.grid.values().values()):
            self.focus_first()
        else:
            self.submitted.emit()

    def _back_to_questions(self) -> None:
        self.grid.move_to(len(self.grid.rows) - 1)
        self.grid.setFocus()

    def _changed(self, *_args) -> None:
        self._update_summary()
        self.changed.emit()

    def _cell(self, key: str, level: int | None) -> str:
        """A level in the summary: the digit, a red dash for a blank, a grey dot not reached yet."""
        if level is not None:
            return str(level)
        if self.grid.passed(key):
            return '<span style="color:#a4161a">—</span>'
        return '<span style="color:#adb5bd">_</span>'

    def _update_summary(self) -> None:
        if self.template is None:
            self.summary.setText("")
            return
        v = self.value()
        groups: dict[str, list[str]] = {}
        for q in self.template.questions:
            groups.setdefault(q.factor, []).append(self._cell(q.id, v.answers.get(q.id)))
        parts = [" ".join(cells) for cells in groups.values()]
        text = "<b>" + " &nbsp;|&nbsp; ".join(parts) + "</b>"
        if self.template.overall is not None:
            overall = self._cell(self.template.overall.id, v.overall)
            text += " &nbsp;·&nbsp; " + escape(_("overall {level}")).format(level=overall)
        if v.reasons:
            numbers = [str(i + 1) for i, (rid, _b) in enumerate(self.reasons.boxes)
                       if rid in v.reasons]  # fmt: skip
            text += " &nbsp;·&nbsp; " + escape(
                _("reasons {numbers}").format(numbers=", ".join(numbers))
            )
        if v.dossier_code:
            text += " &nbsp;·&nbsp; " + escape(v.dossier_code)
        missing = len(self.grid.skipped())
        if missing:
            note = ngettext("{n} question left blank", "{n} questions left blank", missing)
            text += f' &nbsp;<span style="color:#a4161a">⚠ {escape(note.format(n=missing))}</span>'
        self.summary.setText(text)
