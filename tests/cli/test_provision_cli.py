"""`motcua provision` at the district and `motcua setup --provisioning` at the commune, end to end."""

from __future__ import annotations

import json

from motcua_desktop import cli
from motcua_desktop.services import district, provisioning, setup, users
from motcua_desktop.services.context import open_app
from motcua_desktop.sync.provisioning import read_provisioning

CODE, NAME = "000.27.14.H26", "Xã Đông Hòa"


def motcua(capsys, data_dir, *args) -> tuple[int, str, str]:
    code = cli.main(["--lang", "en", "--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_district_provisions_and_the_commune_comes_up_as_that_commune(tmp_path, capsys):
    d, c, prov = tmp_path / "district", tmp_path / "commune", tmp_path / "dong-hoa.motcua"
    assert motcua(capsys, d, "district", "init", "--name", "Huyện Phú Tân")[0] == 0

    code, out, err = motcua(capsys, d, "provision", "--commune", f"{CODE}/{NAME}", "-o", str(prov))
    assert code == 0, err
    assert str(prov) in out and CODE in out
    assert not list(tmp_path.glob("*.partial"))
    profile = read_provisioning(prov.read_bytes()).profile
    assert profile["commune_name"] == NAME and profile["agency_code"] == CODE
    # Defaults a district clerk would otherwise type out.
    assert profile["parent_body"] == "ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA"
    assert profile["place_name"] == "Đông Hòa"
    assert profile["upper_office_name"] == "Huyện Phú Tân"

    code, _out, err = motcua(
        capsys, c, "setup", "--provisioning", str(prov), "--admin", "quantri",
        "--admin-password", "secret-1", "--admin-name", "Nguyễn Văn Quản",
    )  # fmt: skip
    assert code == 0, err
    ctx = open_app(c)
    try:
        p = setup.get_profile(ctx)
        assert (p.commune_name, p.agency_code) == (NAME, CODE)
        assert provisioning.district_of(ctx).name == "Huyện Phú Tân"
        assert users.authenticate(ctx, "quantri", "secret-1").role == "admin"
    finally:
        ctx.close()

    code, out, _err = motcua(capsys, d, "district", "status", "--json")
    [row] = json.loads(out)
    assert (row["agency_code"], row["name"], row["status"]) == (CODE, NAME, "provisioned")


def test_provision_refuses_overwrite_and_reuses_a_registered_profile(tmp_path, capsys):
    d, prov = tmp_path / "district", tmp_path / "f.motcua"
    assert motcua(capsys, d, "district", "init", "--name", "Huyện Phú Tân")[0] == 0
    args = ["provision", "--commune", f"{CODE}/{NAME}", "--phone", "0273 3851 234"]
    assert motcua(capsys, d, *args, "-o", str(prov))[0] == 0
    first = prov.read_bytes()

    code, _out, err = motcua(capsys, d, "provision", "--commune", CODE, "-o", str(prov))
    assert code == 1 and "already exists" in err and "--force" in err
    assert prov.read_bytes() == first

    # By its code alone: the registered profile (phone included) is used again.
    code, _out, err = motcua(capsys, d, "provision", "--commune", CODE, "-o", str(prov), "--force")
    assert code == 0, err
    assert prov.read_bytes() != first
    again = read_provisioning(prov.read_bytes()).profile
    assert (again["commune_name"], again["phone"]) == (NAME, "0273 3851 234")

    other = tmp_path / "other.motcua"
    code, _out, err = motcua(capsys, d, "provision", "--commune", "Xã Không Có", "-o", str(other))
    assert code == 1 and "give its agency code" in err and not other.exists()


def test_provision_in_a_commune_installation_is_refused(tmp_path, capsys):
    c, prov = tmp_path / "commune", tmp_path / "f.motcua"
    code, _out, _err = motcua(
        capsys, c, "setup", "--commune-name", NAME, "--parent-body", "ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA",
        "--unit-name", "BỘ PHẬN MỘT CỬA", "--agency-code", CODE, "--place-name", "Đông Hòa",
        "--admin", "quantri", "--admin-password", "secret-1",
    )  # fmt: skip
    assert code == 0
    code, _out, err = motcua(capsys, c, "provision", "--commune", f"{CODE}/{NAME}", "-o", str(prov))
    assert code == 1
    assert err.startswith("motcua: error: This is a commune's installation")
    assert not prov.exists()
    ctx = open_app(c)
    try:
        assert not district.is_district(ctx)
    finally:
        ctx.close()


def test_setup_needs_a_profile_or_a_provisioning_file(tmp_path, capsys):
    code, _out, err = motcua(
        capsys, tmp_path / "c", "setup", "--admin", "a", "--admin-password", "secret-1"
    )
    assert code == 2 and "--commune-name" in err
    bad = tmp_path / "bad.motcua"
    bad.write_bytes(b"not a provisioning file")
    code, _out, err = motcua(
        capsys, tmp_path / "c", "setup", "--provisioning", str(bad), "--admin", "a",
        "--admin-password", "secret-1",
    )  # fmt: skip
    assert code == 1 and err.startswith("motcua: error:")
    ctx = open_app(tmp_path / "c")
    try:
        assert not users.has_users(ctx)  # a bad file leaves no lone administrator
    finally:
        ctx.close()
