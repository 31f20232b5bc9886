"""The register of nonconformities: a finding entered, done and verified by keyboard; overdue marks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from motcua_desktop.services import nonconformities
from motcua_desktop.ui.nonconformity_model import OVERDUE, RegisterModel
from motcua_desktop.ui.quality_page import QualityPage

from .conftest import show_active, type_text

TODAY = date(2026, 3, 16)


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def idle(qtbot, runner) -> None:
    qtbot.waitUntil(lambda: not runner.is_busy())


@pytest.fixture
def page(qtbot, ctx, users, runner):
    page = QualityPage(ctx, users.admin, runner, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    show_active(qtbot, page)
    idle(qtbot, runner)
    page.focus_first()
    return page


def confirm(qtbot) -> None:
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_a_finding_entered_done_and_verified_by_keyboard(qtbot, ctx, users, runner, page):
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # to the Register tab
    tab = page.register
    qtbot.waitUntil(lambda: focused() is tab.table)

    press(qtbot, Qt.Key.Key_Insert)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and focused() is dialog.description)
    type_text(None, "Hồ sơ trễ hạn không có thư xin lỗi")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.severity
    press(qtbot, Qt.Key.Key_Down)  # major
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, "Công chức chưa nắm quy định")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, "Gửi thư xin lỗi ngay")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(None, "Tập huấn lại quy trình")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.owner
    type_text(None, "Phạm Thị Mai")
    confirm(qtbot)
    idle(qtbot, runner)

    [nc] = nonconformities.register(ctx)
    assert nc.number == "NC-2026-001"
    assert nc.severity == "major" and nc.source == "manual"
    assert nc.description == "Hồ sơ trễ hạn không có thư xin lỗi"
    assert nc.cause == "Công chức chưa nắm quy định"
    assert nc.correction == "Gửi thư xin lỗi ngay"
    assert nc.corrective_action == "Tập huấn lại quy trình"
    assert nc.owner_name == "Phạm Thị Mai"
    assert nc.found_on == TODAY and nc.due_on == TODAY + timedelta(days=30)
    qtbot.waitUntil(lambda: tab.current() is not None and tab.current().id == nc.id)

    qtbot.waitUntil(lambda: focused() is tab.table)
    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # action done, today
    qtbot.waitUntil(lambda: tab.dialog is not None and focused() is tab.dialog.day)
    confirm(qtbot)
    idle(qtbot, runner)
    done = nonconformities.get(ctx, nc.id)
    assert done.status == "action_done" and done.done_on == TODAY
    qtbot.waitUntil(lambda: tab.current().status == "action_done")

    qtbot.waitUntil(lambda: focused() is tab.table)
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # verify: effective
    verify = tab.dialog
    qtbot.waitUntil(lambda: verify.isVisible() and focused() is verify.effective)
    confirm(qtbot)
    idle(qtbot, runner)
    checked = nonconformities.get(ctx, nc.id)
    assert checked.status == "verified" and checked.effective is True
    assert checked.verified_on == TODAY
    assert checked.verified_by_name == users.admin.full_name
    # "Not yet verified" is the default view: the closed finding leaves it.
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)


def test_ineffective_action_reopens_the_finding(qtbot, ctx, users, runner, page):
    nc = nonconformities.create(ctx, users.admin, description="Biểu mẫu cũ", found_on=TODAY,
                                correction="Thu hồi", due_on=TODAY)  # fmt: skip
    nonconformities.mark_action_done(ctx, users.admin, nc.id, TODAY)
    page.tabs.setCurrentIndex(1)
    tab = page.register
    qtbot.waitUntil(lambda: tab.current() is not None)
    qtbot.waitUntil(lambda: focused() is tab.table)
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    verify = tab.dialog
    qtbot.waitUntil(lambda: verify.isVisible() and focused() is verify.effective)
    press(qtbot, Qt.Key.Key_Down)  # not effective
    confirm(qtbot)
    idle(qtbot, runner)
    reopened = nonconformities.get(ctx, nc.id)
    assert reopened.status == "reopened" and reopened.effective is False


def test_overdue_actions_and_reports_are_marked_with_a_known_date(qtbot, ctx, users, runner, page):
    admin = users.admin
    late = nonconformities.create(ctx, admin, description="Quá hạn", found_on=date(2026, 1, 5),
                                  correction="Sửa", due_on=date(2026, 3, 1))  # fmt: skip
    on_time = nonconformities.create(ctx, admin, description="Còn hạn", found_on=date(2026, 3, 2),
                                     due_on=date(2026, 3, 31))  # fmt: skip
    annual = nonconformities.create(ctx, admin, description="Kiểm tra hằng năm",
                                    found_on=date(2026, 1, 10), due_on=date(2026, 6, 30),
                                    annual_inspection=True)  # fmt: skip
    done_late = nonconformities.create(ctx, admin, description="Đã khắc phục",
                                       found_on=date(2026, 1, 2), correction="Sửa",
                                       due_on=date(2026, 1, 20))  # fmt: skip
    nonconformities.mark_action_done(ctx, admin, done_late.id, date(2026, 1, 15))
    nonconformities.verify(ctx, admin, done_late.id, effective=True,
                           verified_on=date(2026, 1, 30), verified_by_name="Trần Văn Bình")  # fmt: skip

    model = RegisterModel(TODAY)
    model.set_rows(nonconformities.register(ctx))
    by_id = {model.row_at(r).id: r for r in range(model.rowCount())}

    def background(nc_id):
        brush = model.data(model.index(by_id[nc_id], 0), Qt.ItemDataRole.BackgroundRole)
        return brush.color() if brush is not None else None

    assert background(late.id) == OVERDUE
    assert "15" in model.text(late, 5)  # overdue 15 days on 16/03
    assert background(on_time.id) != OVERDUE
    # Found 10/01: the report to the inspecting body was due 10/03, six days ago.
    assert background(annual.id) == OVERDUE
    assert "10/03/2026" in model.text(annual, 7)
    assert model.text(annual, 7) != model.text(on_time, 7) == ""
    assert background(done_late.id) != OVERDUE  # verified: never overdue

    page.tabs.setCurrentIndex(1)
    tab = page.register
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)  # not yet verified
    tab.set_filter("overdue")
    assert {tab.model.row_at(r).id for r in range(tab.model.rowCount())} == {late.id, annual.id}
    assert "1" in tab.summary.text() and tab.summary.styleSheet()
    tab.set_filter("all")
    assert tab.model.rowCount() == 4

    # Reporting the annual finding lifts its mark.
    nonconformities.mark_reported(ctx, admin, annual.id, TODAY)
    tab.refresh()
    idle(qtbot, runner)
    tab.set_filter("overdue")
    assert [tab.model.row_at(r).id for r in range(tab.model.rowCount())] == [late.id]
