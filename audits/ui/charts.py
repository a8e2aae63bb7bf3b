"""Charts whose numbers (tooltips, axis and legend labels) read as the user's language writes
them: "77,4" in Finnish, "77.4" in English.

A chart's own number format (".1f") is d3-format's, which writes a decimal point unless the
chart says otherwise: its `locale` configuration sets the separators for the whole chart, and
the browser's Vega applies it (Streamlit keeps a chart's configuration under its theme).
"""

from __future__ import annotations

from typing import TypeVar

import altair as alt

from audits.i18n import separators

Chart = TypeVar("Chart", bound=alt.TopLevelMixin)


def localized(chart: Chart, lang: str) -> Chart:
    """The chart with its numbers written with `lang`'s decimal and thousands separators."""
    decimal, thousands = separators(lang)
    return chart.configure(
        locale=alt.Locale(
            number=alt.NumberLocale(
                decimal=decimal, thousands=thousands, grouping=[3], currency=["", "\u00a0€"]
            )
        )
    )
