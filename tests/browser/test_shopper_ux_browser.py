"""What only a real browser on a shopper's phone can tell: where the page is scrolled after a
move between sections or a reply, what a form's fields hold after filing it, how big a tap
target is, what an empty time box shows."""

from __future__ import annotations

import pytest

from audits import fieldwork, review
from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.i18n import t
from tests.browser.conftest import PHONE, App, idle, sign_in
from tests.browser.test_shopper_phone import _fresh_visit
from tests.ui.test_shopper_pages import actor_of, fill_required

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
    without = phone.locator(".st-key-checkin_refused button")
    assert "underline" in without.evaluate("(b) => getComputedStyle(b).textDecorationLine"), (
        "checking in without the location reads as a link, not as plain text"
    )
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


def test_a_filed_claim_empties_the_form_on_the_phone(app: App, phone, shoot) -> None:
    """The server forgot the claim's fields once it was filed, but the phone kept showing
    them, so a second tap on File filed the same claim again."""
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)
    phone.goto(f"{app.url}/expenses")
    idle(phone)
    fields = {"exp_km": "84,5", "exp_amount": "3,50", "exp_description": "Porvoo"}
    for key, value in fields.items():
        phone.locator(f".st-key-{key} input").fill(value)
    phone.locator("[data-testid='stFormSubmitButton'] button").tap()
    idle(phone)
    phone.get_by_text(t("m_claim_filed", LANG)).wait_for()
    shoot(phone, "claim-filed")
    assert [phone.locator(f".st-key-{key} input").input_value() for key in fields] == [""] * 3


def test_the_menu_pages_are_rows_a_thumb_can_hit(app: App, phone, shoot) -> None:
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)
    phone.locator("[data-testid='stPopover'] button").first.tap()
    links = phone.locator("[data-testid='stPageLink'] a")
    links.first.wait_for()
    shoot(phone, "menu")
    menu = phone.locator("[data-testid='stPopoverBody']").bounding_box()
    boxes = [link.bounding_box() for link in links.all()]
    assert len(boxes) == 4  # my visits, my tour, expenses, sign out
    assert all(b["height"] >= 44 and b["width"] > menu["width"] * 0.8 for b in boxes), boxes


def test_after_the_last_reply_the_top_with_submit_again_is_shown(app: App, phone, shoot) -> None:
    """The reply box is down at its item; what is left to do (Submit again) is at the top."""
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)
    db = Database(app.database_url)
    visit_id, lat, lon = _fresh_visit(db)
    shopper, manager = actor_of(db, "shopper1"), actor_of(db, "manager")
    audit_id = db.run(fieldwork.start_audit, shopper, visit_id)
    db.run(fieldwork.mark_briefing_read, shopper, audit_id)
    db.run(fieldwork.check_in, shopper, audit_id, lat, lon, 10)
    fill_required(db, audit_id)
    assert db.run(fieldwork.submit, shopper, audit_id).submitted
    db.run(review.return_to_shopper, manager, audit_id, "Kauanko odotit?", "polite_throughout")
    db.dispose()
    phone.goto(f"{app.url}/audit?audit={audit_id}")
    idle(phone)
    phone.locator("textarea").first.fill("Noin minuutin")
    send = phone.locator("[class*='st-key-send_'] button")
    send.scroll_into_view_if_needed()
    assert phone.evaluate(SCROLLED) > 300
    send.tap()
    idle(phone)
    phone.wait_for_function(f"({SCROLLED})() === 0", timeout=5_000)
    again = phone.locator(".st-key-resubmit button").bounding_box()
    assert again["y"] + again["height"] <= PHONE["height"], "on the screen as it opens"
    shoot(phone, "replied-submit-again")


def test_nobody_came_is_offered_once_while_the_timer_runs(app: App, phone, shoot) -> None:
    """The running timer has its own "nobody came" (which stops it and keeps both stamps);
    the box under it said the same a second time."""
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)
    db = Database(app.database_url)
    visit_id, lat, lon = _fresh_visit(db)
    shopper = actor_of(db, "shopper1")
    audit_id = db.run(fieldwork.start_audit, shopper, visit_id)
    db.run(fieldwork.mark_briefing_read, shopper, audit_id)
    db.run(fieldwork.check_in, shopper, audit_id, lat, lon, 10)
    db.run(fieldwork.set_section, shopper, audit_id, "greeting")
    phone.goto(f"{app.url}/audit?audit={audit_id}")
    idle(phone)
    timer = phone.locator(f".st-key-a{audit_id}_greeting_time_timer button")
    box = phone.locator(f".st-key-a{audit_id}_greeting_time_nobody")

    def offered() -> list[bool]:
        """Whether the timer's button and the box say "nobody came"."""
        return [timer.nth(2).is_visible(), box.is_visible()]

    assert offered() == [False, True], "the box alone before the timer starts"
    timer.nth(0).tap()
    timer.nth(2).wait_for()
    shoot(phone, "timer-running")
    assert offered() == [True, False], "once while it runs: the button that stops it"
    timer.nth(2).tap()
    idle(phone)
    box.wait_for()
    assert offered() == [False, True]
    assert box.locator("input").is_checked(), "the timer's answer shows in the box"
    db = Database(app.database_url)
    value = db.run(fieldwork.load_audit, shopper, audit_id).answers["greeting_time"].value
    db.dispose()
    assert value["nobody_came"] and value["started_at"], "stopped by the timer, with its stamps"


