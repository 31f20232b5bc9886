"""The dashboard: this reporting month beside the previous one and the same month a year ago,
the twelve months' chart series, and the year's quality objectives.

The chart series are counted with two grouped queries over the whole span
(the month of each row is a CASE over the months' first moments, which both
SQLite and PostgreSQL run), not one II.06a report per month.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, func, or_, select

from motcua_desktop.domain.calendar import classify_return
from motcua_desktop.domain.dossier import Timeliness
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.periods import Period, month_of
from motcua_desktop.domain.report_ii06a import EXCLUDED_STATUSES, RESOLVED_STATUSES, II06aCounts
from motcua_desktop.domain.report_models import ChartData, Comparison, Dashboard, MonthPoint, Slice
from motcua_desktop.i18n import _
from motcua_desktop.services import reports
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.quality_objectives import evaluate, measure_provider
from motcua_desktop.services.report_figures import pending_overdue_at
from motcua_desktop.store.models import Dossier

TOP_FIELDS = 6  # fields shown by name in the chart; the rest are folded into "Other"
_JUDGED = {t.value for t in Timeliness}


def _months(last: Period, count: int) -> list[Period]:
    if not 1 <= count <= 120:
        raise ValidationError(_("A chart covers 1 to 120 months."), field="months")
    current = month_of(last.date_to, cut_day=last.cut_day)
    out = [current]
    for _i in range(count - 1):
        out.append(out[-1].previous())
    return out[::-1]


def _bucket(moment, edges: list[datetime]):
    """The index of the month ``moment`` falls in (``edges`` are the months' first moments)."""
    return case(*[(moment < edge, i) for i, edge in enumerate(edges[1:])], else_=None)


def chart_data(
    ctx: AppContext, last: Period, months: int = 12, *, origin_id: str | None = None
) -> ChartData:
    """The ``months`` reporting months ending with the one holding ``last``'s end.

    Per month: received (II.06a columns 4 + 5), resolved (column 7) and the
    on-time rate ((8 + 9) / 7, None when nothing was resolved); by field: what
    was received over the whole span, largest first, fields after the sixth
    folded into "Other". The rules are ``domain.report_ii06a``'s: a dossier is
    resolved in the month of its finish (its return when no finish was
    recorded, its receipt when neither was), or of its receipt if that is later.
    """
    periods = _months(last, months)
    edges = [p.bounds()[0] for p in periods] + [periods[-1].bounds()[1]]
    first, end = edges[0], edges[-1]
    d = Dossier.__table__.c
    counted = [d.due_at.is_not(None), d.status.not_in([int(s) for s in EXCLUDED_STATUSES])]
    if origin_id is not None:
        counted.append(d.origin_id == origin_id)
    f, r = d.finished_at, d.returned_at
    done = case(
        (and_(f.is_(None), r.is_(None)), d.received_at),
        (f.is_(None), r),
        (r.is_(None), f),
        (f <= r, f),
        else_=r,
    )
    moment = case((done < d.received_at, d.received_at), else_=done)
    month_of_receipt = _bucket(d.received_at, edges)
    received_q = (
        select(month_of_receipt, d.field_name, func.count())
        .where(*counted, d.received_at >= first, d.received_at < end)
        .group_by(month_of_receipt, d.field_name)
    )
    month_resolved = _bucket(moment, edges)
    judged = d.timeliness.in_(sorted(_JUDGED))
    resolved_where = [
        *counted,
        d.status.in_([int(s) for s in RESOLVED_STATUSES]),
        or_(*[and_(c >= first, c < end) for c in (f, r, d.received_at)]),
        moment >= first,
        moment < end,
    ]
    resolved_q = (
        select(month_resolved, d.timeliness, func.count())
        .where(*resolved_where, judged)
        .group_by(month_resolved, d.timeliness)
    )
    unjudged_q = select(month_resolved, done, d.due_at).where(
        *resolved_where, or_(d.timeliness.is_(None), ~judged)
    )
    received = [0] * len(periods)
    resolved = [0] * len(periods)
    on_time = [0] * len(periods)
    fields: Counter[str] = Counter()
    with ctx.db.session(readonly=True) as s:
        for i, field_name, n in s.execute(received_q):
            received[i] += int(n)
            fields[field_name or ""] += int(n)
        for i, timeliness, n in s.execute(resolved_q):
            resolved[i] += int(n)
            on_time[i] += int(n) if timeliness != Timeliness.LATE else 0
        for i, at, due in s.execute(unjudged_q):
            resolved[i] += 1
            on_time[i] += classify_return(at, due) is not Timeliness.LATE
    points = [
        MonthPoint(p, received[i], resolved[i], _rate(on_time[i], resolved[i]))
        for i, p in enumerate(periods)
    ]
    return ChartData(points, _slices(fields))


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 2) if whole else None


