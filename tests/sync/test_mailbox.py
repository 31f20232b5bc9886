"""The stick: layout, names, safe writes that survive a pulled stick or a full one."""

from __future__ import annotations

import errno
import os
from datetime import datetime

import pytest

from motcua_desktop import i18n
from motcua_desktop.domain.errors import StorageError
from motcua_desktop.sync import mailbox
from motcua_desktop.sync.mailbox import (
    data_file_name,
    find_mailboxes,
    inbox_dir,
    list_bundles,
    outbox_dir,
    reply_file_name,
    write_atomically,
)

AGENCY = "000.31.25.H56"
OLD = b"previous bundle " * 64
NEW = b"next bundle, longer " * 256


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


@pytest.fixture
def target(tmp_path):
    path = outbox_dir(tmp_path / "stick", AGENCY) / "bundle.motcua"
    write_atomically(path, OLD)
    return path


def test_layout_and_names(tmp_path):
    assert outbox_dir(tmp_path, AGENCY) == tmp_path / "MOTCUA" / "outbox" / AGENCY
    assert inbox_dir(tmp_path / "MOTCUA", AGENCY) == tmp_path / "MOTCUA" / "inbox" / AGENCY
    at = datetime(2026, 3, 10, 9, 15, 2)
    name = data_file_name(AGENCY, "3f2a9c1e-aaaa", 1, 57, at)
    assert name == "000.31.25.H56-data-3f2a9c1e-00000001-00000057-20260310T091502.motcua"
    assert reply_file_name("a/b", "ack", "0123456789", at) == (
        "a_b-ack-20260310T091502-01234567.motcua"
    )


def test_write_reads_back_and_leaves_no_temp_file(target):
    digest = write_atomically(target, NEW)
    assert target.read_bytes() == NEW
    assert len(digest) == 64
    assert list(target.parent.iterdir()) == [target]


def test_stick_pulled_before_the_rename_keeps_the_previous_bundle(target, monkeypatch):
    def pulled(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", pulled)
    with pytest.raises(StorageError) as info:
        write_atomically(target, NEW)
    assert str(target.parent) in info.value.message
    assert "pulled out" in info.value.message
    assert target.read_bytes() == OLD
    partial = target.with_name(target.name + ".partial")
    assert partial.exists()
    assert list_bundles(target.parent) == [target]


def test_stick_pulled_mid_write_leaves_an_incomplete_partial(target, monkeypatch):
    real_fsync = os.fsync

    def fsync(fd):
        # Half the data reached the stick, then it was gone.
        os.ftruncate(fd, len(NEW) // 2)
        real_fsync(fd)
        raise OSError(errno.ENODEV, "No such device")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(StorageError):
        write_atomically(target, NEW)
    partial = target.with_name(target.name + ".partial")
    assert 0 < partial.stat().st_size < len(NEW)
    assert target.read_bytes() == OLD
    assert list_bundles(target.parent) == [target]


def test_full_stick_gives_a_clear_message(target, monkeypatch):
    real_open = open

    class FullFile:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[:100])
            raise OSError(errno.ENOSPC, "No space left on device")

    def fake_open(path, mode="r", *args, **kw):
        fh = real_open(path, mode, *args, **kw)
        return FullFile(fh) if "w" in mode else fh

    monkeypatch.setattr("builtins.open", fake_open)
    with pytest.raises(StorageError) as info:
        write_atomically(target, NEW)
    assert "is full" in info.value.message and str(target.parent) in info.value.message
    assert target.read_bytes() == OLD
    assert not target.with_name(target.name + ".partial").exists()


def test_read_back_mismatch_is_detected(target, monkeypatch):
    real_replace = os.replace

    def corrupting_replace(src, dst):
        real_replace(src, dst)
        with open(dst, "r+b") as fh:
            fh.seek(10)
            fh.write(b"\x00")

    monkeypatch.setattr(os, "replace", corrupting_replace)
    with pytest.raises(StorageError) as info:
        write_atomically(target.with_name("other.motcua"), NEW)
    assert "did not read back the same" in info.value.message
    assert not target.with_name("other.motcua").exists()
    assert target.read_bytes() == OLD


def test_read_only_folder(tmp_path, monkeypatch):
    def refuse(*args, **kw):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(StorageError) as info:
        write_atomically(tmp_path / "x.motcua", b"data")
    assert "read-only" in info.value.message


def test_list_bundles_skips_partials_and_other_files(tmp_path):
    for name in ("b.motcua", "a.motcua", "c.motcua.partial", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in list_bundles(tmp_path)] == ["a.motcua", "b.motcua"]
    assert list_bundles(tmp_path / "missing") == []


def test_find_mailboxes_among_volumes(tmp_path, monkeypatch):
    stick, other, share = tmp_path / "STICK", tmp_path / "CAMERA", tmp_path / "share"
    (stick / "MOTCUA").mkdir(parents=True)
    other.mkdir()
    (share / "MOTCUA").mkdir(parents=True)
    assert find_mailboxes([stick, other, share / "MOTCUA"]) == [stick, share]
    monkeypatch.setattr(mailbox, "_candidate_volumes", lambda: iter([other, stick]))
    assert find_mailboxes() == [stick]
