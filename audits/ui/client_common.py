"""Shared bits of the client pages: choosing the wave and loading its report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from audits import rankings, reports
from audits.rankings import WaveInfo
from audits.report_texts import tr
from audits.reports import WaveReport
from audits.ui import state
from audits.ui.tables import SCORE

WAVE_KEY = "client_wave_id"


def pick_wave(lang: str) -> WaveInfo | None:
    """The wave chosen on any client page (remembered across pages and in the URL)."""
    waves = state.call(rankings.visible_waves) or []
    if not waves:
        st.info(tr("no_data", lang))
        return None
    by_id = {w.id: w for w in waves}
    current = _wanted_wave()
    if current not in by_id:
        current = state.call(rankings.newest_wave_with_results) or waves[0].id
    several_clients = len({w.client for w in waves}) > 1
    chosen = st.selectbox(
        tr("wave", lang),
        list(by_id),
        index=list(by_id).index(current),
        format_func=lambda i: (
            f"{by_id[i].name} · {by_id[i].client}" if several_clients else by_id[i].name
        ),
        key="wave_picker",
    )
    st.session_state[WAVE_KEY] = chosen
    st.query_params["wave"] = str(chosen)
    return by_id[chosen]


def _wanted_wave() -> int | None:
    """The wave in the URL or chosen earlier in this session, if any."""
    wanted = st.query_params.get("wave") or st.session_state.get(WAVE_KEY)
    try:
        return int(wanted) if wanted is not None else None
    except ValueError:
        return None


def load(wave: WaveInfo, *, details: bool = False) -> WaveReport | None:
    report = state.call(reports.wave_report, wave.id, details=details)
    if report is not None and report.ranking.empty:
        st.info(tr("no_approved_yet", state.lang(), wave=wave.name))
        return None
    return report


def town_in_name(shown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The store and city columns as one, for a phone: "Aurora Motors Oulu" names its town
    already, "Keskusta" becomes "Keskusta, Oulu"."""
    store, city = tr("store", lang), tr("city", lang)
    names = [
        name if town in name else f"{name}, {town}"
        for name, town in zip(shown[store], shown[city], strict=True)
    ]
    return shown.assign(**{store: names}).drop(columns=city)


def fmt(score: float | None, lang: str) -> str:
    """A score as the tables write it in `lang`: "84.3", "84,3" in Finnish, "–" for none."""
    return SCORE.text(score, lang)
