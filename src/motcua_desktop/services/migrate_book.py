"""Import a commune's historical tracking book (form 07) from XLSX or CSV as dossiers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from motcua_desktop.domain.calendar import WorkingCalendar, classify_return, processing_text
from motcua_desktop.domain.codes import parse_dossier_code
from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.errors import NotAllowed, ValidationError
from motcua_desktop.domain.procedures import Procedure, ProcessingTime, TimeUnit
from motcua_desktop.domain.roles import Permission
from motcua_desktop.domain.text import fold, nfc
from motcua_desktop.i18n import N_, _
from motcua_desktop.services import settings
from motcua_desktop.services.book_reader import BookRow, load_mapping, read_book
from motcua_desktop.services.calendar import calendar_in
from motcua_desktop.services.catalogue import list_procedures
from motcua_desktop.services.codec import profile_from_dict
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.intake import phone_digits
from motcua_desktop.services.permissions import require
from motcua_desktop.store.changelog import bulk_insert_synced
from motcua_desktop.store.models import Dossier, DossierEvent, new_id, now
from motcua_desktop.store.sequences import dossier_sequence_name

__all__ = ["MigrationReport", "migrate_book"]

EVENT_KIND = "imported"
_LOOKUP_BATCH = 500
_DATE_FORMATS = (
    ("%d/%m/%Y %H:%M", True), ("%d/%m/%Y %H:%M:%S", True), ("%H:%M %d/%m/%Y", True),
    ("%d/%m/%Y", False), ("%Y-%m-%d %H:%M", True), ("%Y-%m-%dT%H:%M", True),
    ("%Y-%m-%d %H:%M:%S", True), ("%Y-%m-%dT%H:%M:%S", True), ("%Y-%m-%d", False),
)  # fmt: skip
# Excel's day 0 (with its 1900 leap-year bug folded in for dates after February 1900).
_EXCEL_EPOCH = datetime(1899, 12, 30)
_PHONE = re.compile(r"(?:\+84|0)(?:[\s.\-]?\d){8,10}")
_PHONE_LABEL = re.compile(r"(?i)\b(?:s?đt|sdt|điện thoại|dien thoai|tel)\s*:?\s*$")
_FIELD_LABELS = {
    "received": N_("Received"),
    "due": N_("Appointment"),
    "returned": N_("Returned"),
}


@dataclass
class MigrationReport:
    """What an import did (or, with ``dry_run``, would do)."""

    imported: int
    skipped_existing: int
    rejected: list[tuple[int, str]]
    already_imported: list[tuple[int, str]] = field(default_factory=list)  # (line, code)
    dry_run: bool = False


@dataclass(frozen=True)
class _When:
    at: datetime
    has_time: bool


class _Reject(Exception):
    pass


def _when(value: Any, label: str, *, date_only_time: time) -> _When | None:
    """A book cell as a moment: a date/time cell, an Excel serial, or dd/mm/yyyy [HH:MM] / ISO."""
    if value is None:
        return None
    if isinstance(value, datetime):
        t = value.replace(microsecond=0)
        if t.time() == time(0):
            return _When(datetime.combine(t.date(), date_only_time), False)
        return _When(t, True)
    if isinstance(value, date):
        return _When(datetime.combine(value, date_only_time), False)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        return _when(
            _EXCEL_EPOCH + timedelta(days=float(value)), label, date_only_time=date_only_time
        )
    s = " ".join(str(value).replace("h", ":").split()) if isinstance(value, str) else ""
    for fmt, has_time in _DATE_FORMATS:
        try:
            t = datetime.strptime(s, fmt)
        except ValueError:
            continue
        return _When(t if has_time else datetime.combine(t.date(), date_only_time), has_time)
    raise _Reject(
        _('"{value}" under "{column}" is not a date (dd/mm/yyyy, optionally with HH:MM).').format(
            value=value, column=_(label)
        )
    )


def _not_before(later: _When, earlier: _When) -> bool:
    if later.has_time and earlier.has_time:
        return later.at >= earlier.at
    return later.at.date() >= earlier.at.date()


def _show(w: _When) -> str:
    return w.at.strftime("%d/%m/%Y %H:%M" if w.has_time else "%d/%m/%Y")


def _split_contact(contact: str) -> tuple[str, str]:
    """(address, phone) out of form 07's "Địa chỉ, số điện thoại" cell."""
    matches = list(_PHONE.finditer(contact))
    if not matches:
        return contact, ""
    m = matches[-1]
    phone = m.group(0).strip()
    rest = _PHONE_LABEL.sub("", contact[: m.start()].rstrip(" ,;-–/")) + contact[m.end() :]
    return rest.strip(" ,;-–/"), phone


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(" ".join(str(value).split()))


