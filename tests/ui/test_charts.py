"""Charts' numbers as the user's language writes them (audits/ui/charts.py): a Finnish user's
tooltips read "77,4", an English user's "77.4". The browser's Vega writes each number format
with the chart's locale (tests/browser/test_table_numbers_browser.py hovers a bar).

A chart's marks tell a screen reader what their tooltips tell, in the same words and numbers
("Pisteet: 77,4"), each chart says what it shows, and each axis too ("Pystyakseli: osiot"),
where Vega-Lite would say "Y-axis for a discrete scale with 7 values" in English; a legend that
repeats what every mark tells keeps quiet (tests/browser/test_chart_aria_browser.py reads the
labels Chromium gets)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from types import SimpleNamespace

import altair as alt
import pandas as pd
from streamlit import dataframe_util

from audits.i18n import separators
from audits.report_texts import tr
from audits.ui import client_items, client_overview, client_store
from audits.ui.charts import localized
from audits.ui.tables import Num
from tests.ui.test_client_pages import goto
from tests.ui.test_tables import _to


def _formats(node: object) -> Iterator[str]:
    """Every number format a chart's encodings use (tooltips, texts, axes)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "format" and isinstance(value, str):
                yield value
            elif key not in ("config", "datasets"):
                yield from _formats(value)
    elif isinstance(node, list):
        for value in node:
            yield from _formats(value)


def test_a_chart_writes_numbers_with_the_languages_separators() -> None:
    chart = alt.Chart(pd.DataFrame({"x": [1234.5]})).mark_bar().encode(x="x:Q")
    numbers = [
        localized(chart, lang).to_dict()["config"]["locale"]["number"] for lang in ("fi", "en")
    ]
    assert [(n["decimal"], n["thousands"]) for n in numbers] == [(",", "\u00a0"), (".", ",")]
    assert all(n["grouping"] == [3] for n in numbers)


def test_the_brands_charts_write_numbers_in_the_users_language(signed_in) -> None:
    at = signed_in("aurora")  # English
    for lang in ("en", "fi"):
        if lang == "fi":
            _to(at, "fi")
        formatted = 0
        for page in ("", "store", "items"):
            for chart in goto(at, page).get("vega_lite_chart"):
                spec = json.loads(chart.proto.spec)
                if not list(_formats(spec)):
                    continue  # the spread of scores: whole counts
                formatted += 1
                number = spec["config"]["locale"]["number"]
                assert (number["decimal"], number["thousands"]) == separators(lang), (page, lang)
        assert formatted == 3, "the sections, the trend and the heat map"


def _spoken(spec: dict, lang: str) -> list[list[str] | None]:
    """What each layer's marks tell a screen reader (their aria-labels), a list a layer: its
    `description` channel's text for each data row, calculated as the browser's Vega would in
    `lang` (a Vega expression of strings, datum[...] and format() is Python's syntax too).
    None: a layer without the channel, which tells Vega-Lite's raw fields; []: a layer hidden
    from a screen reader (aria false; a line's overlaid points keep theirs)."""
    rows = spec["datasets"][spec["data"]["name"]]

    def number(value: float, specifier: str) -> str:  # ".1f", ".0f" in the chart's locale
        return Num(int(specifier[1])).text(value, lang)

    told: list[list[str] | None] = []
    for layer in spec.get("layer", [spec]):
        mark = layer["mark"] if isinstance(layer["mark"], dict) else {}
        field = layer["encoding"].get("description", {}).get("field")
        if mark.get("aria") is False and not mark.get("point"):
            told.append([])
        elif field is None:
            told.append(None)
        else:
            [calculated] = [t["calculate"] for t in layer["transform"] if t.get("as") == field]
            told.append([eval(calculated, {"format": number, "datum": row}) for row in rows])
    return told


def _with_data(chart) -> dict:
    """A page's chart's spec with its rows, which Streamlit sends beside it (as Arrow)."""
    spec = json.loads(chart.proto.spec)
    [rows] = [d.data.data for d in chart.proto.datasets if d.name == spec["data"]["name"]]
    frame = dataframe_util.convert_arrow_bytes_to_pandas_df(rows)
    return {**spec, "datasets": {spec["data"]["name"]: frame.to_dict("records")}}


def _section_chart(lang: str) -> dict:
    table = pd.DataFrame({"title": ["Vastaanotto"], "this": [77.4074074], "previous": [69.04]})
    waves = {"this": tr("this_wave", lang), "previous": tr("prev_wave", lang)}
    return client_overview.section_chart(table, waves, lang).to_dict()


def _trend_chart(lang: str) -> dict:
    trend = pd.DataFrame(
        {
            "wave": ["Spring 2026", "Autumn 2026"],
            "starts_on": [dt.date(2026, 3, 1), dt.date(2026, 9, 1)],
            "score": [50.8939393939, 55.4],
            "network": [65.35, 66.0],
        }
    )
    detail = SimpleNamespace(name="Aurora Motors Espoo", trend=trend)
    return client_store._trend_chart(detail, lang).to_dict()


