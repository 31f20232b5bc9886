"""The survey report of a period, the district's view per commune, and the satisfaction measure.

Importing this module registers ``satisfaction_rate`` with
``services.quality_objectives`` (the quality objectives and the dashboard read
it from there). Forms count in the period of their survey date; evaluations in
the period they were recorded. The evaluation grade bands are the program's
default (``domain.survey_results.DEFAULT_GRADE_BANDS``) unless the
"evaluation_grades" setting holds others: ``[[90, "good"], [75, "fair"], …]``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.periods import Period
from motcua_desktop.domain.survey_results import (
    DEFAULT_GRADE_BANDS,
    GRADE_LABELS,
    SMALL_SAMPLE,
    EvaluationLine,
    RateTally,
    grade,
    percent,
    summarise_evaluations,
)
from motcua_desktop.domain.survey_summary import FormAnswers, SatisfactionReport, summarise_forms
from motcua_desktop.i18n import _, format_number, ngettext
from motcua_desktop.services import reports, settings
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.district_import import require_district
from motcua_desktop.services.quality_objectives import register_measure
from motcua_desktop.services.survey_templates import templates_in
from motcua_desktop.store.models import (
    Commune,
    Dossier,
    DossierEvaluation,
    ProcedureRow,
    SurveyBatch,
    SurveyForm,
)

GRADES_KEY = "evaluation_grades"


def grade_bands(s: Session) -> tuple[tuple[float, str], ...]:
    """The grade bands in use: the setting if it is well formed, else the default."""
    value = settings.read(s, GRADES_KEY)
    try:
        bands = tuple((float(lowest), str(key)) for lowest, key in value)
    except (TypeError, ValueError):
        return DEFAULT_GRADE_BANDS
    return bands if bands and all(k in GRADE_LABELS for _l, k in bands) else DEFAULT_GRADE_BANDS


def _forms_query(period: Period, origin_id: str | None):
    q = (
        select(SurveyForm, Dossier.procedure_name)
        .outerjoin(Dossier, Dossier.id == SurveyForm.dossier_id)
        .where(
            SurveyForm.surveyed_on.between(period.date_from, period.date_to),
            SurveyForm.voided.is_(False),
        )
        .order_by(SurveyForm.surveyed_on, SurveyForm.batch_id, SurveyForm.number)
    )
    return q.where(SurveyForm.origin_id == origin_id) if origin_id else q


def _form_answers(s: Session, period: Period, origin_id: str | None) -> list[FormAnswers]:
    names = dict(s.execute(select(ProcedureRow.code, ProcedureRow.name)).all())
    out = []
    for f, dossier_procedure in s.execute(_forms_query(period, origin_id)):
        named = (f.respondent or {}).get("procedure", "")
        out.append(
            FormAnswers(
                f.template_code,
                f.template_version,
                dict(f.answers or {}),
                f.overall,
                tuple(f.reasons or ()),
                f.reason_text,
                f.procedure_code,
                dossier_procedure or names.get(f.procedure_code, "") or named,
                f.official_name,
            )  # fmt: skip
        )
    return out


def _evaluation_lines(s: Session, period: Period, origin_id: str | None) -> list[EvaluationLine]:
    start, end = period.bounds()
    q = (
        select(
            DossierEvaluation, Dossier.code, Dossier.procedure_name, Dossier.handling_official_name
        )  # fmt: skip
        .join(Dossier, Dossier.id == DossierEvaluation.dossier_id)
        .where(DossierEvaluation.evaluated_at >= start, DossierEvaluation.evaluated_at < end)
        .order_by(DossierEvaluation.evaluated_at, Dossier.code)
    )
    if origin_id:
        q = q.where(DossierEvaluation.origin_id == origin_id)
    return [
        EvaluationLine(
            code, name, official or "", e.points, e.max_points, e.item10, e.item11, e.source
        )  # fmt: skip
        for e, code, name, official in s.execute(q)
    ]


def satisfaction_report(
    ctx: AppContext, period: Period, *, origin_id: str | None = None, made_on: date | None = None
) -> SatisfactionReport:
    """The survey report for ``period``; ``origin_id``: one commune's forms at the district."""
    header = reports.report_header(ctx, made_on)
    with ctx.db.session(readonly=True) as s:
        templates = templates_in(s)
        forms = _form_answers(s, period, origin_id)
        used = {(f.template_code, f.template_version) for f in forms}
        summary = summarise_forms(
            forms, {k: t for k, t in templates.items() if t.kind == "satisfaction"}
        )
        evaluations = summarise_evaluations(_evaluation_lines(s, period, origin_id), grade_bands(s))
        q = (
            select(func.count())
            .select_from(SurveyBatch)
            .where(SurveyBatch.surveyed_on.between(period.date_from, period.date_to))
        )
        if origin_id:
            q = q.where(SurveyBatch.origin_id == origin_id)
        batches = int(s.scalar(q) or 0)
        scope = s.scalar(select(Commune.name).where(Commune.id == origin_id)) if origin_id else ""
    return SatisfactionReport(
        header=header,
        period=period,
        summary=summary,
        evaluations=evaluations,
        templates=tuple(f"{code} {version}" for code, version in sorted(used)),
        made_on=header.made_on,
        scope=scope or "",
        batches=batches,
    )


