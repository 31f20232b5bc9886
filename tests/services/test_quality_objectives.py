"""Quality objectives: kept, changed, copied and measured on a real database.

The measured year is 2026 to 10/03/2026 (calendar months). Dossiers, HT-05
(3 working days):

- two received Monday 02/03 09:00 (due 05/03 09:00): one finished 04/03
  (early), one finished 06/03 (late);
- one received online Tuesday 03/03 09:00, still pending, due 06/03 09:00:
  overdue on 10/03.

So on time 1 of 2 resolved = 50 %, late 50 %, completion 2 of 3 = 66.67 %,
online 1 of 3 = 33.33 %, 1 pending dossier past its deadline.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from motcua_desktop.domain.dossier import Channel
from motcua_desktop.domain.errors import NotAllowed, NotFound, ValidationError
from motcua_desktop.domain.report_models import ObjectiveStatus
from motcua_desktop.i18n import current_language, set_language
from motcua_desktop.services import intake, lifecycle
from motcua_desktop.services import quality_objectives as qo
from motcua_desktop.services.demo_quality import seed_objectives
from motcua_desktop.store.models import Change, QualityObjective

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _english():
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


@pytest.fixture
def march(ctx, clerk, make_request):
    early = intake.accept(ctx, make_request("HT-05", datetime(2026, 3, 2, 9)), clerk).code
    lifecycle.finish(ctx, early, clerk, at=datetime(2026, 3, 4, 9))
    late = intake.accept(ctx, make_request("HT-05", datetime(2026, 3, 2, 9)), clerk).code
    lifecycle.finish(ctx, late, clerk, at=datetime(2026, 3, 6, 10))
    intake.accept(
        ctx, make_request("HT-05", datetime(2026, 3, 3, 9), channel=Channel.ONLINE), clerk
    )


def _save(ctx, actor, measure, target, comparator=">=", title=None, **kw):
    return qo.save_objective(
        ctx,
        actor,
        year=kw.pop("year", 2026),
        measure=measure,
        title=title or measure,
        comparator=comparator,
        target=target,
        **kw,
    )


def test_add_change_and_remove(ctx, admin, clerk):
    first = _save(ctx, admin, "on_time_rate", 98, title="  Đúng hạn  ")
    second = _save(ctx, admin, "manual", 100, title="Đào tạo", manual_actual=90)
    assert (first.position, second.position) == (1, 2)
    assert first.title == "Đúng hạn"
    changed = _save(ctx, admin, "on_time_rate", 97.5, title="Đúng hạn", objective_id=first.id)
    assert (changed.id, changed.target, changed.position) == (first.id, 97.5, 1)
    qo.remove_objective(ctx, admin, second.id)
    assert [o.id for o in qo.list_objectives(ctx, 2026)] == [first.id]
    assert qo.list_objectives(ctx, 2025) == []
    with ctx.db.session(readonly=True) as s:
        # Removed rows stay (inactive) and every change is logged for the district.
        assert s.get(QualityObjective, second.id).active is False
        logged = s.scalars(select(Change.op).where(Change.table_name == "quality_objectives"))
        assert sorted(logged) == ["insert", "insert", "update", "update"]
    with pytest.raises(NotFound):
        qo.remove_objective(ctx, admin, second.id)


def test_only_leaders_and_admins_set_objectives(ctx, admin, clerk):
    with pytest.raises(NotAllowed):
        _save(ctx, clerk, "on_time_rate", 98)
    with pytest.raises(NotAllowed):
        qo.seed_defaults(ctx, None, 2026)
    assert qo.list_objectives(ctx, 2026) == []


@pytest.mark.parametrize(
    ("measure", "target", "comparator", "title", "field"),
    [
        ("on_time_rate", 120, ">=", "x", "target"),
        ("on_time_rate", 98, "==", "x", "comparator"),
        ("on_time_rate", 98, ">=", "  ", "title"),
        ("nonsense", 98, ">=", "x", "measure"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    ctx, admin, measure, target, comparator, title, field
):
    with pytest.raises(ValidationError) as err:
        _save(ctx, admin, measure, target, comparator, title=title)
    assert err.value.field == field
    assert qo.list_objectives(ctx, 2026) == []
    with pytest.raises(ValidationError) as err:
        _save(ctx, admin, "on_time_rate", 98, year=1900)
    assert err.value.field == "year"


def test_defaults_and_copying_a_year_do_not_double(ctx, admin):
    made = qo.seed_defaults(ctx, admin, 2025)
    assert [o.measure for o in made] == [
        "on_time_rate",
        "satisfaction_rate",
        "procedures_with_process",
        "manual",
    ]
    assert [o.target for o in made] == [98.0, 96.0, 100.0, 100.0]
    assert len(qo.seed_defaults(ctx, admin, 2025)) == 4
    _save(
        ctx,
        admin,
        "manual",
        100,
        title=made[3].title,
        objective_id=made[3].id,
        manual_actual=80,
        year=2025,
    )
    copied = qo.copy_year(ctx, admin, 2025, 2026)
    assert [(o.measure, o.target) for o in copied] == [(o.measure, o.target) for o in made]
    assert all(o.year == 2026 and o.manual_actual is None for o in copied)
    assert len(qo.copy_year(ctx, admin, 2025, 2026)) == 4
    with pytest.raises(NotFound):
        qo.copy_year(ctx, admin, 2020, 2026)


def test_evaluation_met_not_met_and_no_data(ctx, admin, march, monkeypatch):
    _save(ctx, admin, "on_time_rate", 50)
    _save(ctx, admin, "on_time_rate", 98, title="98 % on time")
    _save(ctx, admin, "late_rate", 2, "<=")
    _save(ctx, admin, "completion_rate", 60)
    _save(ctx, admin, "online_rate", 30)
    _save(ctx, admin, "overdue_pending", 0, "<=")
    _save(ctx, admin, "satisfaction_rate", 96)
    _save(ctx, admin, "manual", 100, title="Trained")
    _save(ctx, admin, "manual", 90, title="Trained enough", manual_actual=95)
    report = qo.evaluate(ctx, 2026, today=TODAY)
    assert (report.period.date_from, report.period.date_to) == (date(2026, 1, 1), TODAY)
    got = [(r.measure, r.actual, r.status, r.count) for r in report.results]
    assert got == [
        ("on_time_rate", 50.0, ObjectiveStatus.MET, 2),
        ("on_time_rate", 50.0, ObjectiveStatus.NOT_MET, 2),
        ("late_rate", 50.0, ObjectiveStatus.NOT_MET, 2),
        ("completion_rate", 66.67, ObjectiveStatus.MET, 3),
        ("online_rate", 33.33, ObjectiveStatus.MET, 3),
        ("overdue_pending", 1.0, ObjectiveStatus.NOT_MET, 1),
        ("satisfaction_rate", None, ObjectiveStatus.NO_DATA, 0),  # no survey form typed
        ("manual", None, ObjectiveStatus.NO_DATA, 0),
        ("manual", 95.0, ObjectiveStatus.MET, 0),
    ]
    bases = [r.basis for r in report.results]
    assert bases[0] == "2 resolved dossiers"
    assert bases[3] == "3 dossiers to handle"
    assert bases[4] == "3 dossiers received"
    assert bases[5] == "Pending dossiers past their deadline at the end of 10/03/2026."
    assert bases[7] == "Not entered yet."
    assert report.as_dict()["results"][0]["status"] == "met"


def test_a_measure_nobody_provides_has_no_data(ctx, admin, march, monkeypatch):
    qo.load_providers()
    monkeypatch.delitem(qo._PROVIDERS, "procedures_with_process", raising=False)
    _save(ctx, admin, "procedures_with_process", 100)
    (result,) = qo.evaluate(ctx, 2026, today=TODAY).results
    assert (result.actual, result.status) == (None, ObjectiveStatus.NO_DATA)
    assert result.basis == "The program does not measure this yet."


def test_a_registered_measure_is_asked_over_the_year_so_far(ctx, admin, march, monkeypatch):
    qo.load_providers()
    # Put the real provider back afterwards, whatever the test registers.
    monkeypatch.setitem(
        qo._PROVIDERS, "satisfaction_rate", qo.measure_provider("satisfaction_rate")
    )
    _save(ctx, admin, "satisfaction_rate", 96)
    asked = []

    def provider(ctx_, period, origin_id):
        asked.append((period.date_from, period.date_to, origin_id))
        return 97.25, 120, "120 survey forms"

    qo.register_measure("satisfaction_rate", provider)
    result = qo.evaluate(ctx, 2026, today=TODAY).results[0]
    assert asked == [(date(2026, 1, 1), TODAY, None)]
    assert (result.actual, result.count, result.basis) == (97.25, 120, "120 survey forms")
    assert result.status is ObjectiveStatus.MET
    with pytest.raises(ValueError):
        qo.register_measure("on_time_rate", provider)


def test_a_past_year_is_measured_whole_and_an_empty_one_has_no_data(ctx, admin, march):
    _save(ctx, admin, "on_time_rate", 98, year=2025)
    _save(ctx, admin, "overdue_pending", 0, "<=", year=2025)
    report = qo.evaluate(ctx, 2025, today=TODAY)
    assert (report.period.date_from, report.period.date_to) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert [r.status for r in report.results] == [ObjectiveStatus.NO_DATA, ObjectiveStatus.MET]


def test_at_the_district_each_communes_objectives_stay_apart(ctx, admin):
    mine = _save(ctx, admin, "on_time_rate", 98)
    theirs = _save(ctx, admin, "on_time_rate", 95, title="Theirs")
    with ctx.db.session() as s:
        s.get(QualityObjective, theirs.id).origin_id = "commune-1"
    assert [o.id for o in qo.list_objectives(ctx, 2026)] == [mine.id]
    assert [o.id for o in qo.list_objectives(ctx, 2026, origin_id="commune-1")] == [theirs.id]
    with pytest.raises(NotAllowed):
        _save(ctx, admin, "on_time_rate", 90, title="Theirs", objective_id=theirs.id)


def test_demo_objectives(ctx, admin, march):
    made = seed_objectives(ctx, 2026, admin)
    assert len(seed_objectives(ctx, 2026, admin)) == len(made) == 6
    by = {o.measure: o for o in made}
    assert by["manual"].manual_actual == 100.0
    assert by["overdue_pending"].comparator == "<="
    statuses = {r.measure: r.status for r in qo.evaluate(ctx, 2026, today=TODAY).results}
    assert statuses["manual"] is ObjectiveStatus.MET
    assert statuses["online_rate"] is ObjectiveStatus.MET  # 33.33 % against 20 %
