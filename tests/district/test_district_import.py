"""District import on SQLite and PostgreSQL: apply, duplicates, order, gaps, epochs, forks, faults."""

from __future__ import annotations

from district_helpers import (
    add_dossiers,
    clone,
    commune_watermark,
    district_commune,
    export,
    export_since,
    make_commune,
    snapshot,
    start_processing,
    top_seq,
)
from sqlalchemy import select

from motcua_desktop.services import district, sync_commune
from motcua_desktop.store.models import BundleLog, Dossier
from motcua_desktop.sync.keys import new_epoch


def _dossier_versions(ctx) -> dict[str, int]:
    with ctx.db.session(readonly=True) as s:
        return dict(s.execute(select(Dossier.code, Dossier.version)).all())


def test_import_applies_rows_with_provenance_and_search_ids(district_ctx, commune, stick):
    codes = add_dossiers(commune, 3)
    bundle = export(commune, stick)
    preview = district.preview_bundle(district_ctx, bundle.read_bytes(), bundle.name)
    assert preview.status == "new"
    assert preview.tables["dossiers"]["new"] == 3
    assert snapshot(district_ctx)["dossiers"] == []  # a preview writes nothing

    [result] = district.import_bundles(district_ctx, [stick], None)
    assert result.status == "applied", result.message
    assert result.tables["dossiers"] == {"new": 3, "updated": 0, "unchanged": 0, "older": 0}
    c = district_commune(district_ctx, commune.agency)
    assert c.status == "active" and c.acked_seq == top_seq(commune) and not c.gaps
    with district_ctx.db.session(readonly=True) as s:
        rows = s.execute(select(Dossier.code, Dossier.origin_id, Dossier.search_id)).all()
    assert sorted(r.code for r in rows) == sorted(codes)
    assert {r.origin_id for r in rows} == {c.id}
    assert len({r.search_id for r in rows}) == 3 and None not in {r.search_id for r in rows}


def test_same_bundle_twice_changes_nothing(district_ctx, commune, stick):
    add_dossiers(commune, 2)
    export(commune, stick)
    district.import_bundles(district_ctx, [stick], None)
    before = snapshot(district_ctx)
    [again] = district.import_bundles(district_ctx, [stick], None)
    assert again.status == "duplicate"
    assert "nothing changed" in again.message.lower() or again.message
    assert snapshot(district_ctx) == before


def test_out_of_order_keeps_the_newest_versions(district_ctx, commune, stick, tmp_path):
    codes = add_dossiers(commune, 3)
    first = export(commune, stick)
    first = first.rename(tmp_path / "first.motcua")
    start_processing(commune, codes[0])  # version 2 of that dossier
    add_dossiers(commune, 1)
    second = export(commune, stick)  # cumulative: everything since the last ack
    second = second.rename(tmp_path / "second.motcua")

    [r2] = district.import_bundles(district_ctx, [second], None)
    [r1] = district.import_bundles(district_ctx, [first], None)
    assert (r2.status, r1.status) == ("applied", "applied")
    assert [p.code for p in r1.problems] == ["replay"]
    assert r1.tables["dossiers"]["older"] == 1 and r1.tables["dossiers"]["new"] == 0
    assert _dossier_versions(district_ctx) == _dossier_versions(commune.ctx)
    assert district_commune(district_ctx, commune.agency).acked_seq == top_seq(commune)


def test_gap_is_detected_reported_and_filled(district_ctx, commune, tmp_path):
    add_dossiers(commune, 2)
    a = top_seq(commune)
    b1 = export_since(commune, 0, tmp_path / "b1.motcua")
    add_dossiers(commune, 2)
    b = top_seq(commune)
    b2 = export_since(commune, a, tmp_path / "b2.motcua", prev=b1)
    add_dossiers(commune, 1)
    b3 = export_since(commune, b, tmp_path / "b3.motcua", prev=b2)

    district.import_bundles(district_ctx, [b1], None)
    [r3] = district.import_bundles(district_ctx, [b3], None)
    assert r3.status == "applied"
    assert [p.code for p in r3.problems] == ["gap"]
    assert str(a + 1) in r3.problems[0].message and str(b) in r3.problems[0].message
    c = district_commune(district_ctx, commune.agency)
    assert c.acked_seq == a and c.gaps == [[a + 1, b]]
    status = next(
        x for x in district.communes_overview(district_ctx) if x.agency_code == c.agency_code
    )
    assert status.gaps == [(a + 1, b)]

    [r2] = district.import_bundles(district_ctx, [b2], None)
    assert r2.status == "applied" and r2.problems == []
    c = district_commune(district_ctx, commune.agency)
    assert c.acked_seq == top_seq(commune) and c.gaps == []


