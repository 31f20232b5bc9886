"""The installation's identity: key files, ids in local_state, epochs, fingerprints, enrolment."""

from __future__ import annotations

import os
import re
import stat

import pytest

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.sync import keys
from motcua_desktop.sync.keys import (
    check_enrolment_proof,
    demo_district_keys,
    enrolment_proof,
    fingerprint,
    install_identity,
    load_or_create_identity,
    new_epoch,
    token_sha256,
)
from motcua_desktop.sync.state import (
    ACKED_SEQ,
    BOX_PUBLIC,
    EPOCH_ID,
    SIGN_PUBLIC,
    get_state,
    set_state,
)


def _state(ctx, key):
    with ctx.db.session(readonly=True) as s:
        return get_state(s, key)


def test_first_run_makes_keys_and_ids_then_keeps_them(ctx):
    first = load_or_create_identity(ctx)
    folder = keys.keys_dir(ctx.data_dir)
    assert (folder / "sign.key").read_bytes() == first.sign_private.private_bytes_raw()
    assert (folder / "box.key").read_bytes() == first.box_private.private_bytes_raw()
    assert _state(ctx, SIGN_PUBLIC) == first.sign_public_b64
    assert _state(ctx, BOX_PUBLIC) == first.box_public_b64
    again = load_or_create_identity(ctx)
    assert again.installation_id == first.installation_id
    assert again.epoch_id == first.epoch_id
    assert again.sign_public_b64 == first.sign_public_b64
    assert again.box_public_b64 == first.box_public_b64
    signature = again.sign(b"manifest")
    first.sign_private.public_key().verify(signature, b"manifest")


def test_private_key_files_are_readable_only_by_their_owner(ctx):
    load_or_create_identity(ctx)
    folder = keys.keys_dir(ctx.data_dir)
    for name in ("sign.key", "box.key"):
        assert stat.S_IMODE(os.stat(folder / name).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder).st_mode) & 0o077 == 0


def test_new_epoch_keeps_the_installation_and_resets_the_watermark(ctx):
    identity = load_or_create_identity(ctx)
    with ctx.db.session() as s:
        set_state(s, ACKED_SEQ, 120)
    epoch = new_epoch(ctx)
    assert epoch != identity.epoch_id
    assert _state(ctx, EPOCH_ID) == epoch
    assert _state(ctx, ACKED_SEQ) == 0
    after = load_or_create_identity(ctx)
    assert (after.installation_id, after.epoch_id) == (identity.installation_id, epoch)
    assert after.sign_public_b64 == identity.sign_public_b64


def test_lost_key_files_make_new_keys_and_a_new_epoch(ctx):
    identity = load_or_create_identity(ctx)
    for name in ("sign.key", "box.key"):
        (keys.keys_dir(ctx.data_dir) / name).unlink()
    after = load_or_create_identity(ctx)
    assert after.installation_id == identity.installation_id
    assert after.epoch_id != identity.epoch_id
    assert after.sign_public_b64 != identity.sign_public_b64


def test_key_files_from_another_installation_are_refused(ctx):
    load_or_create_identity(ctx)
    folder = keys.keys_dir(ctx.data_dir)
    for name in ("sign.key", "box.key"):
        (folder / name).unlink()
        keys._write_private(folder / name, os.urandom(32))
    with pytest.raises(StorageError):
        load_or_create_identity(ctx)


def test_a_damaged_key_file_is_a_storage_error(ctx):
    load_or_create_identity(ctx)
    path = keys.keys_dir(ctx.data_dir) / "sign.key"
    path.write_bytes(b"short")
    with pytest.raises(StorageError):
        load_or_create_identity(ctx)


def test_fingerprint_is_short_and_stable(commune):
    fp = fingerprint(commune.sign_public_b64)
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){4}", fp)
    assert fp == fingerprint(commune.sign_public_b64)
    assert fp != fingerprint(commune.box_public_b64)


def test_enrolment_proof_binds_keys_to_the_token(commune):
    token = "a-long-random-enrolment-token"
    proof = enrolment_proof(token, commune.sign_public_b64, commune.box_public_b64)
    digest = token_sha256(token)
    assert check_enrolment_proof(digest, commune.sign_public_b64, commune.box_public_b64, proof)
    assert not check_enrolment_proof(
        token_sha256("another token"), commune.sign_public_b64, commune.box_public_b64, proof
    )
    assert not check_enrolment_proof(digest, commune.box_public_b64, commune.sign_public_b64, proof)
    assert not check_enrolment_proof(digest, commune.sign_public_b64, commune.box_public_b64, "")
    assert not check_enrolment_proof("zz", commune.sign_public_b64, commune.box_public_b64, proof)


def test_demo_district_keys_are_fixed(ctx):
    one, two = demo_district_keys(), demo_district_keys()
    assert one.sign_public_b64 == two.sign_public_b64
    assert one.box_public_b64 == two.box_public_b64
    assert one.installation_id == two.installation_id
    install_identity(ctx, one)
    loaded = load_or_create_identity(ctx)
    assert loaded.installation_id == one.installation_id
    assert loaded.sign_public_b64 == one.sign_public_b64


def test_install_identity_never_overwrites_other_keys(ctx, commune):
    load_or_create_identity(ctx)
    with pytest.raises(StorageError):
        install_identity(ctx, commune)
