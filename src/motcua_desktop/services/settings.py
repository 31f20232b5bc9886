"""Key/value settings (``settings`` table): profile, loaded catalogue version, preferences."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.services.context import AppContext
from motcua_desktop.store.models import Setting

UI_LANGUAGE = "ui_language"


def read(s: Session, key: str, default: Any = None) -> Any:
    row = s.scalar(select(Setting).where(Setting.key == key))
    return default if row is None else row.value


def write(s: Session, key: str, value: Any, actor_id: str | None = None) -> None:
    row = s.scalar(select(Setting).where(Setting.key == key))
    if row is None:
        s.add(Setting(key=key, value=value, created_by=actor_id))
    elif row.value != value:
        row.value = value


def get_preference(ctx: AppContext, key: str, default: Any = None) -> Any:
    with ctx.db.session(readonly=True) as s:
        return read(s, key, default)


def set_preference(ctx: AppContext, key: str, value: Any, actor_id: str | None = None) -> None:
    with ctx.db.session() as s:
        write(s, key, value, actor_id)
