"""verify_chain over real service calls, and tampering found at the right position."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from motcua_desktop.services import lifecycle
from motcua_desktop.services.audit import entries_for_row, summary, verify_chain
from motcua_desktop.store.db import open_database
from motcua_desktop.store.models import Setting


def _sql(ctx, statement: str, *params) -> None:
    conn = sqlite3.connect(ctx.db.path)
    try:
        conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def worked(ctx, clerk, make_request):
    """An installation after an intake and one lifecycle step."""
    record = intake_and_start(ctx, clerk, make_request)
    return record


def intake_and_start(ctx, clerk, make_request):
    from motcua_desktop.services import intake

    record = intake.accept(ctx, make_request(), clerk)
    lifecycle.start_processing(ctx, record.code, clerk, unit="Công chức Tư pháp - Hộ tịch")
    return record


def test_a_chain_of_service_calls_verifies(ctx, clerk, worked):
    report = verify_chain(ctx)
    assert report.ok and report.chains == 1 and report.checked > 5
    assert "intact" in summary(report)
    history = entries_for_row(ctx, worked.id)
    assert history[0].action == "insert" and {e.action for e in history[1:]} == {"update"}
    assert {e.table_name for e in history} == {"dossiers"}
    status = [e.changes["status"] for e in history if "status" in (e.changes or {})]
    assert status and status[-1][0] != status[-1][1]
    assert (history[0].actor_id, history[0].actor_name) == (clerk.id, clerk.full_name)


def test_an_edited_entry_is_reported_at_its_position(ctx, worked):
    history = entries_for_row(ctx, worked.id)
    pos = history[1].position
    _sql(ctx, "UPDATE audit_log SET changes = '{}' WHERE position = ?", pos)
    report = verify_chain(ctx)
    assert [(p.position, p.kind) for p in report.problems] == [(pos, "edited")]
    assert str(pos) in summary(report)


def test_a_removed_entry_is_reported(ctx, worked):
    history = entries_for_row(ctx, worked.id)
    pos = history[0].position
    _sql(ctx, "DELETE FROM audit_log WHERE position = ?", pos)
    report = verify_chain(ctx)
    assert [(p.position, p.kind) for p in report.problems] == [(pos, "removed")]


def test_a_rewritten_entry_with_a_fresh_hash_breaks_the_next_link(ctx, worked):
    from motcua_desktop.store.audit_chain import entry_hash

    history = entries_for_row(ctx, worked.id)
    pos = history[0].position
    with ctx.db.session() as s:
        from motcua_desktop.store.models import AuditEntry

        e = s.scalars(select(AuditEntry).where(AuditEntry.position == pos)).one()
        fields = {k: getattr(e, k) for k in ("chain_id", "position", "at", "actor_id",
                                             "action", "table_name", "row_id", "changes",
                                             "prev_hash")}  # fmt: skip
        forged = entry_hash({**fields, "actor_name": "Người khác"})
    _sql(ctx, "UPDATE audit_log SET actor_name = 'Người khác', hash = ? WHERE position = ?",
         forged, pos)  # fmt: skip
    report = verify_chain(ctx)
    assert [(p.position, p.kind) for p in report.problems] == [(pos, "edited")]


def test_swapped_entries_are_reported_as_reordered(ctx, worked):
    _sql(ctx, "UPDATE audit_log SET position = -1 WHERE position = 2")
    _sql(ctx, "UPDATE audit_log SET position = 2 WHERE position = 3")
    _sql(ctx, "UPDATE audit_log SET position = 3 WHERE position = -1")
    report = verify_chain(ctx)
    assert [(p.position, p.kind) for p in report.problems] == [(2, "reordered"), (3, "reordered")]


# --- hypothesis: any single tampering among N entries is found where it happened ---

N_MAX = 12


@pytest.fixture(scope="module")
def template():
    """A database with a chain of N_MAX entries (a setting inserted, then edited)."""
    folder = Path(tempfile.mkdtemp(prefix="audit-template-"))
    db = open_database(folder / "t.sqlite3")
    try:
        with db.session() as s:
            s.add(Setting(key="counter", value=0))
        for i in range(1, N_MAX):
            with db.session() as s:
                s.scalars(select(Setting)).one().value = {"n": i, "note": f"lần {i}"}
    finally:
        db.close()
    yield folder / "t.sqlite3"
    shutil.rmtree(folder)


TAMPERING = {
    "changes": "UPDATE audit_log SET changes = '{\"value\": [0, 99]}' WHERE position = ?",
    "actor_name": "UPDATE audit_log SET actor_name = 'x' WHERE position = ?",
    "at": "UPDATE audit_log SET at = '2020-01-01 00:00:00.000000' WHERE position = ?",
    "action": "UPDATE audit_log SET action = 'login' WHERE position = ?",
    "row_id": "UPDATE audit_log SET row_id = 'other' WHERE position = ?",
    # The first digit changed, whatever it was ('f' for any other, 'e' for an 'f').
    "hash": "UPDATE audit_log SET hash = "
    "(CASE substr(hash, 1, 1) WHEN 'f' THEN 'e' ELSE 'f' END) || substr(hash, 2) WHERE position = ?",
    "prev_hash": "UPDATE audit_log SET prev_hash = (CASE substr(prev_hash, 1, 1) WHEN 'f' THEN 'e' "
    "ELSE 'f' END) || substr(prev_hash, 2) WHERE position = ?",
    "delete": "DELETE FROM audit_log WHERE position = ?",
}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_single_tampering_is_found_at_its_position(template, data):
    n = data.draw(st.integers(2, N_MAX), label="entries")
    how = data.draw(st.sampled_from(sorted(TAMPERING)), label="tampering")
    # Deleting the newest entry leaves a shorter, valid chain: only the district's copy shows it.
    top = n - 1 if how == "delete" else n
    pos = data.draw(st.integers(1, top), label="position")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.sqlite3"
        shutil.copy(template, path)
        ctx = SimpleNamespace(db=open_database(path))
        try:
            _sql(ctx, "DELETE FROM audit_log WHERE position > ?", n)
            assert verify_chain(ctx).ok
            _sql(ctx, TAMPERING[how], pos)
            report = verify_chain(ctx)
        finally:
            ctx.db.close()
    kind = "removed" if how == "delete" else "edited"
    assert not report.ok
    assert (report.problems[0].position, report.problems[0].kind) == (pos, kind)


def test_a_new_epoch_opens_a_new_chain_that_starts_at_one(ctx, clerk, worked, make_request):
    from motcua_desktop.store.models import AuditEntry
    from motcua_desktop.sync.keys import load_or_create_identity, new_epoch

    old = load_or_create_identity(ctx).epoch_id
    new = new_epoch(ctx)  # as a restore from backup does
    assert new != old
    intake_and_start(ctx, clerk, make_request)
    with ctx.db.session(readonly=True) as s:
        first = s.execute(
            select(AuditEntry.position, AuditEntry.prev_hash)
            .where(AuditEntry.chain_id == new)
            .order_by(AuditEntry.position)
        ).first()
        old_top = s.scalar(select(func.max(AuditEntry.position)).where(AuditEntry.chain_id == old))
    # The district already holds the old chain's places: the new one never claims them.
    assert tuple(first) == (1, "0" * 64)
    assert old_top > 1
    report = verify_chain(ctx)
    assert report.ok and report.chains == 2
