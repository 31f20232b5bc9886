"""Provisioning files: signed by the district, accepted once by a commune's first-run wizard."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select
from sync_helpers import PROFILE, make_identity, resign

from motcua_desktop.domain.catalogue import catalogue_to_dict, load_catalogue
from motcua_desktop.domain.errors import BundleRejected, NotAllowed
from motcua_desktop.services import catalogue as catalogue_service
from motcua_desktop.services import settings, setup
from motcua_desktop.services.calendar import list_day_overrides
from motcua_desktop.services.demo import seed_demo
from motcua_desktop.services.provisioning import (
    accept_provisioning,
    apply_config,
    config_versions,
    district_of,
    provision_demo,
)
from motcua_desktop.store.models import ProcedureRow
from motcua_desktop.sync.bundle import read_bundle, write_bundle
from motcua_desktop.sync.downlink import ConfigUpdate
from motcua_desktop.sync.keys import (
    DEMO_ENROLMENT_TOKEN,
    demo_district_keys,
    fingerprint,
    load_or_create_identity,
)
from motcua_desktop.sync.provisioning import make_provisioning, read_provisioning
from motcua_desktop.sync.state import DISTRICT, ENROLMENT_TOKEN, get_state

TOKEN = "k3J9-enrolment-token-for-an-phu"
HOLIDAYS = {
    "version": "2026.1",
    "days": [
        {"day": "2026-09-01", "kind": "off", "note": "Nghỉ bù Quốc khánh"},
        {"day": "2026-09-05", "kind": "working", "note": "Làm bù"},
    ],
}


def _catalogue(version="2026.5"):
    data = catalogue_to_dict(load_catalogue(catalogue_service.shipped_catalogue_path()))
    data["version"] = version
    data["procedures"] = data["procedures"][:5]
    return data


@pytest.fixture
def prov_file(district):
    return make_provisioning(district, "Huyện Phú Tân", PROFILE, _catalogue(), HOLIDAYS, TOKEN)


def _state(ctx, key):
    with ctx.db.session(readonly=True) as s:
        return get_state(s, key)


def test_signed_file_round_trip(prov_file, district):
    prov = read_provisioning(prov_file)
    assert prov.district.installation_id == district.installation_id
    assert prov.district.sign_pub == district.sign_public_b64
    assert prov.district.box_pub == district.box_public_b64
    assert prov.district.name == "Huyện Phú Tân"
    assert prov.agency_code == PROFILE.agency_code
    assert prov.profile["commune_name"] == PROFILE.commune_name
    assert prov.profile["working_hours"]["morning_start"] == "07:00"
    assert prov.catalogue["version"] == "2026.5" and prov.holidays == HOLIDAYS
    assert prov.enrolment_token == TOKEN
    assert prov.fingerprint() == fingerprint(district.sign_public_b64)
    assert read_bundle(prov_file).manifest.kind == "provision"


def test_tampered_file_is_rejected(prov_file):
    for pos in (len(prov_file) // 3, len(prov_file) - 10):
        damaged = bytearray(prov_file)
        damaged[pos] ^= 0x01
        with pytest.raises(BundleRejected):
            read_provisioning(bytes(damaged))


def test_a_file_resigned_by_someone_else_does_not_match_its_district(prov_file):
    impostor = make_identity()

    def take_over(m):
        m["sender"].update(sign_pub=impostor.sign_public_b64, box_pub=impostor.box_public_b64)

    with pytest.raises(BundleRejected) as info:
        read_provisioning(resign(prov_file, impostor, take_over))
    assert info.value.reason_code == "bad-payload"


def test_a_data_bundle_is_not_a_provisioning_file(district, commune):
    data = write_bundle({"kind": "data"}, b"", commune, district.box_public_b64)
    with pytest.raises(BundleRejected):
        read_provisioning(data)


def test_accept_stores_profile_catalogue_holidays_and_district_keys(ctx, prov_file, district):
    profile = accept_provisioning(ctx, prov_file)
    assert profile.agency_code == PROFILE.agency_code
    assert setup.get_profile(ctx).commune_name == PROFILE.commune_name
    assert catalogue_service.catalogue_info(ctx)["version"] == "2026.5"
    with ctx.db.session(readonly=True) as s:
        active = s.scalars(select(ProcedureRow.code).where(ProcedureRow.active.is_(True))).all()
    assert sorted(active) == sorted(p["code"] for p in _catalogue()["procedures"])
    days = {d.day: d.kind for d in list_day_overrides(ctx)}
    assert days == {date(2026, 9, 1): "off", date(2026, 9, 5): "working"}
    known = district_of(ctx)
    assert known.sign_pub == district.sign_public_b64
    assert known.box_pub == district.box_public_b64
    assert known.installation_id == district.installation_id
    assert _state(ctx, ENROLMENT_TOKEN) == TOKEN
    assert config_versions(ctx) == {"catalogue": "2026.5", "holidays": "2026.1"}
    assert load_or_create_identity(ctx).installation_id  # the commune's own keys exist


def test_a_different_district_is_refused(ctx, prov_file):
    accept_provisioning(ctx, prov_file)
    other = make_provisioning(make_identity(), "Huyện Khác", PROFILE, _catalogue(), HOLIDAYS, TOKEN)
    with pytest.raises(NotAllowed):
        accept_provisioning(ctx, other)
    assert district_of(ctx).name == "Huyện Phú Tân"


def test_the_same_district_may_provision_again(ctx, district, prov_file, admin):
    accept_provisioning(ctx, prov_file, admin)
    fewer = {"version": "2026.2", "days": [HOLIDAYS["days"][0]]}
    again = make_provisioning(district, "Huyện Phú Tân", PROFILE, _catalogue(), fewer, TOKEN)
    accept_provisioning(ctx, again, admin)
    assert [d.day for d in list_day_overrides(ctx)] == [date(2026, 9, 1)]


def test_once_users_exist_only_an_admin_may_accept(ctx, prov_file, clerk):
    with pytest.raises(NotAllowed):
        accept_provisioning(ctx, prov_file, clerk)


def test_config_updates_apply_only_newer_parts(ctx, prov_file):
    accept_provisioning(ctx, prov_file)
    update = ConfigUpdate(
        "2",
        catalogue=_catalogue("2026.5"),
        holidays={"version": "2026.3", "days": []},
        templates={"version": "1", "items": {"receipt_footer": "Xin cảm ơn"}},
    )
    assert apply_config(ctx, update) == ["holidays", "templates"]
    assert list_day_overrides(ctx) == []
    assert settings.get_preference(ctx, "templates")["items"]["receipt_footer"] == "Xin cảm ơn"
    assert apply_config(ctx, update) == []
    newer = ConfigUpdate("3", catalogue=_catalogue("2026.10"))
    assert apply_config(ctx, newer) == ["catalogue"]
    assert catalogue_service.catalogue_info(ctx)["version"] == "2026.10"


def test_demo_commune_gets_the_demo_district_once(ctx):
    seed_demo(ctx, dossiers=3, today=date(2026, 3, 10))
    demo = demo_district_keys()
    assert district_of(ctx).sign_pub == demo.sign_public_b64
    assert _state(ctx, ENROLMENT_TOKEN) == DEMO_ENROLMENT_TOKEN
    assert provision_demo(ctx) is False
    assert json.dumps(_state(ctx, DISTRICT))


def test_demo_keys_never_replace_a_real_district(ctx, prov_file, district):
    accept_provisioning(ctx, prov_file)
    assert provision_demo(ctx) is False
    assert district_of(ctx).sign_pub == district.sign_public_b64


def test_provisioning_file_is_signed_not_encrypted(prov_file, district):
    manifest = read_bundle(prov_file).manifest
    assert manifest.payload.cipher == "none"  # no personal data; the token makes it key-like
    assert manifest.recipient.installation_id == ""
    assert district.sign_private.private_bytes_raw() not in prov_file
