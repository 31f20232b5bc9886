"""The district's view of the communes' quality systems, from three communes' real bundles."""

from __future__ import annotations

from datetime import date

import pytest
from district_helpers import export, make_commune

from motcua_desktop.domain.errors import NotAllowed
from motcua_desktop.services import checklists, district, nonconformities, quality_records
from motcua_desktop.services.quality_report import (
    declared_total,
    district_quality,
    quality_by_commune,
)

TODAY = date(2026, 6, 15)


def _audit(c, run_on, *, close=True, minor=()):
    run = checklists.start_run(c.ctx, c.admin, "iso9001-internal-audit", run_on=run_on,
                               scope="Một cửa", auditors=["Lan"])  # fmt: skip
    for item in run.template.items:
        checklists.answer(c.ctx, c.admin, run.id, item.id,
                          "minor" if item.id in minor else "conforming")  # fmt: skip
    if close:
        checklists.close_run(c.ctx, c.admin, run.id, "Lê Thị Thu Hà")
    return run


@pytest.fixture
def three(tmp_path, district_ctx):
    made = [make_commune(tmp_path, district_ctx, agency, name) for agency, name in (
        ("000.31.25.H56", "Xã An Phú"), ("000.32.25.H56", "Xã Bình Mỹ"),
        ("000.33.25.H56", "Xã Cù Lao"))]  # fmt: skip
    yield made
    for c in made:
        c.close()


def test_quality_by_commune_across_three_bundles(tmp_path, district_ctx, three):
    an_phu, binh_my, cu_lao = three
    # An Phú: declared, audited twice (the later audit counts), a review, one action overdue.
    quality_records.record_declaration(an_phu.ctx, an_phu.admin, decision_number="12/QĐ-UBND",
                                       decision_date=date(2026, 2, 2), scope="Toàn bộ TTHC")  # fmt: skip
    _audit(an_phu, date(2025, 11, 3))
    last = _audit(an_phu, date(2026, 4, 6), minor=("7.5", "9.2"))
    found = nonconformities.from_checklist(an_phu.ctx, an_phu.admin, last.id, owner_name="Lan")
    nonconformities.update(an_phu.ctx, an_phu.admin, found[0].id, due_on=date(2026, 5, 1))
    nonconformities.update(an_phu.ctx, an_phu.admin, found[1].id, due_on=date(2026, 7, 1))
    quality_records.add_management_review(an_phu.ctx, an_phu.admin, held_on=date(2026, 5, 20),
                                          chair="Hà", attendees=["Lan"], inputs=["Đánh giá"],
                                          decisions=["Duy trì"])  # fmt: skip
    # Bình Mỹ: a training, nothing declared. Cù Lao: declared earlier, an audit still open.
    quality_records.add_training(binh_my.ctx, binh_my.admin, held_on=date(2026, 3, 3),
                                 topic="ISO 9001", participants=["Đức"])  # fmt: skip
    quality_records.record_declaration(cu_lao.ctx, cu_lao.admin, decision_number="7/QĐ-UBND",
                                       decision_date=date(2025, 9, 9), scope="Hộ tịch")  # fmt: skip
    _audit(cu_lao, date(2026, 6, 1), close=False, minor=("4.3",))
    for n, c in enumerate(three):
        stick = tmp_path / f"stick-{n}"
        stick.mkdir()
        export(c, stick)
        [result] = district.import_bundles(district_ctx, [stick], None)
        assert result.status == "applied", result

    rows = {r.agency_code: r for r in quality_by_commune(district_ctx, today=TODAY)}
    assert [r.name for r in quality_by_commune(district_ctx, today=TODAY)] == [
        "Xã An Phú", "Xã Bình Mỹ", "Xã Cù Lao"]  # fmt: skip
    a, b, c = (
        rows["000.31.25.H56"].status,
        rows["000.32.25.H56"].status,
        rows["000.33.25.H56"].status,
    )
    assert a.declared and a.declared_on == date(2026, 2, 2) and a.decision_number == "12/QĐ-UBND"
    assert a.last_internal_audit.run_on == date(2026, 4, 6)
    assert a.last_internal_audit.counts["minor"] == 2
    assert a.last_management_review == date(2026, 5, 20)
    assert (a.open_actions, a.overdue_actions) == (2, 1)
    assert not b.declared and b.last_internal_audit is None and b.open_actions == 0
    assert b.trainings_this_year == 1
    assert c.declared and c.declared_on == date(2025, 9, 9)
    assert c.last_internal_audit.status == "open" and c.last_internal_audit.counts["minor"] == 1
    assert c.last_management_review is None and c.open_actions == 0
    total = declared_total(list(rows.values()))
    assert (total.declared, total.communes) == (2, 3)
    assert total.text == "2 of 3 communes declared their quality system"
    data = district_quality(district_ctx, today=TODAY)
    assert data["declared"] == 2 and data["total"] == 3 and len(data["communes"]) == 3


def test_only_at_the_district(three):
    with pytest.raises(NotAllowed):
        quality_by_commune(three[0].ctx)
