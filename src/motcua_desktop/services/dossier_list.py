"""The dossier list: filters, quick views, sorted pages that stay fast on a million rows, home counts.

Paging is by keyset: ``page(..., after=last_row)`` continues after the last
row already shown, ordered by the sort column and then ``dossiers.rowid``,
which every SQLite index carries, so "received, newest first" walks the
``received_at`` index to any depth without OFFSET. ``offset`` still works
(and is what a caller without a cursor uses); it is fine for the first pages.

Text in the filter is the search box's: a dossier code selects that dossier,
other words select the newest ``TEXT_MATCH_CAP`` FTS matches (newest
recorded first, as ``services.search`` ranks them), which the other filters
and the sort then apply to. Without the cap a common word ("nguyen" is in a
third of all names) would make SQLite fetch and sort hundreds of thousands
of rows for every page; with it a page costs a few milliseconds and the
list says "5,000+" so the clerk types another word.

Counting a filter over a million rows can take a while, so the list asks
for ``count_capped`` (exact up to a cap, else "cap+") and never waits on a
full ``count``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, and_, column, func, literal_column, or_, select, table, tuple_

from motcua_desktop.domain.dossier import Channel, Status
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.search_query import code_in_text, fts_match
from motcua_desktop.domain.text import fold
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.store.models import Dossier
from motcua_desktop.store.models import now as store_now
from motcua_desktop.store.search_index import FTS_TABLE

__all__ = [
    "OPEN_STATUSES",
    "SORT_KEYS",
    "DossierFilter",
    "DossierRow",
    "FilterChoices",
    "HomeCounts",
    "QuickView",
    "count",
    "count_capped",
    "filter_choices",
    "home_counts",
    "is_overdue",
    "page",
]

# Statuses whose appointment is still running (the clock may be paused).
OPEN_STATUSES = (Status.ACCEPTED, Status.PROCESSING, Status.AWAITING_PAYMENT)
ROWID = literal_column("dossiers.rowid")
_FTS = table(FTS_TABLE, column("rowid", Integer))
DEFAULT_SORT = "received_at"
COUNT_CAP = 10_000
TEXT_MATCH_CAP = 5_000


class QuickView(StrEnum):
    """The desk's everyday lists, one click from the home screen."""

    DUE_TODAY = "due_today"  # open, not paused, appointment today (passed or not)
    OVERDUE = "overdue"  # open, not paused, appointment already passed
    AWAITING_SUPPLEMENT = "awaiting_supplement"  # status 5: waiting for the citizen
    READY_FOR_PICKUP = "ready_for_pickup"  # status 9: finished, result not yet returned


@dataclass(frozen=True)
class DossierRow:
    """One line of a list: plain values, no ORM object."""

    id: str
    code: str
    applicant_name: str
    procedure_name: str
    field_name: str
    status: Status
    channel: Channel
    received_at: datetime
    due_at: datetime | None
    handling_official_name: str
    applicant_phone: str
    applicant_address: str
    paused_at: datetime | None = None
    # Position key for keyset paging (SQLite rowid); valid for this session only.
    rowid: int = 0


@dataclass(frozen=True)
class DossierFilter:
    """What the list shows. Date bounds are inclusive days (a ``date``) or exact moments."""

    statuses: tuple[Status, ...] = ()
    field: str | None = None
    procedure_code: str | None = None
    channel: Channel | None = None
    handling_official_id: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None
    view: QuickView | None = None
    text: str = ""


@dataclass(frozen=True)
class HomeCounts:
    today_intake: int
    due_today: int
    overdue: int
    awaiting_supplement: int
    ready_for_pickup: int


@dataclass(frozen=True)
class FilterChoices:
    """What the filter row offers: fields, procedures (code, name), officials (user id, name)."""

    fields: tuple[str, ...]
    procedures: tuple[tuple[str, str], ...]
    officials: tuple[tuple[str, str], ...]


