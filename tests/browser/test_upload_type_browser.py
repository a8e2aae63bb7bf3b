"""A file of a type the uploader does not take, on a Finnish manager's laptop in real Chromium:
the browser refuses it before sending (Streamlit's English: "application/pdf files are not
allowed."), and its red chip, the chip's tooltip and the alert a screen reader announces say
so in Finnish, naming the file and the types the uploader takes, where they said the size
limit before. A file over the limit beside it still reads the limit."""

from __future__ import annotations

import json

import pytest

from audits.demo import DEMO_PASSWORD
from audits.i18n import t
from tests.browser.conftest import App, heard, idle, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DESKTOP = {"width": 1400, "height": 900}
UPLOADER = ".st-key-store_file"
TYPES = "CSV, TXT, XLSX tai XLSM"  # what the store import says it takes (manager_stores)
LIMIT_MB = 15  # server.maxUploadSize in .streamlit/config.toml
PDF = "kauppalista_syksy_2026.pdf"
BIG = "kauppalista_koko_maa.csv"


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


def _after(locator) -> str:
    """The words a pseudo-element shows after `locator`'s own (hidden) text."""
    assert locator.evaluate("(e) => getComputedStyle(e).fontSize") == "0px", "not the English"
    return json.loads(locator.evaluate("(e) => getComputedStyle(e, '::after').content"))


def _tooltip(page, chip) -> str:
    """What the eye reads in the tooltip of `chip` under a laptop's pointer."""
    page.mouse.move(0, 0)
    tip = page.locator("[data-testid='stTooltipErrorContent']")
    tip.wait_for(state="detached")
    chip.hover()
    tip.wait_for()
    page.wait_for_timeout(400)  # its fade-in, for the picture
    return _after(tip)


def _read(page, selector: str) -> list[str]:
    """The texts a screen reader reads in the element of `selector`."""
    return [text for role, text in heard(page, selector) if role == "StaticText"]


def test_a_file_of_the_wrong_type_is_refused_for_its_type_in_finnish(
    app: App, chromium, shoot
) -> None:
    page = chromium.new_context(viewport=DESKTOP, locale="fi-FI").new_page()
    page.set_default_timeout(60_000)
    sign_in(page, app, "manager", DEMO_PASSWORD)  # works in Finnish
    page.goto(f"{app.url}/stores")
    idle(page)
    page.get_by_role("tab", name=t("m_import", "fi")).click()
    idle(page)
    pdf, chip = _refuse(page, PDF, "application/pdf", 48_213)
    wrong_type = t("upload_file_wrong_type", "fi", name=PDF, types=TYPES)
    assert wrong_type == f"Tiedostoa {PDF} ei lähetetty: vain {TYPES}."
    assert _after(chip.locator("[data-testid='stFileChipName']")) == wrong_type
    assert chip.locator("[role='alert']").text_content() == wrong_type
    assert wrong_type in _read(page, pdf)

    big, large = _refuse(page, BIG, "text/csv", LIMIT_MB * 1024 * 1024 + 1)
    too_large = t("upload_file_not_sent", "fi", name=BIG, mb=LIMIT_MB)
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
