"""``Database.session(actor=…)``: an update-only transaction still names who acted."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from motcua_desktop.store.db import open_database
from motcua_desktop.store.models import AuditEntry, Setting


@pytest.fixture
def db(tmp_path):
    d = open_database(tmp_path / "actor.sqlite3")
    yield d
    d.close()


def _last(db) -> AuditEntry:
    with db.session() as s:  # writes nothing; the commit keeps the entry readable
        return s.scalars(select(AuditEntry).order_by(AuditEntry.position.desc()).limit(1)).one()


def test_an_update_only_transaction_records_the_actor(db):
    with db.session() as s:
        s.add(Setting(key="idle", value=10))
    leader = SimpleNamespace(id="u-leader", full_name="Lê Thị Thu Hà", role="leader")
    with db.session(actor=leader) as s:
        s.scalars(select(Setting).where(Setting.key == "idle")).one().value = 5
    last = _last(db)
    assert (last.action, last.table_name) == ("update", "settings")
    assert (last.actor_id, last.actor_name) == ("u-leader", "Lê Thị Thu Hà")
    assert last.changes == {"value": [10, 5]}


def test_an_id_and_name_pair_works_and_the_actor_ends_with_the_transaction(db):
    with db.session() as s:
        s.add(Setting(key="idle", value=10))
    with db.session(actor=("u-1", "Phạm Minh Tuấn")) as s:
        s.scalars(select(Setting)).one().value = 0
    assert (_last(db).actor_id, _last(db).actor_name) == ("u-1", "Phạm Minh Tuấn")
    with db.session() as s:  # the next transaction says nothing: nobody is named
        s.scalars(select(Setting)).one().value = 1
    assert (_last(db).actor_id, _last(db).actor_name) == (None, "")
