"""The dossier list page and home tiles, driven by keyboard and mouse as a clerk (or a scanner) would."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from motcua_desktop.domain.text import fold
from motcua_desktop.services import dossier_list
from motcua_desktop.services.demo import seed_demo
from motcua_desktop.services.dossier_list import DossierFilter, QuickView
from motcua_desktop.services.users import get_user
from motcua_desktop.ui.dossier_list_page import DossierListPage
from motcua_desktop.ui.main_window import PAGE_DOSSIERS, MainWindow

from .conftest import show_active, type_text


@pytest.fixture
def demo_ctx(ctx):
    seed_demo(ctx, dossiers=1500, today=date.today())
    return ctx


@pytest.fixture
def page(qtbot, demo_ctx, runner):
    p = DossierListPage(demo_ctx, get_user(demo_ctx, "clerk"), runner)
    qtbot.addWidget(p)
    show_active(qtbot, p)
    qtbot.waitUntil(lambda: p.model.pages_loaded >= 1 and p.count is not None)
    qtbot.waitUntil(lambda: p.counts is not None)
    return p


def _codes(p):
    return [r.code for r in p.model.rows()]


def test_typing_an_unaccented_name_finds_the_dossier(qtbot, page):
    target = page.model.row_at(150)
    page.focus_search()
    type_text(page.search, fold(target.applicant_name))
    # Live filtering after the debounce, through the runner.
    qtbot.waitUntil(lambda: page.model.filter.text == fold(target.applicant_name), timeout=3000)
    qtbot.waitUntil(lambda: target.code in _codes(page))
    qtbot.waitUntil(lambda: page.count is not None)
    assert page.count[0] >= 1


def test_scanned_code_and_enter_opens_the_dossier(qtbot, page):
    target = page.model.row_at(40)
    page.focus_search()
    with qtbot.waitSignal(page.open_dossier, timeout=3000) as opened:
        type_text(page.search, target.code.lower())  # Caps Lock confuses scanners
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert opened.args == [target.code]
    # The box is selected, so the next scan replaces it.
    assert page.search.selectedText() == target.code.lower()


def test_unknown_code_says_so(qtbot, page):
    code = page.model.row_at(0).code[:-4] + "9999"
    page.focus_search()
    type_text(page.search, code)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "9999" in page.count_label.text())


def test_enter_on_a_row_opens_it(qtbot, page):
    page.focus_search()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    expected = page.model.row_at(1).code
    with qtbot.waitSignal(page.open_dossier) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [expected]


@pytest.mark.parametrize("view", list(QuickView))
def test_quick_view_buttons(qtbot, page, demo_ctx, view):
    page.view_buttons[view].click()
    qtbot.waitUntil(lambda: page.model.filter.view == view and page.model.pages_loaded >= 1)
    qtbot.waitUntil(lambda: page.count is not None)
    n = dossier_list.count(demo_ctx, DossierFilter(view=view), now=page.model._now)
    assert page.count == (n, True)
    assert page.model.rowCount() == min(n, page.model.page_size)
    assert str(n) in page.view_buttons[view].text().replace(".", "").replace(",", "")


def test_filter_row_and_clear(qtbot, page):
    combo = page.filters.field
    combo.setCurrentIndex(combo.findData("Chứng thực"))
    qtbot.waitUntil(lambda: page.model.filter.field == "Chứng thực" and page.model.pages_loaded)
    assert page.model.rowCount() and all(r.field_name == "Chứng thực" for r in page.model.rows())
    page.filters.clear_button.click()
    qtbot.waitUntil(lambda: page.model.filter == DossierFilter() and page.model.pages_loaded)


def test_header_click_sorts(qtbot, page):
    header = page.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(1) + 20, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: page.model.sort_key == "applicant_name" and page.model.pages_loaded)
    names = [r.applicant_name for r in page.model.rows()]
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert page.model.descending == descending
    assert names == sorted(names, reverse=descending)


def test_home_tile_opens_the_filtered_list(qtbot, demo_ctx, runner, monkeypatch):
    win = MainWindow(demo_ctx, get_user(demo_ctx, "clerk"), runner)
    qtbot.addWidget(win)
    show_active(qtbot, win)
    qtbot.waitUntil(lambda: win.home.counts is not None)
    overdue = win.home.counts.overdue
    assert str(overdue) in win.home.tiles["overdue"].figure.text().replace(".", "")
    qtbot.mouseClick(win.home.tiles["overdue"], Qt.MouseButton.LeftButton)
    assert win.current_page() == PAGE_DOSSIERS
    assert win.dossiers.view_buttons[QuickView.OVERDUE].isChecked()
    qtbot.waitUntil(
        lambda: (
            win.dossiers.model.filter.view == QuickView.OVERDUE
            and win.dossiers.model.pages_loaded >= 1
        )
    )
    assert win.dossiers.model.rowCount() == min(overdue, 200)

    # F3 from anywhere focuses the search box; a scan there opens the dossier.
    opened = []
    monkeypatch.setattr(win, "open_dossier", opened.append)
    win.dossiers.open_dossier.disconnect()
    win.dossiers.open_dossier.connect(win.open_dossier)
    win.show_page(0)
    qtbot.keyClick(win, Qt.Key.Key_F3)
    assert win.current_page() == PAGE_DOSSIERS and win.dossiers.search.hasFocus()
    code = win.dossiers.model.row_at(0).code
    type_text(win.dossiers.search, code)
    qtbot.keyClick(win.dossiers.search, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: opened == [code])
