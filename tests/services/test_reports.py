"""Report II.06a in SQL against the domain's arithmetic, on a real SQLite file."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from motcua_desktop.domain.dossier import Channel, Status
from motcua_desktop.domain.errors import NotAllowed, ValidationError
from motcua_desktop.domain.periods import date_range, month
from motcua_desktop.domain.report_ii06a import DossierFacts, tally
from motcua_desktop.domain.report_models import GroupBy
from motcua_desktop.services import reports
from motcua_desktop.services.context import open_app
from motcua_desktop.store.models import Dossier

PERIOD = month(2026, 3)
START, END = PERIOD.bounds()
FIELDS = ["Hộ tịch", "Chứng thực", "", "Đất đai"]
PROCS = [
    ("HT-01", "Đăng ký khai sinh"),
    ("HT-05", "Đăng ký kết hôn"),
    ("CT-02", "Chứng thực bản sao"),
]


def insert(ctx, rows: list[dict]) -> None:
    with ctx.db.session() as s:
        s.execute(delete(Dossier))
    with ctx.db.session() as s:
        for n, r in enumerate(rows):
            code, name = r.pop("proc", PROCS[0])
            s.add(
                Dossier(
                    code=f"T-{n:05d}",
                    search_id=n + 1,
                    agency_code="000.31.25.H56",
                    procedure_code=code,
                    procedure_name=name,
                    applicant_name="Nguyễn Văn A",
                    processing_unit="day",
                    **r,
                )
            )


def dossier(**kw) -> dict:
    base = dict(
        status=int(Status.PROCESSING),
        channel=int(Channel.IN_PERSON),
        field_name="Hộ tịch",
        received_at=datetime(2026, 3, 10, 9),
        due_at=datetime(2026, 3, 17, 9),
    )
    base.update(kw)
    return base


# Moments clustered around the period's edges, with odd seconds and microseconds.
EDGES = [START, END, START - timedelta(days=20), END + timedelta(days=20)]
moment = st.builds(
    lambda edge, minutes, seconds, micro: (
        edge + timedelta(minutes=minutes, seconds=seconds, microseconds=micro)
    ),
    st.sampled_from(EDGES),
    st.sampled_from([-1441, -1, 0, 1, 600, 1020]) | st.integers(-3 * 1440, 3 * 1440),
    st.sampled_from([0, 1, 59]),
    st.sampled_from([0, 999_999]),
)
# Offsets of a finish or return from the due moment: the day before, the same
# day earlier, the same minute, the next minute, the next day.
# Every status, resolved ones more often (their timing is where the rules are subtle).
STATUSES = [int(s) for s in Status] + [int(Status.FINISHED)] * 3 + [int(Status.RESULT_RETURNED)]
NEAR_DUE = [-1440, -60, -0.5, 0, 0.5, 1, 1440]


@st.composite
def facts(draw):
    due = draw(st.none() | moment)
    near = st.sampled_from(NEAR_DUE).map(lambda m: due + timedelta(minutes=m))
    when = near | st.none() | moment if due is not None else st.none() | moment
    return {
        "status": draw(st.sampled_from(STATUSES)),
        "channel": draw(st.sampled_from([int(c) for c in Channel])),
        "field_name": draw(st.sampled_from(FIELDS)),
        "proc": draw(st.sampled_from(PROCS)),
        "received_at": draw(moment),
        "due_at": due,
        "finished_at": draw(when),
        "returned_at": draw(when),
        "timeliness": draw(st.sampled_from([None, None, "early", "on_time", "late", "bogus"])),
    }


@pytest.fixture(scope="module")
def shared_ctx(tmp_path_factory):
    app = open_app(tmp_path_factory.mktemp("reports") / "data")
    yield app
    app.close()


def _facts(r: dict) -> DossierFacts:
    return DossierFacts(
        r["status"], r["channel"], r["received_at"], r["due_at"],
        r["finished_at"], r["returned_at"], r["timeliness"],
    )  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(facts(), max_size=40))
def test_sql_report_equals_domain_tally(shared_ctx, rows):
    expected_total = tally([_facts(r) for r in rows], START, END)
    by_field = {}
    for r in rows:
        by_field.setdefault(r["field_name"], []).append(_facts(r))
    by_proc = {}
    for r in rows:
        by_proc.setdefault((r["field_name"], r["proc"][0]), []).append(_facts(r))
    insert(shared_ctx, [dict(r) for r in rows])

    report = reports.ii06a(shared_ctx, PERIOD, GroupBy.PROCEDURE)

    assert report.total.counts == expected_total
    assert report.balanced()
    for line in report.lines:
        assert line.row.counts == tally(by_field[line.row.key], START, END)
        for child in line.children:
            assert child.row.counts == tally(by_proc[(line.row.key, child.row.key)], START, END)
    by_field_report = reports.ii06a(shared_ctx, PERIOD, GroupBy.FIELD)
    assert by_field_report.total.counts == expected_total
    assert [ln.row.counts for ln in by_field_report.lines] == [ln.row.counts for ln in report.lines]


def test_fields_numbered_and_sorted_with_procedures_below(ctx):
    insert(
        ctx,
        [
            dossier(field_name="Hộ tịch", proc=PROCS[1]),
            dossier(field_name="Hộ tịch", proc=PROCS[0], channel=int(Channel.ONLINE)),
            dossier(field_name="Chứng thực", proc=PROCS[2]),
            dossier(field_name="", proc=PROCS[2]),
            # Resolved before March: not in the report at all.
            dossier(
                field_name="Đất đai",
                status=int(Status.RESULT_RETURNED),
                received_at=datetime(2026, 1, 5, 8),
                returned_at=datetime(2026, 2, 1, 8),
                timeliness="on_time",
            ),
        ],
    )
    report = reports.ii06a(ctx, PERIOD, GroupBy.PROCEDURE, now=datetime(2026, 4, 2, 8))
    labels = [(ln.row.number, ln.row.label, ln.level) for ln in report.flat()]
    assert labels == [
        (1, "Chứng thực", 0),
        (None, "CT-02 – Chứng thực bản sao", 1),
        (2, "Hộ tịch", 0),
        (None, "HT-01 – Đăng ký khai sinh", 1),
        (None, "HT-05 – Đăng ký kết hôn", 1),
        (3, "(no field)", 0),
        (None, "CT-02 – Chứng thực bản sao", 1),
    ]
    assert report.total.label == "Total"
    assert report.total.counts.received == 4
    assert report.total.counts.received_online == 1
    assert report.generated_at == datetime(2026, 4, 2, 8)
    data = report.as_dict()
    assert data["lines"][1]["children"][0]["received_online"] == 1
    assert data["total"]["online_rate"] == 25.0


def test_a_finished_dossier_is_judged_by_the_clock(ctx):
    due = datetime(2026, 3, 17, 9, 0)
    insert(
        ctx,
        [
            dossier(status=int(Status.FINISHED), due_at=due, finished_at=datetime(2026, 3, 16, 23)),
            dossier(status=int(Status.FINISHED), due_at=due, finished_at=datetime(2026, 3, 17, 8)),
            dossier(status=int(Status.FINISHED), due_at=due, finished_at=due.replace(second=59)),
            dossier(status=int(Status.FINISHED), due_at=due, finished_at=due.replace(minute=1)),
        ],
    )
    counts = reports.ii06a(ctx, PERIOD).total.counts
    assert (counts.early, counts.on_time, counts.late) == (1, 2, 1)


def test_period_edges_are_half_open(ctx):
    returned = dict(status=int(Status.RESULT_RETURNED), timeliness="on_time")
    insert(
        ctx,
        [
            # Returned a microsecond before the start: resolved before, not carried over.
            dossier(
                received_at=datetime(2026, 2, 20),
                returned_at=START - timedelta(microseconds=1),
                **returned,
            ),
            # Returned exactly at the start: carried over and resolved in March.
            dossier(received_at=datetime(2026, 2, 20), returned_at=START, **returned),
            # Returned exactly at the end: still pending at the period's end, due at the end.
            dossier(received_at=datetime(2026, 3, 2), returned_at=END, due_at=END, **returned),
            # Received exactly at the end: next period's.
            dossier(received_at=END),
        ],
    )
    c = reports.ii06a(ctx, PERIOD).total.counts
    assert (c.received, c.carried_over, c.resolved, c.pending_within) == (2, 1, 1, 1)


def test_commune_grouping_is_only_for_the_district(ctx):
    with pytest.raises(NotAllowed, match="district"):
        reports.ii06a(ctx, PERIOD, GroupBy.COMMUNE)


def test_settings_round_trip_and_header_from_profile(ctx, clerk, admin):
    assert reports.report_settings(ctx) == reports.ReportSettings()
    with pytest.raises(NotAllowed):
        reports.save_report_settings(ctx, clerk, reports.ReportSettings(cut_day=15))
    with pytest.raises(ValidationError) as bad:
        reports.save_report_settings(ctx, admin, reports.ReportSettings(cut_day=10))
    assert bad.value.field == "cut_day"
    with pytest.raises(ValidationError):
        reports.save_report_settings(ctx, admin, reports.ReportSettings(stale_days=0))
    saved = reports.ReportSettings(
        cut_day=15,
        receiving_unit=" UBND huyện Phú Tân ",
        preparer="Nguyễn Thị Ngọc Lan",
        signer_title="CHỦ TỊCH",
        signer_name="Lê Văn Hùng",
        stale_days=30,
    )
    reports.save_report_settings(ctx, admin, saved)
    assert reports.report_settings(ctx).receiving_unit == "UBND huyện Phú Tân"
    assert reports.report_settings(ctx).cut_day == 15
    header = reports.report_header(ctx, date(2026, 4, 2))
    assert header.reporting_unit == "ỦY BAN NHÂN DÂN XÃ AN PHÚ"
    assert header.place == "An Phú"
    assert header.preparer == "Nguyễn Thị Ngọc Lan"
    assert (header.signer_title, header.signer_name) == ("CHỦ TỊCH", "Lê Văn Hùng")
    assert header.made_on == date(2026, 4, 2)


def test_empty_period_has_a_zero_total_and_full_on_time_rate(ctx):
    report = reports.ii06a(ctx, date_range(date(2030, 1, 1), date(2030, 1, 31)))
    assert report.lines == []
    assert report.total.counts.received == 0
    assert report.total.counts.on_time_rate == 100.0


def test_the_worked_example_of_docs_reports_md(ctx):
    """The table in docs/reports.md, "A worked example", gives the columns printed there."""
    ret, fin = int(Status.RESULT_RETURNED), int(Status.FINISHED)
    proc = int(Status.PROCESSING)
    online, postal = int(Channel.ONLINE), int(Channel.POSTAL)
    t = datetime
    insert(
        ctx,
        [
            dossier(status=ret, received_at=t(2026, 2, 20, 9), due_at=t(2026, 3, 5, 17),
                    returned_at=t(2026, 3, 4, 10), timeliness="early"),  # A
            dossier(status=ret, received_at=t(2026, 2, 25, 9), due_at=t(2026, 2, 27, 17),
                    returned_at=t(2026, 2, 27, 10), timeliness="on_time"),  # B
            dossier(status=ret, channel=online, received_at=t(2026, 3, 2, 8),
                    due_at=t(2026, 3, 6, 17), returned_at=t(2026, 3, 6, 16),
                    timeliness="on_time"),  # C
            dossier(status=fin, received_at=t(2026, 3, 10, 9), due_at=t(2026, 3, 13, 17),
                    finished_at=t(2026, 3, 16, 9)),  # D
            dossier(status=proc, channel=postal, received_at=t(2026, 3, 27, 9),
                    due_at=t(2026, 4, 2, 17)),  # E
            dossier(status=proc, received_at=t(2026, 3, 15, 9), due_at=t(2026, 3, 20, 17)),  # F
            dossier(status=int(Status.WITHDRAWN), received_at=t(2026, 3, 12, 9)),  # G
            dossier(status=proc, received_at=t(2026, 2, 28, 9), due_at=t(2026, 3, 3, 17)),  # H
        ],
    )  # fmt: skip
    c = reports.ii06a(ctx, PERIOD).total.counts
    assert c.columns() == [6, 1, 3, 2, 3, 1, 1, 1, 3, 1, 2]
    assert (c.on_time_rate, c.late_rate, c.completion_rate, c.online_rate) == (
        66.67, 33.33, 50.0, 25.0,
    )  # fmt: skip


def test_a_running_period_judges_pending_dossiers_as_of_now(ctx):
    insert(
        ctx,
        [
            dossier(due_at=datetime(2026, 3, 20, 9)),  # still in time on the 15th
            dossier(due_at=datetime(2026, 3, 12, 9)),  # already late on the 15th
        ],
    )
    running = reports.ii06a(ctx, PERIOD, now=datetime(2026, 3, 15, 10)).total.counts
    assert (running.pending_within, running.pending_overdue) == (1, 1)
    ended = reports.ii06a(ctx, PERIOD, now=datetime(2026, 4, 2, 8)).total.counts
    assert (ended.pending_within, ended.pending_overdue) == (0, 2)  # judged at the month's end
