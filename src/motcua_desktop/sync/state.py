"""Read and write ``local_state``: this installation's own facts, never synced."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from motcua_desktop.store.models import LocalState, now

INSTALLATION_ID = "installation_id"
EPOCH_ID = "epoch_id"
SIGN_PUBLIC = "sign_public"
BOX_PUBLIC = "box_public"
ACKED_SEQ = "acked_seq"
DISTRICT = "district"
ENROLMENT_TOKEN = "enrolment_token"
CONFIG_VERSIONS = "config_versions"


def get_state(s: Session, key: str, default: Any = None) -> Any:
    row = s.get(LocalState, key)
    return default if row is None else row.value


def set_state(s: Session, key: str, value: Any) -> None:
    row = s.get(LocalState, key)
    if row is None:
        s.add(LocalState(key=key, value=value, updated_at=now()))
    else:
        row.value = value
        row.updated_at = now()
