"""The dossier components table: handed in or not, and how many originals and copies."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from motcua_desktop.domain.dossier import ComponentReceipt
from motcua_desktop.domain.procedures import ComponentKind, ComponentSpec
from motcua_desktop.i18n import N_, _

COL_HANDED, COL_NAME, COL_REQUIRED, COL_ORIGINALS, COL_CERTIFIED, COL_PHOTOCOPIES = range(6)
COUNT_COLUMNS = (COL_ORIGINALS, COL_CERTIFIED, COL_PHOTOCOPIES)
_HEADERS = (
    N_("Handed in"),
    N_("Component"),
    N_("Required"),
    N_("Originals"),
    N_("Certified copies"),
    N_("Photocopies"),
)
_KIND_COLUMN = {
    ComponentKind.ORIGINAL: COL_ORIGINALS,
    ComponentKind.CERTIFIED_COPY: COL_CERTIFIED,
    ComponentKind.PHOTOCOPY: COL_PHOTOCOPIES,
}
MISSING_BACKGROUND = QColor("#fde2e1")
MISSING_FOREGROUND = QColor("#a4161a")


@dataclass
class ComponentRow:
    """One editable row; counts are kept even while the row is not handed in."""

    name: str
    required: bool
    handed_in: bool
    counts: list[int]  # originals, certified copies, photocopies
    default_column: int = COL_ORIGINALS
    default_count: int = 1

    @property
    def missing(self) -> bool:
        return self.required and (not self.handed_in or sum(self.counts) == 0)

    def receipt(self) -> ComponentReceipt:
        counts = self.counts if self.handed_in else [0, 0, 0]
        return ComponentReceipt(self.name, self.required, *counts)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "required": self.required,
            "handed_in": self.handed_in,
            "counts": list(self.counts),
            "default_column": self.default_column,
            "default_count": self.default_count,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ComponentRow:
        counts = [int(c) for c in data.get("counts", [0, 0, 0])][:3]
        return cls(
            name=str(data["name"]),
            required=bool(data.get("required", True)),
            handed_in=bool(data.get("handed_in", False)),
            counts=counts + [0] * (3 - len(counts)),
            default_column=int(data.get("default_column", COL_ORIGINALS)),
            default_count=int(data.get("default_count", 1)),
        )

    @classmethod
    def from_spec(cls, spec: ComponentSpec) -> ComponentRow:
        column = _KIND_COLUMN.get(spec.kind, COL_ORIGINALS)
        counts = [0, 0, 0]
        counts[column - COL_ORIGINALS] = max(spec.count, 1)
        # Required papers are ticked: the clerk unticks what the citizen lacks.
        return cls(spec.name, spec.required, spec.required, counts, column, max(spec.count, 1))


class ComponentsModel(QAbstractTableModel):
    """Rows of ``ComponentRow``; emits ``rows_changed`` after every edit."""

    rows_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ComponentRow] = []

    # -- data in and out ------------------------------------------------------

    def set_rows(self, rows: list[ComponentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        self.rows_changed.emit()

    def rows(self) -> list[ComponentRow]:
        return list(self._rows)

    def receipts(self) -> list[ComponentReceipt]:
        return [row.receipt() for row in self._rows]

    def missing_names(self) -> list[str]:
        return [row.name for row in self._rows if row.missing]

    def toggle(self, row: int) -> None:
        self.set_handed_in(row, not self._rows[row].handed_in)

    def set_handed_in(self, row: int, handed_in: bool) -> None:
        item = self._rows[row]
        item.handed_in = handed_in
        if handed_in and sum(item.counts) == 0:
            item.counts[item.default_column - COL_ORIGINALS] = item.default_count
        self._row_changed(row)

    def set_count(self, row: int, column: int, value: int) -> None:
        item = self._rows[row]
        item.counts[column - COL_ORIGINALS] = max(0, int(value))
        # Typing a count means the paper is on the desk; clearing all means it is not.
        item.handed_in = sum(item.counts) > 0
        self._row_changed(row)

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        self.rows_changed.emit()

    # -- Qt model API --------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[section])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_HANDED:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in COUNT_COLUMNS:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_HANDED:
            return Qt.CheckState.Checked if row.handed_in else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_NAME:
                return row.name
            if col == COL_REQUIRED:
                if row.missing:
                    return _("Required — missing")
                return _("Required") if row.required else _("Optional")
            if col in COUNT_COLUMNS:
                value = row.counts[col - COL_ORIGINALS]
                if role == Qt.ItemDataRole.EditRole:
                    return value
                return str(value) if row.handed_in and value else "–"
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            return row.name
        if role == Qt.ItemDataRole.TextAlignmentRole and col in COUNT_COLUMNS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.missing:
            return QBrush(MISSING_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.missing:
            return QBrush(MISSING_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and row.missing and col == COL_REQUIRED:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == COL_HANDED:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.set_handed_in(index.row(), checked)
            return True
        if role == Qt.ItemDataRole.EditRole and index.column() in COUNT_COLUMNS:
            self.set_count(index.row(), index.column(), int(value))
            return True
        return False

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1)
            )


class _CountDelegate(QStyledItemDelegate):
    """A 0–99 spin box; a typed digit replaces the shown count."""

    def createEditor(self, parent: QWidget, option, index):  # noqa: N802
        editor = QSpinBox(parent)
        editor.setRange(0, 99)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        return editor

    def setEditorData(self, editor: QSpinBox, index) -> None:  # noqa: N802
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))
        editor.selectAll()

    def setModelData(self, editor: QSpinBox, model, index) -> None:  # noqa: N802
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class ComponentsTable(QTableView):
    """Arrows move, Space ticks the row, digits edit a count, Tab leaves the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.components = ComponentsModel(self)
        self.setModel(self.components)
        self.setItemDelegateForColumn(COL_ORIGINALS, _CountDelegate(self))
        self.setItemDelegateForColumn(COL_CERTIFIED, _CountDelegate(self))
        self.setItemDelegateForColumn(COL_PHOTOCOPIES, _CountDelegate(self))
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.components.modelReset.connect(self._after_reset)

    def _after_reset(self) -> None:
        if self.components.rowCount():
            self.setCurrentIndex(self.components.index(0, COL_HANDED))
        self.updateGeometry()

    def sizeHint(self):  # noqa: N802 - show every row without an inner scroll bar
        hint = super().sizeHint()
        height = self.horizontalHeader().height() + 2 * self.frameWidth() + 4
        for row in range(self.components.rowCount()):
            height += max(self.rowHeight(row), 30)
        hint.setHeight(max(height, 120))
        return hint

    def minimumSizeHint(self):  # noqa: N802
        return self.sizeHint()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        index = self.currentIndex()
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if plain and key == Qt.Key.Key_Space and index.isValid():
            self.components.toggle(index.row())
            return
        if (
            plain
            and index.isValid()
            and index.column() not in COUNT_COLUMNS
            and event.text().isdigit()
        ):
            # A digit on the name or tick cell edits the catalogue's own column.
            row = self.components.rows()[index.row()]
            target = self.components.index(index.row(), row.default_column)
            self.setCurrentIndex(target)
            self.edit(target, QAbstractItemView.EditTrigger.AnyKeyPressed, event)
            return
        if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # the page's Enter-advances filter moves on
            return
        super().keyPressEvent(event)
