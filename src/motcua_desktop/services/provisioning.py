"""Accepting a district's provisioning file and configuration updates at the commune."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from motcua_desktop.domain.errors import BundleRejected, NotAllowed
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import _
from motcua_desktop.services import settings
from motcua_desktop.services.catalogue import import_catalogue, import_catalogue_in
from motcua_desktop.services.codec import profile_from_dict, profile_to_dict
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.setup import PROFILE_KEY, get_profile, validate_profile
from motcua_desktop.services.users import has_users
from motcua_desktop.store.models import CalendarDay, Dossier
from motcua_desktop.sync.downlink import ConfigUpdate, check_holidays, part_version
from motcua_desktop.sync.keys import (
    DEMO_DISTRICT_NAME,
    DEMO_ENROLMENT_TOKEN,
    demo_district_keys,
    fingerprint,
    load_or_create_identity,
)
from motcua_desktop.sync.provisioning import DistrictInfo, read_provisioning
from motcua_desktop.sync.state import (
    CONFIG_VERSIONS,
    DISTRICT,
    ENROLMENT_TOKEN,
    get_state,
    set_state,
)

TEMPLATES_KEY = "templates"
# The days the district's holiday table set, so the next table can take back the ones it drops.
DISTRICT_DAYS = "district_days"


def district_of(ctx: AppContext) -> DistrictInfo | None:
    """The district this commune belongs to, or None before provisioning."""
    with ctx.db.session(readonly=True) as s:
        d = get_state(s, DISTRICT)
    return DistrictInfo(**d) if d else None


def _catalogue_file(ctx: AppContext, catalogue: dict[str, Any]) -> Path:
    """The district's catalogue kept as ``<data>/catalogue/district-<version>.json``."""
    folder = ctx.data_dir / "catalogue"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "district-{v}.json".format(v=part_version(catalogue).replace("/", "_"))
    path.write_text(json.dumps(catalogue, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def apply_catalogue(ctx: AppContext, catalogue: dict[str, Any]) -> int:
    """Load a catalogue sent by the district (``catalogue_to_dict`` form); keeps overrides."""
    return import_catalogue(ctx, _catalogue_file(ctx, catalogue))


def apply_holidays(ctx: AppContext, holidays: dict[str, Any], actor_id: str | None = None) -> int:
    """Set the district's extra days off and working days in one transaction."""
    with ctx.db.session() as s:
        return _apply_holidays_in(s, holidays, actor_id)


def _apply_holidays_in(s, holidays: dict[str, Any], actor_id: str | None) -> int:
    """``apply_holidays`` inside an open transaction; returns how many days the table sets."""
    days = check_holidays(holidays)
    previous = set(get_state(s, DISTRICT_DAYS, []))
    current = {day.isoformat() for day, _kind, _note in days}
    existing = {r.day.isoformat(): r for r in s.scalars(select(CalendarDay))}
    for day, kind, note in days:
        row = existing.get(day.isoformat())
        if row is None:
            s.add(CalendarDay(day=day, kind=kind, note=note, active=True, created_by=actor_id))
        else:
            row.kind, row.note, row.active, row.updated_by = kind, note, True, actor_id
    for dropped in previous - current:
        row = existing.get(dropped)
        if row is not None and row.active:
            row.active = False
    set_state(s, DISTRICT_DAYS, sorted(current))
    return len(days)


def apply_templates(ctx: AppContext, templates: dict[str, Any]) -> None:
    if templates:
        settings.set_preference(ctx, TEMPLATES_KEY, templates)


def _record_versions(ctx: AppContext, versions: dict[str, str]) -> None:
    with ctx.db.session() as s:
        set_state(s, CONFIG_VERSIONS, {**get_state(s, CONFIG_VERSIONS, {}), **versions})


def config_versions(ctx: AppContext) -> dict[str, str]:
    with ctx.db.session(readonly=True) as s:
        return dict(get_state(s, CONFIG_VERSIONS, {}))


def apply_config(ctx: AppContext, update: ConfigUpdate) -> list[str]:
    """Apply each part of a config bundle that is newer than what is loaded; returns their names.

    One transaction, through the same code the inbox uses (``services.sync_config``).
    """
    from motcua_desktop.services.sync_config import apply_config as apply_in_session

    with ctx.db.session() as s:
        return list(apply_in_session(s, update, ctx.data_dir))


def accept_provisioning(ctx: AppContext, data: bytes, actor: Any = None) -> CommuneProfile:
    """Make this installation the commune the district's file describes (first-run wizard).

    Stores the profile, the catalogue, the holiday table, the templates, the
    district's keys and the enrolment token. A file from another district is
    refused (NotAllowed); so is a change of agency code once dossiers exist.
    """
    prov = read_provisioning(data)
    known = district_of(ctx)
    if known is not None and known.sign_pub != prov.district.sign_pub:
        raise NotAllowed(
            _(
                "This installation already belongs to {name} (key {fingerprint}); a provisioning "
                "file from another district cannot be accepted."
            ).format(name=known.name, fingerprint=fingerprint(known.sign_pub))
        )
    try:
        profile = validate_profile(profile_from_dict(prov.profile))
    except (TypeError, KeyError, ValueError) as exc:
        raise BundleRejected(
            _("The provisioning file is not valid: {problem}").format(problem=exc), "bad-payload"
        ) from None
    existing = get_profile(ctx)
    if existing is not None and existing.agency_code != profile.agency_code:
        with ctx.db.session(readonly=True) as s:
            has_dossiers = s.scalar(select(Dossier.id).limit(1)) is not None
        if has_dossiers:
            raise NotAllowed(
                _(
                    "This commune already has dossiers under the agency code {old}; a file for "
                    "{new} cannot be accepted here."
                ).format(old=existing.agency_code, new=profile.agency_code)
            )
    if has_users(ctx):  # as save_profile asks
        require(actor, Permission.SETTINGS)
    load_or_create_identity(ctx)  # its own transaction and key files; kept if we stop below
    catalogue_file = _catalogue_file(ctx, prov.catalogue)
    versions = {
        name: part_version(part)
        for name, part in (
            ("catalogue", prov.catalogue),
            ("holidays", prov.holidays),
            ("templates", prov.templates),
        )
        if part
    }
    actor_id = getattr(actor, "id", None)
    # One transaction: a crash leaves the commune either as it was or provisioned, never
    # with a profile (the wizard no longer shows) but no district to send data to.
    with ctx.db.session(actor=actor) as s:
        settings.write(s, PROFILE_KEY, profile_to_dict(profile), actor_id)
        import_catalogue_in(s, catalogue_file)
        _apply_holidays_in(s, prov.holidays, actor_id)
        if prov.templates:
            settings.write(s, TEMPLATES_KEY, prov.templates)
        set_state(s, DISTRICT, prov.district.to_dict())
        set_state(s, ENROLMENT_TOKEN, prov.enrolment_token)
        set_state(s, CONFIG_VERSIONS, {**get_state(s, CONFIG_VERSIONS, {}), **versions})
    return profile


def provision_demo(ctx: AppContext) -> bool:
    """Give the demo commune the INSECURE demo district's keys; does nothing once a district is set."""
    demo = demo_district_keys()
    load_or_create_identity(ctx)
    with ctx.db.session() as s:
        if get_state(s, DISTRICT) is not None:
            return False
        info = DistrictInfo(
            demo.installation_id, DEMO_DISTRICT_NAME, demo.sign_public_b64, demo.box_public_b64
        )
        set_state(s, DISTRICT, info.to_dict())
        set_state(s, ENROLMENT_TOKEN, DEMO_ENROLMENT_TOKEN)
    return True


# The district's file placed next to the program (the installer's /PROVISION=…, see
# packaging/windows/motcua.nsi); the first run offers it. $MOTCUA_PROVISIONING_FILE names one
# for a source checkout or a test.
PROVISIONING_FILENAME = "provisioning.motcua"
PROVISIONING_SUFFIX = ".motcua"
ENV_PROVISIONING_FILE = "MOTCUA_PROVISIONING_FILE"


def bundled_provisioning_file(exe_dir: str | os.PathLike | None = None) -> Path | None:
    """The provisioning file shipped with the program, or None.

    Looks in ``exe_dir``; without one, in $MOTCUA_PROVISIONING_FILE, then in the folder of
    the frozen program (a source checkout has none). In a folder, ``provisioning.motcua``
    wins; otherwise a single ``*.motcua`` file is taken (two or more: none, to be chosen).
    """
    if exe_dir is None:
        named = os.environ.get(ENV_PROVISIONING_FILE, "").strip()
        if named:
            path = Path(named).expanduser()
            return path if path.is_file() else None
        if not getattr(sys, "frozen", False):
            return None
        exe_dir = Path(sys.executable).parent
    folder = Path(exe_dir)
    preferred = folder / PROVISIONING_FILENAME
    if preferred.is_file():
        return preferred
    try:
        found = sorted(p for p in folder.glob("*" + PROVISIONING_SUFFIX) if p.is_file())
    except OSError:
        return None
    return found[0] if len(found) == 1 else None
