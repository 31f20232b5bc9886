"""The register of nonconformities and corrective actions (sổ theo dõi sự không phù hợp).

Findings come from a checklist run (one per minor or major answer), from a
complaint, or are entered by hand; the rules of status, overdue actions and
the two-month reporting limit are ``domain.nonconformity``'s.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.checklist_template import FINDING_VERDICTS
from motcua_desktop.domain.errors import NotAllowed, NotFound, ValidationError
from motcua_desktop.domain.nonconformity import (
    SEVERITIES,
    SOURCES,
    NonconformityView,
    check_transition,
    format_number,
    is_overdue,
    is_report_overdue,
    parse_number,
    report_due,
)
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.store.models import ChecklistAnswer, ChecklistRun, Nonconformity

EDITABLE = ("description", "cause", "correction", "corrective_action", "owner_name", "due_on",
            "severity")  # fmt: skip


def to_view(row: Nonconformity) -> NonconformityView:
    return NonconformityView(
        id=row.id, number=row.number, source=row.source, found_on=row.found_on,
        severity=row.severity, description=row.description, cause=row.cause,
        correction=row.correction, corrective_action=row.corrective_action,
        owner_name=row.owner_name, due_on=row.due_on, status=row.status, done_on=row.done_on,
        verified_on=row.verified_on, verified_by_name=row.verified_by_name,
        effective=row.effective, verification_note=row.verification_note,
        report_due_on=row.report_due_on, reported_on=row.reported_on, run_id=row.run_id,
        item_id=row.item_id, origin_id=row.origin_id,
    )  # fmt: skip


def _next_number(s: Session, year: int) -> str:
    """The next NC-<year>-<nnn> of this installation (rows from elsewhere are not counted)."""
    prefix = f"NC-{year:04d}-"
    numbers = s.scalars(
        select(Nonconformity.number).where(
            Nonconformity.number.like(prefix + "%"), Nonconformity.origin_id.is_(None)
        )
    )
    top = max((p[1] for p in map(parse_number, numbers) if p), default=0)
    return format_number(year, top + 1)


def _text(value, field: str, *, required: bool = False) -> str:
    text = "\n".join(" ".join(line.split()) for line in str(value or "").strip().splitlines())
    if required and not text:
        raise ValidationError(_("Describe the finding."), field=field)
    return text


def _check(values: dict) -> None:
    if values.get("severity", "minor") not in SEVERITIES:
        raise ValidationError(_("The severity must be minor or major."), field="severity")
    due, found = values.get("due_on"), values.get("found_on")
    if due is not None and found is not None and due < found:
        raise ValidationError(
            _("The due date cannot be before the day the finding was made."), field="due_on"
        )


def _add(s: Session, actor, **values) -> Nonconformity:
    _check(values)
    row = Nonconformity(
        number=_next_number(s, values["found_on"].year),
        created_by=getattr(actor, "id", None),
        **values,
    )
    s.add(row)
    s.flush()
    return row


def create(
    ctx: AppContext,
    actor,
    *,
    description: str,
    found_on: date,
    severity: str = "minor",
    source: str = "manual",
    cause: str = "",
    correction: str = "",
    corrective_action: str = "",
    owner_name: str = "",
    due_on: date | None = None,
    annual_inspection: bool = False,
) -> NonconformityView:
    """Enter a finding by hand or from a complaint; ``annual_inspection`` starts the 2-month limit."""
    require(actor, Permission.QUALITY_REGISTER)
    if source not in SOURCES or source == "checklist":
        raise ValidationError(
            _("A finding entered here comes from a complaint or is manual."), field="source"
        )
    if not isinstance(found_on, date):
        raise ValidationError(_("Give the day the finding was made."), field="found_on")
    with ctx.db.session(actor=actor) as s:
        row = _add(
            s, actor, source=source, found_on=found_on, severity=severity,
            description=_text(description, "description", required=True),
            cause=_text(cause, "cause"), correction=_text(correction, "correction"),
            corrective_action=_text(corrective_action, "corrective_action"),
            owner_name=_text(owner_name, "owner_name"), due_on=due_on,
            report_due_on=report_due(found_on) if annual_inspection else None,
        )  # fmt: skip
        return to_view(row)


def from_checklist(
    ctx: AppContext, actor, run_id: str, *, owner_name: str = "", due_on: date | None = None
) -> list[NonconformityView]:
    """A finding for each minor or major answer of a run not already in the register.

    Findings of an annual self-inspection get the two-month reporting limit.
    """
    require(actor, Permission.QUALITY_REGISTER)
    from motcua_desktop.services.checklists import find_template

    with ctx.db.session(readonly=True) as s:
        run = s.get(ChecklistRun, run_id)
        if run is None:
            raise NotFound(_("There is no checklist run with that id."))
        code, version = run.template_code, run.template_version
    template = find_template(ctx, code, version)
    created = []
    with ctx.db.session(actor=actor) as s:
        run = s.get(ChecklistRun, run_id)
        taken = set(s.scalars(select(Nonconformity.item_id).where(Nonconformity.run_id == run_id)))
        answers = s.scalars(
            select(ChecklistAnswer).where(
                ChecklistAnswer.run_id == run_id, ChecklistAnswer.verdict.in_(FINDING_VERDICTS)
            )
        ).all()
        order = {item.id: n for n, item in enumerate(template.items)}
        for a in sorted(answers, key=lambda a: order.get(a.item_id, len(order))):
            if a.item_id in taken:
                continue
            item = template.item(a.item_id)
            head = f"{item.label or item.clause or item.id}. {item.text}" if item else a.item_id
            description = f"{head}\n{a.evidence}".strip() if a.evidence else head
            row = _add(
                s, actor, source="checklist", run_id=run_id, item_id=a.item_id,
                found_on=run.run_on, severity=a.verdict, description=description,
                owner_name=_text(owner_name, "owner_name"), due_on=due_on,
                report_due_on=report_due(run.run_on) if run.kind == "self_inspection" else None,
            )  # fmt: skip
            created.append(to_view(row))
    return created


def _row(s: Session, nc_id: str) -> Nonconformity:
    row = s.get(Nonconformity, nc_id)
    if row is None:
        raise NotFound(_("There is no finding with that id in the register."))
    return row


def get(ctx: AppContext, nc_id: str) -> NonconformityView:
    with ctx.db.session(readonly=True) as s:
        return to_view(_row(s, nc_id))


def update(ctx: AppContext, actor, nc_id: str, **changes) -> NonconformityView:
    """Change the description, cause, correction, action, owner, due date or severity."""
    require(actor, Permission.QUALITY_REGISTER)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: {names}.").format(
                names=", ".join(sorted(unknown))
            )
        )
    with ctx.db.session(actor=actor) as s:
        row = _row(s, nc_id)
        if row.status == "verified":
            raise NotAllowed(_("A finding verified as effectively corrected cannot change."))
        values = {
            k: (v if k in ("due_on", "severity") else _text(v, k)) for k, v in changes.items()
        }
        if "description" in values and not values["description"]:
            raise ValidationError(_("Describe the finding."), field="description")
        _check({"found_on": row.found_on, "severity": row.severity, **values})
        for key, value in values.items():
            setattr(row, key, value)
        return to_view(row)


def mark_action_done(ctx: AppContext, actor, nc_id: str, done_on: date) -> NonconformityView:
    """The corrective action was carried out on ``done_on``; it now waits for verification."""
    require(actor, Permission.QUALITY_REGISTER)
    with ctx.db.session(actor=actor) as s:
        row = _row(s, nc_id)
        check_transition(row.status, "action_done")
        if not row.corrective_action.strip() and not row.correction.strip():
            raise ValidationError(
                _("Write down the correction or the corrective action first."),
                field="corrective_action",
            )
        if done_on < row.found_on:
            raise ValidationError(
                _("The action cannot be done before the finding was made."), field="done_on"
            )
        row.status, row.done_on = "action_done", done_on
        return to_view(row)


def verify(
    ctx: AppContext,
    actor,
    nc_id: str,
    *,
    effective: bool,
    verified_on: date,
    verified_by_name: str,
    note: str = "",
) -> NonconformityView:
    """Check the action's effect: effective → verified (final); not effective → reopened."""
    require(actor, Permission.QUALITY_REGISTER)
    name = " ".join((verified_by_name or "").split())
    if not name:
        raise ValidationError(
            _("Give the name of the person who verified."), field="verified_by_name"
        )
    with ctx.db.session(actor=actor) as s:
        row = _row(s, nc_id)
        target = "verified" if effective else "reopened"
        check_transition(row.status, target)
        if row.done_on and verified_on < row.done_on:
            raise ValidationError(
                _("The check cannot be before the action was done."), field="verified_on"
            )
        row.status, row.effective = target, bool(effective)
        row.verified_on, row.verified_by_name = verified_on, name
        row.verification_note = _text(note, "note")
        return to_view(row)


