"""The demo commune's quality objectives: the usual ones, two more, and a hand-entered actual."""

from __future__ import annotations

from typing import Any

from motcua_desktop.domain.quality_objectives import Objective
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.quality_objectives import (
    list_objectives,
    save_objective,
    seed_defaults,
)

# The share of staff the demo commune reports as trained (a manual objective).
DEMO_STAFF_TRAINED = 100.0


def seed_objectives(ctx: AppContext, year: int, actor: Any) -> list[Objective]:
    """Give ``year`` the DOMAIN.md objectives plus online intake and no overdue dossiers.

    Safe to run twice: objectives already there are not doubled. ``actor``
    must be a leader or an administrator (the demo's admin).
    """
    objectives = seed_defaults(ctx, actor, year)
    have = {(o.measure, o.title) for o in objectives}
    extra = [
        ("online_rate", _("Dossiers received online"), ">=", 20.0),
        ("overdue_pending", _("Pending dossiers past their deadline"), "<=", 0.0),
    ]
    for measure, title, comparator, target in extra:
        if (measure, title) not in have:
            save_objective(
                ctx, actor, year=year, measure=measure, title=title,
                comparator=comparator, target=target,
            )  # fmt: skip
    for o in objectives:
        if o.measure == "manual" and o.manual_actual is None:
            save_objective(
                ctx, actor, year=year, measure=o.measure, title=o.title,
                comparator=o.comparator, target=o.target, objective_id=o.id,
                manual_actual=DEMO_STAFF_TRAINED, note=o.note,
            )  # fmt: skip
    return list_objectives(ctx, year)
