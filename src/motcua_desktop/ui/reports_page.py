"""The Reports page: choose a period and a kind of report, preview it, print it, export PDF or Excel."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.domain.report_models import II06aReport, ObjectivesReport
from motcua_desktop.i18n import _
from motcua_desktop.ui import errors
from motcua_desktop.ui.period_picker import PeriodPicker
from motcua_desktop.ui.report_table_model import II06aTableModel, RowsTableModel, rates_text
from motcua_desktop.ui.reports_figures import figures_rows, figures_summary
from motcua_desktop.ui.reports_kinds import KINDS, ReportKind, export_file
from motcua_desktop.ui.reports_objectives import OBJECTIVE_HEADERS, objective_rows
from motcua_desktop.ui.reports_settings_dialog import ReportSettingsDialog


def _settings(ctx):
    """The report settings, and whether this is the district (worker thread)."""
    from motcua_desktop.services import reports
    from motcua_desktop.services.mode import is_district

    return reports.report_settings(ctx), is_district(ctx)


def _save_settings(ctx, actor, value):
    from motcua_desktop.services import reports

    return reports.save_report_settings(ctx, actor, value)


def report_table(name: str) -> QTableView:
    """A read-only preview table with two-line headers that fit their text."""
    view = QTableView(objectName=name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    return view


def fit_columns(view: QTableView, label_column: int = 1, label_width: int = 260) -> None:
    """Numbers as wide as they need; the name column a fixed width, elided, its full text a tooltip."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if view.model() is not None and view.model().columnCount() > label_column:
        header.setSectionResizeMode(label_column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(label_column, label_width)


class ReportsPage(QWidget):
    """Period and kind above, the preview table in the middle, rates or a summary beneath."""

    def __init__(self, ctx, user, runner, parent: QWidget | None = None, *, today=None) -> None:
        super().__init__(parent, objectName="reports_page")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.settings = None
        self.district = False
        self.report = None
        self.shown_kind: ReportKind | None = None
        self.loads = 0  # reports received (tests wait on it)

        self.title = QLabel(objectName="reports_title")
        self.picker = PeriodPicker(today=today)
        self.picker.cut_day_changed.connect(self._cut_day_chosen)
        self.kind_label = QLabel()
        self.kind = QComboBox(objectName="report_kind")
        for kind in KINDS:
            self.kind.addItem("", kind.key)
        self.kind_label.setBuddy(self.kind)
        self.show_button = QPushButton(objectName="report_show", clicked=self.load)
        self.show_button.setDefault(True)
        self.preview_button = QPushButton(objectName="report_preview", clicked=self.preview)
        self.pdf_button = QPushButton(objectName="report_pdf", clicked=lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(
            objectName="report_xlsx", clicked=lambda: self.export("xlsx")
        )
        self.settings_button = QPushButton(objectName="report_settings", clicked=self.edit_settings)
        self.settings_button.setEnabled(self.can_edit_settings())
        self.heading = QLabel(objectName="report_heading", wordWrap=True)
        self.ii06a_model = II06aTableModel(self)
        self.rows_model = RowsTableModel(parent=self)
        self.table = report_table("report_table")
        self.table.setModel(self.ii06a_model)
        self.summary = QLabel(objectName="report_summary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(objectName="report_status", wordWrap=True)
        self.status.setStyleSheet("color: #2e7d32;")
        QShortcut(QKeySequence("F5"), self, self.load)

        choice = QHBoxLayout()
        choice.addWidget(self.kind_label)
        choice.addWidget(self.kind)
        choice.addWidget(self.show_button)
        choice.addStretch(1)
        for button in (self.preview_button, self.pdf_button, self.xlsx_button,
                       self.settings_button):  # fmt: skip
            choice.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.picker)
        layout.addLayout(choice)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        self.picker.changed.connect(self._choice_changed)
        self.kind.currentIndexChanged.connect(self._choice_changed)
        self.retranslate_ui()
        self._choice_changed()

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(_("Reports")))
        self.kind_label.setText(_("Report &kind:"))
        for i, kind in enumerate(KINDS):
            self.kind.setItemText(i, _(kind.label))
        self.show_button.setText(_("&Show report") + " (F5)")
        self.preview_button.setText(_("Print pre&view"))
        self.pdf_button.setText(_("Export P&DF…"))
        self.xlsx_button.setText(_("Export E&xcel…"))
        self.settings_button.setText(_("Report settin&gs…"))
        self.picker.retranslate_ui()
        if self.report is not None:
            self._shown(self.report, self.shown_kind)

    def focus_first(self) -> None:
        self.picker.kind.setFocus()

    def current_kind(self) -> ReportKind:
        return KINDS[self.kind.currentIndex()]

    # -- loading -------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.settings is None:
            self.runner.run(_settings, self.ctx, on_success=self._first_settings)

    def _first_settings(self, answer) -> None:
        value, self.district = answer
        self._settings_loaded(value)

    def _settings_loaded(self, value) -> None:
        self.settings = value
        self.picker.set_cut_day(value.cut_day)

    def _choice_changed(self, *_args) -> None:
        if self.report is None:
            self.heading.setText(_("Press F5 or Show report to count the figures."))

    def load(self, *_args, then=None) -> None:
        """Compute the chosen report on the worker and show it (then ``then(report)``)."""
        try:
            period = self.picker.period()
        except MotcuaError as exc:
            errors.show_error(self, exc)
            return
        kind = self.current_kind()

        def done(report) -> None:
            self._shown(report, kind)
            if then is not None:
                then(report)

        self.runner.run(
            kind.compute, self.ctx, period, on_success=done,
            progress_label=_("Counting the figures…"),
        )  # fmt: skip

    def _shown(self, report, kind: ReportKind) -> None:
        self.report, self.shown_kind = report, kind
        self.loads += 1
        period = report.period
        name = _(kind.label)
        self.heading.setText(f"<b>{name}</b> — {period.label()}")
        if isinstance(report, II06aReport):
            self.ii06a_model.set_report(report)
            self.table.setModel(self.ii06a_model)
            fit_columns(self.table)
            self.summary.setText(rates_text(report.total.counts))
        elif isinstance(report, ObjectivesReport):
            rows, colours = objective_rows(report.results)
            self.rows_model.set_rows(OBJECTIVE_HEADERS, rows, colours=colours)
            self.table.setModel(self.rows_model)
            fit_columns(self.table, 1, 340)
            self.summary.setText("" if rows else _("No objectives are set for this year."))
        else:
            headers, rows, bold = figures_rows(report)
            self.rows_model.set_rows(headers, rows, bold=bold)
            self.table.setModel(self.rows_model)
            fit_columns(self.table, 0, 300)
            self.summary.setText(figures_summary(report))

    def _current_report(self, then) -> None:
        """Use the report on screen if it is what is chosen; otherwise count it first."""
        try:
            period = self.picker.period()
        except MotcuaError as exc:
            errors.show_error(self, exc)
            return
        current = (
            self.report is not None
            and self.shown_kind is self.current_kind()
            and self.report.period == period
        )
        if current:
            then(self.report)
        else:
            self.load(then=then)

    # -- output ----------------------------------------------------------------------

    def ask_path(self, fmt: str, name: str) -> str:
        """The file the clerk chooses (empty when cancelled); tests replace this."""
        pattern = _("PDF documents (*.pdf)") if fmt == "pdf" else _("Excel workbooks (*.xlsx)")
        start = str(Path.home() / name)
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), start, pattern)
        if path and not path.lower().endswith("." + fmt):
            path += "." + fmt
        return path

    def export(self, fmt: str) -> None:
        def write(report) -> None:
            kind = self.shown_kind
            path = self.ask_path(fmt, kind.file_name(report.period, fmt))
            if not path:
                return
            self.runner.run(
                export_file, kind, report, fmt, path,
                on_success=lambda p: self.status.setText(_("Saved to {path}").format(path=p)),
                progress_label=_("Writing the report…"),
            )  # fmt: skip

        self._current_report(write)

    def preview(self) -> None:
        """Xem bản in: write the PDF under the data folder and show it in the preview window."""

        def render(report) -> None:
            kind = self.shown_kind
            path = self.ctx.documents_dir / "reports" / kind.file_name(report.period, "pdf")
            self.runner.run(
                export_file, kind, report, "pdf", path, on_success=self.show_pdf,
                progress_label=_("Preparing the print preview…"),
            )  # fmt: skip

        self._current_report(render)

    def show_pdf(self, path: Path) -> None:
        from motcua_desktop.ui.pdf_preview import PdfPreviewDialog

        PdfPreviewDialog(path, self).exec()

    # -- settings ----------------------------------------------------------------------

    def can_edit_settings(self) -> bool:
        return getattr(self.user, "role", "") in ("admin", "leader")

    def _cut_day_chosen(self, cut_day: int) -> None:
        """A leader's choice becomes the commune's setting; a clerk's only changes this view."""
        if self.settings is None or self.settings.cut_day == cut_day:
            return
        if self.can_edit_settings():
            self._save(replace(self.settings, cut_day=cut_day))

    def edit_settings(self) -> None:
        if self.settings is None:
            return  # the settings arrive when the page is first shown
        dialog = ReportSettingsDialog(self.settings, self, district=self.district)
        if dialog.exec() == ReportSettingsDialog.DialogCode.Accepted:
            self._save(dialog.settings())

    def _save(self, value) -> None:
        self.runner.run(
            _save_settings, self.ctx, self.user, value,
            on_success=self._settings_loaded, changes="report_settings",
        )  # fmt: skip
