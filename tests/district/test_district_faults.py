"""Faults at the district: damaged, foreign, revoked bundles, and a killed import process."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from district_helpers import add_dossiers, export, make_commune, snapshot
from sqlalchemy import func, select

from motcua_desktop.services import district
from motcua_desktop.services.context import open_app
from motcua_desktop.store.models import SYNC_UP_TABLES, Base, BundleLog


def test_flipped_bit_is_quarantined_with_a_reason(district_ctx, commune, stick):
    add_dossiers(commune, 2)
    bundle = export(commune, stick)
    data = bytearray(bundle.read_bytes())
    for offset in (len(data) // 2, len(data) - 5, 40):  # payload, its tail, the manifest
        damaged = bytearray(data)
        damaged[offset] ^= 0x04
        bundle.write_bytes(bytes(damaged))
        before = snapshot(district_ctx)
        [r] = district.import_bundles(district_ctx, [bundle], None)
        assert r.status == "quarantined", r.message
        assert r.reason_code in {"bad-signature", "payload-hash", "bad-manifest", "decrypt-failed"}
        assert snapshot(district_ctx) == before
        assert not bundle.exists()  # moved off the stick
        kept = Path(r.quarantine_path)
        assert kept.parent == district_ctx.data_dir / "quarantine"
        assert kept.read_bytes() == bytes(damaged)
        text = kept.with_name(kept.name + ".reason.txt").read_text(encoding="utf-8")
        assert r.message in text and bundle.name in text
    with district_ctx.db.session(readonly=True) as s:
        statuses = s.scalars(select(BundleLog.status).where(BundleLog.direction == "in")).all()
    assert statuses == ["quarantined"] * 3


def test_bundle_from_an_unregistered_commune_is_refused(district_ctx, stick, tmp_path):
    other_district = open_app(tmp_path / "other-district")
    try:
        district.init_district(other_district, "Huyện Khác", None)
        stranger = make_commune(tmp_path, other_district, "000.31.25.H99", "Xã Lạ")
        add_dossiers(stranger, 1)
        export(stranger, stick)
        stranger.close()
    finally:
        other_district.close()
    before = snapshot(district_ctx)
    [r] = district.import_bundles(district_ctx, [stick], None)
    assert (r.status, r.reason_code) == ("quarantined", "unknown-sender")
    assert "does not know" in r.message or r.message
    assert snapshot(district_ctx) == before


def test_bundle_signed_by_an_unknown_key_is_refused(district_ctx, commune, stick):
    from motcua_desktop.sync.keys import SIGN_KEY_FILE, keys_dir

    add_dossiers(commune, 1)
    export(commune, stick)
    district.import_bundles(district_ctx, [stick], None)
    # Someone with the commune's ids but another signing key (a copied database).
    key = keys_dir(commune.ctx.data_dir) / SIGN_KEY_FILE
    key.unlink()
    from motcua_desktop.sync.state import SIGN_PUBLIC, set_state

    with commune.ctx.db.session() as s:
        set_state(s, SIGN_PUBLIC, None)
        set_state(s, "box_public", None)
    add_dossiers(commune, 1)
    # Pretend the enrolment is long done: no proof goes with the bundle.
    from motcua_desktop.sync.state import ENROLMENT_TOKEN

    with commune.ctx.db.session() as s:
        set_state(s, ENROLMENT_TOKEN, None)
    bundle = export(commune, stick)
    before = snapshot(district_ctx)
    [r] = district.import_bundles(district_ctx, [bundle], None)
    assert (r.status, r.reason_code) == ("quarantined", "unknown-sender")
    assert snapshot(district_ctx) == before


def test_revoked_commune_is_rejected(district_ctx, commune, stick):
    add_dossiers(commune, 1)
    export(commune, stick)
    district.import_bundles(district_ctx, [stick], None)
    status = district.revoke_commune(district_ctx, commune.agency, None)
    assert status.status == "revoked"
    add_dossiers(commune, 1)
    bundle = export(commune, stick)
    before = snapshot(district_ctx)
    [r] = district.import_bundles(district_ctx, [bundle], None)
    assert (r.status, r.reason_code) == ("rejected", "revoked-sender")
    assert "revoked" in r.message
    assert snapshot(district_ctx) == before
    assert district.preview_bundle(district_ctx, b"not a bundle", "x").status == "quarantine"


def _row_counts(ctx) -> dict[str, int]:
    with ctx.db.session(readonly=True) as s:
        out = {
            t: s.scalar(select(func.count()).select_from(Base.metadata.tables[t]))
            for t in SYNC_UP_TABLES
        }
        out["applied"] = s.scalar(
            select(func.count()).select_from(BundleLog).where(BundleLog.status == "applied")
        )
    return out


def _import_process(data_dir, db_url, bundle, mark, pause):
    env = dict(os.environ, MOTCUA_TEST_APPLY_PAUSE=str(pause), MOTCUA_TEST_APPLY_MARK=str(mark))
    cmd = [sys.executable, "-m", "motcua_desktop", "--data-dir", str(data_dir)]
    if db_url:
        cmd += ["--db", db_url]
    cmd += ["district", "import", str(bundle), "--json"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_killed_import_leaves_nothing_or_everything(district_ctx, commune, stick, tmp_path, db_url):
    add_dossiers(commune, 30)
    bundle = export(commune, stick)
    keep = tmp_path / "bundle.motcua"
    keep.write_bytes(bundle.read_bytes())
    empty = _row_counts(district_ctx)
    data_dir = district_ctx.data_dir
    district_ctx.close()
    rng = random.Random(7)
    outcomes = []
    for attempt in range(6):
        bundle.write_bytes(keep.read_bytes())
        mark = tmp_path / f"mark-{attempt}"
        proc = _import_process(data_dir, db_url, bundle, mark, pause=0.5)
        if attempt < 4:  # inside the transaction: after the first table is written
            while not mark.exists() and proc.poll() is None:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.9))
        else:  # at a random moment from the start
            time.sleep(rng.uniform(0.2, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcomes.append(proc.returncode)
        ctx = open_app(data_dir, db_url=db_url)
        try:
            counts = _row_counts(ctx)
        finally:
            ctx.close()
        if db_url is None:
            conn = sqlite3.connect(data_dir / "motcua.sqlite3")
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            finally:
                conn.close()
        if counts["applied"] == 0:
            assert counts == empty, f"attempt {attempt}: half-applied {counts}"
        else:
            assert counts["dossiers"] == 30 and counts["applied"] == 1, counts
    assert -signal.SIGKILL in outcomes  # at least one run really died mid-way
    bundle.write_bytes(keep.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "motcua_desktop", "--data-dir", str(data_dir),
         *(["--db", db_url] if db_url else []), "district", "import", str(bundle)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ctx = open_app(data_dir, db_url=db_url)
    try:
        counts = _row_counts(ctx)
    finally:
        ctx.close()
    assert counts["dossiers"] == 30 and counts["applied"] == 1
