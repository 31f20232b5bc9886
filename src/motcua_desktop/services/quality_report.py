"""The quality report (``motcua report --kind quality``) and the district's view per commune.

``quality_report`` gathers, for a period: the year's objectives, the checklist
runs made in it with their results, and the register (findings made in the
period and those still open at its end). ``quality_by_commune`` is the
district's table: declared or not, the latest audit and review, open and
overdue actions, and the total "X of Y communes declared".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from motcua_desktop.domain.nonconformity import NonconformityView
from motcua_desktop.domain.periods import Period
from motcua_desktop.domain.report_models import ObjectivesReport, ReportHeader
from motcua_desktop.i18n import _, ngettext
from motcua_desktop.services import quality_evidence  # noqa: F401  (registers its measure)
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.nonconformities import to_view
from motcua_desktop.services.quality_records import (
    QualityStatus,
    RunResult,
    quality_status,
    run_result,
)
from motcua_desktop.store.models import ChecklistRun, Commune, Nonconformity


@dataclass
class QualityReport:
    header: ReportHeader
    period: Period
    status: QualityStatus
    objectives: ObjectivesReport | None
    runs: list[RunResult]
    register: list[NonconformityView]
    generated_at: datetime
    as_of: date  # the day overdue actions are judged: the period's end, or today if sooner

    def as_dict(self) -> dict[str, Any]:
        today = self.as_of
        return {
            "kind": "quality",
            "header": {**asdict(self.header), "made_on": _iso(self.header.made_on)},
            "period": {
                "code": self.period.code(),
                "label": self.period.label(),
                "from": self.period.date_from.isoformat(),
                "to": self.period.date_to.isoformat(),
            },  # fmt: skip
            "status": self.status.as_dict(),
            "objectives": self.objectives.as_dict()["results"] if self.objectives else [],
            "checklists": [r.as_dict() for r in self.runs],
            "register": [nc.as_dict(today) for nc in self.register],
            "as_of": self.as_of.isoformat(),
            "generated_at": self.generated_at.isoformat(),
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def quality_report(
    ctx: AppContext, period: Period, *, origin_id: str | None = None, now: datetime | None = None
) -> QualityReport:
    """Objectives of the period's year, runs made in the period, and the register at its end."""
    from motcua_desktop.services.quality_objectives import evaluate
    from motcua_desktop.services.reports import report_header

    now = now or datetime.now().replace(microsecond=0)
    end = period.date_to
    as_of = min(end, now.date())
    objectives = evaluate(ctx, end.year, today=as_of, origin_id=origin_id)
    runs_q = select(ChecklistRun).where(
        ChecklistRun.run_on >= period.date_from, ChecklistRun.run_on <= end
    )
    register_q = select(Nonconformity).where(Nonconformity.found_on <= end)
    if origin_id is not None:
        runs_q = runs_q.where(ChecklistRun.origin_id == origin_id)
        register_q = register_q.where(Nonconformity.origin_id == origin_id)
    with ctx.db.session(readonly=True) as s:
        rows = s.scalars(runs_q.order_by(ChecklistRun.run_on, ChecklistRun.revision)).all()
        superseded = {r.supersedes_id for r in rows if r.supersedes_id}
        runs = [run_result(s, r) for r in rows if r.id not in superseded]
        register = [
            v
            for v in map(to_view, s.scalars(register_q.order_by(Nonconformity.found_on,
                                                                Nonconformity.number)))
            if v.found_on >= period.date_from
            or v.status != "verified"
            or (v.verified_on is not None and v.verified_on >= period.date_from)
        ]  # fmt: skip
    return QualityReport(
        header=report_header(ctx, now.date()),
        period=period,
        status=quality_status(ctx, today=as_of, origin_id=origin_id),
        objectives=objectives,
        runs=runs,
        register=register,
        generated_at=now,
        as_of=as_of,
    )


