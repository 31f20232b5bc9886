"""Data-bundle payloads: changed rows of the travelling tables as newline-delimited JSON."""

# Generic over every table with the ``Travels`` mixin: columns, types, parent
# tables and local columns are read from the models, so a new travelling
# table needs no code here.

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Text,
    func,
    select,
)
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.i18n import _
from motcua_desktop.store.models import Base, Change
from motcua_desktop.sync import payload_sql
from motcua_desktop.sync.deflate import Deflated, DeflateStream

OPS = ("insert", "update")
_ID_CHUNK = 500


@dataclass(frozen=True)
class ChangeSet:
    """The latest state of every travelling row changed after a watermark, parents first.

    ``seq_from``..``seq_to`` is the whole range of the change log covered
    (changes of tables that stay home included), so the district can tell a
    gap from a stretch with nothing to send; an empty range has
    ``seq_from == seq_to + 1``. ``encoded`` is the payload itself, or empty
    when it was compressed as it was read (``deflated``); ``rows`` are its
    lines as dicts, parsed only if someone asks for them.
    """

    encoded: bytes
    seq_from: int
    seq_to: int
    counts: dict[str, int]
    deflated: Deflated | None = None

    def payload(self) -> bytes:
        return self.deflated.inflate() if self.deflated is not None else self.encoded

    def for_bundle(self) -> bytes | Deflated:
        """What ``write_bundle`` takes: the compressed stream when there is one."""
        return self.deflated if self.deflated is not None else self.encoded

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.payload().splitlines()]


def sync_up_tables() -> dict[str, Table]:
    """The travelling tables by name, in an order where parents come before their children."""
    tables = {
        m.local_table.name: m.local_table
        for m in Base.registry.mappers
        if getattr(m.class_, "__sync_up__", False) and isinstance(m.local_table, Table)
    }
    ordered: dict[str, Table] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered or name in path:
            return
        for fk in tables[name].foreign_keys:
            parent = fk.column.table.name
            if parent in tables and parent != name:
                visit(parent, (*path, name))
        ordered[name] = tables[name]

    for name in sorted(tables):
        visit(name, ())
    return ordered


def _exported_columns(table: Table) -> list:
    return [c for c in table.columns if not c.info.get("local")]


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _seq_to(session: Session, after_seq: int) -> int:
    seq_to = session.scalar(select(func.max(Change.seq)).where(Change.seq > after_seq))
    return after_seq if seq_to is None else int(seq_to)


def collect_changes(session: Session, after_seq: int, *, compress: bool = False) -> ChangeSet:
    """Every travelling row changed after ``after_seq``, once each, in its current state.

    On SQLite the lines are written by SQLite itself (``payload_sql``);
    elsewhere, or for a column type it cannot render exactly, by
    ``collect_changes_generic``. Both give the same decoded rows in the same
    order. ``compress``: the SQLite path compresses each table's lines on a
    second thread while it reads the next (``ChangeSet.deflated``).
    """
    tables = sync_up_tables()
    try:
        specs = [(table, _exported_columns(table)) for table in tables.values()]
        queries = payload_sql.prepare(session, specs)
    except payload_sql.Unsupported:
        return collect_changes_generic(session, after_seq)
    seq_to = _seq_to(session, after_seq)
    if not compress:
        encoded, counts = payload_sql.encode(queries, after_seq, seq_to)
        return ChangeSet(encoded=encoded, seq_from=after_seq + 1, seq_to=seq_to, counts=counts)
    with DeflateStream() as stream:
        _nothing, counts = payload_sql.encode(queries, after_seq, seq_to, sink=stream.feed)
        deflated = stream.finish()
    return ChangeSet(b"", after_seq + 1, seq_to, counts, deflated=deflated)


