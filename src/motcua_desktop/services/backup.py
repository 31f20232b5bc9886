"""Backups of the installation's database: made with SQLite's online backup API, verified, rotated.

Every backup is one self-contained SQLite file in ``<data>/backups/`` named
``<reason>-<yyyymmdd>-<HHMMSS>.sqlite3`` (the pre-migration copies that
``store.db`` makes are ``pre-migrate-<rev>-<yyyymmddHHMMSS>.sqlite3``). A copy
is written into a private ``backups/.partial-*/`` folder, checked with ``PRAGMA integrity_check``,
flushed to disk and only then renamed into place, so a full disk or a pulled
plug never leaves a half backup that looks whole.

Retention (``apply_retention``): of the ``daily`` backups, the newest of each of
the 7 most recent days, of the 4 most recent ISO weeks and of the 12 most recent
months that have one; every other backup (``manual`` and ``pre-*``) for 30 days.
Files whose names do not follow the pattern are never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol

from motcua_desktop.domain.errors import StorageError, ValidationError
from motcua_desktop.i18n import _
from motcua_desktop.store.db import Database, backup_database

DAILY = "daily"
MANUAL = "manual"
PRE_RESTORE = "pre-restore"
PRE_CONFIG = "pre-config"
PRE_MIGRATE = "pre-migrate"
REASONS = (DAILY, MANUAL, PRE_RESTORE, PRE_CONFIG, PRE_MIGRATE)

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
KEEP_OTHER_DAYS = 30

PARTIAL_PREFIX = ".partial-"
SUFFIX = ".sqlite3"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<reason>daily|manual|pre-restore|pre-config|pre-migrate)"
    r"(?:-(?P<rev>[0-9A-Za-z_]+))??"
    r"-(?P<stamp>\d{8}-?\d{6})(?:-(?P<n>\d+))?\.sqlite3$"
)


class Installation(Protocol):
    """What backups need of an open installation (``services.context.AppContext``)."""

    db: Database
    backups_dir: Path


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    reason: str
    taken_at: datetime
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def parse_name(name: str) -> tuple[str, datetime] | None:
    """(reason, time) of a backup file name, or None if it is not one of ours."""
    m = _NAME.match(name)
    if not m:
        return None
    try:
        taken = datetime.strptime(m["stamp"].replace("-", ""), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return m["reason"], taken


def _order(b: BackupInfo) -> tuple[datetime, int, str]:
    """Oldest first; two copies of the same second in the order they were made ("-2" after)."""
    m = _NAME.match(b.name)
    return b.taken_at, int(m["n"]) if m and m["n"] else 1, b.name


def _info(path: Path) -> BackupInfo | None:
    parsed = parse_name(path.name)
    if parsed is None or not path.is_file():
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupInfo(path, parsed[0], parsed[1], size)


def list_backups(ctx: Installation) -> list[BackupInfo]:
    """This installation's backups, oldest first."""
    folder = Path(ctx.backups_dir)
    if not folder.is_dir():
        return []
    found = [i for i in (_info(p) for p in folder.iterdir()) if i is not None]
    return sorted(found, key=_order)


def last_backup(ctx: Installation) -> BackupInfo | None:
    backups = list_backups(ctx)
    return backups[-1] if backups else None


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder; NTFS renames are journalled
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` says is wrong with a database file ([] when it is sound)."""
    try:
        conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _seal(path: Path) -> list[str]:
    """Make a fresh copy one self-contained file (no WAL) and check it; returns its problems."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchall()
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def _storage_error(folder: Path, exc: BaseException) -> StorageError:
    detail = getattr(exc, "strerror", None) or str(exc)
    return StorageError(
        _(
            "The backup could not be written to {folder} ({error}). Free some disk space "
            "or choose a folder this user may write to; no backup file was left behind."
        ).format(folder=folder, error=detail)
    )


def _final_name(folder: Path, reason: str, at: datetime) -> Path:
    base = f"{reason}-{at.strftime(_STAMP)}"
    target = folder / f"{base}{SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}{SUFFIX}"
    return target


def backup_now(ctx: Installation, reason: str, *, at: datetime | None = None) -> BackupInfo:
    """Copy the live database into ``<data>/backups/`` and verify the copy; returns it.

    ``at`` names the copy (default: now); tests and ``ensure_daily`` pass it.
    Raises StorageError, leaving no file behind, if the copy cannot be written
    or does not pass ``integrity_check``.
    """
    if reason not in REASONS:
        raise ValidationError(_("Unknown kind of backup: {reason}").format(reason=reason))
    if ctx.db.path is None:
        raise StorageError(
            _("A server database is backed up with the server's own tools, not by this program.")
        )
    folder = Path(ctx.backups_dir)
    at = (at or datetime.now()).replace(microsecond=0)
    work: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # A private folder for the unverified copy: whatever fails, it goes away whole.
        work = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX, dir=folder))
        partial = backup_database(ctx.db.path, work, reason)
        problems = _seal(partial)
        if problems:
            raise StorageError(
                _("The backup copy failed its check ({problems}); it was deleted.").format(
                    problems="; ".join(problems[:3])
                )
            )
        fsync_file(partial)
        target = _final_name(folder, reason, at)
        os.replace(partial, target)
        _fsync_dir(folder)
    except (OSError, sqlite3.Error) as exc:
        raise _storage_error(folder, exc) from exc
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return BackupInfo(target, reason, at, target.stat().st_size)


def retained(backups: Iterable[BackupInfo], today: date) -> set[Path]:
    """The paths the retention rule keeps (see the module's docstring)."""
    backups = list(backups)
    keep: set[Path] = set()
    daily = sorted((b for b in backups if b.reason == DAILY), key=_order, reverse=True)
    for bucket, count in (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: tuple(d.isocalendar())[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for b in daily:  # newest first: the first of each bucket is its newest
            key = bucket(b.taken_at)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(b.path)
    cutoff = today - timedelta(days=KEEP_OTHER_DAYS)
    keep.update(b.path for b in backups if b.reason != DAILY and b.taken_at.date() >= cutoff)
    return keep


def apply_retention(ctx: Installation, today: date | None = None) -> list[BackupInfo]:
    """Delete the backups the retention rule does not keep; returns what was deleted."""
    today = today or date.today()
    backups = list_backups(ctx)
    keep = retained(backups, today)
    deleted = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise _storage_error(Path(ctx.backups_dir), exc) from exc
            deleted.append(b)
    return deleted


def ensure_daily(ctx: Installation, today: date | None = None) -> BackupInfo | None:
    """Make today's daily backup if there is none yet, then apply retention (call at start-up)."""
    now = datetime.now()
    today = today or now.date()
    if ctx.db.path is None:
        return None
    made = None
    if not any(b.reason == DAILY and b.taken_at.date() == today for b in list_backups(ctx)):
        made = backup_now(ctx, DAILY, at=datetime.combine(today, now.time()))
    apply_retention(ctx, today)
    return made


__all__ = [
    "DAILY",
    "MANUAL",
    "PRE_CONFIG",
    "PRE_MIGRATE",
    "PRE_RESTORE",
    "REASONS",
    "BackupInfo",
    "apply_retention",
    "backup_now",
    "ensure_daily",
    "integrity_problems",
    "last_backup",
    "list_backups",
    "parse_name",
    "retained",
]
