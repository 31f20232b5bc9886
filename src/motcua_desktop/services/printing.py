"""Printing the legal slips: render the PDF, keep it under the data folder, record it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import func, select

from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.errors import NotAllowed, NotFound, StorageError, ValidationError
from motcua_desktop.i18n import _
from motcua_desktop.services import settings
from motcua_desktop.services.codec import profile_from_dict
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.dossiers import find_row, to_record
from motcua_desktop.services.users import UserInfo
from motcua_desktop.store.models import DocumentRow, Dossier, DossierEvent, now


class SlipKind(StrEnum):
    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    REFUSAL = "refusal"


# Which dossier states each slip may be printed for.
_ALLOWED = {
    SlipKind.RECEIPT: {
        Status.ACCEPTED,
        Status.PROCESSING,
        Status.AWAITING_PAYMENT,
        Status.FINISHED,
        Status.RESULT_RETURNED,
        Status.STOPPED,
        Status.WITHDRAWN,
    },
    SlipKind.SUPPLEMENT: {Status.SUPPLEMENT_REQUESTED},
    SlipKind.REFUSAL: {Status.NOT_ACCEPTED},
}


@dataclass(frozen=True)
class PrintedDocument:
    id: str
    dossier_code: str
    kind: str
    path: Path
    sha256: str
    template_version: str
    created_at: datetime


def write_atomically(path: Path, data: bytes) -> None:
    """Temp file, fsync, rename: a power cut leaves either the old state or the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            _("The document could not be saved to {path}: {error}").format(
                path=path, error=exc.strerror or exc
            )
        ) from exc
    if hasattr(os, "O_DIRECTORY"):
        # Make the rename itself durable (POSIX); Windows has no directory fsync.
        fd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _last_event_data(s, dossier_id: str, kind: str) -> dict:
    event = s.scalar(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id, DossierEvent.kind == kind)
        .order_by(DossierEvent.at.desc())
        .limit(1)
    )
    return dict(event.data or {}) if event else {}


def print_slip(
    ctx: AppContext,
    code: str,
    kind: str,
    actor: UserInfo,
    *,
    paper: str | None = None,
    copies: int | None = None,
) -> PrintedDocument:
    """Render slip ``kind`` of dossier ``code`` and keep it as
    ``<data>/documents/<yyyy>/<mm>/<code>-<kind>-<n>.pdf`` with a ``documents`` row and an event."""
    # ReportLab is imported here, not at module load: it costs a quarter of a
    # second that the start-up path should not pay (see warm_up).
    from motcua_desktop.documents import (
        TEMPLATE_VERSIONS,
        render_receipt,
        render_refusal,
        render_supplement_request,
    )

    try:
        kind = SlipKind(kind)
    except ValueError:
        raise ValidationError(
            _("Unknown slip {kind}; use receipt, supplement or refusal.").format(kind=kind),
            field="kind",
        ) from None
    with ctx.db.session(readonly=True) as s:
        row = find_row(s, code)
        record = to_record(s, row)
        profile_data = settings.read(s, "profile")
        if not profile_data:
            raise NotAllowed(_("Set up the commune before printing."))
        profile = profile_from_dict(profile_data)
        if record.status not in _ALLOWED[kind]:
            raise NotAllowed(
                _(
                    "A {kind} slip cannot be printed for dossier {code} in its current state."
                ).format(kind=kind.value, code=record.code)
            )
        supplement = _last_event_data(s, row.id, "supplement_requested")
        earlier = s.scalar(
            select(func.count())
            .select_from(DocumentRow)
            .where(DocumentRow.dossier_id == row.id, DocumentRow.kind == kind.value)
        )
    paper = paper or profile.receipt_paper
    if paper not in ("A4", "A5"):
        raise ValidationError(_("The paper must be A4 or A5."), field="paper")
    if kind is SlipKind.RECEIPT:
        copies = copies or profile.receipt_copies
        pdf = render_receipt(profile, record, paper=paper, copies=copies)
    elif kind is SlipKind.SUPPLEMENT:
        pdf = render_supplement_request(
            profile,
            record,
            missing=[c for c in record.components if c.missing],
            reason=supplement.get("reason") or record.reason,
            contact_name=supplement.get("contact_name", ""),
            contact_phone=supplement.get("contact_phone", "") or profile.phone,
            paper=paper,
        )
    else:
        pdf = render_refusal(profile, record, reason=record.reason, paper=paper)

    issued = now()
    folder = ctx.documents_dir / f"{issued:%Y}" / f"{issued:%m}"
    n = (earlier or 0) + 1
    path = folder / f"{record.code}-{kind.value}-{n}.pdf"
    while path.exists():  # another desk printed the same slip meanwhile
        n += 1
        path = folder / f"{record.code}-{kind.value}-{n}.pdf"
    write_atomically(path, pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    template = TEMPLATE_VERSIONS[kind.value]
    with ctx.db.session() as s:
        doc = DocumentRow(
            dossier_id=record.id,
            kind=kind.value,
            template_version=template,
            path=path.relative_to(ctx.data_dir).as_posix(),
            sha256=digest,
            size=len(pdf),
            created_by=actor.id,
            created_at=issued,
        )
        s.add(doc)
        s.flush()
        s.add(
            DossierEvent(
                dossier_id=record.id,
                at=issued,
                actor=actor.id,
                kind="printed",
                note="",
                data={"document_id": doc.id, "slip": kind.value, "paper": paper, "copies": copies},
                created_by=actor.id,
            )
        )
        doc_id = doc.id
    return PrintedDocument(doc_id, record.code, kind.value, path, digest, template, issued)


def warm_up() -> None:
    """Import the PDF layer and register its fonts, so the first receipt prints at full speed.

    The GUI runs this on the database worker once the main window is showing.
    """
    from motcua_desktop.documents.fonts import register_fonts

    register_fonts()


def _printed(ctx: AppContext, doc: DocumentRow, code: str) -> PrintedDocument:
    return PrintedDocument(
        id=doc.id,
        dossier_code=code,
        kind=doc.kind,
        path=ctx.data_dir / doc.path,
        sha256=doc.sha256,
        template_version=doc.template_version,
        created_at=doc.created_at,
    )


def list_documents(ctx: AppContext, code: str) -> list[PrintedDocument]:
    """Every slip printed for the dossier, oldest first."""
    with ctx.db.session(readonly=True) as s:
        row = find_row(s, code)
        docs = s.scalars(
            select(DocumentRow)
            .where(DocumentRow.dossier_id == row.id)
            .order_by(DocumentRow.created_at, DocumentRow.path)
        )
        return [_printed(ctx, d, row.code) for d in docs]


def document_path(ctx: AppContext, document_id: str) -> Path:
    """The stored PDF of a printed slip, for reprinting exactly what was handed out."""
    with ctx.db.session(readonly=True) as s:
        doc = s.get(DocumentRow, document_id)
        if doc is None:
            raise NotFound(_("There is no printed document {id}.").format(id=document_id))
        path = ctx.data_dir / doc.path
    if not path.exists():
        raise NotFound(_("The file of this document is missing: {path}.").format(path=path))
    return path


def all_documents(ctx: AppContext) -> list[tuple[str, Path, str]]:
    """(dossier code, absolute path, sha256) of every stored document; used by the doctor."""
    with ctx.db.session(readonly=True) as s:
        rows = s.execute(
            select(Dossier.code, DocumentRow.path, DocumentRow.sha256).join(
                Dossier, Dossier.id == DocumentRow.dossier_id
            )
        ).all()
    return [(c, ctx.data_dir / p, h) for c, p, h in rows]
