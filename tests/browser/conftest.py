"""A real `streamlit run` on a free localhost port, and headless Debian Chromium (Playwright)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class App:
    url: str
    data_dir: Path
    script: str = "streamlit_app.py"
    process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "AUDITS_DATA_DIR": str(self.data_dir),
            "AUDITS_DEMO": "1",
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        }
        env.pop("DATABASE_URL", None)
        port = self.url.rsplit(":", 1)[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.script, "--server.port", port]
            + ["--server.headless", "true", "--server.address", "127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        pytest.fail("streamlit did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'audits.db'}"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    """The app on its embedded defaults (SQLite, demo data) in a fresh data folder."""
    server = App(f"http://127.0.0.1:{free_port()}", tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def chromium() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium, app: App):
    """A phone-sized touch page that has granted the app its location (at the store)."""
    context = chromium.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="fi-FI",
        timezone_id="Europe/Helsinki",
        permissions=["geolocation"],
        geolocation={"latitude": 65.01236, "longitude": 25.46816, "accuracy": 12},
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def idle(page) -> None:
    """Wait until Streamlit has finished its script run."""
    page.wait_for_timeout(250)
    page.wait_for_selector(IDLE, timeout=60_000)


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Callable[[object, str], Path]:
    """Save a numbered screenshot under test-output/<test>/ for a person to look at."""
    folder = OUTPUT / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    count = iter(range(1, 1000))

    def take(page, name: str, show: str | None = None) -> Path:
        """`show`: a selector to scroll into view first (Streamlit scrolls inside the page)."""
        if show:
            page.locator(show).last.scroll_into_view_if_needed()
        path = folder / f"{next(count):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def local_only(target, outside: list[str] | None = None) -> list[str]:
    """Let a page or context reach only this machine; `outside` (or a new list) collects the
    addresses it tried beyond it."""
    outside = [] if outside is None else outside

    def route(request_route) -> None:
        if urlparse(request_route.request.url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    target.route("**/*", route)
    return outside


def sign_in(page, app: App, username: str, password: str) -> None:
    page.goto(app.url)
    idle(page)
    page.locator(".st-key-username input").fill(username)
    page.locator(".st-key-password input").fill(password)
    page.locator(".st-key-password input").press("Enter")
    idle(page)


def heard(page, selector: str) -> list[tuple[str, str]]:
    """What a screen reader gets under the first element matching `selector`: (role, name) of
    each node of Chromium's own accessibility tree (text nodes as ("StaticText", text))."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        [top, *_] = cdp.send("Accessibility.getPartialAXTree", {"nodeId": found})["nodes"]
        nodes = {n["nodeId"]: n for n in cdp.send("Accessibility.getFullAXTree")["nodes"]}
    finally:
        cdp.detach()
    out: list[tuple[str, str]] = []
    todo = [top["nodeId"]]
    while todo:
        node = nodes.get(todo.pop(0))
        if node is None:
            continue
        if not node.get("ignored"):
            out.append((node["role"]["value"], node.get("name", {}).get("value", "")))
        todo.extend(node.get("childIds", []))
    return out


def described(page, selector: str) -> str:
    """The description a screen reader hears of the first element matching `selector`
    (Chromium's accessibility tree: its aria-describedby's text, e.g. an open tooltip's)."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        [node, *_] = cdp.send(
            "Accessibility.getPartialAXTree", {"nodeId": found, "fetchRelatives": False}
        )["nodes"]
    finally:
        cdp.detach()
    return node.get("description", {}).get("value", "")


# The hover target of the chip whose tooltip is open: only that one is described by it.
OPEN_TOOLTIP = "[data-testid='stTooltipErrorHoverTarget'][aria-describedby]"


def tooltip_words(page, tip) -> str:
    """The words of an open red chip's tooltip `tip`, once it is checked that the eye sees
    them as its own text (none drawn over hidden words) and a screen reader hears them, and
    nothing else, as the chip's description."""
    words = tip.inner_text()
    assert described(page, OPEN_TOOLTIP) == words
    assert tip.evaluate("(e) => getComputedStyle(e, '::after').content") == "none"
    assert tip.evaluate("(e) => getComputedStyle(e).fontSize") != "0px"
    return words
