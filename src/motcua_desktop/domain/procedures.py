"""The procedure catalogue's vocabulary: processing times and required components."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"


class ComponentKind(StrEnum):
    """Form of a paper component (bản chính / bản chứng thực / bản photo)."""

    ORIGINAL = "original"
    CERTIFIED_COPY = "certified_copy"
    PHOTOCOPY = "photocopy"


@dataclass(frozen=True)
class ProcessingTime:
    """Legal processing time of a procedure (thời hạn giải quyết).

    ``amount`` counts working days or working hours; it is ignored for
    SAME_DAY. ``cutoff`` is the hour after which a receipt counts from the
    next working day (15:00 for same-day procedures); None means no cut-off.
    """

    unit: TimeUnit
    amount: int = 0
    cutoff: time | None = None


@dataclass(frozen=True)
class ComponentSpec:
    """One required or optional paper in a procedure's dossier (thành phần hồ sơ)."""

    name: str
    kind: ComponentKind = ComponentKind.ORIGINAL
    count: int = 1
    required: bool = True


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure (thủ tục hành chính) as the desk uses it."""

    code: str
    name: str
    field: str
    processing: ProcessingTime
    components: tuple[ComponentSpec, ...] = ()
    fee_vnd: int = 0
    fee_note: str = ""
    result: str = ""
    national_code: str | None = None
    legal_basis: str = ""
    overridden: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)
