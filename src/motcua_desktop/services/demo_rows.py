"""Cheap generation of demo dossiers, components and events as plain tuples for ``executemany``."""

from __future__ import annotations

import json
import multiprocessing
import queue
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from motcua_desktop.domain.calendar import classify_return, processing_text
from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.procedures import ComponentKind, Procedure
from motcua_desktop.domain.text import fold
from motcua_desktop.services.demo_clock import DemoClock
from motcua_desktop.services.demo_people import person
from motcua_desktop.store.sequences import book_sequence_name, dossier_sequence_name

REFUSAL_REASONS = [
    "Thủ tục không thuộc thẩm quyền giải quyết của UBND xã.",
    "Người nộp không có giấy tờ tùy thân để đối chiếu.",
]
SUPPLEMENT_REASONS = [
    "Thiếu bản chính giấy tờ để đối chiếu.",
    "Tờ khai chưa ghi đầy đủ thông tin, cần bổ sung chữ ký.",
]
CONTACT_NAME = "Nguyễn Thị Ngọc Lan"

DOSSIER_COLUMNS = (
    "id", "version", "created_at", "updated_at", "created_by", "code", "agency_code",
    "procedure_code", "procedure_name", "field_name", "status", "channel", "applicant_name",
    "applicant_id_number", "applicant_phone", "applicant_address", "applicant_email",
    "owner_name", "owner_address", "received_at", "due_at", "finished_at", "returned_at",
    "processing_unit", "processing_amount", "processing_cutoff", "processing_text",
    "handling_unit", "sets_count", "fee_vnd", "result_delivery", "note", "reason",
    "book_number", "book_serial", "search_text", "original_due_at", "timeliness",
    "handling_official_id", "handling_official_name", "return_method", "returned_to",
    "post_tracking", "search_id",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "version", "created_at", "updated_at", "created_by", "dossier_id", "at", "actor",
    "kind", "from_status", "to_status", "note", "data",
)  # fmt: skip

_EPOCH = datetime(1970, 1, 1)
_MS = timedelta(milliseconds=1)
# The variant nibble of a UUID is 10xx in binary: 8, 9, a or b.
_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


@dataclass
class Chunk:
    """Rows of a slice of dossiers. Components are not listed: they follow from each
    dossier's procedure (see ``component_rows``), less the ``missing`` ones."""

    dossiers: list[tuple]
    events: list[tuple]
    missing: list[tuple[str, int]]  # (dossier id, component position) not handed in
    first_search_id: int
    last_search_id: int


@dataclass(frozen=True)
class _Proc:
    code: str
    name: str
    field: str
    processing: object
    unit: str
    amount: int
    cutoff: str | None
    text: str
    fee: int
    components: tuple[tuple[int, str, int, ComponentKind, int], ...]


def _proc(p: Procedure) -> _Proc:
    cutoff = p.processing.cutoff
    comps = tuple(
        (i, c.name, int(c.required), c.kind, c.count) for i, c in enumerate(p.components, 1)
    )
    return _Proc(
        p.code, p.name, p.field, p.processing, str(p.processing.unit), p.processing.amount,
        cutoff.strftime("%H:%M") if cutoff else None, processing_text(p.processing),
        p.fee_vnd, comps,
    )  # fmt: skip


def _pick_status(rand, due: datetime, now: datetime) -> Status:
    r = rand()
    if r < 0.03:
        return Status.NOT_ACCEPTED
    if r < 0.06:
        return Status.SUPPLEMENT_REQUESTED
    if r < 0.075:
        return Status.WITHDRAWN
    if r < 0.08:
        return Status.STOPPED
    if due > now:  # still running
        return (Status.ACCEPTED, Status.PROCESSING, Status.PROCESSING, Status.FINISHED)[
            int(rand() * 4)
        ]
    # Past the appointment: mostly returned; a few still open (overdue) or awaiting payment.
    r = rand()
    if r < 0.02:
        return Status.PROCESSING
    if r < 0.03:
        return Status.AWAITING_PAYMENT
    if r < 0.08:
        return Status.FINISHED
    return Status.RESULT_RETURNED


