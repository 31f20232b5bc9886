"""The encrypted backup copy (``.mcbak``, docs/bundle-format.md): sealed to the district, signed.

Layout: ``MAGIC``, a version byte, a 4-byte header length, the header (canonical
JSON), the chunks (each ``chunk_size`` plain bytes, the last one shorter,
AES-256-GCM with the preamble as associated data and a nonce of the chunk's
number and a final-chunk flag), then a trailer: SHA-256 of all chunk bytes and
an Ed25519 signature over ``SIGN_CONTEXT + preamble + that digest``. Files are
read and written a chunk at a time, so a 500 MB database never sits whole in
memory.
"""

from __future__ import annotations

import binascii
import hashlib
import json
import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.i18n import _
from motcua_desktop.sync.keys import Identity, b64, b64_key
from motcua_desktop.sync.sealing import recipient_key, sender_key

__all__ = ["CHUNK_SIZE", "FORMAT", "SUFFIX", "SealedBackup", "open_sealed", "read_header", "seal"]

MAGIC = b"MOTCUA\x00K"
VERSION = 1
FORMAT = "motcua-backup/1"
SUFFIX = ".mcbak"
CIPHER = "AES-256-GCM"
KDF = "X25519-HKDF-SHA256"
HKDF_INFO = b"motcua backup v1"
SIGN_CONTEXT = b"motcua backup v1\x00"
CHUNK_SIZE = 1024 * 1024
MIN_CHUNK, MAX_CHUNK = 512, 16 * 1024 * 1024
MAX_HEADER = 64 * 1024
TAG = 16
DIGEST, SIGNATURE = 32, 64
_PREFIX = len(MAGIC) + 1 + 4
_REQUIRED = {
    "agency_code": str, "installation_id": str, "epoch": str, "created_at": str,
    "plain_size": int, "plain_sha256": str, "chunk_size": int, "ephemeral_pub": str,
    "recipient_box_pub": str, "sign_pub": str,
}  # fmt: skip


@dataclass(frozen=True)
class SealedBackup:
    """What was sealed: the header as written and the content key (kept in memory for read-back)."""

    header: dict[str, Any]
    preamble: bytes
    key: bytes
    size: int


def _reject(code: str, message: str) -> BundleRejected:
    return BundleRejected(message, code)


def _damaged() -> BundleRejected:
    return _reject("bad-manifest", _("The encrypted backup file is damaged (its header is wrong)."))


def _nonce(index: int, final: bool) -> bytes:
    return struct.pack(">QxxxB", index, 1 if final else 0)


def _chunks(plain_size: int, chunk_size: int) -> list[int]:
    """The plain length of every chunk; an empty file still has one (empty, final) chunk."""
    full, rest = divmod(plain_size, chunk_size)
    sizes = [chunk_size] * full + ([rest] if rest else [])
    return sizes or [0]


def _read(src: BinaryIO, n: int) -> bytes:
    data = src.read(n)
    return data if data is not None else b""


def _hash_source(src: BinaryIO, chunk_size: int) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while block := _read(src, chunk_size):
        digest.update(block)
        size += len(block)
    return size, digest.hexdigest()


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(
    src: BinaryIO,
    dst: BinaryIO,
    fields: Mapping[str, Any],
    sender: Identity,
    recipient_box_pub_b64: str,
    *,
    chunk_size: int | None = None,
) -> SealedBackup:
    """Encrypt the file ``src`` (seekable) into ``dst`` for the recipient, signed by ``sender``.

    Two passes over ``src``: one for its size and SHA-256 (they go in the
    signed header), one to encrypt; each reads ``chunk_size`` bytes at a time.
    """
    chunk_size = chunk_size or CHUNK_SIZE
    recipient = b64_key(recipient_box_pub_b64)
    if recipient is None:
        raise ValueError("the recipient's box key is not a base64 X25519 public key")
    src.seek(0)
    plain_size, plain_sha256 = _hash_source(src, chunk_size)
    eph_pub, key = sender_key(recipient, HKDF_INFO)
    header = {
        **{str(k): v for k, v in fields.items()},
        "format": FORMAT, "cipher": CIPHER, "kdf": KDF, "chunk_size": chunk_size,
        "plain_size": plain_size, "plain_sha256": plain_sha256, "ephemeral_pub": b64(eph_pub),
        "recipient_box_pub": recipient_box_pub_b64, "sign_pub": sender.sign_public_b64,
        "installation_id": sender.installation_id,
    }  # fmt: skip
    header_bytes = _canonical(header)
    preamble = MAGIC + bytes([VERSION]) + struct.pack(">I", len(header_bytes)) + header_bytes
    dst.write(preamble)
    aead, body, check = AESGCM(key), hashlib.sha256(), hashlib.sha256()
    src.seek(0)
    sizes = _chunks(plain_size, chunk_size)
    for index, size in enumerate(sizes):
        block = _read(src, size) if size else b""
        if len(block) != size:
            raise ValueError("the source file changed while it was being encrypted")
        check.update(block)
        sealed = aead.encrypt(_nonce(index, index == len(sizes) - 1), block, preamble)
        body.update(sealed)
        dst.write(sealed)
    if _read(src, 1) or check.hexdigest() != plain_sha256:
        raise ValueError("the source file changed while it was being encrypted")
    digest = body.digest()
    dst.write(digest + sender.sign(SIGN_CONTEXT + preamble + digest))
    total = len(preamble) + sum(sizes) + TAG * len(sizes) + DIGEST + SIGNATURE
    return SealedBackup(header, preamble, key, total)


