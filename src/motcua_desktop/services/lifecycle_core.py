"""Shared machinery of the lifecycle services: one checked, recorded step in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.calendar import WorkingCalendar, classify_return
from motcua_desktop.domain.dossier import DossierRecord, Status
from motcua_desktop.domain.errors import NotFound, ValidationError
from motcua_desktop.domain.lifecycle import EVENT_KINDS, Action, check
from motcua_desktop.domain.roles import Permission
from motcua_desktop.domain.text import nfc
from motcua_desktop.i18n import _
from motcua_desktop.services.calendar import calendar_in
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.dossiers import find_row, to_record
from motcua_desktop.services.lifecycle_queries import judged_due
from motcua_desktop.services.permissions import require
from motcua_desktop.services.users import UserInfo
from motcua_desktop.store.models import Dossier, DossierEvent, Handover, User, now

TIME_FORMAT = "%d/%m/%Y %H:%M"

# Who may take each step: the desk's own steps (a supplement handed in, a
# withdrawal, the return) and the handling steps, which the desk also records.
PERMISSION_OF: dict[Action, Permission] = {
    Action.START_PROCESSING: Permission.PROCESS,
    Action.HAND_OVER: Permission.PROCESS,
    Action.REQUEST_SUPPLEMENT: Permission.PROCESS,
    Action.RESUBMIT: Permission.INTAKE,
    Action.AWAIT_PAYMENT: Permission.PROCESS,
    Action.PAYMENT_RECEIVED: Permission.PROCESS,
    Action.FINISH: Permission.PROCESS,
    Action.RETURN_RESULT: Permission.RETURN,
    Action.WITHDRAW: Permission.INTAKE,
    Action.STOP: Permission.PROCESS,
    Action.EXTEND: Permission.PROCESS,
}


@dataclass
class Step:
    """What an action's body works with, inside the open transaction."""

    s: Session
    row: Dossier
    cal: WorkingCalendar
    at: datetime
    actor: UserInfo
    before: Status
    after: Status


def moment(s: Session, row: Dossier, at: datetime | None) -> datetime:
    when = (at or now()).replace(microsecond=0)
    if when.tzinfo is not None:
        raise ValidationError(_("Times must be local clock times without a time zone."), field="at")
    # Only status steps count: a reprint at any time must not block a late entry.
    last = s.scalar(
        select(func.max(DossierEvent.at)).where(
            DossierEvent.dossier_id == row.id, DossierEvent.to_status.is_not(None)
        )
    )
    if last is not None and when < last:
        raise ValidationError(
            _(
                "The time of this step ({at}) is before the dossier's last recorded step ({last})."
            ).format(at=when.strftime(TIME_FORMAT), last=last.strftime(TIME_FORMAT)),
            field="at",
        )
    return when


def act(
    ctx: AppContext,
    code: str,
    actor: UserInfo,
    action: Action,
    at: datetime | None,
    body: Callable[[Step], tuple[str, dict]],
) -> DossierRecord:
    """Check ``action`` (the actor's role, then the state), run ``body``, write the event.

    ``body`` returns the event's note and data.
    """
    require(actor, PERMISSION_OF[action])
    with ctx.db.session(actor=actor) as s:
        row = find_row(s, code)
        before = Status(row.status)
        after = check(
            action,
            before,
            paused=row.paused_at is not None,
            supplement_count=row.supplement_count or 0,
        )
        step = Step(s, row, calendar_in(s), moment(s, row, at), actor, before, after)
        note, data = body(step)
        row.status = int(after)
        kind = EVENT_KINDS[action]
        s.add(
            DossierEvent(
                dossier_id=row.id,
                at=step.at,
                actor=actor.id,
                kind=kind,
                from_status=int(before),
                to_status=int(after),
                note=nfc(note.strip()),
                data=data or None,
                created_by=actor.id,
            )
        )
        s.flush()
        record = to_record(s, row)
        record.extra.update({"event": kind, "event_data": data})
        return record


def required(text: str, field: str, message: str) -> str:
    if not text or not text.strip():
        raise ValidationError(message, field=field)
    return nfc(" ".join(text.split()))


def iso(t: datetime | None) -> str | None:
    return t.isoformat() if t else None


def find_user(s: Session, username: str) -> User:
    user = s.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active:
        raise NotFound(_("There is no user {name}.").format(name=username))
    return user


def close_open_step(step: Step) -> None:
    """Judge the hand-over step still running: against its own due time, else the dossier's.

    The dossier's due time here is the one that judges the return (see
    ``lifecycle_queries.judged_due``), so an apology letter excuses no step.
    """
    s, row = step.s, step.row
    last = s.scalar(
        select(Handover)
        .where(Handover.dossier_id == row.id)
        .order_by(Handover.position.desc())
        .limit(1)
    )
    if last is None or last.result is not None:
        return
    due = last.step_due_at or judged_due(s, row, step.cal)
    if due is not None:
        last.result = str(classify_return(step.at, due))


def add_handover(
    step: Step,
    *,
    to_name: str,
    to_user: User | None,
    to_unit: str,
    step_due_at: datetime | None,
    note: str,
) -> int:
    s, row = step.s, step.row
    close_open_step(step)
    position = (
        s.scalar(select(func.max(Handover.position)).where(Handover.dossier_id == row.id)) or 0
    ) + 1
    s.add(
        Handover(
            dossier_id=row.id,
            position=position,
            at=step.at,
            from_name=step.actor.full_name,
            from_user_id=step.actor.id,
            to_name=to_name,
            to_user_id=to_user.id if to_user else None,
            to_unit=to_unit,
            step_due_at=step_due_at,
            note=nfc(note.strip()),
            created_by=step.actor.id,
        )
    )
    return position
