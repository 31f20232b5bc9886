"""Where checklist templates come from: shipped, from the district, and archived with a run.

Templates are the shipped files, newer versions from the district's config
bundle, and the district versions a run was started with (kept under
``<data>/quality/templates`` so an old run still reads against its own items).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sqlalchemy.orm import Session

from motcua_desktop.domain.checklist_template import (
    BODY_KIND,
    ChecklistTemplate,
    TemplateError,
    load_folder,
    load_template,
    parse_template,
)
from motcua_desktop.domain.errors import NotFound
from motcua_desktop.i18n import _
from motcua_desktop.paths import resources_dir
from motcua_desktop.services import settings
from motcua_desktop.services.catalogue import version_key
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.provisioning import TEMPLATES_KEY
from motcua_desktop.store.models import ChecklistRun

log = logging.getLogger(__name__)
ARCHIVE = Path("quality") / "templates"


def _shipped() -> list[ChecklistTemplate]:
    return load_folder(resources_dir() / "checklists")


def _from_district(s: Session) -> list[ChecklistTemplate]:
    items = (settings.read(s, TEMPLATES_KEY) or {}).get("items") or {}
    out = []
    for name, body in sorted(items.items()):
        if not isinstance(body, dict) or body.get("kind") != BODY_KIND:
            continue
        try:
            out.append(parse_template(body, str(name), origin="district"))
        except TemplateError as exc:  # a bad body from the district must not hide the shipped ones
            log.warning("district checklist template skipped: %s", exc.message)
    return out


def _archived(ctx: AppContext) -> list[ChecklistTemplate]:
    folder = ctx.data_dir / ARCHIVE
    if not folder.is_dir():
        return []
    kept = []
    for path in sorted(folder.glob("*.json")):
        try:
            kept.append(load_template(path, origin="district"))
        except TemplateError as exc:  # a damaged copy must not hide the other templates
            log.warning("archived checklist template skipped: %s", exc.message)
    return kept


def all_templates(ctx: AppContext, s: Session) -> dict[tuple[str, str], ChecklistTemplate]:
    """Every template on this computer by (code, version); an archived copy wins."""
    found: dict[tuple[str, str], ChecklistTemplate] = {}
    for t in [*_archived(ctx), *_shipped(), *_from_district(s)]:
        found.setdefault(t.key, t)
    return found


def templates(ctx: AppContext) -> list[ChecklistTemplate]:
    """The newest version of each checklist template, by code."""
    with ctx.db.session(readonly=True) as s:
        every = all_templates(ctx, s)
    newest: dict[str, ChecklistTemplate] = {}
    for t in every.values():
        if t.code not in newest or version_key(t.version) > version_key(newest[t.code].version):
            newest[t.code] = t
    return [newest[c] for c in sorted(newest)]


def find_template(ctx: AppContext, code: str, version: str | None = None) -> ChecklistTemplate:
    """Template ``code`` at ``version`` (the newest when None); NotFound otherwise."""
    if version is None:
        found = next((t for t in templates(ctx) if t.code == code), None)
    else:
        with ctx.db.session(readonly=True) as s:
            found = all_templates(ctx, s).get((code, version))
    if found is None:
        raise NotFound(
            _("There is no checklist template “{code}” {version}.")
            .format(code=code, version=version or "")
            .strip()
        )
    return found


def archive_template(ctx: AppContext, t: ChecklistTemplate) -> None:
    """Keep a copy of a district template a run starts with, so the run outlives it."""
    if t.source != "district":
        return
    path = ctx.data_dir / ARCHIVE / f"{t.code}-{t.version.replace('/', '_')}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(t.body, ensure_ascii=False, indent=1), "utf-8")


def template_of(ctx: AppContext, s: Session, row: ChecklistRun) -> ChecklistTemplate:
    """The template version ``row`` was started with; NotFound when it is not here."""
    found = all_templates(ctx, s).get((row.template_code, row.template_version))
    if found is None:
        raise NotFound(
            _("The checklist template “{code}” version {version} is not on this computer.").format(
                code=row.template_code, version=row.template_version
            )
        )
    return found
