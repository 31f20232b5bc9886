"""Counting on SQLite with every core: one query per partition, each on its own connection.

SQLite runs one query on one core, and Python's sqlite3 lets go of the GIL
while SQLite works, so n queries on n pooled connections in n threads use n
cores. Each connection reads its own snapshot, and a desk saving between the
starts of two of them would make the partitions disagree. So while the
workers begin their read transactions, one more connection holds the write
lock (``BEGIN IMMEDIATE``): no commit can land in between, and every
partition reads the same state. The lock is held only until all the workers
have begun (milliseconds). When it cannot be had within ``LOCK_WAIT_MS``
(another desk is in the middle of a save, or an import is running),
``run_partitioned`` returns None and the caller counts on one connection.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.i18n import _
from motcua_desktop.store.db import BUSY_TIMEOUT_MS

MAX_PARTITIONS = 4
LOCK_WAIT_MS = 250
START_WAIT_S = 30  # how long the lock holder waits for the workers to begin


def default_partitions() -> int:
    """One partition per core, at most ``MAX_PARTITIONS``."""
    return max(1, min(os.cpu_count() or 1, MAX_PARTITIONS))


def run_partitioned(engine: Any, sqls: Sequence[str]) -> list[list[tuple]] | None:
    """The rows of each statement of ``sqls``, all read in one snapshot, run at once.

    ``engine`` is the SQLite engine (its pool lends the connections). None when
    the write lock that pins the snapshot is busy.
    """
    holder = engine.raw_connection()
    lock = holder.driver_connection
    try:
        try:
            lock.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
            lock.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return None
        try:
            return _run(engine, sqls, lock)
        finally:
            _quietly(lock, "ROLLBACK")
    finally:
        _quietly(lock, f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        holder.close()


def _run(engine: Any, sqls: Sequence[str], lock: sqlite3.Connection) -> list[list[tuple]] | None:
    n = len(sqls)
    begun = threading.Barrier(n + 1, timeout=START_WAIT_S)
    results: list[list[tuple] | None] = [None] * n
    errors: list[BaseException | None] = [None] * n

    def work(i: int) -> None:
        try:
            pooled = engine.raw_connection()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            errors[i] = exc
            begun.abort()
            return
        db = pooled.driver_connection
        try:
            db.execute("BEGIN")
            db.execute("SELECT 1 FROM dossiers LIMIT 1").fetchall()  # the snapshot is taken here
            begun.wait()
            results[i] = db.execute(sqls[i]).fetchall()
        except threading.BrokenBarrierError:
            pass  # another worker failed, or the wait timed out: reported below
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            errors[i] = exc
            begun.abort()
        finally:
            _quietly(db, "ROLLBACK")
            pooled.close()

    threads = [
        threading.Thread(target=work, args=(i,), name=f"ii06a-part-{i}", daemon=True)
        for i in range(n)
    ]
    for t in threads:
        t.start()
    try:
        begun.wait()
    except threading.BrokenBarrierError:
        pass
    finally:
        _quietly(lock, "ROLLBACK")  # every worker has its snapshot: let writers in
    for t in threads:
        t.join()
    for exc in errors:
        if isinstance(exc, sqlite3.Error):
            raise StorageError(
                _("The database could not be used: {error}").format(error=exc)
            ) from exc
        if exc is not None:
            raise exc
    if any(rows is None for rows in results):
        return None
    return results  # type: ignore[return-value]


def _quietly(db: sqlite3.Connection, sql: str) -> None:
    with contextlib.suppress(sqlite3.Error):
        db.execute(sql)
