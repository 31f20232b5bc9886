"""The bundle file (docs/bundle-format.md): a signed manifest and an encrypted, compressed payload."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import struct
import uuid
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from motcua_desktop import __version__
from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.i18n import _
from motcua_desktop.store.db import SCHEMA_HEAD
from motcua_desktop.store.models import now
from motcua_desktop.sync.deflate import Deflated, deflate
from motcua_desktop.sync.keys import Identity, b64, b64_key
from motcua_desktop.sync.manifest import (
    CIPHER,
    CIPHER_NONE,
    COMPRESSION,
    FORMAT,
    KINDS,
    BundleManifest,
    parse_manifest,
)
from motcua_desktop.sync.sealing import content_key

__all__ = [
    "FORMAT",
    "KINDS",
    "MAX_PLAINTEXT",
    "BundleManifest",
    "RawBundle",
    "bundle_sha256",
    "open_bundle",
    "open_signed",
    "read_bundle",
    "write_bundle",
]

MAGIC = b"MOTCUA\x00B"
CONTAINER_VERSION = 1
MAX_MANIFEST = 64 * 1024
SIGNATURE_SIZE = 64
# Zip-bomb guard: no payload may inflate beyond this, whatever its manifest says.
MAX_PLAINTEXT = 2 * 1024**3
HKDF_INFO = b"motcua bundle v1"
_FIELDS = {
    "kind", "recipient_id", "agency_code", "name", "epoch", "seq_from", "seq_to",
    "prev_sha256", "counts", "enrolment_proof", "bundle_id", "created_at",
}  # fmt: skip


@dataclass(frozen=True)
class RawBundle:
    """A bundle whose structure and manifest were read; nothing is verified yet."""

    manifest: BundleManifest
    manifest_bytes: bytes
    signature: bytes
    ciphertext: bytes
    sha256: str = field(default="")


def bundle_sha256(data: bytes) -> str:
    """The hash of a whole bundle file, as chained in ``prev_sha256`` and kept in ``bundle_log``."""
    return hashlib.sha256(data).hexdigest()


def _reject(code: str, message: str) -> BundleRejected:
    return BundleRejected(message, code)


def _aad(kind: str, bundle_id: str, sender_id: str, recipient_id: str) -> bytes:
    # Fixed before the manifest is signed (the manifest holds the ciphertext's hash).
    return "\x00".join(("motcua bundle v1", kind, bundle_id, sender_id, recipient_id)).encode()


def _content_key(shared: bytes, eph_pub: bytes, recipient_pub: bytes) -> bytes:
    return content_key(shared, eph_pub, recipient_pub, HKDF_INFO)


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def write_bundle(
    manifest_fields: Mapping[str, Any],
    payload: bytes | Deflated,
    sender: Identity,
    recipient_box_pub_b64: str | None,
) -> bytes:
    """A complete bundle file: ``payload`` compressed, encrypted to the recipient, manifest signed.

    ``payload`` may come already compressed (``sync.deflate``), as an export
    compresses while it reads the database.

    ``manifest_fields``: ``kind`` (required), ``recipient_id``, ``agency_code``,
    ``name`` (the sender's), ``epoch`` (default: the sender's), ``seq_from``,
    ``seq_to``, ``prev_sha256``, ``counts``, ``enrolment_proof``, and
    optionally ``bundle_id`` and ``created_at``. ``recipient_box_pub_b64`` None
    leaves the payload unencrypted, which only a "provision" file may be.
    """
    unknown = set(manifest_fields) - _FIELDS
    if unknown:
        raise ValueError(f"unknown manifest fields: {sorted(unknown)}")
    f = dict(manifest_fields)
    kind = f["kind"]
    if kind not in KINDS:
        raise ValueError(f"unknown bundle kind {kind!r}")
    if (recipient_box_pub_b64 is None) != (kind == "provision"):
        raise ValueError("only provisioning files are unencrypted, and they always are")
    bundle_id = str(f.get("bundle_id") or uuid.uuid4())
    recipient_id = str(f.get("recipient_id") or "")
    deflated = payload if isinstance(payload, Deflated) else deflate(payload)
    compressed = deflated.data
    info: dict[str, Any] = {
        "compression": COMPRESSION,
        "plain_size": deflated.plain_size,
    }
    if recipient_box_pub_b64 is None:
        body = compressed
        info.update(cipher=CIPHER_NONE, ephemeral_pub="", nonce="")
    else:
        recipient_raw = b64_key(recipient_box_pub_b64)
        if recipient_raw is None:
            raise ValueError("the recipient's box key is not a base64 X25519 public key")
        eph = X25519PrivateKey.generate()
        eph_pub = eph.public_key().public_bytes_raw()
        key = _content_key(
            eph.exchange(X25519PublicKey.from_public_bytes(recipient_raw)), eph_pub, recipient_raw
        )
        nonce = os.urandom(12)
        aad = _aad(kind, bundle_id, sender.installation_id, recipient_id)
        body = ChaCha20Poly1305(key).encrypt(nonce, compressed, aad)
        info.update(cipher=CIPHER, ephemeral_pub=b64(eph_pub), nonce=b64(nonce))
    info.update(sha256=hashlib.sha256(body).hexdigest(), size=len(body))
    manifest = {
        "format": FORMAT,
        "kind": kind,
        "bundle_id": bundle_id,
        "created_at": str(f.get("created_at") or now().isoformat()),
        "sender": {
            "installation_id": sender.installation_id,
            "agency_code": str(f.get("agency_code") or ""),
            "name": str(f.get("name") or ""),
            "sign_pub": sender.sign_public_b64,
            "box_pub": sender.box_public_b64,
        },
        "recipient": {"installation_id": recipient_id, "box_pub": recipient_box_pub_b64 or ""},
        "epoch": str(f.get("epoch") or sender.epoch_id),
        "seq_from": int(f.get("seq_from", 0)),
        "seq_to": int(f.get("seq_to", 0)),
        "prev_sha256": str(f.get("prev_sha256") or ""),
        "counts": {str(k): int(v) for k, v in (f.get("counts") or {}).items()},
        "schema": SCHEMA_HEAD,
        "app": __version__,
        "payload": info,
    }
    if f.get("enrolment_proof"):
        manifest["enrolment_proof"] = str(f["enrolment_proof"])
    manifest_bytes = canonical_json(manifest)
    parse_manifest(manifest_bytes)  # a writer must never make what its reader refuses
    signature = sender.sign(manifest_bytes)
    return b"".join(
        (
            MAGIC,
            bytes([CONTAINER_VERSION]),
            struct.pack(">I", len(manifest_bytes)),
            manifest_bytes,
            struct.pack(">H", len(signature)),
            signature,
            struct.pack(">Q", len(body)),
            body,
        )
    )


def _truncated() -> BundleRejected:
    return _reject(
        "truncated",
        _("The bundle file is incomplete (cut short); copy it again from the sender's stick."),
    )


def read_bundle(data: bytes) -> RawBundle:
    """Split a bundle file into its parts and read its manifest; checks structure only."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise _reject("not-a-bundle", _("This is not a bundle file."))
    data = bytes(data)
    if len(data) < len(MAGIC) and MAGIC.startswith(data) and data:
        raise _truncated()
    if not data.startswith(MAGIC):
        raise _reject("not-a-bundle", _("This is not a bundle file of this program."))
    pos = len(MAGIC)
    if len(data) < pos + 1:
        raise _truncated()
    version = data[pos]
    if version > CONTAINER_VERSION:
        raise newer_format()
    if version != CONTAINER_VERSION:
        raise _reject("not-a-bundle", _("This is not a bundle file of this program."))
    pos += 1
    parts = []
    for size_format, cap in ((">I", MAX_MANIFEST), (">H", SIGNATURE_SIZE), (">Q", None)):
        width = struct.calcsize(size_format)
        if len(data) < pos + width:
            raise _truncated()
        (length,) = struct.unpack_from(size_format, data, pos)
        pos += width
        if cap is not None and length > cap:
            raise _reject("bad-manifest", _("The bundle file is damaged (a length is wrong)."))
        if len(data) < pos + length:
            raise _truncated()
        parts.append(data[pos : pos + length])
        pos += length
    if pos != len(data):
        raise _reject(
            "trailing-bytes",
            _("The bundle file has extra bytes at its end; it was damaged while copying."),
        )
    manifest_bytes, signature, body = parts
    if len(signature) != SIGNATURE_SIZE:
        raise _reject("bad-signature", _("The bundle's signature is damaged."))
    manifest = parse_manifest(manifest_bytes)
    return RawBundle(manifest, manifest_bytes, signature, body, bundle_sha256(data))


