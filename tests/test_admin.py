"""The admin's services: accounts (create, change role and scope, deactivate, reactivate, reset
a password) and backups made from the app. Only an admin may; each change is logged."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from audits import accounts, auth, maintenance, review, tours, waves
from audits.accounts import Profile
from audits.auth import Actor, LoginFailed, PermissionDenied
from audits.bootstrap import prepare
from audits.config import Settings, load_settings
from audits.db import Database
from audits.i18n import Refusal, explain
from audits.models import AuditLog, LoginSession, User, Visit
from tests.conftest import World
from tests.test_permissions import _submitted_audit
from tests.test_tours import _proposal

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
        (accounts.update_user, target, Profile("manager")),
        (accounts.find_user, "shop_b"),
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
        ("SHOP_A", PW, PW, {}, "The username 'SHOP_A' is taken: 'shop_a'", "on jo käytössä"),
        ("newbie", PW, PW + "x", {}, "The password and its repeat differ", "Salasana ja sen"),
        ("newbie", "short", "short", {}, "The password must be at least 8", "vähintään 8"),
        (
            "newbie",
            PW,
            PW,
            {"role": "shopper", "scope_region": "Uusimaa"},
            "A region or store scope is for client users only",
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
        assert accounts.set_active(s, admin, world.shopper_a.id, False).username == "shop_a"
    assert auth.actor_for_token(world.db, token) is None
    with world.db.session() as s:
        assert not s.scalars(
            select(LoginSession).where(LoginSession.user_id == world.shopper_a.id)
        ).all(), "the sessions are gone, not only refused"
    with pytest.raises(LoginFailed, match="Your account has been deactivated"):
        auth.login(world.db, "shop_a", PW)
    with world.db.session() as s:
        accounts.set_active(s, admin, world.shopper_a.id, True)
    assert auth.actor_for_token(world.db, token) is None, "a reactivation revives no session"
    assert auth.login(world.db, "shop_a", PW).id == world.shopper_a.id
    assert [a[:2] for a in _actions(world.db)[-2:]] == [
        ("user.deactivate", admin.id),
        ("user.reactivate", admin.id),
    ]


@pytest.mark.usefixtures("tours_today")
def test_a_shopper_with_open_work_is_deactivated_at_once_and_the_admin_told_what_is_left(
    world: World, admin: Actor
) -> None:
    tour_id, _ = _proposal(world)
    token = _signed_in(world, "shop_a")
    done = world.db.run(accounts.set_active, admin, world.shopper_a.id, False)
    assert auth.actor_for_token(world.db, token) is None, "deactivated at once, work or not"
    (left,) = done.left
    assert str(left) == (
        "shop_a left work as a shopper: 2 visits not submitted or waiting for review: "
        f"A1 A One (W1), B1 B One (W1); 1 tour proposed or under way: #{tour_id}. Give the "
        "visits not started to others on the Waves page (the board marks their shopper "
        "'deactivated') and withdraw the proposed tours (Routes). A started audit cannot move "
        "to another shopper; submitted ones are reviewed as usual"
    )
    assert left.text("fi").startswith("Käyttäjälle shop_a jäi haamuasiakkaan töitä: 2 käyntiä")
    action, _, detail = _actions(world.db)[-1]
    assert (action, detail["left"]) == ("user.deactivate", [str(left)])
    with pytest.raises(Refusal, match="shop_a is not an active shopper"):
        world.db.run(tours.approve_tour, world.client_a, tour_id)
    back = world.db.run(accounts.set_active, admin, world.shopper_a.id, True)
    assert back == accounts.Activation("shop_a"), "a reactivation leaves nothing"
    manager = world.db.run(accounts.set_active, admin, world.manager.id, False)
    assert manager.left == (), "only a shopper's work is named"


def _whole_brand_user(world: World, admin: Actor, username: str = "cli_a2") -> int:
    return world.db.run(accounts.add_user, admin, username, PW, PW, "client", client="Brand A")


@pytest.mark.usefixtures("tours_today")
@pytest.mark.parametrize(
    "profile",
    [
        Profile("client", "Brand A", scope_region="Uusimaa", display_name="cli_a"),
        Profile("client", "Brand A", scope_store_code="A1", display_name="cli_a"),
        Profile("client", "Brand B", display_name="cli_a"),
        Profile("manager", display_name="cli_a"),
    ],
)
def test_the_last_user_who_decides_a_brands_waiting_proposals_keeps_the_whole_brand(
    world: World, admin: Actor, profile: Profile
) -> None:
    tour_id, _ = _proposal(world)
    with pytest.raises(Refusal) as refused:
        world.db.run(accounts.update_user, admin, world.client_a.id, profile)
    assert str(refused.value) == (
        "'cli_a' is the last active user who sees the whole of Brand A, and 1 tour proposal "
        f"waits for a decision: #{tour_id}. First give another Brand A user the whole brand, "
        "or have the manager withdraw the proposal (Routes); otherwise nobody can approve or "
        "reject it"
    )
    assert explain(refused.value, "fi").startswith("”cli_a” on ainoa käytössä oleva käyttäjä")
    assert world.db.run(auth.actor_by_id, world.client_a.id) == world.client_a
    renamed = Profile("client", "Brand A", display_name="Asiakas A")
    assert world.db.run(accounts.update_user, admin, world.client_a.id, renamed).changes
    other = _whole_brand_user(world, admin)
    world.db.run(accounts.set_active, admin, other, False)
    with pytest.raises(Refusal, match="last active user"):
        world.db.run(accounts.update_user, admin, world.client_a.id, profile)
    world.db.run(accounts.set_active, admin, other, True)
    done = world.db.run(accounts.update_user, admin, world.client_a.id, profile)
    assert done.sessions_ended, "another user of the whole brand decides now"


@pytest.mark.usefixtures("tours_today")
def test_a_brand_without_waiting_proposals_may_narrow_its_last_whole_brand_user(
    world: World, admin: Actor
) -> None:
    tour_id, _ = _proposal(world)
    world.db.run(tours.withdraw_tour, world.manager, tour_id)
    region = Profile("client", "Brand A", scope_region="Uusimaa", display_name="cli_a")
    assert world.db.run(accounts.update_user, admin, world.client_a.id, region).changes


@pytest.mark.usefixtures("tours_today")
def test_deactivating_the_last_user_who_decides_says_which_proposals_wait(
    world: World, admin: Actor
) -> None:
    tour_id, _ = _proposal(world)
    done = world.db.run(accounts.set_active, admin, world.client_a.id, False)
    (left,) = done.left
    assert str(left) == (
        f"Nobody can now decide the 1 tour proposal waiting for Brand A: #{tour_id}. Give a "
        "Brand A user the whole brand (Users), or have the manager withdraw the proposal (Routes)"
    )
    assert "matkaehdotuksesta: #" in left.text("fi")
    with pytest.raises(LoginFailed):
        auth.login(world.db, "cli_a", PW)
    world.db.run(accounts.set_active, admin, world.client_a.id, True)
    _whole_brand_user(world, admin)
    assert world.db.run(accounts.set_active, admin, world.client_a.id, False).left == ()
    dealer = world.db.run(accounts.set_active, admin, world.dealer_a.id, False)
    assert dealer.left == (), "a dealer never decided the brand's tours"


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
    with pytest.raises(LoginFailed, match="Wrong"):
        auth.login(world.db, "shop_b", PW)
    action, actor_id, detail = _actions(world.db)[-1]
    assert (action, actor_id, detail) == ("user.password", admin.id, {"username": "shop_b"})
    assert "new-password" not in str(detail)


def test_an_admins_own_reset_keeps_their_session(world: World, admin: Actor) -> None:
    token = auth.open_session(world.db, admin, minutes=60)
    with world.db.session() as s:
        accounts.reset_password(s, admin, admin.id, "new-password", "new-password")
    assert auth.actor_for_token(world.db, token) == admin


# --- changing an account ---------------------------------------------------------------------

OPERATOR = Actor(id=None, username="cli", role="admin")  # type: ignore[arg-type]


def _signed_in(world: World, username: str) -> str:
    return auth.open_session(world.db, auth.login(world.db, username, PW), minutes=60)


def _sessions(db: Database, user_id: int) -> list[LoginSession]:
    with db.session() as s:
        return list(s.scalars(select(LoginSession).where(LoginSession.user_id == user_id)))


def _profile(world: World, admin: Actor, username: str) -> Profile:
    return world.db.run(accounts.find_user, admin, username).profile


def test_admin_narrows_and_widens_a_client_users_scope_at_once(world: World, admin: Actor) -> None:
    token = _signed_in(world, "dealer_a")
    region = Profile("client", "Brand A", scope_region="Pirkanmaa", display_name="Dealer A")
    done = world.db.run(accounts.update_user, admin, world.dealer_a.id, region)
    assert done == accounts.UserChange(
        "dealer_a",
        {
            "scope_region": (None, "Pirkanmaa"),
            "scope_store": ("A1", None),
            "display_name": ("dealer_a", "Dealer A"),
        },
        sessions_ended=True,
    )
    assert auth.actor_for_token(world.db, token) is None
    assert not _sessions(world.db, world.dealer_a.id), "the sessions are gone, not only refused"
    again = auth.login(world.db, "dealer_a", PW)
    assert (again.scope_region, again.scope_store_id, again.display_name) == (
        "Pirkanmaa",
        None,
        "Dealer A",
    )
    assert _actions(world.db)[-1] == (
        "user.update",
        admin.id,
        {
            "username": "dealer_a",
            "old": {"scope_region": None, "scope_store": "A1", "display_name": "dealer_a"},
            "new": {"scope_region": "Pirkanmaa", "scope_store": None, "display_name": "Dealer A"},
            "sessions_ended": True,
        },
    )
    whole = Profile("client", "Brand A", display_name="Dealer A")
    world.db.run(accounts.update_user, admin, world.dealer_a.id, whole)
    assert _profile(world, admin, "DEALER_A") == whole


def test_a_name_or_language_change_keeps_the_sessions_and_no_change_is_not_logged(
    world: World, admin: Actor
) -> None:
    token = _signed_in(world, "cli_a")
    profile = Profile("client", "Brand A", display_name=" Asiakas A ", language="en")
    done = world.db.run(accounts.update_user, admin, world.client_a.id, profile)
    assert done.changes == {"display_name": ("cli_a", "Asiakas A"), "language": ("fi", "en")}
    assert not done.sessions_ended
    signed_in = auth.actor_for_token(world.db, token)
    assert signed_in is not None and signed_in.language == "en"
    logged = len(_actions(world.db))
    again = world.db.run(accounts.update_user, admin, world.client_a.id, profile)
    assert again == accounts.UserChange("cli_a", {}, sessions_ended=False)
    assert len(_actions(world.db)) == logged, "nothing changed, nothing logged"


@pytest.mark.parametrize(
    ("profile", "english", "finnish"),
    [
        (
            Profile("client", "Brand A", scope_region="Pohjois-Pohjanmaa"),
            "Client 'Brand A' has no stores in region 'Pohjois-Pohjanmaa'; its regions: "
            "Pirkanmaa, Uusimaa",
            "ei ole myymälöitä alueella ”Pohjois-Pohjanmaa”",
        ),
        (
            Profile("client", "Brand A", scope_store_code="B1"),
            "Client 'Brand A' has no store 'B1'",
            "ei ole myymälää ”B1”",
        ),
        (Profile("client"), "A client user needs a client", "pitää antaa asiakas"),
        (
            Profile("manager", "Brand A", scope_store_code="A1"),
            "A region or store scope is for client users only, not for the role 'project manager'",
            "vain asiakaskäyttäjille",
        ),
        (Profile("client", "Brand A", language="sv"), "Language must be fi or en", "fi tai en"),
    ],
)
def test_a_change_is_checked_as_a_new_account_is(
    world: World, admin: Actor, profile: Profile, english: str, finnish: str
) -> None:
    token = _signed_in(world, "dealer_a")
    with pytest.raises(Refusal) as refused:
        world.db.run(accounts.update_user, admin, world.dealer_a.id, profile)
    assert str(refused.value).startswith(english)
    assert finnish in explain(refused.value, "fi")
    assert auth.actor_for_token(world.db, token) == auth.login(world.db, "dealer_a", PW)


@pytest.mark.usefixtures("tours_today")
def test_a_shopper_keeps_the_role_until_their_visits_and_tours_are_given_away(
    world: World, admin: Actor
) -> None:
    manager = Profile("manager", display_name="shop_a")

    def refused() -> str:
        with pytest.raises(Refusal) as refusal:
            world.db.run(accounts.update_user, admin, world.shopper_a.id, manager)
        assert explain(refusal.value, "fi").startswith("Käyttäjällä ”shop_a” on vielä")
        return str(refusal.value)

    assert refused() == (
        "'shop_a' still has work as a shopper, so the role stays: 2 visits not submitted or "
        "waiting for review: A1 A One (W1), B1 B One (W1). Reassign the visits not started "
        "(Waves), let the started audits be submitted and reviewed, and withdraw the proposed "
        "tours (Routes) before changing the role"
    )
    tour_id, _ = _proposal(world)
    assert f"B1 B One (W1); 1 tour proposed or under way: #{tour_id}. " in refused()
    world.db.run(tours.withdraw_tour, world.manager, tour_id)
    world.db.run(waves.unassign, world.manager, world.visit_other_brand)
    audit_id = _submitted_audit(world)
    assert ": 1 visit not submitted or waiting for review: A1 A One (W1). " in refused()
    world.db.run(review.approve, world.manager, audit_id)
    token = _signed_in(world, "shop_a")
    done = world.db.run(accounts.update_user, admin, world.shopper_a.id, manager)
    assert done.changes == {"role": ("shopper", "manager")} and done.sessions_ended
    assert auth.actor_for_token(world.db, token) is None
    assert auth.login(world.db, "shop_a", PW).role == "manager"


@pytest.mark.usefixtures("tours_today")
def test_an_approved_tour_with_visits_to_do_is_named(world: World, admin: Actor) -> None:
    tour_id, _ = _proposal(world)
    world.db.run(tours.approve_tour, world.client_a, tour_id)  # both visits go to shop_a
    with world.db.session() as s:
        s.add_all(
            Visit(
                wave_id=world.wave_a,
                store_id=s.get(Visit, world.visit_a).store_id,
                shopper_id=world.shopper_a.id,
            )
            for _ in range(4)
        )
    with pytest.raises(Refusal) as refused:
        world.db.run(accounts.update_user, admin, world.shopper_a.id, Profile("client", "Brand A"))
    assert (
        ": 7 visits not submitted or waiting for review: A1 A One (W1), A1 A One (W1), "
        "A1 A One (W1), A1 A One (W1), A1 A One (W1) and 2 more; "
        f"1 tour proposed or under way: #{tour_id}. "
    ) in str(refused.value)
    assert "7 käyntiä, joita ei ole lähetetty" in explain(refused.value, "fi")
    assert "A1 A One (W1) ja 2 muuta; 1 matka ehdotettuna tai kesken" in explain(
        refused.value, "fi"
    )


def test_an_admin_cannot_demote_themself_nor_the_last_admin(world: World, admin: Actor) -> None:
    with pytest.raises(Refusal, match="your own admin role"):
        world.db.run(accounts.update_user, admin, admin.id, Profile("manager"))
    with pytest.raises(Refusal, match="'root' is the last active admin and keeps the admin role"):
        world.db.run(accounts.update_user, OPERATOR, admin.id, Profile("manager"))
    promoted = world.db.run(accounts.update_user, admin, world.manager.id, Profile("admin"))
    assert promoted.changes == {"role": ("manager", "admin")}
    world.db.run(accounts.set_active, admin, world.manager.id, False)
    with pytest.raises(Refusal, match="last active admin"):
        world.db.run(accounts.update_user, OPERATOR, admin.id, Profile("manager"))
    world.db.run(accounts.update_user, admin, world.manager.id, Profile("manager"))
    assert _actions(world.db)[-1][2]["old"] == {"role": "admin"}, "an inactive admin may go"
    world.db.run(accounts.set_active, admin, world.manager.id, True)
    world.db.run(accounts.update_user, admin, world.manager.id, Profile("admin"))
    second = world.db.run(auth.actor_by_id, world.manager.id)
    demoted = world.db.run(accounts.update_user, second, admin.id, Profile("shopper"))
    assert demoted.changes == {"role": ("admin", "shopper")}


def test_find_user_matches_the_sign_in_name(world: World, admin: Actor) -> None:
    assert world.db.run(accounts.find_user, admin, " Shop_A ").id == world.shopper_a.id
    with pytest.raises(Refusal, match="No user nobody"):
        world.db.run(accounts.find_user, admin, "nobody")


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
