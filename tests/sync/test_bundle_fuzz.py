"""Fuzzing the readers: whatever the bytes, the only exception is BundleRejected."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_helpers import assemble, make_identity, resign

from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.sync import bundle
from motcua_desktop.sync.bundle import open_bundle, open_signed, read_bundle, write_bundle
from motcua_desktop.sync.downlink import Ack, ConfigUpdate
from motcua_desktop.sync.payload import decode_rows
from motcua_desktop.sync.provisioning import read_provisioning

COMMUNE = make_identity()
DISTRICT = make_identity()
VALID = write_bundle(
    {
        "kind": "data",
        "recipient_id": DISTRICT.installation_id,
        "agency_code": "000.31.25.H56",
        "seq_from": 1,
        "seq_to": 3,
        "counts": {"dossiers": 2},
    },
    b'{"t":"dossiers"}\n' * 30,
    COMMUNE,
    DISTRICT.box_public_b64,
)
FUZZ = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _only_rejections(data: bytes) -> None:
    for reader in (
        lambda: read_bundle(data),
        lambda: open_bundle(
            data, my_identity=DISTRICT, sender_sign_pub_b64=COMMUNE.sign_public_b64
        ),
        lambda: open_signed(data),
        lambda: read_provisioning(data),
    ):
        try:
            reader()
        except BundleRejected as exc:
            assert exc.reason_code and exc.message


@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data):
    _only_rejections(data)


@FUZZ
@given(st.binary(max_size=600))
def test_bytes_after_a_valid_header(tail):
    _only_rejections(bundle.MAGIC + b"\x01" + tail)


@st.composite
def mutated(draw):
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "set", "insert", "delete", "cut"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif action == "set" and data:
            data[pos] = draw(st.integers(0, 255))
        elif action == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif action == "delete":
            del data[pos : pos + draw(st.integers(1, 16))]
        else:
            del data[pos:]
    return bytes(data)


@FUZZ
@given(mutated())
def test_mutated_valid_bundles(data):
    _only_rejections(data)


@FUZZ
@given(st.sampled_from(sorted(json.loads(read_bundle(VALID).manifest_bytes))), JSON)
def test_properly_signed_manifests_with_odd_values(key, value):
    def edit(manifest):
        manifest[key] = value

    _only_rejections(resign(VALID, COMMUNE, edit))


@FUZZ
@given(JSON)
def test_properly_signed_manifests_of_any_shape(value):
    manifest = bundle.canonical_json(value)
    _only_rejections(assemble(manifest, COMMUNE.sign(manifest), b""))


@FUZZ
@given(
    st.binary(max_size=2048)
    | st.lists(JSON, max_size=4).map(
        lambda rows: b"".join(json.dumps(r).encode() + b"\n" for r in rows)
    )
)
def test_payload_readers(payload):
    for reader in (lambda: list(decode_rows(payload)), lambda: Ack.from_payload(payload),
                   lambda: ConfigUpdate.from_payload(payload)):  # fmt: skip
        try:
            reader()
        except BundleRejected as exc:
            assert exc.reason_code == "bad-payload"


ROW_LIKE = st.fixed_dictionaries(
    {
        "t": st.sampled_from(["dossiers", "dossier_events", "handovers", "users"]),
        "id": st.just("r-1") | st.text(max_size=5),
        "v": st.just(1) | st.integers(),
        "op": st.sampled_from(["insert", "update", "delete"]),
        "row": st.dictionaries(
            st.sampled_from(["id", "version", "received_at", "status", "data", "search_id", "x"]),
            JSON | st.sampled_from(["2026-03-10T09:15:00", "2026-13-01", "r-1"]),
        ),
    }
)


@FUZZ
@given(st.lists(ROW_LIKE, min_size=1, max_size=3))
def test_row_shaped_payloads(rows):
    payload = b"".join(json.dumps(r).encode() + b"\n" for r in rows)
    try:
        list(decode_rows(payload))
    except BundleRejected as exc:
        assert exc.reason_code == "bad-payload"


@FUZZ
@given(st.sampled_from(["catalogue", "holidays", "templates"]), JSON)
def test_config_shaped_payloads(part, value):
    payload = json.dumps({"config_version": "1", part: value}).encode()
    try:
        ConfigUpdate.from_payload(payload)
    except BundleRejected as exc:
        assert exc.reason_code == "bad-payload"
