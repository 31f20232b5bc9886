"""Fuzzing the catalogue file reader: whatever the file holds, the only exception is CatalogueError."""

from __future__ import annotations

import json

from fuzz_helpers import FUZZ, JSON, RESOURCES, dump, load_json, mutated_bytes, mutated_json
from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.domain.catalogue import (
    Catalogue,
    catalogue_to_dict,
    load_catalogue,
    parse_catalogue,
)
from motcua_desktop.domain.errors import CatalogueError

SHIPPED_PATH = RESOURCES / "catalogue" / "procedures.json"
SHIPPED_BYTES = SHIPPED_PATH.read_bytes()
SHIPPED = load_json("catalogue", "procedures.json")


def _load(workdir, data: bytes) -> Catalogue | None:
    path = workdir / "procedures.json"
    path.write_bytes(data)
    try:
        cat = load_catalogue(path)
    except CatalogueError as exc:
        assert exc.message.startswith("procedures.json"), exc.message  # names the file
        return None
    # What loads is usable: it writes back and reads again the same.
    assert parse_catalogue(json.loads(json.dumps(catalogue_to_dict(cat)))) == cat
    return cat


def _parse(doc) -> None:
    try:
        cat = parse_catalogue(doc, "catalogue")
    except CatalogueError as exc:
        assert exc.message.startswith("catalogue")
        return
    assert parse_catalogue(catalogue_to_dict(cat), "again") == cat


def test_the_shipped_catalogue_loads(workdir):
    assert _load(workdir, SHIPPED_BYTES) is not None


@FUZZ
@given(st.binary(max_size=2048))
def test_arbitrary_bytes(workdir, data):
    _load(workdir, data)


@FUZZ
@given(mutated_bytes(SHIPPED_BYTES))
def test_damaged_shipped_file(workdir, data):
    _load(workdir, data)


@FUZZ
@given(mutated_json(SHIPPED))
def test_wrong_values_in_the_shipped_file(workdir, doc):
    _parse(doc)
    _load(workdir, dump(doc))


@FUZZ
@given(JSON)
def test_json_of_any_shape(workdir, doc):
    _parse(doc)
    _load(workdir, dump(doc))


@FUZZ
@given(st.sampled_from(["\ufeff", "\ufeff\ufeff", " \n", "\r\n"]), mutated_json(SHIPPED, 2))
def test_boms_and_line_ends(workdir, prefix, doc):
    text = dump(doc).decode("utf-8")
    _load(workdir, (prefix + text.replace("\n", "\r\n")).encode("utf-8"))
    _load(workdir, (prefix + text).encode("utf-16"))
