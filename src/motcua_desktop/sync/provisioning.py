"""The provisioning file: a district-signed file that makes a generic installation one commune's."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import time
from typing import Any

from motcua_desktop.domain.catalogue import parse_catalogue
from motcua_desktop.domain.errors import BundleRejected, CatalogueError
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.i18n import _
from motcua_desktop.store.models import now
from motcua_desktop.sync.bundle import open_signed, write_bundle
from motcua_desktop.sync.downlink import (
    check_catalogue_version,
    check_holidays,
    check_templates,
)
from motcua_desktop.sync.keys import Identity, b64_key, fingerprint

KIND = "provision"
_KEYS = (
    "district", "agency_code", "profile", "catalogue", "holidays", "templates",
    "enrolment_token", "issued_at",
)  # fmt: skip


@dataclass(frozen=True)
class DistrictInfo:
    """The district as a commune knows it (``local_state["district"]``)."""

    installation_id: str
    name: str
    sign_pub: str
    box_pub: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Provisioning:
    """A verified provisioning file. ``profile`` is in ``services.codec.profile_to_dict`` form."""

    district: DistrictInfo
    agency_code: str
    profile: dict[str, Any]
    catalogue: dict[str, Any]
    holidays: dict[str, Any]
    templates: dict[str, Any]
    enrolment_token: str
    issued_at: str

    def fingerprint(self) -> str:
        """The district signing key's fingerprint, for the clerk to compare by phone."""
        return fingerprint(self.district.sign_pub)


def _profile_json(value: Any) -> Any:
    if isinstance(value, time):
        return value.strftime("%H:%M")
    raise TypeError(type(value).__name__)


def make_provisioning(
    district_identity: Identity,
    district_name: str,
    profile: CommuneProfile,
    catalogue: dict[str, Any],
    holidays: dict[str, Any],
    token: str,
    templates: dict[str, Any] | None = None,
) -> bytes:
    """A signed provisioning file for one commune (not encrypted, but it holds the token).

    ``catalogue`` is in ``catalogue_to_dict`` form, ``holidays`` is
    ``{"version", "days": [{"day", "kind", "note"}]}``.
    """
    # The same shape as services.codec.profile_to_dict (times as "HH:MM").
    profile_dict = json.loads(json.dumps(asdict(profile), default=_profile_json))
    body = {
        "district": {
            "installation_id": district_identity.installation_id,
            "name": district_name,
            "sign_pub": district_identity.sign_public_b64,
            "box_pub": district_identity.box_public_b64,
        },
        "agency_code": profile.agency_code,
        "profile": profile_dict,
        "catalogue": catalogue,
        "holidays": holidays,
        "templates": templates or {},
        "enrolment_token": token,
        "issued_at": now().isoformat(),
    }
    payload = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return write_bundle(
        {"kind": KIND, "name": district_name, "recipient_id": ""},
        payload,
        district_identity,
        None,
    )


def _bad(problem: str) -> BundleRejected:
    return BundleRejected(
        _("The provisioning file is not valid: {problem}").format(problem=problem), "bad-payload"
    )


def _is_unicode(value: Any) -> bool:
    """False if any text in ``value`` holds a lone surrogate, which cannot be stored."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_PROFILE_TEXT = (
    "commune_name", "parent_body", "unit_name", "agency_code", "place_name", "phone",
    "upper_office_name", "receipt_paper", "lookup_url", "language",
)  # fmt: skip


def _wrong_profile_field(profile: dict[str, Any]) -> str | None:
    """The first profile key whose value has a shape ``profile_from_dict`` cannot take, or None."""
    for key in _PROFILE_TEXT:
        if key in profile and not isinstance(profile[key], str):
            return key
    if "receipt_copies" in profile and type(profile["receipt_copies"]) is not int:
        return "receipt_copies"
    signatories = profile.get("signatories") or []
    if not isinstance(signatories, list) or not all(
        isinstance(s, dict) and isinstance(s.get("name"), str) and isinstance(s.get("title"), str)
        for s in signatories
    ):
        return "signatories"
    hours = profile.get("working_hours") or {}
    if not isinstance(hours, dict) or not all(isinstance(v, str | None) for v in hours.values()):
        return "working_hours"
    return None


def read_provisioning(data: bytes) -> Provisioning:
    """Verify a provisioning file against the district key inside it and return its contents.

    Trust on first use: the caller shows ``fingerprint()`` for a person to
    compare with the district by phone, and refuses a different district later.
    """
    manifest, payload = open_signed(data)
    if manifest.kind != KIND:
        raise BundleRejected(
            _("This is a bundle, not a provisioning file; import it from the mailbox instead."),
            "not-provisioning",
        )
    try:
        body = json.loads(payload.decode("utf-8"))
    except (ValueError, RecursionError):
        raise _bad(_("not a JSON object")) from None
    if not _is_unicode(body):
        raise _bad(_("it holds text with a broken character (an unpaired UTF-16 surrogate escape)"))
    if not isinstance(body, dict) or any(k not in body for k in _KEYS):
        raise _bad(_("parts are missing"))
    d = body["district"]
    if not isinstance(d, dict) or not all(
        isinstance(d.get(k), str) for k in ("installation_id", "name", "sign_pub", "box_pub")
    ):
        raise _bad(_("the district is not described"))
    district = DistrictInfo(d["installation_id"], d["name"], d["sign_pub"], d["box_pub"])
    if (
        district.sign_pub != manifest.sender.sign_pub
        or district.box_pub != manifest.sender.box_pub
        or district.installation_id != manifest.sender.installation_id
        or b64_key(district.box_pub) is None
    ):
        raise _bad(_("the district's keys do not match the signature"))
    agency, profile, token = body["agency_code"], body["profile"], body["enrolment_token"]
    if not isinstance(profile, dict) or not isinstance(agency, str):
        raise _bad(_("the commune profile is missing"))
    if profile.get("agency_code") != agency:
        raise _bad(_("the agency code differs from the profile's"))
    wrong = _wrong_profile_field(profile)
    if wrong:
        raise _bad(_('the commune profile\'s "{field}" has the wrong type').format(field=wrong))
    if not isinstance(token, str) or len(token) < 16 or not isinstance(body["issued_at"], str):
        raise _bad(_("the enrolment token is missing or too short"))
    try:
        parse_catalogue(body["catalogue"], "catalogue")
        check_catalogue_version(body["catalogue"])
        check_holidays(body["holidays"])
        check_templates(body["templates"])
    except (CatalogueError, ValueError) as exc:
        raise _bad(str(exc)) from None
    return Provisioning(
        district=district,
        agency_code=agency,
        profile=profile,
        catalogue=body["catalogue"],
        holidays=body["holidays"],
        templates=body["templates"],
        enrolment_token=token,
        issued_at=body["issued_at"],
    )
