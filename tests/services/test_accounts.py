"""Accounts: password rules, the timed lockout, resets, roles and the audit trail of each."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from motcua_desktop.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    NotAllowed,
    ValidationError,
)
from motcua_desktop.i18n import set_language
from motcua_desktop.services import passwords, users
from motcua_desktop.store.models import AuditEntry, User

T0 = datetime(2026, 3, 10, 9, 0)


def _events(ctx, *actions):
    with ctx.db.session() as s:  # writes nothing; the commit keeps the rows readable
        q = select(AuditEntry).where(AuditEntry.table_name == "users").order_by(AuditEntry.position)
        if actions:
            q = q.where(AuditEntry.action.in_(actions))
        return list(s.scalars(q))


def _failed_logins(ctx, username):
    with ctx.db.session(readonly=True) as s:
        return s.scalar(select(User.failed_logins).where(User.username == username))


# --- password rules ---


@given(st.text(max_size=passwords.MIN_PASSWORD - 1))
def test_any_password_shorter_than_eight_is_refused(password):
    with pytest.raises(ValidationError) as err:
        users.check_password_rules(password)
    assert err.value.field == "password"


letters = st.characters(categories=("Lu", "Ll", "Lo"))
digits = st.characters(categories=("Nd",))


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(st.text(min_size=6), letters, digits, st.randoms())
def test_a_letter_and_a_digit_in_eight_is_enough(rest, letter, digit, rnd):
    chars = [*rest, letter, digit]
    rnd.shuffle(chars)
    password = "".join(chars)
    assume("lan" not in password.lower())
    assume(password.lower() not in passwords.COMMON_PASSWORDS)
    users.check_password_rules(password, "lan")


@pytest.mark.parametrize(
    "password",
    ["abcdefgh", "12345678", "--------", "Password1", "MATKHAU1", "motcua123", "admin123"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        users.check_password_rules(password)


def test_the_user_name_inside_the_password_is_refused():
    with pytest.raises(ValidationError, match="user name"):
        users.check_password_rules("xLan-2026", "lan")
    users.check_password_rules("an-2026-x", "an")  # too short a name to look for


def test_the_rules_apply_when_an_account_is_made(ctx, admin):
    with pytest.raises(ValidationError):
        users.create_user(ctx, "lan", "Lan", "lan12345", "clerk", admin)
    assert [u.username for u in users.list_users(ctx)] == ["admin"]


def test_temporary_passwords_meet_the_rules_and_read_aloud():
    for _n in range(50):
        temp = passwords.temporary_password("admin")
        users.check_password_rules(temp, "admin")
        assert not set(temp) & set("01ilo9q")


# --- lockout ---


def test_five_wrong_passwords_lock_for_fifteen_minutes(ctx, admin, clerk):
    for n in range(1, users.MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationFailed) as err:
            users.authenticate(ctx, "lan", "wrong-pass-1", now=T0 + timedelta(seconds=n))
        assert not isinstance(err.value, AccountLocked)
    assert _failed_logins(ctx, "lan") == 4
    with pytest.raises(AccountLocked) as locked:
        users.authenticate(ctx, "lan", "wrong-pass-1", now=T0 + timedelta(seconds=5))
    until = T0 + timedelta(seconds=5, minutes=users.LOCKOUT_MINUTES)
    assert locked.value.until == until
    assert "09:15" in locked.value.message

    # While locked even the right password is refused, and the lock does not grow.
    just_before = until - timedelta(seconds=1)
    with pytest.raises(AccountLocked) as still:
        users.authenticate(ctx, "lan", "secret-2", now=just_before)
    assert still.value.until == until

    me = users.authenticate(ctx, "lan", "secret-2", now=until + timedelta(seconds=1))
    assert me.username == "lan"
    assert _failed_logins(ctx, "lan") == 0

    logins = _events(ctx, "login", "login_failed", "account_locked")
    events = [(e.action, e.actor_id, e.actor_name) for e in logins]
    mine = (clerk.id, clerk.full_name)
    assert events == [
        ("login_failed", *mine), ("login_failed", *mine), ("login_failed", *mine),
        ("login_failed", *mine), ("login_failed", *mine), ("account_locked", *mine),
        ("login_failed", *mine), ("login", *mine),
    ]  # fmt: skip
    locked_event = _events(ctx, "account_locked")[0]
    assert locked_event.changes == {"username": "lan", "until": until.isoformat()}
    assert _events(ctx, "login_failed")[-1].changes == {"username": "lan", "reason": "locked"}


def test_after_the_lock_runs_out_a_fresh_series_begins(ctx, admin, clerk):
    for _n in range(5):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(ctx, "lan", "wrong-pass-1", now=T0)
    later = T0 + timedelta(minutes=20)
    for _n in range(4):
        with pytest.raises(AuthenticationFailed) as err:
            users.authenticate(ctx, "lan", "wrong-pass-1", now=later)
        assert not isinstance(err.value, AccountLocked)
    assert users.authenticate(ctx, "lan", "secret-2", now=later).username == "lan"


def test_the_lock_message_in_vietnamese(ctx, admin, clerk):
    set_language("vi")
    for _n in range(5):
        with pytest.raises(AuthenticationFailed) as err:
            users.authenticate(ctx, "lan", "wrong-pass-1", now=T0)
    assert isinstance(err.value, AccountLocked)
    assert "09:15 10/03/2026" in err.value.message  # the Vietnamese order of time and date


def test_an_administrator_unlocks_at_once(ctx, admin, clerk):
    for _n in range(5):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(ctx, "lan", "wrong-pass-1")
    [locked] = [u for u in users.list_users(ctx) if u.username == "lan"]
    assert locked.locked_until is not None
    with pytest.raises(NotAllowed):
        users.unlock(ctx, "lan", clerk)
    users.unlock(ctx, "lan", admin)
    assert users.authenticate(ctx, "lan", "secret-2").username == "lan"
    [event] = _events(ctx, "account_unlocked")
    assert (event.actor_id, event.changes["username"]) == (admin.id, "lan")


# --- resets and changes ---


def test_a_reset_gives_a_temporary_password_that_must_be_changed(ctx, admin, clerk):
    with pytest.raises(NotAllowed):
        users.reset_password(ctx, "admin", clerk)
    temp = users.reset_password(ctx, "lan", admin)
    users.check_password_rules(temp, "lan")
    with pytest.raises(AuthenticationFailed):
        users.authenticate(ctx, "lan", "secret-2")
    first = users.authenticate(ctx, "lan", temp)
    assert first.must_change_password
    assert users.authenticate(ctx, "lan", temp).must_change_password  # until changed
    with pytest.raises(ValidationError):
        users.change_password(ctx, "lan", temp, first, old_password=temp)  # not the same one
    users.change_password(ctx, "lan", "ngoc-moi-2026", first, old_password=temp)
    after = users.authenticate(ctx, "lan", "ngoc-moi-2026")
    assert not after.must_change_password
    with pytest.raises(AuthenticationFailed):
        users.authenticate(ctx, "lan", temp)

    [reset] = _events(ctx, "password_reset")
    assert (reset.actor_id, reset.actor_name) == (admin.id, admin.full_name)
    assert reset.changes == {"username": "lan"}
    [changed] = _events(ctx, "password_changed")
    assert changed.actor_id == clerk.id
    everything = json.dumps([e.changes for e in _events(ctx)], ensure_ascii=False)
    assert temp not in everything and "ngoc-moi-2026" not in everything


def test_a_reset_clears_the_lock(ctx, admin, clerk):
    for _n in range(5):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(ctx, "lan", "wrong-pass-1")
    temp = users.reset_password(ctx, "lan", admin)
    assert users.authenticate(ctx, "lan", temp).must_change_password


def test_changing_ones_own_password_needs_the_old_one_even_for_an_admin(ctx, admin):
    with pytest.raises(AuthenticationFailed) as err:
        users.change_password(ctx, "admin", "new-secret-7", admin)
    assert err.value.field == "old_password"
    users.change_password(ctx, "admin", "new-secret-7", admin, old_password="secret-1")
    assert users.authenticate(ctx, "admin", "new-secret-7") == admin


def test_an_admin_setting_someones_password_makes_them_change_it(ctx, admin, clerk):
    users.change_password(ctx, "lan", "given-pass-4", admin)
    assert users.authenticate(ctx, "lan", "given-pass-4").must_change_password
    [event] = _events(ctx, "password_reset")
    assert event.changes == {"username": "lan", "chosen_by_admin": True}


def test_the_new_password_follows_the_rules(ctx, clerk):
    with pytest.raises(ValidationError):
        users.change_password(ctx, "lan", "short1", clerk, old_password="secret-2")


# --- roles and the last administrator ---


def test_roles_change_and_are_audited(ctx, admin, clerk):
    info = users.set_role(ctx, "lan", "official", admin)
    assert info.role == "official"
    with pytest.raises(ValidationError):
        users.set_role(ctx, "lan", "boss", admin)
    with pytest.raises(NotAllowed):
        users.set_role(ctx, "lan", "admin", clerk)
    [event] = _events(ctx, "role_changed")
    assert event.changes == {"username": "lan", "before": "clerk", "after": "official"}
    assert event.actor_id == admin.id


def test_the_last_active_administrator_stays(ctx, admin, clerk):
    with pytest.raises(NotAllowed, match="last active administrator"):
        users.set_role(ctx, "admin", "leader", admin)
    second = users.create_user(ctx, "tuan", "Võ Văn Tuấn", "secret-6", "admin", admin)
    users.set_role(ctx, "admin", "leader", second)  # another administrator is left
    # ``admin`` still holds an old copy of its account saying "admin"; the service
    # does not let that copy disable the one administrator left.
    with pytest.raises(NotAllowed, match="last active administrator"):
        users.set_active(ctx, "tuan", False, admin)
    assert users.get_user(ctx, "tuan").role == "admin"
    assert [u.role for u in users.list_users(ctx) if u.username == "admin"] == ["leader"]


def test_disabling_and_enabling(ctx, admin, clerk):
    with pytest.raises(NotAllowed):
        users.set_active(ctx, "admin", False, admin)  # not oneself
    with pytest.raises(NotAllowed):
        users.set_active(ctx, "admin", False, clerk)
    users.set_active(ctx, "lan", False, admin)
    with pytest.raises(AuthenticationFailed):
        users.authenticate(ctx, "lan", "secret-2")
    everyone = users.list_users(ctx, include_inactive=True)
    assert [(u.username, u.active) for u in everyone] == [("admin", True), ("lan", False)]
    users.set_active(ctx, "lan", True, admin)
    assert users.authenticate(ctx, "lan", "secret-2").username == "lan"
    actions = [e.action for e in _events(ctx, "account_disabled", "account_enabled")]
    assert actions == ["account_disabled", "account_enabled"]


def test_only_an_administrator_adds_users(ctx, admin, clerk):
    with pytest.raises(NotAllowed, match="administrator"):
        users.create_user(ctx, "hoa", "Lê Thị Hoa", "secret-3", "official", clerk)
    made = users.create_user(ctx, "hoa", "Lê Thị Hoa", "secret-3", "iso_secretary", admin)
    assert made.role == "iso_secretary" and not made.must_change_password


# --- idle lock ---


def test_idle_lock_minutes(ctx, admin, clerk):
    assert users.idle_lock_minutes(ctx) == 10
    leader = users.create_user(ctx, "ha", "Lê Thị Thu Hà", "secret-3", "leader", admin)
    assert users.set_idle_lock_minutes(ctx, 0, leader) == 0
    assert users.idle_lock_minutes(ctx) == 0
    users.set_idle_lock_minutes(ctx, 240, admin)
    assert users.idle_lock_minutes(ctx) == 240
    for bad in (-1, 241, 2.5, "5", True):
        with pytest.raises(ValidationError):
            users.set_idle_lock_minutes(ctx, bad, admin)
    with pytest.raises(NotAllowed):
        users.set_idle_lock_minutes(ctx, 5, clerk)
    assert users.idle_lock_minutes(ctx) == 240
    with ctx.db.session() as s:
        entry = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == "settings")
            .order_by(AuditEntry.position.desc())
            .limit(1)
        ).one()
    assert (entry.action, entry.actor_id) == ("update", admin.id)
