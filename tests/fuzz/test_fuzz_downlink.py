"""Fuzzing the config-bundle payloads: ConfigUpdate and Ack raise only BundleRejected("bad-payload")."""

from __future__ import annotations

import json

from fuzz_helpers import FUZZ, JSON, dump, load_json, mutated_bytes, mutated_json
from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.sync.downlink import Ack, ConfigUpdate

CATALOGUE = load_json("catalogue", "procedures.json")
HOLIDAYS = {
    "version": "2026.1",
    "days": [
        {"day": "2026-04-30", "kind": "off", "note": "Ngày Chiến thắng"},
        {"day": "2026-05-09", "kind": "working", "note": "Làm bù"},
    ],
}
TEMPLATES = {
    "version": "3",
    "items": {
        "evaluation": load_json("surveys", "evaluation-v1.json"),
        "audit": load_json("checklists", "iso9001-internal-audit-v1.json"),
    },
}
UPDATE = {
    "config_version": "7",
    "catalogue": CATALOGUE,
    "holidays": HOLIDAYS,
    "templates": TEMPLATES,
}
ACK = {"epoch": "e-1", "acked_seq": 12, "gaps": [[14, 15]], "bundles": ["b-1"]}


def _only_bad_payload(payload: bytes) -> None:
    for reader in (ConfigUpdate.from_payload, Ack.from_payload):
        try:
            got = reader(payload)
        except BundleRejected as exc:
            assert exc.reason_code == "bad-payload" and exc.message.strip()
        else:  # what is accepted encodes and reads back the same
            assert reader(got.to_payload()) == got


def test_the_real_parts_are_accepted():
    update = ConfigUpdate.from_payload(json.dumps(UPDATE).encode())
    assert update.versions() == {"catalogue": "2026.1", "holidays": "2026.1", "templates": "3"}
    assert Ack.from_payload(json.dumps(ACK).encode()).acked_seq == 12


@FUZZ
@given(mutated_json(UPDATE, 6))
def test_config_updates_with_wrong_values(doc):
    _only_bad_payload(dump(doc))


@FUZZ
@given(mutated_json(ACK) | mutated_json(HOLIDAYS).map(lambda h: {**UPDATE, "holidays": h}))
def test_acks_and_holiday_tables_with_wrong_values(doc):
    _only_bad_payload(dump(doc))


@FUZZ
@given(mutated_bytes(json.dumps(UPDATE, ensure_ascii=False).encode()) | st.binary(max_size=512))
def test_damaged_payloads(payload):
    _only_bad_payload(payload)


@FUZZ
@given(JSON)
def test_payloads_of_any_shape(doc):
    _only_bad_payload(dump(doc))