class _Importer:
    def __init__(self, cal: WorkingCalendar, procedures: list[Procedure], unit: str, source: str):
        self.cal, self.unit, self.source = cal, unit, source
        self.by_name = {" ".join(fold(p.name).split()): p for p in procedures}
        self.opening, self.closing = cal.hours.morning_start, cal.hours.afternoon_end

    def row(self, r: BookRow, actor_id: str, stamp: datetime) -> tuple[dict, dict]:
        v = r.values
        raw_code = _text(v.get("code"))
        if not raw_code:
            raise _Reject(_("The dossier code is missing."))
        try:
            parsed = parse_dossier_code(raw_code)
        except ValidationError as exc:
            raise _Reject(exc.message) from None
        code = str(parsed)
        name = _text(v.get("applicant"))
        if not name:
            raise _Reject(_("The name of the applicant (person or organisation) is missing."))
        received = _when(v.get("received"), _FIELD_LABELS["received"], date_only_time=self.opening)
        if received is None:
            raise _Reject(_("The date the dossier was received is missing."))
        due = _when(v.get("due"), _FIELD_LABELS["due"], date_only_time=self.closing)
        returned = _when(v.get("returned"), _FIELD_LABELS["returned"], date_only_time=self.opening)
        if due and not _not_before(due, received):
            raise _Reject(
                _("The appointment ({due}) is before the dossier was received ({received}).")
                .format(due=_show(due), received=_show(received))
            )  # fmt: skip
        if returned and not _not_before(returned, received):
            raise _Reject(
                _("The result was returned ({returned}) before the dossier was received "
                  "({received}).").format(returned=_show(returned), received=_show(received))
            )  # fmt: skip
        address = _text(v.get("address"))
        phone = _text(v.get("phone"))
        if v.get("contact") is not None:
            a, p = _split_contact(_text(v.get("contact")))
            address, phone = address or a, phone or p
        procedure_text = _text(v.get("procedure"))
        procedure = self.by_name.get(fold(procedure_text))  # _text() squeezed the spaces
        if procedure is not None:
            processing = procedure.processing
            ptext = processing_text(processing)
        else:  # kept as text; the processing time is what the book's appointment gave
            days = self._working_days(received.at.date(), due.at.date()) if due else 0
            processing = ProcessingTime(TimeUnit.WORKING_DAYS, days)
            ptext = processing_text(processing) if due else ""
        delivery = "post" if "buu" in fold(_text(v.get("delivery"))) else "desk"
        signed = _text(v.get("signed"))
        status = Status.ACCEPTED
        if returned:
            status = Status.RESULT_RETURNED
        elif signed:  # signed for, but the book gives no date: the result was at least ready
            status = Status.FINISHED
        did = new_id()
        due_at = due.at if due else None
        dossier = {
            "id": did, "code": code, "agency_code": parsed.agency,
            "procedure_code": procedure.code if procedure else "",
            "procedure_name": procedure.name if procedure else procedure_text,
            "field_name": procedure.field if procedure else "",
            "status": int(status), "channel": 1, "applicant_name": name,
            "applicant_phone": phone, "applicant_address": address,
            "received_at": received.at, "due_at": due_at, "original_due_at": due_at,
            "finished_at": returned.at if returned else None,
            "returned_at": returned.at if returned else None,
            "timeliness": str(classify_return(returned.at, due_at)) if returned and due_at else None,
            "return_method": delivery if returned else None,
            "returned_to": signed if returned and signed else "",
            "processing_unit": str(processing.unit), "processing_amount": processing.amount,
            "processing_cutoff": processing.cutoff.strftime("%H:%M") if processing.cutoff else None,
            "processing_text": ptext,
            "handling_unit": _text(v.get("handling_unit")) or self.unit,
            "result_delivery": delivery,
            "search_text": fold(" ".join((code, name, "", phone, phone_digits(phone), address))),
            "created_at": stamp, "created_by": actor_id,
        }  # fmt: skip
        data = {"source": self.source, "line": r.line}
        if v.get("serial") is not None:
            data["serial"] = _text(v.get("serial"))
        event = {
            "id": new_id(), "dossier_id": did, "at": stamp, "actor": actor_id,
            "kind": EVENT_KIND, "from_status": None, "to_status": int(status),
            "note": self.source, "data": data, "created_at": stamp, "created_by": actor_id,
        }  # fmt: skip
        return dossier, event

    def _working_days(self, start: date, end: date) -> int:
        n, d = 0, start
        while d < end:
            d += timedelta(days=1)
            n += self.cal.is_working_day(d)
        return n


