"""Payloads of the district's replies: acknowledgements and configuration updates (JSON objects)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from motcua_desktop.domain.catalogue import parse_catalogue
from motcua_desktop.domain.errors import BundleRejected, CatalogueError
from motcua_desktop.i18n import _

DAY_KINDS = ("off", "working")


def _bad(problem: str) -> BundleRejected:
    return BundleRejected(
        _("The bundle's content is damaged: {problem}").format(problem=problem), "bad-payload"
    )


def _object(payload: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(payload.decode("utf-8"))
    except (ValueError, RecursionError):
        raise _bad(_("not a JSON object")) from None
    if not isinstance(obj, dict):
        raise _bad(_("not a JSON object"))
    try:  # a lone surrogate (a "\\ud800" escape) cannot be stored or written out
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise _bad(
            _("it holds text with a broken character (an unpaired UTF-16 surrogate escape)")
        ) from None
    return obj


def _encode(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class Ack:
    """The district's answer to a commune: every seq up to ``acked_seq`` of ``epoch`` is applied.

    ``gaps`` are the seq ranges [from, to] missing above it; ``bundles`` the
    ids of the bundles this ack answers (applied or duplicate).
    """

    epoch: str
    acked_seq: int
    gaps: tuple[tuple[int, int], ...] = ()
    bundles: tuple[str, ...] = ()

    def to_payload(self) -> bytes:
        return _encode(
            {
                "epoch": self.epoch,
                "acked_seq": self.acked_seq,
                "gaps": [list(g) for g in self.gaps],
                "bundles": list(self.bundles),
            }
        )

    @classmethod
    def from_payload(cls, payload: bytes) -> Ack:
        obj = _object(payload)
        epoch, acked, gaps, bundles = (
            obj.get(k) for k in ("epoch", "acked_seq", "gaps", "bundles")
        )
        if not isinstance(epoch, str) or type(acked) is not int or acked < 0:
            raise _bad(_("the acknowledgement has no valid epoch or seq"))
        ok_gaps = isinstance(gaps, list) and all(
            isinstance(g, list) and len(g) == 2 and all(type(n) is int and n >= 0 for n in g)
            for g in gaps
        )
        ok_bundles = isinstance(bundles, list) and all(isinstance(b, str) for b in bundles)
        if not (ok_gaps and ok_bundles):
            raise _bad(_("the acknowledgement's gaps or bundle list is invalid"))
        return cls(epoch, acked, tuple((g[0], g[1]) for g in gaps), tuple(bundles))


def check_holidays(holidays: Any) -> list[tuple[date, str, str]]:
    """The days of a holiday table ``{"version", "days": [{"day", "kind", "note"}]}``.

    ``kind`` is "off" (an extra day off) or "working" (an extra working day);
    ValueError with a plain message names the first bad entry.
    """
    if not isinstance(holidays, dict) or not isinstance(holidays.get("version"), str):
        raise ValueError(_("the holiday table has no version"))
    days = holidays.get("days")
    if not isinstance(days, list):
        raise ValueError(_("the holiday table has no list of days"))
    out = []
    for number, entry in enumerate(days, start=1):
        try:
            day = date.fromisoformat(entry["day"])
            kind, note = entry["kind"], entry.get("note", "")
            if kind not in DAY_KINDS or not isinstance(note, str):
                raise ValueError
        except (TypeError, KeyError, ValueError):
            raise ValueError(
                _("entry {number} of the holiday table is invalid").format(number=number)
            ) from None
        out.append((day, kind, note))
    return out


# A district catalogue is kept as <data>/catalogue/district-<version>.json, so its
# version must make a file name on every system.
_FILE_LABEL = re.compile(r"^[\w./ -]{1,40}\Z")


def check_catalogue_version(catalogue: dict[str, Any]) -> None:
    """ValueError unless the (already parsed) catalogue's version is a short, plain label."""
    if not _FILE_LABEL.match(str(catalogue.get("version"))):
        raise ValueError(
            _("the catalogue's version must be a short label such as 2026.1 "
              "(at most 40 letters, digits and . - _ /)")
        )  # fmt: skip


def check_templates(templates: Any) -> dict[str, Any]:
    """Templates ``{"version", "items": {name: data}}`` (an empty dict: none sent)."""
    if templates == {}:
        return {}
    if (
        not isinstance(templates, dict)
        or not isinstance(templates.get("version"), str)
        or not isinstance(templates.get("items"), dict)
    ):
        raise ValueError(_("the templates have no version or no items"))
    return templates


def part_version(part: Any) -> str:
    """The version string of a catalogue, holiday table or template set ("" when absent)."""
    return str(part.get("version") or "") if isinstance(part, dict) else ""


@dataclass(frozen=True)
class ConfigUpdate:
    """A downward configuration bundle: any of catalogue, holiday table, templates, each versioned.

    ``catalogue`` is in ``domain.catalogue.catalogue_to_dict`` form; a part
    left as None is unchanged.
    """

    config_version: str
    catalogue: dict[str, Any] | None = None
    holidays: dict[str, Any] | None = None
    templates: dict[str, Any] | None = field(default=None)

    def versions(self) -> dict[str, str]:
        return {
            name: part_version(part)
            for name, part in (
                ("catalogue", self.catalogue),
                ("holidays", self.holidays),
                ("templates", self.templates),
            )
            if part is not None
        }

    def to_payload(self) -> bytes:
        return _encode(
            {
                "config_version": self.config_version,
                "catalogue": self.catalogue,
                "holidays": self.holidays,
                "templates": self.templates,
            }
        )

    @classmethod
    def from_payload(cls, payload: bytes) -> ConfigUpdate:
        obj = _object(payload)
        version = obj.get("config_version")
        if not isinstance(version, str):
            raise _bad(_("the configuration has no version"))
        return check_config_parts(
            cls(version, obj.get("catalogue"), obj.get("holidays"), obj.get("templates"))
        )


def check_config_parts(update: ConfigUpdate) -> ConfigUpdate:
    """Raise BundleRejected("bad-payload") unless each part present is well formed."""
    try:
        if update.catalogue is not None:
            parse_catalogue(update.catalogue, "catalogue")
            check_catalogue_version(update.catalogue)
        if update.holidays is not None:
            check_holidays(update.holidays)
        if update.templates is not None:
            check_templates(update.templates)
    except (CatalogueError, ValueError) as exc:
        raise _bad(str(exc)) from None
    return update
