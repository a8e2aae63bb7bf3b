"""Charts' numbers as the user's language writes them (audits/ui/charts.py): a Finnish user's
tooltips read "77,4", an English user's "77.4". The browser's Vega writes each number format
with the chart's locale (tests/browser/test_table_numbers_browser.py hovers a bar)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import altair as alt
import pandas as pd

from audits.i18n import separators
from audits.ui.charts import localized
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
                    continue  # the spread of scores: Streamlit's own chart of whole counts
                formatted += 1
                number = spec["config"]["locale"]["number"]
                assert (number["decimal"], number["thousands"]) == separators(lang), (page, lang)
        assert formatted == 3, "the sections, the trend and the heat map"
