from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select, update

from audits import auth
from audits.auth import LoginFailed, PermissionDenied
from audits.i18n import Refusal, explain
from audits.models import AuditLog, LoginThrottle, User, utcnow
from tests.conftest import World


def test_passwords_are_hashed_with_argon2(world: World) -> None:
    with world.db.session() as s:
        user = s.scalar(select(User).where(User.username == "shop_a"))
        assert user.password_hash.startswith("$argon2")
        assert "password-123" not in user.password_hash


def test_login_checks_password_and_throttles(world: World) -> None:
    assert auth.login(world.db, "shop_a", "password-123").role == "shopper"
    with pytest.raises(LoginFailed, match="Wrong username or password"):
        auth.login(world.db, "nobody", "password-123")
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(LoginFailed, match="Wrong"):
            auth.login(world.db, "shop_a", "guess-guess")
    with pytest.raises(LoginFailed, match="Too many wrong attempts in a row") as locked:
        auth.login(world.db, "shop_a", "password-123")
    assert "the name is locked for 5 minutes" in str(locked.value)
    assert "tunnus on lukittu 5 minuutiksi" in explain(locked.value, "fi")


def test_an_empty_name_or_password_asks_for_both_and_counts_no_failure(world: World) -> None:
    for username, password in [("", "password-123"), ("  ", "password-123"), ("shop_a", "")]:
        attempts = _attempts(world, username, [password] * (auth.MAX_FAILED_LOGINS + 1))
        assert attempts == ["e_login_empty"] * (auth.MAX_FAILED_LOGINS + 1)
    assert _attempts(world, "shop_a", ["password-123"]) == ["ok"]
    with pytest.raises(LoginFailed) as empty:
        auth.login(world.db, "", "")
    assert explain(empty.value, "fi") == "Kirjoita käyttäjätunnus ja salasana."


def test_only_the_right_password_hears_that_an_account_is_deactivated(world: World) -> None:
    with world.db.session() as s:
        s.execute(update(User).where(User.username == "shop_a").values(active=False))
    assert _attempts(world, "shop_a", ["guess-guess", "password-123"]) == [
        "e_login_wrong",
        "e_login_inactive",
    ]
    with pytest.raises(LoginFailed) as refused:
        auth.login(world.db, "Shop_a", "password-123")
    assert explain(refused.value, "fi").startswith("Tunnuksesi on poistettu käytöstä")
    assert str(refused.value).endswith("ask your administrator to reactivate it.")


def test_a_locked_name_is_told_the_minutes_left(world: World) -> None:
    _attempts(world, "shop_a", ["guess-guess"] * auth.MAX_FAILED_LOGINS)
    with world.db.session() as s:
        s.execute(update(LoginThrottle).values(locked_until=utcnow() + dt.timedelta(seconds=50)))
    with pytest.raises(LoginFailed) as locked:
        auth.login(world.db, "shop_a", "password-123")
    assert "the name is locked for 1 minute." in str(locked.value)


def test_sign_in_takes_the_name_in_any_case(world: World) -> None:
    # A phone's keyboard capitalises the first letter of the name field.
    for typed in ("Shop_a", "SHOP_A", " shop_A ", "\uff33hop_a"):  # the last: a full-width S
        assert auth.login(world.db, typed, "password-123").username == "shop_a", typed
    with pytest.raises(LoginFailed, match="Wrong"):
        auth.login(world.db, "shop_b_", "password-123")


def test_failures_in_other_cases_count_together(world: World) -> None:
    for n in range(auth.MAX_FAILED_LOGINS):
        typed = "shop_a".upper() if n % 2 else "Shop_a"
        assert _attempts(world, typed, ["guess-guess"]) == ["e_login_wrong"]
    assert _attempts(world, "shop_a", ["password-123"]) == ["e_login_locked"]
    with world.db.session() as s:
        assert s.scalar(select(func.count()).select_from(LoginThrottle)) == 1


def _attempts(world: World, username: str, passwords: list[str]) -> list[str]:
    """What each sign-in answers: 'ok' or the key of the refusal."""
    said = []
    for password in passwords:
        try:
            auth.login(world.db, username, password)
            said.append("ok")
        except LoginFailed as exc:
            said.append(exc.said.key)
    return said


def test_an_unknown_name_is_locked_out_like_a_real_one(world: World) -> None:
    guesses = ["guess-guess"] * auth.MAX_FAILED_LOGINS + ["password-123"]
    with world.db.session() as s:
        users = s.scalar(select(func.count()).select_from(User))
    real = _attempts(world, "shop_a", guesses)
    unknown = _attempts(world, "nobody", guesses)
    assert real == unknown == ["e_login_wrong"] * auth.MAX_FAILED_LOGINS + ["e_login_locked"]
    with world.db.session() as s:
        assert s.scalar(select(func.count()).select_from(User)) == users, "no account made"
        stored = set(s.scalars(select(LoginThrottle.name_hash)))
    assert len(stored) == 2 and not stored & {"shop_a", "nobody"}, "names are kept hashed"


def test_a_lock_ends_and_a_sign_in_clears_the_failures(world: World) -> None:
    _attempts(world, "shop_a", ["guess-guess"] * auth.MAX_FAILED_LOGINS)
    with world.db.session() as s:
        s.execute(update(LoginThrottle).values(locked_until=utcnow() - dt.timedelta(seconds=1)))
    few = ["guess-guess"] * (auth.MAX_FAILED_LOGINS - 1)
    assert _attempts(world, "shop_a", [*few, "password-123", *few])[-1] == "e_login_wrong"
    assert _attempts(world, "shop_a", ["password-123"]) == ["ok"]


