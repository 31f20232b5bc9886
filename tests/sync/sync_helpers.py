"""Helpers for the sync tests: identities, a commune profile, and a bundle forger."""

from __future__ import annotations

import json
import struct
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.sync import bundle
from motcua_desktop.sync.keys import Identity

AGENCY = "000.31.25.H56"
PROFILE = CommuneProfile(
    commune_name="Xã An Phú",
    parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
    unit_name="BỘ PHẬN MỘT CỬA",
    agency_code=AGENCY,
    place_name="An Phú",
    phone="0296 3123 456",
)


def make_identity() -> Identity:
    return Identity(
        str(uuid.uuid4()),
        str(uuid.uuid4()),
        Ed25519PrivateKey.generate(),
        X25519PrivateKey.generate(),
    )


def assemble(manifest_bytes: bytes, signature: bytes, body: bytes, version: int = 1) -> bytes:
    """A container from its parts, as ``write_bundle`` lays it out (for forged bundles)."""
    return b"".join(
        (
            bundle.MAGIC,
            bytes([version]),
            struct.pack(">I", len(manifest_bytes)),
            manifest_bytes,
            struct.pack(">H", len(signature)),
            signature,
            struct.pack(">Q", len(body)),
            body,
        )
    )


def resign(data: bytes, signer: Identity, edit=None, body: bytes | None = None) -> bytes:
    """``data`` with its manifest edited by ``edit(dict)`` and signed again by ``signer``."""
    raw = bundle.read_bundle(data)
    manifest = json.loads(raw.manifest_bytes)
    if edit is not None:
        edit(manifest)
    manifest_bytes = bundle.canonical_json(manifest)
    return assemble(
        manifest_bytes, signer.sign(manifest_bytes), raw.ciphertext if body is None else body
    )
