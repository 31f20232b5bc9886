"""Test-wide settings: Qt offscreen, and no test ever touches the real user data folder."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))
