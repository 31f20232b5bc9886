"""Paper satisfaction surveys typed in batches, and (re-exported) the per-dossier evaluations.

A batch is a stack of forms of one survey month typed in one sitting; it
keeps the template (code and version) it was started with, and so does every
form. Levels are checked against that template (a level it does not have is
refused); a blank answer is allowed and counted in ``missing``. A form typed
twice — same batch, same answers, same dossier — raises ``DuplicateForm``
unless the clerk confirms it. Forms are never deleted (the district has a
copy): ``delete_form`` marks one void, and every count leaves it out.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import NotAllowed, NotFound, ValidationError
from motcua_desktop.domain.roles import Permission
from motcua_desktop.domain.search_query import code_in_text
from motcua_desktop.domain.survey_template import SurveyTemplate
from motcua_desktop.domain.text import nfc
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.survey_evaluations import (  # noqa: F401 - part of this API
    EvaluationInfo,
    EvaluationSuggestion,
    get_evaluation,
    record_evaluation,
    suggest_evaluation,
)
from motcua_desktop.services.survey_templates import (  # noqa: F401 - part of this API
    active_in,
    active_template,
    installed_templates,
    keep_template,
    template_in,
)
from motcua_desktop.services.users import UserInfo
from motcua_desktop.store.models import Dossier, SurveyBatch, SurveyForm


class DuplicateForm(ValidationError):
    """The batch already has a form with these answers for this dossier; ``number`` is its number."""

    def __init__(self, message: str, number: int) -> None:
        super().__init__(message, field="answers")
        self.number = number


@dataclass(frozen=True)
class BatchInfo:
    id: str
    template_code: str
    template_version: str
    surveyed_on: date
    label: str
    closed: bool
    forms: int = 0
    missing: int = 0  # blank answers over all its forms


@dataclass(frozen=True)
class FormInfo:
    id: str
    batch_id: str
    number: int
    template_code: str
    template_version: str
    surveyed_on: date
    answers: dict[str, int | None]
    overall: int | None
    reasons: tuple[str, ...]
    reason_text: str
    respondent: dict[str, str]
    dossier_code: str
    procedure_code: str
    official_name: str
    missing: int


def _batch_info(s: Session, b: SurveyBatch) -> BatchInfo:
    n, missing = s.execute(
        select(func.count(), func.coalesce(func.sum(SurveyForm.missing), 0)).where(
            SurveyForm.batch_id == b.id, SurveyForm.voided.is_(False)
        )
    ).one()
    return BatchInfo(b.id, b.template_code, b.template_version, b.surveyed_on, b.label,
                     bool(b.closed), int(n), int(missing))  # fmt: skip


def _form_info(f: SurveyForm) -> FormInfo:
    return FormInfo(
        f.id, f.batch_id, f.number, f.template_code, f.template_version, f.surveyed_on,
        dict(f.answers or {}), f.overall, tuple(f.reasons or ()), f.reason_text,
        dict(f.respondent or {}), f.dossier_code, f.procedure_code, f.official_name, f.missing,
    )  # fmt: skip


def start_batch(
    ctx: AppContext,
    actor: UserInfo,
    *,
    surveyed_on: date,
    template: SurveyTemplate | None = None,
    label: str = "",
) -> BatchInfo:
    """A new, open batch for forms collected on ``surveyed_on`` (the active template by default)."""
    require(actor, Permission.SURVEY_ENTRY)
    with ctx.db.session(actor=actor) as s:
        t = template or active_in(s, "satisfaction")
        if t.kind != "satisfaction":
            raise ValidationError(
                _("This template is not a satisfaction survey."), field="template"
            )
        keep_template(s, t, actor.id)
        b = SurveyBatch(template_code=t.code, template_version=t.version, surveyed_on=surveyed_on,
                        label=nfc(label).strip(), entered_by=actor.id, created_by=actor.id)  # fmt: skip
        s.add(b)
        s.flush()
        return _batch_info(s, b)


def _batch(s: Session, batch_id: str, *, open_: bool = True) -> SurveyBatch:
    b = s.get(SurveyBatch, batch_id)
    if b is None:
        raise NotFound(_("This survey batch does not exist."))
    if open_ and b.closed:
        raise NotAllowed(_("This survey batch is closed; forms can no longer be changed."))
    return b


def _check_level(t: SurveyTemplate, qid: str, level: Any, field: str) -> int | None:
    q = t.question(qid)
    if q is None:
        raise ValidationError(_("The form has no question “{id}”.").format(id=qid), field=field)
    if level is None:
        return None
    if isinstance(level, bool) or not isinstance(level, int) or level not in q.values:
        allowed = ", ".join(str(v) for v in sorted(q.values))
        raise ValidationError(
            _("“{level}” is not a level of question {id}; use one of {allowed}.").format(
                level=level, id=qid, allowed=allowed
            ),
            field=field,
        )
    return level


def _clean(t: SurveyTemplate, answers, overall, reasons, reason_text, respondent) -> dict:
    checked = {str(k): _check_level(t, str(k), v, f"answers.{k}") for k, v in answers.items()}
    full = {q.id: checked.get(q.id) for q in t.questions}
    if t.overall is not None:
        overall = _check_level(t, t.overall.id, overall, "overall")
    elif overall is not None:
        raise ValidationError(_("This form has no overall question."), field="overall")
    ids = {r.id for r in t.reasons}
    picked = sorted(set(reasons))
    for rid in picked:
        if rid not in ids:
            raise ValidationError(_("Unknown reason “{id}”.").format(id=rid), field="reasons")
    fields = {f.id: f for f in t.respondent}
    who: dict[str, str] = {}
    for key, value in (respondent or {}).items():
        f = fields.get(key)
        value = nfc(value or "").strip()
        if f is None:
            raise ValidationError(_("Unknown respondent field “{id}”.").format(id=key),
                                  field=f"respondent.{key}")  # fmt: skip
        if value and f.kind == "choice" and value not in {o.id for o in f.options}:
            raise ValidationError(_("“{value}” is not a choice of “{label}”.").format(
                value=value, label=f.label), field=f"respondent.{key}")  # fmt: skip
        if value:
            who[key] = value
    missing = sum(1 for v in full.values() if v is None)
    missing += 1 if t.overall is not None and overall is None else 0
    return dict(answers=full, overall=overall, reasons=picked,
                reason_text=nfc(reason_text).strip(), respondent=who, missing=missing)  # fmt: skip


def _link(s: Session, text: str) -> dict:
    """The dossier a typed or scanned code (or QR lookup URL) names: id, procedure, official."""
    raw = (text or "").strip()
    if not raw:
        return dict(dossier_id=None, dossier_code="", procedure_code="", official_name="")
    code = code_in_text(raw) or raw.upper()
    d = s.execute(
        select(Dossier.id, Dossier.code, Dossier.procedure_code, Dossier.handling_official_name)
        .where(Dossier.code == code)
    ).first()  # fmt: skip
    if d is None:
        raise NotFound(_("No dossier has the code {code}.").format(code=code), field="dossier_code")
    return dict(dossier_id=d[0], dossier_code=d[1], procedure_code=d[2], official_name=d[3] or "")


def _fingerprint(batch_id: str, values: dict, dossier_code: str) -> str:
    key = {k: values[k] for k in ("answers", "overall", "reasons", "reason_text", "respondent")}
    data = json.dumps([batch_id, dossier_code, key], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _check_duplicate(s: Session, batch_id: str, fp: str, confirm: bool, skip_id=None) -> None:
    q = select(SurveyForm.number).where(SurveyForm.batch_id == batch_id,
                                        SurveyForm.fingerprint == fp,
                                        SurveyForm.voided.is_(False))  # fmt: skip
    if skip_id is not None:
        q = q.where(SurveyForm.id != skip_id)
    number = s.scalar(q.order_by(SurveyForm.number).limit(1))
    if number is not None and not confirm:
        raise DuplicateForm(
            _("Form no. {n} of this batch has the same answers and dossier. "
              "Was this form typed twice?").format(n=number),
            number,
        )  # fmt: skip


def _checked_form(
    s: Session,
    batch_id: str,
    t,
    answers,
    overall,
    reasons,
    reason_text,
    respondent,
    dossier_code: str,
    confirm: bool,
    skip_id: str | None = None,
) -> tuple[dict, dict, str]:
    """A form's checked values, its dossier link and fingerprint; DuplicateForm unless confirmed."""
    values = _clean(t, answers, overall, reasons, reason_text, respondent)
    link = _link(s, dossier_code or values["respondent"].get("dossier_code", ""))
    fp = _fingerprint(batch_id, values, link["dossier_code"])
    _check_duplicate(s, batch_id, fp, confirm, skip_id=skip_id)
    return values, link, fp


