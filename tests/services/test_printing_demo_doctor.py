"""Printing slips to stored PDFs, demo seeding and the doctor's checks."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.errors import NotAllowed
from motcua_desktop.domain.identity import validate_id_number
from motcua_desktop.services import catalogue, dossiers, drafts, intake, printing
from motcua_desktop.services.calendar import get_calendar
from motcua_desktop.services.demo import seed_demo
from motcua_desktop.services.doctor import run_checks
from motcua_desktop.store.models import Change, Dossier, DossierEvent


def _text(path):
    return " ".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_print_receipt_stores_pdf_row_and_event(ctx, clerk, make_request):
    record = intake.accept(ctx, make_request(), clerk)
    doc = printing.print_slip(ctx, record.code, "receipt", clerk)
    assert doc.path.is_relative_to(ctx.documents_dir)
    assert doc.path.name == f"{record.code}-receipt-1.pdf"
    data = doc.path.read_bytes()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == doc.sha256
    assert record.code in _text(doc.path)
    assert doc.template_version.startswith("01/")
    again = printing.print_slip(ctx, record.code, "receipt", clerk, paper="A5", copies=1)
    assert again.path.name.endswith("-receipt-2.pdf")
    assert [d.id for d in printing.list_documents(ctx, record.code)] == [doc.id, again.id]
    assert printing.document_path(ctx, doc.id) == doc.path
    kinds = [e.kind for e in dossiers.events(ctx, record.code)]
    assert kinds == ["received", "printed", "printed"]
    assert all(r.ok for r in run_checks(ctx))


def test_supplement_and_refusal_slips(ctx, clerk, make_request):
    procedure = catalogue.get_procedure(ctx, "HT-05")
    comps = intake.components_from_procedure(procedure, {0})
    sup = intake.request_supplement(ctx, make_request(components=comps), "Thiếu tờ khai", clerk)
    doc = printing.print_slip(ctx, sup.code, "supplement", clerk)
    assert "Thiếu tờ khai" in _text(doc.path)
    with pytest.raises(NotAllowed):
        printing.print_slip(ctx, sup.code, "receipt", clerk)
    ref = intake.refuse(ctx, make_request(), "Không thuộc thẩm quyền", clerk)
    assert "thẩm quyền" in _text(printing.print_slip(ctx, ref.code, "refusal", clerk).path)


def test_doctor_notices_a_changed_document(ctx, clerk, make_request):
    record = intake.accept(ctx, make_request(), clerk)
    doc = printing.print_slip(ctx, record.code, "receipt", clerk)
    doc.path.write_bytes(b"%PDF-tampered")
    results = {r.name: r for r in run_checks(ctx)}
    assert not results["documents"].ok and record.code in results["documents"].detail
    assert results["integrity"].ok and results["schema"].ok and results["sequences"].ok


def test_seed_demo(ctx):
    summary = seed_demo(ctx, dossiers=150, seed=7, today=date(2026, 11, 20))
    assert summary.dossiers == 150 and summary.users == 3
    with ctx.db.session(readonly=True) as s:
        statuses = dict(
            s.execute(select(Dossier.status, func.count()).group_by(Dossier.status)).all()
        )
        rows = s.execute(select(Dossier.applicant_id_number, Dossier.received_at)).all()
        logged = s.scalar(select(func.count()).select_from(Change))
        events = s.scalar(select(func.count()).select_from(DossierEvent))
    assert statuses[int(Status.RESULT_RETURNED)] > 75
    assert len(statuses) >= 5
    cal = get_calendar(ctx)  # Saturday 22/08/2026 is worked (swap for 31/08)
    for number, received in rows:
        validate_id_number(number)
        assert cal.is_open(received) and date(2025, 11, 19) <= received.date() <= date(2026, 11, 20)
    assert logged >= 150 + events
    assert all(r.ok for r in run_checks(ctx))
    with pytest.raises(NotAllowed):
        seed_demo(ctx, dossiers=5)


def test_seed_demo_is_deterministic(tmp_path):
    from motcua_desktop.services.context import open_app

    codes = []
    for name in ("a", "b"):
        ctx = open_app(tmp_path / name)
        seed_demo(ctx, dossiers=40, seed=3, today=date(2026, 6, 1))
        with ctx.db.session(readonly=True) as s:
            codes.append(
                s.execute(
                    select(
                        Dossier.id, Dossier.code, Dossier.applicant_name, Dossier.status
                    ).order_by(Dossier.code)
                ).all()
            )
        ctx.close()
    assert codes[0] == codes[1]


def test_drafts(ctx):
    assert drafts.load_draft(ctx, "intake") is None
    drafts.save_draft(ctx, "intake", {"name": "Lê Văn Minh"})
    drafts.save_draft(ctx, "intake", {"name": "Lê Văn Minh", "phone": "0912"})
    assert drafts.load_draft(ctx, "intake") == {"name": "Lê Văn Minh", "phone": "0912"}
    drafts.clear_draft(ctx, "intake")
    assert drafts.load_draft(ctx, "intake") is None
