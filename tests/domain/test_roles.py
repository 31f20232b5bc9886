"""The role matrix: who may do what, and the table of it in docs/architecture.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from motcua_desktop.domain import roles
from motcua_desktop.domain.roles import GRANTS, ROLES, Permission, can, roles_with

P = Permission
DOCS = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_the_five_roles_in_order():
    assert ROLES == ("clerk", "official", "leader", "iso_secretary", "admin")
    assert set(GRANTS) == set(ROLES)


def test_the_desk_clerk():
    assert GRANTS["clerk"] == {
        P.INTAKE, P.RETURN, P.PROCESS, P.SURVEY_ENTRY, P.SYNC, P.REPORTS, P.VIEW_ID_NUMBERS
    }  # fmt: skip


def test_the_handling_official_processes_but_does_not_take_in():
    assert GRANTS["official"] == {P.PROCESS, P.REPORTS, P.VIEW_ID_NUMBERS}


def test_the_iso_secretary_keeps_the_quality_records_but_sees_no_id_numbers():
    assert GRANTS["iso_secretary"] == {
        P.CHECKLIST_ANSWER, P.QUALITY_REGISTER, P.SURVEY_ENTRY, P.REPORTS
    }  # fmt: skip
    assert not can("iso_secretary", P.VIEW_ID_NUMBERS)


def test_the_leader_has_all_but_accounts_and_restore():
    others = GRANTS["clerk"] | GRANTS["official"] | GRANTS["iso_secretary"]
    assert others <= GRANTS["leader"]
    for extra in (P.SIGN_OFF, P.CHECKLIST_CLOSE, P.QUALITY_OBJECTIVES, P.SETTINGS, P.PURGE):
        assert can("leader", extra)
    assert set(Permission) - GRANTS["leader"] == {P.USERS, P.RESTORE}


def test_the_administrator_may_do_everything():
    assert GRANTS["admin"] == frozenset(Permission)


@pytest.mark.parametrize("permission", [P.USERS, P.RESTORE])
def test_only_the_administrator_manages_accounts_and_restores(permission):
    assert roles_with(permission) == ("admin",)


def test_unknown_roles_and_permissions_grant_nothing():
    assert not can("", P.INTAKE)
    assert not can("superuser", P.INTAKE)
    assert not can("admin", "fly")
    assert can("clerk", "intake")  # the permission's value works as well as the member


def test_grants_cannot_be_changed_at_run_time():
    with pytest.raises(TypeError):
        roles.GRANTS["clerk"] = frozenset(Permission)  # type: ignore[index]


def test_the_documented_matrix_is_the_one_in_force():
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    start = lines.index("| permission | " + " | ".join(ROLES) + " |")
    table = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        name = cells[0].strip("`")
        table[Permission[name]] = {r for r, mark in zip(ROLES, cells[1:], strict=True) if mark}
    assert set(table) == set(Permission)
    for permission, holders in table.items():
        assert holders == set(roles_with(permission)), permission
