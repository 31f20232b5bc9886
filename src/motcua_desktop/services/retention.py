"""The retention purge: blank citizens' personal data in closed dossiers older than N years.

Law 91/2025/QH15 asks to keep personal data only as long as the purpose needs
it. The commune sets ``retention_years`` (0, the default, keeps everything
until it decides: archive periods differ by procedure). The purge keeps every
column the reports count (status, dates, channel, field, procedure,
timeliness), so the statistics do not change; it blanks the personal columns
(``info={"personal": True}``), the citizen's name in event data, rebuilds the
search text from the code alone (the FTS index follows by trigger), stamps
``personal_purged_at`` and removes the plain values sealed in the audit
trail (``audit_log.sealed``; the chain's digests stay, so it still verifies).

The dossiers are updated through the ORM, so the change log sends them to the
district with the next bundle. The audit entries are changed with Core (the
audit hook skips ``audit_log``; no hashed field is touched) and get a version
bump and a change-log row, so the district's copies lose their plain values too.
The whole purge is one transaction: a crash leaves no dossier half-purged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.privacy import PURGED_NAME
from motcua_desktop.domain.roles import Permission
from motcua_desktop.domain.text import fold
from motcua_desktop.i18n import _
from motcua_desktop.services import settings
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.store.audit_chain import AUDIT_TABLE, record_event, set_actor
from motcua_desktop.store.models import AuditEntry, Change, Dossier, DossierEvent
from motcua_desktop.store.models import now as store_now

RETENTION_YEARS = "retention_years"
DEFAULT_YEARS = 0  # off until the commune decides
MAX_YEARS = 100
# Dossiers no action leads anywhere from: returned, refused, withdrawn, stopped.
CLOSED_STATUSES = (
    Status.RESULT_RETURNED,
    Status.NOT_ACCEPTED,
    Status.WITHDRAWN,
    Status.STOPPED,
)
# Citizens' names in dossier event data ("collected_by": who took the result).
PERSONAL_EVENT_KEYS = ("collected_by",)
CHUNK = 500  # dossiers loaded and flushed at a time inside the one transaction


@dataclass(frozen=True)
class PurgeResult:
    years: int
    cutoff: datetime  # dossiers closed before this moment
    dossiers: int
    codes: tuple[str, ...]
    events: int = 0  # dossier events whose personal values were cleared
    audit_entries: int = 0  # audit entries whose sealed plain values were removed
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "years": self.years,
            "cutoff": self.cutoff.isoformat(),
            "dossiers": self.dossiers,
            "codes": list(self.codes),
            "events": self.events,
            "audit_entries": self.audit_entries,
            "dry_run": self.dry_run,
        }


def retention_years(ctx: AppContext) -> int:
    """The commune's retention period in years; 0 keeps personal data until it sets one."""
    return int(settings.get_preference(ctx, RETENTION_YEARS, DEFAULT_YEARS) or 0)


def _check_years(years: Any) -> int:
    try:
        n = int(years)
    except (TypeError, ValueError):
        n = -1
    if n < 0 or n > MAX_YEARS or isinstance(years, bool):
        raise ValidationError(
            _("The retention period must be a whole number of years from 0 to {max}.").format(
                max=MAX_YEARS
            ),
            field="years",
        )
    return n


def set_retention_years(ctx: AppContext, years: int, actor: Any) -> int:
    """Set the retention period (0 = keep personal data until a period is set)."""
    require(actor, Permission.SETTINGS)
    n = _check_years(years)
    with ctx.db.session() as s:
        set_actor(s, actor)
        settings.write(s, RETENTION_YEARS, n, getattr(actor, "id", None))
    return n


def cutoff_for(years: int, at: datetime) -> datetime:
    """``at`` moved back ``years`` calendar years (29 February becomes the 28th)."""
    try:
        return at.replace(year=at.year - years)
    except ValueError:
        return at.replace(year=at.year - years, day=28)


def closed_at():
    """When a dossier closed: its return, else the last event that put it in its status."""
    last_event = (
        select(func.max(DossierEvent.at))
        .where(DossierEvent.dossier_id == Dossier.id, DossierEvent.to_status == Dossier.status)
        .correlate(Dossier)
        .scalar_subquery()
    )
    return func.coalesce(Dossier.returned_at, last_event, Dossier.received_at)


def _candidates(cutoff: datetime):
    return (
        select(Dossier.id, Dossier.code)
        .where(
            Dossier.status.in_([int(s) for s in CLOSED_STATUSES]),
            Dossier.personal_purged_at.is_(None),
            closed_at() < cutoff,
        )
        .order_by(Dossier.received_at, Dossier.code)
    )


