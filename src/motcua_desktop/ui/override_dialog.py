"""The "Edit locally" dialog: the commune's own processing time and components for a procedure."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.procedures import (
    ComponentKind,
    ComponentSpec,
    Procedure,
    ProcessingTime,
    TimeUnit,
)
from motcua_desktop.i18n import N_, _
from motcua_desktop.ui.profile_forms import error_label, set_error

UNIT_NAMES = {
    TimeUnit.WORKING_DAYS: N_("working days"),
    TimeUnit.WORKING_HOURS: N_("working hours"),
    TimeUnit.SAME_DAY: N_("same day"),
}
KIND_NAMES = {
    ComponentKind.ORIGINAL: N_("original"),
    ComponentKind.CERTIFIED_COPY: N_("certified copy"),
    ComponentKind.PHOTOCOPY: N_("photocopy"),
}
COL_NAME, COL_KIND, COL_COUNT, COL_REQUIRED = range(4)


class OverrideDialog(QDialog):
    """Edits processing time and components; ``result_values()`` gives what to save."""

    def __init__(self, procedure: Procedure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.procedure = procedure
        self.heading = QLabel(wordWrap=True)
        self.unit = QComboBox(objectName="unit")
        for unit in UNIT_NAMES:
            self.unit.addItem("", unit)
        self.amount = QSpinBox(objectName="amount", minimum=0, maximum=365)
        self.has_cutoff = QCheckBox(objectName="has_cutoff")
        self.cutoff = QTimeEdit(QTime(15, 0), objectName="cutoff")
        self.cutoff.setDisplayFormat("HH:mm")
        self.has_cutoff.toggled.connect(self.cutoff.setEnabled)
        self.unit.currentIndexChanged.connect(self._unit_changed)

        self.table = QTableWidget(0, 4, objectName="components")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in (COL_KIND, COL_COUNT, COL_REQUIRED):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.add_button = QPushButton(clicked=lambda: self.add_component(edit=True))
        self.remove_button = QPushButton(clicked=self.remove_component)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

        time_row = QHBoxLayout()
        time_row.addWidget(self.amount)
        time_row.addWidget(self.unit)
        time_row.addStretch(1)
        cutoff_row = QHBoxLayout()
        cutoff_row.addWidget(self.has_cutoff)
        cutoff_row.addWidget(self.cutoff)
        cutoff_row.addStretch(1)
        self.time_label, self.cutoff_label, self.components_label = QLabel(), QLabel(), QLabel()
        self.time_label.setBuddy(self.amount)
        form = QFormLayout()
        form.addRow(self.time_label, time_row)
        form.addRow(self.cutoff_label, cutoff_row)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.add_button)
        buttons_row.addWidget(self.remove_button)
        buttons_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.components_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons_row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(760, 480)

        self._load(procedure)
        self.retranslate_ui()
        self.amount.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Edit locally — {code}").format(code=self.procedure.code))
        self.heading.setText(
            "<b>{}</b><br>{}".format(
                self.procedure.name,
                _("These values apply in this commune only; the catalogue stays unchanged."),
            )
        )
        for i, unit in enumerate(UNIT_NAMES):
            self.unit.setItemText(i, _(UNIT_NAMES[unit]))
        self.time_label.setText(_("&Processing time:"))
        self.cutoff_label.setText(_("Cut-off:"))
        self.has_cutoff.setText(_("Received after this time counts from the next working day"))
        self.components_label.setText(_("Components:"))
        self.table.setHorizontalHeaderLabels([_("Component"), _("Form"), _("Count"), _("Required")])
        self.add_button.setText(_("&Add component"))
        self.remove_button.setText(_("&Remove component"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, COL_KIND)
            for i, kind in enumerate(KIND_NAMES):
                combo.setItemText(i, _(KIND_NAMES[kind]))

    def _load(self, p: Procedure) -> None:
        self.unit.setCurrentIndex(max(self.unit.findData(p.processing.unit), 0))
        self.amount.setValue(p.processing.amount)
        cutoff = p.processing.cutoff
        self.has_cutoff.setChecked(cutoff is not None)
        self.cutoff.setEnabled(cutoff is not None)
        if cutoff is not None:
            self.cutoff.setTime(QTime(cutoff.hour, cutoff.minute))
        for c in p.components:
            self.add_component(c)
        self._unit_changed()

    def _unit_changed(self, *_args) -> None:
        self.amount.setEnabled(self.unit.currentData() != TimeUnit.SAME_DAY)

    def add_component(self, spec: ComponentSpec | None = None, edit: bool = False) -> None:
        spec = spec or ComponentSpec(name="")
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, COL_NAME, QTableWidgetItem(spec.name))
        kind = QComboBox()
        for k in KIND_NAMES:
            kind.addItem(_(KIND_NAMES[k]), k)
        kind.setCurrentIndex(max(kind.findData(spec.kind), 0))
        self.table.setCellWidget(row, COL_KIND, kind)
        count = QSpinBox(minimum=1, maximum=99, value=max(spec.count, 1))
        self.table.setCellWidget(row, COL_COUNT, count)
        required = QTableWidgetItem()
        required.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        required.setCheckState(Qt.CheckState.Checked if spec.required else Qt.CheckState.Unchecked)
        self.table.setItem(row, COL_REQUIRED, required)
        if edit:
            self.table.setCurrentCell(row, COL_NAME)
            self.table.setFocus()
            self.table.editItem(self.table.item(row, COL_NAME))

    def remove_component(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def processing(self) -> ProcessingTime:
        unit = self.unit.currentData()
        cutoff = None
        if self.has_cutoff.isChecked():
            t = self.cutoff.time()
            cutoff = time(t.hour(), t.minute())
        amount = 0 if unit == TimeUnit.SAME_DAY else self.amount.value()
        return ProcessingTime(unit=unit, amount=amount, cutoff=cutoff)

    def components(self) -> tuple[ComponentSpec, ...]:
        result = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, COL_NAME).text().strip()
            if not name:
                continue
            result.append(
                ComponentSpec(
                    name=name,
                    kind=self.table.cellWidget(row, COL_KIND).currentData(),
                    count=self.table.cellWidget(row, COL_COUNT).value(),
                    required=self.table.item(row, COL_REQUIRED).checkState()
                    == Qt.CheckState.Checked,
                )
            )
        return tuple(result)

    def result_values(self) -> tuple[ProcessingTime, tuple[ComponentSpec, ...]]:
        return self.processing(), self.components()

    def _accept(self) -> None:
        unit = self.unit.currentData()
        if unit != TimeUnit.SAME_DAY and self.amount.value() == 0:
            set_error(self.error, _("Enter a processing time of at least 1."))
            self.amount.setFocus()
            return
        if not self.components():
            set_error(self.error, _("A procedure needs at least one component."))
            return
        self.accept()
