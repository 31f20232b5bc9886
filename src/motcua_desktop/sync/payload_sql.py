"""The data payload built inside SQLite: one query per travelling table that yields finished NDJSON lines."""

# Why: turning 150,000 rows into Python dicts and back into JSON cost ~90 % of
# an export. Here SQLite joins the change log with each table and writes every
# line with json_object(), so Python only joins strings. The SQL is derived
# from the SQLAlchemy columns (no per-table code); the generic Python path in
# ``payload`` stays for other engines and for columns this module cannot
# render exactly, and tests/sync/test_payload_fast.py checks both agree.

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Table, Text
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

# json_object() takes 2 arguments per key and SQLite < 3.48 allows at most 127.
_KEYS_PER_OBJECT = 60
_first = itemgetter(0)


class Unsupported(Exception):
    """This database or table cannot be rendered in SQL; the caller uses the Python path."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _value_sql(column) -> str:
    """An SQL expression whose JSON rendering equals the Python path's for this column."""
    ref = "t." + _quote(column.name)
    kind = column.type
    if isinstance(kind, JSON):
        # Stored as JSON text; json() embeds it as JSON (not as a string) and
        # maps SQL NULL and the text 'null' alike to null.
        return f"json({ref})"
    if isinstance(kind, Boolean):
        # Stored 0/1 and read back as bool(value); json() is the outermost call so
        # that json_object embeds true/false rather than a string.
        return f"json(CASE WHEN {ref} THEN 'true' WHEN NOT {ref} THEN 'false' END)"
    if isinstance(kind, DateTime):
        # SQLAlchemy stores 'YYYY-MM-DD HH:MM:SS.ffffff'; isoformat() has a 'T'
        # and no zero microseconds. Two replace() calls cost a fifth of the
        # substr/CASE form; other spellings pass through as stored, and
        # datetime.fromisoformat reads them to the same value.
        return f"replace(replace({ref}, ' ', 'T'), '.000000', '')"
    if isinstance(kind, Date | Integer | Float | String | Text):
        # Date is stored as its ISO text already; a REAL may be spelt differently
        # (1.0e+300 for 1e+300) but decodes to the same float.
        return ref
    raise Unsupported(f"{column.table.name}.{column.name}: {kind!r}")


def _row_object_sql(columns: list) -> str:
    """The ``row`` object, keys sorted as json.dumps(sort_keys=True) sorts them."""
    ordered = sorted(columns, key=lambda c: c.name)
    parts = [
        ", ".join(f"{_literal(c.name)}, {_value_sql(c)}" for c in ordered[i : i + _KEYS_PER_OBJECT])
        for i in range(0, len(ordered), _KEYS_PER_OBJECT)
    ]
    if len(parts) == 1:
        return f"json_object({parts[0]})"
    # Too many keys for one call: splice the objects' members into one object.
    members = " || ',' || ".join(
        f"substr(json_object({p}), 2, length(json_object({p})) - 2)" for p in parts
    )
    return f"json('{{' || {members} || '}}')"


def table_query(table: Table, columns: list) -> str:
    """Each row of ``table`` changed in a seq range, once: its last change's seq and its line.

    Parameters: the seq range (exclusive start, inclusive end) and the table
    name. ``op`` is ``insert`` if any change in range was an insert ("insert" <
    "update"). Rows missing from the table (never deleted, so none) drop out
    of the join, as in the Python path. No ORDER BY: sorting 100 MB of lines
    in SQLite costs more than sorting their seqs in Python.
    """
    line = (
        f"json_object('id', t.{_quote('id')}, 'op', c.op, 'row', {_row_object_sql(columns)}, "
        f"'t', {_literal(table.name)}, 'v', t.{_quote('version')})"
    )
    return (
        # As a blob the UTF-8 bytes come out as they are, not decoded to str and back.
        f"SELECT c.last, CAST({line} AS BLOB) FROM ("
        "SELECT row_id, max(seq) AS last, min(op) AS op FROM changes "
        "WHERE seq > ? AND seq <= ? AND table_name = ? GROUP BY row_id"
        f") AS c JOIN {_quote(table.name)} AS t ON t.{_quote('id')} = c.row_id"
    )


@dataclass(frozen=True)
class Prepared:
    """The queries of every travelling table, bound to the session's SQLite connection."""

    connection: sqlite3.Connection
    queries: list[tuple[str, str]]


def prepare(session: Session, tables: Iterable[tuple[Table, list]]) -> Prepared:
    """Queries for ``(table, exported columns)`` pairs; Unsupported if SQL cannot render them."""
    queries = [(table.name, table_query(table, columns)) for table, columns in tables]
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        raise Unsupported(connection.dialect.name)
    raw = connection.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        raise Unsupported(type(raw).__name__)
    return Prepared(raw, queries)


def _chunk(connection: sqlite3.Connection, name: str, sql: str, after_seq: int, seq_to: int):
    """One table's lines, ordered by their last change, and their count."""
    cursor = connection.cursor()
    try:
        found = cursor.execute(sql, (after_seq, seq_to, name)).fetchall()
    except sqlite3.Error as exc:  # as SQLAlchemy would raise it, for db.session()
        raise sa_exc.OperationalError(sql, (after_seq, seq_to, name), exc) from exc
    finally:
        cursor.close()
    if not found:
        return b"", 0
    found.sort(key=_first)  # the order of the last changes, as the Python path
    lines = [line for _last, line in found]
    lines.append(b"")  # every line, the last included, ends with a newline
    return b"\n".join(lines), len(found)


def encode(
    prepared: Prepared, after_seq: int, seq_to: int, sink: Callable[[bytes], None] | None = None
) -> tuple[bytes, dict[str, int]]:
    """The payload and the row count per table, read in the session's open transaction.

    With ``sink``, each table's lines go to it as soon as they are read (for a
    compressor working in parallel: SQLite and zlib both release the GIL), and
    the payload returned is empty. One reader only: a second SQLite connection
    on another thread measured no faster here (BENCHMARKS.md).
    """
    chunks: list[bytes] = []
    counts: dict[str, int] = {}
    for name, sql in prepared.queries:
        chunk, count = _chunk(prepared.connection, name, sql, after_seq, seq_to)
        if not count:
            continue
        counts[name] = count
        if sink is None:
            chunks.append(chunk)
        else:
            sink(chunk)
    return b"".join(chunks), counts
