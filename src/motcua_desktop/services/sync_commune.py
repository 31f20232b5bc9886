"""The commune's side of the USB mailbox: export data bundles, take in acks and config, report status."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import BundleRejected, NotAllowed, StorageError
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _, format_number, ngettext
from motcua_desktop.services import export_log, settings, stick_backup
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.sync_inbox import import_inbox, preview_inbox
from motcua_desktop.services.sync_results import (
    BundleEntry,
    ExportResult,
    ImportResult,
    SyncStatus,
    VerifyResult,
    status_words,
)
from motcua_desktop.services.sync_state import (
    NEWEST_FIRST,
    District,
    acked_seq,
    district_in,
    first_ack_received,
    last_ack,
    last_out,
)
from motcua_desktop.store.models import SYNC_UP_TABLES, BundleLog, Change, now
from motcua_desktop.sync import mailbox, payload
from motcua_desktop.sync.bundle import bundle_sha256, open_bundle, read_bundle, write_bundle
from motcua_desktop.sync.keys import b64_key, enrolment_proof, fingerprint, load_or_create_identity
from motcua_desktop.sync.state import ENROLMENT_TOKEN, get_state, set_state

__all__ = [
    "ExportResult",
    "ImportResult",
    "SyncStatus",
    "VerifyResult",
    "export",
    "find_mailboxes",
    "import_inbox",
    "preview_inbox",
    "sync_status",
    "verify_file",
]

# Personal data leaves the office in every data bundle; each export is logged here
# (who, when, how many rows), as the personal-data rule of DOMAIN.md asks.
audit = logging.getLogger("motcua.personal_data")
LAST_EXPORT_AT = "last_export_at"
RECENT_BUNDLES = 50


def find_mailboxes(volumes=None) -> list[Path]:
    """Mounted volumes (or the given folders) holding a ``MOTCUA/`` mailbox; the stick watcher's."""
    return mailbox.find_mailboxes(volumes)


def _agency(s: Session) -> str:
    profile = settings.read(s, "profile") or {}
    return str(profile.get("agency_code") or "")


def _require_district(s: Session) -> District:
    district = district_in(s)
    if district is None:
        raise NotAllowed(
            _(
                "This commune has not been set up from the district's provisioning file, "
                "so there is no district to send data to."
            )
        )
    return district


def export(
    ctx: AppContext, target_root: str | Path, actor, *, with_backup: bool | None = None
) -> ExportResult:
    """Export the bundle (``_export_bundle``), then the encrypted backup copy if asked for.

    ``with_backup`` None follows the "backup to stick" setting; a failed copy
    only sets ``backup_warning`` (services.stick_backup.after_export).
    """
    result = _export_bundle(ctx, target_root, actor)
    return stick_backup.after_export(ctx, target_root, actor, result, with_backup)


