"""The procedure catalogue as the desk sees it: shipped entries with the commune's overrides."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.catalogue import load_catalogue
from motcua_desktop.domain.errors import NotFound, ValidationError
from motcua_desktop.domain.procedures import ComponentSpec, Procedure, ProcessingTime
from motcua_desktop.domain.roles import Permission
from motcua_desktop.domain.text import fold
from motcua_desktop.i18n import _
from motcua_desktop.paths import resources_dir
from motcua_desktop.services import settings
from motcua_desktop.services.codec import (
    component_to_dict,
    procedure_from_dict,
    procedure_to_dict,
    processing_to_dict,
)
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require_with_accounts
from motcua_desktop.store.models import ProcedureOverride, ProcedureRow, User

log = logging.getLogger(__name__)
CATALOGUE_KEY = "catalogue"


def shipped_catalogue_path() -> Path:
    return resources_dir() / "catalogue" / "procedures.json"


def version_key(version: Any) -> tuple:
    """Order catalogue versions: numeric parts compare as numbers ("2026.10" > "2026.9")."""
    return tuple(
        (0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-_ ]+", str(version)) if p
    )


def _field_code(catalogue: Any, p: Procedure) -> str:
    code = (p.extra or {}).get("field_code")
    if code:
        return str(code)
    fields = getattr(catalogue, "fields", None)
    # ``fields`` may be a mapping code -> name or a list of objects/dicts with code and name.
    if isinstance(fields, dict):
        for k, v in fields.items():
            if v == p.field or getattr(v, "name", None) == p.field:
                return str(k)
    elif fields:
        for f in fields:
            name = f.get("name") if isinstance(f, dict) else getattr(f, "name", None)
            if name == p.field:
                code = f.get("code") if isinstance(f, dict) else getattr(f, "code", "")
                return str(code or "")
    return ""


def _search_text(p: Procedure) -> str:
    return fold(" ".join(filter(None, (p.code, p.national_code or "", p.name, p.field))))


def _import(s: Session, path: Path) -> int:
    catalogue = load_catalogue(path)
    version = str(catalogue.version)
    existing = {r.code: r for r in s.scalars(select(ProcedureRow))}
    seen = set()
    for p in catalogue.procedures:
        seen.add(p.code)
        values = {
            "catalogue_version": version,
            "name": p.name,
            "field_name": p.field,
            "field_code": _field_code(catalogue, p),
            "data": procedure_to_dict(p),
            "search_text": _search_text(p),
            "active": True,
        }
        row = existing.get(p.code)
        if row is None:
            s.add(ProcedureRow(code=p.code, **values))
        else:
            for k, v in values.items():
                setattr(row, k, v)
    # Dropped procedures stay (old dossiers point at them) but are no longer offered.
    for code, row in existing.items():
        if code not in seen:
            row.active = False
    settings.write(
        s,
        CATALOGUE_KEY,
        {
            "version": version,
            "effective_date": str(getattr(catalogue, "effective_date", "") or ""),
            "sample": bool(getattr(catalogue, "sample", False)),
            "source": str(path),
        },
    )
    return len(seen)


def import_catalogue_in(s: Session, path: Path) -> int:
    """``import_catalogue`` inside an open session (a config bundle applies in one transaction)."""
    return _import(s, Path(path))


def import_catalogue(ctx: AppContext, path: Path | None = None) -> int:
    """Load a catalogue file into the database (overrides are kept); returns the count."""
    with ctx.db.session() as s:
        return _import(s, Path(path) if path else shipped_catalogue_path())


def ensure_catalogue(ctx: AppContext) -> bool:
    """Load the shipped catalogue if none is loaded or the shipped one is newer."""
    path = shipped_catalogue_path()
    if not path.exists():
        log.warning("no shipped catalogue at %s", path)
        return False
    with ctx.db.session() as s:
        loaded = settings.read(s, CATALOGUE_KEY)
        has_rows = s.scalar(select(ProcedureRow.code).limit(1)) is not None
        if has_rows and loaded:
            shipped = load_catalogue(path)
            if version_key(shipped.version) <= version_key(loaded["version"]):
                return False
        _import(s, path)
        return True


def catalogue_info(ctx: AppContext) -> dict | None:
    """Version, effective date and source of the loaded catalogue."""
    with ctx.db.session(readonly=True) as s:
        return settings.read(s, CATALOGUE_KEY)


def _apply(
    row: ProcedureRow, override: ProcedureOverride | None, names: dict[str, str] | None = None
) -> Procedure:
    if override is None or not override.active:
        return procedure_from_dict(row.data)
    data = dict(row.data)
    if override.processing is not None:
        data["processing"] = override.processing
    if override.components is not None:
        data["components"] = override.components
    # Who changed it and when, so the catalogue screen can say so (plain values only).
    who = override.updated_by or override.created_by
    data["extra"] = {
        **(data.get("extra") or {}),
        "override_by": (names or {}).get(who, "") if who else "",
        "override_at": override.updated_at.isoformat(sep=" ", timespec="minutes")
        if override.updated_at
        else "",
    }
    return procedure_from_dict(data, overridden=True)


def _user_names(s: Session) -> dict[str, str]:
    return {uid: name for uid, name in s.execute(select(User.id, User.full_name))}


def _overrides(s: Session) -> dict[str, ProcedureOverride]:
    return {
        o.procedure_code: o
        for o in s.scalars(select(ProcedureOverride).where(ProcedureOverride.active.is_(True)))
    }


def load_procedure(s: Session, code: str) -> Procedure:
    """The procedure with overrides applied, inside an open session; NotFound if unknown."""
    row = s.get(ProcedureRow, code)
    if row is None:
        raise NotFound(_("There is no procedure with the code {code}.").format(code=code))
    override = s.scalar(select(ProcedureOverride).where(ProcedureOverride.procedure_code == code))
    return _apply(row, override, _user_names(s) if override is not None else None)


def list_procedures(ctx: AppContext, query: str = "") -> list[Procedure]:
    """Active procedures matching ``query`` on code, name or field, ignoring diacritics."""
    words = fold(query).split()
    with ctx.db.session(readonly=True) as s:
        rows = s.scalars(
            select(ProcedureRow)
            .where(ProcedureRow.active.is_(True))
            .order_by(ProcedureRow.field_name, ProcedureRow.name, ProcedureRow.code)
        ).all()
        overrides = _overrides(s)
        names = _user_names(s) if overrides else {}
        return [
            _apply(r, overrides.get(r.code), names)
            for r in rows
            if all(w in r.search_text for w in words)
        ]


def get_procedure(ctx: AppContext, code: str) -> Procedure:
    with ctx.db.session(readonly=True) as s:
        return load_procedure(s, code)


def set_override(
    ctx: AppContext,
    code: str,
    processing: ProcessingTime | None,
    components: list[ComponentSpec] | tuple[ComponentSpec, ...] | None,
    actor: Any,
) -> Procedure:
    """Replace a procedure's processing time and/or components for this commune."""
    require_with_accounts(ctx, actor, Permission.SETTINGS)
    if processing is not None and processing.amount < 0:
        raise ValidationError(_("A processing time cannot be negative."), field="processing")
    actor_id = getattr(actor, "id", None)
    with ctx.db.session(actor=actor) as s:
        if s.get(ProcedureRow, code) is None:
            raise NotFound(_("There is no procedure with the code {code}.").format(code=code))
        row = s.scalar(select(ProcedureOverride).where(ProcedureOverride.procedure_code == code))
        values = {
            "processing": processing_to_dict(processing) if processing is not None else None,
            "components": [component_to_dict(c) for c in components]
            if components is not None
            else None,
            "active": True,
            "updated_by": actor_id,
        }
        if row is None:
            s.add(ProcedureOverride(procedure_code=code, created_by=actor_id, **values))
        else:
            for k, v in values.items():
                setattr(row, k, v)
        s.flush()
        return load_procedure(s, code)


def clear_override(ctx: AppContext, code: str, actor: Any) -> Procedure:
    """Go back to the catalogue's values; the override row is deactivated, not deleted."""
    require_with_accounts(ctx, actor, Permission.SETTINGS)
    with ctx.db.session(actor=actor) as s:
        row = s.scalar(select(ProcedureOverride).where(ProcedureOverride.procedure_code == code))
        if row is not None and row.active:
            row.active = False
            row.updated_by = getattr(actor, "id", None)
            s.flush()
        return load_procedure(s, code)
