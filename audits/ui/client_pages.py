"""The client (brand) role's pages, in menu order."""

from __future__ import annotations

import streamlit as st

from audits.report_texts import tr
from audits.ui import (
    client_items,
    client_map,
    client_overview,
    client_ranking,
    client_reports,
    client_store,
)


def pages(lang: str) -> list[st.Page]:
    return [
        st.Page(
            client_overview.render,
            title=tr("overview", lang),
            icon="📊",
            url_path="overview",
            default=True,
        ),
        st.Page(client_ranking.render, title=tr("ranking", lang), icon="🏆", url_path="ranking"),
        st.Page(client_map.render, title=tr("map", lang), icon="🗺️", url_path="map"),
        st.Page(client_store.render, title=tr("store_page", lang), icon="🏬", url_path="store"),
        st.Page(client_items.render, title=tr("items_page", lang), icon="🔎", url_path="items"),
        st.Page(client_reports.render, title=tr("reports", lang), icon="📥", url_path="reports"),
    ]
