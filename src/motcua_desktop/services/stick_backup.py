"""The encrypted backup copy on the USB stick: the setting, the copy at each exchange, its retention.

The copy is sealed to the district's X25519 key and signed by the commune
(``sync.backup_file``), so a lost stick exposes nothing, and a commune whose PC
died gets its data back through the district (docs/operations.md). It lives in
``MOTCUA/backups/<agency code>/<agency>-backup-<yyyymmddTHHMMSS>.mcbak``; the
newest ``KEEP_ON_STICK`` copies of this commune are kept.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from motcua_desktop import __version__
from motcua_desktop.domain.errors import BundleRejected, MotcuaError, NotAllowed, StorageError
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _, ngettext
from motcua_desktop.services import settings
from motcua_desktop.services.backup import PARTIAL_PREFIX, integrity_problems
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.stick_backup_setting import (
    BACKUP_TO_STICK,
    StickBackupStatus,
    is_enabled,
    megabytes,
    record_attempt,
    set_backup_to_stick,
    stick_backup_status,
)
from motcua_desktop.services.sync_results import ExportResult
from motcua_desktop.services.sync_state import district_in
from motcua_desktop.store.db import SCHEMA_HEAD, backup_database
from motcua_desktop.store.models import now
from motcua_desktop.sync.backup_file import SUFFIX, open_sealed, seal
from motcua_desktop.sync.keys import load_or_create_identity
from motcua_desktop.sync.mailbox import MAILBOX_DIR, fsync_dir, mailbox_root, safe_name

log = logging.getLogger(__name__)

BACKUPS_DIR = "backups"
KEEP_ON_STICK = 2
PARTIAL = ".partial"
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_NAME = re.compile(r"^.+-backup-(?P<stamp>\d{8}T\d{6})(?:-(?P<n>\d+))?\.mcbak$")


@dataclass(frozen=True)
class StickBackupResult:
    path: Path
    size: int  # bytes of the new copy
    kept: tuple[Path, ...]  # this commune's copies on the stick, newest first
    removed: tuple[Path, ...]
    used: int  # bytes the kept copies take
    free: int | None  # bytes left on the stick
    message: str


def stick_backup_dir(root: str | os.PathLike, agency_code: str) -> Path:
    return mailbox_root(root) / MAILBOX_DIR / BACKUPS_DIR / safe_name(agency_code)


def _order(path: Path) -> tuple[str, int]:
    m = _NAME.match(path.name)
    return (m["stamp"], int(m["n"] or 1)) if m else ("", 0)


def list_stick_backups(root: str | os.PathLike, agency_code: str, *, exact=False) -> list[Path]:
    """This commune's complete copies on the stick (``exact``: in the folder ``root``), oldest first."""
    folder = Path(root) if exact else stick_backup_dir(root, agency_code)
    try:
        found = [p for p in folder.iterdir() if _NAME.match(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=_order)


def _stick_error(folder: Path, exc: OSError) -> StorageError:
    if exc.errno in _FULL:
        text = _(
            "The stick {folder} is full: the encrypted backup copy did not fit. Free some space "
            "or use a bigger stick; the newest earlier copy, if any, is still on it."
        )
    else:
        text = _(
            "The encrypted backup copy could not be written to {folder} ({error}); the earlier "
            "copies on it are untouched."
        )
    return StorageError(text.format(folder=folder, error=exc.strerror or exc))


def _snapshot(ctx: AppContext, work: Path) -> Path:
    """A fresh, checked, self-contained copy of the live database in ``work``."""
    plain = backup_database(Path(ctx.db.path), work, "stick")
    conn = sqlite3.connect(plain)
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchall()
    finally:
        conn.close()
    problems = integrity_problems(plain)
    if problems:
        raise StorageError(
            _("The backup copy failed its check ({problems}); it was deleted.").format(
                problems="; ".join(problems[:3])
            )
        )
    return plain


def _target(folder: Path, agency: str, at: datetime) -> Path:
    """A new name that sorts after every copy already there (names are never reused)."""
    stamp = at.strftime("%Y%m%dT%H%M%S")
    base = f"{safe_name(agency)}-backup-{stamp}"
    same = [n for s, n in map(_order, list_stick_backups(folder, agency, exact=True)) if s == stamp]
    return folder / (f"{base}-{max(same) + 1}{SUFFIX}" if same else f"{base}{SUFFIX}")


def _remove(paths) -> list[Path]:
    """Delete what can be deleted (a copy that will not go is only left behind); returns those."""
    gone = []
    for p in paths:
        try:
            p.unlink(missing_ok=True)
        except OSError:
            continue
        gone.append(p)
    return gone


def _write_sealed(plain: Path, partial: Path, fields, identity, box_pub):
    """Encrypt ``plain`` into ``partial`` and flush it to the stick; removes it on failure."""
    try:
        with open(plain, "rb") as src, open(partial, "wb") as dst:
            sealed = seal(src, dst, fields, identity, box_pub)
            dst.flush()
            os.fsync(dst.fileno())
        return sealed
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def copy_backup_to_stick(ctx: AppContext, target_root: str | Path, actor) -> StickBackupResult:
    """Take a fresh backup, seal it to the district onto the stick, verify it, keep the newest 2.

    A full stick: the oldest copies beyond the newest one are removed and the
    write tried once more; if it still fails, StorageError and only the earlier
    copies remain. Any failure is also recorded for the Backups tab.
    """
    require(actor, Permission.SYNC)
    try:
        result = _copy(ctx, Path(target_root))
    except MotcuaError as exc:
        record_attempt(ctx, error=exc.message)
        raise
    record_attempt(ctx, path=str(result.path), size=result.size)
    return result


def _copy(ctx: AppContext, root: Path) -> StickBackupResult:
    if ctx.db.path is None:
        raise StorageError(_("A server database is not copied to a stick by this program."))
    identity = load_or_create_identity(ctx)
    with ctx.db.session(readonly=True) as s:
        district = district_in(s)
        profile = settings.read(s, "profile") or {}
    if district is None:
        raise NotAllowed(
            _(
                "This commune has not been set up from the district's provisioning file, so "
                "there is no district key to encrypt the backup for."
            )
        )
    agency = str(profile.get("agency_code") or "")
    folder = stick_backup_dir(root, agency)
    stamp = now()
    fields = {
        "agency_code": agency, "commune_name": str(profile.get("commune_name") or ""),
        "epoch": identity.epoch_id, "created_at": stamp.isoformat(), "schema": SCHEMA_HEAD,
        "app": __version__, "recipient_id": district.installation_id,
    }  # fmt: skip
    work = None
    try:
        Path(ctx.backups_dir).mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX, dir=ctx.backups_dir))
        plain = _snapshot(ctx, work)
        fields["backup_name"] = plain.name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _remove(folder.glob(f"*{SUFFIX}{PARTIAL}"))  # left by a pulled stick
            target = _target(folder, agency, stamp)
            partial = target.with_name(target.name + PARTIAL)
            try:
                sealed = _write_sealed(plain, partial, fields, identity, district.box_pub)
            except OSError as exc:
                older = list_stick_backups(root, agency)[:-1]
                if exc.errno not in _FULL or not older:
                    raise
                _remove(older)  # room for the new copy; the newest earlier one stays
                sealed = _write_sealed(plain, partial, fields, identity, district.box_pub)
            os.replace(partial, target)
            fsync_dir(folder)
        except OSError as exc:
            raise _stick_error(folder, exc) from exc
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(
            _("The backup for the stick could not be made ({error}).").format(error=exc)
        ) from exc
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    _read_back(target, identity.sign_public_b64, sealed.key, folder)
    copies = list_stick_backups(root, agency)
    removed = _remove(copies[:-KEEP_ON_STICK])
    kept = tuple(reversed(copies[-KEEP_ON_STICK:]))
    used = sum(p.stat().st_size for p in kept if p.exists())
    free = _free(folder)
    message = ngettext(
        "Encrypted backup copied to {path} ({size}). The stick holds {count} copy of this "
        "commune ({used}); {free} free.",
        "Encrypted backup copied to {path} ({size}). The stick holds {count} copies of this "
        "commune ({used}); {free} free.",
        len(kept),
    ).format(
        path=target, size=megabytes(sealed.size), count=len(kept), used=megabytes(used),
        free=megabytes(free) if free is not None else "?",
    )  # fmt: skip
    return StickBackupResult(target, sealed.size, kept, tuple(removed), used, free, message)


