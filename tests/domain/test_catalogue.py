"""The procedure catalogue: the shipped sample loads, and every malformed file is explained."""

from __future__ import annotations

import copy
import json
import unicodedata
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.domain.catalogue import (
    SCHEMA,
    Catalogue,
    catalogue_to_dict,
    load_catalogue,
    parse_catalogue,
)
from motcua_desktop.domain.errors import CatalogueError
from motcua_desktop.domain.procedures import (
    ComponentKind,
    ComponentSpec,
    Procedure,
    ProcessingTime,
    TimeUnit,
)
from motcua_desktop.domain.text import matches
from motcua_desktop.paths import resources_dir

SHIPPED = resources_dir() / "catalogue" / "procedures.json"

BASE = {
    "schema": SCHEMA,
    "version": "2026.1",
    "effective_date": "2026-01-01",
    "sample": True,
    "note": "mẫu",
    "fields": [{"code": "HT", "name": "Hộ tịch"}, {"code": "CT", "name": "Chứng thực"}],
    "procedures": [
        {
            "code": "P1",
            "national_code": "1.001193",
            "name": "Đăng ký khai sinh",
            "field": "HT",
            "processing": {"unit": "same_day", "amount": 0, "cutoff": "15:00"},
            "components": [{"name": "Tờ khai", "kind": "original", "count": 1, "required": True}],
            "fee_vnd": 0,
            "fee_note": "",
            "result": "Giấy khai sinh",
            "legal_basis": "Luật Hộ tịch năm 2014",
        },
        {
            "code": "P2",
            "national_code": None,
            "name": "Chứng thực hợp đồng",
            "field": "CT",
            "processing": {"unit": "working_days", "amount": 2, "cutoff": None},
            "components": [
                {"name": "Dự thảo hợp đồng", "kind": "original", "count": 1, "required": True},
                {
                    "name": "Giấy tờ tùy thân",
                    "kind": "certified_copy",
                    "count": 1,
                    "required": True,
                },
            ],
            "fee_vnd": 50000,
            "fee_note": "50.000 đồng/hợp đồng",
            "result": "Hợp đồng được chứng thực",
            "legal_basis": "Nghị định số 23/2015/NĐ-CP",
        },
    ],
}


def base() -> dict:
    return copy.deepcopy(BASE)


# --- the shipped sample ------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_catalogue(SHIPPED)


def test_shipped_catalogue_loads_and_says_it_is_a_sample(shipped):
    assert shipped.sample is True
    assert shipped.note
    assert shipped.version == "2026.1"
    assert shipped.effective_date == date(2026, 1, 1)
    assert 30 <= len(shipped.procedures) <= 50


def test_shipped_text_is_nfc():
    text = SHIPPED.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


def test_every_shipped_procedure_has_a_field_and_components(shipped):
    used_fields = set()
    for p in shipped.procedures:
        assert p.field in shipped.fields.values(), p.code
        assert shipped.fields[p.extra["field_code"]] == p.field
        assert p.components, f"{p.code} has no components"
        assert any(c.required for c in p.components), p.code
        assert p.result, p.code
        assert p.legal_basis, p.code
        used_fields.add(p.extra["field_code"])
    assert used_fields == set(shipped.fields), "a field without procedures"


def test_shipped_national_codes_are_the_known_ones(shipped):
    national = {p.national_code: p.name for p in shipped.procedures if p.national_code}
    assert national == {
        "1.001193": "Đăng ký khai sinh",
        "1.000656": "Đăng ký khai tử",
        "1.000894": "Đăng ký kết hôn",
        "1.004873": "Cấp Giấy xác nhận tình trạng hôn nhân",
        "2.000815": national["2.000815"],
        "2.000884": national["2.000884"],
    }
    assert national["2.000815"].startswith("Chứng thực bản sao từ bản chính")
    assert national["2.000884"].startswith("Chứng thực chữ ký")


def test_shipped_key_procedures_have_the_expected_rules(shipped):
    birth = shipped.get("1.001193")
    assert birth.processing == ProcessingTime(TimeUnit.SAME_DAY, 0, time(15, 0))
    assert birth.fee_vnd == 0
    assert birth.field == "Hộ tịch"
    marital = shipped.get("1.004873")
    assert marital.processing.unit is TimeUnit.WORKING_DAYS and marital.processing.amount == 3
    signature = shipped.get("2.000884")
    assert signature.fee_vnd == 10000
    assert signature.processing.cutoff == time(15, 0)
    copy_cert = shipped.get("2.000815")
    assert copy_cert.fee_vnd == 2000 and "trang" in copy_cert.fee_note
    assert shipped.get("no such code") is None


