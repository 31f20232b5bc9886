"""The change log: every insert or update of a synced row leaves a ``changes`` row in the same
transaction, so the sync layer can cut bundles from ``changes.seq`` without per-table code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from motcua_desktop.store import audit_chain
from motcua_desktop.store.models import Base, Change, new_id, now
from motcua_desktop.store.search_index import FTS_SOURCE_TABLE, reserve_search_ids


class StoreSession(Session):
    """The session class of the store; the change-log and audit hooks are attached to it."""


audit_chain.listen(StoreSession)


@event.listens_for(StoreSession, "before_flush")
def _log_changes(session: Session, flush_context: Any, instances: Any) -> None:
    stamp = now()
    # Snapshot first: adding Change rows mutates session.new while we iterate.
    new = [o for o in session.new if getattr(o, "__synced__", False)]
    dirty = [
        o
        for o in session.dirty
        if getattr(o, "__synced__", False) and session.is_modified(o, include_collections=False)
    ]
    for obj in new:
        if obj.id is None:
            obj.id = new_id()
        obj.version = 1
        obj.created_at = obj.created_at or stamp
        obj.updated_at = stamp
        session.add(Change(table_name=obj.__tablename__, row_id=obj.id, op="insert", at=stamp))
    for obj in dirty:
        obj.version = (obj.version or 0) + 1
        obj.updated_at = stamp
        session.add(Change(table_name=obj.__tablename__, row_id=obj.id, op="update", at=stamp))
    # Same transaction, after ids are set; adds its own audit_log and changes rows.
    audit_chain.audit_flush(session, new, dirty, stamp)


def bulk_insert_synced(
    session: Session, model: type[Base], rows: Iterable[Mapping[str, Any]], *, actor: str | None
) -> int:
    """Insert many synced rows with Core executemany, logging them in ``changes`` in bulk too.

    Used where the ORM unit of work would be too slow (demo seeding, imports).
    The audit trail gets one summary entry per call (``audit_chain.audit_bulk``).
    Each row must carry its ``id``; missing bookkeeping columns are filled in.
    """
    stamp = now()
    prepared = []
    for row in rows:
        r = dict(row)
        r.setdefault("version", 1)
        r.setdefault("created_at", stamp)
        r.setdefault("updated_at", r["created_at"])
        r.setdefault("created_by", actor)
        prepared.append(r)
    if not prepared:
        return 0
    if model.__tablename__ == FTS_SOURCE_TABLE:
        missing = [r for r in prepared if r.get("search_id") is None]
        for r, search_id in zip(
            missing, reserve_search_ids(session.connection(), len(missing)), strict=True
        ):
            r["search_id"] = search_id
    # Core table, not the ORM entity: one executemany instead of per-row ORM batches.
    session.execute(insert(model.__table__), prepared)
    table = model.__tablename__
    session.execute(
        insert(Change.__table__),
        [
            {"table_name": table, "row_id": r["id"], "op": "insert", "at": r["updated_at"]}
            for r in prepared
        ],
    )
    audit_chain.audit_bulk(session, table, prepared, actor, stamp)
    return len(prepared)
