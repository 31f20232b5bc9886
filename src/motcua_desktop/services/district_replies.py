"""The district's replies on the stick: a signed, encrypted ack per commune, and config updates."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.district_import import require_district
from motcua_desktop.store.models import BundleLog, Commune, now
from motcua_desktop.sync import mailbox
from motcua_desktop.sync.bundle import bundle_sha256, read_bundle, write_bundle
from motcua_desktop.sync.downlink import Ack, ConfigUpdate
from motcua_desktop.sync.keys import load_or_create_identity
from motcua_desktop.sync.state import get_state

ACK_BUNDLE_IDS = 200  # the newest applied bundles an ack names


@dataclass(frozen=True)
class ReplyResult:
    """One file written for a commune (kind ack or config)."""

    agency_code: str
    commune_name: str
    kind: str
    path: str
    message: str

    def as_json(self) -> dict:
        return asdict(self)


def _has_folder(root: Path, agency: str) -> bool:
    return mailbox.outbox_dir(root, agency).is_dir() or mailbox.inbox_dir(root, agency).is_dir()


def _write(s, identity, c: Commune, root: Path, kind: str, body: bytes, district_name: str,
           **fields) -> Path:  # fmt: skip
    data = write_bundle(
        {"kind": kind, "recipient_id": c.installation_id, "name": district_name, **fields},
        body,
        identity,
        c.box_public_key,
    )
    m = read_bundle(data).manifest
    path = mailbox.inbox_dir(root, c.agency_code) / mailbox.reply_file_name(
        c.agency_code, kind, m.bundle_id
    )
    mailbox.write_atomically(path, data)
    s.add(
        BundleLog(
            direction="out", kind=kind, bundle_id=m.bundle_id,
            sender_id=identity.installation_id, recipient_id=c.installation_id or "",
            commune_id=c.id, epoch=m.epoch, seq_from=m.seq_from, seq_to=m.seq_to,
            sha256=bundle_sha256(data), prev_sha256="", file_name=path.name,
            status="written", reason="", counts=None, at=now(),
        )
    )  # fmt: skip
    return path


def write_replies(ctx: AppContext, mailbox_root, actor: Any = None) -> list[ReplyResult]:
    """For every active commune with a folder on the stick: an ack, and config if newer.

    The ack names the commune's epoch, the highest contiguous change applied
    and the gaps above it; the config bundle carries the district's catalogue
    and holiday table when their version differs from the one last sent.
    Each file is written atomically; the log and ``config_version_sent`` are
    committed only after it is on the stick.
    """
    from motcua_desktop.services.district import DISTRICT_NAME, district_config

    root = Path(mailbox_root)
    identity = load_or_create_identity(ctx)
    catalogue, holidays, version = district_config(ctx)
    results: list[ReplyResult] = []
    with ctx.db.session(readonly=True) as s:
        require_district(s)
        ids = [
            c.id
            for c in s.scalars(select(Commune).order_by(Commune.name))
            if c.status == "active" and c.box_public_key and _has_folder(root, c.agency_code)
        ]
    for commune_id in ids:
        with ctx.db.session() as s:
            c = s.get(Commune, commune_id)
            name = str(get_state(s, DISTRICT_NAME) or "")
            bundles = s.scalars(
                select(BundleLog.bundle_id)
                .where(
                    BundleLog.direction == "in",
                    BundleLog.commune_id == c.id,
                    BundleLog.epoch == (c.epoch or ""),
                    BundleLog.status.in_(("applied", "duplicate")),
                )
                .order_by(BundleLog.at.desc())
                .limit(ACK_BUNDLE_IDS)
            ).all()
            gaps = tuple((int(a), int(b)) for a, b in (c.gaps or []))
            ack = Ack(c.epoch or "", c.acked_seq, gaps, tuple(dict.fromkeys(bundles)))
            path = _write(s, identity, c, root, "ack", ack.to_payload(), name,
                          seq_from=0, seq_to=c.acked_seq)  # fmt: skip
            message = _("Acknowledgement for {name}: every change up to {n} received.").format(
                name=c.name, n=c.acked_seq
            )
            if gaps:
                message += " " + _("Missing: {ranges}.").format(
                    ranges=", ".join(f"{a}–{b}" for a, b in gaps)
                )
            results.append(ReplyResult(c.agency_code, c.name, "ack", str(path), message))
            if c.config_version_sent != version:
                update = ConfigUpdate(version, catalogue=catalogue, holidays=holidays)
                path = _write(s, identity, c, root, "config", update.to_payload(), name)
                c.config_version_sent = version
                results.append(
                    ReplyResult(
                        c.agency_code,
                        c.name,
                        "config",
                        str(path),
                        _("New settings for {name} (version {version}).").format(
                            name=c.name, version=version
                        ),
                    )
                )
    return results
