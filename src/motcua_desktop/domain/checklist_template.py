"""Checklist templates of the quality system: parsed and checked, every error naming its field.

Two kinds of run use them (ISO 9001 in administration, DOMAIN.md): the annual
self-inspection of Circular 26/2014/TT-BKHCN art. 36 (against the standard,
items a–g; against Decision 19/2014/QĐ-TTg, items a–e) and the internal audit
by the clauses of ISO 9001:2015. A template is a versioned data file
(``resources/checklists/*.json``, the shape in ``template.schema.json`` beside
them) or a body the district sends in a config bundle. An item may name an
``evidence`` figure the program computes itself (``EVIDENCE_KEYS``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from motcua_desktop.domain.errors import MotcuaError, NotAllowed
from motcua_desktop.domain.json_fields import FieldReader
from motcua_desktop.i18n import _

SCHEMA = "motcua-checklist-template/1"
BODY_KIND = "checklist"  # the "kind" of a checklist body among the district's templates
RUN_KINDS = ("self_inspection", "internal_audit")
EVIDENCE_KEYS = (
    "on_time_rate",
    "overdue_without_apology",
    "procedures_without_process",
    "surveys_this_month",
    "objectives_status",
    "open_corrective_actions",
)
# Verdicts on an item: conforming, minor / major nonconformity, not applicable.
VERDICTS = ("conforming", "minor", "major", "na")
FINDING_VERDICTS = ("minor", "major")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_VERSION = re.compile(r"^[\w./ -]{1,40}$")


class TemplateError(MotcuaError):
    """A checklist template that cannot be used; ``field`` is the path, e.g. ``sections[1].items[0].id``."""


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    guidance: str
    label: str = ""  # the letter the legal text uses ("a", "đ"), or ""
    clause: str = ""  # the ISO clause ("8.5.1"), or ""
    evidence: str = ""  # a key of EVIDENCE_KEYS, or ""
    section_id: str = ""


@dataclass(frozen=True)
class ChecklistSection:
    id: str
    title: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class ChecklistTemplate:
    code: str
    version: str
    run_kind: str  # self_inspection | internal_audit
    title: str
    sections: tuple[ChecklistSection, ...]
    basis: str = ""
    effective_date: date | None = None
    source: str = "shipped"  # shipped | district
    body: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return self.code, self.version

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        """Every item in order, across the sections."""
        return tuple(item for section in self.sections for item in section.items)

    def item(self, item_id: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.id == item_id), None)

    def section(self, section_id: str) -> ChecklistSection | None:
        return next((s for s in self.sections if s.id == section_id), None)


class _Reader(FieldReader):
    def __init__(self, source: str) -> None:
        super().__init__(source, TemplateError)

    def ident(self, obj: Any, path: str, seen: set[str], pattern: re.Pattern = _ID) -> str:
        return super().ident(obj, path, seen, pattern)

    def array(self, obj: dict, key: str, path: str) -> list:
        return self.items(obj, key, path)


def parse_template(
    data: Any, source: str = "template", *, origin: str = "shipped"
) -> ChecklistTemplate:
    """A checked ``ChecklistTemplate`` from parsed JSON; ``TemplateError`` names the faulty field."""
    r = _Reader(source)
    if not isinstance(data, dict):
        raise r.fail("(top)", _("must be an object"))
    if r.text(data, "schema", "") != SCHEMA:
        raise r.fail("schema", _("must be “{schema}”").format(schema=SCHEMA))
    if r.text(data, "kind", "") != BODY_KIND:
        raise r.fail("kind", _("must be “{kind}”").format(kind=BODY_KIND))
    code = r.text(data, "code", "")
    if not _CODE.match(code) or len(code) > 60:
        raise r.fail("code", _("“{value}” is not a valid code").format(value=code))
    run_kind = r.text(data, "run_kind", "")
    if run_kind not in RUN_KINDS:
        raise r.fail("run_kind", _("must be “self_inspection” or “internal_audit”"))
    effective = r.text(data, "effective_date", "", required=False)
    try:
        effective_date = date.fromisoformat(effective) if effective else None
    except ValueError:
        raise r.fail("effective_date", _("must be a date written YYYY-MM-DD")) from None
    sections, section_ids, item_ids = [], set(), set()
    for i, raw in enumerate(r.array(data, "sections", "")):
        path = f"sections[{i}]"
        sid = r.ident(raw, path, section_ids)
        items = tuple(
            _item(r, item, f"{path}.items[{k}]", item_ids, sid)
            for k, item in enumerate(r.array(raw, "items", path))
        )
        sections.append(ChecklistSection(sid, r.text(raw, "title", path), items))
    version = r.text(data, "template_version", "")
    if not _VERSION.match(version):  # with the code, it names the file a district copy is kept in
        raise r.fail(
            "template_version",
            _("must be a short label such as 1 or 2026.1 (at most 40 letters, digits and . - _ /)"),
        )
    return ChecklistTemplate(
        code=code,
        version=version,
        run_kind=run_kind,
        title=r.text(data, "title", ""),
        sections=tuple(sections),
        basis=r.text(data, "basis", "", required=False),
        effective_date=effective_date,
        source=origin,
        body=data,
    )


def _item(r: _Reader, raw: Any, path: str, seen: set[str], section_id: str) -> ChecklistItem:
    iid = r.ident(raw, path, seen)
    evidence = r.text(raw, "evidence", path, required=False)
    if evidence and evidence not in EVIDENCE_KEYS:
        raise r.fail(
            f"{path}.evidence",
            _("unknown figure “{name}”; known: {known}").format(
                name=evidence, known=", ".join(EVIDENCE_KEYS)
            ),
        )
    return ChecklistItem(
        id=iid,
        text=r.text(raw, "text", path),
        guidance=r.text(raw, "guidance", path),
        label=r.text(raw, "label", path, required=False),
        clause=r.text(raw, "clause", path, required=False),
        evidence=evidence,
        section_id=section_id,
    )


def load_template(path: Path, *, origin: str = "shipped") -> ChecklistTemplate:
    """Read and check one template file; TemplateError names the file and the field or line."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise TemplateError(
            _("{source}: cannot be read: {error}").format(source=path.name, error=exc.strerror)
        ) from exc
    except UnicodeDecodeError as exc:
        raise TemplateError(
            _("{source}: not UTF-8 text (a wrong byte at position {position})").format(
                source=path.name, position=exc.start
            )
        ) from None
    except json.JSONDecodeError as exc:
        raise TemplateError(
            _("{source}: line {line}: not valid JSON ({error})").format(
                source=path.name, line=exc.lineno, error=exc.msg
            ),
            field=f"line {exc.lineno}",
        ) from exc
    except RecursionError:
        raise TemplateError(
            _("{source}: not valid JSON (it nests too deeply)").format(source=path.name)
        ) from None
    except ValueError:  # json refuses integers of more than 4300 digits
        raise TemplateError(
            _("{source}: not valid JSON (a number too long to read)").format(source=path.name)
        ) from None
    return parse_template(data, path.name, origin=origin)


def load_folder(folder: Path) -> list[ChecklistTemplate]:
    """Every template file in ``folder`` (the schema file is skipped), sorted by file name."""
    return [
        load_template(p)
        for p in sorted(Path(folder).glob("*.json"))
        if not p.name.endswith(".schema.json")
    ]


class RunClosed(NotAllowed):
    """A change to a checklist run that was closed and signed; a correction is a new revision."""
