"""Properties of the working-day calendar that must hold for any receipt time and procedure."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua_desktop.domain.calendar import WorkingCalendar, classify_return
from motcua_desktop.domain.dossier import Timeliness
from motcua_desktop.domain.procedures import ProcessingTime, TimeUnit
from motcua_desktop.domain.profile import WorkingHours

# Shared across examples: the per-year holiday cache is what makes this cheap.
DEFAULT = WorkingCalendar()
LOCAL = WorkingCalendar(
    WorkingHours(time(7, 30), time(11, 30), time(13, 0), time(16, 30)),
    extra_days_off=[date(2025, 4, 26), date(2026, 3, 10), date(2026, 12, 31)],
    extra_working_days=[date(2025, 5, 2), date(2026, 3, 14), date(2026, 11, 24)],
)
CALENDARS = st.sampled_from([DEFAULT, LOCAL])

# Minute resolution, 2025–2027: covers both swaps, 24/11 appearing, and year ends.
moments = st.datetimes(
    min_value=datetime(2024, 12, 20), max_value=datetime(2027, 12, 31, 23, 59)
).map(lambda t: t.replace(second=0, microsecond=0))

cutoffs = st.one_of(st.none(), st.sampled_from([time(11, 0), time(12, 0), time(15, 0)]))

processing_times = st.one_of(
    st.builds(ProcessingTime, st.just(TimeUnit.WORKING_DAYS), st.integers(0, 30), cutoffs),
    st.builds(ProcessingTime, st.just(TimeUnit.WORKING_HOURS), st.integers(0, 80), cutoffs),
    st.builds(ProcessingTime, st.just(TimeUnit.SAME_DAY), st.just(0), cutoffs),
)

durations = st.integers(0, 60 * 8 * 25).map(lambda m: timedelta(minutes=m))


def within_working_hours(cal: WorkingCalendar, t: datetime) -> bool:
    """Inside a session of a working day, session ends included (closing time is a due time)."""
    h = cal.hours
    clock = t.time()
    return cal.is_working_day(t.date()) and (
        h.morning_start <= clock <= h.morning_end or h.afternoon_start <= clock <= h.afternoon_end
    )


@settings(max_examples=400)
@given(CALENDARS, moments, processing_times)
def test_due_is_on_a_working_day_within_hours(
    cal: WorkingCalendar, received: datetime, p: ProcessingTime
) -> None:
    due = cal.due_at(received, p)
    assert within_working_hours(cal, due)
    assert due >= received


@settings(max_examples=400)
@given(CALENDARS, moments, st.integers(0, 60 * 24 * 4), processing_times)
def test_later_receipt_never_gives_earlier_due(
    cal: WorkingCalendar, received: datetime, later_by: int, p: ProcessingTime
) -> None:
    later = received + timedelta(minutes=later_by)
    assert cal.due_at(later, p) >= cal.due_at(received, p)


@settings(max_examples=300)
@given(CALENDARS, moments)
def test_normalised_start_is_open_and_not_earlier(cal: WorkingCalendar, t: datetime) -> None:
    start = cal.normalise_start(t)
    assert start >= t
    assert cal.is_open(start)
    # Nothing of working time is skipped on the way.
    assert cal.working_time_between(t, start) == timedelta(0)


@settings(max_examples=300)
@given(CALENDARS, moments, durations)
def test_add_then_measure_gives_back_the_delta(
    cal: WorkingCalendar, start: datetime, delta: timedelta
) -> None:
    end = cal.add_working_time(start, delta)
    assert end >= start
    assert cal.working_time_between(start, end) == delta
    if delta > timedelta(0):
        # From the normalised start too: time before it is no working time.
        assert cal.working_time_between(cal.normalise_start(start), end) == delta
        assert within_working_hours(cal, end)


@settings(max_examples=300)
@given(CALENDARS, moments, durations, durations)
def test_working_time_adds_up(
    cal: WorkingCalendar, start: datetime, d1: timedelta, d2: timedelta
) -> None:
    # A due date moved twice (two pauses) lands where one move by the sum lands,
    # even when the first move stops on a session end.
    once = cal.add_working_time(start, d1 + d2)
    twice = cal.add_working_time(cal.add_working_time(start, d1), d2)
    assert twice == once


@settings(max_examples=300)
@given(moments, moments, st.integers(0, 60 * 24 * 3))
def test_classify_return_is_monotonic(due: datetime, returned: datetime, later_by: int) -> None:
    order = {Timeliness.EARLY: 0, Timeliness.ON_TIME: 1, Timeliness.LATE: 2}
    later = returned + timedelta(minutes=later_by)
    assert order[classify_return(later, due)] >= order[classify_return(returned, due)]
    # And it agrees with the plain comparison at both ends.
    if returned > due:
        assert classify_return(returned, due) is Timeliness.LATE
    if returned.date() < due.date():
        assert classify_return(returned, due) is Timeliness.EARLY


@settings(max_examples=300)
@given(CALENDARS, moments, st.integers(0, 60 * 24 * 20))
def test_measure_then_add_does_not_overshoot(
    cal: WorkingCalendar, a: datetime, later_by: int
) -> None:
    b = a + timedelta(minutes=later_by)
    reached = cal.add_working_time(a, cal.working_time_between(a, b))
    assert reached <= b
    # The end of a session and the start of the next are the same point in
    # working time (11:30 and 13:30), so compare by the working time between.
    assert cal.working_time_between(reached, b) == timedelta(0)
