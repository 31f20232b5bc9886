"""Upserting a commune's rows into the district store: plan by id and version, then Core bulk writes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, insert, select, update
from sqlalchemy import types as satypes
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.i18n import _
from motcua_desktop.store.models import SYNC_UP_TABLES, Base
from motcua_desktop.store.search_index import FTS_SOURCE_TABLE, reserve_search_ids

LOCAL_COLUMNS = {
    name: frozenset(c.name for c in Base.metadata.tables[name].columns if c.info.get("local"))
    for name in SYNC_UP_TABLES
}
CHUNK = 900  # ids per "IN (…)" lookup: under every SQLite's bound-parameter limit


@dataclass
class TableCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0  # same version already here
    older: int = 0  # an older version than the district holds

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "older": self.older,
        }


@dataclass
class TablePlan:
    """What one table's incoming rows would do; ``inserts``/``updates`` are ready to execute."""

    counts: TableCounts = field(default_factory=TableCounts)
    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)  # newer versions
    forced: list[dict] = field(default_factory=list)  # a new epoch's rows that differ
    same: list[dict] = field(default_factory=list)  # same version: checked for forks


def _default(col) -> Any:
    d = col.default
    if d is not None and d.is_scalar:
        return d.arg
    if col.server_default is not None and not col.nullable:
        text = str(getattr(col.server_default, "arg", ""))
        return int(text) if text.isdigit() else text
    return None


def _kind(col) -> str:
    t = col.type
    for cls, name in ((satypes.JSON, "json"), (satypes.DateTime, "datetime"),
                      (satypes.Date, "date"), (satypes.Boolean, "bool"),
                      (satypes.Integer, "int"), (satypes.String, "str")):  # fmt: skip
        if isinstance(t, cls):
            return name
    return "other"


