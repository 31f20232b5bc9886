"""Lifecycle steps that move the clock: supplement pause, payment pause, extension letter."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.calendar import WorkingCalendar
from motcua_desktop.domain.dossier import DossierRecord, Status
from motcua_desktop.domain.errors import MotcuaError, ValidationError
from motcua_desktop.domain.lifecycle import Action, resume_due
from motcua_desktop.domain.procedures import ComponentKind, ProcessingTime, TimeUnit
from motcua_desktop.domain.text import nfc
from motcua_desktop.i18n import _
from motcua_desktop.services import settings
from motcua_desktop.services.catalogue import load_procedure
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.intake import book_entry
from motcua_desktop.services.lifecycle_core import TIME_FORMAT, Step, act, iso, required
from motcua_desktop.services.lifecycle_queries import PAYMENT_PAUSES_CLOCK
from motcua_desktop.services.users import UserInfo
from motcua_desktop.store.models import Dossier, DossierComponent, Extension
from motcua_desktop.store.sequences import next_value


def request_supplement(
    ctx: AppContext,
    code: str,
    actor: UserInfo,
    *,
    missing: list[str],
    reason: str,
    contact_name: str = "",
    contact_phone: str = "",
    at: datetime | None = None,
) -> DossierRecord:
    """Ask for a supplement during processing (form 02): the clock stops until resubmission."""
    why = required(reason, "reason", _("Give the reason for the supplement request."))

    def body(step: Step) -> tuple[str, dict]:
        row = step.row
        row.paused_at = step.at
        row.supplement_count = (row.supplement_count or 0) + 1
        row.reason = why
        return why, {
            "reason": why,
            "missing": [nfc(m.strip()) for m in missing if m and m.strip()],
            "contact_name": nfc(contact_name.strip() or step.actor.full_name),
            "contact_phone": contact_phone.strip(),
            "due_at": iso(row.due_at),
        }

    return act(ctx, code, actor, Action.REQUEST_SUPPLEMENT, at, body)


def _resume(step: Step) -> dict:
    """Run the clock again: move the due time by the working time it stood still."""
    row = step.row
    paused_from = row.paused_at
    if paused_from is None:
        return {}
    paused_for = step.cal.working_time_between(paused_from, step.at)
    previous = row.due_at
    if previous is not None:
        row.due_at = resume_due(previous, paused_from, step.at, step.cal)
    row.paused_minutes = (row.paused_minutes or 0) + int(paused_for.total_seconds() // 60)
    row.paused_at = None
    return {
        "paused_from": iso(paused_from),
        "paused_seconds": int(paused_for.total_seconds()),
        "previous_due_at": iso(previous),
        "new_due_at": iso(row.due_at),
    }


def _processing(row: Dossier) -> ProcessingTime:
    cutoff = time.fromisoformat(row.processing_cutoff) if row.processing_cutoff else None
    return ProcessingTime(TimeUnit(row.processing_unit), row.processing_amount, cutoff)


def _supply_missing(s: Session, row: Dossier) -> list[str]:
    """Count the papers asked for at intake as handed in, as many as the catalogue wants."""
    try:
        specs = {c.name: c for c in load_procedure(s, row.procedure_code).components}
    except MotcuaError:
        specs = {}
    supplied = []
    for c in s.scalars(select(DossierComponent).where(DossierComponent.dossier_id == row.id)):
        if not c.required or c.originals + c.certified_copies + c.photocopies > 0:
            continue
        spec = specs.get(c.name)
        count = max(spec.count, 1) if spec else 1
        kind = spec.kind if spec else ComponentKind.ORIGINAL
        if kind == ComponentKind.CERTIFIED_COPY:
            c.certified_copies = count
        elif kind == ComponentKind.PHOTOCOPY:
            c.photocopies = count
        else:
            c.originals = count
        supplied.append(c.name)
    return supplied


def resubmit(
    ctx: AppContext, code: str, actor: UserInfo, *, at: datetime | None = None
) -> DossierRecord:
    """The applicant brings the missing papers.

    Asked during processing (clock stopped): processing resumes and the due
    time moves by the paused working time. Sent back at intake (no receipt
    yet): the dossier is accepted now, as ``intake.accept`` would: received
    at this moment, due time from the calendar, a tracking-book line, so the
    receipt can be printed; the first visit stays in the history.
    """

    def body(step: Step) -> tuple[str, dict]:
        row = step.row
        if step.after is Status.PROCESSING:
            return "", _resume(step)
        first_visit = row.received_at
        due = step.cal.due_at(step.at, _processing(row))
        row.received_at = step.at
        row.due_at = row.original_due_at = due
        row.book_number, row.book_serial = book_entry(step.s, step.at)
        return "", {
            "first_received_at": iso(first_visit),
            "due_at": iso(due),
            "supplied": _supply_missing(step.s, row),
            "book_number": row.book_number,
            "book_serial": row.book_serial,
        }

    return act(ctx, code, actor, Action.RESUBMIT, at, body)


def await_payment(
    ctx: AppContext, code: str, actor: UserInfo, *, note: str = "", at: datetime | None = None
) -> DossierRecord:
    """Wait for the applicant to pay fees or taxes; stops the clock if the commune says so."""

    def body(step: Step) -> tuple[str, dict]:
        pauses = bool(settings.read(step.s, PAYMENT_PAUSES_CLOCK, True))
        if pauses:
            step.row.paused_at = step.at
        return note, {"pauses_clock": pauses}

    return act(ctx, code, actor, Action.AWAIT_PAYMENT, at, body)


def payment_received(
    ctx: AppContext, code: str, actor: UserInfo, *, at: datetime | None = None
) -> DossierRecord:
    """The obligations are paid: back to processing, the clock runs again."""
    return act(ctx, code, actor, Action.PAYMENT_RECEIVED, at, lambda step: ("", _resume(step)))


def _on_working_time(cal: WorkingCalendar, t: datetime) -> bool:
    h = cal.hours
    return cal.is_working_day(t.date()) and (
        cal.is_open(t) or t.time() in (h.morning_end, h.afternoon_end)
    )


def extend(
    ctx: AppContext,
    code: str,
    actor: UserInfo,
    *,
    new_due_at: datetime,
    reason: str,
    at: datetime | None = None,
) -> DossierRecord:
    """Apology and extension letter (form 04): a new appointment, the old one kept.

    The letter number is "NN/XLGH" from a per-year sequence. The new due
    time must be later than the current one and than now, on working time.
    """
    why = required(reason, "reason", _("Give the reason why the dossier will be late."))
    if new_due_at.tzinfo is not None:
        raise ValidationError(
            _("Times must be local clock times without a time zone."), field="new_due_at"
        )
    new_due = new_due_at.replace(second=0, microsecond=0)

    def body(step: Step) -> tuple[str, dict]:
        row = step.row
        previous = row.due_at
        if previous is None or new_due <= previous or new_due <= step.at:
            raise ValidationError(
                _(
                    "The new date must be later than the current appointment ({due}) and now."
                ).format(due=previous.strftime(TIME_FORMAT) if previous else "-"),
                field="new_due_at",
            )
        if not _on_working_time(step.cal, new_due):
            raise ValidationError(
                _("The new date {due} is not within working hours of a working day.").format(
                    due=new_due.strftime(TIME_FORMAT)
                ),
                field="new_due_at",
            )
        number = next_value(step.s, f"apology:{step.at.year}")
        letter = f"{number:02d}/XLGH"
        ext = Extension(
            dossier_id=row.id,
            issued_at=step.at,
            previous_due_at=previous,
            new_due_at=new_due,
            reason=why,
            letter_number=letter,
            created_by=step.actor.id,
        )
        step.s.add(ext)
        step.s.flush()
        row.due_at = new_due
        row.extension_count = (row.extension_count or 0) + 1
        return why, {
            "extension_id": ext.id,
            "letter_number": letter,
            "previous_due_at": iso(previous),
            "new_due_at": iso(new_due),
            "reason": why,
        }

    return act(ctx, code, actor, Action.EXTEND, at, body)
