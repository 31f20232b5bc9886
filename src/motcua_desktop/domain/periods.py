"""Reporting periods: month, quarter, 6 and 9 months, year, any range; calendar or 15th-to-14th.

With the 15th-to-14th convention (``cut_day=15``) "month M" runs from the 15th
of the month before to the 14th of M, so November 2026 is 15/10/2026–14/11/2026
and the year 2026 is 15/12/2025–14/12/2026 (DOMAIN.md, "Report II.06a").
Every period is a closed range of dates; ``bounds()`` gives the half-open
moments ``[date_from 00:00, date_to + 1 day 00:00)`` the counting uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from motcua_desktop.i18n import _

CALENDAR = 1
CUT_15 = 15
CUT_DAYS = (CALENDAR, CUT_15)


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"  # the first 6 months
    NINE_MONTHS = "nine_months"
    YEAR = "year"
    RANGE = "range"


# Months covered by each kind, counted from January: (first, last).
_SPAN = {
    PeriodKind.HALF: (1, 6),
    PeriodKind.NINE_MONTHS: (1, 9),
    PeriodKind.YEAR: (1, 12),
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_start(year: int, month: int, cut_day: int) -> date:
    if cut_day == CALENDAR:
        return date(year, month, 1)
    y, m = _add_months(year, month, -1)
    return date(y, m, cut_day)


def _month_end(year: int, month: int, cut_day: int) -> date:
    y, m = _add_months(year, month, 1)
    return _month_start(y, m, cut_day) - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A reporting period: ``date_from``..``date_to``, both days included.

    ``number`` is the month (1–12) or the quarter (1–4) where the kind has one.
    """

    kind: PeriodKind
    date_from: date
    date_to: date
    year: int | None = None
    number: int | None = None
    cut_day: int = CALENDAR

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ValueError(_("The period ends before it starts."))
        if self.cut_day not in CUT_DAYS:
            raise ValueError(f"cut_day must be 1 or 15, not {self.cut_day}")

    def bounds(self) -> tuple[datetime, datetime]:
        """The half-open moments ``[date_from 00:00, date_to + 1 day 00:00)``."""
        return (
            datetime.combine(self.date_from, time()),
            datetime.combine(self.date_to + timedelta(days=1), time()),
        )

    def contains(self, day: date) -> bool:
        return self.date_from <= day <= self.date_to

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def label(self) -> str:
        """The period as the report's header says it, e.g. "Tháng 11 năm 2026"."""
        if self.kind is PeriodKind.MONTH:
            text = _("Month {month} of {year}").format(month=self.number, year=self.year)
        elif self.kind is PeriodKind.QUARTER:
            text = _("Quarter {quarter} of {year}").format(
                quarter=_ROMAN[self.number or 1], year=self.year
            )
        elif self.kind is PeriodKind.HALF:
            text = _("First 6 months of {year}").format(year=self.year)
        elif self.kind is PeriodKind.NINE_MONTHS:
            text = _("First 9 months of {year}").format(year=self.year)
        elif self.kind is PeriodKind.YEAR:
            text = _("Year {year}").format(year=self.year)
        else:
            return self.range_text()
        return text if self.cut_day == CALENDAR else f"{text} ({self.range_text()})"

    def range_text(self) -> str:
        return _("from {start} to {end}").format(
            start=self.date_from.strftime("%d/%m/%Y"), end=self.date_to.strftime("%d/%m/%Y")
        )

    def code(self) -> str:
        """A short machine form that ``parse_period`` reads back: 2026-11, 2026-Q4, 2026…"""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}-H1"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"{self.year}-9M"
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}"
        return f"{self.date_from.isoformat()}..{self.date_to.isoformat()}"

    def previous(self) -> Period:
        """The period just before, of the same kind (a range: the same number of days)."""
        if self.kind is PeriodKind.MONTH:
            y, m = _add_months(self.year, self.number, -1)
            return month(y, m, cut_day=self.cut_day)
        if self.kind is PeriodKind.QUARTER:
            y, q = (self.year, self.number - 1) if self.number > 1 else (self.year - 1, 4)
            return quarter(y, q, cut_day=self.cut_day)
        if self.kind in _SPAN:
            return self.same_period_last_year()
        end = self.date_from - timedelta(days=1)
        return date_range(end - timedelta(days=self.days - 1), end)

    def same_period_last_year(self) -> Period:
        if self.kind is PeriodKind.RANGE:
            return date_range(_year_earlier(self.date_from), _year_earlier(self.date_to))
        start = _month_start(self.year - 1, 1, self.cut_day)
        shifted = replace(self, year=self.year - 1, date_from=start, date_to=start)
        return _rebuild(shifted)


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _rebuild(p: Period) -> Period:
    if p.kind is PeriodKind.MONTH:
        return month(p.year, p.number, cut_day=p.cut_day)
    if p.kind is PeriodKind.QUARTER:
        return quarter(p.year, p.number, cut_day=p.cut_day)
    return _months_of_year(p.kind, p.year, p.cut_day)


