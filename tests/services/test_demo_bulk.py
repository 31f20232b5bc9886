"""The fast demo seeder: its working-time shortcut, the FTS index, the change log, determinism."""

from __future__ import annotations

import random
import sqlite3
import uuid
from datetime import date, datetime, time, timedelta

import pytest

from motcua_desktop.domain.calendar import WorkingCalendar, classify_return
from motcua_desktop.domain.dossier import Applicant, Status
from motcua_desktop.domain.procedures import ProcessingTime, TimeUnit
from motcua_desktop.services import demo, intake, users
from motcua_desktop.services.calendar import get_calendar
from motcua_desktop.services.context import DB_NAME, open_app
from motcua_desktop.services.demo import check_search_index, seed_demo
from motcua_desktop.services.demo_clock import DemoClock
from motcua_desktop.services.doctor import run_checks

TODAY = date(2026, 6, 1)


def test_demo_clock_agrees_with_the_calendar():
    cal = WorkingCalendar(extra_days_off={date(2026, 3, 16): "local"})
    clock = DemoClock(cal, date(2025, 12, 1), date(2027, 3, 1))
    rng = random.Random(4)
    kinds = [
        ProcessingTime(TimeUnit.SAME_DAY, 0, time(15, 0)),
        ProcessingTime(TimeUnit.SAME_DAY, 0, None),
        ProcessingTime(TimeUnit.WORKING_DAYS, 0),
        ProcessingTime(TimeUnit.WORKING_DAYS, 5),
        ProcessingTime(TimeUnit.WORKING_DAYS, 2, time(16, 0)),
        ProcessingTime(TimeUnit.WORKING_HOURS, 8),
    ]
    days = [d for d in clock.days if d < date(2026, 12, 1)]
    for _ in range(3000):
        t = datetime.combine(rng.choice(days), time(6, 30)) + timedelta(minutes=rng.randrange(720))
        p = rng.choice(kinds)
        due = cal.due_at(t, p)
        assert clock.due_at(t, p) == due, (t, p)
        if cal.is_open(t):
            minutes = rng.randrange(5000)
            assert clock.add(t, minutes) == cal.add_working_time(t, timedelta(minutes=minutes))
            assert timedelta(minutes=clock.between(t, due)) == cal.working_time_between(t, due)


@pytest.fixture
def seeded(tmp_path):
    ctx = open_app(tmp_path / "data")
    summary = seed_demo(ctx, dossiers=2500, seed=9, today=TODAY)
    yield ctx, summary
    ctx.close()


def _db(ctx) -> sqlite3.Connection:
    conn = sqlite3.connect(ctx.data_dir / DB_NAME)
    conn.row_factory = sqlite3.Row
    return conn


def test_search_index_and_trigger_are_in_step(seeded):
    ctx, _summary = seeded
    conn = _db(ctx)
    check_search_index(conn.cursor())
    conn.execute("INSERT INTO dossier_search(dossier_search) VALUES ('integrity-check')")
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"dossiers_search_ai", "dossiers_search_au", "dossiers_search_ad"} <= triggers
    one = conn.execute("SELECT search_id, applicant_name FROM dossiers LIMIT 1").fetchone()
    family = one["applicant_name"].split()[0]
    from motcua_desktop.domain.text import fold

    hits = {
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?", (fold(family) + "*",)
        )
    }
    assert one["search_id"] in hits
    conn.close()
    # A dossier saved afterwards goes through the restored trigger.
    clerk = users.get_user(ctx, "clerk")
    req = intake.IntakeRequest(
        procedure_code="1.001193",
        applicant=Applicant("Đoàn Thị Quỳnh Như", phone="0911 222 333"),
        received_at=datetime(2026, 6, 2, 9, 0),
    )
    record = intake.accept(ctx, req, clerk)
    conn = _db(ctx)
    check_search_index(conn.cursor())
    found = conn.execute(
        "SELECT d.code FROM dossier_search f JOIN dossiers d ON d.search_id = f.rowid "
        "WHERE dossier_search MATCH 'doan* quynh*'"
    ).fetchall()
    assert [r[0] for r in found] == [record.code]
    conn.close()


