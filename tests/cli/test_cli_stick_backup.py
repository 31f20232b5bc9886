"""The encrypted backup copy from the command line: the setting, `export --with-backup`,
`backup --stick`, and `district open-backup` at the district."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from motcua_desktop import cli
from motcua_desktop.domain.dossier import Applicant
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.services import district, intake, users
from motcua_desktop.services.context import open_app
from motcua_desktop.services.provisioning import accept_provisioning
from motcua_desktop.services.stick_backup import list_stick_backups

AGENCY = "000.31.25.H56"


def _run(capsys, data_dir, *args) -> tuple[int, str, str]:
    code = cli.main(["--lang", "en", "--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _set_up(tmp_path):
    """A district (SQLite) and a commune it provisioned, with two dossiers; both closed."""
    dctx = open_app(tmp_path / "district")
    try:
        district.init_district(dctx, "Huyện Phú Tân", None)
        data = district.provision_commune(
            dctx,
            CommuneProfile(
                commune_name="Xã An Phú",
                parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
                unit_name="BỘ PHẬN MỘT CỬA",
                agency_code=AGENCY,
                place_name="An Phú",
            ),  # fmt: skip
            None,
        )
    finally:
        dctx.close()
    ctx = open_app(tmp_path / "commune")
    try:
        admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
        accept_provisioning(ctx, data, admin)
        for minute in range(2):
            request = intake.IntakeRequest(
                procedure_code="HT-05",
                applicant=Applicant(name=f"Nguyễn Văn An {minute}", id_number="089185012345"),
                received_at=datetime(2026, 3, 10, 9, minute),
            )
            intake.accept(ctx, request, admin)
    finally:
        ctx.close()
    return tmp_path / "district", tmp_path / "commune"


def _dossiers(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    finally:
        conn.close()


def test_the_copy_from_the_command_line_and_its_opening_at_the_district(tmp_path, capsys):
    d, c = _set_up(tmp_path)
    stick = tmp_path / "stick"

    code, out, err = _run(capsys, c, "export", "--to", str(stick), "--json")
    assert code == 0 and json.loads(out)["backup_path"] is None  # off by default

    code, out, err = _run(capsys, c, "export", "--to", str(stick), "--with-backup", "--json")
    assert code == 0, err
    one_off = json.loads(out)
    assert one_off["backup_path"].endswith(".mcbak") and not one_off["backup_warning"]

    code, out, err = _run(capsys, c, "backup", "--stick-setting", "on")
    assert code == 0 and "at each export" in out
    code, out, err = _run(capsys, c, "export", "--to", str(stick))
    assert code == 0 and "Encrypted backup copied to" in out

    code, out, err = _run(capsys, c, "backup", "--stick", str(stick), "--json")
    assert code == 0, err
    made = json.loads(out)
    assert made["path"].endswith(".sqlite3") and made["stick"].endswith(".mcbak")
    copies = list_stick_backups(stick, AGENCY)  # oldest first
    assert len(copies) == 2 and str(copies[-1]) == made["stick"]  # the newest two are kept

    assert _run(capsys, d, "district", "import", str(stick))[0] == 0
    out_file = tmp_path / "an-phu.sqlite3"
    code, out, err = _run(
        capsys, d, "district", "open-backup", made["stick"], "-o", str(out_file), "--json"
    )
    assert code == 0, err
    opened = json.loads(out)
    assert opened["agency_code"] == AGENCY and opened["path"] == str(out_file)
    assert _dossiers(out_file) == 2

    again = tmp_path / "again.sqlite3"
    damaged = tmp_path / "damaged.mcbak"
    data = bytearray(copies[-1].read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    code, out, err = _run(capsys, d, "district", "open-backup", str(damaged), "-o", str(again))
    assert code == 1 and err.startswith("motcua: error:") and err.count("\n") == 1
    assert not again.exists()

    code, out, err = _run(capsys, c, "backup", "--stick-setting", "off")
    assert code == 0
    code, out, err = _run(capsys, c, "export", "--to", str(stick), "--json")
    assert code == 0 and json.loads(out)["backup_path"] is None
