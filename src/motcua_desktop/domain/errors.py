"""Typed errors raised by the domain and service layers; each carries a clerk-ready message."""

from __future__ import annotations

from datetime import datetime


class MotcuaError(Exception):
    """Base of every error the program raises on purpose.

    ``message`` is already translated to the UI language (it is built with
    ``_()`` at the raise site); ``field`` names the input at fault, if any,
    so a form can put the message beside it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(MotcuaError):
    """Input that breaks a rule: a bad ID number, a missing name, a bad date."""


class NotAllowed(MotcuaError):
    """An action the current user or the record's state does not permit."""


class NotFound(MotcuaError):
    """A record that does not exist (a dossier code, a procedure code, a user)."""


class AuthenticationFailed(MotcuaError):
    """Wrong user name or password."""


class AccountLocked(AuthenticationFailed):
    """Too many wrong passwords: the account opens again by itself at ``until``."""

    def __init__(self, message: str, until: datetime) -> None:
        super().__init__(message)
        self.until = until


class CatalogueError(MotcuaError):
    """A malformed reference-data file; the message names the entry and field."""


class MissingComponents(ValidationError):
    """Required dossier components were not handed in; carries their names."""

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message, field="components")
        self.missing = list(missing)


class StorageError(MotcuaError):
    """The data folder or database cannot be used (read-only, full, newer schema)."""


class BundleRejected(MotcuaError):
    """A bundle or provisioning file that cannot be trusted or read; nothing was applied.

    ``reason_code`` is stable and machine-readable ("bad-signature", "truncated",
    "wrong-recipient", "unknown-sender", "revoked-sender", "newer-format",
    "payload-hash", "not-a-bundle", "decrypt-failed", "fork", …); ``message`` says
    in plain words what happened and what a person can do about it.
    """

    def __init__(self, message: str, reason_code: str) -> None:
        super().__init__(message)
        self.reason_code = reason_code
