"""Store ranking for a client: approved audits only, within the user's scope."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from audits.report_texts import tr
from audits.reports import WaveReport, ranking_view
from audits.ui import client_common as common
from audits.ui import responsive, state, tables
from audits.ui.tables import CHANGE, SCORE


def render() -> None:
    lang = state.lang()
    st.header(tr("ranking", lang))
    wave = common.pick_wave(lang)
    if wave is None:
        return
    report = common.load(wave)
    if report is None:
        return
    titles = {s.column: s.title for s in report.sections}
    filters = st.columns(3)
    region = None
    if len(report.regions) > 1:
        region = state.select_or_none(
            filters[0],
            tr("region_filter", lang),
            report.regions,
            tr("all_regions", lang),
            lang,
            key="rank_region",
        )
    by = filters[1].selectbox(
        tr("rank_by", lang),
        ["score", *titles],
        format_func=lambda c: tr("total_score", lang) if c == "score" else titles[c],
        key=state.relabelled("rank_by", lang),
    )
    shown_sections = filters[2].multiselect(
        tr("sections_shown", lang),
        list(titles),
        default=list(titles),
        format_func=titles.get,
        # a phone's table has no section columns
        key=state.relabelled(responsive.LAPTOP_ONLY + "rank_sections", lang),
    )
    table = ranking_view(report, by=by, region=region)
    if table.empty:
        st.info(tr("no_stores", lang))
        return
    _table(table, by, shown_sections, titles, report, lang)
    if report.network_ranks is not None:
        st.caption(tr("ranks_in_network", lang, n=report.network.stores))
    if (table["audits"] < 3).any():
        st.caption(tr("few_audits", lang) + " " + tr("how_5", lang))
    if report.previous is not None:
        key = "how_6_same" if report.shared_items is None else "how_6_shared"
        st.caption(tr(key, lang, n=report.shared_items or 0))


def _table(
    table: pd.DataFrame,
    by: str,
    sections: list[str],
    titles: dict[str, str],
    report: WaveReport,
    lang: str,
) -> None:
    rank = "network_rank" if report.network_ranks is not None else "rank"
    shown = pd.DataFrame(
        {
            tr(rank, lang): table["rank"],
            tr("store", lang): table["name"],
            tr("city", lang): table["city"],
            tr("region", lang): table["region"],
            tr("score", lang): table["score"],
            tr("range", lang): [
                "–" if pd.isna(lo) else f"{lo:.0f}–{hi:.0f}"
                for lo, hi in zip(table["low"], table["high"], strict=True)
            ],
            **{titles[c]: table[c] for c in sections},
            tr("change", lang): table["change"],
            tr("audits", lang): table["audits"],
        }
    )
    numbers = {c: SCORE for c in [tr("score", lang), *(titles[c] for c in sections)]}
    numbers[tr("change", lang)] = CHANGE
    laptop, phone = responsive.laptop_and_phone("ranking")
    tables.dataframe(
        shown,
        lang,
        numbers,
        column_config={tr("range", lang): st.column_config.TextColumn(help=tr("how_5", lang))},
        where=laptop,
        hide_index=True,
        width="stretch",
        key="ranking_table",
        height=min(740, 38 + 35 * len(shown)),
    )
    with phone:
        _phone_table(table, by, titles, tr(rank, lang), lang)


def _phone_table(
    table: pd.DataFrame, by: str, titles: dict[str, str], rank: str, lang: str
) -> None:
    """Rank, store and the score ranked by; the change when that is the total score."""
    score = tr("score", lang) if by == "score" else titles[by]
    shown = pd.DataFrame(
        {
            rank: table["rank"],
            tr("store", lang): table["name"],
            tr("city", lang): table["city"],
            score: table[by],
        }
    )
    changes = []
    if by == "score":
        shown[tr("change", lang)] = table["change"]
        changes = [tr("change", lang)]
    responsive.phone_table(common.town_in_name(shown, lang), lang, scores=[score], changes=changes)
    st.caption(tr("phone_ranking_more", lang))
