"""The bundle container: round trip, and every kind of damage or forgery ends in BundleRejected."""

from __future__ import annotations

import hashlib
import json
import zlib

import pytest
from sync_helpers import assemble, make_identity, resign

from motcua_desktop import __version__, i18n
from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.store.db import SCHEMA_HEAD
from motcua_desktop.sync import bundle
from motcua_desktop.sync.bundle import open_bundle, open_signed, read_bundle, write_bundle

PAYLOAD = b"".join(
    json.dumps({"t": "dossiers", "id": f"row-{i}", "v": 1}).encode() + b"\n" for i in range(40)
)


def _fields(recipient, **kw):
    return {
        "kind": "data",
        "recipient_id": recipient.installation_id,
        "agency_code": "000.31.25.H56",
        "name": "Xã An Phú",
        "seq_from": 1,
        "seq_to": 57,
        "counts": {"dossiers": 40},
        **kw,
    }


@pytest.fixture
def data_bundle(commune, district):
    return write_bundle(_fields(district), PAYLOAD, commune, district.box_public_b64)


def _open(data, district, commune):
    return open_bundle(data, my_identity=district, sender_sign_pub_b64=commune.sign_public_b64)


def _rejected(data, district, commune) -> str:
    with pytest.raises(BundleRejected) as info:
        _open(data, district, commune)
    assert info.value.message
    return info.value.reason_code


def test_round_trip(data_bundle, commune, district):
    manifest, payload = _open(data_bundle, district, commune)
    assert payload == PAYLOAD
    assert manifest.kind == "data"
    assert manifest.format == bundle.FORMAT
    assert (manifest.seq_from, manifest.seq_to) == (1, 57)
    assert manifest.counts == {"dossiers": 40}
    assert manifest.sender.installation_id == commune.installation_id
    assert manifest.sender.sign_pub == commune.sign_public_b64
    assert manifest.sender.agency_code == "000.31.25.H56"
    assert manifest.recipient.installation_id == district.installation_id
    assert manifest.epoch == commune.epoch_id
    assert manifest.schema == SCHEMA_HEAD and manifest.app == __version__
    assert manifest.prev_sha256 == ""
    assert manifest.payload.plain_size == len(PAYLOAD)
    assert manifest.payload.size < len(PAYLOAD)  # compressed before encryption


def test_payload_is_encrypted_and_each_bundle_uses_a_fresh_key(commune, district):
    secret = b'{"name":"Tr\xe1\xba\xa7n Th\xe1\xbb\x8b B\xc3\xadch H\xe1\xba\xb1ng"}\n' * 5
    one = write_bundle(_fields(district), secret, commune, district.box_public_b64)
    two = write_bundle(_fields(district), secret, commune, district.box_public_b64)
    raw_one, raw_two = read_bundle(one), read_bundle(two)
    assert zlib.compress(secret, 6) not in one
    assert raw_one.ciphertext != raw_two.ciphertext
    assert raw_one.manifest.payload.ephemeral_pub != raw_two.manifest.payload.ephemeral_pub


def test_prev_hash_chains_bundles(data_bundle, commune, district):
    prev = bundle.bundle_sha256(data_bundle)
    nxt = write_bundle(_fields(district, prev_sha256=prev), b"", commune, district.box_public_b64)
    manifest, payload = _open(nxt, district, commune)
    assert manifest.prev_sha256 == prev == hashlib.sha256(data_bundle).hexdigest()
    assert payload == b""
    assert read_bundle(nxt).sha256 == bundle.bundle_sha256(nxt)


