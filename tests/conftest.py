"""Test-wide settings: Qt offscreen, the default language, and never the real user data folder."""

from __future__ import annotations

import os

import pytest

from motcua_desktop import i18n

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Vietnamese), whatever the last one set."""
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    yield
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
