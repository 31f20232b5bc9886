"""Sealed personal values in the audit trail: digests in the chain, plain values beside it."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from motcua_desktop.services.audit import (
    PURGED_TEXT,
    UNSEALED,
    entries_for_row,
    readable_changes,
    summary,
    verify_chain,
)
from motcua_desktop.store.audit_chain import SEALED_KEY, entry_hash, seal_digest
from motcua_desktop.store.db import open_database
from motcua_desktop.store.models import AuditEntry, Change, Dossier


@pytest.fixture
def db(tmp_path):
    d = open_database(tmp_path / "sealed.sqlite3")
    yield d
    d.close()


def _ctx(db):
    return SimpleNamespace(db=db)


def _dossier(db, name="Trần Thị Bích Hằng", id_number="089185012345") -> str:
    with db.session() as s:
        row = Dossier(
            code="000.31.25.H56-260310-0001",
            agency_code="000.31.25.H56",
            procedure_code="HT-05",
            procedure_name="Đăng ký khai sinh",
            status=2,
            applicant_name=name,
            applicant_id_number=id_number,
            received_at=datetime(2026, 3, 10, 9, 15),
            processing_unit="day",
            note="first",
        )
        s.add(row)
        s.flush()
        return row.id


def _edit(db, dossier_id: str, **values) -> None:
    with db.session() as s:
        row = s.get(Dossier, dossier_id)
        for key, value in values.items():
            setattr(row, key, value)


def _updates(db) -> list[AuditEntry]:
    with db.session() as s:
        return list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "update")
                .order_by(AuditEntry.position)
            )
        )


def test_personal_fields_are_sealed_and_others_stay_plain(db):
    did = _dossier(db)
    _edit(db, did, applicant_name="Trần Thị Bích Hạnh", note="second")
    (entry,) = _updates(db)
    assert entry.changes["note"] == ["first", "second"]
    digests = entry.changes["applicant_name"]
    assert [set(d) for d in digests] == [{SEALED_KEY}, {SEALED_KEY}]
    # The name is nowhere in the hashed part of the entry.
    assert "Hằng" not in str(entry.changes) and "Hạnh" not in str(entry.changes)
    plain = entry.sealed["applicant_name"]
    assert (plain["before"], plain["after"]) == ("Trần Thị Bích Hằng", "Trần Thị Bích Hạnh")
    assert plain["salt_before"] != plain["salt_after"]
    assert digests[0][SEALED_KEY] == seal_digest(plain["salt_before"], plain["before"])
    assert digests[1][SEALED_KEY] == seal_digest(plain["salt_after"], plain["after"])
    assert entry_hash(entry) == entry.hash
    report = verify_chain(_ctx(db))
    assert report.ok and report.purged == 0


def test_the_same_value_never_gives_the_same_digest(db):
    did = _dossier(db)
    _edit(db, did, applicant_phone="0912 345 678")
    _edit(db, did, applicant_phone="")
    _edit(db, did, applicant_phone="0912 345 678")
    first, _, third = _updates(db)
    assert first.changes["applicant_phone"][1] != third.changes["applicant_phone"][1]


def test_an_entry_without_personal_fields_has_no_sealed_values(db):
    did = _dossier(db)
    _edit(db, did, note="changed")
    (entry,) = _updates(db)
    assert entry.sealed is None


def test_an_edited_plain_value_is_reported_as_tampering(db):
    did = _dossier(db)
    _edit(db, did, applicant_id_number="089185099999")
    (entry,) = _updates(db)
    sealed = dict(entry.sealed)
    sealed["applicant_id_number"] = {**sealed["applicant_id_number"], "before": "000000000000"}
    with db.session() as s:
        s.execute(update(AuditEntry).where(AuditEntry.id == entry.id).values(sealed=sealed))
    report = verify_chain(_ctx(db))
    assert not report.ok
    assert [(p.position, p.kind) for p in report.problems] == [(entry.position, UNSEALED)]
    assert "personal values" in summary(report)


def test_a_purged_entry_verifies_and_is_counted(db):
    did = _dossier(db)
    _edit(db, did, applicant_name="Lê Văn Tám")
    (entry,) = _updates(db)
    with db.session() as s:
        s.execute(update(AuditEntry).where(AuditEntry.id == entry.id).values(sealed=None))
    report = verify_chain(_ctx(db))
    assert report.ok and report.purged == 1
    assert "purged" in summary(report)
    (shown,) = [e for e in entries_for_row(_ctx(db), did) if e.action == "update"]
    assert shown.purged
    assert shown.changes["applicant_name"] == [PURGED_TEXT, PURGED_TEXT]


def test_history_shows_plain_values_only_to_roles_that_may_see_them(db):
    did = _dossier(db)
    _edit(db, did, applicant_id_number="089185099999")
    clerk = SimpleNamespace(id="u1", full_name="Lan", role="clerk")
    iso = SimpleNamespace(id="u2", full_name="Hoa", role="iso_secretary")
    for viewer in (None, clerk):
        (shown,) = [e for e in entries_for_row(_ctx(db), did, viewer=viewer) if e.changes]
        assert shown.changes["applicant_id_number"] == ["089185012345", "089185099999"]
    (hidden,) = [e for e in entries_for_row(_ctx(db), did, viewer=iso) if e.changes]
    assert "089185012345" not in str(hidden.changes)
    assert not hidden.purged


def test_readable_changes_leaves_unsealed_changes_alone():
    assert readable_changes({"note": ["a", "b"]}, None) == {"note": ["a", "b"]}
    assert readable_changes(None, None) is None


_values = st.text(min_size=0, max_size=20)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(["applicant_name", "owner_name"]), _values),
        min_size=1,
        max_size=4,
    ),
    victim=st.integers(0, 10),
    side=st.sampled_from(["before", "after", "salt_before", "salt_after"]),
    forged=st.one_of(_values, st.integers(), st.none()),
    purge=st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_random_forgeries_are_caught_and_purges_never_break_the_chain(
    tmp_path_factory, edits, victim, side, forged, purge
):  # fmt: skip
    db = open_database(tmp_path_factory.mktemp("h") / "h.sqlite3")
    try:
        did = _dossier(db, name="start")
        for field, value in edits:
            _edit(db, did, **{field: value})
        sealed = [e for e in _updates(db) if e.sealed]
        # Purge some entries: verification holds and counts them.
        with db.session() as s:
            for e, drop in zip(sealed, purge, strict=False):
                if drop:
                    s.execute(update(AuditEntry).where(AuditEntry.id == e.id).values(sealed=None))
        kept = [e for e, drop in zip(sealed, purge + [False] * 4, strict=False) if not drop]
        report = verify_chain(_ctx(db))
        assert report.ok
        assert report.purged == len(sealed) - len(kept)
        if not kept:
            return
        target = kept[victim % len(kept)]
        field = next(iter(target.sealed))
        plain = dict(target.sealed[field])
        if plain[side] == forged:
            return
        plain[side] = forged
        with db.session() as s:
            s.execute(
                update(AuditEntry)
                .where(AuditEntry.id == target.id)
                .values(sealed={**target.sealed, field: plain})
            )
        report = verify_chain(_ctx(db))
        assert [(p.position, p.kind) for p in report.problems] == [(target.position, UNSEALED)]
    finally:
        db.close()


def test_clearing_sealed_values_touches_no_hashed_field(db):
    did = _dossier(db)
    _edit(db, did, applicant_address="Số 12, ấp Phú Hòa")
    (entry,) = _updates(db)
    with db.session() as s:
        before = s.scalar(select(Change.seq).order_by(Change.seq.desc()).limit(1))
        s.execute(update(AuditEntry).where(AuditEntry.id == entry.id).values(sealed=None))
        after = s.scalar(select(Change.seq).order_by(Change.seq.desc()).limit(1))
    assert before == after  # a Core update of audit_log is not itself audited
    (again,) = _updates(db)
    assert again.hash == entry.hash == entry_hash(again)
