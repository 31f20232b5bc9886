"""What the commune's sync calls return: plain values for the Sync page, the CLI and the tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from motcua_desktop.i18n import N_, _

# Each bundle's status (``bundle_log.status``) in plain words, per direction.
STATUS_WORDS = {
    ("out", "written"): N_("Written; waiting for the district's confirmation"),
    ("out", "acked"): N_("Confirmed by the district"),
    ("in", "applied"): N_("Applied"),
    ("in", "duplicate"): N_("Already applied earlier"),
    ("in", "ignored"): N_("Older than what is in use; ignored"),
    ("in", "rejected"): N_("Rejected"),
}
KIND_WORDS = {
    "data": N_("Data for the district"),
    "ack": N_("Confirmation from the district"),
    "config": N_("Settings from the district"),
}


def status_words(direction: str, status: str, reason: str = "") -> str:
    text = STATUS_WORDS.get((direction, status))
    words = _(text) if text else status
    return f"{words}: {reason}" if reason else words


def kind_words(kind: str) -> str:
    text = KIND_WORDS.get(kind)
    return _(text) if text else kind


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class _Json:
    def as_json(self) -> dict:
        return _plain(asdict(self))  # type: ignore[call-overload]


@dataclass(frozen=True)
class ExportResult(_Json):
    """One export: whether a bundle was written, where, and which changes it carries."""

    written: bool
    message: str
    path: Path | None = None
    bundle_id: str = ""
    seq_from: int = 0
    seq_to: int = 0
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    # The encrypted backup copy to the stick (services.stick_backup), when one was asked for.
    backup_path: Path | None = None
    backup_message: str = ""
    backup_warning: str = ""  # the copy failed; the bundle itself is safe


@dataclass(frozen=True)
class ImportResult(_Json):
    """One incoming file: what it is, what became of it, and what it changes, in plain words.

    ``status``: applied | duplicate | ignored | rejected (a preview says
    "new" for what would be applied).
    """

    file_name: str
    kind: str
    status: str
    message: str
    changes: tuple[str, ...] = ()
    reason_code: str = ""


@dataclass(frozen=True)
class VerifyResult(_Json):
    """What ``motcua verify`` finds in a bundle file, without applying anything."""

    path: Path
    ok: bool
    message: str
    reason_code: str = ""
    kind: str = ""
    bundle_id: str = ""
    sender_id: str = ""
    recipient_id: str = ""
    for_me: bool = False
    readable: bool = False
    signature_ok: bool | None = None
    epoch: str = ""
    seq_from: int = 0
    seq_to: int = 0
    counts: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""


@dataclass(frozen=True)
class BundleEntry(_Json):
    at: datetime
    direction: str  # out | in
    kind: str  # data | ack | config
    file_name: str
    seq_from: int
    seq_to: int
    status: str
    words: str  # the status in plain words


@dataclass(frozen=True)
class SyncStatus(_Json):
    """The Sync page's panel: the district, the last export and ack, what waits to be confirmed."""

    provisioned: bool
    district_name: str
    district_fingerprint: str
    agency_code: str
    last_export_at: datetime | None
    last_export_from: int
    last_export_to: int
    last_ack_at: datetime | None
    acked_seq: int
    pending_changes: int
    gaps: tuple[tuple[int, int], ...]
    bundles: tuple[BundleEntry, ...]
