"""Quality objectives: judge() at its edges, and what validation lets through."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.quality_objectives import MEASURES, judge, measure, validate_objective
from motcua_desktop.domain.report_models import ObjectiveStatus

rates = st.floats(min_value=0, max_value=100, allow_nan=False)
two_decimals = st.integers(min_value=0, max_value=10_000).map(lambda n: n / 100)


@given(target=rates, actual=rates)
def test_at_least_is_met_exactly_when_the_actual_reaches_the_target(target, actual):
    status = judge(">=", target, actual)
    assert status is (ObjectiveStatus.MET if actual >= target else ObjectiveStatus.NOT_MET)


@given(target=rates, actual=rates)
def test_at_most_is_met_exactly_when_the_actual_stays_under_the_target(target, actual):
    status = judge("<=", target, actual)
    assert status is (ObjectiveStatus.MET if actual <= target else ObjectiveStatus.NOT_MET)


@given(target=two_decimals)
def test_hitting_the_target_exactly_meets_both_comparators(target):
    assert judge(">=", target, target) is ObjectiveStatus.MET
    assert judge("<=", target, target) is ObjectiveStatus.MET


@given(target=two_decimals.filter(lambda t: t >= 0.01))
def test_one_hundredth_short_is_not_met(target):
    assert judge(">=", target, round(target - 0.01, 2)) is ObjectiveStatus.NOT_MET
    assert judge("<=", round(target - 0.01, 2), target) is ObjectiveStatus.NOT_MET


@given(comparator=st.sampled_from([">=", "<="]), target=rates)
def test_no_actual_is_no_data(comparator, target):
    assert judge(comparator, target, None) is ObjectiveStatus.NO_DATA
    assert judge(comparator, target, math.nan) is ObjectiveStatus.NO_DATA


def test_seed_figures_do_not_meet_98_percent():
    # 17,803 of 18,738 on time or early = 95.01 %.
    assert judge(">=", 98.0, 95.01) is ObjectiveStatus.NOT_MET
    assert judge(">=", 95.0, 95.01) is ObjectiveStatus.MET


@given(comparator=st.text(max_size=3).filter(lambda c: c not in (">=", "<=")))
def test_other_comparators_are_refused(comparator):
    with pytest.raises(ValidationError) as err:
        judge(comparator, 98.0, 99.0)
    assert err.value.field == "comparator"


def test_every_measure_has_a_label_and_a_default_inside_its_range():
    assert set(MEASURES) == {
        "on_time_rate",
        "late_rate",
        "completion_rate",
        "online_rate",
        "overdue_pending",
        "satisfaction_rate",
        "procedures_with_process",
        "manual",
    }
    for m in MEASURES.values():
        assert m.label
        validate_objective(m.key, "x", m.comparator, m.default_target)
    assert MEASURES["late_rate"].higher_is_better is False
    assert MEASURES["overdue_pending"].is_rate is False


@given(target=st.floats(allow_nan=False).filter(lambda t: not 0 <= t <= 100))
def test_a_rate_target_outside_0_to_100_is_refused(target):
    with pytest.raises(ValidationError) as err:
        validate_objective("on_time_rate", "On time", ">=", target)
    assert err.value.field == "target"


@given(target=rates)
def test_a_rate_target_inside_0_to_100_is_kept(target):
    _m, title, value, actual = validate_objective("on_time_rate", "  On   time ", ">=", target)
    assert (title, value, actual) == ("On time", target, None)


@pytest.mark.parametrize(
    ("key", "title", "comparator", "target", "actual", "field"),
    [
        ("on_time_rate", "   ", ">=", 98, None, "title"),
        ("on_time_rate", "On time", "=", 98, None, "comparator"),
        ("on_time_rate", "On time", ">=", math.inf, None, "target"),
        ("on_time_rate", "On time", ">=", "98", None, "target"),
        ("overdue_pending", "No overdue", "<=", 1.5, None, "target"),
        ("overdue_pending", "No overdue", "<=", -1, None, "target"),
        ("on_time_rate", "On time", ">=", 98, 97.0, "manual_actual"),
        ("manual", "Staff trained", ">=", 100, 101, "manual_actual"),
        ("speed", "Fast", ">=", 1, None, "measure"),
    ],
)
def test_bad_objectives_name_the_field(key, title, comparator, target, actual, field):
    with pytest.raises(ValidationError) as err:
        validate_objective(key, title, comparator, target, actual)
    assert err.value.field == field
    assert err.value.message


def test_measure_lookup():
    assert measure("satisfaction_rate").default_target == 96.0
    with pytest.raises(ValidationError, match="speed"):
        measure("speed")
