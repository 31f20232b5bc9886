"""Printing the legal slips: render the PDF, keep it under the data folder, record it."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import func, select

from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.errors import NotAllowed, NotFound, StorageError, ValidationError
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _
from motcua_desktop.services import export_log, printing_lifecycle, settings
from motcua_desktop.services.codec import profile_from_dict
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.dossiers import find_row, to_record
from motcua_desktop.services.permissions import require
from motcua_desktop.services.users import UserInfo
from motcua_desktop.store.models import DocumentRow, Dossier, DossierEvent, now

log = logging.getLogger(__name__)
BOOK_BATCH = 500  # rows fetched at a time for the tracking book


class SlipKind(StrEnum):
    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    REFUSAL = "refusal"
    APOLOGY = "apology"  # form 04, from the latest extension letter
    STOP = "stop"  # form 05
    CONTROL_SHEET = "control_sheet"  # form 06


# Who may print a slip: the desk's slips go with intake, the letters and the control
# sheet with processing (an ISO secretary reads the register, not citizens' slips).
SLIP_PERMISSION = {
    SlipKind.RECEIPT: Permission.INTAKE,
    SlipKind.SUPPLEMENT: Permission.INTAKE,
    SlipKind.REFUSAL: Permission.INTAKE,
    SlipKind.APOLOGY: Permission.PROCESS,
    SlipKind.STOP: Permission.PROCESS,
    SlipKind.CONTROL_SHEET: Permission.PROCESS,
}


_ACCEPTED = {
    Status.ACCEPTED,
    Status.PROCESSING,
    Status.AWAITING_PAYMENT,
    Status.FINISHED,
    Status.RESULT_RETURNED,
    Status.STOPPED,
    Status.WITHDRAWN,
}
# Which dossier states each slip may be printed for.
_ALLOWED = {
    SlipKind.RECEIPT: _ACCEPTED,
    SlipKind.SUPPLEMENT: {Status.SUPPLEMENT_REQUESTED},
    SlipKind.REFUSAL: {Status.NOT_ACCEPTED},
    SlipKind.APOLOGY: _ACCEPTED,  # and only with an extension letter
    SlipKind.STOP: {Status.STOPPED},
    # Also a dossier paused for a supplement during processing (it has a book line).
    SlipKind.CONTROL_SHEET: _ACCEPTED | {Status.SUPPLEMENT_REQUESTED},
}
# Letters and the control sheet are A4 unless asked otherwise; intake slips follow the profile.
_A4_DEFAULT = {SlipKind.APOLOGY, SlipKind.STOP, SlipKind.CONTROL_SHEET}


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
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise _write_error(path, exc) from exc
    if hasattr(os, "O_DIRECTORY"):
        # Make the rename itself durable (POSIX); Windows has no directory fsync.
        fd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_error(path: Path, exc: OSError) -> StorageError:
    """A clerk-ready reason why a document could not be saved (disk full, read-only folder)."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        message = _(
            "The disk is full, so the document {path} could not be saved. Free some disk "
            "space, then print again."
        )
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        message = _(
            "The folder of {path} cannot be written (it is read-only or access is denied), so "
            "the document was not saved."
        )
    else:
        return StorageError(
            _("The document could not be saved to {path}: {error}").format(
                path=path, error=exc.strerror or exc
            )
        )
    return StorageError(message.format(path=path))


def _last_event_data(s, dossier_id: str, kind: str) -> dict:
    event = s.scalar(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id, DossierEvent.kind == kind)
        .order_by(DossierEvent.at.desc())
        .limit(1)
    )
    return dict(event.data or {}) if event else {}


def _slip_kind(kind: str) -> SlipKind:
    try:
        return SlipKind(str(kind).replace("-", "_"))
    except ValueError:
        raise ValidationError(
            _(
                "Unknown slip {kind}; use receipt, supplement, refusal, apology, stop or "
                "control_sheet."
            ).format(kind=kind),
            field="kind",
        ) from None


def _read_profile(s) -> CommuneProfile:
    profile_data = settings.read(s, "profile")
    if not profile_data:
        raise NotAllowed(_("Set up the commune before printing."))
    return profile_from_dict(profile_data)


