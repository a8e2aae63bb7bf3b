"""Faults in a real browser: the connection drops mid-audit, the app process restarts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.i18n import t
from audits.models import Answer, Audit
from tests.browser.conftest import App, idle, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
YES = "Kyllä"


def _start_first_visit(page) -> int:
    """The shopper's first visit not started yet (today's is half made): a fresh audit."""
    start = page.locator("[class*='st-key-open_'] button:visible", has_text=t("start", "en"))
    start.first.tap()
    idle(page)
    page.locator("[class*='st-key-item_']").first.wait_for()
    return int(page.url.rsplit("audit=", 1)[1].split("&")[0])


def _tap(page, item_id: str, label: str = YES) -> None:
    page.locator(f".st-key-item_{item_id} button[data-variant='segmented_control']").filter(
        has_text=label
    ).first.tap()


def _answers(app: App, audit_id: int) -> dict:
    db = Database(app.database_url)
    with db.session() as s:
        rows = s.scalars(select(Answer).where(Answer.audit_id == audit_id)).all()
        result = {a.item_id: a.value for a in rows}
    db.dispose()
    return result


def test_an_answer_given_offline_is_saved_when_the_connection_returns(
    app: App, phone, shoot
) -> None:
    sign_in(phone, app, "shopper3", DEMO_PASSWORD)  # shopper3 works in English
    audit_id = _start_first_visit(phone)
    _tap(phone, "parking_easy", "Yes")
    idle(phone)
    phone.locator(".st-key-item_parking_easy").get_by_text("Saved").wait_for()
    phone.context.set_offline(True)
    phone.wait_for_timeout(1_500)
    _tap(phone, "cars_clean", "Yes")
    phone.get_by_text("No connection – answers are not saved until it returns.").wait_for()
    shoot(phone, "offline-answer")
    assert "cars_clean" not in _answers(app, audit_id)
    phone.context.set_offline(False)
    phone.locator(".st-key-item_cars_clean").get_by_text("Saved").wait_for(timeout=60_000)
    phone.get_by_text("No connection").wait_for(state="hidden")
    shoot(phone, "back-online")
    answers = _answers(app, audit_id)
    assert answers["parking_easy"] == "yes" and answers["cars_clean"] == "yes"
    phone.close()


def test_a_restarted_app_resumes_the_audit_where_it_was(app: App, phone, shoot) -> None:
    sign_in(phone, app, "shopper3", DEMO_PASSWORD)
    audit_id = _start_first_visit(phone)
    _tap(phone, "parking_easy", "Yes")
    idle(phone)
    phone.locator(".st-key-next button").tap()
    idle(phone)
    _tap(phone, "eye_contact", "No")
    idle(phone)
    phone.locator(".st-key-item_eye_contact").get_by_text("Saved").wait_for()
    app.stop()
    app.start()
    phone.reload()
    idle(phone)
    # still signed in (the session lives in the database), on the same section, answers shown
    chosen = phone.locator(
        ".st-key-item_eye_contact button[data-variant='segmented_control'][aria-checked='true']"
    )
    chosen.wait_for()
    assert chosen.inner_text().strip() == "No"
    shoot(phone, "after-restart")
    db = Database(app.database_url)
    with db.session() as s:
        assert s.get(Audit, audit_id).current_section == "greeting"
    db.dispose()
