"""Write tests/fixtures/schemas/schema-000N.sql: one SQL dump per earlier schema, for the upgrade tests.

For each revision before head: a fresh SQLite file is migrated by Alembic to
exactly that revision, filled with the data set of ``schema_fixture_data``
(plain SQL, only the columns and tables that schema has, change-log rows for
every synced row, and from 0006 a valid hash-chained audit trail), and dumped
with ``sqlite3.Connection.iterdump``. Databases themselves are never committed.

    .venv/bin/python tools/make_schema_fixtures.py            # every earlier revision
    .venv/bin/python tools/make_schema_fixtures.py 0006       # one

See tools/schema_fixtures.md for when to regenerate.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from schema_fixture_data import ADMIN, EPOCH_ID, USERS, rows  # noqa: E402

from motcua_desktop.store.audit_chain import GENESIS, entry_hash  # noqa: E402
from motcua_desktop.store.db import SCHEMA_HEAD, alembic_config  # noqa: E402
from motcua_desktop.store.models import SYNCED_TABLES  # noqa: E402
from motcua_desktop.store.search_index import FTS_TABLE  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "tests" / "fixtures" / "schemas"
VERSIONS_DIR = ROOT / "src" / "motcua_desktop" / "store" / "migrations" / "versions"


def earlier_revisions() -> list[str]:
    """Every migration's revision id but head's, oldest first (file names start with it)."""
    revs = sorted(p.name[:4] for p in VERSIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))
    return [r for r in revs if r != SCHEMA_HEAD]


def sql_value(value):
    """A Python value as SQLAlchemy stores it in SQLite (times as text; JSON columns: _insert)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def migrate(path: Path, rev: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, rev)
    finally:
        engine.dispose()


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    """Column name -> declared type of ``table`` in this schema."""
    return {r[1]: r[2].upper() for r in conn.execute(f'PRAGMA table_info("{table}")')}


def _insert(conn: sqlite3.Connection, table: str, values: dict) -> None:
    types = _columns(conn, table)
    values = {
        k: json.dumps(v) if types[k] == "JSON" and v is not None else sql_value(v)
        for k, v in values.items()
        if k in types
    }
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(values.values()))


def _log_change(conn: sqlite3.Connection, table: str, row: dict) -> None:
    conn.execute(
        "INSERT INTO changes (table_name, row_id, op, at) VALUES (?, ?, 'insert', ?)",
        (table, row["id"], sql_value(row["created_at"])),
    )
    if row["updated_at"] != row["created_at"]:
        conn.execute(
            "INSERT INTO changes (table_name, row_id, op, at) VALUES (?, ?, 'update', ?)",
            (table, row["id"], sql_value(row["updated_at"])),
        )


def _audit(conn: sqlite3.Connection, logged: list[tuple[str, dict]]) -> None:
    """The trail schema 0006's program wrote: one chained entry per row inserted."""
    names = {u[0]: u[2] for u in USERS}
    prev = GENESIS
    for position, (table, row) in enumerate(logged, start=1):
        who = row.get("created_by")
        entry = {"chain_id": EPOCH_ID, "position": position, "at": row["created_at"],
                 "actor_id": who, "actor_name": names.get(who, ""), "action": "insert",
                 "table_name": table, "row_id": row["id"], "changes": None,
                 "prev_hash": prev}  # fmt: skip
        entry["hash"] = entry_hash(entry)
        prev = entry["hash"]
        audit_id = f"00000000-0000-4000-a000-{position:012d}"
        at = row["created_at"]
        _insert(conn, "audit_log", {**entry, "id": audit_id, "version": 1, "created_at": at,
                                    "updated_at": at, "created_by": who or ADMIN})  # fmt: skip
        _log_change(conn, "audit_log", {"id": audit_id, "created_at": at, "updated_at": at})


def fill(path: Path, rev: str) -> dict[str, int]:
    """Insert the data set valid for schema ``rev``; returns the row count per table."""
    n = int(rev)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        counts: dict[str, int] = {}
        logged: list[tuple[str, dict]] = []
        with conn:
            for table, values in rows(n):
                if table not in tables:
                    raise SystemExit(f"schema {rev} has no table {table}: fix the data set")
                _insert(conn, table, values)
                counts[table] = counts.get(table, 0) + 1
                if table in SYNCED_TABLES:
                    _log_change(conn, table, values)
                    logged.append((table, values))
            if "audit_log" in tables:
                _audit(conn, logged)
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise SystemExit(f"schema {rev}: broken references {problems[:3]}")
        return counts
    finally:
        conn.close()


def program_commit(rev: str) -> str:
    """The commit that added migration ``rev`` ("<hash> <subject>"), for the dump's header."""
    try:
        out = subprocess.run(
            ["git", "log", "--diff-filter=A", "--format=%h %s", "--", f"{VERSIONS_DIR}/{rev}_*"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out.splitlines()[-1] if out else "unknown (no git history)"


def dump_sql(db: Path) -> list[str]:
    """``iterdump`` of ``db`` with the FTS5 index rebuilt by SQL instead of copied.

    ``iterdump`` writes an FTS5 table as a raw ``sqlite_master`` row and inserts
    into it before its shadow tables exist, so such a dump does not load. The
    index is derived from ``dossiers.search_text``: the dump creates it as the
    0002 migration does and fills it, just before the triggers that use it.
    """
    conn = sqlite3.connect(db)
    try:
        fts = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = ? AND type = 'table'", (FTS_TABLE,)
        ).fetchone()
        out: list[str] = []
        rebuilt = False
        for stmt in conn.iterdump():
            if fts is not None and _is_fts_statement(stmt):
                continue
            if fts is not None and stmt.startswith("CREATE TRIGGER") and not rebuilt:
                rebuilt = True
                out += [f"{fts[0]};", f"INSERT INTO {FTS_TABLE}(rowid, body) "
                        "SELECT search_id, search_text FROM dossiers;"]  # fmt: skip
            out.append(stmt)
        return out
    finally:
        conn.close()


def _is_fts_statement(stmt: str) -> bool:
    if stmt.startswith("PRAGMA writable_schema"):
        return True
    if stmt.startswith("INSERT INTO sqlite_master") and f"'{FTS_TABLE}'" in stmt:
        return True
    for prefix in (f"CREATE TABLE '{FTS_TABLE}", f'INSERT INTO "{FTS_TABLE}'):
        if stmt.startswith(prefix):
            return True
    return False


def write_fixture(rev: str, out_dir: Path = OUT_DIR) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "motcua.sqlite3"
        migrate(db, rev)
        counts = fill(db, rev)
        dump = dump_sql(db)
    header = [
        f"-- motcua-desktop database at schema {rev}, for tests/store/test_upgrades.py.",
        f"-- Schema as made by commit {program_commit(rev)}",
        "-- (migrations run by Alembic up to exactly this revision).",
        "-- Written by tools/make_schema_fixtures.py; do not edit by hand.",
        "-- Rows: " + ", ".join(f"{t} {c}" for t, c in sorted(counts.items())),
    ]
    target = out_dir / f"schema-{rev}.sql"
    target.write_text("\n".join(header + dump) + "\n", encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    revs = argv or earlier_revisions()
    for rev in revs:
        if rev == SCHEMA_HEAD:
            print(f"{rev} is the head schema; only earlier ones get a fixture", file=sys.stderr)
            return 2
        print(write_fixture(rev).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