def test_new_epoch_is_accepted_and_flagged(district_ctx, commune, stick):
    add_dossiers(commune, 2)
    export(commune, stick)
    district.import_bundles(district_ctx, [stick], None)
    old_epoch = district_commune(district_ctx, commune.agency).epoch
    epoch = new_epoch(commune.ctx)  # as after a restore from backup
    add_dossiers(commune, 1)
    bundle = export(commune, stick)
    [result] = district.import_bundles(district_ctx, [bundle], None)
    assert result.status == "applied"
    assert "new-epoch" in [p.code for p in result.problems]
    c = district_commune(district_ctx, commune.agency)
    assert c.epoch == epoch != old_epoch
    assert c.acked_seq == top_seq(commune)  # the new epoch's bundle starts again at 1
    assert len(_dossier_versions(district_ctx)) == 3


def test_fork_is_quarantined_and_nothing_applied(district_ctx, commune, stick, tmp_path):
    codes = add_dossiers(commune, 2)
    twin = clone(commune, tmp_path, "twin")
    try:
        start_processing(commune, codes[0])
        twin_code = codes[0]
        from motcua_desktop.services import lifecycle

        lifecycle.withdraw(twin.ctx, twin_code, twin.admin, reason="Người dân rút hồ sơ")
        mine = export(commune, stick).rename(tmp_path / "mine.motcua")
        theirs = export(twin, stick).rename(tmp_path / "theirs.motcua")
        district.import_bundles(district_ctx, [mine], None)
        before = snapshot(district_ctx)
        [r] = district.import_bundles(district_ctx, [theirs], None)
    finally:
        twin.close()
    assert r.status == "quarantined" and r.reason_code == "fork"
    assert "forked" in r.message
    assert snapshot(district_ctx) == before


def test_write_replies_acks_and_config_reach_the_commune(district_ctx, commune, stick):
    from datetime import date

    from motcua_desktop.services import calendar

    add_dossiers(commune, 2)
    export(commune, stick)
    district.import_bundles(district_ctx, [stick], None)
    replies = district.write_replies(district_ctx, stick, None)
    assert [r.kind for r in replies] == ["ack"]  # the provisioning file carried the config
    results = sync_commune.import_inbox(commune.ctx, stick, commune.admin)
    assert [r.status for r in results] == ["applied"]
    assert commune_watermark(commune) == top_seq(commune)

    calendar.set_day_override(district_ctx, date(2026, 12, 31), "off", "Nghỉ bù")
    replies = district.write_replies(district_ctx, stick, None)
    assert sorted(r.kind for r in replies) == ["ack", "config"]
    assert district.write_replies(district_ctx, stick, None)[0].kind == "ack"  # config sent once
    with district_ctx.db.session(readonly=True) as s:
        out = s.scalars(select(BundleLog.kind).where(BundleLog.direction == "out")).all()
    assert sorted(out) == ["ack", "ack", "ack", "config"]


def test_overview_and_ii06a_per_commune(district_ctx, commune, stick, tmp_path):
    from datetime import date

    other = make_commune(tmp_path, district_ctx, "000.31.25.H57", "Xã Bình Hòa")
    try:
        add_dossiers(commune, 4)
        add_dossiers(other, 2)
        export(commune, stick)
        export(other, stick)
    finally:
        other.close()
    results = district.import_bundles(district_ctx, [stick], None)
    assert [r.status for r in results] == ["applied", "applied"]
    rows = {
        r.agency_code: r for r in district.communes_overview(district_ctx, today=date(2026, 11, 30))
    }
    assert rows["000.31.25.H56"].dossiers == 4 and rows["000.31.25.H57"].dossiers == 2
    assert rows["000.31.25.H56"].pending == 4 and rows["000.31.25.H56"].received_this_year == 4
    assert rows["000.31.25.H56"].freshness_days is not None
    report = district.ii06a_by_commune(district_ctx, date(2026, 3, 1), date(2026, 3, 31))
    assert [r.label for r in report] == ["Xã An Phú", "Xã Bình Hòa", "Tổng cộng"] or report[
        -1
    ].number is None
    total = report[-1].counts
    assert total.received == 6 and total.balanced()
    assert total.received_online == sum(r.counts.received_online for r in report[:-1])
