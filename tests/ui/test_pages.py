"""Each role's pages from the real entry point (streamlit AppTest)."""

from __future__ import annotations

import socket

import pytest
import streamlit as st
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from audits.checklist import load_checklist
from audits.config import CHECKLIST_DIR, load_settings
from audits.db import Database, DatabaseUnavailable
from audits.i18n import t
from audits.models import Audit, LoginSession, User
from audits.report_texts import tr
from audits.ui import pages
from tests.ui.conftest import APP
from tests.ui.test_client_pages import goto as client_goto
from tests.ui.test_manager_pages import goto


def _texts(at) -> str:
    return " ".join(
        [m.value for m in at.markdown]
        + [c.value for c in at.caption]
        + [s.value for s in at.subheader]
        + [h.value for h in at.header]
    )


def test_login_page_shows_demo_logins(app_env) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert at.text_input(key="username") is not None
    assert "demo-2026!" in _texts(at)
    demo = at.table[0].value.to_string()
    assert "shopper1" in demo
    assert "haamuasiakas" in demo and "Oulu (englanniksi)" in demo, "roles and notes in Finnish"
    assert "käynti kesken" in demo, "Olivia's visit under way, to see an audit half made"


def test_wrong_password_is_refused(app_env) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="username").input("shopper1")
    at.text_input(key="password").input("wrong password")
    at.button[0].click()
    at.run()
    assert [e.value for e in at.error] == [  # Finnish first
        "Väärä käyttäjätunnus tai salasana. Jos olet unohtanut salasanasi, pyydä ylläpitäjää "
        "vaihtamaan se."
    ]


def test_an_empty_sign_in_asks_for_the_name_and_password(app_env) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=30).run()
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Kirjoita käyttäjätunnus ja salasana."]


def test_shopper_fills_and_submits_an_audit(signed_in, app_env) -> None:
    at = signed_in("shopper1")
    assert "Käyntini" in _texts(at)
    open_buttons = [b for b in at.button if b.key and b.key.startswith("open_")]
    assert open_buttons
    open_buttons[0].click()
    at.run()
    assert not at.exception, at.exception
    audit_id = int(
        at.query_params["audit"][0]
        if isinstance(at.query_params["audit"], list)
        else at.query_params["audit"]
    )
    db = Database(load_settings().database_url)
    # Answer every visible item section by section, pressing "next" until the last one.
    checklist = load_checklist(CHECKLIST_DIR / "car_showroom.yaml")
    for _ in range(20):
        for control in at.segmented_control:
            if control.value is None and not control.disabled:
                control.set_value(_best(checklist.item(control.key.split("_", 1)[1]))).run()
        for box in at.number_input:
            if box.value is None and not box.disabled and box.key.endswith("greeting_time"):
                box.set_value(40).run()
        next_buttons = [b for b in at.button if b.key == "next"]
        if not next_buttons:
            break
        next_buttons[0].click().run()
    with db.session() as s:
        audit = s.get(Audit, audit_id)
        assert audit.status in ("draft", "returned")
        assert len(audit.answers) > 5
    submit = [b for b in at.button if b.key == "submit"]
    assert submit
    submit[0].click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        status = s.get(Audit, audit_id).status
    if status != "submitted":  # required answers left: the page lists exactly what is missing
        gaps = [b for b in at.button if b.key and b.key.startswith("gap_")]
        assert gaps, "a refused submit must say what is missing"
    db.dispose()


def _best(item):
    if item.type == "yes_no":
        return item.good
    if item.type == "scale":
        return item.max
    return max(item.options, key=lambda o: o.points).id


def test_manager_approves_a_submitted_audit(signed_in) -> None:
    at = signed_in("manager")
    review_buttons = [b for b in at.button if b.key and b.key.startswith("review_")]
    assert review_buttons, "demo data has submitted audits"
    audit_id = int(review_buttons[0].key.removeprefix("review_"))
    review_buttons[0].click().run()
    assert at.metric, "the score is shown"
    [b for b in at.button if b.key == "approve"][0].click().run()
    assert not at.exception
    db = Database(load_settings().database_url)
    with db.session() as s:
        assert s.get(Audit, audit_id).status == "approved"
    db.dispose()


def test_database_outage_gives_a_clear_message(signed_in, monkeypatch) -> None:
    at = signed_in("shopper1")

    def down(*_args, **_kwargs):
        raise DatabaseUnavailable("connection refused")

    monkeypatch.setattr("audits.fieldwork.my_visits", down)
    at.run()
    assert not at.exception
    assert at.error
    assert "Tietokanta ei juuri nyt vastaa" in at.error[0].value


