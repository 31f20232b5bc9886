"""Restoring the database from a backup file: check it, keep the current one, swap, migrate, new epoch.

The order matters. The candidate is copied beside the database and checked
there (an SQLite file, ``integrity_check`` ok, our tables, a schema this
program knows), so nothing is touched if it is refused. Then the current
database is kept as a ``pre-restore`` backup, the engine is closed, the WAL is
checkpointed away, and the checked copy is renamed over the database file.
Then the file is opened as at start-up (migrated forward if older) and a new
sync epoch begins, so the district sees that this commune's history was
rewound and takes the next bundle as a fresh start.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _
from motcua_desktop.services.backup import PRE_RESTORE, BackupInfo, backup_now, fsync_file
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.users import UserInfo
from motcua_desktop.store.db import open_database
from motcua_desktop.sync.keys import new_epoch

log = logging.getLogger(__name__)

# Tables every database of ours has had since the first schema.
REQUIRED_TABLES = ("alembic_version", "dossiers", "users", "settings", "changes")
RESTORE_ROLE = "admin"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    kept: BackupInfo  # the database as it was just before the restore
    revision_before: str  # the schema of the restored file, before migrating
    revision_after: str | None
    epoch_id: str


def _refuse(path: Path, why: str) -> StorageError:
    return StorageError(
        _("{path} cannot be restored: {why} Nothing was changed.").format(path=path.name, why=why)
    )


def _known_revision(rev: str) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    from motcua_desktop.store.db import alembic_config

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(rev) is not None
    except (CommandError, RevisionError):
        return False


def check_backup_file(path: Path) -> str:
    """Check that ``path`` is a sound backup this program can open; returns its schema revision.

    Raises StorageError with the reason otherwise. The file is read through a
    read-only connection and not changed.
    """
    path = Path(path)
    if not path.is_file():
        raise _refuse(path, _("the file does not exist."))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _refuse(path, _("it cannot be opened ({error}).").format(error=exc)) from exc
    try:
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            raise _refuse(
                path, _("it is not a readable database ({error}).").format(error=exc)
            ) from exc
        if rows != ["ok"]:
            raise _refuse(
                path, _("it is damaged ({problems}).").format(problems="; ".join(rows[:3]))
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise _refuse(
                path,
                _("it is not a database of this program (no table {tables}).").format(
                    tables=", ".join(missing)
                ),
            )
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    if row is None or not row[0]:
        raise _refuse(path, _("it has no schema version."))
    rev = row[0]
    if not _known_revision(rev):
        raise _refuse(
            path,
            _(
                "it was made by a newer version of the program (schema {rev}); "
                "install that version first."
            ).format(rev=rev),
        )
    return rev


def _stage(source: Path, folder: Path) -> Path:
    """A checked, self-contained copy of ``source`` in ``folder`` (same disk as the database)."""
    fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".sqlite3", dir=folder)
    os.close(fd)
    staged = Path(name)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(staged)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE").fetchall()
            finally:
                dst.close()
        finally:
            src.close()
        fsync_file(staged)
    except BaseException:
        _remove(staged)
        raise
    return staged


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def _swap_in(ctx: AppContext, staged: Path) -> None:
    """Close the database, drop its WAL (checkpointed first) and rename ``staged`` over it."""
    db_path = ctx.db.path
    assert db_path is not None
    ctx.db.close()
    conn = sqlite3.connect(db_path, timeout=5)
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        conn.close()
    if busy:
        raise StorageError(_("The database is in use by another program; close it and try again."))
    # A stale -wal beside the new file would be replayed into it: remove it first.
    for side in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        side.unlink(missing_ok=True)
    os.replace(staged, db_path)
    if os.name == "posix":
        fd = os.open(db_path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def restore(ctx: AppContext, path: Path, actor: UserInfo) -> RestoreResult:
    """Replace this installation's database with the backup at ``path`` (administrators only).

    ``ctx.db`` is replaced by the restored, migrated database. Raises NotAllowed
    for other roles and StorageError (with nothing changed) for a file that is
    not a sound backup of a schema this program knows.
    """
    require(actor, Permission.RESTORE)
    if ctx.db.path is None:
        raise StorageError(
            _("A server database is restored with the server's own tools, not by this program.")
        )
    path = Path(path)
    db_path = ctx.db.path
    if path.exists() and path.resolve() == db_path.resolve():
        raise _refuse(path, _("it is the database in use."))
    revision_before = check_backup_file(path)
    try:
        staged = _stage(path, db_path.parent)
    except (OSError, sqlite3.Error) as exc:
        raise _refuse(path, _("it could not be copied ({error}).").format(error=exc)) from exc
    try:
        kept = backup_now(ctx, PRE_RESTORE)
    except BaseException:
        _remove(staged)
        raise
    try:
        _swap_in(ctx, staged)
    except BaseException as exc:
        _remove(staged)
        ctx.db = open_database(db_path, backups_dir=ctx.backups_dir)
        raise StorageError(
            _(
                "The backup could not be put in place ({error}); the database was not changed."
            ).format(error=exc)
        ) from exc
    try:
        ctx.db = open_database(db_path, backups_dir=ctx.backups_dir)
    except BaseException:
        # Put the database as it was back in place, from the copy just made.
        log.exception("the restored database could not be opened; putting back %s", kept.path)
        for side in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            side.unlink(missing_ok=True)
        os.replace(_stage(kept.path, db_path.parent), db_path)
        ctx.db = open_database(db_path, backups_dir=ctx.backups_dir)
        raise
    epoch_id = new_epoch(ctx)
    log.warning(
        "%s restored the database from %s (schema %s); kept %s; new epoch %s",
        actor.username,
        path,
        revision_before,
        kept.path,
        epoch_id,
    )
    return RestoreResult(path, kept, revision_before, ctx.db.revision(), epoch_id)


__all__ = ["RESTORE_ROLE", "RestoreResult", "check_backup_file", "restore"]
