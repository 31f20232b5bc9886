"""The audit trail travels in data bundles; the district verifies each commune's chain."""

from __future__ import annotations

from district_helpers import add_dossiers, district_commune, export_since, top_seq
from sqlalchemy import func, select, update

from motcua_desktop.services import district
from motcua_desktop.services.audit import verify_chain
from motcua_desktop.store.models import AuditEntry
from motcua_desktop.sync.keys import load_or_create_identity


def test_district_verifies_a_commune_chain_from_three_bundles(district_ctx, commune, tmp_path):
    me = load_or_create_identity(commune.ctx).epoch_id  # the chain is the epoch
    add_dossiers(commune, 2)
    a = top_seq(commune)
    b1 = export_since(commune, 0, tmp_path / "b1.motcua")
    add_dossiers(commune, 2)
    b = top_seq(commune)
    b2 = export_since(commune, a, tmp_path / "b2.motcua", prev=b1)
    add_dossiers(commune, 1)
    b3 = export_since(commune, b, tmp_path / "b3.motcua", prev=b2)

    district.import_bundles(district_ctx, [b1], None)
    report = verify_chain(district_ctx, chain_id=me)
    assert report.ok and report.checked > 0  # the rest not sent yet: a short chain is fine

    district.import_bundles(district_ctx, [b3], None)  # b2 still missing: a hole inside
    report = verify_chain(district_ctx, chain_id=me)
    assert [p.kind for p in report.problems] == ["removed"]
    origin = district_commune(district_ctx, commune.agency).id
    assert report.problems[0].origin_id == origin

    district.import_bundles(district_ctx, [b2], None)
    report = verify_chain(district_ctx, chain_id=me)
    mine = verify_chain(commune.ctx)
    assert report.ok and report.checked == mine.checked and mine.ok
    assert verify_chain(district_ctx).ok  # the district's own chain beside the commune's

    with district_ctx.db.session() as s:
        top = s.scalar(select(func.max(AuditEntry.position)).where(AuditEntry.chain_id == me))
        s.execute(
            update(AuditEntry)
            .where(AuditEntry.chain_id == me, AuditEntry.position == top - 1)
            .values(actor_name="ai đó")
        )
    report = verify_chain(district_ctx)
    assert [(p.origin_id, p.position, p.kind) for p in report.problems] == [
        (origin, top - 1, "edited")
    ]
