"""The tamper-evident audit trail: entry hashing and the flush-time writer.

Every insert and update of a synced row (any ``Synced`` table but ``audit_log``
itself) appends one ``AuditEntry`` in the same transaction. Entries of one
installation form a chain: ``position`` counts 1, 2, …; ``prev_hash`` is the
hash of the entry before (``"0" * 64`` for the first); ``hash`` is the SHA-256
of a canonical JSON of the entry's fields and ``prev_hash`` (``entry_hash``).

Who: ``session.info["actor"]`` (a ``UserInfo``-like object with ``id`` and
``full_name``, or an ``(id, name)`` pair) when the caller set it; otherwise the
``created_by`` of the first row the transaction inserts (services stamp it on
the events they write), its name looked up in ``users``; otherwise empty.

Personal columns (``info={"personal": True}``, a citizen's name, ID number…) are
sealed in an update: ``changes[field]`` holds ``[{"sealed": digest}, {"sealed":
digest}]`` (``seal_digest``: SHA-256 of a fresh random salt and the value's
canonical JSON) and the entry's ``sealed`` column, which is not hashed, keeps
``{field: {"before", "after", "salt_before", "salt_after"}}``. The retention
purge sets ``sealed`` to NULL: the plain values are gone, the chain still verifies.

Bulk inserts (``changelog.bulk_insert_synced``) write one summary entry per
call: action ``bulk_insert``, ``row_id`` the first id, ``changes``
``{"rows": n, "first_id": …, "last_id": …}``.

The chain's tail is read once per write transaction, inside it (after the
write lock is taken), with one seek on the ``(chain_id, position)``
unique index: a tail cached across transactions could go stale when a second
process or thread writes, and the clerk's save would then fail on the unique
constraint. The chain is the installation's epoch (``local_state``
"epoch_id", read in each write transaction): a restore or new keys start a
new epoch and with it a new chain, so the district never sees two entries
claim one place. A database without an epoch yet gets one here (a uuid4),
which ``sync.keys`` then keeps; a shared placeholder such as ``"local"``
would collide in the district's ``audit_log`` where every commune's entries meet.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from motcua_desktop.store.models import AuditEntry, Change, LocalState, User, new_id

GENESIS = "0" * 64
AUDIT_TABLE = AuditEntry.__tablename__
CHAIN_KEY = "epoch_id"  # sync.state.EPOCH_ID; read here without importing sync
REDACTED = "[redacted]"
# Never copied into the trail: secrets, and bookkeeping the change log keeps anyway.
SECRET_FIELDS = frozenset({"password_hash"})
BOOKKEEPING_FIELDS = frozenset({"version", "updated_at", "created_at"})

_TAIL = "motcua_audit_tail"  # session.info: [chain_id, position, hash] of this transaction
_ACTOR = "motcua_audit_actor"  # session.info: (id, name) guessed from this transaction's inserts
ACTOR = "actor"  # session.info key callers set to say who acts


HASHED_FIELDS = (
    "chain_id",
    "position",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "table_name",
    "row_id",
    "changes",
)


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON that reads back equal: dates as ISO text, decimals as text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return str(value)


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The bytes an entry's hash is taken over: the hashed fields and ``prev_hash``, sorted JSON."""
    body = {name: jsonable(fields.get(name)) for name in HASHED_FIELDS}
    body["position"] = int(body["position"])
    body["prev_hash"] = fields["prev_hash"]
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(fields: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of ``canonical(fields)``; ``fields`` is a mapping or an ``AuditEntry``."""
    if not isinstance(fields, Mapping):
        fields = {name: getattr(fields, name) for name in (*HASHED_FIELDS, "prev_hash")}
    return hashlib.sha256(canonical(fields)).hexdigest()


@dataclass(frozen=True)
class Actor:
    id: str | None
    name: str


def set_actor(session: Session, user: Any) -> None:
    """Say who acts in this session's transaction (a ``UserInfo``, an ``(id, name)`` pair, None)."""
    session.info[ACTOR] = user


def _as_actor(value: Any) -> Actor | None:
    if value is None:
        return None
    if isinstance(value, Actor):
        return value
    if isinstance(value, tuple) and len(value) == 2:
        return Actor(value[0], value[1] or "")
    uid = getattr(value, "id", None)
    name = getattr(value, "full_name", None) or getattr(value, "name", None) or ""
    return Actor(None if uid is None else str(uid), str(name))


def _actor(session: Session, new: list[Any]) -> Actor:
    explicit = _as_actor(session.info.get(ACTOR))
    if explicit is not None:
        return explicit
    known = session.info.get(_ACTOR)
    if known is not None:
        return known
    uid = next((o.created_by for o in new if getattr(o, "created_by", None)), None)
    if uid is None:
        return Actor(None, "")
    return _remember_actor(session, uid)


def _remember_actor(session: Session, uid: str) -> Actor:
    with session.no_autoflush:
        user = session.get(User, uid)
    actor = Actor(uid, user.full_name if user is not None else "")
    session.info[_ACTOR] = actor
    return actor


def _chain_id(session: Session) -> str:
    """The chain of this transaction: the installation's epoch (read once per transaction).

    Not cached across transactions: a restore or new keys start a new epoch, and
    the next entry must open a new chain, not continue one the district holds.
    """
    conn = session.connection()  # begins the transaction: the write lock is ours from here
    pending = _pending_chain(session)
    if pending is not None:  # being set in this flush (a new epoch): the new chain from now on
        return str(pending.value)
    row = conn.execute(
        select(LocalState.value).where(LocalState.key == CHAIN_KEY)
    ).scalar_one_or_none()
    if row is None:
        row = str(uuid.uuid4())
        conn.execute(insert(LocalState.__table__).values(key=CHAIN_KEY, value=row))
    return str(row)


def _pending_chain(session: Session) -> LocalState | None:
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, LocalState) and obj.key == CHAIN_KEY:
            return obj
    return None


