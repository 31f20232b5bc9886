"""The lower half of the intake form: components, sets, fee, note, received time and appointment."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.dossier import ResultDelivery
from motcua_desktop.domain.procedures import Procedure
from motcua_desktop.i18n import N_, _, current_language, format_ui_datetime, ngettext
from motcua_desktop.ui.intake.applicant_form import error_label, field_block
from motcua_desktop.ui.intake.components_table import ComponentRow, ComponentsTable

DELIVERY_LABELS = (
    (ResultDelivery.DESK, N_("At the one-stop desk")),
    (ResultDelivery.POST, N_("By public postal service")),
)
CLOCK_REFRESH_MS = 20_000


class ComponentsSection(QWidget):
    """The components table with its missing-components warning, sets count, fee and note."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = ComponentsTable(self)
        self.table.setObjectName("componentsTable")
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.missing = QLabel(self)
        self.missing.setObjectName("missingBanner")
        self.missing.setWordWrap(True)
        self.missing.hide()
        self.sets = QSpinBox(self)
        self.sets.setObjectName("sets")
        self.sets.setRange(1, 99)
        self.fee = QSpinBox(self)
        self.fee.setObjectName("fee")
        self.fee.setRange(0, 999_999_999)
        self.fee.setSingleStep(1000)
        self.fee.setGroupSeparatorShown(True)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(64)
        self.errors = {
            key: error_label(self) for key in ("components", "sets_count", "fee_vnd", "note")
        }
        self.captions = {key: QLabel(self) for key in ("sets_count", "fee_vnd", "note")}

        row = QGridLayout()
        row.setHorizontalSpacing(16)
        row.addWidget(
            field_block(self, self.captions["sets_count"], self.sets, self.errors["sets_count"]),
            0,
            0,
        )
        row.addWidget(
            field_block(self, self.captions["fee_vnd"], self.fee, self.errors["fee_vnd"]), 0, 1
        )
        row.addWidget(
            field_block(self, self.captions["note"], self.note, self.errors["note"]), 0, 2
        )
        row.setColumnStretch(0, 1)
        row.setColumnStretch(1, 2)
        row.setColumnStretch(2, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.table)
        layout.addWidget(self.hint)
        layout.addWidget(self.missing)
        layout.addWidget(self.errors["components"])
        layout.addLayout(row)

        self.table.components.rows_changed.connect(self._refresh_missing)
        self.table.components.rows_changed.connect(self.changed)
        self.sets.valueChanged.connect(self.changed)
        self.fee.valueChanged.connect(self.changed)
        self.note.textChanged.connect(self.changed)
        self.retranslate_ui()

    def load_procedure(self, procedure: Procedure | None) -> None:
        rows = [ComponentRow.from_spec(spec) for spec in procedure.components] if procedure else []
        self.table.components.set_rows(rows)
        self.fee.setValue(procedure.fee_vnd if procedure else 0)
        self.sets.setValue(1)

    def missing_names(self) -> list[str]:
        return self.table.components.missing_names()

    def _refresh_missing(self) -> None:
        names = self.missing_names()
        if names:
            self.missing.setText(
                "⚠ "
                + ngettext(
                    "{n} required component missing: {names}",
                    "{n} required components missing: {names}",
                    len(names),
                ).format(n=len(names), names="; ".join(names))
            )
        self.missing.setVisible(bool(names))
        self.table.updateGeometry()

    def to_dict(self) -> dict:
        return {
            "components": [row.to_dict() for row in self.table.components.rows()],
            "sets_count": self.sets.value(),
            "fee_vnd": self.fee.value(),
            "note": self.note.toPlainText(),
        }

    def load_dict(self, data: dict) -> None:
        rows = [ComponentRow.from_dict(d) for d in data.get("components", [])]
        self.table.components.set_rows(rows)
        self.sets.setValue(int(data.get("sets_count", 1)))
        self.fee.setValue(int(data.get("fee_vnd", 0)))
        self.note.setPlainText(str(data.get("note", "")))

    def set_error(self, field: str, message: str) -> bool:
        label = self.errors.get(field)
        if label is None:
            return False
        label.setText(message)
        label.setVisible(bool(message))
        return True

    def field_widget(self, field: str) -> QWidget | None:
        return {
            "components": self.table,
            "sets_count": self.sets,
            "fee_vnd": self.fee,
            "note": self.note,
        }.get(field)

    def retranslate_ui(self) -> None:
        self.captions["sets_count"].setText(_("Number of &sets"))
        self.captions["fee_vnd"].setText(_("Fe&e"))
        self.captions["note"].setText(_("No&te"))
        self.hint.setText(
            _("Space ticks a component as handed in · a digit types its count · ↑ ↓ ← → move")
        )
        self.fee.setSuffix(" ₫")
        locale = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
        if current_language() != "vi":
            locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
        self.fee.setLocale(locale)
        self.table.components.retranslate()
        self._refresh_missing()


