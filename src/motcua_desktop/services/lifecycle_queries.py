"""Reading a dossier's life: hand-overs, extension letters, the due time judged, dossiers falling due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.calendar import WorkingCalendar
from motcua_desktop.domain.dossier import DossierRecord, Timeliness
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.lifecycle import ACTIVE_STATUSES
from motcua_desktop.i18n import _
from motcua_desktop.services.calendar import calendar_in
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.dossiers import find_row, to_record
from motcua_desktop.store.models import Dossier, DossierEvent, Extension, Handover, User
from motcua_desktop.store.models import now as _now

# Preference (services.settings): does awaiting payment stop the clock? Default True.
PAYMENT_PAUSES_CLOCK = "payment_pauses_clock"

# Events after which the clock ran again; their data carries "paused_seconds".
_RESUME_KINDS = ("resubmitted", "payment_received")


@dataclass(frozen=True)
class HandoverInfo:
    """One row of the process control sheet (form 06)."""

    position: int
    at: datetime
    from_name: str
    from_username: str
    to_name: str
    to_username: str
    to_unit: str
    step_due_at: datetime | None
    result: Timeliness | None  # set when the next hand-over arrives or at finish
    note: str


@dataclass(frozen=True)
class ExtensionInfo:
    """One apology-and-extension letter (form 04)."""

    letter_number: str
    issued_at: datetime
    previous_due_at: datetime
    new_due_at: datetime
    reason: str
    issued_by: str  # user name
    issued_by_name: str


def _usernames(s: Session, ids: set[str | None]) -> dict[str, User]:
    ids.discard(None)
    if not ids:
        return {}
    return {u.id: u for u in s.scalars(select(User).where(User.id.in_(ids)))}


def handovers(ctx: AppContext, code: str) -> list[HandoverInfo]:
    """The dossier's hand-overs in order (position 1..n)."""
    with ctx.db.session(readonly=True) as s:
        row = find_row(s, code)
        rows = s.scalars(
            select(Handover).where(Handover.dossier_id == row.id).order_by(Handover.position)
        ).all()
        users = _usernames(s, {h.from_user_id for h in rows} | {h.to_user_id for h in rows})
        return [
            HandoverInfo(
                position=h.position,
                at=h.at,
                from_name=h.from_name,
                from_username=users[h.from_user_id].username if h.from_user_id in users else "",
                to_name=h.to_name,
                to_username=users[h.to_user_id].username if h.to_user_id in users else "",
                to_unit=h.to_unit,
                step_due_at=h.step_due_at,
                result=Timeliness(h.result) if h.result else None,
                note=h.note,
            )
            for h in rows
        ]


def _extension_rows(s: Session, dossier_id: str) -> list[Extension]:
    return list(
        s.scalars(
            select(Extension)
            .where(Extension.dossier_id == dossier_id)
            .order_by(Extension.issued_at, Extension.new_due_at, Extension.id)
        )
    )


def extensions(ctx: AppContext, code: str) -> list[ExtensionInfo]:
    """The dossier's apology-and-extension letters, oldest first."""
    with ctx.db.session(readonly=True) as s:
        row = find_row(s, code)
        rows = _extension_rows(s, row.id)
        users = _usernames(s, {e.created_by for e in rows})
        return [
            ExtensionInfo(
                letter_number=e.letter_number,
                issued_at=e.issued_at,
                previous_due_at=e.previous_due_at,
                new_due_at=e.new_due_at,
                reason=e.reason,
                issued_by=users[e.created_by].username if e.created_by in users else "",
                issued_by_name=users[e.created_by].full_name if e.created_by in users else "",
            )
            for e in rows
        ]


def judged_due(s: Session, row: Dossier, cal: WorkingCalendar) -> datetime | None:
    """The appointment that decides early / on time / late.

    An apology letter does not excuse lateness (docs/deadlines.md, section 8):
    with extensions, this is the due time just before the first letter, moved
    by every pause that ended after it, as if the letter had never been sent.
    Without extensions it is ``due_at`` (already moved by pauses).
    """
    first = next(iter(_extension_rows(s, row.id)), None)
    if first is None:
        return row.due_at
    seconds = 0
    for e in s.scalars(
        select(DossierEvent).where(
            DossierEvent.dossier_id == row.id,
            DossierEvent.kind.in_(_RESUME_KINDS),
            DossierEvent.at >= first.issued_at,
        )
    ):
        seconds += int((e.data or {}).get("paused_seconds") or 0)
    return cal.add_working_time(first.previous_due_at, timedelta(seconds=seconds))


def due_soon(
    ctx: AppContext, *, within_working_hours: float = 8, now: datetime | None = None
) -> list[DossierRecord]:
    """Running dossiers due within that much working time from ``now``, or already overdue.

    Running: accepted, being processed or awaiting payment, with the clock
    not stopped. Soonest first. Each record's ``extra`` adds ``overdue``
    (due before ``now``) and ``working_minutes_left`` (0 when overdue).
    """
    if within_working_hours < 0:
        raise ValidationError(
            _("The warning period cannot be negative."), field="within_working_hours"
        )
    moment = (now or _now()).replace(microsecond=0)
    with ctx.db.session(readonly=True) as s:
        cal = calendar_in(s)
        horizon = cal.add_working_time(moment, timedelta(hours=within_working_hours))
        rows = s.scalars(
            select(Dossier)
            .where(
                Dossier.status.in_([int(x) for x in ACTIVE_STATUSES]),
                Dossier.paused_at.is_(None),
                Dossier.due_at.is_not(None),
                Dossier.due_at <= horizon,
            )
            .order_by(Dossier.due_at, Dossier.code)
        ).all()
        out = []
        for r in rows:
            record = to_record(s, r, with_components=False)
            overdue = r.due_at < moment
            left = timedelta(0) if overdue else cal.working_time_between(moment, r.due_at)
            record.extra.update(
                {"overdue": overdue, "working_minutes_left": int(left.total_seconds() // 60)}
            )
            out.append(record)
        return out
