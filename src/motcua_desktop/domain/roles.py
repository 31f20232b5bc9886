"""Who may do what: the roles of a commune's staff and the permissions each one grants.

The services check these (``services.permissions.require``) before they write;
the screens only hide what a role lacks. The matrix is in docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

CLERK, OFFICIAL, LEADER, ISO_SECRETARY, ADMIN = (
    "clerk",
    "official",
    "leader",
    "iso_secretary",
    "admin",
)
ROLES = (CLERK, OFFICIAL, LEADER, ISO_SECRETARY, ADMIN)


class Permission(StrEnum):
    """One kind of act the program lets a role do."""

    INTAKE = "intake"  # take in, ask for a supplement, refuse at the desk, withdraw, resubmit
    RETURN = "return"  # hand the result to the citizen (or post it)
    PROCESS = "process"  # start, hand over, finish, supplement, payment, extension, stop
    SIGN_OFF = "sign_off"  # a leader's approval where a step needs one
    SURVEY_ENTRY = "survey_entry"  # type in the paper satisfaction surveys
    CHECKLIST_ANSWER = "checklist_answer"
    CHECKLIST_CLOSE = "checklist_close"  # close and sign an ISO checklist
    QUALITY_REGISTER = "quality_register"  # nonconformities, quality records, objective data
    QUALITY_OBJECTIVES = "quality_objectives"  # set the quality objectives
    SETTINGS = "settings"  # commune, reports, catalogue, calendar, idle lock, retention
    USERS = "users"  # accounts
    RESTORE = "restore"  # restore a backup
    SYNC = "sync"  # export and import bundles at the commune
    REPORTS = "reports"  # print or export the reports
    VIEW_ID_NUMBERS = "view_id_numbers"  # see citizens' full ID numbers
    PURGE = "purge"  # run the personal-data retention purge


P = Permission
_DESK = frozenset(
    {P.INTAKE, P.RETURN, P.PROCESS, P.SURVEY_ENTRY, P.SYNC, P.REPORTS, P.VIEW_ID_NUMBERS}
)
_OFFICIAL = frozenset({P.PROCESS, P.REPORTS, P.VIEW_ID_NUMBERS})
_ISO_SECRETARY = frozenset({P.CHECKLIST_ANSWER, P.QUALITY_REGISTER, P.SURVEY_ENTRY, P.REPORTS})
# The leader heads the office and its quality system: all the desk's and the
# officials' work, the ISO secretary's, plus approvals and settings; not the
# accounts or a restore, which stay with the administrator.
_LEADER = (
    _DESK
    | _OFFICIAL
    | _ISO_SECRETARY
    | {P.SIGN_OFF, P.CHECKLIST_CLOSE, P.QUALITY_OBJECTIVES, P.SETTINGS, P.PURGE}
)

GRANTS: Mapping[str, frozenset[Permission]] = MappingProxyType(
    {
        CLERK: _DESK,
        OFFICIAL: _OFFICIAL,
        LEADER: frozenset(_LEADER),
        ISO_SECRETARY: _ISO_SECRETARY,
        # A small commune may have one PC and one administrator who also works
        # the desk, and headless commands act as the first administrator: the
        # administrator may do everything.
        ADMIN: frozenset(Permission),
    }
)


def can(role: str, permission: Permission | str) -> bool:
    """Whether ``role`` grants ``permission`` (an unknown role or permission grants nothing)."""
    try:
        wanted = Permission(permission)
    except ValueError:
        return False
    return wanted in GRANTS.get(role, frozenset())


def roles_with(permission: Permission | str) -> tuple[str, ...]:
    """The roles that grant ``permission``, in the order of ``ROLES``."""
    return tuple(role for role in ROLES if can(role, permission))
