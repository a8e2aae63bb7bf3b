"""The brand's pages on a 390×844 phone and on a laptop in real Chromium: on the phone every
table fits the screen (nothing runs off its right edge), on the laptop the interactive tables
are shown as before. Typed addresses land on a page of the user's own, never on Streamlit's
English "Page not found" dialog."""

from __future__ import annotations

import pytest

from audits.demo import DEMO_PASSWORD
from audits.i18n import t
from tests.browser.conftest import PHONE, App, idle, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGES = ("overview", "ranking", "store", "items", "reports", "tours")
DESKTOP = {"width": 1400, "height": 900}

# Each shown table's box and how wide its content is; the page's scroll width.
MEASURE = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const shown = (e) => e.getClientRects().length > 0;
  const boxes = (testid) => [...document.querySelectorAll(`[data-testid='${testid}']`)]
    .filter(shown).map((e) => e.getBoundingClientRect().right);
  return {
    page: main.scrollWidth, width: window.innerWidth,
    // A table scrolls inside a box of its own: a wider table is cut at that box's edge.
    tables: [...document.querySelectorAll("[data-testid='stTable']")].filter(shown).map((e) => ({
      right: e.getBoundingClientRect().right,
      overflow: Math.max(
        ...[e, ...e.querySelectorAll("div")].map((d) => d.scrollWidth - d.clientWidth)
      ),
    })),
    grids: boxes("stDataFrame"),
  };
}"""


def _open(page, app: App, url_path: str) -> None:
    """Load an address as if typed, and wait for the page's whole run (no placeholders left)."""
    page.goto(f"{app.url}/{url_path}")
    page.locator("[data-testid='stMainBlockContainer'] [data-testid='stHeading']").first.wait_for()
    idle(page)
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stSkeleton']\")")


def test_the_brands_tables_fit_a_phone_and_stay_whole_on_a_laptop(
    app: App, chromium, shoot
) -> None:
    phone = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.set_default_timeout(60_000)
    sign_in(phone, app, "aurora", DEMO_PASSWORD)
    for url_path in PAGES:
        _open(phone, app, url_path)
        shoot(phone, f"phone-{url_path}")
        sizes = phone.evaluate(MEASURE)
        assert sizes["page"] <= sizes["width"], (url_path, sizes)
        assert not sizes["grids"], f"{url_path}: no interactive table runs off a phone's edge"
        assert all(t["overflow"] <= 1 and t["right"] <= PHONE["width"] for t in sizes["tables"])
        if url_path in ("overview", "ranking", "store", "items"):
            assert sizes["tables"], f"{url_path}: the phone's tables are shown"
    _open(phone, app, "ranking")
    assert phone.locator(".st-key-laptop_rank_sections").is_hidden(), "no section columns"
    _open(phone, app, "store")
    figures = [m.bounding_box() for m in phone.locator("[data-testid='stMetric']").all()]
    assert len(figures) == 3 and figures[0]["y"] == figures[1]["y"] < figures[2]["y"], (
        "figures two a row on a phone"
    )

    laptop = chromium.new_context(viewport=DESKTOP).new_page()
    laptop.set_default_timeout(60_000)
    sign_in(laptop, app, "aurora", DEMO_PASSWORD)
    for url_path in ("overview", "ranking", "store", "items"):
        _open(laptop, app, url_path)
        shoot(laptop, f"laptop-{url_path}")
        sizes = laptop.evaluate(MEASURE)
        assert sizes["grids"], (url_path, sizes)
        # The store's answers are a static table on a laptop too, so their comments wrap; no
        # other page shows its phone tables there.
        assert all(t["overflow"] <= 1 for t in sizes["tables"]), (url_path, sizes)
        assert bool(sizes["tables"]) == (url_path == "store"), (url_path, sizes)


def test_a_dealers_tables_fit_a_phone(app: App, chromium, shoot) -> None:
    """A dealer's tables have a column the brand's lack, the network's figures beside the
    store's: the Finnish headers are long words."""
    phone = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.set_default_timeout(60_000)
    sign_in(phone, app, "dealer", DEMO_PASSWORD)
    for url_path in ("overview", "ranking", "store", "items"):
        _open(phone, app, url_path)
        shoot(phone, f"dealer-{url_path}")
        sizes = phone.evaluate(MEASURE)
        assert sizes["tables"], url_path
        assert all(t["overflow"] <= 1 for t in sizes["tables"]), (url_path, sizes)


def _dialog(page) -> int:
    page.wait_for_timeout(500)  # the dialog would open as the run's first message arrives
    return page.get_by_text("Page not found").count()


def test_typed_addresses_open_the_users_own_pages(app: App, chromium, shoot) -> None:
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    _open(page, app, "ranking")  # a bookmark, before signing in
    assert not _dialog(page)
    page.locator(".st-key-username input").wait_for()
    shoot(page, "bookmark-signs-in-first")
    page.locator(".st-key-username input").fill("dealer")  # works in Finnish
    page.locator(".st-key-password input").fill(DEMO_PASSWORD)
    page.locator(".st-key-password input").press("Enter")
    idle(page)
    page.get_by_role("heading", name="Sijoitukset").wait_for()
    shoot(page, "bookmark-opens-after-sign-in")

    _open(page, app, "visits")  # a shopper's page
    assert not _dialog(page)
    page.get_by_role("heading", name="Yleiskuva").wait_for()
    page.get_by_text(t("page_not_yours", "fi", path="visits")).wait_for()
    shoot(page, "another-roles-page-refused")
    for url_path in ("overview", "no-such-page"):  # its own start page by name; a stale one
        _open(page, app, url_path)
        assert not _dialog(page), url_path
        page.get_by_role("heading", name="Yleiskuva").wait_for()
        assert not page.get_by_text(t("page_not_yours", "fi", path=url_path)).count()
    context.close()

    shopper = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    shopper.set_default_timeout(60_000)
    sign_in(shopper, app, "shopper1", DEMO_PASSWORD)
    _open(shopper, app, "visits")
    assert not _dialog(shopper)
    shopper.get_by_role("heading", name=t("my_visits", "fi")).wait_for()
    shoot(shopper, "shopper-start-page-by-name")
