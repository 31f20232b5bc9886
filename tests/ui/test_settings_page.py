"""The Settings page: profile round trip through the service, and the local calendar table."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate

from motcua_desktop.services import calendar as calendar_service
from motcua_desktop.services import setup as setup_service
from motcua_desktop.ui.settings_page import SettingsPage

from .conftest import type_text


def _page(qtbot, ctx, runner, user):
    page = SettingsPage(ctx, user, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.profile is not None)
    return page


def test_save_round_trip(qtbot, ctx, runner, users):
    page = _page(qtbot, ctx, runner, users.admin)
    assert page.commune.edits["commune_name"].text() == "An Phú"
    phone = page.commune.edits["phone"]
    phone.selectAll()
    type_text(phone, "0296 3999 888")
    page.leaders.add_row("Võ Thị Em", "Phó Chủ tịch", edit=False)
    page.desk.paper.setCurrentText("A5")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.saves == 1)

    saved = setup_service.get_profile(ctx)
    assert saved.phone == "0296 3999 888"
    assert saved.receipt_paper == "A5"
    assert [s.name for s in saved.signatories] == ["Trần Văn Bình", "Võ Thị Em"]
    assert saved.agency_code == "000.00.20.H56"  # fields not touched stay as they were

    # A bad agency code is caught inline before reaching the service.
    page.commune.edits["agency_code"].setText("H56")
    page.save_button.click()
    assert page.tabs.currentIndex() == 0
    assert page.commune.errors["agency_code"].isVisible()
    assert page.saves == 1


def test_clerk_cannot_save(qtbot, ctx, runner, users):
    page = _page(qtbot, ctx, runner, users.clerk)
    assert not page.save_button.isVisible()
    assert page.read_only_note.isVisible()
    assert page.commune.edits["phone"].isReadOnly()
    page.save()  # does nothing for a clerk
    assert page.saves == 0


def test_calendar_override_add_and_remove(qtbot, ctx, runner, users):
    page = _page(qtbot, ctx, runner, users.admin)
    cal = page.calendar
    qtbot.waitUntil(lambda: cal.loads >= 1)
    day = date.today() + timedelta(days=30)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    cal.day.setDate(QDate(day.year, day.month, day.day))
    cal.kind.setCurrentIndex(cal.kind.findData("off"))
    type_text(cal.note, "Lễ hội truyền thống của xã")
    cal.add_button.click()
    qtbot.waitUntil(lambda: cal.overrides_table.rowCount() == 1)
    assert [(o.day, o.kind) for o in calendar_service.list_day_overrides(ctx)] == [(day, "off")]
    assert cal.overrides_table.item(0, 2).text() == "Lễ hội truyền thống của xã"
    # The coming days now list the local day off with its note.
    qtbot.waitUntil(lambda: any(d == day for d, _n, _off in cal.days))
    assert dict((d, n) for d, n, _o in cal.days)[day] == "Lễ hội truyền thống của xã"

    cal.overrides_table.selectRow(0)
    cal.remove_button.click()
    qtbot.waitUntil(lambda: cal.overrides_table.rowCount() == 0)
    assert calendar_service.list_day_overrides(ctx) == []


def test_coming_year_shows_new_year_and_tet(qtbot, ctx, runner, users):
    page = _page(qtbot, ctx, runner, users.admin)
    cal = page.calendar
    qtbot.waitUntil(lambda: cal.loads >= 1)
    new_year = date(date.today().year + 1, 1, 1)
    days = [d for d, _n, off in cal.days if off]
    assert new_year in days
    # Tết gives several consecutive weekdays off in January or February.
    tet = [d for d in days if d.month in (1, 2) and d.weekday() < 5 and d.day != 1]
    assert len(tet) >= 3
    assert cal.coming_table.rowCount() == len(cal.days)
