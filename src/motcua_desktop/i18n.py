"""Translations (gettext catalogues in translations/) and Vietnamese formatting via Babel.

UI strings are English in the source and go through ``_()``; strings defined
at import time are marked with ``N_()`` and translated where they are shown.
Legal slips are Vietnamese by law and do not go through the catalogue.
"""

from __future__ import annotations

import gettext
import io
import logging
from datetime import date, datetime
from pathlib import Path

from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.numbers import format_currency, format_decimal

from motcua_desktop.paths import translations_dir

DOMAIN = "motcua"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
BABEL_LOCALES = {"vi": "vi_VN", "en": "en_GB"}

log = logging.getLogger(__name__)
_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _load(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        # English is the source language; the en catalogue only fixes wording.
        pass
    base = translations_dir() / lang / "LC_MESSAGES"
    mo = base / f"{DOMAIN}.mo"
    po = base / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        # No compiled catalogue (a source checkout): compile in memory.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return gettext.GNUTranslations(buf)
    log.warning("no catalogue for language %s in %s", lang, base)
    return gettext.NullTranslations()


def set_language(lang: str) -> None:
    """Switch the UI language ("vi" or "en") for every later ``_()`` call."""
    global _translation, _language
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    _translation = _load(lang)
    _language = lang


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


def babel_locale() -> str:
    return BABEL_LOCALES.get(_language, "vi_VN")


def format_money(amount: int) -> str:
    """An amount of VND in the UI language: "1.500.000 ₫"."""
    return format_currency(amount, "VND", locale=babel_locale())


def format_number(value: float | int) -> str:
    return format_decimal(value, locale=babel_locale())


def format_ui_date(value: date) -> str:
    return _babel_format_date(
        value, format="short" if _language == "en" else "dd/MM/yyyy", locale=babel_locale()
    )


def format_ui_datetime(value: datetime) -> str:
    pattern = "HH:mm dd/MM/yyyy" if _language == "vi" else "dd/MM/yyyy HH:mm"
    return _babel_format_datetime(value, pattern, locale=babel_locale())


def legal_date(value: date) -> str:
    """The Decree 30 date phrase, always Vietnamese: "ngày 05 tháng 02 năm 2026"."""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def legal_money(amount: int) -> str:
    """Money as printed on a slip, always vi_VN: "1.500.000 ₫"."""
    return format_currency(amount, "VND", locale="vi_VN")


def catalogue_path(lang: str) -> Path:
    return translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
