"""Users (admin): every account, a new one, its role, scope, name and language changed,
deactivating and reactivating, a new password."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from audits import accounts, stores
from audits.accounts import Profile, UserInfo
from audits.i18n import LANGUAGES, date_text, explain, t
from audits.models import local_date
from audits.ui import state

# The everyday account first, the most powerful last: a new user is not an admin by default.
ROLE_CHOICES = ("shopper", "manager", "client", "admin")
# What the last change did, and what it left for others to take over: said after the rerun
# that shows it.
FLASH = "users_flash"
NEW_USER_FIELDS = ("nu_username", "nu_name", "nu_password", "nu_password2")


def render() -> None:
    lang = state.lang()
    st.header(t("a_users", lang))
    if flash := st.session_state.pop(FLASH, None):
        said, warnings = flash
        st.success(said)
        for warning in warnings:
            st.warning(warning, icon="⚠️")
    users = state.call(accounts.list_users)
    if users is None:
        return
    _table(users, lang)
    _new_user(lang)
    _manage(users, lang)


def _table(users: list[UserInfo], lang: str) -> None:
    frame = pd.DataFrame(
        [
            {
                t("username", lang): u.username,
                t("a_name", lang): u.display_name,
                t("role", lang): t(f"role_{u.role}", lang),
                t("m_client", lang): u.client or "",
                t("a_scope", lang): _scope(u, lang),
                t("language", lang): LANGUAGES.get(u.language, u.language),
                t("a_active", lang): u.active,
                t("a_created", lang): date_text(local_date(u.created_at)),
            }
            for u in users
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch")


def _scope(user: UserInfo, lang: str) -> str:
    if user.role != "client":
        return ""
    return user.scope_store or user.scope_region or t("a_whole_brand", lang)


def _new_user(lang: str) -> None:
    with st.expander(f"➕ {t('a_new_user', lang)}"):
        # Outside the form: they decide which fields the form shows.
        role = st.selectbox(
            t("role", lang),
            ROLE_CHOICES,
            format_func=lambda r: t(f"role_{r}", lang),
            key=state.relabelled("nu_role", lang),
        )
        client, region, store = _client_fields(role, lang, "nu")
        with st.form("new_user", border=False):
            username = st.text_input(t("username", lang), key="nu_username")
            name = st.text_input(t("a_name", lang), key="nu_name")
            language = st.selectbox(
                t("language", lang), list(LANGUAGES), format_func=LANGUAGES.get, key="nu_lang"
            )
            password = st.text_input(t("password", lang), type="password", key="nu_password")
            again = st.text_input(t("a_password_again", lang), type="password", key="nu_password2")
            if not st.form_submit_button(t("a_create", lang), type="primary"):
                return
        created = _call(
            accounts.add_user,
            lang,
            username,
            password,
            again,
            role,
            client=client,
            display_name=name,
            language=language,
            scope_region=region,
            scope_store_code=store,
        )
        if created is not None:
            for key in NEW_USER_FIELDS:
                st.session_state.pop(key, None)
            _flash(t("a_user_created", lang, user=username.strip()))


def _client_fields(
    role: str, lang: str, key: str, current: Profile | None = None
) -> tuple[str | None, str | None, str | None]:
    """(client, region, store code) for a client user or a manager of one client; the
    widgets' keys start with `key`, their first values are `current`'s."""
    if role not in ("client", "manager"):
        return None, None, None
    now = current or Profile(role)
    clients = state.call(stores.managed_clients) or []
    names = [c.name for c in clients]
    if role == "manager":
        chosen = state.select_or_none(
            st,
            t("m_client", lang),
            names,
            t("a_all_clients", lang),
            lang,
            value=now.client,
            key=f"{key}_client",
            help=t("a_manager_client", lang),
        )
        return chosen, None, None
    client = st.selectbox(
        t("m_client", lang),
        names,
        index=_index(names, now.client),
        placeholder=t("choose_options", lang),  # Streamlit's own is English
        key=state.relabelled(f"{key}_client", lang),
    )
    if client is None:
        return None, None, None
    kinds = {"brand": "a_sees_brand", "region": "a_sees_region", "store": "a_sees_store"}
    kind = st.radio(
        t("a_sees", lang),
        list(kinds),
        index=2 if now.scope_store_code else 1 if now.scope_region else 0,
        format_func=lambda k: t(kinds[k], lang),
        key=state.relabelled(f"{key}_sees", lang),
    )
    if kind == "brand":
        return client, None, None
    listed = state.call(stores.list_stores, client) or []
    if kind == "region":
        regions = sorted({s.region for s in listed if s.region})
        # A dealer widened to a region starts from their store's region.
        stores_region = next((s.region for s in listed if s.code == now.scope_store_code), None)
        region = st.selectbox(
            t("region", lang),
            regions,
            index=_index(regions, now.scope_region or stores_region) or 0,
            key=f"{key}_region",
        )
        return client, region, None
    codes = {s.code: f"{s.code} {s.name}" for s in listed}
    store = st.selectbox(
        t("store", lang),
        list(codes),
        index=_index(list(codes), now.scope_store_code) or 0,
        format_func=codes.get,
        key=f"{key}_store",
    )
    return client, None, store


def _index(options: Sequence[object], value: object) -> int | None:
    return options.index(value) if value in options else None


def _manage(users: list[UserInfo], lang: str) -> None:
    st.subheader(t("a_manage", lang))
    by_id = {u.id: u for u in users}
    user_id = st.selectbox(
        t("a_user", lang),
        list(by_id),
        format_func=lambda i: _label(by_id[i], lang),
        key=state.relabelled("user_pick", lang),
    )
    if user_id is None:
        return
    user = by_id[user_id]
    if user.active:
        if st.button(t("a_deactivate", lang), key="deactivate"):
            _deactivate(user, lang)
    elif st.button(t("a_reactivate", lang), key="reactivate"):
        _change(
            accounts.set_active, lang, t("a_reactivated", lang, user=user.username), user.id, True
        )
    _edit(user, lang)
    with st.form("reset_password", border=True, clear_on_submit=True):
        password = st.text_input(t("a_new_password", lang), type="password", key="rp_password")
        again = st.text_input(t("a_password_again", lang), type="password", key="rp_password2")
        if st.form_submit_button(t("a_reset_password", lang)):
            _change(
                accounts.reset_password,
                lang,
                t("a_password_reset", lang, user=user.username),
                user.id,
                password,
                again,
            )


def _edit(user: UserInfo, lang: str) -> None:
    """The account's role with its client and scope, name and language; the core decides."""
    key = f"eu{user.id}"  # each account's fields start from its own values
    with st.container(border=True):
        st.markdown(f"**{t('a_edit_user', lang)}**")
        role = st.selectbox(
            t("role", lang),
            ROLE_CHOICES,
            index=ROLE_CHOICES.index(user.role),
            format_func=lambda r: t(f"role_{r}", lang),
            key=state.relabelled(f"{key}_role", lang),
        )
        client, region, store = _client_fields(role, lang, key, user.profile)
        with st.form(f"{key}_form", border=False):
            name = st.text_input(t("a_name", lang), value=user.display_name, key=f"{key}_name")
            language = st.selectbox(
                t("language", lang),
                list(LANGUAGES),
                index=list(LANGUAGES).index(user.language),
                format_func=LANGUAGES.get,
                key=f"{key}_lang",
            )
            st.caption(t("a_role_note", lang))
            if not st.form_submit_button(t("a_save_user", lang), type="primary"):
                return
        _save(user, Profile(role, client, region, store, name, language), lang)


