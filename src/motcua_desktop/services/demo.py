"""Demo data: a fictional commune (Xã An Phú) with users and a year of dossiers.

Rows go in with Core executemany through ``bulk_insert_synced`` (change log
included) in chunks, one transaction per chunk, so a million dossiers stay
practical. The same seed and ``today`` always give the same data.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, text

from motcua_desktop.domain.calendar import WorkingCalendar, processing_text
from motcua_desktop.domain.codes import format_dossier_code
from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.errors import NotAllowed
from motcua_desktop.domain.procedures import ComponentKind, Procedure
from motcua_desktop.domain.profile import CommuneProfile, Signatory
from motcua_desktop.domain.text import fold
from motcua_desktop.i18n import _
from motcua_desktop.services import settings
from motcua_desktop.services.catalogue import list_procedures
from motcua_desktop.services.codec import profile_to_dict
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.demo_people import person
from motcua_desktop.services.setup import is_configured
from motcua_desktop.services.users import create_user, first_admin
from motcua_desktop.store.changelog import bulk_insert_synced
from motcua_desktop.store.models import Dossier, DossierComponent, DossierEvent, User
from motcua_desktop.store.sequences import book_sequence_name, dossier_sequence_name

DEMO_PASSWORD = "demo"
CHUNK = 20_000
DEMO_PROFILE = CommuneProfile(
    commune_name="Xã An Phú",
    parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
    unit_name="BỘ PHẬN MỘT CỬA",
    agency_code="000.31.25.H56",
    place_name="An Phú",
    phone="0296 3123 456",
    upper_office_name="Ủy ban nhân dân huyện Phú Tân (cấp trên)",
    signatories=(
        Signatory("Trần Văn Hùng", "Chủ tịch"),
        Signatory("Lê Thị Thu Hà", "Phó Chủ tịch"),
    ),
)
DEMO_USERS = [
    ("admin", "Phạm Minh Tuấn", "admin"),
    ("leader", "Lê Thị Thu Hà", "leader"),
    ("clerk", "Nguyễn Thị Ngọc Lan", "clerk"),
]
# Civil status and certification make up most of a commune desk's work.
FIELD_WEIGHTS = {"Hộ tịch": 10, "Chứng thực": 8}
REFUSAL_REASONS = [
    "Thủ tục không thuộc thẩm quyền giải quyết của UBND xã.",
    "Người nộp không có giấy tờ tùy thân để đối chiếu.",
]
SUPPLEMENT_REASONS = [
    "Thiếu bản chính giấy tờ để đối chiếu.",
    "Tờ khai chưa ghi đầy đủ thông tin, cần bổ sung chữ ký.",
]


@dataclass(frozen=True)
class SeedSummary:
    dossiers: int
    users: int
    first_received: datetime | None
    last_received: datetime | None


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _working_moment(rng: random.Random, cal: WorkingCalendar, d: date) -> datetime:
    h = cal.hours
    session = (
        (h.morning_start, h.morning_end)
        if rng.random() < 0.6
        else (h.afternoon_start, h.afternoon_end)
    )
    start = datetime.combine(d, session[0])
    span = int((datetime.combine(d, session[1]) - start).total_seconds() // 60)
    return start + timedelta(minutes=rng.randrange(max(span, 1)))


def _minute(t: datetime) -> datetime:
    return t.replace(second=0, microsecond=0)


def _pick_status(rng: random.Random, due: datetime, now: datetime) -> Status:
    r = rng.random()
    if r < 0.03:
        return Status.NOT_ACCEPTED
    if r < 0.06:
        return Status.SUPPLEMENT_REQUESTED
    if r < 0.075:
        return Status.WITHDRAWN
    if r < 0.08:
        return Status.STOPPED
    if due > now:  # still running
        return rng.choice([Status.ACCEPTED, Status.PROCESSING, Status.PROCESSING, Status.FINISHED])
    # Past the appointment: mostly returned; a few still open (overdue) or awaiting payment.
    r = rng.random()
    if r < 0.02:
        return Status.PROCESSING
    if r < 0.03:
        return Status.AWAITING_PAYMENT
    if r < 0.08:
        return Status.FINISHED
    return Status.RESULT_RETURNED


def _components(procedure: Procedure, missing: set[int]) -> list[dict]:
    out = []
    for i, c in enumerate(procedure.components, start=1):
        n = 0 if i in missing else c.count
        out.append(
            {
                "position": i,
                "name": c.name,
                "required": c.required,
                "originals": n if c.kind == ComponentKind.ORIGINAL else 0,
                "certified_copies": n if c.kind == ComponentKind.CERTIFIED_COPY else 0,
                "photocopies": n if c.kind == ComponentKind.PHOTOCOPY else 0,
            }
        )
    return out


def _ensure_users(ctx: AppContext) -> dict[str, str]:
    admin = first_admin(ctx)
    with ctx.db.session(readonly=True) as s:
        existing = {u.username: u.id for u in s.scalars(select(User))}
    for username, full_name, role in DEMO_USERS:
        if username not in existing:
            info = create_user(ctx, username, full_name, DEMO_PASSWORD, role, admin)
            admin = admin or info
            existing[username] = info.id
    return existing


def seed_demo(
    ctx: AppContext,
    dossiers: int = 300,
    seed: int = 1,
    today: date | None = None,
    *,
    force: bool = False,
) -> SeedSummary:
    """Set up the fictional commune and ``dossiers`` dossiers over the year before ``today``."""
    if is_configured(ctx) and not force:
        raise NotAllowed(
            _("This data folder already has a commune set up; use --force to add demo data anyway.")
        )
    if dossiers < 0:
        raise NotAllowed(_("The number of dossiers cannot be negative."))
    today = today or date.today()
    rng = random.Random(seed)
    with ctx.db.session() as s:
        settings.write(s, "profile", profile_to_dict(DEMO_PROFILE))
    user_ids = _ensure_users(ctx)
    clerk_ids = [user_ids["clerk"], user_ids["admin"]]
    leader_id = user_ids["leader"]
    procedures = list_procedures(ctx)
    if not procedures:
        raise NotAllowed(_("No procedure catalogue is loaded."))
    weights = [FIELD_WEIGHTS.get(p.field, 1) for p in procedures]
    from motcua_desktop.services.calendar import get_calendar

    cal = get_calendar(ctx)
    now = datetime.combine(today, time(17, 0))
    days = [today - timedelta(days=n) for n in range(365, -1, -1)]
    days = [d for d in days if cal.is_working_day(d)]
    moments = sorted(_working_moment(rng, cal, rng.choice(days)) for _ in range(dossiers))

    agency = DEMO_PROFILE.agency_code
    with ctx.db.session(readonly=True) as s:
        counters = dict(s.execute(text("SELECT name, value FROM sequences")).all())
    written = 0
    for start in range(0, len(moments), CHUNK):
        rows, comps, events = [], [], []
        for received in moments[start : start + CHUNK]:
            procedure = rng.choices(procedures, weights=weights)[0]
            due = cal.due_at(received, procedure.processing)
            status = _pick_status(rng, due, now)
            seq_name = dossier_sequence_name(agency, received.strftime("%y%m%d"))
            counters[seq_name] = counters.get(seq_name, 0) + 1
            code = format_dossier_code(agency, received.date(), counters[seq_name])
            who = rng.choice(clerk_ids)
            p = person(rng, birth_year=rng.randint(1945, 2006))
            did = _uuid(rng)
            accepted = status not in (Status.NOT_ACCEPTED, Status.SUPPLEMENT_REQUESTED)
            book_number, serial = "", 0
            if accepted:
                book = book_sequence_name(received.year)
                counters[book] = counters.get(book, 0) + 1
                book_number, serial = f"01/{received.year}", counters[book]
            reason = ""
            missing: set[int] = set()
            if status == Status.NOT_ACCEPTED:
                reason = rng.choice(REFUSAL_REASONS)
            elif status == Status.SUPPLEMENT_REQUESTED and procedure.components:
                reason = rng.choice(SUPPLEMENT_REASONS)
                missing = {rng.randint(1, len(procedure.components))}
            channel = rng.choices([1, 2, 3], weights=[75, 22, 3])[0]
            finished = returned = None
            ev = [("received", received, who, None, 2)]
            if status == Status.NOT_ACCEPTED:
                ev = [("refused", received, who, None, 3)]
            elif status == Status.SUPPLEMENT_REQUESTED:
                ev = [("supplement_requested", received, who, None, 5)]
            else:
                start_at = cal.normalise_start(received)
                budget = cal.working_time_between(start_at, due)
                if status != Status.ACCEPTED:
                    ev.append(
                        (
                            "processing",
                            cal.add_working_time(start_at, budget * 0.1),
                            leader_id,
                            2,
                            4,
                        )
                    )
                if status in (Status.FINISHED, Status.RESULT_RETURNED):
                    late = rng.random() < 0.07
                    finished = (
                        cal.add_working_time(due, timedelta(hours=rng.randint(1, 20)))
                        if late
                        else cal.add_working_time(start_at, budget * rng.uniform(0.3, 0.95))
                    )
                    finished = min(finished, now)
                    ev.append(("finished", finished, leader_id, 4, 9))
                    if status == Status.RESULT_RETURNED:
                        returned = min(
                            cal.add_working_time(finished, timedelta(hours=rng.uniform(0.2, 8))),
                            now,
                        )
                        ev.append(("returned", returned, who, 9, 10))
                elif status in (Status.WITHDRAWN, Status.STOPPED, Status.AWAITING_PAYMENT):
                    at = min(cal.add_working_time(start_at, budget * 0.5), now)
                    kind = {7: "withdrawn", 8: "stopped", 6: "awaiting_payment"}[int(status)]
                    ev.append((kind, at, leader_id, 4, int(status)))
            rows.append(
                {
                    "id": did, "code": code, "agency_code": agency,
                    "procedure_code": procedure.code, "procedure_name": procedure.name,
                    "field_name": procedure.field, "status": int(status), "channel": channel,
                    "applicant_name": p["name"], "applicant_id_number": p["id_number"],
                    "applicant_phone": p["phone"], "applicant_address": p["address"],
                    "applicant_email": p["email"], "owner_name": "", "owner_address": "",
                    "received_at": received, "due_at": due if accepted else None,
                    "finished_at": finished and _minute(finished),
                    "returned_at": returned and _minute(returned),
                    "processing_unit": str(procedure.processing.unit),
                    "processing_amount": procedure.processing.amount,
                    "processing_cutoff": procedure.processing.cutoff.strftime("%H:%M")
                    if procedure.processing.cutoff else None,
                    "processing_text": processing_text(procedure.processing),
                    "handling_unit": DEMO_PROFILE.commune_name, "sets_count": 1,
                    "fee_vnd": procedure.fee_vnd,
                    "result_delivery": "post" if channel == 3 else "desk",
                    "note": "", "reason": reason, "book_number": book_number,
                    "book_serial": serial,
                    "search_text": fold(" ".join((code, p["name"], p["id_number"], p["phone"],
                                                  p["phone"].replace(" ", ""), p["address"]))),
                    "created_at": received, "created_by": who,
                }
            )  # fmt: skip
            for c in _components(procedure, missing):
                comps.append({"id": _uuid(rng), "dossier_id": did, "created_at": received,
                              "created_by": who, **c})  # fmt: skip
            for kind, at, actor, frm, to in ev:
                at = _minute(at)
                data = {"reason": reason} if reason else None
                if kind == "supplement_requested":
                    data = {"reason": reason, "contact_name": "Nguyễn Thị Ngọc Lan",
                            "contact_phone": DEMO_PROFILE.phone}  # fmt: skip
                events.append(
                    {"id": _uuid(rng), "dossier_id": did, "at": at, "actor": actor, "kind": kind,
                     "from_status": frm, "to_status": to, "note": reason if frm is None else "",
                     "data": data, "created_at": at, "created_by": actor}
                )  # fmt: skip
        with ctx.db.session() as s:
            bulk_insert_synced(s, Dossier, rows, actor=None)
            bulk_insert_synced(s, DossierComponent, comps, actor=None)
            bulk_insert_synced(s, DossierEvent, events, actor=None)
        written += len(rows)
    with ctx.db.session() as s:
        for name, value in counters.items():
            s.execute(
                text(
                    "INSERT INTO sequences (name, value) VALUES (:n, :v) ON CONFLICT(name) "
                    "DO UPDATE SET value = max(value, excluded.value)"
                ),
                {"n": name, "v": value},
            )
    return SeedSummary(
        dossiers=written,
        users=len(user_ids),
        first_received=moments[0] if moments else None,
        last_received=moments[-1] if moments else None,
    )


__all__ = ["DEMO_PASSWORD", "DEMO_PROFILE", "SeedSummary", "seed_demo"]