class TimeSection(QWidget):
    """Received time (follows the clock until edited), appointment preview, result delivery."""

    changed = Signal()
    received_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._follow_clock = True
        self._setting = False
        self.received = QDateTimeEdit(self)
        self.received.setObjectName("receivedAt")
        self.received.setDisplayFormat("HH:mm  dd/MM/yyyy")
        self.received.setCalendarPopup(True)
        self.now_button = QPushButton(self)
        self.now_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.now_button.clicked.connect(self.follow_clock)
        self.appointment = QLabel(self)
        self.appointment.setObjectName("appointment")
        self.appointment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.delivery = QComboBox(self)
        self.delivery.setObjectName("delivery")
        self.errors = {"received_at": error_label(self), "result_delivery": error_label(self)}
        self.captions = {
            key: QLabel(self) for key in ("received_at", "appointment", "result_delivery")
        }
        self._due: datetime | None = None

        received_row = QWidget(self)
        h = QHBoxLayout(received_row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.received, 1)
        h.addWidget(self.now_button)
        self.captions["received_at"].setBuddy(self.received)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.addWidget(
            field_block(
                self, self.captions["received_at"], received_row, self.errors["received_at"]
            ),
            0,
            0,
        )
        grid.addWidget(
            field_block(self, self.captions["appointment"], self.appointment, None), 0, 1
        )
        grid.addWidget(
            field_block(
                self,
                self.captions["result_delivery"],
                self.delivery,
                self.errors["result_delivery"],
            ),
            0,
            2,
        )
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 3)

        self.received.dateTimeChanged.connect(self._on_received_edited)
        self.delivery.currentIndexChanged.connect(self.changed)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_REFRESH_MS)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self.follow_clock()
        self.retranslate_ui()

    # -- received time ----------------------------------------------------------

    def follow_clock(self) -> None:
        """Back to "now": the field tracks the clock until the clerk edits it."""
        self._follow_clock = True
        self._set_received(datetime.now())
        self.received_changed.emit()

    def _tick(self) -> None:
        if self._follow_clock:
            before = self.received.dateTime()
            self._set_received(datetime.now())
            if before != self.received.dateTime():
                self.received_changed.emit()

    def _set_received(self, value: datetime) -> None:
        self._setting = True
        self.received.setDateTime(QDateTime(value.replace(second=0, microsecond=0)))
        self._setting = False

    def _on_received_edited(self) -> None:
        if self._setting:
            return
        self._follow_clock = False
        self.received_changed.emit()
        self.changed.emit()

    def received_at(self) -> datetime:
        """The moment shown (seconds of "now" kept while following the clock)."""
        if self._follow_clock:
            return datetime.now().replace(microsecond=0)
        return self.received.dateTime().toPython().replace(second=0, microsecond=0)

    def received_override(self) -> datetime | None:
        """None while following the clock (the service stamps the real moment)."""
        return None if self._follow_clock else self.received_at()

    def set_received_override(self, value: datetime | None) -> None:
        if value is None:
            self.follow_clock()
        else:
            self._follow_clock = False
            self._set_received(value)
            self.received_changed.emit()

    # -- appointment ------------------------------------------------------------

    def show_due(self, due: datetime | None, message: str = "") -> None:
        self._due = due
        self._message = message
        self._render_due()

    def _render_due(self) -> None:
        if self._due is not None:
            self.appointment.setText(format_ui_datetime(self._due))
            self.appointment.setProperty("state", "due")
        else:
            self.appointment.setText(getattr(self, "_message", "") or _("choose a procedure"))
            self.appointment.setProperty("state", "empty")
        self.appointment.style().unpolish(self.appointment)
        self.appointment.style().polish(self.appointment)

    def delivery_value(self) -> ResultDelivery:
        return ResultDelivery(self.delivery.currentData())

    def set_delivery(self, value: str) -> None:
        self.delivery.setCurrentIndex(max(self.delivery.findData(str(value)), 0))

    def set_error(self, field: str, message: str) -> bool:
        label = self.errors.get(field)
        if label is None:
            return False
        label.setText(message)
        label.setVisible(bool(message))
        return True

    def field_widget(self, field: str) -> QWidget | None:
        return {"received_at": self.received, "result_delivery": self.delivery}.get(field)

    def retranslate_ui(self) -> None:
        self.captions["received_at"].setText(_("&Received at"))
        self.captions["appointment"].setText(_("Appointment (return of the result)"))
        self.captions["result_delivery"].setText(_("Result collected &at"))
        self.now_button.setText(_("Now"))
        self.now_button.setToolTip(_("Use the current time again"))
        current = self.delivery.currentData()
        self.delivery.blockSignals(True)
        self.delivery.clear()
        for value, label in DELIVERY_LABELS:
            self.delivery.addItem(_(label), str(value))
        self.delivery.setCurrentIndex(max(self.delivery.findData(current), 0))
        self.delivery.blockSignals(False)
        self._render_due()
