"""The Surveys page: typing the paper forms, and the satisfaction results, as two tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from motcua_desktop.i18n import _
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.survey_entry_page import SurveyEntryPage
from motcua_desktop.ui.survey_results_page import SurveyResultsPage


class SurveysPage(QWidget):
    """Tab 1 enters a batch of forms (Ctrl+1), tab 2 shows the results (Ctrl+2)."""

    def __init__(self, ctx, user, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveys_page")
        self.tabs = QTabWidget(objectName="survey_tabs")
        self.entry = SurveyEntryPage(ctx, user, runner)
        self.results = SurveyResultsPage(ctx, user, runner)
        self.tabs.addTab(self.entry, "")
        self.tabs.addTab(self.results, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.tabs.setTabText(0, _("&Enter forms"))
        self.tabs.setTabText(1, _("Re&sults"))
        for page in (self.entry, self.results):
            page.retranslate_ui()
