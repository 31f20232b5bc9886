"""This installation's identity: ids in ``local_state``, Ed25519 and X25519 keys in ``<data>/keys/``."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from motcua_desktop.domain.errors import StorageError
from motcua_desktop.i18n import _
from motcua_desktop.store.db import Database
from motcua_desktop.sync.state import (
    ACKED_SEQ,
    BOX_PUBLIC,
    EPOCH_ID,
    INSTALLATION_ID,
    SIGN_PUBLIC,
    get_state,
    set_state,
)

log = logging.getLogger(__name__)

KEYS_DIR = "keys"
SIGN_KEY_FILE = "sign.key"
BOX_KEY_FILE = "box.key"
KEY_SIZE = 32

# INSECURE, for the demo only: anyone can rebuild these keys from the source code.
# The demo commune (``motcua demo``) and a demo district share them so an exchange
# can be tried without a real provisioning file. Never use them for real data.
_DEMO_SEED = b"motcua-desktop DEMO district -- INSECURE, public key material"
DEMO_DISTRICT_NAME = "Huyện Phú Tân (demo)"
DEMO_ENROLMENT_TOKEN = "demo-enrolment-token-INSECURE"


class Installation(Protocol):
    """What key handling needs of an open installation (``services.context.AppContext``)."""

    data_dir: Path
    db: Database


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def b64_key(text: object) -> bytes | None:
    """The 32 raw bytes of a base64 public key, or None if ``text`` is not one."""
    if not isinstance(text, str) or len(text) != 44:
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == KEY_SIZE else None


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def _raw_public(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class Identity:
    """Who this installation is: ids and private keys (signing: Ed25519, receiving: X25519)."""

    installation_id: str
    epoch_id: str
    sign_private: Ed25519PrivateKey
    box_private: X25519PrivateKey

    @property
    def sign_public_b64(self) -> str:
        return b64(_raw_public(self.sign_private))

    @property
    def box_public_b64(self) -> str:
        return b64(_raw_public(self.box_private))

    def sign(self, data: bytes) -> bytes:
        return self.sign_private.sign(data)


def fingerprint(pub_b64: str) -> str:
    """A public key's fingerprint to read out over the phone: "AB12-CD34-EF56-7890-1A2B"."""
    raw = b64_key(pub_b64) or pub_b64.encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()[:20].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 20, 4))


def token_sha256(token: str) -> str:
    """What the district keeps of an enrolment token (``communes.enrolment_token_sha256``)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _proof(token_hash_hex: str, sign_pub_b64: str, box_pub_b64: str) -> str:
    sign_raw, box_raw = b64_key(sign_pub_b64), b64_key(box_pub_b64)
    if sign_raw is None or box_raw is None:
        return ""
    key = bytes.fromhex(token_hash_hex)
    return hmac.new(key, sign_raw + box_raw, hashlib.sha256).hexdigest()


def enrolment_proof(token: str, sign_pub_b64: str, box_pub_b64: str) -> str:
    """HMAC-SHA256 keyed by SHA-256(token) over the raw public keys; binds new keys to a token."""
    return _proof(token_sha256(token), sign_pub_b64, box_pub_b64)


def check_enrolment_proof(
    token_hash_hex: str, sign_pub_b64: str, box_pub_b64: str, proof: object
) -> bool:
    """True if ``proof`` was made with the token whose SHA-256 the district kept."""
    if not isinstance(proof, str) or not proof:
        return False
    try:
        expected = _proof(token_hash_hex, sign_pub_b64, box_pub_b64)
    except ValueError:
        return False
    return bool(expected) and hmac.compare_digest(expected, proof)


def keys_dir(data_dir: Path) -> Path:
    return Path(data_dir) / KEYS_DIR


def _write_private(path: Path, raw: bytes) -> None:
    """Create a key file readable only by its owner; never overwrite one (O_EXCL)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, raw)
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_private(path: Path) -> bytes | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(
            _("The key file {path} cannot be read: {error}").format(path=path, error=exc)
        ) from exc
    if len(raw) != KEY_SIZE:
        raise StorageError(
            _("The key file {path} is damaged; restore the keys folder from a backup.").format(
                path=path
            )
        )
    return raw


