"""A shopper does a whole audit on a phone in real Chromium, with a reload halfway and an
offline spell, and the database ends up with every answer."""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PIL import Image
from sqlalchemy import select

from audits.catalog import checklist_of
from audits.checklist import Checklist, Response
from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.i18n import pick, t
from audits.models import Audit, AuditLog, Photo, User, Visit
from tests.browser.conftest import App, heard, idle, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LANG = "fi"  # shopper1 works in Finnish


@contextmanager
def _database_held(app: App) -> Iterator[None]:
    """The app's SQLite database locked for writing (its runs wait: busy_timeout 10 s)."""
    lock = sqlite3.connect(app.data_dir / "audits.db", isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")
        yield
    finally:
        lock.execute("ROLLBACK")
        lock.close()


def _fresh_visit(db: Database, username: str = "shopper1") -> tuple[int, float, float]:
    """The shopper's first planned visit that has no audit yet, and where its store is."""
    with db.session() as s:
        shopper = s.scalar(select(User.id).where(User.username == username))
        visit = s.scalars(
            select(Visit)
            .outerjoin(Audit, Audit.visit_id == Visit.id)
            .where(Visit.shopper_id == shopper, Audit.id.is_(None))
            .order_by(Visit.planned_date, Visit.id)
        ).first()
        return visit.id, visit.store.lat, visit.store.lon


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (3000, 2000), (90, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def _label(item) -> str:
    if item.type == "yes_no":
        return t(item.good, LANG)
    if item.type == "scale":
        return pick((item.labels or {}).get(item.max), LANG) or str(item.max)
    return pick(max(item.options, key=lambda o: o.points).label, LANG)


def _answered(progress: str) -> int:
    """The 'n of N answered' count in the progress bar's text."""
    pattern = re.escape(t("answered_of", LANG, done=111, total=999))
    found = re.search(pattern.replace("111", r"(\d+)").replace("999", r"\d+"), progress)
    assert found, progress
    return int(found.group(1))


def _answer(page, audit_id: int, item) -> None:
    box = page.locator(f".st-key-item_{item.id}")
    if item.type == "scale" and item.max - item.min >= 8:
        _assert_even_rows(box)
    if item.type in ("yes_no", "scale", "choice"):
        box.locator("button[data-variant='segmented_control']").filter(
            has_text=_label(item)
        ).first.tap()
    elif item.type == "multi_choice":
        box.locator("button[data-variant='pills']").first.tap()
    elif item.type == "duration":
        box.locator(".st-key-" + f"a{audit_id}_{item.id}_timer button").nth(0).tap()
        page.wait_for_timeout(2_200)
        box.locator(".st-key-" + f"a{audit_id}_{item.id}_timer button").nth(1).tap()
    elif item.type == "photo":
        box.locator("input[type='file']").set_input_files(
            files=[{"name": "storefront.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
        )
    elif item.type == "text":
        box.locator("textarea").fill("Myyjä oli ystävällinen ja asiantunteva.")
        assert _shown_hint(box) == f'"{t("hint_ctrl_enter", LANG)}"'
        box.locator("textarea").press("Control+Enter")
    else:
        return
    idle(page)
    comment = page.locator(f".st-key-a{audit_id}_{item.id}_c input")
    if comment.count():
        comment.fill("Selitys vastaukselle")
        comment.press("Enter")
        idle(page)
    box.get_by_text(t("saved_at", LANG, time="")).wait_for()


def _assert_even_rows(box) -> None:
    """A long scale (0–10) shows as two rows of equal buttons inside its card, not one row
    that runs off the screen and wraps its last buttons into wide ones."""
    card = box.bounding_box()
    buttons = [b.bounding_box() for b in box.locator("[data-variant='segmented_control']").all()]
    rows = sorted({round(b["y"]) for b in buttons})
    assert len(rows) == 2, rows
    assert max(b["width"] for b in buttons) - min(b["width"] for b in buttons) < 1
    assert all(
        card["x"] <= b["x"] and b["x"] + b["width"] <= card["x"] + card["width"] for b in buttons
    )


def _answer_section(page, audit_id: int, checklist: Checklist, index: int) -> None:
    for item in checklist.sections[index].items:
        if item.staff_name or not page.locator(f".st-key-item_{item.id}").count():
            continue
        if item.type == "time" or item.type == "number":
            continue  # optional; typed fields are covered by the AppTests
        if not item.required and item.type not in ("photo", "text"):
            continue
        _answer(page, audit_id, item)


# Counts the page's websocket messages to the server (each button tap sends one).
COUNT_SENDS = """
window.__sends = 0;
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(...args) {
    super(...args);
    const send = this.send.bind(this);
    this.send = (data) => { window.__sends += 1; return send(data); };
  }
};
"""


def _shown_hint(box) -> str:
    """What the hint under a text box being typed in shows: ours replaces Streamlit's own."""
    hint = box.locator("[data-testid=InputInstructions] > span").first
    hint.wait_for(state="attached")  # its own text is shrunk to nothing, so "hidden"
    return hint.evaluate("(span) => getComputedStyle(span, '::after').content")


def _uploader_heard(page) -> list[tuple[str, str]]:
    """What a screen reader hears of the photo uploader: ours replaces Streamlit's words."""
    return heard(page, "[data-testid=stFileUploaderDropzone]")


def test_a_whole_audit_on_a_phone(app: App, phone, shoot) -> None:
    db = Database(app.database_url)
    phone.add_init_script(COUNT_SENDS)
    phone.goto(app.url)
    idle(phone)
    phone.locator(".st-key-username input").fill("shopper1")  # the login page opens in Finnish
    assert _shown_hint(phone.locator(".st-key-username")) == f'"{t("hint_enter", LANG)}"'
    sign_in(phone, app, "Shopper1", DEMO_PASSWORD)  # as a phone capitalises the first letter
    visit_id, lat, lon = _fresh_visit(db)
    # standing 30-odd metres from the store's door
    phone.context.set_geolocation({"latitude": lat + 0.0003, "longitude": lon, "accuracy": 10})
    phone.locator(f".st-key-visit_{visit_id}").wait_for()
    shoot(phone, "my-visits")

    phone.locator(f".st-key-open_{visit_id} button").tap()
    idle(phone)
    with db.session() as s:
        audit = s.scalar(select(Audit).where(Audit.visit_id == visit_id))
        audit_id = audit.id
        checklist = checklist_of(audit.checklist_version)
    shoot(phone, "briefing")
    phone.locator(".st-key-briefing_read button").tap()
    idle(phone)
    phone.locator(".st-key-locate button").tap()  # the context has granted geolocation
    idle(phone)
    phone.get_by_text(t("checked_in_at", LANG, time="", distance="")[:7]).first.wait_for()
    shoot(phone, "checked-in")
    uploader = _uploader_heard(phone)
    assert ("button", t("upload_button", LANG)) in uploader, "the button named in Finnish"
    note = t("upload_note", LANG, types=t("upload_photo_types", LANG), mb=15)
    assert ("StaticText", note) in uploader, uploader
    assert not [n for _, n in uploader if "Upload" in n or "per file" in n], "no English"

    sections = len(checklist.sections)
    for index in range(sections):
        if index == 3:  # halfway: a reload resumes on the same section with every answer
            phone.reload()
            idle(phone)
            phone.locator(f".st-key-item_{checklist.sections[3].items[0].id}").wait_for()
            shoot(phone, "after-reload")
        if index == 4:  # offline: what the app showed as saved stays saved
            phone.context.set_offline(True)
            phone.wait_for_timeout(1_500)
            shoot(phone, "offline")
            phone.context.set_offline(False)
            phone.wait_for_timeout(3_000)
            idle(phone)
        section = checklist.sections[index]
        _answer_section(phone, audit_id, checklist, index)
        shoot(phone, f"section-{index + 1}-top", ".st-key-" + f"item_{section.items[0].id}")
        shoot(phone, f"section-{index + 1}-end", "[class*='st-key-item_']")
        if index < sections - 1:
            phone.locator(".st-key-next button").tap()
            idle(phone)

    with db.session() as s:
        stored = {a.item_id: a for a in s.scalar(select(Audit).where(Audit.id == audit_id)).answers}
    assert (
        stored["greeting_time"].value["started_at"] and stored["greeting_time"].value["stopped_at"]
    ), "the timer's two stamps are stored"
    assert 1 <= stored["greeting_time"].value["seconds"] <= 10

    submit = phone.locator(".st-key-submit button")
    submit.scroll_into_view_if_needed()
    box = submit.bounding_box()
    assert box is not None
    # A double tap by coordinates (a locator would wait for the button, which the finished
    # submit takes away). The database is held meanwhile, so the second tap lands while the
    # first one's run still waits to write, however slow the machine is.
    phone.evaluate("() => { window.__sends = 0; }")
    with _database_held(app):
        for taps in (1, 2):  # the second as soon as the first has gone out
            phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            phone.wait_for_function(f"() => window.__sends >= {taps}")  # reached the server
    idle(phone)
    shoot(phone, "submitted")
    errors = phone.locator("[data-testid='stException']")
    assert not errors.count(), errors.all_inner_texts()

    photo_items = {i.id for i in checklist.items() if i.type == "photo"}
    with db.session() as s:
        audit = s.get(Audit, audit_id)
        assert audit.status == "submitted", "a double tap submits once"
        assert audit.checkin_distance_m is not None and 20 < audit.checkin_distance_m < 50
        assert audit.briefing_read_at is not None
        answered = {a.item_id for a in audit.answers}
        required = {
            i.id for i in checklist.items() if i.required and i.is_visible(audit_answers(audit))
        }
        assert required <= answered
        photos = s.scalars(select(Photo).where(Photo.audit_id == audit_id)).all()
        assert len(photos) == sum(len(a.value) for i, a in stored.items() if i in photo_items)
        assert photos and all(max(p.width, p.height) == 1600 for p in photos), (
            "shrunk on the server"
        )
        submits = s.scalars(
            select(AuditLog).where(
                AuditLog.entity_id == audit_id, AuditLog.action == "audit.submit"
            )
        ).all()
        assert len(submits) == 1
    db.dispose()


def audit_answers(audit: Audit) -> dict:
    return {a.item_id: Response(value=a.value, na=a.na, comment=a.comment) for a in audit.answers}


def test_answers_that_show_other_items_update_the_section(app: App, phone, shoot) -> None:
    """Skip logic and the progress bar follow each tap at once (the section reruns alone)."""
    db = Database(app.database_url)
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)
    visit_id, _, _ = _fresh_visit(db)
    phone.locator(f".st-key-open_{visit_id} button").tap()
    idle(phone)
    for _ in range(2):  # arrival, greeting, then needs discovery
        phone.locator(".st-key-next button").tap()
        idle(phone)
    controlling = phone.locator(".st-key-item_trade_in_discussed")
    dependent = phone.locator(".st-key-item_trade_in_valued")
    assert not dependent.count(), "hidden until a trade-in is discussed"

    controlling.get_by_role("radio", name=t("yes", LANG), exact=True).tap()
    idle(phone)
    dependent.wait_for()
    shoot(phone, "trade-in-shown", ".st-key-item_trade_in_valued")
    progress = phone.locator("[data-testid='stProgress']")
    assert _answered(progress.inner_text()) == 1
    phone.locator(".st-key-item_asked_current_car").get_by_role(
        "radio", name=t("no", LANG), exact=True
    ).tap()
    idle(phone)
    phone.locator(".st-key-item_asked_current_car").get_by_text(
        t("saved_at", LANG, time="")
    ).wait_for()
    assert dependent.count(), "an answer of its own leaves the rest of the section as it was"
    assert _answered(progress.inner_text()) == 2, "the progress bar follows each answer"

    controlling.get_by_role("radio", name=t("no", LANG), exact=True).tap()
    idle(phone)
    dependent.wait_for(state="detached")
    with db.session() as s:
        audit = s.scalar(select(Audit).where(Audit.visit_id == visit_id))
        answers = {a.item_id: a.value for a in audit.answers}
    assert answers == {"trade_in_discussed": "no", "asked_current_car": "no"}


def test_a_tap_while_typing_is_not_lost(app: App, phone, shoot) -> None:
    """Typing a text answer, then tapping Submit or Next at once: Streamlit sends the text and
    the tap as one run of the text's item alone; the tap must still do what it says."""
    db = Database(app.database_url)
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)
    visit_id, _, _ = _fresh_visit(db)
    phone.locator(f".st-key-open_{visit_id} button").tap()
    idle(phone)
    for _ in range(6):  # to the last section, which has a free text and the submit button
        phone.locator(".st-key-next button").tap()
        idle(phone)
    phone.locator("textarea:visible").last.tap()
    phone.keyboard.type("Hyvä käynti")
    phone.locator(".st-key-submit button").tap()
    idle(phone)
    phone.locator("[class*='st-key-gap_']").first.wait_for()
    shoot(phone, "missing-listed-at-the-first-tap", "[class*='st-key-gap_']")
    phone.locator("textarea:visible").last.tap()
    phone.keyboard.type(" ja ystävällinen myyjä")
    phone.locator(".st-key-prev button").tap()
    idle(phone)
    assert (
        t("section_of", LANG, n=6, total=7)
        in phone.locator("[data-testid='stProgress']").inner_text()
    )
    with db.session() as s:
        audit = s.scalar(select(Audit).where(Audit.visit_id == visit_id))
        texts = [a.value for a in audit.answers if isinstance(a.value, str)]
        assert "Hyvä käynti ja ystävällinen myyjä" in texts, "the text was saved too"
    db.dispose()
