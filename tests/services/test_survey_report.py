"""The survey report on hand-worked forms, the satisfaction measure, and the district's view."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from motcua_desktop.domain.dossier import ResultDelivery
from motcua_desktop.domain.periods import month
from motcua_desktop.services import district, intake, lifecycle, quality_objectives, surveys
from motcua_desktop.services.context import open_app
from motcua_desktop.services.survey_report import satisfaction_by_commune, satisfaction_report

sys.path.insert(0, str(Path(__file__).parents[1] / "district"))
from district_helpers import add_dossiers, export, make_commune  # noqa: E402

MARCH = month(2026, 3)


def _returned(ctx, clerk, make_request) -> str:
    code = intake.accept(ctx, make_request(), clerk).code
    lifecycle.start_processing(ctx, code, clerk, handler="lan", at=datetime(2026, 3, 10, 9, 30))
    lifecycle.finish(ctx, code, clerk, at=datetime(2026, 3, 10, 15, 0))
    lifecycle.return_result(ctx, code, clerk, method=ResultDelivery.DESK, collected_by="Hằng",
                            at=datetime(2026, 3, 11, 8, 0))  # fmt: skip
    return code


def test_report_hand_worked(ctx, clerk, make_request):
    code = _returned(ctx, clerk, make_request)
    batch = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 3, 25))
    surveys.add_form(ctx, clerk, batch.id, {"access.1": 5, "official.1": 4}, overall=5,
                     dossier_code=code)  # fmt: skip
    surveys.add_form(ctx, clerk, batch.id, {"access.1": 2, "official.1": 3}, overall=2,
                     reasons=["waiting"], reason_text="Chờ lâu quá")  # fmt: skip
    surveys.add_form(ctx, clerk, batch.id, {})  # handed in blank
    gone = surveys.add_form(ctx, clerk, batch.id, {"access.1": 1})
    surveys.delete_form(ctx, clerk, gone.id)  # taken back: counts nowhere
    april = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 4, 1))
    surveys.add_form(ctx, clerk, april.id, {"access.1": 1})  # another period
    surveys.record_evaluation(ctx, clerk, code, {"1": 2, "3": 2, "7": 1}, item11=3,
                              at=datetime(2026, 3, 11, 8, 5))  # fmt: skip

    r = satisfaction_report(ctx, MARCH, made_on=date(2026, 4, 2))
    s = r.summary
    assert (r.batches, s.forms, s.blank_forms) == (1, 3, 1)
    assert (s.overall.answered, s.overall.satisfied, s.overall.rate) == (4, 2, 50.0)
    assert (s.overall_question.answered, s.overall_question.rate) == (2, 50.0)
    factors = {f.key: (f.forms, f.answered, f.satisfied) for f in s.factors}
    assert factors["access"] == (2, 2, 1) and factors["official"] == (2, 2, 1)
    assert [(p.key, p.label, p.forms, p.rate) for p in s.procedures] == [
        ("HT-05", r.summary.procedures[0].label, 1, 100.0)]  # fmt: skip
    assert s.procedures[0].label  # the procedure's name, from the dossier
    assert [(o.label, o.rate) for o in s.officials] == [("Nguyễn Thị Ngọc Lan", 100.0)]
    assert [(x.id, x.count) for x in s.reasons] == [("waiting", 1)] and s.comments == (
        "Chờ lâu quá",
    )
    ev = r.evaluations
    assert (ev.count, ev.average_points, ev.share, ev.grade) == (1, 5.0, 83.33, "fair")
    assert r.header.reporting_unit == "ỦY BAN NHÂN DÂN XÃ AN PHÚ"
    assert r.as_dict()["rate"] == 50.0 and r.templates == ("satisfaction-sipas 1",)


def test_the_satisfaction_measure_is_registered(ctx, clerk):
    provider = quality_objectives.measure_provider("satisfaction_rate")
    assert provider is not None
    nothing, none_count, _basis = provider(ctx, MARCH, None)
    assert (nothing, none_count) == (None, 0)  # no forms: no rate, never 0 %
    batch = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 3, 25))
    for level in (5, 4, 4, 1):
        surveys.add_form(
            ctx, clerk, batch.id, {"access.1": level, "access.2": 5}, confirm_duplicate=True
        )
    actual, count, basis = provider(ctx, MARCH, None)
    assert (actual, count) == (87.5, 4)  # 7 of 8 answers at level 4 or 5
    assert "7" in basis and "8" in basis


def test_the_district_sees_each_communes_surveys(tmp_path):
    dctx = open_app(tmp_path / "district")
    district.init_district(dctx, "Huyện Phú Tân", None)
    a = make_commune(tmp_path, dctx, "000.31.25.H56", "Xã An Phú")
    b = make_commune(tmp_path, dctx, "000.31.25.H57", "Xã Bình Hòa")
    quiet = make_commune(tmp_path, dctx, "000.31.25.H58", "Xã Châu Đốc")
    try:
        [code] = add_dossiers(a, 1)
        batch = surveys.start_batch(a.ctx, a.admin, surveyed_on=date(2026, 3, 20))
        for level in (5, 5, 4, 2):
            surveys.add_form(a.ctx, a.admin, batch.id, {"access.1": level}, confirm_duplicate=True)
        surveys.record_evaluation(
            a.ctx, a.admin, code, {"1": 2, "2": 1}, at=datetime(2026, 3, 21, 9)
        )
        other = surveys.start_batch(b.ctx, b.admin, surveyed_on=date(2026, 3, 22))
        surveys.add_form(b.ctx, b.admin, other.id, {"official.1": 1, "official.2": 4})
        for c in (a, b):
            stick = tmp_path / f"stick-{c.agency}"
            stick.mkdir()
            export(c, stick)
            [result] = district.import_bundles(dctx, [stick], None)
            assert result.status == "applied", result
        lines = {x.agency_code: x for x in satisfaction_by_commune(dctx, MARCH)}
        assert list(lines) == ["000.31.25.H56", "000.31.25.H57", "000.31.25.H58"]  # by name
        la, lb, lq = lines["000.31.25.H56"], lines["000.31.25.H57"], lines["000.31.25.H58"]
        assert (la.forms, la.answered, la.satisfied, la.rate, la.small_sample) == (
            4,
            4,
            3,
            75.0,
            True,
        )
        assert (la.evaluations, la.evaluation_share, la.evaluation_grade) == (1, 75.0, "fair")
        assert (lb.forms, lb.rate, lb.evaluations, lb.evaluation_share) == (1, 50.0, 0, None)
        assert (lq.forms, lq.rate) == (0, None)
        # The drill-down: one commune's report at the district.
        r = satisfaction_report(dctx, MARCH, origin_id=la.origin_id)
        assert (r.summary.forms, r.summary.overall.rate, r.scope) == (4, 75.0, "Xã An Phú")
        assert satisfaction_report(dctx, MARCH).summary.forms == 5
    finally:
        for c in (a, b, quiet):
            c.close()
        dctx.close()
