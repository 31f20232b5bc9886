"""A full disk: at the database (SQLITE_FULL), under a receipt's PDF, a bundle and a backup.

Each time: a StorageError that says the disk is full (English and
Vietnamese), nothing half-written (no dossier without its parts, no file
under its final name), the database sound, and the work goes through once
there is space again.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from crash_setup import CLERK, prepare, request
from fault_helpers import (
    FullDisk,
    counts,
    integrity,
    limit_pages,
    make_desk,
    unlimit,
    vietnamese,
)

from motcua_desktop import i18n
from motcua_desktop.domain.errors import StorageError
from motcua_desktop.services import backup, district, intake, printing, sync_commune, users
from motcua_desktop.services.context import open_app
from motcua_desktop.sync import mailbox

DB_FULL = (
    "The disk is full, so the change was not saved (nothing was half-written). "
    "Free some disk space, then try again."
)
PDF_FULL = (
    "The disk is full, so the document {path} could not be saved. Free some disk "
    "space, then print again."
)


DAY = datetime(2026, 3, 10, 9, 0)  # every intake of the filling test: one numbering day


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "data"
    code = make_desk(folder)
    ctx = open_app(folder)
    yield ctx, users.get_user(ctx, CLERK), code
    ctx.close()


def _fill_up(ctx, clerk) -> int:
    """Intakes until the disk is full; returns how many went through (the last one failed)."""
    for done in range(200):
        try:
            intake.accept(ctx, request(done, DAY), clerk)
        except StorageError as exc:
            assert exc.message == DB_FULL
            return done
    raise AssertionError("the page limit never stopped an intake")


def test_database_full_during_intake_rolls_back_and_says_so(desk):
    ctx, clerk, _code = desk
    listener = limit_pages(ctx, 12)
    try:
        done = _fill_up(ctx, clerk)
        before = counts(ctx.data_dir)
        with pytest.raises(StorageError) as failed:
            intake.accept(ctx, request(99, DAY), clerk)
        assert failed.value.message == DB_FULL
        assert counts(ctx.data_dir) == before  # not a row of the refused dossier
    finally:
        unlimit(ctx, listener)
    assert integrity(ctx.data_dir) == "ok"
    assert before["dossiers"] == 1 + done
    assert before["dossier_events"] == before["dossiers"]  # every dossier has its received event
    # Space is back: the next intake takes the very next number (the refused one used none).
    record = intake.accept(ctx, request(100, DAY), clerk)
    assert record.code.endswith(f"-260310-{done + 1:04d}")
    assert counts(ctx.data_dir)["dossiers"] == before["dossiers"] + 1


def test_database_full_message_in_vietnamese():
    vi = vietnamese(DB_FULL)
    assert "đầy" in vi and "dung lượng" in vi, vi


def test_receipt_pdf_on_a_full_disk(desk, monkeypatch):
    ctx, clerk, code = desk
    before = counts(ctx.data_dir)
    full = FullDisk()
    monkeypatch.setattr(printing, "open", full, raising=False)
    with pytest.raises(StorageError) as failed:
        printing.print_slip(ctx, code, "receipt", clerk)
    assert full.hits == 1
    assert "The disk is full" in failed.value.message and code in failed.value.message
    monkeypatch.undo()
    pdfs = [p.name for p in ctx.documents_dir.rglob("*") if p.is_file()]
    assert pdfs == []  # neither the PDF under its name nor the half-written temp file
    assert counts(ctx.data_dir) == before  # no documents row, no "printed" event
    assert integrity(ctx.data_dir) == "ok"
    doc = printing.print_slip(ctx, code, "receipt", clerk)
    assert doc.path.name == f"{code}-receipt-1.pdf" and doc.path.read_bytes()[:5] == b"%PDF-"
    vi = vietnamese(PDF_FULL)
    assert "đầy" in vi and "{path}" in vi, vi


def test_bundle_to_a_full_stick(tmp_path, monkeypatch):
    layout = prepare(tmp_path / "site", pool=False)
    ctx = open_app(layout.commune)
    try:
        clerk = users.get_user(ctx, CLERK)
        intake.accept(ctx, request(1), clerk)
        monkeypatch.setattr(mailbox, "open", FullDisk(), raising=False)
        i18n.set_language("vi")
        with pytest.raises(StorageError) as failed:
            sync_commune.export(ctx, layout.stick, clerk)
        i18n.set_language("en")
        assert "đã đầy" in failed.value.message
        monkeypatch.undo()
        assert [p for p in layout.stick.rglob("*") if p.is_file()] == []
        status = sync_commune.sync_status(ctx)
        assert status.last_export_at is None and status.bundles == ()
        assert integrity(ctx.data_dir) == "ok"
        assert sync_commune.export(ctx, layout.stick, clerk).written
    finally:
        ctx.close()


def test_backup_on_a_full_disk(desk, monkeypatch):
    ctx, _clerk, _code = desk
    real = backup.backup_database

    def fills_up(path, folder, label):
        made = real(path, folder, label)  # a partial copy is there when the disk fills
        raise sqlite3.OperationalError("database or disk is full")
        return made

    monkeypatch.setattr(backup, "backup_database", fills_up)
    before = sorted(p.name for p in ctx.backups_dir.iterdir())
    i18n.set_language("vi")
    with pytest.raises(StorageError) as failed:
        backup.backup_now(ctx, "manual")
    i18n.set_language("en")
    assert "dung lượng ổ đĩa" in failed.value.message
    assert sorted(p.name for p in ctx.backups_dir.iterdir()) == before  # no half copy left
    monkeypatch.undo()
    assert integrity(ctx.data_dir) == "ok"
    assert backup.backup_now(ctx, "manual").path.exists()


def test_district_import_on_a_full_disk_applies_nothing_and_quarantines_nothing(tmp_path):
    layout = prepare(tmp_path / "site", pool=False)
    ctx = open_app(layout.commune)
    try:
        clerk = users.get_user(ctx, CLERK)
        for k in range(5):
            intake.accept(ctx, request(k), clerk)
        bundle = sync_commune.export(ctx, layout.stick, clerk).path
    finally:
        ctx.close()
    dctx = open_app(layout.district)
    try:
        before = counts(layout.district)
        listener = limit_pages(dctx, 2)
        try:
            with pytest.raises(StorageError) as failed:
                district.import_bundles(dctx, [bundle], None)
        finally:
            unlimit(dctx, listener)
        assert failed.value.message == DB_FULL
        assert counts(layout.district) == before
        assert bundle.exists() and not (layout.district / "quarantine").exists()
        assert integrity(layout.district) == "ok"
        [result] = district.import_bundles(dctx, [bundle], None)
        assert result.status == "applied", result.message
        assert counts(layout.district)["dossiers"] == 5
    finally:
        dctx.close()
