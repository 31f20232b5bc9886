"""Report II.06a counted in SQL: one grouped aggregate, the same on SQLite and PostgreSQL.

The rules are ``domain.report_ii06a.classify``'s, written as CASE expressions
(a hypothesis test compares the two on random dossiers). The rows that can
count in a period are gathered by four disjoint, index-friendly selects joined
with UNION ALL, so a month's report does not read the whole table:

1. received in the period (``ix_dossiers_status_received`` / ``received_at``);
2. received before it and not resolved (status 2, 4, 5, 6: pending at the start);
3. received before it, resolved, finished on or after the start (``ix_dossiers_finished_at``)
   and not returned before it;
4. received before it, resolved, never marked finished, returned on or after the start
   (``ix_dossiers_returned_at``).

A finished dossier without a stored timeliness is judged as
``domain.calendar.classify_return`` does: early when finished on an earlier
calendar day than the due day, late when finished after the due minute
(seconds ignored), else on time. The day and the minute of a moment are
``substr`` of SQLite's stored text and ``date_trunc`` on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    String,
    and_,
    case,
    func,
    literal,
    not_,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from motcua_desktop.domain.dossier import Channel, Status
from motcua_desktop.domain.report_ii06a import EXCLUDED_STATUSES, RESOLVED_STATUSES, II06aCounts
from motcua_desktop.store.models import Dossier

RESOLVED = [int(s) for s in RESOLVED_STATUSES]
EXCLUDED = [int(s) for s in EXCLUDED_STATUSES]
OPEN = [int(s) for s in Status if s not in RESOLVED_STATUSES and s not in EXCLUDED_STATUSES]
JUDGED = ("early", "on_time", "late")

# The grouping keys each kind of report asks for (columns of ``dossiers``).
KEYS = {
    "field": ("field_name",),
    "procedure": ("field_name", "procedure_code"),
    "commune": ("origin_id",),
}
COUNT_COLUMNS = (
    "received",
    "received_online",
    "received_direct",
    "carried_over",
    "resolved",
    "early",
    "on_time",
    "late",
    "pending",
    "pending_within",
    "pending_overdue",
)


class _DayOf(FunctionElement):
    """The calendar day of a moment, comparable with another ``_DayOf``."""

    type = String()
    inherit_cache = True


class _MinuteOf(FunctionElement):
    """A moment without its seconds, comparable with another ``_MinuteOf``."""

    type = String()
    inherit_cache = True


@compiles(_DayOf)
def _day_default(element, compiler, **kw):
    return "date_trunc('day', %s)" % compiler.process(element.clauses, **kw)


@compiles(_DayOf, "sqlite")
def _day_sqlite(element, compiler, **kw):
    return "substr(%s, 1, 10)" % compiler.process(element.clauses, **kw)


@compiles(_MinuteOf)
def _minute_default(element, compiler, **kw):
    return "date_trunc('minute', %s)" % compiler.process(element.clauses, **kw)


@compiles(_MinuteOf, "sqlite")
def _minute_sqlite(element, compiler, **kw):
    return "substr(%s, 1, 16)" % compiler.process(element.clauses, **kw)


def _rows(start: datetime, end: datetime, keys: Sequence[str], origin_id: str | None):
    """The UNION ALL of the four row sets, with the moment of resolution as ``done``."""
    d = Dossier.__table__.c
    f, r = d.finished_at, d.returned_at
    done = case(
        (d.status.not_in(RESOLVED), None),
        (and_(f.is_(None), r.is_(None)), d.received_at),
        (f.is_(None), r),
        (r.is_(None), f),
        (f <= r, f),
        else_=r,
    ).label("done")
    cols = [
        *(d[k] for k in keys),
        d.procedure_name,
        d.status,
        d.channel,
        d.received_at,
        d.due_at,
        d.timeliness,
        done,
    ]
    base = [d.due_at.is_not(None), d.status.not_in(EXCLUDED)]
    if origin_id is not None:
        base.append(d.origin_id == origin_id)
    before = d.received_at < start
    parts = [
        and_(d.received_at >= start, d.received_at < end),
        and_(before, d.status.in_(OPEN)),
        and_(before, d.status.in_(RESOLVED), f >= start, or_(r.is_(None), r >= start)),
        and_(before, d.status.in_(RESOLVED), f.is_(None), r >= start),
    ]
    return union_all(*(select(*cols).where(*base, part) for part in parts)).subquery("u")


def count_ii06a(
    session: Any,
    start: datetime,
    end: datetime,
    group: str,
    *,
    origin_id: str | None = None,
) -> dict[tuple, tuple[II06aCounts, str]]:
    """Columns 3–13 per group key (``KEYS[group]``) over ``[start, end)``.

    Returns ``{key tuple: (counts, a procedure name seen in the group)}``.
    """
    keys = KEYS[group]
    u = _rows(start, end, keys, origin_id)
    start_p = literal(start, DateTime())
    end_p = literal(end, DateTime())
    new = u.c.received_at >= start_p
    resolved = u.c.done < end_p
    pending = or_(u.c.done.is_(None), u.c.done > end_p)
    judged = func.coalesce(u.c.timeliness, "").in_(JUDGED)
    early_by_clock = _DayOf(u.c.done) < _DayOf(u.c.due_at)
    late_by_clock = and_(not_(early_by_clock), _MinuteOf(u.c.done) > _MinuteOf(u.c.due_at))

    def n(cond):
        return func.sum(case((cond, 1), else_=0))

    def outcome(value: str, by_clock):
        return n(
            and_(resolved, or_(u.c.timeliness == value, and_(not_(judged), by_clock)))
        )

    on_time_by_clock = and_(not_(early_by_clock), not_(late_by_clock))
    q = select(
        *(u.c[k] for k in keys),
        func.max(u.c.procedure_name),
        func.count(),
        n(and_(new, u.c.channel == int(Channel.ONLINE))),
        n(and_(new, u.c.channel != int(Channel.ONLINE))),
        n(not_(new)),
        n(resolved),
        outcome("early", early_by_clock),
        outcome("on_time", on_time_by_clock),
        outcome("late", late_by_clock),
        n(pending),
        n(and_(pending, u.c.due_at >= end_p)),
        n(and_(pending, u.c.due_at < end_p)),
    ).group_by(*(u.c[k] for k in keys))
    out: dict[tuple, tuple[II06aCounts, str]] = {}
    width = len(keys)
    for row in session.execute(q):
        values = [int(v or 0) for v in row[width + 1 :]]
        out[tuple(row[:width])] = (II06aCounts(*values), row[width] or "")
    return out
