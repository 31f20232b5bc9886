"""The commune's profile (first-run wizard, Settings): identity printed on every slip."""

from __future__ import annotations

from dataclasses import replace

from motcua_desktop.domain.calendar import validate_working_hours
from motcua_desktop.domain.codes import validate_agency_code
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.domain.roles import Permission
from motcua_desktop.domain.text import nfc
from motcua_desktop.i18n import _
from motcua_desktop.services import settings
from motcua_desktop.services.codec import profile_from_dict, profile_to_dict
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.users import UserInfo

PROFILE_KEY = "profile"


def validate_profile(profile: CommuneProfile) -> CommuneProfile:
    """The profile with normalised text, or ValidationError naming the first bad field."""
    required = {
        "commune_name": _("Enter the commune's name."),
        "parent_body": _("Enter the parent body (e.g. ỦY BAN NHÂN DÂN XÃ …)."),
        "unit_name": _("Enter the issuing unit (e.g. BỘ PHẬN MỘT CỬA)."),
        "place_name": _("Enter the place name printed before the date."),
    }
    cleaned = {
        k: nfc(getattr(profile, k).strip())
        for k in ("commune_name", "parent_body", "unit_name", "place_name", "phone")
    }
    for field, message in required.items():
        if not cleaned[field]:
            raise ValidationError(message, field=field)
    agency = validate_agency_code(profile.agency_code)
    validate_working_hours(profile.working_hours)
    if profile.receipt_paper not in ("A4", "A5"):
        raise ValidationError(_("The receipt paper must be A4 or A5."), field="receipt_paper")
    if profile.receipt_copies not in (1, 2):
        raise ValidationError(_("Print 1 or 2 copies of a receipt."), field="receipt_copies")
    if profile.lookup_url and "{code}" not in profile.lookup_url:
        raise ValidationError(
            _("The lookup address must contain {code} where the dossier code goes."),
            field="lookup_url",
        )
    return replace(
        profile,
        agency_code=agency,
        upper_office_name=nfc(profile.upper_office_name.strip()),
        **cleaned,
    )


def get_profile(ctx: AppContext) -> CommuneProfile | None:
    with ctx.db.session(readonly=True) as s:
        data = settings.read(s, PROFILE_KEY)
    return profile_from_dict(data) if data else None


def is_configured(ctx: AppContext) -> bool:
    return get_profile(ctx) is not None


def save_profile(
    ctx: AppContext, profile: CommuneProfile, actor: UserInfo | None = None
) -> CommuneProfile:
    """Store the profile; once users exist, only with ``Permission.SETTINGS``."""
    from motcua_desktop.services.users import has_users

    if has_users(ctx):
        require(actor, Permission.SETTINGS)
    profile = validate_profile(profile)
    with ctx.db.session(actor=actor) as s:
        settings.write(s, PROFILE_KEY, profile_to_dict(profile), actor.id if actor else None)
    return profile
