"""Table models for the report previews: II.06a (13 columns, sub-lines, total, freshness) and plain rows."""

from __future__ import annotations

import textwrap

from babel.numbers import format_decimal
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from motcua_desktop.domain.report_models import GroupBy, II06aLine, II06aReport
from motcua_desktop.i18n import N_, _, babel_locale, format_number

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
LINE_ROLE = Qt.ItemDataRole.UserRole + 2
_ROOT = QModelIndex()
STALE = QColor("#f8d7da")  # a commune whose data is older than the threshold
SUB_LINE = QColor("#555b63")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
FRESHNESS_COLUMN = 13  # after the 13 columns of the form, by commune only
HEADER_WRAP = 11  # characters per header line: 13 columns must fit a laptop screen
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)

# (group, column) for columns 3–13 of the form; the header shows both on two lines.
COUNT_COLUMNS = (
    (N_("Received"), N_("Total")),
    (N_("Received"), N_("Online")),
    (N_("Received"), N_("In person / post")),
    (N_("Received"), N_("Carried over")),
    (N_("Resolved"), N_("Total")),
    (N_("Resolved"), N_("Early")),
    (N_("Resolved"), N_("On time")),
    (N_("Resolved"), N_("Late")),
    (N_("Pending"), N_("Total")),
    (N_("Pending"), N_("Within deadline")),
    (N_("Pending"), N_("Overdue")),
)


def format_rate(value: float | None) -> str:
    """A percentage to two decimals in the UI language ("95,12%"), "—" when there is none."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.00", locale=babel_locale()) + "%"


def rates_text(counts) -> str:
    """The four rates of II.06a in one line, for below the preview table."""
    return "   ·   ".join(
        (
            _("On time (early included): {rate}").format(rate=format_rate(counts.on_time_rate)),
            _("of which early {early}, on time {on_time}").format(
                early=format_rate(counts.early_share), on_time=format_rate(counts.on_time_share)
            ),
            _("Late: {rate}").format(rate=format_rate(counts.late_rate)),
            _("Completion: {rate}").format(rate=format_rate(counts.completion_rate)),
            _("Online: {rate}").format(rate=format_rate(counts.online_rate)),
        )
    )


class II06aTableModel(QAbstractTableModel):
    """Report II.06a: the lines in printing order (procedures indented) and the total line in bold.

    By commune (at the district) a "Data freshness" column closes each line and
    a stale commune's name is marked in red, the reason in words beside it.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.report: II06aReport | None = None
        self.lines: list[II06aLine] = []

    def set_report(self, report: II06aReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self.lines = report.flat() if report is not None else []
        self.endResetModel()

    @property
    def with_freshness(self) -> bool:
        return self.report is not None and self.report.group_by is GroupBy.COMMUNE

    @property
    def rows(self) -> list:
        """The rows shown (``II06aRow``), the total last."""
        if self.report is None:
            return []
        return [line.row for line in self.lines] + [self.report.total]

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        if parent.isValid() or self.report is None:
            return 0
        return len(self.lines) + 1

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        if parent.isValid():
            return 0
        return 2 + len(COUNT_COLUMNS) + (1 if self.with_freshness else 0)

    def line_at(self, row: int) -> II06aLine | None:
        """The report line shown in ``row``; None for the total line."""
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def is_total(self, row: int) -> bool:
        return row == len(self.lines)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTRE
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "{}\n(1)".format(_("No."))
        if section == 1:
            name = _("Commune") if self.with_freshness else _("Field / procedure")
            return f"{name}\n(2)"
        if section >= FRESHNESS_COLUMN:
            return textwrap.fill(_("Data freshness"), HEADER_WRAP)
        group, column = COUNT_COLUMNS[section - 2]
        group, column = _(group), _(column)
        name = f"{column} ({section + 1})"
        return f"{textwrap.fill(group, HEADER_WRAP)}\n{textwrap.fill(name, HEADER_WRAP)}"

    def _values(self, row: int):
        if self.is_total(row):
            return None, self.report.total, 0
        line = self.lines[row]
        return line, line.row, line.level

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.report is None:
            return None
        line, item, level = self._values(index.row())
        col = index.column()
        if role == LINE_ROLE:
            return line
        if role == Qt.ItemDataRole.FontRole and line is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and level > 0:
            return QBrush(SUB_LINE)
        fresh = line.freshness if line is not None else None
        if col == FRESHNESS_COLUMN:
            return self._freshness(fresh, role)
        if col >= 2:
            value = item.counts.columns()[col - 2]
            if role == SORT_ROLE:
                return value
            if role == Qt.ItemDataRole.DisplayRole:
                return format_number(value)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT
            return None
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if col == 0:
                return "" if item.number is None or level > 0 else str(item.number)
            return (
                ("      " * level + item.label)
                if role == Qt.ItemDataRole.DisplayRole
                else item.label
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return _CENTRE
        if col == 1 and fresh is not None and fresh.stale:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(STALE)
            if role == Qt.ItemDataRole.ToolTipRole:
                return fresh.text
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return item.label
        return None

    def _freshness(self, fresh, role):
        if fresh is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ("⚠ " if fresh.stale else "") + fresh.text
        if role == SORT_ROLE:
            return fresh.days
        if role == Qt.ItemDataRole.BackgroundRole and fresh.stale:
            return QBrush(STALE)
        if role == Qt.ItemDataRole.ToolTipRole:
            return fresh.text
        return None


class RowsTableModel(QAbstractTableModel):
    """Plain read-only rows with translated headers; ``bold`` rows (section titles, totals) stand out.

    Cells are shown as given; numbers are formatted and aligned right.
    """

    def __init__(self, headers: tuple[str, ...] = (), parent=None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple] = []
        self.bold: set[int] = set()
        self.colours: dict[int, QColor] = {}

    def set_rows(self, headers, rows, *, bold=(), colours=None) -> None:
        self.beginResetModel()
        self.headers = tuple(headers)
        self.rows = [tuple(r) for r in rows]
        self.bold = set(bold)
        self.colours = dict(colours or {})
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.headers[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        value = row[index.column()] if index.column() < len(row) else ""
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            return format_number(value) if number else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and number:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and index.row() in self.bold:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and index.row() in self.colours:
            return QBrush(self.colours[index.row()])
        return None
