"""Data payloads: rows collected from the change log, encoded, and checked line by line."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import datetime

import pytest
from sqlalchemy import func, select

from motcua_desktop import i18n
from motcua_desktop.domain.errors import BundleRejected
from motcua_desktop.services import lifecycle
from motcua_desktop.store.models import SYNC_UP_TABLES, Change, Dossier, DossierEvent
from motcua_desktop.sync.downlink import Ack, ConfigUpdate
from motcua_desktop.sync.payload import collect_changes, decode_rows, encode_rows, sync_up_tables


def _collect(ctx, after=0):
    with ctx.db.session(readonly=True) as s:
        return collect_changes(s, after)


def _max_seq(ctx):
    with ctx.db.session(readonly=True) as s:
        return s.scalar(select(func.max(Change.seq)))


def test_tables_are_ordered_parents_first():
    order = list(sync_up_tables())
    assert set(order) == set(SYNC_UP_TABLES)
    for child in ("dossier_components", "dossier_events", "documents", "handovers", "extensions"):
        assert order.index("dossiers") < order.index(child)


def test_collects_each_changed_row_once_in_its_latest_state(ctx, accept_dossier, clerk):
    first = accept_dossier()
    second = accept_dossier(name="Lê Văn Tám")
    lifecycle.start_processing(ctx, first.code, clerk, at=datetime(2026, 3, 10, 10, 0))
    changes = _collect(ctx)
    assert changes.seq_from == 1
    assert changes.seq_to == _max_seq(ctx)  # settings and users changes are covered too
    dossiers = [r for r in changes.rows if r["t"] == "dossiers"]
    assert sorted(r["id"] for r in dossiers) == sorted([first.id, second.id])
    with ctx.db.session(readonly=True) as s:
        current = s.get(Dossier, first.id)
        line = next(r for r in dossiers if r["id"] == first.id)
        assert line["v"] == current.version > 1
        assert line["op"] == "insert"
        assert line["row"]["status"] == current.status
        assert line["row"]["received_at"] == current.received_at.isoformat()
        events = s.scalar(select(func.count()).select_from(DossierEvent))
    assert "search_id" not in line["row"] and "origin_id" not in line["row"]
    assert changes.counts["dossiers"] == 2
    assert changes.counts["dossier_events"] == events
    assert sum(changes.counts.values()) == len(changes.rows)
    tables = [r["t"] for r in changes.rows if r["t"] != "audit_log"]  # no parent: goes first
    assert tables.index("dossiers") < min(i for i, t in enumerate(tables) if t != "dossiers"), (
        "parents first"
    )
    assert max(i for i, t in enumerate(tables) if t == "dossiers") < tables.index("dossier_events")


def test_after_a_watermark_only_later_changes_and_updates_are_updates(ctx, accept_dossier, clerk):
    record = accept_dossier()
    mark = _max_seq(ctx)
    assert _collect(ctx, mark).rows == []
    empty = _collect(ctx, mark)
    assert (empty.seq_from, empty.seq_to, empty.counts) == (mark + 1, mark, {})
    lifecycle.start_processing(ctx, record.code, clerk, at=datetime(2026, 3, 10, 10, 0))
    later = _collect(ctx, mark)
    dossier = next(r for r in later.rows if r["t"] == "dossiers")
    assert dossier["op"] == "update" and dossier["id"] == record.id
    assert {r["t"] for r in later.rows} <= {"dossiers", "dossier_events", "handovers", "audit_log"}
    assert later.seq_from == mark + 1 and later.seq_to == _max_seq(ctx)


def test_encode_then_decode_gives_back_python_values(ctx, accept_dossier):
    record = accept_dossier()
    changes = _collect(ctx)
    payload = changes.payload()
    assert payload == encode_rows(changes.rows) and payload.count(b"\n") == len(changes.rows)
    decoded = list(decode_rows(payload))
    assert len(decoded) == len(changes.rows)
    row = next(r for r in decoded if r["t"] == "dossiers")["row"]
    with ctx.db.session(readonly=True) as s:
        current = s.get(Dossier, record.id)
        for name, value in row.items():
            assert getattr(current, name) == value, name
    assert isinstance(row["received_at"], datetime)


def _line(**kw):
    base = {
        "t": "dossiers",
        "id": "r-1",
        "v": 1,
        "op": "insert",
        "row": {"id": "r-1", "version": 1},
    }
    base.update(kw)
    return json.dumps(base).encode() + b"\n"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (b"{not json\n", "not a JSON object"),
        (_line(t="secrets"), "unknown table secrets"),
        (_line(t="users"), "unknown table users"),
        (_line(id=""), "no valid id"),
        (_line(v=0), "version or operation"),
        (_line(op="delete"), "version or operation"),
        (_line(row={"id": "r-2", "version": 1}), "do not match"),
        (_line(row={"id": "r-1", "version": 1, "search_id": 5}), "column search_id"),
        (_line(row={"id": "r-1", "version": 1, "colour": "red"}), "column colour"),
        (_line(row={"id": "r-1", "version": 1, "status": "3"}), "dossiers.status"),
        (_line(row={"id": "r-1", "version": 1, "received_at": "yesterday"}), "received_at"),
        (_line(row={"id": "r-1", "version": 1, "code": None}), "dossiers.code"),
    ],
)
def test_bad_lines_are_rejected_with_their_line_number(line, words):
    i18n.set_language("en")
    with pytest.raises(BundleRejected) as info:
        list(decode_rows(_line() + line))
    assert info.value.reason_code == "bad-payload"
    assert "line 2" in info.value.message and words in info.value.message


def test_a_cut_last_line_is_rejected():
    with pytest.raises(BundleRejected) as info:
        list(decode_rows(_line() + _line()[:-5]))
    assert info.value.reason_code == "bad-payload"


def test_ack_and_config_payloads_round_trip():
    ack = Ack(epoch="e-1", acked_seq=57, gaps=((60, 64),), bundles=("b-1",))
    assert Ack.from_payload(ack.to_payload()) == ack
    update = ConfigUpdate("7", holidays={"version": "2026.2", "days": []}, templates={})
    assert ConfigUpdate.from_payload(update.to_payload()) == update
    assert update.versions() == {"holidays": "2026.2", "templates": ""}
    for bad in (b"[]", b'{"epoch": "e", "acked_seq": -1, "gaps": [], "bundles": []}'):
        with pytest.raises(BundleRejected):
            Ack.from_payload(bad)
    with pytest.raises(BundleRejected):
        ConfigUpdate.from_payload(b'{"config_version": "1", "holidays": {"days": "x"}}')


THROWAWAY = textwrap.dedent(
    """
    import json, sys
    from datetime import datetime
    from sqlalchemy import DateTime, ForeignKey, String
    from sqlalchemy.orm import Mapped, mapped_column
    from motcua_desktop.services.context import open_app
    from motcua_desktop.store.models import Base, Synced, Travels, Dossier, now
    from motcua_desktop.sync.payload import collect_changes, decode_rows, sync_up_tables

    class Receipt(Travels, Synced, Base):
        __tablename__ = "fee_receipts"
        dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"))
        serial: Mapped[str] = mapped_column(String(16))
        paid_at: Mapped[datetime] = mapped_column(DateTime)

    ctx = open_app(sys.argv[1], load_catalogue=False)
    Base.metadata.create_all(ctx.db.engine, tables=[Receipt.__table__])
    with ctx.db.session() as s:
        s.add(Dossier(id="d-1", code="X-1", agency_code="X", procedure_code="P", status=1,
                      procedure_name="P", applicant_name="A", received_at=now(),
                      processing_unit="day"))
        s.flush()
        s.add(Receipt(dossier_id="d-1", serial="BL-001", paid_at=now()))
    with ctx.db.session(readonly=True) as s:
        changes = collect_changes(s, 0)
    rows = list(decode_rows(changes.payload()))
    print(json.dumps({"order": list(sync_up_tables()), "counts": changes.counts,
                      "tables": [r["t"] for r in rows],
                      "row": {k: str(v) for k, v in rows[-1]["row"].items()}}))
    """
)


def test_a_new_travelling_table_needs_no_code_here(tmp_path):
    """A throwaway model with the Travels mixin, in a fresh interpreter to keep Base clean."""
    result = subprocess.run(
        [sys.executable, "-c", THROWAWAY, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    # Each insert is also audited, and the audit trail travels like any other table.
    assert out["counts"] == {"dossiers": 1, "fee_receipts": 1, "audit_log": 2}
    assert out["order"].index("dossiers") < out["order"].index("fee_receipts")
    assert [t for t in out["tables"] if t != "audit_log"] == ["dossiers", "fee_receipts"]
    assert out["row"]["serial"] == "BL-001"
    assert "origin_id" not in out["row"]
