"""The register's rules: overdue actions, the two-month reporting limit, numbers, status moves."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.domain.nonconformity import (
    STATUSES,
    NonconformityView,
    TransitionNotAllowed,
    add_months,
    check_transition,
    format_number,
    is_overdue,
    is_report_overdue,
    parse_number,
    report_due,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


def nc(**kw) -> NonconformityView:
    base = dict(id="x", number="NC-2026-001", source="manual", found_on=date(2026, 3, 1),
                severity="minor", description="d")  # fmt: skip
    return NonconformityView(**{**base, **kw})


@given(due=days, offset=st.integers(-3, 3), status=st.sampled_from(STATUSES))
def test_overdue_exactly_after_the_due_day_unless_verified(due, offset, status):
    today = due + timedelta(days=offset)
    assert is_overdue(nc(due_on=due, status=status), today) == (offset > 0 and status != "verified")


@given(today=days, status=st.sampled_from(STATUSES))
def test_no_due_date_is_never_overdue(today, status):
    assert not is_overdue(nc(due_on=None, status=status), today)


@given(found=days)
def test_report_due_is_two_calendar_months_clamped(found):
    due = report_due(found)
    months = (due.year - found.year) * 12 + due.month - found.month
    assert months == 2
    last = calendar.monthrange(due.year, due.month)[1]
    assert due.day == min(found.day, last)


@pytest.mark.parametrize(
    ("found", "due"),
    [
        (date(2025, 12, 31), date(2026, 2, 28)),
        (date(2027, 12, 31), date(2028, 2, 29)),
        (date(2026, 7, 31), date(2026, 9, 30)),
        (date(2026, 11, 15), date(2027, 1, 15)),
        (date(2026, 1, 1), date(2026, 3, 1)),
    ],
)
def test_report_due_examples(found, due):
    assert report_due(found) == due


@given(found=days, offset=st.integers(-3, 3), reported=st.booleans())
def test_report_overdue_after_the_limit_until_reported(found, offset, reported):
    limit = report_due(found)
    today = limit + timedelta(days=offset)
    item = nc(found_on=found, report_due_on=limit, reported_on=today if reported else None)
    assert is_report_overdue(item, today) == (offset > 0 and not reported)
    assert not is_report_overdue(nc(found_on=found), today)  # no limit: not an inspection finding


@given(day=days, months=st.integers(-30, 30))
def test_add_months_round_trip_on_early_days(day, months):
    early = day.replace(day=min(day.day, 28))
    assert add_months(add_months(early, months), -months) == early


@given(year=st.integers(2000, 2099), serial=st.integers(1, 5000))
def test_numbers_round_trip(year, serial):
    text = format_number(year, serial)
    assert text.startswith(f"NC-{year}-") and parse_number(text) == (year, serial)


def test_number_shape():
    assert format_number(2026, 3) == "NC-2026-003"
    assert parse_number("NC-26-003") is None and parse_number("") is None


@pytest.mark.parametrize(
    ("current", "target", "ok"),
    [
        ("open", "action_done", True),
        ("open", "verified", False),
        ("open", "reopened", False),
        ("action_done", "verified", True),
        ("action_done", "reopened", True),
        ("reopened", "action_done", True),
        ("reopened", "verified", False),
        ("verified", "reopened", False),
        ("verified", "action_done", False),
    ],
)
def test_transitions(current, target, ok):
    if ok:
        check_transition(current, target)
    else:
        with pytest.raises(TransitionNotAllowed) as err:
            check_transition(current, target)
        assert err.value.field == "status"
