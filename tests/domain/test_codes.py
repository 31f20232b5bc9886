"""Agency codes and dossier codes: format, parse, and what a barcode scanner types."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.domain.codes import (
    AGENCY_CODE_RE,
    DossierCode,
    format_dossier_code,
    looks_like_dossier_code,
    parse_dossier_code,
    validate_agency_code,
)
from motcua_desktop.domain.errors import ValidationError


@pytest.mark.parametrize(
    "code", ["000.17.22.H56", "000.00.20.H56", "000.00.00.G12", "123.45.67.A01"]
)
def test_real_agency_codes_are_accepted(code):
    assert AGENCY_CODE_RE.match(code)
    assert validate_agency_code(code) == code


def test_agency_code_is_normalised():
    assert validate_agency_code("  000.00.20.h56 ") == "000.00.20.H56"


@pytest.mark.parametrize(
    "code", ["000.17.22", "00.17.22.H56", "000.17.22.H5", "000.17.22.56", "000-17-22-H56", "x"]
)
def test_bad_agency_codes_are_refused(code):
    with pytest.raises(ValidationError) as err:
        validate_agency_code(code)
    assert err.value.field == "agency_code"
    assert "000.00.20.H56" in err.value.message


def test_empty_agency_code_asks_for_one():
    with pytest.raises(ValidationError, match="Enter the agency code"):
        validate_agency_code("   ")


def test_format_matches_the_documented_example():
    assert format_dossier_code("000.17.22.H56", date(2021, 5, 31), 1) == "000.17.22.H56-210531-0001"


def test_sequence_grows_past_four_digits():
    assert format_dossier_code("000.17.22.H56", date(2026, 1, 2), 9999).endswith("-9999")
    assert format_dossier_code("000.17.22.H56", date(2026, 1, 2), 12345).endswith("-260102-12345")
    parsed = parse_dossier_code("000.17.22.H56-260102-12345")
    assert parsed.seq == 12345


@pytest.mark.parametrize("seq", [0, -1, True])
def test_format_refuses_bad_sequences(seq):
    with pytest.raises(ValidationError):
        format_dossier_code("000.17.22.H56", date(2026, 1, 2), seq)


def test_format_refuses_a_year_outside_the_two_digit_range():
    with pytest.raises(ValidationError, match="1999"):
        format_dossier_code("000.17.22.H56", date(1999, 12, 31), 1)


def test_parse_gives_named_parts_and_unpacks_as_a_tuple():
    parsed = parse_dossier_code("000.17.22.H56-210531-0042")
    assert parsed == DossierCode("000.17.22.H56", date(2021, 5, 31), 42)
    agency, day, seq = parsed
    assert (agency, day, seq) == ("000.17.22.H56", date(2021, 5, 31), 42)
    assert str(parsed) == "000.17.22.H56-210531-0042"


@pytest.mark.parametrize(
    "typed",
    [
        "000.17.22.H56-210531-0001\r\n",
        "\t000.17.22.h56-210531-0001",
        "  000.17.22.H56-210531-0001  ",
    ],
)
def test_parse_tolerates_what_a_scanner_types(typed):
    assert str(parse_dossier_code(typed)) == "000.17.22.H56-210531-0001"


def test_parse_canonicalises_extra_leading_zeros():
    assert str(parse_dossier_code("000.17.22.H56-210531-00007")) == "000.17.22.H56-210531-0007"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Enter a dossier code"),
        ("000.17.22.H56-210531-001", "not a dossier code"),
        ("000.17.22.H56-2105310001", "not a dossier code"),
        ("000.17.22.H56 210531 0001", "not a dossier code"),
        ("H56-210531-0001", "not a dossier code"),
        ("000.17.22.H56-211331-0001", "211331"),
        ("000.17.22.H56-210230-0001", "210230"),
        ("000.17.22.H56-210531-0000", "1 or more"),
    ],
)
def test_parse_explains_bad_codes(text, fragment):
    with pytest.raises(ValidationError) as err:
        parse_dossier_code(text)
    assert fragment in err.value.message
    assert err.value.field == "code"
    assert not looks_like_dossier_code(text)


def test_looks_like_dossier_code():
    assert looks_like_dossier_code("000.17.22.H56-210531-0001")
    assert looks_like_dossier_code(" 000.00.20.h56-240229-0001")  # a leap day
    assert not looks_like_dossier_code("000.00.20.H56-250229-0001")  # not a leap year
    assert not looks_like_dossier_code("Nguyễn Văn Đức")
    assert not looks_like_dossier_code("001085012345")


agency_codes = st.builds(
    lambda a, b, c, letter, d: f"{a:03d}.{b:02d}.{c:02d}.{letter}{d:02d}",
    st.integers(0, 999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.integers(0, 99),
)


@given(agency_codes, st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(1, 10**7))
def test_round_trip(agency, day, seq):
    text = format_dossier_code(agency, day, seq)
    assert parse_dossier_code(text) == (agency, day, seq)
    assert parse_dossier_code(text.lower()) == (agency, day, seq)
    assert looks_like_dossier_code(f" {text}\n")
    # Codes of one agency and day sort by sequence while it stays at 4 digits.
    if seq < 9999:
        assert text < format_dossier_code(agency, day, seq + 1)
