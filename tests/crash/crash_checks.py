"""Crash harness, part 3: what must hold in a data folder after any kill.

``quick_*`` checks read the SQLite file directly and run after every kill;
``full_check`` opens the installation as the program would (``open_app``) and
runs ``motcua doctor``'s checks and the audit chain; it runs every few kills
and at the end. Each returns nothing and raises AssertionError naming what
broke.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from crash_setup import Layout, pool_files

from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.services import audit, backup, doctor, sync_commune
from motcua_desktop.services.context import DB_NAME, open_app
from motcua_desktop.store.models import SYNC_UP_TABLES
from motcua_desktop.sync.bundle import read_bundle
from motcua_desktop.sync.mailbox import PARTIAL, SUFFIX


def _connect(folder: Path) -> sqlite3.Connection:
    return sqlite3.connect(folder / DB_NAME, timeout=5)


def _sound(conn: sqlite3.Connection, where: str) -> None:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    assert rows == ["ok"], f"{where}: integrity_check {rows[:5]}"
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    assert not broken, f"{where}: foreign_key_check {broken[:5]}"


def _one_column(conn, sql: str, *args) -> list:
    return [r[0] for r in conn.execute(sql, args)]


def quick_commune(layout: Layout, seen_bundles: set[str]) -> None:
    """Database sound; every printed receipt's dossier whole; lifecycle steps whole; stick sane."""
    with closing(_connect(layout.commune)) as conn:
        _sound(conn, "commune")
        dup = conn.execute("SELECT code FROM dossiers GROUP BY code HAVING count(*) > 1").fetchall()
        assert not dup, f"dossier codes repeat: {dup[:5]}"
        codes = set(_one_column(conn, "SELECT code FROM dossiers"))
        printed = _printed(layout)
        assert printed <= codes, f"printed receipts without a dossier: {sorted(printed - codes)}"
        with_receipt = set(
            _one_column(
                conn,
                "SELECT d.code FROM dossiers d JOIN documents doc "
                "ON doc.dossier_id = d.id AND doc.kind = 'receipt'",
            )
        )
        assert printed <= with_receipt, f"printed, not recorded: {sorted(printed - with_receipt)}"
        half = _one_column(
            conn,
            "SELECT code FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM dossier_events e "
            "WHERE e.dossier_id = d.id AND e.kind = 'received') OR NOT EXISTS "
            "(SELECT 1 FROM dossier_components c WHERE c.dossier_id = d.id)",
        )
        assert not half, f"dossiers without their received event or components: {half[:5]}"
        wrong = conn.execute(
            "SELECT code, status, (SELECT e.to_status FROM dossier_events e WHERE "
            "e.dossier_id = d.id AND e.to_status IS NOT NULL ORDER BY e.rowid DESC LIMIT 1) AS last "
            "FROM dossiers d WHERE last IS NOT status"
        ).fetchall()
        assert not wrong, f"status and last status event disagree: {wrong[:5]}"
        unmatched = _one_column(
            conn,
            "SELECT code FROM dossiers d WHERE (SELECT count(*) FROM dossier_events e WHERE "
            "e.dossier_id = d.id AND e.kind = 'processing_started') != (SELECT count(*) FROM "
            "handovers h WHERE h.dossier_id = d.id AND h.position = 1)",
        )
        assert not unmatched, f"processing started without its hand-over (or back): {unmatched}"
        _change_log_complete(conn, "commune")
        _audit_positions(conn, "commune")
    _stick(layout, seen_bundles)
    _backups(layout.commune / "backups", seen_bundles)


def _printed(layout: Layout) -> set[str]:
    if not layout.printed_log.exists():
        return set()
    return {line for line in layout.printed_log.read_text("ascii").splitlines() if line}


def _change_log_complete(conn, where: str) -> None:
    for table in SYNC_UP_TABLES:
        n = conn.execute(
            f"SELECT count(*) FROM (SELECT id FROM {table} WHERE origin_id IS NULL "
            "EXCEPT SELECT row_id FROM changes WHERE table_name = ?)",
            (table,),
        ).fetchone()[0]
        assert n == 0, f"{where}: {n} rows of {table} are not in the change log"


def _audit_positions(conn, where: str) -> None:
    gaps = conn.execute(
        "SELECT chain_id, count(*), max(position) FROM audit_log WHERE origin_id IS NULL "
        "GROUP BY chain_id HAVING count(*) != max(position)"
    ).fetchall()
    assert not gaps, f"{where}: audit chain with missing positions {gaps}"


