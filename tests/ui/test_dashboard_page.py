"""The Dashboard (pytest-qt): the comparisons as the service counts them, arrows and colours, the charts drawn."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QColor

from motcua_desktop.domain.report_models import Comparison
from motcua_desktop.services import dashboard, demo
from motcua_desktop.services.users import get_user
from motcua_desktop.ui.dashboard_page import BETTER, CHARTS, SAME, WORSE, DashboardPage, change

from .conftest import show_active

TODAY = date(2026, 11, 20)


@pytest.fixture
def page(qtbot, ctx, runner):
    demo.seed_demo(ctx, 400, today=TODAY)
    widget = DashboardPage(ctx, get_user(ctx, "leader"), runner, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    show_active(qtbot, widget)
    qtbot.waitUntil(lambda: widget.loads > 0, timeout=20000)
    return widget


def test_comparisons_are_the_services(page, ctx):
    expected = dashboard.dashboard(ctx, today=TODAY)
    assert [c.label for c in page.board.comparisons] == [c.label for c in expected.comparisons]
    for row, c in enumerate(expected.comparisons, start=1):
        assert page.cells[row, 0].text() == c.label
        shown = page.cells[row, 1].text()
        if c.current is None:
            assert shown == "—"
        elif c.is_rate:
            assert shown.endswith("%") and shown.count(",") == 1 and len(shown.split(",")[1]) == 3
        else:
            assert shown.replace(".", "") == str(int(c.current))
    received = next(c for c in expected.comparisons if c.key == "received")
    assert received.current is not None and received.current > 0


def test_the_three_charts_are_drawn(page):
    for name in CHARTS:
        view = page.charts[name]
        assert view.has_chart() and view.svg.lstrip().startswith((b"<?xml", b"<svg"))
        image = view.grab().toImage()
        coloured = sum(
            1
            for x in range(0, image.width(), 4)
            for y in range(0, image.height(), 4)
            if QColor(image.pixel(x, y)).saturation() > 80
        )
        assert coloured > 20, f"{name} shows no bars or lines"


def test_charts_follow_the_widget_size(qtbot, page):
    view = page.charts["months_chart"]
    view.resize(300, 200)
    small = view.grab().toImage()
    view.resize(600, 400)
    large = view.grab().toImage()
    assert (small.width(), large.width()) == (300, 600)
    assert view.heightForWidth(600) == 2 * view.heightForWidth(300)


@pytest.mark.parametrize(
    ("current", "other", "higher_is_better", "arrow", "colour"),
    [
        (10, 8, True, "▲ +2", BETTER),
        (10, 8, False, "▲ +2", WORSE),
        (8, 10, True, "▼ −2", WORSE),
        (8, 10, False, "▼ −2", BETTER),
        (8, 8, True, "= 0", SAME),
        (8, None, True, "", SAME),
    ],
)
def test_change_arrows_say_better_or_worse(current, other, higher_is_better, arrow, colour):
    c = Comparison("x", "x", current, other, None, higher_is_better=higher_is_better)
    assert change(c, other) == (arrow, colour)


def test_rate_changes_in_points_to_two_decimals():
    c = Comparison("on_time_rate", "x", 97.5, 95.25, None, is_rate=True)
    assert change(c, c.previous) == ("▲ +2,25", BETTER)


def test_overdue_corrective_actions_are_shown_in_red(qtbot, ctx, runner):
    from motcua_desktop.services import nonconformities

    demo.seed_demo(ctx, 50, today=TODAY)
    leader = get_user(ctx, "leader")
    nonconformities.create(
        ctx, leader, description="Thiếu biên bản", found_on=date(2026, 9, 1),
        due_on=date(2026, 10, 1),
    )  # fmt: skip
    widget = DashboardPage(ctx, leader, runner, today=TODAY)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    qtbot.waitUntil(lambda: widget.loads > 0, timeout=20000)
    assert widget.board.overdue_actions == 1
    assert "1" in widget.actions_label.text()
    assert WORSE in widget.actions_label.styleSheet()
