"""Fixtures for the slip tests (data and helpers live in ``slip_fixtures``)."""

from __future__ import annotations

import pytest
from slip_fixtures import make_dossier, make_profile

from motcua_desktop.domain.dossier import DossierRecord
from motcua_desktop.domain.profile import CommuneProfile


@pytest.fixture
def profile() -> CommuneProfile:
    return make_profile()


@pytest.fixture
def dossier() -> DossierRecord:
    return make_dossier()
