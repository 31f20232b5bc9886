"""Sealing to a recipient's X25519 key: ephemeral X25519, then HKDF-SHA256 to a 32-byte content key.

Shared by the bundle file (``sync.bundle``) and the encrypted backup copy
(``sync.backup_file``); each passes its own HKDF ``info`` so a key made for
one can never open the other.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["content_key", "recipient_key", "sender_key"]


def content_key(shared: bytes, eph_pub: bytes, recipient_pub: bytes, info: bytes) -> bytes:
    """HKDF-SHA256 of the X25519 shared secret, salted with both public keys."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_pub + recipient_pub, info=info)
    return hkdf.derive(shared)


def sender_key(recipient_pub: bytes, info: bytes) -> tuple[bytes, bytes]:
    """A fresh ephemeral key pair against ``recipient_pub``: (ephemeral public key, content key)."""
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes_raw()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_pub))
    return eph_pub, content_key(shared, eph_pub, recipient_pub, info)


def recipient_key(private: X25519PrivateKey, eph_pub: bytes, info: bytes) -> bytes:
    """The content key the recipient derives from its private key and the sender's ephemeral key."""
    shared = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
    return content_key(shared, eph_pub, private.public_key().public_bytes_raw(), info)
