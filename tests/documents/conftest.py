"""Fixtures for the slip tests (data and helpers live in ``slip_fixtures``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The test modules import ``slip_fixtures`` from this folder; make that work for the
# conftest too, whatever import mode pytest uses for conftest files.
sys.path.insert(0, str(Path(__file__).parent))

from slip_fixtures import make_dossier, make_profile  # noqa: E402

from motcua_desktop.domain.dossier import DossierRecord
from motcua_desktop.domain.profile import CommuneProfile


@pytest.fixture
def profile() -> CommuneProfile:
    return make_profile()


@pytest.fixture
def dossier() -> DossierRecord:
    return make_dossier()