def month(year: int, number: int, *, cut_day: int = CALENDAR) -> Period:
    if not 1 <= number <= 12:
        raise ValueError(_("A month is numbered 1 to 12."))
    return Period(
        PeriodKind.MONTH,
        _month_start(year, number, cut_day),
        _month_end(year, number, cut_day),
        year,
        number,
        cut_day,
    )


def quarter(year: int, number: int, *, cut_day: int = CALENDAR) -> Period:
    if not 1 <= number <= 4:
        raise ValueError(_("A quarter is numbered 1 to 4."))
    first = 3 * number - 2
    return Period(
        PeriodKind.QUARTER,
        _month_start(year, first, cut_day),
        _month_end(year, first + 2, cut_day),
        year,
        number,
        cut_day,
    )


def _months_of_year(kind: PeriodKind, year: int, cut_day: int) -> Period:
    first, last = _SPAN[kind]
    return Period(
        kind,
        _month_start(year, first, cut_day),
        _month_end(year, last, cut_day),
        year,
        None,
        cut_day,
    )


def half_year(year: int, *, cut_day: int = CALENDAR) -> Period:
    return _months_of_year(PeriodKind.HALF, year, cut_day)


def nine_months(year: int, *, cut_day: int = CALENDAR) -> Period:
    return _months_of_year(PeriodKind.NINE_MONTHS, year, cut_day)


def year_period(year: int, *, cut_day: int = CALENDAR) -> Period:
    return _months_of_year(PeriodKind.YEAR, year, cut_day)


def date_range(date_from: date, date_to: date) -> Period:
    return Period(PeriodKind.RANGE, date_from, date_to)


def month_of(day: date, *, cut_day: int = CALENDAR) -> Period:
    """The reporting month that ``day`` falls in (with the 15th cut, 20/11 is in December)."""
    if cut_day != CALENDAR and day.day >= cut_day:
        y, m = _add_months(day.year, day.month, 1)
        return month(y, m, cut_day=cut_day)
    return month(day.year, day.month, cut_day=cut_day)


_CODE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{1,2})|Q(?P<quarter>[1-4])|(?P<half>H1|6M)|(?P<nine>9M)))?$",
    re.IGNORECASE,
)


def parse_period(text: str, *, cut_day: int = CALENDAR) -> Period:
    """``2026-11``, ``2026-Q4``, ``2026-H1`` (or ``2026-6M``), ``2026-9M``, ``2026``, or
    ``2026-01-01..2026-03-31``; ValueError with a message a person can act on."""
    raw = text.strip()
    if ".." in raw:
        start, _sep, end = raw.partition("..")
        try:
            return date_range(date.fromisoformat(start.strip()), date.fromisoformat(end.strip()))
        except ValueError as exc:
            raise ValueError(_("Not a date range: {text}").format(text=text)) from exc
    found = _CODE.match(raw)
    if not found:
        raise ValueError(
            _("Not a period: {text} (examples: 2026-11, 2026-Q4, 2026-H1, 2026-9M, 2026)").format(
                text=text
            )
        )
    year = int(found["year"])
    if found["month"]:
        return month(year, int(found["month"]), cut_day=cut_day)
    if found["quarter"]:
        return quarter(year, int(found["quarter"]), cut_day=cut_day)
    if found["half"]:
        return half_year(year, cut_day=cut_day)
    if found["nine"]:
        return nine_months(year, cut_day=cut_day)
    return year_period(year, cut_day=cut_day)
