"""Accepting the district's provisioning file, killed half-way: all of it or none of it.

It used to store the profile, the catalogue, the holiday table, the
templates and the district's keys in separate transactions; a crash between
them left a commune with a profile (so the first-run wizard no longer
showed) but no district to send data to.
"""

from __future__ import annotations

import pytest
from crash_setup import profile
from sqlalchemy import func, select

from motcua_desktop.services import district, provisioning, setup, users
from motcua_desktop.services.context import open_app
from motcua_desktop.store.models import CalendarDay
from motcua_desktop.sync.state import ENROLMENT_TOKEN, get_state

AGENCY = "000.31.25.H56"


class Killed(BaseException):
    """Stands for SIGKILL: the open transaction never commits."""


@pytest.fixture
def provisioning_file(tmp_path):
    dctx = open_app(tmp_path / "district")
    try:
        district.init_district(dctx, "Huyện Phú Tân", None)
        holidays = {
            "version": "2026.1",
            "days": [{"day": "2026-09-01", "kind": "off", "note": "Lễ"}],
        }
        return district.provision_commune(
            dctx, profile(AGENCY, "Xã An Phú"), None, holidays=holidays
        )
    finally:
        dctx.close()


def _state(ctx) -> dict:
    with ctx.db.session(readonly=True) as s:
        return {
            "profile": setup.get_profile(ctx) is not None,
            "district": provisioning.district_of(ctx) is not None,
            "token": get_state(s, ENROLMENT_TOKEN) is not None,
            "holidays": s.scalar(select(func.count()).select_from(CalendarDay)),
        }


@pytest.mark.parametrize("where", ["check_holidays", "set_state"])
def test_provisioning_killed_half_way_applies_nothing(
    tmp_path, provisioning_file, monkeypatch, where
):
    ctx = open_app(tmp_path / "commune")
    try:
        admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
        nothing = _state(ctx)
        assert nothing == {"profile": False, "district": False, "token": False, "holidays": 0}

        def die(*_args, **_kwargs):
            raise Killed

        with monkeypatch.context() as m:
            m.setattr(provisioning, where, die)
            with pytest.raises(Killed):
                provisioning.accept_provisioning(ctx, provisioning_file, admin)
        assert _state(ctx) == nothing
        provisioning.accept_provisioning(ctx, provisioning_file, admin)
        assert _state(ctx) == {"profile": True, "district": True, "token": True, "holidays": 1}
    finally:
        ctx.close()
