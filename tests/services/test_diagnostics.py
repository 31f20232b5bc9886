"""services.diagnostics on real temporary installations: a commune after a day's work, a district."""

from __future__ import annotations

from motcua_desktop import __version__
from motcua_desktop.services import backup, district, provisioning, sync_commune
from motcua_desktop.services.context import open_app
from motcua_desktop.services.diagnostics import as_text, collect


def test_a_commune_after_intake_backup_and_export(ctx, clerk, make_request, tmp_path):
    from motcua_desktop.services import intake

    empty = collect(ctx)
    assert (empty.dossiers, empty.last_backup_at, empty.last_export_at) == (0, None, None)

    provisioning.provision_demo(ctx)
    intake.accept(ctx, make_request(), clerk)
    intake.accept(ctx, make_request(), clerk)
    saved = backup.backup_now(ctx, backup.MANUAL)
    sync_commune.export(ctx, tmp_path / "stick", clerk)

    d = collect(ctx)
    assert d.version == __version__
    assert d.data_dir == ctx.data_dir and d.database == str(ctx.data_dir / "motcua.sqlite3")
    db_file = ctx.data_dir / "motcua.sqlite3"
    wal = db_file.with_name(db_file.name + "-wal")
    assert d.database_bytes == db_file.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    assert d.database_bytes > 0
    assert d.schema == ctx.db.revision()
    assert (d.mode, d.name, d.agency_code) == ("commune", "Xã An Phú", "000.31.25.H56")
    assert d.installation_id and d.epoch_id
    assert (d.last_backup_at, d.last_backup_file) == (saved.taken_at, saved.name)
    assert d.last_export_at is not None and d.last_ack_at is None and d.last_import_at is None
    assert (d.dossiers, d.communes) == (2, 0)

    text = as_text(d, {"qt": "6.9.0"})
    lines = text.splitlines()
    assert lines[0] == f"version: {__version__}" and lines[1] == "qt: 6.9.0"
    assert f"data_dir: {ctx.data_dir}" in lines
    assert "agency_code: 000.31.25.H56" in lines and "name: Xã An Phú" in lines
    assert "last_ack_at: -" in lines and "dossiers: 2" in lines
    assert f"last_backup_file: {saved.name}" in lines


def test_a_district(tmp_path):
    ctx = open_app(tmp_path / "district")
    try:
        district.init_district(ctx, "Huyện Phú Tân")
        d = collect(ctx)
        assert (d.mode, d.name, d.agency_code, d.communes) == ("district", "Huyện Phú Tân", "", 0)
        assert "mode: district" in as_text(d)
    finally:
        ctx.close()
