"""The forms of the quality records: policy, scope, declaration, training, review, controlled document."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from motcua_desktop.i18n import N_, _
from motcua_desktop.ui.dossier_actions import ActionDialog
from motcua_desktop.ui.nonconformity_dialogs import date_edit, date_value, from_qdate, text_box

DOC_TYPE_LABELS = {
    "process": N_("Internal process"),
    "form": N_("Blank form"),
    "other": N_("Other"),
}


def lines(edit) -> list[str]:
    """The non-empty lines of a text box (one name or point per line)."""
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class RecordDialog(ActionDialog):
    """A record form: ``service`` names the services.quality_records function it calls."""

    service = ""
    required: tuple = ()  # (widget attribute, message) pairs checked before confirming

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(title, "", parent)
        self.setMinimumWidth(640)

    def problem(self) -> str | None:
        for name, message in self.required:
            widget = getattr(self, name)
            text = widget.toPlainText() if hasattr(widget, "toPlainText") else widget.text()
            if not text.strip():
                return _(message)
        return None


class PolicyDialog(RecordDialog):
    service = "set_policy"
    required = (("text", N_("Write the quality policy.")),)

    def __init__(self, today: date, parent=None) -> None:
        super().__init__(_("New quality policy"), parent)
        self.text = self.add_row(_("Policy:"), text_box("policy_text", height=90))
        self.day = self.add_row(_("Issued on:"), date_edit(today, name="policy_date"))
        self.number = self.add_row(_("Decision number:"), QLineEdit(objectName="policy_number"))

    def values(self) -> dict:
        return {"text": self.text.toPlainText().strip(), "record_date": from_qdate(self.day.date()),
                "number": self.number.text().strip()}  # fmt: skip


class ScopeDialog(RecordDialog):
    service = "set_scope"
    required = (("text", N_("Describe the scope of the quality system.")),)

    def __init__(self, today: date, parent=None) -> None:
        super().__init__(_("New scope of the quality system"), parent)
        self.text = self.add_row(_("Scope:"), text_box("scope_text", height=90))
        self.day = self.add_row(_("Issued on:"), date_edit(today, name="scope_date"))

    def values(self) -> dict:
        return {"text": self.text.toPlainText().strip(), "record_date": from_qdate(self.day.date())}


class DeclarationDialog(RecordDialog):
    service = "record_declaration"
    required = (
        ("number", N_("Give the decision number.")),
        ("scope", N_("Give the scope the declaration covers.")),
    )

    def __init__(self, today: date, parent=None) -> None:
        super().__init__(_("Declaration of conformity (công bố HTQLCL)"), parent)
        self.number = self.add_row(_("Decision number:"), QLineEdit(objectName="decl_number"))
        self.day = self.add_row(_("Decision date:"), date_edit(today, name="decl_date"))
        self.scope = self.add_row(_("Scope declared:"), text_box("decl_scope"))
        self.notified = self.add_row(
            _("Notified to the Department of Science and Technology on:"),
            date_edit(None, optional=True, name="decl_notified"),
        )
        self.posted = self.add_row("", QCheckBox(_("Posted publicly"), objectName="decl_posted"))

    def values(self) -> dict:
        return {
            "decision_number": self.number.text().strip(),
            "decision_date": from_qdate(self.day.date()),
            "scope": self.scope.toPlainText().strip(),
            "notified_on": date_value(self.notified),
            "posted": self.posted.isChecked(),
        }


class TrainingDialog(RecordDialog):
    service = "add_training"
    required = (
        ("topic", N_("Give the topic of the training.")),
        ("participants", N_("List who took part in the training.")),
    )

    def __init__(self, today: date, parent=None) -> None:
        super().__init__(_("Training record"), parent)
        self.topic = self.add_row(_("Topic:"), QLineEdit(objectName="training_topic"))
        self.day = self.add_row(_("Held on:"), date_edit(today, name="training_date"))
        self.trainer = self.add_row(_("Trainer:"), QLineEdit(objectName="training_trainer"))
        self.participants = self.add_row(
            _("Participants (one per line):"), text_box("training_participants", height=72)
        )

    def values(self) -> dict:
        return {"topic": self.topic.text().strip(), "held_on": from_qdate(self.day.date()),
                "trainer": self.trainer.text().strip(),
                "participants": lines(self.participants)}  # fmt: skip


class ReviewDialog(RecordDialog):
    service = "add_management_review"
    required = (
        ("chair", N_("Give who chaired the review.")),
        ("decisions", N_("Write down at least one decision of the review.")),
    )

    def __init__(self, today: date, user, parent=None) -> None:
        super().__init__(_("Management review minutes"), parent)
        self.day = self.add_row(_("Held on:"), date_edit(today, name="review_date"))
        self.number = self.add_row(_("Minutes number:"), QLineEdit(objectName="review_number"))
        self.chair = self.add_row(_("Chaired by:"), QLineEdit(objectName="review_chair"))
        self.attendees = self.add_row(_("Attendees (one per line):"), text_box("review_attendees"))
        self.inputs = self.add_row(_("Inputs reviewed (one per line):"), text_box("review_inputs"))
        self.decisions = self.add_row(_("Decisions (one per line):"), text_box("review_decisions"))

    def values(self) -> dict:
        return {"held_on": from_qdate(self.day.date()), "number": self.number.text().strip(),
                "chair": self.chair.text().strip(), "attendees": lines(self.attendees),
                "inputs": lines(self.inputs), "decisions": lines(self.decisions)}  # fmt: skip


class DocumentDialog(RecordDialog):
    service = "save_document"
    required = (
        ("code", N_("Give the document's code.")),
        ("title", N_("Give the document's title.")),
        ("version", N_("Give the document's version.")),
    )

    def __init__(self, today: date, parent=None) -> None:
        super().__init__(_("Controlled document"), parent)
        self.code = self.add_row(_("Code:"), QLineEdit(objectName="doc_code"))
        self.title = self.add_row(_("Title:"), QLineEdit(objectName="doc_title"))
        self.kind = QComboBox(objectName="doc_type")
        for key, label in DOC_TYPE_LABELS.items():
            self.kind.addItem(_(label), key)
        self.add_row(_("Type:"), self.kind)
        self.version = self.add_row(_("Version:"), QLineEdit(objectName="doc_version"))
        self.effective = self.add_row(
            _("In force from:"), date_edit(today, optional=True, name="doc_effective")
        )
        self.procedure = self.add_row(_("Procedure code:"), QLineEdit(objectName="doc_procedure"))
        self.procedure.setPlaceholderText(_("Required for an internal process, e.g. 1.001193"))

    def values(self) -> dict:
        return {"code": self.code.text().strip(), "title": self.title.text().strip(),
                "doc_type": self.kind.currentData(), "doc_version": self.version.text().strip(),
                "effective_on": date_value(self.effective),
                "procedure_code": self.procedure.text().strip()}  # fmt: skip


__all__ = [
    "DeclarationDialog", "DocumentDialog", "PolicyDialog", "ReviewDialog", "ScopeDialog",
    "TrainingDialog", "DOC_TYPE_LABELS",
]  # fmt: skip
