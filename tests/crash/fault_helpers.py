"""Helpers of the fault tests: a small desk, a full disk, a read-only folder, the catalogue's words."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from crash_setup import CLERK, profile, request
from sqlalchemy import event

from motcua_desktop import i18n
from motcua_desktop.services import intake, setup, users
from motcua_desktop.services.context import DB_NAME, open_app

ROOT = Path(__file__).resolve().parents[2]
AGENCY = "000.31.25.H56"


def make_desk(folder: Path) -> str:
    """A set-up commune with an admin, a clerk and one accepted dossier; returns its code."""
    ctx = open_app(folder)
    try:
        admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
        setup.save_profile(ctx, profile(AGENCY, "Xã An Phú"), admin)
        clerk = users.create_user(ctx, CLERK, "Nguyễn Thị Ngọc Lan", "secret-2", "clerk", admin)
        return intake.accept(ctx, request(1), clerk).code
    finally:
        ctx.close()


def counts(folder: Path) -> dict[str, int]:
    """Rows of the tables an intake or a print writes, read straight from the file."""
    with closing(sqlite3.connect(folder / DB_NAME)) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("dossiers", "dossier_components", "dossier_events", "documents", "changes")
        }


def integrity(folder: Path) -> str:
    with closing(sqlite3.connect(folder / DB_NAME)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def limit_pages(ctx, extra_pages: int):
    """Make the database "disk" full ``extra_pages`` pages from now (``PRAGMA max_page_count``).

    Returns the listener; ``unlimit(ctx, listener)`` gives the space back.
    """
    with ctx.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
    limit = pages + extra_pages

    def on_connect(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count={limit}")

    ctx.db.engine.dispose()
    event.listen(ctx.db.engine, "connect", on_connect)
    return on_connect


def unlimit(ctx, listener) -> None:
    event.remove(ctx.db.engine, "connect", listener)
    ctx.db.engine.dispose()


class FullDisk:
    """``open`` for a module under test whose files fill the disk half-way through writing."""

    def __init__(self, real_open=open):
        self.real_open = real_open
        self.hits = 0

    def __call__(self, file, mode="r", *args, **kwargs):
        fh = self.real_open(file, mode, *args, **kwargs)
        if "w" not in mode:
            return fh
        outer = self

        class Writer:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                fh.close()
                return False

            def write(self, data):
                outer.hits += 1
                fh.write(data[: len(data) // 2])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))

            def __getattr__(self, name):
                return getattr(fh, name)

        return Writer()


def vietnamese(msgid: str) -> str:
    """The Vietnamese of a message: from the catalogue, or before the lead merges this helper's
    new messages into it, from ``translations/new/crash.json``."""
    i18n.set_language("vi")
    try:
        text = i18n._(msgid)
    finally:
        i18n.set_language("en")
    if text != msgid:
        return text
    new = ROOT / "translations" / "new" / "crash.json"
    return json.loads(new.read_text(encoding="utf-8")).get(msgid, msgid)


# -- a process that may not write where the files' permissions say no --------------------------

_PR_CAPBSET_DROP = 24
_DAC_CAPS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _drop_root_overrides() -> None:
    """In the child, before exec: a root process loses the capabilities that ignore file modes.

    Still uid 0 (so the interpreter under /root stays readable), but a folder
    with mode 0555 stops its writes as it stops any user's.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _DAC_CAPS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def run_cli(*args: str, lang: str = "en") -> subprocess.CompletedProcess:
    """``motcua ARGS`` in a child that file modes bind (root or not); text output."""
    env = dict(os.environ, MOTCUA_LANG=lang, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-m", "motcua_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_drop_root_overrides if os.geteuid() == 0 else None,
        timeout=300,
    )


def make_read_only(path: Path) -> None:
    """Folders 0555 and files 0444, from ``path`` down."""
    for p in sorted(path.rglob("*"), reverse=True):
        p.chmod(0o555 if p.is_dir() else 0o444)
    path.chmod(0o555 if path.is_dir() else 0o444)


def make_writable(path: Path) -> None:
    path.chmod(0o755 if path.is_dir() else 0o644)
    for p in path.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)


def tree(path: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``path`` with its size and modification time: "nothing changed on disk"."""
    return {
        str(p.relative_to(path)): (p.stat().st_size, p.stat().st_mtime_ns) for p in path.rglob("*")
    }
