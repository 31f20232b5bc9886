"""District read models: the registered communes with freshness and totals, and II.06a per commune."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select

from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.report_ii06a import RESOLVED_STATUSES, II06aRow
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.district_import import require_district
from motcua_desktop.store.models import BundleLog, Commune, Dossier

# Freshness thresholds (days since the commune's newest data) for warnings on screen.
FRESH_WARN_DAYS = 7
FRESH_ALARM_DAYS = 40
PENDING_STATUSES = (Status.ACCEPTED, Status.PROCESSING, Status.AWAITING_PAYMENT)


@dataclass(frozen=True)
class CommuneStatus:
    """One line of the district's communes table."""

    id: str
    name: str
    agency_code: str
    status: str  # provisioned | active | revoked
    last_bundle_at: datetime | None
    last_data_at: datetime | None
    freshness_days: int | None  # days since last_data_at; None: no data yet
    dossiers: int = 0
    received_this_year: int = 0
    resolved: int = 0
    pending: int = 0
    epoch: str | None = None
    acked_seq: int = 0
    gaps: list = field(default_factory=list)
    last_result: str = ""  # the newest bundle_log status for this commune
    last_reason: str = ""

    @property
    def freshness_level(self) -> str:
        """ "ok", "warn" (past 7 days), "alarm" (past 40 days or never)."""
        if self.freshness_days is None or self.freshness_days > FRESH_ALARM_DAYS:
            return "alarm"
        return "warn" if self.freshness_days > FRESH_WARN_DAYS else "ok"

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "agency_code": self.agency_code,
            "status": self.status,
            "last_bundle_at": _iso(self.last_bundle_at),
            "last_data_at": _iso(self.last_data_at),
            "freshness_days": self.freshness_days,
            "dossiers": self.dossiers,
            "received_this_year": self.received_this_year,
            "resolved": self.resolved,
            "pending": self.pending,
            "epoch": self.epoch,
            "acked_seq": self.acked_seq,
            "gaps": [list(g) for g in self.gaps],
            "last_result": self.last_result,
            "last_reason": self.last_reason,
        }


def _iso(t: datetime | None) -> str | None:
    return t.isoformat(sep=" ") if t else None


def communes_overview(ctx: AppContext, *, today: date | None = None) -> list[CommuneStatus]:
    """Every registered commune with its last bundle, freshness and dossier totals, by name."""
    today = today or date.today()
    year_start = datetime(today.year, 1, 1)
    d = Dossier.__table__.c
    pending = or_(
        d.status.in_([int(s) for s in PENDING_STATUSES]),
        and_(d.status == int(Status.SUPPLEMENT_REQUESTED), d.due_at.is_not(None)),
    )
    totals_q = select(
        d.origin_id,
        func.count(),
        func.sum(case((d.received_at >= year_start, 1), else_=0)),
        func.sum(case((d.status.in_([int(s) for s in RESOLVED_STATUSES]), 1), else_=0)),
        func.sum(case((pending, 1), else_=0)),
    ).group_by(d.origin_id)
    with ctx.db.session(readonly=True) as s:
        require_district(s)
        totals = {row[0]: [int(v or 0) for v in row[1:]] for row in s.execute(totals_q)}
        last = {}
        for commune_id, status, reason in s.execute(
            select(BundleLog.commune_id, BundleLog.status, BundleLog.reason)
            .where(
                BundleLog.direction == "in",
                BundleLog.commune_id.is_not(None),
                BundleLog.status != "duplicate",
            )
            .order_by(BundleLog.at, BundleLog.id)
        ):
            last[commune_id] = (status, reason)
        communes = s.scalars(select(Commune).order_by(Commune.name, Commune.agency_code)).all()
        return [_status(c, totals, last, today) for c in communes]


def _status(c: Commune, totals: dict, last: dict, today: date) -> CommuneStatus:
    n, year, resolved, pend = totals.get(c.id, [0, 0, 0, 0])
    fresh = (today - c.last_data_at.date()).days if c.last_data_at else None
    result, reason = last.get(c.id, ("", ""))
    return CommuneStatus(
        id=c.id,
        name=c.name,
        agency_code=c.agency_code,
        status=c.status,
        last_bundle_at=c.last_bundle_at,
        last_data_at=c.last_data_at,
        freshness_days=fresh,
        dossiers=n,
        received_this_year=year,
        resolved=resolved,
        pending=pend,
        epoch=c.epoch,
        acked_seq=c.acked_seq,
        gaps=[tuple(g) for g in (c.gaps or [])],
        last_result=result,
        last_reason=reason,
    )


def ii06a_by_commune(ctx: AppContext, date_from: date, date_to: date) -> list[II06aRow]:
    """Report II.06a with one line per registered commune and a total line last.

    Column 2 is the commune's name (``key`` its agency code); the counting is
    ``services.reports.ii06a`` (by commune), whose rules are ``domain.report_ii06a``'s.
    """
    from motcua_desktop.domain.periods import date_range
    from motcua_desktop.domain.report_models import GroupBy
    from motcua_desktop.services.reports import ii06a

    with ctx.db.session(readonly=True) as s:
        require_district(s)
    report = ii06a(ctx, date_range(date_from, date_to), GroupBy.COMMUNE)
    return [*(line.row for line in report.lines), report.total]
