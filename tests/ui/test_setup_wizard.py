"""The first-run wizard, driven by the keyboard, creates the profile and the administrator."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from motcua_desktop.services import setup as setup_service
from motcua_desktop.services import users as users_service
from motcua_desktop.ui.setup_wizard import SetupWizard

from .conftest import show_active, type_text


def _focus(wizard):
    return wizard.focusWidget()


def _type(qtbot, wizard, text):
    type_text(_focus(wizard), text)


def _tab(qtbot, wizard):
    qtbot.keyClick(_focus(wizard), Qt.Key.Key_Tab)


def _enter(qtbot, wizard):
    qtbot.keyClick(_focus(wizard), Qt.Key.Key_Return)


def _fill(qtbot, wizard, *values):
    """Type each value into the focused field, with Tab between fields."""
    for i, value in enumerate(values):
        if i:
            _tab(qtbot, wizard)
        if value:
            _type(qtbot, wizard, value)


def _mnemonic(text: str) -> str:
    """The Alt+ letter of a button in the current language ("&Thêm" gives "t")."""
    return text[text.index("&") + 1].lower()


def _open(qtbot, ctx, runner):
    wizard = SetupWizard(ctx, runner)
    qtbot.addWidget(wizard)
    show_active(qtbot, wizard)
    return wizard


def test_wizard_by_keyboard_creates_profile_and_admin(qtbot, ctx, runner):
    wizard = _open(qtbot, ctx, runner)
    assert _focus(wizard) is wizard.commune.edits["commune_name"]

    # Enter on an empty page stays there and says why, beside the field.
    _enter(qtbot, wizard)
    assert wizard.currentId() == 0
    assert wizard.commune.errors["commune_name"].isVisible()

    _focus(wizard).setFocus()
    _fill(
        qtbot,
        wizard,
        "Bình Minh",
        "ỦY BAN NHÂN DÂN XÃ BÌNH MINH",
        "BỘ PHẬN MỘT CỬA",
        "000.00.2O.H56",  # a letter O where a zero belongs
        "Bình Minh",
        "0296 3850 111",
        "UBND tỉnh Vĩnh Long",
    )
    _enter(qtbot, wizard)
    assert wizard.currentId() == 0
    assert wizard.commune.errors["agency_code"].isVisible()
    assert _focus(wizard) is wizard.commune.edits["agency_code"]
    _focus(wizard).selectAll()
    _type(qtbot, wizard, "000.00.20.h56")
    _enter(qtbot, wizard)
    assert wizard.currentId() == 1

    # Leaders: Alt+A adds a row and starts editing the name; Enter commits, Right and F2
    # edit the title.
    table = wizard.leaders.table
    qtbot.keyClick(_focus(wizard), _mnemonic(wizard.leaders.add_button.text()),
                   Qt.KeyboardModifier.AltModifier)  # fmt: skip
    # A button's mnemonic clicks it after a short animation.
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    _type(qtbot, wizard, "Phạm Văn Dũng")
    _enter(qtbot, wizard)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    _type(qtbot, wizard, "Chủ tịch")
    _enter(qtbot, wizard)  # commits the title (the delegate commits on the next event loop turn)
    qtbot.waitUntil(lambda: table.state() == table.State.NoState)
    assert [(s.name, s.title) for s in wizard.leaders.signatories()] == [
        ("Phạm Văn Dũng", "Chủ tịch")
    ]
    _enter(qtbot, wizard)  # Next
    assert wizard.currentId() == 2

    # Desk: keep the default hours, choose A5 paper and one copy.
    wizard.desk.paper.setFocus()
    qtbot.keyClick(wizard.desk.paper, Qt.Key.Key_Down)
    qtbot.keyClick(wizard.desk.copies, Qt.Key.Key_Up)
    _enter(qtbot, wizard)
    assert wizard.currentId() == 3

    assert _focus(wizard) is wizard.admin.username
    _fill(qtbot, wizard, "hoa.nt", "Nguyễn Thị Hoa", "abc", "abc")
    _enter(qtbot, wizard)
    assert wizard.admin.errors["password"].isVisible()
    assert _focus(wizard) is wizard.admin.password
    wizard.admin.password.selectAll()
    _type(qtbot, wizard, "mật-khẩu-1")
    _tab(qtbot, wizard)
    wizard.admin.password2.selectAll()
    _type(qtbot, wizard, "mật-khẩu-1")
    _enter(qtbot, wizard)

    qtbot.waitUntil(lambda: wizard.result() == QDialog.DialogCode.Accepted)
    assert wizard.created_user.username == "hoa.nt"
    profile = setup_service.get_profile(ctx)
    assert profile.commune_name == "Bình Minh"
    assert profile.agency_code == "000.00.20.H56"
    assert profile.receipt_paper == "A5"
    assert profile.receipt_copies == 1
    assert profile.working_hours.afternoon_start == time(13, 30)
    assert [(s.name, s.title) for s in profile.signatories] == [("Phạm Văn Dũng", "Chủ tịch")]
    user = users_service.authenticate(ctx, "hoa.nt", "mật-khẩu-1")
    assert user.role == "admin"


def test_wizard_service_error_goes_back_to_the_field(qtbot, ctx, runner, monkeypatch):
    wizard = _open(qtbot, ctx, runner)
    for name, value in {
        "commune_name": "An Phú",
        "parent_body": "ỦY BAN NHÂN DÂN XÃ AN PHÚ",
        "unit_name": "BỘ PHẬN MỘT CỬA",
        "agency_code": "000.00.20.H56",
        "place_name": "An Phú",
    }.items():
        wizard.commune.edits[name].setText(value)
    for _page in range(3):
        wizard.next()
    wizard.admin.username.setText("bad name!")
    wizard.admin.full_name.setText("Hoa")
    wizard.admin.password.setText("secret-1")
    wizard.admin.password2.setText("secret-1")
    wizard.accept()
    qtbot.waitUntil(lambda: wizard.admin.errors["username"].isVisible())
    assert wizard.result() != QDialog.DialogCode.Accepted
    assert wizard.button(wizard.WizardButton.FinishButton).isEnabled()
