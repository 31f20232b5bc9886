"""The Reports page (pytest-qt, keyboard): a period chosen by keys, the preview equals the service, exports."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit

from motcua_desktop.domain import periods
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.report_models import GroupBy
from motcua_desktop.i18n import format_number
from motcua_desktop.services import demo, reports
from motcua_desktop.services.users import get_user
from motcua_desktop.ui.report_table_model import LINE_ROLE
from motcua_desktop.ui.reports_page import ReportsPage

from .conftest import show_active

TODAY = date(2026, 11, 20)


@pytest.fixture
def page(qtbot, ctx, runner):
    demo.seed_demo(ctx, 300, today=TODAY)
    widget = ReportsPage(ctx, get_user(ctx, "leader"), runner, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1150, 700)
    show_active(qtbot, widget)
    qtbot.waitUntil(lambda: widget.settings is not None)
    return widget


def key(qtbot, widget, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, k, modifier)


def type_date(qtbot, edit, text: str) -> None:
    """Type dd/mm/yyyy into a date field from its first section, as a clerk does."""
    edit.setFocus()
    edit.setSelectedSection(QDateTimeEdit.Section.DaySection)  # where a Tab into the field lands
    qtbot.keyClicks(edit, text.replace("/", ""))  # a full section moves on by itself
    assert edit.text() == text


def run(qtbot, page) -> None:
    before = page.loads
    qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.loads > before, timeout=20000)


def total_cell(page, column: int) -> str:
    model = page.table.model()
    return model.data(model.index(model.rowCount() - 1, column))


def test_quarter_by_keyboard_equals_the_service(qtbot, ctx, page):
    key(qtbot, page.picker.kind, Qt.Key.Key_Down)  # month -> quarter
    key(qtbot, page.picker.number, Qt.Key.Key_Up)  # quarter IV (November) -> III
    assert page.picker.period() == periods.quarter(2026, 3)
    run(qtbot, page)
    expected = reports.ii06a(ctx, periods.quarter(2026, 3))
    shown = page.report.total.counts
    assert shown == expected.total.counts and shown.received > 0 and shown.balanced()
    assert total_cell(page, 2) == format_number(expected.total.counts.received)
    assert total_cell(page, 12) == format_number(expected.total.counts.pending_overdue)
    model = page.table.model()
    assert model.data(model.index(model.rowCount() - 1, 1), Qt.ItemDataRole.FontRole).bold()
    assert model.rowCount() == len(expected.lines) + 1
    rate = format_number(expected.total.counts.on_time_rate).split(",")[0]
    assert rate in page.summary.text()


def test_procedure_lines_are_indented_under_their_field(qtbot, ctx, page):
    key(qtbot, page.kind, Qt.Key.Key_Down)  # II.06a by field and procedure
    run(qtbot, page)
    assert page.report.group_by is GroupBy.PROCEDURE
    model = page.table.model()
    levels = [model.data(model.index(r, 0), LINE_ROLE) for r in range(model.rowCount() - 1)]
    subs = [r for r, line in enumerate(levels) if line.level == 1]
    assert subs, "the demo commune has procedures under its fields"
    label = model.data(model.index(subs[0], 1))
    assert label.startswith("  ") and label.strip() == levels[subs[0]].row.label
    assert model.data(model.index(subs[0], 0)) == ""
    assert levels[0].level == 0 and model.data(model.index(0, 0)) == "1"


def test_export_pdf_and_excel_with_default_names(qtbot, ctx, page, tmp_path, monkeypatch):
    asked = []

    def ask(fmt, name):
        asked.append(name)
        return str(tmp_path / name)

    monkeypatch.setattr(page, "ask_path", ask)
    run(qtbot, page)
    total = page.report.total.counts
    for button, suffix in ((page.pdf_button, "pdf"), (page.xlsx_button, "xlsx")):
        key(qtbot, button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda s=suffix: (tmp_path / f"II06a_2026-11.{s}").exists(), timeout=20000)
    assert asked == ["II06a_2026-11.pdf", "II06a_2026-11.xlsx"]
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "II06a_2026-11.pdf").pages)
    assert "II.06a" in text and format_number(total.received) in text
    book = openpyxl.load_workbook(tmp_path / "II06a_2026-11.xlsx")
    cells = [c.value for ws in book for row in ws.iter_rows() for c in row]
    for line in page.report.lines:  # the total may be a formula; the lines are numbers
        assert line.row.label in cells
        assert all(isinstance(n, int) and n in cells for n in line.row.counts.columns())
    assert "II06a_2026-11.xlsx" in page.status.text()


def test_export_counts_first_when_nothing_is_shown(qtbot, page, tmp_path, monkeypatch):
    monkeypatch.setattr(page, "ask_path", lambda fmt, name: str(tmp_path / name))
    key(qtbot, page.picker.kind, Qt.Key.Key_End)  # date range
    type_date(qtbot, page.picker.date_from, "01/10/2026")
    type_date(qtbot, page.picker.date_to, "30/10/2026")
    assert page.picker.period() == periods.date_range(date(2026, 10, 1), date(2026, 10, 30))
    key(qtbot, page.xlsx_button, Qt.Key.Key_Space)
    target = tmp_path / "II06a_2026-10-01_2026-10-30.xlsx"
    qtbot.waitUntil(target.exists, timeout=20000)
    assert page.report is not None and page.report.period.date_to == date(2026, 10, 30)


def test_print_preview_writes_the_pdf_it_shows(qtbot, page, monkeypatch):
    shown = []
    monkeypatch.setattr(page, "show_pdf", shown.append)
    key(qtbot, page.preview_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert shown[0].name == "II06a_2026-11.pdf" and shown[0].read_bytes().startswith(b"%PDF")


def test_cut_day_shown_and_saved(qtbot, ctx, page):
    assert page.picker.cut_day() == 1
    key(qtbot, page.picker.cut, Qt.Key.Key_Down)  # 15th to 14th
    assert page.picker.period() == periods.month(2026, 11, cut_day=15)
    assert "15/10/2026" in page.picker.dates.text() and "14/11/2026" in page.picker.dates.text()
    qtbot.waitUntil(lambda: reports.report_settings(ctx).cut_day == 15)
    run(qtbot, page)
    assert page.report.period.date_from == date(2026, 10, 15)


def test_a_range_ending_before_it_starts_is_refused(qtbot, page, no_dialogs):
    key(qtbot, page.picker.kind, Qt.Key.Key_End)
    type_date(qtbot, page.picker.date_from, "10/10/2026")
    type_date(qtbot, page.picker.date_to, "01/10/2026")
    key(qtbot, page.show_button, Qt.Key.Key_Space)
    assert len(no_dialogs) == 1 and isinstance(no_dialogs[0], ValidationError)
    assert page.report is None


def test_a_clerk_sees_the_setting_but_cannot_change_it(qtbot, ctx, runner):
    demo.seed_demo(ctx, 20, today=TODAY)
    reports.save_report_settings(ctx, get_user(ctx, "admin"), reports.ReportSettings(cut_day=15))
    clerk_page = ReportsPage(ctx, get_user(ctx, "clerk"), runner, today=TODAY)
    qtbot.addWidget(clerk_page)
    show_active(qtbot, clerk_page)
    qtbot.waitUntil(lambda: clerk_page.settings is not None)
    assert clerk_page.picker.cut_day() == 15 and not clerk_page.settings_button.isEnabled()
    key(qtbot, clerk_page.picker.cut, Qt.Key.Key_Up)
    assert clerk_page.picker.period() == periods.month(2026, 11)
    assert reports.report_settings(ctx).cut_day == 15
