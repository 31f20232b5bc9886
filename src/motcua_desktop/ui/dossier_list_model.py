"""A lazily paged table model of dossiers: pages arrive through the operation runner as the view scrolls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from motcua_desktop.domain.dossier import Channel, Status
from motcua_desktop.domain.privacy import is_purged_name
from motcua_desktop.i18n import N_, _, format_ui_datetime
from motcua_desktop.services import dossier_list
from motcua_desktop.services.dossier_list import DossierFilter, DossierRow, is_overdue

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw value for sorting
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the DossierRow itself
PAGE_SIZE = 200

# (sort key of the service, header) in column order.
COLUMNS = (
    ("code", N_("Code")),
    ("applicant_name", N_("Applicant")),
    ("procedure_name", N_("Procedure")),
    ("field_name", N_("Field")),
    ("status", N_("Status")),
    ("channel", N_("Channel")),
    ("received_at", N_("Received")),
    ("due_at", N_("Due")),
    ("handling_official_name", N_("Handling official")),
)
SORT_KEYS = tuple(key for key, _header in COLUMNS)
COL_CODE, COL_APPLICANT = SORT_KEYS.index("code"), SORT_KEYS.index("applicant_name")
COL_STATUS, COL_RECEIVED = SORT_KEYS.index("status"), SORT_KEYS.index("received_at")
COL_DUE = SORT_KEYS.index("due_at")

STATUS_NAMES = {
    Status.REGISTERED: N_("Registered"),
    Status.ACCEPTED: N_("Accepted"),
    Status.NOT_ACCEPTED: N_("Not accepted"),
    Status.PROCESSING: N_("Processing"),
    Status.SUPPLEMENT_REQUESTED: N_("Awaiting supplement"),
    Status.AWAITING_PAYMENT: N_("Awaiting payment"),
    Status.WITHDRAWN: N_("Withdrawn"),
    Status.STOPPED: N_("Stopped"),
    Status.FINISHED: N_("Ready for pickup"),
    Status.RESULT_RETURNED: N_("Result returned"),
}
CHANNEL_NAMES = {
    Channel.IN_PERSON: N_("In person"),
    Channel.ONLINE: N_("Online"),
    Channel.POSTAL: N_("By post"),
}
OVERDUE_FOREGROUND = QColor("#a4000f")
OVERDUE_BACKGROUND = QColor("#fde8e8")


class DossierListModel(QAbstractTableModel):
    """Rows of ``dossier_list.page`` for one filter and sort, fetched ``PAGE_SIZE`` at a time.

    Each page is requested through the runner and continues after the last
    row held (keyset paging); a page shorter than asked means the end.
    Answers for an older filter or sort are dropped by a generation number.
    """

    page_loaded = Signal(int)  # rows now held
    load_failed = Signal(object)

    def __init__(
        self,
        ctx,
        runner,
        parent=None,
        *,
        page_size: int = PAGE_SIZE,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.page_size = page_size
        self.clock = clock
        self._filter = DossierFilter()
        self._sort_key = "received_at"
        self._descending = True
        self._rows: list[DossierRow] = []
        self._exhausted = False
        self._pending = False
        self._generation = 0
        self._now = clock()
        self.pages_loaded = 0  # answers received since the last reset (tests wait on it)

    # -- state ------------------------------------------------------------------

    @property
    def filter(self) -> DossierFilter:
        return self._filter

    @property
    def sort_key(self) -> str:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    def is_loading(self) -> bool:
        return self._pending

    def is_complete(self) -> bool:
        return self._exhausted

    def row_at(self, row: int) -> DossierRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[DossierRow]:
        return list(self._rows)

    def set_filter(self, f: DossierFilter) -> None:
        """Show ``f`` from the first page on."""
        self._filter = f
        self.refresh()

    def set_text(self, text: str) -> None:
        self.set_filter(replace(self._filter, text=text))

    def set_sort(self, key: str, descending: bool) -> None:
        if key not in SORT_KEYS:
            raise ValueError(f"unknown sort key {key!r}")
        if (key, descending) == (self._sort_key, self._descending) and self.pages_loaded:
            return
        self._sort_key, self._descending = key, descending
        self.refresh()

    def refresh(self) -> None:
        """Drop every row and ask for the first page again."""
        self.beginResetModel()
        self._generation += 1
        self._rows = []
        self._exhausted = False
        self._pending = False
        self.pages_loaded = 0
        self._now = self.clock()
        self.endResetModel()
        self._request()

    # -- paging -------------------------------------------------------------------

    def _request(self) -> None:
        if self._pending or self._exhausted:
            return
        self._pending = True
        generation = self._generation
        self.runner.run(
            dossier_list.page,
            self.ctx,
            self._filter,
            sort=self._sort_key,
            descending=self._descending,
            limit=self.page_size,
            after=self._rows[-1] if self._rows else None,
            now=self._now,
            on_success=lambda rows: self._page_arrived(generation, rows),
            on_error=lambda exc: self._page_failed(generation, exc),
        )

    def _page_arrived(self, generation: int, rows: list[DossierRow]) -> None:
        if generation != self._generation:
            return
        self._pending = False
        self.pages_loaded += 1
        if len(rows) < self.page_size:
            self._exhausted = True
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.page_loaded.emit(len(self._rows))

    def _page_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._pending = False
        self._exhausted = True  # do not hammer a failing query on every scroll
        self.load_failed.emit(exc)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802, B008
        if not parent.isValid():
            self._request()

    # -- QAbstractTableModel ---------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(COLUMNS[section][1])
            if role == SORT_ROLE:
                return COLUMNS[section][0]
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.set_sort(COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)

    def sort_column(self) -> int:
        return SORT_KEYS.index(self._sort_key)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == SORT_ROLE:
            value = getattr(row, key)
            return int(value) if isinstance(value, (Status, Channel)) else value
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and is_overdue(row, self._now):
            return QBrush(OVERDUE_FOREGROUND)
        if role == Qt.ItemDataRole.BackgroundRole and is_overdue(row, self._now):
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        return None

    @staticmethod
    def _display(row: DossierRow, key: str) -> str:
        if key == "status":
            return _(STATUS_NAMES.get(row.status, str(int(row.status))))
        if key == "channel":
            return _(CHANNEL_NAMES.get(row.channel, str(int(row.channel))))
        if key in ("received_at", "due_at"):
            value = getattr(row, key)
            return format_ui_datetime(value) if value is not None else ""
        if key == "applicant_name" and is_purged_name(row.applicant_name):
            return _("[personal data purged]")  # blanked by the retention purge
        return getattr(row, key)

    def _tooltip(self, row: DossierRow) -> str:
        lines = [row.code, row.applicant_name]
        if row.applicant_phone:
            lines.append(_("Phone: {phone}").format(phone=row.applicant_phone))
        if row.applicant_address:
            lines.append(_("Address: {address}").format(address=row.applicant_address))
        if is_overdue(row, self._now):
            lines.append(_("Overdue"))
        return "\n".join(lines)
