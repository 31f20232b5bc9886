"""The commune's sync facts inside an open session: its district, the watermark, past bundles."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from motcua_desktop.store.models import BundleLog
from motcua_desktop.sync.state import ACKED_SEQ, DISTRICT, EPOCH_ID, get_state

# Newest first: times are to the second, so ranges and then SQLite's rowid break ties.
NEWEST_FIRST = (
    BundleLog.at.desc(),
    BundleLog.seq_from.desc(),
    BundleLog.seq_to.desc(),
    literal_column("bundle_log.rowid").desc(),
)


@dataclass(frozen=True)
class District:
    """The district this commune was provisioned by: who it is and its public keys."""

    name: str
    installation_id: str
    sign_pub: str
    box_pub: str


def district_in(s: Session) -> District | None:
    """The provisioned district from ``local_state``, or None before provisioning."""
    d = get_state(s, DISTRICT)
    if not isinstance(d, dict):
        return None
    sign = d.get("sign_pub") or d.get("sign_public")
    box = d.get("box_pub") or d.get("box_public")
    if not (sign and box and d.get("installation_id")):
        return None
    return District(str(d.get("name") or ""), str(d["installation_id"]), sign, box)


def current_epoch(s: Session) -> str:
    return str(get_state(s, EPOCH_ID) or "")


def acked_seq(s: Session) -> int:
    """The watermark: every change up to it is confirmed by the district (this epoch's)."""
    return int(get_state(s, ACKED_SEQ) or 0)


def last_out(s: Session) -> BundleLog | None:
    """The last data bundle written; its hash chains into the next one's ``prev_sha256``."""
    return s.scalars(
        select(BundleLog)
        .where(BundleLog.direction == "out", BundleLog.kind == "data")
        .order_by(*NEWEST_FIRST)
        .limit(1)
    ).first()


def last_ack(s: Session) -> BundleLog | None:
    return s.scalars(
        select(BundleLog)
        .where(BundleLog.direction == "in", BundleLog.kind == "ack", BundleLog.status == "applied")
        .order_by(*NEWEST_FIRST)
        .limit(1)
    ).first()


def first_ack_received(s: Session) -> bool:
    """True once the district has acknowledged anything; the enrolment proof then stops."""
    return last_ack(s) is not None


def seen(s: Session, sha256: str) -> BundleLog | None:
    """An incoming bundle already applied (the same file, by its hash)."""
    return s.scalars(
        select(BundleLog)
        .where(
            BundleLog.direction == "in", BundleLog.sha256 == sha256, BundleLog.status == "applied"
        )
        .limit(1)
    ).first()