@dataclass(frozen=True)
class CommuneSatisfaction:
    """One commune's line in the district's survey table."""

    origin_id: str
    name: str
    agency_code: str
    forms: int
    answered: int
    satisfied: int
    evaluations: int
    evaluation_share: float | None  # % of the points possible
    evaluation_grade: str

    @property
    def rate(self) -> float | None:
        return percent(self.satisfied, self.answered)

    @property
    def small_sample(self) -> bool:
        return self.forms < SMALL_SAMPLE

    def as_dict(self) -> dict:
        return {
            "origin_id": self.origin_id,
            "name": self.name,
            "agency_code": self.agency_code,
            "forms": self.forms,
            "answered": self.answered,
            "satisfied": self.satisfied,
            "rate": self.rate,
            "small_sample": self.small_sample,
            "evaluations": self.evaluations,
            "evaluation_share": self.evaluation_share,
            "evaluation_grade": self.evaluation_grade,
        }


def satisfaction_by_commune(ctx: AppContext, period: Period) -> list[CommuneSatisfaction]:
    """At the district: every registered commune's forms, satisfaction rate and evaluations."""
    start, end = period.bounds()
    with ctx.db.session(readonly=True) as s:
        require_district(s)
        templates = templates_in(s)
        tallies: dict[str, RateTally] = defaultdict(lambda: RateTally("", ""))
        q = select(SurveyForm.origin_id, SurveyForm.template_code, SurveyForm.template_version,
                   SurveyForm.answers).where(
            SurveyForm.surveyed_on.between(period.date_from, period.date_to),
            SurveyForm.voided.is_(False),
        )  # fmt: skip
        for origin, code, version, answers in s.execute(q):
            t = templates.get((code, version))
            ids = [qq.id for qq in t.questions] if t else list(answers or {})
            tallies[origin].add_form((answers or {}).get(i) for i in ids)
        points = {
            origin: (int(n), int(p or 0), int(m or 0))
            for origin, n, p, m in s.execute(
                select(
                    DossierEvaluation.origin_id,
                    func.count(),
                    func.sum(DossierEvaluation.points),
                    func.sum(DossierEvaluation.max_points),
                )
                .where(
                    DossierEvaluation.evaluated_at >= start, DossierEvaluation.evaluated_at < end
                )
                .group_by(DossierEvaluation.origin_id)
            )  # fmt: skip
        }
        bands = grade_bands(s)
        communes = s.scalars(select(Commune).order_by(Commune.name, Commune.agency_code)).all()
        lines = []
        for c in communes:
            r = tallies[c.id].result() if c.id in tallies else None
            n, p, m = points.get(c.id, (0, 0, 0))
            share = percent(p, m)
            lines.append(CommuneSatisfaction(
                c.id, c.name, c.agency_code, r.forms if r else 0, r.answered if r else 0,
                r.satisfied if r else 0, n, share, grade(share, bands),
            ))  # fmt: skip
        return lines


def satisfaction_measure(
    ctx: AppContext, period: Period, origin_id: str | None
) -> tuple[float | None, int, str]:
    """The ``satisfaction_rate`` measure: (rate, forms behind it, the basis in words)."""
    with ctx.db.session(readonly=True) as s:
        forms = _form_answers(s, period, origin_id)
        summary = summarise_forms(
            forms, {k: t for k, t in templates_in(s).items() if t.kind == "satisfaction"}
        )
    r = summary.overall
    basis = ngettext(
        "{satisfied} of {answered} answers satisfied or very satisfied, on {n} survey form",
        "{satisfied} of {answered} answers satisfied or very satisfied, on {n} survey forms",
        r.forms,
    ).format(
        satisfied=format_number(r.satisfied),
        answered=format_number(r.answered),
        n=format_number(r.forms),
    )
    if r.forms and r.small_sample:
        basis += " " + _("(fewer than {n} forms: too few to mean much)").format(n=SMALL_SAMPLE)
    return r.rate, r.forms, basis


register_measure("satisfaction_rate", satisfaction_measure)