def mark_reported(ctx: AppContext, actor, nc_id: str, reported_on: date) -> NonconformityView:
    """The corrective action of an annual-inspection finding was reported on ``reported_on``."""
    require(actor, Permission.QUALITY_REGISTER)
    with ctx.db.session(actor=actor) as s:
        row = _row(s, nc_id)
        if row.report_due_on is None:
            raise NotAllowed(_("This finding has no reporting deadline to meet."))
        if reported_on < row.found_on:
            raise ValidationError(
                _("The report cannot be before the finding was made."), field="reported_on"
            )
        row.reported_on = reported_on
        return to_view(row)


def register(
    ctx: AppContext,
    *,
    year: int | None = None,
    status: str | None = None,
    origin_id: str | None = None,
) -> list[NonconformityView]:
    """The register by number (``year`` of finding, ``status``; ``origin_id`` at the district)."""
    q = select(Nonconformity).order_by(Nonconformity.found_on, Nonconformity.number)
    if year is not None:
        q = q.where(Nonconformity.found_on >= date(year, 1, 1),
                    Nonconformity.found_on <= date(year, 12, 31))  # fmt: skip
    if status is not None:
        q = q.where(Nonconformity.status == status)
    if origin_id is not None:
        q = q.where(Nonconformity.origin_id == origin_id)
    with ctx.db.session(readonly=True) as s:
        return [to_view(r) for r in s.scalars(q)]


def overdue(
    ctx: AppContext, today: date, *, origin_id: str | None = None
) -> list[NonconformityView]:
    """Corrective actions past their due date and not verified (for the dashboard)."""
    q = select(Nonconformity).where(
        Nonconformity.due_on < today, Nonconformity.status != "verified"
    )
    if origin_id is not None:
        q = q.where(Nonconformity.origin_id == origin_id)
    with ctx.db.session(readonly=True) as s:
        rows = [to_view(r) for r in s.scalars(q.order_by(Nonconformity.due_on))]
    return [r for r in rows if is_overdue(r, today)]


def report_overdue(
    ctx: AppContext, today: date, *, origin_id: str | None = None
) -> list[NonconformityView]:
    """Annual-inspection findings past their two-month reporting limit and not yet reported."""
    q = select(Nonconformity).where(
        Nonconformity.report_due_on < today, Nonconformity.reported_on.is_(None)
    )
    if origin_id is not None:
        q = q.where(Nonconformity.origin_id == origin_id)
    with ctx.db.session(readonly=True) as s:
        rows = [to_view(r) for r in s.scalars(q.order_by(Nonconformity.report_due_on))]
    return [r for r in rows if is_report_overdue(r, today)]
