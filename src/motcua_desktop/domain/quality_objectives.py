"""Quality objectives (mục tiêu chất lượng, ISO 9001 clause 6.2): what can be measured, and the verdict.

An objective is a title, a measure the program computes from its own data
(or ``manual``: the commune types the actual), a comparator (``>=`` or
``<=``) and a target. :func:`judge` compares the actual with the target;
:func:`validate_objective` checks what a person typed before it is stored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.report_models import ObjectiveStatus
from motcua_desktop.i18n import N_, _

COMPARATORS = (">=", "<=")
PERCENT = "%"
COUNT = "count"


@dataclass(frozen=True)
class Measure:
    """Something the program can measure for an objective; ``label`` is translated when read."""

    key: str
    msgid: str  # English source of the label, translated by ``label``
    unit: str  # "%" (0–100) or "count" (a whole number, 0 or more)
    comparator: str
    default_target: float
    higher_is_better: bool

    @property
    def label(self) -> str:
        return _(self.msgid)

    @property
    def is_rate(self) -> bool:
        return self.unit == PERCENT


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("on_time_rate", N_("Dossiers resolved on time or early"), PERCENT, ">=", 98.0, True),
        Measure("late_rate", N_("Dossiers resolved late"), PERCENT, "<=", 2.0, False),
        Measure("completion_rate", N_("Dossiers resolved of those to handle"), PERCENT, ">=", 90.0, True),
        Measure("online_rate", N_("Dossiers received online"), PERCENT, ">=", 50.0, True),
        Measure("overdue_pending", N_("Pending dossiers past their deadline"), COUNT, "<=", 0.0, False),
        Measure("satisfaction_rate", N_("Citizens and organisations satisfied"), PERCENT, ">=", 96.0, True),
        Measure("procedures_with_process", N_("Procedures with a written internal process"), PERCENT, ">=", 100.0, True),
        Measure("manual", N_("Entered by hand"), PERCENT, ">=", 100.0, True),
    )
}  # fmt: skip


def measure(key: str) -> Measure:
    """The measure called ``key``; ValidationError naming the known ones otherwise."""
    found = MEASURES.get(key)
    if found is None:
        raise ValidationError(
            _("Unknown measure: {key}. Choose one of: {known}.").format(
                key=key, known=", ".join(MEASURES)
            ),
            field="measure",
        )
    return found


def judge(comparator: str, target: float, actual: float | None) -> ObjectiveStatus:
    """MET when ``actual`` reaches ``target`` in the comparator's direction; NO_DATA without an actual.

    The comparison is exact: actuals are already rounded to two decimals, so
    97.99 % against a target of 98 % is not met. A non-finite actual (what a
    division by nothing would give) counts as no data.
    """
    if comparator not in COMPARATORS:
        raise ValidationError(
            _('The comparison must be ">=" (at least) or "<=" (at most).'), field="comparator"
        )
    if not isinstance(target, int | float) or not math.isfinite(target):
        raise ValidationError(_("The target must be a number."), field="target")
    if actual is None or not math.isfinite(actual):
        return ObjectiveStatus.NO_DATA
    met = actual >= target if comparator == ">=" else actual <= target
    return ObjectiveStatus.MET if met else ObjectiveStatus.NOT_MET


def _messages(field: str) -> tuple[str, str, str]:
    """(not a number, rate out of range, bad count) for the target or the actual value."""
    if field == "target":
        return (
            _("The target must be a number."),
            _("The target is a percentage: it must be between 0 and 100."),
            _("The target is a number of dossiers: a whole number, 0 or more."),
        )
    return (
        _("The actual value must be a number."),
        _("The actual value is a percentage: it must be between 0 and 100."),
        _("The actual value is a number of dossiers: a whole number, 0 or more."),
    )


def _check_value(m: Measure, value: float, field: str) -> float:
    not_number, bad_rate, bad_count = _messages(field)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(not_number, field=field)
    value = float(value)
    if m.is_rate and not 0.0 <= value <= 100.0:
        raise ValidationError(bad_rate, field=field)
    if not m.is_rate and (value < 0 or value != int(value)):
        raise ValidationError(bad_count, field=field)
    return value


def validate_objective(
    measure_key: str,
    title: str,
    comparator: str,
    target: float,
    manual_actual: float | None = None,
) -> tuple[Measure, str, float, float | None]:
    """Check an objective as typed; returns (measure, trimmed title, target, manual actual).

    Raises ValidationError naming the field: an unknown measure, an empty
    title, a comparator other than ">=" / "<=", a rate target outside 0–100,
    a count target that is not a whole number, an actual given for a measure
    the program computes itself.
    """
    m = measure(measure_key)
    clean = " ".join((title or "").split())
    if not clean:
        raise ValidationError(_("Give the objective a title."), field="title")
    if comparator not in COMPARATORS:
        raise ValidationError(
            _('The comparison must be ">=" (at least) or "<=" (at most).'), field="comparator"
        )
    value = _check_value(m, target, "target")
    actual = None
    if manual_actual is not None:
        if m.key != "manual":
            raise ValidationError(
                _("The program measures this objective itself; leave the actual value empty."),
                field="manual_actual",
            )
        actual = _check_value(m, manual_actual, "manual_actual")
    return m, clean, value, actual


@dataclass(frozen=True)
class Objective:
    """One stored objective, as the services hand it out."""

    id: str
    year: int
    position: int
    measure: str
    title: str
    comparator: str
    target: float
    manual_actual: float | None = None
    note: str = ""
