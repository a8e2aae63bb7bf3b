"""Maps work offline: scripts, styles and tiles come from this machine unless asked otherwise."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import folium
import pandas as pd
import pytest

from audits import mapbase
from audits.mapbase import ASSET_URL, add_legend, base_map, finland_outline, tile_mode

ROOT = Path(__file__).resolve().parents[1]
TILE_URL = re.compile(r"L\.tileLayer\(\s*\"([^\"]+)\"")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.scripts.append(found["src"] or "")
        if tag == "link" and found.get("rel") == "stylesheet":
            self.styles.append(found.get("href") or "")


def links(fmap: folium.Map) -> tuple[list[str], list[str], list[str]]:
    """Script sources, style sheets and tile URLs of a map's rendered HTML."""
    html = fmap.get_root().render()
    parser = _Links()
    parser.feed(html)
    return parser.scripts, parser.styles, TILE_URL.findall(html)


def assert_offline(fmap: folium.Map) -> None:
    scripts, styles, tiles = links(fmap)
    assert scripts and styles, "the map loads Leaflet from somewhere"
    assert tiles == []
    for url in scripts + styles:
        assert not re.match(r"(https?:)?//", url), url
        assert url.startswith(ASSET_URL + "/"), url
        local = ROOT / "static" / url.removeprefix("/app/static/")
        assert local.is_file(), f"{url} is not vendored under static/"


def test_base_map_loads_nothing_from_the_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDITS_MAP_TILES", raising=False)
    fmap = base_map((64.9, 26.0), 5)
    assert_offline(fmap)
    html = fmap.get_root().render()
    assert "http://" not in html and "https://" not in html
    assert "/app/static/vendor/leaflet/leaflet.js" in html
    assert "Natural Earth" in html, "the border's source is credited"


def test_the_scale_bar_is_in_kilometres_only() -> None:
    html = base_map((64.9, 26.0), 5).get_root().render()
    assert html.count("L.control.scale(") == 1
    assert "L.control.scale({imperial: false})" in html, "no miles on a Finnish map"
    assert (
        "L.control.scale(" not in base_map((64.9, 26.0), 5, control_scale=False).get_root().render()
    )


def test_every_vendored_file_has_its_licence() -> None:
    for path in mapbase.asset_paths():
        assert path.is_file(), path
    for folder in ("leaflet", "jquery", "leaflet-awesome-markers", "fontawesome"):
        licence = [
            p for p in (ROOT / "static" / "vendor" / folder).iterdir() if "LICENSE" in p.name
        ]
        assert licence, f"{folder} ships without its licence"
    css = (ROOT / "static/vendor/fontawesome/css/all.min.css").read_text(encoding="utf-8")
    for font in re.findall(r"url\(\.\./webfonts/([^)]+\.woff2)\)", css):
        assert (ROOT / "static/vendor/fontawesome/webfonts" / font).is_file(), font


def test_osm_tiles_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITS_MAP_TILES", "osm")
    scripts, styles, tiles = links(base_map((60.2, 24.9), 8))
    assert tiles == ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]
    assert all(u.startswith(ASSET_URL) for u in scripts + styles), "scripts stay local"
    assert tile_mode("OFFLINE") == "offline"
    with pytest.raises(ValueError, match="AUDITS_MAP_TILES"):
        tile_mode("google")


def test_finland_outline_is_finland() -> None:
    outline = finland_outline()
    (feature,) = outline["features"]
    assert "Natural Earth" in feature["properties"]["source"]
    points = [p for polygon in feature["geometry"]["coordinates"] for r in polygon for p in r]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    # Hanko to Nuorgam, Åland to Ilomantsi.
    assert 59.7 < min(lats) < 59.9 and 70.0 < max(lats) < 70.2
    assert 19.0 < min(lons) < 20.7 and 31.4 < max(lons) < 31.7
    assert len(points) > 1000


def test_legend_is_plain_html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDITS_MAP_TILES", raising=False)
    fmap = base_map((64.9, 26.0), 5)
    add_legend(fmap, "Score <b>", ["#d7191c", "#1a9641"], 40, 100)
    html = fmap.get_root().render()
    assert "Score <b>" not in html, "the caption is escaped"
    assert "Score \\u0026lt;b\\u0026gt;" in html and "linear-gradient" in html
    assert_offline(fmap)


def test_client_and_tour_maps_are_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    from audits.geo import geocode
    from audits.routing import Store, TourRequest, plan_tour
    from audits.tour_export import tour_map
    from audits.ui.client_map import build_map

    monkeypatch.delenv("AUDITS_MAP_TILES", raising=False)
    stores = pd.DataFrame(
        {
            "name": ["A <One>", "B Two"],
            "city": ["Oulu", "Porvoo"],
            "lat": [65.01, 60.39],
            "lon": [25.47, 25.66],
            "score": [81.5, 47.0],
            "rank": [1, 2],
        }
    )
    assert_offline(build_map(stores, "en"))
    home = geocode("Helsinki")
    towns = ["Tampere", "Lahti"]
    visits = tuple(
        Store(f"S{i}", f"Dealer {t}", p.lat, p.lon, "Mo-Fr 09:00-17:00", f"Katu {i}", t)
        for i, t in enumerate(towns)
        for p in [geocode(t)]
    )
    plan = plan_tour(TourRequest(home, dt.date(2026, 11, 2), visits))
    assert_offline(tour_map(plan, "fi"))


