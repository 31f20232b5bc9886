"""The services' gate: ``require(actor, permission)`` before any write done for a user.

The screens hide what a role lacks, but the check that counts is here, so a
command, a script or a stale window cannot do more than the role allows.
"""

from __future__ import annotations

from typing import Any

from motcua_desktop.domain import roles
from motcua_desktop.domain.errors import NotAllowed
from motcua_desktop.domain.roles import Permission
from motcua_desktop.i18n import N_, _

_LABELS = {
    roles.CLERK: N_("Desk clerk"),
    roles.OFFICIAL: N_("Handling official"),
    roles.LEADER: N_("Leader"),
    roles.ISO_SECRETARY: N_("ISO secretary"),
    roles.ADMIN: N_("Administrator"),
}
# The same roles inside a sentence ("Only a leader or an administrator can …").
_IN_SENTENCE = {
    roles.CLERK: N_("a desk clerk"),
    roles.OFFICIAL: N_("a handling official"),
    roles.LEADER: N_("a leader"),
    roles.ISO_SECRETARY: N_("an ISO secretary"),
    roles.ADMIN: N_("an administrator"),
}
_ONLY = {
    Permission.INTAKE: N_("Only {roles} can take in dossiers."),
    Permission.RETURN: N_("Only {roles} can return results."),
    Permission.PROCESS: N_("Only {roles} can record the handling of a dossier."),
    Permission.SIGN_OFF: N_("Only {roles} can sign this off."),
    Permission.SURVEY_ENTRY: N_("Only {roles} can enter satisfaction surveys."),
    Permission.CHECKLIST_ANSWER: N_("Only {roles} can answer the ISO checklists."),
    Permission.CHECKLIST_CLOSE: N_("Only {roles} can close and sign a checklist."),
    Permission.QUALITY_REGISTER: N_("Only {roles} can keep the quality registers."),
    Permission.QUALITY_OBJECTIVES: N_("Only {roles} can set the quality objectives."),
    Permission.SETTINGS: N_("Only {roles} can change the settings."),
    Permission.USERS: N_("Only {roles} can manage user accounts."),
    Permission.RESTORE: N_("Only {roles} can restore a backup."),
    Permission.SYNC: N_("Only {roles} can exchange bundles with the district."),
    Permission.REPORTS: N_("Only {roles} can print or export reports."),
    Permission.VIEW_ID_NUMBERS: N_("Only {roles} can see full ID numbers."),
    Permission.PURGE: N_("Only {roles} can purge personal data."),
}


def role_label(role: str) -> str:
    """The role's name in the UI language ("Leader" / "Lãnh đạo"); an unknown role as is."""
    label = _LABELS.get(role)
    return _(label) if label else role


def can(actor: Any, permission: Permission | str) -> bool:
    """Whether ``actor`` (a ``UserInfo``, or anything with a ``role``) may do it; None may not."""
    if actor is None:
        return False
    return roles.can(getattr(actor, "role", ""), permission)


def refusal(permission: Permission | str) -> str:
    """The clerk-readable sentence saying which roles may do it."""
    permission = Permission(permission)
    names = [_(_IN_SENTENCE[r]) for r in roles.roles_with(permission)]
    if len(names) > 1:
        who = _("{first} or {last}").format(first=", ".join(names[:-1]), last=names[-1])
    else:
        who = names[0] if names else ""
    return _(_ONLY[permission]).format(roles=who)


def require(actor: Any, permission: Permission | str) -> None:
    """Raise NotAllowed unless ``actor`` may do ``permission``."""
    if not can(actor, permission):
        raise NotAllowed(refusal(permission))


def require_with_accounts(ctx: Any, actor: Any, permission: Permission | str) -> None:
    """``require`` once the installation has accounts; before the first one (the setup
    wizard) or where there are none (a district store run by its tools) anyone may."""
    if actor is not None or _has_accounts(ctx):
        require(actor, permission)


def _has_accounts(ctx: Any) -> bool:
    from sqlalchemy import select

    from motcua_desktop.store.models import User

    with ctx.db.session(readonly=True) as s:
        return s.scalar(select(User.id).limit(1)) is not None
