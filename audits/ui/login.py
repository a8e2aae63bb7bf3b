"""Sign-in page, with a language switch and, in demo mode, the demo logins."""

from __future__ import annotations

import streamlit as st

from audits.auth import LoginFailed
from audits.db import DatabaseUnavailable
from audits.i18n import LANGUAGES, explain, t
from audits.ui import state


def render() -> None:
    lang = (
        st.segmented_control(
            "🌐",
            options=list(LANGUAGES),
            format_func=LANGUAGES.get,
            key="lang",
            default=st.session_state.get("lang", "fi"),
            label_visibility="collapsed",
        )
        or "fi"
    )
    st.subheader(f"🕵️ {t('app_title', lang)}")
    if st.session_state.pop("session_ended", False):
        st.warning(t("session_expired", lang), icon="⏱️")
    with st.form("login", border=True):
        username = st.text_input(t("username", lang), key="username", autocomplete="username")
        password = st.text_input(
            t("password", lang), type="password", key="password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("sign_in", lang), type="primary", width="stretch")
    if submitted:
        try:
            state.sign_in(username, password)
        except LoginFailed as exc:
            st.error(explain(exc, lang))
        except DatabaseUnavailable:
            st.error(t("db_down", lang), icon="⚠️")
        else:
            st.rerun()
    if state.settings().demo:
        _demo_logins(lang)


def _demo_logins(lang: str) -> None:
    from audits.demo import DEMO_LOGINS, DEMO_PASSWORD  # not imported outside demo mode

    with st.expander(t("demo_logins", lang), expanded=True):
        st.markdown(f"{t('demo_password', lang)}: `{DEMO_PASSWORD}`")
        st.table(
            {
                t("username", lang): [d.username for d in DEMO_LOGINS],
                t("role", lang): [t(f"role_{d.role}", lang) for d in DEMO_LOGINS],
                "": [d.description.text(lang) for d in DEMO_LOGINS],
            }
        )
