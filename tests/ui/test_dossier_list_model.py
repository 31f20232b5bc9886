"""The dossier list model without a window: lazy pages through the runner, roles, sorting, filters."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt

from motcua_desktop.domain.dossier import Status
from motcua_desktop.i18n import format_ui_datetime
from motcua_desktop.services import dossier_list
from motcua_desktop.services.demo import seed_demo
from motcua_desktop.services.dossier_list import DossierFilter, QuickView
from motcua_desktop.ui.dossier_list_model import (
    COL_DUE,
    COL_RECEIVED,
    COL_STATUS,
    COLUMNS,
    OVERDUE_BACKGROUND,
    ROW_ROLE,
    SORT_ROLE,
    DossierListModel,
)

TODAY = date(2026, 3, 20)
NOW = datetime(2026, 3, 20, 10, 0)
TOTAL = 3000


@pytest.fixture
def demo_ctx(ctx):
    seed_demo(ctx, dossiers=TOTAL, today=TODAY)
    return ctx


@pytest.fixture
def model(qtbot, demo_ctx, runner):
    m = DossierListModel(demo_ctx, runner, page_size=200, clock=lambda: NOW)
    m.refresh()
    qtbot.waitUntil(lambda: m.pages_loaded == 1)
    return m


def test_first_page_then_more_on_demand(qtbot, model):
    assert model.rowCount() == 200
    assert model.columnCount() == len(COLUMNS)
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # a second call while one is pending is ignored
    qtbot.waitUntil(lambda: model.pages_loaded == 2)
    assert model.rowCount() == 400
    rows = model.rows()
    received = [r.received_at for r in rows]
    assert received == sorted(received, reverse=True)
    assert len({r.code for r in rows}) == 400


def test_fetches_to_the_end_without_duplicates(qtbot, model):
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda: not model.is_loading())
    assert model.rowCount() == TOTAL
    assert model.is_complete()
    assert len({r.code for r in model.rows()}) == TOTAL


def test_display_and_sort_roles(model):
    row = model.row_at(0)
    idx = model.index(0, COL_RECEIVED)
    assert model.data(idx) == format_ui_datetime(row.received_at)
    assert model.data(idx, SORT_ROLE) == row.received_at
    status = model.index(0, COL_STATUS)
    assert model.data(status, SORT_ROLE) == int(row.status)
    assert model.data(status) and model.data(status) != str(int(row.status))
    assert model.data(model.index(0, 0)) == row.code
    assert model.data(model.index(0, 0), ROW_ROLE) is row
    assert model.headerData(COL_DUE, Qt.Orientation.Horizontal) == "Hẹn trả"  # GUI tests run in vi
    assert model.headerData(COL_DUE, Qt.Orientation.Horizontal, SORT_ROLE) == "due_at"


@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_sort_requeries_the_service(qtbot, model, demo_ctx, column):
    key = COLUMNS[column][0]
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(column, order)
        qtbot.waitUntil(lambda: model.pages_loaded == 1)
        descending = order == Qt.SortOrder.DescendingOrder
        expected = dossier_list.page(
            demo_ctx, DossierFilter(), sort=key, descending=descending, limit=200, now=NOW
        )
        assert [r.code for r in model.rows()] == [r.code for r in expected]
        values = [model.data(model.index(i, column), SORT_ROLE) for i in range(model.rowCount())]
        keyed = [(v is not None, v) for v in values]
        assert keyed == sorted(keyed, reverse=descending)


def test_filter_and_overdue_highlight(qtbot, model, demo_ctx):
    model.set_filter(DossierFilter(view=QuickView.OVERDUE))
    qtbot.waitUntil(lambda: model.pages_loaded == 1)
    expected = dossier_list.count(demo_ctx, DossierFilter(view=QuickView.OVERDUE), now=NOW)
    assert 0 < model.rowCount() == min(expected, 200)
    for i in range(model.rowCount()):
        idx = model.index(i, 1)
        assert model.data(idx, Qt.ItemDataRole.BackgroundRole).color() == OVERDUE_BACKGROUND
        assert "Quá hạn" in model.data(idx, Qt.ItemDataRole.ToolTipRole)

    model.set_filter(DossierFilter(statuses=(Status.RESULT_RETURNED,)))
    qtbot.waitUntil(lambda: model.pages_loaded == 1)
    assert model.rowCount() == 200
    assert all(r.status is Status.RESULT_RETURNED for r in model.rows())
    assert model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole) is None


def test_text_filter_finds_unaccented_name(qtbot, model):
    target = model.row_at(5)
    from motcua_desktop.domain.text import fold

    model.set_text(fold(target.applicant_name))
    qtbot.waitUntil(lambda: model.pages_loaded == 1)
    assert target.code in [r.code for r in model.rows()]


def test_stale_answers_are_dropped(qtbot, model):
    model.set_filter(DossierFilter(view=QuickView.AWAITING_SUPPLEMENT))
    model.set_filter(DossierFilter(view=QuickView.READY_FOR_PICKUP))
    qtbot.waitUntil(lambda: model.pages_loaded == 1)
    qtbot.wait(50)
    assert model.pages_loaded == 1
    assert all(r.status is Status.FINISHED for r in model.rows())
