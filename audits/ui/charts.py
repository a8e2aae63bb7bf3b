"""Charts whose numbers (tooltips, axis and legend labels) read as the user's language writes
them: "77,4" in Finnish, "77.4" in English; and whose marks tell a screen reader what their
tooltips tell.

A chart's own number format (".1f") is d3-format's, which writes a decimal point unless the
chart says otherwise: its `locale` configuration sets the separators for the whole chart, and
the browser's Vega applies it (Streamlit keeps a chart's configuration under its theme).
"""

from __future__ import annotations

import json
from typing import TypeVar

import altair as alt

from audits.i18n import separators

Chart = TypeVar("Chart", bound=alt.TopLevelMixin)
Marks = TypeVar("Marks", bound=alt.Chart)
_DESCRIPTION = "aria_label"  # the calculated field each mark's aria-label reads


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


def described(chart: Marks, tooltip: list[alt.Tooltip]) -> Marks:
    """The chart's marks with `tooltip`, each mark's aria-label (what a screen reader reads)
    telling the same rows: "Aalto: Tämä aalto; Pisteet: 77,4". Vega-Lite's own label lists the
    raw fields unrounded ("score: 77,4074074074")."""
    return chart.transform_calculate(**{_DESCRIPTION: _told(tooltip)}).encode(
        tooltip=tooltip, description=alt.Description(f"{_DESCRIPTION}:N")
    )


def _told(tooltip: list[alt.Tooltip]) -> str:
    """A Vega expression writing a datum's tooltip rows as one text, "Title: value; …", each
    number in its tooltip's format (so in the chart's locale); a blank title gives the value."""
    rows = []
    for row in (t.to_dict() for t in tooltip):
        value = f"datum[{_literal(row['field'])}]"
        if "format" in row:
            value = f"format({value}, {_literal(row['format'])})"
        title = str(row.get("title", row["field"])).strip()
        rows.append(f"{_literal(f'{title}: ' if title else '')} + {value}")
    return " + '; ' + ".join(rows)


def _literal(text: str) -> str:
    """`text` as a string literal of a Vega expression (JSON's are JavaScript's)."""
    return json.dumps(text, ensure_ascii=False)
