"""Fixtures for the fuzz tests: ``fuzz_helpers`` on the path, and one installation per module."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fuzz_helpers import PROFILE  # noqa: E402

from motcua_desktop.services import setup, users  # noqa: E402
from motcua_desktop.services.context import open_app  # noqa: E402


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder shared by a module's examples (hypothesis reruns one test many times)."""
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def installed(workdir):
    """A set-up commune installation and its clerk, shared by a module's examples."""
    app = open_app(workdir / "data")
    admin = users.create_user(app, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
    setup.save_profile(app, PROFILE, admin)
    clerk = users.create_user(app, "lan", "Nguyễn Thị Ngọc Lan", "secret-2", "clerk", admin)
    yield app, clerk
    app.close()
