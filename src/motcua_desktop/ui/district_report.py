"""The district's report II.06a per commune: freshness beside each commune, drill-down, PDF and Excel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain import periods
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.report_models import GroupBy, II06aReport
from motcua_desktop.i18n import N_, _
from motcua_desktop.ui import errors
from motcua_desktop.ui.period_picker import date_edit
from motcua_desktop.ui.report_table_model import II06aTableModel, rates_text
from motcua_desktop.ui.reports_kinds import KINDS, export_file
from motcua_desktop.ui.reports_page import fit_columns, report_table

II06A = KINDS[0]  # the II.06a renderers serve every grouping
BREAKDOWNS = ((GroupBy.FIELD, N_("by field")), (GroupBy.PROCEDURE, N_("by field and procedure")))


def commune_report(ctx, period, group_by, origin_id=None) -> II06aReport:
    from motcua_desktop.services import reports

    return reports.ii06a(ctx, period, group_by, origin_id=origin_id)


def communes_report(ctx, period) -> tuple[II06aReport, dict[str, str]]:
    """The report by commune and each commune's origin id by agency code (worker thread)."""
    from motcua_desktop.services import reports

    origins = {code: origin for origin, _name, code in reports.commune_options(ctx)}
    return reports.ii06a(ctx, period, GroupBy.COMMUNE), origins


class ExportButtons:
    """ "Export PDF…" and "Export Excel…" for the II.06a report a widget is showing."""

    def __init__(self, owner: QWidget, runner, stem) -> None:
        self.owner, self.runner, self.stem = owner, runner, stem
        self.pdf = QPushButton(objectName="ii06a_pdf", clicked=lambda: self.export("pdf"))
        self.xlsx = QPushButton(objectName="ii06a_xlsx", clicked=lambda: self.export("xlsx"))
        self.report: II06aReport | None = None
        self.saved: list[Path] = []

    def retranslate_ui(self) -> None:
        self.pdf.setText(_("Export P&DF…"))
        self.xlsx.setText(_("Export E&xcel…"))

    def set_report(self, report) -> None:
        self.report = report
        for button in (self.pdf, self.xlsx):
            button.setEnabled(report is not None)

    def ask_path(self, fmt: str, name: str) -> str:
        pattern = _("PDF documents (*.pdf)") if fmt == "pdf" else _("Excel workbooks (*.xlsx)")
        path, _f = QFileDialog.getSaveFileName(
            self.owner, _("Save the report"), str(Path.home() / name), pattern
        )
        return path if not path or path.lower().endswith("." + fmt) else f"{path}.{fmt}"

    def export(self, fmt: str) -> None:
        if self.report is None:
            return
        name = "{}_{}.{}".format(self.stem(), self.report.period.code().replace("..", "_"), fmt)
        path = self.ask_path(fmt, name)
        if path:
            self.runner.run(
                export_file, II06A, self.report, fmt, path, on_success=self.saved.append,
                progress_label=_("Writing the report…"),
            )  # fmt: skip


class CommuneReportDialog(QDialog):
    """One commune's II.06a for the same period, by field or by field and procedure."""

    def __init__(self, ctx, runner, period, origin_id: str, name: str, code: str, parent=None):
        super().__init__(parent, objectName="commune_report")
        self.ctx, self.runner, self.period = ctx, runner, period
        self.origin_id, self.name, self.code = origin_id, name, code
        self.loads = 0
        self.heading = QLabel(objectName="commune_report_title", wordWrap=True)
        self.breakdown_label = QLabel()
        self.breakdown = QComboBox(objectName="commune_breakdown")
        for group, _text in BREAKDOWNS:
            self.breakdown.addItem("", str(group))
        self.breakdown_label.setBuddy(self.breakdown)
        self.model = II06aTableModel(self)
        self.table = report_table("commune_report_table")
        self.table.setModel(self.model)
        self.rates = QLabel(objectName="commune_report_rates", wordWrap=True)
        self.exports = ExportButtons(self, runner, lambda: f"II06a_{self.code}")
        self.close_button = QPushButton(clicked=self.accept)
        top = QHBoxLayout()
        top.addWidget(self.breakdown_label)
        top.addWidget(self.breakdown)
        top.addStretch(1)
        for b in (self.exports.pdf, self.exports.xlsx, self.close_button):
            top.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rates)
        self.resize(1240, 560)
        self.breakdown.currentIndexChanged.connect(lambda _i: self.load())
        self.retranslate_ui()
        self.load()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Report II.06a of {commune}").format(commune=self.name))
        self.heading.setText(
            "<b>{}</b> — {}".format(
                _("Report II.06a of {commune}").format(commune=self.name), self.period.label()
            )
        )
        self.breakdown_label.setText(_("&Breakdown:"))
        for i, (_group, text) in enumerate(BREAKDOWNS):
            self.breakdown.setItemText(i, _(text))
        self.exports.retranslate_ui()
        self.close_button.setText(_("Close"))

    def load(self) -> None:
        group = GroupBy(self.breakdown.currentData())
        self.runner.run(
            commune_report, self.ctx, self.period, group, self.origin_id, on_success=self._shown
        )

    def _shown(self, report) -> None:
        self.model.set_report(report)
        fit_columns(self.table, 1, 260)
        self.rates.setText(rates_text(report.total.counts))
        self.exports.set_report(report)
        self.loads += 1


