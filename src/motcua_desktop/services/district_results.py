"""What the district's import reports: previews, results, problems; and the bundle log entries."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy.orm import Session

from motcua_desktop.store.models import BundleLog, Commune, now
from motcua_desktop.sync.bundle import RawBundle


@dataclass(frozen=True)
class Problem:
    """Something a person should know about a bundle: ``code`` gap|replay|new-epoch|fork|…"""

    code: str
    message: str


@dataclass
class Preview:
    """What importing one bundle would do, or why it would not be imported."""

    file_name: str
    status: str  # new | duplicate | ignored | quarantine | reject
    message: str
    commune_name: str = ""
    agency_code: str = ""
    bundle_id: str = ""
    epoch: str = ""
    seq_from: int = 0
    seq_to: int = 0
    created_at: str = ""
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    reason_code: str = ""

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class ImportResult:
    """What became of one bundle file at the district.

    ``status``: applied | duplicate | ignored (an older epoch's bundle) |
    quarantined (moved aside, see ``quarantine_path``) | rejected (a revoked commune).
    """

    file_name: str
    status: str
    message: str
    commune_name: str = ""
    agency_code: str = ""
    bundle_id: str = ""
    epoch: str = ""
    seq_from: int = 0
    seq_to: int = 0
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    reason_code: str = ""
    quarantine_path: str = ""

    def as_json(self) -> dict:
        return asdict(self)


def describe(c: Commune, raw: RawBundle) -> dict:
    m = raw.manifest
    return dict(
        commune_name=c.name,
        agency_code=c.agency_code,
        bundle_id=m.bundle_id,
        epoch=m.epoch,
        seq_from=m.seq_from,
        seq_to=m.seq_to,
    )


def log_bundle(s: Session, raw: RawBundle, c: Commune | None, name: str, status: str, reason: str,
         counts: dict | None = None) -> None:  # fmt: skip
    m = raw.manifest if raw is not None else None
    s.add(
        BundleLog(
            direction="in",
            kind=m.kind if m else "data",
            bundle_id=m.bundle_id if m else "",
            sender_id=m.sender.installation_id if m else "",
            recipient_id=m.recipient.installation_id if m else "",
            commune_id=c.id if c is not None else None,
            epoch=m.epoch if m else "",
            seq_from=m.seq_from if m else 0,
            seq_to=m.seq_to if m else 0,
            sha256=raw.sha256 if raw is not None else "",
            prev_sha256=m.prev_sha256 if m else "",
            file_name=name,
            status=status,
            reason=reason,
            counts=counts if counts is not None else (dict(m.counts) if m else None),
            at=now(),
        )
    )