def test_rows_are_realistic_and_logged(seeded):
    ctx, summary = seeded
    assert summary.dossiers == 2500
    conn = _db(ctx)
    count = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("dossiers", "dossier_components", "dossier_events")
    }
    logged = dict(conn.execute("SELECT table_name, count(*) FROM changes GROUP BY table_name"))
    assert count["dossiers"] == 2500 and count["dossier_components"] > 2 * 2500
    for table, n in count.items():
        assert logged[table] == n
    # Every row id is a UUID, and every change points at a row.
    for table in count:
        for (rid,) in conn.execute(f"SELECT id FROM {table} LIMIT 300"):
            assert str(uuid.UUID(rid)) == rid
        orphans = conn.execute(
            f"SELECT count(*) FROM changes c LEFT JOIN {table} t ON t.id = c.row_id "
            "WHERE c.table_name = ? AND t.id IS NULL",
            (table,),
        ).fetchone()[0]
        assert orphans == 0
    statuses = dict(conn.execute("SELECT status, count(*) FROM dossiers GROUP BY status"))
    assert statuses[Status.RESULT_RETURNED] > 1500 and len(statuses) >= 8
    cal = get_calendar(ctx)
    for r in conn.execute("SELECT * FROM dossiers WHERE status = 10 LIMIT 400"):
        returned = datetime.fromisoformat(r["returned_at"])
        due = datetime.fromisoformat(r["due_at"])
        assert r["timeliness"] == classify_return(returned, due)
        assert cal.is_open(datetime.fromisoformat(r["received_at"]))
        assert r["due_at"] == r["original_due_at"] and r["handling_official_name"]
        kinds = [
            e[0]
            for e in conn.execute(
                "SELECT kind FROM dossier_events WHERE dossier_id = ? ORDER BY at, id", (r["id"],)
            )
        ]
        assert kinds == ["received", "processing", "finished", "returned"]
    # A dossier waiting for a supplement lacks exactly one component.
    lacking = conn.execute(
        "SELECT d.id, sum(c.originals + c.certified_copies + c.photocopies = 0) "
        "FROM dossiers d JOIN dossier_components c ON c.dossier_id = d.id "
        "WHERE d.status = 5 GROUP BY d.id"
    ).fetchall()
    assert lacking and all(n == 1 for _id, n in lacking)
    conn.close()
    assert all(r.ok for r in run_checks(ctx))


def test_same_seed_same_rows_in_process_or_child_and_seeding_twice_adds_on(tmp_path, monkeypatch):
    dumps = []
    for name in ("a", "b"):
        if name == "b":  # rows made in a child process, as for a large seed
            monkeypatch.setattr(demo, "CHILD_PROCESS_FROM", 1)
        ctx = open_app(tmp_path / name)
        seed_demo(ctx, dossiers=300, seed=4, today=TODAY)
        conn = _db(ctx)
        dumps.append(
            [
                tuple(r)
                for t, cols in (
                    ("dossiers", "id, code, applicant_name, status, due_at, search_text"),
                    ("dossier_components", "id, dossier_id, position, originals"),
                    ("dossier_events", "id, dossier_id, kind, at"),
                )
                for r in conn.execute(f"SELECT {cols} FROM {t} ORDER BY id")
            ]
        )
        conn.close()
        if name == "b":
            seed_demo(ctx, dossiers=200, seed=5, today=TODAY, force=True)
            conn = _db(ctx)
            check_search_index(conn.cursor())
            assert conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 500
            assert (
                conn.execute("SELECT count(DISTINCT search_id) FROM dossiers").fetchone()[0] == 500
            )
            conn.close()
            assert all(r.ok for r in run_checks(ctx))
        ctx.close()
    assert dumps[0] == dumps[1]
