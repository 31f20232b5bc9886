"""Quality objectives in words and colours, shared by the Reports page, the Dashboard and the editor."""

from __future__ import annotations

from PySide6.QtGui import QColor

from motcua_desktop.domain.report_models import ObjectiveResult, ObjectiveStatus
from motcua_desktop.i18n import N_, _, format_number
from motcua_desktop.ui.report_table_model import format_rate

STATUS_NAMES = {
    ObjectiveStatus.MET: N_("Met"),
    ObjectiveStatus.NOT_MET: N_("Not met"),
    ObjectiveStatus.NO_DATA: N_("No data"),
}
STATUS_COLOURS = {
    ObjectiveStatus.MET: QColor("#d4edda"),
    ObjectiveStatus.NOT_MET: QColor("#f8d7da"),
    ObjectiveStatus.NO_DATA: QColor("#e9ecef"),
}
COMPARATOR_SIGNS = {">=": "≥", "<=": "≤"}
OBJECTIVE_HEADERS = (
    N_("No."), N_("Objective"), N_("Target"), N_("Actual"), N_("Status"), N_("Based on"),
)  # fmt: skip


def _is_rate(measure_key: str) -> bool:
    from motcua_desktop.domain.quality_objectives import MEASURES

    found = MEASURES.get(measure_key)
    return found is None or found.is_rate


def format_value(measure_key: str, value: float | None) -> str:
    """A rate as "98,00%", a count as a whole number, "—" when there is none."""
    if value is None:
        return "—"
    return format_rate(value) if _is_rate(measure_key) else format_number(int(value))


def target_text(measure_key: str, comparator: str, target: float) -> str:
    sign = COMPARATOR_SIGNS.get(comparator, comparator)
    return f"{sign} {format_value(measure_key, target)}"


def status_text(status: ObjectiveStatus) -> str:
    return _(STATUS_NAMES[status])


def objective_rows(results: list[ObjectiveResult]) -> tuple[list[tuple], dict]:
    """Rows for a ``RowsTableModel`` under ``OBJECTIVE_HEADERS`` and each row's status colour."""
    rows, colours = [], {}
    for i, r in enumerate(results):
        rows.append(
            (
                str(r.position or i + 1),
                r.title,
                target_text(r.measure, r.comparator, r.target),
                format_value(r.measure, r.actual),
                status_text(r.status),
                r.basis,
            )
        )
        colours[i] = STATUS_COLOURS[r.status]
    return rows, colours
