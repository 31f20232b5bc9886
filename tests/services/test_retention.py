"""The retention purge: personal data of old closed dossiers goes, the statistics stay."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from sqlalchemy import func, select, text

from motcua_desktop.domain.dossier import Applicant, ResultDelivery, Status
from motcua_desktop.domain.errors import NotAllowed, ValidationError
from motcua_desktop.domain.periods import date_range
from motcua_desktop.domain.privacy import PURGED_NAME
from motcua_desktop.services import intake, lifecycle, report_figures, reports, retention, search
from motcua_desktop.services import users as users_service
from motcua_desktop.services.audit import entries_for_row, verify_chain
from motcua_desktop.store.models import AuditEntry, Change, Dossier, DossierEvent

NOW = datetime(2032, 6, 1, 10, 0)  # six years after the dossiers below closed
YEAR = date_range(datetime(2026, 1, 1).date(), datetime(2026, 12, 31).date())


@pytest.fixture
def closed(ctx, clerk, make_request):
    """Four dossiers: returned, refused, withdrawn (closed in 2026) and one still open."""
    returned = intake.accept(ctx, make_request(), clerk).code
    lifecycle.start_processing(ctx, returned, clerk, unit="Tư pháp", at=datetime(2026, 3, 10, 10))
    lifecycle.finish(ctx, returned, clerk, at=datetime(2026, 3, 11, 9))
    lifecycle.return_result(
        ctx, returned, clerk, method=ResultDelivery.DESK, collected_by="Trần Văn Bình",
        id_checked=True, at=datetime(2026, 3, 11, 10),
    )  # fmt: skip
    other = Applicant(name="Lê Thị Ánh Tuyết", id_number="079190055555", phone="0988 111 222")
    refused = intake.refuse(
        ctx, make_request(applicant=other, received=datetime(2026, 3, 12, 9)), "Sai thẩm quyền",
        clerk,
    ).code  # fmt: skip
    withdrawn = intake.accept(ctx, make_request(received=datetime(2026, 3, 13, 9)), clerk).code
    lifecycle.withdraw(ctx, withdrawn, clerk, reason="Công dân rút", at=datetime(2026, 3, 14, 9))
    still_open = intake.accept(ctx, make_request(received=datetime(2026, 3, 16, 9)), clerk).code
    # An edit of a personal field leaves sealed plain values in the audit trail.
    with ctx.db.session() as s:
        row = s.scalar(select(Dossier).where(Dossier.code == returned))
        row.applicant_phone = "0912 000 111"
    return {"returned": returned, "refused": refused, "withdrawn": withdrawn, "open": still_open}


def _row(ctx, code) -> Dossier:
    with ctx.db.session(readonly=True) as s:
        row = s.scalar(select(Dossier).where(Dossier.code == code))
        s.expunge(row)
        return row


def _statistics(ctx):
    ii = reports.ii06a(ctx, YEAR, now=NOW)
    fig = report_figures.figures(ctx, YEAR)
    # Everything but the moment the figures were made.
    return ii.lines, ii.total, dataclasses.replace(fig, generated_at=None)


def test_retention_is_off_by_default_and_set_by_a_leader(ctx, admin, clerk):
    assert retention.retention_years(ctx) == 0
    with pytest.raises(ValidationError):
        retention.purge_candidates(ctx)
    with pytest.raises(NotAllowed):
        retention.set_retention_years(ctx, 5, clerk)
    leader = users_service.create_user(ctx, "hung", "Lê Văn Hùng", "secret-3", "leader", admin)
    assert retention.set_retention_years(ctx, 5, leader) == 5
    assert retention.retention_years(ctx) == 5
    for bad in (-1, 101, "x", True):
        with pytest.raises(ValidationError):
            retention.set_retention_years(ctx, bad, admin)


def test_only_leaders_and_admins_may_purge(ctx, clerk, closed):
    with pytest.raises(NotAllowed):
        retention.purge_personal_data(ctx, clerk, years=5, now=NOW)
    assert _row(ctx, closed["returned"]).personal_purged_at is None


def test_candidates_are_closed_dossiers_older_than_the_period(ctx, closed):
    found = retention.purge_candidates(ctx, 5, now=NOW)
    assert sorted(found) == sorted([closed["returned"], closed["refused"], closed["withdrawn"]])
    assert retention.purge_candidates(ctx, 7, now=NOW) == []
    # Closed on 11 March 2026: not yet older than five years on 10 March 2031.
    assert closed["returned"] not in retention.purge_candidates(
        ctx, 5, now=datetime(2031, 3, 10, 23)
    )


def test_dry_run_changes_nothing(ctx, admin, closed):
    before = verify_chain(ctx).checked
    result = retention.purge_personal_data(ctx, admin, years=5, now=NOW, dry_run=True)
    assert result.dry_run and result.dossiers == 3
    assert _row(ctx, closed["returned"]).applicant_name == "Trần Thị Bích Hằng"
    assert verify_chain(ctx).checked == before


def test_purge_blanks_personal_data_and_keeps_the_statistics(ctx, admin, closed):
    stats = _statistics(ctx)
    result = retention.purge_personal_data(ctx, admin, years=5, now=NOW)
    assert result.dossiers == 3 and result.events == 1 and result.audit_entries >= 4
    assert _statistics(ctx) == stats

    for key in ("returned", "refused", "withdrawn"):
        row = _row(ctx, closed[key])
        assert row.applicant_name == PURGED_NAME
        assert (row.applicant_id_number, row.applicant_phone, row.applicant_address) == ("",) * 3
        assert row.returned_to == "" and row.personal_purged_at is not None
        assert row.status in (int(s) for s in retention.CLOSED_STATUSES)
    kept = _row(ctx, closed["open"])
    assert kept.applicant_name == "Trần Thị Bích Hằng" and kept.personal_purged_at is None

    # Found by code, not by name, ID number or phone.
    assert [r.code for r in search.search(ctx, closed["returned"])] == [closed["returned"]]
    assert [r.code for r in search.search(ctx, "tuyet")] == []
    assert [r.code for r in search.search(ctx, "0988")] == []
    assert [r.code for r in search.search(ctx, "hang")] == [closed["open"]]

    with ctx.db.session(readonly=True) as s:
        returned = s.scalar(select(DossierEvent).where(DossierEvent.kind == "result_returned"))
        assert returned.data["collected_by"] == "" and returned.data["method"] == "desk"
        # No plain personal value is left in the trail of the purged dossiers.
        ids = list(
            s.scalars(
                select(Dossier.id).where(Dossier.code.in_([closed["returned"], closed["refused"]]))
            )
        )
        entries = s.scalars(select(AuditEntry).where(AuditEntry.row_id.in_(ids))).all()
        dump = str([(e.changes, e.sealed) for e in entries])
        assert "Hằng" not in dump and "0912 000 111" not in dump and "Tuyết" not in dump
        event = s.scalar(select(AuditEntry).where(AuditEntry.action == "personal_data_purged"))
        assert event.changes["dossiers"] == 3 and event.changes["years"] == 5
        assert event.actor_id == admin.id
        # The FTS index still matches the search text row for row.
        stale = s.execute(
            text(
                "SELECT count(*) FROM dossiers d JOIN dossier_search f ON f.rowid = d.search_id "
                "WHERE f.body IS NOT d.search_text"
            )
        ).scalar_one()
        assert stale == 0

    report = verify_chain(ctx)
    assert report.ok and report.purged >= 4
    history = entries_for_row(ctx, _row(ctx, closed["returned"]).id)
    assert any(e.purged for e in history)

    # A second run finds nothing left to do and writes no event.
    again = retention.purge_personal_data(ctx, admin, years=5, now=NOW)
    assert again.dossiers == 0
    with ctx.db.session(readonly=True) as s:
        assert (
            s.scalar(select(func.count()).where(AuditEntry.action == "personal_data_purged")) == 1
        )
    assert retention.purged_count(ctx) == 3


def test_the_unsealed_audit_entries_travel_again(ctx, admin, closed):
    with ctx.db.session(readonly=True) as s:
        top = s.scalar(select(func.max(Change.seq)))
    retention.purge_personal_data(ctx, admin, years=5, now=NOW)
    with ctx.db.session(readonly=True) as s:
        resent = s.scalars(
            select(Change.row_id).where(Change.seq > top, Change.table_name == "audit_log",
                                        Change.op == "update")
        ).all()  # fmt: skip
        cleared = s.scalars(select(AuditEntry).where(AuditEntry.id.in_(resent))).all()
        assert cleared and all(e.sealed is None and e.version == 2 for e in cleared)
        purged_rows = s.scalars(
            select(Change.row_id).where(Change.seq > top, Change.table_name == "dossiers")
        ).all()
    assert len(set(purged_rows)) == 3


def test_a_failure_midway_purges_nothing(ctx, admin, closed, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("power cut")

    monkeypatch.setattr(retention, "record_event", boom)
    with pytest.raises(RuntimeError):
        retention.purge_personal_data(ctx, admin, years=5, now=NOW)
    assert _row(ctx, closed["returned"]).applicant_name == "Trần Thị Bích Hằng"
    with ctx.db.session(readonly=True) as s:
        assert (
            s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.sealed.is_not(None))
            )
            > 0
        )


def test_status_is_kept(ctx, admin, closed):
    retention.purge_personal_data(ctx, admin, years=5, now=NOW)
    assert _row(ctx, closed["refused"]).status == int(Status.NOT_ACCEPTED)