def _region_heatmap(lang: str) -> dict:
    by_region = pd.DataFrame(
        {"section_title": ["Arrival"], "label": ["Parking was easy"], "Lappi": [33.3333333]}
    )
    return client_items.region_heatmap(by_region, ["Lappi"], lang).to_dict()


def test_a_section_bar_tells_a_screen_reader_what_its_tooltip_tells() -> None:
    for lang, bars, about in (
        (
            "fi",
            [
                "Vastaanotto; Aalto: Tämä aalto; Pisteet: 77,4",
                "Vastaanotto; Aalto: Edellinen aalto; Pisteet: 69,0",
            ],
            "Osioiden keskiarvopisteet 0–100 pylväinä: Tämä aalto, Edellinen aalto",
        ),
        (
            "en",
            [
                "Vastaanotto; Wave: This wave; Score: 77.4",
                "Vastaanotto; Wave: Previous wave; Score: 69.0",
            ],
            "Each section's average score 0–100 as bars: This wave, Previous wave",
        ),
    ):
        spec = _section_chart(lang)
        assert _spoken(spec, lang) == [bars], "as the tooltip reads, not score: 77,4074074"
        assert spec.get("description") == about, "the chart as a whole says what it shows"


def test_a_trend_point_tells_its_wave_series_and_score_and_its_line_nothing() -> None:
    for lang, first, last, about in (
        (
            "fi",
            "Aalto: Spring 2026; Aurora Motors Espoo; Pisteet: 50,9",
            "Aalto: Autumn 2026; Ketjun keskiarvo; Pisteet: 66,0",
            "Aurora Motors Espoo: pisteet 0–100 aalloittain, rinnalla ketjun keskiarvo",
        ),
        (
            "en",
            "Wave: Spring 2026; Aurora Motors Espoo; Score: 50.9",
            "Wave: Autumn 2026; Network average; Score: 66.0",
            "Aurora Motors Espoo: the score 0–100 wave by wave, beside the network average",
        ),
    ):
        spec = _trend_chart(lang)
        assert spec["mark"].get("aria") is False, "a line told only its first point's values"
        [points] = _spoken(spec, lang)
        assert [points[0], points[-1]] == [first, last]
        assert spec.get("description") == about


def test_a_heat_map_cell_tells_its_item_region_and_fail_rate_once() -> None:
    for lang, cell, about in (
        (
            "fi",
            "Osio: Arrival; Kohta: Parking was easy; Alue: Lappi; Epäonnistumis-%: 33",
            "Epäonnistumis-% kohdittain (rivit) ja alueittain (sarakkeet)",
        ),
        (
            "en",
            "Section: Arrival; Item: Parking was easy; Region: Lappi; Fail rate %: 33",
            "Fail rate % by item (rows) and region (columns)",
        ),
    ):
        spec = _region_heatmap(lang)
        assert _spoken(spec, lang) == [[cell], []], "its number, over it, would repeat it"
        assert spec.get("description") == about


VEGA_LITES = "Vega-Lite's own English sentence"
GUIDES = {"x": "axis", "y": "axis", "color": "legend", "size": "legend", "shape": "legend"}


def _guides(spec: dict) -> dict[str, str | None]:
    """What a screen reader hears of a chart's axes and legends, by channel: the guide's own
    description, None where it keeps quiet (aria false), or VEGA_LITES where it says neither
    and Vega-Lite writes "X-axis titled 'Pisteet' for a linear scale with values from 0 to 100"
    (a layer's guides are the chart's: Vega-Lite draws one axis of a channel for them all)."""
    heard: dict[str, str | None] = {}
    for layer in spec.get("layer", [spec]):
        for channel, encoding in layer["encoding"].items():
            kind = GUIDES.get(channel)
            if kind is None or "field" not in encoding:
                continue  # no guide: not a channel that has one, or a fixed value
            guide = encoding.get(kind, {})
            quiet = guide.get("aria") is False
            heard[channel] = None if quiet else guide.get("description", VEGA_LITES)
    return heard


def test_a_section_charts_axes_tell_what_they_show_and_its_legend_keeps_quiet() -> None:
    for lang, across, up in (
        ("fi", "Vaaka-akseli: pisteet 0–100", "Pystyakseli: osiot tarkistuslistan järjestyksessä"),
        ("en", "Horizontal axis: score 0–100", "Vertical axis: sections in the checklist's order"),
    ):
        # each bar tells its wave, and the chart's name the waves: the legend would repeat them
        assert _guides(_section_chart(lang)) == {"x": across, "y": up, "color": None}, lang


