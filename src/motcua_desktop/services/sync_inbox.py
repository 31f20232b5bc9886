"""Taking in what the district sent: verify every file, preview it, then apply acks and config at once."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _, format_number
from motcua_desktop.services import settings
from motcua_desktop.services.catalogue import version_key
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.sync_config import apply_config, config_versions, describe_config
from motcua_desktop.services.sync_results import ImportResult
from motcua_desktop.services.sync_state import District, acked_seq, current_epoch, district_in, seen
from motcua_desktop.store.models import BundleLog, Change, now
from motcua_desktop.sync import mailbox
from motcua_desktop.sync.bundle import RawBundle, open_bundle, read_bundle
from motcua_desktop.sync.downlink import Ack, ConfigUpdate
from motcua_desktop.sync.keys import Identity, load_or_create_identity
from motcua_desktop.sync.state import ACKED_SEQ, set_state

log = logging.getLogger(__name__)


@dataclass
class _Incoming:
    """One file and what it would do; ``status`` new | duplicate | ignored | rejected."""

    path: Path
    sha256: str = ""
    raw: RawBundle | None = None
    body: Ack | ConfigUpdate | None = None
    status: str = "new"
    message: str = ""
    reason_code: str = ""
    changes: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return self.raw.manifest.kind if self.raw else ""

    def result(self, status: str | None = None) -> ImportResult:
        return ImportResult(
            self.path.name,
            self.kind,
            status or self.status,
            self.message,
            self.changes,
            self.reason_code,
        )


def inbox_files(source: str | Path, agency: str) -> list[Path]:
    """The bundle files of this commune's inbox under a mailbox root, or ``source`` if a file."""
    source = Path(source)
    if source.is_file():
        return [source]
    return mailbox.list_bundles(mailbox.inbox_dir(source, agency))


def _agency(s: Session) -> str:
    return str((settings.read(s, "profile") or {}).get("agency_code") or "")


def check_district_templates(part) -> None:
    """Refuse a config bundle whose survey or checklist templates cannot be used.

    Applying it would leave the desk on the old forms without saying why; the
    district must correct the template (the message names the field).
    """
    if not part:
        return
    from motcua_desktop.domain.checklist_template import BODY_KIND, TemplateError
    from motcua_desktop.domain.checklist_template import parse_template as parse_checklist
    from motcua_desktop.domain.survey_template import TemplateError as SurveyTemplateError
    from motcua_desktop.services.survey_templates import district_templates

    try:
        district_templates(part)
        for name, body in sorted((part.get("items") or {}).items()):
            if isinstance(body, dict) and body.get("kind") == BODY_KIND:
                parse_checklist(body, str(name), origin="district")
    except (TemplateError, SurveyTemplateError) as exc:
        raise BundleRejected(
            _("The district's templates cannot be used: {error}").format(error=exc), "bad-template"
        ) from None


def _reject(item: _Incoming, exc: BundleRejected) -> _Incoming:
    item.status, item.message, item.reason_code = "rejected", exc.message, exc.reason_code
    return item


def _read(path: Path, me: Identity, district: District | None, s: Session) -> _Incoming:
    """Verify and decode one file; nothing is written."""
    item = _Incoming(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _reject(
            item,
            BundleRejected(
                _("The file cannot be read: {error}").format(error=exc.strerror or exc), "io"
            ),
        )
    try:
        item.raw = read_bundle(data)
        item.sha256 = item.raw.sha256
        m = item.raw.manifest
        if m.kind not in ("ack", "config"):
            raise BundleRejected(
                _("This is not a reply from the district (it is a {kind} file).").format(
                    kind=m.kind
                ),
                "not-for-commune",
            )
        if district is None:
            raise BundleRejected(
                _(
                    "This commune has not been set up from the district's provisioning file, "
                    "so the district's signature cannot be checked."
                ),
                "unknown-sender",
            )
        manifest, plain = open_bundle(data, my_identity=me, sender_sign_pub_b64=district.sign_pub)
        item.body = (
            Ack.from_payload(plain) if manifest.kind == "ack" else ConfigUpdate.from_payload(plain)
        )
        if isinstance(item.body, ConfigUpdate):
            check_district_templates(item.body.templates)
    except BundleRejected as exc:
        return _reject(item, exc)
    if seen(s, item.sha256) is not None:
        item.status, item.message = "duplicate", _("Already applied earlier; nothing changes.")
    return item


def _order(item: _Incoming) -> tuple:
    # Acks lowest first, config oldest first: out-of-order files end in the right state.
    if isinstance(item.body, Ack):
        return (0, item.body.acked_seq, ())
    if isinstance(item.body, ConfigUpdate):
        return (1, 0, version_key(item.body.config_version))
    return (2, 0, ())


def _plan(s: Session, items: list[_Incoming]) -> list[_Incoming]:
    """Decide, in order, what each verified file does; later files see earlier ones' effects."""
    epoch = current_epoch(s)
    watermark = acked_seq(s)
    top = int(s.scalar(select(func.max(Change.seq))) or 0)
    versions = config_versions(s)
    for item in sorted((i for i in items if i.status == "new"), key=_order):
        body = item.body
        if isinstance(body, Ack):
            if body.epoch != epoch:
                item.status = "ignored"
                item.message = _(
                    "This confirmation is for an earlier copy of this database (before a "
                    "restore); the district will confirm the new data separately."
                )
            elif body.acked_seq > top:
                item.status = "ignored"
                item.message = _(
                    "The district confirms changes up to {n}, more than this computer has ever "
                    "made ({top}); nothing changes. Was a backup restored without telling the "
                    "district?"
                ).format(n=format_number(body.acked_seq), top=format_number(top))
            elif body.acked_seq < watermark:
                item.status = "ignored"
                item.message = _(
                    "An older confirmation (up to change {n}); the district has already confirmed "
                    "up to {watermark}. Nothing changes."
                ).format(n=format_number(body.acked_seq), watermark=format_number(watermark))
            else:
                item.message = _("The district confirms every change up to {n}.").format(
                    n=format_number(body.acked_seq)
                )
                gaps = ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in body.gaps)
                if gaps:
                    item.changes = (
                        _("The district is missing changes {ranges}; they go in the next bundle.")
                        .format(ranges=gaps),
                    )  # fmt: skip
                watermark = body.acked_seq
        elif isinstance(body, ConfigUpdate):
            lines, newer = describe_config(s, body, versions)
            if not newer:
                item.status = "ignored"
                item.message = _(
                    "Settings version {version} are not newer than those in use; ignored."
                ).format(version=body.config_version)
            else:
                item.message = _("New settings from the district (version {version}).").format(
                    version=body.config_version
                )
                item.changes = tuple(lines)
                versions = {**versions, **newer}
    return items


