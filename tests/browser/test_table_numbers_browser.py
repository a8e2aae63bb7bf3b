"""A Finnish user's table in real Chromium: its cells read "88,5" (Streamlit's own search, which
matches the texts the grid draws, finds "88,5" and no "88.5"), and a click on a number column's
header sorts the rows by the numbers (100 above 90), not by their texts ("90,0" above "100,0").

The grid is a canvas: its accessible table holds each cell's number (not the drawn text) in the
rows' shown order, and its column borders are found in a screenshot of the header row.

The same user's Waves board writes a score "48,3" beside its bar, the pay statement its euros
with cents ("180,00"), and a chart's tooltip "77,4" (English "77.4")."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from PIL import Image
from playwright.sync_api import expect

from audits.demo import DEMO_PASSWORD
from audits.i18n import t
from audits.report_texts import tr
from audits.ui.tables import SCORE, Num
from tests.browser.conftest import App, idle, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DESKTOP = {"width": 1400, "height": 900}
GRID = ".st-key-laptop_ranking [data-testid='stDataFrame']"
HEADER = 35  # px: the grid's header row


def _matches(grid, text: str) -> int:
    """How many cells Streamlit's search finds showing `text`."""
    grid.locator("[data-testid='search-input']").fill(text)
    status = grid.get_by_test_id("search-result-area")
    expect(status).to_have_text(re.compile(r"\d+ results?"))
    grid.page.wait_for_timeout(300)  # the search runs over the rows after the text changes
    return int(status.inner_text().split()[0])


def _column_middles(page, grid) -> list[float]:
    """Each shown column's middle x on the page, left to right, from the header's borders."""
    box = grid.locator("canvas").first.bounding_box()
    strip = {"x": box["x"], "y": box["y"] + 5, "width": box["width"], "height": 1}
    image = Image.open(io.BytesIO(page.screenshot(clip=strip))).convert("RGB")
    row = [image.getpixel((x, 0)) for x in range(image.width)]
    background = Counter(row).most_common(1)[0][0]
    borders = [x for x, colour in enumerate(row) if colour != background]
    edges = [0] + [x for x in borders if x - 1 not in borders] + [image.width]
    return [box["x"] + (a + b) / 2 for a, b in zip(edges, edges[1:], strict=False)]


def _headers(grid) -> list[str]:
    return grid.locator("th").all_inner_texts()


def test_a_finnish_table_writes_decimal_commas_and_sorts_by_the_numbers(
    app: App, chromium, shoot
) -> None:
    page = chromium.new_context(viewport=DESKTOP).new_page()
    page.set_default_timeout(60_000)
    sign_in(page, app, "aurora", DEMO_PASSWORD)  # the brand's head office reads English
    page.locator(".st-key-user_lang button", has_text="Suomi").click()
    idle(page)
    page.goto(f"{app.url}/ranking")
    idle(page)
    grid = page.locator(GRID)
    grid.scroll_into_view_if_needed()
    grid.hover()
    grid.get_by_role("button", name="Search").click()
    assert _matches(grid, "88,5") >= 1 and _matches(grid, "88.5") == 0, "the cells read 88,5"
    assert _matches(grid, "100,0") >= 1 and _matches(grid, "100.0") == 0
    grid.get_by_test_id("search-close-button").click()
    shoot(page, "ranking-in-finnish", show=GRID)

    # The first section's column: scores of 100 beside scores of 90 and less.
    headers = _headers(grid)
    column = headers.index(tr("range", "fi")) + 1
    title = headers[column]
    middle = _column_middles(page, grid)[column]
    y = grid.locator("canvas").first.bounding_box()["y"] + HEADER / 2
    page.mouse.click(middle, y)
    expect(grid.locator("th").nth(column)).to_have_text(f"↑ {title}")
    page.wait_for_timeout(600)  # two clicks close together would be a double click
    page.mouse.click(middle, y)
    expect(grid.locator("th").nth(column)).to_have_text(f"↓ {title}")
    page.mouse.move(0, 0)
    shoot(page, "ranking-sorted-by-a-section", show=GRID)
    cells = grid.locator(f"td[aria-colindex='{column + 1}']").all_inner_texts()
    values = [float(v) for v in cells if v]
    assert len(values) >= 10, cells
    assert values == sorted(values, reverse=True), values
    assert values[0] == 100 and max(v for v in values if v < 100) >= 20, (
        "100,0 above 90,0: a sort of the texts would put it below them"
    )

    page.locator(".st-key-user_lang button", has_text="English").click()
    idle(page)
    grid.hover()
    grid.get_by_role("button", name="Search").click()
    assert _matches(grid, "88.5") >= 1 and _matches(grid, "88,5") == 0, "English as before"


