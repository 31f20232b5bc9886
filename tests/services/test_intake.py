"""Taking in dossiers: codes, sequences, due times, events, supplement, refusal, concurrency."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import func, select

from motcua_desktop.domain.codes import parse_dossier_code
from motcua_desktop.domain.dossier import Applicant, ComponentReceipt, Status
from motcua_desktop.domain.errors import MissingComponents, NotFound, ValidationError
from motcua_desktop.services import catalogue, dossiers, intake
from motcua_desktop.store.models import Change, Dossier, DossierEvent

AGENCY = "000.31.25.H56"


def _count(ctx, model):
    with ctx.db.session(readonly=True) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_accept_numbers_dates_and_records_the_dossier(ctx, clerk, make_request):
    first = intake.accept(ctx, make_request(), clerk)
    second = intake.accept(ctx, make_request(received=datetime(2026, 3, 10, 10, 0)), clerk)
    assert first.code == f"{AGENCY}-260310-0001"
    assert second.code == f"{AGENCY}-260310-0002"
    assert first.status is Status.ACCEPTED
    # Tuesday 09:15 + 3 working days = Friday 09:15.
    assert first.due_at == datetime(2026, 3, 13, 9, 15)
    assert first.processing_text == "03 ngày làm việc"
    assert (first.book_number, first.book_serial) == ("01/2026", 1)
    assert second.book_serial == 2
    assert first.created_by == "lan" and first.created_by_name == "Nguyễn Thị Ngọc Lan"
    assert first.components and not any(c.missing for c in first.components)

    stored = dossiers.get_dossier(ctx, first.code.lower(), viewer=clerk)
    assert stored == first
    # Without a viewer who may see it, the ID number is masked.
    masked = dossiers.get_dossier(ctx, first.code)
    assert masked.applicant.id_number != first.applicant.id_number
    assert masked.applicant.id_number.endswith(first.applicant.id_number[-4:])
    history = dossiers.events(ctx, first.code)
    assert [(e.kind, e.to_status, e.actor_username) for e in history] == [
        ("received", Status.ACCEPTED, "lan")
    ]
    with ctx.db.session(readonly=True) as s:
        row = s.scalar(select(Dossier).where(Dossier.code == first.code))
        assert "tran thi bich hang" in row.search_text and "0912345678" in row.search_text
        logged = set(s.execute(select(Change.table_name).where(Change.row_id == row.id)).scalars())
    assert logged == {"dossiers"}
    assert [d.code for d in dossiers.search(ctx, "bich hang 0912")] == [second.code, first.code]


def test_next_day_restarts_the_sequence(ctx, clerk, make_request):
    intake.accept(ctx, make_request(), clerk)
    other = intake.accept(ctx, make_request(received=datetime(2026, 3, 11, 8, 0)), clerk)
    assert parse_dossier_code(other.code).seq == 1


def test_same_day_procedure_after_cutoff(ctx, clerk, make_request):
    late = intake.accept(
        ctx, make_request(procedure="1.001193", received=datetime(2026, 3, 10, 15, 30)), clerk
    )
    assert late.due_at == datetime(2026, 3, 11, 17, 0)
    assert intake.preview_due(ctx, "1.001193", datetime(2026, 3, 10, 9, 0)) == datetime(
        2026, 3, 10, 17, 0
    )


def test_validation_lists_every_problem(ctx, clerk, make_request):
    bad = make_request(
        procedure="NO-SUCH",
        applicant=Applicant(name=" ", id_number="12345", phone="12", email="not-mail"),
        sets_count=0,
    )
    fields = [f for f, _ in intake.validate(ctx, bad)]
    assert fields == [
        "procedure_code",
        "applicant.name",
        "applicant.id_number",
        "applicant.phone",
        "applicant.email",
        "sets_count",
    ]
    with pytest.raises(ValidationError) as exc:
        intake.accept(ctx, bad, clerk)
    assert exc.value.field == "procedure_code"
    ok = make_request(applicant=Applicant(name="A", phone="+84 912.345.678"))
    assert intake.validate(ctx, ok) == []


def test_missing_components_write_nothing(ctx, clerk, make_request):
    procedure = catalogue.get_procedure(ctx, "HT-05")
    comps = intake.components_from_procedure(procedure, {0})
    before = _count(ctx, Change)
    with pytest.raises(MissingComponents) as exc:
        intake.accept(ctx, make_request(components=comps), clerk)
    assert exc.value.missing == [procedure.components[0].name]
    assert _count(ctx, Dossier) == 0
    assert _count(ctx, Change) == before
    # The number was not used up either.
    assert intake.accept(ctx, make_request(), clerk).code.endswith("-0001")


def test_supplement_request_gets_a_code_but_no_due_time(ctx, clerk, make_request):
    procedure = catalogue.get_procedure(ctx, "HT-05")
    comps = intake.components_from_procedure(procedure, {0})
    record = intake.request_supplement(
        ctx, make_request(components=comps), "Thiếu tờ khai", clerk, "Lan", "0296 3123 456"
    )
    assert record.status is Status.SUPPLEMENT_REQUESTED
    assert record.code.endswith("-0001") and record.due_at is None
    assert (record.book_number, record.book_serial) == ("", 0)
    assert record.reason == "Thiếu tờ khai"
    assert [c.name for c in record.components if c.missing] == [procedure.components[0].name]
    with ctx.db.session(readonly=True) as s:
        event = s.scalar(select(DossierEvent))
        assert event.kind == "supplement_requested"
        assert event.data["contact_name"] == "Lan"
        assert event.data["contact_phone"] == "0296 3123 456"
    # The next accepted dossier takes the next number and book serial 1.
    nxt = intake.accept(ctx, make_request(), clerk)
    assert nxt.code.endswith("-0002") and nxt.book_serial == 1


def test_refusal(ctx, clerk, make_request):
    with pytest.raises(ValidationError):
        intake.refuse(ctx, make_request(), "  ", clerk)
    record = intake.refuse(ctx, make_request(), "Không thuộc thẩm quyền", clerk)
    assert record.status is Status.NOT_ACCEPTED and record.reason == "Không thuộc thẩm quyền"
    assert record.due_at is None
    assert [e.kind for e in dossiers.events(ctx, record.code)] == ["refused"]


def test_explicit_components_are_kept(ctx, clerk, make_request):
    comps = [
        ComponentReceipt("Tờ khai", originals=1),
        ComponentReceipt("Giấy chứng sinh", certified_copies=2),
        ComponentReceipt("Giấy tờ khác", required=False),
    ]
    record = intake.accept(ctx, make_request(components=comps, sets_count=2), clerk)
    assert record.components == tuple(comps) and record.sets_count == 2


def test_unknown_dossier(ctx):
    with pytest.raises(NotFound):
        dossiers.get_dossier(ctx, f"{AGENCY}-260310-0001")


def _assert_consecutive(ctx, n):
    with ctx.db.session(readonly=True) as s:
        codes = s.scalars(select(Dossier.code)).all()
        serials = sorted(s.scalars(select(Dossier.book_serial)).all())
    seqs = sorted(parse_dossier_code(c).seq for c in codes)
    assert len(set(codes)) == n
    assert seqs == list(range(1, n + 1))
    assert serials == list(range(1, n + 1))


def test_concurrent_threads_get_unique_consecutive_codes(ctx, clerk, make_request):
    errors = []

    def work():
        try:
            for _ in range(10):
                intake.accept(ctx, make_request(), clerk)
        except Exception as exc:  # collected, then asserted
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    _assert_consecutive(ctx, 40)


def test_concurrent_processes_get_unique_consecutive_codes(ctx, clerk, make_request):
    script = textwrap.dedent(
        """
        import sys
        from datetime import datetime
        from motcua_desktop.domain.dossier import Applicant
        from motcua_desktop.services import intake, users
        from motcua_desktop.services.context import open_app

        ctx = open_app(sys.argv[1])
        clerk = users.get_user(ctx, "lan")
        req = intake.IntakeRequest(
            "HT-05", Applicant("Lê Văn Minh"), received_at=datetime(2026, 3, 10, 9, 15)
        )
        for _ in range(15):
            intake.accept(ctx, req, clerk)
        ctx.close()
        """
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(ctx.data_dir)]) for _ in range(3)]
    assert [p.wait() for p in procs] == [0, 0, 0]
    _assert_consecutive(ctx, 45)


def test_request_is_plain_value(make_request):
    req = make_request()
    assert replace(req, note="x").note == "x"