# Counts the page's running quarter-second intervals (the greeting timer's clock).
COUNT_TICKS = """
window.__ticks = new Set();
const set = window.setInterval, clear = window.clearInterval;
window.setInterval = (fn, ms, ...rest) => {
  const id = set(fn, ms, ...rest);
  if (ms === 250) window.__ticks.add(id);
  return id;
};
window.clearInterval = (id) => { window.__ticks.delete(id); return clear(id); };
"""


def test_the_greeting_clock_ticks_only_while_it_runs(app: App, phone) -> None:
    """An idle timer must not keep redrawing the page four times a second (a phone's
    battery, and work done beside every tap); a running one counts the seconds, also after
    a reload."""
    phone.add_init_script(COUNT_TICKS)
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)
    db = Database(app.database_url)
    visit_id, lat, lon = _fresh_visit(db)
    shopper = actor_of(db, "shopper1")
    audit_id = db.run(fieldwork.start_audit, shopper, visit_id)
    db.run(fieldwork.check_in, shopper, audit_id, lat, lon, 10)
    db.run(fieldwork.set_section, shopper, audit_id, "greeting")
    db.dispose()
    phone.goto(f"{app.url}/audit?audit={audit_id}")
    idle(phone)
    timer = phone.locator(f".st-key-a{audit_id}_greeting_time_timer")
    ticks = "() => window.__ticks.size"
    assert phone.evaluate(ticks) == 0, "no clock ticks before the timer starts"
    timer.locator("button").nth(0).tap()
    clock = timer.locator(".clock")
    for _ in range(50):  # the component draws in its own shadow root, out of reach of a query
        if clock.inner_text() == "0:02":
            break
        phone.wait_for_timeout(100)
    assert clock.inner_text() == "0:02", "the clock counts the seconds"
    assert phone.evaluate(ticks) == 1
    phone.reload()
    idle(phone)
    assert clock.inner_text() >= "0:02", "the reload kept the start"
    assert phone.evaluate(ticks) == 1, "the clock ticks again after the reload"
    timer.locator("button").nth(1).tap()  # greeted
    idle(phone)
    assert phone.evaluate(ticks) == 0, "a stopped timer's clock no longer ticks"


def _at_arrival(app: App, page, username: str) -> tuple[int, str]:
    """`username` signed in on `page`, on the first section of a fresh audit (checked in): the
    audit and the shopper's language."""
    sign_in(page, app, username, DEMO_PASSWORD)
    db = Database(app.database_url)
    visit_id, lat, lon = _fresh_visit(db, username)
    shopper = actor_of(db, username)
    audit_id = db.run(fieldwork.start_audit, shopper, visit_id)
    db.run(fieldwork.mark_briefing_read, shopper, audit_id)
    db.run(fieldwork.check_in, shopper, audit_id, lat, lon, 10)
    db.dispose()
    page.goto(f"{app.url}/audit?audit={audit_id}")
    idle(page)
    return audit_id, shopper.language


def _time_box(page, audit_id: int) -> list[str]:
    """What an empty time box shows for its hour and between hour and minute."""
    hour = page.locator(f".st-key-a{audit_id}_arrival_time [data-type=hour]")
    hour.wait_for()
    return [
        hour.evaluate("(e) => getComputedStyle(e, '::before').content"),
        hour.evaluate("(e) => getComputedStyle(e.nextElementSibling, '::before').content"),
    ]


@pytest.mark.parametrize(
    ("username", "browser_locale"), [("shopper1", "en-US"), ("shopper3", "fi-FI")]
)
def test_an_empty_time_box_hints_in_the_users_language_not_the_phones(
    app: App, chromium, shoot, username: str, browser_locale: str
) -> None:
    context = chromium.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale=browser_locale
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    audit_id, lang = _at_arrival(app, page, username)
    assert _time_box(page, audit_id) == [
        f'"{t("time_hour", lang)}"',
        f'"{t("time_separator", lang)}"',
    ]
    shoot(page, f"time-box-{lang}-on-{browser_locale}", f".st-key-a{audit_id}_arrival_time")
    context.close()
