"""Fast working-time arithmetic for demo seeding: working minutes counted from a first day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from motcua_desktop.domain.calendar import DEFAULT_SAME_DAY_CUTOFF, WorkingCalendar
from motcua_desktop.domain.procedures import ProcessingTime, TimeUnit

_DAY = timedelta(days=1)
_MINUTE = timedelta(minutes=1)


def _minutes(a: time, b: time) -> int:
    return (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)


class DemoClock:
    """Working time between ``first`` and ``last`` as a count of working minutes.

    A moment inside the working hours of a working day has an offset: the
    working minutes since the first day's opening. Adding working time is
    then integer arithmetic, and it agrees with
    ``WorkingCalendar.add_working_time`` to the minute (a result that lands
    on a session end stays there). Due times still come from the calendar
    itself, memoised per procedure time and minute of receipt.
    """

    def __init__(self, cal: WorkingCalendar, first: date, last: date) -> None:
        self.cal = cal
        h = cal.hours
        self._ms, self._me = h.morning_start, h.morning_end
        self._as, self._ae = h.afternoon_start, h.afternoon_end
        self._morning = _minutes(h.morning_start, h.morning_end)
        self._per_day = self._morning + _minutes(h.afternoon_start, h.afternoon_end)
        self.days: list[date] = []
        d = first
        while d <= last:
            if cal.is_working_day(d):
                self.days.append(d)
            d += _DAY
        self._index = {d: i for i, d in enumerate(self.days)}
        self._caches()

    def _caches(self) -> None:
        self._due: dict[tuple[ProcessingTime, datetime], datetime] = {}
        self._moment = lru_cache(maxsize=1 << 18)(self._moment_uncached)
        self.offset = lru_cache(maxsize=1 << 18)(self._offset_uncached)

    def __getstate__(self) -> dict:  # the caches stay behind (they wrap bound methods)
        return {k: v for k, v in self.__dict__.items() if k not in ("_due", "_moment", "offset")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._caches()

    def due_at(self, received: datetime, processing: ProcessingTime) -> datetime:
        """``WorkingCalendar.due_at``, worked out directly for the common cases."""
        i = self._index.get(received.date())
        tod = received.time()
        if i is not None and (self._ms <= tod < self._me or self._as <= tod < self._ae):
            unit, n, cutoff = processing.unit, processing.amount, processing.cutoff
            if unit == TimeUnit.SAME_DAY or (n == 0 and unit != TimeUnit.WORKING_HOURS):
                day = i if tod < (cutoff or DEFAULT_SAME_DAY_CUTOFF) else i + 1
                if day < len(self.days):
                    return datetime.combine(self.days[day], self._ae)
            elif (
                unit == TimeUnit.WORKING_DAYS
                and n > 0
                and (cutoff is None or tod < cutoff)
                and i + n < len(self.days)
            ):
                return datetime.combine(self.days[i + n], tod)
        key = (processing, received)
        due = self._due.get(key)
        if due is None:
            due = self._due[key] = self.cal.due_at(received, processing)
        return due

    def _offset_uncached(self, t: datetime) -> int:
        """Working minutes from the first opening to ``t`` (inside or at the edge of a session)."""
        base = self._index[t.date()] * self._per_day
        tod = t.hour * 60 + t.minute
        ms = self._ms.hour * 60 + self._ms.minute
        me = self._me.hour * 60 + self._me.minute
        as_ = self._as.hour * 60 + self._as.minute
        if tod <= me:
            return base + max(tod - ms, 0)
        if tod < as_:
            return base + self._morning
        return base + min(self._morning + tod - as_, self._per_day)

    def _moment_uncached(self, offset: int) -> datetime:
        """The earliest moment at which ``offset`` working minutes have passed."""
        day, rest = divmod(offset, self._per_day)
        if rest == 0 and day > 0:  # exactly a closing time: stay on that day
            day, rest = day - 1, self._per_day
        if day >= len(self.days):
            extra = offset - len(self.days) * self._per_day
            last = datetime.combine(self.days[-1], self._ms) + _DAY
            return self.cal.add_working_time(last, _MINUTE * extra)
        d = self.days[day]
        if rest <= self._morning:
            return datetime.combine(d, self._ms) + _MINUTE * rest
        return datetime.combine(d, self._as) + _MINUTE * (rest - self._morning)

    def add(self, t: datetime, minutes: int) -> datetime:
        """``t`` plus ``minutes`` of working time (``t`` inside the working hours)."""
        return self._moment(self.offset(t) + max(minutes, 0))

    def between(self, a: datetime, b: datetime) -> int:
        """Working minutes from ``a`` to ``b`` (0 when ``b`` is not after ``a``)."""
        return max(self.offset(b) - self.offset(a), 0)
