"""Reading dossiers: one by code, the most recent, a diacritic-insensitive search."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.dossier import (
    Applicant,
    Channel,
    ComponentReceipt,
    DossierRecord,
    ResultDelivery,
    Status,
)
from motcua_desktop.domain.errors import NotFound
from motcua_desktop.domain.privacy import mask_id_number
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _
from motcua_desktop.services import search as search_service
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import can
from motcua_desktop.store.models import Dossier, DossierComponent, DossierEvent, User


@dataclass(frozen=True)
class EventInfo:
    at: datetime
    kind: str
    from_status: Status | None
    to_status: Status | None
    actor_username: str
    actor_name: str
    note: str
    data: dict


def find_row(s: Session, code: str) -> Dossier:
    row = s.scalar(select(Dossier).where(Dossier.code == code.strip().upper()))
    if row is None:
        raise NotFound(_("There is no dossier with the code {code}.").format(code=code))
    return row


def to_record(s: Session, row: Dossier, *, with_components: bool = True) -> DossierRecord:
    """A plain snapshot of ``row`` (and its components) that outlives the session."""
    components: tuple[ComponentReceipt, ...] = ()
    if with_components:
        components = tuple(
            ComponentReceipt(
                name=c.name,
                required=c.required,
                originals=c.originals,
                certified_copies=c.certified_copies,
                photocopies=c.photocopies,
            )
            for c in s.scalars(
                select(DossierComponent)
                .where(DossierComponent.dossier_id == row.id)
                .order_by(DossierComponent.position)
            )
        )
    user = s.get(User, row.created_by) if row.created_by else None
    return DossierRecord(
        id=row.id,
        code=row.code,
        agency_code=row.agency_code,
        procedure_code=row.procedure_code,
        procedure_name=row.procedure_name,
        field_name=row.field_name,
        status=Status(row.status),
        channel=Channel(row.channel),
        applicant=Applicant(
            name=row.applicant_name,
            id_number=row.applicant_id_number,
            phone=row.applicant_phone,
            address=row.applicant_address,
            email=row.applicant_email,
        ),
        received_at=row.received_at,
        due_at=row.due_at,
        processing_text=row.processing_text,
        components=components,
        owner_name=row.owner_name,
        owner_address=row.owner_address,
        sets_count=row.sets_count,
        fee_vnd=row.fee_vnd,
        result_delivery=ResultDelivery(row.result_delivery),
        note=row.note,
        book_number=row.book_number,
        book_serial=row.book_serial,
        handling_unit=row.handling_unit,
        reason=row.reason,
        created_by=user.username if user else "",
        created_by_name=user.full_name if user else "",
        extra=lifecycle_extra(row),
    )


def lifecycle_extra(row: Dossier) -> dict:
    """The lifecycle columns of schema 0002 for ``DossierRecord.extra`` (plain values)."""
    return {
        "finished_at": row.finished_at,
        "returned_at": row.returned_at,
        "original_due_at": row.original_due_at,
        "paused_at": row.paused_at,
        "paused_minutes": row.paused_minutes or 0,
        "supplement_count": row.supplement_count or 0,
        "extension_count": row.extension_count or 0,
        "timeliness": row.timeliness,
        "handling_official_id": row.handling_official_id,
        "handling_official_name": row.handling_official_name or "",
        "co_handling_units": list(row.co_handling_units or []),
        "return_method": row.return_method,
        "returned_to": row.returned_to or "",
        "post_tracking": row.post_tracking or "",
    }


def for_viewer(record: DossierRecord, viewer: Any) -> DossierRecord:
    """``record`` with the ID number masked unless ``viewer``'s role needs it (None: masked).

    Slips keep the full number (the legal form asks for it): they read ``to_record``.
    """
    number = record.applicant.id_number
    if not number or can(viewer, Permission.VIEW_ID_NUMBERS):
        return record
    return replace(record, applicant=replace(record.applicant, id_number=mask_id_number(number)))


def get_dossier(ctx: AppContext, code: str, viewer: Any = None) -> DossierRecord:
    """One dossier for a screen or a command; the ID number masked unless ``viewer`` may see it."""
    with ctx.db.session(readonly=True) as s:
        return for_viewer(to_record(s, find_row(s, code)), viewer)


def recent(ctx: AppContext, limit: int = 50, viewer: Any = None) -> list[DossierRecord]:
    """The latest dossiers by time received, newest first (components not loaded)."""
    with ctx.db.session(readonly=True) as s:
        rows = s.scalars(
            select(Dossier).order_by(Dossier.received_at.desc(), Dossier.code.desc()).limit(limit)
        ).all()
        return [for_viewer(to_record(s, r, with_components=False), viewer) for r in rows]


def search(ctx: AppContext, query: str, limit: int = 50, viewer: Any = None) -> list[DossierRecord]:
    """Full records for the search box's text: the exact code, else FTS over folded words.

    The matching and order are ``services.search.search``'s; this only loads the records.
    ID numbers are masked unless ``viewer`` may see them.
    """
    rows = search_service.search(ctx, query, limit=limit)
    with ctx.db.session(readonly=True) as s:
        return [
            for_viewer(to_record(s, find_row(s, r.code), with_components=False), viewer)
            for r in rows
        ]


def events(ctx: AppContext, code: str) -> list[EventInfo]:
    """The dossier's history, oldest first."""
    with ctx.db.session(readonly=True) as s:
        row = find_row(s, code)
        out = []
        for e in s.scalars(
            select(DossierEvent)
            .where(DossierEvent.dossier_id == row.id)
            .order_by(DossierEvent.at, literal_column("dossier_events.rowid"))
        ):
            user = s.get(User, e.actor) if e.actor else None
            out.append(
                EventInfo(
                    at=e.at,
                    kind=e.kind,
                    from_status=Status(e.from_status) if e.from_status else None,
                    to_status=Status(e.to_status) if e.to_status else None,
                    actor_username=user.username if user else "",
                    actor_name=user.full_name if user else "",
                    note=e.note,
                    data=dict(e.data or {}),
                )
            )
        return out
