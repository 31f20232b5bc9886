"""The quality objectives editor: the year's objectives, add / edit / remove, copy last year, defaults."""

from __future__ import annotations

from babel.numbers import NumberFormatError, parse_decimal
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain import quality_objectives as qo
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.i18n import N_, _, babel_locale
from motcua_desktop.services import quality_objectives as service
from motcua_desktop.ui import errors
from motcua_desktop.ui.report_table_model import RowsTableModel
from motcua_desktop.ui.reports_objectives import format_value, target_text
from motcua_desktop.ui.reports_page import fit_columns, report_table

HEADERS = (
    N_("No."),
    N_("Objective"),
    N_("Measure"),
    N_("Target"),
    N_("Entered actual"),
    N_("Note"),
)
COMPARATOR_NAMES = {">=": N_("at least (≥)"), "<=": N_("at most (≤)")}


def parse_number(text: str, what: str) -> float | None:
    """A number as typed in the UI language ("98,5" in Vietnamese); None when empty."""
    text = text.strip().rstrip("%").strip()
    if not text:
        return None
    try:
        return float(parse_decimal(text, locale=babel_locale(), strict=False))
    except (NumberFormatError, ValueError) as exc:
        raise ValidationError(_("{what} must be a number.").format(what=what)) from exc


class ObjectiveEditor(QDialog):
    """One objective: measure, title, comparison, target, the actual for hand-entered ones, a note."""

    def __init__(self, parent: QWidget, objective: qo.Objective | None = None) -> None:
        super().__init__(parent, objectName="objective_editor")
        self.objective = objective
        self.measure = QComboBox(objectName="objective_measure")
        for key, m in qo.MEASURES.items():
            self.measure.addItem(m.label, key)
        self.title_edit = QLineEdit(objectName="objective_title")
        self.comparator = QComboBox(objectName="objective_comparator")
        for key, name in COMPARATOR_NAMES.items():
            self.comparator.addItem(_(name), key)
        self.target = QLineEdit(objectName="objective_target")
        self.actual = QLineEdit(objectName="objective_actual")
        self.note = QLineEdit(objectName="objective_note")
        self.problem = QLabel(objectName="objective_problem", wordWrap=True)
        self.problem.setStyleSheet("color: #a4000f;")
        form = QFormLayout()
        self.labels = [QLabel() for _i in range(6)]
        fields = (
            self.measure,
            self.title_edit,
            self.comparator,
            self.target,
            self.actual,
            self.note,
        )
        for label, field in zip(self.labels, fields, strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(560, 0)
        self._auto_title = ""
        self.measure.currentIndexChanged.connect(self._measure_changed)
        if objective is not None:
            self.measure.setCurrentIndex(self.measure.findData(objective.measure))
            self.title_edit.setText(objective.title)
            self.comparator.setCurrentIndex(self.comparator.findData(objective.comparator))
            self.target.setText(format_value(objective.measure, objective.target).rstrip("%"))
            if objective.manual_actual is not None:
                self.actual.setText(format_value("manual", objective.manual_actual).rstrip("%"))
            self.note.setText(objective.note)
        self._measure_changed(keep_values=objective is not None)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Quality objective"))
        texts = (_("&Measure:"), _("&Title:"), _("&Comparison:"), _("Tar&get:"),
                 _("&Actual (entered by hand):"), _("&Note:"))  # fmt: skip
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def measure_key(self) -> str:
        return self.measure.currentData()

    def _measure_changed(self, *_args, keep_values: bool = False) -> None:
        m = qo.MEASURES[self.measure_key()]
        if not keep_values:
            if self.title_edit.text() in ("", self._auto_title) and m.key != "manual":
                self.title_edit.setText(m.label)
                self._auto_title = m.label
            self.comparator.setCurrentIndex(self.comparator.findData(m.comparator))
            self.target.setText(format_value(m.key, m.default_target).rstrip("%"))
        manual = m.key == "manual"
        self.actual.setEnabled(manual)
        if not manual:
            self.actual.clear()
        unit = "%" if m.is_rate else _("dossiers")
        self.target.setPlaceholderText(unit)

    def values(self) -> dict:
        """The objective as typed, checked; ValidationError in plain words."""
        target = parse_number(self.target.text(), _("The target"))
        if target is None:
            raise ValidationError(_("Give the objective a target."), field="target")
        actual = parse_number(self.actual.text(), _("The actual value"))
        m, title, target, actual = qo.validate_objective(
            self.measure_key(),
            self.title_edit.text(),
            self.comparator.currentData(),
            target,
            actual,
        )
        return {
            "measure": m.key, "title": title, "comparator": self.comparator.currentData(),
            "target": target, "manual_actual": actual, "note": self.note.text().strip(),
        }  # fmt: skip

    def _check(self) -> None:
        try:
            self.values()
        except ValidationError as exc:
            self.problem.setText(exc.message)
            return
        self.accept()


class ObjectivesDialog(QDialog):
    """The objectives of one year; every change is saved at once through the runner."""

    def __init__(self, ctx, user, runner, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="objectives_dialog")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.objectives: list[qo.Objective] = []
        self.editor: ObjectiveEditor | None = None
        self.loads = 0
        self.year_label = QLabel()
        self.year = QSpinBox(objectName="objectives_year", minimum=2000, maximum=2100)
        self.year.setValue(year)
        self.year_label.setBuddy(self.year)
        self.model = RowsTableModel(parent=self)
        self.table = report_table("objectives_table")
        self.table.setModel(self.model)
        # After the key event is done: the Enter that opens the editor must not also press its OK.
        self.table.installEventFilter(self)  # Delete removes the chosen objective
        self.table.activated.connect(lambda _index: QTimer.singleShot(0, self, self.edit))
        self.add_button = QPushButton(objectName="objective_add", clicked=self.add)
        self.edit_button = QPushButton(objectName="objective_edit", clicked=self.edit)
        self.remove_button = QPushButton(objectName="objective_remove", clicked=self.remove)
        self.copy_button = QPushButton(objectName="objective_copy", clicked=self.copy_last_year)
        self.seed_button = QPushButton(objectName="objective_seed", clicked=self.seed_defaults)
        self.close_button = QPushButton(objectName="objective_close", clicked=self.accept)
        self.hint = QLabel(wordWrap=True)
        self.hint.setStyleSheet("color: #555b63;")

        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button, self.copy_button,
                  self.seed_button):  # fmt: skip
            buttons.addWidget(b)
        for b in (self.add_button, self.edit_button, self.remove_button, self.copy_button,
                  self.seed_button, self.close_button):  # fmt: skip
            # Enter on the table edits; it must not also press a default button.
            b.setAutoDefault(False)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.resize(900, 480)
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.retranslate_ui()
        self.reload()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Quality objectives"))
        self.year_label.setText(_("Objectives of the &year:"))
        self.add_button.setText(_("&Add…"))
        self.edit_button.setText(_("&Edit…"))
        self.remove_button.setText(_("&Remove"))
        self.copy_button.setText(_("&Copy from last year"))
        self.seed_button.setText(_("Suggested &defaults"))
        self.close_button.setText(_("C&lose"))
        self.hint.setText(
            _(
                "The program measures each objective from its own figures; only objectives "
                "measured by hand need an actual value. Enter edits the chosen objective, "
                "Delete removes it."
            )
        )

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Enter belongs to the table (edit), not to a default button.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Delete
        ):
            self.remove()
            return True
        return super().eventFilter(watched, event)

    # -- loading ---------------------------------------------------------------------

    def reload(self) -> None:
        self.runner.run(
            service.list_objectives, self.ctx, self.year.value(), on_success=self._loaded
        )

    def _loaded(self, objectives) -> None:
        self.objectives = list(objectives)
        self.loads += 1
        rows = [
            (
                str(o.position), o.title, qo.MEASURES[o.measure].label if o.measure in qo.MEASURES
                else o.measure, target_text(o.measure, o.comparator, o.target),
                format_value(o.measure, o.manual_actual) if o.measure == "manual" else "",
                o.note,
            )
            for o in self.objectives
        ]  # fmt: skip
        self.model.set_rows(HEADERS, rows)
        fit_columns(self.table, 1, 320)
        if rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 1))

    def selected(self) -> qo.Objective | None:
        row = self.table.currentIndex().row()
        return self.objectives[row] if 0 <= row < len(self.objectives) else None

    # -- changes -----------------------------------------------------------------------

    def _run(self, fn, *args, **kwargs) -> None:
        self.runner.run(
            fn, self.ctx, self.user, *args,
            on_success=lambda _r: self.reload(), changes="objectives", **kwargs,
        )  # fmt: skip

    def add(self) -> None:
        self._open_editor(None)

    def edit(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._open_editor(chosen)

    def _open_editor(self, objective) -> None:
        """Non-modal to the caller: the editor saves when accepted (tests type into ``editor``)."""
        if self.editor is not None:
            self.editor.deleteLater()  # the last one is done with
        self.editor = ObjectiveEditor(self, objective)
        self.editor.accepted.connect(lambda e=self.editor, o=objective: self._save(e, o))
        self.editor.open()

    def _save(self, editor: ObjectiveEditor, objective) -> None:
        try:
            values = editor.values()
        except ValidationError as exc:
            errors.show_error(self, exc)
            return
        self._run(
            service.save_objective, year=self.year.value(),
            objective_id=objective.id if objective else None, **values,
        )  # fmt: skip

    def confirm_remove(self, objective) -> bool:
        answer = QMessageBox.question(
            self, _("Remove the objective"),
            _('Remove "{title}" from the objectives of {year}?').format(
                title=objective.title, year=self.year.value()),
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def remove(self) -> None:
        chosen = self.selected()
        if chosen is not None and self.confirm_remove(chosen):
            self._run(service.remove_objective, chosen.id)

    def copy_last_year(self) -> None:
        year = self.year.value()
        self._run(service.copy_year, year - 1, year)

    def seed_defaults(self) -> None:
        self._run(service.seed_defaults, self.year.value())