_COLUMNS = (
    Dossier.id,
    Dossier.code,
    Dossier.applicant_name,
    Dossier.procedure_name,
    Dossier.field_name,
    Dossier.status,
    Dossier.channel,
    Dossier.received_at,
    Dossier.due_at,
    Dossier.handling_official_name,
    Dossier.applicant_phone,
    Dossier.applicant_address,
    Dossier.paused_at,
    ROWID,
)
# Sort key -> column; the list's columns, in the order the table shows them.
SORT_KEYS: dict[str, Any] = {
    "code": Dossier.code,
    "applicant_name": Dossier.applicant_name,
    "procedure_name": Dossier.procedure_name,
    "field_name": Dossier.field_name,
    "status": Dossier.status,
    "channel": Dossier.channel,
    "received_at": Dossier.received_at,
    "due_at": Dossier.due_at,
    "handling_official_name": Dossier.handling_official_name,
}
_NULLABLE = frozenset({"due_at"})


def row_from(values) -> DossierRow:
    (id_, code, name, proc, field, status, channel, received, due, official, phone, address,
     paused, rowid) = values  # fmt: skip
    return DossierRow(
        id=id_,
        code=code,
        applicant_name=name,
        procedure_name=proc,
        field_name=field,
        status=Status(status),
        channel=Channel(channel),
        received_at=received,
        due_at=due,
        handling_official_name=official or "",
        applicant_phone=phone or "",
        applicant_address=address or "",
        paused_at=paused,
        rowid=rowid,
    )


def select_rows():
    """A select of the list's columns; ``search`` builds on it too."""
    return select(*_COLUMNS).select_from(Dossier)


def is_overdue(row: DossierRow, now: datetime) -> bool:
    """Still open, clock running, and past its appointment."""
    return (
        row.status in OPEN_STATUSES
        and row.paused_at is None
        and row.due_at is not None
        and row.due_at < now
    )