def _export_bundle(ctx: AppContext, target_root: str | Path, actor) -> ExportResult:
    """Write every change the district has not confirmed into one bundle on the stick.

    Cumulative: it starts after the acknowledged watermark, not after the last
    export, so a lost stick loses nothing. Nothing new → nothing written. The
    file is written as ``.partial`` while the transaction is open (a failed
    write records nothing) and renamed once it is recorded, so a killed export
    never leaves a bundle the commune does not know it sent.
    """
    require(actor, Permission.SYNC)
    identity = load_or_create_identity(ctx)  # its own transaction; before ours opens
    with ctx.db.session(actor=actor) as s:
        district = _require_district(s)
        agency = _agency(s)
        acked = acked_seq(s)
        _log_bundle_export(s, acked, district, actor)
        changes = payload.collect_changes(s, acked, compress=True)
        seq_from, seq_to, counts = changes.seq_from, changes.seq_to, changes.counts
        total = sum(counts.values())
        if not total:
            return ExportResult(
                written=False,
                message=_("Nothing new to send: the district has confirmed every change."),
            )
        previous = last_out(s)
        exported_before = get_state(s, LAST_EXPORT_AT)
        stamp = now()
        token = get_state(s, ENROLMENT_TOKEN)
        proof = ""
        if token and not first_ack_received(s):
            proof = enrolment_proof(token, identity.sign_public_b64, identity.box_public_b64)
        profile = settings.read(s, "profile") or {}
        data = write_bundle(
            {
                "kind": "data",
                "recipient_id": district.installation_id,
                "agency_code": agency,
                "name": str(profile.get("commune_name") or ""),
                "epoch": identity.epoch_id,
                "seq_from": seq_from,
                "seq_to": seq_to,
                "prev_sha256": previous.sha256 if previous else "",
                "counts": counts,
                "enrolment_proof": proof,
                "created_at": stamp.isoformat(),
            },
            changes.for_bundle(),
            identity,
            district.box_pub,
        )
        bundle_id = read_bundle(data).manifest.bundle_id
        name = mailbox.data_file_name(agency, identity.epoch_id, seq_from, seq_to, stamp)
        path = mailbox.outbox_dir(target_root, agency) / name
        # Recorded before it gets its final name: a kill after the commit leaves a .partial
        # (never imported); a kill before it, no bundle the commune does not know about.
        partial = mailbox.write_partial(path, data)
        s.add(
            BundleLog(
                direction="out",
                kind="data",
                bundle_id=bundle_id,
                sender_id=identity.installation_id,
                recipient_id=district.installation_id,
                epoch=identity.epoch_id,
                seq_from=seq_from,
                seq_to=seq_to,
                sha256=bundle_sha256(data),
                prev_sha256=previous.sha256 if previous else "",
                file_name=path.name,
                status="written",
                reason=_("exported by {user}").format(user=_who(actor)),
                counts=counts,
                at=stamp,
            )
        )
        set_state(s, LAST_EXPORT_AT, stamp.isoformat())
    try:
        mailbox.publish(partial, path, bundle_sha256(data))
    except StorageError:
        if not path.exists():  # nothing reached the stick under its name: forget the record
            _forget_export(ctx, bundle_id, exported_before)
        raise
    audit.info(
        "personal data exported: %s wrote %d rows (changes %d-%d, %s) to %s",
        _who(actor), total, seq_from, seq_to,
        ", ".join(f"{t} {n}" for t, n in sorted(counts.items())), path,
    )  # fmt: skip
    message = ngettext(
        "Wrote {n} row (changes {first} to {last}) for the district to {path}.",
        "Wrote {n} rows (changes {first} to {last}) for the district to {path}.",
        total,
    ).format(
        n=format_number(total), first=format_number(seq_from), last=format_number(seq_to), path=path
    )
    return ExportResult(True, message, path, bundle_id, seq_from, seq_to, total, dict(counts))


def _log_bundle_export(s: Session, acked: int, district: District, actor) -> None:
    """Log the export in the export log, inside the bundle it describes.

    Written before the rows are collected, so the entry travels in this very
    bundle: logged afterwards, it would be a change of its own and the next
    export would never find "nothing new". Nothing pending → nothing logged
    (the transaction of an empty export writes nothing).
    """
    pending = Change.seq > acked, Change.table_name.in_(SYNC_UP_TABLES)
    if s.scalar(select(Change.seq).where(*pending).limit(1)) is None:
        return
    dossiers = s.scalar(
        select(func.count(func.distinct(Change.row_id))).where(
            *pending, Change.table_name == "dossiers"
        )
    )
    export_log.log_export(
        s, kind=export_log.DATA_BUNDLE, file="", dossiers=dossiers or 0, actor=actor,
        extra={"seq_from": acked + 1, "recipient": district.name},
    )  # fmt: skip


def _forget_export(ctx: AppContext, bundle_id: str, exported_before) -> None:
    """Undo the record of a bundle that never got its final name (the rename failed)."""
    with ctx.db.session() as s:
        s.execute(delete(BundleLog).where(BundleLog.bundle_id == bundle_id))
        set_state(s, LAST_EXPORT_AT, exported_before)


def _who(actor) -> str:
    return getattr(actor, "username", None) or str(actor or "?")


