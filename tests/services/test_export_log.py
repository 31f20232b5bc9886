"""The export log: every file holding citizens' personal data says who wrote it, what, when."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.services import export_log, intake, printing, provisioning, sync_commune
from motcua_desktop.services.audit import verify_chain
from motcua_desktop.store.models import AuditEntry, BundleLog, Change
from motcua_desktop.sync.bundle import open_bundle
from motcua_desktop.sync.keys import demo_district_keys, load_or_create_identity
from motcua_desktop.sync.payload import decode_rows
from motcua_desktop.sync.state import ACKED_SEQ, set_state


@pytest.fixture
def two(ctx, clerk, make_request):
    return [
        intake.accept(ctx, make_request(received=datetime(2026, 3, 10, 9, m)), clerk).code
        for m in (0, 5)
    ]


def test_a_printed_slip_is_logged_with_its_file(ctx, clerk, two):
    doc = printing.print_slip(ctx, two[0], "receipt", clerk)
    [logged] = export_log.list_exports(ctx)
    assert (logged.kind, logged.file, logged.dossiers) == ("slip:receipt", doc.path.name, 1)
    assert (logged.actor_id, logged.actor_name) == (clerk.id, clerk.full_name)
    assert logged.table_name == "dossiers" and logged.row_id
    assert logged.at == doc.created_at
    assert verify_chain(ctx).ok


def test_the_tracking_book_is_logged_with_its_line_count(ctx, clerk, two, tmp_path):
    out = printing.print_book(
        ctx, date(2026, 3, 1), date(2026, 3, 31), clerk, output=tmp_path / "book.pdf"
    )
    [logged] = export_log.list_exports(ctx)
    assert (logged.kind, logged.file, logged.dossiers) == ("tracking_book", out.name, 2)
    assert logged.details == {"from": "2026-03-01", "to": "2026-03-31"}


def test_a_failed_print_logs_nothing(ctx, clerk, two, monkeypatch):
    def full_disk(path, data):
        raise StorageError("disk full")

    monkeypatch.setattr(printing, "write_atomically", full_disk)
    with pytest.raises(StorageError):
        printing.print_slip(ctx, two[0], "receipt", clerk)
    assert export_log.list_exports(ctx) == []


def test_a_data_bundle_is_logged_inside_the_bundle_it_describes(ctx, clerk, two, tmp_path):
    provisioning.provision_demo(ctx)
    result = sync_commune.export(ctx, tmp_path / "stick", clerk)
    [logged] = export_log.list_exports(ctx)
    assert (logged.kind, logged.dossiers) == ("data_bundle", 2)
    assert logged.file == result.path.name  # looked up in the bundle log
    assert logged.details["seq_from"] == result.seq_from
    # The entry travels in that very bundle, so nothing new is left behind it.
    me = load_or_create_identity(ctx)
    _manifest, payload = open_bundle(
        result.path.read_bytes(), my_identity=demo_district_keys(),
        sender_sign_pub_b64=me.sign_public_b64,
    )  # fmt: skip
    rows = [r["row"] for r in decode_rows(payload) if r["t"] == "audit_log"]
    assert [r["changes"]["kind"] for r in rows if r["action"] == "export"] == ["data_bundle"]
    with ctx.db.session(readonly=True) as s:
        assert s.scalar(select(func.max(Change.seq))) == result.seq_to
        assert s.scalar(select(func.count()).select_from(BundleLog)) == 1


def test_an_empty_export_logs_nothing(ctx, clerk, two, tmp_path):
    provisioning.provision_demo(ctx)
    first = sync_commune.export(ctx, tmp_path / "stick", clerk)
    with ctx.db.session() as s:
        set_state(s, ACKED_SEQ, first.seq_to)  # as an ack from the district would
    again = sync_commune.export(ctx, tmp_path / "stick", clerk)
    assert not again.written
    assert len(export_log.list_exports(ctx)) == 1


def test_filters_by_date_and_user(ctx, clerk, admin, two):
    printing.print_slip(ctx, two[0], "receipt", clerk)
    printing.print_slip(ctx, two[1], "receipt", admin)
    assert len(export_log.list_exports(ctx)) == 2
    assert [e.actor_id for e in export_log.list_exports(ctx, actor=admin)] == [admin.id]
    assert [e.actor_id for e in export_log.list_exports(ctx, actor=clerk.id)] == [clerk.id]
    assert export_log.list_exports(ctx, since=date(2999, 1, 1)) == []
    assert len(export_log.list_exports(ctx, since=datetime(2000, 1, 1))) == 2


def test_figures_only_reports_are_not_personal_exports(ctx, clerk, two):
    from motcua_desktop.domain.periods import month
    from motcua_desktop.services import reports

    reports.ii06a(ctx, month(2026, 3))
    with ctx.db.session(readonly=True) as s:
        assert (
            s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "export")
            )
            == 0
        )