def test_shipped_procedures_can_be_found_without_diacritics(shipped):
    def find(query):
        return {p.code for p in shipped.procedures if matches(query, f"{p.code} {p.name}")}

    assert "1.001193" in find("khai sinh")
    assert find("chung thuc") >= {"2.000815", "2.000884"}
    assert find("ket hon") >= {"1.000894"}


def test_shipped_catalogue_round_trips(shipped):
    as_dict = catalogue_to_dict(shipped)
    assert parse_catalogue(json.loads(json.dumps(as_dict))) == shipped
    assert as_dict == json.loads(SHIPPED.read_text(encoding="utf-8"))


# --- malformed variants ------------------------------------------------------


def _set(path, value):
    def mutate(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path):
    def mutate(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


P2 = 'procedure #2 (code "P2")'
KINDS = "must be one of original, certified_copy, photocopy"

ENTRY_CASES = [
    (
        _set(["procedures", 1, "processing", "unit"], "days"),
        "procedures[1].processing.unit",
        [P2, "processing.unit must be one of working_days, working_hours, same_day"],
    ),
    (
        _set(["procedures", 1, "code"], "P1"),
        "procedures[1].code",
        ['procedure #2 (code "P1")', 'code "P1" is already used by procedure #1'],
    ),
    (
        _set(["procedures", 1, "field"], "XX"),
        "procedures[1].field",
        [P2, 'field "XX" is not one of the codes listed under "fields" (HT, CT)'],
    ),
    (
        _set(["procedures", 1, "fee_vnd"], -1),
        "procedures[1].fee_vnd",
        [P2, "fee_vnd must not be negative"],
    ),
    (
        _set(["procedures", 1, "fee_vnd"], True),
        "procedures[1].fee_vnd",
        [P2, "fee_vnd must be a whole number"],
    ),
    (
        _set(["procedures", 1, "fee_vnd"], "8000"),
        "procedures[1].fee_vnd",
        [P2, "fee_vnd must be a whole number"],
    ),
    (
        _set(["procedures", 1, "processing", "amount"], -2),
        "procedures[1].processing.amount",
        [P2, "processing.amount must not be negative"],
    ),
    (
        _set(["procedures", 1, "processing", "amount"], 0),
        "procedures[1].processing.amount",
        [P2, "processing.amount must be at least 1 when unit is working_days"],
    ),
    (
        _delete(["procedures", 1, "processing", "amount"]),
        "procedures[1].processing.amount",
        [P2, "processing.amount is missing"],
    ),
    (
        _set(["procedures", 0, "processing", "amount"], 3),
        "procedures[0].processing.amount",
        [
            'procedure #1 (code "P1")',
            "processing.amount must be 0 or left out when unit is same_day",
        ],
    ),
    (
        _set(["procedures", 1, "processing", "cutoff"], "25:00"),
        "procedures[1].processing.cutoff",
        [P2, 'processing.cutoff must be a time of day HH:MM such as 15:00, or null, not "25:00"'],
    ),
    (
        _set(["procedures", 1, "processing", "cutoff"], "3pm"),
        "procedures[1].processing.cutoff",
        [P2, "processing.cutoff must be a time of day", '"3pm"'],
    ),
    (
        _set(["procedures", 1, "processing", "cutoff"], 15),
        "procedures[1].processing.cutoff",
        [P2, "processing.cutoff must be a time of day"],
    ),
    (
        _set(["procedures", 1, "processing", "amout"], 2),
        "procedures[1].processing.amout",
        [P2, "processing.amout is not a known key; expected one of unit, amount, cutoff"],
    ),
    (
        _delete(["procedures", 1, "processing"]),
        "procedures[1].processing",
        [P2, "processing is missing"],
    ),
    (
        _set(["procedures", 1, "processing"], "2 days"),
        "procedures[1].processing",
        [P2, "processing must be a JSON object"],
    ),
    (_set(["procedures", 1, "name"], "   "), "procedures[1].name", [P2, "name must not be empty"]),
    (_delete(["procedures", 1, "name"]), "procedures[1].name", [P2, "name is missing"]),
    (_set(["procedures", 1, "name"], 5), "procedures[1].name", [P2, "name must be text"]),
    (
        _set(["procedures", 1, "code"], ""),
        "procedures[1].code",
        ["procedure #2:", "code must not be empty"],
    ),
    (
        _set(["procedures", 1, "code"], "P 2"),
        "procedures[1].code",
        ['procedure #2 (code "P 2")', "code must not contain spaces"],
    ),
    (
        _set(["procedures", 1, "fee_vn"], 5),
        "procedures[1].fee_vn",
        [P2, "fee_vn is not a known key; expected one of code, national_code, name"],
    ),
    (
        _set(["procedures", 1, "national_code"], "1001193"),
        "procedures[1].national_code",
        [P2, 'national_code must look like 1.001193, or be null, not "1001193"'],
    ),
    (
        _set(["procedures", 1, "components", 1, "kind"], "copy"),
        "procedures[1].components[1].kind",
        [P2, "component #2: kind " + KINDS],
    ),
    (
        _set(["procedures", 1, "components", 0, "count"], 0),
        "procedures[1].components[0].count",
        [P2, "component #1: count must be at least 1"],
    ),
    (
        _set(["procedures", 1, "components", 0, "requried"], False),
        "procedures[1].components[0].requried",
        [P2, "component #1: requried is not a known key"],
    ),
    (
        _set(["procedures", 1, "components", 0, "required"], "yes"),
        "procedures[1].components[0].required",
        [P2, "component #1: required must be true or false"],
    ),
    (
        _set(["procedures", 1, "components", 0, "name"], ""),
        "procedures[1].components[0].name",
        [P2, "component #1: name must not be empty"],
    ),
    (
        _set(["procedures", 1, "components", 1], "Giấy tờ"),
        "procedures[1].components[1]",
        [P2, "component #2 must be a JSON object"],
    ),
    (
        _set(["procedures", 1, "components"], {}),
        "procedures[1].components",
        [P2, "components must be a list"],
    ),
    (
        _set(["procedures", 1], "P2"),
        "procedures[1].entry",
        ["procedure #2: entry must be a JSON object"],
    ),
    (
        _set(["fields", 1, "code"], "HT"),
        "fields[1].code",
        ['field #2 (code "HT")', 'code "HT" is already used by field #1'],
    ),
    (
        _set(["fields", 0, "name"], ""),
        "fields[0].name",
        ['field #1 (code "HT")', "name must not be empty"],
    ),
    (
        _set(["fields", 0, "label"], "x"),
        "fields[0].label",
        ['field #1 (code "HT")', "label is not a known key"],
    ),
]


@pytest.mark.parametrize(("mutate", "path", "fragments"), ENTRY_CASES)
def test_malformed_entries_name_entry_and_key(mutate, path, fragments):
    data = base()
    mutate(data)
    with pytest.raises(CatalogueError) as err:
        parse_catalogue(data, "procedures.json")
    message = err.value.message
    assert message.startswith("procedures.json: ")
    for fragment in fragments:
        assert fragment in message, message
    assert err.value.field == path


TOP_CASES = [
    (
        _set(["schema"], "motcua.catalogue/2"),
        'schema must be "motcua.catalogue/1", not "motcua.catalogue/2"',
    ),
    (_delete(["schema"]), 'schema must be "motcua.catalogue/1", not null'),
    (_set(["procedure"], []), "procedure is not a known key"),
    (
        _set(["effective_date"], "2026-13-01"),
        'effective_date must be a date YYYY-MM-DD, not "2026-13-01"',
    ),
    (_set(["effective_date"], "01/01/2026"), "effective_date must be a date"),
    (_delete(["version"]), "version is missing"),
    (_set(["sample"], "yes"), "sample must be true or false"),
    (_delete(["procedures"]), "procedures is missing"),
    (_set(["fields"], {"HT": "Hộ tịch"}), "fields must be a list"),
]


@pytest.mark.parametrize(("mutate", "fragment"), TOP_CASES)
def test_malformed_top_level_is_explained(mutate, fragment):
    data = base()
    mutate(data)
    with pytest.raises(CatalogueError) as err:
        parse_catalogue(data, "procedures.json")
    assert err.value.message == f"procedures.json: {fragment}" or (
        err.value.message.startswith("procedures.json: ") and fragment in err.value.message
    )


def test_data_that_is_not_an_object_is_refused():
    with pytest.raises(CatalogueError, match="must hold one JSON object"):
        parse_catalogue([], "x.json")


def test_optional_keys_take_their_defaults():
    data = base()
    for key in ("sample", "note"):
        del data[key]
    proc = data["procedures"][1]
    for key in ("national_code", "fee_vnd", "fee_note", "result", "legal_basis"):
        del proc[key]
    del proc["processing"]["cutoff"]
    proc["components"] = [{"name": "Đơn"}]
    cat = parse_catalogue(data)
    assert (cat.sample, cat.note) == (False, "")
    p = cat.get("P2")
    assert p == Procedure(
        code="P2",
        name="Chứng thực hợp đồng",
        field="Chứng thực",
        processing=ProcessingTime(TimeUnit.WORKING_DAYS, 2, None),
        components=(ComponentSpec("Đơn", ComponentKind.ORIGINAL, 1, True),),
    )
    assert p.extra == {"field_code": "CT"}


def test_text_is_normalised_to_nfc():
    data = base()
    data["procedures"][0]["name"] = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    assert parse_catalogue(data).get("P1").name == "Đăng ký khai sinh"


# --- files -------------------------------------------------------------------


def _write(tmp_path, data) -> tuple:
    path = tmp_path / "procedures.json"
    text = json.dumps(data, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    return path, text.splitlines()


def test_entry_errors_from_a_file_name_the_line(tmp_path):
    data = base()
    data["procedures"][1]["processing"]["unit"] = "days"
    path, lines = _write(tmp_path, data)
    code_line = lines.index('      "code": "P2",') + 1  # 1-based
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert err.value.message.startswith(f"procedures.json, line {code_line - 1}: {P2}: ")
    assert lines[code_line - 2].strip() == "{"


def test_field_errors_from_a_file_name_the_line(tmp_path):
    data = base()
    data["fields"][1]["name"] = ""
    path, lines = _write(tmp_path, data)
    line = lines.index('      "code": "CT",')  # the "{" above it, 1-based
    with pytest.raises(CatalogueError, match=rf"^procedures\.json, line {line}: field #2 "):
        load_catalogue(path)


def test_compact_json_still_names_lines(tmp_path):
    data = base()
    data["procedures"][1]["fee_vnd"] = -5
    text = json.dumps(data, ensure_ascii=False).replace('{"code": "P2"', '\n{"code": "P2"')
    path = tmp_path / "one-line.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"^one-line\.json, line 2: procedure #2"):
        load_catalogue(path)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n  "schema": "motcua.catalogue/1",\n  "version": "1"\n  "note": ""\n}', 4),
        ('{\n  "schema": "motcua.catalogue/1",\n  "fields": [\n    {"code": "HT",}\n  ]\n}', 4),
        ("", 1),
    ],
)
def test_bad_json_names_the_line(tmp_path, text, line):
    path = tmp_path / "procedures.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert err.value.message.startswith(f"procedures.json, line {line}, column ")
    assert "malformed" in err.value.message


