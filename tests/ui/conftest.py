"""Fixtures for the GUI tests: a real data folder through the services, and the operation runner."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from motcua_desktop import i18n
from motcua_desktop.domain.profile import CommuneProfile, Signatory
from motcua_desktop.services import setup as setup_service
from motcua_desktop.services import users as users_service
from motcua_desktop.services.context import open_app
from motcua_desktop.ui.operations import OpRunner

ADMIN_PASSWORD = "secret-hoa-1"
CLERK_PASSWORD = "secret-cuong-2"


def sample_profile() -> CommuneProfile:
    return CommuneProfile(
        commune_name="An Phú",
        parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
        unit_name="BỘ PHẬN MỘT CỬA",
        agency_code="000.00.20.H56",
        place_name="An Phú",
        phone="0296 3850 123",
        upper_office_name="UBND tỉnh An Giang",
        signatories=(Signatory("Trần Văn Bình", "Chủ tịch"),),
    )


@pytest.fixture(autouse=True)
def _language():
    """Every test starts and ends in the default language."""
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    yield
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def ctx(tmp_path):
    context = open_app(tmp_path / "data")
    yield context
    context.close()


@pytest.fixture
def users(ctx):
    """A configured commune with an administrator and a clerk."""
    setup_service.save_profile(ctx, sample_profile(), None)
    admin = users_service.create_user(ctx, "admin", "Nguyễn Thị Hoa", ADMIN_PASSWORD, "admin")
    clerk = users_service.create_user(
        ctx, "clerk", "Lê Văn Cường", CLERK_PASSWORD, "clerk", actor=admin
    )
    return SimpleNamespace(admin=admin, clerk=clerk)


@pytest.fixture
def runner(qtbot):
    op_runner = OpRunner()
    yield op_runner
    # Teardown waits for the worker thread: queued work finishes, then the thread ends.
    assert op_runner.shutdown()
    assert not op_runner._worker.isRunning()


@pytest.fixture
def no_dialogs(monkeypatch):
    """Record what would have been shown by show_error instead of blocking on a modal box."""
    shown: list[BaseException] = []
    monkeypatch.setattr("motcua_desktop.ui.errors.show_error", lambda _p, exc: shown.append(exc))
    return shown


def type_text(widget, text: str) -> None:
    """Type ``text`` into ``widget`` as an input method does (QTest.keyClicks aborts on "ì")."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            target = QApplication.focusWidget() if widget is None else widget
            QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def show_active(qtbot, widget) -> None:
    """Show ``widget`` and wait until it is the active window, so shortcuts and mnemonics work."""
    from PySide6.QtWidgets import QApplication

    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
