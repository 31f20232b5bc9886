"""The commune, leaders and desk forms shared by the first-run wizard and the Settings page."""

from __future__ import annotations

import dataclasses
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.codes import validate_agency_code
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.profile import CommuneProfile, Signatory, WorkingHours
from motcua_desktop.i18n import _
from motcua_desktop.ui.language import LANGUAGE_NAMES

ERROR_STYLE = "color: #b3261e;"


def error_label() -> QLabel:
    """A red inline message shown under a field, hidden while empty."""
    label = QLabel(wordWrap=True)
    label.setStyleSheet(ERROR_STYLE)
    label.setVisible(False)
    return label


def set_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _pytime(value: QTime) -> time:
    return time(value.hour(), value.minute())


class CommuneForm(QWidget):
    """The commune's identity as printed on slips: names, agency code, place, phone."""

    FIELDS = (
        "commune_name",
        "parent_body",
        "unit_name",
        "agency_code",
        "place_name",
        "phone",
        "upper_office_name",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        for name in self.FIELDS:
            edit = QLineEdit(objectName=name)
            edit.setMinimumWidth(320)
            err = error_label()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(edit)
            box.addWidget(err)
            label = QLabel()
            label.setBuddy(edit)
            self.form.addRow(label, box)
            self.edits[name], self.errors[name], self.labels[name] = edit, err, label
            edit.textEdited.connect(lambda _text, n=name: set_error(self.errors[n], ""))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        texts = {
            "commune_name": _("Commune &name:"),
            "parent_body": _("&Header line:"),
            "unit_name": _("&Unit name:"),
            "agency_code": _("&Agency code:"),
            "place_name": _("&Place name:"),
            "phone": _("P&hone:"),
            "upper_office_name": _("Upper-level &office:"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.edits["commune_name"].setPlaceholderText(_("e.g. An Phú"))
        self.edits["parent_body"].setPlaceholderText(_("e.g. ỦY BAN NHÂN DÂN XÃ AN PHÚ"))
        self.edits["unit_name"].setPlaceholderText(_("e.g. BỘ PHẬN MỘT CỬA"))
        self.edits["agency_code"].setPlaceholderText("000.00.20.H56")
        self.edits["place_name"].setPlaceholderText(_("e.g. An Phú"))
        self.edits["upper_office_name"].setPlaceholderText(_("e.g. UBND tỉnh An Giang"))

    def load(self, profile: CommuneProfile) -> None:
        for name, edit in self.edits.items():
            edit.setText(getattr(profile, name) or "")
        self.clear_errors()

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.edits.items()}

    def clear_errors(self) -> None:
        for label in self.errors.values():
            set_error(label, "")

    def validate(self) -> bool:
        """Check the required fields and the agency code; show messages inline."""
        self.clear_errors()
        values = self.values()
        required = {
            "commune_name": _("Enter the commune's name."),
            "parent_body": _("Enter the header line printed on slips."),
            "unit_name": _("Enter the name of the one-stop unit."),
            "place_name": _("Enter the place name used in dates on slips."),
        }
        first_bad: str | None = None
        for name, message in required.items():
            if not values[name]:
                set_error(self.errors[name], message)
                first_bad = first_bad or name
        try:
            self.edits["agency_code"].setText(validate_agency_code(values["agency_code"]))
        except ValidationError as exc:
            set_error(self.errors["agency_code"], exc.message)
            first_bad = first_bad or "agency_code"
        if first_bad:
            self.edits[first_bad].setFocus()
        return first_bad is None

    def show_field_error(self, field: str | None, message: str) -> bool:
        """Put a service's error beside its field; False if the field is not on this form."""
        if field in self.errors:
            set_error(self.errors[field], message)
            self.edits[field].setFocus()
            return True
        return False

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(read_only)


class LeadersTable(QWidget):
    """The leaders who sign documents: a small name + title table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(wordWrap=True)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("leaders")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.intro.setText(
            _("Leaders who sign documents (name and title, e.g. “Chủ tịch”, “Phó Chủ tịch”).")
        )
        self.table.setHorizontalHeaderLabels([_("Full name"), _("Title")])
        self.add_button.setText(_("&Add leader"))
        self.remove_button.setText(_("&Remove leader"))

    def add_row(self, name: str = "", title: str = "", edit: bool = True) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(title))
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.setFocus()
            self.table.editItem(self.table.item(row, 0))

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def load(self, signatories: tuple[Signatory, ...]) -> None:
        self.table.setRowCount(0)
        for s in signatories:
            self.add_row(s.name, s.title, edit=False)

    def signatories(self) -> tuple[Signatory, ...]:
        result = []
        for row in range(self.table.rowCount()):
            name = (self.table.item(row, 0) or QTableWidgetItem()).text().strip()
            title = (self.table.item(row, 1) or QTableWidgetItem()).text().strip()
            if name or title:
                result.append(Signatory(name=name, title=title))
        return tuple(result)

    def validate(self) -> bool:
        incomplete = [s for s in self.signatories() if not (s.name and s.title)]
        set_error(self.error, _("Each leader needs a name and a title.") if incomplete else "")
        return not incomplete

    def set_read_only(self, read_only: bool) -> None:
        triggers = (
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.AllEditTriggers
        )
        self.table.setEditTriggers(triggers)
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)


class DeskForm(QWidget):
    """Working hours, receipt paper and copies, and the language of the desk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        defaults = WorkingHours()
        self.times: dict[str, QTimeEdit] = {}
        for name in ("morning_start", "morning_end", "afternoon_start", "afternoon_end"):
            edit = QTimeEdit(_qtime(getattr(defaults, name)), objectName=name)
            edit.setDisplayFormat("HH:mm")
            self.times[name] = edit
        self.paper = QComboBox(objectName="receipt_paper")
        self.paper.addItems(["A4", "A5"])
        self.copies = QComboBox(objectName="receipt_copies")
        self.copies.addItems(["1", "2"])
        self.copies.setCurrentIndex(1)
        self.language = QComboBox(objectName="language")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        for combo in (self.paper, self.copies, self.language):
            combo.setMinimumWidth(120)
        self.labels = {k: QLabel() for k in ("morning", "afternoon", "paper", "copies", "lang")}
        self.dash = [QLabel("–"), QLabel("–")]
        for key, first, second, dash in (
            ("morning", "morning_start", "morning_end", self.dash[0]),
            ("afternoon", "afternoon_start", "afternoon_end", self.dash[1]),
        ):
            row = QHBoxLayout()
            row.addWidget(self.times[first])
            row.addWidget(dash)
            row.addWidget(self.times[second])
            row.addStretch(1)
            self.labels[key].setBuddy(self.times[first])
            self.form.addRow(self.labels[key], row)
        for key, widget in (("paper", self.paper), ("copies", self.copies)):
            self.labels[key].setBuddy(widget)
            self.form.addRow(self.labels[key], widget)
        self.labels["lang"].setBuddy(self.language)
        self.form.addRow(self.labels["lang"], self.language)
        self.error = error_label()
        self.form.addRow(self.error)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.labels["morning"].setText(_("&Morning session:"))
        self.labels["afternoon"].setText(_("A&fternoon session:"))
        self.labels["paper"].setText(_("Receipt &paper:"))
        self.labels["copies"].setText(_("Receipt &copies:"))
        self.labels["lang"].setText(_("&Language:"))

    def load(self, profile: CommuneProfile) -> None:
        for name, edit in self.times.items():
            edit.setTime(_qtime(getattr(profile.working_hours, name)))
        self.paper.setCurrentText(profile.receipt_paper)
        self.copies.setCurrentText(str(profile.receipt_copies))
        index = self.language.findData(profile.language)
        self.language.setCurrentIndex(max(index, 0))

    def working_hours(self) -> WorkingHours:
        return WorkingHours(**{n: _pytime(e.time()) for n, e in self.times.items()})

    def values(self) -> dict:
        return {
            "working_hours": self.working_hours(),
            "receipt_paper": self.paper.currentText(),
            "receipt_copies": int(self.copies.currentText()),
            "language": self.language.currentData(),
        }

    def validate(self) -> bool:
        h = self.working_hours()
        ok = h.morning_start < h.morning_end <= h.afternoon_start < h.afternoon_end
        set_error(self.error, "" if ok else _("The sessions must follow each other in order."))
        return ok

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.times.values():
            edit.setReadOnly(read_only)
        self.paper.setEnabled(not read_only)
        self.copies.setEnabled(not read_only)


def build_profile(
    commune: dict[str, str],
    signatories: tuple[Signatory, ...],
    desk: dict,
    base: CommuneProfile | None = None,
) -> CommuneProfile:
    """A profile from the three forms; fields the forms do not show are kept from ``base``."""
    values = {**commune, "signatories": signatories, **desk}
    if base is not None:
        return dataclasses.replace(base, **values)
    return CommuneProfile(**values)
