"""The district's payload reader agrees with ``sync.payload`` and refuses what it refuses."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.services.district_apply import decode_payload
from motcua_desktop.sync.payload import decode_rows, encode_rows


def _event(**row) -> dict:
    base = {
        "id": "e1", "version": 2, "created_at": "2026-03-02T08:00:00",
        "updated_at": "2026-03-02T08:05:00", "created_by": None, "dossier_id": "d1",
        "at": "2026-03-02T08:00:00", "actor": None, "kind": "received", "from_status": None,
        "to_status": 2, "note": "dòng 1\ndòng 2", "data": {"channel": 1},
    }  # fmt: skip
    base.update(row)
    return {
        "t": "dossier_events",
        "id": base["id"],
        "v": base["version"],
        "op": "update",
        "row": base,
    }


def test_same_values_as_the_sync_reader():
    payload = encode_rows([_event(), _event(id="e2", version=1)])
    mine = decode_payload(payload)["dossier_events"]
    theirs = [r["row"] for r in decode_rows(payload)]
    for a, b in zip(mine, theirs, strict=True):
        assert {k: a[k] for k in b} == b
    assert mine[0]["at"] == datetime(2026, 3, 2, 8, 0) and mine[0]["note"] == "dòng 1\ndòng 2"


@pytest.mark.parametrize(
    "bad",
    [
        _event(kind=None),  # NOT NULL
        _event(at="yesterday"),
        _event(to_status="2"),
        _event(kind="x" * 33),  # longer than the column
        _event(secret="x"),  # unknown column
        _event(origin_id="c1"),  # a district-only column
        {**_event(), "t": "users"},  # not a travelling table
        {**_event(), "v": 3},  # version differs from the row's
    ],
)
def test_refuses_bad_rows(bad):
    with pytest.raises(BundleRejected) as exc:
        decode_payload(encode_rows([_event(id="ok"), bad]))
    assert exc.value.reason_code == "bad-payload"


def test_refuses_two_records_on_one_line_and_a_cut_line():
    line = json.dumps(_event()).encode()
    with pytest.raises(BundleRejected):
        decode_payload(line + b"," + line + b"\n")
    with pytest.raises(BundleRejected):
        decode_payload(line)
