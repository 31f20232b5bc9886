"""The log of exports holding citizens' personal data: who wrote which file, when, how many.

Law 91/2025/QH15 and Decree 356/2025/NĐ-CP ask a controller to log the
processing of personal data; a lost USB stick or a printout left on a desk is a
breach to be reported within 72 hours, and this log says what left the office.
Each export is an ``export`` entry of the hash-chained audit trail
(``store.audit_chain.record_event``) with ``changes`` ``{"kind", "file",
"dossiers", "personal": True, …}``: slips (``slip:receipt``…), the tracking
book, data bundles for the district. Reports that hold only figures (II.06a,
surveys, quality) are not personal exports and are not logged here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.services.context import AppContext
from motcua_desktop.store.audit_chain import record_event, set_actor
from motcua_desktop.store.models import AuditEntry, BundleLog

EXPORT = "export"
SLIP = "slip"  # kind "slip:<receipt|supplement|…>"
TRACKING_BOOK = "tracking_book"
DATA_BUNDLE = "data_bundle"


@dataclass(frozen=True)
class ExportRecord:
    """One logged export: who, what, when."""

    at: datetime
    actor_id: str | None
    actor_name: str
    kind: str
    file: str
    dossiers: int
    table_name: str = ""
    row_id: str = ""
    details: dict = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "kind": self.kind,
            "file": self.file,
            "dossiers": self.dossiers,
            "table": self.table_name,
            "row_id": self.row_id,
            "details": self.details,
        }


def log_export(
    session: Session,
    *,
    kind: str,
    file: str,
    dossiers: int,
    table_name: str = "",
    row_id: str = "",
    actor: Any = None,
    extra: Mapping[str, Any] | None = None,
    stamp: datetime | None = None,
) -> None:
    """Record an export of personal data in ``session``'s transaction (the audit trail)."""
    changes = {**dict(extra or {}), "kind": kind, "file": file, "dossiers": int(dossiers),
               "personal": True}  # fmt: skip
    record_event(
        session,
        EXPORT,
        table_name=table_name,
        row_id=row_id,
        changes=changes,
        actor=actor,
        stamp=stamp,
    )


def log_export_now(ctx: AppContext, actor: Any, **kwargs: Any) -> None:
    """``log_export`` in a small transaction of its own, right after a file was written."""
    with ctx.db.session() as s:
        set_actor(s, actor)
        log_export(s, actor=actor, **kwargs)


def _bundle_file(s: Session, at: datetime, details: Mapping[str, Any]) -> str:
    """The file name of the data bundle a ``data_bundle`` entry describes (from the bundle log).

    The entry is written inside the bundle it logs, before the file has a name.
    """
    found = s.scalar(
        select(BundleLog.file_name)
        .where(
            BundleLog.direction == "out",
            BundleLog.kind == "data",
            BundleLog.seq_from == int(details.get("seq_from") or 0),
            BundleLog.at >= at,
        )
        .order_by(BundleLog.at)
        .limit(1)
    )
    return found or ""


def _since(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time())


def list_exports(
    ctx: AppContext, since: date | datetime | None = None, actor: Any = None
) -> list[ExportRecord]:
    """Every logged export (since ``since``, by ``actor`` — a user or a user id — if given),
    oldest first."""
    stmt = select(AuditEntry).where(AuditEntry.action == EXPORT)
    start = _since(since)
    if start is not None:
        stmt = stmt.where(AuditEntry.at >= start)
    if actor is not None:
        stmt = stmt.where(AuditEntry.actor_id == str(getattr(actor, "id", actor)))
    stmt = stmt.order_by(AuditEntry.at, AuditEntry.chain_id, AuditEntry.position)
    out = []
    with ctx.db.session(readonly=True) as s:
        for e in s.scalars(stmt):
            changes = dict(e.changes or {})
            if changes.get("kind") == DATA_BUNDLE and not changes.get("file"):
                changes["file"] = _bundle_file(s, e.at, changes)
            out.append(
                ExportRecord(
                    at=e.at,
                    actor_id=e.actor_id,
                    actor_name=e.actor_name,
                    kind=str(changes.pop("kind", "")),
                    file=str(changes.pop("file", "")),
                    dossiers=int(changes.pop("dossiers", 0) or 0),
                    table_name=e.table_name,
                    row_id=e.row_id,
                    details={k: v for k, v in changes.items() if k != "personal"},
                )
            )
    return out
