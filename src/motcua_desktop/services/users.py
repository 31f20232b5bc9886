"""Desk users: accounts, roles and scrypt password hashes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from sqlalchemy import func, select

from motcua_desktop.domain.errors import (
    AuthenticationFailed,
    NotAllowed,
    NotFound,
    ValidationError,
)
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.store.models import User

ROLES = ("clerk", "leader", "admin")
# scrypt cost: ~50 ms per check on a slow desk PC, 16 MiB of memory.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 4


@dataclass(frozen=True)
class UserInfo:
    id: str
    username: str
    full_name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` with a fresh random salt."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=2**26,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _info(u: User) -> UserInfo:
    return UserInfo(id=u.id, username=u.username, full_name=u.full_name, role=u.role)


def _normalise_username(username: str) -> str:
    return username.strip().lower()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            _("A password needs at least {n} characters.").format(n=MIN_PASSWORD),
            field="password",
        )


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
    if role not in ROLES:
        raise ValidationError(
            _("The role must be one of: {roles}.").format(roles=", ".join(ROLES)), field="role"
        )
    _check_password(password)
    password_hash = hash_password(password)
    with ctx.db.session() as s:
        count = s.scalar(select(func.count()).select_from(User))
        if count == 0 and role != "admin":
            raise NotAllowed(_("The first user must be an administrator."), field="role")
        if count and (actor is None or actor.role != "admin"):
            raise NotAllowed(_("Only an administrator can add users."))
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
            created_by=actor.id if actor else None,
        )
        s.add(user)
        s.flush()
        return _info(user)


def authenticate(ctx: AppContext, username: str, password: str) -> UserInfo:
    """The user for these credentials; AuthenticationFailed without saying which part was wrong."""
    name = _normalise_username(username)
    failed = False
    with ctx.db.session() as s:
        user = s.scalar(select(User).where(User.username == name))
        if user is None or not user.active:
            # Spend the same time as a real check so timing does not reveal user names.
            verify_password(password, hash_password("x"))
            failed = True
        elif not verify_password(password, user.password_hash):
            user.failed_logins += 1
            failed = True
        else:
            if user.failed_logins:
                user.failed_logins = 0
            info = _info(user)
    # Raised after the commit so the failed-login count is kept.
    if failed:
        raise AuthenticationFailed(_("Wrong user name or password."))
    return info


def list_users(ctx: AppContext, *, include_inactive: bool = False) -> list[UserInfo]:
    with ctx.db.session(readonly=True) as s:
        q = select(User).order_by(User.username)
        if not include_inactive:
            q = q.where(User.active.is_(True))
        return [_info(u) for u in s.scalars(q)]


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
            .where(User.role == "admin", User.active.is_(True))
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
    """Users change their own password (giving the old one); an admin may reset anyone's."""
    _check_password(new_password)
    name = _normalise_username(username)
    own = actor.username == name
    if not own and actor.role != "admin":
        raise NotAllowed(_("Only an administrator can change another user's password."))
    with ctx.db.session() as s:
        user = s.scalar(select(User).where(User.username == name))
        if user is None:
            raise NotFound(_("There is no user {name}.").format(name=username))
        if (
            own
            and actor.role != "admin"
            and not verify_password(old_password or "", user.password_hash)
        ):
            raise AuthenticationFailed(_("The current password is wrong."), field="old_password")
        user.password_hash = hash_password(new_password)
        user.failed_logins = 0


def set_active(ctx: AppContext, username: str, active: bool, actor: UserInfo) -> None:
    """Disable or re-enable an account (accounts are never deleted)."""
    if actor.role != "admin":
        raise NotAllowed(_("Only an administrator can disable users."))
    with ctx.db.session() as s:
        user = s.scalar(select(User).where(User.username == _normalise_username(username)))
        if user is None:
            raise NotFound(_("There is no user {name}.").format(name=username))
        if not active and user.id == actor.id:
            raise NotAllowed(_("You cannot disable your own account."))
        user.active = active
