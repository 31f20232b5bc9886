"""The commune's yearly quality objectives: kept as rows that travel to the district, and measured.

Objectives are ``QualityObjective`` rows (synced, and sent up in data bundles;
at the district each commune's rows carry its ``origin_id``). Removing one
deactivates it: configuration rows are never deleted. :func:`evaluate`
measures each objective over the year so far (the whole year once it is over)
and judges it with ``domain.quality_objectives.judge``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import NotAllowed, NotFound, ValidationError
from motcua_desktop.domain.periods import Period, date_range, year_period
from motcua_desktop.domain.quality_objectives import (
    MEASURES,
    Objective,
    judge,
    validate_objective,
)
from motcua_desktop.domain.report_ii06a import II06aCounts
from motcua_desktop.domain.report_models import ObjectiveResult, ObjectivesReport
from motcua_desktop.domain.roles import Permission, roles_with
from motcua_desktop.i18n import _, format_number, format_ui_date, format_ui_datetime, ngettext
from motcua_desktop.services import reports
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.report_figures import pending_overdue_at
from motcua_desktop.store.models import QualityObjective

# provider(ctx, period, origin_id) -> (actual or None, how many items behind it, basis in words)
Provider = Callable[[AppContext, Period, "str | None"], tuple["float | None", int, str]]
_PROVIDERS: dict[str, Provider] = {}
# Modules that register their measures when imported: the surveys and the ISO records.
PROVIDER_MODULES = (
    "motcua_desktop.services.survey_report",
    "motcua_desktop.services.quality_evidence",
)
EDITOR_ROLES = roles_with(Permission.QUALITY_OBJECTIVES)
II06A_MEASURES = ("on_time_rate", "late_rate", "completion_rate", "online_rate")


def register_measure(key: str, provider: Provider) -> None:
    """Let another part of the program measure ``key`` (surveys: ``satisfaction_rate``)."""
    if key not in MEASURES or key in (*II06A_MEASURES, "overdue_pending", "manual"):
        raise ValueError(f"{key!r} is not a measure another module can provide")
    _PROVIDERS[key] = provider


def unregister_measure(key: str) -> None:
    _PROVIDERS.pop(key, None)


def load_providers() -> None:
    """Import the modules that provide measures, so they have registered before anyone asks."""
    for name in PROVIDER_MODULES:
        importlib.import_module(name)


def measure_provider(key: str) -> Provider | None:
    load_providers()
    return _PROVIDERS.get(key)


def _info(row: QualityObjective) -> Objective:
    return Objective(
        id=row.id,
        year=row.year,
        position=row.position,
        measure=row.measure,
        title=row.title,
        comparator=row.comparator,
        target=row.target,
        manual_actual=row.manual_actual,
        note=row.note,
    )


def _rows(s: Session, year: int, origin_id: str | None) -> list[QualityObjective]:
    q = select(QualityObjective).where(
        QualityObjective.year == year,
        QualityObjective.active.is_(True),
        QualityObjective.origin_id.is_(None)
        if origin_id is None
        else QualityObjective.origin_id == origin_id,
    )
    return list(s.scalars(q.order_by(QualityObjective.position, QualityObjective.created_at)))


def list_objectives(ctx: AppContext, year: int, *, origin_id: str | None = None) -> list[Objective]:
    """The year's objectives in their order; at the district ``origin_id`` picks a commune's."""
    with ctx.db.session(readonly=True) as s:
        return [_info(r) for r in _rows(s, year, origin_id)]


def _require_editor(actor: Any) -> str:
    require(actor, Permission.QUALITY_OBJECTIVES)
    return actor.id


def _check_year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError(_("The year must be between 2000 and 2100."), field="year")
    return year


def _own(s: Session, objective_id: str) -> QualityObjective:
    row = s.get(QualityObjective, objective_id)
    if row is None or not row.active:
        raise NotFound(_("That quality objective does not exist or was removed."))
    if row.origin_id is not None:
        raise NotAllowed(_("A commune's objectives are changed at the commune, not here."))
    return row


def save_objective(
    ctx: AppContext,
    actor: Any,
    *,
    year: int,
    measure: str,
    title: str,
    comparator: str,
    target: float,
    objective_id: str | None = None,
    manual_actual: float | None = None,
    note: str = "",
) -> Objective:
    """Add an objective (last in the year's order) or change the one ``objective_id`` names."""
    actor_id = _require_editor(actor)
    _check_year(year)
    _m, clean, target, actual = validate_objective(
        measure, title, comparator, target, manual_actual
    )
    values = {
        "year": year,
        "measure": measure,
        "title": clean,
        "comparator": comparator,
        "target": target,
        "manual_actual": actual,
        "note": (note or "").strip(),
    }
    with ctx.db.session(actor=actor) as s:
        if objective_id is None:
            last = s.scalar(
                select(func.max(QualityObjective.position)).where(
                    QualityObjective.year == year, QualityObjective.origin_id.is_(None)
                )
            )
            row = QualityObjective(position=(last or 0) + 1, created_by=actor_id, **values)
            s.add(row)
        else:
            row = _own(s, objective_id)
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
        s.flush()
        return _info(row)


def remove_objective(ctx: AppContext, actor: Any, objective_id: str) -> None:
    """Take an objective off the year's list (the row stays, inactive, and travels so)."""
    _require_editor(actor)
    with ctx.db.session(actor=actor) as s:
        _own(s, objective_id).active = False


def _add_missing(ctx: AppContext, actor: Any, year: int, wanted: list[dict]) -> list[Objective]:
    actor_id = _require_editor(actor)
    _check_year(year)
    with ctx.db.session(actor=actor) as s:
        rows = _rows(s, year, None)
        have = {(r.measure, r.title) for r in rows}
        position = max((r.position for r in rows), default=0)
        for item in wanted:
            validate_objective(item["measure"], item["title"], item["comparator"], item["target"])
            if (item["measure"], item["title"]) in have:
                continue
            position += 1
            s.add(QualityObjective(year=year, position=position, created_by=actor_id, **item))
            have.add((item["measure"], item["title"]))
        s.flush()
        return [_info(r) for r in _rows(s, year, None)]


def copy_year(ctx: AppContext, actor: Any, from_year: int, to_year: int) -> list[Objective]:
    """Carry last year's objectives into a new year (targets kept, hand-entered actuals not).

    Objectives already in ``to_year`` (same measure and title) are not doubled.
    """
    source = list_objectives(ctx, _check_year(from_year))
    if not source:
        raise NotFound(
            _("There are no quality objectives for {year} to copy.").format(year=from_year)
        )
    wanted = [
        {
            "measure": o.measure,
            "title": o.title,
            "comparator": o.comparator,
            "target": o.target,
            "note": o.note,
        }
        for o in source
    ]
    return _add_missing(ctx, actor, to_year, wanted)


def default_objectives() -> list[dict]:
    """The examples of DOMAIN.md, titled in the UI language."""
    return [
        {"measure": "on_time_rate", "title": _("Dossiers resolved on time or early"),
         "comparator": ">=", "target": 98.0, "note": ""},
        {"measure": "satisfaction_rate", "title": _("Citizens and organisations satisfied"),
         "comparator": ">=", "target": 96.0, "note": ""},
        {"measure": "procedures_with_process",
         "title": _("Procedures with a written internal process"),
         "comparator": ">=", "target": 100.0, "note": ""},
        {"measure": "manual", "title": _("Staff trained in the quality management system"),
         "comparator": ">=", "target": 100.0, "note": ""},
    ]  # fmt: skip


def seed_defaults(ctx: AppContext, actor: Any, year: int) -> list[Objective]:
    """Add the usual objectives to ``year`` (those already there are left alone)."""
    return _add_missing(ctx, actor, year, default_objectives())


def evaluation_period(year: int, today: date, cut_day: int) -> Period:
    """The year to ``today`` while it runs; the whole year before it starts or once it is over."""
    whole = year_period(year, cut_day=cut_day)
    if whole.date_from <= today < whole.date_to:
        return date_range(whole.date_from, today)
    return whole


class _Measurer:
    """Works out each measure once per evaluation; II.06a is counted only if needed."""

    def __init__(self, ctx: AppContext, period: Period, origin_id: str | None) -> None:
        self.ctx, self.period, self.origin_id = ctx, period, origin_id
        self._counts: II06aCounts | None = None

    @property
    def counts(self) -> II06aCounts:
        if self._counts is None:
            report = reports.ii06a(self.ctx, self.period, origin_id=self.origin_id)
            self._counts = report.total.counts
        return self._counts

    def __call__(self, o: Objective) -> tuple[float | None, int, str]:
        if o.measure == "manual":
            if o.manual_actual is None:
                return None, 0, _("Not entered yet.")
            return o.manual_actual, 0, _("Entered by hand.")
        if o.measure in II06A_MEASURES:
            return self._from_ii06a(o.measure)
        if o.measure == "overdue_pending":
            return self._overdue()
        provider = _PROVIDERS.get(o.measure)
        if provider is None:
            return None, 0, _("The program does not measure this yet.")
        return provider(self.ctx, self.period, self.origin_id)

    def _from_ii06a(self, key: str) -> tuple[float | None, int, str]:
        c = self.counts
        if key in ("on_time_rate", "late_rate"):
            n = c.resolved
            text = ngettext("{n} resolved dossier", "{n} resolved dossiers", n)
        elif key == "completion_rate":
            n = c.received
            text = ngettext("{n} dossier to handle", "{n} dossiers to handle", n)
        else:
            n = c.received_online + c.received_direct
            text = ngettext("{n} dossier received", "{n} dossiers received", n)
        if not n:
            return None, 0, _("No dossiers to measure in this period yet.")
        return getattr(c, key), n, text.format(n=format_number(n))

    def _overdue(self) -> tuple[float | None, int, str]:
        end = min(self.period.bounds()[1], datetime.now().replace(microsecond=0))
        with self.ctx.db.session(readonly=True) as s:
            n = pending_overdue_at(s, end, self.origin_id)
        if end.time() == time():
            day = format_ui_date((end - timedelta(days=1)).date())
            text = _("Pending dossiers past their deadline at the end of {day}.").format(day=day)
        else:
            text = _("Pending dossiers past their deadline at {moment}.").format(
                moment=format_ui_datetime(end)
            )
        return float(n), n, text


def evaluate(
    ctx: AppContext, year: int, *, today: date | None = None, origin_id: str | None = None
) -> ObjectivesReport:
    """Every objective of ``year`` with its actual, status and basis (see ``evaluation_period``)."""
    today = today or date.today()
    cut_day = reports.report_settings(ctx).cut_day
    period = evaluation_period(year, today, cut_day)
    load_providers()
    measurer = _Measurer(ctx, period, origin_id)
    results = []
    for o in list_objectives(ctx, year, origin_id=origin_id):
        actual, count, basis = measurer(o)
        results.append(
            ObjectiveResult(
                objective_id=o.id,
                position=o.position,
                title=o.title,
                measure=o.measure,
                comparator=o.comparator,
                target=o.target,
                actual=actual,
                status=judge(o.comparator, o.target, actual),
                basis=basis,
                count=count,
            )
        )
    return ObjectivesReport(
        header=reports.report_header(ctx, today),
        year=year,
        period=period,
        results=results,
        generated_at=datetime.now().replace(microsecond=0),
    )
