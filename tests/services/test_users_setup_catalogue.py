"""Users, the commune profile and the catalogue with its overrides."""

from __future__ import annotations

import json
from datetime import time

import pytest
from sqlalchemy import select

from motcua_desktop.domain.errors import AuthenticationFailed, NotAllowed, ValidationError
from motcua_desktop.domain.procedures import ComponentSpec, ProcessingTime, TimeUnit
from motcua_desktop.services import catalogue, setup, users
from motcua_desktop.services.calendar import get_calendar
from motcua_desktop.store.models import User


def test_scrypt_round_trip_and_format():
    stored = users.hash_password("mật khẩu")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert users.verify_password("mật khẩu", stored)
    assert not users.verify_password("mat khau", stored)
    assert users.hash_password("mật khẩu") != stored  # fresh salt each time


def test_first_user_must_be_admin(ctx):
    assert not users.has_users(ctx)
    with pytest.raises(NotAllowed):
        users.create_user(ctx, "lan", "Lan", "secret-9", "clerk")
    admin = users.create_user(ctx, "Admin", "Quản trị", "secret-9", "admin")
    assert admin.username == "admin" and users.has_users(ctx)
    with pytest.raises(NotAllowed):
        users.create_user(ctx, "lan", "Lan", "secret-9", "clerk")  # no actor
    users.create_user(ctx, "lan", "Lan", "secret-9", "clerk", admin)
    with pytest.raises(ValidationError):
        users.create_user(ctx, "lan", "Lan 2", "secret-9", "clerk", admin)


def test_authenticate_right_and_wrong(ctx, admin):
    assert users.authenticate(ctx, "ADMIN ", "secret-1") == admin
    with pytest.raises(AuthenticationFailed) as wrong_pw:
        users.authenticate(ctx, "admin", "nope")
    with pytest.raises(AuthenticationFailed) as wrong_user:
        users.authenticate(ctx, "nobody", "secret-1")
    assert wrong_pw.value.message == wrong_user.value.message
    with ctx.db.session(readonly=True) as s:
        assert s.scalar(select(User.failed_logins).where(User.username == "admin")) == 1
    users.authenticate(ctx, "admin", "secret-1")
    with ctx.db.session(readonly=True) as s:
        assert s.scalar(select(User.failed_logins).where(User.username == "admin")) == 0


def test_change_password(ctx, admin, clerk):
    with pytest.raises(AuthenticationFailed):
        users.change_password(ctx, "lan", "new-pass-3", clerk, old_password="wrong")
    users.change_password(ctx, "lan", "new-pass-3", clerk, old_password="secret-2")
    assert users.authenticate(ctx, "lan", "new-pass-3").username == "lan"
    with pytest.raises(NotAllowed):
        users.change_password(ctx, "admin", "hijack-99", clerk)


def test_profile_round_trip_and_admin_only(ctx, admin, clerk, profile):
    PROFILE = profile  # noqa: N806 - reads like the constant it stands for
    assert setup.get_profile(ctx) == PROFILE
    assert setup.is_configured(ctx)
    with pytest.raises(NotAllowed):
        setup.save_profile(ctx, PROFILE, clerk)
    with pytest.raises(ValidationError) as bad:
        setup.save_profile(
            ctx, PROFILE.__class__(**{**PROFILE.__dict__, "agency_code": "x"}), admin
        )
    assert bad.value.field == "agency_code"


def test_catalogue_loaded_and_folded_search(ctx):
    found = catalogue.list_procedures(ctx, "khai sinh")
    assert found and all("khai sinh" in p.name.lower() for p in found)
    assert catalogue.list_procedures(ctx, "KHAI SINH") == found
    assert catalogue.list_procedures(ctx, "khai sinh") == catalogue.list_procedures(
        ctx, "khải sính"
    )
    everything = catalogue.list_procedures(ctx)
    assert [(p.field, p.name) for p in everything] == sorted((p.field, p.name) for p in everything)


def test_overrides_apply_and_survive_a_catalogue_reimport(ctx, admin, tmp_path):
    before = catalogue.get_procedure(ctx, "HT-05")
    assert not before.overridden
    processing = ProcessingTime(TimeUnit.WORKING_DAYS, 2)
    comps = [ComponentSpec("Tờ khai (bản chính)")]
    after = catalogue.set_override(ctx, "HT-05", processing, comps, admin)
    assert after.overridden and after.processing == processing and after.components == tuple(comps)
    # Who changed it and when travel with the procedure, for the catalogue screen.
    assert after.extra["override_by"] == admin.full_name
    assert after.extra["override_at"][:4].isdigit()
    listed = {p.code: p for p in catalogue.list_procedures(ctx, "HT-05")}
    assert listed["HT-05"].extra["override_by"] == admin.full_name

    # A newer catalogue file with a changed name: the override must remain.
    data = json.loads(catalogue.shipped_catalogue_path().read_text(encoding="utf-8"))
    data["version"] = "2027.1"
    for p in data["procedures"]:
        if p["code"] == "HT-05":
            p["name"] = "Đăng ký khai sinh kết hợp nhận cha, mẹ, con (mới)"
    newer = tmp_path / "procedures.json"
    newer.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    catalogue.import_catalogue(ctx, newer)
    reloaded = catalogue.get_procedure(ctx, "HT-05")
    assert reloaded.name.endswith("(mới)")
    assert reloaded.overridden and reloaded.processing == processing
    assert catalogue.catalogue_info(ctx)["version"] == "2027.1"

    cleared = catalogue.clear_override(ctx, "HT-05", admin)
    assert not cleared.overridden and cleared.processing == before.processing


def test_calendar_uses_profile_hours_and_day_overrides(ctx, admin, profile):
    PROFILE = profile  # noqa: N806 - reads like the constant it stands for
    from dataclasses import replace
    from datetime import date

    from motcua_desktop.domain.profile import WorkingHours
    from motcua_desktop.services import calendar

    hours = WorkingHours(time(7, 30), time(11, 30), time(13, 0), time(16, 30))
    setup.save_profile(ctx, replace(PROFILE, working_hours=hours), admin)
    calendar.set_day_override(ctx, date(2026, 3, 11), "off", "Lễ hội địa phương", admin)
    cal = get_calendar(ctx)
    assert cal.hours == hours
    assert not cal.is_working_day(date(2026, 3, 11))
    calendar.remove_day_override(ctx, date(2026, 3, 11), admin)
    assert get_calendar(ctx).is_working_day(date(2026, 3, 11))
    assert calendar.list_day_overrides(ctx) == []
