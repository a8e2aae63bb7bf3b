"""A tour from plan to calendar in real Chromium against `streamlit run`: the manager plans four
stores and proposes the cost (desktop), the brand approves it (desktop), the shopper reads it day
by day and downloads the calendar (phone). Every request that leaves 127.0.0.1 is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from audits import tours
from audits.auth import Actor
from audits.bootstrap import prepare
from audits.config import load_settings
from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.i18n import day_label, t
from audits.models import Store, Tour, User, Visit, Wave
from audits.routing import TourPlan
from tests.browser.conftest import PHONE, App, idle, local_only, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# Kotka and Hamina are Sanna's; Helsinki (Herttoniemi) and Vantaa Teemu's this autumn, and
# hers in spring, so the brand reads that the approval breaks the rule of waves in a row.
STORES = ("AM-038", "AM-039", "AM-045", "AM-047")
MONDAY = dt.date(2026, 11, 23)
DESKTOP = {"width": 1280, "height": 900}
# A phone's browser: Streamlit closes its menu after a tap on a page only on a mobile user agent.
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def _context(chromium, outside: list[str], **options):  # noqa: ANN202 - a Playwright page
    context = chromium.new_context(
        locale="fi-FI", timezone_id="Europe/Helsinki", accept_downloads=True, **options
    )
    local_only(context, outside)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def _open(page, url_path: str) -> None:
    """A page of the role's navigation, through its link at the top."""
    page.locator(f"a[href$='/{url_path}']").first.click()
    idle(page)


def _wide(page) -> bool:
    return "streamlit-wide" in (page.locator("[data-testid='stApp']").get_attribute("class") or "")


def _choose(page, key: str, option: str) -> None:
    """Pick an option of a selectbox or multiselect by typing part of it."""
    box = page.locator(f".st-key-{key}")
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    idle(page)


def _ask_for_sannas_tour(page) -> None:
    """On the Routes page: Sanna, the STORES, from MONDAY; not yet planned."""
    _open(page, "routes")
    _choose(page, "tour_shopper", "Sanna Shoppari")
    page.locator(".st-key-tour_selection button").filter(has_text=t("tr_sel_stores", "fi")).click()
    idle(page)
    for code in STORES:
        _choose(page, "tour_stores", code)
    start = page.locator(".st-key-tour_start input")
    start.fill(f"{MONDAY:%d.%m.%Y}")
    start.press("Enter")
    start.press("Escape")
    idle(page)


def _plan_and_propose(page, shoot) -> int:
    _ask_for_sannas_tour(page)
    assert _wide(page), "a laptop page: the whole width"
    shoot(page, "manager-choices")
    shoot(page, "manager-rules", "[class*='st-key-tour_max_visits_']")
    page.locator(".st-key-tour_plan button").click()
    idle(page)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").first
    stops = frame.locator(".leaflet-marker-pane .leaflet-marker-icon")  # numbered, not awesome
    stops.first.wait_for()
    page.wait_for_timeout(500)
    shoot(page, "manager-plan-map", "iframe[title*='streamlit_folium']")
    assert sorted(stops.all_inner_texts(), key=int) == [str(n) for n in range(1, len(STORES) + 1)]
    assert frame.locator(".awesome-marker .fa-house").count() == 1, "home"
    grid = page.locator("[data-testid='stDataFrame']").filter(has_text=t("tr_arrive", "fi"))
    shoot(page, "manager-plan-days", "[data-testid='stDataFrame']")
    assert grid.count() == 1
    page.locator(".st-key-tour_save button").click()
    idle(page)
    saved = page.get_by_text(t("tr_saved", "fi", id="")[:20]).first
    saved.wait_for()
    shoot(page, "manager-proposed", ".st-key-tour_save")
    tour_id = int(saved.inner_text().split("#", 1)[1].split(";", 1)[0])
    page.get_by_role("tab", name=t("tr_saved_tab", "fi")).click()
    page.locator(".st-key-tour_withdraw").wait_for()
    shoot(page, "manager-saved-tours", ".st-key-tour_withdraw")
    return tour_id


