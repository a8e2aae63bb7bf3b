"""A photo over the upload limit on a Finnish shopper's phone in real Chromium: the browser
refuses to send it, and the red chip, its tooltip and the alert a screen reader announces say
so in Finnish, naming the photo and the limit, instead of Streamlit's English "File must be
15.0MB or smaller."; a photo of a type the uploader does not take (an iPhone's HEIC) is
refused for its type, not the limit, and a photo whose sending failed on the way (a weak
signal) says the connection failed and how to send it again. The uploader's buttons are named
in Finnish too, and an English shopper keeps Streamlit's own words."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.i18n import t
from audits.models import Audit, Photo
from tests.browser.conftest import App, heard, idle, sign_in, tooltip_words
from tests.browser.test_shopper_phone import _fresh_visit, _photo

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NAME = "IMG_20261124_091532_julkisivu.jpg"
HEIC = "IMG_0042.HEIC"  # an iPhone's own photo format
LIMIT_MB = 15  # server.maxUploadSize in .streamlit/config.toml and the default of the core


SIZE = LIMIT_MB * 1024 * 1024 + 1027  # Streamlit writes it "15.7MB" (of 1000 kB)
# Streamlit's English in an uploader with a refused or a sending photo (the last: "15.7MB").
ENGLISH = ("Add files", "Remove ", "Cancel upload", "file upload", "Error: ", "File must", "MB")


def _pseudo(locator, which: str = "::after") -> str:
    return locator.evaluate(f"(e) => getComputedStyle(e, '{which}').content")


def _open_audit(page, db: Database, username: str) -> tuple[int, object]:
    """The shopper's first fresh visit's audit page opened: the visit and its photo item."""
    visit_id, _, _ = _fresh_visit(db, username)
    page.locator(f".st-key-open_{visit_id} button").tap()
    idle(page)
    return visit_id, page.locator(".st-key-item_storefront_photo")


def _refused(item):
    """A photo over the limit given to the item: its red chip once the browser refused it."""
    item.locator("input[type='file']").set_input_files(
        files=[
            {"name": NAME, "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff" + bytes(SIZE - 3)}
        ]
    )
    chip = item.locator("[data-testid='stFileChip'][aria-invalid='true']")
    chip.wait_for()
    return chip


def _chip_of(name: str) -> str:
    """The selector of the red chip of the photo `name`."""
    return f"[data-testid='stFileChip'][aria-invalid='true']:has([title='{name}'])"


def _heic(item):
    """A photo of a type the item does not take given to it: its red chip."""
    item.locator("input[type='file']").set_input_files(
        files=[{"name": HEIC, "mimeType": "image/heic", "buffer": bytes(2_481_152)}]
    )
    chip = item.locator(_chip_of(HEIC))
    chip.wait_for()
    return chip


def _uploader_heard(page) -> list[tuple[str, str]]:
    return heard(page, ".st-key-item_storefront_photo [data-testid='stFileUploader']")


def _english(names: list[tuple[str, str]]) -> list[str]:
    return [name for _, name in names if any(word in name for word in ENGLISH)]


def test_a_photo_over_the_limit_is_refused_in_finnish(app: App, phone, shoot) -> None:
    db = Database(app.database_url)
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)  # works in Finnish
    visit_id, item = _open_audit(phone, db, "shopper1")
    chip = _refused(item)
    name = chip.locator("[data-testid='stFileChipName']")
    said = t("upload_too_large", "fi", name=NAME, mb=LIMIT_MB)
    assert said == f"Kuvaa {NAME} ei lähetetty: kuva saa olla enintään {LIMIT_MB} Mt."
    assert _pseudo(name) == json.dumps(said, ensure_ascii=False), "whole name, Finnish words"
    assert name.evaluate("(e) => getComputedStyle(e).fontSize") == "0px", "not the short name"
    # A screen reader reads the same Finnish words, not the shortened name, and the alert it
    # announces as the chip appears says them too.
    read = [
        text for role, text in heard(phone, "[data-testid='stFileChip']") if role == "StaticText"
    ]
    assert said in read, read
    assert not [text for text in read if "..." in text], read
    assert chip.locator("[role='alert']").text_content() == said
    names = _uploader_heard(phone)
    assert ("button", t("upload_button", "fi")) in names, "Add files: the word the eye sees"
    assert ("button", t("upload_remove", "fi", name=NAME)) in names
    assert ("generic", f"{NAME}, 15,7\u00a0Mt") in names
    assert _english(names) == [], names
    assert item.locator("[data-testid='stFileChipName'] + div").text_content() == "15,7\u00a0Mt"
    shoot(phone, "photo-too-large", ".st-key-item_storefront_photo")

    chip.hover()  # a laptop's pointer; Streamlit's tooltip has its English reason
    tip = phone.locator("[data-testid='stTooltipErrorContent']")
    tip.wait_for()
    assert tooltip_words(phone, tip) == f"Kuvaa ei lähetetty: kuva saa olla enintään {LIMIT_MB} Mt."
    shoot(phone, "photo-too-large-tooltip", ".st-key-item_storefront_photo")
    with db.session() as s:
        audit_id = s.scalar(select(Audit.id).where(Audit.visit_id == visit_id))
        photos = s.scalar(select(func.count()).where(Photo.audit_id == audit_id))
    assert photos == 0, "never sent"
    db.dispose()


def test_a_photo_of_another_type_is_refused_for_its_type_in_finnish(app: App, phone, shoot) -> None:
    """An iPhone's HEIC photo is not one the uploader takes: its chip says so, not the limit."""
    db = Database(app.database_url)
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)  # works in Finnish
    _, item = _open_audit(phone, db, "shopper1")
    chip = _heic(item)
    types = t("upload_photo_types", "fi")
    said = t("upload_wrong_type", "fi", name=HEIC, types=types)
    assert said == f"Kuvaa {HEIC} ei lähetetty: vain JPG, PNG tai WebP."
    assert _pseudo(chip.locator("[data-testid='stFileChipName']")) == json.dumps(
        said, ensure_ascii=False
    )
    assert chip.locator("[role='alert']").text_content() == said
    read = [
        text for role, text in heard(phone, "[data-testid='stFileChip']") if role == "StaticText"
    ]
    assert said in read, read
    shoot(phone, "photo-wrong-type", ".st-key-item_storefront_photo")
    chip.hover()
    tip = phone.locator("[data-testid='stTooltipErrorContent']")
    tip.wait_for()
    assert tooltip_words(phone, tip) == "Kuvaa ei lähetetty: vain JPG, PNG tai WebP."
    phone.wait_for_timeout(400)  # the tooltip's fade-in, for the picture
    shoot(phone, "photo-wrong-type-tooltip", ".st-key-item_storefront_photo")
    db.dispose()


