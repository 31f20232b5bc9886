"""`motcua backup [--to DIR] [--stick DIR] [--stick-setting on|off]` and `motcua restore FILE`."""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import shutil
import sys
from pathlib import Path

from motcua_desktop.i18n import _

COMMANDS = ("backup", "restore")


def add_parser(sub, common: argparse.ArgumentParser) -> None:
    """Register `backup` and `restore` on the top-level subparsers."""
    b = sub.add_parser("backup", parents=[common], help="back the database up now")
    b.add_argument("--to", type=Path, default=None, metavar="DIR", help="also copy it to DIR")
    b.add_argument(
        "--stick", type=Path, default=None, metavar="DIR",
        help="also write an encrypted copy (for the district) to the stick DIR",
    )  # fmt: skip
    b.add_argument(
        "--stick-setting", choices=("on", "off"), default=None,
        help="only turn the encrypted copy at each exchange on or off",
    )  # fmt: skip
    b.add_argument("--user", default=None, help="who does it (default: the first admin)")
    b.add_argument("--json", action="store_true")

    r = sub.add_parser("restore", parents=[common], help="replace the database with a backup")
    r.add_argument("file", type=Path, metavar="FILE", help="the backup file")
    r.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    r.add_argument("--user", default=None, help="the administrator restoring (default: the first)")
    r.add_argument("--json", action="store_true")


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_backup(ctx, a) -> int:
    from motcua_desktop.services.backup import MANUAL, backup_now, fsync_file

    if a.stick_setting is not None:
        return _stick_setting(ctx, a)
    info = backup_now(ctx, MANUAL)
    copy = None
    if a.to is not None:
        copy = _copy_to(info, a.to, fsync_file)
    sealed = _stick_copy(ctx, a) if a.stick is not None else None
    if a.json:
        _print_json(
            {
                "path": str(info.path), "size": info.size, "copy": str(copy) if copy else None,
                "stick": str(sealed.path) if sealed else None,
                "stick_size": sealed.size if sealed else None,
            }
        )  # fmt: skip
    else:
        print(_("Backup written to {path}.").format(path=info.path))
        if copy:
            print(_("Copied to {path}.").format(path=copy))
        if sealed:
            print(sealed.message)
    return 0


def _stick_copy(ctx, a):
    from motcua_desktop.cli import _actor
    from motcua_desktop.services.stick_backup import copy_backup_to_stick

    return copy_backup_to_stick(ctx, a.stick, _actor(ctx, a.user))


def _stick_setting(ctx, a) -> int:
    from motcua_desktop.cli import _actor
    from motcua_desktop.services.stick_backup import set_backup_to_stick

    on = set_backup_to_stick(ctx, a.stick_setting == "on", _actor(ctx, a.user))
    if a.json:
        _print_json({"backup_to_stick": on})
    elif on:
        print(_("An encrypted backup will be copied to the stick at each export."))
    else:
        print(_("No backup will be copied to the stick at exports."))
    return 0


def _copy_to(info, folder: Path, fsync_file) -> Path:
    """Copy the backup to ``folder`` (a USB stick): temp name, fsync, rename; nothing half-left."""
    from motcua_desktop.domain.errors import StorageError

    copy = folder / info.name
    partial = folder / f".{info.name}.partial"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(info.path, partial)
        fsync_file(partial)
        partial.replace(copy)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)):
            reason = _("the disk is full")
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = _("the folder is read-only")
        else:
            reason = exc.strerror or str(exc)
        raise StorageError(
            _(
                "The backup was made in {path}, but it could not be copied to {folder}: {reason}."
            ).format(path=info.path, folder=folder, reason=reason)
        ) from exc
    return copy


def cmd_restore(ctx, a) -> int:
    from motcua_desktop.cli import _actor
    from motcua_desktop.services.restore import check_backup_file, restore

    actor = _actor(ctx, a.user)
    check_backup_file(a.file)  # refuse a bad file before asking anything
    if not a.yes:
        question = _(
            "Replace the database with {file}? The current database is kept as a backup. [y/N] "
        ).format(file=a.file)
        sys.stdout.write(question)
        sys.stdout.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes", "c", "có", "co"):
            print(_("Nothing was restored."))
            return 1
    result = restore(ctx, a.file, actor)
    if a.json:
        _print_json(
            {
                "restored_from": str(result.restored_from),
                "kept": str(result.kept.path),
                "schema_before": result.revision_before,
                "schema_after": result.revision_after,
                "epoch_id": result.epoch_id,
            }
        )
    else:
        print(_("Restored {file}.").format(file=result.restored_from))
        print(_("The database as it was is kept in {path}.").format(path=result.kept.path))
        print(_("A new sync epoch started; the district will see it at the next exchange."))
    return 0


def run(ctx, a) -> int:
    return {"backup": cmd_backup, "restore": cmd_restore}[a.command](ctx, a)
