"""Survey templates: the shipped ones parse; broken ones are refused naming the field."""

from __future__ import annotations

import copy
import json

import pytest

from motcua_desktop.domain.survey_template import TemplateError, parse_template, version_key
from motcua_desktop.paths import resources_dir

SURVEYS = resources_dir() / "surveys"


def load(name: str) -> dict:
    return json.loads((SURVEYS / name).read_text("utf-8"))


def test_shipped_satisfaction_template_has_the_five_sipas_factors():
    t = parse_template(load("satisfaction-sipas-v1.json"), "satisfaction-sipas-v1.json")
    assert (t.code, t.version, t.kind) == ("satisfaction-sipas", "1", "satisfaction")
    assert [f.id for f in t.factors] == ["access", "procedure", "official", "result", "feedback"]
    for f in t.factors:
        assert 1 <= len(t.factor_questions(f.id)) <= 3
    assert [lv.label for lv in t.questions[0].levels] == [
        "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng",
    ]  # fmt: skip
    assert t.overall is not None and t.overall.values == {1, 2, 3, 4, 5}
    assert t.reason_text("waiting") == "Thời gian chờ đợi lâu"
    assert [f.kind for f in t.respondent] == ["choice", "choice", "text", "dossier_code"]


def test_shipped_evaluation_template_marks_where_each_indicator_comes_from():
    t = parse_template(load("evaluation-v1.json"), "evaluation-v1.json")
    assert [i.id for i in t.indicators] == [str(n) for n in range(1, 10)]
    assert [i.id for i in t.indicators if i.source == "period"] == ["5", "8", "9"]
    assert t.max_points == 18
    assert [lv.label for lv in t.question("11").levels] == [
        "Rất hài lòng",
        "Hài lòng",
        "Không hài lòng",
    ]


def broken(name, change):
    data = copy.deepcopy(load(name))
    change(data)
    return data


@pytest.mark.parametrize(
    ("name", "change", "field"),
    [
        ("satisfaction-sipas-v1.json", lambda d: d["questions"][3].pop("scale"), "questions[3].scale"),
        ("satisfaction-sipas-v1.json", lambda d: d["questions"][3].update(scale="ten"), "questions[3].scale"),
        ("satisfaction-sipas-v1.json", lambda d: d["questions"][2].update(factor="x"), "questions[2].factor"),
        ("satisfaction-sipas-v1.json", lambda d: d["questions"][1].update(id="access.1"), "questions[1].id"),
        ("satisfaction-sipas-v1.json", lambda d: d["questions"][0].update(text="  "), "questions[0].text"),
        ("satisfaction-sipas-v1.json", lambda d: d["scales"]["five"][4].pop("label"), "scales.five[4].label"),
        ("satisfaction-sipas-v1.json", lambda d: d["scales"]["five"][1].update(value=1), "scales.five[1].value"),
        ("satisfaction-sipas-v1.json", lambda d: d.update(kind="poll"), "kind"),
        ("satisfaction-sipas-v1.json", lambda d: d.pop("template_version"), "template_version"),
        ("satisfaction-sipas-v1.json", lambda d: d["reasons"]["options"][0].pop("text"), "reasons.options[0].text"),
        ("satisfaction-sipas-v1.json", lambda d: d["respondent"]["fields"][0].update(kind="x"), "respondent.fields[0].kind"),
        ("satisfaction-sipas-v1.json", lambda d: d["factors"].append({"id": "x", "title": "X"}), "factors[5]"),
        ("evaluation-v1.json", lambda d: d["indicators"][4].update(source="citizen"), "indicators[4].source"),
        ("evaluation-v1.json", lambda d: d["indicators"][0].update(id="10"), "indicators[0].id"),
        ("evaluation-v1.json", lambda d: d["indicators"][2]["options"].pop(), "indicators[2].options"),
        ("evaluation-v1.json", lambda d: d["items"][1].update(scale="five"), "items[1].scale"),
    ],
)  # fmt: skip
def test_a_broken_template_is_refused_naming_the_field(name, change, field):
    with pytest.raises(TemplateError) as err:
        parse_template(broken(name, change), "test.json")
    assert err.value.field == field
    assert err.value.message.startswith(f"test.json: {field}: ")


def test_a_template_that_is_not_an_object_or_has_another_schema_is_refused():
    with pytest.raises(TemplateError) as err:
        parse_template([1, 2], "x")
    assert err.value.field == "(top)"
    with pytest.raises(TemplateError) as err:
        parse_template({**load("evaluation-v1.json"), "schema": "other/1"}, "x")
    assert err.value.field == "schema"


def test_versions_compare_numerically():
    assert version_key("1.10") > version_key("1.9") > version_key("1")
    assert version_key("2026.2") > version_key("2026.1")
