"""The register's small forms: a finding with its cause and actions, action done, verification."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QPlainTextEdit

from motcua_desktop.i18n import _
from motcua_desktop.ui.dossier_actions import ActionDialog
from motcua_desktop.ui.nonconformity_model import SEVERITY_LABELS

DEFAULT_DUE_DAYS = 30
NO_DATE = QDate(2000, 1, 1)  # the date edit's minimum shows as "—": no due date


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date | None, *, optional: bool = False, name: str = "") -> QDateEdit:
    edit = QDateEdit(calendarPopup=True, displayFormat="dd/MM/yyyy", objectName=name)
    if optional:
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("—")
    edit.setDate(to_qdate(day) if day is not None else NO_DATE)
    return edit


def date_value(edit: QDateEdit) -> date | None:
    if edit.minimumDate() == NO_DATE and edit.date() == NO_DATE:
        return None
    return from_qdate(edit.date())


def text_box(name: str, text: str = "", height: int = 54) -> QPlainTextEdit:
    edit = QPlainTextEdit(text, objectName=name)
    edit.setTabChangesFocus(True)  # Tab leaves the box; Ctrl+Enter confirms the dialog
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height * 2)
    return edit


class FindingDialog(ActionDialog):
    """A new finding (``nc`` None) or the editable fields of an existing one."""

    def __init__(self, today: date, nc=None, parent=None) -> None:
        title = _("New finding") if nc is None else _("Finding {number}").format(number=nc.number)
        super().__init__(title, "", parent)
        self.setMinimumWidth(680)
        self.nc = nc
        self.description = self.add_row(
            _("Description:"), text_box("nc_description", nc.description if nc else "", 64)
        )
        self.severity = QComboBox(objectName="nc_severity")
        for key, label in SEVERITY_LABELS.items():
            self.severity.addItem(_(label), key)
        self.severity.setCurrentIndex(self.severity.findData(nc.severity if nc else "minor"))
        self.add_row(_("Severity:"), self.severity)
        self.cause = self.add_row(_("Cause:"), text_box("nc_cause", nc.cause if nc else ""))
        self.correction = self.add_row(
            _("Correction:"), text_box("nc_correction", nc.correction if nc else "")
        )
        self.action = self.add_row(
            _("Corrective action:"), text_box("nc_action", nc.corrective_action if nc else "")
        )
        self.owner = self.add_row(
            _("Owner:"), QLineEdit(nc.owner_name if nc else "", objectName="nc_owner")
        )
        due = nc.due_on if nc else today + timedelta(days=DEFAULT_DUE_DAYS)
        self.due = self.add_row(_("Due date:"), date_edit(due, optional=True, name="nc_due"))
        if nc is None:
            self.found_on = self.add_row(_("Found on:"), date_edit(today, name="nc_found_on"))
            self.source = QComboBox(objectName="nc_source")
            self.source.addItem(_("Entered by hand"), "manual")
            self.source.addItem(_("From a complaint"), "complaint")
            self.add_row(_("Source:"), self.source)
            self.annual = self.add_row(
                "", QCheckBox(_("Found in the annual inspection (report within two months)"))
            )

    def problem(self) -> str | None:
        if not self.description.toPlainText().strip():
            return _("Describe the finding.")
        return None

    def values(self) -> dict:
        out = {
            "description": self.description.toPlainText().strip(),
            "severity": self.severity.currentData(),
            "cause": self.cause.toPlainText().strip(),
            "correction": self.correction.toPlainText().strip(),
            "corrective_action": self.action.toPlainText().strip(),
            "owner_name": self.owner.text().strip(),
            "due_on": date_value(self.due),
        }
        if self.nc is None:
            out["found_on"] = from_qdate(self.found_on.date())
            out["source"] = self.source.currentData()
            out["annual_inspection"] = self.annual.isChecked()
        return out


class DateDialog(ActionDialog):
    """One date: when the action was done, or when it was reported."""

    def __init__(self, title: str, intro: str, label: str, today: date, parent=None) -> None:
        super().__init__(title, intro, parent)
        self.day = self.add_row(label, date_edit(today, name="nc_date"))

    def value(self) -> date:
        return from_qdate(self.day.date())


class VerifyDialog(ActionDialog):
    """Was the corrective action effective? Who checked, and when."""

    def __init__(self, nc, user, today: date, parent=None) -> None:
        super().__init__(
            _("Verify finding {number}").format(number=nc.number),
            nc.corrective_action or nc.correction,
            parent,
        )
        self.effective = QComboBox(objectName="nc_effective")
        self.effective.addItem(_("Effective: the finding is closed"), True)
        self.effective.addItem(_("Not effective: reopen the finding"), False)
        self.add_row(_("Result:"), self.effective)
        self.verified_on = self.add_row(_("Checked on:"), date_edit(today, name="nc_verified_on"))
        self.name = self.add_row(
            _("Checked by:"), QLineEdit(user.full_name, objectName="nc_verified_by")
        )
        self.note = self.add_row(_("Note:"), text_box("nc_verify_note"))

    def problem(self) -> str | None:
        return None if self.name.text().strip() else _("Give the name of the person who verified.")

    def values(self) -> dict:
        return {
            "effective": bool(self.effective.currentData()),
            "verified_on": from_qdate(self.verified_on.date()),
            "verified_by_name": self.name.text().strip(),
            "note": self.note.toPlainText().strip(),
        }


__all__ = ["FindingDialog", "DateDialog", "VerifyDialog", "date_edit", "from_qdate", "to_qdate"]
