"""District mode: set-up, provisioning and revoking communes; import, replies and status re-exported."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from motcua_desktop.domain.catalogue import catalogue_to_dict, load_catalogue
from motcua_desktop.domain.errors import NotAllowed, NotFound, ValidationError
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.i18n import _
from motcua_desktop.services.catalogue import catalogue_info, shipped_catalogue_path
from motcua_desktop.services.codec import profile_to_dict
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.district_import import (
    MODE,
    bundle_files,
    import_bundles,
    is_district,
    preview_bundle,
    require_district,
)
from motcua_desktop.services.district_replies import ReplyResult, write_replies
from motcua_desktop.services.district_results import ImportResult, Preview, Problem
from motcua_desktop.services.district_status import (
    CommuneStatus,
    communes_overview,
    ii06a_by_commune,
)
from motcua_desktop.services.setup import validate_profile
from motcua_desktop.store.models import CalendarDay, Commune, Dossier
from motcua_desktop.sync.keys import fingerprint, load_or_create_identity, token_sha256
from motcua_desktop.sync.provisioning import make_provisioning
from motcua_desktop.sync.state import get_state, set_state

__all__ = [
    "CommuneStatus",
    "DistrictInfo",
    "ImportResult",
    "Preview",
    "Problem",
    "ReplyResult",
    "bundle_files",
    "communes_overview",
    "district_config",
    "district_info",
    "ii06a_by_commune",
    "import_bundles",
    "init_district",
    "is_district",
    "preview_bundle",
    "preview_paths",
    "provision_commune",
    "revoke_commune",
    "write_replies",
]

DISTRICT_NAME = "district_name"


@dataclass(frozen=True)
class DistrictInfo:
    name: str
    installation_id: str
    sign_fingerprint: str
    box_fingerprint: str
    communes: int


def init_district(ctx: AppContext, name: str, actor: Any = None) -> DistrictInfo:
    """Make this installation the district (mode "district") with its own keys.

    Refused on an installation that already holds a commune's own dossiers.
    Running it again only renames the district.
    """
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Enter the district's name."), field="name")
    with ctx.db.session() as s:
        mode = get_state(s, MODE)
        if mode != "district":
            own = s.scalar(
                select(func.count()).select_from(Dossier).where(Dossier.origin_id.is_(None))
            )
            if mode == "commune" or own:
                raise NotAllowed(
                    _(
                        "This installation is a commune's desk with its own dossiers; set up the "
                        "district in a separate data folder."
                    )
                )
        set_state(s, MODE, "district")
        set_state(s, DISTRICT_NAME, name)
    return district_info(ctx)


def district_info(ctx: AppContext) -> DistrictInfo:
    identity = load_or_create_identity(ctx)
    with ctx.db.session(readonly=True) as s:
        require_district(s)
        name = str(get_state(s, DISTRICT_NAME) or "")
        count = s.scalar(select(func.count()).select_from(Commune)) or 0
    return DistrictInfo(
        name,
        identity.installation_id,
        fingerprint(identity.sign_public_b64),
        fingerprint(identity.box_public_b64),
        int(count),
    )


def _holidays(s) -> dict:
    """The district's own days off and working days as a versioned holiday table."""
    rows = s.scalars(select(CalendarDay).order_by(CalendarDay.day)).all()
    stamp = max((r.updated_at for r in rows), default=None)
    return {
        "version": stamp.strftime("%Y%m%d.%H%M%S") if stamp else "0",
        "days": [
            {"day": r.day.isoformat(), "kind": r.kind, "note": r.note} for r in rows if r.active
        ],
    }


def district_config(ctx: AppContext) -> tuple[dict, dict, str]:
    """The catalogue and holiday table the district hands out, and their combined version."""
    info = catalogue_info(ctx) or {}
    source = Path(str(info.get("source") or ""))
    catalogue = load_catalogue(source if source.is_file() else shipped_catalogue_path())
    with ctx.db.session(readonly=True) as s:
        holidays = _holidays(s)
    cat = catalogue_to_dict(catalogue)
    return cat, holidays, config_version(cat, holidays)


def config_version(catalogue: dict, holidays: dict) -> str:
    return "{c}|{h}".format(c=catalogue.get("version", ""), h=holidays.get("version", ""))[:32]


def provision_commune(
    ctx: AppContext,
    profile: CommuneProfile,
    actor: Any = None,
    *,
    catalogue: dict | None = None,
    holidays: dict | None = None,
) -> bytes:
    """Register a commune with a fresh enrolment token and return its signed provisioning file.

    Only the token's SHA-256 is kept. A commune already active must be
    revoked before it can be provisioned again.
    """
    profile = validate_profile(profile)
    identity = load_or_create_identity(ctx)
    cat, hol, _version = district_config(ctx)
    cat = catalogue if catalogue is not None else cat
    hol = holidays if holidays is not None else hol
    token = secrets.token_urlsafe(32)
    with ctx.db.session() as s:
        require_district(s)
        district_name = str(get_state(s, DISTRICT_NAME) or "")
        c = s.scalars(select(Commune).where(Commune.agency_code == profile.agency_code)).first()
        if c is not None and c.status == "active":
            raise NotAllowed(
                _(
                    "The commune {name} ({code}) is already registered and sending data; revoke "
                    "it first if its installation must be replaced."
                ).format(name=c.name, code=c.agency_code)
            )
        if c is None:
            c = Commune(agency_code=profile.agency_code, acked_seq=0, config_version_sent="")
            s.add(c)
        c.name = profile.commune_name
        c.profile = profile_to_dict(profile)
        c.enrolment_token_sha256 = token_sha256(token)
        c.installation_id = c.sign_public_key = c.box_public_key = None
        c.status = "provisioned"
        c.epoch, c.acked_seq, c.gaps = None, 0, None
        c.config_version_sent = config_version(cat, hol)
        data = make_provisioning(identity, district_name, profile, cat, hol, token)
    return data


def preview_paths(ctx: AppContext, paths) -> list[Preview]:
    """``preview_bundle`` for every bundle file under the given files and folders."""
    return [preview_bundle(ctx, p.read_bytes(), p.name) for p in bundle_files(paths)]


def revoke_commune(ctx: AppContext, agency_code: str, actor: Any = None) -> CommuneStatus:
    """Refuse a commune's bundles from now on (a lost or replaced PC); its data stays."""
    with ctx.db.session() as s:
        require_district(s)
        c = s.scalars(select(Commune).where(Commune.agency_code == agency_code.strip())).first()
        if c is None:
            raise NotFound(
                _("No commune with agency code {code} is registered here.").format(code=agency_code)
            )
        c.status = "revoked"
    return next(x for x in communes_overview(ctx) if x.agency_code == c.agency_code)