def _existing_codes(s, codes: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(codes), _LOOKUP_BATCH):
        batch = codes[i : i + _LOOKUP_BATCH]
        found.update(s.scalars(select(Dossier.code).where(Dossier.code.in_(batch))))
    return found


def migrate_book(
    ctx: AppContext,
    path: str | Path,
    actor: Any,
    *,
    mapping: str | Path | dict | None = None,
    dry_run: bool = False,
) -> MigrationReport:
    """Import the tracking book at ``path``; rows already in the database are skipped.

    Every row is checked first; the good ones go in together in one
    transaction (nothing with ``dry_run``), each with an "imported" event
    naming the file. Raises ValidationError when the file as a whole cannot be
    read (not a table, not UTF-8, no heading row, a wrong mapping).
    """
    if not dry_run:
        require(actor, Permission.SETTINGS)
    path = Path(path)
    if not path.is_file():
        raise ValidationError(_("The file {name} does not exist.").format(name=path))
    if mapping is not None and not isinstance(mapping, dict):
        mapping = load_mapping(Path(mapping))
    rows = read_book(path, mapping)
    procedures = list_procedures(ctx)
    stamp = now()
    with ctx.db.session(readonly=dry_run, actor=actor) as s:
        profile = settings.read(s, "profile")
        if not profile:
            raise NotAllowed(_("Set up the commune before importing its tracking book."))
        unit = profile_from_dict(profile).commune_name
        importer = _Importer(calendar_in(s), procedures, unit, path.name)
        rejected: list[tuple[int, str]] = []
        good: list[tuple[int, dict, dict]] = []
        first_line: dict[str, int] = {}
        for r in rows:
            try:
                dossier, event = importer.row(r, actor.id, stamp)
            except _Reject as exc:
                rejected.append((r.line, str(exc)))
                continue
            code = dossier["code"]
            if code in first_line:
                rejected.append(
                    (r.line, _("The code {code} is already on line {line} of this file.")
                     .format(code=code, line=first_line[code]))
                )  # fmt: skip
                continue
            first_line[code] = r.line
            good.append((r.line, dossier, event))
        existing = _existing_codes(s, [d["code"] for _line, d, _e in good])
        already = [(line, d["code"]) for line, d, _e in good if d["code"] in existing]
        new = [(d, e) for _line, d, e in good if d["code"] not in existing]
        if new and not dry_run:
            bulk_insert_synced(s, Dossier, [d for d, _e in new], actor=actor.id)
            bulk_insert_synced(s, DossierEvent, [e for _d, e in new], actor=actor.id)
            _advance_sequences(s, [d["code"] for d, _e in new])
    return MigrationReport(
        imported=len(new),
        skipped_existing=len(already),
        rejected=rejected,
        already_imported=already,
        dry_run=dry_run,
    )


def _advance_sequences(s, codes: list[str]) -> None:
    """Keep each day's dossier counter past the imported numbers, so intake never reuses one."""
    top: dict[str, int] = {}
    for code in codes:
        agency, day, seq = parse_dossier_code(code)
        name = dossier_sequence_name(agency, day.strftime("%y%m%d"))
        top[name] = max(top.get(name, 0), seq)
    for name, value in top.items():
        s.execute(
            text(
                "INSERT INTO sequences (name, value) VALUES (:n, :v) ON CONFLICT(name) "
                "DO UPDATE SET value = max(value, excluded.value)"
            ),
            {"n": name, "v": value},
        )
