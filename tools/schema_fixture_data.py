"""The small, realistic data set written into each earlier schema's fixture (make_schema_fixtures).

One commune (Xã Đông Hòa), two users, six dossiers received either side of
Tết Bính Ngọ 2026 (14–22 February) in every state the schema of the day could
hold, their components, events, printed slips, sequences, and from later
schemas the sync state, surveys, the quality system and the audit trail.
``rows(rev)`` lists ``(table, values)`` in insertion order; values may name
columns a schema does not have yet, the writer drops those. Everything is
fixed: ids, times and password salts, so a regenerated fixture is identical.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from motcua_desktop.domain.calendar import WorkingCalendar, classify_return, processing_text
from motcua_desktop.domain.catalogue import load_catalogue
from motcua_desktop.domain.codes import format_dossier_code
from motcua_desktop.domain.profile import CommuneProfile, Signatory, WorkingHours
from motcua_desktop.domain.text import fold
from motcua_desktop.services.codec import procedure_to_dict, profile_to_dict

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "resources" / "catalogue" / "procedures.json"
SURVEY = ROOT / "resources" / "surveys" / "satisfaction-sipas-v1.json"
AGENCY = "000.27.14.H26"
PASSWORD = "matkhau-2025"  # both users; the upgrade tests log in with it
# Older than any shipped catalogue, so the upgraded program reloads the shipped one.
OLD_CATALOGUE = "2025.6"
INSTALLATION_ID = "5b0f3c1e-2d4a-4c8e-9f10-7a6b5c4d3e21"
EPOCH_ID = "8e7d6c5b-4a39-4281-b7c6-d5e4f3a2b109"
DISTRICT_ID = "c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f"
DAY_OFF = date(2026, 1, 2)  # a local extra day off ("nghỉ bù"), in calendar_days

PROFILE = CommuneProfile(
    commune_name="Xã Đông Hòa",
    parent_body="ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA",
    unit_name="BỘ PHẬN MỘT CỬA",
    agency_code=AGENCY,
    place_name="Đông Hòa",
    phone="0273 3851 234",
    upper_office_name="Trung tâm Phục vụ hành chính công tỉnh",
    signatories=(Signatory("Nguyễn Văn Hùng", "Phó Chủ tịch UBND xã"),),
)
CALENDAR = WorkingCalendar(WorkingHours(), extra_days_off=[DAY_OFF])


def uid(name: str) -> str:
    """A fixed UUID-shaped id for a name, so every regeneration gives the same rows."""
    h = hashlib.sha256(name.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def password_hash(user: str) -> str:
    """The program's scrypt format (services.users.hash_password) with a fixed salt."""
    salt = hashlib.sha256(f"salt:{user}".encode()).digest()[:16]
    digest = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    b = lambda v: base64.b64encode(v).decode("ascii")  # noqa: E731
    return f"scrypt$16384$8$1${b(salt)}${b(digest)}"


def document_bytes(code: str, kind: str) -> bytes:
    """The stand-in PDF of a printed slip; the upgrade tests put it back in the data folder."""
    return f"%PDF-1.4\n% fixture {kind} slip of {code}\n%%EOF\n".encode()


def document_path(code: str, kind: str, at: datetime) -> str:
    return f"documents/{at:%Y}/{at:%m}/{code}-{kind}-1.pdf"


