"""A district config bundle inside one transaction: what it would change, and applying it.

The state it keeps is the same as ``services.provisioning`` keeps at first
run: ``local_state`` "config_versions" and "district_days", the "templates"
setting, and a copy of the catalogue under ``<data>/catalogue/``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua_desktop.domain.catalogue import parse_catalogue
from motcua_desktop.i18n import _, format_ui_date, ngettext
from motcua_desktop.services import settings
from motcua_desktop.services.catalogue import CATALOGUE_KEY, import_catalogue_in, version_key
from motcua_desktop.services.codec import procedure_to_dict
from motcua_desktop.services.provisioning import DISTRICT_DAYS, TEMPLATES_KEY
from motcua_desktop.store.models import CalendarDay, ProcedureRow
from motcua_desktop.sync.downlink import ConfigUpdate, check_holidays
from motcua_desktop.sync.state import CONFIG_VERSIONS, get_state, set_state

PART_NAMES = ("catalogue", "holidays", "templates")


def config_versions(s: Session) -> dict[str, str]:
    """The version of each part in use; the loaded catalogue counts even if it was shipped."""
    versions = dict(get_state(s, CONFIG_VERSIONS, {}) or {})
    loaded = settings.read(s, CATALOGUE_KEY) or {}
    versions.setdefault("catalogue", str(loaded.get("version") or ""))
    return versions


def newer_parts(update: ConfigUpdate, versions: dict[str, str]) -> dict[str, str]:
    """The parts of ``update`` newer than those in use, with their versions."""
    return {
        name: v
        for name, v in update.versions().items()
        if not versions.get(name) or version_key(v) > version_key(versions[name])
    }


def _days(values) -> str:
    return ", ".join(format_ui_date(d) for d in sorted(values))


def _catalogue_lines(s: Session, catalogue: dict[str, Any], old: str, new: str) -> list[str]:
    parsed = parse_catalogue(catalogue, "catalogue")
    rows = {r.code: r for r in s.scalars(select(ProcedureRow))}
    codes = {p.code for p in parsed.procedures}
    added = sum(1 for p in parsed.procedures if p.code not in rows or not rows[p.code].active)
    changed = sum(
        1
        for p in parsed.procedures
        if p.code in rows and rows[p.code].active and rows[p.code].data != procedure_to_dict(p)
    )
    dropped = sum(1 for code, r in rows.items() if r.active and code not in codes)
    return [
        _("Procedure catalogue {old} → {new}:").format(old=old or "–", new=new)
        + " "
        + ", ".join(
            (
                ngettext("{n} new procedure", "{n} new procedures", added).format(n=added),
                ngettext("{n} changed", "{n} changed", changed).format(n=changed),
                ngettext("{n} no longer offered", "{n} no longer offered", dropped).format(
                    n=dropped
                ),
            )
        )
        + ". "
        + _("This commune's own processing times and components are kept.")
    ]


def _holiday_plan(s: Session, holidays: dict[str, Any]):
    """What the district's table does to ``calendar_days``: (set, taken back, local kept)."""
    wanted = {day: (kind, note) for day, kind, note in check_holidays(holidays)}
    previous = {date.fromisoformat(d) for d in get_state(s, DISTRICT_DAYS, []) or []}
    rows = {r.day: r for r in s.scalars(select(CalendarDay))}
    # A day the clerks marked themselves (active, not from an earlier district table) stays theirs.
    local = {d for d, r in rows.items() if r.active and d not in previous and d in wanted}
    to_set = {
        d: v
        for d, v in wanted.items()
        if d not in local
        and not (d in rows and rows[d].active and (rows[d].kind, rows[d].note) == v)
    }
    taken_back = {d for d in previous - set(wanted) if d in rows and rows[d].active}
    return wanted, to_set, taken_back, local, rows


def _holiday_lines(s: Session, holidays: dict[str, Any], old: str, new: str) -> list[str]:
    _wanted, to_set, taken_back, local, _rows = _holiday_plan(s, holidays)
    lines = [_("Holiday table {old} → {new}.").format(old=old or "–", new=new)]
    off = [d for d, (kind, _n) in to_set.items() if kind == "off"]
    working = [d for d, (kind, _n) in to_set.items() if kind == "working"]
    if off:
        lines.append(_("Days off: {days}.").format(days=_days(off)))
    if working:
        lines.append(_("Extra working days: {days}.").format(days=_days(working)))
    if taken_back:
        lines.append(_("Back to normal: {days}.").format(days=_days(taken_back)))
    if local:
        lines.append(_("Kept as this commune set them: {days}.").format(days=_days(local)))
    if len(lines) == 1:
        lines.append(_("No day changes."))
    return [" ".join(lines)]


def describe_config(
    s: Session, update: ConfigUpdate, versions: dict[str, str]
) -> tuple[list[str], dict[str, str]]:
    """Lines in plain words saying what applying ``update`` changes, and the parts it applies."""
    newer = newer_parts(update, versions)
    lines: list[str] = []
    if "catalogue" in newer:
        lines += _catalogue_lines(s, update.catalogue or {}, versions.get("catalogue", ""),
                                  newer["catalogue"])  # fmt: skip
    if "holidays" in newer:
        lines += _holiday_lines(s, update.holidays or {}, versions.get("holidays", ""),
                                newer["holidays"])  # fmt: skip
    if "templates" in newer:
        items = sorted((update.templates or {}).get("items", {}))
        lines.append(
            _("Templates {old} → {new}: {names}.").format(
                old=versions.get("templates") or "–",
                new=newer["templates"],
                names=", ".join(items) or "–",
            )  # fmt: skip
        )
    for name in set(update.versions()) - set(newer):
        lines.append(
            _("{part} {version}: already in use, unchanged.").format(
                part=name, version=update.versions()[name]
            )
        )
    return lines, newer


def _apply_holidays(s: Session, holidays: dict[str, Any], actor_id: str | None) -> None:
    wanted, to_set, taken_back, local, rows = _holiday_plan(s, holidays)
    for day, (kind, note) in to_set.items():
        row = rows.get(day)
        if row is None:
            s.add(CalendarDay(day=day, kind=kind, note=note, active=True, created_by=actor_id,
                              updated_by=actor_id))  # fmt: skip
        else:
            row.kind, row.note, row.active, row.updated_by = kind, note, True, actor_id
    for day in taken_back:
        rows[day].active = False
    set_state(s, DISTRICT_DAYS, sorted(d.isoformat() for d in set(wanted) - local))


def apply_config(
    s: Session, update: ConfigUpdate, data_dir: Path, actor_id: str | None = None
) -> dict[str, str]:
    """Apply the newer parts of ``update`` in the caller's transaction; returns what was applied."""
    versions = config_versions(s)
    newer = newer_parts(update, versions)
    if "catalogue" in newer:
        folder = Path(data_dir) / "catalogue"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "district-{v}.json".format(v=newer["catalogue"].replace("/", "_"))
        path.write_text(json.dumps(update.catalogue, ensure_ascii=False, indent=1), "utf-8")
        import_catalogue_in(s, path)
    if "holidays" in newer:
        _apply_holidays(s, update.holidays or {}, actor_id)
    if "templates" in newer:
        settings.write(s, TEMPLATES_KEY, update.templates, actor_id)
    set_state(s, CONFIG_VERSIONS, {**(get_state(s, CONFIG_VERSIONS, {}) or {}), **newer,
                                   "config": update.config_version})  # fmt: skip
    return newer
