"""Everything the dossier view shows, read in one go on the worker, and the deadline warning."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from motcua_desktop.domain.calendar import WorkingCalendar
from motcua_desktop.domain.dossier import DossierRecord, Status
from motcua_desktop.domain.lifecycle import ACTIVE_STATUSES, Action, allowed_actions
from motcua_desktop.i18n import _, format_ui_datetime, ngettext
from motcua_desktop.services import calendar as calendar_service
from motcua_desktop.services import dossiers, lifecycle, printing, setup
from motcua_desktop.services import users as users_service

# "Due soon" means less than this much working time is left (one working day).
DUE_SOON = timedelta(hours=8)


@dataclass(frozen=True)
class DossierSnapshot:
    record: DossierRecord
    events: list
    documents: list  # PrintedDocument, oldest first
    handovers: list
    extensions: list
    allowed: list[Action]
    calendar: WorkingCalendar | None
    users: list
    now: datetime
    contact_phone: str = ""
    printed_by: dict[str, str] = field(default_factory=dict)  # document id -> who printed it

    @property
    def paused_at(self) -> datetime | None:
        return self.record.extra.get("paused_at")

    @property
    def original_due(self) -> datetime | None:
        return self.record.extra.get("original_due_at")


def load_snapshot(ctx, code: str, now: datetime | None = None, viewer=None) -> DossierSnapshot:
    """Read the dossier, its history, documents, hand-overs and what may happen next.

    The ID number is masked unless ``viewer`` (the logged-in user) may see it.
    """
    record = dossiers.get_dossier(ctx, code, viewer)
    events = dossiers.events(ctx, record.code)
    extra = record.extra or {}
    allowed = allowed_actions(
        record.status,
        paused=extra.get("paused_at") is not None,
        supplement_count=extra.get("supplement_count", 0),
    )
    profile = setup.get_profile(ctx)
    printed_by = {
        e.data["document_id"]: e.actor_name or e.actor_username
        for e in events
        if e.kind == "printed" and e.data.get("document_id")
    }
    return DossierSnapshot(
        record=record,
        events=events,
        documents=printing.list_documents(ctx, record.code),
        handovers=lifecycle.handovers(ctx, record.code),
        extensions=lifecycle.extensions(ctx, record.code),
        allowed=allowed,
        calendar=calendar_service.get_calendar(ctx),
        users=users_service.list_users(ctx),
        now=now or datetime.now().replace(microsecond=0),
        contact_phone=profile.phone if profile else "",
        printed_by=printed_by,
    )


def working_length(calendar: WorkingCalendar, span: timedelta) -> str:
    """A span of working time as the clerk counts it: hours under a day, else days."""
    h = calendar.hours
    day = timedelta(
        hours=h.morning_end.hour
        - h.morning_start.hour
        + h.afternoon_end.hour
        - h.afternoon_start.hour,
        minutes=h.morning_end.minute
        - h.morning_start.minute
        + h.afternoon_end.minute
        - h.afternoon_start.minute,
    )
    if span < day:
        hours = max(1, round(span / timedelta(hours=1)))
        return ngettext("{n} working hour", "{n} working hours", hours).format(n=hours)
    days = round(span / day, 1)
    shown = int(days) if days == int(days) else days
    count = shown if isinstance(shown, int) else 2  # "1.5 working days" reads as a plural
    return ngettext("{n} working day", "{n} working days", count).format(n=shown)


def deadline_state(snap: DossierSnapshot) -> tuple[str, str]:
    """(level, text) for the header banner; level is "", "ok", "soon", "late" or "paused"."""
    record, now = snap.record, snap.now
    extra = record.extra or {}
    if record.status == Status.RESULT_RETURNED:
        timeliness = extra.get("timeliness")
        returned = extra.get("returned_at")
        texts = {
            "early": _("Result returned early, {at}."),
            "on_time": _("Result returned on time, {at}."),
            "late": _("Result returned LATE, {at}."),
        }
        if timeliness in texts and returned:
            level = "late" if timeliness == "late" else "ok"
            return level, texts[timeliness].format(at=format_ui_datetime(returned))
        return "", ""
    if snap.paused_at is not None:
        return "paused", _(
            "The clock is paused since {at}; the due time moves when it runs again."
        ).format(at=format_ui_datetime(snap.paused_at))
    due = record.due_at
    if due is None or (record.status not in ACTIVE_STATUSES and record.status != Status.FINISHED):
        return "", ""
    calendar = snap.calendar
    if now >= due:
        late = calendar.working_time_between(due, now) if calendar else now - due
        length = working_length(calendar, late) if calendar else ""
        if record.status == Status.FINISHED:
            text = _("OVERDUE by {length}: the result is ready; return it and apologise.")
        else:
            text = _("OVERDUE by {length}. Issue the apology and extension letter (Ctrl+E).")
        return "late", text.format(length=length)
    left = calendar.working_time_between(now, due) if calendar else due - now
    if left <= DUE_SOON:
        length = working_length(calendar, left) if calendar else ""
        if record.status == Status.FINISHED:
            return "soon", _("Due soon: {length} left to return the result.").format(length=length)
        return "soon", _(
            "Due soon: only {length} left. If it will be late, issue the apology and "
            "extension letter now (Ctrl+E)."
        ).format(length=length)
    return "ok", _("On track: {length} left.").format(
        length=working_length(calendar, left) if calendar else ""
    )