ADMIN, CLERK = uid("user:admin"), uid("user:clerk")
USERS = (
    (ADMIN, "quantri", "Nguyễn Văn Quản", "admin"),
    (CLERK, "thuha", "Trần Thị Thu Hà", "clerk"),
)
OFFICIAL = "Lê Văn Tám"  # the commune's justice and civil-status official
# key, procedure, applicant (name, id number, phone, address), received, channel
DOSSIERS = (
    ("E", "1.004873", ("Đặng Văn Đông", "027085001234", "0912 345 678",
                       "Thôn Phú Xuân, xã Đông Hòa"), datetime(2026, 1, 5, 9, 0), 1),
    ("F", "HT-09", ("Lê Thị Ánh Tuyết", "027190004567", "0987 654 321",
                    "Thôn Đông Lâm, xã Đông Hòa"), datetime(2026, 2, 11, 10, 0), 2),
    ("A", "HT-05", ("Nguyễn Thị Hồng Nhung", "027195008899", "0905 111 222",
                    "Xóm Chùa, xã Đông Hòa"), datetime(2026, 2, 12, 14, 20), 1),
    ("B", "BTXH-01", ("Hoàng Thị Lụa", "027155003210", "0977 888 999",
                      "Thôn Tây Sơn, xã Đông Hòa"), datetime(2026, 2, 12, 15, 10), 1),
    ("C", "XD-01", ("Phạm Quốc Đạt", "027088007777", "0933 444 555",
                    "Khu Chợ, xã Đông Hòa"), datetime(2026, 2, 23, 9, 30), 3),
    ("D", "2.000815", ("Vũ Thị Mai Phương", "027199002468", "0966 135 790",
                       "Thôn Phú Xuân, xã Đông Hòa"), datetime(2026, 2, 24, 8, 0), 1),
)  # fmt: skip


def _ts(at: datetime) -> dict:
    return {"created_at": at, "updated_at": at}


def _synced(key: str, at: datetime, by: str | None = ADMIN) -> dict:
    return {"id": uid(key), "version": 1, "created_by": by, **_ts(at)}


def _settings(rev: int) -> Iterator[tuple[str, dict]]:
    at = datetime(2025, 12, 29, 8, 0)
    for i, (user_id, name, full, role) in enumerate(USERS):
        yield "users", {"id": user_id, "version": 1, "created_by": None if i == 0 else ADMIN,
                        "username": name, "full_name": full, "role": role,
                        "password_hash": password_hash(name), "active": True,
                        "failed_logins": 0, **_ts(at + timedelta(minutes=i))}  # fmt: skip
    yield "settings", {**_synced("setting:profile", at), "key": "profile",
                       "value": profile_to_dict(PROFILE)}  # fmt: skip
    yield "settings", {**_synced("setting:catalogue", at), "key": "catalogue",
                       "value": {"version": OLD_CATALOGUE, "effective_date": "2025-07-01",
                                 "sample": True, "source": "procedures.json"}}  # fmt: skip
    yield "calendar_days", {**_synced("day-off", at), "day": DAY_OFF, "kind": "off",
                            "note": "Nghỉ bù Tết Dương lịch", "active": True}  # fmt: skip


def _procedures(codes: set[str]) -> Iterator[tuple[str, dict]]:
    for p in load_catalogue(CATALOGUE).procedures:
        if p.code in codes:
            yield "procedures", {
                "code": p.code, "catalogue_version": OLD_CATALOGUE, "name": p.name,
                "field_name": p.field, "field_code": str((p.extra or {}).get("field_code") or ""),
                "data": procedure_to_dict(p),
                "search_text": fold(" ".join(filter(None, (p.code, p.name, p.field)))),
                "active": True,
            }  # fmt: skip


class _Book:
    """Sequences as the desk would have drawn them: per agency and day, and the book per year."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def next(self, name: str) -> int:
        self.values[name] = self.values.get(name, 0) + 1
        return self.values[name]


def _outcome(key: str, rev: int) -> dict:
    """What happened to each dossier in the fixture's time: intake only before schema 0002."""
    intake = {"B": (5, "supplement_requested"), "C": (3, "refused")}.get(key, (2, "received"))
    later = {} if rev < 2 else {"E": 10, "F": 4, "D": 9}
    return {"intake": intake, "status": later.get(key, intake[0])}


