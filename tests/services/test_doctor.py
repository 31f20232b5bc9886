"""The doctor's new checks: the search index (found and rebuilt), the change log, the audit chain."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from sqlalchemy import text

from motcua_desktop.services import intake, search
from motcua_desktop.services.doctor import run_checks


def _by_name(results):
    return {r.name: r for r in results}


def _sql(ctx, *statements):
    with ctx.db.session() as s:
        for sql in statements:
            s.execute(text(sql))


def _three(ctx, clerk, make_request):
    return [
        intake.accept(ctx, make_request(received=datetime(2026, 3, 10, 9, n)), clerk)
        for n in range(3)
    ]


def test_a_healthy_installation_passes_the_new_checks(ctx, clerk, make_request):
    _three(ctx, clerk, make_request)
    checks = _by_name(run_checks(ctx))
    for name in ("integrity", "foreign_keys", "search_index", "change_log", "audit_chain"):
        assert checks[name].ok, checks[name]
        assert checks[name].repaired == ""
    assert "3" in checks["search_index"].detail


def test_doctor_finds_a_broken_search_index_and_rebuilds_it(ctx, clerk, make_request):
    a, b, c = _three(ctx, clerk, make_request)
    with ctx.db.engine.connect() as conn:
        ids = dict(conn.exec_driver_sql("SELECT code, search_id FROM dossiers").all())
    _sql(
        ctx,
        f"DELETE FROM dossier_search WHERE rowid = {ids[a.code]}",  # missing
        f"UPDATE dossier_search SET body = 'nobody' WHERE rowid = {ids[b.code]}",  # stale
        "INSERT INTO dossier_search(rowid, body) VALUES (987654, 'ghost')",  # extra
    )
    assert search.search(ctx, "ghost") == []  # the extra entry points at no dossier
    assert len(search.search(ctx, "hang")) == 1  # two of three dossiers no longer found

    found = _by_name(run_checks(ctx))["search_index"]
    assert not found.ok and found.repaired == ""
    assert "1 dossiers missing" in found.detail
    assert "1 extra" in found.detail and "1 out of date" in found.detail

    fixed = _by_name(run_checks(ctx, repair=True))["search_index"]
    assert fixed.ok and "rebuilt" in fixed.repaired and "3" in fixed.repaired
    assert {r.code for r in search.search(ctx, "hang")} == {a.code, b.code, c.code}
    after = _by_name(run_checks(ctx))["search_index"]
    assert after.ok and after.repaired == ""


def test_doctor_reports_synced_rows_missing_from_the_change_log(ctx, clerk, make_request):
    a, _b, _c = _three(ctx, clerk, make_request)
    with ctx.db.engine.connect() as conn:
        row_id = conn.exec_driver_sql(f"SELECT id FROM dossiers WHERE code = '{a.code}'").scalar()
    _sql(ctx, f"DELETE FROM changes WHERE table_name = 'dossiers' AND row_id = '{row_id}'")
    result = _by_name(run_checks(ctx, repair=True))["change_log"]
    assert not result.ok and "dossiers: 1" in result.detail
    assert result.repaired == ""  # not safe to repair: reported only


def test_doctor_finds_a_foreign_key_broken_by_sql(ctx, clerk, make_request):
    _three(ctx, clerk, make_request)
    raw = sqlite3.connect(ctx.db.path)  # foreign_keys is off on a plain connection
    raw.execute(
        "UPDATE dossier_components SET dossier_id = 'gone' "
        "WHERE rowid = (SELECT min(rowid) FROM dossier_components)"
    )
    raw.commit()
    raw.close()
    result = _by_name(run_checks(ctx))["foreign_keys"]
    assert not result.ok and "dossier_components" in result.detail
