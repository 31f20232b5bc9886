"""Upgrades: every earlier schema's fixture database is opened by this program and migrated safely.

The fixtures are SQL dumps (tests/fixtures/schemas/schema-000N.sql, written by
tools/make_schema_fixtures.py); each is loaded into a real file in a fresh data
folder and opened through ``services.context.open_app``, as a desk PC would
after installing the new version.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from motcua_desktop.domain.dossier import Applicant
from motcua_desktop.domain.periods import date_range
from motcua_desktop.services import intake, reports, search, users
from motcua_desktop.services.backup import list_backups
from motcua_desktop.services.context import DB_NAME, open_app
from motcua_desktop.services.doctor import run_checks
from motcua_desktop.store.db import SCHEMA_HEAD, head_revision

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "schemas"
VERSIONS = ROOT / "src" / "motcua_desktop" / "store" / "migrations" / "versions"
sys.path.insert(0, str(ROOT / "tools"))
from schema_fixture_data import PASSWORD, document_bytes  # noqa: E402

FIXTURE_REVS = sorted(p.stem.removeprefix("schema-") for p in FIXTURES.glob("schema-*.sql"))
# Tables whose rows an upgrade must keep one for one (the catalogue, settings, the change
# log and the audit trail legitimately grow when the newer program loads its catalogue).
KEPT = (
    "users", "dossiers", "dossier_components", "dossier_events", "documents", "handovers",
    "extensions", "calendar_days", "sequences", "bundle_log",
    "quality_objectives", "survey_batches", "survey_forms", "dossier_evaluations",
    "checklist_runs", "checklist_answers", "nonconformities", "quality_records",
    "controlled_documents",
)  # fmt: skip


def load_fixture(rev: str, data_dir: Path) -> Path:
    """The fixture as ``<data>/motcua.sqlite3``, with the PDFs its documents rows name."""
    data_dir.mkdir(parents=True)
    db = data_dir / DB_NAME
    conn = sqlite3.connect(db)
    try:
        conn.executescript((FIXTURES / f"schema-{rev}.sql").read_text(encoding="utf-8"))
        docs = conn.execute(
            "SELECT d.code, x.kind, x.path FROM documents x JOIN dossiers d ON d.id = x.dossier_id"
        ).fetchall()
    finally:
        conn.close()
    for code, kind, rel in docs:
        (data_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / rel).write_bytes(document_bytes(code, kind))
    return db


def snapshot(db: Path) -> dict:
    conn = sqlite3.connect(db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        return {
            "counts": {t: q(f"SELECT count(*) FROM {t}")[0][0] for t in KEPT if t in tables},
            "revision": q("SELECT version_num FROM alembic_version")[0][0],
            "state": q("SELECT key, value FROM local_state") if "local_state" in tables else [],
            "users": q(
                "SELECT id, username, full_name, role, password_hash FROM users ORDER BY id"
            ),
            "dossiers": q(
                "SELECT id, code, status, applicant_name, applicant_id_number, received_at, "
                "due_at, book_number, book_serial, search_text FROM dossiers ORDER BY id"
            ),
            "events": q(
                "SELECT id, dossier_id, at, kind, from_status, to_status, data "
                "FROM dossier_events ORDER BY id"
            ),
        }
    finally:
        conn.close()


def test_every_earlier_schema_has_a_fixture():
    """The next migration fails this until its predecessor's fixture is written."""
    assert head_revision() == SCHEMA_HEAD
    revisions = sorted(p.name[:4] for p in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert SCHEMA_HEAD in revisions
    assert [r for r in revisions if r != SCHEMA_HEAD] == FIXTURE_REVS


@pytest.mark.parametrize("rev", FIXTURE_REVS)
def test_upgrade_keeps_everything(rev, tmp_path):
    data = tmp_path / "data"
    db = load_fixture(rev, data)
    before = snapshot(db)
    assert before["revision"] == rev

    ctx = open_app(data)
    try:
        # A copy of the old file was taken before migrating, and it is still the old schema.
        saved = [b for b in list_backups(ctx) if b.reason == "pre-migrate"]
        assert len(saved) == 1 and saved[0].name.startswith(f"pre-migrate-{rev}-")
        assert snapshot(saved[0].path) == before
        assert ctx.db.revision() == SCHEMA_HEAD

        after = snapshot(db)
        assert {t: n for t, n in after["counts"].items() if t in before["counts"]} == before[
            "counts"
        ]
        assert set(before["state"]) <= set(after["state"])
        assert after["users"] == before["users"]
        assert after["dossiers"] == before["dossiers"]
        assert after["events"] == before["events"]

        # Search without diacritics still finds the dossiers (the index came through).
        hits = search.search(ctx, "dang van dong")
        assert [h.applicant_name for h in hits] == ["Đặng Văn Đông"]
        assert [h.applicant_name for h in search.search(ctx, "hoang thi lua")] == ["Hoàng Thị Lụa"]
        assert users.authenticate(ctx, "thuha", PASSWORD).full_name == "Trần Thị Thu Hà"

        report = reports.ii06a(ctx, date_range(date(2026, 1, 1), date(2026, 3, 31)))
        assert report.balanced()
        assert report.total.counts.received == 4  # the accepted ones, not the refused or sent back

        problems = [r for r in run_checks(ctx) if not r.ok]
        assert problems == []

        codes = {d[1] for d in before["dossiers"]}
        clerk = users.get_user(ctx, "thuha")
        record = intake.accept(
            ctx,
            intake.IntakeRequest(
                procedure_code="HT-05",
                applicant=Applicant("Bùi Thị Xuân", "027196001111", "0911 222 333", "Xóm Chùa"),
                received_at=datetime(2026, 2, 12, 16, 0),
            ),
            clerk,
        )
        # Two dossiers were numbered that day already: the counter carries on, no collision.
        assert record.code.endswith("-260212-0003") and record.code not in codes
        assert record.book_serial == 5
        assert [h.code for h in search.search(ctx, "bui thi xuan")] == [record.code]
        assert [r for r in run_checks(ctx) if not r.ok] == []
    finally:
        ctx.close()


def _files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.is_file() and p.name.startswith(DB_NAME)
    }


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    data = tmp_path / "data"
    ctx = open_app(data)
    ctx.close()
    db = data / DB_NAME
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = _files(data)
    assert list(before) == [DB_NAME]  # checkpointed: no -wal or -shm beside it

    cmd = [sys.executable, "-m", "motcua_desktop", "--data-dir", str(data), "--lang", "en"]
    out = subprocess.run([*cmd, "doctor"], capture_output=True, text=True, encoding="utf-8")

    assert out.returncode != 0
    assert "made by a newer version of the program (schema 9999)" in out.stderr
    assert "the file was not changed" in out.stderr
    assert out.stderr.count("\n") == 1  # one line, no traceback
    assert _files(data) == before
    assert not [b for b in (data / "backups").iterdir()]


def test_newer_schema_left_with_its_wal_is_refused_and_its_data_untouched(tmp_path):
    """A newer program that stopped without checkpointing: the file and its -wal stay as they are.

    (The -shm is only SQLite's index of the -wal, rebuilt by any reader; it may change.)
    """
    src, data = tmp_path / "src", tmp_path / "data"
    open_app(src).close()
    writer = sqlite3.connect(src / DB_NAME)
    try:
        writer.execute("PRAGMA wal_autocheckpoint=0")
        with writer:
            writer.execute("UPDATE alembic_version SET version_num = '9999'")
        data.mkdir()
        for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
            (data / name).write_bytes((src / name).read_bytes())  # as a crash leaves them
    finally:
        writer.close()
    before = _files(data)
    assert before[DB_NAME + "-wal"] != hashlib.sha256(b"").hexdigest()

    cmd = [
        sys.executable,
        "-m",
        "motcua_desktop",
        "--data-dir",
        str(data),
        "--lang",
        "en",
        "doctor",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")

    assert out.returncode == 1 and "made by a newer version" in out.stderr
    after = _files(data)
    assert after[DB_NAME] == before[DB_NAME] and after[DB_NAME + "-wal"] == before[DB_NAME + "-wal"]
