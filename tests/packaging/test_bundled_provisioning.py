"""The provisioning file shipped next to the program is found, and only where it should be."""

from __future__ import annotations

import sys

from motcua_desktop.services.provisioning import (
    ENV_PROVISIONING_FILE,
    PROVISIONING_FILENAME,
    bundled_provisioning_file,
)


def test_the_installers_name_wins_over_other_files(tmp_path):
    (tmp_path / "an-phu.motcua").write_bytes(b"x")
    (tmp_path / PROVISIONING_FILENAME).write_bytes(b"x")
    assert bundled_provisioning_file(tmp_path) == tmp_path / PROVISIONING_FILENAME


def test_a_single_motcua_file_is_taken_two_are_left_to_choose(tmp_path):
    (tmp_path / "motcua-desktop.exe").write_bytes(b"MZ")
    assert bundled_provisioning_file(tmp_path) is None
    (tmp_path / "an-phu.motcua").write_bytes(b"x")
    assert bundled_provisioning_file(tmp_path) == tmp_path / "an-phu.motcua"
    (tmp_path / "binh-my.motcua").write_bytes(b"x")
    assert bundled_provisioning_file(tmp_path) is None
    (tmp_path / "folder.motcua").mkdir()
    (tmp_path / "binh-my.motcua").unlink()
    assert bundled_provisioning_file(tmp_path) == tmp_path / "an-phu.motcua"


def test_a_missing_folder_has_none(tmp_path):
    assert bundled_provisioning_file(tmp_path / "nowhere") is None


def test_frozen_program_looks_beside_its_executable(tmp_path, monkeypatch):
    (tmp_path / PROVISIONING_FILENAME).write_bytes(b"x")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "motcua-desktop.exe"))
    # A source checkout never looks next to the Python interpreter.
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert bundled_provisioning_file() is None
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert bundled_provisioning_file() == tmp_path / PROVISIONING_FILENAME


def test_the_environment_names_a_file(tmp_path, monkeypatch):
    path = tmp_path / "elsewhere.motcua"
    monkeypatch.setenv(ENV_PROVISIONING_FILE, str(path))
    assert bundled_provisioning_file() is None  # named but absent
    path.write_bytes(b"x")
    assert bundled_provisioning_file() == path
