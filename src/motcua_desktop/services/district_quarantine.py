"""Putting refused bundles aside: ``<data>/quarantine/<stamp>-<name>`` with a plain-words reason file."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from sqlalchemy import select

from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.district_results import ImportResult, describe, log_bundle
from motcua_desktop.store.models import BundleLog, Commune, now
from motcua_desktop.sync.bundle import read_bundle

log = logging.getLogger(__name__)
QUARANTINE_DIR = "quarantine"


def quarantine(ctx: AppContext, path: Path, reason: str) -> Path:
    """Move ``path`` to ``<data>/quarantine/<stamp>-<name>`` beside a plain-words reason file.

    A file on a read-only medium is copied and left where it is.
    """
    folder = ctx.data_dir / QUARANTINE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{stamp}-{path.name}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{stamp}-{n}-{path.name}"
    shutil.copy2(path, target)
    try:
        path.unlink()
    except OSError:
        log.warning("could not remove %s after quarantining it", path)
    text = _(
        "The file {name} was not imported and was put aside here.\n\nReason: {reason}\n\n"
        "Nothing from it was written to the district's data. When the cause is fixed, the "
        "commune's next bundle carries the same changes again (bundles are cumulative).\n"
    ).format(name=path.name, reason=reason)
    target.with_name(target.name + ".reason.txt").write_text(text, encoding="utf-8")
    return target


def refuse(ctx: AppContext, path: Path, data: bytes, exc: BundleRejected) -> ImportResult:
    """Record a refused bundle (own transaction) and move it to quarantine."""
    status = "rejected" if exc.reason_code == "revoked-sender" else "quarantined"
    try:
        raw = read_bundle(data)
    except BundleRejected:
        raw = None
    commune = None
    with ctx.db.session() as s:
        if raw is not None:
            commune = s.scalars(
                select(Commune).where(
                    Commune.installation_id == raw.manifest.sender.installation_id
                )
            ).first()
        if raw is None:
            from motcua_desktop.sync.bundle import bundle_sha256

            s.add(
                BundleLog(
                    direction="in", kind="data", bundle_id="", sender_id="", recipient_id="",
                    sha256=bundle_sha256(data), file_name=path.name, status=status,
                    reason=f"{exc.reason_code}: {exc.message}",
                    at=now(),
                )
            )  # fmt: skip
        else:
            reason = f"{exc.reason_code}: {exc.message}"
            log_bundle(s, raw, commune, path.name, status, reason)
        info = describe(commune, raw) if commune is not None and raw is not None else {}
    target = quarantine(ctx, path, exc.message)
    return ImportResult(
        path.name,
        status,
        exc.message,
        reason_code=exc.reason_code,
        quarantine_path=str(target),
        **info,
    )
