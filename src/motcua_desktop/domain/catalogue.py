"""The procedure catalogue file (motcua.catalogue/1): load it, check it strictly, write it back.

The file is JSON, described in ``resources/catalogue/README.md``. Every
problem raises ``CatalogueError`` with a message that names the file, the
line, the entry (number and code) and the key, because the person who
fixes it is editing the file by hand at the district.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from motcua_desktop.domain.errors import CatalogueError
from motcua_desktop.domain.json_fields import is_unicode
from motcua_desktop.domain.procedures import (
    ComponentKind,
    ComponentSpec,
    Procedure,
    ProcessingTime,
    TimeUnit,
)
from motcua_desktop.domain.text import nfc
from motcua_desktop.i18n import _

__all__ = [
    "SCHEMA",
    "Catalogue",
    "catalogue_to_dict",
    "load_catalogue",
    "parse_catalogue",
]

SCHEMA = "motcua.catalogue/1"

_TOP_KEYS = ("schema", "version", "effective_date", "sample", "note", "fields", "procedures")
_FIELD_KEYS = ("code", "name")
_PROCEDURE_KEYS = (
    "code",
    "national_code",
    "name",
    "field",
    "processing",
    "components",
    "fee_vnd",
    "fee_note",
    "result",
    "legal_basis",
)
_PROCESSING_KEYS = ("unit", "amount", "cutoff")
_COMPONENT_KEYS = ("name", "kind", "count", "required")

# National procedure codes (mã TTHC) look like 1.001193 or 2.000815.
_NATIONAL_CODE_RE = re.compile(r"^\d\.\d{6}$")
_CUTOFF_RE = re.compile(r"^(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class Catalogue:
    """A loaded catalogue. ``fields`` maps field code to its Vietnamese name."""

    version: str
    effective_date: date
    sample: bool
    note: str
    fields: dict[str, str] = field(hash=False)
    procedures: tuple[Procedure, ...] = ()
    _by_code: dict[str, Procedure] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._by_code.update((p.code, p) for p in self.procedures)

    def get(self, code: str) -> Procedure | None:
        """The procedure with this code, or None."""
        return self._by_code.get(code)


class _Problem(Exception):
    """One fault inside an entry; turned into a CatalogueError with its context."""

    def __init__(self, key: str, problem: str, path: str | None = None) -> None:
        super().__init__(problem)
        self.key = key  # as shown to a person: "processing.unit", "component #2: kind"
        self.problem = problem
        self.path = path or key  # as a JSON path, for CatalogueError.field


def _entry_label(section: str, number: int) -> str:
    if section == "procedures":
        return _("procedure #{number}").format(number=number)
    return _("field #{number}").format(number=number)


class _Context:
    """Where we are in the file, to build messages that lead straight to the fault."""

    def __init__(self, source: str, lines: Mapping[str, list[int]] | None) -> None:
        self.source = source
        self.lines = lines or {}

    def error(
        self,
        problem: _Problem,
        section: str | None = None,
        index: int | None = None,
        code: object = None,
    ) -> CatalogueError:
        where = self.source
        if section is not None and index is not None:
            section_lines = self.lines.get(section, [])
            if index < len(section_lines):
                where = _("{source}, line {line}").format(
                    source=self.source, line=section_lines[index]
                )
        entry = _entry_label(section, index + 1) if section and index is not None else ""
        if entry and isinstance(code, str) and code:
            entry = _('{entry} (code "{code}")').format(entry=entry, code=code)
        parts = [where] + ([entry] if entry else []) + [f"{problem.key} {problem.problem}"]
        path = problem.path if section is None else f"{section}[{index}].{problem.path}"
        return CatalogueError(": ".join(parts), field=path)


# --- value checks ------------------------------------------------------------
# Each takes the entry (a dict), the key and a display prefix, and returns a
# clean value or raises _Problem.


def _key(prefix: str, key: str) -> str:
    return f"{prefix}{key}"


def _check_keys(entry: Any, allowed: tuple[str, ...], prefix: str = "", what: str = "") -> None:
    if not isinstance(entry, dict):
        raise _Problem(what or prefix.rstrip(".: ") or "entry", _("must be a JSON object"))
    for key in entry:
        if key not in allowed:
            raise _Problem(
                _key(prefix, str(key)),
                _("is not a known key; expected one of {keys}").format(keys=", ".join(allowed)),
            )


def _text(
    entry: dict, key: str, prefix: str = "", *, required: bool = True, empty_ok: bool = False
) -> str:
    if key not in entry or entry[key] is None and not required:
        if required:
            raise _Problem(_key(prefix, key), _("is missing"))
        return ""
    value = entry[key]
    if not isinstance(value, str):
        raise _Problem(_key(prefix, key), _("must be text"))
    if not is_unicode(value):
        raise _Problem(
            _key(prefix, key), _("holds a broken character (an unpaired UTF-16 surrogate escape)")
        )
    value = nfc(value).strip()
    if not value and not empty_ok:
        raise _Problem(_key(prefix, key), _("must not be empty"))
    return value


def _whole(entry: dict, key: str, prefix: str = "", *, default: int, minimum: int = 0) -> int:
    if key not in entry:
        return default
    value = entry[key]
    # bool is an int in Python; "true" for a fee is a typo, not 1 đồng.
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Problem(_key(prefix, key), _("must be a whole number"))
    if value < minimum:
        if minimum == 0:
            raise _Problem(_key(prefix, key), _("must not be negative"))
        raise _Problem(_key(prefix, key), _("must be at least {minimum}").format(minimum=minimum))
    return value


def _flag(entry: dict, key: str, prefix: str = "", *, default: bool) -> bool:
    if key not in entry:
        return default
    value = entry[key]
    if not isinstance(value, bool):
        raise _Problem(_key(prefix, key), _("must be true or false"))
    return value


def _choice(entry: dict, key: str, choices: type, prefix: str = "", *, default=None):
    names = ", ".join(c.value for c in choices)
    if key not in entry:
        if default is None:
            raise _Problem(_key(prefix, key), _("is missing"))
        return default
    value = entry[key]
    try:
        return choices(value)
    except ValueError:
        raise _Problem(
            _key(prefix, key), _("must be one of {choices}").format(choices=names)
        ) from None


def _cutoff(entry: dict, key: str, prefix: str) -> time | None:
    value = entry.get(key)
    if value is None:
        return None
    m = _CUTOFF_RE.match(value) if isinstance(value, str) else None
    try:
        if not m:
            raise ValueError
        return time(int(m[1]), int(m[2]))
    except ValueError:
        raise _Problem(
            _key(prefix, key),
            _('must be a time of day HH:MM such as 15:00, or null, not "{value}"').format(
                value=value
            ),
        ) from None


# --- entries -----------------------------------------------------------------


def _parse_processing(entry: dict) -> ProcessingTime:
    if "processing" not in entry:
        raise _Problem("processing", _("is missing"))
    raw = entry["processing"]
    _check_keys(raw, _PROCESSING_KEYS, "processing.", what="processing")
    unit = _choice(raw, "unit", TimeUnit, "processing.")
    if unit is TimeUnit.SAME_DAY:
        amount = _whole(raw, "amount", "processing.", default=0)
        if amount != 0:
            # A same-day procedure with an amount is almost always a unit typo.
            raise _Problem("processing.amount", _("must be 0 or left out when unit is same_day"))
    else:
        if "amount" not in raw:
            raise _Problem("processing.amount", _("is missing"))
        amount = _whole(raw, "amount", "processing.", default=0)
        if amount < 1:
            raise _Problem(
                "processing.amount",
                _("must be at least 1 when unit is {unit}; use same_day for same-day work").format(
                    unit=unit.value
                ),
            )
    return ProcessingTime(unit=unit, amount=amount, cutoff=_cutoff(raw, "cutoff", "processing."))


def _parse_component(raw: Any, number: int) -> ComponentSpec:
    prefix = _("component #{number}: ").format(number=number)
    path = f"components[{number - 1}]."
    try:
        _check_keys(raw, _COMPONENT_KEYS, prefix, what=prefix.rstrip(": "))
        return ComponentSpec(
            name=_text(raw, "name", prefix),
            kind=_choice(raw, "kind", ComponentKind, prefix, default=ComponentKind.ORIGINAL),
            count=_whole(raw, "count", prefix, default=1, minimum=1),
            required=_flag(raw, "required", prefix, default=True),
        )
    except _Problem as p:
        inner = p.key.removeprefix(prefix) if p.key.startswith(prefix) else ""
        raise _Problem(p.key, p.problem, (path + inner).rstrip(".")) from None


def _parse_procedure(raw: Any, fields: Mapping[str, str]) -> Procedure:
    _check_keys(raw, _PROCEDURE_KEYS, what="entry")
    code = _text(raw, "code")
    if code != code.replace(" ", ""):
        raise _Problem("code", _("must not contain spaces"))
    national = _text(raw, "national_code", required=False) or None
    if national is not None and not _NATIONAL_CODE_RE.match(national):
        raise _Problem(
            "national_code",
            _('must look like 1.001193, or be null, not "{value}"').format(value=national),
        )
    name = _text(raw, "name")
    field_code = _text(raw, "field")
    if field_code not in fields:
        raise _Problem(
            "field",
            _('"{code}" is not one of the codes listed under "fields" ({codes})').format(
                code=field_code, codes=", ".join(fields)
            ),
        )
    processing = _parse_processing(raw)
    components_raw = raw.get("components", [])
    if not isinstance(components_raw, list):
        raise _Problem("components", _("must be a list"))
    components = tuple(_parse_component(c, n) for n, c in enumerate(components_raw, start=1))
    return Procedure(
        code=code,
        name=name,
        field=fields[field_code],
        processing=processing,
        components=components,
        fee_vnd=_whole(raw, "fee_vnd", default=0),
        fee_note=_text(raw, "fee_note", required=False, empty_ok=True),
        result=_text(raw, "result", required=False, empty_ok=True),
        national_code=national,
        legal_basis=_text(raw, "legal_basis", required=False, empty_ok=True),
        extra={"field_code": field_code},
    )


def _parse_list(
    ctx: _Context, data: dict, section: str, parse: Callable[[Any, int], Any]
) -> list[Any]:
    if section not in data:
        raise ctx.error(_Problem(section, _("is missing")))
    raw = data[section]
    if not isinstance(raw, list):
        raise ctx.error(_Problem(section, _("must be a list")))
    items = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(raw):
        code = entry.get("code") if isinstance(entry, dict) else None
        try:
            item = parse(entry, index)
            if item.code in seen:
                raise _Problem(
                    "code",
                    _('"{code}" is already used by {entry}').format(
                        code=item.code, entry=_entry_label(section, seen[item.code])
                    ),
                )
        except _Problem as p:
            raise ctx.error(p, section, index, code) from None
        seen[item.code] = index + 1
        items.append(item)
    return items


@dataclass(frozen=True)
class _Field:
    code: str
    name: str


def _parse_field(raw: Any, _index: int) -> _Field:
    _check_keys(raw, _FIELD_KEYS, what="entry")
    return _Field(_text(raw, "code"), _text(raw, "name"))


def parse_catalogue(
    data: Any, source: str = "<data>", *, lines: Mapping[str, list[int]] | None = None
) -> Catalogue:
    """Check and convert a decoded catalogue; raises CatalogueError naming the fault.

    ``lines`` maps "fields" and "procedures" to the line of each entry in the
    source text, when there is one (``load_catalogue`` supplies it).
    """
    ctx = _Context(source, lines)
    if not isinstance(data, dict):
        raise CatalogueError(
            _("{source}: the file must hold one JSON object").format(source=source)
        )
    try:
        schema = data.get("schema")
        if schema != SCHEMA:
            raise _Problem(
                "schema",
                _('must be "{expected}", not {value}').format(
                    expected=SCHEMA, value=json.dumps(schema, ensure_ascii=False)
                ),
            )
        _check_keys(data, _TOP_KEYS)
        version = _text(data, "version")
        raw_date = _text(data, "effective_date")
        try:
            effective = date.fromisoformat(raw_date)
        except ValueError:
            raise _Problem(
                "effective_date",
                _('must be a date YYYY-MM-DD, not "{value}"').format(value=raw_date),
            ) from None
        sample = _flag(data, "sample", default=False)
        note = _text(data, "note", required=False, empty_ok=True)
    except _Problem as p:
        raise ctx.error(p) from None

    fields = {f.code: f.name for f in _parse_list(ctx, data, "fields", _parse_field)}
    procedures = _parse_list(ctx, data, "procedures", lambda raw, _i: _parse_procedure(raw, fields))
    return Catalogue(
        version=version,
        effective_date=effective,
        sample=sample,
        note=note,
        fields=fields,
        procedures=tuple(procedures),
    )


def _element_lines(text: str) -> dict[str, list[int]]:
    """Line number of every element of each top-level array, for error messages.

    ``json`` keeps no positions, so this walks the (already valid) text once,
    tracking nesting, strings and the last top-level key.
    """
    found: dict[str, list[int]] = {}
    stack: list[str] = []
    line = 1
    last_key: str | None = None
    current: str | None = None
    want_value = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c in " \t\r":
            pass
        else:
            if want_value and c != "]":
                found[current].append(line)
                want_value = False
            if c == '"':
                j = i + 1
                while text[j] != '"':
                    j += 2 if text[j] == "\\" else 1
                if stack == ["{"]:
                    last_key = text[i + 1 : j]
                i = j
            elif c in "{[":
                if stack == ["{"] and c == "[" and last_key is not None:
                    current = last_key
                    found[current] = []
                    want_value = True
                stack.append(c)
            elif c in "}]":
                stack.pop()
                want_value = False  # an empty array ("procedures": []) has no first element
                if len(stack) == 1:
                    current = None
            elif c == "," and current is not None and len(stack) == 2:
                want_value = True
        i += 1
    return found


def load_catalogue(path: str | Path) -> Catalogue:
    """Read and check a catalogue file; raises CatalogueError naming file, line and entry."""
    path = Path(path)
    source = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogueError(
            _("{source}: the catalogue file does not exist ({path})").format(
                source=source, path=path
            )
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(
            _("{source}: the catalogue file cannot be read: {reason}").format(
                source=source, reason=exc
            )
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            _("{source}, line {line}, column {column}: the JSON is malformed: {reason}").format(
                source=source, line=exc.lineno, column=exc.colno, reason=exc.msg
            )
        ) from None
    except RecursionError:
        raise CatalogueError(
            _("{source}: the JSON is malformed: it nests too deeply to be read").format(
                source=source
            )
        ) from None
    except ValueError:  # json refuses integers of more than 4300 digits
        raise CatalogueError(
            _("{source}: the JSON is malformed: it holds a number too long to be read").format(
                source=source
            )
        ) from None
    return parse_catalogue(data, source, lines=_element_lines(text))


def catalogue_to_dict(cat: Catalogue) -> dict[str, Any]:
    """The catalogue in its file form; ``parse_catalogue`` of the result equals ``cat``."""
    codes_by_name = {name: code for code, name in cat.fields.items()}
    procedures = []
    for p in cat.procedures:
        processing: dict[str, Any] = {"unit": p.processing.unit.value}
        processing["amount"] = 0 if p.processing.unit is TimeUnit.SAME_DAY else p.processing.amount
        processing["cutoff"] = (
            p.processing.cutoff.strftime("%H:%M") if p.processing.cutoff else None
        )
        procedures.append(
            {
                "code": p.code,
                "national_code": p.national_code,
                "name": p.name,
                "field": p.extra.get("field_code") or codes_by_name[p.field],
                "processing": processing,
                "components": [
                    {"name": c.name, "kind": c.kind.value, "count": c.count, "required": c.required}
                    for c in p.components
                ],
                "fee_vnd": p.fee_vnd,
                "fee_note": p.fee_note,
                "result": p.result,
                "legal_basis": p.legal_basis,
            }
        )
    return {
        "schema": SCHEMA,
        "version": cat.version,
        "effective_date": cat.effective_date.isoformat(),
        "sample": cat.sample,
        "note": cat.note,
        "fields": [{"code": code, "name": name} for code, name in cat.fields.items()],
        "procedures": procedures,
    }