def test_missing_file_is_explained(tmp_path):
    with pytest.raises(CatalogueError, match="does not exist"):
        load_catalogue(tmp_path / "nope.json")


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(BASE, ensure_ascii=False), encoding="utf-8-sig")
    assert load_catalogue(path).get("P2").fee_vnd == 50000


def test_undecodable_file_is_explained(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(
        json.dumps(BASE, ensure_ascii=False).encode("cp1258", errors="replace") + b"\xff"
    )
    with pytest.raises(CatalogueError, match="cannot be read"):
        load_catalogue(path)


# --- round trip --------------------------------------------------------------

texts = (
    st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1)
    .map(lambda s: unicodedata.normalize("NFC", s).strip())
    .filter(bool)
)
codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-", min_size=1, max_size=12)
processing = st.one_of(
    st.builds(
        ProcessingTime,
        st.just(TimeUnit.SAME_DAY),
        st.just(0),
        st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    ),
    st.builds(
        ProcessingTime,
        st.sampled_from([TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS]),
        st.integers(1, 60),
        st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    ),
)
components = st.builds(
    ComponentSpec, texts, st.sampled_from(list(ComponentKind)), st.integers(1, 5), st.booleans()
)


@st.composite
def catalogues(draw):
    field_codes = draw(st.lists(codes, min_size=1, max_size=4, unique=True))
    fields = {code: draw(texts) for code in field_codes}
    procs = []
    for code in draw(st.lists(codes, max_size=6, unique=True)):
        field_code = draw(st.sampled_from(field_codes))
        procs.append(
            Procedure(
                code=code,
                name=draw(texts),
                field=fields[field_code],
                processing=draw(processing),
                components=tuple(draw(st.lists(components, max_size=3))),
                fee_vnd=draw(st.integers(0, 10**7)),
                fee_note=draw(st.just("") | texts),
                result=draw(st.just("") | texts),
                national_code=draw(st.none() | st.from_regex(r"\A\d\.\d{6}\Z")),
                legal_basis=draw(st.just("") | texts),
                extra={"field_code": field_code},
            )
        )
    return Catalogue(
        version=draw(texts),
        effective_date=draw(st.dates()),
        sample=draw(st.booleans()),
        note=draw(st.just("") | texts),
        fields=fields,
        procedures=tuple(procs),
    )


@given(catalogues())
def test_round_trip_through_json(cat):
    again = parse_catalogue(json.loads(json.dumps(catalogue_to_dict(cat), ensure_ascii=False)))
    assert again == cat
    assert [p.extra for p in again.procedures] == [p.extra for p in cat.procedures]