def _save(user: UserInfo, profile: Profile, lang: str) -> None:
    done = _call(accounts.update_user, lang, user.id, profile)
    if done is None:
        return
    if not done.changes:
        st.info(t("a_nothing_changed", lang))
        return
    said = "a_user_updated_ended" if done.sessions_ended else "a_user_updated"
    _flash(t(said, lang, user=done.username))


def _deactivate(user: UserInfo, lang: str) -> None:
    """Deactivate at once, then say what the account left for others (open visits, tours,
    proposals nobody else can decide) and where to take it over."""
    done = _call(accounts.set_active, lang, user.id, False)
    if done is not None:
        _flash(t("a_deactivated", lang, user=user.username), *(p.text(lang) for p in done.left))


def _label(user: UserInfo, lang: str) -> str:
    label = f"{user.username} · {t(f'role_{user.role}', lang)}"
    return label if user.active else f"{label} ({t('a_inactive', lang)})"


def _change(fn: Callable[..., object], lang: str, said: str, *args: object) -> None:
    """Run a change; on success say `said` after the rerun that shows it, else why not."""
    if _call(fn, lang, *args) is not None:
        _flash(said)


def _call(fn: Callable[..., Any], lang: str, *args: object, **kwargs: object) -> Any:
    """The change's result; None when it was refused, said here, or when state.call has said
    why (not allowed, database down)."""
    try:
        return state.call(fn, *args, **kwargs)
    except ValueError as exc:
        st.error(explain(exc, lang))
        return None


def _flash(said: str, *warnings: str) -> None:
    """Show the change: rerun, then say what it did and warn of what it left."""
    st.session_state[FLASH] = (said, warnings)
    st.rerun()
