"""Quality records, the status summary, the demo's quality system and the period's report."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from motcua_desktop.domain.errors import NotAllowed, ValidationError
from motcua_desktop.domain.periods import year_period
from motcua_desktop.services import checklists, quality_records, users
from motcua_desktop.services.demo_iso import seed_quality_system
from motcua_desktop.services.quality_report import quality_report

TODAY = date(2026, 6, 15)


@pytest.fixture
def leader(ctx, secretary, admin):
    return users.create_user(ctx, "ha", "Lê Thị Thu Hà", "secret-3", "leader", admin)


def test_records_replace_the_one_in_force_and_keep_history(ctx, secretary):
    status = quality_records.quality_status(ctx, today=TODAY)
    assert not status.declared and status.last_internal_audit is None
    quality_records.set_policy(ctx, secretary, text="Đúng hạn", record_date=date(2025, 1, 2))
    quality_records.set_policy(
        ctx, secretary, text="Đúng hạn, minh bạch", record_date=date(2026, 1, 2)
    )
    policies = quality_records.list_records(ctx, "policy", include_inactive=True)
    assert [p.active for p in policies] == [True, False]
    quality_records.record_declaration(ctx, secretary, decision_number="12/QĐ-UBND",
                                       decision_date=date(2026, 2, 1), scope="Toàn bộ TTHC")  # fmt: skip
    quality_records.add_training(ctx, secretary, held_on=date(2026, 3, 1), topic="ISO",
                                 participants=["Lan", " ", "Bình"])  # fmt: skip
    status = quality_records.quality_status(ctx, today=TODAY)
    assert status.declared and status.declared_on == date(2026, 2, 1)
    assert status.decision_number == "12/QĐ-UBND" and status.policy == "Đúng hạn, minh bạch"
    assert status.trainings_this_year == 1
    with pytest.raises(ValidationError) as err:
        quality_records.add_training(ctx, secretary, held_on=TODAY, topic="x", participants=[])
    assert err.value.field == "participants"
    with pytest.raises(ValidationError):
        quality_records.add_management_review(ctx, secretary, held_on=TODAY, chair="Hà",
                                              attendees=[], inputs=[], decisions=[])  # fmt: skip


def test_controlled_documents_versions(ctx, secretary):
    quality_records.save_document(ctx, secretary, code="QT-01", title="Khai sinh", doc_type="process",
                                  doc_version="1.0", procedure_code="HT-05")  # fmt: skip
    quality_records.save_document(ctx, secretary, code="QT-01", title="Khai sinh", doc_type="process",
                                  doc_version="2.0", procedure_code="HT-05")  # fmt: skip
    assert [d.doc_version for d in quality_records.list_documents(ctx)] == ["2.0"]
    assert len(quality_records.list_documents(ctx, include_inactive=True)) == 2
    with pytest.raises(ValidationError):
        quality_records.save_document(ctx, secretary, code="QT-01", title="x", doc_type="process",
                                      doc_version="2.0", procedure_code="HT-05")  # fmt: skip
    with pytest.raises(ValidationError) as err:
        quality_records.save_document(ctx, secretary, code="QT-02", title="x", doc_type="process",
                                      doc_version="1")  # fmt: skip
    assert err.value.field == "procedure_code"


def test_demo_quality_system(ctx, secretary, leader):
    with pytest.raises(NotAllowed):
        seed_quality_system(ctx, today=TODAY, actor=secretary)
    seed = seed_quality_system(ctx, today=TODAY, actor=leader)
    status = quality_records.quality_status(ctx, today=TODAY)
    assert status.declared and status.decision_number == "125/QĐ-UBND"
    assert status.last_internal_audit.status == "closed"
    assert status.last_internal_audit.counts["minor"] == 3
    assert status.last_management_review == date(2026, 5, 26)
    assert (status.open_actions, status.overdue_actions) == (2, 1)
    assert len(seed.findings) == 3 and status.controlled_documents == seed.documents
    run = checklists.run_view(ctx, seed.run_id)
    assert run.closed and run.signed_by_name == "Lê Thị Thu Hà"
    report = quality_report(ctx, year_period(2026), now=datetime(2026, 6, 15, 9, 0))
    data = json.loads(json.dumps(report.as_dict()))
    assert data["kind"] == "quality" and data["status"]["declared"] is True
    assert [c["counts"]["minor"] for c in data["checklists"]] == [3]
    assert sorted(r["status"] for r in data["register"]) == ["open", "open", "verified"]
    assert sum(r["overdue"] for r in data["register"]) == 1
    assert any(o["measure"] for o in data["objectives"]) or data["objectives"] == []


def test_report_leaves_out_superseded_and_old_closed_findings(ctx, secretary, leader):
    run = checklists.start_run(ctx, secretary, "iso9001-internal-audit", run_on=date(2026, 3, 1),
                               scope="", auditors=["Lan"])  # fmt: skip
    for item in run.template.items:
        checklists.answer(ctx, secretary, run.id, item.id, "conforming")
    checklists.close_run(ctx, leader, run.id, "Hà")
    new = checklists.revise_run(ctx, secretary, run.id)
    report = quality_report(ctx, year_period(2026))
    assert [r.id for r in report.runs] == [new.id] and report.runs[0].revision == 2
    assert quality_report(ctx, year_period(2025)).runs == []
