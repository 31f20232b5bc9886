"""`motcua verify-audit` and `motcua audit --row` on a real installation."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from motcua_desktop.cli import main
from motcua_desktop.domain.dossier import Applicant, Channel
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.services import intake, setup, users
from motcua_desktop.services.context import open_app

PROFILE = CommuneProfile(
    commune_name="Xã An Phú",
    parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
    unit_name="BỘ PHẬN MỘT CỬA",
    agency_code="000.31.25.H56",
    place_name="An Phú",
)


def _installation(data) -> str:
    ctx = open_app(data)
    try:
        admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
        setup.save_profile(ctx, PROFILE, admin)
        req = intake.IntakeRequest(
            procedure_code="HT-05",
            applicant=Applicant(name="Trần Thị Bích Hằng", id_number="089185012345"),
            channel=Channel.IN_PERSON,
            received_at=datetime(2026, 3, 10, 9, 15),
        )
        return intake.accept(ctx, req, admin).code
    finally:
        ctx.close()


def _run(capsys, data, *args, lang="en"):
    code = main(["--data-dir", str(data), "--lang", lang, *args])
    return code, capsys.readouterr().out


def test_intact_trail_exits_zero(tmp_path, capsys):
    _installation(tmp_path)
    code, out = _run(capsys, tmp_path, "verify-audit")
    assert code == 0 and "intact" in out
    code, out = _run(capsys, tmp_path, "verify-audit", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["checked"] > 3 and report["problems"] == []


def test_tampered_trail_exits_one_and_names_the_position(tmp_path, capsys):
    _installation(tmp_path)
    conn = sqlite3.connect(tmp_path / "motcua.sqlite3")
    conn.execute("UPDATE audit_log SET actor_name = 'ai đó' WHERE position = 2")
    conn.execute("DELETE FROM audit_log WHERE position = 4")
    conn.commit()
    conn.close()
    code, out = _run(capsys, tmp_path, "verify-audit")
    assert code == 1
    assert "entry 2 was edited" in out and "entry 4 was removed" in out
    code, out = _run(capsys, tmp_path, "verify-audit", "--json")
    problems = json.loads(out)["problems"]
    assert code == 1
    assert [(p["position"], p["kind"]) for p in problems] == [(2, "edited"), (4, "removed")]


def test_audit_row_shows_a_dossier_history_by_code(tmp_path, capsys):
    code_ = _installation(tmp_path)
    code, out = _run(capsys, tmp_path, "audit", "--row", code_, "--json")
    entries = json.loads(out)
    assert code == 0 and entries[0]["action"] == "insert"
    assert entries[0]["table"] == "dossiers" and entries[0]["actor_name"] == "Phạm Minh Tuấn"
    code, out = _run(capsys, tmp_path, "audit", "--row", code_)
    assert code == 0 and "insert" in out and "Phạm Minh Tuấn" in out
