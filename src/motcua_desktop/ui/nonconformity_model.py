"""The register of nonconformities as a thin table model: text to show, raw values to sort, colours."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from motcua_desktop.i18n import N_, _, format_ui_date

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()
OVERDUE = QColor("#f8d7da")
DONE = QColor("#e6f4ea")
COLUMNS = (
    N_("Finding no."), N_("Found on"), N_("Severity"), N_("Description"), N_("Responsible"),
    N_("Due by"),
    N_("Status"), N_("Report to the inspecting body"),
)  # fmt: skip
COL_DESCRIPTION = 3
SEVERITY_LABELS = {"minor": N_("Minor"), "major": N_("Major")}
FILTERS = ("open", "overdue", "all")
FILTER_LABELS = {
    "open": N_("Not yet verified"),
    "overdue": N_("Overdue"),
    "all": N_("All findings"),
}


def report_text(nc, today: date) -> str:
    """The two-month rule of the annual inspection, in words; "" for findings it does not cover."""
    if nc.report_due_on is None:
        return ""
    if nc.reported_on is not None:
        return _("Reported {date}").format(date=format_ui_date(nc.reported_on))
    if nc.report_overdue(today):
        return _("Report overdue since {date}").format(date=format_ui_date(nc.report_due_on))
    return _("Report by {date}").format(date=format_ui_date(nc.report_due_on))


def due_text(nc, today: date) -> str:
    if nc.due_on is None:
        return ""
    text = format_ui_date(nc.due_on)
    if nc.overdue(today):
        days = (today - nc.due_on).days
        text = _("{date} (overdue {n} d)").format(date=text, n=days)
    return text


def keep(nc, which: str, today: date) -> bool:
    """Whether the register filter ``which`` (open, overdue, all) shows ``nc``."""
    if which == "open":
        return nc.status != "verified"
    if which == "overdue":
        return nc.overdue(today) or nc.report_overdue(today)
    return True


class RegisterModel(QAbstractTableModel):
    """Findings in register order; overdue actions and overdue reports are painted red."""

    def __init__(self, today: date, parent=None) -> None:
        super().__init__(parent)
        self.today = today
        self.rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def is_late(self, nc) -> bool:
        return nc.overdue(self.today) or nc.report_overdue(self.today)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        nc = self.row_at(index.row())
        if nc is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(nc, col)
        if role == SORT_ROLE:
            raw = (nc.number, nc.found_on, nc.severity, nc.description, nc.owner_name,
                   nc.due_on or date.max, nc.status, nc.report_due_on or date.max)  # fmt: skip
            return raw[col]
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.is_late(nc):
                return QBrush(OVERDUE)
            if nc.status == "verified":
                return QBrush(DONE)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DESCRIPTION:
            return nc.description
        if role == Qt.ItemDataRole.FontRole and col in (5, 7) and self.is_late(nc):
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def text(self, nc, col: int) -> str:
        if col == 0:
            return nc.number
        if col == 1:
            return format_ui_date(nc.found_on)
        if col == 2:
            return _(SEVERITY_LABELS.get(nc.severity, nc.severity))
        if col == 3:
            return nc.description.splitlines()[0] if nc.description else ""
        if col == 4:
            return nc.owner_name
        if col == 5:
            return due_text(nc, self.today)
        if col == 6:
            return nc.status_label
        return report_text(nc, self.today)


__all__ = ["RegisterModel", "FILTERS", "FILTER_LABELS", "keep", "report_text", "due_text"]
