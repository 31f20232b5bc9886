"""Opening the database (SQLite file, or PostgreSQL for the district): pragmas, write transactions, backup, migration."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import sessionmaker

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.i18n import _
from motcua_desktop.store import (
    audit_chain,
    search_index,  # noqa: F401  (registers the search-id hook)
)
from motcua_desktop.store.changelog import StoreSession

if TYPE_CHECKING:
    from alembic.config import Config

# The newest schema revision this program knows. Alembic is imported only when a
# database is not at this revision: importing it costs a third of a second at
# every start. tests/store check that it equals Alembic's head.
SCHEMA_HEAD = "0007"

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000
_BEGIN_OPTION = "motcua_begin"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config built in code, so no alembic.ini is needed at run time."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" hook emit BEGIN itself (the pysqlite recipe).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a receipt that was printed must survive a power cut.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _begin(conn) -> None:
    # IMMEDIATE takes the write lock at BEGIN, so two desks (or threads) saving at
    # once queue on busy_timeout instead of failing on a read-to-write upgrade.
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


class Database:
    """The open database of one installation; ``session()`` is one transaction.

    ``path`` is the SQLite file, or None for a PostgreSQL district store
    (``url`` then names it, without the password).
    """

    def __init__(self, path: Path | None, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self.dialect = engine.dialect.name
        self.url = engine.url.render_as_string(hide_password=True)
        self._write = sessionmaker(engine, class_=StoreSession, expire_on_commit=False)
        self._read = sessionmaker(
            engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"}),
            class_=StoreSession,
            expire_on_commit=False,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextmanager
    def session(self, *, readonly: bool = False, actor: Any = None) -> Iterator[StoreSession]:
        """One transaction: commit on success, roll back on any exception.

        ``readonly`` starts a deferred transaction that does not take the write
        lock, so screens can read while another desk is saving. ``actor`` (a
        ``UserInfo`` or an ``(id, name)`` pair) is who the audit trail names for
        this transaction's edits, also when it only updates rows.
        """
        s = (self._read if readonly else self._write)()
        if actor is not None:
            audit_chain.set_actor(s, actor)
        try:
            yield s
            if readonly:
                s.rollback()
            else:
                s.commit()
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
            s.rollback()
            raise database_error(exc) from exc
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def close(self) -> None:
        self.engine.dispose()


# SQLite's primary result codes (the low byte of ``sqlite_errorcode``).
_SQLITE_READONLY, _SQLITE_FULL = 8, 13


def database_error(exc: sa_exc.DBAPIError) -> StorageError:
    """A failed transaction as a clerk-ready StorageError; a full disk and a read-only file
    are said plainly (the transaction was rolled back, so nothing is half-written)."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _SQLITE_FULL:
        return StorageError(
            _(
                "The disk is full, so the change was not saved (nothing was half-written). "
                "Free some disk space, then try again."
            )
        )
    if primary == _SQLITE_READONLY:
        return StorageError(
            _(
                "The database cannot be written (the file or its folder is read-only), so the "
                "change was not saved."
            )
        )
    return StorageError(_("The database could not be used: {error}").format(error=exc.orig))


