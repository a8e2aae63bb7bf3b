"""Which pages each role gets."""

from __future__ import annotations

import importlib
import logging
from typing import Any, Literal

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from audits.auth import Actor
from audits.config import SettingsError
from audits.db import DatabaseUnavailable
from audits.i18n import Phrase, t
from audits.report_texts import tr
from audits.ui import login, state

_logger = logging.getLogger("audits")

# The default page's url_path reads "" (it is the root URL), so it is named here.
HOME = {"shopper": "visits", "manager": "review", "admin": "review", "client": "overview"}
WIDE = frozenset(
    {"overview", "ranking", "map", "store", "items", "routes", "tours", "users", "waves", "stores"}
)


def layout(page: st.Page, actor: Actor | None) -> Literal["centered", "wide"]:
    """Tables, charts and maps for a laptop get the whole width; the rest stays centered."""
    path = page.url_path or (HOME[actor.role] if actor else "")
    return "wide" if path in WIDE else "centered"


def menu_position(actor: Actor | None) -> Literal["top", "hidden"]:
    """Streamlit's page links at the top on a laptop; a shopper's phone gets `shopper_menu`."""
    return "hidden" if on_a_phone(actor) else "top"


def shopper_menu(available: list[st.Page], current: st.Page, actor: Actor | None) -> None:
    """A shopper's pages behind one button, except in the audit form.

    The form has its own way back to the visits; without the menu it gains room on the
    screen, and each element on it adds to the wait after every tap.
    """
    if actor is None or actor.role != "shopper" or current.url_path == "audit":
        return
    with st.popover(t("menu", actor.language), icon=":material/menu:"):
        for page in available:
            if page.visibility != "hidden":
                st.page_link(page)


def language_corner(actor: Actor | None) -> None:
    """Fi/En at the top right of every page of a manager, client or admin (a shopper has it on
    the visits page, the login page its own)."""
    if actor is None or actor.role == "shopper":
        return
    with st.container(key="language_corner", horizontal=True, horizontal_alignment="right"):
        state.language_switch()


def on_a_phone(actor: Actor | None) -> bool:
    """Shoppers work on a phone, and every user signs in on the login page, phone or not."""
    return actor is None or actor.role == "shopper"


def _sign_out() -> None:
    state.sign_out()
    st.rerun()


def for_actor(actor: Actor | None) -> list[st.Page]:
    if actor is None:
        return [st.Page(login.render, title=t("sign_in", state.lang()), url_path="login")]
    from audits import tours  # the planner's modules, not needed before sign-in

    pages = _pages_by_role(actor.language, brand_tours=tours.may_decide(actor))[actor.role]
    state.remember_pages({p.url_path or HOME[actor.role]: p for p in pages})
    return [
        *pages,
        st.Page(_sign_out, title=t("sign_out", actor.language), icon="🚪", url_path="logout"),
    ]


def _page(module: str, **options: Any) -> st.Page:
    """A page of audits/ui/`module`, imported when the page first opens: the login page then
    shows without the pandas, altair, folium and tour planner that the role pages import
    (seconds on a server's first start)."""

    def render() -> None:
        importlib.import_module(f"audits.ui.{module}").render()

    return st.Page(render, **options)


