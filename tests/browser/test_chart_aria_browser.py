"""What a screen reader hears of the brand's charts in real Chromium (its accessibility tree):
each chart is named for what it shows, and each bar, point and heat-map cell tells what its
tooltip tells, in the user's language and rounded as shown ("Pisteet: 77,4"), not Vega-Lite's
raw fields ("score: 77,4074074074"). Each axis tells what it shows in the user's language too
("Pystyakseli: osiot"), where Vega-Lite's own reads "Y-axis for a discrete scale with 7 values",
and a legend that repeats what every mark tells keeps quiet. Streamlit draws these small charts
as SVG, whose marks carry the aria-labels (a chart of over 2,000 marks it would draw on a
canvas, without them)."""

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
GUIDE = "[aria-roledescription='axis'], [aria-roledescription='legend']"  # as Vega marks them
VEGA_LITES = re.compile(r"X-axis|Y-axis|legend|titled")  # its English sentences of them
MARK = "[role='graphics-symbol'][aria-roledescription='{}']"


def _chart(page, about: str):
    """The chart named `about` (its aria-label, from the chart's description)."""
    chart = page.locator(f"[role='graphics-document'][aria-label={about!r}]")
    expect(chart).to_have_count(1)
    chart.scroll_into_view_if_needed()
    return chart


def _heard(page, about: str) -> tuple[list[str], list[str]]:
    """The names Chromium gives the chart's graphics symbols: its marks', and apart its axes'
    and legends' (a guide hidden from a screen reader has none)."""
    selector = f"[role='graphics-document'][aria-label={about!r}]"
    guides = {g.get_attribute("aria-label") for g in page.locator(selector).locator(GUIDE).all()}
    symbols = [name for role, name in heard(page, selector) if role == "graphics-symbol"]
    return [s for s in symbols if s not in guides], sorted(s for s in symbols if s in guides)


def _no_vega_lites_english(page) -> None:
    """Nothing on the page tells a screen reader Vega-Lite's English words for a guide."""
    english = [name for _, name in heard(page, "[data-testid='stMain']") if VEGA_LITES.search(name)]
    assert not english, english


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
        waves = [tr("this_wave", lang), tr("prev_wave", lang)]
        spread_about = tr("about_distribution", lang)
        sections_about = tr("about_section_chart", lang, waves=", ".join(waves))
        spread, sections = _chart(page, spread_about), _chart(page, sections_about)
        _no_vega_lites_english(page)
        bands, guides = _heard(page, spread_about)
        assert len(bands) == spread.locator(MARK.format("bar")).count() == 10, bands
        band = rf"{tr('score', lang)}: \d+–\d+; {tr('stores', lang)}: \d+"
        assert all(re.fullmatch(band, b) for b in bands), bands
        assert guides == sorted([tr("axis_score_bands", lang), tr("axis_stores", lang)])
        tallest = max(
            spread.locator(MARK.format("bar")).all(), key=lambda b: b.bounding_box()["height"]
        )
        _as_tooltip(page, tallest)
        shoot(page, f"spread-{lang}")
        page.mouse.move(0, 0)
        bars, guides = _heard(page, sections_about)
        assert len(bars) == sections.locator(MARK.format("bar")).count() >= 14, bars
        bar = rf"[^;]+; {wave}: ({'|'.join(waves)}); {score}"
        assert all(re.fullmatch(bar, b) for b in bars), bars
        # each bar tells its wave: the legend keeps quiet
        assert guides == sorted([tr("axis_scores_across", lang), tr("axis_sections", lang)])
        _as_tooltip(page, sections.locator(MARK.format("bar")).first)
        shoot(page, f"sections-{lang}")
        page.mouse.move(0, 0)

        page.goto(f"{app.url}/store")
        idle(page)
        store = page.locator("[data-testid='stHeading'] h3").first.inner_text()
        about = tr("about_trend_chart", lang, store=store)
        trend = _chart(page, about)
        _no_vega_lites_english(page)
        points, guides = _heard(page, about)
        assert len(points) == trend.locator(MARK.format("point")).count() >= 4, points
        assert all(re.fullmatch(rf"{wave}: [^;]+; [^;]+; {score}", p) for p in points), points
        assert trend.locator(MARK.format("line mark")).count() == 0, "it told its first point"
        # each point tells its series, as the legend would: it keeps quiet (titled ' ', it read)
        assert guides == sorted([tr("axis_waves", lang), tr("axis_scores_up", lang)])
        _as_tooltip(page, trend.locator(MARK.format("point")).last)
        shoot(page, f"trend-{lang}")
        page.mouse.move(0, 0)

        page.goto(f"{app.url}/items")
        idle(page)
        about = tr("about_region_heatmap", lang)
        heatmap = _chart(page, about)
        _no_vega_lites_english(page)
        cells, guides = _heard(page, about)
        assert len(cells) == len(set(cells)) == heatmap.locator(MARK.format("rect mark")).count()
        titles = [tr(key, lang) for key in ("section", "item", "region", "fail_rate")]
        cell = "; ".join(f"{re.escape(t)}: [^;]+" for t in titles[:3])
        assert all(re.fullmatch(rf"{cell}; {re.escape(titles[3])}: \d+", c) for c in cells)
        # each cell tells its fail rate: the colour key keeps quiet
        assert guides == sorted([tr("axis_regions", lang), tr("axis_items", lang)])
        _as_tooltip(page, heatmap.locator(MARK.format("rect mark")).first)
        shoot(page, f"heatmap-{lang}", show="[data-testid='stVegaLiteChart']")
        page.mouse.move(0, 0)
