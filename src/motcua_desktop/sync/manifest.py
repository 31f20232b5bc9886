"""The signed manifest of a bundle: its fields, and a strict reader that only raises BundleRejected."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.i18n import _
from motcua_desktop.sync.keys import b64_key

FORMAT = "1.0"
FORMAT_MAJOR = 1
KINDS = ("data", "ack", "config", "provision")
COMPRESSION = "zlib"
CIPHER = "X25519-HKDF-SHA256-ChaCha20Poly1305"
CIPHER_NONE = "none"

_FORMAT_RE = re.compile(r"^(\d{1,4})\.(\d{1,4})$")
_HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
_MAX_INT = 2**63 - 1


@dataclass(frozen=True)
class Sender:
    installation_id: str
    agency_code: str
    name: str
    sign_pub: str
    box_pub: str


@dataclass(frozen=True)
class Recipient:
    installation_id: str
    box_pub: str  # "" for a provisioning file, which has no recipient yet


@dataclass(frozen=True)
class PayloadInfo:
    sha256: str  # of the payload bytes as stored (the ciphertext)
    size: int  # stored bytes
    plain_size: int  # bytes after decryption and decompression
    compression: str
    cipher: str
    ephemeral_pub: str
    nonce: str


@dataclass(frozen=True)
class BundleManifest:
    """What a bundle says about itself; trustworthy only after ``open_bundle`` verified it."""

    format: str
    kind: str
    bundle_id: str
    created_at: str
    sender: Sender
    recipient: Recipient
    epoch: str
    seq_from: int
    seq_to: int
    prev_sha256: str
    counts: dict[str, int]
    schema: str
    app: str
    payload: PayloadInfo
    enrolment_proof: str = ""
    # Fields of a newer minor format that this reader does not know; kept, never used.
    extra: dict[str, Any] = field(default_factory=dict)


class _Bad(Exception):
    def __init__(self, where: str) -> None:
        self.where = where


def _str(obj: dict, key: str, where: str, *, max_len: int = 64, empty: bool = False) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or len(value) > max_len or (not empty and not value):
        raise _Bad(where + key)
    return value


def _int(obj: dict, key: str, where: str) -> int:
    value = obj.get(key)
    if type(value) is not int or not 0 <= value <= _MAX_INT:
        raise _Bad(where + key)
    return value


def _dict(obj: dict, key: str) -> dict:
    value = obj.get(key)
    if not isinstance(value, dict):
        raise _Bad(key)
    return value


def _key(obj: dict, key: str, where: str, *, empty: bool = False) -> str:
    value = obj.get(key)
    if empty and value == "":
        return value
    if b64_key(value) is None:
        raise _Bad(where + key)
    return value  # type: ignore[return-value]


def _hex(obj: dict, key: str, where: str, *, empty: bool = False) -> str:
    value = obj.get(key)
    if empty and value == "":
        return value
    if not isinstance(value, str) or not _HEX64_RE.match(value):
        raise _Bad(where + key)
    return value


def _bad_manifest(where: str) -> BundleRejected:
    return BundleRejected(
        _("The bundle's manifest is damaged or incomplete (at {field}).").format(field=where),
        "bad-manifest",
    )


def check_format(value: object) -> str:
    """The format string if this reader can read it; newer majors are refused in plain words."""
    match = _FORMAT_RE.match(value) if isinstance(value, str) else None
    if match is None:
        raise _bad_manifest("format")
    major = int(match.group(1))
    if major > FORMAT_MAJOR:
        raise BundleRejected(
            _(
                "This bundle was made by a newer version of the program (format {version}); "
                "update the program on this computer, then import it again."
            ).format(version=value),
            "newer-format",
        )
    if major < FORMAT_MAJOR:
        raise _bad_manifest("format")
    return value  # type: ignore[return-value]


def parse_manifest(data: bytes) -> BundleManifest:
    """Decode and check a manifest's fields and types; BundleRejected on any fault."""
    try:
        obj = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        raise _bad_manifest("JSON") from None
    if not isinstance(obj, dict):
        raise _bad_manifest("JSON")
    fmt = check_format(obj.get("format"))
    kind = obj.get("kind")
    if kind not in KINDS:
        raise BundleRejected(
            _("This file is of a kind this program does not know ({kind}).").format(
                kind=str(kind)[:32]
            ),
            "unknown-kind",
        )
    try:
        s, r, p = _dict(obj, "sender"), _dict(obj, "recipient"), _dict(obj, "payload")
        counts = _dict(obj, "counts")
        for table, n in counts.items():
            if type(n) is not int or not 0 <= n <= _MAX_INT or len(table) > 64:
                raise _Bad("counts." + table[:64])
        seq_from, seq_to = _int(obj, "seq_from", ""), _int(obj, "seq_to", "")
        if seq_from > seq_to + 1:
            raise _Bad("seq_from")
        proof = obj.get("enrolment_proof", "")
        if not isinstance(proof, str) or len(proof) > 128:
            raise _Bad("enrolment_proof")
        payload = PayloadInfo(
            sha256=_hex(p, "sha256", "payload."),
            size=_int(p, "size", "payload."),
            plain_size=_int(p, "plain_size", "payload."),
            compression=_str(p, "compression", "payload."),
            cipher=_str(p, "cipher", "payload."),
            ephemeral_pub=_str(p, "ephemeral_pub", "payload.", empty=True),
            nonce=_str(p, "nonce", "payload.", empty=True),
        )
        if payload.compression != COMPRESSION or payload.cipher not in (CIPHER, CIPHER_NONE):
            raise _Bad("payload.cipher")
        manifest = BundleManifest(
            format=fmt,
            kind=kind,
            bundle_id=_str(obj, "bundle_id", ""),
            created_at=_str(obj, "created_at", ""),
            sender=Sender(
                installation_id=_str(s, "installation_id", "sender."),
                agency_code=_str(s, "agency_code", "sender.", max_len=32, empty=True),
                name=_str(s, "name", "sender.", max_len=200, empty=True),
                sign_pub=_key(s, "sign_pub", "sender."),
                box_pub=_key(s, "box_pub", "sender."),
            ),
            recipient=Recipient(
                installation_id=_str(r, "installation_id", "recipient.", empty=True),
                box_pub=_key(r, "box_pub", "recipient.", empty=True),
            ),
            epoch=_str(obj, "epoch", ""),
            seq_from=seq_from,
            seq_to=seq_to,
            prev_sha256=_hex(obj, "prev_sha256", "", empty=True),
            counts=dict(counts),
            schema=_str(obj, "schema", "", max_len=32),
            app=_str(obj, "app", "", max_len=32),
            payload=payload,
            enrolment_proof=proof,
            extra={k: v for k, v in obj.items() if k not in _KNOWN},
        )
    except _Bad as bad:
        raise _bad_manifest(bad.where) from None
    return manifest


_KNOWN = frozenset(BundleManifest.__dataclass_fields__) - {"extra"}
