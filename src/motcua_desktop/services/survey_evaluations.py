"""The per-dossier evaluation: nine 0/1/2 indicators and items 10–11, at the return desk or on paper.

Indicators 1–3 can be suggested from the dossier's own record (the clerk
confirms or changes them): 1 from the return against the appointment (early
2, on time 1, late 0), 2 from the hand-over steps (all early 2, none late 1,
one late 0), 3 from the supplement requests (none 2, one 1, more 0). A
dossier has one evaluation; recording again replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import NotFound, ValidationError
from motcua_desktop.domain.roles import Permission
from motcua_desktop.domain.search_query import code_in_text
from motcua_desktop.domain.survey_results import evaluation_points
from motcua_desktop.domain.survey_template import INDICATOR_IDS, SurveyTemplate
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.survey_templates import active_in, keep_template
from motcua_desktop.services.users import UserInfo
from motcua_desktop.store.models import Dossier, DossierEvaluation, Handover, now

SOURCES = ("desk", "paper")
_TIMELINESS_POINTS = {"early": 2, "on_time": 1, "late": 0}


@dataclass(frozen=True)
class EvaluationInfo:
    id: str
    dossier_code: str
    template_code: str
    template_version: str
    scores: dict[str, int | None]
    item10: int | None
    item11: int | None
    points: int
    max_points: int
    source: str
    evaluated_at: datetime


@dataclass(frozen=True)
class EvaluationSuggestion:
    """Scores read from the dossier's record, and why, in plain words, for each."""

    dossier_code: str
    scores: dict[str, int | None]
    why: dict[str, str]


def _dossier(s: Session, text: str) -> Dossier:
    code = code_in_text(text or "") or (text or "").strip().upper()
    row = s.scalar(select(Dossier).where(Dossier.code == code)) if code else None
    if row is None:
        raise NotFound(_("No dossier has the code {code}.").format(code=code or "–"),
                       field="dossier_code")  # fmt: skip
    return row


def _info(e: DossierEvaluation, code: str) -> EvaluationInfo:
    return EvaluationInfo(e.id, code, e.template_code, e.template_version, dict(e.scores),
                          e.item10, e.item11, e.points, e.max_points, e.source,
                          e.evaluated_at)  # fmt: skip


def suggest_evaluation(ctx: AppContext, dossier_code: str) -> EvaluationSuggestion:
    """Indicators 1–3 from the dossier's record where it tells; the rest left to the clerk."""
    with ctx.db.session(readonly=True) as s:
        d = _dossier(s, dossier_code)
        steps = [r for r in s.scalars(select(Handover.result).where(Handover.dossier_id == d.id))
                 if r]  # fmt: skip
        scores: dict[str, int | None] = dict.fromkeys(INDICATOR_IDS)
        why: dict[str, str] = {}
        if d.timeliness in _TIMELINESS_POINTS:
            scores["1"] = _TIMELINESS_POINTS[d.timeliness]
            why["1"] = {
                "early": _("Returned before the appointment."),
                "on_time": _("Returned on the appointment day."),
                "late": _("Returned after the appointment."),
            }[d.timeliness]
        if steps:
            late = sum(1 for r in steps if r == "late")
            scores["2"] = 0 if late else (2 if all(r == "early" for r in steps) else 1)
            why["2"] = (
                _("{n} of {total} hand-over steps were late.").format(n=late, total=len(steps))
                if late
                else _("No hand-over step was late.")
            )
        n = d.supplement_count or 0
        scores["3"] = 2 if n == 0 else (1 if n == 1 else 0)
        why["3"] = _("Supplements requested: {n}.").format(n=n)
        return EvaluationSuggestion(d.code, scores, why)


def _check(t: SurveyTemplate, scores: Mapping, item10, item11) -> dict[str, int | None]:
    clean: dict[str, int | None] = dict.fromkeys(i.id for i in t.indicators)
    for key, value in scores.items():
        ind = t.indicator(str(key))
        if ind is None:
            raise ValidationError(_("There is no indicator {id}.").format(id=key),
                                  field=f"scores.{key}")  # fmt: skip
        if value is not None and (isinstance(value, bool) or value not in ind.values):
            raise ValidationError(
                _("Indicator {id} is scored 0, 1 or 2 points, not “{value}”.").format(
                    id=key, value=value),
                field=f"scores.{key}",
            )  # fmt: skip
        clean[ind.id] = value
    for qid, value in (("10", item10), ("11", item11)):
        q = t.question(qid)
        if value is not None and (q is None or isinstance(value, bool) or value not in q.values):
            raise ValidationError(_("“{value}” is not an answer to item {id}.").format(
                value=value, id=qid), field=f"item{qid}")  # fmt: skip
    return clean


def record_evaluation(
    ctx: AppContext,
    actor: UserInfo,
    dossier_code: str,
    scores: Mapping[str | int, int | None],
    *,
    item10: int | None = None,
    item11: int | None = None,
    source: str = "desk",
    at: datetime | None = None,
) -> EvaluationInfo:
    """Save the dossier's evaluation (unscored indicators as None); replaces an earlier one."""
    require(actor, Permission.SURVEY_ENTRY)
    if source not in SOURCES:
        raise ValidationError(_("The source must be “desk” or “paper”."), field="source")
    with ctx.db.session(actor=actor) as s:
        d = _dossier(s, dossier_code)
        t = active_in(s, "evaluation")
        clean = _check(t, scores, item10, item11)
        points, max_points = evaluation_points(clean)
        keep_template(s, t, actor.id)
        e = s.scalar(select(DossierEvaluation).where(DossierEvaluation.dossier_id == d.id))
        values = dict(template_code=t.code, template_version=t.version, scores=clean,
                      item10=item10, item11=item11, points=points, max_points=max_points,
                      source=source, evaluated_at=at or now(), evaluated_by=actor.id)  # fmt: skip
        if e is None:
            e = DossierEvaluation(dossier_id=d.id, created_by=actor.id, **values)
            s.add(e)
        else:
            for key, value in values.items():
                setattr(e, key, value)
        s.flush()
        return _info(e, d.code)


def get_evaluation(ctx: AppContext, dossier_code: str) -> EvaluationInfo | None:
    """The dossier's evaluation, or None if it has none yet."""
    with ctx.db.session(readonly=True) as s:
        d = _dossier(s, dossier_code)
        e = s.scalar(select(DossierEvaluation).where(DossierEvaluation.dossier_id == d.id))
        return _info(e, d.code) if e is not None else None