def dossiers(rev: int) -> Iterator[tuple[str, dict]]:
    """Dossiers with their components, events, hand-overs, extensions and printed slips."""
    catalogue = {p.code: p for p in load_catalogue(CATALOGUE).procedures}
    book = _Book()
    for search_id, dossier in enumerate(DOSSIERS, start=1):
        key, code_p, (name, id_no, phone, address), received, channel = dossier
        p = catalogue[code_p]
        out = _outcome(key, rev)
        status0, kind0 = out["intake"]
        seq = book.next(f"dossier:{AGENCY}:{received:%y%m%d}")
        code = format_dossier_code(AGENCY, received.date(), seq)
        accepted = status0 == 2
        due = CALENDAR.due_at(received, p.processing) if accepted else None
        serial = book.next(f"book:{received.year}") if accepted else 0
        digits = phone.replace(" ", "")
        row = {
            **_synced(f"dossier:{key}", received, CLERK), "code": code, "agency_code": AGENCY,
            "procedure_code": p.code, "procedure_name": p.name, "field_name": p.field,
            "status": out["status"], "channel": channel, "applicant_name": name,
            "applicant_id_number": id_no, "applicant_phone": phone,
            "applicant_address": address, "applicant_email": "", "owner_name": "",
            "owner_address": "", "received_at": received, "due_at": due,
            "original_due_at": due, "processing_unit": str(p.processing.unit),
            "processing_amount": p.processing.amount,
            "processing_cutoff": p.processing.cutoff.strftime("%H:%M")
            if p.processing.cutoff else None,
            "processing_text": processing_text(p.processing),
            "handling_unit": PROFILE.commune_name, "sets_count": 1, "fee_vnd": p.fee_vnd or 0,
            "result_delivery": "post" if channel == 3 else "desk", "note": "",
            "reason": {"B": "Thiếu giấy xác nhận của trưởng thôn",
                       "C": "Công trình thuộc thẩm quyền cấp phép của cấp tỉnh"}.get(key, ""),
            "book_number": f"01/{received.year}" if accepted else "", "book_serial": serial,
            "search_text": fold(" ".join((code, name, id_no, phone, digits, address))),
            "search_id": search_id, "paused_minutes": 0, "supplement_count": 0,
            "extension_count": 0, "handling_official_name": "", "returned_to": "",
            "post_tracking": "",
        }  # fmt: skip
        events = [(received, kind0, None, status0, row["reason"], _intake_data(key))]
        extra: list[tuple[str, dict]] = []
        if rev >= 2:
            events += _lifecycle(key, row, p, extra)
        row["updated_at"] = events[-1][0]
        yield "dossiers", row
        for i, c in enumerate(p.components, start=1):
            missing = key == "B" and i == 1
            yield "dossier_components", {
                **_synced(f"component:{key}:{i}", received, CLERK), "dossier_id": row["id"],
                "position": i, "name": c.name, "required": c.required,
                **_counts(c, 0 if missing else c.count),
            }  # fmt: skip
        for n, (at, kind, old, new, note, data) in enumerate(events):
            yield "dossier_events", {
                **_synced(f"event:{key}:{n}", at, CLERK), "dossier_id": row["id"], "at": at,
                "actor": CLERK, "kind": kind, "from_status": old, "to_status": new,
                "note": note, "data": data,
            }  # fmt: skip
        yield from extra
        slip = {2: "receipt", 5: "supplement", 3: "refusal"}[status0]
        yield "documents", {
            **_synced(f"document:{key}", received + timedelta(minutes=5), CLERK),
            "dossier_id": row["id"], "kind": slip,
            "template_version": f"0{ {2: 1, 5: 2, 3: 3}[status0]}/TT03-2025.1",
            "path": document_path(code, slip, received),
            "sha256": hashlib.sha256(document_bytes(code, slip)).hexdigest(),
            "size": len(document_bytes(code, slip)),
        }  # fmt: skip
    for name, value in book.values.items():
        yield "sequences", {"name": name, "value": value}
    if rev >= 2:
        yield "sequences", {"name": "apology:2026", "value": 1}


