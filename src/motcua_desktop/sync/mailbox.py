"""The mailbox on a USB stick or shared folder: its layout, safe writes, and finding it."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import string
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.i18n import _
from motcua_desktop.store.models import now

MAILBOX_DIR = "MOTCUA"
OUTBOX = "outbox"  # commune → district
INBOX = "inbox"  # district → commune
SUFFIX = ".motcua"
PARTIAL = ".partial"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def safe_name(text: str) -> str:
    """``text`` usable in a file name on any stick (FAT32 included)."""
    return _UNSAFE.sub("_", text) or "_"


def mailbox_root(path: str | os.PathLike) -> Path:
    """The folder holding ``MOTCUA/`` for a stick, a shared folder, or the MOTCUA folder itself."""
    path = Path(path)
    return path.parent if path.name == MAILBOX_DIR else path


def outbox_dir(root: str | os.PathLike, agency_code: str) -> Path:
    return mailbox_root(root) / MAILBOX_DIR / OUTBOX / safe_name(agency_code)


def inbox_dir(root: str | os.PathLike, agency_code: str) -> Path:
    return mailbox_root(root) / MAILBOX_DIR / INBOX / safe_name(agency_code)


def _stamp(at: datetime | None) -> str:
    return (at or now()).strftime("%Y%m%dT%H%M%S")


def data_file_name(
    agency_code: str, epoch: str, seq_from: int, seq_to: int, at: datetime | None = None
) -> str:
    """``<agency>-data-<epoch8>-<seqfrom>-<seqto>-<stamp>.motcua``."""
    return (
        f"{safe_name(agency_code)}-data-{safe_name(epoch[:8])}-{seq_from:08d}-{seq_to:08d}-"
        f"{_stamp(at)}{SUFFIX}"
    )


def reply_file_name(agency_code: str, kind: str, bundle_id: str, at: datetime | None = None) -> str:
    """``<agency>-<ack|config>-<stamp>-<bundle8>.motcua``."""
    return f"{safe_name(agency_code)}-{safe_name(kind)}-{_stamp(at)}-{safe_name(bundle_id[:8])}{SUFFIX}"


def provisioning_file_name(agency_code: str) -> str:
    return f"{safe_name(agency_code)}-provision{SUFFIX}"


def list_bundles(directory: str | os.PathLike) -> list[Path]:
    """The complete bundle files in ``directory`` by name; half-written ``*.partial`` are skipped."""
    folder = Path(directory)
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise _storage_error(exc, folder) from exc
    return sorted(p for p in entries if p.name.endswith(SUFFIX) and p.is_file())


def _storage_error(exc: OSError, folder: Path) -> StorageError:
    if exc.errno in _FULL:
        message = _(
            "The stick or folder {folder} is full. Free some space or use another stick, then "
            "try again; the bundles already on it are untouched."
        )
    elif exc.errno in _READ_ONLY:
        message = _(
            "The stick or folder {folder} cannot be written (it is read-only or access is "
            "denied). Use another stick or folder."
        )
    else:
        message = _(
            "Writing to {folder} failed; the stick may have been pulled out. Plug it back in "
            "and export again; the earlier bundles on it are untouched."
        )
    return StorageError(message.format(folder=folder))


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable; a stick's file system that cannot is let be."""
    if os.name == "nt":  # Windows cannot open a directory; NTFS/FAT metadata is flushed on close
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def write_atomically(path: str | os.PathLike, data: bytes) -> str:
    """Write ``data`` to ``path`` so that it is either complete and verified or not there.

    Writes ``<name>.partial``, flushes and fsyncs it, renames it over ``path``,
    fsyncs the folder, reads the file back and compares SHA-256. Returns the
    hash. Any failure raises StorageError naming the folder; an earlier file
    at ``path`` stays as it was, and a pulled stick leaves only the obviously
    incomplete ``.partial``.
    """
    path = Path(path)
    return publish(write_partial(path, data), path, hashlib.sha256(data).hexdigest())


def write_partial(path: str | os.PathLike, data: bytes) -> Path:
    """The first half of ``write_atomically``: ``<name>.partial`` written and fsynced; returns it.

    A caller that must record the file in the database first (the commune's
    export) commits between this and ``publish``: a crash in between leaves
    only a ``.partial``, which no one imports.
    """
    path = Path(path)
    temp = path.with_name(path.name + PARTIAL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        if exc.errno in _FULL:  # free what the half-written copy took
            with contextlib.suppress(OSError):
                temp.unlink()
        raise _storage_error(exc, path.parent) from exc
    return temp


def publish(temp: Path, path: str | os.PathLike, expected: str) -> str:
    """The second half of ``write_atomically``: rename ``temp`` over ``path``, fsync, read back."""
    path = Path(path)
    folder = path.parent
    try:
        os.replace(temp, path)
        fsync_dir(folder)
        with open(path, "rb") as fh:
            actual = hashlib.sha256(fh.read()).hexdigest()
    except OSError as exc:
        if exc.errno in _FULL:
            with contextlib.suppress(OSError):
                temp.unlink()
        raise _storage_error(exc, folder) from exc
    if actual != expected:
        with contextlib.suppress(OSError):
            path.unlink()
        raise StorageError(
            _(
                "The bundle written to {folder} did not read back the same; the stick may be "
                "failing. Use another stick."
            ).format(folder=folder)
        )
    return expected


def _candidate_volumes() -> Iterable[Path]:
    if sys.platform == "win32":
        listdrives = getattr(os, "listdrives", None)
        drives = listdrives() if listdrives else [f"{c}:\\" for c in string.ascii_uppercase]
        for drive in drives:
            yield Path(drive)
        return
    user = os.environ.get("USER") or os.environ.get("LOGNAME") or ""
    bases = [Path("/media"), Path("/mnt"), Path("/Volumes")]
    if user:
        bases += [Path("/media") / user, Path("/run/media") / user]
    for base in bases:
        try:
            yield from (p for p in base.iterdir() if p.is_dir())
        except OSError:
            continue


def has_mailbox(root: str | os.PathLike) -> bool:
    try:
        return (mailbox_root(root) / MAILBOX_DIR).is_dir()
    except OSError:
        return False


def find_mailboxes(volumes: Iterable[str | os.PathLike] | None = None) -> list[Path]:
    """Mounted volumes (or the given folders) that hold a ``MOTCUA`` folder."""
    found = []
    for volume in _candidate_volumes() if volumes is None else volumes:
        root = mailbox_root(volume)
        if has_mailbox(root) and root not in found:
            found.append(root)
    return found
