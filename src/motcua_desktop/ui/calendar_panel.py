"""The local calendar: extra days off and working days, and the coming year's days off."""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import N_, _, babel_locale, current_language, format_ui_date
from motcua_desktop.services import calendar as calendar_service
from motcua_desktop.ui.profile_forms import error_label, set_error

KIND_NAMES = {"off": N_("Day off"), "working": N_("Working day")}
EDIT_ROLES = ("admin", "leader")
LOOKAHEAD_DAYS = 366


def coming_days(ctx, start: date, days: int, language: str) -> list[tuple[date, str, bool]]:
    """Runs on the worker: days off and weekend working days from ``start``, in date order.

    Each entry is (day, name, is_day_off).
    """
    cal = calendar_service.get_calendar(ctx)
    end = start + timedelta(days=days)
    off = [(d, name, True) for d, name in cal.upcoming_days_off(start, end, language)]
    work = [(d, name, False) for d, name in cal.upcoming_weekend_workdays(start, end)]
    return sorted(off + work)


def _item(text: str, data=None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(columns: int, name: str) -> QTableWidget:
    table = QTableWidget(0, columns, objectName=name)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


class CalendarPanel(QWidget):
    """Add or remove local overrides; check the coming year's days off (Tết, swaps)."""

    def __init__(self, ctx, user, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.runner = runner
        self.can_edit = user.role in EDIT_ROLES
        self.overrides: list = []
        self.days: list[tuple[date, str, bool]] = []
        self.loads = 0  # finished loads of the coming days (tests wait on it)

        self.overrides_box = QGroupBox()
        self.overrides_table = _table(3, "overrides")
        self.day = QDateEdit(QDate.currentDate(), objectName="override_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.kind = QComboBox(objectName="override_kind")
        for key in KIND_NAMES:
            self.kind.addItem("", key)
        self.note = QLineEdit(objectName="override_note")
        self.note.setMinimumWidth(220)
        self.add_button = QPushButton(objectName="add_override", clicked=self.add_override)
        self.remove_button = QPushButton(objectName="remove_override", clicked=self.remove_override)
        self.note.returnPressed.connect(self.add_override)
        self.error = error_label()
        add_row = QHBoxLayout()
        add_row.addWidget(self.day)
        add_row.addWidget(self.kind)
        add_row.addWidget(self.note, 1)
        add_row.addWidget(self.add_button)
        box_layout = QVBoxLayout(self.overrides_box)
        box_layout.addWidget(self.overrides_table, 1)
        box_layout.addLayout(add_row)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        box_layout.addLayout(remove_row)
        box_layout.addWidget(self.error)
        for widget in (self.day, self.kind, self.note, self.add_button, self.remove_button):
            widget.setEnabled(self.can_edit)

        self.coming_box = QGroupBox()
        self.coming_table = _table(3, "coming_days")
        coming_layout = QVBoxLayout(self.coming_box)
        coming_layout.addWidget(self.coming_table)

        layout = QHBoxLayout(self)
        layout.addWidget(self.overrides_box, 1)
        layout.addWidget(self.coming_box, 1)
        runner.changed.connect(self._on_changed)
        self.retranslate_ui()
        self.reload()

    def retranslate_ui(self) -> None:
        self.overrides_box.setTitle(_("Local days off and working days"))
        self.overrides_table.setHorizontalHeaderLabels([_("Date"), _("Kind"), _("Note")])
        for i, key in enumerate(KIND_NAMES):
            self.kind.setItemText(i, _(KIND_NAMES[key]))
        self.note.setPlaceholderText(_("Note, e.g. the official notice"))
        self.add_button.setText(_("&Add day"))
        self.remove_button.setText(_("Remove selected day"))
        self.coming_box.setTitle(_("Days off in the coming year"))
        self.coming_table.setHorizontalHeaderLabels([_("Date"), _("Weekday"), _("Holiday")])
        self._fill_overrides()
        if self.loads:
            # Holiday names come from the calendar in the UI language: fetch them again.
            self.reload_days()

    # -- loading ------------------------------------------------------------

    def reload(self) -> None:
        self.runner.run(
            calendar_service.list_day_overrides, self.ctx, on_success=self._overrides_loaded
        )
        self.reload_days()

    def reload_days(self) -> None:
        self.runner.run(
            coming_days,
            self.ctx,
            date.today(),
            LOOKAHEAD_DAYS,
            current_language(),
            on_success=self._days_loaded,
        )

    def _on_changed(self, tag: str) -> None:
        if tag == "calendar":
            self.reload()

    def _overrides_loaded(self, overrides: list) -> None:
        self.overrides = list(overrides)
        self._fill_overrides()

    def _fill_overrides(self) -> None:
        table = self.overrides_table
        table.setRowCount(len(self.overrides))
        for row, o in enumerate(self.overrides):
            table.setItem(row, 0, _item(format_ui_date(o.day), o.day))
            table.setItem(row, 1, _item(_(KIND_NAMES.get(o.kind, o.kind))))
            table.setItem(row, 2, _item(o.note))

    def _days_loaded(self, days: list[tuple[date, str, bool]]) -> None:
        self.days = days
        table = self.coming_table
        table.setRowCount(len(days))
        for row, (d, name, is_off) in enumerate(days):
            table.setItem(row, 0, _item(format_ui_date(d), d))
            table.setItem(row, 1, _item(_weekday_name(d)))
            label = name if is_off else _("{name} (working day)").format(name=name)
            table.setItem(row, 2, _item(label))
        self.loads += 1

    # -- editing ----------------------------------------------------------------

    def add_override(self) -> None:
        if not self.can_edit:
            return
        q = self.day.date()
        day = date(q.year(), q.month(), q.day())
        set_error(self.error, "")
        self.runner.run(
            calendar_service.set_day_override,
            self.ctx,
            day,
            self.kind.currentData(),
            self.note.text().strip(),
            self.user,
            on_success=lambda _o: self.note.clear(),
            on_error=lambda exc: set_error(self.error, exc.message),
            changes="calendar",
        )

    def remove_override(self) -> None:
        row = self.overrides_table.currentRow()
        if not self.can_edit or row < 0:
            return
        day = self.overrides_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        set_error(self.error, "")
        self.runner.run(
            calendar_service.remove_day_override,
            self.ctx,
            day,
            self.user,
            on_error=lambda exc: set_error(self.error, exc.message),
            changes="calendar",
        )


def _weekday_name(d: date) -> str:
    """The weekday in the UI language through Babel ("Thứ Hai", "Monday")."""
    return format_date(d, "EEEE", locale=babel_locale())
