"""The other figures the seed articles report: channels, post, supplements, apologies, time taken.

One call of :func:`figures` reads one period; per procedure and per handling
official the same figures are broken down in ``GroupFigures``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.calendar import WorkingCalendar
from motcua_desktop.domain.dossier import Channel, Status
from motcua_desktop.domain.periods import Period
from motcua_desktop.domain.report_ii06a import (
    EXCLUDED_STATUSES,
    RESOLVED_STATUSES,
    DossierFacts,
    Outcome,
    classify,
    resolved_at,
)
from motcua_desktop.domain.report_models import FiguresReport, GroupFigures
from motcua_desktop.domain.text import fold
from motcua_desktop.i18n import _
from motcua_desktop.services import reports
from motcua_desktop.services.calendar import calendar_in
from motcua_desktop.services.context import AppContext
from motcua_desktop.store.models import Dossier, DossierEvent, Extension

SUPPLEMENT_EVENT = "supplement_requested"  # intake's at the desk and lifecycle's during processing
REFUSAL_EVENT = "refused"
_DAY = timedelta(days=1)


def _minutes(a, b) -> int:
    return (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)


class WorkingMinutes:
    """Working time between two moments in O(1), from a count of working days kept per day.

    Agrees with ``WorkingCalendar.working_time_between`` (seconds aside): the
    minutes inside the sessions of working days between the two moments.
    """

    def __init__(self, cal: WorkingCalendar) -> None:
        self.cal = cal
        h = cal.hours
        self.per_day = _minutes(h.morning_start, h.morning_end) + _minutes(
            h.afternoon_start, h.afternoon_end
        )
        self._origin: date | None = None
        self._before: list[int] = [0]  # working days in [origin, origin + i days)

    def _days_before(self, d: date) -> int:
        if self._origin is None or d < self._origin:
            self._origin, self._before = d, [0]
        i = (d - self._origin).days
        while len(self._before) <= i:
            day = self._origin + timedelta(days=len(self._before) - 1)
            self._before.append(self._before[-1] + self.cal.is_working_day(day))
        return self._before[i]

    def _of_day(self, t: datetime) -> int:
        """Working minutes of ``t``'s own day that lie before ``t``."""
        if not self.cal.is_working_day(t.date()):
            return 0
        h = self.cal.hours
        clock = t.time()
        done = 0
        for start, end in ((h.morning_start, h.morning_end), (h.afternoon_start, h.afternoon_end)):
            if clock > start:
                done += _minutes(start, min(clock, end))
        return done

    def between(self, a: datetime, b: datetime) -> int:
        """Working minutes from ``a`` to ``b`` (0 when ``b`` is not after ``a``)."""
        if b <= a:
            return 0
        self._days_before(min(a.date(), b.date()))
        days = self._days_before(b.date()) - self._days_before(a.date())
        return max(0, days * self.per_day + self._of_day(b) - self._of_day(a))


@dataclass
class _Acc:
    """A GroupFigures being added up, with the working minutes behind its average."""

    figures: GroupFigures
    minutes: int = 0

    def close(self, per_day: int) -> GroupFigures:
        f = self.figures
        f.avg_working_days = round(self.minutes / per_day / f.timed, 2) if f.timed else None
        return f


class _Groups:
    """Per procedure and per handling official, filled side by side."""

    def __init__(self) -> None:
        self.procedures: dict[str, _Acc] = {}
        self.officials: dict[str, _Acc] = {}

    def cells(self, proc: str, proc_name: str, off_id: str | None, off_name: str) -> list[_Acc]:
        off_key = off_id or (f"name:{off_name}" if off_name else "")
        p = self.procedures.get(proc)
        if p is None:
            p = self.procedures[proc] = _Acc(GroupFigures(proc, proc_name or proc))
        o = self.officials.get(off_key)
        if o is None:
            label = off_name or _("No handling official")
            o = self.officials[off_key] = _Acc(GroupFigures(off_key, label))
        return [p, o]

    def add(self, rows: Iterable, attr: str) -> None:
        for proc, proc_name, off_id, off_name, n in rows:
            for acc in self.cells(proc, proc_name, off_id, off_name):
                setattr(acc.figures, attr, getattr(acc.figures, attr) + int(n))

    @staticmethod
    def ordered(accs: dict[str, _Acc], per_day: int) -> list[GroupFigures]:
        out = [a.close(per_day) for a in accs.values()]
        return sorted(out, key=lambda g: (-(g.received + g.resolved), fold(g.label), g.key))


