"""The quality page: revising a run, findings from a checklist, records, printing, the district table."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from motcua_desktop.i18n import _
from motcua_desktop.services import checklists, nonconformities, quality_records
from motcua_desktop.services.quality_records import QualityStatus, RunResult
from motcua_desktop.services.quality_report import CommuneQuality, declared_total
from motcua_desktop.ui.iso_district import ALARM, CommuneQualityModel
from motcua_desktop.ui.pdf_preview import PdfPreviewDialog
from motcua_desktop.ui.quality_page import QualityPage

from .conftest import show_active, type_text

TODAY = date(2026, 3, 16)


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key to the focused widget, else to the active window, as a keyboard would send it.

    (QTest aborts the whole run on a key sent to no widget.)
    """
    target = focused() or QApplication.activeWindow()
    assert target is not None, "no widget or window to take the key"
    qtbot.keyClick(target, key, modifier)


def keys_to(qtbot, widget) -> None:
    """Wait until ``widget`` holds the keyboard, its window active again.

    A progress box (a slow PDF on a busy machine) takes the activation while it
    is up; the offscreen platform has no window manager to give it back.
    """
    window = widget.window()
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: focused() is widget)


def idle(qtbot, runner) -> None:
    qtbot.waitUntil(lambda: not runner.is_busy())


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.fixture
def previews(monkeypatch):
    opened: list = []

    def fake_exec(dialog: PdfPreviewDialog) -> int:
        opened.append(dialog.path)
        assert dialog.page_count() >= 1
        return 0

    monkeypatch.setattr(PdfPreviewDialog, "exec", fake_exec)
    return opened


@pytest.fixture
def page(qtbot, ctx, users, runner):
    page = QualityPage(ctx, users.admin, runner, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    show_active(qtbot, page)
    idle(qtbot, runner)
    page.focus_first()
    return page


def closed_run(ctx, actor, verdicts=None):
    template = next(t for t in checklists.templates(ctx) if t.code == "tt26-self-inspection")
    run = checklists.start_run(
        ctx, actor, template.code, run_on=date(2026, 1, 10), scope="Toàn xã",
        auditors=["Lê Văn Cường"],
    )  # fmt: skip
    for n, item in enumerate(template.items):
        verdict = (verdicts or {}).get(n, "conforming")
        checklists.answer(ctx, actor, run.id, item.id, verdict, evidence="Đã xem")
    checklists.close_run(ctx, actor, run.id, "Trần Văn Bình")
    return template, checklists.run_view(ctx, run.id)


def test_revise_a_closed_run_keeps_the_signed_one(qtbot, ctx, users, runner, page):
    _template, run = closed_run(ctx, users.admin)
    page.checklists.refresh()
    qtbot.waitUntil(lambda: page.checklists.current_run() is not None)
    keys_to(qtbot, page.checklists.table)
    press(
        qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: page.checklists.runner_window is not None)
    window = page.checklists.runner_window
    qtbot.waitUntil(lambda: window.data is not None)
    assert not window.banner.isVisible() and not window.note.isReadOnly()
    assert window.data.run.revision == 2 and window.data.run.supersedes_id == run.id
    window.close()
    idle(qtbot, runner)
    runs = checklists.list_runs(ctx)
    assert [(r.revision, r.status) for r in runs] == [(2, "open"), (1, "closed")]
    qtbot.waitUntil(lambda: page.checklists.table.rowCount() == 2)
    statuses = {page.checklists.table.item(r, 3).text() for r in range(2)}
    assert statuses == {_("In progress"), _("Closed, revised later")}


def test_findings_from_a_checklist_go_to_the_register(qtbot, ctx, users, runner, page):
    closed_run(ctx, users.admin, {1: "minor", 3: "major"})
    page.checklists.refresh()
    qtbot.waitUntil(lambda: page.checklists.current_run() is not None)
    page.checklists.buttons["findings"].click()
    idle(qtbot, runner)
    assert "2" in page.checklists.message.text()
    found = nonconformities.register(ctx)
    assert sorted(f.severity for f in found) == ["major", "minor"]
    # Findings of the annual inspection carry the two-month limit: 10/01 → 10/03.
    assert {f.report_due_on for f in found} == {date(2026, 3, 10)}
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.register.model.rowCount() == 2)
    assert "10/03/2026" in page.register.model.text(found[0], 7)


def test_print_the_checklist_report_and_the_self_assessment(
    qtbot, ctx, users, runner, page, previews
):
    closed_run(ctx, users.admin, {2: "minor"})
    page.checklists.refresh()
    qtbot.waitUntil(lambda: page.checklists.current_run() is not None)
    # After a refresh the list holds the keys, so Ctrl+P reaches the page's shortcut.
    keys_to(qtbot, page.checklists.table)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(previews) == 1)
    assert previews[0].is_relative_to(ctx.data_dir)
    assert "Trần Văn Bình" in pdf_text(previews[0])
    keys_to(qtbot, page.checklists.table)
    press(
        qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: len(previews) == 2)
    assert previews[1] != previews[0] and pdf_text(previews[1])


