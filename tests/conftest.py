"""Test-wide settings: Qt offscreen, a known language, and never the real user data folder."""

from __future__ import annotations

import os

import pytest

from motcua_desktop import i18n

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))


@pytest.fixture(autouse=True)
def _source_language():
    """Each test starts in English, the source language its messages are written in.

    Whatever the previous test set is undone; tests of the Vietnamese text set "vi"
    themselves, and the GUI tests (tests/ui/conftest.py) run in Vietnamese, the
    program's default.
    """
    i18n.set_language("en")
    yield
    i18n.set_language("en")
