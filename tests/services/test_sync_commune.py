"""The commune's side of the USB mailbox: cumulative export, acks, config, and failures on the stick."""

from __future__ import annotations

import errno
import logging
import os
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from motcua_desktop.domain.catalogue import catalogue_to_dict, load_catalogue
from motcua_desktop.domain.errors import NotAllowed, StorageError
from motcua_desktop.domain.procedures import ProcessingTime, TimeUnit
from motcua_desktop.services import calendar, catalogue, intake, provisioning, sync_commune
from motcua_desktop.services.context import open_app
from motcua_desktop.services.sync_config import config_versions
from motcua_desktop.store.models import BundleLog
from motcua_desktop.sync import mailbox
from motcua_desktop.sync.bundle import bundle_sha256, open_bundle, write_bundle
from motcua_desktop.sync.downlink import Ack, ConfigUpdate
from motcua_desktop.sync.keys import (
    DEMO_DISTRICT_NAME,
    DEMO_ENROLMENT_TOKEN,
    check_enrolment_proof,
    demo_district_keys,
    load_or_create_identity,
    token_sha256,
)
from motcua_desktop.sync.payload import decode_rows

DISTRICT = demo_district_keys()
COLUMNS = [c.name for c in BundleLog.__table__.columns]


@pytest.fixture
def commune(ctx, clerk, make_request):
    """A provisioned commune (the demo district's keys) with two dossiers."""
    provisioning.provision_demo(ctx)
    for minute in (0, 5):
        intake.accept(ctx, make_request(received=datetime(2026, 3, 10, 9, minute)), clerk)
    return ctx


def _stick(tmp_path):
    return tmp_path / "stick"


def _open(ctx, path):
    me = load_or_create_identity(ctx)
    manifest, payload = open_bundle(
        path.read_bytes(), my_identity=DISTRICT, sender_sign_pub_b64=me.sign_public_b64
    )
    return manifest, list(decode_rows(payload))


def _reply(ctx, root, kind, body, *, recipient=None, signer=DISTRICT, name="reply"):
    """A bundle from the district in this commune's inbox on the stick."""
    me = recipient or load_or_create_identity(ctx)
    data = write_bundle(
        {"kind": kind, "recipient_id": me.installation_id, "name": DEMO_DISTRICT_NAME},
        body.to_payload(),
        signer,
        me.box_public_b64,
    )
    path = mailbox.inbox_dir(root, "000.31.25.H56") / f"{name}.motcua"
    mailbox.write_atomically(path, data)
    return path


def _ack(ctx, root, seq, name="ack", gaps=()):
    epoch = load_or_create_identity(ctx).epoch_id
    return _reply(ctx, root, "ack", Ack(epoch, seq, tuple(gaps)), name=name)


def _log(ctx, **where):
    with ctx.db.session(readonly=True) as s:
        q = select(BundleLog)
        for key, value in where.items():
            q = q.where(getattr(BundleLog, key) == value)
        rows = s.scalars(q.order_by(BundleLog.at)).all()
        return [SimpleNamespace(**{c: getattr(r, c) for c in COLUMNS}) for r in rows]


def test_export_writes_a_bundle_the_district_can_open(commune, clerk, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="motcua.personal_data")
    result = sync_commune.export(commune, _stick(tmp_path), clerk)
    assert result.written and result.path.parent == mailbox.outbox_dir(
        _stick(tmp_path), "000.31.25.H56"
    )
    manifest, rows = _open(commune, result.path)
    assert (
        manifest.kind == "data" and manifest.recipient.installation_id == DISTRICT.installation_id
    )
    assert manifest.counts["dossiers"] == 2 and result.counts == manifest.counts
    assert {r["row"]["applicant_name"] for r in rows if r["t"] == "dossiers"} == {
        "Trần Thị Bích Hằng"
    }
    assert all("search_id" not in r["row"] for r in rows)
    me = load_or_create_identity(commune)
    assert check_enrolment_proof(
        token_sha256(DEMO_ENROLMENT_TOKEN), me.sign_public_b64, me.box_public_b64,
        manifest.enrolment_proof,
    )  # fmt: skip
    [logged] = _log(commune, direction="out")
    assert (logged.status, logged.seq_to, logged.sha256) == (
        "written", result.seq_to, bundle_sha256(result.path.read_bytes()))  # fmt: skip
    assert "lan" in caplog.text and f"wrote {result.rows} rows" in caplog.text


