"""Passwords: the rules a new one must meet, scrypt hashing, and temporary ones to read aloud."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets

from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.i18n import _

# scrypt cost: ~50 ms per check on a slow desk PC, 16 MiB of memory.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 8
# A user name this short ("an") is not looked for inside the password.
MIN_NAME_IN_PASSWORD = 3
# The first guesses of anyone at the desk; compared without regard to case.
COMMON_PASSWORDS = frozenset(
    {
        "12345678",
        "123456789",
        "1234567890",
        "87654321",
        "11111111",
        "88888888",
        "password1",
        "password123",
        "passw0rd",
        "matkhau1",
        "matkhau123",
        "matkhau@123",
        "abc12345",
        "abcd1234",
        "a1234567",
        "qwerty123",
        "admin123",
        "admin1234",
        "admin@123",
        "motcua123",
        "motcua@123",
        "motcua2025",
        "motcua2026",
        "123456abc",
        "1q2w3e4r",
    }
)
# Temporary passwords: lower-case letters and digits a person can read aloud
# without confusion (no l/1, o/0, i, q/9 look-alikes).
_TEMP_LETTERS = "abcdefghjkmnprstuvwxyz"
_TEMP_DIGITS = "2345678"


def check_password_rules(password: str, username: str = "") -> None:
    """Raise ValidationError (field "password") unless ``password`` may be used.

    At least MIN_PASSWORD characters, a letter and a digit, not the user name
    inside it, not one of the common passwords.
    """

    def refuse(message: str) -> None:
        raise ValidationError(message, field="password")

    if len(password) < MIN_PASSWORD:
        refuse(_("A password needs at least {n} characters.").format(n=MIN_PASSWORD))
    if not any(ch.isalpha() for ch in password) or not any(ch.isdigit() for ch in password):
        refuse(_("A password needs at least one letter and one digit."))
    name = username.strip().lower()
    if len(name) >= MIN_NAME_IN_PASSWORD and name in password.lower():
        refuse(_("A password must not contain the user name."))
    if password.lower() in COMMON_PASSWORDS:
        refuse(_("This password is too common; choose another."))


def temporary_password(username: str = "") -> str:
    """A random password that meets the rules, like ``kd7m-3wrp``, to give in person."""
    alphabet = _TEMP_LETTERS + _TEMP_DIGITS
    while True:
        halves = ["".join(secrets.choice(alphabet) for _n in range(4)) for _h in range(2)]
        candidate = "-".join(halves)
        try:
            check_password_rules(candidate, username)
        except ValidationError:
            continue
        return candidate


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` with a fresh random salt."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=2**26,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