def test_failures_are_forgotten_a_day_after_the_last(world: World) -> None:
    few = ["guess-guess"] * (auth.MAX_FAILED_LOGINS - 1)
    _attempts(world, "shop_a", few)
    _attempts(world, "someone", few)
    with world.db.session() as s:
        s.execute(update(LoginThrottle).values(last_failed_at=utcnow() - auth.FORGET_FAILURES))
    assert _attempts(world, "shop_a", ["guess-guess"]) == ["e_login_wrong"]
    with world.db.session() as s:
        assert s.scalars(select(LoginThrottle.failures)).all() == [1], "the stale rows are gone"


def test_session_tokens_expire_and_close(world: World) -> None:
    actor = auth.login(world.db, "mgr", "password-123")
    token = auth.open_session(world.db, actor, minutes=5)
    assert auth.actor_for_token(world.db, token) == actor
    assert auth.actor_for_token(world.db, token + "x") is None
    auth.close_session(world.db, token)
    assert auth.actor_for_token(world.db, token) is None
    expired = auth.open_session(world.db, actor, minutes=-1)
    assert auth.actor_for_token(world.db, expired) is None


def test_a_deactivated_users_session_changes_nothing(world: World) -> None:
    actor = auth.login(world.db, "mgr", "password-123")
    token = auth.open_session(world.db, actor, minutes=5)
    with world.db.session() as s:
        s.execute(update(User).where(User.id == actor.id).values(active=False))
    assert auth.actor_for_token(world.db, token) is None
    with pytest.raises(auth.SessionEnded):
        world.db.run(auth.as_signed_in, token, auth.set_language, "en")
    with world.db.session() as s:
        assert s.get(User, actor.id).language == actor.language


@pytest.mark.parametrize(
    ("kwargs", "english", "finnish"),
    [
        ({"role": "boss"}, "Unknown role 'boss'; choose one of admin,", "Tuntematon rooli"),
        ({"role": "client"}, "A client user needs a client", "pitää antaa asiakas"),
        (
            {"role": "shopper", "client": "Brand A"},
            "The role 'shopper' is not tied to a client",
            "Rooli ”haamuasiakas” ei ole sidottu asiakkaaseen",
        ),
        ({"role": "client", "client": "Nope"}, "Unknown client 'Nope'", "Asiakasta ”Nope” ei"),
        (
            {"role": "client", "client": "Brand A", "scope_store_code": "ZZ"},
            "Client 'Brand A' has no store 'ZZ'",
            "ei ole myymälää ”ZZ”",
        ),
        (
            {"role": "client", "client": "Brand A", "scope_region": "Atlantis"},
            "Client 'Brand A' has no stores in region 'Atlantis'; its regions: Pirkanmaa, Uusimaa",
            "ei ole myymälöitä alueella ”Atlantis”; sen alueet: Pirkanmaa, Uusimaa",
        ),
        (
            {
                "role": "client",
                "client": "Brand A",
                "scope_region": "Pirkanmaa",
                "scope_store_code": "A1",
            },
            "Give one scope, a region or a store, not both",
            "joko alueeseen tai myymälään",
        ),
        (
            {"role": "manager", "client": "Brand A", "scope_store_code": "A1"},
            "A region or store scope is for client users only, not for the role 'project manager'",
            "ei roolille ”projektipäällikkö”",
        ),
        (
            {"role": "shopper", "scope_region": "Uusimaa"},
            "A region or store scope is for client users only, not for the role 'shopper'",
            "ei roolille ”haamuasiakas”",
        ),
        ({"role": "shopper", "language": "de"}, "Language must be fi or en", "Kielen pitää"),
    ],
)
def test_create_user_refuses_bad_input(
    world: World, kwargs: dict, english: str, finnish: str
) -> None:
    with pytest.raises(Refusal) as refused, world.db.session() as s:
        auth.create_user(s, "newbie", "long-password", **kwargs)
    assert str(refused.value).startswith(english)
    assert finnish in explain(refused.value, "fi")


@pytest.mark.parametrize(
    ("username", "password", "english"),
    [
        ("newbie", "short", "The password must be at least 8 characters"),
        ("newbie", " " * 8, "The password cannot be only spaces"),
        ("   ", "long-password", "The username is empty"),
        ("x" * 81, "long-password", "The username is 81 characters long; at most 80"),
        ("a\x00b", "long-password", "The username 'a\\x00b' has a control or invisible character"),
        ("MGR", "long-password", "The username 'MGR' is taken: 'mgr'"),
        (" mgr ", "long-password", "The username 'mgr' is taken: 'mgr'"),
    ],
)
def test_create_user_refuses_a_bad_name_or_password(
    world: World, username: str, password: str, english: str
) -> None:
    with pytest.raises(Refusal, match="^" + re.escape(english)), world.db.session() as s:
        auth.create_user(s, username, password, "shopper")


def test_a_client_user_is_scoped_to_a_known_region_and_an_empty_one_is_none(
    world: World,
) -> None:
    with world.db.session() as s:
        regional = auth.create_user(
            s, "cli_t", "long-password", "client", client="Brand A", scope_region=" Pirkanmaa "
        )
        whole = auth.create_user(
            s, "cli_all", "long-password", "client", client="Brand A", scope_region=""
        )
        assert (regional.scope_region, whole.scope_region) == ("Pirkanmaa", None)
        assert auth.create_user(s, "y" * 80, "long-password", "shopper").id, "80 fit"


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
