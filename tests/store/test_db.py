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
from motcua_desktop.store.search_index import is_fts_table


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
        mc = MigrationContext.configure(
            conn,
            opts={"include_name": lambda n, t, _p: not (t == "table" and is_fts_table(n))},
        )
        diff = compare_metadata(mc, Base.metadata)
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
        # The audit trail's own entries travel too (tests/store/test_audit_chain.py).
        changes = s.execute(
            select(Change.table_name, Change.row_id, Change.op).where(
                Change.table_name != "audit_log"
            )
        ).all()
    assert changes == [("settings", r.id, "insert"), ("settings", r.id, "update")]


def test_unchanged_row_is_not_logged(db):
    with db.session() as s:
        s.add(Setting(key="k", value=1))
    with db.session() as s:
        r = s.scalar(select(Setting))
        r.value = 1  # same value: no new version
    with db.session() as s:
        assert s.scalar(select(Setting)).version == 1
        assert len(s.scalars(select(Change).where(Change.table_name != "audit_log")).all()) == 1


def _stamp(path, revision):
    conn = sqlite3.connect(path)
    if revision is None:
        conn.execute("DELETE FROM alembic_version")
    else:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.close()


def _make_schema_0001(path):
    """A database as release 0001 left it, with one dossier in it."""
    from alembic import command
    from sqlalchemy import create_engine

    from motcua_desktop.store.db import alembic_config

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO dossiers (id, version, created_at, updated_at, code, agency_code,"
            " procedure_code, procedure_name, field_name, status, channel, applicant_name,"
            " applicant_id_number, applicant_phone, applicant_address, applicant_email,"
            " owner_name, owner_address, received_at, due_at, processing_unit,"
            " processing_amount, processing_text, handling_unit, sets_count, fee_vnd,"
            " result_delivery, note, reason, book_number, book_serial, search_text) VALUES"
            " ('d1', 1, '2026-03-02 08:00:00', '2026-03-02 08:00:00',"
            " '000.31.25.H56-260302-0001', '000.31.25.H56', 'HT-01', 'Đăng ký khai sinh',"
            " 'Hộ tịch', 2, 1, 'Nguyễn Văn Đức', '', '', 'Thôn Đông', '', '', '',"
            " '2026-03-02 08:00:00', '2026-03-02 17:00:00', 'same_day', 0, 'Trong ngày', '',"
            " 1, 0, 'desk', '', '', '01/2026', 1,"
            " '000.31.25.h56-260302-0001 nguyen van duc thon dong')"
        )
    engine.dispose()


def test_an_older_schema_is_backed_up_then_migrated_forward(tmp_path):
    path = tmp_path / "motcua.sqlite3"
    _make_schema_0001(path)

    db = open_database(path)
    try:
        assert db.revision() == head_revision()
        with db.engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT code, original_due_at, search_id, supplement_count FROM dossiers"
            ).one()
            assert row[0] == "000.31.25.H56-260302-0001"
            assert str(row[1]).startswith("2026-03-02 17:00")  # backfilled from due_at
            assert row[2] is not None and row[3] == 0
            hits = conn.exec_driver_sql(
                "SELECT rowid FROM dossier_search WHERE dossier_search MATCH 'duc'"
            ).all()
            assert [h[0] for h in hits] == [row[2]]
    finally:
        db.close()
    backups = list((tmp_path / "backups").glob("pre-migrate-0001-*.sqlite3"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert copy.execute("SELECT count(*) FROM dossiers").fetchone() == (1,)
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
