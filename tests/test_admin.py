"""The admin's services: accounts (create, deactivate, reactivate, reset a password) and
backups made from the app. Only an admin may; each change is logged."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from audits import accounts, auth, maintenance
from audits.auth import Actor, LoginFailed, PermissionDenied
from audits.bootstrap import prepare
from audits.config import Settings, load_settings
from audits.db import Database
from audits.i18n import Refusal, explain
from audits.models import AuditLog, LoginSession, User
from tests.conftest import World

PW = "password-123"


@pytest.fixture
def admin(world: World) -> Actor:
    with world.db.session() as s:
        return Actor.of(auth.create_user(s, "root", PW, "admin"))


def _actions(db: Database, entity: str = "user") -> list[tuple[str, int | None, dict]]:
    with db.session() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.entity == entity).order_by(AuditLog.id))
        return [(r.action, r.actor_id, r.detail) for r in rows]


@pytest.mark.parametrize("who", ["manager", "shopper_a", "client_a"])
def test_only_an_admin_manages_users(world: World, admin: Actor, who: str) -> None:
    actor: Actor = getattr(world, who)
    target = world.shopper_b.id
    calls = [
        (accounts.list_users,),
        (accounts.add_user, "newbie", PW, PW, "shopper"),
        (accounts.set_active, target, False),
        (accounts.reset_password, target, "new-password", "new-password"),
    ]
    for fn, *args in calls:
        with pytest.raises(PermissionDenied), world.db.session() as s:
            fn(s, actor, *args)
    assert auth.login(world.db, "shop_b", PW).id == target, "nothing changed"


def test_admin_lists_every_user_with_client_and_scope(world: World, admin: Actor) -> None:
    with world.db.session() as s:
        users = {u.username: u for u in accounts.list_users(s, admin)}
    assert set(users) == {"root", "shop_a", "shop_b", "mgr", "cli_a", "dealer_a", "cli_b"}
    assert (users["dealer_a"].client, users["dealer_a"].scope_store) == ("Brand A", "A1 A One")
    assert users["cli_a"].scope_store is None and users["root"].role == "admin"


def test_admin_creates_a_user_who_signs_in_and_it_is_logged(world: World, admin: Actor) -> None:
    with world.db.session() as s:
        new_id = accounts.add_user(
            s, admin, " Tuuli ", PW, PW, "client", client="Brand A", scope_region="Pirkanmaa"
        )
    signed_in = auth.login(world.db, "tuuli", PW)
    assert (signed_in.id, signed_in.scope_region, signed_in.display_name) == (
        new_id,
        "Pirkanmaa",
        "Tuuli",
    )
    assert _actions(world.db)[-1] == (
        "user.create",
        admin.id,
        {"username": "Tuuli", "role": "client", "client": "Brand A"},
    )


@pytest.mark.parametrize(
    ("username", "password", "again", "kwargs", "english", "finnish"),
    [
        ("SHOP_A", PW, PW, {}, "the username 'SHOP_A' is taken: 'shop_a'", "on jo käytössä"),
        ("newbie", PW, PW + "x", {}, "the password and its repeat differ", "Salasana ja sen"),
        ("newbie", "short", "short", {}, "the password must be at least 8", "vähintään 8"),
        (
            "newbie",
            PW,
            PW,
            {"role": "shopper", "scope_region": "Uusimaa"},
            "a region or store scope is for client users only",
            "vain asiakaskäyttäjille",
        ),
    ],
)
def test_admin_create_keeps_the_cli_rules(
    world: World,
    admin: Actor,
    username: str,
    password: str,
    again: str,
    kwargs: dict,
    english: str,
    finnish: str,
) -> None:
    role = kwargs.pop("role", "shopper")
    with pytest.raises(Refusal) as refused, world.db.session() as s:
        accounts.add_user(s, admin, username, password, again, role, **kwargs)
    assert str(refused.value).startswith(english)
    assert finnish in explain(refused.value, "fi")


def test_a_deactivated_user_is_signed_out_and_cannot_sign_in(world: World, admin: Actor) -> None:
    token = auth.open_session(world.db, auth.login(world.db, "shop_a", PW), minutes=60)
    with world.db.session() as s:
        assert accounts.set_active(s, admin, world.shopper_a.id, False) == "shop_a"
    assert auth.actor_for_token(world.db, token) is None
    with world.db.session() as s:
        assert not s.scalars(
            select(LoginSession).where(LoginSession.user_id == world.shopper_a.id)
        ).all(), "the sessions are gone, not only refused"
    with pytest.raises(LoginFailed, match="wrong username or password"):
        auth.login(world.db, "shop_a", PW)
    with world.db.session() as s:
        accounts.set_active(s, admin, world.shopper_a.id, True)
    assert auth.actor_for_token(world.db, token) is None, "a reactivation revives no session"
    assert auth.login(world.db, "shop_a", PW).id == world.shopper_a.id
    assert [a[:2] for a in _actions(world.db)[-2:]] == [
        ("user.deactivate", admin.id),
        ("user.reactivate", admin.id),
    ]


def test_an_admin_cannot_deactivate_themself_nor_the_last_admin(world: World, admin: Actor) -> None:
    with pytest.raises(Refusal, match="your own account"), world.db.session() as s:
        accounts.set_active(s, admin, admin.id, False)
    # The command line acts as an admin without an account: it is stopped by the last-admin rule.
    operator = Actor(id=None, username="cli", role="admin")  # type: ignore[arg-type]
    with pytest.raises(Refusal, match="'root' is the last active admin"), world.db.session() as s:
        accounts.set_active(s, operator, admin.id, False)
    with world.db.session() as s:
        second = accounts.add_user(s, admin, "root2", PW, PW, "admin")
        accounts.set_active(s, admin, second, False)
        with pytest.raises(Refusal, match="last active admin"):
            accounts.set_active(s, operator, admin.id, False)
        accounts.set_active(s, admin, second, True)
    with world.db.session() as s:
        accounts.set_active(s, operator, admin.id, False)
    with pytest.raises(LoginFailed):
        auth.login(world.db, "root", PW)


def test_a_password_reset_ends_other_sessions_and_lifts_a_lockout(
    world: World, admin: Actor
) -> None:
    token = auth.open_session(world.db, world.shopper_b, minutes=60)
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(LoginFailed):
            auth.login(world.db, "shop_b", "guess-guess")
    with pytest.raises(Refusal, match="differ"), world.db.session() as s:
        accounts.reset_password(s, admin, world.shopper_b.id, "new-password", "new-passw0rd")
    with world.db.session() as s:
        accounts.reset_password(s, admin, world.shopper_b.id, "new-password", "new-password")
    assert auth.actor_for_token(world.db, token) is None
    assert auth.login(world.db, "shop_b", "new-password").id == world.shopper_b.id
    with pytest.raises(LoginFailed, match="wrong"):
        auth.login(world.db, "shop_b", PW)
    action, actor_id, detail = _actions(world.db)[-1]
    assert (action, actor_id, detail) == ("user.password", admin.id, {"username": "shop_b"})
    assert "new-password" not in str(detail)


def test_an_admins_own_reset_keeps_their_session(world: World, admin: Actor) -> None:
    token = auth.open_session(world.db, admin, minutes=60)
    with world.db.session() as s:
        accounts.reset_password(s, admin, admin.id, "new-password", "new-password")
    assert auth.actor_for_token(world.db, token) == admin


# --- backups ---------------------------------------------------------------------------------


@pytest.fixture
def installed(tmp_path: Path) -> Iterator[tuple[Settings, Database, Actor]]:
    settings = load_settings({"AUDITS_DATA_DIR": str(tmp_path / "data"), "AUDITS_DEMO": "0"})
    db = prepare(settings)
    with db.session() as s:
        root = Actor.of(auth.create_user(s, "root", PW, "admin"))
        auth.create_user(s, "mgr", PW, "manager")
    yield settings, db, root
    db.dispose()


def test_admin_makes_lists_and_reads_a_backup_with_the_database(installed) -> None:
    settings, db, root = installed
    settings.media_dir.mkdir(parents=True)
    (settings.media_dir / "p.jpg").write_bytes(b"photo")
    first = db.run(maintenance.make_backup, root, settings)
    second = db.run(maintenance.make_backup, root, settings)
    assert first.name != second.name and first.name.startswith("audits-")
    folder = settings.data_dir / "backups"
    assert (folder / first.name).stat().st_size == first.size > 0
    listed = db.run(maintenance.list_backups, root, settings)
    assert {b.name for b in listed} == {first.name, second.name}
    data = db.run(maintenance.read_backup, root, settings, first.name)
    with zipfile.ZipFile(folder / first.name) as archive:
        assert set(archive.namelist()) == {"audits.db", "media/p.jpg"}
    assert data == (folder / first.name).read_bytes()
    assert [a for a, _, _ in _actions(db, "backup")] == [
        "backup.create",
        "backup.create",
        "backup.download",
    ]


def test_only_an_admin_backs_up_and_only_a_listed_file_is_read(installed) -> None:
    settings, db, root = installed
    made = db.run(maintenance.make_backup, root, settings)
    with db.session() as s:
        manager = Actor.of(s.scalar(select(User).where(User.username == "mgr")))
    for fn, *args in [
        (maintenance.make_backup, settings),
        (maintenance.list_backups, settings),
        (maintenance.read_backup, settings, made.name),
    ]:
        with pytest.raises(PermissionDenied):
            db.run(fn, manager, *args)
    (settings.data_dir / "secret.txt").write_text("x")
    for name in ("../secret.txt", "../audits.db", "nothing.zip"):
        with pytest.raises(PermissionDenied):
            db.run(maintenance.read_backup, root, settings, name)


def test_a_backup_from_the_app_with_postgres_points_to_pg_dump(installed, tmp_path: Path) -> None:
    _, db, root = installed
    settings = load_settings(
        {"DATABASE_URL": "postgresql+psycopg://u@localhost/db", "AUDITS_DATA_DIR": str(tmp_path)}
    )
    with pytest.raises(maintenance.BackupError, match="pg_dump"):
        db.run(maintenance.make_backup, root, settings)
    assert not (tmp_path / "backups").exists()
