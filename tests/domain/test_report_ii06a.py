"""Report II.06a arithmetic: classification rules and the balance equations on random dossiers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua_desktop.domain.dossier import Channel, Status
from motcua_desktop.domain.report_ii06a import (
    DossierFacts,
    II06aCounts,
    II06aRow,
    Intake,
    Outcome,
    classify,
    period_bounds,
    tally,
    total_row,
)

START, END = period_bounds(date(2026, 3, 1), date(2026, 3, 31))


def facts(**kw) -> DossierFacts:
    base = dict(
        status=Status.PROCESSING,
        channel=Channel.IN_PERSON,
        received_at=datetime(2026, 3, 10, 9, 0),
        due_at=datetime(2026, 3, 17, 9, 0),
    )
    base.update(kw)
    return DossierFacts(**base)


def test_period_is_half_open_over_whole_days():
    assert datetime(2026, 3, 1) == START
    assert datetime(2026, 4, 1) == END


def test_received_online_and_pending_within_deadline():
    c = classify(facts(channel=Channel.ONLINE, due_at=datetime(2026, 4, 2, 9)), START, END)
    assert c.intake is Intake.ONLINE and c.outcome is Outcome.PENDING_WITHIN


def test_postal_counts_with_in_person_and_overdue_when_due_passed():
    c = classify(facts(channel=Channel.POSTAL, due_at=datetime(2026, 3, 31, 17)), START, END)
    assert c.intake is Intake.DIRECT and c.outcome is Outcome.PENDING_OVERDUE


def test_carried_over_and_resolved_by_stored_timeliness():
    d = facts(
        status=Status.RESULT_RETURNED,
        received_at=datetime(2026, 2, 20, 9),
        finished_at=datetime(2026, 3, 2, 10),
        returned_at=datetime(2026, 3, 3, 10),
        timeliness="late",
    )
    c = classify(d, START, END)
    assert c.intake is Intake.CARRIED_OVER and c.outcome is Outcome.LATE


def test_finished_not_returned_is_judged_against_due_time():
    early = facts(status=Status.FINISHED, finished_at=datetime(2026, 3, 12, 10))
    late = facts(status=Status.FINISHED, finished_at=datetime(2026, 3, 17, 9, 1))
    assert classify(early, START, END).outcome is Outcome.EARLY
    assert classify(late, START, END).outcome is Outcome.LATE


def test_resolved_before_period_or_received_after_is_not_counted():
    before = facts(
        status=Status.FINISHED,
        received_at=datetime(2026, 2, 1, 9),
        finished_at=datetime(2026, 2, 27, 9),
    )
    after = facts(received_at=datetime(2026, 4, 1, 0, 0))
    assert classify(before, START, END) is None
    assert classify(after, START, END) is None


def test_refused_withdrawn_and_intake_supplement_are_not_counted():
    for status in (Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.STOPPED, Status.REGISTERED):
        assert classify(facts(status=status), START, END) is None
    assert classify(facts(status=Status.SUPPLEMENT_REQUESTED, due_at=None), START, END) is None


def test_resolved_after_period_end_is_pending_at_the_end():
    d = facts(status=Status.FINISHED, finished_at=datetime(2026, 4, 3, 9))
    assert classify(d, START, END).outcome is Outcome.PENDING_OVERDUE


def test_rates_match_the_seed_article():
    c = II06aCounts(resolved=18738, early=2899, on_time=14904, late=935)
    assert c.on_time_rate == round(100 * (2899 + 14904) / 18738, 2)
    assert round(100 * 2899 / 18738, 2) == 15.47
    assert II06aCounts().on_time_rate == 100.0


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 6, 30))
dossier_facts = st.builds(
    DossierFacts,
    status=st.sampled_from(list(Status)),
    channel=st.sampled_from(list(Channel)),
    received_at=moments,
    due_at=st.none() | moments,
    finished_at=st.none() | moments,
    returned_at=st.none() | moments,
    timeliness=st.sampled_from([None, "early", "on_time", "late", "garbage"]),
)


@settings(max_examples=300, deadline=None)
@given(
    groups=st.lists(st.lists(dossier_facts, max_size=30), min_size=1, max_size=4),
    first=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 6, 30)),
    days=st.integers(min_value=0, max_value=90),
)
def test_columns_balance_for_random_dossiers(groups, first, days):
    start, end = period_bounds(first, first + timedelta(days=days))
    rows = [II06aRow(n, f"x{n}", tally(g, start, end)) for n, g in enumerate(groups, 1)]
    total = total_row(rows, "Total")
    for row in [*rows, total]:
        c = row.counts
        assert c.balanced()
        assert c.received == c.received_online + c.received_direct + c.carried_over
        assert c.resolved == c.early + c.on_time + c.late
        assert c.pending == c.pending_within + c.pending_overdue
        assert c.received == c.resolved + c.pending
    assert total.counts.received == sum(r.counts.received for r in rows)
    # A dossier received in the period is counted exactly once.
    received_in = sum(
        1
        for g in groups
        for d in g
        if start <= d.received_at < end and classify(d, start, end) is not None
    )
    assert total.counts.received_online + total.counts.received_direct == received_in
