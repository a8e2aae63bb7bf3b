"""The admin's Users and Backups pages from the real entry point (streamlit AppTest)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select
from streamlit.runtime.media_file_manager import MediaFileManager

from audits import auth
from audits.config import PROJECT_DIR, load_settings
from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.i18n import t
from audits.models import ROLES, AuditLog, Store, User
from audits.ui import admin_users
from tests.ui.test_manager_pages import _tour, goto, table


@pytest.fixture
def db(app_env) -> Iterator[Database]:
    database = Database(load_settings().database_url)
    yield database
    database.dispose()


def _button(at, key: str):
    return next(b for b in at.button if b.key == key)


def _said(at) -> str:
    return " ".join(str(e.value) for e in [*at.success, *at.error])


def _warned(at) -> str:
    return " ".join(str(e.value) for e in at.warning)


def test_admin_keeps_the_managers_pages_and_gets_users_and_backups(signed_in) -> None:
    at = signed_in("admin")
    paths = {info.get("url_pathname") for info in at._registered_pages.values()}
    assert {"", "waves", "stores", "checklists", "users", "backups"} <= paths  # "": review


def test_the_new_user_form_offers_every_role() -> None:
    assert sorted(admin_users.ROLE_CHOICES) == sorted(ROLES)


def test_a_new_client_users_brand_is_asked_for_in_the_admins_language(signed_in) -> None:
    at = goto(signed_in("admin"), "users")
    at.segmented_control(key="user_lang").set_value("fi").run()
    at.selectbox(key="nu_role").set_value("client").run()
    brand = at.selectbox(key="nu_client")
    assert brand.value is None and brand.proto.placeholder == "Valitse", "not 'Choose an option'"


def test_the_users_table_names_each_language_and_the_finnish_day_it_was_made(signed_in, db) -> None:
    with db.session() as s:
        shopper = s.scalar(select(User).where(User.username == "shopper1"))
        shopper.created_at = dt.datetime(2026, 1, 19, 22, 30)  # 00.30 on 20 January in Finland
    at = goto(signed_in("admin"), "users")
    users = table(at, "username").set_index(t("username", "en"))
    assert (
        users.loc["shopper1", "Language"] == "Suomi" and users.loc["admin", "Language"] == "English"
    )
    assert users.loc["shopper1", "Created"] == "20.1.2026"


def test_a_manager_has_no_admin_pages(signed_in) -> None:
    at = signed_in("manager")
    paths = {info.get("url_pathname") for info in at._registered_pages.values()}
    assert not {"users", "backups"} & paths


def _create_shopper(at, username: str, password: str, again: str | None = None):
    at.selectbox(key="nu_role").select("shopper").run()
    at.text_input(key="nu_username").input(username)
    at.text_input(key="nu_name").input("Uusi Haamu")
    at.text_input(key="nu_password").input(password)
    at.text_input(key="nu_password2").input(password if again is None else again)
    next(b for b in at.button if b.label == t("a_create", "en")).click().run()
    assert not at.exception, at.exception
    return at


def test_admin_creates_a_shopper_who_signs_in_then_deactivates_them(signed_in, db) -> None:
    at = goto(signed_in("admin"), "users")  # the demo admin reads English
    assert "shopper1" in set(table(at, "username")[t("username", "en")])
    _create_shopper(at, "uusi", "salasana-1", again="salasana-2")
    assert "The password and its repeat differ" in _said(at)
    _create_shopper(at, "Shopper1", "salasana-1")
    assert "The username 'Shopper1' is taken: 'shopper1'" in _said(at)
    _create_shopper(at, "uusi", "salasana-1")
    assert t("a_user_created", "en", user="uusi") in _said(at)
    assert "uusi" in set(table(at, "username")[t("username", "en")])
    token = auth.open_session(db, auth.login(db, "uusi", "salasana-1"), minutes=60)

    with db.session() as s:
        uusi = s.scalar(select(User).where(User.username == "uusi"))
        assert (uusi.role, uusi.display_name) == ("shopper", "Uusi Haamu")
    at.selectbox(key="user_pick").select(uusi.id).run()
    _button(at, "deactivate").click().run()
    assert t("a_deactivated", "en", user="uusi") in _said(at)
    assert auth.actor_for_token(db, token) is None
    with pytest.raises(auth.LoginFailed):
        auth.login(db, "uusi", "salasana-1")
    with db.session() as s:
        actions = s.scalars(
            select(AuditLog.action).where(AuditLog.entity == "user", AuditLog.entity_id == uusi.id)
        ).all()
    assert actions == ["user.create", "user.deactivate"]


def test_admin_cannot_deactivate_themself(signed_in, db) -> None:
    at = goto(signed_in("admin"), "users")
    with db.session() as s:
        admin_id = s.scalar(select(User.id).where(User.username == "admin"))
    at.selectbox(key="user_pick").select(admin_id).run()
    _button(at, "deactivate").click().run()
    assert "You cannot deactivate your own account" in _said(at)


def test_admin_resets_a_password(signed_in, db) -> None:
    at = goto(signed_in("admin"), "users")
    with db.session() as s:
        shopper = s.scalar(select(User.id).where(User.username == "shopper2"))
    at.selectbox(key="user_pick").select(shopper).run()
    at.text_input(key="rp_password").input("short")
    at.text_input(key="rp_password2").input("short")
    next(b for b in at.button if b.label == t("a_reset_password", "en")).click().run()
    assert "The password must be at least 8 characters" in _said(at)
    at.text_input(key="rp_password").input("uusi-salasana")
    at.text_input(key="rp_password2").input("uusi-salasana")
    next(b for b in at.button if b.label == t("a_reset_password", "en")).click().run()
    assert t("a_password_reset", "en", user="shopper2") in _said(at)
    assert auth.login(db, "shopper2", "uusi-salasana").username == "shopper2"
    with pytest.raises(auth.LoginFailed):
        auth.login(db, "shopper2", DEMO_PASSWORD)


def test_admin_makes_and_downloads_a_backup(signed_in, app_env, monkeypatch) -> None:
    # The download button hands Streamlit a function that reads the file when clicked; keep it.
    readers: list[Callable[[], bytes]] = []
    add_deferred = MediaFileManager.add_deferred

    def keep(self, data, *args, **kwargs):
        readers.append(data)
        return add_deferred(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    at = goto(signed_in("admin"), "backups")
    assert t("a_no_backups", "en") in [i.value for i in at.info]
    _button(at, "backup_now").click().run()
    assert not at.exception, at.exception
    made = sorted((app_env / "backups").glob("audits-*.zip"))
    assert len(made) == 1
    assert t("a_backup_made", "en", file=made[0].name, size="")[:-3] in _said(at)
    assert made[0].name in set(table(at, "a_file")[t("a_file", "en")])
    with zipfile.ZipFile(io.BytesIO(readers[-1]())) as archive:
        assert "audits.db" in archive.namelist()
    [restore] = [i.value for i in at.info if "command line" in i.value]
    assert "1. Stop the app. A running app would not see the restored data" in restore
    assert (
        f"`cd {PROJECT_DIR} && AUDITS_DATA_DIR={app_env} python -m audits restore {made[0]}`"
        in restore
    )
    assert "3. Start the app again." in restore
    at.segmented_control(key="user_lang").set_value("fi").run()
    [size] = table(at, "a_file")[t("a_size", "fi")]
    assert size.endswith(" Mt") and "," in size, size
    [restore] = [i.value for i in at.info if "komentoriviltä" in i.value]
    assert "1. Pysäytä sovellus." in restore and f"restore {made[0]}`" in restore


def _user_id(db: Database, username: str) -> int:
    with db.session() as s:
        return s.scalar(select(User.id).where(User.username == username))


def _save_user(at, user_id: int):
    at.button(key=f"FormSubmitter:eu{user_id}_form-{t('a_save_user', 'en')}").click().run()
    assert not at.exception, at.exception
    return at


def test_admin_narrows_a_dealer_to_a_region_and_their_sessions_end(signed_in, db) -> None:
    at = goto(signed_in("admin"), "users")
    dealer = _user_id(db, "dealer")
    token = auth.open_session(db, auth.login(db, "dealer", DEMO_PASSWORD), minutes=60)
    at.selectbox(key="user_pick").select(dealer).run()
    key = f"eu{dealer}"
    assert at.radio(key=f"{key}_sees").value == "store", "the form starts from the account"
    _save_user(at, dealer)
    assert t("a_nothing_changed", "en") in [i.value for i in at.info]
    assert auth.actor_for_token(db, token) is not None
    at.radio(key=f"{key}_sees").set_value("region").run()
    with db.session() as s:
        region = s.get(Store, s.get(User, dealer).scope_store_id).region
    assert at.selectbox(key=f"{key}_region").value == region, "the store's region first"
    at.selectbox(key=f"{key}_lang").select("en")  # in the form: sent with the click
    _save_user(at, dealer)
    assert t("a_user_updated_ended", "en", user="dealer") in _said(at)
    assert auth.actor_for_token(db, token) is None
    signed = auth.login(db, "dealer", DEMO_PASSWORD)
    assert (signed.scope_region, signed.scope_store_id, signed.language) == (region, None, "en")
    row = table(at, "username").set_index(t("username", "en")).loc["dealer"]
    assert row[t("a_scope", "en")] == region
    with db.session() as s:
        logged = s.scalars(
            select(AuditLog).where(AuditLog.action == "user.update", AuditLog.entity_id == dealer)
        ).one()
    assert logged.detail["new"] == {"scope_region": region, "scope_store": None, "language": "en"}


def test_a_shopper_with_visits_stays_a_shopper_and_the_page_says_which(signed_in, db) -> None:
    at = goto(signed_in("admin"), "users")
    shopper = _user_id(db, "shopper1")
    at.selectbox(key="user_pick").select(shopper).run()
    at.selectbox(key=f"eu{shopper}_role").select("manager").run()
    client = at.selectbox(key=f"eu{shopper}_client")
    assert client.format_func(client.value) == "— every client", "a manager of every client"
    _save_user(at, shopper)
    said = _said(at)
    assert "'shopper1' still has work as a shopper, so the role stays: " in said
    assert "visits not submitted or waiting for review: " in said
    with db.session() as s:
        assert s.get(User, shopper).role == "shopper"


def test_admin_cannot_demote_themself_on_the_page(signed_in, db) -> None:
    at = goto(signed_in("admin"), "users")
    admin_id = _user_id(db, "admin")
    at.selectbox(key="user_pick").select(admin_id).run()
    at.selectbox(key=f"eu{admin_id}_role").select("manager").run()
    _save_user(at, admin_id)
    assert "You cannot take away your own admin role" in _said(at)


def test_a_shopper_with_visits_is_deactivated_and_the_page_says_what_is_left(signed_in, db):
    at = goto(signed_in("admin"), "users")
    shopper = _user_id(db, "shopper1")
    at.selectbox(key="user_pick").select(shopper).run()
    _button(at, "deactivate").click().run()
    assert not at.exception, at.exception
    assert t("a_deactivated", "en", user="shopper1") in _said(at)
    warned = _warned(at)
    assert "shopper1 left work as a shopper: " in warned
    assert "visits not submitted or waiting for review: " in warned
    assert "on the Waves page (the board marks their shopper 'deactivated')" in warned
    with db.session() as s:
        assert not s.get(User, shopper).active, "deactivated at once, work or not"
    at.run()
    assert not _warned(at), "said once"


@pytest.mark.usefixtures("tours_today")
def test_the_brands_last_decider_keeps_the_whole_brand_while_a_proposal_waits(signed_in, db):
    tour_id = _tour(db, "AM-039")
    at = goto(signed_in("admin"), "users")
    aurora = _user_id(db, "aurora")
    at.selectbox(key="user_pick").select(aurora).run()
    at.radio(key=f"eu{aurora}_sees").set_value("region").run()
    _save_user(at, aurora)
    assert (
        "'aurora' is the last active user who sees the whole of Aurora Motors, and 1 tour "
        f"proposal waits for a decision: #{tour_id}."
    ) in _said(at)
    with db.session() as s:
        assert s.get(User, aurora).scope_region is None
    _button(at, "deactivate").click().run()
    assert t("a_deactivated", "en", user="aurora") in _said(at)
    assert f"Nobody can now decide the 1 tour proposal waiting for Aurora Motors: #{tour_id}. " in (
        _warned(at)
    )
