"""The survey arithmetic on hand-worked examples, and its edges with hypothesis."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.domain.periods import month
from motcua_desktop.domain.report_models import ReportHeader
from motcua_desktop.domain.survey_results import (
    EvaluationLine,
    grade,
    percent,
    rank_reasons,
    rate_of,
    summarise_evaluations,
)
from motcua_desktop.domain.survey_summary import FormAnswers, SatisfactionReport, summarise_forms
from motcua_desktop.domain.survey_template import parse_template
from motcua_desktop.paths import resources_dir

T = parse_template(
    json.loads((resources_dir() / "surveys" / "satisfaction-sipas-v1.json").read_text("utf-8"))
)
TEMPLATES = {T.key: T}
levels = st.one_of(st.none(), st.integers(1, 5))


def test_rate_hand_worked():
    # 3 at level 5, 2 at level 4, 1 at level 3, 1 at level 1, 2 blank: 5 of 7 answered satisfied.
    r = rate_of([5, 5, 5, 4, 4, 3, 1, None, None], forms=9)
    assert (r.answered, r.satisfied, r.levels) == (7, 5, (1, 0, 1, 2, 3))
    assert r.rate == 71.43  # 5 / 7 = 71.428…%
    assert r.small_sample


@given(st.lists(levels, max_size=200))
def test_rate_edges(answers):
    r = rate_of(answers)
    given_ = [a for a in answers if a is not None]
    assert r.answered == len(given_)
    assert r.satisfied == sum(1 for a in given_ if a >= 4)
    if not given_:  # nothing answered, or all blank: no rate at all, never 0 % or 100 %
        assert r.rate is None
    else:
        assert 0 <= r.rate <= 100
        assert abs(r.rate - 100 * r.satisfied / r.answered) <= 0.005


@given(st.integers(0, 100))
def test_small_sample_flag_is_under_thirty_forms(forms):
    assert rate_of([5], forms=forms).small_sample == (forms < 30)


def test_percent_of_nothing_is_none():
    assert percent(0, 0) is None
    assert percent(1, 3) == 33.33


def form(answers, **kw):
    return FormAnswers(T.code, T.version, answers, **kw)


def test_summarise_forms_hand_worked():
    forms = [
        # every access answer 5, procedure 4/2/blank; linked to HT-05 and an official
        form({"access.1": 5, "access.2": 5, "procedure.1": 4, "procedure.2": 2},
             overall=5, procedure_code="HT-05", procedure_name="Đăng ký khai sinh",
             official_name="Lê Thị Thu Hà"),
        form({"access.1": 3, "official.1": 1}, overall=2, reasons=("waiting", "attitude"),
             reason_text="Chờ lâu", procedure_code="HT-05", procedure_name="Đăng ký khai sinh"),
        form({}, reasons=("waiting",)),  # all blank
        form({"access.1": 4, "unknown.9": 1}, official_name="Lê Thị Thu Hà"),
    ]  # fmt: skip
    s = summarise_forms(forms, TEMPLATES)
    assert (s.forms, s.blank_forms) == (4, 1)
    # answers: 5,5,4,2 | 3,1 | – | 4 → 7 answered, 4 satisfied (unknown question ignored)
    assert (s.overall.answered, s.overall.satisfied, s.overall.forms) == (7, 4, 4)
    assert s.overall.rate == 57.14
    assert (s.overall_question.answered, s.overall_question.satisfied) == (2, 1)
    by_factor = {r.key: r for r in s.factors}
    assert [r.key for r in s.factors] == ["access", "procedure", "official", "result", "feedback"]
    assert (
        by_factor["access"].forms,
        by_factor["access"].answered,
        by_factor["access"].satisfied,
    ) == (3, 4, 3)
    assert by_factor["procedure"].rate == 50.0
    assert by_factor["official"].rate == 0.0
    assert by_factor["result"].rate is None and by_factor["result"].forms == 0
    [proc] = s.procedures
    assert (proc.key, proc.label, proc.forms, proc.answered, proc.satisfied) == (
        "HT-05", "Đăng ký khai sinh", 2, 6, 3)  # fmt: skip
    [official] = s.officials
    assert (official.label, official.forms, official.answered, official.satisfied) == (
        "Lê Thị Thu Hà", 2, 5, 4)  # fmt: skip
    assert [(r.id, r.count, r.share) for r in s.reasons] == [
        ("waiting", 2, 50.0),
        ("attitude", 1, 25.0),
    ]
    assert s.comments == ("Chờ lâu",)


def test_reasons_rank_by_count_then_template_order():
    texts = {"a": "A", "b": "B", "c": "C"}
    ranked = rank_reasons([("c",), ("b", "c"), ("b",), ("a",), ("c", "c")], texts, 5)
    assert [(r.id, r.count) for r in ranked] == [("c", 3), ("b", 2), ("a", 1)]
    assert ranked[0].share == 60.0


def test_evaluations_hand_worked_and_graded():
    lines = [
        EvaluationLine("A", "", "", 18, 18, 3, 3),
        EvaluationLine("B", "", "", 10, 12, 2, 2),
        EvaluationLine("C", "", "", 5, 10, 1, None),
    ]
    ev = summarise_evaluations(lines)
    assert ev.average_points == 11.0  # (18 + 10 + 5) / 3
    assert ev.average_max == 13.33
    assert ev.share == 82.5  # 33 / 40
    assert ev.grade == "fair"  # 75 ≤ 82.5 < 90 under the default bands
    assert ev.item10 == {3: 1, 2: 1, 1: 1} and ev.item11 == {3: 1, 2: 1}
    assert summarise_evaluations([]).grade == ""


@given(st.floats(0, 100))
def test_grade_bands_cover_every_share(share):
    g = grade(share)
    expected = (
        "good" if share >= 90 else "fair" if share >= 75 else "average" if share >= 50 else "poor"
    )
    assert g == expected
    assert grade(share, ((60.0, "good"), (0.0, "poor"))) == ("good" if share >= 60 else "poor")


def test_report_as_dict_carries_the_figures():
    s = summarise_forms([form({"access.1": 5, "access.2": 2})], TEMPLATES)
    r = SatisfactionReport(ReportHeader("UBND XÃ AN PHÚ", made_on=date(2026, 5, 1)),
                           month(2026, 4), s, summarise_evaluations([]))  # fmt: skip
    d = r.as_dict()
    assert d["rate"] == 50.0 and d["forms"] == 1
    assert d["period"]["from"] == "2026-04-01" and d["period"]["to"] == "2026-04-30"
    assert d["factors"][0] == {"key": "access", "label": "Tiếp cận dịch vụ", "forms": 1,
                               "answered": 2, "satisfied": 1, "levels": [0, 1, 0, 0, 1],
                               "rate": 50.0, "small_sample": True}  # fmt: skip
    json.dumps(d)