def newer_format() -> BundleRejected:
    return _reject(
        "newer-format",
        _(
            "This bundle was made by a newer version of the program; update the program on this "
            "computer, then import it again."
        ),
    )


def _verify(raw: RawBundle, sender_sign_pub_b64: str) -> None:
    m = raw.manifest
    if m.sender.sign_pub != sender_sign_pub_b64:
        raise _reject(
            "unknown-sender",
            _(
                "This bundle was signed by {name} ({installation}), whose key this installation "
                "does not know; it was not imported."
            ).format(name=m.sender.name or "?", installation=m.sender.installation_id),
        )
    key = b64_key(sender_sign_pub_b64)
    try:
        if key is None:
            raise InvalidSignature
        Ed25519PublicKey.from_public_bytes(key).verify(raw.signature, raw.manifest_bytes)
    except (InvalidSignature, ValueError):
        raise _reject(
            "bad-signature",
            _(
                "The bundle's signature does not match: it was altered or damaged after it was made."
            ),
        ) from None
    if hashlib.sha256(raw.ciphertext).hexdigest() != m.payload.sha256 or (
        len(raw.ciphertext) != m.payload.size
    ):
        raise _reject(
            "payload-hash",
            _("The bundle's content does not match its signed hash: it was damaged or altered."),
        )