def add_form(
    ctx: AppContext,
    actor: UserInfo,
    batch_id: str,
    answers: Mapping[str, int | None],
    *,
    overall: int | None = None,
    reasons: Iterable[str] = (),
    reason_text: str = "",
    respondent: Mapping[str, str] | None = None,
    dossier_code: str = "",
    confirm_duplicate: bool = False,
) -> FormInfo:
    """Save one paper form in the batch; it gets the next number."""
    require(actor, Permission.SURVEY_ENTRY)
    with ctx.db.session(actor=actor) as s:
        b = _batch(s, batch_id)
        t = template_in(s, b.template_code, b.template_version)
        values, link, fp = _checked_form(
            s, b.id, t, answers, overall, reasons, reason_text, respondent, dossier_code,
            confirm_duplicate,
        )  # fmt: skip
        top = s.scalar(select(func.max(SurveyForm.number)).where(SurveyForm.batch_id == b.id))
        f = SurveyForm(batch_id=b.id, number=(top or 0) + 1, template_code=t.code,
                       template_version=t.version, surveyed_on=b.surveyed_on, fingerprint=fp,
                       entered_by=actor.id, created_by=actor.id, **values, **link)  # fmt: skip
        s.add(f)
        s.flush()
        return _form_info(f)


def update_form(
    ctx: AppContext,
    actor: UserInfo,
    form_id: str,
    answers: Mapping[str, int | None],
    *,
    overall: int | None = None,
    reasons: Iterable[str] = (),
    reason_text: str = "",
    respondent: Mapping[str, str] | None = None,
    dossier_code: str = "",
    confirm_duplicate: bool = False,
) -> FormInfo:
    """Correct a form already saved (same checks as ``add_form``); it keeps its number."""
    require(actor, Permission.SURVEY_ENTRY)
    with ctx.db.session(actor=actor) as s:
        f = s.get(SurveyForm, form_id)
        if f is None or f.voided:
            raise NotFound(_("This survey form does not exist."))
        b = _batch(s, f.batch_id)
        t = template_in(s, f.template_code, f.template_version)
        values, link, fp = _checked_form(
            s, b.id, t, answers, overall, reasons, reason_text, respondent, dossier_code,
            confirm_duplicate, skip_id=f.id,
        )  # fmt: skip
        for key, value in {**values, **link, "fingerprint": fp}.items():
            setattr(f, key, value)
        s.flush()
        return _form_info(f)


