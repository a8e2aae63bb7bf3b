"""One store: its score beside the network, its trend, its weakest items, every answer."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from audits import reports
from audits.i18n import day_label
from audits.report_texts import tr
from audits.reports import StoreReport
from audits.ui import charts, responsive, state, tables
from audits.ui import client_common as common
from audits.ui.tables import PERCENT, SCORE, Num


def render() -> None:
    lang = state.lang()
    st.header(tr("store_page", lang))
    wave = common.pick_wave(lang)
    if wave is None:
        return
    report = common.load(wave)
    if report is None:
        return
    stores = report.ranking.sort_values(["name"])
    names = dict(zip(stores["store_id"], stores["name"] + " · " + stores["city"], strict=True))
    wanted = st.query_params.get("store")
    ids = list(names)
    index = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in names else 0
    if len(ids) > 1:
        store_id = st.selectbox(
            tr("select_store", lang), ids, index=index, format_func=names.get, key="store_pick"
        )
    else:
        store_id = ids[0]
    st.query_params["store"] = str(store_id)
    detail = state.call(reports.store_report, wave.id, int(store_id))
    if detail is not None:
        _store(detail, lang)


def _store(detail: StoreReport, lang: str) -> None:
    st.subheader(detail.name)
    st.caption(" · ".join(v for v in (detail.code, detail.city, detail.region) if v))
    cols = st.columns(3)
    cols[0].metric(tr("score", lang), common.fmt(detail.score, lang))
    cols[1].metric(tr("network_average", lang), common.fmt(detail.network_score, lang))
    cols[2].metric(tr("audits", lang), len(detail.audits))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr('section_averages', lang)}**")
        sections = detail.sections.rename(
            columns={
                "title": tr("section", lang),
                "store": tr("score", lang),
                "network": tr("network_average", lang),
            }
        )
        scores = [tr("score", lang), tr("network_average", lang)]
        laptop, phone = responsive.laptop_and_phone("store_sections")
        tables.dataframe(
            sections,
            lang,
            dict.fromkeys(scores, SCORE),
            where=laptop,
            hide_index=True,
            width="stretch",
        )
        with phone:
            responsive.phone_table(sections, lang, scores=scores)
    with right:
        st.markdown(f"**{tr('trend', lang)}**")
        st.altair_chart(_trend_chart(detail, lang), width="stretch")
    st.markdown(f"**{tr('most_failed', lang)}**")
    st.caption(tr("most_failed_note", lang))
    _most_failed(detail.most_failed, lang)
    st.markdown(f"**{tr('store_audits', lang)}**")
    for audit in detail.audits:
        score = f"{tr('score', lang)} {common.fmt(audit.score, lang)}"
        title = f"{day_label(audit.visited_on, lang)} · {score}"
        with st.expander(title, expanded=len(detail.audits) == 1):
            _answers(audit.items, f"answers_{audit.audit_id}", lang)


def _trend_chart(detail: StoreReport, lang: str) -> alt.Chart:
    """One point a wave, named and in the order the waves ran (not on a calendar axis)."""
    trend = detail.trend.sort_values("starts_on")
    series = {"score": detail.name, "network": tr("network_average", lang)}
    long = trend.melt(id_vars=["wave"], value_vars=list(series), var_name="series")
    long["series"] = long["series"].map(series)
    tooltip = [
        alt.Tooltip("wave:N", title=tr("wave", lang)),
        alt.Tooltip("series:N", title=" "),
        alt.Tooltip("value:Q", title=tr("score", lang), format=".1f"),
    ]
    # A screen reader hears each wave from its point: a line's own label told its first only.
    line = alt.Chart(long).mark_line(point=alt.OverlayMarkDef(size=60), aria=False)
    chart = (
        charts.described(line, tooltip)
        .encode(
            x=alt.X(
                "wave:N",
                sort=list(trend["wave"]),
                title=None,
                axis=alt.Axis(labelAngle=0, description=tr("axis_waves", lang)),
            ),
            y=alt.Y(
                "value:Q",
                title=tr("score", lang),
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(description=tr("axis_scores_up", lang)),
            ),
            color=alt.Color(
                "series:N",
                sort=list(series.values()),
                # each point tells a screen reader its series: the legend only repeats them
                legend=alt.Legend(orient="bottom", title=None, aria=False),
            ),
        )
        .properties(height=250, description=tr("about_trend_chart", lang, store=detail.name))
    )
    return charts.localized(chart, lang)


def _most_failed(table: pd.DataFrame, lang: str) -> None:
    if table.empty:
        st.caption("–")
        return
    laptop, phone = responsive.laptop_and_phone("most_failed")
    tables.dataframe(
        table.rename(
            columns={
                "section_title": tr("section", lang),
                "label": tr("item", lang),
                "counted": tr("counted", lang),
                "failed": tr("failed", lang),
                "fail_rate": tr("fail_rate", lang),
            }
        ),
        lang,
        {tr("fail_rate", lang): PERCENT},
        where=laptop,
        hide_index=True,
        width="stretch",
    )
    with phone:
        shown = table.rename(
            columns={"label": tr("item", lang), "fail_rate": tr("fail_rate", lang)}
        )
        responsive.phone_table(
            shown[[tr("item", lang), tr("fail_rate", lang)]],
            lang,
            percents=[tr("fail_rate", lang)],
        )


def _answers(items: pd.DataFrame, key: str, lang: str) -> None:
    shown = pd.DataFrame(
        {
            tr("section", lang): items["section_title"],
            tr("item", lang): items["label"],
            tr("answer", lang): items["answer"],
            tr("points", lang): [
                # no-break spaces: "2,25 / 3" stays on one line
                ""
                if pd.isna(p) or p == 0
                else f"{Num().text(e, lang)}\u00a0/\u00a0{Num().text(p, lang)}"
                for e, p in zip(items["earned"], items["possible"], strict=True)
            ],
            tr("comment", lang): items["comment"],
        }
    )
    laptop, phone = responsive.laptop_and_phone(key)
    with laptop:  # a static table: its comments wrap instead of being cut off
        responsive.phone_table(shown, lang)
    with phone:
        responsive.phone_table(_with_comments(shown, lang), lang, markdown=[tr("answer", lang)])


def _with_comments(shown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Item, answer and points, each comment in italics after its answer (for a phone)."""
    answer, comment = tr("answer", lang), tr("comment", lang)
    answers = []
    for given, note in zip(shown[answer], shown[comment].map(responsive.plain), strict=True):
        answers.append(responsive.plain(given) + (f" · *{note.strip()}*" if note.strip() else ""))
    return shown.assign(**{answer: answers})[[tr("item", lang), answer, tr("points", lang)]]
