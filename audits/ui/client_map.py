"""Stores on a map, coloured by score (folium through streamlit-folium)."""

from __future__ import annotations

import branca.colormap as cm
import folium
import pandas as pd
import streamlit as st

from audits.mapbase import add_legend, base_map, fit_points, map_text
from audits.report_texts import tr
from audits.ui import client_common as common
from audits.ui import state

COLOURS = ["#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"]
FINLAND_CENTRE = (64.9, 26.0)


def show_map(fmap: folium.Map, key: str) -> None:
    """Draw a folium map (tests replace this: the component needs a browser)."""
    from streamlit_folium import st_folium

    st_folium(fmap, key=key, height=560, use_container_width=True, returned_objects=[])


def render() -> None:
    lang = state.lang()
    st.header(tr("map", lang))
    wave = common.pick_wave(lang)
    if wave is None:
        return
    report = common.load(wave)
    if report is None:
        return
    located = report.ranking.dropna(subset=["lat", "lon", "score"])
    if located.empty:
        st.info(tr("no_coordinates", lang))
        return
    show_map(build_map(located, lang), key=f"map_{wave.id}")


def build_map(stores: pd.DataFrame, lang: str) -> folium.Map:
    low = float(min(stores["score"].min(), 50.0))
    # The colour of each store only: the legend is ours (branca's would load d3 from a CDN).
    scale = cm.LinearColormap(COLOURS, vmin=low, vmax=100.0)
    fmap = base_map(FINLAND_CENTRE, 5)
    for row in stores.itertuples():
        score = common.fmt(row.score, lang)  # "55,4" in Finnish, as the tables write it
        popup = (
            f"<b>{map_text(row.name)}</b><br>{map_text(row.city)}<br>"
            f"{tr('score', lang)}: {score} · {tr('rank', lang)} {row.rank}"
        )
        folium.CircleMarker(
            location=(row.lat, row.lon),
            radius=9,
            color="#333333",
            weight=1,
            fill=True,
            fill_color=scale(float(row.score)),
            fill_opacity=0.9,
            tooltip=f"{map_text(row.name)}: {score}",
            popup=folium.Popup(popup, max_width=260),
        ).add_to(fmap)
    add_legend(fmap, tr("legend_score", lang), COLOURS, low, 100.0)
    fit_points(fmap, zip(stores["lat"], stores["lon"], strict=True), padding=(20, 20))
    return fmap
