"""Tap-to-saved latency of the audit page on a phone, beside Streamlit's own floor.

    python bench/app_latency.py [--taps 50]

Starts the app (fresh demo data, SQLite) and a one-radio-button Streamlit page, drives both in
headless Chromium at 390×844 with touch, and times each tap until the script run that it
started has finished (for the audit page that run has stored the answer). The two pages take
turns in blocks of ten taps, so both see the machine in the same state. Prints median and
p95 of both and their ratio, and for each where the wait goes (touch to request sent, to the
server's first reply, to the run finished); then checks the database holds the last answer of
every item tapped. Target: median within 1.5× of the floor.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import select  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from audits.db import Database  # noqa: E402
from audits.demo import DEMO_PASSWORD  # noqa: E402
from audits.i18n import t  # noqa: E402
from audits.models import Answer  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    App,
    free_port,
    idle,
)

FLOOR_APP = """
import streamlit as st
st.radio("Answer", ["Yes", "No"], key="answer", horizontal=True)
"""
ITEMS = ["parking_easy", "cars_clean", "prices_visible"]  # yes/no items of the first section


# In the page: when the finger touched the screen, when the rerun request went out, and every
# websocket message with its arrival.
RECORDER = """
window.__messages = [];
window.__touched = null;
window.__sent = null;
document.addEventListener("touchstart", () => { window.__touched = performance.now(); },
                          { capture: true });
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(...args) {
    super(...args);
    const send = this.send.bind(this);
    this.send = (data) => {
      if (window.__sent === null) window.__sent = performance.now();
      return send(data);
    };
    this.addEventListener("message", (event) => {
      const at = performance.now();
      if (event.data instanceof ArrayBuffer) window.__messages.push([at, event.data]);
    });
  }
};
"""
SINCE_TOUCH = """() => window.__messages
  .filter(([at]) => window.__touched !== null && at >= window.__touched)
  .map(([at, data]) => [at - window.__touched, Array.from(new Uint8Array(data))])"""
SENT = "() => window.__sent === null ? null : window.__sent - window.__touched"


@dataclass(frozen=True)
class Tap:
    """Milliseconds from the touch: request sent, the server's first reply, the run finished."""

    sent: float
    first_reply: float
    finished: float


MISSED = Tap(math.nan, math.nan, math.nan)


class ScriptRuns:
    """Times from a touch to the server's word that the run it started has finished.

    Both ends are taken in the page (touchstart and the websocket message), so the figure is
    what the shopper waits, without Playwright's own checks before it taps. The page's running
    attribute is no use for the floor: React merges the start and end of a quick run into one
    render, so the attribute never changes.
    """

    def __init__(self, page) -> None:
        page.add_init_script(RECORDER)

    def timed_tap(self, page, locator) -> Tap:
        """When the tap's request went out and its run's replies came (NaN after 15 s)."""
        page.wait_for_timeout(300)  # a person reads before the next tap; lets the page settle
        page.evaluate(
            "() => { window.__messages = []; window.__touched = null; window.__sent = null; }"
        )
        locator.tap()
        # The arrival times are taken in the page, so reading them late costs nothing; reading
        # them every few ms while the run is under way would load the two CPUs it is timed on.
        page.wait_for_timeout(150)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            messages = page.evaluate(SINCE_TOUCH)
            for at, data in messages:
                message = ForwardMsg()
                message.ParseFromString(bytes(data))
                if message.WhichOneof("type") == "script_finished":
                    return Tap(page.evaluate(SENT) or math.nan, messages[0][0], at)
            page.wait_for_timeout(20)
        return MISSED


BLOCK = 10  # taps on one page before the other page's turn


