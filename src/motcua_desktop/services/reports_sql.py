"""Report II.06a counted in SQL: grouped aggregates of the same rules on SQLite and PostgreSQL.

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

On SQLite, when the history before the period is short (a year's report in a
database that holds a little more than that year), 2.–4. are one walk of
``ix_dossiers_report`` over what was received before the period instead.

A finished dossier without a stored timeliness is judged as
``domain.calendar.classify_return`` does: early when finished on an earlier
calendar day than the due day, late when finished after the due minute
(seconds ignored), else on time. The day and the minute of a moment are
``substr`` of SQLite's stored text and ``date_trunc`` on PostgreSQL.

On PostgreSQL the outer query sums one CASE per column (it parallelises the
query itself). On SQLite, which does not, the codes are packed into bits so
three plain sums replace ten CASE sums (``services.reports_packed``), and the
rows are split into partitions (slices of the period by receipt time, and the
older rows) counted at once on their own connections, all in one snapshot
(``services.reports_parallel``); their sums add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    and_,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
)

from motcua_desktop.domain.dossier import Channel, Status
from motcua_desktop.domain.report_ii06a import EXCLUDED_STATUSES, RESOLVED_STATUSES, II06aCounts
from motcua_desktop.services import reports_packed
from motcua_desktop.services.reports_parallel import default_partitions, run_partitioned
from motcua_desktop.services.reports_sql_functions import DayOf, MinuteOf, Unindexed
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
CODES = {
    "online": ONLINE, "direct": DIRECT, "carried": CARRIED, "early": EARLY,
    "on_time": ON_TIME, "late": LATE, "within": WITHIN, "overdue": OVERDUE,
}  # fmt: skip
# Fewer dossiers than this are counted on one connection: threads and connections would
# cost more than they save (a year of 20,000 takes some 30 ms).
PARTITION_FROM = 20_000


def _not_in(column, values: Sequence[int]):
    """``column NOT IN values`` as comparisons: SQLite probes a temporary table per row
    for a NOT IN list of more than two values (0.1 s over 800,000 rows)."""
    edges = sorted(set(values))
    arms = [column > edges[-1], column < edges[0]]
    arms += [and_(column > a, column < b) for a, b in pairwise(edges)]
    return or_(*arms)


def _rows(
    start: datetime,
    end: datetime,
    keys: Sequence[str],
    origin_id: str | None,
    codes: dict[str, int] = CODES,
    part: tuple | None = None,
    by_receipt: bool = False,
):
    """The UNION ALL of the four row sets, each row with its intake and outcome codes.

    ``part`` keeps some of them: ``("new", lo, hi)`` the first set's rows received in
    ``[lo, hi)``, ``("old",)`` the other three sets (received before the period).
    ``by_receipt`` finds those three by the receipt time instead (SQLite).
    """
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
    # The first select holds only dossiers received in the period, the others only older ones.
    intake_new = case(
        (d.channel == int(Channel.ONLINE), codes["online"]), else_=codes["direct"]
    ).label("intake")
    intake_old = literal_column(str(codes["carried"]), Integer()).label("intake")
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
                (d.timeliness == "early", codes["early"]),
                (d.timeliness == "on_time", codes["on_time"]),
                (d.timeliness == "late", codes["late"]),
                # Not judged at return: domain.calendar.classify_return at the resolution.
                (DayOf(done) < DayOf(d.due_at), codes["early"]),
                (MinuteOf(done) > MinuteOf(d.due_at), codes["late"]),
                else_=codes["on_time"],
            ),
        ),
        (d.due_at >= end_p, codes["within"]),
        else_=codes["overdue"],
    ).label("outcome")
    new_cols = [*(d[k] for k in keys), intake_new, outcome]
    cols = [*(d[k] for k in keys), intake_old, outcome]
    base = [d.due_at.is_not(None), _not_in(d.status, EXCLUDED)]
    if origin_id is not None:
        base.append(d.origin_id == origin_id)
    before = d.received_at < start_p
    # Resolved on or after the start but received before it: few rows, found through
    # ix_dossiers_finished_received / returned_received; the other conditions must not steer SQLite
    # to ix_dossiers_status_received, which would walk every older resolved dossier.
    old_resolved = [
        Unindexed(d.due_at).is_not(None),
        Unindexed(d.status).in_(RESOLVED),
        Unindexed(d.received_at) < start_p,
    ]
    if origin_id is not None:
        old_resolved.append(Unindexed(d.origin_id) == origin_id)
    lo, hi = (part[1], part[2]) if part and part[0] == "new" else (start, end)
    new = select(*new_cols).where(
        *base, d.received_at >= literal(lo, DateTime()), d.received_at < literal(hi, DateTime())
    )
    after_start = or_(
        and_(f >= start_p, or_(r.is_(None), r >= start_p)), and_(f.is_(None), r >= start_p)
    )
    if by_receipt:
        # 2.–4. in one walk of the covering ix_dossiers_report over what came before the
        # period: cheaper than the two walks over what was resolved since its start when
        # the history before the period is short.
        status = Unindexed(d.status)
        old = [
            select(*cols).where(
                *old_resolved[:1],
                *old_resolved[3:],
                before,
                or_(status.in_(OPEN), and_(status.in_(RESOLVED), after_start)),
            )
        ]
    else:
        old = [
            select(*cols).where(*base, before, d.status.in_(OPEN)),
            select(*cols).where(*old_resolved, f >= start_p, or_(r.is_(None), r >= start_p)),
            select(*cols).where(*old_resolved, Unindexed(f).is_(None), r >= start_p),
        ]
    if part is None:
        return union_all(new, *old).subquery("u")
    chosen = old if part[0] == "old" else [new]
    if len(chosen) > 1:
        return union_all(*chosen).subquery("u")
    # LIMIT -1 (none): SQLite would otherwise merge the select into the outer query and
    # compute the outcome once for each sum that reads it.
    return chosen[0].limit(-1).subquery("u")


def _classic_query(start, end, keys, origin_id):
    """Columns 3–13 per group, one CASE sum each (PostgreSQL, and big groups on SQLite)."""
    u = _rows(start, end, keys, origin_id)

    def n(*codes):
        column = u.c.intake if codes[0] in INTAKES else u.c.outcome
        return func.sum(case((column.in_(codes), 1), else_=0))

    return select(
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


def _packed_query(start, end, keys, origin_id, part: tuple | None = None, by_receipt=False):
    """The count and three sums of packed codes per group (SQLite: ``max`` of two values)."""
    u = _rows(start, end, keys, origin_id, reports_packed.PACKED, part, by_receipt)
    return select(
        *(u.c[k] for k in keys),
        func.count(),
        func.sum(u.c.intake, type_=Integer()),
        func.sum(func.max(u.c.outcome, 0), type_=Integer()),
        func.sum(u.c.outcome < 0, type_=Integer()),
    ).group_by(*(u.c[k] for k in keys))


def _classic_counts(rows, width: int) -> dict[tuple, II06aCounts]:
    return {tuple(row[:width]): II06aCounts(*(int(v or 0) for v in row[width:])) for row in rows}


def _add(total: dict[tuple, II06aCounts], counts: dict[tuple, II06aCounts]) -> None:
    for key, c in counts.items():
        if key in total:
            total[key] += c
        else:
            total[key] = c


def _size(session: Any) -> int:
    """About how many dossiers the table holds (its largest rowid: one index probe)."""
    return int(session.scalar(text("SELECT max(rowid) FROM dossiers")) or 0)


def _by_receipt(session: Any, start: datetime, end: datetime) -> bool:
    """Whether the history before the period is short (under half the period's length)."""
    first = session.scalar(select(func.min(Dossier.__table__.c.received_at)))
    return first is not None and start - first < (end - start) / 2


def count_ii06a(
    session: Any,
    start: datetime,
    end: datetime,
    group: str,
    *,
    origin_id: str | None = None,
    partitions: int | None = None,
) -> dict[tuple, II06aCounts]:
    """Columns 3–13 per group key (``KEYS[group]``) over ``[start, end)``.

    On SQLite, with ``partitions`` > 1 (default: ``reports_parallel.default_partitions()``
    when the table holds ``PARTITION_FROM`` dossiers or more), the dossiers received in the
    period are counted in that many slices of equal length, and those received
    before it in one more part, all at once, each on its own connection, in one
    shared snapshot. When that snapshot cannot be had at once (another desk is
    saving), or with one partition, they are counted on ``session`` alone.
    """
    keys = KEYS[group]
    width = len(keys)
    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        return _classic_counts(session.execute(_classic_query(start, end, keys, origin_id)), width)
    by_receipt = _by_receipt(session, start, end)
    n = max(1, partitions) if partitions is not None else 1
    if partitions is None and _size(session) >= PARTITION_FROM:
        n = default_partitions()
    if n > 1:
        cuts = [start + (end - start) * k / n for k in range(n)] + [end]
        parts = [("old",)] + [("new", lo, hi) for lo, hi in pairwise(cuts)]
        sqls = [
            str(
                _packed_query(start, end, keys, origin_id, part, by_receipt).compile(
                    dialect=engine.dialect, compile_kwargs={"literal_binds": True}
                )
            )
            for part in parts
        ]
        results = run_partitioned(engine, sqls)
        if results is not None:
            total: dict[tuple, II06aCounts] = {}
            for rows in results:
                counts = reports_packed.unpack(rows, width)
                if counts is None:
                    break
                _add(total, counts)
            else:
                return total
    counted = reports_packed.unpack(
        session.execute(_packed_query(start, end, keys, origin_id, None, by_receipt)), width
    )
    if counted is None:
        counted = _classic_counts(
            session.execute(_classic_query(start, end, keys, origin_id)), width
        )
    return counted


def procedure_names(session: Any, codes: list[str]) -> dict[str, str]:
    """A name for each procedure code, as the dossiers recorded it (one index probe each)."""
    d = Dossier.__table__.c
    out = {}
    for code in codes:
        q = select(d.procedure_name).where(d.procedure_code == code).limit(1)
        out[code] = session.scalar(q) or ""
    return out