def _counts(spec, n: int) -> dict:
    kind = str(spec.kind)
    return {"originals": n if kind == "original" else 0,
            "certified_copies": n if kind == "certified_copy" else 0,
            "photocopies": n if kind == "photocopy" else 0}  # fmt: skip


def _intake_data(key: str) -> dict | None:
    if key != "B":
        return None
    return {"reason": "Thiếu giấy xác nhận của trưởng thôn", "missing": ["Tờ khai đề nghị"],
            "contact_name": "Trần Thị Thu Hà", "contact_phone": "0273 3851 234"}  # fmt: skip


def _lifecycle(key: str, row: dict, p, extra: list) -> list[tuple]:
    """Events after intake (schema 0002 on), setting the dossier's lifecycle columns."""
    received, due = row["received_at"], row["due_at"]
    if key == "E":  # handled and returned on the appointment day
        start, done = received + timedelta(hours=1), datetime(2026, 1, 7, 15, 0)
        back = datetime(2026, 1, 8, 8, 30)
        row.update(finished_at=done, returned_at=back, return_method="desk",
                   returned_to="Đặng Văn Đông", handling_official_id=None,
                   handling_official_name=OFFICIAL,
                   timeliness=str(classify_return(back, due)))  # fmt: skip
        extra.append(_handover(key, 1, start, OFFICIAL, due))
        return [(start, "processing_started", 2, 4, "", None), (done, "finished", 4, 9, "", None),
                (back, "result_returned", 9, 10, "", {"method": "desk",
                                                       "collected_by": "Đặng Văn Đông"})]  # fmt: skip
    if key == "F":  # handled, then extended with an apology letter across Tết
        start, issued = received + timedelta(hours=2), datetime(2026, 2, 13, 10, 0)
        new_due = datetime(2026, 3, 3, 17, 0)
        row.update(due_at=new_due, extension_count=1, handling_official_name=OFFICIAL)
        extra.append(_handover(key, 1, start, OFFICIAL, due))
        extra.append(("extensions", {
            **_synced("extension:F", issued, CLERK), "dossier_id": row["id"],
            "issued_at": issued, "previous_due_at": due, "new_due_at": new_due,
            "reason": "Cần xác minh thông tin tại nơi đăng ký khai sinh trước đây",
            "letter_number": "01/XLGH"}))  # fmt: skip
        return [(start, "processing_started", 2, 4, "", None),
                (issued, "extended", 4, 4, "", {"letter_number": "01/XLGH",
                                                "new_due_at": new_due.isoformat()})]  # fmt: skip
    if key == "D":  # same-day certification, finished, waiting to be collected
        done = received + timedelta(hours=2)
        row.update(finished_at=done)
        return [(done, "finished", 2, 9, "", None)]
    return []


def _handover(key: str, n: int, at: datetime, to: str, due) -> tuple[str, dict]:
    return "handovers", {
        **_synced(f"handover:{key}:{n}", at, CLERK), "dossier_id": uid(f"dossier:{key}"),
        "position": n, "at": at, "from_name": "Trần Thị Thu Hà", "from_user_id": CLERK,
        "to_name": to, "to_user_id": None, "to_unit": "Tư pháp - Hộ tịch", "step_due_at": due,
        "result": None, "note": "",
    }  # fmt: skip


