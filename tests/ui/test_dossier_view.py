"""The dossier view driven by keyboard through the real services: header, timeline, actions, slips."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from motcua_desktop.domain.dossier import Applicant, Status
from motcua_desktop.domain.errors import NotAllowed
from motcua_desktop.domain.lifecycle import Action
from motcua_desktop.i18n import format_ui_datetime
from motcua_desktop.services import dossiers, intake, lifecycle, printing
from motcua_desktop.ui import dossier_sections as sec
from motcua_desktop.ui.dossier_view import DossierView
from motcua_desktop.ui.pdf_preview import PdfPreviewDialog

from .conftest import show_active, type_text

APPLICANT = Applicant(name="Trần Thị Bích Hằng", id_number="089185012345", phone="0912345678")


@pytest.fixture
def previews(monkeypatch):
    """Paths the preview opened (exec does not block) and the paths sent to the printer."""

    class Opened(list):
        printed: list

    opened = Opened()
    printed: list = []

    def fake_exec(dialog: PdfPreviewDialog) -> int:
        opened.append(dialog.path)
        assert dialog.page_count() >= 1
        return 0

    monkeypatch.setattr(PdfPreviewDialog, "exec", fake_exec)
    monkeypatch.setattr(PdfPreviewDialog, "print_document", lambda d: printed.append(d.path))
    opened.printed = printed
    return opened


@pytest.fixture(autouse=True)
def _no_unexpected_errors(no_dialogs):
    """An error dialog would block the test; record them instead and expect none unless claimed."""
    yield
    assert not no_dialogs, no_dialogs


@pytest.fixture
def view_of(qtbot, ctx, users, runner):
    views = []

    def make(code: str, user=None) -> DossierView:
        view = DossierView(ctx, user or users.clerk, runner, code)
        qtbot.addWidget(view)
        show_active(qtbot, view)
        qtbot.waitUntil(lambda: view.snapshot is not None)
        wait_idle(qtbot, runner)
        views.append(view)
        return view

    yield make
    wait_idle(qtbot, runner)
    for view in views:
        view.close()


def wait_idle(qtbot, runner) -> None:
    qtbot.waitUntil(lambda: not runner.is_busy())


def accept(ctx, clerk, *, received_at=None, procedure="HT-05"):
    req = intake.IntakeRequest(procedure, APPLICANT, received_at=received_at, fee_vnd=15000)
    return intake.accept(ctx, req, clerk)


def focused():
    return QApplication.focusWidget()


def do_action(qtbot, view, runner, key, modifier=Qt.KeyboardModifier.NoModifier, fill=None):
    """Press the action's key, fill its dialog by keyboard, confirm with Ctrl+Enter."""
    before = view.snapshot
    qtbot.keyClick(focused(), key, modifier)
    qtbot.waitUntil(lambda: view.current_dialog is not None and view.current_dialog.isVisible())
    dialog = view.current_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    if fill is not None:
        fill(dialog)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.current_dialog is None)
    qtbot.waitUntil(view.isActiveWindow)
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: view.snapshot is not before and not view._busy)
    wait_idle(qtbot, runner)


def visible_action_buttons(view) -> set[str]:
    return {
        b.objectName()
        for b in view.findChildren(QPushButton)
        if b.isVisible() and b.objectName().startswith("action_")
    }


def test_header_and_timeline_show_the_dossier(qtbot, ctx, users, view_of):
    record = accept(ctx, users.clerk)
    view = view_of(record.code)
    assert view.code_label.text() == record.code
    assert view.status_label.text() == sec.status_name(Status.ACCEPTED)
    assert "Đăng ký khai sinh kết hợp nhận cha, mẹ, con" in view.procedure_label.text()
    assert format_ui_datetime(record.received_at) in view.dates_label.text()
    assert format_ui_datetime(record.due_at) in view.dates_label.text()
    assert view.people.values["name"].text() == APPLICANT.name
    assert view.components.rowCount() == len(record.components)
    # The timeline: the intake event, by the clerk.
    assert view.events.rowCount() == 1
    assert view.events.item(0, 1).text() == "Lê Văn Cường"
    assert view.events.item(0, 2).text().startswith(sec.event_name("received"))
    assert view.deadline_label.property("level") == "ok"
    assert set(view.offered_actions()) >= {Action.START_PROCESSING, Action.STOP, Action.EXTEND}
    qtbot.waitUntil(lambda: focused() is view.action_buttons[Action.START_PROCESSING])
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.isVisible())


