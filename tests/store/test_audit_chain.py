"""The audit writer: one chained entry per insert and update, in the flush's own transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from motcua_desktop.store.audit_chain import (
    GENESIS,
    REDACTED,
    entry_hash,
    jsonable,
    set_actor,
)
from motcua_desktop.store.changelog import bulk_insert_synced
from motcua_desktop.store.db import open_database
from motcua_desktop.store.models import AuditEntry, Change, LocalState, Setting, User, new_id


@pytest.fixture
def db(tmp_path):
    d = open_database(tmp_path / "audit.sqlite3")
    yield d
    d.close()


def _entries(db) -> list[AuditEntry]:
    with db.session() as s:  # writes nothing; commit keeps the objects readable
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.position)))


def _user(s, name="Phạm Minh Tuấn") -> User:
    u = User(username=new_id()[:8], full_name=name, role="admin", password_hash="x")
    s.add(u)
    s.flush()
    return u


def test_inserts_and_updates_are_chained_with_before_and_after(db):
    with db.session() as s:
        u = _user(s)
        set_actor(s, SimpleNamespace(id=u.id, full_name=u.full_name))
        s.add(Setting(key="ui_language", value="vi"))
    with db.session() as s:
        set_actor(s, (u.id, u.full_name))
        row = s.scalars(select(Setting).where(Setting.key == "ui_language")).one()
        row.value = {"lang": "en", "since": "2026-01-01"}
    entries = _entries(db)
    assert [(e.position, e.action, e.table_name) for e in entries] == [
        (1, "insert", "users"),
        (2, "insert", "settings"),
        (3, "update", "settings"),
    ]
    assert entries[0].prev_hash == GENESIS
    for before, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == before.hash
    assert all(entry_hash(e) == e.hash for e in entries)
    assert entries[2].changes == {"value": ["vi", {"lang": "en", "since": "2026-01-01"}]}
    assert entries[2].row_id == row.id
    assert (entries[1].actor_id, entries[1].actor_name) == (u.id, "Phạm Minh Tuấn")
    with db.session(readonly=True) as s:
        # The entries travel: each one has its own change-log row.
        logged = s.scalars(select(Change.row_id).where(Change.table_name == "audit_log")).all()
        inst = s.get(LocalState, "epoch_id").value
    assert sorted(logged) == sorted(e.id for e in entries)
    assert {e.chain_id for e in entries} == {inst}


def test_actor_falls_back_to_the_created_by_of_the_transaction(db):
    with db.session() as s:
        u = _user(s, "Nguyễn Thị Ngọc Lan")
    with db.session() as s:
        s.add(Setting(key="a", value=1, created_by=u.id))
        s.flush()
        s.get(Setting, s.scalars(select(Setting.id)).one()).value = 2  # later flush, same actor
    with db.session() as s:
        s.scalars(select(Setting)).one().value = 3  # nobody says who
    entries = _entries(db)
    assert [(e.action, e.actor_id, e.actor_name) for e in entries[1:]] == [
        ("insert", u.id, "Nguyễn Thị Ngọc Lan"),
        ("update", u.id, "Nguyễn Thị Ngọc Lan"),
        ("update", None, ""),
    ]


def test_secrets_and_bookkeeping_stay_out(db):
    with db.session() as s:
        u = _user(s)
    with db.session() as s:
        row = s.get(User, u.id)
        row.password_hash = "scrypt$new"
        row.failed_logins = 3
    last = _entries(db)[-1]
    assert last.changes == {"password_hash": [REDACTED, REDACTED], "failed_logins": [0, 3]}


def test_an_unchanged_assignment_writes_nothing(db):
    with db.session() as s:
        s.add(Setting(key="k", value="v"))
    with db.session() as s:
        s.scalars(select(Setting)).one().value = "v"
    assert len(_entries(db)) == 1


def test_rolled_back_work_leaves_no_gap(db):
    with db.session() as s:
        s.add(Setting(key="one", value=1))
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(Setting(key="two", value=2))
        s.flush()
        raise RuntimeError("the clerk cancelled")
    with db.session() as s:
        s.add(Setting(key="three", value=3))
    entries = _entries(db)
    assert [e.position for e in entries] == [1, 2]
    assert entries[1].prev_hash == entries[0].hash


def test_the_chain_continues_in_a_new_process(db, tmp_path):
    with db.session() as s:
        s.add(Setting(key="one", value=1))
    db.close()
    again = open_database(tmp_path / "audit.sqlite3")
    try:
        with again.session() as s:
            s.add(Setting(key="two", value=2))
        entries = _entries(again)
    finally:
        again.close()
    assert [e.position for e in entries] == [1, 2]
    assert entries[1].prev_hash == entries[0].hash


def test_bulk_insert_writes_one_summary_entry(db):
    ids = [new_id() for _ in range(500)]
    with db.session() as s:
        n = bulk_insert_synced(
            s, Setting, ({"id": i, "key": f"k{i}", "value": 1} for i in ids), actor=None
        )
    assert n == 500
    [entry] = _entries(db)
    assert (entry.action, entry.table_name, entry.row_id) == ("bulk_insert", "settings", ids[0])
    assert entry.changes == {"rows": 500, "first_id": ids[0], "last_id": ids[-1]}
    assert entry_hash(entry) == entry.hash
    with db.session(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_jsonable_and_hash_are_canonical():
    assert jsonable({"d": date(2026, 3, 10), "t": datetime(2026, 3, 10, 9, 15)}) == {
        "d": "2026-03-10",
        "t": "2026-03-10T09:15:00",
    }
    assert jsonable(Decimal("1.50")) == "1.50" and jsonable(float("nan")) == "nan"
    fields = {
        "chain_id": "i",
        "position": 1,
        "at": datetime(2026, 3, 10, 9, 15),
        "actor_id": None,
        "actor_name": "",
        "action": "update",
        "table_name": "dossiers",
        "row_id": "r",
        "changes": {"b": [1, 2], "a": ["x", "y"]},
        "prev_hash": GENESIS,
    }
    reordered = {**fields, "changes": {"a": ["x", "y"], "b": [1, 2]}}
    assert entry_hash(fields) == entry_hash(reordered)
    assert entry_hash(fields) != entry_hash({**fields, "prev_hash": "1" * 64})
    assert entry_hash(fields) != entry_hash({**fields, "position": 2})