def sync_state(rev: int) -> Iterator[tuple[str, dict]]:
    """Schema 0003 on: the commune's identity, its district, one bundle sent and acknowledged."""
    if rev < 3:
        return
    at = datetime(2026, 2, 13, 16, 45)
    district = {"installation_id": DISTRICT_ID, "name": "Trung tâm Phục vụ hành chính công tỉnh",
                "sign_pub": "ZmFrZS1kaXN0cmljdC1zaWduLWtleS0wMDAwMDAwMDA=",
                "box_pub": "ZmFrZS1kaXN0cmljdC1ib3gta2V5LTAwMDAwMDAwMDA="}  # fmt: skip
    for k, v in (("installation_id", INSTALLATION_ID), ("epoch_id", EPOCH_ID),
                 ("mode", "commune"), ("acked_seq", 40), ("district", district),
                 ("last_export_at", at.isoformat())):  # fmt: skip
        yield "local_state", {"key": k, "value": v, "updated_at": at}
    common = {"sender_id": INSTALLATION_ID, "recipient_id": DISTRICT_ID, "commune_id": None,
              "epoch": EPOCH_ID, "seq_from": 1, "seq_to": 40, "reason": ""}  # fmt: skip
    sha = hashlib.sha256(b"fixture bundle 1").hexdigest()
    yield "bundle_log", {**common, "id": uid("bundle:out"), "direction": "out", "kind": "data",
                         "bundle_id": uid("bundle:1"), "sha256": sha, "prev_sha256": "",
                         "file_name": f"{AGENCY}-1-40.motcua", "status": "acked",
                         "counts": {"dossiers": 4}, "at": at}  # fmt: skip
    yield "bundle_log", {**common, "id": uid("bundle:ack"), "direction": "in", "kind": "ack",
                         "bundle_id": uid("bundle:ack1"), "sender_id": DISTRICT_ID,
                         "recipient_id": INSTALLATION_ID, "sha256": sha[::-1], "prev_sha256": "",
                         "file_name": "ack.motcua", "status": "applied",
                         "counts": {"gaps": []}, "at": at + timedelta(days=11)}  # fmt: skip


def surveys(rev: int) -> Iterator[tuple[str, dict]]:
    """Schema 0004 on: a quality objective, February's survey batch with two forms, an evaluation."""
    if rev < 4:
        return
    at = datetime(2026, 2, 25, 15, 30)
    yield "quality_objectives", {**_synced("objective:on-time", at), "year": 2026,
                                 "position": 1, "measure": "on_time_rate",
                                 "title": "Tỷ lệ hồ sơ giải quyết đúng hạn", "comparator": ">=",
                                 "target": 98.0, "manual_actual": None, "note": "",
                                 "active": True}  # fmt: skip
    template = json.loads(SURVEY.read_text(encoding="utf-8"))
    yield "survey_templates", {**_synced("template:sipas", at), "code": template["code"],
                               "template_version": template["template_version"],
                               "kind": template["kind"], "title": template["title"],
                               "body": template, "source": "shipped", "active": True}  # fmt: skip
    batch = uid("batch:2026-02")
    yield "survey_batches", {**_synced("batch:2026-02", at, CLERK), "template_code": "satisfaction-sipas",
                             "template_version": "1", "surveyed_on": at.date(),
                             "label": "Tháng 2/2026", "entered_by": CLERK, "note": "",
                             "closed": False}  # fmt: skip
    ids = [q["id"] for q in template["questions"]]
    for n, level, reasons in ((1, 5, []), (2, 3, ["waiting"])):
        answers = dict.fromkeys(ids, level)
        values = {"answers": answers, "overall": level, "reasons": reasons, "reason_text": "",
                  "respondent": {"sex": "female"}}  # fmt: skip
        fp = json.dumps([batch, "", values], sort_keys=True, ensure_ascii=False)
        yield "survey_forms", {**_synced(f"form:{n}", at, CLERK), "batch_id": batch, "number": n,
                               "template_code": "satisfaction-sipas", "template_version": "1",
                               "surveyed_on": at.date(), "dossier_id": None, "dossier_code": "",
                               "procedure_code": "", "official_name": "", "missing": 0,
                               "fingerprint": hashlib.sha256(fp.encode()).hexdigest(),
                               "voided": False, "entered_at": at, "entered_by": CLERK,
                               **values}  # fmt: skip
    scores = {str(i): None for i in range(1, 10)} | {"1": 2, "3": 2, "4": 2, "6": 2, "7": 2}
    yield "dossier_evaluations", {**_synced("evaluation:E", datetime(2026, 1, 8, 8, 40), CLERK),
                                  "dossier_id": uid("dossier:E"), "template_code": "evaluation",
                                  "template_version": "1", "scores": scores, "item10": 3,
                                  "item11": 3, "points": 10, "max_points": 10, "source": "desk",
                                  "evaluated_at": datetime(2026, 1, 8, 8, 40),
                                  "evaluated_by": CLERK}  # fmt: skip


