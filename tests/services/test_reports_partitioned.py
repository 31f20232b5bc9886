"""Report II.06a counted in partitions on SQLite: the same figures as one plain query."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.domain.report_ii06a import II06aCounts, tally
from motcua_desktop.services import reports_packed, reports_parallel, reports_sql
from motcua_desktop.services.context import open_app
from motcua_desktop.store.db import BUSY_TIMEOUT_MS

from .test_reports import END, START, _facts, dossier, facts, insert

GROUPS = ("field", "procedure")


def plain(ctx, group: str) -> dict:
    """The reference: one CASE sum per column, on one connection (PostgreSQL's query)."""
    keys = reports_sql.KEYS[group]
    with ctx.db.session(readonly=True) as s:
        rows = s.execute(reports_sql._classic_query(START, END, keys, None))
        return reports_sql._classic_counts(rows, len(keys))


def counted(ctx, group: str, partitions: int) -> dict:
    with ctx.db.session(readonly=True) as s:
        return reports_sql.count_ii06a(s, START, END, group, partitions=partitions)


@pytest.fixture(scope="module")
def shared_ctx(tmp_path_factory):
    app = open_app(tmp_path_factory.mktemp("partitioned") / "data")
    yield app
    app.close()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(facts(), max_size=30), partitions=st.sampled_from([1, 2, 3]))
def test_partitions_count_what_one_query_counts(shared_ctx, rows, partitions):
    expected_total = tally([_facts(r) for r in rows], START, END)
    insert(shared_ctx, [dict(r) for r in rows])
    # The rows received before the period found both ways: through the resolution
    # times (a long history) and through the receipt time (a short one).
    for by_receipt, group in itertools.product((False, True), GROUPS):
        with mock.patch.object(reports_sql, "_by_receipt", lambda *a, b=by_receipt: b):
            got = counted(shared_ctx, group, partitions)
        assert got == plain(shared_ctx, group)
        total = II06aCounts()
        for counts in got.values():
            assert counts.balanced()
            total += counts
        assert total == expected_total


def test_a_partition_without_rows(ctx):
    insert(ctx, [dossier()])
    for partitions in (1, 2, 3):
        got = counted(ctx, "field", partitions)
        assert got == plain(ctx, "field")
        assert got[("Hộ tịch",)].received == 1


def test_a_dossier_received_on_a_slice_edge_counts_once(ctx):
    for partitions in (2, 3):
        edge = START + (END - START) / partitions
        near = [edge - timedelta(microseconds=1), edge, edge + timedelta(microseconds=1)]
        insert(ctx, [dossier(received_at=t, due_at=t + timedelta(days=3)) for t in near])
        got = counted(ctx, "field", partitions)
        assert got == plain(ctx, "field")
        assert got[("Hộ tịch",)].received == 3


def test_the_older_rows_are_found_by_receipt_only_after_a_short_history(ctx):
    def by_receipt() -> bool:
        with ctx.db.session(readonly=True) as s:
            return reports_sql._by_receipt(s, START, END)

    insert(ctx, [])
    assert not by_receipt()
    insert(ctx, [dossier(received_at=START - timedelta(days=10))])
    assert by_receipt()  # 10 days of history before a month of 31
    insert(ctx, [dossier(received_at=START - timedelta(days=20))])
    assert not by_receipt()


def test_no_rows_at_all(ctx):
    insert(ctx, [])
    assert counted(ctx, "procedure", 3) == {}


def test_a_group_too_big_for_the_lanes_is_counted_plainly(ctx, monkeypatch):
    insert(ctx, [dossier(channel=c) for c in (1, 2, 2, 3)] + [dossier(field_name="Đất đai")])
    expected = plain(ctx, "field")
    monkeypatch.setattr(reports_packed, "PACKED_MAX", 2)  # "Hộ tịch" has 4: too many
    for partitions in (1, 2):
        assert counted(ctx, "field", partitions) == expected


def test_a_desk_in_the_middle_of_a_save_leaves_the_count_on_one_connection(ctx):
    insert(ctx, [dossier(), dossier(field_name="Đất đai")])
    expected = plain(ctx, "field")
    writer = sqlite3.connect(ctx.db.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        assert reports_parallel.run_partitioned(ctx.db.engine, ["SELECT 1", "SELECT 2"]) is None
        assert counted(ctx, "field", 2) == expected
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_partitions_run_and_leave_the_pool_as_they_found_it(ctx):
    rows = reports_parallel.run_partitioned(ctx.db.engine, ["SELECT 1", "SELECT 2", "SELECT 3"])
    assert rows == [[(1,)], [(2,)], [(3,)]]
    held = [ctx.db.engine.raw_connection() for _ in range(4)]
    try:
        for conn in held:
            db = conn.driver_connection
            assert db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
            assert not db.in_transaction
    finally:
        for conn in held:
            conn.close()


def test_a_failing_partition_is_a_storage_error_and_frees_the_write_lock(ctx):
    with pytest.raises(StorageError):
        reports_parallel.run_partitioned(ctx.db.engine, ["SELECT 1", "SELECT * FROM no_such"])
    probe = sqlite3.connect(ctx.db.path, isolation_level=None, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")  # would fail at once if the lock were still held
        probe.execute("ROLLBACK")
    finally:
        probe.close()


def test_partitions_by_default_only_for_a_big_table(ctx, monkeypatch):
    insert(ctx, [dossier(), dossier(field_name="Đất đai")])
    expected = plain(ctx, "field")
    calls = []
    run = reports_parallel.run_partitioned

    def spy(engine, sqls):
        calls.append(len(sqls))
        return run(engine, sqls)

    monkeypatch.setattr(reports_sql, "run_partitioned", spy)
    monkeypatch.setattr(reports_sql, "default_partitions", lambda: 2)
    assert counted(ctx, "field", None) == expected
    assert calls == []  # two dossiers: one connection
    monkeypatch.setattr(reports_sql, "PARTITION_FROM", 2)
    assert counted(ctx, "field", None) == expected
    assert calls == [3]  # two slices of the period and the older rows


def test_postgresql_gets_the_single_plain_query():
    executed = []
    pg = SimpleNamespace(dialect=postgresql.dialect())

    class Session:
        def get_bind(self):
            return pg

        def execute(self, statement):
            executed.append(statement)
            return []

    assert reports_sql.count_ii06a(Session(), START, END, "procedure", partitions=3) == {}
    keys = reports_sql.KEYS["procedure"]
    sql = str(executed[0].compile(dialect=postgresql.dialect()))
    assert len(executed) == 1
    expected = reports_sql._classic_query(START, END, keys, None)
    assert sql == str(expected.compile(dialect=postgresql.dialect()))
    assert "date_trunc" in sql and "rowid" not in sql and "max(" not in sql
