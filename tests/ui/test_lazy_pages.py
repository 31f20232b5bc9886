"""The main window builds each page the first time it is shown, not at start-up."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from motcua_desktop.i18n import _
from motcua_desktop.ui.main_window import (
    PAGE_CLASSES,
    PAGE_HOME,
    PAGE_QUALITY,
    PAGE_SETTINGS,
    MainWindow,
)

from .conftest import show_active


def test_only_the_first_page_is_built_until_another_is_shown(qtbot, ctx, runner, users):
    window = MainWindow(ctx, users.clerk, runner)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    assert [window.is_built(i) for i in range(len(PAGE_CLASSES))] == [
        i == PAGE_HOME for i in range(len(PAGE_CLASSES))
    ]
    placeholder = window.stack.widget(PAGE_QUALITY)
    assert placeholder.objectName() == "page_placeholder"

    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert window.is_built(PAGE_QUALITY) and window.current_page() == PAGE_QUALITY
    page = window.stack.currentWidget()
    assert page.objectName() == "quality_page" and page is window.quality
    assert window.stack.count() == len(PAGE_CLASSES)
    assert window.nav.item(PAGE_QUALITY).text() == _("&Quality (ISO)").replace("&", "")
    # Shown again: the same page, not a second one.
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is page
    assert not window.is_built(PAGE_SETTINGS)


def test_asking_for_a_page_builds_it_in_its_place(qtbot, ctx, runner, users):
    window = MainWindow(ctx, users.admin, runner)
    qtbot.addWidget(window)
    settings = window.settings  # e.g. a menu action or a test reaching for it
    assert window.is_built(PAGE_SETTINGS) and window.stack.widget(PAGE_SETTINGS) is settings
    assert window.current_page() == PAGE_HOME  # building does not switch pages
    assert window.stack.currentWidget() is window.home


def test_page_modules_are_not_imported_with_the_main_window():
    """The pages' modules load when a page is first built (start-up time, BENCHMARKS.md)."""
    code = (
        "import sys, motcua_desktop.ui.main_window as m;"
        "print([mod for mod, _c in m.PAGE_CLASSES if mod and mod in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    # Only the Sync page's module, for the USB-stick banner that sits above every page.
    assert out.strip() == "['motcua_desktop.ui.sync_page']"