def _gather(ctx: AppContext, s: Session, source, agency: str | None = None) -> list[_Incoming]:
    me = load_or_create_identity(ctx)
    district = district_in(s)
    paths = source if isinstance(source, list) else inbox_files(source, agency or _agency(s))
    return _plan(s, [_read(Path(p), me, district, s) for p in paths])


def preview_inbox(ctx: AppContext, source_root: str | Path) -> list[ImportResult]:
    """What the district's files in the mailbox would do, without changing anything."""
    load_or_create_identity(ctx)  # may write (first run); not inside the read-only session
    with ctx.db.session(readonly=True) as s:
        return [i.result() for i in _gather(ctx, s, source_root)]


def import_inbox(ctx: AppContext, source_root: str | Path, actor) -> list[ImportResult]:
    """Apply the district's acks and config found under a mailbox root, in one transaction."""
    require(actor, Permission.SYNC)
    return _import(ctx, source_root, actor)


def import_files(ctx: AppContext, paths: Iterable[str | Path], actor) -> list[ImportResult]:
    """The same for bundle files named one by one (``motcua import FILE…``)."""
    require(actor, Permission.SYNC)
    return _import(ctx, [Path(p) for p in paths], actor)


def _import(ctx: AppContext, source, actor) -> list[ImportResult]:
    load_or_create_identity(ctx)
    results = []
    with ctx.db.session(actor=actor) as s:
        items = _gather(ctx, s, source)
        district = district_in(s)
        if any(i.status == "new" and i.kind == "config" for i in items):
            # A copy from before the district's changes (docs/operations.md): the online
            # backup reads the last committed state beside this unwritten transaction.
            from motcua_desktop.services.backup import backup_now

            backup_now(ctx, "pre-config")
        for item in items:
            if item.status == "new":
                _apply(s, item, district, ctx.data_dir, actor)
                item = replace(item, status="applied")
            elif item.status in ("ignored", "rejected"):
                _log_once(s, item, district)
            results.append(item.result())
    for r in results:
        log.info("incoming %s %s: %s (%s)", r.kind or "file", r.file_name, r.status, r.reason_code)
    return results


def _log_row(item: _Incoming, district: District | None, status: str, **kw) -> BundleLog:
    m = item.raw.manifest if item.raw else None
    return BundleLog(
        direction="in",
        kind=m.kind if m else "",
        bundle_id=m.bundle_id[:36] if m else "",
        sender_id=m.sender.installation_id[:36] if m else "",
        recipient_id=m.recipient.installation_id[:36] if m else "",
        epoch=m.epoch[:36] if m else "",
        seq_from=m.seq_from if m else 0,
        seq_to=m.seq_to if m else 0,
        sha256=item.sha256,
        file_name=item.path.name,
        status=status,
        at=now(),
        **kw,
    )


def _log_once(s: Session, item: _Incoming, district: District | None) -> None:
    """Record a rejected or ignored file once; seeing it again on the stick adds nothing."""
    if item.sha256:
        known = s.scalar(
            select(BundleLog.id).where(
                BundleLog.direction == "in",
                BundleLog.sha256 == item.sha256,
                BundleLog.status == item.status,
            )
        )
        if known is not None:
            return
    s.add(_log_row(item, district, item.status, reason=item.message))


def _apply(s: Session, item: _Incoming, district: District | None, data_dir: Path, actor) -> None:
    body = item.body
    if isinstance(body, Ack):
        set_state(s, ACKED_SEQ, body.acked_seq)
        s.execute(
            update(BundleLog)
            .where(
                BundleLog.direction == "out",
                BundleLog.kind == "data",
                BundleLog.status == "written",
                BundleLog.epoch == body.epoch,
                BundleLog.seq_to <= body.acked_seq,
            )
            .values(status="acked")
        )
        counts = {"acked_seq": body.acked_seq, "gaps": [list(g) for g in body.gaps]}
        row = _log_row(item, district, "applied", counts=counts)
        row.seq_to = body.acked_seq
        s.add(row)
    else:
        assert isinstance(body, ConfigUpdate)
        versions = apply_config(s, body, data_dir, getattr(actor, "id", None))
        s.add(_log_row(item, district, "applied", counts=versions))