def test_print_the_register(qtbot, ctx, users, runner, page, previews):
    nonconformities.create(ctx, users.admin, description="Biểu mẫu cũ còn sử dụng",
                           found_on=date(2026, 2, 2), due_on=date(2026, 3, 1))  # fmt: skip
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: focused() is page.register.table and page.register.model.rowCount())
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(previews) == 1)
    assert "NC-2026-001" in pdf_text(previews[0])


def test_a_management_review_entered_by_keyboard_and_printed(
    qtbot, ctx, users, runner, page, previews
):
    page.tabs.setCurrentIndex(2)
    tab = page.records
    tab.sections.setFocus()
    while tab.kind() != "management_review":
        press(qtbot, Qt.Key.Key_Down)
    idle(qtbot, runner)
    press(qtbot, Qt.Key.Key_Insert)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and focused() is dialog.day)
    dialog.number.setFocus()
    type_text(None, "01/BB-UBND")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.chair
    type_text(None, "Trần Văn Bình")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, "Lê Văn Cường")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, "Kết quả đánh giá nội bộ")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.decisions
    type_text(None, "Cập nhật quy trình khai sinh")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, runner)
    [review] = quality_records.list_records(ctx, "management_review")
    assert review.number == "01/BB-UBND" and review.record_date == TODAY
    assert review.data["chair"] == "Trần Văn Bình"
    assert review.data["decisions"] == ["Cập nhật quy trình khai sinh"]
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    qtbot.waitUntil(lambda: focused() is tab.table)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(previews) == 1)
    assert "Cập nhật quy trình khai sinh" in pdf_text(previews[0])


def test_a_declaration_shows_in_the_records(qtbot, ctx, users, runner, page):
    quality_records.record_declaration(ctx, users.admin, decision_number="12/QĐ-UBND",
                                       decision_date=date(2025, 3, 1), scope="Toàn bộ TTHC",
                                       posted=True)  # fmt: skip
    page.tabs.setCurrentIndex(2)
    page.records.sections.setCurrentRow(2)
    qtbot.waitUntil(lambda: page.records.table.rowCount() == 1)
    cells = [page.records.table.item(0, c).text() for c in range(3)]
    assert cells == ["01/03/2025", "12/QĐ-UBND", "Toàn bộ TTHC"]


def test_the_district_table_and_its_total():
    audit = RunResult("r1", "Đánh giá nội bộ", "internal_audit", date(2025, 11, 2), "closed", 1,
                      {"conforming": 20, "minor": 2, "major": 1, "na": 1, "unanswered": 0})  # fmt: skip
    rows = [
        CommuneQuality("a", "An Phú", "000.00.20.H56", QualityStatus(
            declared=True, declared_on=date(2025, 3, 1), decision_number="12/QĐ-UBND",
            last_internal_audit=audit, open_actions=3, overdue_actions=1)),
        CommuneQuality("b", "Bình Hòa", "000.00.21.H56", QualityStatus(declared=False)),
        CommuneQuality("c", "Cát Tiên", "000.00.22.H56", QualityStatus(
            declared=True, declared_on=date(2024, 6, 1), report_overdue=2)),
    ]  # fmt: skip
    model = CommuneQualityModel()
    model.set_rows(rows)
    assert model.rowCount() == 3
    assert "01/03/2025" in model.text(rows[0], 1) and "12/QĐ-UBND" in model.text(rows[0], 1)
    assert "20" in model.text(rows[0], 2) and "02/11/2025" in model.text(rows[0], 2)
    assert model.text(rows[1], 1) != model.text(rows[0], 1)
    bg = model.data(model.index(1, 1), Qt.ItemDataRole.BackgroundRole)
    assert bg.color() == ALARM  # not declared
    assert model.data(model.index(0, 6), Qt.ItemDataRole.BackgroundRole).color() == ALARM
    assert model.data(model.index(1, 6), Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(2, 7), Qt.ItemDataRole.BackgroundRole).color() == ALARM
    total = declared_total(rows)
    assert (total.declared, total.communes) == (2, 3)
    assert "2" in total.text and "3" in total.text


def test_the_print_menu_offers_both_reports(qtbot, ctx, users, runner, page, previews):
    closed_run(ctx, users.admin)
    page.checklists.refresh()
    qtbot.waitUntil(lambda: page.checklists.current_run() is not None)
    actions = page.checklists.print_menu.actions()
    assert [a.text() for a in actions] == [
        _("Print report (Ctrl+P)"),
        _("Annual self-assessment (Ctrl+Shift+P)"),
    ]
    actions[1].trigger()
    qtbot.waitUntil(lambda: len(previews) == 1)
    assert pdf_text(previews[0])


def test_the_main_window_fits_a_1366_pixel_screen(qtbot, ctx, users, runner):
    """Every page built (the Quality page's bar was the widest), in the default language."""
    from motcua_desktop.ui.main_window import PAGE_CLASSES, MainWindow

    window = MainWindow(ctx, users.admin, runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for index in range(len(PAGE_CLASSES)):
        window.show_page(index)
    idle(qtbot, runner)
    assert all(window.is_built(i) for i in range(len(PAGE_CLASSES)))
    assert window.minimumSizeHint().width() <= 1366