def test_export_is_cumulative_until_acknowledged(commune, clerk, make_request, tmp_path):
    first = sync_commune.export(commune, _stick(tmp_path), clerk)
    intake.accept(commune, make_request(received=datetime(2026, 3, 11, 8, 0)), clerk)
    second = sync_commune.export(commune, _stick(tmp_path), clerk)
    assert first.path.exists() and second.path != first.path
    m1, rows1 = _open(commune, first.path)
    m2, rows2 = _open(commune, second.path)
    assert m2.seq_from == m1.seq_from == 1 and m2.seq_to > m1.seq_to
    assert {r["id"] for r in rows1} < {r["id"] for r in rows2}
    assert m2.counts["dossiers"] == 3
    assert m2.prev_sha256 == bundle_sha256(first.path.read_bytes())


def test_after_an_ack_only_newer_changes_go(commune, clerk, make_request, tmp_path):
    stick = _stick(tmp_path)
    first = sync_commune.export(commune, stick, clerk)
    _ack(commune, stick, first.seq_to)
    [result] = sync_commune.import_inbox(commune, stick, clerk)
    assert (result.kind, result.status) == ("ack", "applied")
    status = sync_commune.sync_status(commune)
    assert status.acked_seq == first.seq_to and status.pending_changes == 0
    [out] = [b for b in status.bundles if b.direction == "out"]
    assert out.words == "Confirmed by the district"
    intake.accept(commune, make_request(received=datetime(2026, 3, 11, 8, 0)), clerk)
    assert sync_commune.sync_status(commune).pending_changes > 0
    later = sync_commune.export(commune, stick, clerk)
    manifest, rows = _open(commune, later.path)
    assert manifest.seq_from == first.seq_to + 1
    assert manifest.counts["dossiers"] == 1 and not manifest.enrolment_proof
    assert {r["id"] for r in rows}.isdisjoint({r["id"] for r in _open(commune, first.path)[1]})


def test_nothing_to_export_writes_nothing(commune, clerk, tmp_path):
    stick = _stick(tmp_path)
    first = sync_commune.export(commune, stick, clerk)
    _ack(commune, stick, first.seq_to)
    sync_commune.import_inbox(commune, stick, clerk)
    again = sync_commune.export(commune, stick, clerk)
    assert not again.written and "Nothing new" in again.message
    assert list(mailbox.outbox_dir(stick, "000.31.25.H56").iterdir()) == [first.path]
    assert len(_log(commune, direction="out")) == 1


def test_a_commune_without_a_district_cannot_export(ctx, clerk, tmp_path):
    with pytest.raises(NotAllowed, match="provisioning file"):
        sync_commune.export(ctx, _stick(tmp_path), clerk)


def test_an_ack_for_another_installation_is_rejected(commune, clerk, tmp_path):
    stick = _stick(tmp_path)
    first = sync_commune.export(commune, stick, clerk)
    other = open_app(tmp_path / "other")
    try:
        stranger = load_or_create_identity(other)
    finally:
        other.close()
    epoch = load_or_create_identity(commune).epoch_id
    path = _reply(commune, stick, "ack", Ack(epoch, first.seq_to), recipient=stranger)
    [result] = sync_commune.import_inbox(commune, stick, clerk)
    assert (result.status, result.reason_code) == ("rejected", "wrong-recipient")
    assert "another installation" in result.message
    assert path.exists() and sync_commune.sync_status(commune).acked_seq == 0
    assert [b.status for b in _log(commune, direction="in")] == ["rejected"]
    # Seen again on the next exchange: still rejected, logged once.
    sync_commune.import_inbox(commune, stick, clerk)
    assert len(_log(commune, direction="in")) == 1


