"""A period's satisfaction forms summed up: overall, per factor, procedure and official; the report.

The arithmetic of each figure is in ``domain.survey_results``; this module
walks the forms once, reading each against the template (code and version)
it was typed with, and holds the result as ``SatisfactionReport``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from motcua_desktop.domain.periods import Period
from motcua_desktop.domain.report_models import ReportHeader
from motcua_desktop.domain.survey_results import (
    SMALL_SAMPLE,
    EvaluationSummary,
    Rate,
    RateTally,
    ReasonCount,
    rank_reasons,
)
from motcua_desktop.domain.survey_template import SurveyTemplate, version_key
from motcua_desktop.i18n import _

OVERALL_KEY = "overall"


@dataclass(frozen=True)
class FormAnswers:
    """One form as the arithmetic needs it: answers by question id (None = blank)."""

    template_code: str
    template_version: str
    answers: Mapping[str, int | None]
    overall: int | None = None
    reasons: tuple[str, ...] = ()
    reason_text: str = ""
    procedure_code: str = ""
    procedure_name: str = ""
    official_name: str = ""


@dataclass(frozen=True)
class FormSummary:
    forms: int
    blank_forms: int  # forms without a single answer
    overall: Rate  # every answer of every question
    overall_question: Rate  # the overall question alone
    factors: tuple[Rate, ...]
    procedures: tuple[Rate, ...]
    officials: tuple[Rate, ...]
    reasons: tuple[ReasonCount, ...]
    comments: tuple[str, ...]  # the free-text reasons, in the order typed


def _by_rate(tallies: Iterable[RateTally]) -> tuple[Rate, ...]:
    """Most forms first, then by name: the figures with the most behind them lead."""
    return tuple(sorted((t.result() for t in tallies), key=lambda r: (-r.forms, r.label, r.key)))


def summarise_forms(
    forms: Iterable[FormAnswers], templates: Mapping[tuple[str, str], SurveyTemplate]
) -> FormSummary:
    """Sum up ``forms``; answers to a question its template does not have are ignored.

    Factors are matched by id across template versions and listed in the
    order of the newest template that has them.
    """
    overall = RateTally(OVERALL_KEY, _("All questions"))
    question = RateTally(OVERALL_KEY, _("Overall question"))
    factors: dict[str, RateTally] = {}
    procedures: dict[str, RateTally] = {}
    officials: dict[str, RateTally] = {}
    reason_texts: dict[str, str] = {}
    chosen: list[tuple[str, ...]] = []
    comments: list[str] = []
    n = blank = 0
    for t in sorted(templates.values(), key=lambda t: version_key(t.version), reverse=True):
        for f in t.factors:
            factors.setdefault(f.id, RateTally(f.id, f.title))
        for r in t.reasons:
            reason_texts.setdefault(r.id, r.text)
    for form in forms:
        n += 1
        template = templates.get((form.template_code, form.template_version))
        known = {q.id: q for q in template.questions} if template else {}
        levels = [form.answers.get(qid) for qid in known]
        if all(v is None for v in levels) and form.overall is None:
            blank += 1
        overall.add_form(levels)
        if form.overall is not None:
            question.add_form([form.overall])
        for f in template.factors if template else ():
            answers = [form.answers.get(q.id) for q in template.factor_questions(f.id)]
            if any(v is not None for v in answers):
                factors.setdefault(f.id, RateTally(f.id, f.title)).add_form(answers)
        if form.procedure_code or form.procedure_name:
            key = form.procedure_code or form.procedure_name
            label = form.procedure_name or form.procedure_code
            procedures.setdefault(key, RateTally(key, label)).add_form(levels)
        if form.official_name.strip():
            name = form.official_name.strip()
            officials.setdefault(name, RateTally(name, name)).add_form(levels)
        chosen.append(tuple(form.reasons))
        if form.reason_text.strip():
            comments.append(form.reason_text.strip())
    return FormSummary(
        forms=n,
        blank_forms=blank,
        overall=overall.result(),
        overall_question=question.result(),
        factors=tuple(t.result() for t in factors.values()),
        procedures=_by_rate(procedures.values()),
        officials=_by_rate(officials.values()),
        reasons=tuple(rank_reasons(chosen, reason_texts, n)),
        comments=tuple(comments),
    )


@dataclass(frozen=True)
class SatisfactionReport:
    """The survey report of a period: forms, rates, reasons, evaluations; ``as_dict`` for JSON."""

    header: ReportHeader
    period: Period
    summary: FormSummary
    evaluations: EvaluationSummary
    templates: tuple[str, ...] = ()  # "code version" of the templates the forms used
    made_on: date | None = None
    scope: str = ""  # the commune's name at the district's drill-down
    small_sample_limit: int = SMALL_SAMPLE
    batches: int = 0
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        return self.summary.overall.rate

    def as_dict(self) -> dict:
        s = self.summary
        h = self.header
        return {
            "kind": "satisfaction",
            "header": {
                "reporting_unit": h.reporting_unit,
                "parent_unit": h.parent_unit,
                "receiving_unit": h.receiving_unit,
                "place": h.place,
                "made_on": h.made_on.isoformat() if h.made_on else None,
                "preparer": h.preparer,
                "signer_title": h.signer_title,
                "signer_name": h.signer_name,
            },
            "period": {
                "code": self.period.code(),
                "label": self.period.label(),
                "from": self.period.date_from.isoformat(),
                "to": self.period.date_to.isoformat(),
            },
            "scope": self.scope,
            "batches": self.batches,
            "forms": s.forms,
            "blank_forms": s.blank_forms,
            "small_sample_limit": self.small_sample_limit,
            "templates": list(self.templates),
            "rate": s.overall.rate,
            "overall": s.overall.as_dict(),
            "overall_question": s.overall_question.as_dict(),
            "factors": [r.as_dict() for r in s.factors],
            "procedures": [r.as_dict() for r in s.procedures],
            "officials": [r.as_dict() for r in s.officials],
            "reasons": [r.as_dict() for r in s.reasons],
            "comments": list(s.comments),
            "evaluations": self.evaluations.as_dict(),
        }
