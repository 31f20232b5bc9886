"""services.diagnostics at the district, on SQLite and on PostgreSQL: what the About dialog shows."""

from __future__ import annotations

from district_helpers import add_dossiers, export

from motcua_desktop.services import district
from motcua_desktop.services.diagnostics import as_text, collect


def test_district_diagnostics_after_an_import(district_ctx, commune, stick, db_url):
    before = collect(district_ctx)
    assert before.last_import_at is None and before.communes == 1

    add_dossiers(commune, 2)
    export(commune, stick)
    [result] = district.import_bundles(district_ctx, [stick], None)
    assert result.status == "applied"

    d = collect(district_ctx)
    assert (d.mode, d.name, d.agency_code) == ("district", "Huyện Phú Tân", "")
    assert d.last_import_at is not None and d.last_export_at is None
    assert (d.dossiers, d.communes) == (2, 1)
    if db_url is None:
        assert d.database.endswith("motcua.sqlite3") and d.database_bytes > 0
    else:
        # The server's address without any password, and no file size to show.
        assert d.database == district_ctx.db.url and d.database.startswith("postgresql")
        assert d.database_bytes is None
        assert "database_bytes: -" in as_text(d)
    assert d.schema == district_ctx.db.revision()