def test_a_forged_or_damaged_ack_changes_nothing(commune, clerk, tmp_path):
    stick = _stick(tmp_path)
    first = sync_commune.export(commune, stick, clerk)
    me = load_or_create_identity(commune)
    forger = open_app(tmp_path / "forger")
    try:
        impostor = load_or_create_identity(forger)
    finally:
        forger.close()
    _reply(commune, stick, "ack", Ack(me.epoch_id, first.seq_to), signer=impostor, name="forged")
    damaged = _ack(commune, stick, first.seq_to, name="damaged")
    data = bytearray(damaged.read_bytes())
    data[-5] ^= 0xFF
    damaged.write_bytes(bytes(data))
    results = sync_commune.import_inbox(commune, stick, clerk)
    assert {r.reason_code for r in results} == {"unknown-sender", "payload-hash"}
    assert all(r.status == "rejected" for r in results)
    assert sync_commune.sync_status(commune).acked_seq == 0


def test_the_same_ack_twice_is_already_applied(commune, clerk, tmp_path):
    stick = _stick(tmp_path)
    first = sync_commune.export(commune, stick, clerk)
    _ack(commune, stick, first.seq_to)
    sync_commune.import_inbox(commune, stick, clerk)
    before = _log(commune)
    [again] = sync_commune.import_inbox(commune, stick, clerk)
    assert again.status == "duplicate" and "Already applied" in again.message
    assert [(b.id, b.status) for b in _log(commune)] == [(b.id, b.status) for b in before]


def test_acks_out_of_order_never_move_the_watermark_back(commune, clerk, make_request, tmp_path):
    stick = _stick(tmp_path)
    first = sync_commune.export(commune, stick, clerk)
    intake.accept(commune, make_request(received=datetime(2026, 3, 11, 8, 0)), clerk)
    second = sync_commune.export(commune, stick, clerk)
    _ack(commune, stick, second.seq_to, name="b-newer")
    sync_commune.import_inbox(commune, stick, clerk)
    _ack(commune, stick, first.seq_to, name="a-older")
    results = {r.file_name: r for r in sync_commune.import_inbox(commune, stick, clerk)}
    assert results["a-older.motcua"].status == "ignored"
    assert results["b-newer.motcua"].status == "duplicate"
    assert sync_commune.sync_status(commune).acked_seq == second.seq_to
    assert {b.status for b in _log(commune, direction="out")} == {"acked"}


def test_an_ack_reports_the_gaps_the_district_sees(commune, clerk, tmp_path):
    stick = _stick(tmp_path)
    first = sync_commune.export(commune, stick, clerk)
    _ack(commune, stick, 2, gaps=[(3, first.seq_to)])
    preview = sync_commune.preview_inbox(commune, stick)
    assert preview[0].status == "new" and "missing changes 3–" in preview[0].changes[0]
    sync_commune.import_inbox(commune, stick, clerk)
    status = sync_commune.sync_status(commune)
    assert status.gaps == ((3, first.seq_to),) and status.acked_seq == 2
    assert _log(commune, direction="out")[0].status == "written"


HOLIDAYS = {"version": "2026.2", "days": [
    {"day": "2026-09-03", "kind": "off", "note": "Huyện"},
    {"day": "2026-12-31", "kind": "off", "note": "Cuối năm"}]}  # fmt: skip


def _config(version, *, procedure_days=None, holidays=None):
    cat = catalogue_to_dict(load_catalogue(catalogue.shipped_catalogue_path()))
    cat["version"] = version
    first = cat["procedures"][0]
    first["processing"] = {"unit": "working_days", "amount": procedure_days or 9, "cutoff": None}
    cat["procedures"].append({**cat["procedures"][1], "code": "9.999999", "name": "Thủ tục mới"})
    return ConfigUpdate(version, catalogue=cat, holidays=holidays)


