"""Settings → Desk → personal data retention: a leader sets the years and purges, by keyboard."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from motcua_desktop.domain.dossier import Applicant, Channel
from motcua_desktop.services import intake, retention
from motcua_desktop.services import users as users_service
from motcua_desktop.store.models import Dossier
from motcua_desktop.ui.settings_page import SettingsPage

from .conftest import show_active, type_text


def idle(qtbot, runner) -> None:
    qtbot.waitUntil(lambda: not runner.is_busy())


def refused_long_ago(ctx, clerk) -> str:
    request = intake.IntakeRequest(
        procedure_code="1.001193",
        applicant=Applicant(name="Đặng Văn Đông", id_number="001203004567", phone="0912345678"),
        channel=Channel.IN_PERSON,
        received_at=datetime(2023, 3, 10, 9, 15),
    )
    return intake.refuse(ctx, request, "Không thuộc thẩm quyền", clerk).code


def open_desk_tab(qtbot, ctx, runner, user) -> SettingsPage:
    page = SettingsPage(ctx, user, runner)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    idle(qtbot, runner)
    page.tabs.setCurrentIndex(2)  # Desk
    return page


def test_a_leader_sets_the_period_and_purges_after_confirming(qtbot, ctx, runner, users):
    code = refused_long_ago(ctx, users.clerk)
    leader = users_service.create_user(
        ctx, "binh", "Trần Văn Bình", "lanh-dao-2026", "leader", users.admin
    )
    page = open_desk_tab(qtbot, ctx, runner, leader)
    box = page.retention
    assert box.years.value() == 0 and not box.purge_button.isEnabled()  # off by default
    box.years.setFocus()
    box.years.selectAll()
    type_text(box.years, "2")
    qtbot.keyClick(box.years, Qt.Key.Key_Return)
    idle(qtbot, runner)
    assert retention.retention_years(ctx) == 2
    assert "2" in box.status.text() and box.purge_button.isEnabled()

    box.purge_button.setFocus()
    qtbot.keyClick(box.purge_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: box.confirm is not None and box.confirm.isVisible())
    confirm = box.confirm
    qtbot.keyClick(confirm, Qt.Key.Key_Return)  # unticked: Return does nothing
    assert confirm.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is confirm.understood)
    qtbot.keyClick(confirm.understood, Qt.Key.Key_Space)
    qtbot.keyClick(confirm.understood, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not confirm.isVisible())
    idle(qtbot, runner)
    with ctx.db.session(readonly=True) as s:
        row = s.scalar(select(Dossier).where(Dossier.code == code))
        assert row.personal_purged_at is not None
        assert row.applicant_id_number == "" and "Đông" not in row.applicant_name
    assert "1" in box.status.text()


def test_a_clerk_sees_the_period_but_cannot_change_or_purge(qtbot, ctx, runner, users):
    refused_long_ago(ctx, users.clerk)
    retention.set_retention_years(ctx, 1, users.admin)
    page = open_desk_tab(qtbot, ctx, runner, users.clerk)
    box = page.retention
    qtbot.waitUntil(lambda: box.years.value() == 1)
    assert box.years.isReadOnly()
    assert not box.apply_button.isVisible() and not box.purge_button.isVisible()
    box.check_purge()  # even if reached, nothing is asked and nothing runs
    idle(qtbot, runner)
    assert box.confirm is None
    assert retention.purged_count(ctx) == 0
