"""Survey batches and forms, evaluations at the return desk, and templates from the district."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from motcua_desktop.domain.dossier import ResultDelivery
from motcua_desktop.domain.errors import NotAllowed, NotFound, ValidationError
from motcua_desktop.paths import resources_dir
from motcua_desktop.services import intake, lifecycle, lifecycle_clock, settings, surveys
from motcua_desktop.services.provisioning import TEMPLATES_KEY
from motcua_desktop.store.models import Change, Dossier, SurveyForm

ALL5 = {"access.1": 5, "access.2": 5, "procedure.1": 5}


def returned_dossier(ctx, clerk, make_request, *, supplements=0):
    """A dossier handled by the clerk and returned the next morning (before its appointment)."""
    code = intake.accept(ctx, make_request(), clerk).code
    lifecycle.start_processing(ctx, code, clerk, handler="lan", at=datetime(2026, 3, 10, 9, 30))
    for i in range(supplements):
        lifecycle_clock.request_supplement(ctx, code, clerk, missing=["Tờ khai"], reason="Thiếu",
                                           at=datetime(2026, 3, 10, 10, i))  # fmt: skip
        lifecycle_clock.resubmit(ctx, code, clerk, at=datetime(2026, 3, 10, 10, 30 + i))
    lifecycle.finish(ctx, code, clerk, at=datetime(2026, 3, 10, 15, 0))
    lifecycle.return_result(ctx, code, clerk, method=ResultDelivery.DESK,
                            collected_by="Trần Thị Bích Hằng", at=datetime(2026, 3, 11, 8, 0))  # fmt: skip
    return code


def test_forms_are_numbered_checked_and_linked_to_the_dossier(ctx, clerk, make_request):
    code = returned_dossier(ctx, clerk, make_request)
    batch = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 3, 25), label="Tháng 3")
    assert (batch.template_code, batch.template_version) == ("satisfaction-sipas", "1")
    url = f"https://dichvucong.example/tra-cuu?ma={code.lower()}"  # as a QR code scans
    f1 = surveys.add_form(ctx, clerk, batch.id, ALL5, overall=5, dossier_code=url,
                          respondent={"age": "35-49", "sex": "female"})  # fmt: skip
    assert (f1.number, f1.dossier_code, f1.procedure_code) == (1, code, "HT-05")
    assert f1.official_name == "Nguyễn Thị Ngọc Lan"
    assert f1.missing == 12 - 3  # twelve questions, three answered, the overall given
    assert f1.answers["result.1"] is None and f1.template_version == "1"
    f2 = surveys.add_form(ctx, clerk, batch.id, {"access.1": 2}, reasons=["waiting", "visits"])
    assert f2.number == 2 and f2.reasons == ("visits", "waiting") and f2.missing == 12
    [info] = surveys.list_batches(ctx)
    assert (info.forms, info.missing) == (2, 21)
    assert [f.number for f in surveys.batch_forms(ctx, batch.id)] == [1, 2]
    with ctx.db.session(readonly=True) as s:  # written through the change log: it travels
        logged = s.scalar(select(func.count()).where(Change.table_name == "survey_forms"))
    assert logged == 2


@pytest.mark.parametrize(
    ("answers", "kw", "field"),
    [
        ({"access.1": 6}, {}, "answers.access.1"),
        ({"access.1": 0}, {}, "answers.access.1"),
        ({"access.1": True}, {}, "answers.access.1"),
        ({"access.9": 5}, {}, "answers.access.9"),
        ({}, {"overall": 7}, "overall"),
        ({}, {"reasons": ["bored"]}, "reasons"),
        ({}, {"respondent": {"sex": "x"}}, "respondent.sex"),
        ({}, {"respondent": {"shoe": "42"}}, "respondent.shoe"),
    ],
)
def test_an_impossible_answer_is_refused_and_nothing_saved(ctx, clerk, answers, kw, field):
    batch = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 3, 25))
    with pytest.raises(ValidationError) as err:
        surveys.add_form(ctx, clerk, batch.id, answers, **kw)
    assert err.value.field == field
    assert surveys.batch_forms(ctx, batch.id) == []


def test_an_unknown_dossier_code_is_refused(ctx, clerk):
    batch = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 3, 25))
    with pytest.raises(NotFound) as err:
        surveys.add_form(ctx, clerk, batch.id, ALL5, dossier_code="000.31.25.H56-260310-9999")
    assert err.value.field == "dossier_code"


def test_a_form_typed_twice_is_caught_unless_confirmed(ctx, clerk, make_request):
    code = returned_dossier(ctx, clerk, make_request)
    batch = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 3, 25))
    surveys.add_form(ctx, clerk, batch.id, ALL5, overall=5, dossier_code=code)
    with pytest.raises(surveys.DuplicateForm) as err:
        surveys.add_form(ctx, clerk, batch.id, dict(ALL5), overall=5, dossier_code=code.lower())
    assert err.value.number == 1
    # Not the same form: another dossier (none), another answer, or another batch.
    surveys.add_form(ctx, clerk, batch.id, ALL5, overall=5)
    surveys.add_form(ctx, clerk, batch.id, ALL5, overall=4, dossier_code=code)
    other = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 3, 26))
    surveys.add_form(ctx, clerk, other.id, ALL5, overall=5, dossier_code=code)
    third = surveys.add_form(ctx, clerk, batch.id, ALL5, overall=5, dossier_code=code,
                             confirm_duplicate=True)  # fmt: skip
    assert third.number == 4


def test_update_delete_and_close(ctx, clerk):
    batch = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 3, 25))
    f1 = surveys.add_form(ctx, clerk, batch.id, {"access.1": 5})
    f2 = surveys.add_form(ctx, clerk, batch.id, {"access.1": 4})
    with pytest.raises(surveys.DuplicateForm):
        surveys.update_form(ctx, clerk, f2.id, {"access.1": 5})
    fixed = surveys.update_form(ctx, clerk, f2.id, {"access.1": 3, "access.2": 2}, overall=3)
    assert (fixed.number, fixed.answers["access.2"], fixed.overall) == (2, 2, 3)
    surveys.delete_form(ctx, clerk, f1.id)
    assert [f.number for f in surveys.batch_forms(ctx, batch.id)] == [2]
    with ctx.db.session(readonly=True) as s:  # kept (the district has a copy), marked void
        assert s.get(SurveyForm, f1.id).voided
    with pytest.raises(NotFound):
        surveys.delete_form(ctx, clerk, f1.id)
    f3 = surveys.add_form(ctx, clerk, batch.id, {"access.1": 5})
    assert f3.number == 3  # a taken-back number is not reused
    closed = surveys.close_batch(ctx, clerk, batch.id)
    assert closed.closed and closed.forms == 2
    with pytest.raises(NotAllowed):
        surveys.add_form(ctx, clerk, batch.id, {"access.1": 5})
    with pytest.raises(NotAllowed):
        surveys.update_form(ctx, clerk, f3.id, {"access.1": 1})


def test_evaluation_is_suggested_from_the_dossier_and_recorded(ctx, clerk, make_request):
    code = returned_dossier(ctx, clerk, make_request, supplements=1)
    hint = surveys.suggest_evaluation(ctx, code)
    assert hint.scores["1"] == 2  # returned the next morning, well before the appointment
    assert hint.scores["3"] == 1  # one supplement request
    assert hint.scores["5"] is None and hint.scores["9"] is None  # self-scored per period
    assert set(hint.why) >= {"1", "3"}
    scores = {**hint.scores, "4": 2, "6": 2, "7": 1}
    ev = surveys.record_evaluation(ctx, clerk, code, scores, item10=3, item11=2)
    assert (ev.points, ev.max_points) == (2 + 1 + 2 + 2 + 1 + (hint.scores["2"] or 0),
                                          10 + (2 if hint.scores["2"] is not None else 0))  # fmt: skip
    again = surveys.record_evaluation(ctx, clerk, code, {"1": 0}, source="paper")
    assert again.id == ev.id and (again.points, again.max_points, again.source) == (0, 2, "paper")
    assert surveys.get_evaluation(ctx, code).points == 0


def test_evaluation_suggestion_for_late_and_many_supplements(ctx, clerk, make_request):
    code = returned_dossier(ctx, clerk, make_request, supplements=1)
    with ctx.db.session() as s:  # judged late; a second request came at intake (not modelled here)
        row = s.scalar(select(Dossier).where(Dossier.code == code))
        row.timeliness, row.supplement_count = "late", 2
    hint = surveys.suggest_evaluation(ctx, code)
    assert (hint.scores["1"], hint.scores["3"]) == (0, 0)
    with ctx.db.session() as s:
        s.scalar(select(Dossier).where(Dossier.code == code)).timeliness = "on_time"
    assert surveys.suggest_evaluation(ctx, code).scores["1"] == 1


@pytest.mark.parametrize(
    ("scores", "kw", "field"),
    [({"1": 3}, {}, "scores.1"), ({"12": 1}, {}, "scores.12"), ({}, {"item10": 5}, "item10"),
     ({}, {"source": "phone"}, "source")],
)  # fmt: skip
def test_a_bad_evaluation_is_refused(ctx, clerk, make_request, scores, kw, field):
    code = intake.accept(ctx, make_request(), clerk).code
    with pytest.raises(ValidationError) as err:
        surveys.record_evaluation(ctx, clerk, code, scores, **kw)
    assert err.value.field == field
    assert surveys.get_evaluation(ctx, code) is None


def _newer(version: str) -> dict:
    body = json.loads(
        (resources_dir() / "surveys" / "satisfaction-sipas-v1.json").read_text("utf-8")
    )
    body["template_version"] = version
    body["questions"] = body["questions"][:5]  # the access and procedure questions
    body["factors"] = body["factors"][:2]
    return body


def test_a_newer_district_template_becomes_active_and_old_forms_keep_theirs(ctx, clerk):
    old_batch = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 3, 25))
    old_form = surveys.add_form(ctx, clerk, old_batch.id, {"result.1": 5})
    settings.set_preference(ctx, TEMPLATES_KEY, {"version": "2026.2", "items": {
        "khao-sat": _newer("2"), "receipt": {"kind": "slip"}}})  # fmt: skip
    active = surveys.active_template(ctx, "satisfaction")
    assert (active.version, active.source, len(active.questions)) == ("2", "district", 5)
    new_batch = surveys.start_batch(ctx, clerk, surveyed_on=date(2026, 4, 25))
    assert new_batch.template_version == "2"
    with pytest.raises(ValidationError):  # result.1 is not on the new form
        surveys.add_form(ctx, clerk, new_batch.id, {"result.1": 5})
    # The district replaces its templates; version 2 stays readable (kept when first used).
    settings.set_preference(ctx, TEMPLATES_KEY, {"version": "2026.3", "items": {}})
    versions = [t.version for t in surveys.installed_templates(ctx) if t.kind == "satisfaction"]
    assert versions == ["2", "1"]
    assert surveys.batch_forms(ctx, old_batch.id)[0].answers == old_form.answers


def test_a_broken_district_template_does_not_break_the_desk(ctx, clerk):
    settings.set_preference(
        ctx, TEMPLATES_KEY, {"version": "9", "items": {"x": {"kind": "satisfaction"}}}
    )
    assert surveys.active_template(ctx, "satisfaction").version == "1"
    from motcua_desktop.domain.survey_template import TemplateError
    from motcua_desktop.services.survey_templates import district_templates

    with pytest.raises(TemplateError) as err:
        district_templates({"items": {"x": {"kind": "satisfaction"}}})
    assert err.value.field == "schema"
