"""The Dashboard: this reporting month against last month and the same month last year, charts, objectives."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from motcua_desktop.domain.report_models import Comparison, Dashboard
from motcua_desktop.i18n import _, format_number, ngettext
from motcua_desktop.ui.chart_view import ChartView, chart_svg
from motcua_desktop.ui.report_table_model import RowsTableModel, format_rate
from motcua_desktop.ui.reports_objectives import OBJECTIVE_HEADERS, objective_rows
from motcua_desktop.ui.reports_page import fit_columns, report_table

CHARTS = ("months_chart", "on_time_chart", "field_chart")
BETTER, WORSE, SAME = "#2e7d32", "#a4000f", "#555b63"
GRID_STYLE = """
QFrame#comparisons { background: #ffffff; border: 1px solid #c8ccd2; border-radius: 4px; }
QFrame#comparisons QLabel { padding: 3px 8px; }
"""


def load_dashboard(ctx, today: date | None = None) -> tuple[Dashboard, dict[str, bytes]]:
    """The dashboard and its three charts as SVG (worker thread)."""
    from motcua_desktop.services import dashboard

    board = dashboard.dashboard(ctx, today=today)
    return board, {name: chart_svg(name, board.charts) for name in CHARTS}


def actions_text(board: Dashboard) -> str:
    """The corrective actions the ISO secretary must chase, in one line."""
    text = ngettext(
        "{n} corrective action is past its due date.",
        "{n} corrective actions are past their due date.",
        board.overdue_actions,
    ).format(n=format_number(board.overdue_actions))
    if not board.overdue_actions:
        text = _("No corrective action is past its due date.")
    if board.reports_overdue:
        text += " " + ngettext(
            "{n} annual-inspection finding has not been reported within two months.",
            "{n} annual-inspection findings have not been reported within two months.",
            board.reports_overdue,
        ).format(n=format_number(board.reports_overdue))
    return text


def value_text(c: Comparison, value: float | None) -> str:
    if value is None:
        return "—"
    return format_rate(value) if c.is_rate else format_number(int(value))


def change(c: Comparison, other: float | None) -> tuple[str, str]:
    """The change from ``other`` to the current value: ("▲ +2,15", colour); better green, worse red."""
    if c.current is None or other is None:
        return "", SAME
    delta = c.current - other
    if abs(delta) < 0.005:
        return "= 0", SAME
    arrow = "▲" if delta > 0 else "▼"
    amount = format_rate(abs(delta)).rstrip("%") if c.is_rate else format_number(int(abs(delta)))
    sign = "+" if delta > 0 else "−"
    better = (delta > 0) == c.higher_is_better
    return f"{arrow} {sign}{amount}", BETTER if better else WORSE


class DashboardPage(QWidget):
    """Refreshed whenever it is shown and after every change; the objectives editable from here."""

    def __init__(self, ctx, user, runner, parent: QWidget | None = None, *, today=None) -> None:
        super().__init__(parent, objectName="dashboard_page")
        self.ctx, self.user, self.runner = ctx, user, runner
        self.today = today
        self.board: Dashboard | None = None
        self.loads = 0  # answers received (tests wait on it)
        self._stale = True

        self.title = QLabel(objectName="dashboard_title")
        self.period = QLabel(objectName="dashboard_period")
        self.grid_frame = QFrame(objectName="comparisons")
        self.grid_frame.setStyleSheet(GRID_STYLE)
        self.grid = QGridLayout(self.grid_frame)
        self.grid.setHorizontalSpacing(0)
        self.cells: dict[tuple[int, int], QLabel] = {}
        self.charts = {name: ChartView(f"chart_{name}") for name in CHARTS}
        self.objectives_title = QLabel(objectName="objectives_title")
        self.objectives_model = RowsTableModel(parent=self)
        self.objectives_view = report_table("dashboard_objectives")
        self.objectives_view.setModel(self.objectives_model)
        self.objectives_view.setMinimumHeight(160)
        self.edit_button = QPushButton(objectName="edit_objectives", clicked=self.edit_objectives)
        self.refresh_button = QPushButton(objectName="dashboard_refresh", clicked=self.reload)
        self.objectives_dialog = None
        self.edit_button.setEnabled(getattr(user, "role", "") in ("leader", "admin"))

        content = QWidget()
        layout = QVBoxLayout(content)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.period, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        layout.addWidget(self.grid_frame)
        charts = QGridLayout()
        charts.addWidget(self.charts["months_chart"], 0, 0)
        charts.addWidget(self.charts["on_time_chart"], 0, 1)
        charts.addWidget(self.charts["field_chart"], 1, 0, 1, 2)
        for view in self.charts.values():
            view.setMinimumHeight(230)
        # Full width it would grow tall and its labels huge; keep it the others' height.
        self.charts["field_chart"].setMaximumHeight(280)
        layout.addLayout(charts)
        objectives = QHBoxLayout()
        objectives.addWidget(self.objectives_title, 1)
        objectives.addWidget(self.edit_button)
        layout.addLayout(objectives)
        layout.addWidget(self.objectives_view)
        self.actions_label = QLabel(objectName="overdue_actions", wordWrap=True)
        layout.addWidget(self.actions_label)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        runner.changed.connect(self._on_changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(_("Dashboard")))
        self.edit_button.setText(_("&Edit quality objectives…"))
        self.refresh_button.setText(_("&Refresh"))
        self._fill()

    def focus_first(self) -> None:
        self.edit_button.setFocus()

    # -- loading ---------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_changed(self, tag: str) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.runner.run(
            load_dashboard, self.ctx, self.today, on_success=self._loaded,
            progress_label=_("Counting the figures…"),
        )  # fmt: skip

    def _loaded(self, answer) -> None:
        self.board, svgs = answer
        for name, svg in svgs.items():
            self.charts[name].set_svg(svg)
        self.loads += 1
        self._fill()

    # -- showing -----------------------------------------------------------------------

    def _cell(self, row: int, col: int, text: str, *, colour: str = "", bold=False) -> None:
        label = self.cells.get((row, col))
        if label is None:
            label = self.cells[row, col] = QLabel()
            align = Qt.AlignmentFlag.AlignLeft if col == 0 else Qt.AlignmentFlag.AlignRight
            label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(label, row, col)
        label.setText(text)
        style = f"color: {colour};" if colour else ""
        label.setStyleSheet(style + (" border-bottom: 1px solid #c8ccd2;" if row == 0 else ""))
        font = QFont(label.font())
        font.setBold(bold)
        label.setFont(font)

    def _fill(self) -> None:
        board = self.board
        if board is None:
            self.period.setText(_("Counting the figures…"))
            return
        self.period.setText(
            _("{period}, compared with the month before and the same month last year").format(
                period=board.period.label()
            )
        )
        heads = (_("Figure"), _("This month"), _("Last month"), _("Change"),
                 _("Same month last year"), _("Change"))  # fmt: skip
        for col, text in enumerate(heads):
            self._cell(0, col, f"<b>{text}</b>")
        for row, c in enumerate(board.comparisons, start=1):
            self._cell(row, 0, c.label)
            self._cell(row, 1, value_text(c, c.current), bold=True)
            self._cell(row, 2, value_text(c, c.previous))
            text, colour = change(c, c.previous)
            self._cell(row, 3, text, colour=colour)
            self._cell(row, 4, value_text(c, c.last_year))
            text, colour = change(c, c.last_year)
            self._cell(row, 5, text, colour=colour)
        self.objectives_title.setText(
            "<b>{}</b>".format(_("Quality objectives of {year}").format(year=self._year()))
        )
        rows, colours = objective_rows(board.objectives)
        if not rows:
            rows = [("", _("No objectives are set for this year."), "", "", "", "")]
            colours = {}
        self.objectives_model.set_rows(OBJECTIVE_HEADERS, rows, colours=colours)
        fit_columns(self.objectives_view, 1, 340)
        self.actions_label.setText(actions_text(board))
        late = board.overdue_actions or board.reports_overdue
        self.actions_label.setStyleSheet(f"color: {WORSE if late else BETTER};")

    def _year(self) -> int:
        board = self.board
        return (
            board.period.year if board and board.period.year else (self.today or date.today()).year
        )

    def edit_objectives(self) -> None:
        from motcua_desktop.ui.objectives_dialog import ObjectivesDialog

        # Opened window-modal without blocking; each change reloads the dashboard (runner.changed).
        self.objectives_dialog = ObjectivesDialog(
            self.ctx, self.user, self.runner, self._year(), self
        )
        self.objectives_dialog.open()
