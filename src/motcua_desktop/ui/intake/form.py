"""The intake form body: four numbered sections and the form's values, draft and messages."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from motcua_desktop.domain.dossier import Channel
from motcua_desktop.i18n import _
from motcua_desktop.services import intake
from motcua_desktop.ui.intake.applicant_form import ApplicantForm
from motcua_desktop.ui.intake.details_form import ComponentsSection, TimeSection
from motcua_desktop.ui.intake.procedure_picker import ProcedurePicker

DRAFT_VERSION = 1


class IntakeForm(QWidget):
    """Procedure, applicant, components, time — in the order of the paper receipt.

    ``loading`` is True while values are being set from code (a reset or a
    restored draft), so the page does not treat them as the clerk's typing.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loading = False
        self.picker = ProcedurePicker(self)
        self.applicant = ApplicantForm(self)
        self.components = ComponentsSection(self)
        self.timing = TimeSection(self)
        self.sections = [QLabel(self, objectName="sectionTitle") for _i in range(4)]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        parts = (self.picker, self.applicant, self.components, self.timing)
        for title, widget in zip(self.sections, parts, strict=True):
            layout.addWidget(title)
            layout.addWidget(widget)
        layout.addStretch(1)
        self.retranslate_ui()

    def tab_chain(self) -> list[QWidget]:
        a, c, t = self.applicant, self.components, self.timing
        return [
            self.picker.edit, a.name, a.id_number, a.phone, a.address, a.email, a.owner_differs,
            a.owner_name, a.owner_address, a.channel, c.table, c.sets, c.fee, c.note,
            t.received, t.delivery,
        ]  # fmt: skip

    # -- values ---------------------------------------------------------------

    def has_data(self) -> bool:
        return (
            self.picker.current() is not None
            or self.applicant.has_data()
            or bool(self.components.note.toPlainText().strip())
        )

    def to_dict(self) -> dict:
        """The whole form as plain JSON values (the draft)."""
        procedure = self.picker.current()
        override = self.timing.received_override()
        return {
            "version": DRAFT_VERSION,
            "procedure_code": procedure.code if procedure else "",
            "applicant": self.applicant.to_dict(),
            **self.components.to_dict(),
            "result_delivery": str(self.timing.delivery_value()),
            "received_at": override.isoformat() if override else None,
        }

    def load_dict(self, data: dict) -> None:
        self.loading = True
        try:
            self._reset_fields()
            code = data.get("procedure_code") or ""
            if code and not self.picker.select_code(code):
                self.picker.edit.setText(code)
            self.applicant.load_dict(data.get("applicant", {}))
            self.components.load_dict(data)
            self.timing.set_delivery(data.get("result_delivery", "desk"))
            received = data.get("received_at")
            self.timing.set_received_override(
                datetime.fromisoformat(received) if received else None
            )
        finally:
            self.loading = False

    def build_request(self) -> intake.IntakeRequest:
        procedure = self.picker.current()
        owner_name, owner_address = self.applicant.owner()
        return intake.IntakeRequest(
            procedure_code=procedure.code if procedure else "",
            applicant=self.applicant.applicant(),
            channel=Channel(self.applicant.selected_channel()),
            components=self.components.table.components.receipts(),
            sets_count=self.components.sets.value(),
            fee_vnd=self.components.fee.value(),
            result_delivery=self.timing.delivery_value(),
            owner_name=owner_name,
            owner_address=owner_address,
            note=self.components.note.toPlainText().strip(),
            received_at=self.timing.received_override(),
        )

    def reset(self) -> None:
        self.loading = True
        try:
            self._reset_fields()
        finally:
            self.loading = False

    def _reset_fields(self) -> None:
        self.picker.clear()
        self.applicant.clear()
        self.components.load_procedure(None)
        self.components.note.clear()
        self.timing.set_delivery("desk")
        self.timing.follow_clock()
        self.timing.show_due(None)
        self.clear_errors()

    # -- messages ---------------------------------------------------------------

    def clear_errors(self) -> None:
        self.picker.set_error("")
        self.applicant.clear_errors()
        for key in list(self.components.errors):
            self.components.set_error(key, "")
        for key in list(self.timing.errors):
            self.timing.set_error(key, "")

    def show_problems(self, problems: list) -> tuple[QWidget | None, list[str]]:
        """Put each (field, message) under its field; return the first field and the rest."""
        first: QWidget | None = None
        general = []
        for field, message in problems:
            key = field.removeprefix("applicant.")
            key = "components" if key.startswith("components") else key
            widget = None
            if key in ("procedure_code", "procedure"):
                self.picker.set_error(message)
                widget = self.picker.edit
            elif self.applicant.set_error(key, message):
                widget = self.applicant.field_widget(key)
            elif self.components.set_error(key, message):
                widget = self.components.field_widget(key)
            elif self.timing.set_error(key, message):
                widget = self.timing.field_widget(key)
            else:
                general.append(message)
            first = first or widget
        return first, general

    def retranslate_ui(self) -> None:
        titles = (
            _("1. Procedure"),
            _("2. Applicant"),
            _("3. Dossier components"),
            _("4. Time received and appointment"),
        )
        for label, text in zip(self.sections, titles, strict=True):
            label.setText(text)
        for part in (self.picker, self.applicant, self.components, self.timing):
            part.retranslate_ui()
