"""Reporting periods: calendar and 15th-to-14th months tile the year; codes read back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.domain.periods import (
    date_range,
    half_year,
    month,
    month_of,
    nine_months,
    parse_period,
    quarter,
    year_period,
)

years = st.integers(2000, 2100)
cuts = st.sampled_from([1, 15])


@given(years, cuts)
def test_the_twelve_months_tile_the_year_without_gap_or_overlap(year, cut):
    months = [month(year, m, cut_day=cut) for m in range(1, 13)]
    whole = year_period(year, cut_day=cut)
    assert months[0].date_from == whole.date_from and months[-1].date_to == whole.date_to
    for a, b in zip(months, months[1:], strict=False):
        assert b.date_from == a.date_to + timedelta(days=1)
    assert sum(m.days for m in months) == whole.days
    assert quarter(year, 2, cut_day=cut).date_from == months[3].date_from
    assert half_year(year, cut_day=cut).date_to == months[5].date_to
    assert nine_months(year, cut_day=cut).date_to == months[8].date_to


@given(st.dates(date(2000, 1, 1), date(2100, 12, 31)), cuts)
def test_every_day_falls_in_its_reporting_month(day, cut):
    p = month_of(day, cut_day=cut)
    assert p.contains(day)
    assert p.previous().date_to == p.date_from - timedelta(days=1)


@given(years, st.integers(1, 12), cuts)
def test_codes_read_back(year, number, cut):
    for p in (month(year, number, cut_day=cut), quarter(year, (number + 2) // 3, cut_day=cut),
              half_year(year, cut_day=cut), nine_months(year, cut_day=cut),
              year_period(year, cut_day=cut)):  # fmt: skip
        assert parse_period(p.code(), cut_day=cut) == p


def test_the_15th_convention_and_ranges():
    nov = month(2026, 11, cut_day=15)
    assert (nov.date_from, nov.date_to) == (date(2026, 10, 15), date(2026, 11, 14))
    assert month_of(date(2026, 11, 20), cut_day=15).number == 12
    assert year_period(2026, cut_day=15).date_from == date(2025, 12, 15)
    r = parse_period("2026-01-10..2026-02-09")
    assert r == date_range(date(2026, 1, 10), date(2026, 2, 9)) and r.days == 31
    assert r.previous() == date_range(date(2025, 12, 10), date(2026, 1, 9))
    assert month(2026, 3).same_period_last_year() == month(2025, 3)


@pytest.mark.parametrize("text", ["2026-13", "26-11", "2026-Q5", "2026-02-30..2026-03-01", "x"])
def test_bad_codes_are_refused(text):
    with pytest.raises(ValueError):
        parse_period(text)
