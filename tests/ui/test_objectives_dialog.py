"""The quality objectives editor (pytest-qt, keyboard): add, edit, remove, defaults; the dashboard shows the status."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from motcua_desktop.domain.report_models import ObjectiveStatus
from motcua_desktop.services import demo, quality_objectives
from motcua_desktop.services.users import get_user
from motcua_desktop.ui.dashboard_page import DashboardPage
from motcua_desktop.ui.objectives_dialog import ObjectivesDialog
from motcua_desktop.ui.reports_objectives import status_text

from .conftest import show_active, type_text

TODAY = date(2026, 11, 20)


@pytest.fixture
def seeded(ctx):
    demo.seed_demo(ctx, 200, today=TODAY)
    return ctx


def press(qtbot, widget, key=Qt.Key.Key_Space) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key)


def fill_editor(qtbot, editor, *, measure_steps: int, title: str, target: str) -> None:
    for _i in range(measure_steps):
        press(qtbot, editor.measure, Qt.Key.Key_Down)
    editor.title_edit.setFocus()
    editor.title_edit.selectAll()
    type_text(editor.title_edit, title)
    editor.target.setFocus()
    editor.target.selectAll()
    type_text(editor.target, target)


def test_add_by_keyboard_and_the_dashboard_shows_its_status(qtbot, seeded, runner):
    ctx = seeded
    page = DashboardPage(ctx, get_user(ctx, "leader"), runner, today=TODAY)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    qtbot.waitUntil(lambda: page.loads > 0, timeout=20000)
    assert page.board.objectives == [] and page.objectives_model.rows[0][4] == ""
    press(qtbot, page.edit_button)
    dialog = page.objectives_dialog
    qtbot.waitUntil(lambda: dialog.loads > 0)
    press(qtbot, dialog.add_button)
    editor = dialog.editor
    qtbot.waitUntil(editor.isVisible)
    fill_editor(qtbot, editor, measure_steps=0, title="Giải quyết đúng hạn", target="90,5")
    loads = page.loads
    qtbot.keyClick(editor.target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.objectives) == 1)
    saved = dialog.objectives[0]
    assert (saved.measure, saved.title, saved.comparator, saved.target) == (
        "on_time_rate",
        "Giải quyết đúng hạn",
        ">=",
        90.5,
    )
    qtbot.waitUntil(lambda: page.loads > loads and len(page.board.objectives) == 1)
    result = quality_objectives.evaluate(ctx, 2026, today=TODAY).results[0]
    assert result.status in (ObjectiveStatus.MET, ObjectiveStatus.NOT_MET)
    row = page.objectives_model.rows[0]
    assert row[1] == "Giải quyết đúng hạn" and row[4] == status_text(result.status)
    assert row[2] == "≥ 90,50%"


def test_edit_remove_and_defaults(qtbot, seeded, runner, monkeypatch):
    ctx = seeded
    dialog = ObjectivesDialog(ctx, get_user(ctx, "admin"), runner, 2026)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.loads > 0)
    press(qtbot, dialog.seed_button)
    qtbot.waitUntil(lambda: len(dialog.objectives) > 1)
    defaults = len(dialog.objectives)
    assert defaults == len(quality_objectives.list_objectives(ctx, 2026))

    press(qtbot, dialog.table, Qt.Key.Key_Return)  # Enter edits the chosen (first) objective
    qtbot.waitUntil(lambda: dialog.editor is not None and dialog.editor.isVisible())
    editor = dialog.editor
    first = dialog.objectives[0]
    assert editor.title_edit.text() == first.title
    editor.note.setFocus()
    type_text(editor.note, "Theo ISO")
    qtbot.keyClick(editor.note, Qt.Key.Key_Return)
    assert not editor.problem.text(), editor.problem.text()
    qtbot.waitUntil(lambda: dialog.objectives and dialog.objectives[0].note == "Theo ISO")
    assert len(dialog.objectives) == defaults and len(dialog.findChildren(type(editor))) == 1

    monkeypatch.setattr(dialog, "confirm_remove", lambda objective: True)
    press(qtbot, dialog.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(dialog.objectives) == defaults - 1)
    assert first.id not in {o.id for o in quality_objectives.list_objectives(ctx, 2026)}


def test_copy_from_last_year(qtbot, seeded, runner):
    ctx = seeded
    admin = get_user(ctx, "admin")
    quality_objectives.save_objective(
        ctx, admin, year=2025, measure="late_rate", title="Trễ hạn", comparator="<=", target=3
    )
    dialog = ObjectivesDialog(ctx, admin, runner, 2026)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.loads > 0)
    assert dialog.objectives == []
    press(qtbot, dialog.copy_button)
    qtbot.waitUntil(lambda: len(dialog.objectives) == 1)
    assert (dialog.objectives[0].title, dialog.objectives[0].target) == ("Trễ hạn", 3.0)


def test_a_target_that_is_not_a_number_keeps_the_editor_open(qtbot, seeded, runner):
    ctx = seeded
    dialog = ObjectivesDialog(ctx, get_user(ctx, "admin"), runner, 2026)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.loads > 0)
    press(qtbot, dialog.add_button)
    editor = dialog.editor
    qtbot.waitUntil(editor.isVisible)
    fill_editor(qtbot, editor, measure_steps=0, title="Đúng hạn", target="chín mươi")
    qtbot.keyClick(editor.target, Qt.Key.Key_Return)
    assert editor.isVisible() and editor.problem.text()
    editor.target.selectAll()
    type_text(editor.target, "120")
    qtbot.keyClick(editor.target, Qt.Key.Key_Return)
    assert editor.isVisible() and "100" in editor.problem.text()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible() and quality_objectives.list_objectives(ctx, 2026) == []
    assert QApplication.activeModalWidget() is not editor


def test_the_manual_measure_takes_an_actual_and_others_do_not(qtbot, seeded, runner):
    ctx = seeded
    dialog = ObjectivesDialog(ctx, get_user(ctx, "admin"), runner, 2026)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    press(qtbot, dialog.add_button)
    editor = dialog.editor
    qtbot.waitUntil(editor.isVisible)
    assert not editor.actual.isEnabled()
    press(qtbot, editor.measure, Qt.Key.Key_End)  # "Entered by hand"
    assert editor.measure_key() == "manual" and editor.actual.isEnabled()
    editor.title_edit.setFocus()
    type_text(editor.title_edit, "Cán bộ được đào tạo")
    editor.actual.setFocus()
    type_text(editor.actual, "75")
    qtbot.keyClick(editor.actual, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.objectives) == 1)
    assert dialog.objectives[0].manual_actual == 75.0
