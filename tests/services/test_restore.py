"""Restoring a backup: refusals leave everything as it was; a restore brings rows back, new epoch."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from motcua_desktop.domain.errors import NotAllowed, StorageError
from motcua_desktop.services import intake, search
from motcua_desktop.services.backup import backup_now, list_backups
from motcua_desktop.services.restore import check_backup_file, restore
from motcua_desktop.store.db import SCHEMA_HEAD
from motcua_desktop.sync.keys import load_or_create_identity
from motcua_desktop.sync.state import ACKED_SEQ, EPOCH_ID, get_state, set_state


def _codes(ctx) -> set[str]:
    with ctx.db.engine.connect() as conn:
        return {r[0] for r in conn.exec_driver_sql("SELECT code FROM dossiers")}


def _state(ctx, key):
    with ctx.db.session(readonly=True) as s:
        return get_state(s, key)


def _edit(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in sql:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def history(ctx, clerk, make_request):
    """One dossier in a backup, then a second one taken in after it."""
    load_or_create_identity(ctx)
    first = intake.accept(ctx, make_request(received=datetime(2026, 3, 10, 9, 0)), clerk)
    saved = backup_now(ctx, "manual")
    second = intake.accept(ctx, make_request(received=datetime(2026, 3, 10, 10, 0)), clerk)
    with ctx.db.session() as s:
        set_state(s, ACKED_SEQ, 5)
    return first, second, saved


def test_restore_brings_back_the_backups_rows_and_starts_a_new_epoch(ctx, admin, history):
    first, second, saved = history
    epoch_before = _state(ctx, EPOCH_ID)
    result = restore(ctx, saved.path, admin)

    assert _codes(ctx) == {first.code}
    assert result.epoch_id == _state(ctx, EPOCH_ID) != epoch_before
    assert _state(ctx, ACKED_SEQ) == 0  # the next bundle carries everything again
    # the database as it was is kept, and has the second dossier
    assert result.kept.reason == "pre-restore" and result.kept.path.exists()
    conn = sqlite3.connect(result.kept.path)
    kept_codes = {r[0] for r in conn.execute("SELECT code FROM dossiers")}
    conn.close()
    assert kept_codes == {first.code, second.code}
    # the restored database is fully usable: search works, the identity still matches its keys
    assert [r.code for r in search.search(ctx, "hang")] == [first.code]
    assert load_or_create_identity(ctx).epoch_id == result.epoch_id
    assert not list(ctx.data_dir.glob(".restore-*"))


def test_restore_of_an_older_schema_migrates_it_forward(ctx, admin, history):
    first, _second, saved = history
    older = saved.path.with_name("older.sqlite3")
    shutil.copyfile(saved.path, older)
    # What a schema-0005 database is: 0006 added the audit trail, 0007 a few columns.
    _edit(
        older,
        "DROP TABLE audit_log",
        "ALTER TABLE users DROP COLUMN locked_until",
        "ALTER TABLE users DROP COLUMN password_changed_at",
        "ALTER TABLE users DROP COLUMN must_change_password",
        "ALTER TABLE dossiers DROP COLUMN personal_purged_at",
        "UPDATE alembic_version SET version_num = '0005'",
    )
    result = restore(ctx, older, admin)
    assert result.revision_before == "0005"
    assert result.revision_after == SCHEMA_HEAD == ctx.db.revision()
    assert _codes(ctx) == {first.code}
    assert [b.reason for b in list_backups(ctx)].count("pre-migrate") == 1
    with ctx.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar_one() == 0


def _refused(ctx, admin, path: Path, needle: str) -> None:
    codes, epoch = _codes(ctx), _state(ctx, EPOCH_ID)
    before = {p.name for p in ctx.backups_dir.iterdir()}
    with pytest.raises(StorageError) as err:
        restore(ctx, path, admin)
    assert needle in err.value.message and "Nothing was changed" in err.value.message
    assert _codes(ctx) == codes and _state(ctx, EPOCH_ID) == epoch
    assert {p.name for p in ctx.backups_dir.iterdir()} == before
    assert not list(ctx.data_dir.glob(".restore-*"))


def test_restore_refuses_a_damaged_file(ctx, admin, history):
    _first, _second, saved = history
    damaged = saved.path.with_name("damaged.sqlite3")
    data = bytearray(saved.path.read_bytes())
    page = 4096
    for n in range(2, len(data) // page, 3):  # scribble over the header of every third page
        data[n * page : n * page + 64] = b"\xa5" * 64
    damaged.write_bytes(bytes(data))
    _refused(ctx, admin, damaged, "damaged.sqlite3")

    text = saved.path.with_name("notes.sqlite3")
    text.write_text("this is not a database, it is a shopping list\n" * 200)
    _refused(ctx, admin, text, "not a readable database")

    _refused(ctx, admin, saved.path.with_name("absent.sqlite3"), "does not exist")


def test_restore_refuses_a_newer_schema_and_a_foreign_database(ctx, admin, history, tmp_path):
    _first, _second, saved = history
    newer = saved.path.with_name("newer.sqlite3")
    shutil.copyfile(saved.path, newer)
    _edit(newer, "UPDATE alembic_version SET version_num = '0099'")
    _refused(ctx, admin, newer, "newer version")

    foreign = tmp_path / "other.sqlite3"
    _edit(foreign, "CREATE TABLE alembic_version(version_num TEXT)", "CREATE TABLE dossiers(x)")
    _refused(ctx, admin, foreign, "not a database of this program")


def test_only_an_admin_may_restore(ctx, clerk, history):
    _first, second, saved = history
    with pytest.raises(NotAllowed):
        restore(ctx, saved.path, clerk)
    assert second.code in _codes(ctx)


def test_check_backup_file_returns_the_schema(history):
    assert check_backup_file(history[2].path) == SCHEMA_HEAD