def _intake_renderer(s, kind: SlipKind, row: Dossier, record, profile, copies):
    """Forms 01-03: what the intake desk hands out."""
    from motcua_desktop.documents import (
        render_receipt,
        render_refusal,
        render_supplement_request,
    )

    if kind is SlipKind.RECEIPT:
        count = copies or profile.receipt_copies
        return lambda paper: render_receipt(profile, record, paper=paper, copies=count)
    if kind is SlipKind.SUPPLEMENT:
        supplement = _last_event_data(s, row.id, "supplement_requested")
        return lambda paper: render_supplement_request(
            profile,
            record,
            missing=[c for c in record.components if c.missing],
            reason=supplement.get("reason") or record.reason,
            contact_name=supplement.get("contact_name", ""),
            contact_phone=supplement.get("contact_phone", "") or profile.phone,
            paper=paper,
        )
    return lambda paper: render_refusal(profile, record, reason=record.reason, paper=paper)


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
    ``<data>/documents/<yyyy>/<mm>/<code>-<kind>-<n>.pdf`` with a ``documents`` row and an event.

    ``apology`` prints the latest extension letter (NotAllowed without one),
    ``stop`` needs a stopped dossier, ``control_sheet`` any accepted one.
    Letters and the control sheet default to A4, the intake slips to the
    profile's receipt paper.
    """
    # ReportLab is imported only inside the renderers, not at module load: it
    # costs a quarter of a second that the start-up path should not pay (see warm_up).
    from motcua_desktop.documents import TEMPLATE_VERSIONS

    kind = _slip_kind(kind)
    require(actor, SLIP_PERMISSION[kind])
    with ctx.db.session(readonly=True) as s:
        row = find_row(s, code)
        record = to_record(s, row)
        profile = _read_profile(s)
        if record.status not in _ALLOWED[kind]:
            raise NotAllowed(
                _(
                    "A {kind} slip cannot be printed for dossier {code} in its current state."
                ).format(kind=kind.value, code=record.code)
            )
        if kind is SlipKind.APOLOGY:
            render = printing_lifecycle.apology(s, row, record, profile, actor)
        elif kind is SlipKind.STOP:
            render = printing_lifecycle.stop_notice(s, row, record, profile, actor)
        elif kind is SlipKind.CONTROL_SHEET:
            render = printing_lifecycle.control_sheet(s, row, record, profile, actor)
        else:
            render = _intake_renderer(s, kind, row, record, profile, copies)
        earlier = s.scalar(
            select(func.count())
            .select_from(DocumentRow)
            .where(DocumentRow.dossier_id == row.id, DocumentRow.kind == kind.value)
        )
    paper = paper or ("A4" if kind in _A4_DEFAULT else profile.receipt_paper)
    if paper not in ("A4", "A5"):
        raise ValidationError(_("The paper must be A4 or A5."), field="paper")
    if kind is SlipKind.RECEIPT:
        copies = copies or profile.receipt_copies
    pdf = render(paper)

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
        # Slips carry the applicant's full name and ID number: the export log records them.
        export_log.log_export(
            s, kind=f"{export_log.SLIP}:{kind.value}", file=path.name, dossiers=1,
            table_name=Dossier.__tablename__, row_id=record.id, actor=actor, stamp=issued,
        )  # fmt: skip
    return PrintedDocument(doc_id, record.code, kind.value, path, digest, template, issued)


def _book_rows(s, date_from: date, date_to: date) -> Iterator:
    """The period's book lines as ``documents.BookRow``, streamed from the database."""
    from motcua_desktop.documents.tracking_book import BookRow

    start = datetime.combine(date_from, time.min)
    end = datetime.combine(date_to + timedelta(days=1), time.min)
    d = Dossier
    result = s.execute(
        select(
            d.book_serial,
            d.code,
            d.procedure_name,
            d.applicant_name,
            d.applicant_address,
            d.applicant_phone,
            d.handling_unit,
            d.received_at,
            d.due_at,
            d.returned_at,
            d.return_method,
            d.result_delivery,
            d.returned_to,
        )
        .where(d.received_at >= start, d.received_at < end, d.book_serial > 0)
        .order_by(d.received_at, d.code)
        .execution_options(yield_per=BOOK_BATCH)
    )
    for r in result:
        yield BookRow(
            serial=r.book_serial,
            code=r.code,
            procedure_name=r.procedure_name,
            applicant_name=r.applicant_name,
            address=r.applicant_address or "",
            phone=r.applicant_phone or "",
            handling_unit=r.handling_unit or "",
            received_at=r.received_at,
            due_at=r.due_at,
            returned_at=r.returned_at,
            delivery=(r.return_method if r.returned_at else None) or r.result_delivery or "",
            collected_by=(r.returned_to or "") if r.returned_at else "",
        )


def print_book(
    ctx: AppContext,
    date_from: date,
    date_to: date,
    actor: UserInfo,
    *,
    output: Path | None = None,
) -> Path:
    """Form 07 for the dossiers received from ``date_from`` to ``date_to`` (both included),
    ordered by time received then code.

    Kept as ``<data>/documents/books/so-theo-doi-<from>-<to>-<n>.pdf``, or
    written to ``output``. Rows stream from the database into the PDF, so a
    year of a busy commune needs no more memory than a page.
    """
    from motcua_desktop.documents.tracking_book import render_tracking_book

    require(actor, Permission.REPORTS)
    if date_to < date_from:
        raise ValidationError(
            _("The period ends ({end}) before it starts ({start}).").format(
                start=date_from.isoformat(), end=date_to.isoformat()
            ),
            field="date_to",
        )
    lines = [0]

    def counted(rows):
        for row in rows:
            lines[0] += 1
            yield row

    with ctx.db.session(readonly=True) as s:
        profile = _read_profile(s)
        pdf = render_tracking_book(
            profile,
            counted(_book_rows(s, date_from, date_to)),
            date_from=date_from,
            date_to=date_to,
        )
    if output is None:
        folder = ctx.documents_dir / "books"
        stem = f"so-theo-doi-{date_from.isoformat()}-{date_to.isoformat()}"
        n = 1
        while (folder / f"{stem}-{n}.pdf").exists():
            n += 1
        output = folder / f"{stem}-{n}.pdf"
    write_atomically(Path(output), pdf)
    log.info("tracking book %s..%s printed by %s to %s", date_from, date_to, actor.username, output)
    export_log.log_export_now(
        ctx, actor, kind=export_log.TRACKING_BOOK, file=Path(output).name, dossiers=lines[0],
        extra={"from": date_from.isoformat(), "to": date_to.isoformat()},
    )  # fmt: skip
    return Path(output)


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
