"""Taking in a dossier (tiếp nhận hồ sơ): validation, numbering, due time, supplement, refusal.

Every outcome gets a dossier code from the same per-agency, per-day sequence,
so the receipt, the supplement request (form 02) and the refusal (form 03) can
all carry one. Only an accepted dossier gets a due time and a line in the
tracking book: book number "01/<year>" (one book per year) and a serial from
the per-year sequence "book:<year>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from motcua_desktop.domain.calendar import processing_text
from motcua_desktop.domain.codes import format_dossier_code
from motcua_desktop.domain.dossier import (
    Applicant,
    Channel,
    ComponentReceipt,
    DossierRecord,
    ResultDelivery,
    Status,
)
from motcua_desktop.domain.errors import (
    MissingComponents,
    MotcuaError,
    NotAllowed,
    ValidationError,
)
from motcua_desktop.domain.identity import validate_id_number
from motcua_desktop.domain.procedures import ComponentKind, Procedure
from motcua_desktop.domain.roles import Permission
from motcua_desktop.domain.text import fold, nfc
from motcua_desktop.i18n import _
from motcua_desktop.services import settings
from motcua_desktop.services.calendar import calendar_in
from motcua_desktop.services.catalogue import load_procedure
from motcua_desktop.services.codec import profile_from_dict
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.dossiers import to_record
from motcua_desktop.services.permissions import require
from motcua_desktop.services.users import UserInfo
from motcua_desktop.store.models import Dossier, DossierComponent, DossierEvent, now
from motcua_desktop.store.sequences import book_sequence_name, dossier_sequence_name, next_value

_PHONE_STRIP = re.compile(r"[\s.\-()]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


@dataclass(frozen=True)
class IntakeRequest:
    """What the intake form collects. No components means "as the catalogue lists them"."""

    procedure_code: str
    applicant: Applicant
    channel: Channel = Channel.IN_PERSON
    components: list[ComponentReceipt] = field(default_factory=list)
    sets_count: int = 1
    fee_vnd: int | None = None
    result_delivery: ResultDelivery = ResultDelivery.DESK
    owner_name: str = ""
    owner_address: str = ""
    note: str = ""
    received_at: datetime | None = None


def components_from_procedure(
    procedure: Procedure, missing: set[int] = frozenset()
) -> list[ComponentReceipt]:
    """The procedure's components as handed in; positions in ``missing`` (0-based) brought none."""
    out = []
    for i, spec in enumerate(procedure.components):
        n = 0 if i in missing else spec.count
        out.append(
            ComponentReceipt(
                name=spec.name,
                required=spec.required,
                originals=n if spec.kind == ComponentKind.ORIGINAL else 0,
                certified_copies=n if spec.kind == ComponentKind.CERTIFIED_COPY else 0,
                photocopies=n if spec.kind == ComponentKind.PHOTOCOPY else 0,
            )
        )
    return out


def phone_digits(phone: str) -> str:
    p = _PHONE_STRIP.sub("", phone)
    if p.startswith("+84"):
        p = p[3:]
    return p


def _check(s: Session, req: IntakeRequest) -> tuple[list[tuple[str, str]], Procedure | None]:
    problems: list[tuple[str, str]] = []
    procedure = None
    try:
        procedure = load_procedure(s, req.procedure_code)
    except MotcuaError as exc:
        problems.append(("procedure_code", exc.message))
    a = req.applicant
    if not a.name.strip():
        problems.append(("applicant.name", _("Enter the applicant's name.")))
    if a.id_number.strip():
        try:
            validate_id_number(a.id_number)
        except ValidationError as exc:
            problems.append(("applicant.id_number", exc.message))
    if a.phone.strip():
        digits = phone_digits(a.phone)
        if not digits.isdigit() or not 9 <= len(digits) <= 11:
            problems.append(
                ("applicant.phone", _("A phone number has 9 to 11 digits, such as 0912 345 678."))
            )
    if a.email.strip() and not _EMAIL.match(a.email.strip()):
        problems.append(("applicant.email", _("This is not an e-mail address.")))
    for i, c in enumerate(req.components):
        if min(c.originals, c.certified_copies, c.photocopies) < 0:
            problems.append((f"components[{i}]", _("The number of papers cannot be negative.")))
        if not c.name.strip():
            problems.append((f"components[{i}]", _("A component needs a name.")))
    if req.sets_count < 1:
        problems.append(("sets_count", _("At least one set of papers is needed.")))
    if req.fee_vnd is not None and req.fee_vnd < 0:
        problems.append(("fee_vnd", _("The fee cannot be negative.")))
    if req.received_at is not None and req.received_at.tzinfo is not None:
        problems.append(("received_at", _("The time received must be a local time.")))
    try:
        Channel(req.channel)
    except ValueError:
        problems.append(("channel", _("Unknown channel.")))
    return problems, procedure


def validate(ctx: AppContext, req: IntakeRequest) -> list[tuple[str, str]]:
    """Every problem of the request as (field, message); empty when it can be saved."""
    with ctx.db.session(readonly=True) as s:
        return _check(s, req)[0]


def preview_due(
    ctx: AppContext, procedure_code: str, received_at: datetime | None = None
) -> datetime:
    """The appointment a dossier of this procedure received at ``received_at`` would get."""
    with ctx.db.session(readonly=True) as s:
        procedure = load_procedure(s, procedure_code)
        return calendar_in(s).due_at(received_at or now(), procedure.processing)


def book_entry(s: Session, accepted_at: datetime) -> tuple[str, int]:
    """The tracking-book line of a dossier accepted at ``accepted_at``: ("01/<year>", serial)."""
    return f"01/{accepted_at.year}", next_value(s, book_sequence_name(accepted_at.year))