def test_a_photo_whose_sending_failed_says_so_and_how_to_send_it_again(
    app: App, phone, shoot
) -> None:
    """The shopper's weak signal: the photo's request fails on its way (Streamlit's English:
    "AxiosError: Network Error"), and its chip says the connection failed, not the limit;
    removed and picked again once the signal is back, the photo is sent."""
    db = Database(app.database_url)
    sign_in(phone, app, "shopper1", DEMO_PASSWORD)  # works in Finnish
    visit_id, item = _open_audit(phone, db, "shopper1")
    phone.route("**/_stcore/upload_file/**", lambda route: route.abort())  # the signal is lost
    item.locator("input[type='file']").set_input_files(
        files=[{"name": "storefront.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    chip = item.locator("[data-testid='stFileChip'][aria-invalid='true']")
    chip.wait_for()
    failed = t("upload_failed", "fi", name="storefront.jpg")
    assert failed == (
        "Kuvaa storefront.jpg ei lähetetty: yhteys katkesi. Poista se ja valitse kuva uudelleen."
    )
    assert _pseudo(chip.locator("[data-testid='stFileChipName']")) == json.dumps(
        failed, ensure_ascii=False
    )
    assert chip.locator("[role='alert']").text_content() == failed
    read = [
        text for role, text in heard(phone, "[data-testid='stFileChip']") if role == "StaticText"
    ]
    assert failed in read, read
    assert _english(_uploader_heard(phone)) == []
    shoot(phone, "photo-failed-on-the-way", ".st-key-item_storefront_photo")
    chip.hover()
    tip = phone.locator("[data-testid='stTooltipErrorContent']")
    tip.wait_for()
    assert tooltip_words(phone, tip) == (
        "Kuvaa ei lähetetty: yhteys katkesi. Poista se ja valitse kuva uudelleen."
    )
    phone.wait_for_timeout(400)  # the tooltip's fade-in, for the picture
    shoot(phone, "photo-failed-tooltip", ".st-key-item_storefront_photo")

    phone.unroute("**/_stcore/upload_file/**")  # the signal is back: what the chip says works
    item.get_by_role(
        "button", name=t("upload_remove", "fi", name="storefront.jpg"), exact=True
    ).tap()
    chip.wait_for(state="detached")
    item.locator("input[type='file']").set_input_files(
        files=[{"name": "storefront.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    item.locator("[data-testid='stImage']").wait_for()
    idle(phone)
    with db.session() as s:
        audit_id = s.scalar(select(Audit.id).where(Audit.visit_id == visit_id))
        photos = s.scalar(select(func.count()).where(Photo.audit_id == audit_id))
    assert photos == 1, "sent when picked again"
    shoot(phone, "photo-sent-when-picked-again", ".st-key-item_storefront_photo")
    db.dispose()


def test_an_english_shopper_keeps_streamlits_words_and_in_finnish_hears_ours(
    app: App, phone, shoot
) -> None:
    db = Database(app.database_url)
    sign_in(phone, app, "shopper3", DEMO_PASSWORD)  # works in English
    visit_id, item = _open_audit(phone, db, "shopper3")
    chip = _refused(item)
    names = _uploader_heard(phone)
    assert {("button", "Add files"), ("button", f"Remove {NAME}")} <= set(names), names
    assert ("generic", f"{NAME}, 15.7MB") in names
    assert chip.locator("[role='alert']").text_content() == (
        "Error: File must be 15.0MB or smaller."
    )
    heic = _heic(item)
    assert heic.locator("[role='alert']").text_content() == (
        "Error: image/heic files are not allowed."
    )
    assert _pseudo(heic.locator("[data-testid='stFileChipName']")) == "none"
    phone.route("**/_stcore/upload_file/**", lambda route: route.abort())
    item.locator("input[type='file']").set_input_files(
        files=[{"name": "storefront.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    failed = item.locator(_chip_of("storefront.jpg"))
    failed.wait_for()
    assert failed.locator("[role='alert']").text_content() == "Error: AxiosError: Network Error"
    assert _pseudo(failed.locator("[data-testid='stFileChipName']")) == "none"
    phone.unroute("**/_stcore/upload_file/**")
    shoot(phone, "english-refused", ".st-key-item_storefront_photo")

    phone.goto(app.url)
    idle(phone)
    phone.locator(".st-key-user_lang button").filter(has_text="Suomi").tap()
    idle(phone)
    phone.locator(f".st-key-open_{visit_id} button").tap()
    idle(phone)
    item.locator("input[type='file']").wait_for(state="attached")
    assert _english(_uploader_heard(phone)) == []
    held = []
    phone.route("**/_stcore/upload_file/**", lambda route: held.append(route))  # kept on its way
    item.locator("input[type='file']").set_input_files(
        files=[{"name": "storefront.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    cancel = t("upload_cancel", "fi", name="storefront.jpg")
    item.get_by_role("button", name=cancel, exact=True).wait_for()
    names = _uploader_heard(phone)
    assert ("button", t("upload_button", "fi")) in names and _english(names) == [], names
    shoot(phone, "finnish-sending", ".st-key-item_storefront_photo")
    held[0].continue_()
    phone.unroute("**/_stcore/upload_file/**")
    item.locator("[data-testid='stImage']").wait_for()
    idle(phone)
    with db.session() as s:
        audit_id = s.scalar(select(Audit.id).where(Audit.visit_id == visit_id))
        photos = s.scalar(select(func.count()).where(Photo.audit_id == audit_id))
    assert photos == 1, "sent once let through"
    shoot(phone, "finnish-sent", ".st-key-item_storefront_photo")
    db.dispose()
