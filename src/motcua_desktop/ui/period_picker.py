"""The reporting period chooser: kind, year, month or quarter, a date range, and the month's cut day."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QSpinBox, QWidget

from motcua_desktop.domain import periods
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.periods import CALENDAR, CUT_15, Period, PeriodKind
from motcua_desktop.i18n import N_, _

DATE_FORMAT = "dd/MM/yyyy"
KINDS = (
    (PeriodKind.MONTH, N_("Month")),
    (PeriodKind.QUARTER, N_("Quarter")),
    (PeriodKind.HALF, N_("First 6 months")),
    (PeriodKind.NINE_MONTHS, N_("First 9 months")),
    (PeriodKind.YEAR, N_("Year")),
    (PeriodKind.RANGE, N_("Date range")),
)
QUARTERS = ("I", "II", "III", "IV")


def date_edit(day: date, name: str) -> QDateEdit:
    """A date field shown as 05/11/2026, with the calendar on Alt+Down."""
    edit = QDateEdit(QDate(day.year, day.month, day.day), objectName=name, calendarPopup=True)
    edit.setDisplayFormat(DATE_FORMAT)
    return edit


class PeriodPicker(QWidget):
    """Emits ``changed`` whenever the chosen period changes; ``cut_day_changed`` when the cut does."""

    changed = Signal()
    cut_day_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        today = today or date.today()
        self.kind_label = QLabel()
        self.kind = QComboBox(objectName="period_kind")
        for kind, _text in KINDS:
            self.kind.addItem("", str(kind))
        self.year_label = QLabel()
        self.year = QSpinBox(objectName="period_year", minimum=2000, maximum=2100)
        self.year.setValue(today.year)
        self.number_label = QLabel()
        self.number = QComboBox(objectName="period_number")
        self.from_label = QLabel()
        self.date_from = date_edit(today.replace(day=1), "period_from")
        self.to_label = QLabel()
        self.date_to = date_edit(today, "period_to")
        self.cut_label = QLabel()
        self.cut = QComboBox(objectName="period_cut")
        self.cut.addItem("", CALENDAR)
        self.cut.addItem("", CUT_15)
        self.dates = QLabel(objectName="period_dates")
        self.dates.setStyleSheet("color: #555b63;")
        self.dates.setWordWrap(True)  # wraps rather than widen the page past a laptop screen
        self.dates.setMinimumWidth(110)
        for label, field in (
            (self.kind_label, self.kind), (self.year_label, self.year),
            (self.number_label, self.number), (self.from_label, self.date_from),
            (self.to_label, self.date_to), (self.cut_label, self.cut),
        ):  # fmt: skip
            label.setBuddy(field)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.kind_label, self.kind, self.year_label, self.year, self.number_label,
            self.number, self.from_label, self.date_from, self.to_label, self.date_to,
            self.cut_label, self.cut, self.dates,
        ):  # fmt: skip
            layout.addWidget(widget)
        layout.addStretch(1)

        self._month = periods.month_of(today)
        self._fill_numbers()
        self.number.setCurrentIndex(self._month.number - 1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.cut.currentIndexChanged.connect(self._cut_changed)
        for signal in (
            self.year.valueChanged, self.number.currentIndexChanged,
            self.date_from.dateChanged, self.date_to.dateChanged,
        ):  # fmt: skip
            signal.connect(self._emit)
        self.retranslate_ui()
        self._kind_changed()

    def retranslate_ui(self) -> None:
        self.kind_label.setText(_("&Period:"))
        for i, (_kind, text) in enumerate(KINDS):
            self.kind.setItemText(i, _(text))
        self.year_label.setText(_("&Year:"))
        self.number_label.setText(
            _("&Month:") if self.kind_value() is PeriodKind.MONTH else _("&Quarter:")
        )
        self._fill_numbers()
        self.from_label.setText(_("&From:"))
        self.to_label.setText(_("&To:"))
        self.cut_label.setText(_("Mo&nths run:"))
        self.cut.setItemText(0, _("calendar month"))
        self.cut.setItemText(1, _("15th to 14th"))
        self._update_dates()

    # -- values -----------------------------------------------------------------------

    def kind_value(self) -> PeriodKind:
        return PeriodKind(self.kind.currentData())  # Qt hands a StrEnum back as a plain str

    def cut_day(self) -> int:
        return int(self.cut.currentData())

    def set_cut_day(self, cut_day: int) -> None:
        """Show the commune's setting without announcing it as a change by the user."""
        self.cut.blockSignals(True)
        self.cut.setCurrentIndex(max(0, self.cut.findData(cut_day)))
        self.cut.blockSignals(False)
        self._emit()

    def set_kind(self, kind: PeriodKind) -> None:
        self.kind.setCurrentIndex(self.kind.findData(str(kind)))

    def period(self) -> Period:
        """The chosen period; ValidationError in plain words when a range ends before it starts."""
        kind, year, cut = self.kind_value(), self.year.value(), self.cut_day()
        number = self.number.currentIndex() + 1
        if kind is PeriodKind.MONTH:
            return periods.month(year, number, cut_day=cut)
        if kind is PeriodKind.QUARTER:
            return periods.quarter(year, number, cut_day=cut)
        if kind is PeriodKind.HALF:
            return periods.half_year(year, cut_day=cut)
        if kind is PeriodKind.NINE_MONTHS:
            return periods.nine_months(year, cut_day=cut)
        if kind is PeriodKind.YEAR:
            return periods.year_period(year, cut_day=cut)
        start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        if end < start:
            raise ValidationError(_("The period ends before it starts."))
        return periods.date_range(start, end)

    # -- reactions --------------------------------------------------------------------

    def _fill_numbers(self) -> None:
        current = self.number.currentIndex()
        quarter = self.kind_value() is PeriodKind.QUARTER
        texts = (
            [_("Quarter {quarter}").format(quarter=q) for q in QUARTERS]
            if quarter
            else [_("Month {month}").format(month=m) for m in range(1, 13)]
        )
        self.number.blockSignals(True)
        if self.number.count() != len(texts):
            self.number.clear()
            self.number.addItems(texts)
        else:
            for i, text in enumerate(texts):
                self.number.setItemText(i, text)
        self.number.setCurrentIndex(min(max(current, 0), len(texts) - 1))
        self.number.blockSignals(False)

    def _kind_changed(self, *_args) -> None:
        kind = self.kind_value()
        was_quarter = self.number.count() == len(QUARTERS)
        self._fill_numbers()
        if kind is PeriodKind.QUARTER and not was_quarter:
            self.number.setCurrentIndex((self._month.number - 1) // 3)
        elif kind is PeriodKind.MONTH and was_quarter:
            self.number.setCurrentIndex(self._month.number - 1)
        ranged = kind is PeriodKind.RANGE
        numbered = kind in (PeriodKind.MONTH, PeriodKind.QUARTER)
        for widget in (self.year_label, self.year):
            widget.setVisible(not ranged)
        for widget in (self.number_label, self.number):
            widget.setVisible(numbered)
        for widget in (self.from_label, self.date_from, self.to_label, self.date_to):
            widget.setVisible(ranged)
        for widget in (self.cut_label, self.cut):
            widget.setVisible(not ranged)
        self.number_label.setText(_("&Month:") if kind is PeriodKind.MONTH else _("&Quarter:"))
        self._emit()

    def _cut_changed(self, *_args) -> None:
        self.cut_day_changed.emit(self.cut_day())
        self._emit()

    def _update_dates(self) -> None:
        try:
            self.dates.setText(self.period().range_text())
        except (ValueError, ValidationError) as exc:
            self.dates.setText(str(exc))

    def _emit(self, *_args) -> None:
        self._update_dates()
        self.changed.emit()
