"""Which kind of installation this is: a commune's desk or the district (cheap to ask at start-up)."""

from __future__ import annotations

from motcua_desktop.services.context import AppContext
from motcua_desktop.sync.state import get_state

MODE = "mode"  # the local_state key: "commune" or "district"


def is_district(ctx: AppContext) -> bool:
    with ctx.db.session(readonly=True) as s:
        return get_state(s, MODE) == "district"