def quality(rev: int) -> Iterator[tuple[str, dict]]:
    """Schema 0005 on: a closed self-inspection with a finding, the quality policy, a process."""
    if rev < 5:
        return
    at = datetime(2026, 3, 2, 9, 0)
    run = uid("run:tt26")
    yield "checklist_runs", {**_synced("run:tt26", at), "template_code": "tt26-self-inspection",
                             "template_version": "1", "kind": "self_inspection",
                             "title": "Tự kiểm tra HTQLCL năm 2026", "run_on": at.date(),
                             "scope": "Bộ phận Một cửa", "auditors": ["Nguyễn Văn Quản"],
                             "status": "closed", "closed_at": at + timedelta(hours=3),
                             "closed_by": ADMIN, "signed_by_name": "Nguyễn Văn Hùng",
                             "revision": 1, "supersedes_id": None, "note": ""}  # fmt: skip
    for item, verdict in (("std-a", "conforming"), ("std-b", "minor")):
        yield "checklist_answers", {**_synced(f"answer:{item}", at), "run_id": run,
                                    "item_id": item, "verdict": verdict,
                                    "evidence": "Đã kiểm tra hồ sơ lưu" if verdict == "conforming"
                                    else "Hai công chức chưa được phổ biến tài liệu mới",
                                    "answered_at": at, "answered_by": ADMIN}  # fmt: skip
    yield "nonconformities", {**_synced("nc:1", at), "number": "NC-2026-001",
                              "source": "checklist", "run_id": run, "item_id": "std-b",
                              "found_on": at.date(), "severity": "minor",
                              "description": "Tài liệu HTQLCL chưa phổ biến đến toàn bộ công chức",
                              "cause": "Chưa tổ chức buổi phổ biến sau khi ban hành",
                              "correction": "", "corrective_action": "Tổ chức phổ biến trong tháng 3",
                              "owner_name": "Nguyễn Văn Quản", "due_on": date(2026, 3, 31),
                              "status": "open", "done_on": None, "verified_on": None,
                              "verified_by_name": "", "effective": None,
                              "verification_note": "", "report_due_on": date(2026, 5, 2),
                              "reported_on": None}  # fmt: skip
    yield "quality_records", {**_synced("record:policy", at), "kind": "policy",
                              "title": "Chính sách chất lượng", "record_date": date(2026, 1, 15),
                              "number": "05/QĐ-UBND",
                              "data": {"text": "Công khai, minh bạch, đúng hẹn, tận tụy"},
                              "note": "", "active": True}  # fmt: skip
    yield "controlled_documents", {**_synced("doc:QT-HT-05", at), "code": "QT-HT-05",
                                   "title": "Quy trình đăng ký khai sinh kết hợp nhận cha, mẹ, con",
                                   "doc_type": "process", "doc_version": "01",
                                   "effective_on": date(2026, 1, 15), "procedure_code": "HT-05",
                                   "active": True, "note": ""}  # fmt: skip


def rows(rev: int) -> list[tuple[str, dict]]:
    """Every row of the schema-``rev`` fixture, in insertion order (parents first)."""
    out = list(_settings(rev))
    out += list(_procedures({d[1] for d in DOSSIERS}))
    out += list(dossiers(rev))
    out += list(sync_state(rev)) + list(surveys(rev)) + list(quality(rev))
    return out


def last_change_at(table_rows: list[tuple[str, dict]]) -> datetime:
    stamps = [
        v.get("updated_at") for _t, v in table_rows if isinstance(v.get("updated_at"), datetime)
    ]
    return max(stamps) if stamps else datetime.combine(date(2026, 1, 1), time())
