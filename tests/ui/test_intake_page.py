"""The intake page driven by keyboard through the real services, down to the printed PDF."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.services import dossiers, drafts, setup, users
from motcua_desktop.services.context import open_app
from motcua_desktop.ui.intake import page as page_module
from motcua_desktop.ui.intake.outcome_dialogs import MissingComponentsDialog
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.pdf_preview import PdfPreviewDialog

VALID_CCCD = "001203004567"  # Hà Nội, female born 2003


@pytest.fixture
def installation(tmp_path):
    ctx = open_app(tmp_path / "data")
    setup.save_profile(
        ctx,
        CommuneProfile(
            commune_name="Xã An Phú",
            parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
            unit_name="BỘ PHẬN MỘT CỬA",
            agency_code="000.17.22.H56",
            place_name="An Phú",
            phone="0274 3812 345",
        ),
    )
    user = users.create_user(ctx, "lan", "Nguyễn Thị Lan", "secret-1", "admin")
    yield ctx, user
    ctx.close()


@pytest.fixture
def runner(qtbot):
    runner = OpRunner()
    yield runner
    # Let the last writes (a draft saved on close) come back before stopping.
    qtbot.waitUntil(lambda: not runner.is_busy())
    assert runner.shutdown()


@pytest.fixture
def previews(monkeypatch):
    """Paths the preview dialog was opened on; its exec does not block."""
    opened: list = []

    def fake_exec(dialog: PdfPreviewDialog) -> int:
        opened.append(dialog.path)
        assert dialog.page_count() >= 1
        return 0

    monkeypatch.setattr(PdfPreviewDialog, "exec", fake_exec)
    return opened


@pytest.fixture
def questions(monkeypatch):
    """Records every yes/no question; answers with ``questions.answer``."""

    class Questions(list):
        answer = True

    asked = Questions()

    def fake_confirm(parent, title, text) -> bool:
        asked.append(text)
        return asked.answer

    monkeypatch.setattr(page_module, "confirm", fake_confirm)
    return asked


def make_page(qtbot, installation, runner):
    ctx, user = installation
    page = page_module.IntakePage(ctx, user, runner)
    qtbot.addWidget(page)
    page.resize(1280, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: len(page.picker.procedures()) > 0)
    _pages[:] = [page]
    return page


_pages: list = []  # the page under test: where the keyboard goes back after a progress box


def keyboard(qtbot):
    """The widget holding the keyboard, the page's window re-activated if a progress box took it.

    The offscreen platform has no window manager to give the activation back when a
    progress box (shown for a slow save on a busy machine) closes; QTest aborts the
    whole run on a key sent to no widget.
    """
    widget = focused()
    if widget is None and _pages:
        window = _pages[-1].window()
        window.activateWindow()
        qtbot.waitUntil(lambda: focused() is not None)
        widget = focused()
    assert widget is not None, "no widget holds the keyboard"
    return widget


@pytest.fixture
def page(qtbot, installation, runner, previews, questions):
    page = make_page(qtbot, installation, runner)
    yield page
    page.close()  # writes any pending draft before the runner stops


def wait_idle(qtbot, runner) -> None:
    qtbot.waitUntil(lambda: not runner.is_busy())


def focused():
    return QApplication.focusWidget()


def type_text(qtbot, text: str) -> None:
    """Type into the focused widget; Vietnamese letters arrive as an IME would send them."""
    for ch in text:
        widget = keyboard(qtbot)
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:  # QTest's key clicks only know Latin-1
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                )


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(keyboard(qtbot), key, modifier)


def fill_applicant(qtbot, page, *, id_number: str = VALID_CCCD) -> None:
    """From an empty form: procedure, name, ID, phone, address — keyboard only."""
    page.focus_first()
    assert focused() is page.picker.edit
    type_text(qtbot, "khai sinh")
    press(qtbot, Qt.Key.Key_Return)
    assert page.picker.current().name == "Đăng ký khai sinh"
    assert focused() is page.applicant.name
    type_text(qtbot, "Trần Thị Bình")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, id_number)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "0912345678")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Thôn Đông, xã An Phú")


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_keyboard_intake_to_printed_receipt(qtbot, page, runner, installation, previews):
    ctx, user = installation
    fill_applicant(qtbot, page)
    assert focused() is page.applicant.address
    # The appointment shows as soon as the procedure is chosen.
    qtbot.waitUntil(lambda: page.timing.appointment.property("state") == "due")

    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(previews) == 1)
    wait_idle(qtbot, runner)

    saved = dossiers.recent(ctx, 10)
    assert len(saved) == 1
    record = dossiers.get_dossier(ctx, saved[0].code, viewer=user)
    assert record.applicant.name == "Trần Thị Bình"
    assert record.applicant.id_number == VALID_CCCD
    assert record.procedure_code == "1.001193"
    assert record.status == Status.ACCEPTED
    assert all(c.total == 1 for c in record.components)

    pdf = previews[0]
    assert pdf.exists() and pdf.is_relative_to(ctx.data_dir)
    text = pdf_text(pdf)
    assert "Trần Thị Bình" in text
    assert record.code in text

    # A clear confirmation, an empty form, and no draft left behind.
    assert page.banner.isVisible() and record.code in page.banner.text()
    assert page.applicant.name.text() == "" and page.picker.current() is None
    assert drafts.load_draft(ctx, "intake") is None

    # Ctrl+P prints the same slip again.
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(previews) == 2)
    assert previews[1] != previews[0] and record.code in pdf_text(previews[1])


def test_invalid_id_is_shown_inline_and_nothing_is_saved(
    qtbot, page, runner, installation, previews
):
    ctx, _user = installation
    fill_applicant(qtbot, page, id_number="099203004567")  # 099: no such province
    error = page.applicant.errors["id_number"]
    assert error.isVisible() and error.text()

    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, runner)
    assert error.isVisible()
    assert focused() is page.applicant.id_number
    assert dossiers.recent(ctx, 10) == []
    assert previews == []

    # Correcting the number clears the message as it is typed.
    page.applicant.id_number.selectAll()
    type_text(qtbot, VALID_CCCD)
    assert not error.isVisible()


def test_missing_component_leads_to_a_supplement_request(
    qtbot, page, runner, installation, previews, monkeypatch
):
    ctx, user = installation
    fill_applicant(qtbot, page)
    page.components.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)  # the birth certificate is not on the desk
    assert page.components.missing_names() == [
        "Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"
    ]
    assert page.components.missing.isVisible()

    seen = {}

    def fake_exec(dialog: MissingComponentsDialog) -> int:
        seen["reason"] = dialog.supplement_reason.toPlainText()
        seen["contact"] = (dialog.contact_name.text(), dialog.contact_phone.text())
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(dialog, Qt.Key.Key_S)
        assert dialog.stack.currentIndex() == dialog.SUPPLEMENT
        qtbot.keyClick(
            dialog.supplement_reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
        return dialog.result()

    monkeypatch.setattr(MissingComponentsDialog, "exec", fake_exec)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(previews) == 1)
    wait_idle(qtbot, runner)

    assert "Giấy chứng sinh" in seen["reason"]
    assert seen["contact"] == (user.full_name, "0274 3812 345")
    (record,) = dossiers.recent(ctx, 10)
    assert record.status == Status.SUPPLEMENT_REQUESTED
    assert record.applicant.name == "Trần Thị Bình"
    assert "supplement" in previews[0].name
    text = pdf_text(previews[0])
    assert record.code in text and "Trần Thị Bình" in text
    assert page.banner.property("kind") == "supplement"


def test_going_back_from_the_missing_dialog_keeps_the_form(
    qtbot, page, runner, installation, monkeypatch
):
    ctx, _user = installation
    fill_applicant(qtbot, page)
    page.components.table.components.set_handed_in(0, False)
    monkeypatch.setattr(MissingComponentsDialog, "exec", lambda dialog: 0)
    page.save()
    wait_idle(qtbot, runner)
    assert dossiers.recent(ctx, 10) == []
    assert page.applicant.name.text() == "Trần Thị Bình"
    assert not page.flow.is_busy()


def test_components_table_keyboard(qtbot, page):
    fill_applicant(qtbot, page)
    table = page.components.table
    table.setFocus()
    model = table.components
    press(qtbot, Qt.Key.Key_Space)
    assert model.rows()[0].handed_in is False
    press(qtbot, Qt.Key.Key_Space)
    assert model.rows()[0].handed_in is True
    # A digit on the row edits the catalogue's own column (originals here).
    press(qtbot, Qt.Key.Key_3)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.rows()[0].counts == [3, 0, 0])
    assert focused() is table
    # Move to photocopies and type a count there.
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Right)
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.rows()[0].counts == [3, 0, 2])
    # Enter outside an editor moves on to the next field, as everywhere.
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is page.components.sets
    assert page.build_request().components[0].photocopies == 2


def test_draft_is_saved_and_restored(qtbot, installation, runner, questions, previews, monkeypatch):
    ctx, _user = installation
    monkeypatch.setattr(page_module, "DRAFT_DELAY_MS", 50)
    first = make_page(qtbot, installation, runner)
    fill_applicant(qtbot, first)
    first.components.note.setPlainText("Xin cấp thêm 2 bản sao")
    qtbot.waitUntil(
        lambda: (drafts.load_draft(ctx, "intake") or {}).get("note") == "Xin cấp thêm 2 bản sao"
    )
    first.save_draft_now()
    draft = drafts.load_draft(ctx, "intake")
    assert draft["applicant"]["name"] == "Trần Thị Bình"
    assert draft["procedure_code"] == "1.001193"
    first.close()
    wait_idle(qtbot, runner)

    questions.answer = True
    second = make_page(qtbot, installation, runner)
    assert len(questions) == 1 and "Trần Thị Bình" in questions[0]
    assert second.applicant.name.text() == "Trần Thị Bình"
    assert second.applicant.id_number.text() == VALID_CCCD
    assert second.picker.current().code == "1.001193"
    assert second.components.note.toPlainText() == "Xin cấp thêm 2 bản sao"
    assert len(second.components.table.components.rows()) == 3
    second.close()


def test_escape_and_new_ask_before_discarding(qtbot, page, runner, installation, questions):
    ctx, _user = installation
    page.focus_first()
    press(qtbot, Qt.Key.Key_Escape)
    assert questions == []  # nothing typed: nothing to ask

    fill_applicant(qtbot, page)
    questions.answer = False
    press(qtbot, Qt.Key.Key_Escape)
    assert len(questions) == 1
    assert page.applicant.name.text() == "Trần Thị Bình"

    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(questions) == 2
    assert page.applicant.name.text() == "Trần Thị Bình"

    questions.answer = True
    press(qtbot, Qt.Key.Key_Escape)
    assert len(questions) == 3
    assert page.applicant.name.text() == "" and page.picker.current() is None
    assert focused() is page.picker.edit
    wait_idle(qtbot, runner)
    assert drafts.load_draft(ctx, "intake") is None


def test_retranslate_to_vietnamese(qtbot, page):
    from motcua_desktop.i18n import set_language

    try:
        set_language("vi")
        page.retranslate_ui()
        assert page.save_button.text()
        assert page.applicant.channel.count() == 3
    finally:
        set_language("en")
        page.retranslate_ui()