def sync_status(ctx: AppContext) -> SyncStatus:
    """Last export and ack, changes not yet confirmed, and the recent bundles in plain words."""
    with ctx.db.session(readonly=True) as s:
        district = district_in(s)
        watermark = acked_seq(s)
        pending = s.scalar(
            select(func.count())
            .select_from(Change)
            .where(Change.seq > watermark, Change.table_name.in_(SYNC_UP_TABLES))
        )
        out = last_out(s)
        ack = last_ack(s)
        recent = s.scalars(select(BundleLog).order_by(*NEWEST_FIRST).limit(RECENT_BUNDLES)).all()
        gaps = tuple(
            (int(a), int(b))
            for a, b in ((ack.counts or {}).get("gaps", []) if ack and ack.counts else [])
        )
        return SyncStatus(
            provisioned=district is not None,
            district_name=district.name if district else "",
            district_fingerprint=fingerprint(district.sign_pub) if district else "",
            agency_code=_agency(s),
            last_export_at=out.at if out else None,
            last_export_from=out.seq_from if out else 0,
            last_export_to=out.seq_to if out else 0,
            last_ack_at=ack.at if ack else None,
            acked_seq=watermark,
            pending_changes=int(pending or 0),
            gaps=gaps,
            bundles=tuple(
                BundleEntry(
                    b.at,
                    b.direction,
                    b.kind,
                    b.file_name,
                    b.seq_from,
                    b.seq_to,
                    b.status,
                    status_words(b.direction, b.status, b.reason if b.status == "rejected" else ""),
                )
                for b in recent
            ),
        )


def verify_file(ctx: AppContext, path: str | Path) -> VerifyResult:
    """Check a bundle file without applying it: structure, recipient, signature, readability."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StorageError(
            _("The file {path} cannot be read: {error}").format(path=path, error=exc.strerror)
        ) from exc
    try:
        raw = read_bundle(data)
    except BundleRejected as exc:
        return VerifyResult(path, False, exc.message, exc.reason_code)
    m = raw.manifest
    identity = load_or_create_identity(ctx)
    with ctx.db.session(readonly=True) as s:
        district = district_in(s)
    mine = m.sender.installation_id == identity.installation_id
    for_me = m.recipient.installation_id == identity.installation_id
    if mine:
        signer = identity.sign_public_b64
    elif district is not None and m.sender.installation_id == district.installation_id:
        signer = district.sign_pub
    else:
        signer = ""
    signature_ok = _signature_ok(raw, signer) if signer else None
    readable, reason_code = False, ""
    if for_me and signer and signature_ok:
        try:
            open_bundle(data, my_identity=identity, sender_sign_pub_b64=signer)
            readable = True
        except BundleRejected as exc:
            reason_code, message = exc.reason_code, exc.message
    if not signer:
        reason_code = "unknown-sender"
        message = _(
            "The sender ({name}) is not the district this commune was set up with; "
            "its signature cannot be checked."
        ).format(name=m.sender.name or m.sender.installation_id)
    elif not signature_ok:
        reason_code = "bad-signature"
        message = _(
            "The bundle's signature does not match: it was altered or damaged after it was made."
        )
    elif mine:
        message = _("A data bundle from this installation, intact; only the district can read it.")
    elif not for_me:
        reason_code = "wrong-recipient"
        message = _("This bundle is addressed to another installation ({installation}).").format(
            installation=m.recipient.installation_id or "?"
        )
    elif readable:
        message = _("Signed by {sender} and readable by this installation.").format(
            sender=m.sender.name or m.sender.installation_id
        )
    return VerifyResult(
        path=path, ok=not reason_code, message=message, reason_code=reason_code, kind=m.kind,
        bundle_id=m.bundle_id, sender_id=m.sender.installation_id,
        recipient_id=m.recipient.installation_id, for_me=for_me, readable=readable,
        signature_ok=signature_ok, epoch=m.epoch, seq_from=m.seq_from, seq_to=m.seq_to,
        counts=dict(m.counts), created_at=m.created_at,
    )  # fmt: skip


def _signature_ok(raw, sign_pub_b64: str) -> bool:
    """The manifest's Ed25519 signature and the payload's hash, checked against a known key."""
    key = b64_key(sign_pub_b64)
    if key is None or raw.manifest.sender.sign_pub != sign_pub_b64:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(raw.signature, raw.manifest_bytes)
    except InvalidSignature:
        return False
    return hashlib.sha256(raw.ciphertext).hexdigest() == raw.manifest.payload.sha256
