"""A wave at a glance: the score, audits, the spread of store scores, best/worst, sections."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from audits.i18n import date_text
from audits.report_texts import tr
from audits.reports import WaveReport, best_and_worst, change_basis
from audits.ui import charts, responsive, state, tables
from audits.ui import client_common as common
from audits.ui.tables import CHANGE, SCORE


def render() -> None:
    lang = state.lang()
    st.header(tr("overview", lang))
    wave = common.pick_wave(lang)
    if wave is None:
        return
    report = common.load(wave)
    if report is None:
        return
    st.caption(
        f"{report.scope_label} · {date_text(wave.starts_on)}–{date_text(wave.ends_on)}"
        + (f" · {tr('previous_wave', lang)}: {report.previous.name}" if report.previous else "")
    )
    _headline(report, lang)
    basis = change_basis(report.scope, lang)
    if basis and not report.single_store:  # a store's own change: plainly the store itself
        st.caption(basis)
    left, right = st.columns(2) if not report.single_store else (None, st.container())
    if left is not None:
        left.subheader(tr("distribution", lang))
        left.altair_chart(
            distribution_chart(report.distribution, lang),
            width="stretch",
            alt=tr("about_distribution", lang),
        )
    with right:
        st.subheader(tr("section_averages", lang))
        _sections(report, lang)
    if not report.single_store and len(report.ranking) > 1:
        _best_and_worst(report, lang)


def _headline(report: WaveReport, lang: str) -> None:
    cols = st.columns(4)
    scope, network = report.scope, report.network
    delta = None if scope.change is None else CHANGE.text(scope.change, lang)
    label = tr("your_score" if report.single_store else "network_score", lang)
    if report.scope.stores != report.network.stores and not report.single_store:
        label = tr("scope_score", lang)
    unchanged = delta == CHANGE.text(0, lang)  # neither up nor down: no arrow, no colour
    cols[0].metric(
        label,
        common.fmt(scope.score, lang),
        delta,
        "off" if unchanged else "normal",
        help=tr("how_3", lang),
        delta_arrow="off" if unchanged else "auto",
    )
    cols[1].metric(tr("approved_audits", lang), scope.audits)
    if report.single_store:
        cols[2].metric(tr("network_average", lang), common.fmt(network.score, lang))
        if report.position:
            rank, total = report.position
            cols[3].metric(
                tr("your_position", lang), tr("position_of", lang, rank=rank, total=total)
            )
    else:
        cols[2].metric(tr("stores", lang), scope.stores)
        if scope.stores != network.stores:
            cols[3].metric(tr("network_average", lang), common.fmt(network.score, lang))


def _sections(report: WaveReport, lang: str) -> None:
    table = report.section_table
    shown = pd.DataFrame(
        {
            tr("section", lang): table["title"],
            tr("this_wave", lang): table["this"],
            tr("prev_wave", lang): table["previous"],
            tr("change", lang): table["change"],
        }
    )
    if report.scope.stores != report.network.stores:
        shown[tr("network_average", lang)] = table["network"]
    numbers = {c: SCORE for c in shown.columns if c != tr("section", lang)}
    numbers[tr("change", lang)] = CHANGE
    laptop, phone = responsive.laptop_and_phone("sections")
    tables.dataframe(shown, lang, numbers, where=laptop, hide_index=True, width="stretch")
    with phone:
        essential = [tr("section", lang), tr("this_wave", lang), tr("change", lang)]
        responsive.phone_table(
            shown[essential], lang, scores=[tr("this_wave", lang)], changes=[tr("change", lang)]
        )
    waves = {"this": tr("this_wave", lang)}
    if report.previous is not None:
        waves["previous"] = tr("prev_wave", lang)
    st.altair_chart(section_chart(table, waves, lang), width="stretch")


def distribution_chart(distribution: pd.DataFrame, lang: str) -> alt.Chart:
    """How many stores scored in each band of ten points, drawn as Streamlit's own bar chart
    draws it (which cannot tell a screen reader its axes in the user's language)."""
    score, stores = tr("score", lang), tr("stores", lang)
    return (
        alt.Chart(distribution)
        .mark_bar()
        .encode(
            x=alt.X(
                "range:O",
                title=score,
                axis=alt.Axis(grid=False, description=tr("axis_score_bands", lang)),
            ),
            y=alt.Y(
                "stores:Q",
                title=stores,
                axis=alt.Axis(grid=True, tickMinStep=1, description=tr("axis_stores", lang)),
            ),
            tooltip=[alt.Tooltip("range:N", title=score), alt.Tooltip("stores:Q", title=stores)],
        )
        .properties(height=260)
        .interactive()
    )


def section_chart(table: pd.DataFrame, waves: dict[str, str], lang: str) -> alt.Chart:
    """Sections in the checklist's order, this wave in the strong colour beside the last one."""
    score = tr("score", lang)
    long = table.melt(
        id_vars=["title"], value_vars=list(waves), var_name="wave", value_name="score"
    )
    long["wave"] = long["wave"].map(waves)
    order = list(waves.values())
    tooltip = [
        alt.Tooltip("title:N", title=" "),
        alt.Tooltip("wave:N", title=tr("wave", lang)),
        alt.Tooltip("score:Q", title=score, format=".1f"),
    ]
    chart = (
        charts.described(alt.Chart(long).mark_bar(), tooltip)
        .encode(
            y=alt.Y(
                "title:N",
                sort=list(table["title"]),
                title=None,
                axis=alt.Axis(labelLimit=260, description=tr("axis_sections", lang)),
            ),
            yOffset=alt.YOffset("wave:N", sort=order),
            x=alt.X(
                "score:Q",
                title=score,
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(description=tr("axis_scores_across", lang)),
            ),
            color=alt.Color(
                "wave:N",
                sort=order,
                scale=alt.Scale(domain=order, range=["#1f5fa8", "#a9c8ec"][: len(order)]),
                # One under the other: side by side they run past a phone's edge. A screen
                # reader hears each bar's wave from the bar, and the waves in the chart's name.
                legend=alt.Legend(orient="bottom", title=None, columns=1, aria=False),
            ),
        )
        .properties(
            height=40 + 22 * len(order) * len(table),
            description=tr("about_section_chart", lang, waves=", ".join(order)),
        )
    )
    return charts.localized(chart, lang)


def _best_and_worst(report: WaveReport, lang: str) -> None:
    best, worst = best_and_worst(report)
    left, right = st.columns(2)
    for column, title, rows in ((left, "best_stores", best), (right, "worst_stores", worst)):
        with column:
            st.subheader(tr(title, lang))
            _stores(rows, title, lang)


def _stores(rows: pd.DataFrame, key: str, lang: str) -> None:
    shown = pd.DataFrame(
        {
            tr("rank", lang): rows["rank"],
            tr("store", lang): rows["name"],
            tr("city", lang): rows["city"],
            tr("score", lang): rows["score"],
            tr("change", lang): rows["change"],
        }
    )
    laptop, phone = responsive.laptop_and_phone(key)
    tables.dataframe(
        shown,
        lang,
        {tr("score", lang): SCORE, tr("change", lang): CHANGE},
        where=laptop,
        hide_index=True,
        width="stretch",
    )
    with phone:
        responsive.phone_table(
            common.town_in_name(shown, lang),
            lang,
            scores=[tr("score", lang)],
            changes=[tr("change", lang)],
        )
