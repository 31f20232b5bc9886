"""A dossier (hồ sơ) as plain values: status and channel codes, applicant, components."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum


class Status(IntEnum):
    """National dossier status codes (DOMAIN.md, "Codes")."""

    REGISTERED = 1
    ACCEPTED = 2
    NOT_ACCEPTED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    AWAITING_PAYMENT = 6
    WITHDRAWN = 7
    STOPPED = 8
    FINISHED = 9
    RESULT_RETURNED = 10


class Channel(IntEnum):
    """How the dossier arrived: 1 in person, 2 online, 3 public postal service."""

    IN_PERSON = 1
    ONLINE = 2
    POSTAL = 3


class ResultDelivery(StrEnum):
    """Where the citizen collects the result."""

    DESK = "desk"
    POST = "post"


class Timeliness(StrEnum):
    """Early / on time / late, judged by ``domain.calendar.classify_return``."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


@dataclass(frozen=True)
class Applicant:
    """The person or organisation who submits (người nộp hồ sơ)."""

    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""


@dataclass(frozen=True)
class ComponentReceipt:
    """One component as handed in: counts of originals, certified copies, photocopies."""

    name: str
    required: bool = True
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0

    @property
    def total(self) -> int:
        return self.originals + self.certified_copies + self.photocopies

    @property
    def missing(self) -> bool:
        return self.required and self.total == 0


@dataclass(frozen=True)
class DossierRecord:
    """Everything a slip or a screen needs to show one dossier (read-only snapshot)."""

    id: str
    code: str
    agency_code: str
    procedure_code: str
    procedure_name: str
    field_name: str
    status: Status
    channel: Channel
    applicant: Applicant
    received_at: datetime
    due_at: datetime | None
    processing_text: str  # "05 ngày làm việc", "Trong ngày", "08 giờ làm việc"
    components: tuple[ComponentReceipt, ...] = ()
    owner_name: str = ""
    owner_address: str = ""
    sets_count: int = 1
    fee_vnd: int = 0
    result_delivery: ResultDelivery = ResultDelivery.DESK
    note: str = ""
    book_number: str = ""
    book_serial: int = 0
    handling_unit: str = ""
    reason: str = ""  # refusal or supplement reason
    created_by: str = ""  # user name of the clerk
    created_by_name: str = ""  # full name, printed under the receiver's signature
    extra: dict = field(default_factory=dict, compare=False, hash=False)
