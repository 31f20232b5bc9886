"""Fixtures: a fresh installation on a temporary SQLite file, set up with a commune and users."""

from __future__ import annotations

from datetime import datetime

import pytest

from motcua_desktop.domain.dossier import Applicant, Channel
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.services import intake, setup, users
from motcua_desktop.services.context import open_app

AGENCY = "000.31.25.H56"
PROFILE = CommuneProfile(
    commune_name="Xã An Phú",
    parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
    unit_name="BỘ PHẬN MỘT CỬA",
    agency_code=AGENCY,
    place_name="An Phú",
    phone="0296 3123 456",
)


@pytest.fixture
def ctx(tmp_path):
    app = open_app(tmp_path / "data")
    yield app
    app.close()


@pytest.fixture
def admin(ctx):
    return users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")


@pytest.fixture
def clerk(ctx, admin):
    setup.save_profile(ctx, PROFILE, admin)
    return users.create_user(ctx, "lan", "Nguyễn Thị Ngọc Lan", "secret-2", "clerk", admin)


@pytest.fixture
def secretary(ctx, clerk, admin):
    """The ISO secretary: keeps the checklists and the quality registers (the desk may not)."""
    return users.create_user(ctx, "thu", "Trần Thị Thu", "secret-5", "iso_secretary", admin)


@pytest.fixture
def profile():
    return PROFILE


@pytest.fixture
def make_request():
    return _request


def _request(procedure="HT-05", received=datetime(2026, 3, 10, 9, 15), **kw):
    """An intake request; no components means "as the catalogue lists them"."""
    applicant = kw.pop(
        "applicant",
        Applicant(
            name="Trần Thị Bích Hằng",
            id_number="089185012345",
            phone="0912 345 678",
            address="Số 12, ấp Phú Hòa",
        ),
    )
    return intake.IntakeRequest(
        procedure_code=procedure,
        applicant=applicant,
        channel=kw.pop("channel", Channel.IN_PERSON),
        received_at=received,
        **kw,
    )
