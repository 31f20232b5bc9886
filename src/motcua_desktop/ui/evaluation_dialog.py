"""Đánh giá hồ sơ: the per-dossier evaluation at the return desk, in a few keystrokes.

The nine 0/1/2 indicators come pre-filled where the dossier's record tells
(``suggest_evaluation``), or from an earlier evaluation; the cursor starts on
the first one still open and skips those the commune scores once per period.
A digit scores the current row and moves on, Enter saves, Esc leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from motcua_desktop.domain.dossier import Status
from motcua_desktop.i18n import _
from motcua_desktop.services import dossiers, surveys
from motcua_desktop.ui import errors
from motcua_desktop.ui.survey_grid import AnswerGrid, GridRow

ITEM_IDS = ("10", "11")
DIALOG_STYLE = """
QLabel#evaluationTitle { font-size: 14pt; font-weight: bold; color: #1d3557; }
QLabel#evaluationHint {
    font-size: 11pt; background: #f1f3f5; border: 1px solid #ced4da;
    border-radius: 4px; padding: 6px 10px;
}
QLabel#evaluationPoints { font-size: 12pt; font-weight: bold; color: #1b4332; }
"""


@dataclass(frozen=True)
class EvaluationStart:
    """What the dialog opens with: the template, the suggestion and any earlier evaluation."""

    code: str
    template: object
    suggestion: object
    existing: object | None
    returned: bool


def load_evaluation(ctx, code: str) -> EvaluationStart:
    """Read what the dialog needs (runs on the worker)."""
    record = dossiers.get_dossier(ctx, code)
    return EvaluationStart(
        code=record.code,
        template=surveys.active_template(ctx, "evaluation"),
        suggestion=surveys.suggest_evaluation(ctx, record.code),
        existing=surveys.get_evaluation(ctx, record.code),
        returned=record.status == Status.RESULT_RETURNED,
    )


class EvaluationDialog(QDialog):
    """The nine indicators and items 10–11 of one dossier; Enter saves through the runner."""

    def __init__(self, ctx, user, runner, start: EvaluationStart, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.user, self.runner, self.start = ctx, user, runner, start
        self.saved = None
        self.saving = False
        self.setObjectName("evaluationDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(860)
        template = start.template
        self.title = QLabel(objectName="evaluationTitle", wordWrap=True)
        self.intro = QLabel(wordWrap=True)
        self.grid = AnswerGrid(self)
        self.grid.chip_width = 40
        self.grid.question_width = 460
        rows = [
            GridRow(i.id, i.text, tuple((o.value, str(o.value)) for o in i.options), f"{i.id}.")
            for i in template.indicators
        ]
        rows += [
            GridRow(q.id, q.text, tuple((lv.value, str(lv.value)) for lv in q.levels), f"{q.id}.")
            for q in template.items
        ]
        self.grid.set_rows(rows)
        self.period_rows = {i.id for i in template.indicators if i.source == "period"}
        self.hint = QLabel(objectName="evaluationHint", wordWrap=True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.points = QLabel(objectName="evaluationPoints")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.intro, self.grid, self.hint, self.points, self.buttons):
            layout.addWidget(widget)
        self.grid.changed.connect(self._update)
        self.grid.submitted.connect(self.save)
        self.grid.completed.connect(self._update)
        self._prefill()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Evaluate the dossier"))
        self.title.setText(_("Evaluate dossier {code}").format(code=self.start.code))
        self.intro.setText(
            _("Type the points of the current row (0, 1 or 2; items 10–11: 3, 2 or 1); "
              "Space leaves it unscored, Backspace goes back. Enter saves, Esc closes.")
        )  # fmt: skip
        self.save_button.setText(_("Save (Enter)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Not now (Esc)"))
        self._update()

    # -- values ---------------------------------------------------------------------

    def _prefill(self) -> None:
        existing = self.start.existing
        if existing is not None:
            values = dict(existing.scores)
            values.update({"10": existing.item10, "11": existing.item11})
        else:
            values = dict(self.start.suggestion.scores)
        self.grid.reset(values)
        self.grid.move_to(self._next_open(0))

    def _next_open(self, index: int) -> int:
        """The first row from ``index`` with no value that the clerk scores for this dossier."""
        rows = self.grid.rows
        while index < len(rows) and (
            rows[index].key in self.period_rows or self.grid.answers[rows[index].key] is not None
        ):
            index += 1
        return index

    def scores(self) -> dict[str, int | None]:
        return {k: v for k, v in self.grid.values().items() if k not in ITEM_IDS}

    def _update(self) -> None:
        if self.grid.current < len(self.grid.rows) and self.grid.answers:
            self.grid.blockSignals(True)
            index = self.grid.current
            # After a digit the cursor skips the rows already scored and the period's own.
            if index > 0 and self.grid.rows[index - 1].key in self.grid.visited:
                target = self._next_open(index)
                if target != index:
                    self.grid.move_to(target)
            self.grid.blockSignals(False)
        given = [v for v in self.scores().values() if v is not None]
        self.points.setText(
            _("{points} of {max} points on {n} indicators scored").format(
                points=sum(given), max=2 * len(given), n=len(given)
            )
        )
        self.hint.setText(self._hint())

    def _hint(self) -> str:
        if self.grid.current >= len(self.grid.rows):
            return _("All rows done: Enter saves the evaluation.")
        key = self.grid.rows[self.grid.current].key
        template = self.start.template
        options = template.indicator(key).options if template.indicator(key) else ()
        if not options and template.question(key) is not None:
            options = template.question(key).levels
        parts = [f"<b>{o.value}</b> – {o.label}" for o in options]
        text = " &nbsp;·&nbsp; ".join(parts)
        why = self.start.suggestion.why.get(key)
        if why:
            text += "<br><i>" + _("Suggested from the record: {why}").format(why=why) + "</i>"
        if key in self.period_rows:
            text += "<br><i>" + _("Scored by the commune once per period; may stay blank.") + "</i>"
        return text

    # -- saving -----------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        super().keyPressEvent(event)

    def save(self) -> None:
        if self.saving:
            return
        values = self.grid.values()
        self.saving = True
        self.runner.run(
            surveys.record_evaluation, self.ctx, self.user, self.start.code, self.scores(),
            item10=values.get("10"), item11=values.get("11"), source="desk",
            on_success=self._saved, on_error=self._failed, changes="evaluations",
        )  # fmt: skip

    def _saved(self, info) -> None:
        self.saving = False
        self.saved = info
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.saving = False  # the scores stay as typed
        errors.show_error(self, exc)
        self.grid.setFocus()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self.grid.setFocus()


def open_evaluation(parent: QWidget, ctx, user, runner, code: str, *, only_if_returned=False):
    """Load the dossier's evaluation and show the dialog (non-blocking); returns nothing.

    ``only_if_returned``: open only when the dossier's result has been returned (the
    offer after the return action, which may have failed).
    """

    def show(start: EvaluationStart) -> None:
        if only_if_returned and not start.returned:
            return
        dialog = EvaluationDialog(ctx, user, runner, start, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def failed(exc: BaseException) -> None:
        if not only_if_returned:
            errors.show_error(parent, exc)

    runner.run(load_evaluation, ctx, code, on_success=show, on_error=failed)
