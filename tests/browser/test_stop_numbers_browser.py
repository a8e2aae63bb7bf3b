"""Stops a few hundred metres apart on a tour's map: each numbered circle stands clear of the
others at the zoom the map opens with, so every number can be read and tapped."""

from __future__ import annotations

import datetime as dt

import pytest

from audits.routing import Store, TourRequest, plan_tour
from audits.tour_export import TAP_PX, day_map, tour_map
from tests.browser.conftest import PHONE, local_only
from tests.browser.test_map_offline_browser import site  # noqa: F401 - a fixture
from tests.test_tour_export import HELSINKI

pytestmark = [pytest.mark.browser]
# Four dealerships in Lahti, 150–400 m from each other, and one in Hollola.
LAHTI = [(60.98270, 25.66120), (60.98400, 25.66300), (60.98180, 25.66500), (60.98500, 25.65900)]
HOLLOLA = (60.98900, 25.51300)


def _plan():  # noqa: ANN202 - a TourPlan
    points = [*LAHTI, HOLLOLA]
    stores = tuple(
        Store(f"S{k}", f"Dealer {k}", lat, lon, "Mo-Fr 09:00-18:00", f"Katu {k}", "Lahti")
        for k, (lat, lon) in enumerate(points)
    )
    return plan_tour(TourRequest(HELSINKI, dt.date(2026, 11, 2), stores))


def _circles(page) -> list[dict]:
    circles = page.locator(".leaflet-marker-icon.empty > div")  # the numbered circles
    circles.first.wait_for()
    page.wait_for_timeout(500)
    return [circles.nth(k).bounding_box() for k in range(circles.count())]


def _apart(boxes: list[dict]) -> bool:
    """No two circles cover each other (their centres a diameter apart, less a pixel)."""
    centres = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, b["width"]) for b in boxes]
    return all(
        ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= max(w1, w2) - 1
        for k, (x1, y1, w1) in enumerate(centres)
        for (x2, y2, w2) in centres[k + 1 :]
    )


@pytest.mark.parametrize("which", ["day", "tour"])
def test_close_stops_numbers_stand_apart(site, chromium, shoot, which: str) -> None:  # noqa: F811
    url, folder = site
    plan = _plan()
    day = next(k for k, d in enumerate(plan.days) if len(d.visits) >= 4)
    fmap = day_map(plan, day, "fi") if which == "day" else tour_map(plan, "fi")
    fmap.save(str(folder / "map.html"))
    page = chromium.new_page(viewport=PHONE, device_scale_factor=2)
    outside = local_only(page)
    page.goto(f"{url}/map.html")
    boxes = _circles(page)
    shoot(page, f"{which}-map")
    assert len(boxes) == len(plan.days[day].visits) if which == "day" else len(boxes) >= 5
    assert _apart(boxes), boxes
    if which == "day":
        assert min(b["width"] for b in boxes) >= TAP_PX - 1
    assert outside == [], outside
