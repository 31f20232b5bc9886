"""The Sync page: status in plain words, the exchange with a folder, and the stick banner."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from motcua_desktop import i18n
from motcua_desktop.domain.dossier import Applicant, Channel
from motcua_desktop.services import intake, provisioning, sync_commune
from motcua_desktop.sync import mailbox
from motcua_desktop.sync.bundle import write_bundle
from motcua_desktop.sync.downlink import Ack
from motcua_desktop.sync.keys import demo_district_keys, load_or_create_identity
from motcua_desktop.ui.main_window import PAGE_SYNC, MainWindow
from motcua_desktop.ui.stick_watcher import StickWatcher
from motcua_desktop.ui.sync_page import SyncPage

AGENCY = "000.00.20.H56"


@pytest.fixture
def commune(ctx, users):
    """The conftest commune, provisioned by the demo district, with three dossiers."""
    i18n.set_language("en")
    provisioning.provision_demo(ctx)
    for minute in range(3):
        intake.accept(
            ctx,
            intake.IntakeRequest(
                procedure_code="1.001193",
                applicant=Applicant(name=f"Nguyễn Văn An {minute}"),
                channel=Channel.IN_PERSON,
                received_at=datetime(2026, 3, 10, 9, minute),
            ),
            users.clerk,
        )
    return ctx


def _page(qtbot, ctx, users, runner):
    page = SyncPage(ctx, users.clerk, runner)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitUntil(lambda: page.status is not None)
    return page


def _ack(ctx, stick, seq):
    me = load_or_create_identity(ctx)
    data = write_bundle(
        {"kind": "ack", "recipient_id": me.installation_id, "name": "Huyện Phú Tân (demo)"},
        Ack(me.epoch_id, seq).to_payload(),
        demo_district_keys(),
        me.box_public_b64,
    )
    mailbox.write_atomically(mailbox.inbox_dir(stick, AGENCY) / "ack.motcua", data)


def test_status_in_plain_words(qtbot, commune, users, runner):
    page = _page(qtbot, commune, users, runner)
    pending = page.status.pending_changes
    assert pending > 3
    assert page.pending_label.text() == f"{pending} changes not yet confirmed by the district"
    assert page.export_label.text() == "Nothing has been exported yet."
    assert page.ack_label.text() == "The district has not confirmed anything yet."
    assert page.district_label.text().startswith("Huyện Phú Tân (demo) (key ")
    assert page.table.rowCount() == 0


def test_exchange_with_a_folder_applies_the_ack_then_exports(
    qtbot, commune, users, runner, tmp_path
):
    stick = tmp_path / "stick"
    first = sync_commune.export(commune, stick, users.clerk)
    _ack(commune, stick, first.seq_to)
    intake.accept(
        commune,
        intake.IntakeRequest(
            procedure_code="1.001193",
            applicant=Applicant(name="Trần Thị Bình"),
            channel=Channel.IN_PERSON,
            received_at=datetime(2026, 3, 11, 8, 0),
        ),
        users.clerk,
    )
    page = _page(qtbot, commune, users, runner)
    shown = []
    page.confirm_preview = lambda previews: shown.append(previews) or True
    page.exchange_with(str(stick))
    qtbot.waitUntil(lambda: page.summary.isVisible() and not page.busy)
    [[preview]] = shown
    assert (preview.kind, preview.status) == ("ack", "new")
    summary = page.summary.text()
    assert "Confirmation from the district (ack.motcua): The district confirms every change" in (
        summary
    )
    assert "Wrote " in summary and f"changes {first.seq_to + 1} to" in summary
    qtbot.waitUntil(lambda: page.status.acked_seq == first.seq_to)
    assert page.table.rowCount() == 3
    words = {page.table.item(r, 3).text() for r in range(3)}
    assert words == {
        "Confirmed by the district",
        "Applied",
        "Written; waiting for the district's confirmation",
    }
    assert "up to change" in page.ack_label.text()


def test_declining_the_preview_changes_nothing(qtbot, commune, users, runner, tmp_path):
    stick = tmp_path / "stick"
    first = sync_commune.export(commune, stick, users.clerk)
    _ack(commune, stick, first.seq_to)
    page = _page(qtbot, commune, users, runner)
    page.confirm_preview = lambda previews: False
    page.exchange_with(str(stick))
    qtbot.waitUntil(lambda: page.summary.isVisible() and not page.busy)
    assert page.summary.text() == "Nothing was changed and nothing was written."
    assert sync_commune.sync_status(commune).acked_seq == 0
    assert len(mailbox.list_bundles(mailbox.outbox_dir(stick, AGENCY))) == 1


def test_watcher_announces_a_mailbox_that_appears(qtbot, tmp_path):
    volumes = [tmp_path / "usb1", tmp_path / "usb2"]
    for v in volumes:
        v.mkdir()
    watcher = StickWatcher(lambda: mailbox.find_mailboxes(volumes), interval_ms=30)
    watcher.start()
    qtbot.waitUntil(lambda: not watcher._first)
    with qtbot.waitSignal(watcher.mailbox_found, timeout=5000) as found:
        (volumes[1] / "MOTCUA").mkdir()
    assert found.args == [str(volumes[1])]
    with qtbot.waitSignal(watcher.mailbox_gone, timeout=5000) as gone:
        (volumes[1] / "MOTCUA").rmdir()
    assert gone.args == [str(volumes[1])]
    watcher.stop()


def test_main_window_banner_offers_the_exchange(qtbot, commune, users, runner, tmp_path):
    window = MainWindow(commune, users.clerk, runner)
    qtbot.addWidget(window)
    volume = tmp_path / "usb"
    volume.mkdir()
    window.stick_watcher.finder = lambda: mailbox.find_mailboxes([volume])
    window.stick_watcher.timer.setInterval(30)
    window.show()
    assert not window.stick_banner.isVisible()
    (volume / "MOTCUA").mkdir()
    qtbot.waitUntil(window.stick_banner.isVisible, timeout=5000)
    assert "USB stick with the district's mailbox found" in window.stick_banner.text.text()
    asked = []
    window.sync.exchange_with = asked.append
    qtbot.mouseClick(window.stick_banner.go, Qt.MouseButton.LeftButton)
    assert asked == [str(volume)] and window.current_page() == PAGE_SYNC
    assert not window.stick_banner.isVisible()


def test_provisioning_file_then_only_the_admin_page(qtbot, ctx, runner, tmp_path):
    from motcua_desktop.domain.catalogue import catalogue_to_dict, load_catalogue
    from motcua_desktop.services import catalogue, setup
    from motcua_desktop.sync.provisioning import make_provisioning
    from motcua_desktop.ui.provisioning_dialog import ProvisioningDialog
    from motcua_desktop.ui.setup_wizard import SetupWizard

    from .conftest import sample_profile

    i18n.set_language("en")
    district = demo_district_keys()
    cat = catalogue_to_dict(load_catalogue(catalogue.shipped_catalogue_path()))
    data = make_provisioning(
        district, "Huyện Phú Tân", sample_profile(), cat, {"version": "1", "days": []},
        "a-long-enough-enrolment-token",
    )  # fmt: skip
    path = tmp_path / "an-phu.motcua"
    path.write_bytes(data)
    dialog = ProvisioningDialog(ctx, runner)
    qtbot.addWidget(dialog)
    dialog.load(str(path))
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert dialog.district.text() == "Huyện Phú Tân"
    assert dialog.commune.text() == f"An Phú ({AGENCY})"
    assert dialog.fingerprint.text().count("-") == 4
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert setup.get_profile(ctx).commune_name == "An Phú"
    assert sync_commune.sync_status(ctx).district_name == "Huyện Phú Tân"

    wizard = SetupWizard(ctx, runner, admin_only=True)
    qtbot.addWidget(wizard)
    [only] = wizard.pageIds()
    assert wizard.page(only) is wizard.pages[-1]
    for name, text in (("username", "hoa"), ("full_name", "Nguyễn Thị Hoa"),
                       ("password", "secret-1"), ("password2", "secret-1")):  # fmt: skip
        wizard.admin.edits[name].setText(text)
    wizard.accept()
    qtbot.waitUntil(lambda: wizard.created_user is not None)
    assert wizard.created_user.role == "admin"
    assert setup.get_profile(ctx).commune_name == "An Phú"


def test_a_damaged_provisioning_file_says_why(qtbot, ctx, runner, tmp_path):
    from motcua_desktop.ui.provisioning_dialog import ProvisioningDialog

    i18n.set_language("en")
    path = tmp_path / "broken.motcua"
    path.write_bytes(b"MOTCUA")
    dialog = ProvisioningDialog(ctx, runner)
    qtbot.addWidget(dialog)
    dialog.load(str(path))
    qtbot.waitUntil(lambda: bool(dialog.error.text()))
    assert "incomplete" in dialog.error.text() and not dialog.ok_button.isEnabled()