class RowShaper:
    """Checks and types one table's payload rows (JSON values) into complete parameter dicts.

    The same rules as ``sync.payload.decode_rows`` (known, non-local columns;
    JSON types; string lengths; NOT NULL), with the column facts looked up
    once per table instead of once per value: the district reads millions.
    Missing columns (an older commune program) take their defaults.
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        local = LOCAL_COLUMNS.get(table.name, frozenset())
        cols = [c for c in table.columns if c.name not in local]
        self.columns = [c.name for c in cols]
        self.defaults = {c.name: _default(c) for c in cols}
        self.specs = {c.name: (_kind(c), c.nullable, getattr(c.type, "length", None)) for c in cols}

    def _bad(self, row_id: str, column: str) -> BundleRejected:
        return BundleRejected(
            _("Row {id} of table {table} has a bad value in {column}.").format(
                id=row_id, table=self.table.name, column=column[:64]
            ),
            "bad-payload",
        )

    def shape(self, row: Mapping[str, Any], table_name: str = "") -> dict:
        if not isinstance(row, Mapping) or not isinstance(row.get("id"), str):
            raise BundleRejected(
                _("A row of table {table} has no id; the bundle is damaged.").format(
                    table=self.table.name
                ),
                "bad-payload",
            )
        row_id = row["id"]
        specs = self.specs
        for name in row:
            if name not in specs:
                raise BundleRejected(
                    _("Column {column} of {table} is not known here; update this program.").format(
                        column=str(name)[:64], table=self.table.name
                    ),
                    "bad-payload",
                )
        out = {}
        for name in self.columns:
            if name not in row:
                out[name] = self.defaults[name]
                continue
            value = row[name]
            kind, nullable, length = specs[name]
            if value is None:
                if not nullable:
                    raise self._bad(row_id, name)
            elif kind == "str":
                if type(value) is not str or (length and len(value) > length):
                    raise self._bad(row_id, name)
            elif kind == "int":
                if type(value) is not int or abs(value) >= 2**63:
                    raise self._bad(row_id, name)
            elif kind == "datetime":
                if type(value) is not datetime:
                    try:
                        value = datetime.fromisoformat(value)
                    except (TypeError, ValueError):
                        raise self._bad(row_id, name) from None
            elif kind == "date":
                if type(value) is not date:
                    try:
                        value = date.fromisoformat(value)
                    except (TypeError, ValueError):
                        raise self._bad(row_id, name) from None
            elif kind == "bool" and type(value) is not bool:
                raise self._bad(row_id, name)
            out[name] = value
        if type(out.get("version")) is not int or out["version"] < 1:
            raise self._bad(row_id, "version")
        return out


_SHAPERS: dict[str, RowShaper] = {}


def shaper(table_name: str) -> RowShaper:
    if table_name not in _SHAPERS:
        _SHAPERS[table_name] = RowShaper(Base.metadata.tables[table_name])
    return _SHAPERS[table_name]


def _loads_or_none(line: bytes) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return None


def decode_payload(payload: bytes) -> dict[str, list[dict]]:
    """A data payload's rows per travelling table, checked and typed; BundleRejected if bad."""
    out: dict[str, list[dict]] = {}
    if payload and not payload.endswith(b"\n"):
        raise BundleRejected(_("The bundle's content is cut short."), "bad-payload")
    try:  # one parse for the whole payload (newlines inside JSON strings are escaped)
        records = json.loads(b"[" + payload[:-1].replace(b"\n", b",") + b"]") if payload else []
    except (ValueError, RecursionError):
        records = None
    if records is None or len(records) != payload.count(b"\n"):  # find the bad line
        records = [_loads_or_none(line) for line in payload.split(b"\n")[:-1]]
    for number, rec in enumerate(records, start=1):
        table = rec.get("t") if isinstance(rec, dict) else None
        if table not in SYNC_UP_TABLES or set(rec) != {"t", "id", "v", "op", "row"}:
            raise BundleRejected(
                _("The bundle's content is damaged at line {line}.").format(line=number),
                "bad-payload",
            )
        row = rec["row"]
        if (
            not isinstance(row, dict)
            or row.get("id") != rec["id"]
            or row.get("version") != rec["v"]
        ):
            raise BundleRejected(
                _("The bundle's content is damaged at line {line}.").format(line=number),
                "bad-payload",
            )
        out.setdefault(table, []).append(shaper(table).shape(row))
    return out


def _comparable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value


def plan_table(
    session: Session,
    table_name: str,
    rows: Iterable[Mapping[str, Any]],
    commune_id: str,
    *,
    authoritative: bool = False,
) -> TablePlan:
    """Sort incoming rows into new / newer / same / older against the district's rows.

    A row held for another commune, or the same version of a row with other
    content (two histories of one commune in one epoch), raises
    ``BundleRejected`` with reason "fork". ``authoritative`` (the first bundle
    of a commune's new epoch, after a restore) instead takes every incoming row
    whose content differs, whatever its version.
    """
    table = Base.metadata.tables[table_name]
    shape = shaper(table_name)
    plan = TablePlan()
    # The last occurrence of an id wins inside one bundle (highest version kept).
    incoming: dict[str, dict] = {}
    for r in rows:
        prev = incoming.get(r["id"])
        if prev is None or r["version"] >= prev["version"]:
            incoming[r["id"]] = r
    ids = list(incoming)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = session.execute(
            select(table.c.id, table.c.version, table.c.origin_id).where(table.c.id.in_(chunk))
        ).all()
        for row_id, version, origin in found:
            r = incoming.pop(row_id)
            if origin is not None and origin != commune_id:
                raise BundleRejected(
                    _(
                        "Row {id} of table {table} already came from another commune. "
                        "Two installations share data; ask the district's technician."
                    ).format(id=row_id, table=table_name),
                    "fork",
                )
            if r["version"] > version:
                r["b_id"] = row_id
                plan.updates.append(r)
                plan.counts.updated += 1
            elif r["version"] == version or authoritative:
                plan.same.append(r)
            else:
                plan.counts.older += 1
    if plan.same:
        differ = _differing(session, table, shape, plan.same)
        for r in plan.same:
            if r["id"] not in differ:
                plan.counts.unchanged += 1
            elif authoritative:
                r["b_id"] = r["id"]
                plan.forced.append(r)
                plan.counts.updated += 1
            else:
                raise BundleRejected(
                    _(
                        "Version {version} of row {id} ({table}) differs from the copy the "
                        "district already has: the commune's data has forked (a copied or "
                        "restored installation?). The bundle was not applied; ask the "
                        "district's technician."
                    ).format(version=r["version"], id=r["id"], table=table.name),
                    "fork",
                )
        plan.same.clear()
    for r in incoming.values():
        r["origin_id"] = commune_id
        plan.inserts.append(r)
    plan.counts.new = len(plan.inserts)
    return plan


