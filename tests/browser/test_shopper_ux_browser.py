"""What a shopper's phone shows after a tap that only a real browser can tell: where the page
is scrolled after a move between sections."""

from __future__ import annotations

import pytest

from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.i18n import t
from tests.browser.conftest import App, idle, sign_in
from tests.browser.test_shopper_phone import _fresh_visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LANG = "fi"
SCROLLED = "() => document.querySelector(\"[data-testid='stMain']\").scrollTop"


def test_a_new_section_opens_at_its_top(app: App, phone, shoot) -> None:
    """Next and Previous are at the bottom of a long section: the next one must not open
    scrolled down past its first items."""
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)  # the first page prepares the database
    db = Database(app.database_url)
    visit_id, _, _ = _fresh_visit(db)
    db.dispose()
    phone.locator(f".st-key-open_{visit_id} button").tap()
    idle(phone)
    for key, section in (("next", 2), ("next", 3), ("prev", 2)):  # each move, not the first
        button = phone.locator(f".st-key-{key} button")
        button.scroll_into_view_if_needed()
        assert phone.evaluate(SCROLLED) > 300
        button.tap()
        idle(phone)
        phone.wait_for_function(f"({SCROLLED})() === 0", timeout=5_000)
        progress = phone.locator("[data-testid='stProgress']").inner_text()
        assert t("section_of", LANG, n=section, total=7) in progress
    shoot(phone, "section-3-from-its-top")