def _read_back(target: Path, sign_pub: str, key: bytes, folder: Path) -> None:
    """Decrypt the copy on the stick with the key kept in memory and compare hashes; nothing written."""
    try:
        with open(target, "rb") as fh:
            open_sealed(fh, None, sign_pub_b64=sign_pub, key=key)
    except (OSError, BundleRejected) as exc:
        with contextlib.suppress(OSError):
            target.unlink()
        raise StorageError(
            _(
                "The encrypted backup written to {folder} did not read back the same; the stick "
                "may be failing. Use another stick."
            ).format(folder=folder)
        ) from exc


def _free(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def after_export(
    ctx: AppContext, target_root, actor, result: ExportResult, with_backup: bool | None = None
) -> ExportResult:
    """The hook at the end of an export: copy the backup if asked; a failure is only a warning.

    The bundle is already safely on the stick, so the export stands whatever
    happens here; the warning travels in ``result.backup_warning``.
    """
    if not (is_enabled(ctx) if with_backup is None else with_backup):
        return result
    try:
        copy = copy_backup_to_stick(ctx, target_root, actor)
    except MotcuaError as exc:
        warning = exc.message
    except Exception as exc:  # never let the copy undo a good export
        log.exception("the encrypted backup copy to the stick failed")
        warning = str(exc) or type(exc).__name__
        with contextlib.suppress(Exception):
            record_attempt(ctx, error=warning)
    else:
        return replace(result, backup_path=copy.path, backup_message=copy.message)
    return replace(
        result,
        backup_warning=_(
            "The data bundle is on the stick, but the encrypted backup copy failed: {error}"
        ).format(error=warning),
    )


__all__ = [
    "BACKUP_TO_STICK",
    "KEEP_ON_STICK",
    "StickBackupResult",
    "StickBackupStatus",
    "after_export",
    "copy_backup_to_stick",
    "record_attempt",
    "is_enabled",
    "list_stick_backups",
    "megabytes",
    "set_backup_to_stick",
    "stick_backup_dir",
    "stick_backup_status",
]