def phone_page(browser) -> tuple[object, ScriptRuns]:
    """A page at phone size with touch, in its own context, recording its messages."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page, ScriptRuns(page)


def open_audit(page, app: App) -> int:
    """Sign in as the demo shopper and start their first new audit; returns its id."""
    page.goto(app.url)
    idle(page)
    page.locator(".st-key-username input").fill("shopper3")
    page.locator(".st-key-password input").fill(DEMO_PASSWORD)
    page.locator(".st-key-password input").press("Enter")
    idle(page)
    # The first visit not started yet: today's is half made and opens on a later section.
    start = page.locator("[class*='st-key-open_'] button:visible", has_text=t("start", "en"))
    start.first.tap()
    idle(page)
    page.locator(f".st-key-item_{ITEMS[0]}").wait_for()
    return int(page.url.rsplit("audit=", 1)[1].split("&")[0])


def audit_taps(page, runs: ScriptRuns, first: int, taps: int, last: dict[str, str]) -> list[Tap]:
    """Taps number first… of the audit page's run; `last` gets each item's latest answer."""
    times = []
    for n in range(first, first + taps):
        item, answer = ITEMS[n % len(ITEMS)], ("Yes", "No")[(n // len(ITEMS)) % 2]
        button = page.locator(
            f".st-key-item_{item} button[data-variant='segmented_control']"
        ).filter(has_text=answer)
        times.append(runs.timed_tap(page, button.first))
        last[item] = answer.lower()
    return times


def floor_taps(page, runs: ScriptRuns, first: int, taps: int) -> list[Tap]:
    times = []
    for n in range(first, first + taps):
        option = page.locator("[role='radiogroup'] label").nth((n + 1) % 2)
        times.append(runs.timed_tap(page, option))
    return times


def in_turns(
    audit_page: tuple[object, ScriptRuns], floor_page: tuple[object, ScriptRuns], taps: int
) -> tuple[list[Tap], list[Tap], dict[str, str]]:
    """Both pages' taps in alternating blocks, each page first in every other round."""
    audit, floor, last = [], [], {}
    for start in range(0, taps, BLOCK):
        size = min(BLOCK, taps - start)
        floor_first = start // BLOCK % 2 == 1
        if floor_first:
            floor += floor_taps(*floor_page, start, size)
        audit += audit_taps(*audit_page, start, size, last)
        if not floor_first:
            floor += floor_taps(*floor_page, start, size)
    return audit, floor, last


def summary(name: str, taps: list[Tap]) -> tuple[float, float]:
    done = [tap for tap in taps if not math.isnan(tap.finished)]
    if len(done) < len(taps):
        missed = len(taps) - len(done)
        print(f"  {name}: {missed} taps started no script run within 15 s (left out)")
    times = [tap.finished for tap in done]
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[18]
    print(f"  {name:<28} median {median:6.0f} ms   p95 {p95:6.0f} ms   (n={len(times)})")
    # Where the wait goes: the browser before the request, then the server's reply and the run
    # (the browser re-renders the page for each message, so this part grows with the page).
    sent = statistics.median(tap.sent for tap in done)
    first = statistics.median(tap.first_reply for tap in done)
    print(
        f"  {'':<28} touch → request sent {sent:4.0f} ms, → first reply {first:4.0f} ms, "
        f"→ run finished {median:4.0f} ms (medians)"
    )
    return median, p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        app = App(f"http://127.0.0.1:{free_port()}", data_dir)
        floor_script = Path(tmp) / "floor.py"
        floor_script.write_text(FLOOR_APP)
        floor = App(f"http://127.0.0.1:{free_port()}", data_dir, script=str(floor_script))
        app.start()
        floor.start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                audit_page, floor_page = phone_page(browser), phone_page(browser)
                audit_id = open_audit(audit_page[0], app)
                floor_page[0].goto(floor.url)
                idle(floor_page[0])
                floor_taps(*floor_page, 0, 4)  # warm-up, not counted; leaves "Yes" chosen
                audit, base, last = in_turns(audit_page, floor_page, args.taps)
                browser.close()
        finally:
            app.stop()
            floor.stop()
        db = Database(app.database_url)
        with db.session() as s:
            stored = {
                a.item_id: a.value
                for a in s.scalars(select(Answer).where(Answer.audit_id == audit_id))
            }
        db.dispose()
    print(f"Tap → script run finished, headless Chromium {PHONE['width']}×{PHONE['height']}")
    median, _ = summary("audit page (answer stored)", audit)
    floor_median, _ = summary("one-radio Streamlit page", base)
    print(f"  ratio of medians: {median / floor_median:.2f}× (target ≤ 1.5×)")
    lost = {k: v for k, v in last.items() if stored.get(k) != v}
    print(f"  answers checked in the database: {len(last)}, wrong or missing: {len(lost)}")
    if lost:
        raise SystemExit(f"answers not stored: {lost}")


if __name__ == "__main__":
    main()
