"""`motcua backup`, `motcua restore` and `motcua doctor --repair`, end to end through the CLI."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest


def motcua(*args, data_dir, stdin: str = ""):
    cmd = [sys.executable, "-m", "motcua_desktop", "--lang", "en", "--data-dir", str(data_dir)]
    return subprocess.run(
        cmd + list(args), input=stdin, capture_output=True, text=True, encoding="utf-8"
    )


def _count(data) -> int:
    conn = sqlite3.connect(data / "motcua.sqlite3")
    try:
        return conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    finally:
        conn.close()


def _epoch(data) -> str:
    conn = sqlite3.connect(data / "motcua.sqlite3")
    try:
        row = conn.execute("SELECT value FROM local_state WHERE key = 'epoch_id'").fetchone()
        return json.loads(row[0]) if row else None
    finally:
        conn.close()


def test_backup_restore_and_doctor_from_the_command_line(tmp_path):
    data, stick = tmp_path / "data", tmp_path / "stick"
    assert (
        motcua("demo", "--dossiers", "12", "--today", "2026-11-20", data_dir=data).returncode == 0
    )
    assert motcua("export", "--to", str(stick), data_dir=data).returncode == 0  # makes the epoch
    epoch = _epoch(data)
    assert epoch

    r = motcua("backup", "--to", str(stick), "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    made = json.loads(r.stdout)
    backup_file = made["path"]
    assert (stick / made["copy"].rsplit("/", 1)[-1]).exists()
    assert made["copy"].endswith(backup_file.rsplit("/", 1)[-1])
    before = _count(data)

    r = motcua("intake", "--procedure", "HT-05", "--name", "Võ Thị Kim Yến", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert _count(data) == before + 1

    # without --yes it asks; "n" changes nothing
    r = motcua("restore", made["copy"], data_dir=data, stdin="n\n")
    assert r.returncode == 1 and "[y/N]" in r.stdout and "Nothing was restored" in r.stdout
    assert _count(data) == before + 1

    # a file that is not a database is refused before any question
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"\x00garbage" * 1000)
    r = motcua("restore", str(junk), "--yes", data_dir=data)
    assert r.returncode == 1 and r.stderr.startswith("motcua: error: junk.sqlite3 cannot be")
    assert _count(data) == before + 1

    r = motcua("restore", made["copy"], data_dir=data, stdin="y\n")
    assert r.returncode == 0, r.stderr
    assert "is kept in" in r.stdout and "pre-restore-" in r.stdout
    assert _count(data) == before
    assert _epoch(data) != epoch

    r = motcua("doctor", "--json", data_dir=data)
    checks = {c["name"]: c for c in json.loads(r.stdout)}
    assert checks["search_index"]["ok"] and checks["integrity"]["ok"], r.stdout

    conn = sqlite3.connect(data / "motcua.sqlite3")
    conn.execute(
        "DELETE FROM dossier_search WHERE rowid IN (SELECT rowid FROM dossier_search LIMIT 2)"
    )
    conn.commit()
    conn.close()
    r = motcua("doctor", data_dir=data)
    assert r.returncode == 1 and "FAIL search_index: 2 dossiers missing" in r.stdout
    r = motcua("doctor", "--repair", data_dir=data)
    assert "repaired: rebuilt the search index" in r.stdout
    assert "FAIL search_index" not in r.stdout
    r = motcua("doctor", "--json", data_dir=data)
    assert {c["name"]: c for c in json.loads(r.stdout)}["search_index"]["ok"]


def test_a_copy_to_a_full_stick_says_so_and_leaves_no_partial_file(tmp_path, monkeypatch):
    import errno
    import shutil
    from types import SimpleNamespace

    from motcua_desktop import cli_backup
    from motcua_desktop.domain.errors import StorageError

    made = tmp_path / "backups" / "motcua-manual.sqlite3"
    made.parent.mkdir()
    made.write_bytes(b"x" * 1000)
    stick = tmp_path / "stick"

    def full(src, dst):
        with open(dst, "wb") as fh:
            fh.write(b"x" * 10)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full)
    info = SimpleNamespace(name=made.name, path=made)
    with pytest.raises(StorageError) as err:
        cli_backup._copy_to(info, stick, lambda p: None)
    assert "disk is full" in err.value.message and str(made) in err.value.message
    assert list(stick.iterdir()) == []  # neither the copy nor its temp file
    assert made.exists()