def _style(at) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_each_page_gets_one_style_sheet_for_its_user(signed_in) -> None:
    shopper = _style(signed_in("shopper1"))  # Finnish, on a phone
    assert "min-height: 3rem" in shopper
    assert '"Enter hyväksyy"' in shopper and '"Valitse kuvat"' in shopper
    assert '"Kuvaa " attr(title) " ei lähetetty: kuva saa olla enintään 15 Mt."' in shopper
    assert '"Kuvaa " attr(title) " ei lähetetty: vain JPG, PNG tai WebP."' in shopper
    manager = _style(signed_in("manager"))  # Finnish, at a desk
    assert '"Enter hyväksyy"' in manager
    assert "min-height: 3rem" not in manager and "Valitse kuvat" not in manager
    client = _style(signed_in("aurora"))  # English, at a desk: Streamlit's own texts stay
    assert "Enter" not in client and "min-height" not in client


@pytest.mark.parametrize(
    ("username", "before", "after"),
    [("manager", "fi", "en"), ("aurora", "en", "fi"), ("admin", "en", "fi")],
)
def test_a_manager_client_or_admin_switches_language_on_any_page(
    signed_in, username: str, before: str, after: str
) -> None:
    at = signed_in(username)
    switch = at.segmented_control(key="user_lang")
    assert switch.value == before
    switch.set_value(after).run()
    assert not at.exception, at.exception
    assert at.session_state.actor.language == after
    assert at.segmented_control(key="user_lang").value == after
    with Database(load_settings().database_url).session() as session:
        assert session.scalar(select(User.language).where(User.username == username)) == after


def test_an_ended_session_and_a_sign_out_lead_to_the_login_page_in_the_users_language(
    signed_in, typed
) -> None:
    at = signed_in("aurora")  # English, on a login page left in Finnish
    db = Database(load_settings().database_url)
    with db.session() as session:
        session.execute(delete(LoginSession))  # expired, or ended by an admin
    db.dispose()
    at.run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == ["Session expired; sign in again."]
    assert at.text_input(key="username").label == "Username"
    assert at.segmented_control(key="lang").value == "en"
    at = signed_in("shopper3")  # English too
    typed.append("logout")  # the menu's "Sign out"
    at.run()
    assert not at.exception, at.exception
    assert at.text_input(key="username").label == "Username"


def test_a_shopper_has_a_menu_of_pages_except_in_the_audit_form(signed_in, app_env) -> None:
    at = signed_in("shopper1")
    [menu] = at.get("popover")
    links = [link.proto.page for link in at.get("page_link")]
    assert menu.proto.popover.label == "Valikko"
    assert len(links) == 4, links  # visits, tour, expenses, sign out
    next(b for b in at.button if b.key and b.key.startswith("open_")).click().run()
    assert at.query_params.get("audit"), "in the audit form"
    assert not at.get("popover") and not at.get("page_link")


