"""Agency codes and dossier codes (mã hồ sơ): format, parse and recognise them."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.i18n import _

__all__ = [
    "AGENCY_CODE_RE",
    "DOSSIER_CODE_RE",
    "DossierCode",
    "format_dossier_code",
    "looks_like_dossier_code",
    "normalise_agency_code",
    "parse_dossier_code",
    "validate_agency_code",
]

# Agency identifier codes (mã định danh cơ quan) have the shape
# NNN.NN.NN.Xnn: three dotted numeric levels and a top-level unit of one
# letter and two digits (H56 a province, G12 a ministry). The pattern is
# lenient on purpose: any level may be all zeros ("000.00.20.H56",
# "000.00.00.G12"), since real codes use zeros for levels that do not
# exist, and any letter is allowed for the top level because the 2025
# reorganisation re-issued codes and we must still read the old ones.
# Matching is on upper-case text; use normalise_agency_code() first.
_AGENCY = r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}"
AGENCY_CODE_RE = re.compile(rf"^{_AGENCY}$")

# {agency}-{yyMMdd}-{NNNN}; the sequence has at least four digits and simply
# grows past 9999 rather than wrapping.
DOSSIER_CODE_RE = re.compile(rf"^(?P<agency>{_AGENCY})-(?P<day>\d{{6}})-(?P<seq>\d{{4,}})$")

# Two-digit years in dossier codes are read as 2000–2099: the codes were
# introduced long after 2000.
_CENTURY = 2000


class DossierCode(NamedTuple):
    """A parsed dossier code; unpacks as ``agency, day, seq``."""

    agency: str
    day: date
    seq: int

    def __str__(self) -> str:
        return format_dossier_code(self.agency, self.day, self.seq)


def normalise_agency_code(text: str) -> str:
    """``text`` stripped and upper-cased, the form agency codes are stored in."""
    return text.strip().upper()


def validate_agency_code(text: str) -> str:
    """The normalised agency code, or ValidationError if it is not NNN.NN.NN.Xnn."""
    code = normalise_agency_code(text)
    if not code:
        raise ValidationError(_("Enter the agency code"), field="agency_code")
    if not AGENCY_CODE_RE.match(code):
        raise ValidationError(
            _(
                'The agency code "{code}" should look like 000.00.20.H56 '
                "(three groups of digits and a letter with two digits, separated by dots)"
            ).format(code=code),
            field="agency_code",
        )
    return code


def format_dossier_code(agency: str, day: date, seq: int) -> str:
    """The dossier code for the ``seq``-th dossier of ``agency`` on ``day``.

    >>> format_dossier_code("000.17.22.H56", date(2021, 5, 31), 1)
    '000.17.22.H56-210531-0001'
    """
    code = validate_agency_code(agency)
    if not _CENTURY <= day.year < _CENTURY + 100:
        raise ValidationError(
            _("A dossier code cannot hold the year {year}").format(year=day.year),
            field="code",
        )
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValidationError(
            _("The dossier sequence number must be 1 or more, not {seq}").format(seq=seq),
            field="code",
        )
    return f"{code}-{day:%y%m%d}-{seq:04d}"


def parse_dossier_code(text: str) -> DossierCode:
    """Read a dossier code as typed or scanned; raises ValidationError.

    Surrounding whitespace (a scanner's Enter or Tab) and lower case (Caps
    Lock confuses USB scanners, which type like a keyboard) are accepted.
    Extra leading zeros in the sequence are accepted; ``str()`` of the result
    is the canonical code.
    """
    cleaned = text.strip().upper()
    if not cleaned:
        raise ValidationError(_("Enter a dossier code"), field="code")
    m = DOSSIER_CODE_RE.match(cleaned)
    if not m:
        raise ValidationError(
            _(
                '"{code}" is not a dossier code; a dossier code looks like '
                "000.17.22.H56-210531-0001"
            ).format(code=cleaned),
            field="code",
        )
    raw_day = m["day"]
    try:
        day = date(_CENTURY + int(raw_day[:2]), int(raw_day[2:4]), int(raw_day[4:]))
    except ValueError:
        raise ValidationError(
            _('The date part "{part}" of the dossier code is not a real date (yyMMdd)').format(
                part=raw_day
            ),
            field="code",
        ) from None
    seq = int(m["seq"])
    if seq < 1:
        raise ValidationError(
            _("The dossier sequence number must be 1 or more, not {seq}").format(seq=seq),
            field="code",
        )
    return DossierCode(m["agency"], day, seq)


def looks_like_dossier_code(text: str) -> bool:
    """Whether ``text`` parses as a dossier code (e.g. to send a search box to the dossier)."""
    try:
        parse_dossier_code(text)
    except ValidationError:
        return False
    return True
