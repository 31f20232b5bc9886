"""The small questions of survey entry: start a batch, keep a form typed twice, take a form back."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QMessageBox, QWidget

from motcua_desktop.i18n import _
from motcua_desktop.ui.dossier_actions import ActionDialog


class NewBatchDialog(ActionDialog):
    """Survey date, an optional label and the template (the newest one by default)."""

    def __init__(self, templates, today: date, parent: QWidget | None = None) -> None:
        super().__init__(
            _("New survey batch"),
            _("One batch is one stack of paper forms collected for the same survey date."),
            parent,
        )
        self.surveyed_on = self.add_row(
            _("Survey date"), QDateEdit(QDate(today.year, today.month, today.day), self)
        )
        self.surveyed_on.setDisplayFormat("dd/MM/yyyy")
        self.surveyed_on.setCalendarPopup(True)
        self.surveyed_on.setObjectName("batchDate")
        self.label = self.add_row(_("Label (optional)"), QLineEdit(self, objectName="batchLabel"))
        self.label.setPlaceholderText(_("e.g. forms from the desk box, May"))
        self.template = self.add_row(_("Form"), QComboBox(self, objectName="batchTemplate"))
        for t in templates:
            self.template.addItem(
                _("{title} (version {version})").format(title=t.title, version=t.version), t
            )
        self.ok_button.setText(_("Start the batch (Ctrl+Enter)"))

    def problem(self) -> str | None:
        if self.template.count() == 0:
            return _("No satisfaction form template is installed.")
        return None

    def values(self) -> dict:
        return {
            "surveyed_on": self.surveyed_on.date().toPython(),
            "template": self.template.currentData(),
            "label": self.label.text().strip(),
        }


def duplicate_box(parent: QWidget, message: str) -> tuple[QMessageBox, object]:
    """The question asked when a form seems typed twice; "do not save" is the default.

    Enter and Esc both keep the safe choice; only Ctrl+Enter (or a click) saves both.
    """
    box = QMessageBox(QMessageBox.Icon.Warning, _("Form typed twice?"), message, parent=parent)
    box.setObjectName("duplicateBox")
    box.setInformativeText(
        _("Enter or Esc: do not save this form. Ctrl+Enter: save it as well, as a separate form.")
    )
    keep = box.addButton(_("Save both (Ctrl+Enter)"), QMessageBox.ButtonRole.AcceptRole)
    keep.setObjectName("keepBoth")
    skip = box.addButton(_("Do not save (Enter)"), QMessageBox.ButtonRole.RejectRole)
    skip.setObjectName("doNotSave")
    box.setDefaultButton(skip)
    box.setEscapeButton(skip)
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), box, keep.click)
    return box, keep


def ask_keep_duplicate(parent: QWidget, message: str) -> bool:
    """True only if the clerk explicitly chose to keep both forms."""
    box, keep = duplicate_box(parent, message)
    box.exec()
    kept = box.clickedButton() is keep
    box.deleteLater()
    return kept


def confirm_take_back(parent: QWidget, number: int) -> bool:
    """Ask before taking a form back; "No" is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Take back a form"),
        _("Take back form no. {n}? It no longer counts in the results.").format(n=number),
        parent=parent,
    )
    yes = box.addButton(_("Take it back"), QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton(_("Keep it"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    taken = box.clickedButton() is yes
    box.deleteLater()
    return taken
