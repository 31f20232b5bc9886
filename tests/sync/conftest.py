"""Fixtures for the sync tests: identities and a set-up commune installation."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sync_helpers import PROFILE, make_identity  # noqa: E402

from motcua_desktop.domain.dossier import Applicant, Channel  # noqa: E402
from motcua_desktop.services import intake, setup, users  # noqa: E402
from motcua_desktop.services.context import open_app  # noqa: E402


@pytest.fixture
def commune():
    return make_identity()


@pytest.fixture
def district():
    return make_identity()


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
def accept_dossier(ctx, clerk):
    def accept(name="Trần Thị Bích Hằng", received=datetime(2026, 3, 10, 9, 15)):
        req = intake.IntakeRequest(
            procedure_code="HT-05",
            applicant=Applicant(name=name, id_number="089185012345", phone="0912 345 678"),
            channel=Channel.IN_PERSON,
            received_at=received,
        )
        return intake.accept(ctx, req, clerk)

    return accept