def delete_form(ctx: AppContext, actor: UserInfo, form_id: str) -> None:
    """Take a form back (marked void, kept for the district's copy); its number stays used."""
    require(actor, Permission.SURVEY_ENTRY)
    with ctx.db.session(actor=actor) as s:
        f = s.get(SurveyForm, form_id)
        if f is None or f.voided:
            raise NotFound(_("This survey form does not exist."))
        _batch(s, f.batch_id)
        f.voided = True


def close_batch(ctx: AppContext, actor: UserInfo, batch_id: str) -> BatchInfo:
    """Close a batch: its forms can no longer be added, changed or taken back."""
    require(actor, Permission.SURVEY_ENTRY)
    with ctx.db.session(actor=actor) as s:
        b = _batch(s, batch_id, open_=False)
        b.closed = True
        s.flush()
        return _batch_info(s, b)


def list_batches(ctx: AppContext, *, year: int | None = None) -> list[BatchInfo]:
    """Batches, newest survey date first (one year's if ``year`` is given)."""
    q = select(SurveyBatch).order_by(SurveyBatch.surveyed_on.desc(), SurveyBatch.created_at.desc())
    if year is not None:
        q = q.where(SurveyBatch.surveyed_on.between(date(year, 1, 1), date(year, 12, 31)))
    with ctx.db.session(readonly=True) as s:
        return [_batch_info(s, b) for b in s.scalars(q)]


def batch_forms(ctx: AppContext, batch_id: str) -> list[FormInfo]:
    """The batch's forms in the order typed (void ones left out)."""
    with ctx.db.session(readonly=True) as s:
        _batch(s, batch_id, open_=False)
        rows = s.scalars(
            select(SurveyForm)
            .where(SurveyForm.batch_id == batch_id, SurveyForm.voided.is_(False))
            .order_by(SurveyForm.number)
        )
        return [_form_info(f) for f in rows]