def _years_or_setting(ctx: AppContext, years: int | None) -> int:
    n = retention_years(ctx) if years is None else _check_years(years)
    if n <= 0:
        raise ValidationError(
            _(
                "No retention period is set: personal data is kept. Set the number of years "
                "in the settings first."
            ),
            field="years",
        )
    return n


def purge_candidates(
    ctx: AppContext, years: int | None = None, now: datetime | None = None
) -> list[str]:
    """Codes of the closed dossiers older than ``years`` whose personal data is still held."""
    n = _years_or_setting(ctx, years)
    cutoff = cutoff_for(n, now or store_now())
    with ctx.db.session(readonly=True) as s:
        return [code for _id, code in s.execute(_candidates(cutoff))]


def _blank(row: Dossier, stamp: datetime) -> None:
    for attr in Dossier.__mapper__.column_attrs:
        column = attr.columns[0]
        if not column.info.get("personal") or attr.key == "search_text":
            continue
        if getattr(row, attr.key):
            setattr(row, attr.key, "")
    row.applicant_name = PURGED_NAME
    row.search_text = fold(row.code)  # still found by its code, no longer by a name
    row.personal_purged_at = stamp


def _clear_events(s: Session, ids: list[str]) -> int:
    n = 0
    for event in s.scalars(select(DossierEvent).where(DossierEvent.dossier_id.in_(ids))):
        data = dict(event.data or {})
        if any(data.get(k) for k in PERSONAL_EVENT_KEYS):
            event.data = {**data, **{k: "" for k in PERSONAL_EVENT_KEYS if data.get(k)}}
            n += 1
    return n


def _unseal(s: Session, row_ids: list[str], stamp: datetime) -> int:
    """Remove the sealed plain values of the rows' audit entries; re-send the entries."""
    conn = s.connection()
    ids = list(
        conn.execute(
            select(AuditEntry.id).where(
                AuditEntry.row_id.in_(row_ids), AuditEntry.sealed.is_not(None)
            )
        ).scalars()
    )
    if not ids:
        return 0
    conn.execute(
        update(AuditEntry)
        .where(AuditEntry.id == bindparam("b_id"))
        .values(sealed=None, version=AuditEntry.version + 1, updated_at=stamp),
        [{"b_id": i} for i in ids],
    )
    conn.execute(
        insert(Change.__table__),
        [{"table_name": AUDIT_TABLE, "row_id": i, "op": "update", "at": stamp} for i in ids],
    )
    return len(ids)


def purge_personal_data(
    ctx: AppContext,
    actor: Any,
    years: int | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> PurgeResult:
    """Blank the personal data of the closed dossiers older than ``years`` (default: the
    setting), in one transaction that also records a ``personal_data_purged`` audit event."""
    require(actor, Permission.PURGE)
    n = _years_or_setting(ctx, years)
    stamp = store_now()
    cutoff = cutoff_for(n, now or stamp)
    if dry_run:
        codes = purge_candidates(ctx, n, now or stamp)
        return PurgeResult(n, cutoff, len(codes), tuple(codes), dry_run=True)
    events = unsealed = 0
    codes: list[str] = []
    with ctx.db.session() as s:
        set_actor(s, actor)
        found = s.execute(_candidates(cutoff)).all()
        for start in range(0, len(found), CHUNK):
            chunk = [row_id for row_id, _code in found[start : start + CHUNK]]
            for row in s.scalars(select(Dossier).where(Dossier.id.in_(chunk))):
                _blank(row, stamp)
            events += _clear_events(s, chunk)
            s.flush()  # the dossiers' own update entries are sealed: clear those too
            event_ids = list(
                s.scalars(select(DossierEvent.id).where(DossierEvent.dossier_id.in_(chunk)))
            )
            unsealed += _unseal(s, chunk + event_ids, stamp)
            s.expunge_all()
        codes = [code for _id, code in found]
        if codes:
            record_event(
                s,
                "personal_data_purged",
                table_name=Dossier.__tablename__,
                changes={"dossiers": len(codes), "years": n, "cutoff": cutoff},
                actor=actor,
                stamp=stamp,
            )
    return PurgeResult(n, cutoff, len(codes), tuple(codes), events, unsealed)


def purged_count(ctx: AppContext) -> int:
    """How many dossiers have had their personal data purged."""
    with ctx.db.session(readonly=True) as s:
        return s.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.personal_purged_at.is_not(None))
        )


__all__ = [
    "CLOSED_STATUSES",
    "RETENTION_YEARS",
    "PurgeResult",
    "purge_candidates",
    "purge_personal_data",
    "purged_count",
    "retention_years",
    "set_retention_years",
]
