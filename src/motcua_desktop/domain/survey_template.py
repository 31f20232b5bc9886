"""Survey and evaluation templates: parsed and checked, every error naming its field.

A template is a versioned data file (``resources/surveys/*.json``, the shape in
``template.schema.json`` beside them), or one the district sends in a config
bundle. Two kinds:

- ``satisfaction``: the citizens' paper form on the five SIPAS factors, each
  question answered on a scale of levels (1 Rất không hài lòng … 5 Rất hài
  lòng), an overall question, reasons for dissatisfaction and optional facts
  about the respondent;
- ``evaluation``: the per-dossier evaluation, nine indicators scored 0/1/2
  (``source`` "dossier": from the dossier or the citizen; "period": scored by
  the commune once per period) and items 10–11 on a three-level scale.

Answers always keep ``code`` and ``template_version``, so an old form still
reads against the template it was typed with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.domain.json_fields import FieldReader
from motcua_desktop.i18n import _

SCHEMA = "motcua-survey-template/1"
KINDS = ("satisfaction", "evaluation")
INDICATOR_IDS = tuple(str(n) for n in range(1, 10))
RESPONDENT_KINDS = ("choice", "text", "dossier_code")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


def version_key(version: object) -> tuple:
    """Order template versions: numeric parts compare as numbers ("1.10" > "1.9")."""
    return tuple(
        (0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-_ ]+", str(version)) if p
    )


class TemplateError(MotcuaError):
    """A template that cannot be used; ``field`` is the path, e.g. ``questions[3].scale``."""


@dataclass(frozen=True)
class Level:
    value: int
    label: str


@dataclass(frozen=True)
class Choice:
    id: str
    text: str


@dataclass(frozen=True)
class Question:
    """A question answered on a scale; ``factor`` is the SIPAS factor's id ("" if none)."""

    id: str
    text: str
    levels: tuple[Level, ...]
    factor: str = ""

    @property
    def values(self) -> frozenset[int]:
        return frozenset(level.value for level in self.levels)


@dataclass(frozen=True)
class Factor:
    id: str
    title: str


@dataclass(frozen=True)
class RespondentField:
    id: str
    label: str
    kind: str  # choice | text | dossier_code
    options: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """One of the nine 0/1/2 indicators; ``source`` is "dossier" or "period"."""

    id: str
    text: str
    source: str
    options: tuple[Level, ...]

    @property
    def values(self) -> frozenset[int]:
        return frozenset(level.value for level in self.options)