def read_header(src: BinaryIO) -> tuple[dict[str, Any], bytes]:
    """The header and the preamble bytes of a ``.mcbak`` file; checks structure only."""
    src.seek(0)
    start = _read(src, _PREFIX)
    if not start.startswith(MAGIC[: len(start)]) or not start:
        raise _reject("not-a-bundle", _("This is not an encrypted backup file of this program."))
    if len(start) < _PREFIX:
        raise _truncated()
    if start[len(MAGIC)] != VERSION:
        raise _reject(
            "newer-format",
            _("This backup was made by another version of the program; update the program."),
        )
    (length,) = struct.unpack_from(">I", start, len(MAGIC) + 1)
    if length > MAX_HEADER:
        raise _damaged()
    header_bytes = _read(src, length)
    if len(header_bytes) != length:
        raise _truncated()
    try:
        header = json.loads(header_bytes)
    except (UnicodeDecodeError, ValueError):
        raise _damaged() from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _damaged()
    for name, kind in _REQUIRED.items():
        if not isinstance(header.get(name), kind) or isinstance(header.get(name), bool):
            raise _damaged()
    if not MIN_CHUNK <= header["chunk_size"] <= MAX_CHUNK or header["plain_size"] < 0:
        raise _damaged()
    if header.get("cipher") != CIPHER or header.get("kdf") != KDF:
        raise _damaged()
    return header, start + header_bytes


def _truncated() -> BundleRejected:
    return _reject(
        "truncated",
        _("The encrypted backup file is incomplete (cut short); it cannot be opened."),
    )


def _verify_signature(src: BinaryIO, header, preamble: bytes, sign_pub_b64: str) -> bytes:
    """Check the file's length and its signature by ``sign_pub_b64``; returns the signed digest."""
    sizes = _chunks(header["plain_size"], header["chunk_size"])
    expected = len(preamble) + sum(sizes) + TAG * len(sizes) + DIGEST + SIGNATURE
    actual = src.seek(0, os.SEEK_END)
    if actual < expected:
        raise _truncated()
    if actual > expected:
        raise _reject(
            "trailing-bytes",
            _("The encrypted backup file has extra bytes at its end; it was damaged."),
        )
    src.seek(expected - DIGEST - SIGNATURE)
    trailer = _read(src, DIGEST + SIGNATURE)
    digest, signature = trailer[:DIGEST], trailer[DIGEST:]
    key = b64_key(sign_pub_b64)
    try:
        if key is None or header["sign_pub"] != sign_pub_b64:
            raise InvalidSignature
        Ed25519PublicKey.from_public_bytes(key).verify(signature, SIGN_CONTEXT + preamble + digest)
    except (InvalidSignature, ValueError):
        raise _reject(
            "bad-signature",
            _(
                "The encrypted backup's signature does not match the commune's key: it was "
                "altered, damaged, or made by another installation."
            ),
        ) from None
    return digest


def open_sealed(
    src: BinaryIO,
    out: BinaryIO | None,
    *,
    sign_pub_b64: str,
    box_private: X25519PrivateKey | None = None,
    key: bytes | None = None,
) -> dict[str, Any]:
    """Verify and decrypt a ``.mcbak`` file, writing the plain file to ``out`` (None: hash only).

    Order: structure, length, signature by ``sign_pub_b64``, then chunk by
    chunk: its tag, the ciphertext digest, the plain size and SHA-256. Either
    ``box_private`` (the district's) or the ``key`` kept by the writer opens it.
    Raises BundleRejected; what was written to ``out`` is then garbage.
    """
    header, preamble = read_header(src)
    digest = _verify_signature(src, header, preamble, sign_pub_b64)
    if key is None:
        if box_private is None:
            raise ValueError("a private key or a content key is needed")
        mine = box_private.public_key().public_bytes_raw()
        eph = b64_key(header["ephemeral_pub"])
        if b64(mine) != header["recipient_box_pub"] or eph is None:
            raise _reject(
                "wrong-recipient",
                _("This encrypted backup was made for another district's key."),
            )
        key = recipient_key(box_private, eph, HKDF_INFO)
    aead, body, plain = AESGCM(key), hashlib.sha256(), hashlib.sha256()
    src.seek(len(preamble))
    sizes = _chunks(header["plain_size"], header["chunk_size"])
    for index, size in enumerate(sizes):
        sealed = _read(src, size + TAG)
        body.update(sealed)
        try:
            block = aead.decrypt(_nonce(index, index == len(sizes) - 1), sealed, preamble)
        except (InvalidTag, ValueError, binascii.Error):
            raise _reject(
                "decrypt-failed",
                _("Part of the encrypted backup cannot be decrypted: it was damaged or altered."),
            ) from None
        plain.update(block)
        if out is not None:
            out.write(block)
    if body.digest() != digest or plain.hexdigest() != header["plain_sha256"]:
        raise _reject(
            "payload-hash",
            _("The decrypted backup does not match its signed hash: it was damaged or altered."),
        )
    return header
