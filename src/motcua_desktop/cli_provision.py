"""`motcua provision` (district: write a commune's provisioning file) and `motcua setup --provisioning`.

``provision`` names the commune as ``CODE/NAME`` (agency code and name), or by
its code or name alone when the district already registered it (a replaced
PC): the stored profile is reused and any option given overrides it. The file
is written atomically and an existing one is kept unless ``--force``.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from motcua_desktop.domain.codes import AGENCY_CODE_RE
from motcua_desktop.domain.errors import NotAllowed, NotFound, ValidationError
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.i18n import _

COMMANDS = ("provision",)


def add_parser(sub, common) -> None:
    p = sub.add_parser(
        "provision", parents=[common], help="district: write a commune's provisioning file"
    )
    p.add_argument(
        "--commune",
        required=True,
        metavar="CODE/NAME",
        help='agency code and name ("000.27.14.H26/Xã Đông Hòa"), or either alone '
        "for a commune already registered",
    )
    p.add_argument("--agency-code", default=None)
    p.add_argument("--parent-body", default=None, help="default: ỦY BAN NHÂN DÂN <COMMUNE>")
    p.add_argument("--unit-name", default=None, help="default: BỘ PHẬN MỘT CỬA")
    p.add_argument("--place-name", default=None, help="default: the name without Xã/Phường")
    p.add_argument("--phone", default=None)
    p.add_argument("--upper-office", default=None, help="default: the district's name")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace an existing file")


def split_commune(text: str) -> tuple[str, str]:
    """(agency code, name) from ``CODE/NAME``, ``CODE`` or ``NAME``; either part may be empty."""
    text = " ".join(text.split())
    code, sep, name = text.partition("/")
    if sep and AGENCY_CODE_RE.match(code.strip()):
        return code.strip(), name.strip()
    if AGENCY_CODE_RE.match(text):
        return text, ""
    return "", text


def _registered(ctx, code: str, name: str) -> CommuneProfile | None:
    """The profile the district stored for this commune, found by code, else by name."""
    from sqlalchemy import select

    from motcua_desktop.domain.text import fold
    from motcua_desktop.services.codec import profile_from_dict
    from motcua_desktop.store.models import Commune

    with ctx.db.session(readonly=True) as s:
        rows = s.execute(select(Commune.agency_code, Commune.name, Commune.profile)).all()
    by_code = [r for r in rows if code and r.agency_code == code]
    by_name = [r for r in rows if name and fold(r.name) == fold(name)]
    hits = by_code or (by_name if len(by_name) == 1 else [])
    return profile_from_dict(hits[0].profile) if hits and hits[0].profile else None


def _default_place(name: str) -> str:
    for prefix in ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def profile_for(ctx, a, district_name: str) -> CommuneProfile:
    """The commune's profile from ``--commune`` and the options, over the registered one."""
    code, name = split_commune(a.commune)
    code = a.agency_code or code
    known = _registered(ctx, code, name)
    if known is None and not code:
        raise NotFound(
            _(
                "No commune named {name} is registered here; give its agency code as "
                "--commune CODE/NAME."
            ).format(name=name)
        )
    if known is None and not name:
        raise ValidationError(
            _("Give the commune's name as --commune {code}/NAME.").format(code=code),
            field="commune",
        )
    name = name or known.commune_name
    base = known or CommuneProfile(
        commune_name=name,
        parent_body=f"ỦY BAN NHÂN DÂN {name.upper()}",
        unit_name="BỘ PHẬN MỘT CỬA",
        agency_code=code,
        place_name=_default_place(name),
        upper_office_name=district_name,
    )
    changes = {"commune_name": name, "agency_code": code or base.agency_code}
    for option, field in (("parent_body", "parent_body"), ("unit_name", "unit_name"),
                          ("place_name", "place_name"), ("phone", "phone"),
                          ("upper_office", "upper_office_name")):  # fmt: skip
        value = getattr(a, option)
        if value is not None:
            changes[field] = value
    return replace(base, **changes)


def run(ctx, a) -> int:
    from motcua_desktop.services import district
    from motcua_desktop.sync.mailbox import write_atomically

    if not district.is_district(ctx):
        raise NotAllowed(
            _(
                "This is a commune's installation: provisioning files are made at the district. "
                "Run this in the district's data folder (set up with `motcua district init`)."
            )
        )
    if a.output.exists() and not a.force:
        raise NotAllowed(
            _("{path} already exists; give --force to replace it.").format(path=a.output)
        )
    profile = profile_for(ctx, a, district.district_info(ctx).name)
    data = district.provision_commune(ctx, profile, None)
    write_atomically(a.output, data)
    print(
        _(
            "Provisioning file for {name} ({code}) written to {path}; hand it to the commune."
        ).format(name=profile.commune_name, code=profile.agency_code, path=a.output)
    )
    return 0


def add_setup_option(setup_parser: argparse.ArgumentParser) -> None:
    setup_parser.add_argument(
        "--provisioning",
        type=Path,
        default=None,
        metavar="FILE",
        help="set up the commune from the district's provisioning file",
    )


def setup_from_file(ctx, a, actor) -> int:
    """`motcua setup --provisioning FILE --admin … --admin-password …`: accept the district's file.

    The file is verified before the first administrator is created, so a bad
    file leaves nothing behind.
    """
    from motcua_desktop.services import provisioning, setup, users
    from motcua_desktop.services.codec import profile_from_dict
    from motcua_desktop.sync.provisioning import read_provisioning

    try:
        data = a.provisioning.read_bytes()
    except OSError as exc:
        raise NotFound(
            _("The provisioning file {path} cannot be read: {error}").format(
                path=a.provisioning, error=exc.strerror or exc
            )
        ) from exc
    setup.validate_profile(profile_from_dict(read_provisioning(data).profile))
    full_name = a.admin_name or a.admin
    if actor is None:
        actor = users.create_user(ctx, a.admin, full_name, a.admin_password, "admin")
    else:
        users.create_user(ctx, a.admin, full_name, a.admin_password, "admin", actor)
    profile = provisioning.accept_provisioning(ctx, data, actor)
    district = provisioning.district_of(ctx)
    print(
        _("Commune {name} is set up from the provisioning file of {district}.").format(
            name=profile.commune_name, district=district.name if district else ""
        )
    )
    return 0
