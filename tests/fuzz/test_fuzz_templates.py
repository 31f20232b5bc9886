"""Fuzzing the survey and checklist template readers: the only exception is their TemplateError."""

from __future__ import annotations

from fuzz_helpers import FUZZ, JSON, RESOURCES, dump, load_json, mutated_bytes, mutated_json
from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.domain import checklist_template, survey_template
from motcua_desktop.services.survey_templates import district_templates

SURVEYS = [load_json("surveys", p.name) for p in sorted((RESOURCES / "surveys").glob("*-v*.json"))]
CHECKLIST_FILES = sorted((RESOURCES / "checklists").glob("*-v*.json"))
CHECKLISTS = [load_json("checklists", p.name) for p in CHECKLIST_FILES]


def _survey(doc) -> None:
    try:
        t = survey_template.parse_template(doc, "fuzz")
    except survey_template.TemplateError as exc:
        assert exc.message.startswith("fuzz: ") and exc.field
        return
    assert t.kind in survey_template.KINDS and (t.questions or t.indicators)
    t.max_points  # noqa: B018 - usable once parsed


def _checklist(doc) -> None:
    try:
        t = checklist_template.parse_template(doc, "fuzz")
    except checklist_template.TemplateError as exc:
        assert exc.message.startswith("fuzz: ") and exc.field
        return
    assert t.items and all(t.item(i.id) is i for i in t.items)


def _checklist_file(workdir, data: bytes) -> None:
    path = workdir / "fuzz-checklist.json"
    path.write_bytes(data)
    try:
        checklist_template.load_template(path)
    except checklist_template.TemplateError as exc:
        assert exc.message.startswith("fuzz-checklist.json: ")


def test_the_shipped_templates_read():
    assert len(SURVEYS) == 2 and len(CHECKLISTS) == 2
    for doc in SURVEYS:
        survey_template.parse_template(doc)
    for doc in CHECKLISTS:
        checklist_template.parse_template(doc)


@FUZZ
@given(st.sampled_from(SURVEYS).flatmap(mutated_json))
def test_survey_templates_with_wrong_values(doc):
    _survey(doc)


@FUZZ
@given(st.sampled_from(CHECKLISTS).flatmap(mutated_json))
def test_checklist_templates_with_wrong_values(workdir, doc):
    _checklist(doc)
    _checklist_file(workdir, dump(doc))


@FUZZ
@given(JSON)
def test_templates_of_any_shape(workdir, doc):
    _survey(doc)
    _checklist(doc)
    _checklist_file(workdir, dump(doc))


@FUZZ
@given(st.binary(max_size=1024) | st.sampled_from(CHECKLIST_FILES).map(lambda p: p.read_bytes()))
def test_checklist_files_of_arbitrary_bytes(workdir, data):
    _checklist_file(workdir, data)


@FUZZ
@given(st.sampled_from(CHECKLIST_FILES).flatmap(lambda p: mutated_bytes(p.read_bytes())))
def test_damaged_checklist_files(workdir, data):
    _checklist_file(workdir, data)


@FUZZ
@given(
    st.dictionaries(st.text(max_size=8), st.sampled_from(SURVEYS).flatmap(mutated_json), max_size=3)
)
def test_district_survey_templates(items):
    try:
        district_templates({"version": "1", "items": items})
    except survey_template.TemplateError as exc:
        assert exc.message and exc.field
