"""The evidence figures against data whose answers are known."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from motcua_desktop.domain.dossier import ResultDelivery
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.periods import year_period
from motcua_desktop.services import intake, lifecycle, nonconformities, quality_records, users
from motcua_desktop.services.catalogue import list_procedures
from motcua_desktop.services.lifecycle_clock import extend
from motcua_desktop.services.quality_evidence import evidence_for, procedures_with_process_measure
from motcua_desktop.services.quality_objectives import evaluate, measure_provider, save_objective
from motcua_desktop.store.models import SurveyBatch, SurveyForm

TODAY = date(2026, 6, 1)


@pytest.fixture
def leader(ctx, admin):
    return users.create_user(ctx, "ha", "Lê Thị Thu Hà", "secret-3", "leader", admin)


def _dossiers(ctx, clerk, make_request):
    """Two resolved (one on time, one late), two overdue of which one has an apology letter."""
    codes = [intake.accept(ctx, make_request(received=datetime(2026, 3, 9 + i, 8, 30)), clerk).code
             for i in range(4)]  # fmt: skip
    on_time, late, apologised, silent = codes
    for code, at in ((on_time, datetime(2026, 3, 10, 9, 0)), (late, datetime(2026, 3, 30, 9, 0))):
        lifecycle.start_processing(ctx, code, clerk, unit="Tư pháp", at=at)
        lifecycle.finish(ctx, code, clerk, at=at.replace(hour=10))
        lifecycle.return_result(ctx, code, clerk, method=ResultDelivery.DESK,
                                collected_by="Hằng", at=at.replace(hour=11))  # fmt: skip
    extend(ctx, apologised, clerk, new_due_at=datetime(2026, 4, 1, 9, 0), reason="Chờ xác minh",
           at=datetime(2026, 3, 11, 9, 0))  # fmt: skip
    return codes


def test_on_time_rate_and_overdue_without_apology(ctx, clerk, make_request):
    on_time, late, apologised, silent = _dossiers(ctx, clerk, make_request)
    rate = evidence_for(ctx, "on_time_rate", today=TODAY)
    assert rate.value == 50.0
    assert rate.text == "On time or early: 50%, of the 2 dossiers resolved this year."
    missing = evidence_for(ctx, "overdue_without_apology", today=TODAY)
    assert missing.value == 1 and missing.items == (silent,)
    assert silent in missing.text and apologised not in missing.text
    # Before the silent dossier's deadline there is nothing to apologise for.
    assert evidence_for(ctx, "overdue_without_apology", today=date(2026, 3, 9)).value == 0


def test_procedures_without_process_and_the_objective_measure(ctx, secretary, leader):
    codes = sorted(p.code for p in list_procedures(ctx))
    for n, code in enumerate(codes[:3]):
        quality_records.save_document(ctx, secretary, code=f"QT-{n}", title="Quy trình",
                                      doc_type="process", doc_version="1", procedure_code=code)  # fmt: skip
    quality_records.save_document(ctx, secretary, code="BM-1", title="Biểu mẫu", doc_type="form",
                                  doc_version="1", procedure_code=codes[3])  # fmt: skip
    retired = quality_records.save_document(ctx, secretary, code="QT-X", title="Quy trình cũ",
                                            doc_type="process", doc_version="1",
                                            procedure_code=codes[4])  # fmt: skip
    quality_records.retire_document(ctx, secretary, retired.id)
    ev = evidence_for(ctx, "procedures_without_process", today=TODAY)
    assert ev.value == len(codes) - 3
    assert codes[3] in ev.items and codes[4] in ev.items and codes[0] not in ev.items
    assert measure_provider("procedures_with_process") is procedures_with_process_measure
    save_objective(ctx, leader, year=2026, measure="procedures_with_process",
                   title="100% thủ tục có quy trình", comparator=">=", target=100.0)  # fmt: skip
    (result,) = evaluate(ctx, 2026, today=TODAY).results
    assert result.actual == round(100 * 3 / len(codes), 2) and result.count == len(codes)
    assert result.status.value == "not_met"
    actual, count, basis = procedures_with_process_measure(ctx, year_period(2026), None)
    assert (actual, count) == (result.actual, result.count) and "3 of" in basis
    objectives = evidence_for(ctx, "objectives_status", today=TODAY)
    assert objectives.value == 0 and "0 of 1" in objectives.text


def test_surveys_this_month_and_open_actions(ctx, clerk, secretary):
    with ctx.db.session() as s:
        batch = SurveyBatch(template_code="sipas", template_version="1", surveyed_on=TODAY)
        s.add(batch)
        s.flush()
        for n, day in enumerate((date(2026, 6, 1), date(2026, 6, 30), date(2026, 5, 31)), 1):
            s.add(SurveyForm(batch_id=batch.id, number=n, template_code="sipas",
                             template_version="1", surveyed_on=day, answers={},
                             fingerprint=str(n)))  # fmt: skip
    ev = evidence_for(ctx, "surveys_this_month", today=TODAY)
    assert ev.value == 2 and "2 satisfaction forms" in ev.text
    late = nonconformities.create(ctx, secretary, description="a", found_on=date(2026, 5, 1),
                                  due_on=date(2026, 5, 20))  # fmt: skip
    nonconformities.create(ctx, secretary, description="b", found_on=date(2026, 5, 1))
    ev = evidence_for(ctx, "open_corrective_actions", today=TODAY)
    assert ev.value == 2 and ev.items == (late.number,) and "1 of them overdue" in ev.text
    with pytest.raises(ValidationError):
        evidence_for(ctx, "weather", today=TODAY)