def collect_changes_generic(session: Session, after_seq: int) -> ChangeSet:
    """``collect_changes`` through SQLAlchemy and json.dumps: any engine, about 8 times slower."""
    tables = sync_up_tables()
    seq_to = _seq_to(session, after_seq)
    keyed = session.execute(
        select(
            Change.table_name,
            Change.row_id,
            func.max(Change.seq),
            func.min(Change.op),  # "insert" < "update": any insert in range wins
        )
        .where(Change.seq > after_seq, Change.seq <= seq_to, Change.table_name.in_(list(tables)))
        .group_by(Change.table_name, Change.row_id)
        .order_by(func.max(Change.seq))
    ).all()
    by_table: dict[str, list[tuple[str, str]]] = {}
    for table_name, row_id, _seq, op in keyed:
        by_table.setdefault(table_name, []).append((row_id, op))
    rows: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for name, table in tables.items():
        wanted = by_table.get(name)
        if not wanted:
            continue
        columns = _exported_columns(table)
        found: dict[str, dict[str, Any]] = {}
        ids = [row_id for row_id, _op in wanted]
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = ids[start : start + _ID_CHUNK]
            for record in session.execute(select(*columns).where(table.c.id.in_(chunk))):
                values = record._mapping
                found[values["id"]] = {c.name: _to_json(values[c.name]) for c in columns}
        for row_id, op in wanted:
            row = found.get(row_id)
            if row is None:  # rows are never deleted; a missing one has nothing to send
                continue
            rows.append({"t": name, "id": row_id, "v": row.get("version"), "op": op, "row": row})
            counts[name] = counts.get(name, 0) + 1
    changes = ChangeSet(
        encoded=encode_rows(rows), seq_from=after_seq + 1, seq_to=seq_to, counts=counts
    )
    changes.__dict__["rows"] = rows  # already at hand; spares cached_property a re-parse
    return changes


def encode_rows(rows: Iterable[dict[str, Any]]) -> bytes:
    """One JSON object per line, UTF-8, keys sorted (the same rows always give the same bytes)."""
    return b"".join(
        json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"
        for r in rows
    )


def _bad(line: int, problem: str) -> BundleRejected:
    return BundleRejected(
        _("The bundle's content is damaged at line {line}: {problem}").format(
            line=line, problem=problem
        ),
        "bad-payload",
    )


def _decode_value(column, value: Any) -> Any:
    """The Python value of a column from its JSON form; ValueError if the type is wrong."""
    if value is None:
        if not column.nullable:
            raise ValueError
        return None
    kind = column.type
    if isinstance(kind, JSON):
        return value
    if isinstance(kind, DateTime):
        if not isinstance(value, str):
            raise ValueError
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        if not isinstance(value, str):
            raise ValueError
        return date.fromisoformat(value)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ValueError
        return value
    if isinstance(kind, Integer):
        if type(value) is not int or abs(value) >= 2**63:
            raise ValueError
        return value
    if isinstance(kind, Float):
        # json.loads gives an int for "98"; inf and nan are not JSON numbers
        if type(value) not in (int, float) or not math.isfinite(value):
            raise ValueError
        return float(value)
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            raise ValueError
        return value
    raise ValueError


def _decode_line(number: int, line: bytes, tables: dict[str, Table]) -> dict[str, Any]:
    try:
        obj = json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError):
        raise _bad(number, _("not a JSON object")) from None
    if not isinstance(obj, dict) or set(obj) != {"t", "id", "v", "op", "row"}:
        raise _bad(number, _("not a row record"))
    table = tables.get(obj["t"]) if isinstance(obj["t"], str) else None
    if table is None:
        raise _bad(number, _("unknown table {table}").format(table=str(obj["t"])[:64]))
    row_id, version, op, row = obj["id"], obj["v"], obj["op"], obj["row"]
    if not isinstance(row_id, str) or not 0 < len(row_id) <= 64:
        raise _bad(number, _("the row has no valid id"))
    if type(version) is not int or not 1 <= version < 2**63 or op not in OPS:
        raise _bad(number, _("the row's version or operation is invalid"))
    if not isinstance(row, dict) or row.get("id") != row_id or row.get("version") != version:
        raise _bad(number, _("the row's values do not match its id and version"))
    values: dict[str, Any] = {}
    for name, value in row.items():
        column = table.columns.get(name)
        if column is None or column.info.get("local"):
            raise _bad(
                number,
                _("column {column} of {table} is not known here; update this program").format(
                    column=name[:64], table=table.name
                ),
            )
        try:
            values[name] = _decode_value(column, value)
        except ValueError:
            raise _bad(
                number,
                _("the value of {table}.{column} has the wrong type").format(
                    table=table.name, column=name
                ),
            ) from None
    return {"t": table.name, "id": row_id, "v": version, "op": op, "row": values}


def decode_rows(payload: bytes) -> Iterator[dict[str, Any]]:
    """Each row of a data payload, checked, with dates and times as Python values.

    Raises BundleRejected("bad-payload") naming the first bad line; an importer
    that must not half-apply reads all rows before writing any.
    """
    tables = sync_up_tables()
    if payload and not payload.endswith(b"\n"):
        raise _bad(payload.count(b"\n") + 1, _("the last line is cut short"))
    for number, line in enumerate(payload.split(b"\n")[:-1], start=1):
        yield _decode_line(number, line, tables)
