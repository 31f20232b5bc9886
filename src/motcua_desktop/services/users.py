"""Desk users: accounts, roles, logins with a timed lockout, and password changes.

Every login, failure, lockout and password change is an event in the audit
trail (``store.audit_chain.record_event``), never with the password itself.
Administering accounts (roles, resets, unlocking, disabling) is in
``services.accounts``; ``users.reset_password`` etc. reach it too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from motcua_desktop.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    NotAllowed,
    NotFound,
    ValidationError,
)
from motcua_desktop.domain.roles import ADMIN, ROLES, Permission
from motcua_desktop.i18n import _, format_ui_datetime
from motcua_desktop.services import settings
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.passwords import (  # re-exported: callers know them from here
    MIN_PASSWORD as MIN_PASSWORD,
)
from motcua_desktop.services.passwords import (
    check_password_rules as check_password_rules,
)
from motcua_desktop.services.passwords import hash_password as hash_password
from motcua_desktop.services.passwords import verify_password as verify_password
from motcua_desktop.services.permissions import require
from motcua_desktop.store import audit_chain
from motcua_desktop.store import models as store_models
from motcua_desktop.store.models import User

MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15
IDLE_LOCK_KEY = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_IDLE_LOCK_MINUTES = 240


@cache
def _dummy_hash() -> str:
    """A hash to check wrong user names against, so the time taken does not tell them apart."""
    return hash_password("not-a-user-1")


@dataclass(frozen=True)
class UserInfo:
    id: str
    username: str
    full_name: str
    role: str
    must_change_password: bool = False
    # The stored lock; it may lie in the past (the account has opened again).
    locked_until: datetime | None = None
    active: bool = True

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


def _info(u: User) -> UserInfo:
    return UserInfo(
        id=u.id,
        username=u.username,
        full_name=u.full_name,
        role=u.role,
        must_change_password=bool(u.must_change_password),
        locked_until=u.locked_until,
        active=bool(u.active),
    )


def _normalise_username(username: str) -> str:
    return username.strip().lower()


def _row(s: Session, username: str) -> User:
    user = s.scalar(select(User).where(User.username == _normalise_username(username)))
    if user is None:
        raise NotFound(_("There is no user {name}.").format(name=username))
    return user


def _event(s: Session, action: str, user: User, actor, **changes) -> None:
    audit_chain.record_event(
        s,
        action,
        table_name=User.__tablename__,
        row_id=user.id,
        changes={"username": user.username, **changes},
        actor=actor,
    )


def _as_actor(user: User) -> tuple[str, str]:
    return (user.id, user.full_name)


def has_users(ctx: AppContext) -> bool:
    with ctx.db.session(readonly=True) as s:
        return s.scalar(select(User.id).limit(1)) is not None


def create_user(
    ctx: AppContext,
    username: str,
    full_name: str,
    password: str,
    role: str,
    actor: UserInfo | None = None,
) -> UserInfo:
    """Add an account. The first account must be an admin; later ones need an admin actor."""
    name = _normalise_username(username)
    if not name or not name.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise ValidationError(
            _("A user name uses letters, digits, dots, dashes or underscores."), field="username"
        )
    if not full_name.strip():
        raise ValidationError(_("Enter the person's full name."), field="full_name")
    _check_role(role)
    check_password_rules(password, name)
    password_hash = hash_password(password)
    with ctx.db.session(actor=actor) as s:
        count = s.scalar(select(func.count()).select_from(User))
        if count == 0 and role != ADMIN:
            raise NotAllowed(_("The first user must be an administrator."), field="role")
        if count:
            require(actor, Permission.USERS)
        if s.scalar(select(User.id).where(User.username == name)):
            raise ValidationError(
                _("The user name {name} is already taken.").format(name=name), field="username"
            )
        user = User(
            username=name,
            full_name=full_name.strip(),
            role=role,
            password_hash=password_hash,
            active=True,
            failed_logins=0,
            password_changed_at=store_models.now(),
            must_change_password=False,
            created_by=actor.id if actor else None,
        )
        s.add(user)
        s.flush()
        return _info(user)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError(
            _("The role must be one of: {roles}.").format(roles=", ".join(ROLES)), field="role"
        )


def _locked_message(until: datetime) -> str:
    return _(
        "This account is locked after too many wrong passwords; try again after {time}."
    ).format(time=format_ui_datetime(until))


def authenticate(
    ctx: AppContext, username: str, password: str, *, now: datetime | None = None
) -> UserInfo:
    """The user for these credentials; AuthenticationFailed without saying which part was wrong.

    The MAX_FAILED_LOGINS-th wrong password in a row locks the account for
    LOCKOUT_MINUTES (AccountLocked, with the time it opens); while locked, no
    password is checked and the lock is not extended. ``now`` is for tests.
    """
    when = now or store_models.now()
    name = _normalise_username(username)
    locked: datetime | None = None
    info: UserInfo | None = None
    with ctx.db.session() as s:
        user = s.scalar(select(User).where(User.username == name))
        if user is None or not user.active:
            # Spend the same time as a real check so timing does not reveal user names.
            verify_password(password, _dummy_hash())
        else:
            # The account's own edits (failed count, lock) are signed with its name.
            audit_chain.set_actor(s, _as_actor(user))
            locked, info = _try_login(s, user, password, when)
    # Raised after the commit so the failed-login count and the events are kept.
    if locked is not None:
        raise AccountLocked(_locked_message(locked), until=locked)
    if info is None:
        raise AuthenticationFailed(_("Wrong user name or password."))
    return info


def _try_login(
    s: Session, user: User, password: str, when: datetime
) -> tuple[datetime | None, UserInfo | None]:
    """(the lock now holding, the user if the password is right), events written."""
    me = _as_actor(user)
    if user.locked_until is not None and user.locked_until > when:
        _event(s, "login_failed", user, me, reason="locked")
        return user.locked_until, None
    if user.locked_until is not None:  # the lock has run out: a fresh series of tries
        user.locked_until = None
        user.failed_logins = 0
    if verify_password(password, user.password_hash):
        if user.failed_logins:
            user.failed_logins = 0
        _event(s, "login", user, me)
        return None, _info(user)
    user.failed_logins = (user.failed_logins or 0) + 1
    _event(s, "login_failed", user, me, failures=user.failed_logins)
    if user.failed_logins < MAX_FAILED_LOGINS:
        return None, None
    user.locked_until = when + timedelta(minutes=LOCKOUT_MINUTES)
    _event(s, "account_locked", user, me, until=user.locked_until)
    return user.locked_until, None


def list_users(ctx: AppContext, *, include_inactive: bool = False) -> list[UserInfo]:
    """The accounts by user name; ``locked_until`` only where the lock still holds."""
    moment = store_models.now()
    with ctx.db.session(readonly=True) as s:
        q = select(User).order_by(User.username)
        if not include_inactive:
            q = q.where(User.active.is_(True))
        out = []
        for u in s.scalars(q):
            info = _info(u)
            if info.locked_until is not None and info.locked_until <= moment:
                info = replace(info, locked_until=None)
            out.append(info)
        return out


def get_user(ctx: AppContext, username: str) -> UserInfo:
    with ctx.db.session(readonly=True) as s:
        user = s.scalar(select(User).where(User.username == _normalise_username(username)))
        if user is None or not user.active:
            raise NotFound(_("There is no user {name}.").format(name=username))
        return _info(user)


def first_admin(ctx: AppContext) -> UserInfo | None:
    """The earliest active admin, used as the acting user of headless commands."""
    with ctx.db.session(readonly=True) as s:
        user = s.scalar(
            select(User)
            .where(User.role == ADMIN, User.active.is_(True))
            .order_by(User.created_at, User.username)
            .limit(1)
        )
        return _info(user) if user else None


def change_password(
    ctx: AppContext,
    username: str,
    new_password: str,
    actor: UserInfo,
    old_password: str | None = None,
) -> None:
    """Change a password: one's own with the old one, or (an administrator) anyone's.

    A password an administrator chose for someone else must be changed by its
    owner at the next login, as after ``reset_password``.
    """
    name = _normalise_username(username)
    own = actor is not None and actor.username == name
    if not own:
        require(actor, Permission.USERS)
    check_password_rules(new_password, name)
    with ctx.db.session(actor=actor) as s:
        user = _row(s, name)
        if own and not verify_password(old_password or "", user.password_hash):
            raise AuthenticationFailed(_("The current password is wrong."), field="old_password")
        if own and verify_password(new_password, user.password_hash):
            raise ValidationError(
                _("Choose a password different from the current one."), field="password"
            )
        user.password_hash = hash_password(new_password)
        user.password_changed_at = store_models.now()
        user.must_change_password = not own
        user.failed_logins = 0
        user.locked_until = None
        if own:
            _event(s, "password_changed", user, actor)
        else:
            _event(s, "password_reset", user, actor, chosen_by_admin=True)


def idle_lock_minutes(ctx: AppContext) -> int:
    """Minutes without input before the window locks (0: never); 10 unless set."""
    value = settings.get_preference(ctx, IDLE_LOCK_KEY, DEFAULT_IDLE_LOCK_MINUTES)
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return DEFAULT_IDLE_LOCK_MINUTES
    return minutes if 0 <= minutes <= MAX_IDLE_LOCK_MINUTES else DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(ctx: AppContext, minutes: int, actor: UserInfo) -> int:
    """Set the idle lock (0 turns it off); a leader's or an administrator's setting."""
    require(actor, Permission.SETTINGS)
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValidationError(_("Give the idle lock time in whole minutes."), field="minutes")
    if not 0 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        raise ValidationError(
            _("The idle lock time must be between 0 (never) and {n} minutes.").format(
                n=MAX_IDLE_LOCK_MINUTES
            ),
            field="minutes",
        )
    with ctx.db.session(actor=actor) as s:
        settings.write(s, IDLE_LOCK_KEY, minutes, actor.id)
    return minutes


# Account administration lives in services.accounts (which builds on this
# module); its functions are served from here too, loaded on first use.
_ACCOUNT_ADMIN = frozenset({"reset_password", "set_active", "set_role", "unlock"})


def __getattr__(name: str):
    if name in _ACCOUNT_ADMIN:
        from motcua_desktop.services import accounts

        return getattr(accounts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