def _group_cols(d):
    return (d.procedure_code, d.procedure_name, d.handling_official_id, d.handling_official_name)


def _counted(d, origin_id: str | None) -> list:
    conds = [d.due_at.is_not(None), d.status.not_in([int(s) for s in EXCLUDED_STATUSES])]
    if origin_id is not None:
        conds.append(d.origin_id == origin_id)
    return conds


def _origin(d, origin_id: str | None) -> list:
    return [] if origin_id is None else [d.origin_id == origin_id]


def _received(s: Session, groups: _Groups, start, end, origin_id) -> dict[int, int]:
    d = Dossier.__table__.c
    q = (
        select(*_group_cols(d), d.channel, func.count())
        .where(*_counted(d, origin_id), d.received_at >= start, d.received_at < end)
        .group_by(*_group_cols(d), d.channel)
    )
    by_channel = {int(c): 0 for c in Channel}
    for *key, channel, n in s.execute(q):
        by_channel[int(channel)] = by_channel.get(int(channel), 0) + int(n)
        groups.add([(*key, n)], "received")
    return by_channel


def _resolved(s: Session, groups: _Groups, clock: WorkingMinutes, start, end, origin_id) -> list:
    """Resolved in the period as II.06a column 7 counts them; returns (minutes,) of the timed ones."""
    d = Dossier.__table__.c
    in_period = [and_(c >= start, c < end) for c in (d.finished_at, d.returned_at, d.received_at)]
    q = select(
        *_group_cols(d),
        d.status,
        d.channel,
        d.received_at,
        d.due_at,
        d.finished_at,
        d.returned_at,
        d.timeliness,
        d.paused_minutes,
    ).where(
        *_counted(d, origin_id),
        d.status.in_([int(s) for s in RESOLVED_STATUSES]),
        or_(*in_period),
    )
    timed: list[int] = []
    for proc, proc_name, off_id, off_name, *facts_cols, paused in s.execute(q):
        facts = DossierFacts(*facts_cols)
        c = classify(facts, start, end)
        if c is None or c.outcome in (Outcome.PENDING_WITHIN, Outcome.PENDING_OVERDUE):
            continue
        done = resolved_at(facts)
        minutes = None
        if done is not None:
            minutes = max(0, clock.between(facts.received_at, done) - int(paused or 0))
            timed.append(minutes)
        for acc in groups.cells(proc, proc_name, off_id, off_name):
            f = acc.figures
            f.resolved += 1
            if c.outcome is Outcome.LATE:
                f.late += 1
            else:
                f.on_time += 1
            if minutes is not None:
                f.timed += 1
                acc.minutes += minutes
    return timed


def _returned(s: Session, groups: _Groups, start, end, origin_id) -> tuple[int, int]:
    d = Dossier.__table__.c
    method = func.coalesce(d.return_method, d.result_delivery)
    q = (
        select(*_group_cols(d), method, func.count())
        .where(
            *_origin(d, origin_id),
            d.status == int(Status.RESULT_RETURNED),
            d.returned_at >= start,
            d.returned_at < end,
        )
        .group_by(*_group_cols(d), method)
    )
    post = desk = 0
    for *key, how, n in s.execute(q):
        if how == "post":
            post += int(n)
            groups.add([(*key, n)], "returned_by_post")
        else:
            desk += int(n)
    return post, desk


def _joined(s: Session, table, moment, where: list, span, origin_id) -> list:
    """Rows of ``table`` (events, extensions) at ``moment`` in ``span``, counted per dossier group."""
    d = Dossier.__table__.c
    start, end = span
    q = (
        select(*_group_cols(d), func.count())
        .select_from(table.join(Dossier.__table__, table.c.dossier_id == d.id))
        .where(*_origin(d, origin_id), *where, moment >= start, moment < end)
        .group_by(*_group_cols(d))
    )
    return list(s.execute(q))


