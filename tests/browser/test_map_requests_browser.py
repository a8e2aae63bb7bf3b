"""Every request a map page makes to the app succeeds: no missing image behind a marker (Leaflet
asks for its default icon by a path of its own), no 404 in the browser's network log. Each map
of the app, in real Chromium against `streamlit run`, reached through the page's link as a
user would (a typed address makes Streamlit's own requests for the base path, which 404)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from sqlalchemy import select

from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.models import Store
from tests.browser.conftest import PHONE, App, idle, local_only, sign_in
from tests.browser.test_tours_browser import (
    STORES,
    _approved_tour,
    _ask_for_sannas_tour,
    _open,
    _open_on_phone,
)

pytestmark = [pytest.mark.browser]
MAP = "iframe[title*='streamlit_folium']"
LAPTOP = {"width": 1366, "height": 900}


def _watch(page) -> list[str]:
    """The app's requests that failed or were answered 4xx/5xx, as they happen."""
    bad: list[str] = []
    page.on("requestfailed", lambda r: bad.append(f"failed {r.url}"))
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and urlparse(r.url).hostname == "127.0.0.1"
            and bad.append(f"{r.status} {r.url}")
        ),
    )
    return bad


def _page(chromium, viewport: dict, **options) -> tuple[object, list[str], list[str]]:
    context = chromium.new_context(
        viewport=viewport, locale="fi-FI", timezone_id="Europe/Helsinki", **options
    )
    outside = local_only(context)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page, _watch(page), outside


def _map_drawn(page, frame_selector: str = MAP) -> None:
    frame = page.frame_locator(frame_selector).first
    frame.locator(".leaflet-marker-icon").first.wait_for()
    page.wait_for_timeout(1500)  # the markers' images and fonts


@pytest.mark.usefixtures("tours_today")
def test_the_shoppers_day_map(app: App, chromium, shoot) -> None:
    tour_id, plan, _ = _approved_tour(app, *STORES)
    page, bad, outside = _page(chromium, PHONE, is_mobile=True, has_touch=True)
    sign_in(page, app, "shopper1", DEMO_PASSWORD)
    _open_on_phone(page, "tour")
    day = next(k for k, d in enumerate(plan.days) if d.visits)
    page.locator(f".st-key-tour_map_on_{tour_id}_{day} label").first.tap()
    idle(page)
    _map_drawn(page)
    shoot(page, "day-map", MAP)
    assert bad == [] and outside == [], (bad, outside)


@pytest.mark.usefixtures("tours_today")
def test_the_managers_routes_map(app: App, chromium, shoot) -> None:
    page, bad, outside = _page(chromium, LAPTOP)
    sign_in(page, app, "manager", DEMO_PASSWORD)
    _ask_for_sannas_tour(page)
    page.locator(".st-key-tour_plan button").click()
    idle(page)
    _map_drawn(page)
    shoot(page, "routes-map", MAP)
    assert bad == [] and outside == [], (bad, outside)


def test_the_brands_store_map(app: App, chromium, shoot) -> None:
    page, bad, outside = _page(chromium, LAPTOP)
    sign_in(page, app, "aurora", DEMO_PASSWORD)
    _open(page, "map")
    page.frame_locator(MAP).first.locator(".audits-legend").wait_for()
    page.wait_for_timeout(1500)
    shoot(page, "client-map")
    assert bad == [] and outside == [], (bad, outside)


def test_the_store_placing_map(app: App, chromium, shoot) -> None:
    page, bad, outside = _page(chromium, LAPTOP)
    sign_in(page, app, "manager", DEMO_PASSWORD)
    database = Database(app.database_url)
    with database.session() as s:
        store = s.scalar(select(Store).where(Store.code == "AM-002"))  # not placed yet
        store.lat = store.lon = None
    database.dispose()
    _open(page, "stores")
    frame = page.frame_locator(MAP).first
    # The map is drawn in its tab before the tab is chosen, at no size.
    frame.locator(".audits-town").first.wait_for(state="attached")
    page.get_by_role("tab", name="Sijoita kartalle").click()
    idle(page)
    frame.locator(".leaflet-marker-icon").first.wait_for(state="attached")
    page.wait_for_timeout(1500)
    shoot(page, "placing-map")
    assert bad == [] and outside == [], (bad, outside)
