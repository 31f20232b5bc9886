"""At the district: each commune's satisfaction rate and evaluations for a period, in one table."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from motcua_desktop.i18n import _
from motcua_desktop.services.survey_report import satisfaction_by_commune
from motcua_desktop.ui.period_picker import PeriodPicker
from motcua_desktop.ui.survey_tables import commune_headers, fill_communes, make_table


class DistrictSurveyWidget(QWidget):
    """The period picker and one row per registered commune (small samples shaded)."""

    def __init__(self, ctx, user, runner, parent: QWidget | None = None, *, today=None) -> None:
        super().__init__(parent, objectName="districtSurveys")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.lines: list = []
        self.caption = QLabel()
        self.picker = PeriodPicker(self, today=today or date.today())
        self.table = make_table("communeSurveys", 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.picker)
        layout.addWidget(self.table, 1)
        self.picker.changed.connect(self.refresh)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.caption.setText(_("Citizens' satisfaction per commune"))
        self.table.setHorizontalHeaderLabels(commune_headers())

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self.runner.run(
            satisfaction_by_commune, self.ctx, self.picker.period(), on_success=self._show
        )

    def _show(self, lines) -> None:
        self.lines = list(lines)
        fill_communes(self.table, self.lines)
