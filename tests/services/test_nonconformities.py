"""The register on a real SQLite file: numbering, findings from a run, status, overdue lists."""

from __future__ import annotations

from datetime import date

import pytest

from motcua_desktop.domain.errors import NotAllowed, ValidationError
from motcua_desktop.domain.nonconformity import TransitionNotAllowed
from motcua_desktop.services import checklists, nonconformities, users


@pytest.fixture
def leader(ctx, admin):
    return users.create_user(ctx, "ha", "Lê Thị Thu Hà", "secret-3", "leader", admin)


def _manual(ctx, actor, found=date(2026, 4, 2), **kw):
    return nonconformities.create(
        ctx, actor, description="Niêm yết thủ tục cũ", found_on=found, **kw
    )


def test_numbers_count_per_year(ctx, secretary):
    a = _manual(ctx, secretary)
    b = _manual(ctx, secretary, source="complaint")
    c = _manual(ctx, secretary, found=date(2027, 1, 5))
    assert [a.number, b.number, c.number] == ["NC-2026-001", "NC-2026-002", "NC-2027-001"]
    assert b.source == "complaint" and a.report_due_on is None
    with pytest.raises(ValidationError):
        _manual(ctx, secretary, source="checklist")
    with pytest.raises(ValidationError):
        nonconformities.create(ctx, secretary, description="  ", found_on=date(2026, 4, 2))
    with pytest.raises(ValidationError) as err:
        _manual(ctx, secretary, due_on=date(2026, 4, 1))
    assert err.value.field == "due_on"
    assert len(nonconformities.register(ctx, year=2026)) == 2


def test_findings_from_a_self_inspection_carry_the_two_month_limit(ctx, secretary, leader):
    run = checklists.start_run(ctx, secretary, "tt26-self-inspection", run_on=date(2026, 12, 31),
                               scope="", auditors=["Lan"])  # fmt: skip
    verdicts = {"std-b": "minor", "std-dd": "major", "dec-c": "na", "dec-e": "conforming"}
    for item in run.template.items:
        checklists.answer(ctx, secretary, run.id, item.id, verdicts.get(item.id, "conforming"),
                          "thiếu biên bản" if item.id == "std-b" else "")  # fmt: skip
    found = nonconformities.from_checklist(ctx, secretary, run.id, owner_name="Lan")
    assert [(f.item_id, f.severity) for f in found] == [("std-b", "minor"), ("std-dd", "major")]
    assert all(f.report_due_on == date(2027, 2, 28) and f.source == "checklist" for f in found)
    assert found[0].description.startswith("b. ") and "thiếu biên bản" in found[0].description
    assert found[0].run_id == run.id and found[0].owner_name == "Lan"
    # Running it again adds nothing twice.
    assert nonconformities.from_checklist(ctx, secretary, run.id) == []
    late = nonconformities.report_overdue(ctx, date(2027, 3, 1))
    assert {f.number for f in late} == {f.number for f in found}
    assert nonconformities.report_overdue(ctx, date(2027, 2, 28)) == []
    nonconformities.mark_reported(ctx, secretary, found[0].id, date(2027, 2, 20))
    assert [f.id for f in nonconformities.report_overdue(ctx, date(2027, 3, 1))] == [found[1].id]
    with pytest.raises(NotAllowed):
        nonconformities.mark_reported(ctx, secretary, _manual(ctx, secretary).id, date(2027, 1, 1))


def test_audit_findings_have_no_reporting_limit(ctx, secretary):
    run = checklists.start_run(ctx, secretary, "iso9001-internal-audit", run_on=date(2026, 6, 1),
                               scope="", auditors=["Lan"])  # fmt: skip
    checklists.answer(ctx, secretary, run.id, "7.5", "minor", "mẫu cũ")
    (f,) = nonconformities.from_checklist(ctx, secretary, run.id)
    assert f.report_due_on is None and f.item_id == "7.5"


def test_status_moves_and_verification(ctx, secretary):
    f = _manual(ctx, secretary, due_on=date(2026, 5, 1))
    with pytest.raises(ValidationError):
        nonconformities.mark_action_done(
            ctx, secretary, f.id, date(2026, 4, 20)
        )  # no action written
    nonconformities.update(
        ctx, secretary, f.id, cause="Chưa rà soát", corrective_action="Thay bảng"
    )
    with pytest.raises(TransitionNotAllowed):
        nonconformities.verify(ctx, secretary, f.id, effective=True, verified_on=date(2026, 5, 2),
                               verified_by_name="Hà")  # fmt: skip
    done = nonconformities.mark_action_done(ctx, secretary, f.id, date(2026, 4, 20))
    assert done.status == "action_done" and done.done_on == date(2026, 4, 20)
    again = nonconformities.verify(ctx, secretary, f.id, effective=False, verified_on=date(2026, 5, 2),
                                   verified_by_name="Hà", note="Vẫn còn bảng cũ")  # fmt: skip
    assert again.status == "reopened" and again.effective is False
    assert again.verified_by_name == "Hà" and again.verification_note == "Vẫn còn bảng cũ"
    nonconformities.update(ctx, secretary, f.id, due_on=date(2026, 6, 1))
    nonconformities.mark_action_done(ctx, secretary, f.id, date(2026, 5, 20))
    final = nonconformities.verify(ctx, secretary, f.id, effective=True, verified_on=date(2026, 6, 1),
                                   verified_by_name="Lê Thị Thu Hà")  # fmt: skip
    assert final.status == "verified" and final.effective is True
    with pytest.raises(NotAllowed):
        nonconformities.update(ctx, secretary, f.id, cause="khác")
    with pytest.raises(ValidationError):
        nonconformities.update(ctx, secretary, f.id, number="NC-1")


def test_overdue_list_around_the_due_day(ctx, secretary):
    due = date(2026, 5, 10)
    late = _manual(ctx, secretary, due_on=due, corrective_action="x")
    _manual(ctx, secretary)  # no due date
    closed = _manual(ctx, secretary, due_on=date(2026, 4, 30), corrective_action="y")
    nonconformities.mark_action_done(ctx, secretary, closed.id, date(2026, 4, 28))
    nonconformities.verify(ctx, secretary, closed.id, effective=True, verified_on=date(2026, 4, 29),
                           verified_by_name="Hà")  # fmt: skip
    assert nonconformities.overdue(ctx, due) == []
    assert [f.id for f in nonconformities.overdue(ctx, date(2026, 5, 11))] == [late.id]
    # Action taken but not yet verified still counts as overdue.
    nonconformities.mark_action_done(ctx, secretary, late.id, date(2026, 5, 12))
    assert [f.id for f in nonconformities.overdue(ctx, date(2026, 5, 13))] == [late.id]
