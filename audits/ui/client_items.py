"""Which items miss points most often, in scope, in the network and by region."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from audits.report_texts import tr
from audits.ui import charts, responsive, state, tables
from audits.ui import client_common as common
from audits.ui.tables import PERCENT


def render() -> None:
    lang = state.lang()
    st.header(tr("items_page", lang))
    wave = common.pick_wave(lang)
    if wave is None:
        return
    report = common.load(wave)
    if report is None:
        return
    items = report.items
    by_region = report.items_by_region
    filters = st.columns(2)
    region = None
    if len(report.regions) > 1:
        region = state.select_or_none(
            filters[0],
            tr("region_filter", lang),
            report.regions,
            tr("all_regions", lang),
            lang,
            key="items_region",
        )
    sections = [s.title for s in report.sections]
    every = tr("all_sections", lang)
    section = state.select_or_none(
        filters[1], tr("section", lang), sections, every, lang, key="items_section"
    )
    table = items.copy()
    if region is not None:
        rates = by_region.set_index("item_id")[region] if region in by_region else None
        table["fail_rate"] = table["item_id"].map(rates) if rates is not None else float("nan")
        table = table.dropna(subset=["fail_rate"]).sort_values("fail_rate", ascending=False)
    if section is not None:
        table = table[table["section_title"] == section]
    columns = {
        "section_title": tr("section", lang),
        "label": tr("item", lang),
        "fail_rate": tr("fail_rate", lang),
        "points_pct": tr("points_pct", lang),
        "counted": tr("counted", lang),
    }
    if report.scope.stores != report.network.stores:
        columns["network_fail_rate"] = tr("network_fail_rate", lang)
    if region is not None:
        del columns["points_pct"], columns["counted"]
    shown = table[list(columns)].rename(columns=columns)
    percents = ("fail_rate", "points_pct", "network_fail_rate")
    numbers = {columns[c]: PERCENT for c in percents if c in columns}
    laptop, phone = responsive.laptop_and_phone("items")
    tables.dataframe(
        shown, lang, numbers, where=laptop, hide_index=True, width="stretch", height=560
    )
    with phone:
        short = {tr("network_fail_rate", lang): tr("network_fail_rate_short", lang)}
        rates = [short.get(c, c) for c in (tr("fail_rate", lang), *short) if c in shown]
        narrow = shown.rename(columns=short)[[tr("item", lang), *rates]]
        responsive.phone_table(narrow, lang, percents=rates)
        if region is None and len(report.regions) > 1:
            st.caption(tr("phone_regions", lang))
    st.caption(tr("how_7", lang))
    if region is None and len(report.regions) > 1 and not by_region.empty:
        # Items down and regions across need a laptop's width; a phone picks a region above.
        with responsive.laptop_only("heatmap"):
            st.subheader(f"{tr('fail_rate', lang)} · {tr('region', lang)}")
            st.altair_chart(region_heatmap(by_region, report.regions, lang), width="stretch")


def region_heatmap(by_region: pd.DataFrame, regions: list[str], lang: str) -> alt.LayerChart:
    """Items down (checklist order), regions across: the darker, the more often points missed."""
    present = [r for r in regions if r in by_region.columns]
    rows = by_region.assign(row=range(len(by_region)))
    long = rows.melt(
        id_vars=["row", "section_title", "label"], value_vars=present, var_name="region"
    ).dropna(subset=["value"])
    order = list(dict.fromkeys(by_region["label"]))
    # On the cell and on its number alike: the number, drawn over the cell, takes the hover.
    tooltip = [
        alt.Tooltip("section_title:N", title=tr("section", lang)),
        alt.Tooltip("label:N", title=tr("item", lang)),
        alt.Tooltip("region:N", title=tr("region", lang)),
        alt.Tooltip("value:Q", title=tr("fail_rate", lang), format=".0f"),
    ]
    base = charts.described(alt.Chart(long), tooltip).encode(
        x=alt.X(
            "region:N",
            sort=present,
            title=None,
            axis=alt.Axis(
                orient="top",
                labelAngle=-40,
                labelOverlap=False,
                description=tr("axis_regions", lang),
            ),
        ),
        y=alt.Y(
            "label:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelLimit=360, labelOverlap=False, description=tr("axis_items", lang)),
        ),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "value:Q",
            title=tr("fail_rate", lang),
            scale=alt.Scale(domain=[0, 100], scheme="reds"),
            # each cell tells a screen reader its fail rate: the colour key only repeats it
            legend=alt.Legend(orient="bottom", aria=False),
        ),
    )
    # A screen reader hears each cell once, from the cell: its number would repeat it.
    numbers = base.mark_text(fontSize=10, aria=False).encode(
        text=alt.Text("value:Q", format=".0f"),
        color=alt.condition("datum.value > 60", alt.value("white"), alt.value("#262730")),
    )
    layers = (cells + numbers).properties(
        height=22 * len(order), description=tr("about_region_heatmap", lang)
    )
    return charts.localized(layers, lang)
