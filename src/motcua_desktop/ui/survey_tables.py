"""Read-only tables of survey figures: rates with their form counts, reasons ranked, communes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from motcua_desktop.domain.survey_results import grade_label
from motcua_desktop.i18n import _, format_number
from motcua_desktop.ui.report_table_model import format_rate

SMALL = QColor("#fff3cd")  # too few forms for the figure to mean much


def percent_text(value: float | None) -> str:
    """Two decimals always ("95,90%"), as the reports print rates."""
    return format_rate(value)


def make_table(name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, objectName=name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _put(table: QTableWidget, rows: list[tuple], small: list[bool]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if small[r]:
                item.setBackground(QBrush(SMALL))
            table.setItem(r, c, item)


def rate_headers() -> list[str]:
    return [_("Figure"), _("Forms"), _("Answers"), _("Satisfied"), _("Rate"), _("Note")]


def fill_rates(table: QTableWidget, groups: list[tuple[str, tuple]], limit: int) -> None:
    """One row per ``Rate``; each group is (caption, rates); a caption row before each group."""
    rows, small = [], []
    for caption, rates in groups:
        if caption and rates:
            rows.append((caption, "", "", "", "", ""))
            small.append(False)
        for rate in rates:
            note = (
                _("fewer than {n} forms: read with care").format(n=limit)
                if rate.small_sample
                else ""
            )
            prefix = "    " if caption else ""
            rows.append((prefix + rate.label, format_number(rate.forms),
                         format_number(rate.answered), format_number(rate.satisfied),
                         percent_text(rate.rate), note))  # fmt: skip
            small.append(rate.small_sample)
    _put(table, rows, small)


def reason_headers() -> list[str]:
    return [_("Reason for dissatisfaction"), _("Forms"), _("Share of forms")]


def fill_reasons(table: QTableWidget, reasons) -> None:
    rows = [(f"{i + 1}. {r.text}", format_number(r.count), percent_text(r.share))
            for i, r in enumerate(reasons)]  # fmt: skip
    _put(table, rows, [False] * len(rows))


def commune_headers() -> list[str]:
    return [_("Commune"), _("Forms"), _("Satisfaction"), _("Evaluations"), _("Points"), _("Grade")]


def fill_communes(table: QTableWidget, lines) -> None:
    rows = [
        (f"{c.name} ({c.agency_code})", format_number(c.forms), percent_text(c.rate),
         format_number(c.evaluations), percent_text(c.evaluation_share),
         grade_label(c.evaluation_grade) if c.evaluation_grade else "–")
        for c in lines
    ]  # fmt: skip
    _put(table, rows, [c.small_sample for c in lines])
