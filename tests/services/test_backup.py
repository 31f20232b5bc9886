"""Backups: online copies that are consistent and verified, no half files, the retention rule."""

from __future__ import annotations

import resource
import sqlite3
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.services import backup, intake
from motcua_desktop.services.backup import (
    BackupInfo,
    apply_retention,
    backup_now,
    ensure_daily,
    last_backup,
    list_backups,
    parse_name,
    retained,
)


def _count(path: Path, table: str = "dossiers") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_backup_is_a_verified_single_file_named_by_reason(ctx, clerk, make_request):
    intake.accept(ctx, make_request(), clerk)
    info = backup_now(ctx, "manual", at=datetime(2026, 3, 10, 9, 15, 2))
    assert info.path.parent == ctx.backups_dir
    assert info.name == "manual-20260310-091502.sqlite3"
    assert parse_name(info.name) == ("manual", datetime(2026, 3, 10, 9, 15, 2))
    assert backup.integrity_problems(info.path) == []
    assert _count(info.path) == 1
    # one self-contained file: no WAL beside it, nothing left in a temporary folder
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert sorted(p.name for p in ctx.backups_dir.iterdir()) == [info.name]
    again = backup_now(ctx, "manual", at=datetime(2026, 3, 10, 9, 15, 2))
    assert again.name == "manual-20260310-091502-2.sqlite3"
    assert last_backup(ctx) == again
    assert [b.name for b in list_backups(ctx)] == [info.name, again.name]


def test_backup_while_another_connection_holds_a_write_transaction(ctx, clerk, make_request):
    intake.accept(ctx, make_request(), clerk)
    other = sqlite3.connect(ctx.db.path, isolation_level=None, timeout=5)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE dossiers SET search_text = 'half written'")
        other.execute(
            "INSERT INTO local_state(key, value, updated_at) "
            "VALUES ('uncommitted', '1', '2026-03-10 09:00:00')"
        )
        info = backup_now(ctx, "manual")  # does not wait for, nor see, the open transaction
        other.execute("COMMIT")
    finally:
        other.close()
    assert backup.integrity_problems(info.path) == []
    conn = sqlite3.connect(info.path)
    try:
        assert conn.execute(
            "SELECT count(*) FROM local_state WHERE key='uncommitted'"
        ).fetchone() == (0,)
        assert conn.execute("SELECT search_text FROM dossiers").fetchone()[0] != "half written"
        assert conn.execute(
            "SELECT count(*) FROM dossier_search WHERE dossier_search MATCH 'hang'"
        ).fetchone() == (1,)
    finally:
        conn.close()


def test_unwritable_backup_folder_is_a_clear_error(tmp_path, ctx):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    target = SimpleNamespace(db=ctx.db, backups_dir=blocked)
    with pytest.raises(StorageError) as err:
        backup_now(target, "manual")
    assert str(blocked) in err.value.message
    assert blocked.read_text() == "a file where the folder should be"


def test_full_disk_leaves_no_half_backup(ctx, clerk, make_request):
    for n in range(20):
        intake.accept(ctx, make_request(received=datetime(2026, 3, 10, 9, n)), clerk)
    size = ctx.db.path.stat().st_size
    assert size > 64 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    # No file may grow past 16 KiB: writing the copy fails part-way, as on a full disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, hard))
    try:
        with pytest.raises(StorageError) as err:
            backup_now(ctx, "manual")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert "no backup file was left behind" in err.value.message
    assert list(ctx.backups_dir.iterdir()) == []
    assert backup_now(ctx, "manual").size > 0  # and works once there is room


def test_ensure_daily_makes_one_a_day_and_applies_retention(ctx):
    first = ensure_daily(ctx, today=date(2026, 3, 10))
    assert first is not None and first.reason == "daily"
    assert ensure_daily(ctx, today=date(2026, 3, 10)) is None
    for day in range(11, 31):
        assert ensure_daily(ctx, today=date(2026, 3, day)) is not None
    days = [b.taken_at.date() for b in list_backups(ctx)]
    # 7 latest days, plus the newest of older ISO weeks / months still kept
    assert days[-7:] == [date(2026, 3, d) for d in range(24, 31)]
    assert len(days) <= 7 + 4 + 12


