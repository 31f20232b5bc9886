"""The open installation a service call works on: data folder, database, document folders."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from motcua_desktop.paths import data_dir as default_data_dir
from motcua_desktop.store.db import Database, check_writable, open_database, open_database_url

DB_NAME = "motcua.sqlite3"


@dataclass
class AppContext:
    data_dir: Path
    db: Database
    documents_dir: Path
    logs_dir: Path
    backups_dir: Path

    def close(self) -> None:
        self.db.close()


def open_app(
    data_dir: str | os.PathLike | None = None,
    db_url: str | None = None,
    *,
    load_catalogue: bool = True,
) -> AppContext:
    """Open the installation in ``data_dir`` (created if needed), migrating its database.

    ``db_url`` (the district's ``--db postgresql://…``) puts the database on a
    server instead of ``<data>/motcua.sqlite3``; keys, quarantine and documents
    stay in the data folder. The shipped procedure catalogue is loaded when the
    table is empty or the shipped file is newer than the loaded one.
    """
    root = default_data_dir(data_dir)
    check_writable(root)
    ctx = AppContext(
        data_dir=root,
        db=None,  # type: ignore[arg-type]  # set just below, after the folders exist
        documents_dir=root / "documents",
        logs_dir=root / "logs",
        backups_dir=root / "backups",
    )
    for folder in (ctx.documents_dir, ctx.logs_dir, ctx.backups_dir):
        folder.mkdir(parents=True, exist_ok=True)
    if db_url:
        ctx.db = open_database_url(db_url, backups_dir=ctx.backups_dir)
    else:
        ctx.db = open_database(root / DB_NAME, backups_dir=ctx.backups_dir)
    if load_catalogue:
        from motcua_desktop.services.catalogue import ensure_catalogue

        try:
            ensure_catalogue(ctx)
        except BaseException:
            ctx.close()
            raise
    return ctx
