"""Vietnamese text helpers: NFC normalisation, diacritic folding for search, and name tidying."""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "matches", "nfc", "nfd", "normalise_name"]

# Letters that carry no combining mark under NFD but still need folding for
# search; đ is the one Vietnamese letter NFD leaves alone.
_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"}

# Characters after which a name part starts again with a capital letter:
# hyphenated names and Central Highlands names such as "H'Hen Niê".
_NAME_BREAKS = frozenset("-'’")


def nfc(s: str) -> str:
    """``s`` in Unicode NFC, the form every stored and printed text uses."""
    return unicodedata.normalize("NFC", s)


def nfd(s: str) -> str:
    """``s`` in Unicode NFD (base letters followed by their combining marks)."""
    return unicodedata.normalize("NFD", s)


def _fold_char(ch: str) -> str:
    # Repeat until stable so that fold(fold(x)) == fold(x) even for the odd
    # character whose lower case decomposes again (e.g. U+0130 İ).
    out = ch
    while True:
        decomposed = unicodedata.normalize("NFD", out)
        stripped = "".join(
            _SPECIAL.get(c, c) for c in decomposed if not unicodedata.combining(c)
        ).lower()
        if stripped == out:
            return out
        out = stripped


class _FoldTable(dict):
    """A ``str.translate`` table that fills itself on first sight of each character.

    Precomputing all 1.1 million code points would cost far more at start-up
    than the handful of distinct characters real search text contains.
    Folding each character on its own gives the same result as folding the
    NFD string, because canonical decomposition works character by
    character and the only reordering NFD does is among combining marks,
    which are all dropped.
    """

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
# Warm the table with ASCII and the Vietnamese alphabet so the common path
# never reaches __missing__.
for _ch in (
    "".join(chr(i) for i in range(128))
    + "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
    + "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
):
    _FOLD_TABLE[ord(_ch)]  # noqa: B018 - the lookup fills the entry
del _ch


def fold(s: str) -> str:
    """The search key of ``s``: no diacritics, đ as d, lower case, single spaces.

    >>> fold("  Nguyễn   Văn Đức ")
    'nguyen van duc'
    """
    return " ".join(s.translate(_FOLD_TABLE).split())


def matches(query: str, text: str) -> bool:
    """Whether every word of ``query`` occurs somewhere in ``text``, ignoring diacritics.

    Each query word is matched as a substring of the folded text (a word
    prefix is the common case), so "khai sinh", "chung thuc ban sao",
    "kết hôn" and "001193" all find what a clerk expects, in any word order;
    an empty query matches everything.
    """
    haystack = fold(text)
    return all(word in haystack for word in fold(query).split())


def _capitalise_part(word: str) -> str:
    out = []
    start = True
    for ch in word:
        if start and ch.isalpha():
            out.append(ch.upper())
            start = False
        else:
            out.append(ch.lower() if not start else ch)
        if ch in _NAME_BREAKS:
            start = True
    return "".join(out)


def normalise_name(s: str) -> str:
    """A person's name as it should be stored: NFC, single spaces, each part capitalised.

    ``str.title`` is not used: on text that is not fully composed it treats a
    combining mark as a word break ("NguyễN"), and it knows nothing of names
    like "H'Hen Niê" where the part after the apostrophe is capitalised too.
    Tone placement ("Hoà"/"Hòa") is left as typed: it is part of the legal name.

    >>> normalise_name("  nguyễn   VĂN  đức ")
    'Nguyễn Văn Đức'
    """
    return " ".join(_capitalise_part(part) for part in nfc(s).split())
