"""Masking citizens' ID numbers for lists and screens."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.domain.privacy import PURGED_NAME, is_purged_name, mask_id_number


def test_a_cccd_keeps_its_last_four_digits():
    assert mask_id_number("089185012345") == "********2345"


def test_an_old_cmnd_and_a_passport_keep_their_length():
    assert mask_id_number("123456789") == "*****6789"
    assert mask_id_number("C1234567") == "****4567"


def test_empty_stays_empty():
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""


def test_a_short_value_is_never_shown_whole():
    assert mask_id_number("1234") == "**34"
    assert mask_id_number("7") == "*"


def test_the_purge_marker_is_recognised():
    assert is_purged_name(PURGED_NAME)
    assert not is_purged_name("Trần Thị Bích Hằng") and not is_purged_name("")


@given(st.text(min_size=1, max_size=40))
def test_masking_never_reveals_more_than_the_last_four_characters(value):
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert set(masked[: max(0, len(value) - 4)]) <= {"*"}  # only the last 4 may show
    assert masked[0] == "*"  # never the whole value
    # What shows is the value's own character in that place, nothing made up.
    assert all(m in ("*", v) for m, v in zip(masked, value, strict=True))
