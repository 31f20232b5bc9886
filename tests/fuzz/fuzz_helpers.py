"""Strategies shared by the fuzz tests: odd JSON, mutations of real files, mutated bytes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from motcua_desktop.domain.profile import CommuneProfile

PROFILE = CommuneProfile(
    commune_name="Xã An Phú",
    parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
    unit_name="BỘ PHẬN MỘT CỬA",
    agency_code="000.31.25.H56",
    place_name="An Phú",
    phone="0296 3123 456",
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Scalars a hand-edited or damaged file may hold where something else belongs.
ODD_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([0, -1, 2**63, -(2**64), 10**400])
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["", " ", "\ud800", "x\udfff", "\x00", "2024-02-30", "25:99", "1.001193"])
)
JSON = st.recursive(
    ODD_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def load_json(*parts: str) -> Any:
    return json.loads((RESOURCES.joinpath(*parts)).read_text("utf-8"))


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (a tuple of keys and indexes) to a value inside ``doc``, the root included."""
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            out += _paths(value, (*prefix, index))
    return out


def _parent(doc: Any, path: tuple) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


@st.composite
def mutated_json(draw, original: Any, max_edits: int = 4) -> Any:
    """``original`` (a decoded real file) with a few of its values replaced, removed or wrapped."""
    doc = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, max_edits))):
        path = draw(st.sampled_from(_paths(doc)))
        action = draw(
            st.sampled_from(["replace", "delete", "add-key", "wrap", "empty", "duplicate", "deep"])
        )
        if not path:  # the root itself
            if action in ("replace", "wrap", "deep"):
                doc = draw(JSON) if action == "replace" else [doc]
            continue
        parent, last = _parent(doc, path), path[-1]
        value = parent[last]
        if action == "replace":
            parent[last] = draw(JSON)
        elif action == "delete":
            del parent[last]
        elif action == "add-key" and isinstance(value, dict):
            value[draw(st.text(max_size=8))] = draw(JSON)
        elif action == "wrap":
            parent[last] = draw(st.sampled_from([[value], {"value": value}, str(value)]))
        elif action == "empty":
            parent[last] = type(value)() if isinstance(value, (dict, list, str)) else None
        elif action == "duplicate" and isinstance(value, list) and value:
            value.append(copy.deepcopy(value[0]))
        elif action == "deep":
            parent[last] = _nested(draw(st.integers(2, 200)), value)
    return doc


def _nested(depth: int, inner: Any) -> Any:
    for _ in range(depth):
        inner = [inner]
    return inner


def dump(doc: Any) -> bytes:
    """``doc`` as a file's bytes; lone surrogates (from JSON escapes) stay escaped."""
    try:
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    except (UnicodeEncodeError, RecursionError):
        return json.dumps(doc, indent=1).encode("ascii") if _shallow(doc) else b"[]"


def _shallow(doc: Any, depth: int = 0) -> bool:
    if depth > 500:
        return False
    if isinstance(doc, dict):
        return all(_shallow(v, depth + 1) for v in doc.values())
    if isinstance(doc, list):
        return all(_shallow(v, depth + 1) for v in doc)
    return True


@st.composite
def mutated_bytes(draw, original: bytes, max_edits: int = 6) -> bytes:
    """``original`` with bits flipped, bytes set, inserted or deleted, or its tail cut off."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, max_edits))):
        action = draw(st.sampled_from(["flip", "set", "insert", "delete", "cut"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif action == "set" and data:
            data[pos] = draw(st.integers(0, 255))
        elif action == "insert":
            data[pos:pos] = draw(
                st.binary(min_size=1, max_size=16)
                | st.sampled_from([b"[" * 3000, b"9" * 5000, b'"\\ud800"', b"\xef\xbb\xbf"])
            )
        elif action == "delete":
            del data[pos : pos + draw(st.integers(1, 16))]
        else:
            del data[pos:]
    return bytes(data)