@dataclass(frozen=True)
class CommuneQuality:
    """One line of the district's quality table."""

    origin_id: str
    name: str
    agency_code: str
    status: QualityStatus

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "agency_code": self.agency_code, **self.status.as_dict()}


@dataclass(frozen=True)
class DeclaredTotal:
    declared: int
    communes: int

    @property
    def text(self) -> str:
        return ngettext(
            "{x} of {y} commune declared its quality system",
            "{x} of {y} communes declared their quality system",
            self.communes,
        ).format(x=self.declared, y=self.communes)


def quality_by_commune(ctx: AppContext, *, today: date | None = None) -> list[CommuneQuality]:
    """At the district: every registered commune's quality status, by name."""
    from motcua_desktop.services.district_import import require_district

    with ctx.db.session(readonly=True) as s:
        require_district(s)
        communes = s.execute(
            select(Commune.id, Commune.name, Commune.agency_code).order_by(
                Commune.name, Commune.agency_code
            )
        ).all()
    return [
        CommuneQuality(cid, name, code, quality_status(ctx, today=today, origin_id=cid))
        for cid, name, code in communes
    ]


def declared_total(rows: list[CommuneQuality]) -> DeclaredTotal:
    """The "X of Y communes declared" figure the seed articles report."""
    return DeclaredTotal(sum(1 for r in rows if r.status.declared), len(rows))


def district_quality(ctx: AppContext, *, today: date | None = None) -> dict[str, Any]:
    """The district's table and total as JSON-ready values."""
    rows = quality_by_commune(ctx, today=today)
    total = declared_total(rows)
    return {
        "communes": [r.as_dict() for r in rows],
        "declared": total.declared,
        "total": total.communes,
        "text": total.text,
        "title": _("Quality systems of the communes"),
    }


def checklist_pdf(ctx: AppContext, run_id: str, *, today: date | None = None) -> bytes:
    """The run as its PDF, with the program's figures beside the items that name one."""
    from motcua_desktop.documents.quality_checklist import build_checklist_pdf
    from motcua_desktop.services.checklists import run_view
    from motcua_desktop.services.quality_evidence import evidence_for_template
    from motcua_desktop.services.reports import report_header

    run = run_view(ctx, run_id)
    figures = {}
    if not run.closed:  # a signed run prints as signed; figures of today would not be its evidence
        figures = {k: e.text for k, e in evidence_for_template(ctx, run.template,
                                                               today=today or date.today()).items()}  # fmt: skip
    return build_checklist_pdf(run, report_header(ctx, today), figures)


def self_assessment_pdf(ctx: AppContext, run_id: str, *, today: date | None = None) -> bytes:
    """The closed annual self-inspection as the self-assessment report, with its findings."""
    from motcua_desktop.documents.quality_self_assessment import build_self_assessment_pdf
    from motcua_desktop.services.checklists import run_view
    from motcua_desktop.services.reports import report_header

    run = run_view(ctx, run_id)
    with ctx.db.session(readonly=True) as s:
        findings = [to_view(r) for r in s.scalars(
            select(Nonconformity).where(Nonconformity.run_id == run_id).order_by(Nonconformity.number))]  # fmt: skip
    return build_self_assessment_pdf(run, report_header(ctx, today), findings)


def register_pdf(ctx: AppContext, *, today: date | None = None, year: int | None = None) -> bytes:
    from motcua_desktop.documents.quality_register import build_register_pdf
    from motcua_desktop.services.nonconformities import register
    from motcua_desktop.services.reports import report_header

    today = today or date.today()
    return build_register_pdf(register(ctx, year=year), report_header(ctx, today), today=today)


def review_pdf(ctx: AppContext, record_id: str, *, today: date | None = None) -> bytes:
    from motcua_desktop.documents.quality_review import build_review_pdf
    from motcua_desktop.services.quality_records import get_record
    from motcua_desktop.services.reports import report_header

    return build_review_pdf(get_record(ctx, record_id), report_header(ctx, today))
