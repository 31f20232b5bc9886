"""Fixtures for the packaging tests: a data folder, the operation runner, a district's file."""

from __future__ import annotations

import pytest

from motcua_desktop.services.context import open_app
from motcua_desktop.services.provisioning import ENV_PROVISIONING_FILE


@pytest.fixture(autouse=True)
def _no_provisioning_env(monkeypatch):
    monkeypatch.delenv(ENV_PROVISIONING_FILE, raising=False)


@pytest.fixture
def ctx(tmp_path):
    context = open_app(tmp_path / "data")
    yield context
    context.close()


@pytest.fixture
def runner(qtbot):
    from motcua_desktop.ui.operations import OpRunner

    op_runner = OpRunner()
    yield op_runner
    assert op_runner.shutdown()


@pytest.fixture
def provisioning_bytes() -> bytes:
    """A provisioning file for An Phú, signed by the (insecure) demo district."""
    from motcua_desktop.domain.catalogue import catalogue_to_dict, load_catalogue
    from motcua_desktop.domain.profile import CommuneProfile, Signatory
    from motcua_desktop.services import catalogue
    from motcua_desktop.sync.keys import demo_district_keys
    from motcua_desktop.sync.provisioning import make_provisioning

    profile = CommuneProfile(
        commune_name="An Phú",
        parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
        unit_name="BỘ PHẬN MỘT CỬA",
        agency_code="000.00.20.H56",
        place_name="An Phú",
        phone="0296 3850 123",
        upper_office_name="UBND tỉnh An Giang",
        signatories=(Signatory("Trần Văn Bình", "Chủ tịch"),),
    )
    cat = catalogue_to_dict(load_catalogue(catalogue.shipped_catalogue_path()))
    return make_provisioning(
        demo_district_keys(), "Huyện Phú Tân", profile, cat, {"version": "1", "days": []},
        "a-long-enough-enrolment-token",
    )  # fmt: skip