class RowMaker:
    """Makes the rows of ``CHUNK``-sized slices of demo dossiers from one random generator."""

    def __init__(
        self,
        rng: random.Random,
        clock: DemoClock,
        procedures: list[Procedure],
        weights: list[int],
        *,
        agency: str,
        handling_unit: str,
        contact_phone: str,
        clerks: list[str],
        leader: tuple[str, str],
        now: datetime,
        counters: dict[str, int],
        first_search_id: int,
    ) -> None:
        self.rng, self.clock, self.agency = rng, clock, agency
        self.procs = [_proc(p) for p in procedures]
        self.cum = []
        total = 0
        for w in weights:
            total += w
            self.cum.append(total)
        self.handling_unit, self.contact_phone = handling_unit, contact_phone
        self.clerks, self.leader, self.now = clerks, leader, now
        # Events never lie after the last working moment up to ``now``.
        last_day = max(d for d in clock.days if d <= now.date())
        self.cap = min(now, datetime.combine(last_day, clock.cal.hours.afternoon_end))
        self.counters = counters
        self.search_id = first_search_id
        self._ts: dict[datetime, str] = {}
        self._day: dict[date, tuple[str, str, str]] = {}
        self._json: dict[tuple[str, ...], str] = {}
        self._random, self._pos = "", 0

    def uuid(self, stamp: str) -> str:
        """A time-ordered UUID (version 7): ``stamp`` (12 hex digits of milliseconds), then
        random bits drawn from ``rng``.

        Rows then go into the id indexes in key order, as appends: random
        version-4 keys would scatter a million inserts over indexes larger
        than any page cache. Any UUID is a valid id; only their order differs.
        """
        pool = self._random
        if len(pool) - self._pos < 20:
            pool = self._random = f"{self.rng.getrandbits(80 * 4096):020480x}"
            self._pos = 0
        i = self._pos
        self._pos = i + 20
        return (
            f"{stamp[:8]}-{stamp[8:]}-7{pool[i : i + 3]}-"
            f"{_VARIANT[pool[i + 3]]}{pool[i + 4 : i + 7]}-{pool[i + 7 : i + 19]}"
        )

    def ts(self, t: datetime | None) -> str | None:
        """A time as SQLAlchemy's SQLite DateTime stores it: "2026-03-10 09:15:00.000000"."""
        if t is None:
            return None
        s = self._ts.get(t)
        if s is None:
            s = t.isoformat(" ")
            s = self._ts[t] = s + ".000000" if len(s) == 19 else s
        return s

    def _data(self, *key: str) -> str:
        s = self._json.get(key)
        if s is None:
            if len(key) == 1:
                data = {"reason": key[0]}
            else:
                data = {"reason": key[0], "contact_name": key[1], "contact_phone": key[2]}
            s = self._json[key] = json.dumps(data)
        return s

    def chunks(self, moments: list[datetime], size: int) -> Iterator[Chunk]:
        for start in range(0, len(moments), size):
            chunk = Chunk([], [], [], self.search_id + 1, 0)
            for received in moments[start : start + size]:
                self._one(received, chunk)
            chunk.last_search_id = self.search_id
            yield chunk

    def component_rows(self) -> list[tuple]:
        """(procedure code, position, name, required, kind, count) of every procedure."""
        return [
            (p.code, pos, name, required, str(kind), count)
            for p in self.procs
            for pos, name, required, kind, count in p.components
        ]

    def _one(self, received: datetime, out: Chunk) -> None:  # noqa: PLR0915 - one flat recipe
        rng, clock, rand = self.rng, self.clock, self.rng.random
        p = self.procs[bisect(self.cum, rand() * self.cum[-1])]
        due = clock.due_at(received, p.processing)
        status = _pick_status(rand, due, self.now)
        day = received.date()
        names = self._day.get(day)
        if names is None:
            yymmdd = received.strftime("%y%m%d")
            names = self._day[day] = (
                dossier_sequence_name(self.agency, yymmdd),
                book_sequence_name(day.year),
                yymmdd,
            )
        seq_name, book, yymmdd = names
        counters = self.counters
        counters[seq_name] = n = counters.get(seq_name, 0) + 1
        code = f"{self.agency}-{yymmdd}-{n:04d}"
        who = self.clerks[int(rand() * len(self.clerks))]
        pp = person(rng, birth_year=1945 + int(rand() * 62))
        stamp = f"{(received - _EPOCH) // _MS:012x}"
        did = self.uuid(stamp)
        accepted = status not in (Status.NOT_ACCEPTED, Status.SUPPLEMENT_REQUESTED)
        book_number, serial = "", 0
        if accepted:
            counters[book] = serial = counters.get(book, 0) + 1
            book_number = f"01/{day.year}"
        reason, missing = "", 0
        if status == Status.NOT_ACCEPTED:
            reason = REFUSAL_REASONS[int(rand() * 2)]
        elif status == Status.SUPPLEMENT_REQUESTED and p.components:
            reason = SUPPLEMENT_REASONS[int(rand() * 2)]
            missing = 1 + int(rand() * len(p.components))
        r = rand()
        channel = 1 if r < 0.75 else 2 if r < 0.97 else 3
        delivery = "post" if channel == 3 else "desk"
        cap = self.cap
        leader_id, leader_name = self.leader
        finished = returned = None
        official_id, official_name, timeliness, tracking = None, "", None, ""
        ev: list[tuple[str, datetime, str, int | None, int, str | None]] = []
        if status == Status.NOT_ACCEPTED:
            ev.append(("refused", received, who, None, 3, self._data(reason)))
        elif status == Status.SUPPLEMENT_REQUESTED:
            data = self._data(reason, CONTACT_NAME, self.contact_phone) if reason else None
            ev.append(("supplement_requested", received, who, None, 5, data))
        else:
            ev.append(("received", received, who, None, 2, None))
            budget = clock.between(received, due)
            if status != Status.ACCEPTED:
                official_id, official_name = leader_id, leader_name
                ev.append(("processing", clock.add(received, budget // 10), leader_id, 2, 4, None))
            if status in (Status.FINISHED, Status.RESULT_RETURNED):
                if rand() < 0.07:  # late
                    finished = clock.add(due, 60 * (1 + int(rand() * 20)))
                else:
                    finished = clock.add(received, int(budget * (0.3 + 0.65 * rand())))
                finished = min(finished, cap)
                ev.append(("finished", finished, leader_id, 4, 9, None))
                if status == Status.RESULT_RETURNED:
                    # Most citizens collect by the appointment; a late finish stays late.
                    wait = 12 + int(rand() * 468)
                    if finished <= due:
                        wait = min(wait, max(0, clock.between(finished, due)))
                    returned = min(clock.add(finished, wait), cap)
                    ev.append(("returned", returned, who, 9, 10, None))
                    timeliness = str(classify_return(returned, due))
                    if delivery == "post":
                        tracking = f"EV{int(rand() * 1e9):09d}VN"
            elif status in (Status.WITHDRAWN, Status.STOPPED, Status.AWAITING_PAYMENT):
                at = min(clock.add(received, budget // 2), cap)
                kind = {7: "withdrawn", 8: "stopped", 6: "awaiting_payment"}[int(status)]
                ev.append((kind, at, leader_id, 4, int(status), None))
        ts = self.ts
        rts = ts(received)
        search_text = fold(
            f"{code} {pp['name']} {pp['id_number']} {pp['phone']} "
            f"{pp['phone'].replace(' ', '')} {pp['address']}"
        )
        self.search_id += 1
        out.dossiers.append((
            did, 1, rts, rts, who, code, self.agency, p.code, p.name, p.field, int(status),
            channel, pp["name"], pp["id_number"], pp["phone"], pp["address"], pp["email"],
            "", "", rts, ts(due) if accepted else None, ts(finished), ts(returned),
            p.unit, p.amount, p.cutoff, p.text, self.handling_unit, 1, p.fee, delivery, "",
            reason, book_number, serial, search_text, ts(due) if accepted else None,
            timeliness, official_id, official_name, delivery if returned else None,
            pp["name"] if returned else "", tracking, self.search_id,
        ))  # fmt: skip
        if missing:
            out.missing.append((did, missing))
        # Component ids end in their position (01…), event ids in 80, 81…: both
        # derive from the dossier id, so they are unique and in key order too.
        base = did[:34]
        for i, (kind, at, actor, frm, to, data) in enumerate(ev, 0x80):
            ats = ts(at)
            note = reason if frm is None else ""
            out.events.append(
                (f"{base}{i:02x}", 1, ats, ats, actor, did, ats, actor, kind, frm, to, note, data)
            )


def _produce(maker: RowMaker, moments: list[datetime], size: int, out) -> None:
    """Child process: make every chunk and hand it over, then the final counters."""
    try:
        for chunk in maker.chunks(moments, size):
            out.put(chunk)
        out.put(("done", (maker.counters, maker.search_id)))
    except BaseException as exc:  # reported to the parent, which raises
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def chunks_in_child(maker: RowMaker, moments: list[datetime], size: int) -> Iterator[Chunk]:
    """``maker.chunks(...)``, made in a child process while this one writes the last chunk.

    The child starts from a copy of ``maker`` (its random state included), so
    the rows are the same as in-process; ``maker``'s counters and search id
    are brought up to date at the end.
    """
    # fork where there is one (no re-import, and a caller's script need not guard
    # its top level); the child only makes rows and never touches the database.
    methods = multiprocessing.get_all_start_methods()
    mp = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    channel = mp.Queue(maxsize=3)
    child = mp.Process(target=_produce, args=(maker, moments, size, channel), daemon=True)
    child.start()
    try:
        while True:
            try:
                item = channel.get(timeout=1)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError("the demo row maker stopped unexpectedly") from None
                continue
            if isinstance(item, Chunk):
                yield item
                continue
            kind, value = item
            if kind == "error":
                raise RuntimeError(f"the demo row maker failed: {value}")
            maker.counters.clear()
            maker.counters.update(value[0])
            maker.search_id = value[1]
            return
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