def test_every_bit_flip_is_rejected(data_bundle, commune, district):
    assert 600 < len(data_bundle) < 2500
    codes = set()
    for bit in range(len(data_bundle) * 8):
        damaged = bytearray(data_bundle)
        damaged[bit // 8] ^= 1 << (bit % 8)
        codes.add(_rejected(bytes(damaged), district, commune))
    assert {"not-a-bundle", "bad-manifest", "bad-signature", "payload-hash"} <= codes


def test_every_truncation_is_rejected(data_bundle, commune, district):
    for length in range(len(data_bundle)):
        code = _rejected(data_bundle[:length], district, commune)
        assert code == ("not-a-bundle" if length == 0 else "truncated")


def test_trailing_bytes_are_rejected(data_bundle, commune, district):
    assert _rejected(data_bundle + b"\x00", district, commune) == "trailing-bytes"


def test_bundle_for_another_recipient(data_bundle, commune):
    other = make_identity()
    assert _rejected(data_bundle, other, commune) == "wrong-recipient"


def test_same_installation_with_new_keys_is_the_wrong_recipient(data_bundle, commune, district):
    rekeyed = make_identity()
    rekeyed = type(rekeyed)(
        district.installation_id, district.epoch_id, district.sign_private, rekeyed.box_private
    )
    assert _rejected(data_bundle, rekeyed, commune) == "wrong-recipient"


def test_bundle_signed_by_an_unknown_key(commune, district):
    stranger = make_identity()
    data = write_bundle(_fields(district), PAYLOAD, stranger, district.box_public_b64)
    assert _rejected(data, district, commune) == "unknown-sender"


def test_bundle_claiming_a_known_key_but_signed_by_another(data_bundle, commune, district):
    forged = resign(data_bundle, make_identity())
    assert _rejected(forged, district, commune) == "bad-signature"


def test_newer_major_format_asks_for_an_update(data_bundle, commune, district):
    newer = resign(data_bundle, commune, lambda m: m.update(format="2.0"))
    i18n.set_language("en")
    with pytest.raises(BundleRejected) as info:
        _open(newer, district, commune)
    assert info.value.reason_code == "newer-format"
    assert "update the program" in info.value.message


def test_newer_container_version_is_a_newer_format(data_bundle, commune, district):
    raw = read_bundle(data_bundle)
    newer = assemble(raw.manifest_bytes, raw.signature, raw.ciphertext, version=2)
    assert _rejected(newer, district, commune) == "newer-format"


def test_older_reader_ignores_fields_of_a_newer_minor(data_bundle, commune, district):
    def newer_minor(m):
        m.update(format="1.7", priority="high")
        m["sender"]["district_code"] = "H56"
        m["payload"]["chunking"] = None

    newer = resign(data_bundle, commune, newer_minor)
    manifest, payload = _open(newer, district, commune)
    assert payload == PAYLOAD
    assert manifest.format == "1.7"
    assert manifest.extra == {"priority": "high"}


def test_payload_hash_mismatch(data_bundle, commune, district):
    raw = read_bundle(data_bundle)
    body = bytearray(raw.ciphertext)
    body[5] ^= 0x40
    damaged = assemble(raw.manifest_bytes, raw.signature, bytes(body))
    assert _rejected(damaged, district, commune) == "payload-hash"


def test_ciphertext_that_matches_a_forged_hash_does_not_decrypt(data_bundle, commune, district):
    body = bytes(len(read_bundle(data_bundle).ciphertext))

    def rehash(m):
        m["payload"]["sha256"] = hashlib.sha256(body).hexdigest()

    forged = resign(data_bundle, commune, rehash, body=body)
    assert _rejected(forged, district, commune) == "decrypt-failed"


def test_decompression_is_capped(commune, district):
    bomb = bytes(8 * 1024 * 1024)
    data = write_bundle(_fields(district), bomb, commune, district.box_public_b64)
    assert len(data) < 64 * 1024
    with pytest.raises(BundleRejected) as info:
        open_bundle(
            data,
            my_identity=district,
            sender_sign_pub_b64=commune.sign_public_b64,
            max_plaintext=1024 * 1024,
        )
    assert info.value.reason_code == "too-large"


def test_a_manifest_understating_the_size_does_not_inflate_everything(commune, district):
    data = write_bundle(_fields(district), bytes(4 * 1024 * 1024), commune, district.box_public_b64)
    liar = resign(data, commune, lambda m: m["payload"].update(plain_size=1000))
    assert _rejected(liar, district, commune) == "bad-payload"


def test_unencrypted_bundles_are_refused_by_open_bundle(commune, district):
    data = write_bundle({"kind": "provision"}, b"{}", district, None)
    forged = resign(
        data,
        district,
        lambda m: m.update(
            kind="config",
            recipient={
                "installation_id": commune.installation_id,
                "box_pub": commune.box_public_b64,
            },
        ),
    )
    with pytest.raises(BundleRejected) as info:
        open_bundle(forged, my_identity=commune, sender_sign_pub_b64=district.sign_public_b64)
    assert info.value.reason_code == "not-encrypted"


def test_signed_plain_file_round_trip_and_refusals(data_bundle, district):
    data = write_bundle({"kind": "provision", "name": "Huyện"}, b'{"a":1}', district, None)
    manifest, payload = open_signed(data)
    assert (manifest.kind, payload) == ("provision", b'{"a":1}')
    with pytest.raises(BundleRejected) as info:
        open_signed(data, sender_sign_pub_b64=make_identity().sign_public_b64)
    assert info.value.reason_code == "unknown-sender"
    with pytest.raises(BundleRejected) as info:
        open_signed(data_bundle)
    assert info.value.reason_code == "bad-manifest"


def test_unknown_kind_and_bad_fields(data_bundle, commune, district):
    odd = resign(data_bundle, commune, lambda m: m.update(kind="gossip"))
    assert _rejected(odd, district, commune) == "unknown-kind"
    for edit in (
        lambda m: m.update(seq_from=True),
        lambda m: m.update(seq_from=10, seq_to=3),
        lambda m: m.update(prev_sha256="abc"),
        lambda m: m["counts"].update(dossiers=-1),
        lambda m: m["sender"].update(sign_pub="not a key"),
        lambda m: m.pop("epoch"),
        lambda m: m.update(format="1"),
    ):
        assert _rejected(resign(data_bundle, commune, edit), district, commune) == "bad-manifest"


def test_writer_refuses_programming_mistakes(commune, district):
    with pytest.raises(ValueError):
        write_bundle({"kind": "data", "colour": "red"}, b"", commune, district.box_public_b64)
    with pytest.raises(ValueError):
        write_bundle({"kind": "data"}, b"", commune, None)
    with pytest.raises(ValueError):
        write_bundle({"kind": "provision"}, b"", commune, district.box_public_b64)
