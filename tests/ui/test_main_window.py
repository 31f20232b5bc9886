"""The main window: pages, keyboard switching, live language switch, remembered geometry."""

from __future__ import annotations

import gettext

import pytest
from PySide6.QtCore import QSettings, Qt

from motcua_desktop import i18n
from motcua_desktop.i18n import _
from motcua_desktop.ui.main_window import (
    PAGE_CATALOGUE,
    PAGE_DOSSIERS,
    PAGE_HOME,
    PAGE_INTAKE,
    PAGE_SETTINGS,
    MainWindow,
)

from .conftest import show_active

FAKE_VI = {"Catalogue": "Danh mục", "&Catalogue": "&Danh mục", "Settings": "Cài đặt"}


class _FakeCatalogue(gettext.NullTranslations):
    def gettext(self, message):
        return FAKE_VI.get(message, message)


@pytest.fixture
def fake_vietnamese(monkeypatch):
    """A tiny stand-in catalogue so the test sees a real change whatever the .po holds."""
    real_load = i18n._load
    monkeypatch.setattr(
        i18n, "_load", lambda lang: _FakeCatalogue() if lang == "vi" else real_load(lang)
    )
    i18n.set_language("vi")


@pytest.fixture
def window(qtbot, ctx, runner, users):
    win = MainWindow(ctx, users.admin, runner)
    qtbot.addWidget(win)
    show_active(qtbot, win)
    qtbot.waitUntil(lambda: win.profile is not None)
    return win


def test_opens_with_home_and_status(window):
    assert window.current_page() == PAGE_HOME
    assert window.home.title.text() == "An Phú"
    assert "Nguyễn Thị Hoa" in window.user_label.text()
    assert window.commune_label.text() == "An Phú"


def test_alt_number_switches_pages(qtbot, window):
    for key, page in (
        (Qt.Key.Key_3, PAGE_DOSSIERS),
        (Qt.Key.Key_4, PAGE_CATALOGUE),
        (Qt.Key.Key_5, PAGE_SETTINGS),
        (Qt.Key.Key_2, PAGE_INTAKE),
        (Qt.Key.Key_1, PAGE_HOME),
    ):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
        assert window.current_page() == page
        assert window.nav.currentRow() == page


def test_ctrl_n_opens_intake(qtbot, window, monkeypatch):
    started = []
    if hasattr(window.intake, "new_intake"):
        monkeypatch.setattr(window.intake, "new_intake", lambda: started.append(True))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == PAGE_INTAKE
    assert started == ([True] if hasattr(window.intake, "new_intake") else [])


def test_language_switch_retranslates_live(qtbot, fake_vietnamese, window):
    assert window.nav.item(PAGE_CATALOGUE).text() == _("Catalogue") == "Danh mục"
    qtbot.waitUntil(lambda: window.settings.profile is not None)
    combo = window.settings.desk.language
    assert combo.currentData() == "vi"

    combo.setCurrentIndex(combo.findData("en"))
    assert i18n.current_language() == "en"
    assert window.nav.item(PAGE_CATALOGUE).text() == _("Catalogue") == "Catalogue"
    assert window.settings.tabs.tabText(0) == _("&Commune")

    combo.setCurrentIndex(combo.findData("vi"))
    assert window.nav.item(PAGE_CATALOGUE).text() == "Danh mục"
    # The choice is kept for this PC through the settings service.
    from motcua_desktop.services import settings as settings_service

    qtbot.waitUntil(
        lambda: settings_service.get_preference(window.ctx, settings_service.UI_LANGUAGE) == "vi"
    )


def test_geometry_is_remembered(qtbot, window, ctx):
    window.resize(900, 640)
    window.close()
    stored = QSettings(str(ctx.data_dir / "ui.ini"), QSettings.Format.IniFormat)
    assert stored.value("main_window/geometry") is not None


def test_clerk_sees_read_only_settings(qtbot, ctx, runner, users):
    win = MainWindow(ctx, users.clerk, runner)
    qtbot.addWidget(win)
    assert not win.settings.can_edit
    assert win.settings.commune.edits["commune_name"].isReadOnly()
    assert not win.catalogue.can_edit
