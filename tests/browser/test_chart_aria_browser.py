"""What a screen reader hears of the brand's charts in real Chromium (its accessibility tree):
each chart is named for what it shows, and each bar, point and heat-map cell tells what its
tooltip tells, in the user's language and rounded as shown ("Pisteet: 77,4"), not Vega-Lite's
raw fields ("score: 77,4074074074"). Streamlit draws these small charts as SVG, whose marks
carry the aria-labels (a chart of over 2,000 marks it would draw on a canvas, without them)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from audits.demo import DEMO_PASSWORD
from audits.i18n import separators
from audits.report_texts import tr
from tests.browser.conftest import App, heard, idle, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DESKTOP = {"width": 1400, "height": 900}  # the heat map is for a laptop's width
AXIS_OR_LEGEND = re.compile(r"[XY]-axis |\w+ legend ")  # Vega's own words for them
MARK = "[role='graphics-symbol'][aria-roledescription='{}']"


def _chart(page, about: str):
    """The chart named `about` (its aria-label, from the chart's description)."""
    chart = page.locator(f"[role='graphics-document'][aria-label={about!r}]")
    expect(chart).to_have_count(1)
    chart.scroll_into_view_if_needed()
    return chart


def _marks_heard(page, about: str) -> list[str]:
    """The names Chromium gives the chart's marks (its graphics symbols but axes and legends)."""
    selector = f"[role='graphics-document'][aria-label={about!r}]"
    return [
        name
        for role, name in heard(page, selector)
        if role == "graphics-symbol" and not AXIS_OR_LEGEND.match(name)
    ]


def _as_tooltip(page, mark) -> None:
    """The mark's aria-label tells what its tooltip shows: the same words and numbers."""
    box = mark.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator("#vg-tooltip-element.visible")
    expect(tooltip).to_be_visible()
    label = mark.get_attribute("aria-label")
    assert re.sub(r"[;:]", " ", label).split() == tooltip.inner_text().split(), label


def test_the_brands_charts_tell_a_screen_reader_what_their_tooltips_tell(
    app: App, chromium, shoot
) -> None:
    page = chromium.new_context(viewport=DESKTOP).new_page()
    page.set_default_timeout(60_000)
    sign_in(page, app, "aurora", DEMO_PASSWORD)  # the brand's head office reads English
    for lang in ("en", "fi"):
        if lang == "fi":
            page.locator(".st-key-user_lang button", has_text="Suomi").click()
            idle(page)
        score = rf"{tr('score', lang)}: \d+{re.escape(separators(lang)[0])}\d"
        wave = tr("wave", lang)

        page.goto(f"{app.url}/")
        idle(page)
        _chart(page, tr("about_distribution", lang))  # Streamlit's own: "Vega visualization"
        waves = [tr("this_wave", lang), tr("prev_wave", lang)]
        about = tr("about_section_chart", lang, waves=", ".join(waves))
        sections = _chart(page, about)
        bars = _marks_heard(page, about)
        assert len(bars) == sections.locator(MARK.format("bar")).count() >= 14, bars
        bar = rf"[^;]+; {wave}: ({'|'.join(waves)}); {score}"
        assert all(re.fullmatch(bar, b) for b in bars), bars
        _as_tooltip(page, sections.locator(MARK.format("bar")).first)
        shoot(page, f"sections-{lang}")
        page.mouse.move(0, 0)

        page.goto(f"{app.url}/store")
        idle(page)
        store = page.locator("[data-testid='stHeading'] h3").first.inner_text()
        about = tr("about_trend_chart", lang, store=store)
        trend = _chart(page, about)
        points = _marks_heard(page, about)
        assert len(points) == trend.locator(MARK.format("point")).count() >= 4, points
        assert all(re.fullmatch(rf"{wave}: [^;]+; [^;]+; {score}", p) for p in points), points
        assert trend.locator(MARK.format("line mark")).count() == 0, "it told its first point"
        _as_tooltip(page, trend.locator(MARK.format("point")).last)
        shoot(page, f"trend-{lang}")
        page.mouse.move(0, 0)

        page.goto(f"{app.url}/items")
        idle(page)
        about = tr("about_region_heatmap", lang)
        heatmap = _chart(page, about)
        cells = _marks_heard(page, about)
        assert len(cells) == len(set(cells)) == heatmap.locator(MARK.format("rect mark")).count()
        titles = [tr(key, lang) for key in ("section", "item", "region", "fail_rate")]
        cell = "; ".join(f"{re.escape(t)}: [^;]+" for t in titles[:3])
        assert all(re.fullmatch(rf"{cell}; {re.escape(titles[3])}: \d+", c) for c in cells)
        _as_tooltip(page, heatmap.locator(MARK.format("rect mark")).first)
        shoot(page, f"heatmap-{lang}", show="[data-testid='stVegaLiteChart']")
        page.mouse.move(0, 0)
