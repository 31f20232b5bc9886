"""`motcua district …` end to end, with `--db` for PostgreSQL."""

from __future__ import annotations

import json

from district_helpers import Commune_, add_dossiers, export

from motcua_desktop import cli
from motcua_desktop.services import users
from motcua_desktop.services.context import open_app
from motcua_desktop.services.provisioning import accept_provisioning


def _run(capsys, data_dir, db_url, *args) -> tuple[int, str, str]:
    argv = ["--data-dir", str(data_dir), *(["--db", db_url] if db_url else []), "district", *args]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_district_cli_round_trip(tmp_path, db_url, capsys):
    d = tmp_path / "district"
    assert _run(capsys, d, db_url, "init", "--name", "Huyện Phú Tân")[0] == 0
    prov = tmp_path / "an-phu.motcua"
    code, out, _err = _run(
        capsys, d, db_url, "provision", "--agency-code", "000.31.25.H56",
        "--commune-name", "Xã An Phú", "--parent-body", "ỦY BAN NHÂN DÂN XÃ AN PHÚ",
        "--unit-name", "BỘ PHẬN MỘT CỬA", "--place-name", "An Phú", "-o", str(prov),
    )  # fmt: skip
    assert code == 0 and prov.exists()

    ctx = open_app(tmp_path / "commune")
    try:
        admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
        accept_provisioning(ctx, prov.read_bytes(), admin)
        commune = Commune_(ctx, admin, "000.31.25.H56", tmp_path / "commune")
        add_dossiers(commune, 3)
        stick = tmp_path / "stick"
        export(commune, stick)
    finally:
        ctx.close()

    code, out, _err = _run(capsys, d, db_url, "import", str(stick), "--preview", "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "new"
    code, out, _err = _run(capsys, d, db_url, "import", str(stick), "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "applied"
    code, out, _err = _run(capsys, d, db_url, "status", "--json")
    [row] = json.loads(out)
    assert (row["agency_code"], row["status"], row["dossiers"]) == ("000.31.25.H56", "active", 3)
    code, out, _err = _run(
        capsys, d, db_url, "report", "--from", "2026-03-01", "--to", "2026-03-31", "--json"
    )
    lines = json.loads(out)
    assert lines[-1]["number"] is None and lines[-1]["columns"][0] == 3
    code, out, _err = _run(capsys, d, db_url, "replies", "--to", str(stick), "--json")
    assert code == 0 and [r["kind"] for r in json.loads(out)] == ["ack"]
    assert _run(capsys, d, db_url, "revoke", "000.31.25.H56")[0] == 0
    code, out, err = _run(capsys, d, db_url, "revoke", "000.00.00.X00")
    assert code == 1 and err.startswith("motcua: error:")


def test_district_commands_refuse_a_commune_installation(tmp_path, capsys):
    code, _out, err = _run(capsys, tmp_path / "plain", None, "status")
    assert code == 1 and "district init" in err
