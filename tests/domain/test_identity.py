"""ID numbers: CCCD structure, old CMND, passports, and the messages a clerk sees."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.identity import (
    PROVINCE_CODES,
    IdKind,
    Sex,
    validate_id_number,
)

TODAY = date(2026, 6, 1)


def check(text, birth_year=None, sex=None):
    return validate_id_number(text, birth_year, sex, today=TODAY)


def refused(text, birth_year=None, sex=None) -> str:
    with pytest.raises(ValidationError) as err:
        check(text, birth_year, sex)
    assert err.value.field == "id_number"
    return err.value.message


def test_province_list_is_the_63_old_provinces():
    assert len(PROVINCE_CODES) == 63
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["079"] == "TP Hồ Chí Minh"
    assert PROVINCE_CODES["096"] == "Cà Mau"
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCE_CODES)
    assert "003" not in PROVINCE_CODES and "099" not in PROVINCE_CODES


def test_cccd_is_decoded():
    result = check("001085012345")
    assert result.kind is IdKind.CCCD
    assert result.normalised == "001085012345"
    assert result.province_code == "001"
    assert result.province_name == "Hà Nội"
    assert (result.century, result.birth_year_suffix, result.birth_year) == (1900, 85, 1985)
    assert result.sex is Sex.MALE


@pytest.mark.parametrize(
    ("digit", "century", "sex"),
    [
        ("0", 1900, Sex.MALE),
        ("1", 1900, Sex.FEMALE),
        ("2", 2000, Sex.MALE),
        ("3", 2000, Sex.FEMALE),
    ],
)
def test_fourth_digit_gives_century_and_sex(digit, century, sex):
    result = check(f"079{digit}05123456")
    assert (result.century, result.sex, result.birth_year) == (century, sex, century + 5)


@pytest.mark.parametrize("typed", ["001 085 012 345", "001.085.012.345", " 001-085-012345\n"])
def test_separators_are_stripped(typed):
    assert check(typed).normalised == "001085012345"


def test_cmnd_and_passport():
    assert check("123456789").kind is IdKind.CMND
    assert check("123.456.789").normalised == "123456789"
    passport = check("c1234567")
    assert passport.kind is IdKind.PASSPORT
    assert passport.normalised == "C1234567"
    assert passport.province_code is None and passport.sex is None
    assert check("AB1234567").kind is IdKind.PASSPORT


def test_birth_year_and_sex_that_agree_are_accepted():
    assert check("001185012345", birth_year=1985, sex="female").sex is Sex.FEMALE
    assert check("001185012345", birth_year=1985, sex="Nữ").sex is Sex.FEMALE
    assert check("001205012345", birth_year=2005, sex="nam").sex is Sex.MALE


@pytest.mark.parametrize(
    ("text", "birth_year", "sex", "fragments"),
    [
        ("099085012345", None, None, ["The first three digits (099) are not a province code"]),
        ("003085012345", None, None, ["(003)", "province code"]),
        ("001085012345", 1986, None, ["Digits 5 and 6 (85)", "1986"]),
        ("001285012345", 1985, None, ["4th digit (2)", "2000", "2099", "1985"]),
        ("001085012345", None, "female", ["4th digit (0)", "male", "female"]),
        ("001230012345", None, None, ["(230)", "2030", "future"]),
        ("001440012345", None, None, ["(440)", "2140", "future"]),
        ("001085012345", 2030, None, ["2030", "future"]),
        ("12345678901", None, None, ["12 digits", "9", "11 digits"]),
        ("1234", None, None, ["4 digits"]),
        ("", None, None, ["Enter an ID number"]),
        ("  . ", None, None, ["Enter an ID number"]),
        ("0010850123_5", None, None, ['"_"']),
        ("00108501234Đ", None, None, ['"Đ"']),
        ("ABCDEFGH", None, None, ["not an ID number", "passport"]),
        ("C123", None, None, ["not an ID number"]),
        ("001085012345", None, "x", ['"x" is not a sex']),
    ],
)
def test_refusals_say_what_is_wrong(text, birth_year, sex, fragments):
    message = refused(text, birth_year, sex)
    for fragment in fragments:
        assert fragment in message


def test_future_birth_year_is_refused_for_every_kind():
    assert "future" in refused("123456789", birth_year=2027)
    assert check("123456789", birth_year=2026).kind is IdKind.CMND


def test_today_defaults_to_the_real_date():
    # 1985 is in the past whenever this runs; 2299 in the future.
    assert validate_id_number("001085012345", 1985).birth_year == 1985
    with pytest.raises(ValidationError):
        validate_id_number("001085012345", 2299)


# --- properties --------------------------------------------------------------

births = st.integers(1900, TODAY.year)
sexes = st.sampled_from([Sex.MALE, Sex.FEMALE])
provinces = st.sampled_from(sorted(PROVINCE_CODES))
randoms = st.integers(0, 999_999)


def make_cccd(province: str, year: int, sex: Sex, random: int) -> str:
    digit = 2 * ((year - 1900) // 100) + (1 if sex is Sex.FEMALE else 0)
    return f"{province}{digit}{year % 100:02d}{random:06d}"


@given(provinces, births, sexes, randoms)
def test_generated_cccds_are_accepted_and_decoded(province, year, sex, random):
    number = make_cccd(province, year, sex, random)
    result = check(number, birth_year=year, sex=sex.value)
    assert result.kind is IdKind.CCCD
    assert result.normalised == number
    assert (result.province_code, result.birth_year, result.sex) == (province, year, sex)
    spaced = " ".join(number[i : i + 3] for i in range(0, 12, 3))
    assert check(spaced) == result


@given(provinces, births, sexes, randoms, st.integers(0, 999))
def test_unknown_province_is_refused(province, year, sex, random, other):
    bad = f"{other:03d}"
    assume(bad not in PROVINCE_CODES)
    number = bad + make_cccd(province, year, sex, random)[3:]
    assert f"({bad}) are not a province code" in refused(number)


@given(provinces, births, sexes, randoms, births)
def test_wrong_birth_year_is_refused(province, year, sex, random, other_year):
    assume(other_year != year)
    number = make_cccd(province, year, sex, random)
    message = refused(number, birth_year=other_year)
    assert str(other_year) in message


@given(provinces, births, sexes, randoms)
def test_wrong_sex_is_refused(province, year, sex, random):
    number = make_cccd(province, year, sex, random)
    other = Sex.FEMALE if sex is Sex.MALE else Sex.MALE
    assert "4th digit" in refused(number, birth_year=year, sex=other.value)


@given(provinces, births, sexes, randoms, st.integers(0, 11), st.sampled_from("ABX"))
def test_a_letter_in_a_cccd_is_never_accepted_as_a_cccd(province, year, sex, random, pos, letter):
    number = make_cccd(province, year, sex, random)
    mutated = number[:pos] + letter + number[pos + 1 :]
    with pytest.raises(ValidationError):
        check(mutated)


@given(provinces, births, sexes, randoms, st.integers(0, 11))
def test_a_dropped_digit_is_refused(province, year, sex, random, pos):
    number = make_cccd(province, year, sex, random)
    with pytest.raises(ValidationError, match="11 digits"):
        check(number[:pos] + number[pos + 1 :])