class DistrictReportPanel(QWidget):
    """A date range, the report by commune (freshness last on each line), Enter opens a commune."""

    def __init__(self, ctx, runner, parent=None) -> None:
        super().__init__(parent, objectName="district_report")
        self.ctx, self.runner = ctx, runner
        self.origins: dict[str, str] = {}
        self.drill: CommuneReportDialog | None = None
        today = date.today()
        self.title = QLabel(objectName="ii06a_title")
        self.from_label, self.to_label = QLabel(), QLabel()
        self.from_edit = date_edit(today.replace(day=1), "ii06a_from")
        self.to_edit = date_edit(today, "ii06a_to")
        self.from_label.setBuddy(self.from_edit)
        self.to_label.setBuddy(self.to_edit)
        self.show_button = QPushButton(objectName="ii06a_show", clicked=self.load_report)
        self.exports = ExportButtons(self, runner, lambda: "II06a_communes")
        self.exports.set_report(None)
        self.model = II06aTableModel(self)
        self.table = report_table("ii06a_table")
        self.table.setModel(self.model)
        # After the key event is done, so the Enter does not reach the new window too.
        self.table.activated.connect(
            lambda index: QTimer.singleShot(0, self, lambda: self.open_commune(index.row()))
        )
        self.rates = QLabel(objectName="ii06a_rates", wordWrap=True)
        self.hint = QLabel(objectName="ii06a_hint", wordWrap=True)
        self.hint.setStyleSheet("color: #555b63;")
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        for w in (self.from_label, self.from_edit, self.to_label, self.to_edit, self.show_button,
                  self.exports.pdf, self.exports.xlsx):  # fmt: skip
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rates)
        layout.addWidget(self.hint)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText("<b>{}</b>".format(_("Report II.06a per commune")))
        self.from_label.setText(_("&From:"))
        self.to_label.setText(_("&To:"))
        self.show_button.setText(_("Show"))
        self.exports.retranslate_ui()
        self.hint.setText(
            _("Enter or a double click on a commune opens its report by field and procedure.")
        )

    def period(self):
        start, end = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        if end < start:
            raise ValidationError(_("The period ends before it starts."))
        return periods.date_range(start, end)

    def set_period(self, start: date, end: date) -> None:
        self.from_edit.setDate(QDate(start.year, start.month, start.day))
        self.to_edit.setDate(QDate(end.year, end.month, end.day))

    def load_report(self) -> None:
        try:
            period = self.period()
        except ValidationError as exc:
            errors.show_error(self, exc)
            return
        self.runner.run(communes_report, self.ctx, period, on_success=self._shown)

    def _shown(self, answer) -> None:
        report, self.origins = answer
        self.model.set_report(report)
        fit_columns(self.table, 1, 220)
        self.rates.setText(rates_text(report.total.counts))
        self.exports.set_report(report)

    def open_commune(self, row: int) -> None:
        line = self.model.line_at(row)
        if line is None or line.row.key not in self.origins:
            return  # the total line
        self.drill = CommuneReportDialog(
            self.ctx, self.runner, self.model.report.period, self.origins[line.row.key],
            line.row.label, line.row.key, self,
        )  # fmt: skip
        self.drill.open()
