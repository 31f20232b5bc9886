"""The figures the program already knows, shown beside checklist items as evidence.

Each key of ``domain.checklist_template.EVIDENCE_KEYS`` has a function here:
the share of dossiers resolved on time this year (report II.06a's rate),
overdue dossiers with no apology letter, procedures with no internal process,
surveys entered this month, the year's quality objectives and the open
corrective actions. Importing this module also registers the
``procedures_with_process`` objective measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.checklist_template import EVIDENCE_KEYS
from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.nonconformity import is_overdue
from motcua_desktop.domain.periods import Period, date_range, month_of
from motcua_desktop.domain.report_models import ObjectiveStatus
from motcua_desktop.i18n import _, format_number, ngettext
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.quality_objectives import register_measure
from motcua_desktop.store.models import (
    ControlledDocument,
    Dossier,
    Extension,
    Nonconformity,
    ProcedureRow,
    SurveyForm,
)

PENDING = (Status.ACCEPTED, Status.PROCESSING, Status.AWAITING_PAYMENT)
LISTED = 10  # codes named in the evidence text at most


@dataclass(frozen=True)
class Evidence:
    """A figure in plain words; ``value`` is the number itself (None: nothing to measure)."""

    key: str
    text: str
    value: float | int | None
    items: tuple[str, ...] = ()  # what the figure counts (dossier or procedure codes), first few


def _moment(today: date) -> datetime:
    return (
        datetime.now().replace(microsecond=0)
        if today == date.today()
        else datetime.combine(today, time.max).replace(microsecond=0)
    )


def _listed(codes: list[str]) -> str:
    shown = ", ".join(codes[:LISTED])
    return shown + (" …" if len(codes) > LISTED else "")


def _on_time(ctx: AppContext, today: date, origin_id: str | None) -> Evidence:
    from motcua_desktop.services.reports import ii06a

    counts = ii06a(ctx, date_range(date(today.year, 1, 1), today), origin_id=origin_id).total.counts
    if not counts.resolved:
        return Evidence("on_time_rate", _("No dossier has been resolved this year yet."), None)
    rate = counts.on_time_rate
    text = ngettext(
        "On time or early: {rate}%, of the {n} dossier resolved this year.",
        "On time or early: {rate}%, of the {n} dossiers resolved this year.",
        counts.resolved,
    ).format(rate=format_number(round(rate, 2)), n=format_number(counts.resolved))
    return Evidence("on_time_rate", text, rate)


def overdue_without_apology(
    s: Session, moment: datetime, origin_id: str | None = None
) -> list[str]:
    """Codes of pending dossiers past their deadline with no apology and extension letter."""
    d = Dossier
    q = select(d.code).where(
        d.status.in_([int(x) for x in PENDING]),
        d.due_at < moment,
        d.extension_count == 0,
        ~exists().where(Extension.dossier_id == d.id),
    )
    if origin_id is not None:
        q = q.where(d.origin_id == origin_id)
    return list(s.scalars(q.order_by(d.due_at, d.code)))


def _apologies(ctx: AppContext, today: date, origin_id: str | None) -> Evidence:
    with ctx.db.session(readonly=True) as s:
        codes = overdue_without_apology(s, _moment(today), origin_id)
    if not codes:
        return Evidence("overdue_without_apology",
                        _("Every overdue dossier has an apology letter."), 0)  # fmt: skip
    text = ngettext(
        "{n} overdue dossier has no apology letter: {codes}.",
        "{n} overdue dossiers have no apology letter: {codes}.",
        len(codes),
    ).format(n=len(codes), codes=_listed(codes))
    return Evidence("overdue_without_apology", text, len(codes), tuple(codes[:LISTED]))


def procedures_without_process(s: Session, origin_id: str | None = None) -> tuple[list[str], int]:
    """Codes of active catalogue procedures with no active internal process, and how many there are."""
    active = list(s.scalars(select(ProcedureRow.code).where(ProcedureRow.active).order_by(
        ProcedureRow.code)))  # fmt: skip
    q = select(ControlledDocument.procedure_code).where(
        ControlledDocument.active, ControlledDocument.doc_type == "process"
    )
    if origin_id is not None:
        q = q.where(ControlledDocument.origin_id == origin_id)
    covered = set(s.scalars(q))
    return [c for c in active if c not in covered], len(active)


def _processes(ctx: AppContext, origin_id: str | None) -> Evidence:
    with ctx.db.session(readonly=True) as s:
        missing, total = procedures_without_process(s, origin_id)
    if not total:
        return Evidence("procedures_without_process", _("The procedure catalogue is empty."), None)
    if not missing:
        text = _("Every one of the {n} procedures has an internal process.").format(n=total)
        return Evidence("procedures_without_process", text, 0)
    text = _("{missing} of {total} procedures have no internal process: {codes}.").format(
        missing=len(missing), total=total, codes=_listed(missing)
    )
    return Evidence("procedures_without_process", text, len(missing), tuple(missing[:LISTED]))


def _surveys(ctx: AppContext, today: date, origin_id: str | None) -> Evidence:
    month = month_of(today)
    q = (
        select(func.count())
        .select_from(SurveyForm)
        .where(SurveyForm.surveyed_on >= month.date_from, SurveyForm.surveyed_on <= month.date_to)
    )
    if origin_id is not None:
        q = q.where(SurveyForm.origin_id == origin_id)
    with ctx.db.session(readonly=True) as s:
        n = int(s.scalar(q) or 0)
    text = ngettext(
        "{n} satisfaction form entered for {month}.",
        "{n} satisfaction forms entered for {month}.",
        n,
    ).format(n=n, month=month.label())
    return Evidence("surveys_this_month", text, n)


def _objectives(ctx: AppContext, today: date, origin_id: str | None) -> Evidence:
    from motcua_desktop.services.quality_objectives import evaluate

    results = evaluate(ctx, today.year, today=today, origin_id=origin_id).results
    if not results:
        return Evidence("objectives_status",
                        _("No quality objectives are set for {year}.").format(year=today.year),
                        None)  # fmt: skip
    met = sum(1 for r in results if r.status is ObjectiveStatus.MET)
    missed = [r.title for r in results if r.status is ObjectiveStatus.NOT_MET]
    text = _("{met} of {n} quality objectives of {year} are met so far.").format(
        met=met, n=len(results), year=today.year
    )
    if missed:
        text += " " + _("Not met: {titles}.").format(titles="; ".join(missed))
    return Evidence("objectives_status", text, met, tuple(missed))


def _actions(ctx: AppContext, today: date, origin_id: str | None) -> Evidence:
    from motcua_desktop.services.nonconformities import to_view

    q = select(Nonconformity).where(Nonconformity.status != "verified")
    if origin_id is not None:
        q = q.where(Nonconformity.origin_id == origin_id)
    with ctx.db.session(readonly=True) as s:
        rows = [to_view(r) for r in s.scalars(q.order_by(Nonconformity.number))]
    late = [r.number for r in rows if is_overdue(r, today)]
    text = ngettext(
        "{n} corrective action is open", "{n} corrective actions are open", len(rows)
    ).format(n=len(rows))
    text += ", " + ngettext("{n} of them overdue.", "{n} of them overdue.", len(late)).format(
        n=len(late)
    )
    return Evidence("open_corrective_actions", text, len(rows), tuple(late))


def evidence_for(
    ctx: AppContext, key: str, *, today: date, origin_id: str | None = None
) -> Evidence:
    """The figure called ``key`` as of ``today``; ValidationError for an unknown key."""
    if key == "on_time_rate":
        return _on_time(ctx, today, origin_id)
    if key == "overdue_without_apology":
        return _apologies(ctx, today, origin_id)
    if key == "procedures_without_process":
        return _processes(ctx, origin_id)
    if key == "surveys_this_month":
        return _surveys(ctx, today, origin_id)
    if key == "objectives_status":
        return _objectives(ctx, today, origin_id)
    if key == "open_corrective_actions":
        return _actions(ctx, today, origin_id)
    raise ValidationError(
        _("The program computes no figure “{key}”; known: {known}.").format(
            key=key, known=", ".join(EVIDENCE_KEYS)
        ),
        field="key",
    )


def evidence_for_template(ctx: AppContext, template, *, today: date) -> dict[str, Evidence]:
    """Each figure a template's items name, computed once: ``{key: Evidence}``."""
    keys = sorted({item.evidence for item in template.items if item.evidence})
    return {key: evidence_for(ctx, key, today=today) for key in keys}


def procedures_with_process_measure(
    ctx: AppContext, period: Period, origin_id: str | None
) -> tuple[float | None, int, str]:
    """The objective measure: share of active procedures with an internal process."""
    with ctx.db.session(readonly=True) as s:
        missing, total = procedures_without_process(s, origin_id)
    if not total:
        return None, 0, _("The procedure catalogue is empty.")
    covered = total - len(missing)
    basis = _("{covered} of {total} procedures have an internal process.").format(
        covered=covered, total=total
    )
    return round(100.0 * covered / total, 2), total, basis


register_measure("procedures_with_process", procedures_with_process_measure)