def test_a_bad_setting_is_said_plainly(app_env, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("AUDITS_SESSION_MINUTES", "0")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception, "no traceback page"
    assert [e.value for e in at.error] == [
        "Sovelluksen asetuksissa on virhe, joten se ei käynnisty. Kerro ylläpitäjälle; hän "
        "korjaa asetuksen ja käynnistää sovelluksen uudelleen."
    ]
    assert [c.value for c in at.caption] == [
        "Ylläpitäjälle: AUDITS_SESSION_MINUTES=0: must be a whole number of minutes, at least 1"
    ]


DB_DOWN = (
    "Sovellus ei saa nyt yhteyttä tietokantaansa, joten sitä ei voi käyttää. Yritä hetken "
    "päästä uudelleen; jos vika jatkuu, kerro ylläpitäjälle."
)


def test_a_database_that_cannot_be_reached_is_said_plainly_and_tried_again(
    app_env, monkeypatch
) -> None:
    from streamlit.testing.v1 import AppTest

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://audits:s3cret@127.0.0.1:{port}/a")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception, "no traceback page"
    assert [e.value for e in at.error] == [DB_DOWN]
    assert "DATABASE_URL" in at.caption[0].value
    assert str(port) not in str(at), "the server's address is for the log, not the page"
    monkeypatch.delenv("DATABASE_URL")  # the server is back
    st.cache_resource.clear()  # the settings are read again (a restart would)
    at.button(key="try_again").click().run()
    assert not at.exception and not at.error
    assert at.text_input(key="username") is not None


def test_the_database_lost_while_signed_in_is_said_plainly(signed_in, monkeypatch) -> None:
    at = signed_in("shopper1")

    def lost(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr("audits.auth.session_actor", lost)
    at.run()
    assert not at.exception, "no traceback page"
    assert [e.value for e in at.error] == [DB_DOWN]


def test_a_sign_in_while_the_database_is_lost_is_said_plainly(app_env, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    def lost(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    at = AppTest.from_file(APP, default_timeout=30).run()
    monkeypatch.setattr("audits.auth._check_password", lost)
    at.text_input(key="username").input("shopper1")
    at.text_input(key="password").input("demo-2026!")
    at.button[0].click().run()
    assert not at.exception, "no traceback page"
    assert [e.value for e in at.error] == [DB_DOWN]


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths typed in the address bar, one a run (a browser sends one when a page loads)."""
    paths: list[str] = []
    monkeypatch.setattr(pages, "typed_path", lambda: paths.pop(0) if paths else "")
    return paths


def _warnings(at) -> list[str]:
    """The refusals (the shopper's start page warns of late visits too)."""
    return [w.value for w in at.warning if w.icon == "⛔"]


def test_a_typed_page_of_another_role_opens_the_start_page_and_says_why(signed_in, typed) -> None:
    at = signed_in("dealer")  # Finnish
    typed.append("visits")
    at.run()
    assert not at.exception, at.exception
    assert at.header[0].value == "Yleiskuva"
    assert _warnings(at) == ["Sivu /visits ei ole käytettävissäsi, joten tässä on aloitussivusi."]
    at.run()
    assert not _warnings(at), "said once"
    typed.append("tours")  # the brand's tour decisions are not a dealer's
    assert "Sivu /tours" in _warnings(at.run())[0]


def test_a_typed_start_page_opens_quietly_and_an_unknown_path_says_there_is_none(
    signed_in, typed
) -> None:
    at = signed_in("shopper1")
    for path, said in [
        ("visits", []),
        ("no-such-page", ["Sivua /no-such-page ei ole, joten tässä on aloitussivusi."]),
        ("expenses", []),
        ("login", []),  # the sign-in page reloaded after signing in
    ]:
        typed.append(path)
        at.run()
        assert not at.exception, at.exception
        assert _warnings(at) == said, path
        expected = "Palkkiot ja kulut" if path == "expenses" else "Käyntini"
        assert [h.value for h in at.header] == [expected], path
    at = signed_in("aurora")  # English
    typed.append("raportit")
    assert _warnings(at.run()) == ["There is no page /raportit, so here is your start page."]


def test_a_page_typed_before_signing_in_opens_after_it(signed_in, typed) -> None:
    typed.append("ranking")
    at = signed_in("aurora")
    assert at.header[0].value == "Ranking"
    typed.append("ranking")
    shopper = signed_in("shopper1")
    assert "Käyntini" in _texts(shopper)
    assert _warnings(shopper) == [
        "Sivu /ranking ei ole käytettävissäsi, joten tässä on aloitussivusi."
    ]


def test_a_kept_choice_is_shown_by_its_label_in_the_new_language(signed_in) -> None:
    """The browser keeps a keyed select box's or radio's old label unless told the new one."""
    at = goto(signed_in("manager"), "waves")  # Finnish
    at.selectbox(key="board_status").set_value("submitted").run()
    at.segmented_control(key="user_lang").set_value("en").run()
    assert not at.exception, at.exception
    status = at.selectbox(key="board_status")
    assert status.value == "submitted", "the choice is kept"
    assert (status.proto.set_value, status.proto.raw_value) == (True, t("status_submitted", "en"))
    everyone = at.selectbox(key="board_shopper")
    assert (everyone.proto.set_value, everyone.proto.raw_value) == (True, "All"), "'All' too"
    at.run()  # sent once: the browser shows it from then on
    assert not at.selectbox(key="board_status").proto.set_value
    assert not at.selectbox(key="board_shopper").proto.set_value

    at = client_goto(signed_in("aurora"), "reports")  # English
    at.radio(key="report_mode").set_value("zip").run()
    at.segmented_control(key="user_lang").set_value("fi").run()
    mode = at.radio(key="report_mode")
    assert mode.value == "zip"
    assert (mode.proto.set_value, mode.proto.raw_value) == (True, tr("as_zip", "fi"))


def test_the_login_page_needs_none_of_the_role_pages_heavy_modules() -> None:
    """A server's first run shows the login page; the maps, charts and tour planner of the role
    pages (seconds of imports) wait until a page of theirs opens."""
    import subprocess
    import sys

    heavy = ["folium", "altair", "streamlit_folium", "openpyxl", "audits.tours", "audits.demo"]
    code = (
        "import sys; import audits.ui.pages, audits.ui.login, audits.bootstrap; "
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == []
