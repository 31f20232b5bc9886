"""Report II.06a counted in SQL: one grouped aggregate, the same on SQLite and PostgreSQL.

The rules are ``domain.report_ii06a.classify``'s, written as CASE expressions
(a hypothesis test compares the two on random dossiers). The rows that can
count in a period are gathered by four disjoint, index-friendly selects joined
with UNION ALL, so a month's report does not read the whole table:

1. received in the period (``ix_dossiers_status_received`` / ``received_at``);
2. received before it and not resolved (status 2, 4, 5, 6: pending at the start);
3. received before it, resolved, finished on or after the start (``ix_dossiers_finished_received``)
   and not returned before it;
4. received before it, resolved, never marked finished, returned on or after the start
   (``ix_dossiers_returned_received``). Both hold ``received_at`` too, so the
   "received before it" test needs no table row; the rows of 1. come from the
   covering ``ix_dossiers_report``.

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

# The grouping keys each kind of report asks for (columns of ``dossiers``).
KEYS = {
    "field": ("field_name",),
    "procedure": ("field_name", "procedure_code"),
    "commune": ("origin_id",),
}
# Codes of the inner select: how the dossier came in, and where it stands at the end.
ONLINE, DIRECT, CARRIED = 1, 2, 3
INTAKES = (ONLINE, DIRECT, CARRIED)
EARLY, ON_TIME, LATE, WITHIN, OVERDUE = 11, 12, 13, 14, 15


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
    arg = compiler.process(element.clauses, **kw)
    return f"date_trunc('day', {arg})"


@compiles(_DayOf, "sqlite")
def _day_sqlite(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"substr({arg}, 1, 10)"


@compiles(_MinuteOf)
def _minute_default(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"date_trunc('minute', {arg})"


@compiles(_MinuteOf, "sqlite")
def _minute_sqlite(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"substr({arg}, 1, 16)"


class _Unindexed(FunctionElement):
    """A column the SQLite planner must not pick an index for (``+col``); plain elsewhere."""

    inherit_cache = True

    def __init__(self, column):
        super().__init__(column)
        self.type = column.type


@compiles(_Unindexed)
def _unindexed_default(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(_Unindexed, "sqlite")
def _unindexed_sqlite(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"+{arg}"


def _rows(start: datetime, end: datetime, keys: Sequence[str], origin_id: str | None):
    """The UNION ALL of the four row sets, each row with its intake and outcome codes."""
    d = Dossier.__table__.c
    f, r = d.finished_at, d.returned_at
    start_p = literal(start, DateTime())
    end_p = literal(end, DateTime())
    # When the dossier was resolved (None: it is not); see domain.report_ii06a.resolved_at.
    done = case(
        (d.status.not_in(RESOLVED), None),
        (and_(f.is_(None), r.is_(None)), d.received_at),
        (f.is_(None), r),
        (r.is_(None), f),
        (f <= r, f),
        else_=r,
    )
    intake = case(
        (d.received_at < start_p, CARRIED),
        (d.channel == int(Channel.ONLINE), ONLINE),
        else_=DIRECT,
    ).label("intake")
    # Resolved before the end: every row here was received before the end, so a resolved
    # dossier with neither time recorded counts as resolved (at its receipt).
    resolved = and_(
        d.status.in_(RESOLVED),
        or_(f < end_p, r < end_p, and_(f.is_(None), r.is_(None))),
    )
    outcome = case(
        (
            resolved,
            case(
                (d.timeliness == "early", EARLY),
                (d.timeliness == "on_time", ON_TIME),
                (d.timeliness == "late", LATE),
                # Not judged at return: domain.calendar.classify_return at the resolution.
                (_DayOf(done) < _DayOf(d.due_at), EARLY),
                (_MinuteOf(done) > _MinuteOf(d.due_at), LATE),
                else_=ON_TIME,
            ),
        ),
        (d.due_at >= end_p, WITHIN),
        else_=OVERDUE,
    ).label("outcome")
    cols = [*(d[k] for k in keys), intake, outcome]
    base = [d.due_at.is_not(None), d.status.not_in(EXCLUDED)]
    if origin_id is not None:
        base.append(d.origin_id == origin_id)
    before = d.received_at < start_p
    # Resolved on or after the start but received before it: few rows, found through
    # ix_dossiers_finished_received / returned_received; the other conditions must not steer SQLite
    # to ix_dossiers_status_received, which would walk every older resolved dossier.
    old_resolved = [
        _Unindexed(d.due_at).is_not(None),
        _Unindexed(d.status).in_(RESOLVED),
        _Unindexed(d.received_at) < start_p,
    ]
    if origin_id is not None:
        old_resolved.append(_Unindexed(d.origin_id) == origin_id)
    parts = [
        select(*cols).where(*base, d.received_at >= start_p, d.received_at < end_p),
        select(*cols).where(*base, before, d.status.in_(OPEN)),
        select(*cols).where(*old_resolved, f >= start_p, or_(r.is_(None), r >= start_p)),
        select(*cols).where(*old_resolved, _Unindexed(f).is_(None), r >= start_p),
    ]
    return union_all(*parts).subquery("u")


def count_ii06a(
    session: Any,
    start: datetime,
    end: datetime,
    group: str,
    *,
    origin_id: str | None = None,
) -> dict[tuple, II06aCounts]:
    """Columns 3–13 per group key (``KEYS[group]``) over ``[start, end)``."""
    keys = KEYS[group]
    u = _rows(start, end, keys, origin_id)

    def n(*codes):
        column = u.c.intake if codes[0] in INTAKES else u.c.outcome
        return func.sum(case((column.in_(codes), 1), else_=0))

    q = select(
        *(u.c[k] for k in keys),
        func.count(),
        n(ONLINE),
        n(DIRECT),
        n(CARRIED),
        n(EARLY, ON_TIME, LATE),
        n(EARLY),
        n(ON_TIME),
        n(LATE),
        n(WITHIN, OVERDUE),
        n(WITHIN),
        n(OVERDUE),
    ).group_by(*(u.c[k] for k in keys))
    width = len(keys)
    return {
        tuple(row[:width]): II06aCounts(*(int(v or 0) for v in row[width:]))
        for row in session.execute(q)
    }


def procedure_names(session: Any, codes: list[str]) -> dict[str, str]:
    """A name for each procedure code, as the dossiers recorded it (one index probe each)."""
    d = Dossier.__table__.c
    out = {}
    for code in codes:
        q = select(d.procedure_name).where(d.procedure_code == code).limit(1)
        out[code] = session.scalar(q) or ""
    return out
