"""Placing a store by hand in real Chromium with no internet, on a phone: the offline map opens
on the store's town with towns named and the client's stores as dots, and typed coordinates
place the store. Every request that leaves 127.0.0.1 is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.models import Store
from tests.browser.conftest import idle, local_only, sign_in

pytestmark = [pytest.mark.browser]
MAP = "iframe[title*='streamlit_folium']"
# The town names whose place is inside the map's own box (a name sits just above its place).
NAMES_IN_VIEW = """() => {
    const box = document.querySelector(".leaflet-container").getBoundingClientRect();
    return [...document.querySelectorAll(".audits-town")]
        .filter(town => {
            const at = town.getBoundingClientRect();
            return at.left >= box.left && at.right <= box.right
                && at.top >= box.top && at.bottom <= box.bottom;
        })
        .map(town => town.textContent);
}"""


def test_the_offline_map_names_towns_shows_stores_and_typed_coordinates_place_a_store(
    app, phone, shoot
) -> None:
    outside = local_only(phone)
    sign_in(phone, app, "manager", DEMO_PASSWORD)
    database = Database(app.database_url)
    with database.session() as s:
        store = s.scalar(select(Store).where(Store.code == "AM-002"))  # in Raahe
        store.lat = store.lon = None
        store_id = store.id
    phone.goto(f"{app.url}/stores")
    idle(phone)
    frame = phone.frame_locator(MAP).first
    # The map is drawn in its tab before the tab is chosen, at no size.
    frame.locator(".audits-town").first.wait_for(state="attached")
    phone.wait_for_timeout(500)
    phone.get_by_role("tab", name="Sijoita kartalle").click()
    idle(phone)
    frame.locator(".audits-town span").first.wait_for()
    phone.wait_for_timeout(800)
    zoom = frame.locator(".leaflet-container").evaluate("(_) => window.map.getZoom()")
    assert zoom >= 9, f"opened on the town and its surroundings, not the world (zoom {zoom})"
    named = frame.locator(".leaflet-container").evaluate(f"(_) => ({NAMES_IN_VIEW})()")
    assert "Raahe" in named and len(named) <= 12, named
    assert frame.locator(".audits-store").count() == 54, "the client's other stores"
    shoot(phone, "opened-on-raahe", show=MAP)

    field = phone.locator(f".st-key-place_at_{store_id} input")
    field.fill("24,14 65,84")
    field.press("Enter")
    idle(phone)
    assert phone.locator("[data-testid='stAlertContentError']").inner_text() == (
        "24,14; 65,84 on Suomen ulkopuolella: leveys- ja pituusaste näyttävät olevan väärin päin "
        "(tarkoititko 65,84; 24,14?)"
    )
    field.fill("64,6831 24,4778")
    field.press("Enter")
    idle(phone)
    assert phone.locator("[data-testid='stAlertContentError']").count() == 0
    frame.locator(".awesome-marker-icon-red .fa-shop").wait_for()
    shoot(phone, "typed", show=MAP)
    phone.locator(".st-key-save_place button").click()
    idle(phone)
    assert (
        "Sijainti tallennettu: AM-002"
        in phone.locator("[data-testid='stAlert']").first.inner_text()
    )
    with database.session() as s:
        placed = s.get(Store, store_id)
        assert (placed.lat, placed.lon, placed.coord_source) == (64.6831, 24.4778, "manual")
    database.dispose()
    assert outside == [], outside