def test_a_trend_charts_axes_tell_what_they_show_and_its_legend_keeps_quiet() -> None:
    for lang, across, up in (
        ("fi", "Vaaka-akseli: aallot vanhimmasta uusimpaan", "Pystyakseli: pisteet 0–100"),
        (
            "en",
            "Horizontal axis: waves from the oldest to the latest",
            "Vertical axis: score 0–100",
        ),
    ):
        # each point tells its series (the store, the network average), as the legend would
        assert _guides(_trend_chart(lang)) == {"x": across, "y": up, "color": None}, lang


def test_a_heat_maps_axes_tell_what_they_show_and_its_colour_key_keeps_quiet() -> None:
    for lang, across, up in (
        (
            "fi",
            "Vaaka-akseli ylhäällä: alueet aakkosjärjestyksessä",
            "Pystyakseli: kohdat tarkistuslistan järjestyksessä",
        ),
        (
            "en",
            "Horizontal axis at the top: regions in alphabetical order",
            "Vertical axis: items in the checklist's order",
        ),
    ):
        # each cell tells its fail rate as a number: its colour's key tells a screen reader none
        assert _guides(_region_heatmap(lang)) == {"x": across, "y": up, "color": None}, lang


def _distribution_chart(lang: str) -> dict:
    distribution = pd.DataFrame({"range": ["0–10", "10–20"], "stores": [0, 3]})
    return client_overview.distribution_chart(distribution, lang).to_dict()


def test_the_spread_of_scores_axes_tell_what_they_show() -> None:
    for lang, across, up in (
        (
            "fi",
            "Vaaka-akseli: pisteet kymmenen pisteen väleissä 0–100",
            "Pystyakseli: myymälöiden määrä",
        ),
        (
            "en",
            "Horizontal axis: the score in bands of ten points from 0 to 100",
            "Vertical axis: number of stores",
        ),
    ):
        assert _guides(_distribution_chart(lang)) == {"x": across, "y": up}, lang


def test_a_spread_of_scores_bar_is_titled_in_the_users_language() -> None:
    """Its tooltip's rows, which Vega-Lite's own aria-label of the bar tells too."""
    for lang, titles in (("fi", ["Pisteet", "Myymälöitä"]), ("en", ["Score", "Stores"])):
        tooltip = _distribution_chart(lang)["encoding"]["tooltip"]
        assert [t.get("title", t["field"]) for t in tooltip] == titles, "not range: 40–50"


def test_no_axis_or_legend_on_the_brands_pages_is_left_to_vega_lites_english(signed_in) -> None:
    at = signed_in("aurora")  # English
    for lang in ("en", "fi"):
        if lang == "fi":
            _to(at, "fi")
        guides = [
            _guides(json.loads(chart.proto.spec))
            for page in ("", "store", "items")
            for chart in goto(at, page).get("vega_lite_chart")
        ]
        assert guides == [
            {"x": tr("axis_score_bands", lang), "y": tr("axis_stores", lang)},
            {"x": tr("axis_scores_across", lang), "y": tr("axis_sections", lang), "color": None},
            {"x": tr("axis_waves", lang), "y": tr("axis_scores_up", lang), "color": None},
            {"x": tr("axis_regions", lang), "y": tr("axis_items", lang), "color": None},
        ], lang


def test_the_brands_charts_tell_a_screen_reader_their_tooltips_in_the_users_language(
    signed_in,
) -> None:
    at = signed_in("aurora")  # English
    for lang in ("en", "fi"):
        if lang == "fi":
            _to(at, "fi")
        score = rf"{tr('score', lang)}: \d+{re.escape(separators(lang)[0])}\d"
        waves = f"({tr('this_wave', lang)}|{tr('prev_wave', lang)})"
        labels = {
            "": rf"[^;]+; {tr('wave', lang)}: {waves}; {score}",
            "store": rf"{tr('wave', lang)}: [^;]+; [^;]+; {score}",
            "items": "".join(f"{tr(key, lang)}: [^;]+; " for key in ("section", "item", "region"))
            + rf"{tr('fail_rate', lang)}: \d+",
        }
        abouts = {}
        for page, label in labels.items():
            for chart in goto(at, page).get("vega_lite_chart"):
                spec = _with_data(chart)
                if not list(_formats(spec)):  # the spread of scores: whole counts
                    abouts["spread"] = chart.proto.alt  # its name, given beside the spec
                    continue
                abouts[page] = spec.get("description")
                spoken = _spoken(spec, lang)
                assert None not in spoken, (page, lang, "a layer tells Vega-Lite's raw fields")
                told = [text for layer in spoken for text in layer]
                assert len(told) >= 4, (page, lang)  # two waves of two series at least
                assert all(re.fullmatch(label, text) for text in told), (page, lang, told)
            if page == "store":
                store = at.subheader[0].value
        assert abouts == {
            "spread": tr("about_distribution", lang),
            "": tr("about_section_chart", lang, waves=waves[1:-1].replace("|", ", ")),
            "store": tr("about_trend_chart", lang, store=store),
            "items": tr("about_region_heatmap", lang),
        }
