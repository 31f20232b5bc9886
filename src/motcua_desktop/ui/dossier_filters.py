"""The dossier list's filter row: status, field, procedure, channel, official, received and due date ranges."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from motcua_desktop.domain.dossier import Channel, Status
from motcua_desktop.i18n import _
from motcua_desktop.services.dossier_list import DossierFilter, FilterChoices
from motcua_desktop.ui.dossier_list_model import CHANNEL_NAMES, STATUS_NAMES

NO_DATE = QDate(2000, 1, 1)  # the minimum of a date edit stands for "no bound"


class OptionalDateEdit(QDateEdit):
    """A date edit whose minimum shows as blank and means "no date"."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName=object_name)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(" ")
        self.setDate(NO_DATE)

    def value(self) -> date | None:
        d = self.date()
        return None if d == NO_DATE else date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))


class FilterBar(QWidget):
    """Combo boxes and date ranges; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setting = False
        self.status = QComboBox(objectName="filter_status")
        self.field = QComboBox(objectName="filter_field")
        self.procedure = QComboBox(objectName="filter_procedure")
        self.procedure.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.procedure.setMinimumContentsLength(24)
        self.procedure.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.channel = QComboBox(objectName="filter_channel")
        self.official = QComboBox(objectName="filter_official")
        self.received_from = OptionalDateEdit("filter_received_from")
        self.received_to = OptionalDateEdit("filter_received_to")
        self.due_from = OptionalDateEdit("filter_due_from")
        self.due_to = OptionalDateEdit("filter_due_to")
        self.clear_button = QPushButton(objectName="filter_clear", clicked=self.clear)
        self.labels = {name: QLabel() for name in ("status", "field", "procedure", "channel",
                                                   "official", "received", "due", "dash1", "dash2")}  # fmt: skip
        for name, widget in (
            ("status", self.status),
            ("field", self.field),
            ("procedure", self.procedure),
            ("channel", self.channel),
            ("official", self.official),
            ("received", self.received_from),
            ("due", self.due_from),
        ):
            self.labels[name].setBuddy(widget)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        row0 = (("status", self.status), ("field", self.field), ("procedure", self.procedure))
        for i, (name, widget) in enumerate(row0):
            grid.addWidget(self.labels[name], 0, 2 * i)
            grid.addWidget(widget, 0, 2 * i + 1)
        grid.addWidget(self.labels["channel"], 0, 6)
        grid.addWidget(self.channel, 0, 7)
        grid.addWidget(self.labels["official"], 1, 0)
        grid.addWidget(self.official, 1, 1)
        grid.addWidget(self.labels["received"], 1, 2)
        grid.addWidget(_pair(self.received_from, self.labels["dash1"], self.received_to), 1, 3)
        grid.addWidget(self.labels["due"], 1, 4)
        grid.addWidget(_pair(self.due_from, self.labels["dash2"], self.due_to), 1, 5)
        grid.addWidget(self.clear_button, 1, 7)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 2)

        self._choices = FilterChoices((), (), ())
        for combo in (self.status, self.field, self.procedure, self.channel, self.official):
            combo.currentIndexChanged.connect(self._emit)
        for edit in (self.received_from, self.received_to, self.due_from, self.due_to):
            edit.dateChanged.connect(self._emit)

    def _emit(self, *_args) -> None:
        if not self._setting:
            self.changed.emit()

    # -- texts and choices ----------------------------------------------------

    def retranslate_ui(self) -> None:
        texts = {
            "status": _("S&tatus:"),
            "field": _("F&ield:"),
            "procedure": _("&Procedure:"),
            "channel": _("C&hannel:"),
            "official": _("&Official:"),
            "received": _("&Received:"),
            "due": _("D&ue:"),
            "dash1": "–",
            "dash2": "–",
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.clear_button.setText(_("C&lear filters"))
        self._fill()

    def set_choices(self, choices: FilterChoices) -> None:
        self._choices = choices
        self._fill()

    def _fill(self) -> None:
        """(Re)fill every combo in the current language, keeping what was chosen."""
        kept = (self.status.currentData(), self.field.currentData(),
                self.procedure.currentData(), self.channel.currentData(),
                self.official.currentData())  # fmt: skip
        self._setting = True
        try:
            everything = _("(all)")
            _refill(self.status, everything, [(int(s), _(STATUS_NAMES[s])) for s in Status])
            _refill(self.field, everything, [(f, f) for f in self._choices.fields])
            _refill(self.procedure, everything, list(self._choices.procedures))
            _refill(self.channel, everything, [(int(c), _(CHANNEL_NAMES[c])) for c in Channel])
            _refill(self.official, everything, list(self._choices.officials))
            for combo, data in zip(
                (self.status, self.field, self.procedure, self.channel, self.official),
                kept,
                strict=True,
            ):
                combo.setCurrentIndex(max(0, combo.findData(data)) if data is not None else 0)
        finally:
            self._setting = False

    # -- values -------------------------------------------------------------------

    def apply_to(self, f: DossierFilter) -> DossierFilter:
        """``f`` with this bar's choices filled in."""
        status = self.status.currentData()
        channel = self.channel.currentData()
        return DossierFilter(
            statuses=(Status(status),) if status is not None else (),
            field=self.field.currentData(),
            procedure_code=self.procedure.currentData(),
            channel=Channel(channel) if channel is not None else None,
            handling_official_id=self.official.currentData(),
            received_from=self.received_from.value(),
            received_to=self.received_to.value(),
            due_from=self.due_from.value(),
            due_to=self.due_to.value(),
            view=f.view,
            text=f.text,
        )

    def set_values(self, f: DossierFilter) -> None:
        """Show ``f``'s choices without emitting ``changed``."""
        self._setting = True
        try:
            _select(self.status, int(f.statuses[0]) if len(f.statuses) == 1 else None)
            _select(self.field, f.field)
            _select(self.procedure, f.procedure_code)
            _select(self.channel, int(f.channel) if f.channel is not None else None)
            _select(self.official, f.handling_official_id)
            self.received_from.set_value(f.received_from)
            self.received_to.set_value(f.received_to)
            self.due_from.set_value(f.due_from)
            self.due_to.set_value(f.due_to)
        finally:
            self._setting = False

    def clear(self) -> None:
        self.set_values(DossierFilter())
        self.changed.emit()


def _pair(first: QWidget, dash: QLabel, second: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(first)
    layout.addWidget(dash)
    layout.addWidget(second)
    layout.addStretch(1)
    return box


def _refill(combo: QComboBox, everything: str, items: list[tuple[object, str]]) -> None:
    combo.clear()
    combo.addItem(everything, None)
    for data, text in items:
        combo.addItem(text, data)


def _select(combo: QComboBox, data) -> None:
    combo.setCurrentIndex(max(0, combo.findData(data)) if data is not None else 0)
