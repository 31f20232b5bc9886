"""Named counters (dossier numbers per agency and day, tracking-book serials per year)."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from motcua_desktop.store.models import Sequence


def next_value(session: Session, name: str) -> int:
    """Increment and return the counter ``name`` (1 for a new one).

    Runs inside the caller's write transaction, which ``store.db`` opens with
    BEGIN IMMEDIATE, so two desks saving at once can never draw the same number.
    """
    return session.execute(
        text(
            "INSERT INTO sequences (name, value) VALUES (:name, 1) "
            "ON CONFLICT(name) DO UPDATE SET value = sequences.value + 1 RETURNING value"
        ),
        {"name": name},
    ).scalar_one()


def current_value(session: Session, name: str) -> int:
    return session.scalar(select(Sequence.value).where(Sequence.name == name)) or 0


def dossier_sequence_name(agency_code: str, yymmdd: str) -> str:
    return f"dossier:{agency_code}:{yymmdd}"


def book_sequence_name(year: int) -> str:
    return f"book:{year}"
