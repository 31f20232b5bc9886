"""Where a commune's bundle falls in its history: epoch (same, first, new, old), replays, gaps, forks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain import seq_ranges
from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.i18n import _
from motcua_desktop.services.district_results import Problem
from motcua_desktop.store.models import BundleLog, Commune, now
from motcua_desktop.sync.bundle import RawBundle


@dataclass
class SeqPlan:
    epoch_status: str  # same | first | new | old
    ranges: list[tuple[int, int]]  # applied ranges of the epoch, the new one included
    watermark: int
    gaps: list[tuple[int, int]]
    problems: list[Problem]


def _applied_ranges(s: Session, commune_id: str, epoch: str) -> list[tuple[int, int]]:
    return [
        (a, b)
        for a, b in s.execute(
            select(BundleLog.seq_from, BundleLog.seq_to).where(
                BundleLog.direction == "in",
                BundleLog.commune_id == commune_id,
                BundleLog.epoch == epoch,
                BundleLog.status == "applied",
            )
        )
        if a <= b
    ]


def plan_seq(s: Session, c: Commune, raw: RawBundle) -> SeqPlan:
    m = raw.manifest
    problems: list[Problem] = []
    if c.epoch is None:
        status = "first"
    elif m.epoch == c.epoch:
        status = "same"
    elif _applied_ranges(s, c.id, m.epoch) or (
        c.last_data_at is not None and created_at(m.created_at) < c.last_data_at
    ):
        status = "old"
    else:
        status = "new"
        problems.append(
            Problem(
                "new-epoch",
                _(
                    "{name} started a new epoch: it was restored from a backup or its keys were "
                    "replaced. Its data is being sent again in full and replaces what it sent "
                    "before; check with the commune that the restore was intended."
                ).format(name=c.name),
            )
        )
    if status == "same":
        _check_chain(s, c, raw)
    before = [] if status in ("first", "new") else _applied_ranges(s, c.id, c.epoch or "")
    old_mark = seq_ranges.watermark(before)
    if m.seq_from <= m.seq_to:
        if seq_ranges.covered(before, m.seq_from, m.seq_to, old_mark):
            problems.append(
                Problem(
                    "replay",
                    _(
                        "Changes {first} to {last} had already arrived in an earlier bundle; "
                        "only rows newer than the district's copy are taken."
                    ).format(first=m.seq_from, last=m.seq_to),
                )
            )
        elif m.seq_from > old_mark + 1 and not seq_ranges.covered(
            before, old_mark + 1, m.seq_from - 1, old_mark
        ):
            problems.append(
                Problem(
                    "gap",
                    _(
                        "Changes {first} to {last} are missing (a bundle is lost or not imported "
                        "yet); the commune will send them again after the acknowledgement."
                    ).format(first=old_mark + 1, last=m.seq_from - 1),
                )
            )
    ranges = before + ([(m.seq_from, m.seq_to)] if m.seq_from <= m.seq_to else [])
    return SeqPlan(
        status,
        ranges,
        seq_ranges.watermark(ranges),
        seq_ranges.gaps(ranges),
        problems,
    )


def _check_chain(s: Session, c: Commune, raw: RawBundle) -> None:
    """Two different bundles of one epoch that follow the same previous bundle: a fork."""
    m = raw.manifest
    sibling = s.scalars(
        select(BundleLog.file_name).where(
            BundleLog.direction == "in",
            BundleLog.commune_id == c.id,
            BundleLog.epoch == m.epoch,
            BundleLog.status == "applied",
            BundleLog.prev_sha256 == m.prev_sha256,
            BundleLog.sha256 != raw.sha256,
        )
    ).first()
    if sibling is not None:
        raise BundleRejected(
            _(
                "This bundle and {other}, both from {name}, continue the same earlier bundle: "
                "the commune's data has forked (a copied installation, or a backup restored "
                "without starting a new epoch). It was not applied; ask the district's technician."
            ).format(other=sibling, name=c.name),
            "fork",
        )


def created_at(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return now()
