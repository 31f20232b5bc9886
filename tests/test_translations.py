"""The Vietnamese catalogue is complete and in step with the source; placeholders survive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from motcua_desktop import i18n

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}|%\([a-z_]+\)[sd]|%[sd]")


def _source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "src"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(lang: str):
    with i18n.catalogue_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.fixture(scope="module")
def source_messages():
    return _source_messages()


def test_source_has_strings(source_messages):
    assert len(source_messages) > 50


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_catalogue_covers_every_source_string(lang, source_messages):
    catalog = _catalog(lang)
    missing = sorted(m for m in source_messages if m not in catalog)
    assert not missing, f"run `make i18n`; {len(missing)} strings missing, e.g. {missing[:5]}"


def test_vietnamese_is_complete_and_keeps_placeholders(source_messages):
    catalog = _catalog("vi")
    untranslated, broken = [], []
    for message in catalog:
        if (
            not message.id
            or message.id not in source_messages
            and not isinstance(message.id, tuple)
        ):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strs):
            untranslated.append(ids[0])
            continue
        wanted = sorted(PLACEHOLDER.findall(ids[0]))
        for s in strs:
            if sorted(PLACEHOLDER.findall(s)) != wanted:
                broken.append((ids[0], s))
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not broken, f"placeholders differ: {broken[:5]}"


def test_switching_language_changes_translation():
    probe = "Log in"
    i18n.set_language("vi")
    vi = i18n._(probe)
    i18n.set_language("en")
    en = i18n._(probe)
    i18n.set_language("vi")
    assert en == "Log in"
    assert vi != en


def test_legal_formats():
    from datetime import date

    assert i18n.legal_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert i18n.legal_money(1_500_000).replace("\xa0", " ") == "1.500.000 ₫"