def _approve(page, shoot, tour_id: int) -> None:
    _open(page, "tours")
    page.get_by_text(t("tr_waiting", "en", n=1)).wait_for()
    assert page.locator(".st-key-c_tour input").input_value().startswith(f"#{tour_id} ")
    page.locator("iframe[title*='streamlit_folium']").first.wait_for()
    assert _wide(page)
    shoot(page, "client-proposal")
    page.locator(".st-key-c_tour_approve button").click()
    idle(page)
    page.get_by_text(t("tr_approved_msg", "en", n=len(STORES))).wait_for()
    shoot(page, "client-approved")


def _read_tour(page, shoot) -> Calendar:
    _open_on_phone(page, "tour")
    days = page.locator("[class*='st-key-tour_day_']")
    days.first.wait_for()
    shoot(page, "shopper-tour")
    for k in range(days.count()):
        link = days.nth(k).locator("a").filter(has_text=t("tr_open_route", "fi"))
        assert link.get_attribute("href").startswith("https://www.google.com/maps/dir/?api=1")
    shoot(page, "shopper-tour-last-day", "[class*='st-key-tour_day_']")
    with page.expect_download() as download:
        page.locator(".st-key-my_tour_ics button").tap()
    path = Path(download.value.path())
    return Calendar.from_ical(path.read_bytes())


def _open_on_phone(page, url_path: str) -> None:
    """A page through the shopper's menu (a phone has no room for the links at the top)."""
    page.locator("[data-testid='stPopover'] button").tap()
    page.locator(f"[data-testid='stPopoverBody'] a[href='{url_path}']").tap()
    idle(page)


def test_a_tour_from_plan_to_the_shoppers_calendar(app: App, chromium, shoot) -> None:
    outside: list[str] = []
    manager = _context(chromium, outside, viewport=DESKTOP)
    sign_in(manager, app, "manager", DEMO_PASSWORD)
    tour_id = _plan_and_propose(manager, shoot)

    client = _context(chromium, outside, viewport=DESKTOP)
    sign_in(client, app, "aurora", DEMO_PASSWORD)
    _approve(client, shoot, tour_id)

    phone = _context(
        chromium,
        outside,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        user_agent=ANDROID,
    )
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)
    calendar = _read_tour(phone, shoot)

    db = Database(app.database_url)
    with db.session() as s:
        tour = s.get(Tour, tour_id)
        shopper = s.scalar(select(User).where(User.username == "shopper1"))
        assert (tour.status, tour.shopper_id) == ("approved", shopper.id)
        planned = {
            v["store"]: dt.date.fromisoformat(d["date"])
            for d in tour.plan["days"]
            for v in d["visits"]
        }
        visits = s.execute(
            select(Store.code, Visit)
            .join(Visit, Visit.store_id == Store.id)
            .where(Visit.wave_id == tour.wave_id, Store.code.in_(STORES))
        ).all()
        assert sorted(planned) == sorted(STORES)
        assert {c: (v.shopper_id, v.planned_date, v.tour_id) for c, v in visits} == {
            c: (shopper.id, planned[c], tour_id) for c in STORES
        }
        assert max(len(d["visits"]) for d in tour.plan["days"]) <= 3, "the wave's daily maximum"
    db.dispose()
    events = calendar.walk("VEVENT")
    assert sorted(e.decoded("dtstart").date() for e in events) == sorted(planned.values())
    assert {str(e.get("uid")).split("-", 1)[1].split("@")[0] for e in events} == set(STORES)
    shown = phone.locator("[class*='st-key-tour_day_']").all_inner_texts()
    assert all(day_label(d, "fi") in " ".join(shown) for d in set(planned.values()))
    assert outside == [], outside


