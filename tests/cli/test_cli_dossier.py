"""`motcua dossier …` end to end through `python -m motcua_desktop`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def motcua(*args, data_dir=None):
    cmd = [sys.executable, "-m", "motcua_desktop"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-dossier") / "data"
    r = motcua("demo", "--dossiers", "5", "--today", "2026-11-20", data_dir=folder)
    assert r.returncode == 0, r.stderr
    return folder


def _intake(data, *extra):
    r = motcua("intake", "--procedure", "HT-05", "--name", "Võ Thị Kim Yến",
               "--received", "2026-11-20 09:00", "--user", "clerk", *extra,
               data_dir=data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _step(data, *args):
    r = motcua("--lang", "en", "dossier", *args, data_dir=data)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_walk_a_dossier_through_processing_extension_and_return(data):
    code = _intake(data)["code"]
    # Friday 20/11 09:00 + 3 working days, skipping the weekend and 24/11.
    d = _step(data, "start", code, "--handler", "clerk", "--co-unit", "Công an xã",
              "--at", "2026-11-20 10:00")  # fmt: skip
    assert d["status"] == 4 and d["handling_official"] == "Nguyễn Thị Ngọc Lan"
    assert d["co_handling_units"] == ["Công an xã"] and d["event"] == "processing_started"

    d = _step(data, "handover", code, "--to-user", "leader", "--user", "clerk",
              "--note", "Trình ký", "--at", "2026-11-23 10:00")  # fmt: skip
    assert d["event_data"]["handover"] == 2

    d = _step(data, "extend", code, "--new-due", "2026-12-01 09:00", "--reason", "Chờ xác minh",
              "--at", "2026-11-25 10:00")  # fmt: skip
    assert d["due_at"] == "2026-12-01T09:00:00"
    assert d["original_due_at"] == "2026-11-26T09:00:00"
    assert d["event_data"]["letter_number"].endswith("/XLGH")

    d = _step(data, "finish", code, "--at", "2026-11-27 10:00")
    assert d["status"] == 9 and d["finished_at"] == "2026-11-27T10:00:00"
    d = _step(data, "return", code, "--method", "post", "--tracking", "EB123VN",
              "--at", "2026-11-27 11:00")  # fmt: skip
    assert d["status"] == 10 and d["timeliness"] == "late" and d["post_tracking"] == "EB123VN"

    shown = _step(data, "show", code, "--json")
    assert [e["kind"] for e in shown["events"]] == [
        "received",
        "processing_started",
        "handed_over",
        "extended",
        "finished",
        "result_returned",
    ]
    assert shown["events"][2]["actor"] == "clerk" and shown["events"][2]["note"] == "Trình ký"
    assert [(h["position"], h["result"]) for h in shown["handovers"]] == [
        (1, "early"),
        (2, "late"),
    ]
    assert shown["extensions"][0]["previous_due_at"] == "2026-11-26T09:00:00"

    text = motcua("--lang", "en", "dossier", "show", code, data_dir=data)
    assert text.returncode == 0 and "Result returned" in text.stdout and "XLGH" in text.stdout

    r = motcua("--lang", "en", "dossier", "stop", code, "--reason", "x", data_dir=data)
    assert r.returncode == 1
    assert r.stderr == (
        'motcua: error: Cannot stop: the dossier\'s status is "Result returned"; '
        "no further step is possible.\n"
    )


def test_supplement_paths_and_payment(data):
    at_desk = _intake(data, "--missing", "1", "--supplement-reason", "Thiếu tờ khai")
    assert at_desk["status"] == 5 and at_desk["due_at"] is None
    d = _step(data, "resubmit", at_desk["code"], "--at", "2026-11-23 08:00")
    assert d["status"] == 2 and d["due_at"] == "2026-11-27T08:00:00" and d["book_serial"] > 0
    assert d["missing"] == []

    code = d["code"]
    _step(data, "start", code, "--at", "2026-11-23 09:00")
    d = _step(data, "supplement", code, "--reason", "Giấy tờ mờ", "--missing", "Giấy chứng sinh",
              "--at", "2026-11-23 10:00")  # fmt: skip
    assert d["status"] == 5 and d["paused_at"] == "2026-11-23T10:00:00"
    d = _step(data, "resubmit", code, "--at", "2026-11-25 10:00")
    # Paused 23/11 10:00 → 25/11 10:00: 5 h on 23/11, nothing on 24/11 (Culture Day), 3 h on 25/11.
    assert d["status"] == 4 and d["paused_minutes"] == 480
    r = motcua("dossier", "supplement", code, "--reason", "again", data_dir=data)
    assert r.returncode == 1 and r.stderr.count("\n") == 1

    d = _step(data, "await-payment", code, "--at", "2026-11-25 11:00")
    assert d["status"] == 6 and d["paused_at"] == "2026-11-25T11:00:00"
    d = _step(data, "paid", code, "--at", "2026-11-25 14:00")
    # 11:00–11:30 and 13:30–14:00: one working hour more.
    assert d["status"] == 4 and d["paused_minutes"] == 480 + 60

    d = _step(data, "withdraw", code, "--reason", "Không cần nữa", "--at", "2026-11-25 15:00")
    assert d["status"] == 7 and d["reason"] == "Không cần nữa"


def test_due_soon_and_errors(data):
    code = _intake(data)["code"]
    soon = _step(data, "due-soon", "--now", "2026-11-26 08:00", "--hours", "2", "--json")
    hit = [d for d in soon if d["code"] == code]
    assert hit and hit[0]["overdue"] is False and hit[0]["working_minutes_left"] == 60

    r = motcua("dossier", "finish", "NO-SUCH-CODE", data_dir=data)
    assert r.returncode == 1 and r.stderr.startswith("motcua: error: ")
    r = motcua("dossier", "finish", code, "--at", "yesterday", data_dir=data)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    r = motcua("--lang", "en", "dossier", "extend", code, "--new-due", "2026-11-28 09:00",
               "--reason", "x", "--at", "2026-11-25 10:00", data_dir=data)  # fmt: skip
    assert r.returncode == 1 and "working hours" in r.stderr  # a Saturday