def _tail(session: Session) -> list:
    """[chain_id, last position, last hash] for this transaction, read once per transaction."""
    tail = session.info.get(_TAIL)
    if tail is None:
        inst = _chain_id(session)
        last = (
            session.connection()
            .execute(
                select(AuditEntry.position, AuditEntry.hash)
                .where(AuditEntry.chain_id == inst)
                .order_by(AuditEntry.position.desc())
                .limit(1)
            )
            .first()
        )
        tail = [inst, last[0], last[1]] if last else [inst, 0, GENESIS]
        session.info[_TAIL] = tail
    return tail


def _chain(session: Session, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each entry its chain fields (installation, position, prev_hash, hash) in order."""
    tail = _tail(session)
    for e in entries:
        e["chain_id"] = tail[0]
        e["position"] = tail[1] + 1
        e["prev_hash"] = tail[2]
        e["hash"] = entry_hash(e)
        tail[1], tail[2] = e["position"], e["hash"]
    return entries


SEALED_KEY = "sealed"  # changes[field] = [{"sealed": digest}, {"sealed": digest}]


def seal_digest(salt: str, value: Any) -> str:
    """SHA-256 (hex) of the salt (hex text) followed by the value's canonical JSON, as UTF-8."""
    body = json.dumps(jsonable(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((salt + body).encode()).hexdigest()


def _seal(before: Any, after: Any) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The digests for ``changes`` and the plain values (with their salts) for ``sealed``."""
    plain = {
        "before": jsonable(before),
        "after": jsonable(after),
        "salt_before": secrets.token_hex(16),
        "salt_after": secrets.token_hex(16),
    }
    digests = [
        {SEALED_KEY: seal_digest(plain["salt_before"], plain["before"])},
        {SEALED_KEY: seal_digest(plain["salt_after"], plain["after"])},
    ]
    return digests, plain


def _skip(obj: Any) -> bool:
    return not getattr(obj, "__synced__", False) or obj.__tablename__ == AUDIT_TABLE


def _edits(obj: Any) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    """``{field: [before, after]}`` of the columns changed on ``obj`` since it was loaded,
    and the sealed plain values of its personal columns (empty when none changed)."""
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    sealed: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in BOOKKEEPING_FIELDS or attr.columns[0].info.get("local"):
            continue
        hist = state.attrs[key].history
        if not hist.added and not hist.deleted:
            continue
        before = hist.deleted[0] if hist.deleted else None
        after = hist.added[0] if hist.added else None
        if before == after:
            continue
        if key in SECRET_FIELDS:
            out[key] = [REDACTED, REDACTED]
        elif attr.columns[0].info.get("personal"):
            out[key], sealed[key] = _seal(before, after)
        else:
            out[key] = [jsonable(before), jsonable(after)]
    return out, sealed


def audit_flush(session: Session, new: list[Any], dirty: list[Any], stamp: datetime) -> None:
    """Append the audit entries of one flush (called from the change-log hook, ids already set)."""
    new = [o for o in new if not _skip(o)]
    dirty = [o for o in dirty if not _skip(o)]
    if not new and not dirty:
        return
    actor = _actor(session, new)
    entries = [
        {"action": "insert", "table_name": o.__tablename__, "row_id": str(o.id), "changes": None,
         "sealed": None}
        for o in new
    ]  # fmt: skip
    for o in dirty:
        edits, sealed = _edits(o)
        if edits:
            entries.append(
                {"action": "update", "table_name": o.__tablename__, "row_id": str(o.id),
                 "changes": edits, "sealed": sealed or None}
            )  # fmt: skip
    if not entries:
        return
    for e in entries:
        e.update(at=stamp, actor_id=actor.id, actor_name=actor.name)
    _write(session, _chain(session, entries), actor.id, stamp)


def _write(session: Session, entries: list[dict[str, Any]], actor_id: str | None, stamp) -> None:
    """Insert chained entries and their change-log rows: two Core executemany, no ORM objects."""
    rows = [
        {"id": new_id(), "version": 1, "created_at": stamp, "updated_at": stamp,
         "created_by": actor_id, **e}
        for e in entries
    ]  # fmt: skip
    conn = session.connection()
    conn.execute(insert(AuditEntry.__table__), rows)
    conn.execute(
        insert(Change.__table__),
        [{"table_name": AUDIT_TABLE, "row_id": r["id"], "op": "insert", "at": stamp} for r in rows],
    )


def audit_bulk(
    session: Session, table: str, rows: Iterable[Mapping[str, Any]], actor: str | None, stamp
) -> None:
    """One summary entry for a bulk insert of ``rows`` into ``table`` (Core, no ORM objects)."""
    if table == AUDIT_TABLE:
        return
    ids = [str(r["id"]) for r in rows]
    if not ids:
        return
    record_event(
        session,
        "bulk_insert",
        table_name=table,
        row_id=ids[0],
        changes={"rows": len(ids), "first_id": ids[0], "last_id": ids[-1]},
        actor=_remember_actor(session, actor) if actor else None,
        stamp=stamp,
    )


def record_event(
    session: Session,
    action: str,
    *,
    table_name: str = "",
    row_id: str = "",
    changes: Mapping[str, Any] | None = None,
    actor: Any = None,
    stamp: datetime | None = None,
) -> None:
    """Append one entry that is not a row edit: a login, a lockout, a password reset, an export.

    ``actor`` defaults to the session's actor (``set_actor``). ``changes`` is free
    JSON describing the event (never a secret). Written in the session's transaction.
    """
    from motcua_desktop.store.models import now

    who = _as_actor(actor) or _actor(session, [])
    when = stamp or now()
    entry = {
        "at": when,
        "actor_id": who.id,
        "actor_name": who.name,
        "action": action,
        "table_name": table_name,
        "row_id": row_id,
        "changes": jsonable(dict(changes)) if changes is not None else None,
    }
    _write(session, _chain(session, [entry]), who.id, when)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_TAIL, None)
    session.info.pop(_ACTOR, None)


def listen(session_class: type[Session]) -> None:
    """Forget the per-transaction tail and actor when a transaction of ``session_class`` ends."""
    event.listen(session_class, "after_commit", _forget)
    event.listen(session_class, "after_soft_rollback", _forget)
    event.listen(session_class, "after_rollback", _forget)
