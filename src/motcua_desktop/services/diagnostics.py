"""What support needs to know about an installation: versions, where the data is, its state.

``collect(ctx)`` reads it in one read-only transaction (no keys are made, nothing is
written); ``as_text(d)`` is the plain text the About dialog copies to the clipboard,
English keys so anyone who helps can read it. The Qt and PySide versions are added by
the UI, the only layer that may import Qt.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from motcua_desktop import __version__
from motcua_desktop.services.backup import last_backup
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.mode import MODE
from motcua_desktop.services.setup import PROFILE_KEY
from motcua_desktop.services.sync_state import last_ack, last_out
from motcua_desktop.store.models import BundleLog, Commune, Dossier, Setting
from motcua_desktop.sync.state import EPOCH_ID, INSTALLATION_ID, get_state

DISTRICT_NAME = "district_name"  # services.district.DISTRICT_NAME (not imported: it pulls in sync)


@dataclass(frozen=True)
class Diagnostics:
    version: str
    python: str
    os: str
    data_dir: Path
    database: str  # the file's path, or the server URL without its password
    database_bytes: int | None  # the file and its -wal; None on a server database
    schema: str
    mode: str  # "commune" | "district"
    name: str  # the commune's (or at the district, the district's) name
    agency_code: str
    installation_id: str
    epoch_id: str
    last_backup_at: datetime | None
    last_backup_file: str
    last_export_at: datetime | None  # commune: the last data bundle written
    last_ack_at: datetime | None  # commune: the last acknowledgement applied
    last_import_at: datetime | None  # district: the last commune bundle applied
    dossiers: int
    communes: int  # district: registered communes


def _size(path: Path | None) -> int | None:
    if path is None:
        return None
    total = 0
    for p in (path, path.with_name(path.name + "-wal")):
        try:
            total += p.stat().st_size
        except OSError:
            continue
    return total


def collect(ctx: AppContext) -> Diagnostics:
    """The installation's facts as they are now (one read-only transaction)."""
    db = ctx.db
    with db.session(readonly=True) as s:
        mode = str(get_state(s, MODE) or "commune")
        profile = s.scalar(select(Setting.value).where(Setting.key == PROFILE_KEY)) or {}
        exported = acked = None
        if mode != "district":  # the commune's own log (its ordering uses SQLite's rowid)
            out, ack = last_out(s), last_ack(s)
            exported, acked = (out.at if out else None), (ack.at if ack else None)
        imported = s.scalar(
            select(func.max(BundleLog.at)).where(
                BundleLog.direction == "in", BundleLog.kind == "data", BundleLog.status == "applied"
            )
        )
        name = str(profile.get("commune_name") or "")
        if mode == "district":
            name = str(get_state(s, DISTRICT_NAME) or "")
        facts = {
            "installation_id": str(get_state(s, INSTALLATION_ID) or ""),
            "epoch_id": str(get_state(s, EPOCH_ID) or ""),
            "dossiers": s.scalar(select(func.count()).select_from(Dossier)) or 0,
            "communes": s.scalar(select(func.count()).select_from(Commune)) or 0,
        }
    backup = last_backup(ctx)
    return Diagnostics(
        version=__version__,
        python=platform.python_version(),
        os=f"{platform.system()} {platform.release()} ({platform.machine()})",
        data_dir=ctx.data_dir,
        database=str(db.path) if db.path is not None else db.url,
        database_bytes=_size(db.path),
        schema=db.revision() or "",
        mode=mode,
        name=name,
        agency_code=str(profile.get("agency_code") or "") if mode != "district" else "",
        last_backup_at=backup.taken_at if backup else None,
        last_backup_file=backup.name if backup else "",
        last_export_at=exported,
        last_ack_at=acked,
        last_import_at=imported,
        **facts,
    )


def _text(value) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def as_text(d: Diagnostics, extra: dict[str, str] | None = None) -> str:
    """``key: value`` lines for the clipboard; ``extra`` (e.g. the Qt version) goes after version."""
    lines = []
    for f in fields(d):
        lines.append(f"{f.name}: {_text(getattr(d, f.name))}")
        if f.name == "version":
            lines += [f"{k}: {v}" for k, v in (extra or {}).items()]
    lines.append(f"platform: {sys.platform}")
    return "\n".join(lines) + "\n"


__all__ = ["Diagnostics", "as_text", "collect"]