def test_retention_keeps_pre_backups_for_30_days(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not ours")
    for name in (
        "pre-restore-20260101-100000.sqlite3",
        "pre-config-20260215-100000.sqlite3",
        "pre-migrate-0005-20260220100000.sqlite3",
        "manual-20260110-100000.sqlite3",
    ):
        (folder / name).write_bytes(b"x")
    target = SimpleNamespace(backups_dir=folder)
    deleted = apply_retention(target, today=date(2026, 3, 1))
    assert sorted(b.name for b in deleted) == [
        "manual-20260110-100000.sqlite3",
        "pre-restore-20260101-100000.sqlite3",
    ]
    assert sorted(p.name for p in folder.iterdir()) == [
        "notes.txt",
        "pre-config-20260215-100000.sqlite3",
        "pre-migrate-0005-20260220100000.sqlite3",
    ]


# -- the retention rule, for any set of backups ------------------------------------------

BASE = datetime(2025, 1, 1)
stamps = st.integers(min_value=0, max_value=600 * 24 * 60).map(
    lambda m: BASE + timedelta(minutes=m)
)
backups_st = st.lists(
    st.tuples(stamps, st.sampled_from(backup.REASONS)), max_size=60, unique_by=lambda t: t[0]
)


def _infos(items) -> list[BackupInfo]:
    return [
        BackupInfo(Path(f"{reason}-{at:%Y%m%d-%H%M%S}.sqlite3"), reason, at, 1)
        for at, reason in items
    ]


def _newest_of_recent_buckets(daily: list[BackupInfo], key, count: int) -> set[Path]:
    """Independent reading of "keep N daily/weekly/monthly": group, take the N latest groups."""
    groups: dict[object, list[BackupInfo]] = {}
    for b in daily:
        groups.setdefault(key(b.taken_at), []).append(b)
    latest = sorted(groups, key=lambda k: max(b.taken_at for b in groups[k]))[-count:]
    return {max(groups[k], key=lambda b: b.taken_at).path for k in latest}


@settings(max_examples=300, deadline=None)
@given(items=backups_st, today_offset=st.integers(min_value=0, max_value=700))
def test_retention_rule_property(items, today_offset):
    infos = _infos(items)
    today = (BASE + timedelta(days=today_offset)).date()
    keep = retained(infos, today)
    daily = [b for b in infos if b.reason == "daily"]
    expected = (
        _newest_of_recent_buckets(daily, lambda t: t.date(), 7)
        | _newest_of_recent_buckets(daily, lambda t: t.isocalendar()[:2], 4)
        | _newest_of_recent_buckets(daily, lambda t: (t.year, t.month), 12)
        | {b.path for b in infos if b.reason != "daily" and (today - b.taken_at.date()).days <= 30}
    )
    assert keep == expected
    assert len(keep & {b.path for b in daily}) <= 7 + 4 + 12
    if daily:
        assert max(daily, key=lambda b: b.taken_at).path in keep
    # applying the rule again to what survived deletes nothing more
    assert retained([b for b in infos if b.path in keep], today) == keep


@settings(max_examples=25, deadline=None)
@given(items=backups_st, today_offset=st.integers(min_value=0, max_value=700))
def test_apply_retention_deletes_exactly_what_the_rule_drops(items, today_offset):
    today = (BASE + timedelta(days=today_offset)).date()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for b in _infos(items):
            (folder / b.name).write_bytes(b"x")
        target = SimpleNamespace(backups_dir=folder)
        expected = {p.name for p in retained(list_backups(target), today)}
        deleted = apply_retention(target, today)
        assert {p.name for p in folder.iterdir()} == expected
        assert len(deleted) + len(expected) == len(items)
