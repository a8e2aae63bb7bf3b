"""A file of a type the uploader does not take, on a Finnish manager's laptop in real Chromium:
the browser refuses it before sending (Streamlit's English: "application/pdf files are not
allowed."), and its red chip, the chip's tooltip and the alert a screen reader announces say
so in Finnish, naming the file and the types the uploader takes, where they said the size
limit before. A file over the limit beside it still reads the limit; a second file dropped on
an uploader of one file ("Only one file is allowed.") says only one is taken at a time, and a
file whose sending failed on the way says the connection failed and how to send it again."""

from __future__ import annotations

import json

import pytest

from audits.demo import DEMO_PASSWORD
from audits.i18n import t
from tests.browser.conftest import App, heard, idle, sign_in, tooltip_words

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DESKTOP = {"width": 1400, "height": 900}
UPLOADER = ".st-key-store_file"
TYPES = "CSV, TXT, XLSX tai XLSM"  # what the store import says it takes (manager_stores)
LIMIT_MB = 15  # server.maxUploadSize in .streamlit/config.toml
PDF = "kauppalista_syksy_2026.pdf"
BIG = "kauppalista_koko_maa.csv"
HEADLESS = "kauppalista_ilman_otsikkoa.csv"
SECOND = "kauppalista_lappi.csv"


def _chip_of(name: str) -> str:
    """The selector of the red chip of the file `name`."""
    return f"{UPLOADER} [data-testid='stFileChip'][aria-invalid='true']:has([title='{name}'])"


def _refuse(page, name: str, mime: str, size: int) -> tuple[str, object]:
    page.locator(f"{UPLOADER} input[type='file']").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": bytes(size)}]
    )
    chip = page.locator(_chip_of(name))
    chip.wait_for()
    return _chip_of(name), chip


def _drop(page, files: dict[str, str]) -> None:
    """Files (name: text) dragged from a folder and dropped on the uploader together. (The
    file input of an uploader of one file takes one: Chromium refuses to set it two.)"""
    dropped = page.evaluate_handle(
        """(files) => {
            const dropped = new DataTransfer();
            for (const [name, text] of Object.entries(files)) {
                dropped.items.add(new File([text], name, { type: "text/csv" }));
            }
            return dropped;
        }""",
        files,
    )
    zone = page.locator(f"{UPLOADER} [data-testid='stFileUploaderDropzone']")
    for event in ("dragenter", "dragover", "drop"):
        zone.dispatch_event(event, {"dataTransfer": dropped})


def _after(locator) -> str:
    """The words a pseudo-element shows after `locator`'s own (hidden) text."""
    assert locator.evaluate("(e) => getComputedStyle(e).fontSize") == "0px", "not the English"
    return json.loads(locator.evaluate("(e) => getComputedStyle(e, '::after').content"))


def _tooltip(page, chip) -> str:
    """What the eye reads in the tooltip of `chip` under a laptop's pointer, which a screen
    reader hears as the chip's description: the same words, and no English."""
    page.mouse.move(0, 0)
    tip = page.locator("[data-testid='stTooltipErrorContent']")
    tip.wait_for(state="detached")
    chip.hover()
    tip.wait_for()
    page.wait_for_timeout(400)  # its fade-in, for the picture
    return tooltip_words(page, tip)


def _read(page, selector: str) -> list[str]:
    """The texts a screen reader reads in the element of `selector`."""
    return [text for role, text in heard(page, selector) if role == "StaticText"]


def _store_import(chromium, app: App):
    """The Finnish manager's store import, on a laptop."""
    page = chromium.new_context(viewport=DESKTOP, locale="fi-FI").new_page()
    page.set_default_timeout(60_000)
    sign_in(page, app, "manager", DEMO_PASSWORD)  # works in Finnish
    page.goto(f"{app.url}/stores")
    idle(page)
    page.get_by_role("tab", name=t("m_import", "fi")).click()
    idle(page)
    return page


