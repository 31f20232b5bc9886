"""Text helpers for slips: NFC and markup escaping, Vietnamese date/time phrases, counts."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from xml.sax.saxutils import escape

from motcua_desktop.domain.dossier import ComponentReceipt
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.i18n import legal_date, legal_money

BLANK = "…………………"  # printed where a value is unknown, to be filled in by hand

# Words that keep their capital when a unit name in capitals is put in running text.
_PROPER_PHRASES = (
    "Một cửa",
    "Trung tâm Phục vụ hành chính công",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
)


def nfc(text: object) -> str:
    """``str(text)`` in Unicode NFC; None becomes "". Decomposed marks render misplaced."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text))


def markup(text: object) -> str:
    """Plain text made safe for a ReportLab Paragraph: NFC, XML-escaped, newlines as breaks."""
    lines = nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line.strip()) for line in lines)


def or_blank(text: object) -> str:
    """Escaped text, or dotted leaders when the value is empty."""
    value = markup(text)
    return value if value else BLANK


def short_date(value: date) -> str:
    """ "13/02/2026" (zero-padded day and month)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def clock_date(value: datetime) -> str:
    """ "16 giờ 30 phút, ngày 13/02/2026", the appointment style of the receipt."""
    return f"{value.hour:02d} giờ {value.minute:02d} phút, ngày {short_date(value)}"


def place_date(place: str, value: date) -> str:
    """ "An Phú, ngày 05 tháng 02 năm 2026" (Decree 30)."""
    place = nfc(place).strip()
    phrase = legal_date(value)
    return f"{place}, {phrase}" if place else phrase.capitalize()


def two_digits(n: int) -> str:
    """Counts below 10 with a leading zero, as on the slips ("01 bộ")."""
    return f"{n:02d}"


def fee_text(amount_vnd: int) -> str:
    """ "8.000 ₫", or "Miễn phí" for zero."""
    return legal_money(amount_vnd) if amount_vnd else "Miễn phí"


def component_note(component: ComponentReceipt) -> str:
    """ "01 bản chính, 02 bản photo" from a component's counts; "" when all are zero."""
    parts = []
    for count, kind in (
        (component.originals, "bản chính"),
        (component.certified_copies, "bản chứng thực"),
        (component.photocopies, "bản photo"),
    ):
        if count:
            parts.append(f"{two_digits(count)} {kind}")
    return ", ".join(parts)


def running_case(name: str, profile: CommuneProfile | None = None) -> str:
    """A name written in capitals, as it reads inside a sentence.

    "BỘ PHẬN MỘT CỬA" → "Bộ phận Một cửa". Sentence case, then known
    institutional phrases and the profile's place name get their capitals
    back. A name not written all in capitals is returned unchanged.
    """
    name = nfc(name).strip()
    if not name or name != name.upper():
        return name
    text = name[0] + name[1:].lower()
    for phrase in _PROPER_PHRASES:
        text = re.sub(re.escape(phrase), phrase, text, flags=re.IGNORECASE)
    text = text[0].upper() + text[1:]
    place = nfc(profile.place_name).strip() if profile is not None else ""
    if place:
        text = re.sub(re.escape(place), place, text, flags=re.IGNORECASE)
    return text