def _slices(fields: Counter[str]) -> list[Slice]:
    ranked = sorted(fields.items(), key=lambda kv: (-kv[1], kv[0]))
    out = [Slice(name or _("(no field)"), n) for name, n in ranked[:TOP_FIELDS]]
    rest = sum(n for _name, n in ranked[TOP_FIELDS:])
    if rest:
        out.append(Slice(_("Other"), rest))
    return out


def _figures(ctx: AppContext, period: Period, at: datetime) -> dict[str, float | None]:
    c: II06aCounts = reports.ii06a(ctx, period).total.counts
    new = c.received_online + c.received_direct
    with ctx.db.session(readonly=True) as s:
        overdue = pending_overdue_at(s, min(at, period.bounds()[1]))
    provider = measure_provider("satisfaction_rate")
    satisfied = provider(ctx, period, None)[0] if provider is not None else None
    return {
        "received": new,
        "resolved": c.resolved,
        "on_time_rate": c.on_time_rate if c.resolved else None,
        "late": c.late,
        "pending_overdue": overdue,
        "online_rate": c.online_rate if new else None,
        "satisfaction_rate": satisfied,
    }


def _labels() -> list[tuple[str, str, bool, bool]]:
    """(key, label, is a rate, higher is better) in the dashboard's order."""
    return [
        ("received", _("Dossiers received"), False, True),
        ("resolved", _("Dossiers resolved"), False, True),
        ("on_time_rate", _("Resolved on time or early"), True, True),
        ("late", _("Resolved late"), False, False),
        ("pending_overdue", _("Pending past the deadline"), False, False),
        ("online_rate", _("Received online"), True, True),
        ("satisfaction_rate", _("Citizens satisfied"), True, True),
    ]


def dashboard(ctx: AppContext, today: date | None = None) -> Dashboard:
    """This reporting month (the one holding ``today``) against the month before and a year ago.

    Received means new dossiers (II.06a columns 4 + 5); a rate with nothing
    to divide by is None rather than the report's 100 %. Pending past the
    deadline is judged now for the running month (at the end of ``today``
    when a day is given) and at the end of the other two.
    """
    if today is None:
        now = datetime.now().replace(microsecond=0)
        today = now.date()
    else:
        now = datetime.combine(today + timedelta(days=1), time())
    period = month_of(today, cut_day=reports.report_settings(ctx).cut_day)
    current = _figures(ctx, period, now)
    previous = _figures(ctx, period.previous(), now)
    last_year = _figures(ctx, period.same_period_last_year(), now)
    comparisons = [
        Comparison(key, label, current[key], previous[key], last_year[key], rate, better)
        for key, label, rate, better in _labels()
    ]
    from motcua_desktop.services import nonconformities

    return Dashboard(
        period=period,
        comparisons=comparisons,
        charts=chart_data(ctx, period),
        objectives=evaluate(ctx, period.year, today=today).results,
        generated_at=datetime.now().replace(microsecond=0),
        overdue_actions=len(nonconformities.overdue(ctx, today)),
        reports_overdue=len(nonconformities.report_overdue(ctx, today)),
    )
