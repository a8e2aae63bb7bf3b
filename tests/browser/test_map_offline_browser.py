"""A saved map in real Chromium with no internet: Leaflet loads from our static folder and
Finland's border is drawn. Every request that leaves 127.0.0.1 is refused and recorded."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import folium
import pytest

from audits.mapbase import add_legend, base_map
from tests.browser.conftest import ROOT, local_only

pytestmark = [pytest.mark.browser]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A localhost server laid out like Streamlit's: the project's static/ at /app/static/."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "static").symlink_to(ROOT / "static", target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()
    server.server_close()


def test_saved_map_renders_offline(site, chromium, shoot, monkeypatch) -> None:
    monkeypatch.delenv("AUDITS_MAP_TILES", raising=False)
    url, folder = site
    fmap = base_map((64.9, 26.0), 5)
    folium.Marker(
        [61.4978, 23.7610],
        tooltip="Hotel",
        icon=folium.Icon(color="purple", icon="bed", prefix="fa"),
    ).add_to(fmap)
    folium.CircleMarker(
        [65.0124, 25.4682],
        radius=9,
        fill=True,
        fill_color="#1a9641",
        popup=folium.Popup("<b>Oulu</b>", max_width=200),
    ).add_to(fmap)
    add_legend(fmap, "Score", ["#d7191c", "#ffffbf", "#1a9641"], 40, 100)
    fmap.save(str(folder / "map.html"))

    page = chromium.new_page(viewport={"width": 900, "height": 1000})
    outside = local_only(page)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{url}/map.html")
    page.wait_for_function("() => window.L !== undefined && document.fonts.status === 'loaded'")
    assert page.evaluate("L.version") == "1.9.4"
    # The border: SVG paths in the overlay pane, long ones.
    page.wait_for_selector(".leaflet-overlay-pane svg path")
    lengths = page.evaluate(
        "[...document.querySelectorAll('.leaflet-overlay-pane svg path')]"
        ".map(p => (p.getAttribute('d') || '').length)"
    )
    assert max(lengths) > 1000, lengths
    assert page.locator(".awesome-marker .fa-bed").count() == 1
    assert page.evaluate("document.fonts.check('900 14px \"Font Awesome 6 Free\"')")
    assert page.locator(".audits-legend").inner_text().startswith("Score")
    page.wait_for_timeout(300)
    shoot(page, "offline-map")
    assert outside == [] and failed == [] and errors == [], (outside, failed, errors)


def test_client_map_in_the_app_loads_nothing_from_outside(app, chromium, shoot) -> None:
    """The brand's store map through streamlit-folium: its component loads Leaflet from
    /app/static (Streamlit's static serving) and draws the border and the stores."""
    from audits.demo import DEMO_PASSWORD
    from tests.browser.conftest import idle, sign_in

    page = chromium.new_page(viewport={"width": 1280, "height": 1000})
    page.set_default_timeout(60_000)
    outside = local_only(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, app, "aurora", DEMO_PASSWORD)
    page.locator("a[href$='/map']").first.click()
    idle(page)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").first
    frame.locator(".audits-legend").wait_for()
    paths = frame.locator(".leaflet-overlay-pane svg path")
    assert paths.count() > 10, "the border and the stores"
    page.wait_for_timeout(500)
    shoot(page, "client-map")
    assert outside == [] and errors == [], (outside, errors)
