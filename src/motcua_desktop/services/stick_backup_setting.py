"""The "copy an encrypted backup to the stick at each exchange" setting, and this PC's last copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _, format_number
from motcua_desktop.services import settings
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.store.models import now
from motcua_desktop.sync.state import get_state, set_state

BACKUP_TO_STICK = "backup_to_stick"  # settings: the commune's choice (synced); off by default
LAST_STICK_BACKUP = "last_stick_backup"  # local_state: this PC's last attempt


@dataclass(frozen=True)
class StickBackupStatus:
    enabled: bool
    last_at: datetime | None = None
    last_path: str = ""
    last_size: int = 0
    last_error: str = ""


def is_enabled(ctx: AppContext) -> bool:
    return settings.get_preference(ctx, BACKUP_TO_STICK, False) is True


def set_backup_to_stick(ctx: AppContext, on: bool, actor) -> bool:
    """Turn the copy at each exchange on or off (a leader's or an administrator's setting)."""
    require(actor, Permission.SETTINGS)
    with ctx.db.session(actor=actor) as s:
        settings.write(s, BACKUP_TO_STICK, bool(on), getattr(actor, "id", None))
    return bool(on)


def stick_backup_status(ctx: AppContext) -> StickBackupStatus:
    """The setting and this PC's last copy to a stick (or why it failed)."""
    with ctx.db.session(readonly=True) as s:
        enabled = settings.read(s, BACKUP_TO_STICK, False) is True
        last = get_state(s, LAST_STICK_BACKUP) or {}
    at = last.get("at")
    return StickBackupStatus(
        enabled,
        datetime.fromisoformat(at) if at else None,
        str(last.get("path") or ""),
        int(last.get("size") or 0),
        str(last.get("error") or ""),
    )


def record_attempt(ctx: AppContext, **last) -> None:
    """Keep this PC's last copy (``path``, ``size``) or its failure (``error``) for the Backups tab."""
    with ctx.db.session() as s:
        set_state(s, LAST_STICK_BACKUP, {"at": now().isoformat(), **last})


def megabytes(n: int) -> str:
    return _("{n} MB").format(n=format_number(round(n / 1024**2, 1)))
