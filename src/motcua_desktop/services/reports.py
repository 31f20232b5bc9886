"""Report II.06a for the commune and the district: settings, header, lines, freshness.

The counting is ``services.reports_sql`` (one grouped aggregate with the rules
of ``domain.report_ii06a``); this module names and orders the lines, adds the
procedures under their fields, the communes with the age of their data at the
district, and the total. The rules are explained with an example in
``docs/reports.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from motcua_desktop.domain.errors import NotAllowed, NotFound, ValidationError
from motcua_desktop.domain.periods import CUT_DAYS, Period
from motcua_desktop.domain.report_ii06a import II06aCounts, II06aRow, total_row
from motcua_desktop.domain.report_models import (
    Freshness,
    GroupBy,
    II06aLine,
    II06aReport,
    ReportHeader,
)
from motcua_desktop.domain.roles import Permission
from motcua_desktop.domain.text import fold, nfc
from motcua_desktop.i18n import _, ngettext
from motcua_desktop.services import settings
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.permissions import require
from motcua_desktop.services.reports_sql import count_ii06a, procedure_names
from motcua_desktop.store.models import Commune

REPORT_KEY = "report"  # the settings key
STALE_DAYS = 40


@dataclass(frozen=True)
class ReportSettings:
    """How the commune (or the district) reports: the month's cut day and who signs."""

    cut_day: int = 1  # 1: calendar months; 15: the 15th of the month before to the 14th
    receiving_unit: str = ""  # e.g. "UBND huyện Phú Tân"
    preparer: str = ""  # "Người lập biểu"
    signer_title: str = ""  # e.g. "CHỦ TỊCH"; empty: the profile's first signatory
    signer_name: str = ""
    stale_days: int = STALE_DAYS  # at the district: a commune's data older than this is stale


def _is_district(s) -> bool:
    from motcua_desktop.services.mode import MODE
    from motcua_desktop.sync.state import get_state

    return get_state(s, MODE) == "district"


def report_settings(ctx: AppContext) -> ReportSettings:
    """The stored report settings, or the defaults."""
    with ctx.db.session(readonly=True) as s:
        data = settings.read(s, REPORT_KEY) or {}
    known = {f.name for f in fields(ReportSettings)}
    return ReportSettings(**{k: v for k, v in data.items() if k in known})


def validate_settings(value: ReportSettings) -> ReportSettings:
    if value.cut_day not in CUT_DAYS:
        raise ValidationError(
            _("The reporting month starts on the 1st or on the 15th."), field="cut_day"
        )
    if not isinstance(value.stale_days, int) or not 1 <= value.stale_days <= 366:
        raise ValidationError(_("Data counts as old after 1 to 366 days."), field="stale_days")
    text = {
        f: nfc(str(getattr(value, f)).strip())
        for f in ("receiving_unit", "preparer", "signer_title", "signer_name")
    }
    return replace(value, **text)


def save_report_settings(ctx: AppContext, actor: Any, value: ReportSettings) -> ReportSettings:
    """Store the report settings; once users exist, only with ``Permission.SETTINGS``."""
    from motcua_desktop.services.users import has_users

    if has_users(ctx):
        require(actor, Permission.SETTINGS)
    value = validate_settings(value)
    with ctx.db.session(actor=actor) as s:
        settings.write(s, REPORT_KEY, asdict(value), getattr(actor, "id", None))
    return value


def report_header(ctx: AppContext, made_on: date | None = None) -> ReportHeader:
    """The header and signature block: the commune's profile (the district's name there)."""
    from motcua_desktop.services.district import DISTRICT_NAME
    from motcua_desktop.services.setup import PROFILE_KEY
    from motcua_desktop.sync.state import get_state

    conf = report_settings(ctx)
    made_on = made_on or date.today()
    with ctx.db.session(readonly=True) as s:
        if _is_district(s):
            name = nfc(str(get_state(s, DISTRICT_NAME) or "")).strip()
            return ReportHeader(
                reporting_unit=_("PEOPLE'S COMMITTEE OF {name}").format(name=name.upper()),
                receiving_unit=conf.receiving_unit,
                made_on=made_on,
                preparer=conf.preparer,
                signer_title=conf.signer_title,
                signer_name=conf.signer_name,
            )
        data = settings.read(s, PROFILE_KEY)
    if not data:
        return ReportHeader(reporting_unit="", made_on=made_on, **_signing(conf, None))
    from motcua_desktop.services.codec import profile_from_dict

    profile = profile_from_dict(data)
    return ReportHeader(
        reporting_unit=nfc(profile.parent_body).strip().upper(),
        parent_unit=nfc(profile.upper_office_name).strip().upper(),
        receiving_unit=conf.receiving_unit or profile.upper_office_name,
        place=profile.place_name,
        made_on=made_on,
        **_signing(conf, profile),
    )


