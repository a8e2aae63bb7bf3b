"""Numbers in tables as the user's language writes them: "93,9" and "1 234,5" in Finnish.

Streamlit writes a table's numbers with a decimal point whatever the page's language: its
column formats are printf-style, and its "localized" format follows the browser's locale, not
the language the user chose. So for Finnish the table goes to Streamlit as a pandas Styler
whose display texts are written here (`i18n.number`: a decimal comma, a no-break space between
thousands). Streamlit shows a Styler's text in a number column that has no `format` of its own
and keeps the number under it: a column still sorts by its values (9 before 10), not by its
texts. English keeps the printf formats the tables always had.

A Styler's text does not reach an editable column (`st.data_editor`) or a progress bar, whose
label Streamlit writes with the printf format only: a Finnish bar is labelled in whole numbers,
which need no decimal separator. A bar whose number has decimals ("93,9") is therefore shown as
that number, written as the other numbers are, with a bar of its own beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from audits.i18n import number

MISSING = "–"  # what a table shows for a missing value


@dataclass(frozen=True)
class Num:
    """How a column's numbers are written.

    `decimals` None writes a number as Streamlit does by default (up to four decimals, no
    trailing zeros); `unit` is "€" or "%"; `bar` shows the value as a 0–100 progress bar
    (labelled with the number when it has no decimals, else beside the number).
    """

    decimals: int | None = None
    sign: bool = False
    unit: str = ""
    bar: bool = False

    def printf(self, lang: str = "en") -> str | None:
        """Streamlit's column format: "%.1f", "%+.1f", "%.2f €", "%.0f%%" (None: its default).
        For a Finnish bar, which takes no Styler text, whole numbers and "45 %"."""
        if self.decimals is None:
            return None
        decimals = 0 if lang == "fi" else self.decimals
        return f"%{'+' if self.sign else ''}.{decimals}f{self._unit(lang).replace('%', '%%')}"

    def text(self, value: Any, lang: str) -> str:
        """One value as `lang` writes it ("–" for none): "84,3", "+1,5", "45 %", "12,50 €"."""
        if value is None or pd.isna(value):
            return MISSING
        exact = (
            Decimal(int(value))
            if isinstance(value, int | np.integer)
            else Decimal(repr(float(value)))
        )
        if not exact.is_finite():
            return MISSING
        # A half rounded up, as the pages and reports round scores (`rankings.shown`).
        step = Decimal(1).scaleb(-(4 if self.decimals is None else self.decimals))
        rounded = exact.quantize(step, rounding=ROUND_HALF_UP)
        if not rounded:
            rounded = abs(rounded)  # -0.01 is 0.0, not "-0.0", a fall nobody can see
        decimals = self.decimals
        if decimals is None:
            decimals = max(0, -int(rounded.normalize().as_tuple().exponent))
        text = number(rounded, lang, decimals)
        if self.sign and rounded > 0:
            text = "+" + text
        return text + self._unit(lang)

    def _unit(self, lang: str) -> str:
        """After the number: "45 %" and "12,50 €" in Finnish, "45%" and "12.50 €" in English."""
        if not self.unit:
            return ""
        return ("\u00a0" if lang == "fi" else "" if self.unit == "%" else " ") + self.unit


# The name of the column that holds a number's bar beside the number (its header is blank).
BAR = " ▮"

# The app's usual columns: a score "84.3", its change "+1.5", a 0–100 bar "45%".
SCORE = Num(1)
CHANGE = Num(1, sign=True)
PERCENT = Num(0, unit="%", bar=True)
EURO = Num(2, unit="€")  # cents always, as a pay slip writes them


def styled(
    frame: pd.DataFrame,
    lang: str,
    numbers: Mapping[str, Num] | None = None,
    column_config: Mapping[str, Any] | None = None,
) -> tuple[pd.DataFrame | Styler, dict[str, Any]]:
    """The table (in Finnish a Styler of it) and the column configuration for `st.dataframe`.

    `numbers` says how its number columns are written; in Finnish every other number column
    (counts, kilometres) is written as `Num()` does. `column_config` is for the other columns.
    """
    numbers = dict(numbers or {})
    config: dict[str, Any] = dict(column_config or {})
    beside = [column for column, spec in numbers.items() if spec.bar and spec.decimals]
    for column in beside:
        frame = _bar_beside(frame, column)
        numbers[column] = replace(numbers[column], bar=False)
        # A format with no figure in it (" ") leaves the bar without a label.
        config[column + BAR] = _bar(label="", printf=" ")
    for column, spec in numbers.items():
        if spec.bar:
            config[column] = _bar(printf=spec.printf(lang))
        elif lang == "fi":  # a number column whatever the frame's type; its text the Styler's
            config[column] = st.column_config.NumberColumn()
        elif spec.printf() is not None:
            config[column] = st.column_config.NumberColumn(format=spec.printf())
    if lang != "fi":
        return frame, config
    bars = {column + BAR for column in beside} | {c for c, spec in numbers.items() if spec.bar}
    texts = {
        column: partial(numbers.get(column, Num()).text, lang=lang)
        for column in frame.columns
        if (column in numbers or _is_number(frame[column])) and column not in bars
    }
    return frame.style.format(texts), config


def _bar(printf: str | None, label: str | None = None) -> Any:
    return st.column_config.ProgressColumn(label=label, format=printf, min_value=0, max_value=100)


def _bar_beside(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The frame with a copy of `column` right after it, for its bar."""
    frame = frame.copy()
    frame.insert(frame.columns.get_loc(column) + 1, column + BAR, frame[column])
    return frame


def _is_number(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def dataframe(
    frame: pd.DataFrame,
    lang: str,
    numbers: Mapping[str, Num] | None = None,
    *,
    column_config: Mapping[str, Any] | None = None,
    where: Any = st,
    **kwargs: Any,
) -> Any:
    """`st.dataframe` (or `where.dataframe`, a container's) with its numbers written as
    `lang` writes them and a missing value as "–" (Streamlit's own reads "None"); `kwargs` go
    to it as they are."""
    data, config = styled(frame, lang, numbers, column_config)
    kwargs.setdefault("placeholder", MISSING)
    return where.dataframe(data, column_config=config or None, **kwargs)
