"""The one search box: a scanned or typed dossier code opens that dossier, anything else is an FTS5 search.

Behaviour a clerk can rely on (see ``domain.search_query`` for the details):

- A dossier code, in any case, with stray spaces, or inside a QR lookup URL,
  is looked up exactly through the unique ``code`` index; nothing else is
  returned for it.
- Other text is folded (no diacritics, đ → d, lower case) and every word
  must match the start of a word of the code, name, ID number, phone or
  address, in any order: "nguyen van an", "an nguyen", "dong phu", "0912".
- Digits match from the start of a token: the phone "0912 345 678" is found
  by "0912", "0912345" or "345 678", not by "345678"; an ID number by its
  first digits.
- Hits come newest-recorded first (FTS rowid = ``search_id``, handed out in
  the order dossiers are saved), which is what a citizen at the desk
  usually means, and lets SQLite stop after ``limit`` hits instead of
  ranking every match of a common name: "nguyen" matches a third of all
  dossiers.
"""

from __future__ import annotations

from sqlalchemy import Integer, column, text

from motcua_desktop.domain.search_query import code_in_text, fts_match
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.dossier_list import DossierRow, row_from, select_rows
from motcua_desktop.store.models import Dossier

__all__ = ["find_by_code", "search"]

# The newest ``limit`` matches straight from the FTS index, walked backwards by rowid.
_NEWEST_MATCHES = text(
    "SELECT rowid FROM dossier_search WHERE dossier_search MATCH :match "
    "ORDER BY rowid DESC LIMIT :limit"
).columns(column("rowid", Integer))


def find_by_code(ctx: AppContext, text_: str) -> DossierRow | None:
    """The dossier whose code is in ``text_`` (as typed, scanned, or in a QR URL), or None."""
    code = code_in_text(text_) or text_.strip().upper()
    if not code:
        return None
    with ctx.db.session(readonly=True) as s:
        found = s.execute(select_rows().where(Dossier.code == code)).first()
    return row_from(found) if found is not None else None


def search(ctx: AppContext, text_: str, *, limit: int = 50) -> list[DossierRow]:
    """Up to ``limit`` dossiers for the search box's text, the exact code first."""
    if code_in_text(text_) is not None:
        found = find_by_code(ctx, text_)
        return [found] if found is not None else []
    match = fts_match(text_)
    if match is None or limit <= 0:
        return []
    q = (
        select_rows()
        .where(Dossier.search_id.in_(_NEWEST_MATCHES))
        .order_by(Dossier.search_id.desc())
    )
    with ctx.db.session(readonly=True) as s:
        return [row_from(r) for r in s.execute(q, {"match": match, "limit": limit})]