def _load_or_make_key(path: Path) -> tuple[bytes, bool]:
    raw = _read_private(path)
    if raw is not None:
        return raw, False
    raw = os.urandom(KEY_SIZE)
    try:
        _write_private(path, raw)
    except FileExistsError:  # another desk made it a moment ago: use theirs
        return _read_private(path) or raw, False
    except OSError as exc:
        raise StorageError(
            _("The key file {path} cannot be written: {error}").format(path=path, error=exc)
        ) from exc
    return raw, True


def load_or_create_identity(ctx: Installation) -> Identity:
    """This installation's identity, made at first run (keys, installation id, epoch id).

    If the key files are missing while ids exist (data moved without its keys
    folder), new keys and a new epoch are made: the district re-binds them
    through the enrolment proof.
    """
    folder = keys_dir(ctx.data_dir)
    sign_raw, sign_new = _load_or_make_key(folder / SIGN_KEY_FILE)
    box_raw, box_new = _load_or_make_key(folder / BOX_KEY_FILE)
    sign_key = Ed25519PrivateKey.from_private_bytes(sign_raw)
    box_key = X25519PrivateKey.from_private_bytes(box_raw)
    sign_pub, box_pub = b64(_raw_public(sign_key)), b64(_raw_public(box_key))
    with ctx.db.session() as s:
        installation_id = get_state(s, INSTALLATION_ID)
        epoch_id = get_state(s, EPOCH_ID)
        known = (get_state(s, SIGN_PUBLIC), get_state(s, BOX_PUBLIC))
        if installation_id is None:
            installation_id = str(uuid.uuid4())
            set_state(s, INSTALLATION_ID, installation_id)
        if epoch_id is None or ((sign_new or box_new) and known != (None, None)):
            if epoch_id is not None:
                log.warning("new keys for an existing installation; starting a new epoch")
            epoch_id = str(uuid.uuid4())
            set_state(s, EPOCH_ID, epoch_id)
        elif known != (None, None) and known != (sign_pub, box_pub):
            raise StorageError(
                _(
                    "The key files in {folder} do not belong to this database; put back the "
                    "keys folder that came with it."
                ).format(folder=folder)
            )
        set_state(s, SIGN_PUBLIC, sign_pub)
        set_state(s, BOX_PUBLIC, box_pub)
    return Identity(installation_id, epoch_id, sign_key, box_key)


def install_identity(ctx: Installation, identity: Identity) -> None:
    """Give an installation a ready-made identity (the demo district, tests); refuses to overwrite."""
    folder = keys_dir(ctx.data_dir)
    for name, key in ((SIGN_KEY_FILE, identity.sign_private), (BOX_KEY_FILE, identity.box_private)):
        raw = _raw_private(key)
        existing = _read_private(folder / name)
        if existing is None:
            _write_private(folder / name, raw)
        elif existing != raw:
            raise StorageError(
                _("This data folder already has its own keys in {folder}.").format(folder=folder)
            )
    with ctx.db.session() as s:
        set_state(s, INSTALLATION_ID, identity.installation_id)
        set_state(s, EPOCH_ID, identity.epoch_id)
        set_state(s, SIGN_PUBLIC, identity.sign_public_b64)
        set_state(s, BOX_PUBLIC, identity.box_public_b64)


def new_epoch(ctx: Installation) -> str:
    """Start a new epoch (after a restore from backup): the district then expects seq 1 again.

    The acknowledged watermark goes back to 0 so the next data bundle carries
    every row; the district applies it idempotently by id and version.
    """
    epoch_id = str(uuid.uuid4())
    with ctx.db.session() as s:
        set_state(s, EPOCH_ID, epoch_id)
        set_state(s, ACKED_SEQ, 0)
    return epoch_id


def demo_district_keys() -> Identity:
    """The INSECURE demo district's identity, derived from a constant seed in this file."""
    sign = hashlib.sha256(_DEMO_SEED + b"/sign").digest()
    box = hashlib.sha256(_DEMO_SEED + b"/box").digest()
    return Identity(
        installation_id=str(uuid.uuid5(uuid.NAMESPACE_URL, "motcua:demo-district")),
        epoch_id=str(uuid.uuid5(uuid.NAMESPACE_URL, "motcua:demo-district/epoch-1")),
        sign_private=Ed25519PrivateKey.from_private_bytes(sign),
        box_private=X25519PrivateKey.from_private_bytes(box),
    )
