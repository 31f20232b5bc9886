"""The district screen (pytest-qt): communes table, import with preview and results, replies, II.06a."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from district_helpers import add_dossiers, export
from PySide6.QtCore import QDate, Qt
from sqlalchemy import update

from motcua_desktop.services import district
from motcua_desktop.store.models import Commune
from motcua_desktop.ui.district_page import ALARM, WARN, CommunesModel, DistrictPage
from motcua_desktop.ui.operations import OpRunner


@pytest.fixture
def runner(qtbot):
    op_runner = OpRunner()
    yield op_runner
    assert op_runner.shutdown()


def test_import_preview_apply_and_results_in_plain_words(qtbot, district_ctx, commune, stick,
                                                         runner, monkeypatch):  # fmt: skip
    add_dossiers(commune, 3)
    export(commune, stick)
    page = DistrictPage(district_ctx, None, runner)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.communes.rowCount() == 1)
    assert page.communes.data(page.communes.index(0, 0)) == "Xã An Phú"
    assert page.communes.data(page.communes.index(0, 3)) == "never"
    seen, shown = [], []
    monkeypatch.setattr(page, "confirm", lambda previews: seen.extend(previews) or True)
    monkeypatch.setattr(page, "show_results", lambda title, text: shown.append(text))
    page.import_from(stick)
    qtbot.waitUntil(lambda: bool(shown))
    assert [p.status for p in seen] == ["new"]
    assert "Xã An Phú" in shown[0] and "3 new dossiers" in shown[0]
    qtbot.waitUntil(lambda: bool(page.communes.rows) and page.communes.rows[0].dossiers == 3)
    assert page.communes.data(page.communes.index(0, 2)) == "Active"
    assert "1 bundles applied" in page.status.text()

    page.from_edit.setDate(QDate(2026, 3, 1))
    page.to_edit.setDate(QDate(2026, 3, 31))
    page.load_report()
    qtbot.waitUntil(
        lambda: page.report.rowCount() == 2 and page.report.rows[-1].counts.received > 0
    )
    total = page.report.rows[-1]
    assert page.report.data(page.report.index(1, 2)) == "3" and total.counts.balanced()

    page.write_replies_to(stick)
    qtbot.waitUntil(lambda: "up to" in page.status.text())


def test_a_refused_bundle_is_explained(qtbot, district_ctx, commune, stick, runner, monkeypatch):
    add_dossiers(commune, 1)
    bundle = export(commune, stick)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 1
    bundle.write_bytes(bytes(data))
    page = DistrictPage(district_ctx, None, runner)
    qtbot.addWidget(page)
    shown = []
    monkeypatch.setattr(page, "confirm", lambda previews: True)
    monkeypatch.setattr(page, "show_results", lambda title, text: shown.append(text))
    page.import_from(stick)
    qtbot.waitUntil(lambda: bool(shown))
    assert "Put aside in" in shown[0] and "quarantine" in shown[0]
    assert "0 bundles applied, 1 put aside" in page.status.text()


def test_freshness_colours(district_ctx, commune, stick):
    add_dossiers(commune, 1)
    export(commune, stick)
    district.import_bundles(district_ctx, [stick], None)
    model = CommunesModel()
    with district_ctx.db.session() as s:
        s.execute(update(Commune).values(last_data_at=datetime(2026, 11, 1, 9)))
    for today, colour in ((date(2026, 11, 5), None), (date(2026, 11, 12), WARN),
                          (date(2026, 12, 20), ALARM)):  # fmt: skip
        model.set_rows(district.communes_overview(district_ctx, today=today))
        brush = model.data(model.index(0, 4), Qt.ItemDataRole.BackgroundRole)
        assert (brush.color() if brush else None) == colour
