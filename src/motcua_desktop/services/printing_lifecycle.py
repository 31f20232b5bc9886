"""What forms 04-06 need from the database: the extension letter, the stop, the hand-overs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.dossier import DossierRecord, Status
from motcua_desktop.domain.errors import NotAllowed
from motcua_desktop.domain.lifecycle import FINAL_STATUSES
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.i18n import _
from motcua_desktop.services.users import UserInfo
from motcua_desktop.store.models import Dossier, DossierEvent, Extension, Handover, User

# Each function below reads inside the caller's session and returns a renderer
# ``(paper) -> PDF bytes`` holding only plain values, so the PDF is laid out after
# the session has closed; ReportLab is imported only when rendering.
Renderer = Callable[[str], bytes]
BLANK_ROWS = 2  # rows left empty on a sheet whose file is still travelling


@dataclass(frozen=True)
class _Event:
    at: datetime
    actor_name: str
    data: dict


def _full_name(s: Session, user_id: str | None) -> str:
    user = s.get(User, user_id) if user_id else None
    return user.full_name if user else ""


def _last_event(s: Session, dossier_id: str, kind: str) -> _Event | None:
    event = s.scalar(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id, DossierEvent.kind == kind)
        .order_by(DossierEvent.at.desc(), literal_column("dossier_events.rowid").desc())
        .limit(1)
    )
    if event is None:
        return None
    return _Event(event.at, _full_name(s, event.actor), dict(event.data or {}))


def _leader(profile: CommuneProfile):
    return profile.signatories[0] if profile.signatories else None


def apology(
    s: Session, row: Dossier, record: DossierRecord, profile: CommuneProfile, actor: UserInfo
) -> Renderer:
    """Form 04 from the dossier's latest extension letter; NotAllowed when it has none."""
    ext = s.scalar(
        select(Extension)
        .where(Extension.dossier_id == row.id)
        .order_by(Extension.issued_at.desc(), literal_column("extensions.rowid").desc())
        .limit(1)
    )
    if ext is None:
        raise NotAllowed(
            _(
                "Dossier {code} has no extension: extend the deadline first, then print "
                "the apology letter."
            ).format(code=record.code)
        )
    values = dict(
        previous_due_at=ext.previous_due_at,
        new_due_at=ext.new_due_at,
        reason=ext.reason,
        issued_at=ext.issued_at,
        letter_number=ext.letter_number,
        signatory=_leader(profile),
        clerk_name=_full_name(s, ext.created_by) or actor.full_name,
    )

    def render(paper: str) -> bytes:
        from motcua_desktop.documents.apology import render_apology

        return render_apology(profile, record, paper=paper, **values)

    return render


def stop_notice(
    s: Session, row: Dossier, record: DossierRecord, profile: CommuneProfile, actor: UserInfo
) -> Renderer:
    """Form 05, dated and reasoned from the "stopped" event."""
    event = _last_event(s, row.id, "stopped")
    at = event.at if event else None
    values = dict(
        reason=(event.data.get("reason") if event else "") or record.reason,
        stopped_at=at,
        issued_at=at,
        signatory=_leader(profile),
        clerk_name=(event.actor_name if event else "") or actor.full_name,
    )

    def render(paper: str) -> bytes:
        from motcua_desktop.documents.stop_notice import render_stop_notice

        return render_stop_notice(profile, record, paper=paper, **values)

    return render


@dataclass(frozen=True)
class _Step:
    """A plain hand-over, turned into ``documents.control_sheet.ControlStep`` when rendering."""

    giver: str
    receiver: str
    at: datetime | None
    giver_name: str = ""
    receiver_name: str = ""
    result: str | None = None
    note: str = ""


def _steps(s: Session, row: Dossier, record: DossierRecord, desk: str) -> list[_Step]:
    """Desk → handler first, then each hand-over, then desk → applicant once returned.

    A row's result is how the giver's step went: the step that ended with
    this hand-over (judged by ``services.lifecycle`` when it happened). The
    return row carries the dossier's early / on time / late verdict.
    """
    handovers = s.scalars(
        select(Handover).where(Handover.dossier_id == row.id).order_by(Handover.position)
    ).all()
    steps: list[_Step] = []
    holder = desk
    previous: Handover | None = None
    for h in handovers:
        receiver = h.to_unit.strip() or h.to_name
        steps.append(
            _Step(
                giver=holder,
                receiver=receiver,
                at=h.at,
                giver_name=h.from_name,
                receiver_name=h.to_name,
                result=previous.result if previous is not None else None,
                note=h.note,
            )
        )
        holder, previous = receiver, h
    if not handovers and record.status in (Status.ACCEPTED, Status.SUPPLEMENT_REQUESTED):
        # Not handed over yet: the desk's row is ready for the handler's name.
        steps.append(_Step(desk, row.handling_official_name, None, record.created_by_name))
    if row.returned_at is not None:
        returned = _last_event(s, row.id, "result_returned")
        applicant = row.returned_to or row.applicant_name
        by_post = row.return_method == "post"
        steps.append(
            _Step(
                giver=desk,
                receiver=f"{applicant} (qua dịch vụ bưu chính công ích)" if by_post else applicant,
                at=row.returned_at,
                giver_name=returned.actor_name if returned else "",
                receiver_name="" if by_post else applicant,
                result=row.timeliness,
                note=f"Mã bưu gửi: {row.post_tracking}" if by_post and row.post_tracking else "",
            )
        )
    return steps


def control_sheet(
    s: Session, row: Dossier, record: DossierRecord, profile: CommuneProfile, actor: UserInfo
) -> Renderer:
    """Form 06 from the hand-overs; the original appointment is the one before any extension."""
    if record.due_at is None:
        raise NotAllowed(
            _("Dossier {code} was never accepted; it has no process to control.").format(
                code=record.code
            )
        )
    from motcua_desktop.documents.blocks import unit_in_text

    first_ext = s.scalar(
        select(Extension.previous_due_at)
        .where(Extension.dossier_id == row.id)
        .order_by(Extension.issued_at, literal_column("extensions.rowid"))
        .limit(1)
    )
    original = first_ext or row.original_due_at or record.due_at
    steps = _steps(s, row, record, unit_in_text(profile))
    blank = 0 if row.returned_at is not None or record.status in FINAL_STATUSES else BLANK_ROWS
    values = dict(
        original_due_at=original,
        handling_unit=row.handling_unit,
        co_handling_units=[str(u) for u in (row.co_handling_units or [])],
        blank_rows=blank,
    )

    def render(paper: str) -> bytes:
        from motcua_desktop.documents.control_sheet import ControlStep, render_control_sheet

        rows = [ControlStep(**vars(step)) for step in steps]
        return render_control_sheet(profile, record, rows, paper=paper, **values)

    return render