def _differing(session: Session, table: Table, shape: RowShaper, rows: list[dict]) -> set[str]:
    """Ids of ``rows`` whose stored content differs from the incoming values."""
    cols = [table.c[name] for name in shape.columns]
    by_id = {r["id"]: r for r in rows}
    ids = list(by_id)
    out = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for stored in session.execute(select(*cols).where(table.c.id.in_(chunk))).mappings():
            mine = by_id[stored["id"]]
            if any(_comparable(stored[n]) != _comparable(mine[n]) for n in shape.columns):
                out.add(stored["id"])
    return out


def _sqlite_value(kind: str):
    """The value as SQLAlchemy's SQLite types store it (DATETIME always with microseconds)."""
    if kind == "datetime":

        def dt(v):
            if v is None:
                return None
            text = v.isoformat(" ")
            return text if v.microsecond else text + ".000000"

        return dt
    if kind == "date":
        return lambda v: None if v is None else v.isoformat()
    if kind == "json":
        return lambda v: None if v is None else json.dumps(v)
    return None


def _sqlite_insert(session: Session, table: Table, rows: list[dict]) -> None:
    """Core INSERT executemany straight on the driver: SQLAlchemy's per-value bind
    processing costs a fifth of an import of a million rows."""
    names = list(rows[0])
    kinds = {c.name: _kind(c) for c in table.columns}
    convert = [_sqlite_value(kinds[n]) for n in names]
    converted = [(i, f) for i, f in enumerate(convert) if f is not None]
    params = []
    for r in rows:
        values = [r[n] for n in names]
        for i, f in converted:
            values[i] = f(values[i])
        params.append(tuple(values))
    sql = "INSERT INTO {t} ({c}) VALUES ({m})".format(
        t=table.name, c=", ".join(names), m=", ".join("?" * len(names))
    )
    session.connection().exec_driver_sql(sql, params)


def write_plan(session: Session, table_name: str, plan: TablePlan) -> None:
    """Execute a plan: one executemany INSERT and one executemany UPDATE (newer versions only)."""
    table = Base.metadata.tables[table_name]
    if plan.inserts:
        if table_name == FTS_SOURCE_TABLE:
            ids = reserve_search_ids(session.connection(), len(plan.inserts))
            for r, search_id in zip(plan.inserts, ids, strict=True):
                r["search_id"] = search_id
        if session.get_bind().dialect.name == "sqlite":
            _sqlite_insert(session, table, plan.inserts)
        else:
            session.execute(insert(table), plan.inserts)
    for rows, guarded in ((plan.updates, True), (plan.forced, False)):
        if not rows:
            continue
        names = [k for k in rows[0] if k not in ("b_id", "b_ver", "id", "origin_id")]
        where = table.c.id == bindparam("b_id")
        if guarded:  # another import may have stored a newer version meanwhile
            where = and_(where, table.c.version < bindparam("b_ver"))
            for r in rows:
                r["b_ver"] = r["version"]
        stmt = update(table).where(where).values({name: bindparam(name) for name in names})
        session.connection().execute(stmt, rows)
