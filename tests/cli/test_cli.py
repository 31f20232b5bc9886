"""End-to-end through `python -m motcua_desktop`, as scripts and the district would call it."""

from __future__ import annotations

import json
import subprocess
import sys

from motcua_desktop import __version__


def motcua(*args, data_dir=None):
    cmd = [sys.executable, "-m", "motcua_desktop"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, encoding="utf-8")


def test_version():
    r = motcua("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"motcua {__version__}"


def test_due_works_without_a_commune(tmp_path):
    r = motcua("due", "--procedure", "HT-05", "--received", "2026-03-10 09:15", "--json",
               data_dir=tmp_path / "d")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["due_at"] == "2026-03-13T09:15:00"
    plain = motcua("due", "--procedure", "HT-05", "--received", "2026-03-10 09:15",
                   "--data-dir", str(tmp_path / "d"))  # fmt: skip
    assert plain.stdout.strip() == "2026-03-13 09:15"


def test_demo_intake_print_doctor(tmp_path):
    data = tmp_path / "data"
    r = motcua("demo", "--dossiers", "50", "--today", "2026-11-20", data_dir=data)
    assert r.returncode == 0, r.stderr

    r = motcua("intake", "--procedure", "HT-05", "--name", "Võ Thị Kim Yến",
               "--id-number", "089190123456", "--phone", "0912 345 678",
               "--received", "2026-11-20 09:00", "--user", "clerk", data_dir=data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    dossier = json.loads(r.stdout)
    assert dossier["status"] == 2 and dossier["created_by"] == "clerk"
    assert dossier["code"].startswith("000.31.25.H56-261120-")
    # Friday + 3 working days, skipping the weekend and 24/11 (Vietnam Culture Day).
    assert dossier["due_at"] == "2026-11-26T09:00:00"

    r = motcua("intake", "--procedure", "HT-05", "--name", "Đỗ Văn Nam", "--missing", "1",
               "--supplement-reason", "Thiếu tờ khai", data_dir=data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    supplement = json.loads(r.stdout)
    assert supplement["status"] == 5 and supplement["due_at"] is None and supplement["missing"]

    out = tmp_path / "out" / "receipt.pdf"
    r = motcua("print", "receipt", dossier["code"], "-o", str(out), data_dir=data)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF")

    r = motcua("doctor", "--json", data_dir=data)
    assert r.returncode == 0, r.stdout + r.stderr
    assert {c["name"] for c in json.loads(r.stdout) if c["ok"]} >= {
        "integrity",
        "foreign_keys",
        "schema",
        "documents",
        "sequences",
    }

    r = motcua("demo", data_dir=data)
    assert r.returncode == 1 and r.stderr.startswith("motcua: error: ")


def test_setup_users_and_errors(tmp_path):
    data = tmp_path / "data"
    r = motcua("setup", "--commune-name", "Xã Bình Mỹ", "--parent-body", "ỦY BAN NHÂN DÂN XÃ BÌNH MỸ",
               "--unit-name", "BỘ PHẬN MỘT CỬA", "--agency-code", "000.12.34.H56",
               "--place-name", "Bình Mỹ", "--admin", "boss", "--admin-password", "secret-1",
               data_dir=data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = motcua("users", "add", "lan", "--name", "Nguyễn Thị Lan", "--role", "clerk",
               "--password", "secret-2", "--data-dir", str(data))  # fmt: skip
    assert r.returncode == 0, r.stderr

    r = motcua("--lang", "en", "intake", "--procedure", "NO-SUCH", "--name", "A", data_dir=data)
    assert r.returncode == 1
    assert r.stderr == "motcua: error: There is no procedure with the code NO-SUCH.\n"
    # Vietnamese is the default language of every message.
    vi = motcua("intake", "--procedure", "NO-SUCH", "--name", "A", data_dir=data)
    assert vi.returncode == 1 and "NO-SUCH" in vi.stderr and vi.stderr != r.stderr
    r = motcua("intake", "--procedure", "NO-SUCH", "--name", "A", data_dir=data)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("motcua: error: ")
    assert "NO-SUCH" in r.stderr and "Traceback" not in r.stderr

    r = motcua("intake", "--procedure", "HT-05", "--name", "A", "--missing", "1", data_dir=data)
    assert r.returncode == 1 and r.stderr.startswith("motcua: error: ")

    r = motcua("due", "--procedure", "HT-05", "--received", "yesterday", data_dir=data)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
