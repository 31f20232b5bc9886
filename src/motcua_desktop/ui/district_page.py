"""The district's screen: registered communes with freshness and totals, import, replies, II.06a per commune."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.i18n import N_, _, format_number, format_ui_datetime
from motcua_desktop.services import district
from motcua_desktop.ui.district_report import DistrictReportPanel
from motcua_desktop.ui.iso_district import IsoDistrictWidget
from motcua_desktop.ui.survey_district import DistrictSurveyWidget

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()
WARN = QColor("#fff3cd")  # past 7 days without data
ALARM = QColor("#f8d7da")  # past 40 days, or never
COMMUNE_COLUMNS = (
    N_("Commune"), N_("Agency code"), N_("Status"), N_("Last bundle"), N_("Days since data"),
    N_("Dossiers"), N_("Received this year"), N_("Resolved"), N_("Pending"),
)  # fmt: skip
STATUS_NAMES = {"provisioned": N_("Provisioned"), "active": N_("Active"), "revoked": N_("Revoked")}


class _RowsModel(QAbstractTableModel):
    """A read-only table of plain rows whose columns are named by ``columns``."""

    columns: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        return len(self.columns)


class CommunesModel(_RowsModel):
    """One row per registered commune (``CommuneStatus``); freshness coloured."""

    columns = COMMUNE_COLUMNS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COMMUNE_COLUMNS[section])
        return None

    def raw(self, r, column: int):
        return (
            r.name, r.agency_code, r.status, r.last_bundle_at, r.freshness_days,
            r.dossiers, r.received_this_year, r.resolved, r.pending,
        )[column]  # fmt: skip

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        value = self.raw(r, col)
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 2:
                return _(STATUS_NAMES.get(value, value))
            if col == 3:
                return format_ui_datetime(value) if value else _("never")
            if col == 4:
                return _("no data yet") if value is None else format_number(value)
            return format_number(value) if isinstance(value, int) else value
        if role == Qt.ItemDataRole.BackgroundRole and col == 4 and r.status != "revoked":
            level = r.freshness_level
            return QBrush(ALARM) if level == "alarm" else QBrush(WARN) if level == "warn" else None
        if role == Qt.ItemDataRole.ToolTipRole and r.last_reason:
            return r.last_reason
        return None


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.verticalHeader().hide()
    return view


def _words(items) -> str:
    """Results or previews as plain lines: file, what happened, problems, where it was put."""
    lines = []
    for item in items:
        who = f" — {item.commune_name}" if item.commune_name else ""
        lines.append(f"{item.file_name}{who}\n    {item.message}")
        lines.extend(f"    ! {p.message}" for p in item.problems)
        if getattr(item, "quarantine_path", ""):
            lines.append("    " + _("Put aside in {path}").format(path=item.quarantine_path))
    return "\n".join(lines) or _("No bundle files were found there.")


class TextDialog(QDialog):
    """A read-only text with OK (and Cancel when ``ask``)."""

    def __init__(self, parent, title: str, text: str, *, ask: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QPlainTextEdit(text, readOnly=True, objectName="district_text")
        buttons = QDialogButtonBox.StandardButton.Ok
        if ask:
            buttons |= QDialogButtonBox.StandardButton.Cancel
        box = QDialogButtonBox(buttons)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(box)
        self.resize(720, 420)


class DistrictPage(QWidget):
    """What the district's officer sees instead of the desk's intake screens."""

    is_district_page = True

    def __init__(self, ctx, user, runner, parent=None) -> None:
        super().__init__(parent, objectName="district_page")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.title = QLabel(objectName="district_title")
        self.communes = CommunesModel(self)
        self.communes_view = _table(self.communes)
        self.import_button = QPushButton(objectName="district_import", clicked=self.choose_import)
        self.replies_button = QPushButton(
            objectName="district_replies", clicked=self.choose_replies
        )
        self.refresh_button = QPushButton(objectName="district_refresh", clicked=self.refresh)
        self.status = QLabel(objectName="district_status", wordWrap=True)
        self.report_panel = DistrictReportPanel(ctx, runner, self)
        # The panel's parts under their old names (tests and callers use them).
        self.from_edit, self.to_edit = self.report_panel.from_edit, self.report_panel.to_edit
        self.report = self.report_panel.model
        self.report_view = self.report_panel.table

        buttons = QHBoxLayout()
        for b in (self.import_button, self.replies_button, self.refresh_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(self.communes_view, 2)
        layout.addWidget(self.status)
        # The figures across communes: II.06a, the quality systems, the citizens' satisfaction.
        self.iso = IsoDistrictWidget(ctx, user, runner)
        self.surveys = DistrictSurveyWidget(ctx, user, runner)
        self.figures_tabs = QTabWidget(objectName="district_figures")
        self.figures_tabs.addTab(self.report_panel, "")
        self.figures_tabs.addTab(self.iso, "")
        self.figures_tabs.addTab(self.surveys, "")
        layout.addWidget(self.figures_tabs, 3)
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(_("Communes of the district")))
        self.import_button.setText(_("Import from stick or folder…"))
        self.replies_button.setText(_("Write replies to stick…"))
        self.refresh_button.setText(_("Refresh"))
        self.report_panel.retranslate_ui()
        self.iso.retranslate_ui()
        self.surveys.retranslate_ui()
        self.figures_tabs.setTabText(0, _("Report &II.06a"))
        self.figures_tabs.setTabText(1, _("&Quality systems"))
        self.figures_tabs.setTabText(2, _("Citizens' &satisfaction"))
        self.communes.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 8)

    # -- loading ---------------------------------------------------------------

    def refresh(self) -> None:
        self.runner.run(district.communes_overview, self.ctx, on_success=self.communes.set_rows)
        self.load_report()
        for widget in (self.iso, self.surveys):
            if widget.isVisible():
                widget.refresh()

    def period(self) -> tuple[date, date]:
        return self.from_edit.date().toPython(), self.to_edit.date().toPython()

    def load_report(self) -> None:
        self.report_panel.load_report()

    # -- import ------------------------------------------------------------------

    def choose_import(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the stick or folder"))
        if folder:
            self.import_from(Path(folder))

    def import_from(self, folder: Path) -> None:
        """Preview every bundle there, ask, then apply; results in plain words."""
        self.runner.run(
            district.preview_paths, self.ctx, [folder],
            on_success=lambda previews: self._previewed(folder, previews),
            progress_label=_("Checking the bundles…"),
        )  # fmt: skip

    def confirm(self, previews) -> bool:
        dialog = TextDialog(self, _("What the import would do"), _words(previews), ask=True)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def show_results(self, title: str, text: str) -> None:
        TextDialog(self, title, text).exec()

    def _previewed(self, folder: Path, previews) -> None:
        if not previews:
            self.status.setText(_("No bundle files were found there."))
            return
        if not self.confirm(previews):
            return
        self.runner.run(
            district.import_bundles, self.ctx, [folder], self.user,
            on_success=self._imported, progress_label=_("Importing…"), changes="district",
        )  # fmt: skip

    def _imported(self, results) -> None:
        applied = sum(r.status == "applied" for r in results)
        refused = sum(r.status in ("quarantined", "rejected") for r in results)
        self.status.setText(
            _("{applied} bundles applied, {refused} put aside.").format(
                applied=applied, refused=refused
            )
        )
        self.show_results(_("Import finished"), _words(results))
        self.refresh()

    # -- replies -----------------------------------------------------------------

    def choose_replies(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the stick"))
        if folder:
            self.write_replies_to(Path(folder))

    def write_replies_to(self, root: Path) -> None:
        self.runner.run(district.write_replies, self.ctx, root, self.user, on_success=self._replied)

    def _replied(self, replies) -> None:
        text = "\n".join(r.message for r in replies) or _(
            "No commune of this district has a folder on that stick."
        )
        self.status.setText(text)
        self.refresh()