def _view(fmap: folium.Map) -> tuple[list[float], float, list[str]]:
    """The centre and zoom the map opens at, and the boxes it is fitted to, from its HTML."""
    html = fmap.get_root().render()
    centre = re.search(r"center: \[([-\d.]+), ([-\d.]+)\]", html)
    zoom = re.search(r'"zoom": ([-\w.]+)', html)
    assert centre and zoom, "the map opens somewhere"
    fits = re.findall(r"fitBounds\(\s*(\[\[.*?\]\])", html, flags=re.S)
    return [float(centre[1]), float(centre[2])], float(zoom[1]), fits


def test_one_point_is_centred_at_a_towns_zoom_instead_of_fitting_an_empty_box() -> None:
    fmap = base_map((64.9, 26.0), 5)
    mapbase.fit_points(fmap, [(60.39, 25.66)], padding=(20, 20))
    centre, zoom, fits = _view(fmap)
    assert centre == [60.39, 25.66]
    assert zoom == mapbase.PLACE_ZOOM and 8 <= zoom <= 14
    assert fits == [], "a box of no size would give Leaflet an infinite zoom and a blank map"


def test_points_at_one_place_are_one_place_and_unlocated_ones_are_left_out() -> None:
    fmap = base_map((64.9, 26.0), 5)
    mapbase.fit_points(fmap, [(65.0100, 25.4700), (65.0110, 25.4720), (float("nan"), 25.0)])
    centre, zoom, fits = _view(fmap)
    assert centre == pytest.approx([65.0105, 25.471]) and zoom == mapbase.PLACE_ZOOM
    assert fits == []


def test_points_apart_are_fitted_with_a_zoom_limit() -> None:
    fmap = base_map((64.9, 26.0), 5)
    mapbase.fit_points(fmap, [(65.01, 25.47), (60.39, 25.66)], padding=(20, 20))
    centre, zoom, fits = _view(fmap)
    assert (centre, zoom) == ([64.9, 26.0], 5), "the fitted box decides where it opens"
    assert fits == ["[[60.39, 25.47], [65.01, 25.66]]"]
    assert '"maxZoom": 12' in fmap.get_root().render()


def test_no_points_keep_the_map_as_it_was() -> None:
    fmap = base_map((64.9, 26.0), 5)
    mapbase.fit_points(fmap, [])
    assert _view(fmap) == ([64.9, 26.0], 5, [])


def test_a_client_map_of_one_store_opens_on_the_store() -> None:
    from audits.ui.client_map import build_map

    store = pd.DataFrame(
        {"name": ["Dealer"], "city": ["Espoo"], "lat": [60.2055], "lon": [24.6559]}
    ).assign(score=[72.5], rank=[25])
    centre, zoom, fits = _view(build_map(store, "fi"))
    assert centre == [60.2055, 24.6559] and zoom == mapbase.PLACE_ZOOM and fits == []


def test_the_placing_map_names_towns_shows_stores_and_opens_on_the_town(monkeypatch) -> None:
    monkeypatch.delenv("AUDITS_MAP_TILES", raising=False)
    raahe = (64.68333, 24.48333)
    fmap = mapbase.placing_map([raahe], [(65.01, 25.47, "AM-001 · Oulu `${x}` <b>")])
    assert_offline(fmap)
    html = fmap.get_root().render()
    [fit] = [c for c in fmap._children.values() if isinstance(c, folium.map.FitBounds)]
    [(south, west), (north, east)] = fit.bounds
    assert south < raahe[0] < north and west < raahe[1] < east
    assert 20 < (north - south) * 110.57 < 30, "the town and the villages around it"
    towns = re.search(r"var towns = (\[.*?\]);", html, re.S)
    assert towns is not None
    names = {name: zoom for name, _lat, _lon, zoom in json.loads(towns.group(1))}
    assert names["Raahe"] <= 7 and names["Helsinki"] == 4
    assert "AM-001 · Oulu &#96;&#36;{x}&#96; &lt;b&gt;" in html, "a tooltip is plain text"
    assert html.count('"className": "audits-store"') == 1, "one dot a store"


def test_a_placing_map_of_several_stores_fits_them_all() -> None:
    fmap = mapbase.placing_map([(60.17, 24.94), (65.01, 25.47)], [])
    [fit] = [c for c in fmap._children.values() if isinstance(c, folium.map.FitBounds)]
    assert fit.bounds == [[60.17, 24.94], [65.01, 25.47]]
