"""The survey results of a period: satisfaction overall and per factor, procedure and official,
the reasons ranked and the evaluations graded; PDF and XLSX export, and the blank paper form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.domain.survey_results import grade_label
from motcua_desktop.i18n import _, format_number, ngettext
from motcua_desktop.services import reports, surveys
from motcua_desktop.services.survey_report import satisfaction_report
from motcua_desktop.ui import errors
from motcua_desktop.ui.pdf_preview import PdfPreviewDialog
from motcua_desktop.ui.period_picker import PeriodPicker
from motcua_desktop.ui.survey_tables import (
    fill_rates,
    fill_reasons,
    make_table,
    percent_text,
    rate_headers,
    reason_headers,
)

PAGE_STYLE = """
QLabel#pageTitle { font-size: 16pt; font-weight: bold; color: #1d3557; }
QLabel#headline { font-size: 15pt; font-weight: bold; color: #1b4332; }
QLabel#sampleWarning { background: #fff3cd; color: #7a4f01; padding: 4px 8px; border-radius: 4px; }
QLabel#evaluations { font-size: 11pt; }
"""


def write_report(report, path: str, kind: str) -> str:
    """Build the PDF or XLSX of ``report`` and write it to ``path`` (runs on the worker)."""
    # The document layer (ReportLab, openpyxl) loads on first use, not at start-up.
    from motcua_desktop.documents.survey_report import (
        build_satisfaction_pdf,
        build_satisfaction_xlsx,
    )

    data = build_satisfaction_pdf(report) if kind == "pdf" else build_satisfaction_xlsx(report)
    Path(path).write_bytes(data)
    return path


def write_blank_form(ctx) -> Path:
    """The commune's blank paper form as a PDF in the data folder; its path."""
    from motcua_desktop.documents.survey_form import build_blank_form_pdf

    template = surveys.active_template(ctx, "satisfaction")
    data = build_blank_form_pdf(template, reports.report_header(ctx))
    folder = Path(ctx.data_dir) / "documents" / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{template.code}-{template.version}-blank.pdf"
    path.write_bytes(data)
    return path


class SurveyResultsPage(QWidget):
    """The period picker above the figures; loads through the runner on every change."""

    def __init__(self, ctx, user, runner, parent: QWidget | None = None, *, today=None) -> None:
        super().__init__(parent, objectName="surveyResultsPage")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.report = None
        self.setStyleSheet(PAGE_STYLE)
        self.title = QLabel(objectName="pageTitle")
        self.picker = PeriodPicker(self, today=today or date.today())
        self.pdf_button = QPushButton(objectName="exportPdf", clicked=lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(objectName="exportXlsx", clicked=lambda: self.export("xlsx"))
        self.blank_button = QPushButton(objectName="blankForm", clicked=self.print_blank_form)
        buttons = QHBoxLayout()
        for button in (self.pdf_button, self.xlsx_button, self.blank_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.headline = QLabel(objectName="headline", wordWrap=True)
        self.warning = QLabel(objectName="sampleWarning", wordWrap=True)
        self.rates = make_table("rates", 6)
        self.reasons = make_table("reasons", 3)
        self.evaluations = QLabel(objectName="evaluations", wordWrap=True)
        splitter = QSplitter()
        splitter.addWidget(self.rates)
        splitter.addWidget(self.reasons)
        splitter.setSizes([800, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        for widget in (self.title, self.picker):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        for widget in (self.headline, self.warning):
            layout.addWidget(widget)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.evaluations)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_blank_form)
        self.picker.changed.connect(self.refresh)
        self.runner.changed.connect(self._on_changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(_("Citizens' satisfaction and dossier evaluations"))
        self.pdf_button.setText(_("Export &PDF…"))
        self.xlsx_button.setText(_("Export &XLSX…"))
        self.blank_button.setText(_("Print a blank survey form (Ctrl+P)"))
        self.rates.setHorizontalHeaderLabels(rate_headers())
        self.reasons.setHorizontalHeaderLabels(reason_headers())
        self.picker.retranslate_ui()
        if self.report is not None:
            self.show_report(self.report)

    # -- loading ------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self.refresh()

    def _on_changed(self, tag: str) -> None:
        if tag in ("surveys", "evaluations", "sync") and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        try:
            period = self.picker.period()
        except MotcuaError as exc:
            self.headline.setText(exc.message)
            return
        self.runner.run(satisfaction_report, self.ctx, period, on_success=self.show_report)

    def show_report(self, report) -> None:
        self.report = report
        s = report.summary
        limit = report.small_sample_limit
        forms = ngettext("{n} form", "{n} forms", s.forms).format(n=format_number(s.forms))
        if s.overall.rate is None:
            self.headline.setText(
                _("No survey form in {period}.").format(period=report.period.label())
            )
        else:
            self.headline.setText(
                _("Satisfaction {rate} in {period} — {forms}").format(
                    rate=percent_text(s.overall.rate), period=report.period.label(), forms=forms
                )
            )
        self.warning.setText(
            _("Fewer than {n} forms: the rates mean little; rows with too few forms are marked.")
            .format(n=limit)
        )  # fmt: skip
        self.warning.setVisible(0 < s.forms < limit)
        fill_rates(
            self.rates,
            [
                ("", (s.overall, s.overall_question)),
                (_("By factor"), s.factors),
                (_("By procedure"), s.procedures),
                (_("By official"), s.officials),
            ],
            limit,
        )
        fill_reasons(self.reasons, s.reasons)
        ev = report.evaluations
        if ev.count:
            text = _(
                "Dossier evaluations: {n}; average {points} of {max} points ({share}); grade: {grade}."
            ).format(
                n=format_number(ev.count),
                points=format_number(ev.average_points),
                max=format_number(ev.average_max),
                share=percent_text(ev.share),
                grade=grade_label(ev.grade) if ev.grade else "–",
            )
        else:
            text = _("No dossier evaluation in this period.")
        self.evaluations.setText(text)

    # -- documents ----------------------------------------------------------------------

    def export(self, kind: str) -> None:
        if self.report is None:
            return
        suffix = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)"}[kind]
        name = f"hai-long-{self.report.period.code()}.{kind}"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the survey report"), name, suffix)
        if path:
            self.save_to(path, kind)

    def save_to(self, path: str, kind: str) -> None:
        self.runner.run(
            write_report, self.report, path, kind,
            on_success=lambda p: self.headline.setToolTip(p), on_error=self._failed,
            progress_label=_("Writing the survey report…"),
        )  # fmt: skip

    def print_blank_form(self) -> None:
        self.runner.run(write_blank_form, self.ctx, on_success=self._preview, on_error=self._failed)

    def _preview(self, path) -> None:
        dialog = PdfPreviewDialog(path, self)
        dialog.exec()
        dialog.deleteLater()

    def _failed(self, exc: BaseException) -> None:
        errors.show_error(self, exc)