def test_config_applies_catalogue_and_holidays_and_keeps_local_choices(
    commune, clerk, admin, tmp_path
):
    stick = _stick(tmp_path)
    update = _config("2099.1", holidays=HOLIDAYS)
    changed, kept = (p["code"] for p in update.catalogue["procedures"][:2])
    local = ProcessingTime(TimeUnit.WORKING_DAYS, 2)
    catalogue.set_override(commune, kept, local, None, admin)  # local settings: not the desk's
    calendar.set_day_override(commune, date(2026, 9, 3), "working", "Làm bù", admin)
    _reply(commune, stick, "config", update, name="config")
    [preview] = sync_commune.preview_inbox(commune, stick)
    assert preview.status == "new"
    text = " ".join(preview.changes)
    assert "2099.1" in text and "1 new procedure" in text and "31/12/2026" in text
    assert "Kept as this commune set them: 03/09/2026" in text
    assert catalogue.catalogue_info(commune)["version"] != "2099.1"  # a preview changes nothing

    [result] = sync_commune.import_inbox(commune, stick, clerk)
    assert result.status == "applied"
    assert catalogue.catalogue_info(commune)["version"] == "2099.1"
    assert catalogue.get_procedure(commune, "9.999999").name == "Thủ tục mới"
    assert catalogue.get_procedure(commune, kept).processing == local
    assert catalogue.get_procedure(commune, changed).processing.amount == 9
    days = {d.day: d.kind for d in calendar.list_day_overrides(commune)}
    assert days == {date(2026, 9, 3): "working", date(2026, 12, 31): "off"}
    assert config_versions_of(commune)["holidays"] == "2026.2"

    # The next table drops 31/12: it goes back; the commune's own day stays.
    newer = {"version": "2026.3", "days": [{"day": "2026-01-02", "kind": "off", "note": ""}]}
    _reply(commune, stick, "config", ConfigUpdate("2099.2", holidays=newer), name="config2")
    sync_commune.import_inbox(commune, stick, clerk)
    days = {d.day: d.kind for d in calendar.list_day_overrides(commune)}
    assert days == {date(2026, 9, 3): "working", date(2026, 1, 2): "off"}


def config_versions_of(ctx):
    with ctx.db.session(readonly=True) as s:
        return config_versions(s)


def test_older_config_is_ignored_and_the_same_config_twice_is_already_applied(
    commune, clerk, tmp_path
):
    stick = _stick(tmp_path)
    _reply(commune, stick, "config", _config("2099.5"), name="b")
    _reply(commune, stick, "config", _config("2099.4", procedure_days=4), name="a")
    results = {r.file_name: r for r in sync_commune.import_inbox(commune, stick, clerk)}
    # Oldest first: 2099.4 applies, then 2099.5 over it.
    assert results["a.motcua"].status == results["b.motcua"].status == "applied"
    assert catalogue.catalogue_info(commune)["version"] == "2099.5"
    older = _reply(commune, stick, "config", _config("2099.3", procedure_days=3), name="c")
    results = {r.file_name: r for r in sync_commune.import_inbox(commune, stick, clerk)}
    assert results["c.motcua"].status == "ignored" and "not newer" in results["c.motcua"].message
    assert results["a.motcua"].status == results["b.motcua"].status == "duplicate"
    assert catalogue.catalogue_info(commune)["version"] == "2099.5" and older.exists()


def test_stick_pulled_out_mid_write_keeps_the_previous_bundle(
    commune, clerk, make_request, tmp_path, monkeypatch
):
    stick = _stick(tmp_path)
    first = sync_commune.export(commune, stick, clerk)
    saved = first.path.read_bytes()
    intake.accept(commune, make_request(received=datetime(2026, 3, 11, 8, 0)), clerk)
    real_replace = os.replace

    def pulled(src, dst):
        if str(src).endswith(mailbox.PARTIAL):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(mailbox.os, "replace", pulled)
    with pytest.raises(StorageError, match="pulled out"):
        sync_commune.export(commune, stick, clerk)
    monkeypatch.undo()
    outbox = mailbox.outbox_dir(stick, "000.31.25.H56")
    assert first.path.read_bytes() == saved
    assert [p.name.endswith(mailbox.PARTIAL) for p in sorted(outbox.iterdir())].count(True) == 1
    assert mailbox.list_bundles(outbox) == [first.path]
    assert len(_log(commune, direction="out")) == 1
    assert sync_commune.sync_status(commune).last_export_to == first.seq_to