def _pages_by_role(lang: str, brand_tours: bool) -> dict[str, list[st.Page]]:
    """Each role's pages; the brand's tour decisions only for a client who may make them."""
    pages_by_role = {
        "shopper": [
            _page(
                "shopper_visits",
                title=t("my_visits", lang),
                icon="📋",
                url_path="visits",
                default=True,
            ),
            _page(
                "shopper_audit",
                title=t("audit_page", lang),
                url_path="audit",
                visibility="hidden",
            ),
            _page("shopper_tour", title=t("tr_my_tour", lang), icon="🧭", url_path="tour"),
            _page(
                "shopper_expenses", title=t("m_my_expenses", lang), icon="🧾", url_path="expenses"
            ),
        ],
        "manager": [
            _page(
                "manager_review",
                title=t("review_queue", lang),
                icon="✅",
                url_path="review",
                default=True,
            ),
            _page("manager_waves", title=t("m_waves", lang), icon="🗓️", url_path="waves"),
            _page("manager_tours", title=t("tr_routes", lang), icon="🧭", url_path="routes"),
            _page("manager_stores", title=t("m_stores", lang), icon="🏬", url_path="stores"),
            _page(
                "manager_checklists",
                title=t("m_checklists", lang),
                icon="📝",
                url_path="checklists",
            ),
            _page("manager_expenses", title=t("m_pay", lang), icon="💶", url_path="pay"),
        ],
        "client": [
            _page(
                "client_overview",
                title=tr("overview", lang),
                icon="📊",
                url_path="overview",
                default=True,
            ),
            _page("client_ranking", title=tr("ranking", lang), icon="🏆", url_path="ranking"),
            _page("client_map", title=tr("map", lang), icon="🗺️", url_path="map"),
            _page("client_store", title=tr("store_page", lang), icon="🏬", url_path="store"),
            _page("client_items", title=tr("items_page", lang), icon="🔎", url_path="items"),
            _page("client_reports", title=tr("reports", lang), icon="📥", url_path="reports"),
            *(
                [_page("client_tours", title=t("tr_tours", lang), icon="🧭", url_path="tours")]
                if brand_tours
                else []
            ),
        ],
    }
    pages_by_role["admin"] = [
        *pages_by_role["manager"],
        _page("admin_users", title=t("a_users", lang), icon="👥", url_path="users"),
        _page("admin_backups", title=t("a_backups", lang), icon="💾", url_path="backups"),
    ]
    return pages_by_role


# Where a user who typed an address before signing in was going.
WANTED = "wanted_path"


def open_typed_path(available: list[st.Page], actor: Actor | None) -> Phrase | None:
    """Open the start page for a path typed in the address bar that is none of this user's
    pages, instead of Streamlit's English "Page not found" dialog; a page typed before sign-in
    opens after it. Returns why the start page opened instead: another role's page, or no page
    at all.

    Streamlit matches a typed path against each page's url_path, and the start page's reads ""
    (it is served at the root), so even a user's own start page typed by name (/visits) would
    get the dialog.
    """
    typed = typed_path()
    if actor is None:
        if typed:
            if typed in _every_path(state.lang()):
                st.session_state[WANTED] = typed
            _open_instead(available[0])  # the sign-in page
        return None
    typed = st.session_state.pop(WANTED, "") or typed
    if not typed:
        return None
    own = {p.url_path or HOME[actor.role]: p for p in available}
    _open_instead(own.get(typed, own[HOME[actor.role]]))
    if typed in own or typed == "login":  # the sign-in page, typed or reloaded: signed in
        return None
    known = typed in _every_path(actor.language)
    return Phrase("page_not_yours" if known else "page_not_found", {"path": typed})


def _every_path(lang: str) -> set[str]:
    pages_by_role = _pages_by_role(lang, brand_tours=True)
    return {p.url_path or HOME[role] for role, pages in pages_by_role.items() for p in pages}


def typed_path() -> str:
    """The path typed in the address bar (or reloaded) that this run was asked for, if any.

    Streamlit (1.67, pinned) keeps it on the run's page manager until st.navigation matches it.
    """
    ctx = get_script_run_ctx()
    return (ctx.pages_manager.intended_page_name or "").strip("/") if ctx else ""


def _open_instead(page: st.Page) -> None:
    """Have st.navigation open `page` in this run, as a tap on its link would."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.pages_manager.set_script_intent(page._script_hash, "")


def refused(why: Phrase | None, lang: str) -> None:
    if why:
        st.warning(why.text(lang), icon="⛔")


def cannot_start(problem: SettingsError | DatabaseUnavailable, lang: str) -> None:
    """Say plainly, in the user's language, that the app cannot be used and what to do, and
    stop. A setting is named for the administrator; the database's address and reason only go
    to the log, as anyone who opens the page would read them."""
    if isinstance(problem, SettingsError):
        st.error(t("settings_wrong", lang), icon="⚙️")
        st.caption(t("settings_wrong_admin", lang, detail=problem))
    else:
        _logger.error("the database cannot be reached: %s", problem)
        st.error(t("db_down", lang), icon="⚠️")
        st.caption(t("db_down_admin", lang))
    st.button(t("try_again", lang), key="try_again")  # its click runs the app again
    st.stop()
