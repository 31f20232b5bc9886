"""A tree model of the procedure catalogue: fields (lĩnh vực) with their procedures beneath."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from motcua_desktop.domain.calendar import processing_text
from motcua_desktop.domain.procedures import Procedure
from motcua_desktop.i18n import _

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw value for sorting
PROCEDURE_ROLE = Qt.ItemDataRole.UserRole + 2  # the Procedure itself (None on a field row)

COL_NAME, COL_CODE, COL_TIME = range(3)
_NO_PARENT = 0  # internal id of a field row; a procedure row holds field row + 1


class CatalogueModel(QAbstractItemModel):
    """Two levels: a row per field, its procedures as children; columns name, code, time.

    The internal id of a procedure index is its field's row plus one; field rows use 0.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._fields: list[str] = []
        self._procedures: list[list[Procedure]] = []

    # -- loading ------------------------------------------------------------

    def set_procedures(self, procedures: list[Procedure]) -> None:
        """Replace the contents, grouping by field in the order the service returned them."""
        self.beginResetModel()
        groups: dict[str, list[Procedure]] = {}
        for p in procedures:
            groups.setdefault(p.field or "", []).append(p)
        self._fields = list(groups)
        self._procedures = [groups[f] for f in self._fields]
        self.endResetModel()

    def replace_procedure(self, procedure: Procedure) -> QModelIndex:
        """Swap in an updated procedure (after an override); returns its index or invalid."""
        for f, items in enumerate(self._procedures):
            for r, p in enumerate(items):
                if p.code == procedure.code:
                    items[r] = procedure
                    first = self.index(r, 0, self.index(f, 0))
                    last = self.index(r, self.columnCount() - 1, self.index(f, 0))
                    self.dataChanged.emit(first, last)
                    return first
        return QModelIndex()

    def procedure_count(self) -> int:
        return sum(len(items) for items in self._procedures)

    def fields(self) -> list[str]:
        return list(self._fields)

    def procedure(self, index: QModelIndex) -> Procedure | None:
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return None
        return self._procedures[index.internalId() - 1][index.row()]

    def find(self, code: str) -> QModelIndex:
        for f, items in enumerate(self._procedures):
            for r, p in enumerate(items):
                if p.code == code:
                    return self.index(r, 0, self.index(f, 0))
        return QModelIndex()

    def first_procedure(self) -> QModelIndex:
        if self._procedures and self._procedures[0]:
            return self.index(0, 0, self.index(0, 0))
        return QModelIndex()

    # -- QAbstractItemModel -------------------------------------------------------

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _NO_PARENT)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index=QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _NO_PARENT)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self._fields)
        if parent.internalId() == _NO_PARENT and parent.column() == 0:
            return len(self._procedures[parent.row()])
        return 0

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 3

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Procedure"), _("Code"), _("Processing time"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == _NO_PARENT:
            return self._field_data(index, role)
        p = self._procedures[index.internalId() - 1][index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                return p.name
            if col == COL_CODE:
                return p.code
            return processing_text(p.processing)
        if role == SORT_ROLE:
            return (p.name, p.code, (str(p.processing.unit), p.processing.amount))[col]
        if role == PROCEDURE_ROLE:
            return p
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            return p.name
        if role == Qt.ItemDataRole.FontRole and col == COL_TIME and p.overridden:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _field_data(self, index: QModelIndex, role: int):
        name = self._fields[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and index.column() == COL_NAME:
            count = len(self._procedures[index.row()])
            return _("{field} ({count})").format(field=name or _("(no field)"), count=count)
        if role == SORT_ROLE:
            return name
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None