def test_a_file_of_the_wrong_type_is_refused_for_its_type_in_finnish(
    app: App, chromium, shoot
) -> None:
    page = _store_import(chromium, app)
    pdf, chip = _refuse(page, PDF, "application/pdf", 48_213)
    wrong_type = t("upload_file_wrong_type", "fi", name=PDF, types=TYPES)
    assert wrong_type == f"Tiedostoa {PDF} ei lähetetty: vain {TYPES}."
    assert _after(chip.locator("[data-testid='stFileChipName']")) == wrong_type
    assert chip.locator("[role='alert']").text_content() == wrong_type
    assert wrong_type in _read(page, pdf)

    big, large = _refuse(page, BIG, "text/csv", LIMIT_MB * 1024 * 1024 + 1)
    too_large = t("upload_file_too_large", "fi", name=BIG, mb=LIMIT_MB)
    assert _after(large.locator("[data-testid='stFileChipName']")) == too_large
    assert large.locator("[role='alert']").text_content() == too_large
    assert too_large in _read(page, big)
    assert _after(chip.locator("[data-testid='stFileChipName']")) == wrong_type, "each its own"
    shoot(page, "wrong-type-and-too-large", UPLOADER)

    # The tooltip has no room for the file's name.
    assert _tooltip(page, chip) == f"Tiedostoa ei lähetetty: vain {TYPES}."
    shoot(page, "wrong-type-tooltip", UPLOADER)
    assert (
        _tooltip(page, large)
        == f"Tiedostoa ei lähetetty: tiedosto saa olla enintään {LIMIT_MB} Mt."
    )
    shoot(page, "too-large-tooltip", UPLOADER)
    page.context.close()


def test_a_second_file_and_a_file_lost_on_its_way_say_why_in_finnish(
    app: App, chromium, shoot
) -> None:
    page = _store_import(chromium, app)
    rows = b"AM-900;Aurora Motors Kemi;65,7;24,5\n"  # no header row: a problem of the file's
    _drop(page, {HEADLESS: rows.decode(), SECOND: rows.decode()})
    chip = page.locator(_chip_of(SECOND))
    chip.wait_for()
    one = t("upload_file_one", "fi", name=SECOND)
    assert one == f"Tiedostoa {SECOND} ei lähetetty: vain yksi tiedosto kerrallaan."
    assert _after(chip.locator("[data-testid='stFileChipName']")) == one
    assert chip.locator("[role='alert']").text_content() == one
    assert one in _read(page, _chip_of(SECOND))
    page.get_by_role("tabpanel").locator("[data-testid='stDataFrame']").wait_for()  # its problem
    idle(page)
    shoot(page, "one-file-at-a-time", UPLOADER)
    assert _tooltip(page, chip) == "Tiedostoa ei lähetetty: vain yksi tiedosto kerrallaan."
    shoot(page, "one-file-tooltip", UPLOADER)
    page.get_by_role("button", name=t("upload_remove", "fi", name=SECOND), exact=True).click()
    chip.wait_for(state="detached")

    page.route("**/_stcore/upload_file/**", lambda route: route.abort())  # the line is lost
    page.locator(f"{UPLOADER} input[type='file']").set_input_files(
        files=[{"name": SECOND, "mimeType": "text/csv", "buffer": rows}]
    )
    chip.wait_for()
    failed = t("upload_file_failed", "fi", name=SECOND)
    assert failed == (
        f"Tiedostoa {SECOND} ei lähetetty: yhteys katkesi. Poista se ja valitse tiedosto uudelleen."
    )
    assert _after(chip.locator("[data-testid='stFileChipName']")) == failed
    assert chip.locator("[role='alert']").text_content() == failed
    assert failed in _read(page, _chip_of(SECOND))
    assert _tooltip(page, chip) == (
        "Tiedostoa ei lähetetty: yhteys katkesi. Poista se ja valitse tiedosto uudelleen."
    )
    shoot(page, "failed-tooltip", UPLOADER)
    page.unroute("**/_stcore/upload_file/**")
    page.context.close()
