"""The FTS5 index over dossiers' folded search text, kept in step by SQL triggers.

The index ``dossier_search`` holds one row per dossier whose rowid is the
dossier's ``search_id``; triggers on ``dossiers`` (schema 0002) insert and
replace its row whenever ``search_text`` changes, so every write path (ORM,
Core bulk inserts, a repair) keeps it right. This module only hands out
``search_id`` values: the ORM gets them automatically, bulk writers call
``reserve_search_ids``.
"""

from __future__ import annotations

from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Connection

from motcua_desktop.store.models import Dossier

FTS_TABLE = "dossier_search"
FTS_SOURCE_TABLE = "dossiers"
# PostgreSQL advisory lock key serialising search-id reservations (any fixed number).
SEARCH_ID_LOCK = 0x6D6F7463


def reserve_search_ids(conn: Connection, count: int) -> range:
    """``count`` fresh search ids; call inside the write transaction that inserts the rows.

    Write transactions start with BEGIN IMMEDIATE on SQLite, so no other writer
    can take the same ids between this read and the insert; on PostgreSQL (READ
    COMMITTED) a transaction-scoped advisory lock does the same.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEARCH_ID_LOCK})
    top = conn.execute(select(func.coalesce(func.max(Dossier.search_id), 0))).scalar_one()
    return range(top + 1, top + 1 + count)


@event.listens_for(Dossier, "before_insert")
def _assign_search_id(_mapper, connection: Connection, target: Dossier) -> None:
    if target.search_id is None:
        target.search_id = reserve_search_ids(connection, 1).start


def is_fts_table(name: str) -> bool:
    """True for the FTS table and its shadow tables, which the ORM models do not describe."""
    return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")
