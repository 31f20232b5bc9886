"""The district's view of the communes' quality systems: declared or not, audits, reviews, actions."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import N_, _, format_ui_date
from motcua_desktop.ui.operations import OpRunner

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()
ALARM = QColor("#f8d7da")
GOOD = QColor("#e6f4ea")
COLUMNS = (
    N_("Commune"), N_("Declared"), N_("Last internal audit"), N_("Last self-inspection"),
    N_("Last management review"), N_("Open actions"), N_("Overdue actions"),
    N_("Reports overdue"),
)  # fmt: skip
COL_DECLARED, COL_OVERDUE, COL_REPORTS = 1, 6, 7


def run_text(result) -> str:
    """A run in a few words: its date and tally, e.g. "12/11/2025: 20 C, 2 minor, 0 major"."""
    if result is None:
        return _("none")
    c = result.counts
    text = _("{date}: {ok} conforming, {minor} minor, {major} major").format(
        date=format_ui_date(result.run_on),
        ok=c.get("conforming", 0),
        minor=c.get("minor", 0),
        major=c.get("major", 0),
    )
    if result.status != "closed":
        text += " " + _("(open)")
    return text


class CommuneQualityModel(QAbstractTableModel):
    """One row per commune (``services.quality_report.CommuneQuality``)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def raw(self, row, col: int):
        st = row.status
        audit = st.last_internal_audit
        inspection = st.last_self_inspection
        return (
            row.name, st.declared_on if st.declared else None,
            audit.run_on if audit else None, inspection.run_on if inspection else None,
            st.last_management_review, st.open_actions, st.overdue_actions, st.report_overdue,
        )[col]  # fmt: skip

    def text(self, row, col: int) -> str:
        st = row.status
        if col == 0:
            return row.name
        if col == COL_DECLARED:
            if not st.declared:
                return _("Not declared")
            day = format_ui_date(st.declared_on) if st.declared_on else ""
            return _("Declared {date} ({number})").format(date=day, number=st.decision_number)
        if col == 2:
            return run_text(st.last_internal_audit)
        if col == 3:
            return run_text(st.last_self_inspection)
        if col == 4:
            return (
                format_ui_date(st.last_management_review)
                if st.last_management_review
                else _("none")
            )
        return str(self.raw(row, col))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, col)
        if role == SORT_ROLE:
            value = self.raw(row, col)
            return value if value is not None else (date.min if 1 <= col <= 4 else "")
        if role == Qt.ItemDataRole.BackgroundRole:
            st = row.status
            if col == COL_DECLARED:
                return QBrush(GOOD if st.declared else ALARM)
            if (col == COL_OVERDUE and st.overdue_actions) or (
                col == COL_REPORTS and st.report_overdue
            ):
                return QBrush(ALARM)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DECLARED and row.status.declared:
            return row.status.declared_scope
        return None


def load_quality(ctx, today: date):
    """On the worker: the communes' rows and the "X of Y communes declared" total."""
    from motcua_desktop.services import quality_report

    rows = quality_report.quality_by_commune(ctx, today=today)
    return rows, quality_report.declared_total(rows)


class IsoDistrictWidget(QWidget):
    """The total above, one line per commune beneath; F5 or Refresh reloads."""

    def __init__(self, ctx, user, runner: OpRunner, parent=None, *, today: date | None = None):
        super().__init__(parent, objectName="iso_district")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.today = today or date.today()
        self.total = None
        self.title = QLabel(objectName="iso_district_title")
        self.total_label = QLabel(objectName="iso_declared_total")
        font = QFont(self.total_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.total_label.setFont(font)
        self.refresh_button = QPushButton(objectName="iso_refresh", clicked=self.refresh)
        self.model = CommuneQualityModel(self)
        self.table = QTableView(objectName="iso_communes")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.total_label)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(_("Quality systems of the communes (TCVN ISO 9001)"))
        self.refresh_button.setText(_("Refresh"))
        self.total_label.setText(self.total.text if self.total is not None else "…")
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def refresh(self) -> None:
        self.runner.run(load_quality, self.ctx, self.today, on_success=self._loaded)

    def _loaded(self, result) -> None:
        rows, self.total = result
        self.model.set_rows(rows)
        self.total_label.setText(self.total.text)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()


__all__ = ["IsoDistrictWidget", "CommuneQualityModel", "load_quality", "run_text"]