def check_writable(folder: Path) -> None:
    """Raise StorageError unless ``folder`` exists (or can be made) and accepts new files."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise StorageError(
            _(
                "The data folder {folder} cannot be written to ({error}). "
                "Choose a folder this user may write to."
            ).format(folder=folder, error=exc.strerror or exc)
        ) from exc


def backup_database(path: Path, backups_dir: Path, label: str) -> Path:
    """Copy a live database with SQLite's online backup API; returns the copy's path."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    target = backups_dir / f"{label}-{stamp}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = backups_dir / f"{label}-{stamp}-{n}.sqlite3"
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def _peek_revision(path: Path) -> str | None:
    """The schema revision read through a read-only connection, so a refused file stays untouched."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    # A cleanly closed file (no -wal/-shm beside it) is read as immutable: a read-only
    # connection would otherwise leave new -wal/-shm files next to a refused database.
    side = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    flags = "mode=ro" if any(p.exists() for p in side) else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.as_uri()}?{flags}", uri=True)
    try:
        has = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def open_database(path: Path, *, backups_dir: Path | None = None) -> Database:
    """Open (creating if needed) the database at ``path`` and migrate it to the head revision.

    An existing database behind head is first copied to
    ``<backups>/pre-migrate-<rev>-<yyyymmddHHMMSS>.sqlite3``. A database made by a
    newer program is refused and left untouched.
    """
    path = Path(path)
    backups_dir = backups_dir or path.parent / "backups"
    check_writable(path.parent)
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StorageError(_("The database file {path} is read-only.").format(path=path))
    existed = path.exists() and path.stat().st_size > 0
    try:
        current = _peek_revision(path)
    except sqlite3.Error as exc:
        raise StorageError(
            _("The database {path} could not be opened: {error}").format(path=path, error=exc)
        ) from exc
    engine = make_engine(path)
    if current != SCHEMA_HEAD:
        try:
            _migrate(path, engine, current, existed, backups_dir)
        except BaseException:
            engine.dispose()
            raise
    return Database(path, engine)


def _migrate(path: Path, engine: Engine, current: str | None, existed: bool, backups_dir: Path):
    """Bring the database from ``current`` to head, after a backup; refuse a newer schema."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    if current is not None:
        try:
            known = script.get_revision(current) is not None
        except (CommandError, RevisionError):
            known = False
        if not known:
            raise StorageError(
                _(
                    "This database was made by a newer version of the program (schema {rev}). "
                    "Install the newer version; the file was not changed."
                ).format(rev=current)
            )
    try:
        if existed:
            saved = backup_database(path, backups_dir, f"pre-migrate-{current or 'base'}")
            log.info("backed up %s to %s before migrating", path, saved)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except (sa_exc.SQLAlchemyError, sqlite3.Error, CommandError) as exc:
        raise StorageError(
            _("The database {path} could not be opened: {error}").format(path=path, error=exc)
        ) from exc


def open_database_url(url: str, *, backups_dir: Path | None = None) -> Database:
    """Open the database named by a URL and migrate it to head.

    ``sqlite:///path`` opens that file as ``open_database`` does;
    ``postgresql://…`` (or ``postgresql+psycopg://…``) opens a PostgreSQL
    database, which must exist. On PostgreSQL transactions run at the default
    READ COMMITTED level; code that draws from a counter serialises itself
    (``store.search_index.reserve_search_ids`` takes an advisory lock). The
    district's administrator backs PostgreSQL up with its own tools, so no
    file copy is made before migrating.
    """
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError as exc:
        raise StorageError(
            _("{url} is not a database address this program understands.").format(url=url)
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise StorageError(_("A SQLite address must name a file: sqlite:///path/to/file."))
        return open_database(Path(parsed.database), backups_dir=backups_dir)
    if backend != "postgresql":
        raise StorageError(
            _("The database {url} is neither SQLite nor PostgreSQL.").format(
                url=parsed.render_as_string(hide_password=True)
            )
        )
    parsed = parsed.set(drivername="postgresql+psycopg")
    shown = parsed.render_as_string(hide_password=True)
    engine = create_engine(parsed, pool_pre_ping=True)
    try:
        with engine.connect() as conn:
            from alembic.runtime.migration import MigrationContext

            current = MigrationContext.configure(conn).get_current_revision()
        if current != SCHEMA_HEAD:
            _migrate_url(engine, current, shown)
    except sa_exc.SQLAlchemyError as exc:
        engine.dispose()
        raise StorageError(
            _("The database {path} could not be opened: {error}").format(
                path=shown, error=getattr(exc, "orig", None) or exc
            )
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(None, engine)


def _migrate_url(engine: Engine, current: str | None, shown: str) -> None:
    """Alembic to head on a server database; a newer schema is refused untouched."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    cfg = alembic_config()
    if current is not None:
        try:
            known = ScriptDirectory.from_config(cfg).get_revision(current) is not None
        except (CommandError, RevisionError):
            known = False
        if not known:
            raise StorageError(
                _(
                    "This database was made by a newer version of the program (schema {rev}). "
                    "Install the newer version; the file was not changed."
                ).format(rev=current)
            )
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except CommandError as exc:
        raise StorageError(
            _("The database {path} could not be opened: {error}").format(path=shown, error=exc)
        ) from exc
