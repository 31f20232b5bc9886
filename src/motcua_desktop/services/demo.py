"""Demo data: a fictional commune (Xã An Phú) with users and a year of dossiers."""

# How: rows go in through the raw DBAPI cursor with ``executemany`` in chunks,
# all in one transaction, each with its ``changes`` row and (dossiers) its
# ``search_id``. The FTS insert trigger is set aside inside that transaction
# and the index filled once at the end with one INSERT … SELECT, then checked
# against ``dossiers.search_text``. The same seed and ``today`` always give
# the same data.

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select, text

from motcua_desktop.domain.errors import NotAllowed, StorageError
from motcua_desktop.domain.profile import CommuneProfile, Signatory
from motcua_desktop.i18n import _
from motcua_desktop.services import settings
from motcua_desktop.services.catalogue import list_procedures
from motcua_desktop.services.codec import profile_to_dict
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.demo_clock import DemoClock
from motcua_desktop.services.demo_rows import (
    DOSSIER_COLUMNS,
    EVENT_COLUMNS,
    Chunk,
    RowMaker,
    chunks_in_child,
)
from motcua_desktop.services.provisioning import provision_demo
from motcua_desktop.services.setup import is_configured
from motcua_desktop.services.users import create_user, first_admin
from motcua_desktop.store.models import Base, User
from motcua_desktop.store.search_index import FTS_SOURCE_TABLE, FTS_TABLE, reserve_search_ids

DEMO_PASSWORD = "motcua-2026"
CHUNK = 20_000
DEMO_PROFILE = CommuneProfile(
    commune_name="Xã An Phú",
    parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
    unit_name="BỘ PHẬN MỘT CỬA",
    agency_code="000.31.25.H56",
    place_name="An Phú",
    phone="0296 3123 456",
    upper_office_name="Ủy ban nhân dân huyện Phú Tân (cấp trên)",
    signatories=(
        Signatory("Trần Văn Hùng", "Chủ tịch"),
        Signatory("Lê Thị Thu Hà", "Phó Chủ tịch"),
    ),
)
DEMO_USERS = [
    ("admin", "Phạm Minh Tuấn", "admin"),
    ("leader", "Lê Thị Thu Hà", "leader"),
    ("clerk", "Nguyễn Thị Ngọc Lan", "clerk"),
]
# Civil status and certification make up most of a commune desk's work.
FIELD_WEIGHTS = {"Hộ tịch": 10, "Chứng thực": 8}


@dataclass(frozen=True)
class SeedSummary:
    dossiers: int
    users: int
    first_received: datetime | None
    last_received: datetime | None


def _ensure_users(ctx: AppContext) -> dict[str, str]:
    admin = first_admin(ctx)
    with ctx.db.session(readonly=True) as s:
        existing = {u.username: u.id for u in s.scalars(select(User))}
    for username, full_name, role in DEMO_USERS:
        if username not in existing:
            info = create_user(ctx, username, full_name, DEMO_PASSWORD, role, admin)
            admin = admin or info
            existing[username] = info.id
    return existing


# While seeding, let SQLite keep up to this many KiB of pages in memory: the
# random UUID keys make index inserts touch pages all over the file.
SEED_CACHE_KIB = 512 * 1024
FTS_INSERT_TRIGGER = "dossiers_search_ai"
# From this many dossiers on, rows are made in a child process (see demo_rows).
CHILD_PROCESS_FROM = 50_000


