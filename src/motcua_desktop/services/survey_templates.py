"""The survey templates installed: shipped in ``resources/surveys/``, sent by the district, or kept.

Three sources, merged by (code, version):

- the shipped files (``resources/surveys/*.json``);
- the district's, in the "templates" setting a config bundle writes
  (``{"version": …, "items": {name: body}}``; an item is a survey template
  when its body's "kind" is "satisfaction" or "evaluation");
- the ``survey_templates`` table, where a template is copied the first time
  answers are entered with it, so old forms still read against their version
  after the district has replaced it.

The active template of a kind is its newest version (a district one before a
shipped one of the same version).
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import NotFound
from motcua_desktop.domain.survey_template import (
    KINDS,
    SurveyTemplate,
    TemplateError,
    parse_template,
    version_key,
)
from motcua_desktop.i18n import _
from motcua_desktop.paths import resources_dir
from motcua_desktop.services import settings
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.provisioning import TEMPLATES_KEY
from motcua_desktop.store.models import SurveyTemplate as TemplateRow

log = logging.getLogger(__name__)
SCHEMA_FILE = "template.schema.json"
_RANK = {"district": 0, "stored": 1, "shipped": 2}


def surveys_dir() -> Path:
    return resources_dir() / "surveys"


@lru_cache(maxsize=1)
def shipped_templates() -> tuple[SurveyTemplate, ...]:
    """Every template file shipped with the program (a broken one is a bug: it raises)."""
    out = []
    for path in sorted(surveys_dir().glob("*.json")):
        if path.name != SCHEMA_FILE:
            out.append(parse_template(json.loads(path.read_text("utf-8")), path.name))
    return tuple(out)


def district_templates(part: Any) -> list[SurveyTemplate]:
    """The survey templates in a config bundle's "templates" part; ``TemplateError`` if broken.

    Items whose body has another "kind" (slip templates and the like) are left alone.
    """
    items = (part or {}).get("items") or {}
    return [
        parse_template(body, _("district template “{name}”").format(name=name), origin="district")
        for name, body in sorted(items.items())
        if isinstance(body, dict) and body.get("kind") in KINDS
    ]


def _from_session(s: Session) -> list[tuple[int, SurveyTemplate]]:
    found: list[tuple[int, SurveyTemplate]] = [(_RANK["shipped"], t) for t in shipped_templates()]
    try:
        found += [
            (_RANK["district"], t) for t in district_templates(settings.read(s, TEMPLATES_KEY))
        ]
    except TemplateError as exc:  # checked when the bundle is applied; never fatal here
        log.warning("ignoring the district's survey templates: %s", exc.message)
    for row in s.scalars(select(TemplateRow)):
        try:
            t = parse_template(row.body, f"{row.code} {row.template_version}", origin=row.source)
        except TemplateError as exc:
            log.warning("ignoring stored survey template: %s", exc.message)
            continue
        found.append((_RANK["stored"], t))
    return found


def templates_in(s: Session) -> dict[tuple[str, str], SurveyTemplate]:
    """Every readable template by (code, version); the district's copy wins a tie."""
    out: dict[tuple[str, str], SurveyTemplate] = {}
    for _rank, t in sorted(_from_session(s), key=lambda rt: rt[0]):
        out.setdefault(t.key, t)
    return out


def installed_templates(ctx: AppContext) -> list[SurveyTemplate]:
    """All templates, by kind, code and newest version first."""
    with ctx.db.session(readonly=True) as s:
        found = templates_in(s).values()
    newest_first = sorted(found, key=lambda t: version_key(t.version), reverse=True)
    return sorted(newest_first, key=lambda t: (t.kind, t.code))


def active_in(s: Session, kind: str) -> SurveyTemplate:
    retired = {(r.code, r.template_version) for r in s.scalars(select(TemplateRow)) if not r.active}
    candidates = [t for t in templates_in(s).values() if t.kind == kind and t.key not in retired]
    if not candidates:
        raise NotFound(_("No survey template of kind “{kind}” is installed.").format(kind=kind))
    return max(candidates, key=lambda t: (version_key(t.version), t.source == "district"))


def active_template(ctx: AppContext, kind: str) -> SurveyTemplate:
    """The newest template of ``kind`` ("satisfaction" or "evaluation")."""
    with ctx.db.session(readonly=True) as s:
        return active_in(s, kind)


def template_in(s: Session, code: str, version: str) -> SurveyTemplate:
    found = templates_in(s).get((code, version))
    if found is None:
        raise NotFound(
            _("Survey template {code} version {version} is not installed.").format(
                code=code, version=version
            )
        )
    return found


def get_template(ctx: AppContext, code: str, version: str) -> SurveyTemplate:
    """The template a form was typed with (kept even after a newer one arrived)."""
    with ctx.db.session(readonly=True) as s:
        return template_in(s, code, version)


def keep_template(s: Session, t: SurveyTemplate, actor_id: str | None) -> None:
    """Copy ``t`` into ``survey_templates`` once, so answers typed with it stay readable."""
    exists = s.scalar(
        select(TemplateRow.id).where(
            TemplateRow.code == t.code, TemplateRow.template_version == t.version
        )
    )
    if exists is None:
        s.add(TemplateRow(code=t.code, template_version=t.version, kind=t.kind, title=t.title,
                          body=t.body, source=t.source if t.source == "district" else "shipped",
                          active=True, created_by=actor_id))  # fmt: skip
