"""A manager reviews and approves a submitted audit in real Chromium against `streamlit run`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from audits.db import Database
from audits.demo import DEMO_PASSWORD
from audits.models import Audit

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def manager_app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`streamlit run` on a free localhost port over a fresh demo database."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no system Chromium")
    shutil.copy(ROOT / "data" / "demo_stores.csv", tmp_path)
    port = _free_port()
    env = {
        **os.environ,
        "AUDITS_DATA_DIR": str(tmp_path),
        "AUDITS_DEMO": "1",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url, tmp_path
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _idle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=60_000)


def test_manager_reviews_and_approves_in_chromium(manager_app, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    url, data_dir = manager_app
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1024, "height": 900})
        page.goto(url)
        _idle(page)
        page.locator(".st-key-username input").fill("manager")
        page.locator(".st-key-password input").fill(DEMO_PASSWORD)
        page.locator(".st-key-password input").press("Enter")
        _idle(page)
        first = page.locator("[class*='st-key-review_'] button").first
        first.wait_for(timeout=60_000)
        key = next(
            c
            for c in page.locator("[class*='st-key-review_']").first.get_attribute("class").split()
            if c.startswith("st-key-review_")
        )
        audit_id = int(key.removeprefix("st-key-review_"))
        first.click()
        _idle(page)
        page.locator(".st-key-approve button").wait_for(timeout=60_000)
        page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
        page.locator(".st-key-approve button").click()
        _idle(page)
        page.locator("[class*='st-key-review_']").first.wait_for(timeout=60_000)
        browser.close()
    db = Database(f"sqlite:///{data_dir / 'audits.db'}")
    with db.session() as s:
        assert s.scalar(select(Audit.status).where(Audit.id == audit_id)) == "approved"
    db.dispose()