def _inflate(compressed: bytes, plain_size: int, cap: int) -> bytes:
    if plain_size > cap:
        raise _reject(
            "too-large",
            _("The bundle's content is larger than this program accepts ({size} bytes).").format(
                size=plain_size
            ),
        )
    budget = min(plain_size, cap)
    inflater = zlib.decompressobj()
    try:
        out = bytearray(inflater.decompress(compressed, budget + 1))
        while not inflater.eof and len(out) <= budget:
            chunk = inflater.decompress(inflater.unconsumed_tail, budget + 1 - len(out))
            if not chunk:
                break
            out += chunk
    except zlib.error:
        raise _reject("bad-payload", _("The bundle's content cannot be unpacked.")) from None
    if len(out) != plain_size or not inflater.eof or inflater.unused_data:
        raise _reject(
            "bad-payload", _("The bundle's content does not have the size its manifest says.")
        )
    return bytes(out)


def open_bundle(
    data: bytes,
    *,
    my_identity: Identity,
    sender_sign_pub_b64: str,
    max_plaintext: int | None = None,
) -> tuple[BundleManifest, bytes]:
    """Verify a bundle made for this installation and return its manifest and plain payload.

    Order: structure, format version, recipient, signature by the expected
    sender key, payload hash, decryption, bounded decompression.
    """
    raw = read_bundle(data)
    m = raw.manifest
    if (
        m.recipient.installation_id != my_identity.installation_id
        or m.recipient.box_pub != my_identity.box_public_b64
    ):
        raise _reject(
            "wrong-recipient",
            _(
                "This bundle is addressed to another installation ({installation}); it was not "
                "imported here."
            ).format(installation=m.recipient.installation_id or "?"),
        )
    _verify(raw, sender_sign_pub_b64)
    if m.payload.cipher != CIPHER:
        raise _reject("not-encrypted", _("This bundle is not encrypted; it was not imported."))
    eph_pub = b64_key(m.payload.ephemeral_pub)
    try:
        nonce = base64.b64decode(m.payload.nonce, validate=True)
        if eph_pub is None or len(nonce) != 12:
            raise ValueError
        shared = my_identity.box_private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        key = _content_key(shared, eph_pub, b64_key(my_identity.box_public_b64) or b"")
        aad = _aad(m.kind, m.bundle_id, m.sender.installation_id, m.recipient.installation_id)
        compressed = ChaCha20Poly1305(key).decrypt(nonce, raw.ciphertext, aad)
    except (InvalidTag, ValueError, binascii.Error):
        raise _reject(
            "decrypt-failed",
            _("The bundle cannot be decrypted with this installation's key."),
        ) from None
    cap = MAX_PLAINTEXT if max_plaintext is None else max_plaintext
    return m, _inflate(compressed, m.payload.plain_size, cap)


def open_signed(
    data: bytes, *, sender_sign_pub_b64: str | None = None, max_plaintext: int | None = None
) -> tuple[BundleManifest, bytes]:
    """Verify an unencrypted signed file (a provisioning file) and return its payload.

    Without ``sender_sign_pub_b64`` the key named inside the file is used
    (trust on first use: the caller shows its fingerprint to a person).
    """
    raw = read_bundle(data)
    m = raw.manifest
    _verify(raw, m.sender.sign_pub if sender_sign_pub_b64 is None else sender_sign_pub_b64)
    if m.payload.cipher != CIPHER_NONE:
        raise _reject("bad-manifest", _("This file is encrypted; it is not a provisioning file."))
    cap = MAX_PLAINTEXT if max_plaintext is None else max_plaintext
    return m, _inflate(raw.ciphertext, m.payload.plain_size, cap)