@dataclass(frozen=True)
class SurveyTemplate:
    code: str
    version: str
    kind: str
    title: str
    basis: str = ""
    intro: str = ""
    factors: tuple[Factor, ...] = ()
    questions: tuple[Question, ...] = ()
    overall: Question | None = None
    reasons_prompt: str = ""
    reasons: tuple[Choice, ...] = ()
    free_text: str = ""
    respondent_prompt: str = ""
    respondent: tuple[RespondentField, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    items: tuple[Question, ...] = ()
    body: dict = field(default_factory=dict, compare=False, repr=False)
    source: str = "shipped"  # shipped | district

    @property
    def key(self) -> tuple[str, str]:
        return self.code, self.version

    def question(self, question_id: str) -> Question | None:
        """A question (or the overall question, or item 10/11) by id."""
        for q in (*self.questions, *self.items, *((self.overall,) if self.overall else ())):
            if q.id == question_id:
                return q
        return None

    def factor_questions(self, factor_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.factor == factor_id)

    def reason_text(self, reason_id: str) -> str:
        return next((r.text for r in self.reasons if r.id == reason_id), reason_id)

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    @property
    def max_points(self) -> int:
        return sum(max(i.values) for i in self.indicators)


class _Reader(FieldReader):
    """Reads one template's JSON, raising ``TemplateError`` with the path of the first fault."""

    def __init__(self, source: str) -> None:
        super().__init__(source, TemplateError)

    def ident(self, obj: Any, path: str, seen: set[str], pattern: re.Pattern = _ID) -> str:
        return super().ident(obj, path, seen, pattern)

    def levels(self, raw: list, path: str) -> tuple[Level, ...]:
        if len(raw) < 2:
            raise self.fail(path, _("needs at least two levels"))
        out, seen = [], set()
        for i, entry in enumerate(raw):
            p = f"{path}[{i}]"
            value = self.get(entry, "value", p, int)
            if not 0 <= value <= 9:
                raise self.fail(f"{p}.value", _("must be between 0 and 9"))
            if value in seen:
                raise self.fail(f"{p}.value", _("is used twice"))
            seen.add(value)
            out.append(Level(value, self.text(entry, "label", p)))
        return tuple(out)

    def choices(self, raw: list, path: str) -> tuple[Choice, ...]:
        seen: set[str] = set()
        return tuple(
            Choice(self.ident(c, f"{path}[{i}]", seen), self.text(c, "text", f"{path}[{i}]"))
            for i, c in enumerate(raw)
        )

    def question(self, raw: Any, path: str, scales: dict, seen: set[str], factors=None) -> Question:
        qid = self.ident(raw, path, seen)
        text = self.text(raw, "text", path)
        scale = self.text(raw, "scale", path)
        if scale not in scales:
            raise self.fail(f"{path}.scale", _("unknown scale “{name}”").format(name=scale))
        factor = ""
        if factors is not None:
            factor = self.text(raw, "factor", path)
            if factor not in factors:
                raise self.fail(f"{path}.factor", _("unknown factor “{name}”").format(name=factor))
        return Question(qid, text, scales[scale], factor)


def parse_template(
    data: Any, source: str = "template", *, origin: str = "shipped"
) -> SurveyTemplate:
    """A checked ``SurveyTemplate`` from parsed JSON; ``TemplateError`` names the faulty field."""
    r = _Reader(source)
    if not isinstance(data, dict):
        raise r.fail("(top)", _("must be an object"))
    if r.text(data, "schema", "") != SCHEMA:
        raise r.fail("schema", _("must be “{schema}”").format(schema=SCHEMA))
    code = r.text(data, "code", "")
    if not _CODE.match(code):
        raise r.fail("code", _("“{value}” is not a valid code").format(value=code))
    version = r.text(data, "template_version", "")
    kind = r.text(data, "kind", "")
    if kind not in KINDS:
        raise r.fail("kind", _("must be “satisfaction” or “evaluation”"))
    raw_scales = r.get(data, "scales", "", dict)
    if not raw_scales:
        raise r.fail("scales", _("is empty"))
    scales = {name: r.levels(r.items(raw_scales, name, "scales"), f"scales.{name}")
              for name in raw_scales}  # fmt: skip
    common = dict(
        code=code, version=version, kind=kind, title=r.text(data, "title", ""),
        basis=r.text(data, "basis", "", required=False),
        intro=r.text(data, "intro", "", required=False), body=data, source=origin,
    )  # fmt: skip
    if kind == "satisfaction":
        return SurveyTemplate(**common, **_satisfaction(r, data, scales))
    return SurveyTemplate(**common, **_evaluation(r, data, scales))


def _satisfaction(r: _Reader, data: dict, scales: dict) -> dict:
    seen: set[str] = set()
    factors = tuple(
        Factor(r.ident(f, f"factors[{i}]", seen), r.text(f, "title", f"factors[{i}]"))
        for i, f in enumerate(r.items(data, "factors", ""))
    )
    ids = {f.id for f in factors}
    seen = set()
    questions = tuple(
        r.question(q, f"questions[{i}]", scales, seen, ids)
        for i, q in enumerate(r.items(data, "questions", ""))
    )
    for f in factors:
        if not any(q.factor == f.id for q in questions):
            raise r.fail(f"factors[{factors.index(f)}]", _("has no questions"))
    raw_overall = r.get(data, "overall", "", dict, required=False)
    overall = r.question(raw_overall, "overall", scales, seen) if raw_overall else None
    reasons = r.get(data, "reasons", "", dict, required=False) or {}
    respondent = r.get(data, "respondent", "", dict, required=False) or {}
    fields, seen = [], set()
    for i, raw in enumerate(r.items(respondent, "fields", "respondent", required=bool(respondent))):
        p = f"respondent.fields[{i}]"
        fid, label, kind = r.ident(raw, p, seen), r.text(raw, "label", p), r.text(raw, "kind", p)
        if kind not in RESPONDENT_KINDS:
            raise r.fail(f"{p}.kind", _("must be “choice”, “text” or “dossier_code”"))
        options = r.choices(r.items(raw, "options", p), f"{p}.options") if kind == "choice" else ()
        fields.append(RespondentField(fid, label, kind, options))
    return dict(
        factors=factors, questions=questions, overall=overall,
        reasons_prompt=r.text(reasons, "prompt", "reasons", required=False),
        reasons=r.choices(r.items(reasons, "options", "reasons", required=bool(reasons)),
                          "reasons.options"),
        free_text=r.text(reasons, "free_text", "reasons", required=False),
        respondent_prompt=r.text(respondent, "prompt", "respondent", required=False),
        respondent=tuple(fields),
    )  # fmt: skip


def _evaluation(r: _Reader, data: dict, scales: dict) -> dict:
    seen: set[str] = set()
    indicators = []
    for i, raw in enumerate(r.items(data, "indicators", "")):
        p = f"indicators[{i}]"
        iid = r.ident(raw, p, seen)
        if iid not in INDICATOR_IDS:
            raise r.fail(f"{p}.id", _("must be a number from 1 to 9"))
        source = r.text(raw, "source", p)
        if source not in ("dossier", "period"):
            raise r.fail(f"{p}.source", _("must be “dossier” or “period”"))
        options = r.levels(r.items(raw, "options", p), f"{p}.options")
        if {o.value for o in options} != {0, 1, 2}:
            raise r.fail(f"{p}.options", _("must score 0, 1 and 2 points"))
        indicators.append(Indicator(iid, r.text(raw, "text", p), source, options))
    items = tuple(
        r.question(q, f"items[{i}]", scales, seen)
        for i, q in enumerate(r.items(data, "items", "", required=False))
    )
    return dict(indicators=tuple(indicators), items=items)
