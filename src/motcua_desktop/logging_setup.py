"""Logging for the program: a rotating file in ``<data>/logs/motcua.log`` plus stderr."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "motcua.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

_log_path: Path | None = None


def setup_logging(data_dir: Path | None, level: int = logging.INFO) -> Path | None:
    """Send log records to the data folder's log file (when writable) and stderr.

    Returns the log file's path, or None when the folder cannot be written;
    calling it again replaces the handlers it installed before.
    """
    global _log_path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_motcua", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    # Alembic narrates every plugin it loads at INFO; the migration itself is logged by store.db.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    formatter = logging.Formatter(FORMAT)

    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(formatter)
    stream._motcua = True  # type: ignore[attr-defined]
    root.addHandler(stream)

    _log_path = None
    if data_dir is not None:
        path = Path(data_dir) / "logs" / LOG_NAME
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        except OSError as exc:
            root.warning("cannot write the log file %s: %s", path, exc)
        else:
            handler.setFormatter(formatter)
            handler._motcua = True  # type: ignore[attr-defined]
            root.addHandler(handler)
            _log_path = path
    return _log_path


def log_path() -> Path | None:
    """The current log file, if logging to a file is set up."""
    return _log_path


def flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()
