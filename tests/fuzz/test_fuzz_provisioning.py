"""Fuzzing provisioning files: properly signed by the district but with wrong contents.

``read_provisioning`` raises only BundleRejected; ``accept_provisioning``
raises only typed errors and, when it refuses a file, has changed nothing.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fuzz_helpers import FUZZ, PROFILE, dump, load_json, mutated_bytes, mutated_json
from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from motcua_desktop.domain.errors import BundleRejected, MotcuaError
from motcua_desktop.services import settings
from motcua_desktop.services.context import open_app
from motcua_desktop.services.provisioning import accept_provisioning
from motcua_desktop.store.models import CalendarDay, ProcedureRow
from motcua_desktop.sync.bundle import write_bundle
from motcua_desktop.sync.keys import Identity
from motcua_desktop.sync.provisioning import KIND, make_provisioning, read_provisioning
from motcua_desktop.sync.state import DISTRICT, get_state

DISTRICT_ID = Identity(
    str(uuid.uuid4()), str(uuid.uuid4()), Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
)
HOLIDAYS = {"version": "2026.1", "days": [{"day": "2026-04-30", "kind": "off", "note": "Lễ"}]}
VALID = make_provisioning(
    DISTRICT_ID,
    "Huyện Châu Thành",
    PROFILE,
    load_json("catalogue", "procedures.json"),
    HOLIDAYS,
    "t" * 24,
    {"version": "1", "items": {"audit": load_json("checklists", "iso9001-internal-audit-v1.json")}},
)
BODY = json.loads(json.dumps(asdict(read_provisioning(VALID)), default=str))
BODY["district"] = {
    k: BODY["district"][k] for k in ("installation_id", "name", "sign_pub", "box_pub")
}


def _signed(body: bytes) -> bytes:
    return write_bundle(
        {"kind": KIND, "name": "Huyện", "recipient_id": ""}, body, DISTRICT_ID, None
    )


def _read(data: bytes):
    try:
        return read_provisioning(data)
    except BundleRejected as exc:
        assert exc.reason_code and exc.message.strip()
        return None


@pytest.fixture(scope="module")
def fresh(workdir):
    app = open_app(workdir / "fresh")
    yield app
    app.close()


def _snapshot(ctx):
    with ctx.db.session(readonly=True) as s:
        return (
            settings.read(s, "profile"),
            get_state(s, DISTRICT),
            settings.read(s, "catalogue"),
            s.scalar(select(func.count()).select_from(ProcedureRow)),
            s.scalar(select(func.count()).select_from(CalendarDay)),
            settings.read(s, "templates"),
        )


def test_the_valid_file_is_accepted(fresh):
    assert _read(_signed(dump(BODY))) is not None


@FUZZ
@given(mutated_json(BODY, 5))
def test_signed_files_with_wrong_values(fresh, doc):
    data = _signed(dump(doc))
    if _read(data) is None:
        event("refused when read")
        return
    before = _snapshot(fresh)
    try:
        accept_provisioning(fresh, data)
        event("accepted")
    except MotcuaError as exc:
        event(f"refused when accepted: {type(exc).__name__}")
        assert exc.message.strip()
        assert _snapshot(fresh) == before, "a refused provisioning file changed the installation"


@FUZZ
@given(mutated_bytes(dump(BODY)))
def test_signed_files_with_damaged_bodies(doc):
    _read(_signed(doc))


@FUZZ
@given(mutated_bytes(VALID))
def test_damaged_files(data):
    _read(data)


PARTS = [
    "catalogue",
    "profile",
    "holidays",
    "templates",
    "district",
    "enrolment_token",
    "issued_at",
]


@FUZZ
@given(st.sampled_from(PARTS).flatmap(
    lambda part: mutated_json(BODY[part], 3).map(lambda value: {**BODY, part: value})
))  # fmt: skip
def test_signed_files_with_one_wrong_part(fresh, doc):
    test_signed_files_with_wrong_values.hypothesis.inner_test(fresh, doc)