def _approved_tour(app: App, *codes: str) -> tuple[int, TourPlan, dict[str, int]]:
    """shopper1's tour of the stores, planned and approved through the core (as the AppTests
    do), in the app's own database; with the visit of each store."""
    db = prepare(load_settings({"AUDITS_DATA_DIR": str(app.data_dir)}))
    with db.session() as s:
        wave = s.scalar(
            select(Wave).where(Wave.name == "Syksy 2026", Wave.client.has(name="Aurora Motors"))
        )
        shopper = s.scalar(select(User).where(User.username == "shopper1"))
        manager = Actor.of(s.scalar(select(User).where(User.username == "manager")))
        brand = Actor.of(s.scalar(select(User).where(User.username == "aurora")))
        visits = dict(
            s.execute(
                select(Store.code, Visit.id)
                .join(Visit, Visit.store_id == Store.id)
                .where(Visit.wave_id == wave.id, Store.code.in_(codes))
            ).all()
        )
        wave_id, shopper_id = wave.id, shopper.id
    spec = tours.TourSpec(
        wave_id,
        shopper_id,
        MONDAY,
        selection="stores",
        visit_ids=tuple(visits.values()),
        daylight="off",
    )
    _, plan = tours.plan_for(db, manager, spec)
    tour_id = db.run(tours.save_proposal, manager, wave_id, shopper_id, plan)
    db.run(tours.approve_tour, brand, tour_id)
    db.dispose()
    return tour_id, plan, visits


@pytest.mark.usefixtures("tours_today")
def test_the_shopper_sees_a_days_route_on_a_map_on_the_phone(app: App, chromium, shoot) -> None:
    """The day after a hotel night: its stops numbered on a map that fits the phone, each
    big enough to tap, a tap shows the store's hours; the stop's button opens its audit."""
    tour_id, plan, visits = _approved_tour(app, "AM-004", "AM-010", "AM-038", "AM-039")
    k = next(k for k, d in enumerate(plan.days) if k and plan.days[k - 1].hotel and d.visits)
    day = plan.days[k]
    outside: list[str] = []
    phone = _context(
        chromium,
        outside,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        user_agent=ANDROID,
    )
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)
    _open_on_phone(phone, "tour")
    card = phone.locator(f".st-key-tour_day_{k}")
    toggle = card.locator(f".st-key-tour_map_on_{tour_id}_{k}")
    toggle.locator("label").first.tap()  # as a finger does: the switch's input is hidden
    idle(phone)
    assert toggle.locator("input").is_checked()
    iframe = card.locator("iframe[title*='streamlit_folium']")
    stops = iframe.content_frame.locator(".leaflet-marker-pane .leaflet-marker-icon.empty")
    stops.first.wait_for()
    phone.wait_for_timeout(500)
    shoot(phone, "shopper-day-map", f".st-key-tour_day_{k} iframe")
    box = iframe.bounding_box()
    assert box["width"] <= PHONE["width"] and box["height"] <= PHONE["height"] / 2
    assert stops.all_inner_texts() == [str(n) for n in range(1, len(day.visits) + 1)]
    for n in range(stops.count()):
        size = stops.nth(n).bounding_box()
        assert min(size["width"], size["height"]) >= 36, "big enough for a finger"
    frame = iframe.content_frame
    scale = frame.locator(".leaflet-control-scale").bounding_box()
    credit = frame.locator(".leaflet-control-attribution").bounding_box()
    assert scale["y"] + scale["height"] <= credit["y"], "the scale's figure above the credits"
    assert frame.locator(".awesome-marker .fa-bed").count() >= 1, "last night's hotel"
    first = day.visits[0]
    assert frame.locator(".leaflet-popup").count() == 0
    stops.first.tap()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    phone.wait_for_timeout(600)  # the map pans to show the popup
    zoom = frame.locator(".leaflet-control-zoom").bounding_box()
    shown = frame.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert shown["x"] >= zoom["x"] + zoom["width"] or shown["y"] >= zoom["y"] + zoom["height"], (
        "the popup is clear of the zoom buttons"
    )
    assert box["x"] <= shown["x"] and shown["x"] + shown["width"] <= box["x"] + box["width"]
    shoot(phone, "shopper-day-map-popup", f".st-key-tour_day_{k} iframe")
    assert f"1. {first.store.name}" in popup.inner_text()
    assert "Auki " in popup.inner_text(), "the store's hours that day"
    assert frame.locator(".leaflet-tooltip").count() == 0, "a popup only, no tooltip over it"
    route = card.locator("a").filter(has_text=t("tr_open_route", "fi"))
    assert route.get_attribute("href").startswith("https://www.google.com/maps/dir/?api=1")

    card.locator(f".st-key-tour_open_{visits[first.store.code]} button").tap()
    idle(phone)
    phone.get_by_role("heading", name=first.store.name).wait_for()
    shoot(phone, "shopper-audit-from-tour")
    assert "audit=" in phone.url
    assert outside == [], outside