def _working_moment(rng: random.Random, hours, d: date) -> datetime:
    session = (
        (hours.morning_start, hours.morning_end)
        if rng.random() < 0.6
        else (hours.afternoon_start, hours.afternoon_end)
    )
    start = datetime.combine(d, session[0])
    span = int((datetime.combine(d, session[1]) - start).total_seconds() // 60)
    return start + timedelta(minutes=int(rng.random() * max(span, 1)))


def _extra_columns(cur: sqlite3.Cursor, table: str, columns: tuple[str, ...]) -> dict[str, Any]:
    """The model's constant default for each column of ``table`` not in ``columns``.

    The columns are read from the database itself, so a column the models
    know but the file does not have yet (or the reverse) is no trouble.
    """
    present = [r[1] for r in cur.execute(f"PRAGMA table_info({table})")]
    missing = sorted(set(columns) - set(present))
    if missing:
        raise StorageError(
            _("The database lacks the columns {names}; migrate it first.").format(
                names=", ".join(missing)
            )
        )
    model = Base.metadata.tables[table]
    extra = {}
    for name in present:
        c = model.columns.get(name)
        if name not in columns and c is not None and c.default is not None and c.default.is_scalar:
            extra[name] = c.default.arg
    return extra


def _values_sql(cur: sqlite3.Cursor, table: str, columns: tuple[str, ...]) -> tuple[str, tuple]:
    extra = _extra_columns(cur, table, columns)
    names = (*columns, *extra)
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    return sql, tuple(extra.values())


# A dossier's components are its procedure's, less the one not handed in; the id is
# the dossier's with the position as its last two hex digits.
_COMPONENTS_SELECT = """
SELECT substr(d.id, 1, 34) || printf('%02x', t.position), 1, d.created_at, d.created_at,
       d.created_by, d.id, t.position, t.name, t.required,
       CASE WHEN t.kind = 'original' AND m.position IS NULL THEN t.count ELSE 0 END,
       CASE WHEN t.kind = 'certified_copy' AND m.position IS NULL THEN t.count ELSE 0 END,
       CASE WHEN t.kind = 'photocopy' AND m.position IS NULL THEN t.count ELSE 0 END{extra}
FROM dossiers d
JOIN temp.demo_procedure_components t ON t.procedure_code = d.procedure_code
LEFT JOIN temp.demo_missing m ON m.dossier_id = d.id AND m.position = t.position
WHERE d.search_id BETWEEN ? AND ?
ORDER BY d.search_id, t.position
"""
_COMPONENT_COLUMNS = (
    "id", "version", "created_at", "updated_at", "created_by", "dossier_id", "position",
    "name", "required", "originals", "certified_copies", "photocopies",
)  # fmt: skip
_CHANGES = (
    "INSERT INTO changes (table_name, row_id, op, at) SELECT '{table}', id, 'insert', "
    "updated_at FROM {table} WHERE {where} ORDER BY {order}"
)


class _Writer:
    """Writes the chunks on the raw sqlite3 cursor of the open transaction.

    Dossiers and events go in with ``executemany``; components and the
    change log are derived from them by INSERT … SELECT, in SQLite's own code.
    """

    def __init__(self, cur: sqlite3.Cursor, component_rows: list[tuple]) -> None:
        self.cur = cur
        self.dossiers = _values_sql(cur, FTS_SOURCE_TABLE, DOSSIER_COLUMNS)
        self.events = _values_sql(cur, "dossier_events", EVENT_COLUMNS)
        extra = _extra_columns(cur, "dossier_components", _COMPONENT_COLUMNS)
        self.components = (
            f"INSERT INTO dossier_components ({', '.join((*_COMPONENT_COLUMNS, *extra))}) "
            + _COMPONENTS_SELECT.format(extra="".join(", ?" for _ in extra)),
            tuple(extra.values()),
        )
        cur.execute(
            "CREATE TEMP TABLE demo_procedure_components (procedure_code TEXT, position INTEGER, "
            "name TEXT, required INTEGER, kind TEXT, count INTEGER, "
            "PRIMARY KEY (procedure_code, position))"
        )
        cur.execute(
            "CREATE TEMP TABLE demo_missing (dossier_id TEXT, position INTEGER, "
            "PRIMARY KEY (dossier_id, position))"
        )
        cur.executemany(
            "INSERT INTO temp.demo_procedure_components VALUES (?, ?, ?, ?, ?, ?)", component_rows
        )

    def _top_rowid(self, table: str) -> int:
        return self.cur.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]

    def write(self, chunk: Chunk) -> None:
        cur = self.cur
        sql, extra = self.dossiers
        cur.executemany(sql, [r + extra for r in chunk.dossiers] if extra else chunk.dossiers)
        ids = (chunk.first_search_id, chunk.last_search_id)
        cur.execute(
            _CHANGES.format(table="dossiers", where="search_id BETWEEN ? AND ?", order="search_id"),
            ids,
        )
        cur.execute("DELETE FROM temp.demo_missing")
        cur.executemany("INSERT INTO temp.demo_missing VALUES (?, ?)", chunk.missing)
        for table, (sql, extra), rows in (
            ("dossier_components", self.components, None),
            ("dossier_events", self.events, chunk.events),
        ):
            top = self._top_rowid(table)
            if rows is None:
                cur.execute(sql, ids + extra)
            else:
                cur.executemany(sql, [r + extra for r in rows] if extra else rows)
            cur.execute(_CHANGES.format(table=table, where="rowid > ?", order="rowid"), (top,))

    def close(self) -> None:
        self.cur.execute("DROP TABLE temp.demo_procedure_components")
        self.cur.execute("DROP TABLE temp.demo_missing")


@contextmanager
def _bulk_fts(cur: sqlite3.Cursor, first_search_id: int) -> Iterator[None]:
    """Set the FTS insert trigger aside and index the new rows in one statement afterwards.

    Runs inside the caller's transaction: if anything fails, the rollback
    restores the trigger along with everything else.
    """
    row = cur.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        (FTS_INSERT_TRIGGER,),
    ).fetchone()
    if row is None:  # no trigger to set aside: the rows are indexed as they go in
        yield
        return
    cur.execute(f"DROP TRIGGER {FTS_INSERT_TRIGGER}")
    yield
    cur.execute(
        f"INSERT INTO {FTS_TABLE}(rowid, body) SELECT search_id, search_text "
        f"FROM {FTS_SOURCE_TABLE} WHERE search_id >= ? ORDER BY search_id",
        (first_search_id,),
    )
    cur.execute(row[0])
    check_search_index(cur)