def _stick(layout: Layout, seen: set[str]) -> None:
    """A bundle on the stick is whole (read back, hash of its payload right) or a temp file."""
    import hashlib

    for path in layout.stick.rglob("*"):
        if path.is_dir():
            continue
        assert path.name.endswith((SUFFIX, SUFFIX + PARTIAL)), f"stray file on the stick: {path}"
        if path.name.endswith(PARTIAL) or path.name in seen:
            continue
        try:
            raw = read_bundle(path.read_bytes())
        except BundleRejected as exc:
            raise AssertionError(f"broken bundle under its final name: {path.name}: {exc}") from exc
        assert hashlib.sha256(raw.ciphertext).hexdigest() == raw.manifest.payload.sha256, path
        seen.add(path.name)


def _backups(folder: Path, seen: set[str]) -> None:
    """A backup under its final name is a whole, sound database; copies in progress stay hidden."""
    for path in folder.iterdir():
        if path.name.startswith(backup.PARTIAL_PREFIX) or path.name in seen:
            continue
        assert path.suffix == backup.SUFFIX and path.is_file(), f"stray backup file: {path}"
        problems = backup.integrity_problems(path)
        assert not problems, f"backup {path.name} is damaged: {problems[:3]}"
        seen.add(path.name)


def quick_district(layout: Layout) -> int:
    """Each pool bundle is applied whole or not at all; returns how many are applied."""
    info = layout.pool_info()
    with closing(_connect(layout.district)) as conn:
        _sound(conn, "district")
        applied = _one_column(
            conn,
            "SELECT file_name FROM bundle_log WHERE direction = 'in' AND status = 'applied'",
        )
        assert len(applied) == len(set(applied)), f"a bundle applied twice: {applied}"
        assert not set(applied) - set(info), f"unknown bundles applied: {applied}"
        for agency in {b["agency"] for b in info.values()}:
            row = conn.execute(
                "SELECT id, status, acked_seq FROM communes WHERE agency_code = ?", (agency,)
            ).fetchone()
            mine = [n for n in applied if info[n]["agency"] == agency]
            for table in SYNC_UP_TABLES:
                expected = set().union(*(info[n]["rows"][table] for n in mine)) if mine else set()
                actual = set(
                    _one_column(conn, f"SELECT id FROM {table} WHERE origin_id = ?", row[0])
                )
                assert actual == expected, (
                    f"district, {agency}, {table}: {len(actual)} rows, applied bundles "
                    f"{mine} carry {len(expected)}: half-applied"
                )
            assert (row[1] == "active") == bool(mine), f"{agency}: status {row[1]}, applied {mine}"
            if not mine:
                assert row[2] == 0, f"{agency}: acked_seq {row[2]} with nothing applied"
    quarantine = layout.district / "quarantine"
    assert not quarantine.exists() or not any(quarantine.iterdir()), "a bundle was quarantined"
    assert len(pool_files(layout)) == len(info), "a pool bundle left the stick"
    return len(applied)


def quick_provision(layout: Layout) -> bool:
    """The provisioning file is in whole or not at all; returns whether it is in."""
    with closing(_connect(layout.fresh)) as conn:
        _sound(conn, "fresh commune")
        present = {
            "profile": conn.execute("SELECT 1 FROM settings WHERE key = 'profile'").fetchone(),
            **{
                key: conn.execute("SELECT 1 FROM local_state WHERE key = ?", (key,)).fetchone()
                for key in ("district", "enrolment_token", "config_versions")
            },
        }
    present = {k: v is not None for k, v in present.items()}
    assert len(set(present.values())) == 1, f"provisioning half-applied: {present}"
    return present["profile"]


def full_check(folder: Path, stick: Path | None = None) -> None:
    """The program opens the folder; ``motcua doctor`` and the audit chain find nothing wrong;
    every bundle on ``stick`` verifies (signature, payload hash)."""
    ctx = open_app(folder)
    try:
        failed = [r for r in doctor.run_checks(ctx) if not r.ok]
        assert not failed, f"{folder.name}: doctor: {[(r.name, r.detail) for r in failed]}"
        report = audit.verify_chain(ctx)
        assert report.ok, f"{folder.name}: audit chain: {report.problems[:3]}"
        for path in sorted(stick.rglob("*" + SUFFIX)) if stick else ():
            result = sync_commune.verify_file(ctx, path)
            assert result.ok, f"{path.name}: {result.message}"
    finally:
        ctx.close()
