"""The dossier state machine: every status × action, the refusal messages, and the pause arithmetic."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua_desktop.domain.calendar import WorkingCalendar
from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.errors import NotAllowed, ValidationError
from motcua_desktop.domain.lifecycle import (
    ACTION_NAMES,
    EVENT_KIND_NAMES,
    EVENT_KINDS,
    STATUS_NAMES,
    Action,
    allowed_actions,
    check,
    resume_due,
    status_name,
)
from motcua_desktop.i18n import current_language, set_language

A, S = Action, Status

# Written out by hand from the issue, independently of the module's table:
# (status, paused, supplement_count) -> {action: new status}.
EXPECTED: dict[tuple[Status, bool, int], dict[Action, Status]] = {
    (S.REGISTERED, False, 0): {A.WITHDRAW: S.WITHDRAWN},
    (S.ACCEPTED, False, 0): {
        A.START_PROCESSING: S.PROCESSING,
        A.HAND_OVER: S.PROCESSING,
        A.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
        A.AWAIT_PAYMENT: S.AWAITING_PAYMENT,
        A.FINISH: S.FINISHED,
        A.WITHDRAW: S.WITHDRAWN,
        A.STOP: S.STOPPED,
        A.EXTEND: S.ACCEPTED,
    },
    (S.PROCESSING, False, 0): {
        A.HAND_OVER: S.PROCESSING,
        A.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
        A.AWAIT_PAYMENT: S.AWAITING_PAYMENT,
        A.FINISH: S.FINISHED,
        A.WITHDRAW: S.WITHDRAWN,
        A.STOP: S.STOPPED,
        A.EXTEND: S.PROCESSING,
    },
    (S.PROCESSING, False, 1): {
        A.HAND_OVER: S.PROCESSING,
        A.AWAIT_PAYMENT: S.AWAITING_PAYMENT,
        A.FINISH: S.FINISHED,
        A.WITHDRAW: S.WITHDRAWN,
        A.STOP: S.STOPPED,
        A.EXTEND: S.PROCESSING,
    },
    # Sent back at intake: no clock yet; taking the papers in accepts it.
    (S.SUPPLEMENT_REQUESTED, False, 0): {A.RESUBMIT: S.ACCEPTED, A.WITHDRAW: S.WITHDRAWN},
    # Asked during processing: the clock is stopped; resubmission resumes processing.
    (S.SUPPLEMENT_REQUESTED, True, 1): {
        A.RESUBMIT: S.PROCESSING,
        A.WITHDRAW: S.WITHDRAWN,
        A.STOP: S.STOPPED,
    },
    (S.AWAITING_PAYMENT, True, 0): {
        A.PAYMENT_RECEIVED: S.PROCESSING,
        A.WITHDRAW: S.WITHDRAWN,
        A.STOP: S.STOPPED,
    },
    (S.AWAITING_PAYMENT, False, 0): {
        A.PAYMENT_RECEIVED: S.PROCESSING,
        A.WITHDRAW: S.WITHDRAWN,
        A.STOP: S.STOPPED,
        A.EXTEND: S.AWAITING_PAYMENT,
    },
    (S.FINISHED, False, 0): {A.RETURN_RESULT: S.RESULT_RETURNED},
    (S.NOT_ACCEPTED, False, 0): {},
    (S.WITHDRAWN, False, 0): {},
    (S.STOPPED, False, 0): {},
    (S.RESULT_RETURNED, False, 0): {},
}

MATRIX = [
    pytest.param(status, paused, count, action, id=f"{status.name}-{paused}-{count}-{action.value}")
    for (status, paused, count) in EXPECTED
    for action in Action
]


@pytest.fixture(autouse=True)
def _english():
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


def test_every_status_is_covered():
    assert {status for status, _p, _c in EXPECTED} == set(Status)


@pytest.mark.parametrize(("status", "paused", "count", "action"), MATRIX)
def test_status_action_matrix(status, paused, count, action):
    expected = EXPECTED[(status, paused, count)].get(action)
    if expected is None:
        with pytest.raises(NotAllowed) as info:
            check(action, status, paused=paused, supplement_count=count)
        message = info.value.message
        # The reason is fit for a clerk: it names the action, and the state or the rule.
        assert message.startswith("Cannot ")
        assert status_name(status) in message or "supplement" in message or "clock" in message
        assert action not in allowed_actions(status, paused=paused, supplement_count=count)
    else:
        assert check(action, status, paused=paused, supplement_count=count) is expected
        assert action in allowed_actions(status, paused=paused, supplement_count=count)


@pytest.mark.parametrize(("status", "paused", "count"), list(EXPECTED))
def test_allowed_actions_lists_exactly_the_allowed_ones_in_order(status, paused, count):
    wanted = [a for a in Action if a in EXPECTED[(status, paused, count)]]
    assert allowed_actions(status, paused=paused, supplement_count=count) == wanted


def test_refusal_messages_explain_why():
    with pytest.raises(NotAllowed, match="only one supplement request"):
        check(A.REQUEST_SUPPLEMENT, S.PROCESSING, paused=False, supplement_count=1)
    with pytest.raises(NotAllowed, match="clock is stopped"):
        check(A.EXTEND, S.AWAITING_PAYMENT, paused=True, supplement_count=0)
    with pytest.raises(NotAllowed) as info:
        check(A.FINISH, S.RESULT_RETURNED, paused=False, supplement_count=0)
    assert info.value.message == (
        'Cannot finish: the dossier\'s status is "Result returned"; no further step is possible.'
    )
    with pytest.raises(NotAllowed) as info:
        check(A.RETURN_RESULT, S.PROCESSING, paused=False, supplement_count=0)
    assert info.value.message.startswith(
        'Cannot return the result: the dossier\'s status is "Being processed". Possible now: '
    )
    assert "finish" in info.value.message


def test_refusal_is_translated():
    set_language("vi")
    with pytest.raises(NotAllowed) as info:
        check(A.FINISH, S.WITHDRAWN, paused=False, supplement_count=0)
    assert "Cannot" not in info.value.message


def test_every_action_and_status_has_a_name_and_an_event_kind():
    assert set(STATUS_NAMES) == set(Status)
    assert set(ACTION_NAMES) == set(Action)
    assert set(EVENT_KINDS) == set(Action)
    assert set(EVENT_KINDS.values()) <= set(EVENT_KIND_NAMES)
    assert {"received", "refused", "supplement_requested"} <= set(EVENT_KIND_NAMES)


# -- resume_due -------------------------------------------------------------

CAL = WorkingCalendar()


def test_resume_due_worked_example_of_the_docs():
    # docs/deadlines.md section 6: 11 h paused, due moves from 25/02 16:30 to 27/02 09:30.
    new = resume_due(
        datetime(2026, 2, 25, 16, 30), datetime(2026, 2, 24, 16, 0), datetime(2026, 2, 26, 9), CAL
    )
    assert new == datetime(2026, 2, 27, 9, 30)


def test_pause_across_tet_2026_counts_no_holiday():
    # Paused Friday 13/02 15:00 (2 h of the day left), resumed Monday 23/02 08:00 (1 h):
    # Tết 16–20/02 counts nothing, so 3 h move the due time.
    due = datetime(2026, 2, 13, 16, 0)
    new = resume_due(due, datetime(2026, 2, 13, 15, 0), datetime(2026, 2, 23, 8, 0), CAL)
    # 16:00–17:00 on 13/02 (1 h), then Monday 23/02 07:00–09:00 (2 h).
    assert new == datetime(2026, 2, 23, 9, 0)


def test_pause_across_30_4_and_1_5_2026():
    # Paused Wednesday 29/04/2026 16:00, resumed Monday 04/05 07:30: 30/04 and 01/05
    # are holidays, 02–03/05 the weekend; 1 h + 30 min of working time passed.
    due = datetime(2026, 4, 29, 10, 0)
    new = resume_due(due, datetime(2026, 4, 29, 16, 0), datetime(2026, 5, 4, 7, 30), CAL)
    assert new == datetime(2026, 4, 29, 11, 30)
    due2 = datetime(2026, 4, 29, 16, 30)
    assert resume_due(due2, datetime(2026, 4, 29, 16, 0), datetime(2026, 5, 4, 7, 30), CAL) == (
        datetime(2026, 5, 4, 8, 0)
    )


def test_pause_without_working_time_moves_nothing():
    due = datetime(2026, 3, 12, 9, 15)
    assert resume_due(due, datetime(2026, 3, 9, 17, 30), datetime(2026, 3, 10, 6, 45), CAL) == due
    # A pause over a whole holiday weekend also moves nothing.
    assert resume_due(due, datetime(2026, 4, 24, 17, 0), datetime(2026, 4, 28, 7, 0), CAL) == due


def test_resumed_before_paused_is_refused():
    with pytest.raises(ValidationError):
        resume_due(datetime(2026, 3, 12, 9), datetime(2026, 3, 10, 9), datetime(2026, 3, 9, 9), CAL)


# Due times as the calendar makes them: always on working time.
def _due(cal: WorkingCalendar, start: datetime, minutes: int) -> datetime:
    return cal.add_working_time(start, timedelta(minutes=minutes))


moments = st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2027, 1, 31)).map(
    lambda t: t.replace(second=0, microsecond=0)
)
minutes = st.integers(0, 60 * 8 * 20)


def _on_working_time(cal: WorkingCalendar, t: datetime) -> bool:
    h = cal.hours
    return cal.is_working_day(t.date()) and (
        cal.is_open(t) or t.time() in (h.morning_end, h.afternoon_end)
    )


@settings(max_examples=300, deadline=None)
@given(start=moments, work=minutes, paused_at=moments, pause=minutes)
def test_resume_due_never_lands_on_a_day_off(start, work, paused_at, pause):
    due = _due(CAL, start, work + 1)
    resumed = paused_at + timedelta(minutes=pause * 3)
    new = resume_due(due, paused_at, resumed, CAL)
    assert CAL.is_working_day(new.date())
    assert _on_working_time(CAL, new)
    assert new >= due


@settings(max_examples=300, deadline=None)
@given(start=moments, work=minutes, paused_at=moments, a=minutes, b=minutes)
def test_resume_due_is_monotonic_in_the_resumption(start, work, paused_at, a, b):
    due = _due(CAL, start, work + 1)
    first, second = sorted((a, b))
    early = resume_due(due, paused_at, paused_at + timedelta(minutes=first * 2), CAL)
    late = resume_due(due, paused_at, paused_at + timedelta(minutes=second * 2), CAL)
    assert early <= late


holiday_pauses = st.sampled_from(
    [
        # Tết 2026 (16–20/02) and the 30/4–1/5 holidays of 2026.
        (date(2026, 2, 12), date(2026, 2, 24)),
        (date(2026, 4, 28), date(2026, 5, 5)),
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    span=holiday_pauses,
    t1=st.integers(0, 24 * 60 - 1),
    t2=st.integers(0, 24 * 60 - 1),
    work=minutes,
)
def test_pause_spanning_holidays_moves_the_due_by_the_working_time_only(span, t1, t2, work):
    paused_at = datetime.combine(span[0], time()) + timedelta(minutes=t1)
    resumed = datetime.combine(span[1], time()) + timedelta(minutes=t2)
    due = _due(CAL, paused_at, work + 1)
    new = resume_due(due, paused_at, resumed, CAL)
    paused_work = CAL.working_time_between(paused_at, resumed)
    # Never more working time than the pause; the holiday days themselves count nothing.
    assert CAL.working_time_between(due, new) == paused_work
    days = [span[0] + timedelta(days=i) for i in range((span[1] - span[0]).days + 1)]
    working_days = [d for d in days if CAL.is_working_day(d)]
    assert paused_work <= timedelta(hours=8) * len(working_days)
    assert _on_working_time(CAL, new)
