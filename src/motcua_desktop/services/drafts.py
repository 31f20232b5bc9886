"""Unfinished forms saved as the clerk types, so a power cut loses nothing."""

from __future__ import annotations

from typing import Any

from motcua_desktop.services.context import AppContext
from motcua_desktop.store.models import Draft, now


def save_draft(ctx: AppContext, form: str, data: dict[str, Any]) -> None:
    with ctx.db.session() as s:
        row = s.get(Draft, form)
        if row is None:
            s.add(Draft(form=form, data=data, updated_at=now()))
        else:
            row.data, row.updated_at = data, now()


def load_draft(ctx: AppContext, form: str) -> dict[str, Any] | None:
    with ctx.db.session(readonly=True) as s:
        row = s.get(Draft, form)
        return dict(row.data) if row else None


def clear_draft(ctx: AppContext, form: str) -> None:
    # Drafts are local scratch data, not records: removing one is not a hard delete of history.
    with ctx.db.session() as s:
        row = s.get(Draft, form)
        if row is not None:
            s.delete(row)
