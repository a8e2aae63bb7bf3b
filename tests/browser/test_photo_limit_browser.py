"""A photo over the upload limit on a Finnish shopper's phone in real Chromium: the browser
refuses to send it, and the red chip and its tooltip say so in Finnish, naming the photo and
the limit, instead of Streamlit's English "File must be 15.0MB or smaller."."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.i18n import t
from audits.models import Audit, Photo
from tests.browser.conftest import App, heard, idle, sign_in
from tests.browser.test_shopper_phone import _fresh_visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NAME = "IMG_20261124_091532_julkisivu.jpg"
LIMIT_MB = 15  # server.maxUploadSize in .streamlit/config.toml and the default of the core


def _pseudo(locator, which: str = "::after") -> str:
    return locator.evaluate(f"(e) => getComputedStyle(e, '{which}').content")


def test_a_photo_over_the_limit_is_refused_in_finnish(app: App, phone, shoot) -> None:
    db = Database(app.database_url)
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)  # works in Finnish
    visit_id, _, _ = _fresh_visit(db)
    phone.locator(f".st-key-open_{visit_id} button").tap()
    idle(phone)
    item = phone.locator(".st-key-item_storefront_photo")
    too_large = b"\xff\xd8\xff" + bytes(LIMIT_MB * 1024 * 1024 + 1024)
    item.locator("input[type='file']").set_input_files(
        files=[{"name": NAME, "mimeType": "image/jpeg", "buffer": too_large}]
    )
    chip = item.locator("[data-testid='stFileChip'][aria-invalid='true']")
    chip.wait_for()
    name = chip.locator("[data-testid='stFileChipName']")
    said = t("upload_not_sent", "fi", name=NAME, mb=LIMIT_MB)
    assert _pseudo(name) == json.dumps(said, ensure_ascii=False), "whole name, Finnish words"
    assert name.evaluate("(e) => getComputedStyle(e).fontSize") == "0px", "not the short name"
    # A screen reader reads the same Finnish words, not the shortened name. (The alert it
    # announces as the chip appears stays Streamlit's English: CSS cannot change its words.)
    read = [
        text for role, text in heard(phone, "[data-testid='stFileChip']") if role == "StaticText"
    ]
    assert said in read, read
    assert not [text for text in read if "..." in text], read
    shoot(phone, "photo-too-large", ".st-key-item_storefront_photo")

    chip.hover()  # a laptop's pointer; Streamlit's tooltip has its English reason
    tip = phone.locator("[data-testid='stTooltipErrorContent']")
    tip.wait_for()
    unnamed = " ".join(t("upload_not_sent", "fi", name="", mb=LIMIT_MB).split())
    assert _pseudo(tip) == json.dumps(unnamed, ensure_ascii=False)
    assert tip.evaluate("(e) => getComputedStyle(e).fontSize") == "0px"
    shoot(phone, "photo-too-large-tooltip", ".st-key-item_storefront_photo")
    with db.session() as s:
        audit_id = s.scalar(select(Audit.id).where(Audit.visit_id == visit_id))
        photos = s.scalar(select(func.count()).where(Photo.audit_id == audit_id))
    assert photos == 0, "never sent"
    db.dispose()
