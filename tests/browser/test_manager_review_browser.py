"""A manager reviews and approves a submitted audit in real Chromium against `streamlit run`."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.models import Audit
from tests.browser.conftest import App, idle, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_manager_reviews_and_approves_in_chromium(app: App, chromium, shoot) -> None:
    page = chromium.new_page(viewport={"width": 1024, "height": 900})
    page.set_default_timeout(60_000)
    sign_in(page, app, "manager", DEMO_PASSWORD)
    first = page.locator("[class*='st-key-review_'] button").first
    first.wait_for()
    shoot(page, "queue")
    key = next(
        c
        for c in page.locator("[class*='st-key-review_']").first.get_attribute("class").split()
        if c.startswith("st-key-review_")
    )
    audit_id = int(key.removeprefix("st-key-review_"))
    first.click()
    idle(page)
    page.locator(".st-key-approve button").wait_for()
    shoot(page, "review")
    page.locator(".st-key-approve button").click()
    idle(page)
    page.locator("[class*='st-key-review_']").first.wait_for()
    shoot(page, "approved")
    db = Database(app.database_url)
    with db.session() as s:
        assert s.scalar(select(Audit.status).where(Audit.id == audit_id)) == "approved"
    db.dispose()
