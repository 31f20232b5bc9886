"""Administering accounts: roles, password resets, unlocking, disabling; each one audited.

Only a holder of ``Permission.USERS`` (the administrator) may do these, and
never so that no active administrator is left. Reached as
``services.users.reset_password`` etc. as well.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import NotAllowed
from motcua_desktop.domain.roles import ADMIN, Permission
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.passwords import hash_password, temporary_password
from motcua_desktop.services.permissions import require
from motcua_desktop.services.users import UserInfo, _check_role, _event, _info, _row
from motcua_desktop.store import models as store_models
from motcua_desktop.store.models import User


def _other_active_admins(s: Session, user: User) -> int:
    return s.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == ADMIN, User.active.is_(True), User.id != user.id)
    )


def _keep_an_admin(s: Session, user: User) -> None:
    if user.role == ADMIN and user.active and not _other_active_admins(s, user):
        raise NotAllowed(
            _("{name} is the last active administrator; make another administrator first.").format(
                name=user.full_name or user.username
            )
        )


def reset_password(ctx: AppContext, username: str, actor: UserInfo) -> str:
    """Give the account a temporary password (returned, to be handed over in person, once).

    The owner must choose a new one at the next login; the lock and the failed
    count are cleared. The audit trail says who reset whose password, not the password.
    """
    require(actor, Permission.USERS)
    with ctx.db.session(actor=actor) as s:
        user = _row(s, username)
        password = temporary_password(user.username)
        user.password_hash = hash_password(password)
        user.password_changed_at = store_models.now()
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        _event(s, "password_reset", user, actor)
    return password


def set_role(ctx: AppContext, username: str, role: str, actor: UserInfo) -> UserInfo:
    """Give the account another role; the last active administrator keeps theirs."""
    require(actor, Permission.USERS)
    _check_role(role)
    with ctx.db.session(actor=actor) as s:
        user = _row(s, username)
        if user.role != role:
            if role != ADMIN:
                _keep_an_admin(s, user)
            before, user.role = user.role, role
            _event(s, "role_changed", user, actor, before=before, after=role)
        return _info(user)


def unlock(ctx: AppContext, username: str, actor: UserInfo) -> UserInfo:
    """Open an account locked by wrong passwords before its lock runs out."""
    require(actor, Permission.USERS)
    with ctx.db.session(actor=actor) as s:
        user = _row(s, username)
        was = user.locked_until
        user.locked_until = None
        user.failed_logins = 0
        _event(s, "account_unlocked", user, actor, locked_until=was)
        return _info(user)


def set_active(ctx: AppContext, username: str, active: bool, actor: UserInfo) -> None:
    """Disable or re-enable an account (accounts are never deleted)."""
    require(actor, Permission.USERS)
    with ctx.db.session(actor=actor) as s:
        user = _row(s, username)
        if user.active == active:
            return
        if not active:
            if user.id == actor.id:
                raise NotAllowed(_("You cannot disable your own account."))
            _keep_an_admin(s, user)
        user.active = active
        _event(s, "account_enabled" if active else "account_disabled", user, actor)
