"""The shapes of the reports: what the services compute and the documents and screens show.

Plain data, no storage and no rendering: ``services.reports``,
``services.report_figures``, ``services.dashboard`` and
``services.quality_objectives`` fill them; ``documents.report_*`` and the
``ui`` pages read them; ``as_dict()`` is the ``--format json`` output.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from motcua_desktop.domain.periods import Period
from motcua_desktop.domain.report_ii06a import II06aCounts, II06aRow


class GroupBy(StrEnum):
    FIELD = "field"  # one line per field (lĩnh vực)
    PROCEDURE = "procedure"  # one line per field, its procedures below it
    COMMUNE = "commune"  # at the district: one line per commune


@dataclass(frozen=True)
class ReportHeader:
    """Who reports to whom, for the header and the signature block (Decree 30 layout).

    ``parent_unit`` is the upper line of the agency name (e.g. "UBND TỈNH
    LÂM ĐỒNG"), ``reporting_unit`` the lower, bold line ("UBND XÃ ĐẠ TÔNG").
    """

    reporting_unit: str
    parent_unit: str = ""
    receiving_unit: str = ""
    place: str = ""
    made_on: date | None = None
    preparer: str = ""  # "Người lập biểu"
    signer_title: str = ""  # e.g. "CHỦ TỊCH" or "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    signer_name: str = ""


def _period_dict(p: Period) -> dict[str, Any]:
    return {
        "code": p.code(),
        "label": p.label(),
        "from": p.date_from.isoformat(),
        "to": p.date_to.isoformat(),
        "cut_day": p.cut_day,
    }


def counts_dict(c: II06aCounts) -> dict[str, Any]:
    """Columns 3–13 by name and the four rates (2 decimals)."""
    return {
        **asdict(c),
        "on_time_rate": c.on_time_rate,
        "early_share": c.early_share,
        "on_time_share": c.on_time_share,
        "late_rate": c.late_rate,
        "completion_rate": c.completion_rate,
        "online_rate": c.online_rate,
    }


@dataclass(frozen=True)
class Freshness:
    """How old a commune's data is at the district, shown beside its figures."""

    last_data_at: datetime | None
    days: int | None  # None: nothing received yet
    stale: bool  # older than the threshold (40 days by default)
    text: str  # in plain words, e.g. "no data for 41 days"


@dataclass
class II06aLine:
    """A line of the report: a field, a procedure under its field, or a commune.

    ``level`` 0 is a top line (numbered), 1 a procedure under its field.
    """

    row: II06aRow
    level: int = 0
    children: list[II06aLine] = field(default_factory=list)
    freshness: Freshness | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "number": self.row.number,
            "label": self.row.label,
            "key": self.row.key,
            "level": self.level,
            **counts_dict(self.row.counts),
        }
        if self.freshness is not None:
            out["freshness"] = {
                "last_data_at": self.freshness.last_data_at.isoformat()
                if self.freshness.last_data_at
                else None,
                "days": self.freshness.days,
                "stale": self.freshness.stale,
                "text": self.freshness.text,
            }
        if self.children:
            out["children"] = [c.as_dict() for c in self.children]
        return out


@dataclass
class II06aReport:
    """Report II.06a for one period: the lines (with their sub-lines) and the total."""

    header: ReportHeader
    period: Period
    group_by: GroupBy
    lines: list[II06aLine]
    total: II06aRow
    generated_at: datetime

    def flat(self) -> list[II06aLine]:
        """Every line in printing order, sub-lines after their parent; the total not included."""
        out: list[II06aLine] = []
        for line in self.lines:
            out.append(line)
            out.extend(line.children)
        return out

    def balanced(self) -> bool:
        return (
            all(line.row.counts.balanced() for line in self.flat()) and self.total.counts.balanced()
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": "ii06a",
            "header": {**asdict(self.header), "made_on": _iso(self.header.made_on)},
            "period": _period_dict(self.period),
            "group_by": self.group_by.value,
            "lines": [line.as_dict() for line in self.lines],
            "total": {"label": self.total.label, **counts_dict(self.total.counts)},
            "generated_at": self.generated_at.isoformat(),
        }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass
class GroupFigures:
    """Figures for one procedure or one handling official over a period."""

    key: str
    label: str
    received: int = 0
    resolved: int = 0
    on_time: int = 0  # early included
    late: int = 0
    returned_by_post: int = 0
    supplement_requests: int = 0
    apologies: int = 0
    # Average working days from receipt to resolution over the resolved
    # dossiers with both times known (``timed``); None when there are none.
    avg_working_days: float | None = None
    timed: int = 0


@dataclass
class FiguresReport:
    """The other counts the seed articles report, for one period."""

    header: ReportHeader
    period: Period
    counts: II06aCounts  # the period's II.06a total, for the rates
    by_channel: dict[int, int]  # received in the period, by Channel value
    returned_by_post: int
    returned_at_desk: int
    supplement_requests: int  # requests issued in the period (at the desk or while processing)
    apologies: int  # apology letters (extensions) issued in the period
    refusals: int
    avg_working_days: float | None
    timed: int
    by_procedure: list[GroupFigures]
    by_official: list[GroupFigures]
    generated_at: datetime

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["kind"] = "figures"
        out["header"] = {**asdict(self.header), "made_on": _iso(self.header.made_on)}
        out["period"] = _period_dict(self.period)
        out["counts"] = counts_dict(self.counts)
        out["by_channel"] = {str(k): v for k, v in self.by_channel.items()}
        out["generated_at"] = self.generated_at.isoformat()
        return out


@dataclass(frozen=True)
class MonthPoint:
    """One month of the charts' series."""

    period: Period
    received: int  # received in the month (columns 4 + 5)
    resolved: int  # column 7
    on_time_rate: float | None  # (8 + 9) / 7, None when nothing was resolved


@dataclass(frozen=True)
class Slice:
    label: str
    value: int


@dataclass
class ChartData:
    """What the three charts draw: months received vs resolved, on-time rate, dossiers by field."""

    months: list[MonthPoint]
    by_field: list[Slice]  # received in the whole span, largest first


@dataclass(frozen=True)
class Comparison:
    """One dashboard figure: this period beside the one before and the same one a year ago."""

    key: str  # received | resolved | on_time_rate | late | pending_overdue | online_rate | satisfaction_rate
    label: str
    current: float | None
    previous: float | None
    last_year: float | None
    is_rate: bool = False
    higher_is_better: bool = True


class ObjectiveStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"  # nothing to measure yet (e.g. no surveys entered)


@dataclass(frozen=True)
class ObjectiveResult:
    """A quality objective with the program's measure of it."""

    objective_id: str
    position: int
    title: str
    measure: str
    comparator: str  # ">=" or "<="
    target: float
    actual: float | None
    status: ObjectiveStatus
    basis: str  # what the actual was computed from, in plain words ("18,738 resolved dossiers")
    count: int = 0  # how many items stand behind the actual


@dataclass
class ObjectivesReport:
    header: ReportHeader
    year: int
    period: Period  # the year so far (to the report date) or the whole year
    results: list[ObjectiveResult]
    generated_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": "objectives",
            "header": {**asdict(self.header), "made_on": _iso(self.header.made_on)},
            "year": self.year,
            "period": _period_dict(self.period),
            "results": [{**asdict(r), "status": r.status.value} for r in self.results],
            "generated_at": self.generated_at.isoformat(),
        }


@dataclass
class Dashboard:
    """The home figures: this month against last month and the same month last year."""

    period: Period
    comparisons: list[Comparison]
    charts: ChartData
    objectives: list[ObjectiveResult]
    generated_at: datetime
    overdue_actions: int = 0  # corrective actions past due and not verified effective
    reports_overdue: int = 0  # annual-inspection findings past the two-month reporting limit