def pending_overdue_at(s: Session, moment: datetime, origin_id: str | None = None) -> int:
    """Dossiers pending and past their deadline at ``moment`` (II.06a column 13 when it is the end).

    Counted as II.06a counts: received before ``moment``, not resolved before
    it (a resolved dossier without recorded times counts as resolved on
    receipt), due before it.
    """
    d = Dossier.__table__.c
    resolved_before = and_(
        d.status.in_([int(x) for x in RESOLVED_STATUSES]),
        or_(
            d.finished_at < moment,
            d.returned_at < moment,
            and_(d.finished_at.is_(None), d.returned_at.is_(None)),
        ),
    )
    q = select(func.count()).where(
        *_counted(d, origin_id), d.received_at < moment, d.due_at < moment, ~resolved_before
    )
    return int(s.scalar(q) or 0)


def figures(ctx: AppContext, period: Period, *, origin_id: str | None = None) -> FiguresReport:
    """The period's other figures; ``origin_id`` keeps one commune's rows (at the district).

    - Received by channel: the dossiers II.06a counts as received in the
      period (columns 4 and 5), by ``Channel``; they add up to 4 + 5.
    - Resolved, on time (early included) and late per group: exactly
      column 7's dossiers (``domain.report_ii06a.classify``), so the groups
      add up to the II.06a total.
    - Returned by post or at the desk: results handed back in the period
      (status 10, ``returned_at`` in it), by ``return_method`` (the delivery
      chosen at intake when the method was not recorded).
    - Supplement requests: ``supplement_requested`` events in the period,
      both at the desk (intake) and during processing (the clock pauses).
    - Apologies: apology-and-extension letters (``extensions`` rows) issued
      in the period. Refusals: ``refused`` events in the period.
    - Average processing time: over the resolved dossiers whose moment of
      resolution is recorded (``timed``), the working time from
      ``received_at`` to the resolution (the finish, or the return when no
      finish was recorded) on this installation's working calendar (holidays
      and local days off skipped, only the opening hours count), less the
      ``paused_minutes`` the clock stood still waiting for the citizen, in
      working days of the calendar's opening hours (8 hours by default),
      rounded to 2 decimals. The receipt's moment is used as is, so a dossier
      received after closing starts counting the next morning.
    """
    total = reports.ii06a(ctx, period, origin_id=origin_id).total.counts
    header = reports.report_header(ctx)
    start, end = period.bounds()
    groups = _Groups()
    ev = DossierEvent.__table__.c
    with ctx.db.session(readonly=True) as s:
        clock = WorkingMinutes(calendar_in(s))
        by_channel = _received(s, groups, start, end, origin_id)
        timed = _resolved(s, groups, clock, start, end, origin_id)
        post, desk = _returned(s, groups, start, end, origin_id)
        supplements = _joined(
            s, DossierEvent.__table__, ev.at, [ev.kind == SUPPLEMENT_EVENT], (start, end), origin_id
        )
        groups.add(supplements, "supplement_requests")
        apologies = _joined(
            s, Extension.__table__, Extension.__table__.c.issued_at, [], (start, end), origin_id
        )
        groups.add(apologies, "apologies")
        refusals = _joined(
            s, DossierEvent.__table__, ev.at, [ev.kind == REFUSAL_EVENT], (start, end), origin_id
        )
    per_day = clock.per_day
    return FiguresReport(
        header=header,
        period=period,
        counts=total,
        by_channel=by_channel,
        returned_by_post=post,
        returned_at_desk=desk,
        supplement_requests=_sum(supplements),
        apologies=_sum(apologies),
        refusals=_sum(refusals),
        avg_working_days=round(sum(timed) / per_day / len(timed), 2) if timed else None,
        timed=len(timed),
        by_procedure=_Groups.ordered(groups.procedures, per_day),
        by_official=_Groups.ordered(groups.officials, per_day),
        generated_at=datetime.now().replace(microsecond=0),
    )


def _sum(rows: list) -> int:
    return sum(int(r[-1]) for r in rows)
