"""Roles enforced by the services: for each role, real calls it may make and ones refused unwritten."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from motcua_desktop.domain.dossier import ResultDelivery
from motcua_desktop.domain.errors import NotAllowed
from motcua_desktop.domain.lifecycle import Action
from motcua_desktop.domain.roles import ROLES, Permission, can
from motcua_desktop.services import (
    checklists,
    intake,
    lifecycle,
    nonconformities,
    permissions,
    restore,
    setup,
    surveys,
    users,
)
from motcua_desktop.services.backup import backup_now
from motcua_desktop.services.lifecycle_core import PERMISSION_OF
from motcua_desktop.store.models import AuditEntry, Change

P = Permission
RECEIVED = datetime(2026, 3, 10, 9, 15)


@pytest.fixture
def staff(ctx, admin, clerk):
    """One account of each role (the commune is set up by the ``clerk`` fixture)."""
    made = {
        role: users.create_user(ctx, name, full_name, "secret-7x", role, admin)
        for name, full_name, role in (
            ("hoa", "Lê Thị Hoa", "official"),
            ("ha", "Lê Thị Thu Hà", "leader"),
            ("thu", "Trần Thị Thu", "iso_secretary"),
        )
    }
    return {"clerk": clerk, "admin": admin, **made}


def _written(ctx) -> tuple[int, int]:
    """The change log's last seq and the audit trail's length: both move with any write."""
    with ctx.db.session(readonly=True) as s:
        return (
            s.scalar(select(func.max(Change.seq))) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)),
        )


# Each area: the permission it needs, a preparation done by those who may, the act.


def _accepted(ctx, staff, make_request):
    return intake.accept(ctx, make_request(received=RECEIVED), staff["clerk"]).code


def _answered_run(ctx, staff, make_request):
    template = checklists.templates(ctx)[0]
    run = checklists.start_run(
        ctx, staff["admin"], template.code, run_on=date(2026, 3, 16), scope="", auditors=["Hà"]
    )
    for item in template.items:
        checklists.answer(ctx, staff["admin"], run.id, item.id, "na")
    return run.id


AREAS = {
    "intake": (
        P.INTAKE,
        lambda ctx, staff, make_request: make_request(received=RECEIVED),
        lambda ctx, actor, req: intake.accept(ctx, req, actor),
    ),
    "lifecycle": (
        P.PROCESS,
        _accepted,
        lambda ctx, actor, code: lifecycle.start_processing(
            ctx, code, actor, unit="Tư pháp", at=datetime(2026, 3, 10, 10)
        ),
    ),
    "survey": (
        P.SURVEY_ENTRY,
        lambda *_a: None,
        lambda ctx, actor, _n: surveys.start_batch(ctx, actor, surveyed_on=date(2026, 3, 25)),
    ),
    "checklist_close": (
        P.CHECKLIST_CLOSE,
        _answered_run,
        lambda ctx, actor, run_id: checklists.close_run(ctx, actor, run_id, "Lê Thị Thu Hà"),
    ),
    "settings": (
        P.SETTINGS,
        lambda ctx, staff, make_request: replace(setup.get_profile(ctx), phone="0296 3999 999"),
        lambda ctx, actor, profile: setup.save_profile(ctx, profile, actor),
    ),
    "users": (
        P.USERS,
        lambda *_a: None,
        lambda ctx, actor, _n: users.create_user(
            ctx, "moi", "Người Mới", "secret-77", "clerk", actor
        ),
    ),
    "restore": (
        P.RESTORE,
        lambda ctx, staff, make_request: backup_now(ctx, "manual").path,
        lambda ctx, actor, path: restore.restore(ctx, path, actor),
    ),
}


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_in_each_area(ctx, staff, make_request, role, area):
    permission, prepare, act = AREAS[area]
    prepared = prepare(ctx, staff, make_request)
    actor = staff[role]
    if can(role, permission):
        act(ctx, actor, prepared)
        return
    before = _written(ctx)
    with pytest.raises(NotAllowed) as refused:
        act(ctx, actor, prepared)
    assert refused.value.message == permissions.refusal(permission)
    assert _written(ctx) == before


def test_every_role_is_allowed_and_refused_somewhere():
    for role in ROLES[:-1]:
        needed = {AREAS[a][0] for a in AREAS}
        assert any(can(role, p) for p in needed | {P.REPORTS}), role
        assert not all(can(role, p) for p in needed), role


def test_every_lifecycle_step_has_its_permission():
    assert set(PERMISSION_OF) == set(Action)


def test_an_official_handles_but_neither_returns_nor_withdraws(ctx, staff, make_request):
    code = _accepted(ctx, staff, make_request)
    official = staff["official"]
    lifecycle.start_processing(ctx, code, official, at=datetime(2026, 3, 10, 10))
    lifecycle.finish(ctx, code, official, at=datetime(2026, 3, 11, 10))
    before = _written(ctx)
    with pytest.raises(NotAllowed, match="return results"):
        lifecycle.return_result(
            ctx, code, official, method=ResultDelivery.DESK, collected_by="Hằng"
        )
    with pytest.raises(NotAllowed, match="take in dossiers"):
        lifecycle.withdraw(ctx, code, official, reason="Công dân rút")
    assert _written(ctx) == before
    lifecycle.return_result(
        ctx, code, staff["clerk"], method=ResultDelivery.DESK, collected_by="Hằng"
    )


def test_the_quality_records_are_the_iso_secretarys_not_the_desks(ctx, staff, make_request):
    template = checklists.templates(ctx)[0]
    with pytest.raises(NotAllowed, match="answer the ISO checklists"):
        checklists.start_run(
            ctx, staff["clerk"], template.code, run_on=date(2026, 3, 16), scope="", auditors=["A"]
        )
    run = checklists.start_run(
        ctx, staff["iso_secretary"], template.code, run_on=date(2026, 3, 16), scope="",
        auditors=["Trần Thị Thu"],
    )  # fmt: skip
    checklists.answer(ctx, staff["iso_secretary"], run.id, template.items[0].id, "minor")
    with pytest.raises(NotAllowed, match="keep the quality registers"):
        nonconformities.create(
            ctx, staff["official"], source="manual", found_on=date(2026, 3, 16),
            severity="minor", description="Thiếu sổ theo dõi",
        )  # fmt: skip
    nonconformities.create(
        ctx, staff["iso_secretary"], source="manual", found_on=date(2026, 3, 16),
        severity="minor", description="Thiếu sổ theo dõi",
    )  # fmt: skip


def test_the_refusal_names_the_roles_that_may():
    assert permissions.refusal(P.SETTINGS) == (
        "Only a leader or an administrator can change the settings."
    )
    assert permissions.refusal(P.USERS) == "Only an administrator can manage user accounts."
    assert permissions.refusal(P.INTAKE) == (
        "Only a desk clerk, a leader or an administrator can take in dossiers."
    )


def test_role_labels_and_checks_without_a_user():
    assert [permissions.role_label(r) for r in ROLES] == [
        "Desk clerk", "Handling official", "Leader", "ISO secretary", "Administrator"
    ]  # fmt: skip
    assert permissions.role_label("visitor") == "visitor"
    assert not permissions.can(None, P.REPORTS)
    with pytest.raises(NotAllowed):
        permissions.require(None, P.REPORTS)


def test_the_settings_need_no_actor_before_the_first_account(ctx, profile):
    setup.save_profile(ctx, profile)  # the setup wizard, before any account exists
    admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
    with pytest.raises(NotAllowed):
        setup.save_profile(ctx, profile)
    setup.save_profile(ctx, profile, admin)


def test_importing_the_old_tracking_book_is_a_setting(ctx, staff, tmp_path):
    from motcua_desktop.services.migrate_book import migrate_book

    book = tmp_path / "so.csv"
    book.write_text("Mã hồ sơ,Tên cá nhân\n", encoding="utf-8")
    before = _written(ctx)
    with pytest.raises(NotAllowed, match="change the settings"):
        migrate_book(ctx, book, staff["clerk"])
    assert _written(ctx) == before


def test_slips_are_printed_by_the_desk_and_the_book_by_whoever_reports(ctx, staff, make_request):
    from motcua_desktop.services import printing

    code = _accepted(ctx, staff, make_request)
    secretary = staff["iso_secretary"]
    with pytest.raises(NotAllowed, match="take in dossiers"):
        printing.print_slip(ctx, code, "receipt", secretary)
    with pytest.raises(NotAllowed, match="handling of a dossier"):
        printing.print_slip(ctx, code, "control_sheet", secretary)
    assert printing.list_documents(ctx, code) == []
    assert printing.print_slip(ctx, code, "receipt", staff["clerk"]).path.exists()
    assert printing.print_slip(ctx, code, "control_sheet", staff["official"]).path.exists()
    book = printing.print_book(ctx, date(2026, 3, 1), date(2026, 3, 31), secretary)
    assert book.exists()
