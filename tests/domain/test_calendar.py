"""Worked examples of the working-day calendar: holidays, swaps, overrides and due times.

Default desk hours throughout unless said otherwise: 07:00–11:30 and 13:30–17:00.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from motcua_desktop.domain.calendar import (
    WorkingCalendar,
    classify_return,
    processing_text,
    validate_working_hours,
)
from motcua_desktop.domain.dossier import Timeliness
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.procedures import ProcessingTime, TimeUnit
from motcua_desktop.domain.profile import WorkingHours


def days(n: int, cutoff: time | None = None) -> ProcessingTime:
    return ProcessingTime(TimeUnit.WORKING_DAYS, n, cutoff)


def hours(n: int) -> ProcessingTime:
    return ProcessingTime(TimeUnit.WORKING_HOURS, n)


SAME_DAY = ProcessingTime(TimeUnit.SAME_DAY)


@pytest.fixture
def cal() -> WorkingCalendar:
    return WorkingCalendar()


# -- which days are worked ------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before Tết
        (date(2026, 2, 16), False),  # Tết 2026: Mon 16 … Fri 20 February
        (date(2026, 2, 18), False),
        (date(2026, 2, 20), False),
        (date(2026, 2, 23), True),  # first day back
        (date(2026, 4, 26), False),  # Hùng Kings on a Sunday …
        (date(2026, 4, 27), False),  # … made up on Monday
        (date(2026, 4, 28), True),
        (date(2026, 4, 30), False),  # Thursday
        (date(2026, 5, 1), False),  # Friday
        (date(2025, 9, 1), False),  # 2025: Mon 1 and Tue 2 September
        (date(2025, 9, 2), False),
        (date(2025, 9, 3), True),
        (date(2026, 8, 22), True),  # 2026: Saturday 22/08 worked …
        (date(2026, 8, 31), False),  # … in exchange for Monday 31/08
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 9, 3), True),
        (date(2026, 11, 24), False),  # Vietnam Culture Day, from 2026
        (date(2025, 11, 24), True),  # a plain Monday in 2025
        (date(2025, 4, 26), True),  # 2025: Saturday 26/04 worked …
        (date(2025, 5, 2), False),  # … in exchange for Friday 02/05
        (date(2025, 4, 19), False),  # an ordinary Saturday
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), True),
        (date(2025, 12, 31), True),
    ],
)
def test_is_working_day(cal: WorkingCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_next_working_day_is_strictly_after(cal: WorkingCalendar) -> None:
    assert cal.next_working_day(date(2026, 2, 12)) == date(2026, 2, 13)
    # Fri 13/02 → weekend, Tết 16–20, weekend → Mon 23/02.
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    # Year boundary: 1/1/2026 (Thursday) is off.
    assert cal.next_working_day(date(2025, 12, 31)) == date(2026, 1, 2)
    # From a Friday in April 2025 to the swapped Saturday.
    assert cal.next_working_day(date(2025, 4, 25)) == date(2025, 4, 26)


def test_local_day_off_overrides_package() -> None:
    cal = WorkingCalendar(extra_days_off=[date(2026, 3, 10), date(2025, 4, 26)])
    assert not cal.is_working_day(date(2026, 3, 10))  # an ordinary Tuesday made local holiday
    assert not cal.is_working_day(date(2025, 4, 26))  # the package's worked Saturday, cancelled
    # Mon 09/03 10:00 + 1 working day skips the local Tuesday off → Wed 11/03 10:00.
    assert cal.due_at(datetime(2026, 3, 9, 10, 0), days(1)) == datetime(2026, 3, 11, 10, 0)


def test_local_working_day_overrides_package() -> None:
    cal = WorkingCalendar(extra_working_days=[date(2025, 5, 2), date(2026, 3, 14)])
    assert cal.is_working_day(date(2025, 5, 2))  # the package's day off, worked locally
    assert cal.is_working_day(date(2026, 3, 14))  # an ordinary Saturday worked locally
    # Tue 29/04/2025 10:00 + 1 working day: 30/04 and 01/05 off, Fri 02/05 worked here.
    assert cal.due_at(datetime(2025, 4, 29, 10, 0), days(1)) == datetime(2025, 5, 2, 10, 0)
    # Fri 13/03/2026 16:00 + 1 working day → Saturday 14/03 16:00.
    assert cal.due_at(datetime(2026, 3, 13, 16, 0), days(1)) == datetime(2026, 3, 14, 16, 0)


def test_a_day_cannot_be_both_off_and_working() -> None:
    with pytest.raises(ValidationError):
        WorkingCalendar(extra_days_off=[date(2026, 3, 10)], extra_working_days=[date(2026, 3, 10)])


def test_override_must_be_a_date() -> None:
    with pytest.raises(ValidationError):
        WorkingCalendar(extra_days_off=["2026-03-10"])  # type: ignore[list-item]


def test_upcoming_days_off_names_holidays(cal: WorkingCalendar) -> None:
    got = cal.upcoming_days_off(date(2026, 4, 20), date(2026, 5, 5), language="en")
    assert [d for d, _name in got] == [
        date(2026, 4, 26),  # named holiday on a Sunday is listed so the clerk sees why
        date(2026, 4, 27),
        date(2026, 4, 30),
        date(2026, 5, 1),
    ]
    assert "Hung Kings" in got[0][1]
    assert "observed" in got[1][1]
    vi = dict(cal.upcoming_days_off(date(2026, 11, 1), date(2026, 11, 30), language="vi"))
    assert vi == {date(2026, 11, 24): "Ngày Văn hóa Việt Nam"}


def test_upcoming_days_off_lists_local_days_with_their_names() -> None:
    cal = WorkingCalendar(extra_days_off={date(2026, 3, 10): "Lễ hội làng"})
    got = cal.upcoming_days_off(date(2026, 3, 1), date(2026, 3, 31), language="vi")
    assert got == [(date(2026, 3, 10), "Lễ hội làng")]
    unnamed = WorkingCalendar(extra_days_off=[date(2026, 3, 10)])
    assert unnamed.upcoming_days_off(date(2026, 3, 10), date(2026, 3, 10), language="en") == [
        (date(2026, 3, 10), "Local day off")
    ]


def test_upcoming_weekend_workdays(cal: WorkingCalendar) -> None:
    got = cal.upcoming_weekend_workdays(date(2026, 1, 1), date(2026, 12, 31))
    assert [d for d, _name in got] == [date(2026, 8, 22)]
    got_2025 = cal.upcoming_weekend_workdays(date(2025, 1, 1), date(2025, 12, 31))
    assert [d for d, _name in got_2025] == [date(2025, 4, 26)]


# -- when the clock starts ------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "start"),
    [
        # Mon 09/03/2026 is an ordinary working day.
        (datetime(2026, 3, 9, 9, 15), datetime(2026, 3, 9, 9, 15)),  # in the morning session
        (datetime(2026, 3, 9, 7, 0), datetime(2026, 3, 9, 7, 0)),  # exactly at opening
        (datetime(2026, 3, 9, 6, 10), datetime(2026, 3, 9, 7, 0)),  # before opening
        (datetime(2026, 3, 9, 11, 30), datetime(2026, 3, 9, 13, 30)),  # 11:30 is lunch
        (datetime(2026, 3, 9, 12, 15), datetime(2026, 3, 9, 13, 30)),  # lunch
        (datetime(2026, 3, 9, 16, 59), datetime(2026, 3, 9, 16, 59)),
        (datetime(2026, 3, 9, 17, 0), datetime(2026, 3, 10, 7, 0)),  # 17:00 is after closing
        (datetime(2026, 3, 9, 21, 0), datetime(2026, 3, 10, 7, 0)),
        (datetime(2026, 3, 7, 9, 0), datetime(2026, 3, 9, 7, 0)),  # Saturday → Monday
        (datetime(2026, 2, 13, 17, 30), datetime(2026, 2, 23, 7, 0)),  # Friday evening before Tết
        (datetime(2025, 12, 31, 17, 5), datetime(2026, 1, 2, 7, 0)),  # New Year's Eve evening
    ],
)
def test_normalise_start(cal: WorkingCalendar, received: datetime, start: datetime) -> None:
    assert cal.normalise_start(received) == start


# -- working days ---------------------------------------------------------------


def test_tet_2026_before_closing(cal: WorkingCalendar) -> None:
    # Fri 13/02 16:30 is inside the afternoon session, so the clock starts then.
    # Working days after the 13th: Mon 23 (1), Tue 24 (2), Wed 25 (3) → 25/02 16:30.
    assert cal.due_at(datetime(2026, 2, 13, 16, 30), days(3)) == datetime(2026, 2, 25, 16, 30)


def test_tet_2026_after_closing(cal: WorkingCalendar) -> None:
    # 17:30 is after closing: start Mon 23/02 07:00; 24 (1), 25 (2), 26 (3) → 26/02 07:00.
    assert cal.due_at(datetime(2026, 2, 13, 17, 30), days(3)) == datetime(2026, 2, 26, 7, 0)


def test_hung_kings_2026(cal: WorkingCalendar) -> None:
    # Fri 24/04 10:00; Sun 26 holiday made up Mon 27: Tue 28 (1), Wed 29 (2).
    assert cal.due_at(datetime(2026, 4, 24, 10, 0), days(2)) == datetime(2026, 4, 29, 10, 0)
    # Wed 29/04 09:00; Thu 30/04, Fri 01/05 off, weekend: Mon 04 (1), Tue 05 (2), Wed 06 (3).
    assert cal.due_at(datetime(2026, 4, 29, 9, 0), days(3)) == datetime(2026, 5, 6, 9, 0)


def test_national_day_2025(cal: WorkingCalendar) -> None:
    # Fri 29/08/2025 14:00; weekend, Mon 1 and Tue 2 off → Wed 03/09 (1).
    assert cal.due_at(datetime(2025, 8, 29, 14, 0), days(1)) == datetime(2025, 9, 3, 14, 0)


def test_national_day_2026_with_swapped_saturday(cal: WorkingCalendar) -> None:
    # Fri 21/08/2026 16:00 + 1 working day → the worked Saturday 22/08 16:00.
    assert cal.due_at(datetime(2026, 8, 21, 16, 0), days(1)) == datetime(2026, 8, 22, 16, 0)
    # Fri 21/08 17:30 → clock starts Saturday 22/08 07:00; + 1 → Mon 24/08 07:00.
    assert cal.due_at(datetime(2026, 8, 21, 17, 30), days(1)) == datetime(2026, 8, 24, 7, 0)
    # Fri 28/08 08:00: Mon 31/08, Tue 1/9, Wed 2/9 off → Thu 03 (1), Fri 04 (2).
    assert cal.due_at(datetime(2026, 8, 28, 8, 0), days(2)) == datetime(2026, 9, 4, 8, 0)


def test_culture_day_2026_and_not_2025(cal: WorkingCalendar) -> None:
    # Mon 23/11/2026 10:00; Tue 24/11 off → Wed 25/11 10:00.
    assert cal.due_at(datetime(2026, 11, 23, 10, 0), days(1)) == datetime(2026, 11, 25, 10, 0)
    # Fri 21/11/2025 10:00; Mon 24/11/2025 is an ordinary day → Mon 24/11 10:00.
    assert cal.due_at(datetime(2025, 11, 21, 10, 0), days(1)) == datetime(2025, 11, 24, 10, 0)


def test_swapped_saturday_2025(cal: WorkingCalendar) -> None:
    # Fri 25/04/2025 10:00 + 1 → the worked Saturday 26/04 10:00.
    assert cal.due_at(datetime(2025, 4, 25, 10, 0), days(1)) == datetime(2025, 4, 26, 10, 0)
    # Tue 29/04/2025 10:00: Wed 30/4, Thu 1/5, Fri 2/5 (swap) off, weekend → Mon 05/05.
    assert cal.due_at(datetime(2025, 4, 29, 10, 0), days(1)) == datetime(2025, 5, 5, 10, 0)


def test_year_boundary(cal: WorkingCalendar) -> None:
    # Wed 31/12/2025 10:00; Thu 01/01/2026 off → Fri 02/01 10:00.
    assert cal.due_at(datetime(2025, 12, 31, 10, 0), days(1)) == datetime(2026, 1, 2, 10, 0)
    # Same day after the cut-off on 31/12 → closing on 02/01.
    assert cal.due_at(datetime(2025, 12, 31, 16, 0), SAME_DAY) == datetime(2026, 1, 2, 17, 0)


def test_receipt_at_lunch_before_opening_and_after_hours(cal: WorkingCalendar) -> None:
    # Mon 09/03/2026; 3 working days: Tue 10 (1), Wed 11 (2), Thu 12 (3).
    assert cal.due_at(datetime(2026, 3, 9, 12, 15), days(3)) == datetime(2026, 3, 12, 13, 30)
    assert cal.due_at(datetime(2026, 3, 9, 6, 0), days(3)) == datetime(2026, 3, 12, 7, 0)
    # 17:00 counts from Tue 10/03 07:00: Wed 11 (1), Thu 12 (2), Fri 13 (3).
    assert cal.due_at(datetime(2026, 3, 9, 17, 0), days(3)) == datetime(2026, 3, 13, 7, 0)
    # Saturday 07/03 → clock starts Mon 09/03 07:00 → Thu 12/03 07:00.
    assert cal.due_at(datetime(2026, 3, 7, 10, 0), days(3)) == datetime(2026, 3, 12, 7, 0)


def test_working_days_with_cutoff(cal: WorkingCalendar) -> None:
    # Cut-off 16:00: Mon 09/03 15:59 counts from then → Tue 10/03 15:59 …
    p = days(1, cutoff=time(16, 0))
    assert cal.due_at(datetime(2026, 3, 9, 15, 59), p) == datetime(2026, 3, 10, 15, 59)
    # … at 16:00 it counts from Tue 10/03 07:00 → Wed 11/03 07:00.
    assert cal.due_at(datetime(2026, 3, 9, 16, 0), p) == datetime(2026, 3, 11, 7, 0)
    # Lunch before a cut-off of 12:00 is not "at or after" it: starts 13:30 the same day.
    p_noon = days(1, cutoff=time(12, 0))
    assert cal.due_at(datetime(2026, 3, 9, 11, 45), p_noon) == datetime(2026, 3, 10, 13, 30)


def test_zero_working_days_is_same_day(cal: WorkingCalendar) -> None:
    assert cal.due_at(datetime(2026, 3, 9, 10, 0), days(0)) == datetime(2026, 3, 9, 17, 0)
    assert cal.due_at(datetime(2026, 3, 9, 15, 30), days(0)) == datetime(2026, 3, 10, 17, 0)
    assert cal.due_at(datetime(2026, 3, 9, 10, 0), hours(0)) == datetime(2026, 3, 9, 17, 0)


# -- same day -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime(2026, 3, 9, 14, 59), datetime(2026, 3, 9, 17, 0)),  # before 15:00
        (datetime(2026, 3, 9, 15, 0), datetime(2026, 3, 10, 17, 0)),  # at the cut-off
        (datetime(2026, 3, 9, 16, 30), datetime(2026, 3, 10, 17, 0)),
        (datetime(2026, 3, 9, 6, 30), datetime(2026, 3, 9, 17, 0)),  # before opening
        (datetime(2026, 3, 9, 12, 0), datetime(2026, 3, 9, 17, 0)),  # lunch
        (datetime(2026, 3, 9, 17, 30), datetime(2026, 3, 10, 17, 0)),  # after hours
        (datetime(2026, 3, 7, 9, 0), datetime(2026, 3, 9, 17, 0)),  # Saturday → Monday
        # Fri 13/02/2026 16:30, after 15:00, Tết follows → Mon 23/02 17:00.
        (datetime(2026, 2, 13, 16, 30), datetime(2026, 2, 23, 17, 0)),
        (datetime(2026, 2, 13, 14, 0), datetime(2026, 2, 13, 17, 0)),
        (datetime(2026, 8, 22, 10, 0), datetime(2026, 8, 22, 17, 0)),  # the worked Saturday
    ],
)
def test_same_day(cal: WorkingCalendar, received: datetime, due: datetime) -> None:
    assert cal.due_at(received, SAME_DAY) == due


def test_same_day_with_own_cutoff(cal: WorkingCalendar) -> None:
    p = ProcessingTime(TimeUnit.SAME_DAY, cutoff=time(11, 0))
    assert cal.due_at(datetime(2026, 3, 9, 10, 59), p) == datetime(2026, 3, 9, 17, 0)
    assert cal.due_at(datetime(2026, 3, 9, 11, 0), p) == datetime(2026, 3, 10, 17, 0)
    # A cut-off after closing still cannot make a receipt after closing same-day.
    late = ProcessingTime(TimeUnit.SAME_DAY, cutoff=time(18, 0))
    assert cal.due_at(datetime(2026, 3, 9, 17, 10), late) == datetime(2026, 3, 10, 17, 0)


# -- working hours --------------------------------------------------------------


def test_working_hours_span_lunch_and_night(cal: WorkingCalendar) -> None:
    # Mon 09/03 10:00 + 8 h: 10:00–11:30 (1.5), 13:30–17:00 (3.5), Tue 07:00–10:00 (3).
    assert cal.due_at(datetime(2026, 3, 9, 10, 0), hours(8)) == datetime(2026, 3, 10, 10, 0)
    # 10:30 + 2 h: 10:30–11:30 (1), 13:30–14:30 (1).
    assert cal.due_at(datetime(2026, 3, 9, 10, 30), hours(2)) == datetime(2026, 3, 9, 14, 30)
    # Fri 13/02/2026 15:00 + 4 h: 15:00–17:00 (2), Tết, Mon 23/02 07:00–09:00 (2).
    assert cal.due_at(datetime(2026, 2, 13, 15, 0), hours(4)) == datetime(2026, 2, 23, 9, 0)
    # Received at lunch: starts 13:30; + 3 h → 16:30.
    assert cal.due_at(datetime(2026, 3, 9, 12, 0), hours(3)) == datetime(2026, 3, 9, 16, 30)


def test_working_hours_landing_on_session_end_stays_there(cal: WorkingCalendar) -> None:
    start = datetime(2026, 3, 9, 7, 0)
    assert cal.add_working_time(start, timedelta(hours=4, minutes=30)) == datetime(
        2026, 3, 9, 11, 30
    )
    # 8 h from opening is exactly the whole day: closing, not the next morning.
    assert cal.due_at(start, hours(8)) == datetime(2026, 3, 9, 17, 0)


def test_custom_working_hours() -> None:
    h = WorkingHours(time(7, 30), time(11, 30), time(13, 0), time(16, 30))
    cal = WorkingCalendar(h)
    assert cal.normalise_start(datetime(2026, 3, 9, 12, 45)) == datetime(2026, 3, 9, 13, 0)
    assert cal.normalise_start(datetime(2026, 3, 9, 16, 45)) == datetime(2026, 3, 10, 7, 30)
    # 8 h from Mon 07:30: 07:30–11:30 (4), 13:00–16:30 (3.5), Tue 07:30–08:00 (0.5).
    assert cal.due_at(datetime(2026, 3, 9, 7, 30), hours(8)) == datetime(2026, 3, 10, 8, 0)
    assert cal.due_at(datetime(2026, 3, 9, 10, 0), SAME_DAY) == datetime(2026, 3, 9, 16, 30)
    assert cal.due_at(datetime(2026, 3, 9, 7, 0), days(2)) == datetime(2026, 3, 11, 7, 30)


def test_hours_without_lunch_break_are_valid() -> None:
    cal = WorkingCalendar(WorkingHours(time(8), time(12), time(12), time(16)))
    # 8 h from Mon 08:00 runs straight through noon to 16:00.
    assert cal.due_at(datetime(2026, 3, 9, 8, 0), hours(8)) == datetime(2026, 3, 9, 16, 0)
    assert cal.normalise_start(datetime(2026, 3, 9, 12, 0)) == datetime(2026, 3, 9, 12, 0)


@pytest.mark.parametrize(
    "bad",
    [
        WorkingHours(time(11, 30), time(7, 0), time(13, 30), time(17, 0)),
        WorkingHours(time(7, 0), time(7, 0), time(13, 30), time(17, 0)),
        WorkingHours(time(7, 0), time(14, 0), time(13, 30), time(17, 0)),
        WorkingHours(time(7, 0), time(11, 30), time(17, 0), time(17, 0)),
    ],
)
def test_nonsense_working_hours_are_refused(bad: WorkingHours) -> None:
    with pytest.raises(ValidationError) as err:
        WorkingCalendar(bad)
    assert err.value.field == "working_hours"
    with pytest.raises(ValidationError):
        validate_working_hours(bad)


# -- working time and the supplement pause --------------------------------------


def test_working_time_between(cal: WorkingCalendar) -> None:
    # Fri 13/02/2026 16:00 → Mon 23/02 08:00: 1 h before closing, 1 h after opening.
    assert cal.working_time_between(
        datetime(2026, 2, 13, 16, 0), datetime(2026, 2, 23, 8, 0)
    ) == timedelta(hours=2)
    # Lunch alone is no working time.
    assert cal.working_time_between(
        datetime(2026, 3, 9, 11, 30), datetime(2026, 3, 9, 13, 30)
    ) == timedelta(0)
    # A whole ordinary week: 5 × 8 h.
    assert cal.working_time_between(
        datetime(2026, 3, 9, 0, 0), datetime(2026, 3, 14, 0, 0)
    ) == timedelta(hours=40)


def test_supplement_pause(cal: WorkingCalendar) -> None:
    old_due = datetime(2026, 2, 25, 16, 30)
    requested = datetime(2026, 2, 24, 16, 0)
    resubmitted = datetime(2026, 2, 26, 9, 0)
    # Paused: 24/02 16:00–17:00 (1) + 25/02 whole day (8) + 26/02 07:00–09:00 (2) = 11 h.
    pause = cal.working_time_between(requested, resubmitted)
    assert pause == timedelta(hours=11)
    # 25/02 16:30 + 11 h: 16:30–17:00 (0.5), 26/02 (8), 27/02 07:00–09:30 (2.5).
    assert cal.add_working_time(old_due, pause) == datetime(2026, 2, 27, 9, 30)


def test_zero_pause_moves_nothing(cal: WorkingCalendar) -> None:
    closing = datetime(2026, 3, 9, 17, 0)
    assert cal.add_working_time(closing, timedelta(0)) == closing
    # A positive amount from a closing time resumes at the next opening.
    assert cal.add_working_time(closing, timedelta(minutes=30)) == datetime(2026, 3, 10, 7, 30)


# -- nonsense input -------------------------------------------------------------


def test_negative_amounts_are_refused(cal: WorkingCalendar) -> None:
    t = datetime(2026, 3, 9, 10, 0)
    with pytest.raises(ValidationError):
        cal.due_at(t, days(-1))
    with pytest.raises(ValidationError):
        cal.due_at(t, hours(-2))
    with pytest.raises(ValidationError):
        cal.add_working_time(t, timedelta(minutes=-1))
    with pytest.raises(ValidationError):
        cal.working_time_between(t, t - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        processing_text(days(-3))


def test_aware_datetimes_are_refused(cal: WorkingCalendar) -> None:
    aware = datetime(2026, 3, 9, 10, 0, tzinfo=timezone(timedelta(hours=7)))
    with pytest.raises(ValidationError):
        cal.due_at(aware, days(1))
    with pytest.raises(ValidationError):
        cal.normalise_start(aware)


def test_unknown_unit_is_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(ValidationError):
        cal.due_at(datetime(2026, 3, 9, 10, 0), ProcessingTime("fortnights", 1))  # type: ignore[arg-type]


# -- early / on time / late -----------------------------------------------------


@pytest.mark.parametrize(
    ("returned", "expected"),
    [
        (datetime(2026, 2, 24, 17, 0), Timeliness.EARLY),  # the day before
        (datetime(2026, 2, 13, 9, 0), Timeliness.EARLY),
        (datetime(2026, 2, 25, 8, 0), Timeliness.ON_TIME),  # due day, before the appointment
        (datetime(2026, 2, 25, 16, 30), Timeliness.ON_TIME),  # at the appointment
        (datetime(2026, 2, 25, 16, 30, 59), Timeliness.ON_TIME),  # same minute
        (datetime(2026, 2, 25, 16, 31), Timeliness.LATE),
        (datetime(2026, 2, 26, 7, 0), Timeliness.LATE),
    ],
)
def test_classify_return(returned: datetime, expected: Timeliness) -> None:
    assert classify_return(returned, datetime(2026, 2, 25, 16, 30)) is expected


# -- slip text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (days(5), "05 ngày làm việc"),
        (days(12), "12 ngày làm việc"),
        (hours(8), "08 giờ làm việc"),
        (hours(24), "24 giờ làm việc"),
        (SAME_DAY, "Trong ngày"),
        (days(0), "Trong ngày"),
    ],
)
def test_processing_text(p: ProcessingTime, text: str) -> None:
    assert processing_text(p) == text