def _cells(grid, header: str) -> list[str]:
    """The numbers under a header, as the accessible table holds them (not the drawn texts)."""
    expect(grid.locator("th", has_text=header)).to_have_count(1)  # drawn after the grid
    column = _headers(grid).index(header) + 1
    return [c for c in grid.locator(f"td[aria-colindex='{column}']").all_inner_texts() if c]


def test_a_finnish_boards_score_pay_and_chart_tooltip_write_decimal_commas(
    app: App, chromium, shoot
) -> None:
    page = chromium.new_context(viewport=DESKTOP).new_page()
    page.set_default_timeout(60_000)
    sign_in(page, app, "manager", DEMO_PASSWORD)  # the manager reads Finnish
    page.goto(f"{app.url}/waves")
    idle(page)
    board = page.locator("[data-testid='stDataFrame']").first
    board.scroll_into_view_if_needed()
    score = SCORE.text(float(_cells(board, t("score", "fi"))[0]), "fi")
    assert re.fullmatch(r"\d+,\d", score), score
    board.hover()
    board.get_by_role("button", name="Search").click()
    assert _matches(board, score) >= 1, f"the board's score reads {score}, beside its bar"
    board.get_by_test_id("search-close-button").click()
    page.mouse.move(0, 0)
    shoot(page, "board-score-beside-its-bar", show="[data-testid='stDataFrame']")

    page.goto(f"{app.url}/pay")
    idle(page)
    page.get_by_role("tab", name=t("m_statement", "fi")).click()
    pay = page.locator("[data-testid='stDataFrame']").last
    pay.scroll_into_view_if_needed()
    total = Num(2).text(float(_cells(pay, t("m_total", "fi"))[0]), "fi")
    assert re.fullmatch(r"\d{1,3}(\u00a0\d{3})*,\d\d", total), total
    pay.hover()
    pay.get_by_role("button", name="Search").click()
    assert _matches(pay, total) >= 1, f"the statement's total reads {total}, with its cents"
    pay.get_by_test_id("search-close-button").click()
    page.mouse.move(0, 0)
    shoot(page, "pay-statement-with-cents", show="[data-testid='stDataFrame']")

    page = chromium.new_context(viewport=DESKTOP).new_page()
    page.set_default_timeout(60_000)
    sign_in(page, app, "aurora", DEMO_PASSWORD)  # English
    for lang, score in (("en", r"\d+\.\d"), ("fi", r"\d+,\d")):
        if lang == "fi":
            page.locator(".st-key-user_lang button", has_text="Suomi").click()
            idle(page)
        sections = page.locator("[data-testid='stVegaLiteChart']").nth(1)  # after the spread
        sections.scroll_into_view_if_needed()
        bar = sections.locator(".role-mark [role='graphics-symbol']").first.bounding_box()
        page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
        tooltip = page.locator("#vg-tooltip-element.visible")
        expect(tooltip).to_contain_text(tr("score", lang))
        shown = tooltip.inner_text()
        assert re.search(rf"{tr('score', lang)}\s+{score}$", shown), shown
        assert tr("this_wave", lang) in shown, "the bar's wave is told too"
        shoot(page, f"section-tooltip-{lang}")
        page.mouse.move(0, 0)
