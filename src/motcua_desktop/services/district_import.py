"""District import of commune data bundles: identify, verify, decrypt, preview, apply in one transaction, quarantine."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import BundleRejected, NotAllowed
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.district_apply import TablePlan, decode_payload, plan_table, write_plan
from motcua_desktop.services.district_quarantine import refuse
from motcua_desktop.services.district_results import (
    ImportResult,
    Preview,
    describe,
    log_bundle,
)
from motcua_desktop.services.district_seq import created_at, plan_seq
from motcua_desktop.services.mode import MODE, is_district  # noqa: F401  (re-exported)
from motcua_desktop.store.models import BundleLog, Commune, now
from motcua_desktop.sync import mailbox
from motcua_desktop.sync.bundle import RawBundle, open_bundle, read_bundle
from motcua_desktop.sync.keys import Identity, check_enrolment_proof, load_or_create_identity
from motcua_desktop.sync.payload import sync_up_tables
from motcua_desktop.sync.state import get_state

log = logging.getLogger(__name__)

# Test hook (tests/district kill the import process mid-transaction): seconds to pause
# after writing each table, so a SIGKILL lands between the first write and the commit;
# the file named by the second variable is created once the first table is written.
_APPLY_PAUSE_ENV = "MOTCUA_TEST_APPLY_PAUSE"
_APPLY_MARK_ENV = "MOTCUA_TEST_APPLY_MARK"


def _test_pause(s: Session, seconds: float) -> None:
    s.flush()
    mark = os.environ.get(_APPLY_MARK_ENV)
    if mark:
        Path(mark).touch()
    time.sleep(seconds)


def require_district(s: Session) -> None:
    if get_state(s, MODE) != "district":
        raise NotAllowed(
            _(
                "This installation is not the district's; run `motcua district init` first "
                "(a commune's desk cannot import other communes' bundles)."
            )
        )


# -- identifying the sender ----------------------------------------------------------


@dataclass
class _Sender:
    commune: Commune
    sign_pub: str
    enrol: bool  # the bundle binds new keys to this commune (enrolment proof checked)


def _identify(s: Session, raw: RawBundle, *, lock: bool) -> _Sender:
    m = raw.manifest
    q = select(Commune)
    if lock:
        q = q.with_for_update()
    by_install = s.scalars(q.where(Commune.installation_id == m.sender.installation_id)).first()
    if by_install is not None and by_install.sign_public_key == m.sender.sign_pub:
        _check_not_revoked(by_install)
        return _Sender(by_install, m.sender.sign_pub, enrol=False)
    if m.enrolment_proof:
        candidates = s.scalars(q.where(Commune.agency_code == m.sender.agency_code)).all() or (
            s.scalars(q).all()
        )
        for c in candidates:
            if check_enrolment_proof(
                c.enrolment_token_sha256, m.sender.sign_pub, m.sender.box_pub, m.enrolment_proof
            ):
                _check_not_revoked(c)
                return _Sender(c, m.sender.sign_pub, enrol=True)
    if by_install is not None:
        _check_not_revoked(by_install)
        return _Sender(by_install, by_install.sign_public_key or "", enrol=False)
    raise BundleRejected(
        _(
            "This bundle comes from an installation the district does not know ({name}, {code}). "
            "Provision the commune first (Communes → Provision), then import its next bundle."
        ).format(name=m.sender.name or "?", code=m.sender.agency_code or "?"),
        "unknown-sender",
    )


def _check_not_revoked(c: Commune) -> None:
    if c.status == "revoked":
        raise BundleRejected(
            _(
                "The commune {name} ({code}) was revoked at this district; its bundles are "
                "refused. Provision it again if it should send data."
            ).format(name=c.name, code=c.agency_code),
            "revoked-sender",
        )


def _is_duplicate(s: Session, raw: RawBundle) -> BundleLog | None:
    return s.scalars(
        select(BundleLog).where(
            BundleLog.direction == "in",
            BundleLog.sha256 == raw.sha256,
            BundleLog.status == "applied",
        )
    ).first()


# -- reading, planning, applying ----------------------------------------------------------


@dataclass
class _Opened:
    raw: RawBundle
    rows: dict[str, list[dict]]  # table → row values, parents first


def _open(identity: Identity, data: bytes, raw: RawBundle, sender_pub: str) -> _Opened:
    if raw.manifest.kind != "data":
        raise BundleRejected(
            _(
                "This is a {kind} file, not a commune's data bundle; the district imports only "
                "data bundles."
            ).format(kind=raw.manifest.kind),
            "unexpected-kind",
        )
    _m, payload = open_bundle(data, my_identity=identity, sender_sign_pub_b64=sender_pub)
    rows = decode_payload(payload)
    # Parents before children: both backends check foreign keys row by row.
    return _Opened(raw, {t: rows[t] for t in sync_up_tables() if t in rows})


def _plans(s: Session, opened: _Opened, commune: Commune, *, authoritative: bool):
    return {
        table: plan_table(s, table, rows, commune.id, authoritative=authoritative)
        for table, rows in opened.rows.items()
    }


def _counts(plans: dict[str, TablePlan]) -> dict[str, dict[str, int]]:
    return {t: p.counts.as_dict() for t, p in plans.items()}


def preview_bundle(ctx: AppContext, data: bytes, file_name: str = "") -> Preview:
    """Verify and decrypt a bundle and say what importing it would change; writes nothing."""
    identity = load_or_create_identity(ctx)
    try:
        raw = read_bundle(data)
        with ctx.db.session(readonly=True) as s:
            require_district(s)
            sender = _identify(s, raw, lock=False)
            c = sender.commune
            info = describe(c, raw)
            if _is_duplicate(s, raw) is not None:
                return Preview(
                    file_name, "duplicate", _("Already imported; nothing would change."), **info
                )
            opened = _open(identity, data, raw, sender.sign_pub)
            seq = plan_seq(s, c, raw)
            if seq.epoch_status == "old":
                return Preview(file_name, "ignored", _old_epoch_message(c), **info)
            plans = _plans(s, opened, c, authoritative=seq.epoch_status == "new")
    except BundleRejected as exc:
        status = "reject" if exc.reason_code == "revoked-sender" else "quarantine"
        return Preview(file_name, status, exc.message, reason_code=exc.reason_code)
    return Preview(
        file_name,
        "new",
        _summary(plans),
        created_at=raw.manifest.created_at,
        tables=_counts(plans),
        problems=seq.problems,
        **info,
    )


def _old_epoch_message(c: Commune) -> str:
    return _(
        "This bundle from {name} was made before the commune's latest restore (an older "
        "epoch); its data is superseded and was not applied."
    ).format(name=c.name)


def _summary(plans: dict[str, TablePlan]) -> str:
    new = sum(p.counts.new for p in plans.values())
    updated = sum(p.counts.updated for p in plans.values())
    same = sum(p.counts.unchanged + p.counts.older for p in plans.values())
    d = plans.get("dossiers")
    dossiers = _("{new} new dossiers, {updated} updated; ").format(
        new=d.counts.new if d else 0, updated=d.counts.updated if d else 0
    )
    return dossiers + _("{new} new rows, {updated} updated, {same} already up to date.").format(
        new=new, updated=updated, same=same
    )


def _apply(ctx: AppContext, identity: Identity, data: bytes, raw: RawBundle, name: str):
    """One bundle in ONE transaction; raises BundleRejected (then nothing was written)."""
    pause = float(os.environ.get(_APPLY_PAUSE_ENV) or 0)
    with ctx.db.session() as s:
        require_district(s)
        sender = _identify(s, raw, lock=True)
        c = sender.commune
        info = describe(c, raw)
        m = raw.manifest
        if _is_duplicate(s, raw) is not None:
            log_bundle(s, raw, c, name, "duplicate", _("already imported"))
            return ImportResult(
                name, "duplicate", _("Already imported earlier; nothing changed."), **info
            )
        opened = _open(identity, data, raw, sender.sign_pub)
        seq = plan_seq(s, c, raw)
        if seq.epoch_status == "old":
            log_bundle(s, raw, c, name, "ignored", _old_epoch_message(c))
            return ImportResult(name, "ignored", _old_epoch_message(c), **info)
        plans = _plans(s, opened, c, authoritative=seq.epoch_status == "new")
        for table, plan in plans.items():
            write_plan(s, table, plan)
            if pause:
                _test_pause(s, pause)
        if sender.enrol:
            c.installation_id = m.sender.installation_id
            c.sign_public_key = m.sender.sign_pub
            c.box_public_key = m.sender.box_pub
        c.status = "active"
        c.epoch = m.epoch
        c.acked_seq = seq.watermark
        c.gaps = [list(g) for g in seq.gaps]
        stamp = now()
        c.last_bundle_at = stamp
        created = created_at(m.created_at)
        if c.last_data_at is None or created > c.last_data_at:
            c.last_data_at = created
        reason = "; ".join(p.code for p in seq.problems)
        log_bundle(s, raw, c, name, "applied", reason, counts=_counts(plans))
    message = _("Applied: {summary}").format(summary=_summary(plans))
    return ImportResult(
        name, "applied", message, tables=_counts(plans), problems=seq.problems, **info
    )


def _refused_by_database(exc: Exception) -> BundleRejected:
    detail = str(getattr(exc, "orig", exc)).splitlines()[0][:300]
    return BundleRejected(
        _(
            "The district's database refused the bundle's rows ({detail}); nothing from it was "
            "written. The commune's data may be inconsistent; ask the district's technician."
        ).format(detail=detail),
        "database-refused",
    )


def bundle_files(paths) -> list[Path]:
    """The bundle files named, or found in the named folders, sorted by name.

    A folder holding a stick's ``MOTCUA/`` mailbox is searched only in its
    outbox (the communes' data); the district's own replies in ``inbox`` and
    half-written ``*.partial`` files are never picked up.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if not p.is_dir():
            out.append(p)
            continue
        base = p / mailbox.MAILBOX_DIR / mailbox.OUTBOX if (p / mailbox.MAILBOX_DIR).is_dir() else p
        out.extend(
            sorted(
                (
                    f
                    for f in base.rglob("*" + mailbox.SUFFIX)
                    if f.is_file() and mailbox.INBOX not in f.relative_to(base).parts[:-1]
                ),
                key=lambda f: f.name,
            )  # fmt: skip
        )
    return out


def import_bundles(ctx: AppContext, paths, actor=None) -> list[ImportResult]:
    """Import each bundle (files or folders of them), one transaction each, in the given order.

    A bad bundle is quarantined with a reason and never half-applies; the
    others are still imported.
    """
    with ctx.db.session(readonly=True) as s:
        require_district(s)
    identity = load_or_create_identity(ctx)
    results = []
    for path in bundle_files(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            message = _("The file {name} cannot be read ({error}); copy it again.").format(
                name=path.name, error=exc.strerror or exc
            )
            results.append(ImportResult(path.name, "rejected", message, reason_code="unreadable"))
            continue
        try:
            raw = read_bundle(data)
            try:
                result = _apply(ctx, identity, data, raw, path.name)
            except (sa_exc.IntegrityError, sa_exc.DataError) as exc:
                raise _refused_by_database(exc) from exc
        except BundleRejected as exc:
            result = refuse(ctx, path, data, exc)
        log.info("district import %s: %s (%s) by %s", path.name, result.status,
                 result.reason_code, getattr(actor, "username", actor))  # fmt: skip
        results.append(result)
    return results
