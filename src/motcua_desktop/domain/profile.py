"""The commune's identity and desk settings, as printed on every slip."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time


@dataclass(frozen=True)
class Signatory:
    """A leader who signs documents: name and title (chức vụ)."""

    name: str
    title: str


@dataclass(frozen=True)
class WorkingHours:
    """Opening hours of the desk: a morning and an afternoon session."""

    morning_start: time = time(7, 0)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)


@dataclass(frozen=True)
class CommuneProfile:
    """What the first-run wizard and the Settings page edit.

    ``parent_body`` is the upper header line ("ỦY BAN NHÂN DÂN XÃ AN PHÚ"),
    ``unit_name`` the issuing unit ("BỘ PHẬN MỘT CỬA"), ``place_name`` the
    place in "<place>, ngày … tháng … năm …".
    """

    commune_name: str
    parent_body: str
    unit_name: str
    agency_code: str
    place_name: str
    phone: str = ""
    upper_office_name: str = ""
    signatories: tuple[Signatory, ...] = ()
    working_hours: WorkingHours = field(default_factory=WorkingHours)
    receipt_paper: str = "A4"  # "A4" or "A5"
    receipt_copies: int = 2  # 1 or 2
    lookup_url: str = (
        ""  # e.g. "https://dichvucong.example/tra-cuu?ma={code}"; empty: QR holds the code
    )
    language: str = "vi"
