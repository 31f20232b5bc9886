"""The district's II.06a per commune (pytest-qt): freshness beside the figures, drill-down by keyboard, exports."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
from district_helpers import add_dossiers, export, make_commune
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import update

from motcua_desktop.domain import periods
from motcua_desktop.domain.report_models import GroupBy
from motcua_desktop.services import district, reports
from motcua_desktop.store.models import Commune
from motcua_desktop.ui.district_page import DistrictPage
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.report_table_model import FRESHNESS_COLUMN, LINE_ROLE, STALE

MARCH = periods.date_range(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def runner(qtbot):
    op_runner = OpRunner()
    yield op_runner
    assert op_runner.shutdown()


@pytest.fixture
def two_communes(tmp_path, district_ctx, stick):
    """Two communes with dossiers in March 2026, imported; Xã Bình Mỹ's data is old."""
    made = [
        make_commune(tmp_path, district_ctx, "000.31.25.H56", "Xã An Phú"),
        make_commune(tmp_path, district_ctx, "000.32.25.H56", "Xã Bình Mỹ"),
    ]
    for commune, n in zip(made, (5, 3), strict=True):
        add_dossiers(commune, n)
        export(commune, stick)
    district.import_bundles(district_ctx, [stick], None)
    with district_ctx.db.session() as s:
        s.execute(
            update(Commune)
            .where(Commune.agency_code == "000.32.25.H56")
            .values(last_data_at=datetime(2020, 1, 1, 9))
        )
    yield made
    for commune in made:
        commune.close()


@pytest.fixture
def page(qtbot, district_ctx, two_communes, runner):
    widget = DistrictPage(district_ctx, None, runner)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.report_panel.set_period(MARCH.date_from, MARCH.date_to)
    widget.load_report()
    # The page first loads the current month by itself: wait for March's figures.
    qtbot.waitUntil(
        lambda: widget.report.report is not None and widget.report.report.period == MARCH,
        timeout=20000,
    )
    return widget


def test_per_commune_lines_with_freshness_and_total(page, district_ctx):
    model = page.report
    expected = reports.ii06a(district_ctx, MARCH, GroupBy.COMMUNE)
    assert [r.label for r in model.rows] == ["Xã An Phú", "Xã Bình Mỹ", expected.total.label]
    assert [r.counts.received for r in model.rows] == [5, 3, 8]
    assert model.rows[-1].counts == expected.total.counts and model.rows[-1].counts.balanced()
    assert model.data(model.index(2, 2)) == "8"
    stale = model.data(model.index(1, FRESHNESS_COLUMN))
    assert stale.startswith("⚠") and "no data for" in stale
    brush = model.data(model.index(1, FRESHNESS_COLUMN), Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == STALE
    fresh = model.data(model.index(0, FRESHNESS_COLUMN))
    assert not fresh.startswith("⚠")
    assert model.data(model.index(0, FRESHNESS_COLUMN), Qt.ItemDataRole.BackgroundRole) is None
    assert page.from_edit.text() == "01/03/2026" and page.to_edit.text() == "31/03/2026"


def test_enter_on_a_commune_opens_its_report(qtbot, page, district_ctx):
    view = page.report_view
    view.setFocus()
    view.setCurrentIndex(page.report.index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.report_panel.drill is not None)
    drill = page.report_panel.drill
    qtbot.waitUntil(lambda: drill.loads == 1, timeout=20000)
    assert drill.isVisible() and "Xã An Phú" in drill.windowTitle()
    assert drill.model.report.total.counts == page.report.rows[0].counts
    qtbot.keyClick(drill.breakdown, Qt.Key.Key_Down)  # by field and procedure
    qtbot.waitUntil(lambda: drill.loads == 2, timeout=20000)
    lines = [drill.model.data(drill.model.index(r, 0), LINE_ROLE) for r in range(3)]
    assert [line.level for line in lines[:2]] == [0, 1]
    assert "HT-05" in drill.model.data(drill.model.index(1, 1))
    assert drill.model.report.total.counts.received == 5


def test_the_total_line_opens_nothing(qtbot, page):
    page.report_panel.open_commune(2)
    assert page.report_panel.drill is None


def test_export_what_is_shown(qtbot, page, tmp_path, monkeypatch):
    exports = page.report_panel.exports
    monkeypatch.setattr(exports, "ask_path", lambda fmt, name: str(tmp_path / name))
    for button in (exports.pdf, exports.xlsx):
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
    pdf = tmp_path / "II06a_communes_2026-03-01_2026-03-31.pdf"
    xlsx = pdf.with_suffix(".xlsx")
    qtbot.waitUntil(lambda: len(exports.saved) == 2, timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Xã An Phú" in text and "Xã Bình Mỹ" in text
    cells = [c.value for ws in openpyxl.load_workbook(xlsx) for row in ws.iter_rows() for c in row]
    labels = [c for c in cells if isinstance(c, str)]
    for name in ("Xã An Phú", "Xã Bình Mỹ"):
        assert any(c.startswith(name) for c in labels)
    assert 5 in cells and 3 in cells