def _signing(conf: ReportSettings, profile) -> dict[str, str]:
    first = profile.signatories[0] if profile is not None and profile.signatories else None
    return {
        "preparer": conf.preparer,
        "signer_title": conf.signer_title or (first.title.upper() if first else ""),
        "signer_name": conf.signer_name or (first.name if first and not conf.signer_title else ""),
    }


def commune_options(ctx: AppContext) -> list[tuple[str, str, str]]:
    """At the district: every registered commune as ``(origin_id, name, agency_code)``."""
    from motcua_desktop.services.district_import import require_district

    with ctx.db.session(readonly=True) as s:
        require_district(s)
        rows = s.execute(
            select(Commune.id, Commune.name, Commune.agency_code).order_by(
                Commune.name, Commune.agency_code
            )
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def freshness(last_data_at: datetime | None, now: datetime, stale_days: int) -> Freshness:
    """How old a commune's newest data is, in plain words."""
    if last_data_at is None:
        return Freshness(None, None, True, _("never sent data"))
    days = max(0, (now.date() - last_data_at.date()).days)
    stale = days > stale_days
    if stale:
        text = ngettext("no data for {n} day", "no data for {n} days", days).format(n=days)
    elif days == 0:
        text = _("data from today")
    else:
        text = ngettext("data from {n} day ago", "data from {n} days ago", days).format(n=days)
    return Freshness(last_data_at, days, stale, text)


def ii06a(
    ctx: AppContext,
    period: Period,
    group_by: GroupBy = GroupBy.FIELD,
    *,
    origin_id: str | None = None,
    now: datetime | None = None,
) -> II06aReport:
    """Report II.06a for ``period``: lines by field (with procedures), or by commune.

    A period still running is judged as of ``now`` (pending within the deadline
    if due at or after ``now``), not at its future end, which would call every
    dossier due before that end overdue already (docs/reports.md).
    """
    now = now or datetime.now()
    group_by = GroupBy(group_by)
    start, end = period.bounds()
    if start < now < end:
        end = now
    conf = report_settings(ctx)
    with ctx.db.session(readonly=True) as s:
        district = _is_district(s)
        communes = []
        if district:
            communes = s.execute(
                select(
                    Commune.id, Commune.name, Commune.agency_code, Commune.last_data_at
                ).order_by(Commune.name, Commune.agency_code)
            ).all()
            if origin_id is not None and origin_id not in {c[0] for c in communes}:
                raise NotFound(_("No commune is registered under that name or code."))
        elif group_by is GroupBy.COMMUNE or origin_id is not None:
            raise NotAllowed(
                _("Figures per commune are kept at the district; this is a commune's desk.")
            )
        counted = count_ii06a(s, start, end, group_by.value, origin_id=origin_id)
        names = {}
        if group_by is GroupBy.PROCEDURE:
            names = procedure_names(s, sorted({key[1] for key in counted}))
    if group_by is GroupBy.COMMUNE:
        chosen = [c for c in communes if origin_id is None or c[0] == origin_id]
        lines = [
            II06aLine(
                II06aRow(n, name, counted.get((cid,), II06aCounts()), key=code),
                freshness=freshness(last, now, conf.stale_days),
            )
            for n, (cid, name, code, last) in enumerate(chosen, start=1)
        ]
    else:
        lines = _field_lines(counted, names, with_procedures=group_by is GroupBy.PROCEDURE)
    total = total_row([line.row for line in lines], _("Total"))
    header = report_header(ctx, now.date())
    return II06aReport(header, period, group_by, lines, total, now)


def _field_lines(counted: dict, names: dict, *, with_procedures: bool) -> list[II06aLine]:
    fields_: dict[str, II06aLine] = {}
    for key, counts in counted.items():
        name = key[0] or ""
        line = fields_.get(name)
        if line is None:
            line = fields_[name] = II06aLine(II06aRow(None, name or _("(no field)"), key=name))
        line.row.counts += counts
        if with_procedures:
            label = f"{key[1]} – {names.get(key[1], '')}".strip(" –")
            line.children.append(II06aLine(II06aRow(None, label, counts, key=key[1]), level=1))
    ordered = sorted(
        fields_.values(), key=lambda ln: (not ln.row.key, fold(ln.row.key), ln.row.key)
    )
    for n, line in enumerate(ordered, start=1):
        line.row.number = n
        line.children.sort(key=lambda c: (fold(c.row.key), c.row.key))
    return ordered
