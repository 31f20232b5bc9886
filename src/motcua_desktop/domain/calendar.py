"""Working-day calendar of the desk: days off, opening hours, due times and timeliness.

All datetimes are naive local wall-clock times of the commune (Vietnam has a
single time zone and no daylight saving), as the clerk reads them off the
desk clock. Aware datetimes are refused rather than silently mixed in.

The rules in plain words, with worked examples, are in ``docs/deadlines.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from motcua_desktop.domain.dossier import Timeliness
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.procedures import ProcessingTime, TimeUnit
from motcua_desktop.domain.profile import WorkingHours
from motcua_desktop.i18n import _, current_language

# Same-day procedures without their own cut-off stop taking same-day work at
# 15:00 (certification, civil-status extracts): later receipts are next-day.
DEFAULT_SAME_DAY_CUTOFF = time(15, 0)

# A calendar with no working day for a whole year is a configuration error;
# stop searching instead of looping for ever.
_MAX_SEARCH_DAYS = 366

_ONE_DAY = timedelta(days=1)


def validate_working_hours(hours: WorkingHours) -> None:
    """Raise ValidationError unless morning_start < morning_end <= afternoon_start < afternoon_end."""
    if not (hours.morning_start < hours.morning_end <= hours.afternoon_start < hours.afternoon_end):
        raise ValidationError(
            _(
                "Working hours must run in order: morning opening, morning closing, "
                "afternoon opening, afternoon closing."
            ),
            field="working_hours",
        )


def _require_naive(value: datetime, field: str) -> None:
    if value.tzinfo is not None:
        raise ValidationError(
            _("Times must be local clock times without a time zone."), field=field
        )


if TYPE_CHECKING:
    import holidays


def _vietnam(**kwargs) -> holidays.HolidayBase:
    """The holidays package's table for Vietnam, imported on first use.

    Importing the package costs about 0.2 s (it loads every country's module), so it is
    left out of the program's start-up and paid by the first deadline computed.
    """
    from holidays.countries.vietnam import Vietnam

    return Vietnam(**kwargs)


class WorkingCalendar:
    """Which days the desk works and how working time adds up.

    A day is a working day when it is Monday–Friday and not a public holiday
    of the ``holidays`` package (Vietnam), or when the package lists it as a
    weekend day worked in a swap (e.g. Saturday 26/04/2025). The local table
    overrides the package in both directions: ``extra_days_off`` are never
    worked, ``extra_working_days`` always are. ``extra_days_off`` may be a
    mapping from date to a name shown in :meth:`upcoming_days_off`.
    """

    def __init__(
        self,
        hours: WorkingHours | None = None,
        extra_days_off: Iterable[date] | Mapping[date, str] = (),
        extra_working_days: Iterable[date] | Mapping[date, str] = (),
    ) -> None:
        self.hours = hours if hours is not None else WorkingHours()
        validate_working_hours(self.hours)
        self._days_off_names: dict[date, str] = _as_named(extra_days_off)
        self._working_names: dict[date, str] = _as_named(extra_working_days)
        both = sorted(set(self._days_off_names) & set(self._working_names))
        if both:
            raise ValidationError(
                _("{day} cannot be both a day off and a working day.").format(
                    day=both[0].strftime("%d/%m/%Y")
                ),
                field="day_overrides",
            )
        self._holidays: dict[int, holidays.HolidayBase] = {}
        self._named: dict[tuple[int, str], holidays.HolidayBase] = {}

    # -- days ---------------------------------------------------------------

    @property
    def extra_days_off(self) -> frozenset[date]:
        return frozenset(self._days_off_names)

    @property
    def extra_working_days(self) -> frozenset[date]:
        return frozenset(self._working_names)

    def _package(self, year: int) -> holidays.HolidayBase:
        table = self._holidays.get(year)
        if table is None:
            table = _vietnam(years=year)
            self._holidays[year] = table
        return table

    def is_working_day(self, d: date) -> bool:
        """True when the desk is open on ``d`` (see the class docstring for the order of rules)."""
        if isinstance(d, datetime):
            d = d.date()
        if d in self._working_names:
            return True
        if d in self._days_off_names:
            return False
        package = self._package(d.year)
        if d in package:
            return False
        # The package lists every swapped Saturday it knows, whatever the year.
        if d in package.weekend_workdays:
            return True
        return d.weekday() < 5

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        if isinstance(d, datetime):
            d = d.date()
        candidate = d
        for _step in range(_MAX_SEARCH_DAYS):
            candidate += _ONE_DAY
            if self.is_working_day(candidate):
                return candidate
        raise ValidationError(
            _("The calendar has no working day in the year after {day}.").format(
                day=d.strftime("%d/%m/%Y")
            ),
            field="day_overrides",
        )

    def _nth_working_day_after(self, d: date, n: int) -> date:
        for _step in range(n):
            d = self.next_working_day(d)
        return d

    def upcoming_days_off(
        self, start: date, end: date, language: str | None = None
    ) -> list[tuple[date, str]]:
        """Days off from ``start`` to ``end`` inclusive, with their names, for the Settings screen.

        Lists every weekday the desk is closed, every named holiday (also one
        on a weekend, e.g. Hùng Kings on Sunday 26/04/2026, so the clerk sees
        why the Monday after is off) and every local day off. Plain
        Saturdays and Sundays are left out. ``language`` is "vi" or "en";
        None follows the UI language.
        """
        lang = language or current_language()
        result: list[tuple[date, str]] = []
        d = start
        while d <= end:
            if not self.is_working_day(d):
                names = self._names(d.year, lang)
                if d in names:
                    result.append((d, names[d]))
                elif d in self._days_off_names:
                    result.append((d, self._days_off_names[d] or _("Local day off")))
                elif d.weekday() < 5:
                    result.append((d, _("Day off")))
            d += _ONE_DAY
        return result

    def upcoming_weekend_workdays(self, start: date, end: date) -> list[tuple[date, str]]:
        """Saturdays and Sundays from ``start`` to ``end`` on which the desk works (swaps)."""
        result: list[tuple[date, str]] = []
        d = start
        while d <= end:
            if d.weekday() >= 5 and self.is_working_day(d):
                name = self._working_names.get(d) or _("Weekend working day")
                result.append((d, name))
            d += _ONE_DAY
        return result

    def _names(self, year: int, lang: str) -> holidays.HolidayBase:
        package_lang = "vi" if lang == "vi" else "en_US"
        key = (year, package_lang)
        table = self._named.get(key)
        if table is None:
            table = _vietnam(years=year, language=package_lang)
            self._named[key] = table
        return table

    # -- sessions -----------------------------------------------------------

    def _sessions(self, d: date) -> tuple[tuple[datetime, datetime], tuple[datetime, datetime]]:
        h = self.hours
        return (
            (datetime.combine(d, h.morning_start), datetime.combine(d, h.morning_end)),
            (datetime.combine(d, h.afternoon_start), datetime.combine(d, h.afternoon_end)),
        )

    def opening(self, d: date) -> datetime:
        """Morning opening on day ``d``."""
        return datetime.combine(d, self.hours.morning_start)

    def closing(self, d: date) -> datetime:
        """Afternoon closing on day ``d``."""
        return datetime.combine(d, self.hours.afternoon_end)

    def is_open(self, t: datetime) -> bool:
        """True when ``t`` lies inside a session (start included, end excluded) of a working day."""
        _require_naive(t, "time")
        if not self.is_working_day(t.date()):
            return False
        return any(s <= t < e for s, e in self._sessions(t.date()))

    def normalise_start(self, t: datetime) -> datetime:
        """The moment the clock starts for something handed in at ``t``.

        Inside a session: ``t`` itself. Before the morning opening of a
        working day: that opening. During lunch: the afternoon opening. At or
        after closing, or on a day off: the next working day's opening.
        Session ends are exclusive: 11:30 is lunch, 17:00 is after closing.
        """
        _require_naive(t, "received_at")
        d = t.date()
        if not self.is_working_day(d):
            return self.opening(self.next_working_day(d))
        (ms, me), (as_, ae) = self._sessions(d)
        if t < ms:
            return ms
        if t < me:
            return t
        if t < as_:
            return as_
        if t < ae:
            return t
        return self.opening(self.next_working_day(d))

    # -- working time -------------------------------------------------------

    def add_working_time(self, start: datetime, delta: timedelta) -> datetime:
        """The moment ``delta`` of working time after ``start``.

        Time outside sessions and on days off does not count. A zero delta
        returns ``start`` unchanged (a pause of no working time moves nothing).
        A result that lands exactly on a session end stays there (07:00 plus
        4 h 30 is 11:30 the same morning, not 13:30).
        """
        _require_naive(start, "start")
        if delta < timedelta(0):
            raise ValidationError(_("A length of working time cannot be negative."), field="delta")
        if delta == timedelta(0):
            return start
        t = self.normalise_start(start)
        remaining = delta
        while True:
            session_end = self._session_end(t)
            if t + remaining <= session_end:
                return t + remaining
            remaining -= session_end - t
            # Landing after a session end: the next session's opening.
            t = self.normalise_start(session_end)

    def _session_end(self, t: datetime) -> datetime:
        """End of the session that contains ``t`` (``t`` must be inside one)."""
        (_ms, me), (_as, ae) = self._sessions(t.date())
        return me if t < me else ae

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time that passes from ``a`` to ``b`` (``b`` not before ``a``)."""
        _require_naive(a, "from")
        _require_naive(b, "to")
        if b < a:
            raise ValidationError(_("The end of a period cannot be before its start."), field="to")
        total = timedelta(0)
        d = a.date()
        last = b.date()
        while d <= last:
            if self.is_working_day(d):
                for s, e in self._sessions(d):
                    lo = max(s, a)
                    hi = min(e, b)
                    if hi > lo:
                        total += hi - lo
            d += _ONE_DAY
        return total

    # -- due times ----------------------------------------------------------

    def due_at(self, received_at: datetime, processing: ProcessingTime) -> datetime:
        """The appointment (hẹn trả kết quả) for a dossier received at ``received_at``.

        - Working days, n ≥ 1: the clock starts at ``normalise_start``; if the
          procedure has a cut-off and the dossier came in on a working day at
          or after it, the clock starts at the next working day's opening.
          Due: the same time of day, n working days after the start's day.
        - Working hours, n ≥ 1: n hours of working time added to that start.
        - Same day, or an amount of 0: the afternoon closing of the day of
          receipt if that is a working day and the dossier came in before the
          cut-off (15:00 by default) and before closing; otherwise the
          afternoon closing of the next working day.

        The result always lies inside the working hours of a working day.
        """
        _require_naive(received_at, "received_at")
        unit = _unit(processing)
        if unit is not TimeUnit.SAME_DAY and processing.amount < 0:
            raise ValidationError(_("A processing time cannot be negative."), field="processing")
        if unit is TimeUnit.SAME_DAY or processing.amount == 0:
            return self._same_day_due(received_at, processing.cutoff)
        start = self._clock_start(received_at, processing.cutoff)
        if unit is TimeUnit.WORKING_DAYS:
            due_day = self._nth_working_day_after(start.date(), processing.amount)
            return datetime.combine(due_day, start.time())
        return self.add_working_time(start, timedelta(hours=processing.amount))

    def _clock_start(self, received_at: datetime, cutoff: time | None) -> datetime:
        start = self.normalise_start(received_at)
        d = received_at.date()
        if (
            cutoff is not None
            and start.date() == d
            and self.is_working_day(d)
            and received_at.time() >= cutoff
        ):
            return self.opening(self.next_working_day(d))
        return start

    def _same_day_due(self, received_at: datetime, cutoff: time | None) -> datetime:
        limit = cutoff if cutoff is not None else DEFAULT_SAME_DAY_CUTOFF
        d = received_at.date()
        if self.is_working_day(d) and received_at.time() < limit and received_at < self.closing(d):
            return self.closing(d)
        return self.closing(self.next_working_day(d))


def _as_named(days: Iterable[date] | Mapping[date, str]) -> dict[date, str]:
    if isinstance(days, Mapping):
        return {_as_date(d): str(name or "") for d, name in days.items()}
    return {_as_date(d): "" for d in days}


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise ValidationError(
            _('A local calendar entry must be a date, not "{value}".').format(value=value),
            field="day_overrides",
        )
    return value


def classify_return(returned_at: datetime, due_at: datetime) -> Timeliness:
    """Early, on time or late, comparing the actual return with the appointment.

    Provincial systems compare with the appointment moment, so a result
    handed back one minute after it is late. "Early" (trước hạn) needs a
    whole calendar day to spare: a return earlier on the due day itself is
    on time, which is what the published "early / on time" figures reflect.
    Comparison is by the minute: seconds on either clock are ignored.
    """
    _require_naive(returned_at, "returned_at")
    _require_naive(due_at, "due_at")
    if returned_at.date() < due_at.date():
        return Timeliness.EARLY
    if _to_minute(returned_at) > _to_minute(due_at):
        return Timeliness.LATE
    return Timeliness.ON_TIME


def _unit(p: ProcessingTime) -> TimeUnit:
    try:
        return TimeUnit(p.unit)
    except ValueError:
        raise ValidationError(
            _("Unknown unit of processing time: {unit}.").format(unit=p.unit), field="processing"
        ) from None


def _to_minute(t: datetime) -> datetime:
    return t.replace(second=0, microsecond=0)


def processing_text(p: ProcessingTime) -> str:
    """The processing time as printed on slips (always Vietnamese): "05 ngày làm việc"."""
    unit = _unit(p)
    if unit is TimeUnit.SAME_DAY:
        return "Trong ngày"
    if p.amount < 0:
        raise ValidationError(_("A processing time cannot be negative."), field="processing")
    if p.amount == 0:
        # due_at treats 0 as same-day; the slip must say the same.
        return "Trong ngày"
    label = "ngày làm việc" if unit is TimeUnit.WORKING_DAYS else "giờ làm việc"
    return f"{p.amount:02d} {label}"
