"""A commune's retention purge reaches the district with the next bundle: rows and audit values."""

from __future__ import annotations

from datetime import datetime

from district_helpers import add_dossiers, export
from sqlalchemy import select

from motcua_desktop.domain.dossier import ResultDelivery
from motcua_desktop.domain.privacy import PURGED_NAME
from motcua_desktop.services import district, lifecycle, retention
from motcua_desktop.services.audit import verify_chain
from motcua_desktop.store.models import AuditEntry, Dossier


def _held(ctx, code: str) -> tuple[str, list]:
    with ctx.db.session(readonly=True) as s:
        row = s.scalar(select(Dossier).where(Dossier.code == code))
        sealed = s.scalars(select(AuditEntry.sealed).where(AuditEntry.row_id == row.id)).all()
        return row.applicant_name, [v for v in sealed if v is not None]


def test_the_purge_travels_to_the_district(district_ctx, commune, stick):
    old, kept = add_dossiers(commune, 2)
    lifecycle.start_processing(commune.ctx, old, commune.admin, unit="Tư pháp",
                               at=datetime(2026, 3, 3, 9))  # fmt: skip
    lifecycle.finish(commune.ctx, old, commune.admin, at=datetime(2026, 3, 4, 9))
    lifecycle.return_result(
        commune.ctx, old, commune.admin, method=ResultDelivery.DESK,
        collected_by="Trần Văn Bình", at=datetime(2026, 3, 4, 10),
    )  # fmt: skip
    district.import_bundles(district_ctx, [export(commune, stick)], None)
    name, sealed = _held(district_ctx, old)
    assert name != PURGED_NAME and sealed  # the returned_to edit was sealed, plain values held

    result = retention.purge_personal_data(
        commune.ctx, commune.admin, years=5, now=datetime(2032, 1, 1)
    )
    assert result.codes == (old,)
    district.import_bundles(district_ctx, [export(commune, stick)], None)

    assert _held(district_ctx, old) == (PURGED_NAME, [])
    assert _held(district_ctx, kept)[0] != PURGED_NAME
    report = verify_chain(district_ctx)
    assert report.ok and report.purged >= 1
    with district_ctx.db.session(readonly=True) as s:
        events = s.scalars(
            select(AuditEntry.changes).where(AuditEntry.action == "personal_data_purged")
        ).all()
    assert [e["dossiers"] for e in events] == [1]