def test_overdue_dossier_warns_in_the_header(qtbot, ctx, users, view_of):
    record = accept(ctx, users.clerk, received_at=datetime.now() - timedelta(days=30))
    view = view_of(record.code)
    assert view.deadline_label.isVisible()
    assert view.deadline_label.property("level") == "late"
    assert "Ctrl+E" in view.deadline_label.text()


def test_keyboard_walk_from_processing_to_return_at_the_desk(qtbot, ctx, users, runner, view_of):
    record = accept(ctx, users.clerk)
    view = view_of(record.code)

    def start(dialog):
        assert focused() is dialog.handler
        assert dialog.handler.currentData() == "clerk"
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is dialog.unit
        type_text(None, "Tư pháp - Hộ tịch")

    do_action(qtbot, view, runner, Qt.Key.Key_F2, fill=start)
    state = dossiers.get_dossier(ctx, record.code)
    assert state.status == Status.PROCESSING
    assert state.handling_unit == "Tư pháp - Hộ tịch"
    assert state.extra["handling_official_name"] == "Lê Văn Cường"
    assert dossiers.events(ctx, record.code)[-1].kind == "processing_started"
    assert view.status_label.text() == sec.status_name(Status.PROCESSING)

    def hand(dialog):
        assert focused() in (dialog.to_name, dialog.to_name.lineEdit())
        type_text(None, "Nguyễn Thị Hoa")
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        type_text(None, "Trình ký")

    do_action(qtbot, view, runner, Qt.Key.Key_F3, fill=hand)
    steps = lifecycle.handovers(ctx, record.code)
    assert steps[-1].to_name == "Nguyễn Thị Hoa"
    assert steps[-1].note == "Trình ký"
    assert dossiers.events(ctx, record.code)[-1].kind == "handed_over"
    assert view.handovers.isVisible() and view.handovers.rowCount() == len(steps)

    do_action(qtbot, view, runner, Qt.Key.Key_F9, fill=lambda d: type_text(None, "Đã ký"))
    state = dossiers.get_dossier(ctx, record.code)
    assert state.status == Status.FINISHED
    assert state.extra["finished_at"] is not None

    def give_back(dialog):
        assert dialog.desk.isChecked()
        assert focused() is dialog.collected_by
        assert dialog.collected_by.text() == APPLICANT.name
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is dialog.id_checked
        qtbot.keyClick(focused(), Qt.Key.Key_Space)
        assert dialog.id_checked.isChecked()
        # The citizen leaves without evaluating (tests/ui/test_evaluation_dialog.py does it).
        qtbot.keyClick(dialog.evaluate_now, Qt.Key.Key_Space)
        assert not dialog.evaluate_now.isChecked()

    do_action(qtbot, view, runner, Qt.Key.Key_F10, fill=give_back)
    state = dossiers.get_dossier(ctx, record.code)
    assert state.status == Status.RESULT_RETURNED
    assert state.extra["return_method"] == "desk"
    assert state.extra["returned_to"] == APPLICANT.name
    assert state.extra["timeliness"] == "early"  # a three-day procedure returned today
    kinds = [e.kind for e in dossiers.events(ctx, record.code)]
    assert kinds == ["received", "processing_started", "handed_over", "finished", "result_returned"]
    assert view.deadline_label.property("level") == "ok"
    # A returned dossier offers nothing: no stop button, and its key does nothing.
    assert view.offered_actions() == []
    assert visible_action_buttons(view) == set()
    qtbot.keyClick(
        focused(),
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert view.current_dialog is None


def test_extension_keeps_both_dates_and_prints_the_apology(
    qtbot, ctx, users, runner, view_of, previews
):
    record = accept(ctx, users.clerk, received_at=datetime.now() - timedelta(days=20))
    lifecycle.start_processing(ctx, record.code, users.clerk)
    view = view_of(record.code)
    assert view.deadline_label.property("level") == "late"
    chosen = {}

    def fill(dialog):
        assert focused() is dialog.reason
        chosen["due"] = dialog.new_due_at()
        assert chosen["due"] > datetime.now()
        type_text(None, "Chờ xác minh thông tin tại xã khác")

    do_action(qtbot, view, runner, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier, fill=fill)
    qtbot.waitUntil(lambda: len(previews) == 1)
    state = dossiers.get_dossier(ctx, record.code)
    assert state.extra["original_due_at"] == record.due_at
    assert state.due_at == chosen["due"]
    [ext] = lifecycle.extensions(ctx, record.code)
    assert ext.previous_due_at == record.due_at and ext.new_due_at == chosen["due"]
    assert "apology" in previews[0].name
    text = "\n".join(p.extract_text() for p in PdfReader(str(previews[0])).pages)
    assert "Chờ xác minh thông tin tại xã khác" in text
    qtbot.waitUntil(lambda: view.documents.rowCount() == 1)
    assert format_ui_datetime(record.due_at) in view.dates_label.text()
    assert format_ui_datetime(chosen["due"]) in view.dates_label.text()


def test_stop_prints_form_05_and_a_stale_action_is_refused(
    qtbot, ctx, users, runner, view_of, previews, no_dialogs
):
    record = accept(ctx, users.clerk)
    view = view_of(record.code)
    do_action(
        qtbot,
        view,
        runner,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        fill=lambda d: type_text(None, "Người nộp không bổ sung"),
    )
    qtbot.waitUntil(lambda: len(previews) == 1)
    assert "stop" in previews[0].name
    assert dossiers.get_dossier(ctx, record.code).status == Status.STOPPED
    assert "action_stop" not in visible_action_buttons(view)

    # Another desk withdrew this one behind the view's back: its offer is stale.
    other = accept(ctx, users.clerk)
    stale = view_of(other.code)
    lifecycle.withdraw(ctx, other.code, users.admin, reason="Xin rút")
    do_action(qtbot, stale, runner, Qt.Key.Key_F2)
    assert len(no_dialogs) == 1 and isinstance(no_dialogs[0], NotAllowed)
    no_dialogs.clear()
    state = dossiers.get_dossier(ctx, other.code)
    assert state.status == Status.WITHDRAWN
    assert [e.kind for e in dossiers.events(ctx, other.code)] == ["received", "withdrawn"]
    assert stale.offered_actions() == []


def test_reprint_a_document_from_the_list(qtbot, ctx, users, runner, view_of, previews):
    record = accept(ctx, users.clerk)
    receipt = printing.print_slip(ctx, record.code, "receipt", users.clerk)
    view = view_of(record.code)
    assert view.documents.rowCount() == 1
    assert view.documents.item(0, 0).text() == sec.slip_name("receipt")
    assert view.documents.item(0, 2).text() == "Lê Văn Cường"
    view.documents.setFocus()
    qtbot.keyClick(view.documents, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(previews) == 1)
    assert previews[0] == receipt.path
    qtbot.keyClick(
        focused(),
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: len(previews.printed) == 1)
    assert previews.printed == [receipt.path]
    assert previews == [receipt.path, receipt.path]  # Enter previewed once, no stray button
    # Reprinting hands out the stored file; it does not render a new one.
    assert len(printing.list_documents(ctx, record.code)) == 1


def test_control_sheet_any_time(qtbot, ctx, users, runner, view_of, previews):
    record = accept(ctx, users.clerk)
    lifecycle.start_processing(ctx, record.code, users.clerk)
    lifecycle.hand_over(ctx, record.code, users.clerk, to_name="Nguyễn Thị Hoa", to_unit="Lãnh đạo")
    view = view_of(record.code)
    qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(previews) == 1)
    assert "control_sheet" in previews[0].name
    text = "\n".join(p.extract_text() for p in PdfReader(str(previews[0])).pages)
    assert "Nguyễn Thị Hoa" in text
    qtbot.waitUntil(lambda: view.documents.rowCount() == 1)


def test_the_list_opens_one_window_per_dossier(qtbot, ctx, users, runner):
    from motcua_desktop.ui.main_window import MainWindow

    record = accept(ctx, users.clerk)
    window = MainWindow(ctx, users.clerk, runner)
    qtbot.addWidget(window)
    window.dossiers.open_dossier.emit(record.code)
    [view] = window.findChildren(DossierView)
    qtbot.waitUntil(lambda: view.snapshot is not None)
    window.dossiers.open_dossier.emit(record.code)  # again: the same window comes forward
    assert window.findChildren(DossierView) == [view]
    assert view.code_label.text() == record.code
    wait_idle(qtbot, runner)
    view.close()
    window.close()
