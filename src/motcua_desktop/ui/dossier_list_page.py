"""The dossier list page: one search box (typed or scanned), quick views, filters and the lazily paged table."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.search_query import code_in_text
from motcua_desktop.i18n import _, format_number
from motcua_desktop.services import dossier_list
from motcua_desktop.services import search as search_service
from motcua_desktop.services.dossier_list import DossierFilter, DossierRow, HomeCounts, QuickView
from motcua_desktop.ui.dossier_filters import FilterBar
from motcua_desktop.ui.dossier_list_model import COL_APPLICANT, COL_RECEIVED, DossierListModel

SEARCH_DELAY_MS = 250
# Quick views in button order, with the HomeCounts field that counts each.
VIEWS = (
    (QuickView.DUE_TODAY, "due_today"),
    (QuickView.OVERDUE, "overdue"),
    (QuickView.AWAITING_SUPPLEMENT, "awaiting_supplement"),
    (QuickView.READY_FOR_PICKUP, "ready_for_pickup"),
)
ALL_VIEWS = 99  # button id of "All dossiers" (-1 would mean "assign one")


class DossierListPage(QWidget):
    """Search, quick views and filters above a sortable table; ``open_dossier`` carries a code."""

    open_dossier = Signal(str)

    def __init__(self, ctx, user, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.runner = runner
        self.counts: HomeCounts | None = None
        self.count: tuple[int, bool] | None = None
        self.message = ""
        self._stale = False
        self._count_generation = 0

        self.search_label = QLabel()
        self.search = QLineEdit(objectName="dossier_search")
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.search.installEventFilter(self)
        self.count_label = QLabel(objectName="dossier_count")

        self.views = QButtonGroup(self)
        self.views.setExclusive(True)
        self.all_button = QPushButton(objectName="view_all", checkable=True, checked=True)
        self.views.addButton(self.all_button, ALL_VIEWS)
        self.view_buttons: dict[QuickView, QPushButton] = {}
        for i, (view, _field) in enumerate(VIEWS):
            button = QPushButton(objectName=f"view_{view.value}", checkable=True)
            self.views.addButton(button, i)
            self.view_buttons[view] = button
        self.views.idClicked.connect(lambda _id: self.apply())

        self.filters = FilterBar()
        self.filters.changed.connect(self.apply)

        self.model = DossierListModel(ctx, runner, self)
        self.model.page_loaded.connect(self._page_loaded)
        self.table = QTableView(objectName="dossier_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(COL_RECEIVED, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # asks the model to sort: the first page loads
        fm = self.table.fontMetrics()
        code_width = fm.horizontalAdvance("000.00.00.H00-000000-0000") + 16
        date_width = fm.horizontalAdvance("00:00 00/00/0000") + 16
        widths = (code_width, 155, 200, 90, 125, 80, date_width, date_width)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._activated)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._search_entered)

        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        views = QHBoxLayout()
        views.addWidget(self.all_button)
        for button in self.view_buttons.values():
            views.addWidget(button)
        views.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(views)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)

        runner.changed.connect(self._on_changed)
        self.retranslate_ui()
        self.runner.run(dossier_list.filter_choices, ctx, on_success=self.filters.set_choices)
        self.reload_counts()
        self._request_count()

    # -- texts ----------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.search_label.setText(_("&Search:"))
        self.search.setPlaceholderText(
            _("Code, name, ID number, phone or address — accents optional; scan a slip (F3)")
        )
        self.all_button.setText(_("All dossiers"))
        self._update_view_buttons()
        self.filters.retranslate_ui()
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
        )
        self._update_count_label()

    def _update_view_buttons(self) -> None:
        names = {
            QuickView.DUE_TODAY: _("Due today"),
            QuickView.OVERDUE: _("Overdue"),
            QuickView.AWAITING_SUPPLEMENT: _("Awaiting supplement"),
            QuickView.READY_FOR_PICKUP: _("Ready for pickup"),
        }
        for view, field in VIEWS:
            if self.counts is None:
                text = names[view]
            else:
                text = _("{name} ({n})").format(
                    name=names[view], n=format_number(getattr(self.counts, field))
                )
            self.view_buttons[view].setText(text)

    def _update_count_label(self) -> None:
        if self.message:
            self.count_label.setText(self.message)
            self.count_label.setStyleSheet("color: #a4000f;")
            return
        self.count_label.setStyleSheet("")
        if self.count is None:
            self.count_label.setText(_("Counting…"))
            return
        n, exact = self.count
        if exact:
            self.count_label.setText(_("{n} dossiers").format(n=format_number(n)))
        else:
            self.count_label.setText(_("More than {n} dossiers").format(n=format_number(n)))

    # -- public ----------------------------------------------------------------------

    def focus_first(self) -> None:
        self.focus_search()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_filter(self) -> DossierFilter:
        view_id = self.views.checkedId()
        view = VIEWS[view_id][0] if 0 <= view_id < len(VIEWS) else None
        return self.filters.apply_to(DossierFilter(view=view, text=self.search.text().strip()))

    def show_filter(self, f: DossierFilter) -> None:
        """Show exactly ``f`` (a home tile's list): search box, quick view and filter row follow it."""
        self._timer.stop()
        self.search.blockSignals(True)
        self.search.setText(f.text)
        self.search.blockSignals(False)
        ids = {view: i for i, (view, _field) in enumerate(VIEWS)}
        button = self.views.button(ids[f.view] if f.view is not None else ALL_VIEWS)
        button.setChecked(True)
        self.filters.set_values(f)
        self.apply()

    def show_view(self, view: QuickView | None) -> None:
        self.show_filter(DossierFilter(view=view))

    def apply(self) -> None:
        """Send the current search, view and filters to the model, and count them."""
        self._timer.stop()
        self.message = ""
        f = self.current_filter()
        if f != self.model.filter or not self.model.pages_loaded:
            self.model.set_filter(f)
            self._request_count()

    def refresh(self) -> None:
        self._stale = False
        self.model.refresh()
        self._request_count()
        self.reload_counts()

    def reload_counts(self) -> None:
        self.runner.run(dossier_list.home_counts, self.ctx, on_success=self._counts_loaded)

    def selected_row(self) -> DossierRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    # -- loading -------------------------------------------------------------------------

    def _request_count(self) -> None:
        self._count_generation += 1
        generation = self._count_generation
        self.count = None
        self._update_count_label()
        self.runner.run(
            dossier_list.count_capped,
            self.ctx,
            self.model.filter,
            on_success=lambda c: self._count_loaded(generation, c),
        )

    def _count_loaded(self, generation: int, count: tuple[int, bool]) -> None:
        if generation == self._count_generation:
            self.count = count
            self._update_count_label()

    def _counts_loaded(self, counts: HomeCounts) -> None:
        self.counts = counts
        self._update_view_buttons()

    def _page_loaded(self, rows: int) -> None:
        if rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, COL_APPLICANT))

    def _on_changed(self, tag: str) -> None:
        if tag in ("profile", "calendar"):
            return
        if tag == "catalogue":
            self.runner.run(
                dossier_list.filter_choices, self.ctx, on_success=self.filters.set_choices
            )
            return
        # A dossier (or users) changed: refresh now if shown, else when next shown.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- opening -----------------------------------------------------------------------

    def _search_entered(self) -> None:
        text = self.search.text()
        if code_in_text(text) is not None:
            # A scanner types the code and Enter: open at once, then ready the box for the next.
            self.runner.run(
                search_service.find_by_code, self.ctx, text, on_success=self._code_found
            )
            self.apply()
            self.search.selectAll()
            return
        self.apply()
        if self.model.rowCount():
            self.table.setFocus()

    def _code_found(self, row: DossierRow | None) -> None:
        if row is None:
            self.message = _("No dossier has the code {code}.").format(
                code=code_in_text(self.search.text()) or self.search.text().strip()
            )
            self._update_count_label()
            return
        self.open_dossier.emit(row.code)

    def _activated(self, index) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_dossier.emit(row.code)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Down from the search box walks into the table, as in a browser's address bar.
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, COL_APPLICANT))
            return True
        return super().eventFilter(watched, event)


__all__ = ["DossierListPage"]
