"""Report II.06a at the district, on SQLite and PostgreSQL: per commune, freshness, drill-down."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from district_helpers import add_dossiers, export, make_commune
from sqlalchemy import select

from motcua_desktop.domain.dossier import Channel, Status
from motcua_desktop.domain.errors import NotFound
from motcua_desktop.domain.periods import date_range, month
from motcua_desktop.domain.report_ii06a import DossierFacts, tally
from motcua_desktop.domain.report_models import GroupBy
from motcua_desktop.services import district, reports
from motcua_desktop.store.models import Commune, Dossier

MARCH = date_range(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def loaded(district_ctx, commune, stick, tmp_path):
    """Two communes with data (4 and 2 dossiers in March), a third that never sent any."""
    other = make_commune(tmp_path, district_ctx, "000.31.25.H57", "Xã Bình Hòa")
    try:
        add_dossiers(commune, 4)
        add_dossiers(other, 2)
        export(commune, stick)
        export(other, stick)
    finally:
        other.close()
    silent = make_commune(tmp_path, district_ctx, "000.31.25.H58", "Xã Cẩm Sơn")
    silent.close()
    results = district.import_bundles(district_ctx, [stick], None)
    assert [r.status for r in results] == ["applied", "applied"]
    return district_ctx


def test_one_line_per_commune_with_freshness(loaded):
    with loaded.db.session(readonly=True) as s:
        last = s.scalar(select(Commune.last_data_at).where(Commune.agency_code == "000.31.25.H56"))
    report = reports.ii06a(loaded, MARCH, GroupBy.COMMUNE, now=last + timedelta(days=41))
    assert [(ln.row.number, ln.row.label, ln.row.key) for ln in report.lines] == [
        (1, "Xã An Phú", "000.31.25.H56"),
        (2, "Xã Bình Hòa", "000.31.25.H57"),
        (3, "Xã Cẩm Sơn", "000.31.25.H58"),
    ]
    assert [ln.row.counts.received for ln in report.lines] == [4, 2, 0]
    assert report.total.counts.received == 6 and report.balanced()
    an_phu, _binh_hoa, cam_son = (ln.freshness for ln in report.lines)
    assert an_phu.stale and an_phu.days == 41 and an_phu.text == "no data for 41 days"
    assert cam_son.stale and cam_son.days is None and cam_son.text == "never sent data"
    fresh = reports.ii06a(loaded, MARCH, GroupBy.COMMUNE, now=last + timedelta(days=3))
    assert not fresh.lines[0].freshness.stale
    assert fresh.lines[0].freshness.text == "data from 3 days ago"
    data = report.as_dict()
    assert data["lines"][2]["freshness"] == {
        "last_data_at": None, "days": None, "stale": True, "text": "never sent data",
    }  # fmt: skip
    assert report.header.reporting_unit == "PEOPLE'S COMMITTEE OF HUYỆN PHÚ TÂN"


def test_drill_down_into_one_commune(loaded):
    options = reports.commune_options(loaded)
    assert [(name, code) for _id, name, code in options] == [
        ("Xã An Phú", "000.31.25.H56"),
        ("Xã Bình Hòa", "000.31.25.H57"),
        ("Xã Cẩm Sơn", "000.31.25.H58"),
    ]
    binh_hoa = options[1][0]
    by_field = reports.ii06a(loaded, MARCH, GroupBy.FIELD, origin_id=binh_hoa)
    by_proc = reports.ii06a(loaded, MARCH, GroupBy.PROCEDURE, origin_id=binh_hoa)
    assert by_field.total.counts.received == 2
    assert by_proc.total.counts == by_field.total.counts
    assert [c.row.key for c in by_proc.lines[0].children] == ["HT-05"]
    everyone = reports.ii06a(loaded, MARCH, GroupBy.FIELD)
    assert everyone.total.counts.received == 6
    with pytest.raises(NotFound):
        reports.ii06a(loaded, MARCH, GroupBy.FIELD, origin_id="no-such-commune")


def test_ii06a_by_commune_keeps_its_shape(loaded):
    rows = district.ii06a_by_commune(loaded, date(2026, 3, 1), date(2026, 3, 31))
    assert [r.number for r in rows] == [1, 2, 3, None]
    assert rows[-1].label == "Total" and rows[-1].counts.received == 6


def _random_rows(rnd: random.Random, origins: list[str], n: int) -> list[dict]:
    start, end = month(2026, 3).bounds()
    edges = [start, end, start - timedelta(days=10)]

    def moment():
        minutes = rnd.choice([-1440, -1, 0, 1, 600, 1020, rnd.randint(-4000, 4000)])
        return rnd.choice(edges) + timedelta(minutes=minutes, seconds=rnd.choice([0, 1, 59]))

    rows = []
    for i in range(n):
        due = rnd.choice([None, moment(), moment()])
        near = [None, moment()] + (
            [due + timedelta(minutes=rnd.choice([-60, 0.5, 1]))] if due else []
        )
        rows.append(
            dict(
                origin_id=rnd.choice(origins),
                status=rnd.choice([int(s) for s in Status] + [9, 9, 10]),
                channel=rnd.choice([int(c) for c in Channel]),
                field_name=rnd.choice(["Hộ tịch", "Chứng thực", ""]),
                received_at=moment(),
                due_at=due,
                finished_at=rnd.choice(near),
                returned_at=rnd.choice(near),
                timeliness=rnd.choice([None, None, "early", "on_time", "late"]),
                code=f"R-{i:05d}",
                search_id=10_000 + i,
            )
        )
    return rows


def test_sql_counts_equal_the_domain_on_this_backend(loaded):
    """Random dossiers around the period's edges, counted in SQL and by ``domain.tally``."""
    origins = [o[0] for o in reports.commune_options(loaded)]
    rows = _random_rows(random.Random(5), origins, 400)
    with loaded.db.session() as s:
        for r in rows:
            s.add(Dossier(agency_code="x", procedure_code="HT-01", procedure_name="Khai sinh",
                          applicant_name="A", processing_unit="day", **r))  # fmt: skip
    with loaded.db.session(readonly=True) as s:
        every = s.execute(
            select(Dossier.origin_id, Dossier.status, Dossier.channel, Dossier.received_at,
                   Dossier.due_at, Dossier.finished_at, Dossier.returned_at, Dossier.timeliness)
        ).all()  # fmt: skip
    start, end = month(2026, 3).bounds()
    report = reports.ii06a(loaded, month(2026, 3), GroupBy.COMMUNE)
    for line, origin in zip(report.lines, origins, strict=True):
        facts = [DossierFacts(*r[1:]) for r in every if r[0] == origin]
        assert line.row.counts == tally(facts, start, end)
    assert report.total.counts == tally([DossierFacts(*r[1:]) for r in every], start, end)
    assert report.total.counts.resolved > 30 and report.balanced()
