"""Personal ID numbers (CCCD / CMND / passport): recognise, normalise and check them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.text import fold
from motcua_desktop.i18n import _

__all__ = [
    "PROVINCE_CODES",
    "IdCheck",
    "IdKind",
    "Sex",
    "normalise_id_number",
    "validate_id_number",
]

FIELD = "id_number"


class IdKind(StrEnum):
    CCCD = "cccd"  # citizen ID / personal identification number, 12 digits
    CMND = "cmnd"  # old identity card, 9 digits
    PASSPORT = "passport"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


# Birth-registration province codes of the 12-digit personal identification
# number (Circular 07/2016/TT-BCA): the 63 provinces before the 2025 merger.
# The codes stay valid after the merger because they record where the birth
# was registered, not where the person lives now.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "TP Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# Separators people and scanners put inside ID numbers ("001 085 012345",
# "001.085.012.345"); they carry no meaning.
_SEPARATORS = re.compile(r"[\s.\-]+")
_PASSPORT_RE = re.compile(r"^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{8,9}$")

# Accepted spellings of ``sex``, compared folded ("Nữ" -> "nu").
_SEX_WORDS = {
    "male": Sex.MALE,
    "m": Sex.MALE,
    "nam": Sex.MALE,
    "female": Sex.FEMALE,
    "f": Sex.FEMALE,
    "nu": Sex.FEMALE,
}


@dataclass(frozen=True)
class IdCheck:
    """What an accepted ID number says.

    ``century`` is the first year of the birth century (1900, 2000, …) and
    ``birth_year_suffix`` the last two digits of the birth year, both only
    for a CCCD, as are ``province_code`` and ``sex``.
    """

    kind: IdKind
    normalised: str
    province_code: str | None = None
    birth_year_suffix: int | None = None
    century: int | None = None
    sex: Sex | None = None

    @property
    def birth_year(self) -> int | None:
        if self.century is None or self.birth_year_suffix is None:
            return None
        return self.century + self.birth_year_suffix

    @property
    def province_name(self) -> str | None:
        return PROVINCE_CODES.get(self.province_code or "")


def normalise_id_number(text: str) -> str:
    """``text`` without spaces, dots or dashes, in upper case."""
    return _SEPARATORS.sub("", text).upper()


def _fail(message: str) -> ValidationError:
    return ValidationError(message, field=FIELD)


def _sex_of(value: str) -> Sex:
    found = _SEX_WORDS.get(fold(value))
    if found is None:
        raise _fail(_('"{value}" is not a sex; use male or female').format(value=value))
    return found


def _sex_word(sex: Sex) -> str:
    return _("male") if sex is Sex.MALE else _("female")


def validate_id_number(
    text: str,
    birth_year: int | None = None,
    sex: str | None = None,
    *,
    today: date | None = None,
) -> IdCheck:
    """Check an ID number and say what it encodes; raises ValidationError.

    A 12-digit number is a CCCD and is checked against its structure: the
    province code, the century-and-sex digit and, when ``birth_year`` and
    ``sex`` are given, that they agree with it. A 9-digit number is an old
    CMND (no structure to check). Eight or nine letters and digits with at
    least one of each is a passport number. ``today`` is for tests; birth
    years after it are refused.
    """
    today = today or date.today()
    normalised = normalise_id_number(text)
    expected_sex = _sex_of(sex) if sex else None
    if birth_year is not None and birth_year > today.year:
        raise _fail(
            _("The birth year {year} is in the future").format(year=birth_year),
        )
    if not normalised:
        raise _fail(_("Enter an ID number"))
    bad = next((c for c in normalised if not (c.isascii() and c.isalnum())), None)
    if bad is not None:
        raise _fail(
            _('An ID number has only digits and letters; "{char}" is not allowed').format(char=bad)
        )

    if normalised.isdigit():
        if len(normalised) == 12:
            return _check_cccd(normalised, birth_year, expected_sex, today)
        if len(normalised) == 9:
            return IdCheck(IdKind.CMND, normalised)
        raise _fail(
            _(
                "A citizen ID has 12 digits and an old ID card 9; this number has {count} digits"
            ).format(count=len(normalised))
        )
    if _PASSPORT_RE.match(normalised):
        return IdCheck(IdKind.PASSPORT, normalised)
    raise _fail(
        _(
            '"{number}" is not an ID number: a citizen ID has 12 digits, an old ID card '
            "9 digits, a passport number 8 or 9 letters and digits (such as C1234567)"
        ).format(number=normalised)
    )


def _check_cccd(number: str, birth_year: int | None, sex: Sex | None, today: date) -> IdCheck:
    province = number[:3]
    if province not in PROVINCE_CODES:
        raise _fail(
            _("The first three digits ({code}) are not a province code").format(code=province)
        )
    gender_digit = int(number[3])
    century = 1900 + 100 * (gender_digit // 2)
    encoded_sex = Sex.FEMALE if gender_digit % 2 else Sex.MALE
    suffix = int(number[4:6])
    encoded_year = century + suffix
    # Against a given birth year first: that message points at the digit to fix.
    if birth_year is not None:
        if birth_year % 100 != suffix:
            raise _fail(
                _(
                    "Digits 5 and 6 ({digits}) should be the last two digits of the "
                    "birth year {year}"
                ).format(digits=number[4:6], year=birth_year)
            )
        if birth_year - birth_year % 100 != century:
            raise _fail(
                _(
                    "The 4th digit ({digit}) means born between {first} and {last}, "
                    "but the birth year is {year}"
                ).format(digit=gender_digit, first=century, last=century + 99, year=birth_year)
            )
    if encoded_year > today.year:
        raise _fail(
            _("Digits 4 to 6 ({digits}) give the birth year {year}, which is in the future").format(
                digits=number[3:6], year=encoded_year
            )
        )
    if sex is not None and sex is not encoded_sex:
        raise _fail(
            _("The 4th digit ({digit}) means {encoded}, but the person is {given}").format(
                digit=gender_digit, encoded=_sex_word(encoded_sex), given=_sex_word(sex)
            )
        )
    return IdCheck(
        kind=IdKind.CCCD,
        normalised=number,
        province_code=province,
        birth_year_suffix=suffix,
        century=century,
        sex=encoded_sex,
    )
