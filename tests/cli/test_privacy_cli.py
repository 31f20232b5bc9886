"""`motcua purge-personal`, `motcua retention` and `motcua exports` on a real installation."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import datetime

from motcua_desktop.cli import main
from motcua_desktop.domain.dossier import Applicant, Channel, ResultDelivery
from motcua_desktop.domain.privacy import PURGED_NAME
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.services import intake, lifecycle, printing, setup, users
from motcua_desktop.services.context import open_app

PROFILE = CommuneProfile(
    commune_name="Xã An Phú",
    parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
    unit_name="BỘ PHẬN MỘT CỬA",
    agency_code="000.31.25.H56",
    place_name="An Phú",
)


def _installation(data) -> tuple[str, str]:
    """An old dossier returned in 2019 and a recent open one; the old receipt printed."""
    ctx = open_app(data)
    try:
        admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
        setup.save_profile(ctx, PROFILE, admin)
        codes = []
        for received in (datetime(2019, 3, 11, 9, 15), datetime(2026, 3, 10, 9, 15)):
            req = intake.IntakeRequest(
                procedure_code="HT-05",
                applicant=Applicant(name="Trần Thị Bích Hằng", id_number="089185012345"),
                channel=Channel.IN_PERSON,
                received_at=received,
            )
            codes.append(intake.accept(ctx, req, admin).code)
        old = codes[0]
        lifecycle.start_processing(ctx, old, admin, unit="Tư pháp", at=datetime(2019, 3, 11, 10))
        lifecycle.finish(ctx, old, admin, at=datetime(2019, 3, 12, 9))
        lifecycle.return_result(
            ctx, old, admin, method=ResultDelivery.DESK, collected_by="Trần Văn Bình",
            at=datetime(2019, 3, 12, 10),
        )  # fmt: skip
        printing.print_slip(ctx, old, "receipt", admin)
        return old, codes[1]
    finally:
        ctx.close()


def _run(capsys, monkeypatch, data, *args, stdin: str = ""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--lang", "en", "--data-dir", str(data), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _name(data, code) -> str:
    conn = sqlite3.connect(data / "motcua.sqlite3")
    try:
        return conn.execute(
            "SELECT applicant_name FROM dossiers WHERE code = ?", (code,)
        ).fetchone()[0]
    finally:
        conn.close()


def test_purge_from_the_command_line(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    old, recent = _installation(data)

    # No period set: the purge says so and does nothing.
    code, _out, err = _run(capsys, monkeypatch, data, "purge-personal")
    assert code == 1 and "No retention period is set" in err

    code, out, _err = _run(capsys, monkeypatch, data, "retention", "--set", "5", "--json")
    assert code == 0 and json.loads(out) == {"retention_years": 5, "purged": 0}

    code, out, _err = _run(capsys, monkeypatch, data, "purge-personal", "--dry-run", "--json")
    assert code == 0
    preview = json.loads(out)
    assert preview["dry_run"] and preview["codes"] == [old] and preview["years"] == 5
    assert _name(data, old) == "Trần Thị Bích Hằng"

    # Without --yes it asks; "n" purges nothing.
    code, out, _err = _run(capsys, monkeypatch, data, "purge-personal", stdin="n\n")
    assert code == 1 and "[y/N]" in out and "Nothing was purged" in out
    assert _name(data, old) == "Trần Thị Bích Hằng"

    code, out, _err = _run(capsys, monkeypatch, data, "purge-personal", stdin="y\n")
    assert code == 0 and "Personal data purged from 1 closed dossier" in out
    assert _name(data, old) == PURGED_NAME
    assert _name(data, recent) == "Trần Thị Bích Hằng"

    code, out, _err = _run(capsys, monkeypatch, data, "verify-audit", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["purged"] >= 1

    code, out, _err = _run(capsys, monkeypatch, data, "purge-personal", "--yes", "--json")
    assert code == 0 and json.loads(out)["dossiers"] == 0


def test_exports_lists_who_wrote_what(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    old, _recent = _installation(data)

    code, out, _err = _run(capsys, monkeypatch, data, "exports", "--json")
    assert code == 0
    [logged] = json.loads(out)
    assert logged["kind"] == "slip:receipt" and logged["file"].startswith(old)
    assert logged["actor_name"] == "Phạm Minh Tuấn" and logged["dossiers"] == 1

    code, out, _err = _run(capsys, monkeypatch, data, "exports")
    assert code == 0 and "slip:receipt" in out and "Phạm Minh Tuấn" in out

    code, out, _err = _run(capsys, monkeypatch, data, "exports", "--since", "2999-01-01")
    assert code == 0 and "No exports" in out
