"""Store ranking for a client: approved audits only, within the user's scope."""

from __future__ import annotations

import streamlit as st

from audits import rankings
from audits.i18n import t
from audits.ui import state


def render() -> None:
    lang = state.lang()
    st.header(t("ranking", lang))
    waves = state.call(rankings.visible_waves)
    if not waves:
        st.info(t("no_approved", lang))
        return
    wave = st.selectbox(
        t("wave", lang), waves, format_func=lambda w: f"{w.name} · {w.client}", key="wave"
    )
    table = state.call(rankings.store_ranking, wave.id)
    if table is None:
        return
    if table.empty:
        st.info(t("no_approved", lang))
        return
    titles = state.call(rankings.section_titles_for, wave.id) or {}
    shown = table.drop(columns=["store_id", "code"]).rename(
        columns={
            "rank": t("rank", lang),
            "name": t("store", lang),
            "city": t("city", lang),
            "region": t("region", lang),
            "score": t("score", lang),
            "audits": t("audits", lang),
            **titles,
        }
    )
    score_columns = [t("score", lang), *titles.values()]
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.NumberColumn(c, format="%.1f") for c in score_columns},
    )
