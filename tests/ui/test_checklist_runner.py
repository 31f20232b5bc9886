"""Filling a checklist by keyboard alone, from the Checklists tab to the leader's signature."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from motcua_desktop.domain.errors import NotAllowed
from motcua_desktop.services import checklists
from motcua_desktop.services import users as users_service
from motcua_desktop.ui.quality_page import QualityPage

from .conftest import show_active, type_text

TODAY = date(2026, 3, 16)
NOTE = "Đã xem văn bản phạm vi áp dụng"


@pytest.fixture
def leader(ctx, users):
    return users_service.create_user(
        ctx, "leader", "Trần Văn Bình", "secret-binh-3", "leader", actor=users.admin
    )


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def idle(qtbot, runner) -> None:
    qtbot.waitUntil(lambda: not runner.is_busy())


def make_page(qtbot, ctx, user, runner) -> QualityPage:
    page = QualityPage(ctx, user, runner, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    show_active(qtbot, page)
    idle(qtbot, runner)
    page.focus_first()
    return page


def start_self_inspection(qtbot, page, runner):
    """Ins on the runs table, pick the Circular 26 checklist, type the scope, Ctrl+Enter."""
    tab = page.checklists
    assert focused() is tab.table
    press(qtbot, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible())
    qtbot.waitUntil(lambda: focused() is tab.dialog.template)
    while tab.dialog.template.currentData() != "tt26-self-inspection":
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is tab.dialog.scope
    type_text(None, "Toàn bộ thủ tục hành chính cấp xã")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.runner_window is not None)
    window = tab.runner_window
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.data is not None)
    idle(qtbot, runner)
    qtbot.waitUntil(lambda: focused() is window.tree)
    return window


def test_fill_a_whole_checklist_by_keyboard_and_sign_it(qtbot, ctx, leader, runner, no_dialogs):
    page = make_page(qtbot, ctx, leader, runner)
    window = start_self_inspection(qtbot, page, runner)
    run_id = window.run_id
    item_ids = [i.id for i in window.data.template.items]
    assert f"0 / {len(item_ids)}" in window.progress_label.text()
    assert window.current_item_id() == item_ids[0]
    assert window.guidance.text()  # the guidance of the current item is shown

    # Tab into the note, write what was seen, Esc back to the list, 1 = conforming.
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is window.note
    type_text(None, NOTE)
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is window.tree
    press(qtbot, Qt.Key.Key_1)
    assert window.current_item_id() == item_ids[1]  # the cursor moved on by itself

    keys = [Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_N, Qt.Key.Key_4]
    for n in range(1, len(item_ids)):
        press(qtbot, keys[n - 1] if n <= len(keys) else Qt.Key.Key_1)
    idle(qtbot, runner)
    assert f"{len(item_ids)} / {len(item_ids)}" in window.progress_label.text()

    stored = checklists.run_view(ctx, run_id)
    assert stored.progress == (len(item_ids), len(item_ids))
    assert stored.answers[item_ids[0]].verdict == "conforming"
    assert stored.answers[item_ids[0]].evidence == NOTE
    assert [stored.verdict(i) for i in item_ids[1:5]] == ["minor", "major", "na", "na"]
    assert all(stored.verdict(i) == "conforming" for i in item_ids[5:])
    assert stored.scope == "Toàn bộ thủ tục hành chính cấp xã"
    assert stored.auditors == ("Trần Văn Bình",)

    # Esc closes the runner; Ctrl+K on the runs table closes and signs as the leader.
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.checklists.runner_window is None)
    show_active(qtbot, page)
    page.focus_first()
    idle(qtbot, runner)
    assert page.checklists.current_run().id == run_id
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = page.checklists.dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and focused() is dialog.name)
    assert dialog.name.text() == "Trần Văn Bình"
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, runner)
    assert no_dialogs == []
    closed = checklists.run_view(ctx, run_id)
    assert closed.status == "closed" and closed.signed_by_name == "Trần Văn Bình"
    qtbot.waitUntil(lambda: page.checklists.current_run().status == "closed")


def test_a_closed_run_cannot_be_edited_from_the_runner(qtbot, ctx, leader, runner, no_dialogs):
    template = next(t for t in checklists.templates(ctx) if t.code == "tt26-self-inspection")
    run = checklists.start_run(
        ctx, leader, template.code, run_on=TODAY, scope="Toàn xã", auditors=["Lê Văn Cường"]
    )
    for item in template.items:
        checklists.answer(ctx, leader, run.id, item.id, "conforming", evidence="Đạt")
    checklists.close_run(ctx, leader, run.id, "Trần Văn Bình")

    page = make_page(qtbot, ctx, leader, runner)
    qtbot.waitUntil(lambda: page.checklists.current_run() is not None)
    press(qtbot, Qt.Key.Key_Return)  # Enter opens the run
    qtbot.waitUntil(lambda: page.checklists.runner_window is not None)
    window = page.checklists.runner_window
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.data is not None)
    qtbot.waitUntil(lambda: focused() is window.tree)

    assert window.banner.isVisible()
    assert "Trần Văn Bình" in window.banner.text()
    assert window.note.isReadOnly()
    assert not window.attach_button.isEnabled()
    first = window.current_item_id()
    press(qtbot, Qt.Key.Key_3)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, "sửa")
    press(qtbot, Qt.Key.Key_Escape)
    idle(qtbot, runner)
    stored = checklists.run_view(ctx, run.id)
    assert all(stored.verdict(i.id) == "conforming" for i in template.items)
    assert stored.answers[first].evidence == "Đạt"
    assert no_dialogs == []  # nothing was even attempted


def test_only_a_leader_signs_and_the_refusal_is_shown(qtbot, ctx, users, runner, no_dialogs):
    template = checklists.templates(ctx)[0]
    run = checklists.start_run(  # answered by the administrator: the desk clerk may not
        ctx, users.admin, template.code, run_on=TODAY, scope="", auditors=["Lê Văn Cường"]
    )
    for item in template.items:
        checklists.answer(ctx, users.admin, run.id, item.id, "na")
    page = make_page(qtbot, ctx, users.clerk, runner)
    qtbot.waitUntil(lambda: page.checklists.current_run() is not None)
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: focused() is page.checklists.dialog.name)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(no_dialogs) == 1)
    assert isinstance(no_dialogs[0], NotAllowed)
    assert checklists.run_view(ctx, run.id).status == "open"


def test_reopening_a_run_resumes_where_it_stopped(qtbot, ctx, leader, runner):
    template = next(t for t in checklists.templates(ctx) if t.code == "tt26-self-inspection")
    run = checklists.start_run(
        ctx, leader, template.code, run_on=TODAY, scope="", auditors=["Lê Văn Cường"]
    )
    first, second, third = (i.id for i in template.items[:3])
    checklists.answer(ctx, leader, run.id, first, "minor", evidence="Thiếu danh sách")
    checklists.answer(ctx, leader, run.id, second, "conforming")
    page = make_page(qtbot, ctx, leader, runner)
    qtbot.waitUntil(lambda: page.checklists.current_run() is not None)
    page.checklists.open_run()
    window = page.checklists.runner_window
    qtbot.waitUntil(lambda: window.data is not None)
    assert window.current_item_id() == third  # the first unanswered item
    assert f"2 / {len(template.items)}" in window.progress_label.text()
    window.tree.setCurrentItem(window.items[first])
    assert window.verdict_buttons["minor"].isChecked()
    assert window.note.toPlainText() == "Thiếu danh sách"
    window.close()


def test_ctrl_o_attaches_a_file_to_the_current_item(
    qtbot, ctx, leader, runner, tmp_path, monkeypatch
):
    template = checklists.templates(ctx)[0]
    run = checklists.start_run(
        ctx, leader, template.code, run_on=TODAY, scope="", auditors=["Lê Văn Cường"]
    )
    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned minutes")
    monkeypatch.setattr(
        "motcua_desktop.ui.checklist_runner.QFileDialog.getOpenFileName",
        lambda *a, **k: (str(scan), ""),
    )
    page = make_page(qtbot, ctx, leader, runner)
    qtbot.waitUntil(lambda: page.checklists.current_run() is not None)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.checklists.runner_window is not None)
    window = page.checklists.runner_window
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: focused() is window.tree and window.data is not None)
    item_id = window.current_item_id()
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, runner)
    assert [window.files.item(i).text() for i in range(window.files.count())] == [scan.name]
    [attached] = checklists.run_view(ctx, run.id).answers[item_id].attachments
    assert attached.file_name == scan.name and attached.size == scan.stat().st_size
    assert (ctx.data_dir / attached.path).read_bytes() == scan.read_bytes()
    window.close()
