"""A Finnish manager picks visits to assign in real Chromium: the picker's own "Select all"
reads and is heard in Finnish, and typing keeps only the visits whose text contains what was
typed (Streamlit's fuzzy default kept any with its letters in order: "Sa" kept Jämsä's visit,
"s" … "a"), so "select all that match" takes those visits and nothing else."""

from __future__ import annotations

import pytest

from audits.demo import DEMO_PASSWORD
from tests.browser.conftest import App, heard, idle, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LAPTOP = {"width": 1366, "height": 900}
PICKER = ".st-key-assign_visits"


def _option(key: str) -> str:
    return f"[role='option'][data-key='{key}']"


def test_the_visit_pickers_select_all_is_finnish_and_takes_only_what_matches(
    app: App, chromium, shoot
) -> None:
    page = chromium.new_page(viewport=LAPTOP, locale="fi-FI")
    page.set_default_timeout(60_000)
    sign_in(page, app, "manager", DEMO_PASSWORD)
    page.goto(f"{app.url}/waves")
    idle(page)
    page.get_by_role("tab", name="Jaa käynnit").click()
    page.locator(PICKER).click()
    page.locator(_option("__select_all__")).wait_for()
    shoot(page, "select-all")
    assert page.locator(_option("__select_all__")).inner_text() == "", "Streamlit's English"
    assert ("option", "Valitse kaikki") in heard(page, _option("__select_all__"))
    page.keyboard.type("Sa")
    page.locator(_option("__select_matches__")).wait_for()
    shoot(page, "typed")
    assert ("option", "Valitse kaikki hakua vastaavat") in heard(
        page, _option("__select_matches__")
    )
    offered = page.locator("[role='option']:not([data-key^='__'])").all_inner_texts()
    assert offered and all("sa" in text.lower() for text in offered), offered
    page.locator(_option("__select_matches__")).click()
    page.keyboard.press("Escape")
    idle(page)
    shoot(page, "chosen")
    assert page.locator(".st-key-assign_bulk button").inner_text() == f"Jaa {len(offered)} käyntiä"
    page.close()
