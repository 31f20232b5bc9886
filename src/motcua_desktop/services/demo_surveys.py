"""A realistic year of demo surveys: a monthly batch of 80–120 paper forms and the evaluations
of about a third of the dossiers returned, written in bulk (through the change log, so they
travel to the district like typed ones).

About 95 % of answers are satisfied (level 4 or 5), varying month by month; a
few answers are left blank, a few forms are all blank, the dissatisfied ones
tick reasons; a share of the forms carry the code of a dossier returned in the
month before the survey, which links the procedure and the official.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from motcua_desktop.domain.survey_results import evaluation_points
from motcua_desktop.domain.survey_template import SurveyTemplate
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.survey_templates import active_in, keep_template
from motcua_desktop.services.surveys import _fingerprint
from motcua_desktop.store.changelog import bulk_insert_synced
from motcua_desktop.store.models import (
    Dossier,
    DossierEvaluation,
    SurveyBatch,
    SurveyForm,
    User,
    new_id,
)

COMMENTS = (
    "Đề nghị bố trí thêm ghế ngồi chờ.",
    "Cần niêm yết rõ hơn mức lệ phí.",
    "Công chức hướng dẫn nhiệt tình.",
    "Nên có số điện thoại để hỏi tình trạng hồ sơ.",
    "Phòng chờ hơi nóng vào buổi trưa.",
)
REASON_WEIGHTS = {"waiting": 5, "visits": 4, "guidance": 3, "late": 3, "facilities": 2,
                  "attitude": 1, "extra_papers": 1}  # fmt: skip
_TIMELINESS_POINTS = {"early": 2, "on_time": 1, "late": 0}


@dataclass(frozen=True)
class SurveySeed:
    batches: int
    forms: int
    evaluations: int


def _months(today: date) -> list[date]:
    """The survey day of each of the 12 months ending with ``today``'s (the 25th, or today)."""
    out = []
    y, m = today.year, today.month
    for _ in range(12):
        day = min(date(y, m, 25), today)
        while day.weekday() >= 5:  # the survey is collected on a working day
            day -= timedelta(days=1)
        out.append(day)
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return sorted(out)


def _level(rng: random.Random, happy: bool) -> int:
    if happy:
        return rng.choices((5, 4, 3), (55, 42, 3))[0]
    return rng.choices((4, 3, 2, 1), (20, 40, 30, 10))[0]


def _form(rng, t: SurveyTemplate, happy_share: float, dossier) -> dict:
    happy = rng.random() < happy_share
    all_blank = rng.random() < 0.01
    answers = {q.id: None if all_blank or rng.random() < 0.02 else _level(rng, happy)
               for q in t.questions}  # fmt: skip
    overall = None if all_blank or rng.random() < 0.03 else _level(rng, happy)
    unhappy = [v for v in (*answers.values(), overall) if v is not None and v <= 3]
    reasons: list[str] = []
    ids = [r.id for r in t.reasons]
    if unhappy and ids and rng.random() < 0.8:
        weights = [REASON_WEIGHTS.get(i, 1) for i in ids]
        reasons = sorted(set(rng.choices(ids, weights, k=rng.choice((1, 1, 2)))))
    text = rng.choice(COMMENTS) if rng.random() < 0.04 else ""
    who = {}
    if rng.random() < 0.7:
        who = {"age": rng.choice(("under25", "25-34", "35-49", "35-49", "50-64", "65plus")),
               "sex": rng.choice(("male", "female"))}  # fmt: skip
    missing = sum(1 for v in answers.values() if v is None) + (overall is None)
    link = dict(dossier_id=None, dossier_code="", procedure_code="", official_name="")
    if dossier is not None:
        link = dict(dossier_id=dossier[0], dossier_code=dossier[1], procedure_code=dossier[2],
                    official_name=dossier[3] or "")  # fmt: skip
    return dict(answers=answers, overall=overall, reasons=reasons, reason_text=text,
                respondent=who, missing=missing, **link)  # fmt: skip


def _evaluation(rng: random.Random, d) -> dict:
    scores = {str(i): None for i in range(1, 10)}
    scores["1"] = _TIMELINESS_POINTS.get(d.timeliness)
    n = d.supplement_count or 0
    scores["3"] = 2 if n == 0 else (1 if n == 1 else 0)
    scores["4"] = rng.choices((2, 1), (9, 1))[0]
    scores["6"] = 2
    scores["7"] = rng.choices((2, 1, 0), (90, 9, 1))[0]
    points, max_points = evaluation_points(scores)
    return dict(scores=scores, points=points, max_points=max_points,
                item10=rng.choices((3, 2, 1), (55, 42, 3))[0],
                item11=rng.choices((3, 2, 1), (55, 42, 3))[0])  # fmt: skip


def seed_surveys(ctx: AppContext, *, today: date, seed: int = 1) -> SurveySeed:
    """Seed a year of surveys ending ``today``; does nothing if any batch exists already."""
    rng = random.Random(seed)
    with ctx.db.session() as s:
        if s.scalar(select(func.count()).select_from(SurveyBatch)):
            return SurveySeed(0, 0, 0)
        actor = s.scalar(select(User.id).order_by(User.role == "clerk", User.created_at).limit(1))
        sat, ev = active_in(s, "satisfaction"), active_in(s, "evaluation")
        keep_template(s, sat, actor)
        keep_template(s, ev, actor)
        returned = s.execute(
            select(Dossier.id, Dossier.code, Dossier.procedure_code, Dossier.handling_official_name,
                   Dossier.returned_at, Dossier.timeliness, Dossier.supplement_count)
            .where(Dossier.returned_at.is_not(None), Dossier.returned_at <= datetime.combine(today, time.max))
            .order_by(Dossier.returned_at)
        ).all()  # fmt: skip
        batches, forms = [], []
        for day in _months(today):
            batch_id = new_id()
            at = datetime.combine(day, time(15, 30))
            batches.append(dict(id=batch_id, template_code=sat.code, template_version=sat.version,
                                surveyed_on=day, label=f"Tháng {day.month}/{day.year}",
                                entered_by=actor, closed=day < today, created_at=at))  # fmt: skip
            recent = [d for d in returned if day - timedelta(days=31) < d.returned_at.date() <= day]
            happy_share = rng.uniform(0.93, 0.985)
            for number in range(1, rng.randint(80, 120) + 1):
                dossier = rng.choice(recent) if recent and rng.random() < 0.4 else None
                values = _form(rng, sat, happy_share, dossier)
                fp_keys = ("answers", "overall", "reasons", "reason_text", "respondent")
                fp = _fingerprint(batch_id, {k: values[k] for k in fp_keys}, values["dossier_code"])
                forms.append(dict(id=new_id(), batch_id=batch_id, number=number,
                                  template_code=sat.code, template_version=sat.version,
                                  surveyed_on=day, fingerprint=fp, entered_at=at,
                                  entered_by=actor, created_at=at, **values))  # fmt: skip
        evaluations = [
            dict(id=new_id(), dossier_id=d.id, template_code=ev.code, template_version=ev.version,
                 source="desk", evaluated_at=d.returned_at, evaluated_by=actor,
                 created_at=d.returned_at, **_evaluation(rng, d))
            for d in returned
            if rng.random() < 0.35
        ]  # fmt: skip
        bulk_insert_synced(s, SurveyBatch, batches, actor=actor)
        bulk_insert_synced(s, SurveyForm, forms, actor=actor)
        bulk_insert_synced(s, DossierEvaluation, evaluations, actor=actor)
    return SurveySeed(len(batches), len(forms), len(evaluations))
