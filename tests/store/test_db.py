"""The SQLite store: pragmas, migrations, backups, refusal of newer schemas, the change log."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.store.db import head_revision, open_database
from motcua_desktop.store.models import Base, Change, Setting


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "motcua.sqlite3")
    yield database
    database.close()


def test_pragmas_on_every_connection(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_migration_from_empty_reaches_head(db):
    assert db.revision() == head_revision()


def test_models_and_migrated_schema_agree(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_session_commits_and_rolls_back(db):
    with db.session() as s:
        s.add(Setting(key="a", value={"x": 1}))
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(Setting(key="b", value=2))
        s.flush()
        raise RuntimeError("boom")
    with db.session(readonly=True) as s:
        assert s.scalars(select(Setting.key)).all() == ["a"]


def test_change_log_records_inserts_and_updates_with_version_bumps(db):
    with db.session() as s:
        row = Setting(key="ui_language", value="vi")
        s.add(row)
    assert row.version == 1
    with db.session() as s:
        r = s.scalar(select(Setting).where(Setting.key == "ui_language"))
        r.value = "en"
    with db.session() as s:
        r = s.scalar(select(Setting).where(Setting.key == "ui_language"))
        assert r.version == 2
        assert r.updated_at >= r.created_at
        changes = s.execute(select(Change.table_name, Change.row_id, Change.op)).all()
    assert changes == [("settings", r.id, "insert"), ("settings", r.id, "update")]


def test_unchanged_row_is_not_logged(db):
    with db.session() as s:
        s.add(Setting(key="k", value=1))
    with db.session() as s:
        r = s.scalar(select(Setting))
        r.value = 1  # same value: no new version
    with db.session() as s:
        assert s.scalar(select(Setting)).version == 1
        assert len(s.scalars(select(Change)).all()) == 1


def _stamp(path, revision):
    conn = sqlite3.connect(path)
    if revision is None:
        conn.execute("DELETE FROM alembic_version")
    else:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.close()


def test_backup_before_migrating_an_older_database(tmp_path):
    path = tmp_path / "motcua.sqlite3"
    open_database(path).close()
    # An empty alembic_version is "base": behind head. Drop the tables so the
    # upgrade can run again, as it would from an old release's schema.
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE legacy_marker (x)")
    conn.execute("INSERT INTO legacy_marker VALUES (42)")
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN "
        "('legacy_marker','alembic_version','sqlite_sequence')"
    ).fetchall():
        conn.execute(f"DROP TABLE {name}")
    conn.commit()
    conn.close()
    _stamp(path, None)

    db = open_database(path)
    try:
        assert db.revision() == head_revision()
    finally:
        db.close()
    backups = list((tmp_path / "backups").glob("pre-migrate-base-*.sqlite3"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT x FROM legacy_marker").fetchone() == (42,)
    assert copy.execute("SELECT count(*) FROM alembic_version").fetchone() == (0,)
    copy.close()


def test_no_backup_for_a_new_database(tmp_path):
    open_database(tmp_path / "motcua.sqlite3").close()
    assert not list((tmp_path / "backups").glob("*.sqlite3"))


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "motcua.sqlite3"
    open_database(path).close()
    _stamp(path, "9999_from_the_future")
    before = path.read_bytes()
    with pytest.raises(StorageError, match="newer version"):
        open_database(path)
    assert path.read_bytes() == before


def test_unwritable_data_folder(tmp_path):
    # A path under a regular file cannot become a folder, whoever runs the test (even root).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot be written"):
        open_database(blocker / "data" / "motcua.sqlite3")


def test_schema_head_constant_matches_alembic_head():
    # open_database skips importing Alembic when a file is at SCHEMA_HEAD; a new
    # migration without bumping the constant would silently never run.
    from motcua_desktop.store.db import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD
