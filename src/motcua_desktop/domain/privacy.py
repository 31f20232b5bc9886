"""Personal data rules that need no storage: masking ID numbers, the purge's placeholder.

Law 91/2025/QH15 asks to show and keep only what the purpose needs: a list or a
report shows a citizen's ID number (CCCD, số định danh cá nhân) as
``********1234`` unless the user's role needs the whole number.
"""

from __future__ import annotations

MASK_CHAR = "*"
# The number of trailing characters left readable: enough to tell two people apart
# at the desk, too few to identify anyone (12-digit CCCD: the 6 random digits end it).
VISIBLE = 4
# What the retention purge writes in place of a citizen's name. A fixed marker, not
# a translated text: it is stored and travels to the district; screens translate it.
PURGED_NAME = "[purged]"


def mask_id_number(value: str | None) -> str:
    """``value`` with all but its last 4 characters (fewer for short values) replaced by ``*``.

    Empty stays empty; the length is kept so the clerk still sees what kind of
    paper it was (12-digit CCCD, 9-digit CMND). A value of 4 characters or fewer
    keeps only half of them readable, so a short value is never shown whole.
    """
    if not value:
        return ""
    text = str(value)
    keep = min(VISIBLE, len(text) // 2)
    return MASK_CHAR * (len(text) - keep) + text[len(text) - keep :]


def is_purged_name(value: str | None) -> bool:
    """True for the placeholder the retention purge leaves in a name."""
    return value == PURGED_NAME