def check_search_index(cur: sqlite3.Cursor) -> None:
    """Raise StorageError unless the FTS index holds exactly each dossier's search text."""
    (count,) = cur.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()
    (matched,) = cur.execute(
        f"SELECT count(*) FROM {FTS_SOURCE_TABLE} d JOIN {FTS_TABLE} f "
        "ON f.rowid = d.search_id WHERE f.body IS d.search_text"
    ).fetchone()
    (total,) = cur.execute(f"SELECT count(*) FROM {FTS_SOURCE_TABLE}").fetchone()
    if not count == matched == total:
        raise StorageError(
            _(
                "The search index is out of step: {indexed} entries, {matched} matching, "
                "{total} dossiers."
            ).format(indexed=count, matched=matched, total=total)
        )


@contextmanager
def _seed_cache(cur: sqlite3.Cursor) -> Iterator[None]:
    (before,) = cur.execute("PRAGMA cache_size").fetchone()
    cur.execute(f"PRAGMA cache_size = -{SEED_CACHE_KIB}")
    try:
        yield
    finally:
        cur.execute(f"PRAGMA cache_size = {int(before)}")


def seed_demo(
    ctx: AppContext,
    dossiers: int = 300,
    seed: int = 1,
    today: date | None = None,
    *,
    force: bool = False,
    extras: bool = False,
) -> SeedSummary:
    """Set up the fictional commune and ``dossiers`` dossiers over the year before ``today``.

    ``extras`` (as ``motcua demo`` and the welcome dialog ask) also seeds the
    year's quality objectives, a year of satisfaction surveys and evaluations,
    and a declared quality system with a closed internal audit and findings.
    """
    if is_configured(ctx) and not force:
        raise NotAllowed(
            _("This data folder already has a commune set up; use --force to add demo data anyway.")
        )
    if dossiers < 0:
        raise NotAllowed(_("The number of dossiers cannot be negative."))
    today = today or date.today()
    rng = random.Random(seed)
    with ctx.db.session() as s:
        settings.write(s, "profile", profile_to_dict(DEMO_PROFILE))
    provision_demo(ctx)  # the demo district's keys; a no-op once any district is set
    user_ids = _ensure_users(ctx)
    procedures = list_procedures(ctx)
    if not procedures:
        raise NotAllowed(_("No procedure catalogue is loaded."))
    weights = [FIELD_WEIGHTS.get(p.field, 1) for p in procedures]
    from motcua_desktop.services.calendar import get_calendar

    cal = get_calendar(ctx)
    now = datetime.combine(today, time(17, 0))
    # Room after ``today`` for the longest processing times and late finishes.
    clock = DemoClock(cal, today - timedelta(days=380), today + timedelta(days=400))
    days = [d for d in clock.days if today - timedelta(days=365) <= d <= today]
    moments = sorted(
        _working_moment(rng, cal.hours, days[int(rng.random() * len(days))])
        for _ in range(dossiers)
    )
    with ctx.db.session() as s:
        counters = dict(s.execute(text("SELECT name, value FROM sequences")).all())
        first_search_id = reserve_search_ids(s.connection(), 1).start
        leader = s.get(User, user_ids["leader"])
        maker = RowMaker(
            rng, clock, procedures, weights,
            agency=DEMO_PROFILE.agency_code, handling_unit=DEMO_PROFILE.commune_name,
            contact_phone=DEMO_PROFILE.phone, clerks=[user_ids["clerk"], user_ids["admin"]],
            leader=(leader.id, leader.full_name), now=now, counters=counters,
            first_search_id=first_search_id - 1,
        )  # fmt: skip
        cur = s.connection().connection.driver_connection.cursor()
        try:
            writer = _Writer(cur, maker.component_rows())
            with _seed_cache(cur), _bulk_fts(cur, first_search_id):
                # Large seeds make their rows in a child process, on the other core.
                chunks = (
                    chunks_in_child(maker, moments, CHUNK)
                    if dossiers >= CHILD_PROCESS_FROM
                    else maker.chunks(moments, CHUNK)
                )
                for chunk in chunks:
                    writer.write(chunk)
            writer.close()
            cur.executemany(
                "INSERT INTO sequences (name, value) VALUES (?, ?) ON CONFLICT(name) "
                "DO UPDATE SET value = max(value, excluded.value)",
                list(counters.items()),
            )
        finally:
            cur.close()
    if extras:
        _seed_extras(ctx, today, seed)
    return SeedSummary(
        dossiers=len(moments),
        users=len(user_ids),
        first_received=moments[0] if moments else None,
        last_received=moments[-1] if moments else None,
    )


def _seed_extras(ctx: AppContext, today: date, seed: int) -> None:
    from motcua_desktop.services import demo_iso, demo_quality, demo_surveys, users

    leader = users.get_user(ctx, "leader")
    demo_quality.seed_objectives(ctx, today.year, leader)
    demo_surveys.seed_surveys(ctx, today=today, seed=seed)
    demo_iso.seed_quality_system(ctx, today=today, actor=leader)


__all__ = ["DEMO_PASSWORD", "DEMO_PROFILE", "SeedSummary", "check_search_index", "seed_demo"]
