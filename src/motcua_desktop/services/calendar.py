"""The desk's working calendar: profile working hours plus the local day overrides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.calendar import WorkingCalendar
from motcua_desktop.domain.errors import NotFound, ValidationError
from motcua_desktop.domain.profile import WorkingHours
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _
from motcua_desktop.services import settings
from motcua_desktop.services.codec import profile_from_dict
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require_with_accounts
from motcua_desktop.store.models import CalendarDay

KINDS = ("off", "working")


@dataclass(frozen=True)
class DayOverride:
    day: date
    kind: str  # off | working
    note: str


def calendar_in(s: Session) -> WorkingCalendar:
    """The calendar inside an open session (so intake computes due times in its transaction)."""
    data = settings.read(s, "profile")
    hours = profile_from_dict(data).working_hours if data else WorkingHours()
    off: dict[date, str] = {}
    working: dict[date, str] = {}
    for row in s.scalars(select(CalendarDay).where(CalendarDay.active.is_(True))):
        (off if row.kind == "off" else working)[row.day] = row.note
    return WorkingCalendar(hours, off, working)


def get_calendar(ctx: AppContext) -> WorkingCalendar:
    with ctx.db.session(readonly=True) as s:
        return calendar_in(s)


def list_day_overrides(ctx: AppContext) -> list[DayOverride]:
    with ctx.db.session(readonly=True) as s:
        rows = s.scalars(
            select(CalendarDay).where(CalendarDay.active.is_(True)).order_by(CalendarDay.day)
        )
        return [DayOverride(r.day, r.kind, r.note) for r in rows]


def set_day_override(
    ctx: AppContext, day: date, kind: str, note: str = "", actor=None
) -> DayOverride:
    """Mark ``day`` as an extra day off or an extra working day (replacing any earlier mark)."""
    require_with_accounts(ctx, actor, Permission.SETTINGS)
    if kind not in KINDS:
        raise ValidationError(_("A day is either a day off or a working day."), field="kind")
    actor_id = getattr(actor, "id", None)
    with ctx.db.session(actor=actor) as s:
        row = s.scalar(select(CalendarDay).where(CalendarDay.day == day))
        if row is None:
            s.add(
                CalendarDay(
                    day=day,
                    kind=kind,
                    note=note.strip(),
                    active=True,
                    created_by=actor_id,
                    updated_by=actor_id,
                )
            )
        else:
            row.kind, row.note, row.active, row.updated_by = kind, note.strip(), True, actor_id
    return DayOverride(day, kind, note.strip())


def remove_day_override(ctx: AppContext, day: date, actor=None) -> None:
    """Return ``day`` to the national table; the row is deactivated, never deleted."""
    require_with_accounts(ctx, actor, Permission.SETTINGS)
    with ctx.db.session(actor=actor) as s:
        row = s.scalar(select(CalendarDay).where(CalendarDay.day == day))
        if row is None or not row.active:
            raise NotFound(
                _("{day} has no entry in the local calendar.").format(day=day.strftime("%d/%m/%Y"))
            )
        row.active = False
        row.updated_by = getattr(actor, "id", None)
