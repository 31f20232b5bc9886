"""Dashboard comparisons across a month boundary with the 15th cut, and the chart series.

Reporting months cut on the 15th; today is Wednesday 20/05/2026, so "this
month" is June 2026 (15/05–14/06), the previous one May (15/04–14/05) and a
year ago June 2025 (15/05/2025–14/06/2025). HT-05 takes 3 working days.

==  ===================  =======  ==============================  ===========
id  received             channel  then                            month
==  ===================  =======  ==============================  ===========
K   Thu 14/05/26 16:00   desk     finished Fri 15/05 10:00 (early) May → June
L   Fri 15/05/26 08:00   online   pending, due 20/05 08:00        June
M   Mon 18/05/26 08:00   desk     pending, due 21/05 08:00        June
O   Mon 20/04/26 09:00   desk     finished 24/04, due 23/04: late May
P   Thu 16/04/26 09:00   desk     pending, due 21/04 09:00        May
N   Tue 20/05/25 09:00   desk     finished 21/05/25 (early)       June 2025
==  ===================  =======  ==============================  ===========
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from motcua_desktop.domain.dossier import Channel, ResultDelivery
from motcua_desktop.domain.periods import month
from motcua_desktop.domain.report_ii06a import DossierFacts, tally
from motcua_desktop.domain.report_models import ObjectiveStatus, Slice
from motcua_desktop.i18n import current_language, set_language
from motcua_desktop.services import demo, intake, lifecycle, quality_objectives, reports
from motcua_desktop.services.dashboard import chart_data, dashboard
from motcua_desktop.store.models import Dossier

TODAY = date(2026, 5, 20)
FACT_COLUMNS = (
    Dossier.status,
    Dossier.channel,
    Dossier.received_at,
    Dossier.due_at,
    Dossier.finished_at,
    Dossier.returned_at,
    Dossier.timeliness,
)


@pytest.fixture(autouse=True)
def _english():
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


@pytest.fixture
def cut15(ctx, admin, clerk):
    reports.save_report_settings(ctx, admin, reports.ReportSettings(cut_day=15))


@pytest.fixture
def may(ctx, cut15, clerk, make_request):
    def accept(at, channel=Channel.IN_PERSON, proc="HT-05"):
        return intake.accept(ctx, make_request(proc, at, channel=channel), clerk).code

    k = accept(datetime(2026, 5, 14, 16))
    lifecycle.finish(ctx, k, clerk, at=datetime(2026, 5, 15, 10))
    accept(datetime(2026, 5, 15, 8), Channel.ONLINE)  # L
    accept(datetime(2026, 5, 18, 8))  # M
    o = accept(datetime(2026, 4, 20, 9))
    lifecycle.finish(ctx, o, clerk, at=datetime(2026, 4, 24, 9))
    lifecycle.return_result(
        ctx, o, clerk, method=ResultDelivery.DESK, collected_by="Hằng", at=datetime(2026, 4, 24, 10)
    )
    accept(datetime(2026, 4, 16, 9))  # P
    n = accept(datetime(2025, 5, 20, 9))
    lifecycle.finish(ctx, n, clerk, at=datetime(2025, 5, 21, 9))
    lifecycle.return_result(
        ctx, n, clerk, method=ResultDelivery.DESK, collected_by="Hằng", at=datetime(2025, 5, 21, 10)
    )


def _by_key(board):
    return {c.key: (c.current, c.previous, c.last_year) for c in board.comparisons}


def test_this_month_against_the_last_and_a_year_ago(ctx, may):
    board = dashboard(ctx, TODAY)
    assert (board.period.year, board.period.number) == (2026, 6)
    assert (board.period.date_from, board.period.date_to) == (date(2026, 5, 15), date(2026, 6, 14))
    got = _by_key(board)
    assert got["received"] == (2, 3, 1)  # L, M | O, K, P | N
    assert got["resolved"] == (1, 1, 1)  # K | O | N
    assert got["on_time_rate"] == (100.0, 0.0, 100.0)
    assert got["late"] == (0, 1, 0)
    # Now (end of 20/05): L and P; M is due tomorrow. At the end of May: P.
    assert got["pending_overdue"] == (2, 1, 0)
    assert got["online_rate"] == (50.0, 0.0, 0.0)
    assert got["satisfaction_rate"] == (None, None, None)  # no survey form typed
    flags = {c.key: (c.is_rate, c.higher_is_better) for c in board.comparisons}
    assert flags["late"] == (False, False) and flags["on_time_rate"] == (True, True)


def test_the_day_before_the_cut_belongs_to_the_month_before(ctx, may):
    board = dashboard(ctx, date(2026, 5, 14))
    assert board.period.number == 5
    got = _by_key(board)
    # K was received on the 14th: May's; L and M come after.
    assert got["received"][0] == 3
    assert got["resolved"][0] == 1  # O; K's finish on the 15th is June's


def test_no_resolved_dossier_is_no_rate_not_100(ctx, cut15):
    got = _by_key(dashboard(ctx, TODAY))
    assert got["on_time_rate"] == (None, None, None)
    assert got["online_rate"] == (None, None, None)
    assert got["received"] == (0, 0, 0)


def test_the_satisfaction_measure_is_used_when_registered(ctx, may, monkeypatch):
    quality_objectives.load_providers()
    monkeypatch.setitem(
        quality_objectives._PROVIDERS,
        "satisfaction_rate",
        quality_objectives.measure_provider("satisfaction_rate"),
    )
    seen = []

    def provider(ctx_, period, origin_id):
        seen.append(period.code())
        return {"2026-06": 97.5, "2026-05": 95.0}.get(period.code()), 40, "40 forms"

    quality_objectives.register_measure("satisfaction_rate", provider)
    got = _by_key(dashboard(ctx, TODAY))
    assert got["satisfaction_rate"] == (97.5, 95.0, None)
    assert {"2026-06", "2026-05", "2025-06"} <= set(seen)


def test_the_dashboard_carries_the_charts_and_the_objectives(ctx, may, admin):
    quality_objectives.seed_defaults(ctx, admin, 2026)
    board = dashboard(ctx, TODAY)
    assert [p.period.code() for p in board.charts.months][-2:] == ["2026-05", "2026-06"]
    assert len(board.charts.months) == 12
    june = board.charts.months[-1]
    assert (june.received, june.resolved, june.on_time_rate) == (2, 1, 100.0)
    statuses = {o.measure: o.status for o in board.objectives}
    # 2026 so far (15/12/2025–20/05/2026): K early, O late = 50 %.
    assert statuses["on_time_rate"] is ObjectiveStatus.NOT_MET
    assert statuses["satisfaction_rate"] is ObjectiveStatus.NO_DATA


def test_months_with_nothing_resolved_have_no_rate(ctx, may):
    data = chart_data(ctx, month(2026, 6, cut_day=15))
    by_code = {p.period.code(): p for p in data.months}
    assert by_code["2026-05"].on_time_rate == 0.0
    assert by_code["2026-03"].on_time_rate is None
    assert by_code["2026-03"].received == 0
    assert sum(p.received for p in data.months) == 5  # N is 13 months back
    assert data.by_field == [Slice("Hộ tịch", 5)]


def test_fields_after_the_sixth_are_folded_into_other(ctx, clerk, make_request):
    procs = ["HT-05"] * 3 + ["CT-09"] * 2 + ["BTXH-03", "GD-01", "XD-01", "NCC-01", "NCN-02"]
    procs += ["TDKT-02"]
    for i, proc in enumerate(procs):
        intake.accept(ctx, make_request(proc, datetime(2026, 3, 2 + i % 5, 9)), clerk)
    slices = chart_data(ctx, month(2026, 3)).by_field
    assert [(s.label, s.value) for s in slices] == [
        ("Hộ tịch", 3),
        ("Chứng thực", 2),
        ("Bảo trợ xã hội", 1),
        ("Giáo dục và Đào tạo", 1),
        ("Hoạt động xây dựng", 1),
        ("Người có công", 1),
        ("Other", 2),  # Nuôi con nuôi, Thi đua, khen thưởng
    ]


def test_the_series_match_the_report_rules_month_by_month_on_demo_data(ctx):
    """Against ``domain.report_ii06a.tally`` (the rules II.06a is counted by) for each month."""
    demo.seed_demo(ctx, dossiers=600, seed=7, today=date(2026, 5, 20))
    reports.save_report_settings(ctx, _admin(ctx), reports.ReportSettings(cut_day=15))
    with ctx.db.session(readonly=True) as s:
        facts = [DossierFacts(*row) for row in s.execute(select(*FACT_COLUMNS))]
    data = chart_data(ctx, month(2026, 6, cut_day=15))
    assert sum(p.resolved for p in data.months) > 100
    assert any(f.status == 9 and f.timeliness is None for f in facts)  # judged by the clock
    for point in data.months:
        c = tally(facts, *point.period.bounds())
        assert point.received == c.received_online + c.received_direct, point.period.code()
        assert point.resolved == c.resolved, point.period.code()
        assert point.on_time_rate == (c.on_time_rate if c.resolved else None)
        # and so the same as the report the program prints for that month
        assert reports.ii06a(ctx, point.period).total.counts == c, point.period.code()
    assert sum(s.value for s in data.by_field) == sum(p.received for p in data.months)


def _admin(ctx):
    from motcua_desktop.services import users

    return users.authenticate(ctx, "admin", demo.DEMO_PASSWORD)


@pytest.fixture(scope="module")
def pg_admin_url():
    """A private PostgreSQL cluster (the district tests' helper); fails, never skips, without one."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "district"))
    import district_pg as pg

    if pg.pg_bin_dir() is None:
        pytest.fail(pg.INSTALL_HINT, pytrace=False)
    cluster = pg.PrivateCluster()
    try:
        yield pg, cluster.start()
    finally:
        cluster.stop()


def _fill(ctx, clerk, make_request):
    """Dossiers in three months with every kind of resolution the series tell apart."""
    for day, channel in ((2, Channel.IN_PERSON), (3, Channel.ONLINE), (16, Channel.POSTAL)):
        intake.accept(ctx, make_request("HT-05", datetime(2026, 3, day, 9), channel=channel), clerk)
    for day, finished in ((6, datetime(2026, 4, 8, 9)), (20, datetime(2026, 4, 28, 9))):
        code = intake.accept(ctx, make_request("CT-09", datetime(2026, 4, day, 9)), clerk).code
        lifecycle.finish(ctx, code, clerk, at=finished)


def test_the_same_series_on_postgresql(tmp_path, pg_admin_url, ctx, clerk, profile, make_request):
    from motcua_desktop.services import setup, users
    from motcua_desktop.services.context import open_app

    pg, admin_url = pg_admin_url
    url = pg.create_database(admin_url)
    try:
        other = open_app(tmp_path / "pg", db_url=url)
        try:
            boss = users.create_user(other, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
            setup.save_profile(other, profile, boss)
            pg_clerk = users.create_user(other, "lan", "Lan", "secret-2", "clerk", boss)
            _fill(other, pg_clerk, make_request)
            _fill(ctx, clerk, make_request)
            last = month(2026, 5)
            on_pg, on_sqlite = chart_data(other, last), chart_data(ctx, last)
            assert on_pg == on_sqlite
            assert [(p.received, p.resolved) for p in on_pg.months[-3:]] == [(3, 0), (2, 2), (0, 0)]
            assert [p.on_time_rate for p in on_pg.months[-3:]] == [None, 50.0, None]
        finally:
            other.close()
    finally:
        pg.drop_database(admin_url, url)


def test_overdue_corrective_actions_and_late_inspection_reports_are_counted(ctx, cut15, admin):
    from motcua_desktop.services import nonconformities

    found = date(2026, 3, 2)
    nonconformities.create(
        ctx, admin, description="Sổ theo dõi ghi thiếu", found_on=found, due_on=date(2026, 5, 1)
    )
    nonconformities.create(
        ctx, admin, description="Quy trình chưa cập nhật", found_on=found,
        due_on=date(2026, 9, 1), annual_inspection=True,
    )  # fmt: skip
    board = dashboard(ctx, date(2026, 5, 4))  # the first past due; the report limit is 2 May
    assert (board.overdue_actions, board.reports_overdue) == (1, 1)
    board = dashboard(ctx, date(2026, 4, 30))
    assert (board.overdue_actions, board.reports_overdue) == (0, 0)
