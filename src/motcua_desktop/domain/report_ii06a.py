"""Report II.06a arithmetic: classify each dossier for a period and add up the 13 columns.

Definitions (DOMAIN.md, "Report II.06a"; the reports issue may refine them):

- A dossier counts once it was accepted for processing: it has a due time and
  its status is not registered (1), not accepted (3), withdrawn (7) or
  stopped (8). Withdrawn and stopped dossiers are left out of this first
  version altogether, as are supplement requests made at the desk (they
  have no due time).
- The period is ``[start, end)``: from ``date_from`` 00:00 to the day after
  ``date_to`` 00:00.
- **Resolved** means finished (status 9) or result returned (status 10). The
  moment of resolution is ``finished_at`` — the handling unit's work is done
  then — or ``returned_at`` when no finish was recorded (the earlier of the
  two when both are set). Timeliness is the ``timeliness`` stored at return
  (judged against the appointment); a finished dossier not yet returned is
  judged by ``domain.calendar.classify_return(resolved_at, due_at)``.
- **Received in the period** (column 3's 4 and 5): ``start <= received_at < end``;
  online is channel 2, in person and postal are channels 1 and 3.
- **Carried over** (6): received before ``start`` and not resolved before it.
- **Pending** (11): counted and not resolved before ``end``; within the
  deadline (12) when ``due_at >= end``, else overdue (13).

So every counted dossier is resolved or pending, and 3 = 4+5+6 = 7+11.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from motcua_desktop.domain.calendar import classify_return
from motcua_desktop.domain.dossier import Channel, Status, Timeliness

EXCLUDED_STATUSES = frozenset(
    {Status.REGISTERED, Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.STOPPED}
)
RESOLVED_STATUSES = frozenset({Status.FINISHED, Status.RESULT_RETURNED})


@dataclass(frozen=True)
class DossierFacts:
    """The few facts of one dossier the report needs (plain values from any store)."""

    status: int
    channel: int
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    timeliness: str | None = None


class Intake(StrEnum):
    ONLINE = "online"
    DIRECT = "direct"  # in person or by public post
    CARRIED_OVER = "carried_over"


class Outcome(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    PENDING_WITHIN = "pending_within"
    PENDING_OVERDUE = "pending_overdue"


@dataclass(frozen=True)
class Classification:
    intake: Intake
    outcome: Outcome


def period_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """The half-open moment range ``[date_from 00:00, date_to + 1 day 00:00)``."""
    return datetime.combine(date_from, time()), datetime.combine(
        date_to + timedelta(days=1), time()
    )


def resolved_at(d: DossierFacts) -> datetime | None:
    """When the dossier was resolved (see the module text), or None if it is not."""
    if d.status not in RESOLVED_STATUSES:
        return None
    moments = [t for t in (d.finished_at, d.returned_at) if t is not None]
    return min(moments) if moments else None


def _timeliness(d: DossierFacts, at: datetime) -> Timeliness:
    if d.timeliness in {t.value for t in Timeliness}:
        return Timeliness(d.timeliness)
    if d.due_at is None:
        return Timeliness.ON_TIME
    return classify_return(at, d.due_at)


def classify(d: DossierFacts, start: datetime, end: datetime) -> Classification | None:
    """Where ``d`` falls in the report for ``[start, end)``, or None if it is not counted."""
    if d.due_at is None or d.status in EXCLUDED_STATUSES or d.received_at >= end:
        return None
    done = resolved_at(d)
    if d.status in RESOLVED_STATUSES and done is None:
        done = d.received_at  # resolved, time unknown: at the latest when received
    if d.received_at < start:
        if done is not None and done < start:
            return None
        intake = Intake.CARRIED_OVER
    else:
        intake = Intake.ONLINE if d.channel == Channel.ONLINE else Intake.DIRECT
    if done is not None and done < end:
        outcome = Outcome(_timeliness(d, done).value)
    elif d.due_at >= end:
        outcome = Outcome.PENDING_WITHIN
    else:
        outcome = Outcome.PENDING_OVERDUE
    return Classification(intake, outcome)


@dataclass
class II06aCounts:
    """Columns 3–13 of one row; the rates are derived."""

    received: int = 0  # 3
    received_online: int = 0  # 4
    received_direct: int = 0  # 5
    carried_over: int = 0  # 6
    resolved: int = 0  # 7
    early: int = 0  # 8
    on_time: int = 0  # 9
    late: int = 0  # 10
    pending: int = 0  # 11
    pending_within: int = 0  # 12
    pending_overdue: int = 0  # 13

    def add(self, c: Classification) -> None:
        self.received += 1
        if c.intake is Intake.ONLINE:
            self.received_online += 1
        elif c.intake is Intake.DIRECT:
            self.received_direct += 1
        else:
            self.carried_over += 1
        if c.outcome in (Outcome.PENDING_WITHIN, Outcome.PENDING_OVERDUE):
            self.pending += 1
            if c.outcome is Outcome.PENDING_WITHIN:
                self.pending_within += 1
            else:
                self.pending_overdue += 1
        else:
            self.resolved += 1
            setattr(self, c.outcome.value, getattr(self, c.outcome.value) + 1)

    def __iadd__(self, other: II06aCounts) -> II06aCounts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def balanced(self) -> bool:
        """The four equations of the form: 3=4+5+6, 7=8+9+10, 11=12+13, 3=7+11."""
        return (
            self.received == self.received_online + self.received_direct + self.carried_over
            and self.resolved == self.early + self.on_time + self.late
            and self.pending == self.pending_within + self.pending_overdue
            and self.received == self.resolved + self.pending
        )

    def columns(self) -> list[int]:
        """Columns 3 to 13 in the form's order."""
        return [getattr(self, f.name) for f in fields(self)]

    @property
    def on_time_rate(self) -> float:
        """(8+9)/7 in percent, 100 when nothing was resolved."""
        return 100.0 if not self.resolved else _pct(self.early + self.on_time, self.resolved)

    @property
    def early_share(self) -> float:
        """8/7 in percent: the seed articles' "2,899 early (15.47%)"; 0 when nothing was resolved."""
        return 0.0 if not self.resolved else _pct(self.early, self.resolved)

    @property
    def on_time_share(self) -> float:
        """9/7 in percent, early not included: "14,904 on time (79.54%)"."""
        return 0.0 if not self.resolved else _pct(self.on_time, self.resolved)

    @property
    def late_rate(self) -> float:
        return 0.0 if not self.resolved else _pct(self.late, self.resolved)

    @property
    def completion_rate(self) -> float:
        return 0.0 if not self.received else _pct(self.resolved, self.received)

    @property
    def online_rate(self) -> float:
        new = self.received_online + self.received_direct
        return 0.0 if not new else _pct(self.received_online, new)


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2)


@dataclass
class II06aRow:
    """One line of the report: ``label`` is a field, or a commune at the district."""

    number: int | None  # column 1 (TT); None for the total line
    label: str  # column 2
    counts: II06aCounts = field(default_factory=II06aCounts)
    key: str = ""  # e.g. the commune's agency code


def tally(dossiers: Iterable[DossierFacts], start: datetime, end: datetime) -> II06aCounts:
    """Columns 3–13 over ``dossiers`` for the period ``[start, end)``."""
    counts = II06aCounts()
    for d in dossiers:
        c = classify(d, start, end)
        if c is not None:
            counts.add(c)
    return counts


def total_row(rows: Iterable[II06aRow], label: str) -> II06aRow:
    total = II06aRow(None, label)
    for r in rows:
        total.counts += r.counts
    return total