def _save(
    ctx: AppContext,
    req: IntakeRequest,
    actor: UserInfo,
    *,
    status: Status,
    event_kind: str,
    reason: str = "",
    event_data: dict | None = None,
    need_components: bool = False,
) -> DossierRecord:
    with ctx.db.session(actor=actor) as s:
        problems, procedure = _check(s, req)
        if problems:
            field_name, message = problems[0]
            raise ValidationError(message, field=field_name)
        assert procedure is not None
        profile_data = settings.read(s, "profile")
        if not profile_data:
            raise NotAllowed(_("Set up the commune before taking in dossiers."))
        profile = profile_from_dict(profile_data)
        components = list(req.components) or components_from_procedure(procedure)
        missing = [c.name for c in components if c.missing]
        if need_components and missing:
            raise MissingComponents(
                _("Required components were not handed in: {names}.").format(
                    names="; ".join(missing)
                ),
                missing,
            )
        received = (req.received_at or now()).replace(microsecond=0)
        seq = next_value(s, dossier_sequence_name(profile.agency_code, received.strftime("%y%m%d")))
        code = format_dossier_code(profile.agency_code, received.date(), seq)
        accepted = status == Status.ACCEPTED
        due = calendar_in(s).due_at(received, procedure.processing) if accepted else None
        book_number, book_serial = book_entry(s, received) if accepted else ("", 0)
        a = req.applicant
        applicant = Applicant(
            name=nfc(" ".join(a.name.split())),
            id_number=a.id_number.strip().replace(" ", "").replace(".", "").upper(),
            phone=a.phone.strip(),
            address=nfc(a.address.strip()),
            email=a.email.strip(),
        )
        p = procedure.processing
        row = Dossier(
            code=code,
            agency_code=profile.agency_code,
            procedure_code=procedure.code,
            procedure_name=procedure.name,
            field_name=procedure.field,
            status=int(status),
            channel=int(req.channel),
            applicant_name=applicant.name,
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_address=applicant.address,
            applicant_email=applicant.email,
            owner_name=nfc(req.owner_name.strip()),
            owner_address=nfc(req.owner_address.strip()),
            received_at=received,
            due_at=due,
            original_due_at=due,
            processing_unit=str(p.unit),
            processing_amount=p.amount,
            processing_cutoff=p.cutoff.strftime("%H:%M") if p.cutoff else None,
            processing_text=processing_text(p),
            handling_unit=str((procedure.extra or {}).get("handling_unit") or profile.commune_name),
            sets_count=req.sets_count,
            fee_vnd=procedure.fee_vnd if req.fee_vnd is None else req.fee_vnd,
            result_delivery=str(ResultDelivery(req.result_delivery)),
            note=nfc(req.note.strip()),
            reason=nfc(reason.strip()),
            book_number=book_number,
            book_serial=book_serial,
            search_text=fold(
                " ".join(
                    (
                        code,
                        applicant.name,
                        applicant.id_number,
                        applicant.phone,
                        phone_digits(applicant.phone),
                        applicant.address,
                    )
                )
            ),
            created_by=actor.id,
        )
        s.add(row)
        s.flush()
        for i, c in enumerate(components, start=1):
            s.add(
                DossierComponent(
                    dossier_id=row.id,
                    position=i,
                    name=nfc(c.name.strip()),
                    required=c.required,
                    originals=c.originals,
                    certified_copies=c.certified_copies,
                    photocopies=c.photocopies,
                    created_by=actor.id,
                )
            )
        data = dict(event_data or {})
        if missing:
            data.setdefault("missing", missing)
        s.add(
            DossierEvent(
                dossier_id=row.id,
                at=received,
                actor=actor.id,
                kind=event_kind,
                from_status=None,
                to_status=int(status),
                note=nfc(reason.strip()),
                data=data or None,
                created_by=actor.id,
            )
        )
        s.flush()
        record = to_record(s, row)
        if event_data:
            record.extra.update(event_data)
        return record


def accept(ctx: AppContext, req: IntakeRequest, actor: UserInfo) -> DossierRecord:
    """Accept a complete dossier: code, due time, tracking-book entry, "received" event."""
    require(actor, Permission.INTAKE)
    return _save(
        ctx, req, actor, status=Status.ACCEPTED, event_kind="received", need_components=True
    )


def request_supplement(
    ctx: AppContext,
    req: IntakeRequest,
    reason: str,
    actor: UserInfo,
    contact_name: str = "",
    contact_phone: str = "",
) -> DossierRecord:
    """Record an incomplete dossier sent back for supplementing (form 02); no due time."""
    require(actor, Permission.INTAKE)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the supplement request."), field="reason")
    return _save(
        ctx,
        req,
        actor,
        status=Status.SUPPLEMENT_REQUESTED,
        event_kind="supplement_requested",
        reason=reason,
        event_data={
            "reason": nfc(reason.strip()),
            "contact_name": nfc(contact_name.strip() or actor.full_name),
            "contact_phone": contact_phone.strip(),
        },
    )


def refuse(ctx: AppContext, req: IntakeRequest, reason: str, actor: UserInfo) -> DossierRecord:
    """Record a dossier the desk will not take in (form 03), with the reason."""
    require(actor, Permission.INTAKE)
    if not reason.strip():
        raise ValidationError(_("Give the reason for refusing the dossier."), field="reason")
    return _save(
        ctx,
        req,
        actor,
        status=Status.NOT_ACCEPTED,
        event_kind="refused",
        reason=reason,
        event_data={"reason": nfc(reason.strip())},
    )
