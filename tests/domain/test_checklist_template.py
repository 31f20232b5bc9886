"""Checklist templates: the shipped files, and errors that name the faulty field."""

from __future__ import annotations

import copy
import json

import pytest

from motcua_desktop.domain.checklist_template import (
    EVIDENCE_KEYS,
    TemplateError,
    load_folder,
    load_template,
    parse_template,
)
from motcua_desktop.paths import resources_dir

FOLDER = resources_dir() / "checklists"


@pytest.fixture(scope="module")
def shipped():
    return {t.code: t for t in load_folder(FOLDER)}


def test_tt26_lists_article_36_exactly(shipped):
    t = shipped["tt26-self-inspection"]
    standard, decision = t.sections
    assert [i.label for i in standard.items] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert [i.label for i in decision.items] == ["a", "b", "c", "d", "đ", "e"]
    assert "TCVN ISO 9001" in standard.title and "19/2014/QĐ-TTg" in decision.title
    assert "Điều 36" in t.basis and "26/2014/TT-BKHCN" in t.basis
    assert "phạm vi" in standard.items[0].text and "tư vấn" in decision.items[-1].text
    assert all(i.guidance for i in t.items)


def test_internal_audit_covers_clauses_4_to_10(shipped):
    t = shipped["iso9001-internal-audit"]
    assert [s.id for s in t.sections] == [str(n) for n in range(4, 11)]
    assert all(len(s.items) >= 2 for s in t.sections)
    assert all(i.guidance for i in t.items)
    assert {i.evidence for i in t.items if i.evidence} == set(EVIDENCE_KEYS)
    assert t.item("8.1").evidence == "on_time_rate"


def _body(shipped):
    return copy.deepcopy(shipped["iso9001-internal-audit"].body)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b.pop("code"), "code"),
        (lambda b: b.update(schema="other/1"), "schema"),
        (lambda b: b.update(kind="satisfaction"), "kind"),
        (lambda b: b.update(run_kind="audit"), "run_kind"),
        (lambda b: b.update(effective_date="01/01/2026"), "effective_date"),
        (lambda b: b.update(sections=[]), "sections"),
        (lambda b: b["sections"][2]["items"][1].pop("guidance"), "sections[2].items[1].guidance"),
        (lambda b: b["sections"][1]["items"][0].update(text="  "), "sections[1].items[0].text"),
        (lambda b: b["sections"][3]["items"][0].update(id="4.1"), "sections[3].items[0].id"),
        (lambda b: b["sections"][0]["items"][0].update(id="x" * 33), "sections[0].items[0].id"),
        (lambda b: b["sections"][4]["items"][0].update(evidence="weather"),
         "sections[4].items[0].evidence"),
        (lambda b: b["sections"][0].update(items="none"), "sections[0].items"),
    ],
)  # fmt: skip
def test_errors_name_the_field(shipped, change, field):
    body = _body(shipped)
    change(body)
    with pytest.raises(TemplateError) as err:
        parse_template(body, "audit.json")
    assert err.value.field == field
    assert err.value.message.startswith(f"audit.json: {field}:")


def test_bad_json_names_the_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{\n "schema": "motcua-checklist-template/1",\n "code": oops\n}', "utf-8")
    with pytest.raises(TemplateError) as err:
        load_template(path)
    assert err.value.field == "line 3" and "x.json" in err.value.message


def test_schema_file_agrees_with_the_loader():
    schema = json.loads((FOLDER / "template.schema.json").read_text("utf-8"))
    assert schema["$id"] == "motcua-checklist-template/1"
    assert schema["$defs"]["item"]["properties"]["evidence"]["enum"] == list(EVIDENCE_KEYS)
    assert set(schema["required"]) == {"schema", "kind", "code", "template_version", "run_kind",
                                       "title", "sections"}  # fmt: skip