def _day_start(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def _range(column, lo: date | None, hi: date | None) -> list:
    out = []
    if lo is not None:
        out.append(column >= _day_start(lo))
    if hi is not None:
        # A day bound includes the whole day; a moment bound is exact.
        out.append(
            column <= hi if isinstance(hi, datetime) else column < _day_start(hi + timedelta(1))
        )
    return out


def _open_clock():
    return and_(Dossier.status.in_([int(s) for s in OPEN_STATUSES]), Dossier.paused_at.is_(None))


def _view_conditions(view: QuickView, now: datetime) -> list:
    today = datetime.combine(now.date(), time())
    if view == QuickView.DUE_TODAY:
        return [_open_clock(), Dossier.due_at >= today, Dossier.due_at < today + timedelta(1)]
    if view == QuickView.OVERDUE:
        return [_open_clock(), Dossier.due_at < now]
    if view == QuickView.AWAITING_SUPPLEMENT:
        return [Dossier.status == int(Status.SUPPLEMENT_REQUESTED)]
    return [Dossier.status == int(Status.FINISHED)]


def text_condition(text: str):
    """The condition for the search box's text: the exact code, or every word as an FTS prefix."""
    code = code_in_text(text)
    if code is not None:
        return Dossier.code == code
    match = fts_match(text)
    if match is None:
        return None
    return Dossier.search_id.in_(
        select(_FTS.c.rowid)
        .where(literal_column(FTS_TABLE).op("MATCH")(match))
        .order_by(_FTS.c.rowid.desc())
        .limit(TEXT_MATCH_CAP)
    )


def conditions(f: DossierFilter, now: datetime) -> list:
    out: list = []
    if f.statuses:
        out.append(Dossier.status.in_([int(s) for s in f.statuses]))
    if f.field:
        out.append(Dossier.field_name == f.field)
    if f.procedure_code:
        out.append(Dossier.procedure_code == f.procedure_code)
    if f.channel is not None:
        out.append(Dossier.channel == int(f.channel))
    if f.handling_official_id:
        out.append(Dossier.handling_official_id == f.handling_official_id)
    out += _range(Dossier.received_at, f.received_from, f.received_to)
    out += _range(Dossier.due_at, f.due_from, f.due_to)
    if f.view is not None:
        out += _view_conditions(QuickView(f.view), now)
    if f.text.strip():
        cond = text_condition(f.text)
        if cond is not None:
            out.append(cond)
    return out


def _sort_value(row: DossierRow, sort: str) -> Any:
    value = getattr(row, sort)
    return int(value) if isinstance(value, (Status, Channel)) else value


def _after(sort: str, descending: bool, row: DossierRow):
    """Rows strictly after ``row`` in the order (column, rowid), NULLs first ascending, last descending."""
    column = SORT_KEYS[sort]
    value = _sort_value(row, sort)
    if value is None:
        if descending:
            return and_(column.is_(None), row.rowid > ROWID)
        return or_(column.is_not(None), and_(column.is_(None), row.rowid < ROWID))
    if descending:
        cond = tuple_(column, ROWID) < tuple_(value, row.rowid)
        return or_(cond, column.is_(None)) if sort in _NULLABLE else cond
    return tuple_(column, ROWID) > tuple_(value, row.rowid)


def _check_sort(sort: str) -> None:
    if sort not in SORT_KEYS:
        raise ValidationError(_("The list cannot be sorted by {key}.").format(key=sort))


def page(
    ctx: AppContext,
    f: DossierFilter,
    *,
    sort: str = DEFAULT_SORT,
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
    after: DossierRow | None = None,
    now: datetime | None = None,
) -> list[DossierRow]:
    """``limit`` rows of the filtered list in the given order, after ``after`` (then ``offset``)."""
    _check_sort(sort)
    now = now or store_now()
    column = SORT_KEYS[sort]
    q = select_rows().where(*conditions(f, now))
    if after is not None:
        q = q.where(_after(sort, descending, after))
    if descending:
        q = q.order_by(column.desc(), ROWID.desc())
    else:
        q = q.order_by(column.asc(), ROWID.asc())
    q = q.limit(max(0, limit)).offset(max(0, offset))
    with ctx.db.session(readonly=True) as s:
        return [row_from(r) for r in s.execute(q)]


def count(ctx: AppContext, f: DossierFilter, *, now: datetime | None = None) -> int:
    """The exact number of dossiers the filter shows (may take a while on a million rows)."""
    q = select(func.count()).select_from(Dossier).where(*conditions(f, now or store_now()))
    with ctx.db.session(readonly=True) as s:
        return s.execute(q).scalar_one()


def _has_words(f: DossierFilter) -> bool:
    return bool(f.text.strip()) and code_in_text(f.text) is None and fts_match(f.text) is not None


def count_capped(
    ctx: AppContext, f: DossierFilter, *, cap: int = COUNT_CAP, now: datetime | None = None
) -> tuple[int, bool]:
    """``(n, exact)``: the count if it is at most ``cap``, else ``(cap, False)`` ("10,000+").

    Words in the filter never select more than ``TEXT_MATCH_CAP`` dossiers, so
    reaching that many is reported as not exact either ("5,000+").
    """
    if _has_words(f):
        cap = min(cap, TEXT_MATCH_CAP)
    inner = (
        select(literal_column("1"))
        .select_from(Dossier)
        .where(*conditions(f, now or store_now()))
        .limit(cap + 1)
        .subquery()
    )
    with ctx.db.session(readonly=True) as s:
        n = s.execute(select(func.count()).select_from(inner)).scalar_one()
    if n > cap or (_has_words(f) and n >= TEXT_MATCH_CAP):
        return min(n, cap), False
    return n, True


def home_counts(ctx: AppContext, *, now: datetime | None = None) -> HomeCounts:
    """Today's figures for the home screen; each is an index range count."""
    now = now or store_now()
    today = now.date()

    def n(s, *where) -> int:
        return s.execute(select(func.count()).select_from(Dossier).where(*where)).scalar_one()

    with ctx.db.session(readonly=True) as s:
        return HomeCounts(
            today_intake=n(s, *_range(Dossier.received_at, today, today)),
            due_today=n(s, *_view_conditions(QuickView.DUE_TODAY, now)),
            overdue=n(s, *_view_conditions(QuickView.OVERDUE, now)),
            awaiting_supplement=n(s, *_view_conditions(QuickView.AWAITING_SUPPLEMENT, now)),
            ready_for_pickup=n(s, *_view_conditions(QuickView.READY_FOR_PICKUP, now)),
        )


def filter_choices(ctx: AppContext) -> FilterChoices:
    """The catalogue's fields and procedures and the active users, for the filter row."""
    from motcua_desktop.services.catalogue import list_procedures
    from motcua_desktop.services.users import list_users

    procedures = list_procedures(ctx)
    fields = sorted({p.field for p in procedures if p.field}, key=fold)
    return FilterChoices(
        fields=tuple(fields),
        procedures=tuple((p.code, p.name) for p in procedures),
        officials=tuple((u.id, u.full_name or u.username) for u in list_users(ctx)),
    )
