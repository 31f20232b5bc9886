"""First run with the district's file next to the program: offered, checked, accepted by keyboard."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from motcua_desktop.services import setup as setup_service
from motcua_desktop.services.provisioning import ENV_PROVISIONING_FILE, PROVISIONING_FILENAME
from motcua_desktop.ui.provisioning_dialog import ProvisioningDialog
from motcua_desktop.ui.setup_wizard import SetupWizard


def _show(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def _type(text: str) -> None:
    """Type as an input method does (QTest.keyClicks aborts on Vietnamese letters)."""
    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(QApplication.focusWidget(), event)


def _bundle(tmp_path, data: bytes, monkeypatch):
    program = tmp_path / "MotCua Desktop"
    program.mkdir()
    path = program / PROVISIONING_FILENAME
    path.write_bytes(data)
    monkeypatch.setenv(ENV_PROVISIONING_FILE, str(path))
    return path


def test_wizard_offers_the_file_then_asks_only_for_the_admin(
    qtbot, ctx, runner, tmp_path, monkeypatch, provisioning_bytes
):
    path = _bundle(tmp_path, provisioning_bytes, monkeypatch)
    wizard = SetupWizard(ctx, runner)
    qtbot.addWidget(wizard)
    _show(qtbot, wizard)
    qtbot.waitUntil(wizard.bundled.isVisible)
    assert PROVISIONING_FILENAME in wizard.bundled.text.text()
    assert len(wizard.pageIds()) == 4

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.provisioning_dialog is not None)
    dialog = wizard.provisioning_dialog
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert dialog.path.text() == str(path)
    assert dialog.district.text() == "Huyện Phú Tân"
    assert dialog.commune.text() == "An Phú (000.00.20.H56)"
    assert setup_service.get_profile(ctx) is None  # nothing stored before the clerk accepts

    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.ok_button)
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(wizard.pageIds()) == 1)
    assert wizard.admin_only and wizard.currentPage() is wizard.pages[-1]
    assert wizard.bundled.isHidden()
    assert setup_service.get_profile(ctx).commune_name == "An Phú"

    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.admin.username)
    for i, value in enumerate(("hoa", "Nguyễn Thị Hoa", "secret-1234", "secret-1234")):
        if i:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        _type(value)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.created_user is not None)
    assert wizard.created_user.role == "admin"
    assert setup_service.get_profile(ctx).agency_code == "000.00.20.H56"


def test_declining_the_file_keeps_the_full_wizard(
    qtbot, ctx, runner, tmp_path, monkeypatch, provisioning_bytes
):
    _bundle(tmp_path, provisioning_bytes, monkeypatch)
    wizard = SetupWizard(ctx, runner)
    qtbot.addWidget(wizard)
    _show(qtbot, wizard)
    qtbot.waitUntil(wizard.bundled.isVisible)
    wizard.use_bundled_file()
    dialog = wizard.provisioning_dialog
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(wizard.pageIds()) == 4 and not wizard.admin_only
    assert wizard.bundled.isVisible() and setup_service.get_profile(ctx) is None


def test_without_a_file_nothing_is_offered(qtbot, ctx, runner):
    wizard = SetupWizard(ctx, runner)
    qtbot.addWidget(wizard)
    _show(qtbot, wizard)
    qtbot.waitUntil(lambda: not runner.is_busy())
    assert wizard.bundled.isHidden() and len(wizard.pageIds()) == 4


def test_provisioning_dialog_preselects_the_bundled_file(
    qtbot, ctx, runner, tmp_path, monkeypatch, provisioning_bytes
):
    path = _bundle(tmp_path, provisioning_bytes, monkeypatch)
    dialog = ProvisioningDialog(ctx, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert dialog.path.text() == str(path)
    assert dialog.district.text() == "Huyện Phú Tân"
