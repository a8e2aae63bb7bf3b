from __future__ import annotations

import pytest
from sqlalchemy import select

from audits import auth
from audits.auth import LoginFailed, PermissionDenied
from audits.models import AuditLog, User
from tests.conftest import World


def test_passwords_are_hashed_with_argon2(world: World) -> None:
    with world.db.session() as s:
        user = s.scalar(select(User).where(User.username == "shop_a"))
        assert user.password_hash.startswith("$argon2")
        assert "password-123" not in user.password_hash


def test_login_checks_password_and_throttles(world: World) -> None:
    assert auth.login(world.db, "shop_a", "password-123").role == "shopper"
    with pytest.raises(LoginFailed, match="wrong username or password"):
        auth.login(world.db, "nobody", "password-123")
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(LoginFailed, match="wrong"):
            auth.login(world.db, "shop_a", "guess-guess")
    with pytest.raises(LoginFailed, match="too many"):
        auth.login(world.db, "shop_a", "password-123")


def test_session_tokens_expire_and_close(world: World) -> None:
    actor = auth.login(world.db, "mgr", "password-123")
    token = auth.open_session(world.db, actor, minutes=5)
    assert auth.actor_for_token(world.db, token) == actor
    assert auth.actor_for_token(world.db, token + "x") is None
    auth.close_session(world.db, token)
    assert auth.actor_for_token(world.db, token) is None
    expired = auth.open_session(world.db, actor, minutes=-1)
    assert auth.actor_for_token(world.db, expired) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "boss"}, "unknown role"),
        ({"role": "client"}, "needs --client"),
        ({"role": "shopper", "client": "Brand A"}, "not tied to a client"),
        ({"role": "client", "client": "Nope"}, "unknown client"),
        ({"role": "client", "client": "Brand A", "scope_store_code": "ZZ"}, "no store"),
    ],
)
def test_create_user_refuses_bad_input(world: World, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message), world.db.session() as s:
        auth.create_user(s, "newbie", "long-password", **kwargs)


def test_short_password_refused(world: World) -> None:
    with pytest.raises(ValueError, match="at least"), world.db.session() as s:
        auth.create_user(s, "newbie", "short", "shopper")


def test_audit_log_is_append_only(world: World) -> None:
    with pytest.raises(Exception, match="append-only"), world.db.session() as s:
        row = s.scalar(select(AuditLog))
        row.action = "tampered"
        s.flush()
    with pytest.raises(Exception, match="append-only"), world.db.session() as s:
        s.delete(s.scalar(select(AuditLog)))
        s.flush()


def test_scope_of_each_role(world: World) -> None:
    from audits.models import Store

    with world.db.session() as s:

        def visible(actor):
            return sorted(s.scalars(select(Store.code).where(auth.store_scope(actor))))

        assert visible(world.manager) == ["A1", "A2", "B1"]
        assert visible(world.client_a) == ["A1", "A2"]
        assert visible(world.dealer_a) == ["A1"]
        assert visible(world.client_b) == ["B1"]
        with pytest.raises(PermissionDenied):
            visible(world.shopper_a)
