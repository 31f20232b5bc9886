"""``motcua doctor`` at the district: the communes' dossier numbers are not the district's own.

Found by the crash harness's full check: the numbering check compared the
district's (empty) counters with the codes of every imported dossier and
always failed.
"""

from __future__ import annotations

from crash_setup import CLERK, prepare, request

from motcua_desktop.services import district, doctor, intake, sync_commune, users
from motcua_desktop.services.context import open_app


def test_doctor_passes_at_a_district_holding_commune_dossiers(tmp_path):
    layout = prepare(tmp_path / "site", pool=False)
    ctx = open_app(layout.commune)
    try:
        clerk = users.get_user(ctx, CLERK)
        for k in range(3):
            intake.accept(ctx, request(k), clerk)
        bundle = sync_commune.export(ctx, layout.stick, clerk).path
    finally:
        ctx.close()
    dctx = open_app(layout.district)
    try:
        [result] = district.import_bundles(dctx, [bundle], None)
        assert result.status == "applied", result.message
        checks = {r.name: r for r in doctor.run_checks(dctx)}
        assert checks["sequences"].ok, checks["sequences"].detail
        assert all(r.ok for r in checks.values()), [(r.name, r.detail) for r in checks.values()]
    finally:
        dctx.close()
