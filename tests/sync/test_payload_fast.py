"""The payload built in SQLite decodes to exactly the rows of the generic Python path."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session

from motcua_desktop.domain.dossier import Applicant, Channel
from motcua_desktop.services import demo, intake, lifecycle, users
from motcua_desktop.store.models import (
    SYNC_UP_TABLES,
    AuditEntry,
    Change,
    ChecklistAnswer,
    ChecklistAttachment,
    ChecklistRun,
    ControlledDocument,
    DocumentRow,
    Dossier,
    DossierComponent,
    DossierEvaluation,
    DossierEvent,
    Nonconformity,
    QualityObjective,
    QualityRecord,
    SurveyBatch,
    SurveyForm,
)
from motcua_desktop.sync import payload, payload_sql
from motcua_desktop.sync.payload import collect_changes, collect_changes_generic, decode_rows

TRICKY = 'quote " backslash \\ tab\t newline\n bell\x07 del\x7f sep\u2028 🙂 Nguyễn Thị Ngọc Lan'
NESTED = {"zeta": [True, False, None, 1.5, 1e300, -(2**62)], "alpha": {"Tiếng Việt": "ấp"}}
PAUSED = datetime(2026, 3, 11, 8, 30, 5, 123456)  # microseconds must survive


def _both(ctx, after=0):
    with ctx.db.session(readonly=True) as s:
        return collect_changes(s, after), collect_changes_generic(s, after)


def _max_seq(ctx):
    with ctx.db.session(readonly=True) as s:
        return s.scalar(select(func.max(Change.seq)))


@pytest.fixture
def filled(ctx):
    """A demo commune with every travelling table filled, and rows with awkward values."""
    demo.seed_demo(ctx, dossiers=300, seed=5, today=date(2026, 3, 9))
    clerk = users.get_user(ctx, "clerk")
    request = intake.IntakeRequest(
        procedure_code="HT-05",
        applicant=Applicant(name="Trần Thị Bích Hằng", id_number="089185012345"),
        channel=Channel.IN_PERSON,
        received_at=datetime(2026, 3, 10, 9, 15),
    )
    record = intake.accept(ctx, request, clerk)
    lifecycle.start_processing(
        ctx, record.code, clerk, handler="leader", co_units=["Công an xã"],
        at=datetime(2026, 3, 10, 10, 0),
    )  # fmt: skip
    lifecycle.extend(
        ctx, record.code, clerk, new_due_at=datetime(2026, 3, 17, 9, 0), reason="Chờ xác minh",
        at=datetime(2026, 3, 12, 9, 0),
    )  # fmt: skip
    mark = _max_seq(ctx)
    with ctx.db.session() as s:
        row = s.get(Dossier, record.id)
        row.note = TRICKY
        row.co_handling_units = [NESTED, "Công an xã"]
        row.paused_at = PAUSED
        component = s.scalars(
            select(DossierComponent).where(DossierComponent.dossier_id == record.id)
        ).first()
        component.required = False
        s.add(
            DossierEvent(
                dossier_id=record.id, at=datetime(2026, 3, 12, 9, 30), kind="note",
                note=TRICKY, data=NESTED,
            )
        )  # fmt: skip
        s.add(
            DocumentRow(
                dossier_id=record.id, kind="receipt", template_version="1",
                path="2026/03/biên-nhận.pdf", sha256="ab" * 32, size=12345,
            )
        )  # fmt: skip
        s.add(
            QualityObjective(
                year=2026, measure="on_time_rate", title=TRICKY, target=98.5, manual_actual=0.1
            )
        )
        batch = SurveyBatch(
            template_code="sipas", template_version="1", surveyed_on=date(2026, 3, 12)
        )
        s.add(batch)
        s.flush()
        s.add(
            SurveyForm(
                batch_id=batch.id, number=1, template_code="sipas", template_version="1",
                surveyed_on=date(2026, 3, 12), dossier_id=record.id, dossier_code=record.code,
                answers={"access": 5, "result": None}, overall=4, reasons=["slow"],
                reason_text=TRICKY, respondent={"sex": "female"}, missing=1, fingerprint="f" * 64,
            )
        )  # fmt: skip
        run = ChecklistRun(
            template_code="tt26-art36", template_version="1", kind="self_inspection",
            title=TRICKY, run_on=date(2026, 3, 12), auditors=["Nguyễn Văn A"],
        )  # fmt: skip
        s.add(run)
        s.flush()
        s.add(ChecklistAnswer(run_id=run.id, item_id="a.1", verdict="minor", evidence=TRICKY))
        s.add(
            ChecklistAttachment(
                run_id=run.id, item_id="a.1", file_name="biên bản.pdf", path="iso/x.pdf",
                sha256="cd" * 32, size=10,
            )
        )  # fmt: skip
        s.add(
            Nonconformity(
                number="NC-2026-001", source="checklist", run_id=run.id, item_id="a.1",
                found_on=date(2026, 3, 12), description=TRICKY, due_on=date(2026, 5, 12),
                effective=None,
            )
        )  # fmt: skip
        s.add(
            QualityRecord(
                kind="declaration", title="Công bố", record_date=date(2026, 1, 5), data=NESTED
            )
        )
        s.add(
            ControlledDocument(
                code="QT-HT-05", title="Quy trình", doc_type="process", doc_version="2",
                effective_on=date(2026, 1, 1), procedure_code="HT-05",
            )
        )  # fmt: skip
        s.add(
            AuditEntry(
                chain_id="i" * 36, position=1, at=datetime(2026, 3, 12, 9, 0),
                actor_name="Nguyễn Văn A", action="update", table_name="dossiers",
                row_id=record.id, changes={"note": [None, TRICKY]}, prev_hash="0" * 64,
                hash="a" * 64,
            )
        )  # fmt: skip
        s.add(
            DossierEvaluation(
                dossier_id=record.id, template_code="evaluation", template_version="1",
                scores={"1": 2, "2": None}, item10=3, points=2,
                evaluated_at=datetime(2026, 3, 12, 10, 0),
            )
        )  # fmt: skip
    return {"dossier": record.id, "component": component.id, "mark": mark}


def test_sql_and_python_paths_give_the_same_rows_for_every_table(ctx, filled):
    fast, generic = _both(ctx)
    assert set(fast.counts) == set(SYNC_UP_TABLES)  # every travelling table is exercised
    assert fast.counts == generic.counts and fast.counts["dossiers"] == 301
    assert (fast.seq_from, fast.seq_to) == (generic.seq_from, generic.seq_to) == (1, _max_seq(ctx))
    decoded = list(decode_rows(fast.payload()))
    assert decoded == list(decode_rows(generic.payload()))  # same order too
    assert fast.rows == generic.rows
    assert len(decoded) == sum(fast.counts.values())
    # Tables without JSON values come out byte for byte the same.
    lines = {p: p.splitlines() for p in (fast.payload(), generic.payload())}
    for table in ("dossier_components", "handovers", "extensions", "documents"):
        tag = f'"t":"{table}"'.encode()
        assert [x for x in lines[fast.payload()] if tag in x] == [
            x for x in lines[generic.payload()] if tag in x
        ]


def test_awkward_values_survive_the_sql_path(ctx, filled):
    fast, _generic = _both(ctx)
    rows = {(r["t"], r["id"]): r for r in decode_rows(fast.payload())}
    dossier = rows[("dossiers", filled["dossier"])]["row"]
    assert dossier["note"] == TRICKY
    assert dossier["co_handling_units"] == [NESTED, "Công an xã"]  # JSON, not a string
    assert dossier["paused_at"] == PAUSED
    assert dossier["received_at"] == datetime(2026, 3, 10, 9, 15)
    assert dossier["returned_at"] is None and dossier["finished_at"] is None
    assert "search_id" not in dossier and "origin_id" not in dossier  # local columns stay home
    components = [r["row"] for r in rows.values() if r["t"] == "dossier_components"]
    assert rows[("dossier_components", filled["component"])]["row"]["required"] is False
    assert {c["required"] for c in components} == {True, False}
    event = next(
        r["row"] for r in rows.values() if r["t"] == "dossier_events" and r["row"]["kind"] == "note"
    )
    assert event["data"] == NESTED and event["note"] == TRICKY
    assert next(r for r in rows.values() if r["t"] == "documents")["row"]["path"].endswith(
        "biên-nhận.pdf"
    )
    raw = {json.loads(x)["id"]: x for x in fast.payload().splitlines()}
    line = raw[filled["dossier"]].decode()
    assert '"paused_at":"2026-03-11T08:30:05.123456"' in line  # isoformat(), as Python writes it
    assert '"received_at":"2026-03-10T09:15:00"' in line


def test_after_a_watermark_both_paths_agree_on_ops_and_rows(ctx, filled):
    fast, generic = _both(ctx, filled["mark"])
    with ctx.db.session(readonly=True) as s:
        # The audit trail: one automatic entry per logged change, plus the one made by hand.
        logged = s.scalar(
            select(func.count())
            .select_from(Change)
            .where(Change.seq > filled["mark"], Change.table_name != "audit_log")
        )
    assert fast.counts == generic.counts == {
        "dossiers": 1, "dossier_components": 1, "dossier_events": 1, "documents": 1,
        "quality_objectives": 1, "survey_batches": 1, "survey_forms": 1, "dossier_evaluations": 1,
        "checklist_runs": 1, "checklist_answers": 1, "checklist_attachments": 1,
        "nonconformities": 1, "quality_records": 1, "controlled_documents": 1,
        "audit_log": logged + 1,
    }  # fmt: skip
    assert list(decode_rows(fast.payload())) == list(decode_rows(generic.payload()))
    ops = {r["t"]: r["op"] for r in fast.rows}
    assert ops == {
        "dossiers": "update", "dossier_components": "update", "dossier_events": "insert",
        "documents": "insert", "quality_objectives": "insert", "survey_batches": "insert",
        "survey_forms": "insert", "dossier_evaluations": "insert", "checklist_runs": "insert",
        "checklist_answers": "insert", "checklist_attachments": "insert",
        "nonconformities": "insert", "quality_records": "insert", "controlled_documents": "insert",
        "audit_log": "insert",
    }  # fmt: skip
    empty, empty_generic = _both(ctx, _max_seq(ctx))
    assert empty.payload() == empty_generic.payload() == b""
    assert (empty.counts, empty.rows) == ({}, [])
    assert (empty.seq_from, empty.seq_to) == (_max_seq(ctx) + 1, _max_seq(ctx))


def test_a_column_type_sql_cannot_render_falls_back_to_python(ctx, filled, monkeypatch):
    odd = Table("odd", MetaData(), Column("id", String, primary_key=True), Column("x", LargeBinary))
    with pytest.raises(payload_sql.Unsupported):
        payload_sql.table_query(odd, list(odd.columns))

    def refuse(session, tables):
        raise payload_sql.Unsupported("as for a LargeBinary column")

    monkeypatch.setattr(payload_sql, "prepare", refuse)
    fallback, generic = _both(ctx)
    assert fallback.payload() == generic.payload() and fallback.counts == generic.counts


def test_a_table_wider_than_one_json_object_call_is_spliced_exactly():
    # json_object() takes at most 127 arguments on older SQLite: 131 columns need three calls.
    # (JSON values are kept ASCII here: SQLite embeds the stored text, escapes and all.)
    meta = MetaData()
    changes = Table(
        "changes", meta, Column("seq", Integer, primary_key=True), Column("table_name", String),
        Column("row_id", String), Column("op", String),
    )  # fmt: skip
    numbers = [Column(f"n{i:03d}", Integer) for i in range(126)]
    wide = Table(
        "wide", meta, Column("id", String, primary_key=True), Column("version", Integer),
        Column("flag", Boolean), Column("at", DateTime), Column("doc", JSON), *numbers,
    )  # fmt: skip
    engine = create_engine("sqlite://")
    meta.create_all(engine)
    values = [
        {"id": "b", "version": 2, "flag": True, "at": datetime(2026, 1, 2, 3, 4, 5), "doc": [1]},
        {"id": "a", "version": 1, "flag": None, "at": None, "doc": {"k": "v"}},
    ]
    for v in values:
        v.update({c.name: i for i, c in enumerate(numbers)})
    with Session(engine) as s:
        s.execute(insert(wide), values)
        s.execute(
            insert(changes),
            [
                {"table_name": "wide", "row_id": "b", "op": "insert"},
                {"table_name": "wide", "row_id": "a", "op": "insert"},
                {"table_name": "wide", "row_id": "b", "op": "update"},
            ],
        )
        encoded, counts = payload_sql.encode(
            payload_sql.prepare(s, [(wide, list(wide.columns))]), 0, 3
        )
    assert counts == {"wide": 2}
    expected = [
        {"t": "wide", "id": v["id"], "v": v["version"], "op": "insert", "row": {**v, "at": at}}
        for v, at in ((values[1], None), (values[0], "2026-01-02T03:04:05"))
    ]  # "a" first: its last change (seq 2) comes before b's (seq 3)
    assert encoded == payload.encode_rows(expected)


def test_compressing_while_reading_gives_the_same_payload_and_bundle_rows(ctx, filled):
    with ctx.db.session(readonly=True) as s:
        plain = collect_changes(s, 0)
        streamed = collect_changes(s, 0, compress=True)
    assert streamed.encoded == b"" and streamed.deflated is not None
    assert streamed.deflated.plain_size == len(plain.encoded)
    assert streamed.payload() == plain.encoded  # one zlib stream of the same lines, in order
    assert streamed.counts == plain.counts and streamed.rows == plain.rows
    assert (streamed.seq_from, streamed.seq_to) == (plain.seq_from, plain.seq_to)
