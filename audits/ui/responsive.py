"""Tables that fit the screen they are read on.

A laptop gets Streamlit's interactive table with every column; a phone gets a static table of
the essential columns, whose text wraps to the screen's width instead of running off its right
edge. The server does not know the screen's width, so both are sent and the page's style sheet
shows the one that fits (`CSS`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from audits.ui.tables import CHANGE, EURO, PERCENT, SCORE

# Below this width Streamlit stacks columns: a phone, or a very narrow window.
PHONE_MAX_PX = 640
# A widget or container whose key starts so is shown on a laptop only, or on a phone only.
LAPTOP_ONLY, PHONE_ONLY = "laptop_", "phone_"
_LAPTOP, _PHONE = f"[class*='st-key-{LAPTOP_ONLY}']", f"[class*='st-key-{PHONE_ONLY}']"
# A container sits in a wrapper that would still take its row gap; a widget has none.
_WRAPPED = "[data-testid='stLayoutWrapper']:has(> {})"
_FIGURES = (
    "[data-testid='stHorizontalBlock']:has(> [data-testid='stColumn'] [data-testid='stMetric'])"
)
CSS = (
    f" @media (max-width: {PHONE_MAX_PX}px) {{{_LAPTOP}, {_WRAPPED.format(_LAPTOP)},"
    # a column that holds only such a widget, so its stacked row leaves no gap either
    f" [data-testid='stColumn']:has(> [data-testid='stVerticalBlock'] > {_LAPTOP}:only-child)"
    " {display: none;}}"
    f" @media (min-width: {PHONE_MAX_PX + 1}px)"
    f" {{{_PHONE}, {_WRAPPED.format(_PHONE)} {{display: none;}}}}"
    # A row of figures (st.metric in columns) two a row instead of one under another.
    f" @media (max-width: {PHONE_MAX_PX}px) {{{_FIGURES} {{flex-direction: row; flex-wrap: wrap;}}"
    f" {_FIGURES} > [data-testid='stColumn']"
    " {flex: 1 1 calc(50% - 1rem) !important; min-width: calc(50% - 1rem) !important;}}"
)
# st.table reads every text cell as Markdown: store names and shoppers' comments are shown as
# they were written (no links, emphasis or formulas made of them).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def laptop_and_phone(key: str) -> tuple[DeltaGenerator, DeltaGenerator]:
    """Two containers: the first is shown on a laptop, the second on a phone."""
    return laptop_only(key), st.container(key=PHONE_ONLY + key)


def laptop_only(key: str) -> DeltaGenerator:
    """A container a phone does not show."""
    return st.container(key=LAPTOP_ONLY + key)


def plain(value: object) -> str:
    """A value as text that reads as it is, not as Markdown ("" for none)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _MARKDOWN.sub(r"\\\1", str(value))


def phone_table(
    frame: pd.DataFrame,
    lang: str,
    scores: Iterable[str] = (),
    changes: Iterable[str] = (),
    percents: Iterable[str] = (),
    markdown: Iterable[str] = (),
    euros: Iterable[str] = (),
) -> None:
    """A static table for a phone, its numbers as the laptop's table writes them in `lang`:
    scores as "84.3" ("84,3" in Finnish), changes as "+1.5", percents as "45%" ("45 %"),
    euros as "1,234.50 €" ("1 234,50 €");
    the `markdown` columns are written as Markdown already (their values `plain` inside)."""
    formats: dict[str, Callable[[object], str]] = {}
    for columns, spec in ((scores, SCORE), (changes, CHANGE), (percents, PERCENT), (euros, EURO)):
        formats |= {c: partial(spec.text, lang=lang) for c in columns}
    written = set(markdown)
    texts = [c for c in frame.select_dtypes(include=["object", "string"]) if c not in written]
    shown = frame.assign(**{c: frame[c].map(plain) for c in texts})
    st.table(shown.style.format(formats, na_rep="–"), hide_index=True, border="horizontal")
