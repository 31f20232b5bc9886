"""What a clerk typed or scanned into the search box: a dossier code, or words for an FTS5 query.

The index (``dossier_search``) holds ``domain.text.fold`` of the code, the
applicant's name, ID number, phone (as typed and as bare digits) and
address; its ``unicode61`` tokenizer splits on anything that is not a letter
or a digit. A query is therefore folded the same way, cut at the same
places, and every piece becomes a quoted prefix term, so
"nguyen van an", "Nguyễn An", "dong phu", "0912" and "0912 345" all work in
any word order, and nothing a user types ("``"``", ``*``, ``NEAR``, ``AND``,
``-``, brackets) can change the MATCH syntax.

Digits are matched from the start of a token only: "0912345" finds the phone
0912 345 678 (its bare-digit token starts so), "345 678" finds it too (two
tokens), but "345678" does not, and neither does the middle of an ID number.
One or two digits match a whole token only ("12" is house number 12, not
every phone starting 12): as a prefix they would merge the postings of a
hundred thousand distinct phone and ID tokens, which takes a fifth of a
second where any other query takes a few milliseconds.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from motcua_desktop.domain.codes import parse_dossier_code
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.text import fold

__all__ = ["code_in_text", "fts_match", "search_terms"]

# A dossier code anywhere in the text (a bare scan, or a QR lookup URL such as
# https://dichvucong.example/tra-cuu?ma=000.31.25.H56-260310-0001), matched
# after whitespace is removed and letters upper-cased.
_CODE_ANYWHERE = re.compile(r"(?<![\d.])\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4,}(?!\d)")
_TOKEN_BREAK = re.compile(r"[^\w]|_", re.UNICODE)
# Enough words for any real query; more would only slow the FTS merge down.
MAX_TERMS = 8
# Shorter digit runs are matched as whole tokens, not prefixes (see above).
MIN_DIGIT_PREFIX = 3


def code_in_text(text: str) -> str | None:
    """The canonical dossier code in ``text`` (typed in any case, with spaces, or in a URL), or None."""
    squeezed = "".join(unquote(text).split()).upper()
    m = _CODE_ANYWHERE.search(squeezed)
    if m is None:
        return None
    try:
        return str(parse_dossier_code(m.group(0)))
    except ValidationError:  # shaped like a code but, say, day 991332
        return None


def search_terms(text: str) -> list[str]:
    """The folded tokens of ``text`` as the index's tokenizer would cut them."""
    terms: list[str] = []
    for piece in _TOKEN_BREAK.split(fold(text)):
        if piece and piece not in terms:
            terms.append(piece)
    return terms[:MAX_TERMS]


def fts_match(text: str) -> str | None:
    """An FTS5 MATCH expression: every token of ``text`` as a quoted prefix, all required.

    None when there is nothing to search for (empty text, punctuation only).

    >>> fts_match('Nguyễn "Văn" AND đức*')
    '"nguyen"* "van"* "and"* "duc"*'
    """
    terms = search_terms(text)
    if not terms:
        return None
    # Tokens hold only letters and digits, so the doubling is belt and braces.
    return " ".join(
        '"{}"{}'.format(
            t.replace('"', '""'), "" if t.isdigit() and len(t) < MIN_DIGIT_PREFIX else "*"
        )
        for t in terms
    )