def test_full_stick_gives_a_clear_error_and_records_nothing(commune, clerk, tmp_path, monkeypatch):
    class Full:
        def __init__(self, *a, **kw):
            self.fh = open(*a, **kw)  # noqa: SIM115 (closed in __exit__)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(mailbox, "open", Full, raising=False)
    with pytest.raises(StorageError, match="is full"):
        sync_commune.export(commune, _stick(tmp_path), clerk)
    monkeypatch.undo()
    assert mailbox.list_bundles(mailbox.outbox_dir(_stick(tmp_path), "000.31.25.H56")) == []
    with commune.db.session(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(BundleLog)) == 0
    assert sync_commune.sync_status(commune).last_export_at is None


def test_verify_reads_the_manifest_and_checks_the_signature(commune, clerk, tmp_path):
    stick = _stick(tmp_path)
    mine = sync_commune.export(commune, stick, clerk)
    ours = sync_commune.verify_file(commune, mine.path)
    assert ours.ok and ours.signature_ok and not ours.readable and ours.kind == "data"
    assert ours.counts["dossiers"] == 2
    ack = sync_commune.verify_file(commune, _ack(commune, stick, mine.seq_to))
    assert ack.ok and ack.readable and ack.for_me and ack.kind == "ack"
    junk = tmp_path / "junk.motcua"
    junk.write_bytes(b"hello")
    bad = sync_commune.verify_file(commune, junk)
    assert not bad.ok and bad.reason_code == "not-a-bundle"


def test_a_config_with_a_broken_survey_or_checklist_template_is_refused_naming_the_field(
    commune, clerk, tmp_path
):
    import json

    from motcua_desktop.paths import resources_dir

    stick = _stick(tmp_path)
    survey = json.loads((resources_dir() / "surveys" / "satisfaction-sipas-v1.json").read_text())
    survey["version"] = "9"
    del survey["questions"][3]["scale"]
    bad = ConfigUpdate("2099.7", templates={"version": "t9", "items": {"khảo sát": survey}})
    _reply(commune, stick, "config", bad, name="bad")
    [result] = sync_commune.import_inbox(commune, stick, clerk)
    assert result.status == "rejected" or result.status == "quarantined", result
    assert "questions[3]" in result.message and "templates cannot be used" in result.message
    assert config_versions_of(commune).get("templates") is None  # nothing applied

    audit = json.loads(
        (resources_dir() / "checklists" / "iso9001-internal-audit-v1.json").read_text()
    )
    audit.pop("sections", None)
    audit.pop("items", None)
    worse = ConfigUpdate("2099.8", templates={"version": "t10", "items": {"audit": audit}})
    _reply(commune, stick, "config", worse, name="worse")
    results = {r.file_name: r for r in sync_commune.import_inbox(commune, stick, clerk)}
    assert "templates cannot be used" in results["worse.motcua"].message


def test_a_config_bundle_is_applied_after_a_backup(commune, clerk, tmp_path):
    from motcua_desktop.services.backup import list_backups

    stick = _stick(tmp_path)
    _reply(commune, stick, "config", _config("2099.9"), name="cfg")
    assert not [b for b in list_backups(commune) if b.reason == "pre-config"]
    [result] = sync_commune.import_inbox(commune, stick, clerk)
    assert result.status == "applied"
    [kept] = [b for b in list_backups(commune) if b.reason == "pre-config"]
    assert kept.path.exists()
    sync_commune.import_inbox(commune, stick, clerk)  # already applied: no second copy
    assert len([b for b in list_backups(commune) if b.reason == "pre-config"]) == 1
