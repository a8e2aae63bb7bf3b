"""The base of every map: a folium map that works offline.

folium's default template loads Leaflet, jQuery, Bootstrap, Font Awesome and the awesome-markers
plugin from CDNs, and tiles from OpenStreetMap; with no internet (the normal case on many of our
machines) such a map stays blank. Here the map loads only the copies vendored under
static/vendor (Leaflet 1.9.4, jQuery 3.7.1 for folium's popups, Leaflet.awesome-markers 2.0.5,
Font Awesome Free 6.2.0, each with its licence), which Streamlit serves at /app/static/vendor
(`server.enableStaticServing`), and draws Finland's border (Natural Earth, public domain:
data/finland_outline.geojson) instead of tiles. Bootstrap and its glyphicons are left out:
nothing on our maps needs them (icons use Font Awesome, prefix="fa").

AUDITS_MAP_TILES chooses the background: `offline` (the default) is the outline alone, `osm`
adds OpenStreetMap's tiles over it (those need the internet; the scripts stay local either way).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable
from functools import lru_cache
from html import escape
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template

from audits.geo import OUTLINE, TownLabel, town_labels

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static"
ASSET_URL = "/app/static/vendor"  # where Streamlit serves static/vendor
TILES_VARIABLE = "AUDITS_MAP_TILES"
TILE_MODES = ("offline", "osm")

JS = [
    ("leaflet", "leaflet/leaflet.js"),
    ("jquery", "jquery/jquery.min.js"),  # folium's popups build their content with $(…)
    ("awesome_markers", "leaflet-awesome-markers/leaflet.awesome-markers.js"),
]
CSS = [
    ("leaflet_css", "leaflet/leaflet.css"),
    ("awesome_markers_font_css", "fontawesome/css/all.min.css"),
    ("awesome_markers_css", "leaflet-awesome-markers/leaflet.awesome-markers.css"),
]
BACKGROUND = "#dfe6ec"
OUTLINE_STYLE = {"color": "#5b6770", "weight": 1.2, "fillColor": "#fbfbf8", "fillOpacity": 1.0}
ATTRIBUTION = "Border: Natural Earth"
# Points closer than this (degrees, about 500 m) are one place: Leaflet would fit a box of no
# size at an infinite zoom and draw nothing, so such a map is centred on them instead.
ONE_PLACE = 0.005
PLACE_ZOOM = 11  # a town and its surroundings
MAX_FIT_ZOOM = 12  # neighbouring stores stay in their town's context
# Placing a store: its town with the villages around, this far each way, whatever the screen.
PLACING_KM = 12.0
LANDMARK_STYLE = """<style>
.audits-town::before {
  content: ""; position: absolute; left: -2px; top: -2px;
  width: 4px; height: 4px; border-radius: 50%; background: #5b6770;
}
.audits-town span {
  position: absolute; bottom: 3px; transform: translateX(-50%); white-space: nowrap;
  font: 600 12px/1.2 sans-serif; color: #3d464d;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff;
}
.audits-store-dot {
  width: 10px; height: 10px; border-radius: 50%; box-sizing: border-box;
  background: #1f6fb2; border: 2px solid #fff; box-shadow: 0 0 2px rgba(0,0,0,.6);
}
</style>"""


def tile_mode(value: str | None = None) -> str:
    """`offline` or `osm`, from `value` or AUDITS_MAP_TILES; anything else is an error."""
    mode = (value if value is not None else os.environ.get(TILES_VARIABLE, "")).strip().lower()
    mode = mode or "offline"
    if mode not in TILE_MODES:
        raise ValueError(f"{TILES_VARIABLE} must be one of {', '.join(TILE_MODES)}, not {mode!r}")
    return mode


def base_map(
    center: tuple[float, float] | list[float],
    zoom: int = 5,
    *,
    tiles: str | None = None,
    asset_url: str = ASSET_URL,
    **options,
) -> folium.Map:
    """A folium map centred on `center` whose scripts and styles come from `asset_url`, with
    Finland's border as the base layer and OpenStreetMap's tiles only when asked for."""
    mode = tile_mode(tiles)
    # folium's own scale bar shows miles beside kilometres: ours shows kilometres only.
    scale = options.pop("control_scale", True)
    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, **options)
    base = asset_url.rstrip("/")
    _IconPath(f"{base}/leaflet/images/").add_to(fmap)
    if scale:
        _MetricScale().add_to(fmap)
    fmap.default_js = [(name, f"{base}/{path}") for name, path in JS]
    fmap.default_css = [(name, f"{base}/{path}") for name, path in CSS]
    _background(fmap)
    # Over tiles the border is a line only; alone it is the land, light on the grey around it.
    style = OUTLINE_STYLE if mode == "offline" else {**OUTLINE_STYLE, "fillOpacity": 0.0}
    folium.GeoJson(
        finland_outline(),
        name="Finland",
        style_function=lambda _feature: style,
        interactive=False,
        control=False,
        attribution=ATTRIBUTION,
    ).add_to(fmap)
    if mode == "osm":
        folium.TileLayer("OpenStreetMap", control=False).add_to(fmap)
    return fmap


def fit_points(
    fmap: folium.Map,
    points: Iterable[tuple[float, float] | list[float]],
    *,
    padding: tuple[int, int] | None = None,
) -> None:
    """Show every point: fit the box they span, or centre on them at a town's zoom when they
    are one place. Points without finite coordinates are left out; with none, `fmap` is kept."""
    located = [
        (float(lat), float(lon))
        for lat, lon in points
        if math.isfinite(float(lat)) and math.isfinite(float(lon))
    ]
    if not located:
        return
    lats, lons = [p[0] for p in located], [p[1] for p in located]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    if north - south < ONE_PLACE and east - west < ONE_PLACE:
        fmap.location = [(south + north) / 2, (west + east) / 2]
        fmap.options["zoom"] = PLACE_ZOOM
        return
    bounds = [[south, west], [north, east]]
    _FitWhenShown(bounds, padding=padding, max_zoom=MAX_FIT_ZOOM).add_to(fmap)


def add_town_names(fmap: folium.Map, towns: Iterable[TownLabel] | None = None) -> None:
    """Name the towns (the offline gazetteer's by default), each from its zoom on: landmarks
    where there are no tiles. A small dot marks the place and its name stands above it, so a
    store's dot in the town hides neither; under the markers, never in the way of a click."""
    _TownNames([(t.name, t.lat, t.lon, t.zoom) for t in towns or town_labels()]).add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(LANDMARK_STYLE), name="audits_landmarks")


def add_store_dots(fmap: folium.Map, stores: Iterable[tuple[float, float, str]]) -> None:
    """Small dots for stores (lat, lon, tooltip text): where others are, without hiding the map."""
    for lat, lon, text in stores:
        folium.Marker(
            [lat, lon],
            tooltip=map_text(text),
            icon=folium.DivIcon(
                html='<div class="audits-store-dot"></div>',
                icon_size=(12, 12),
                icon_anchor=(6, 6),
                class_name="audits-store",
            ),
        ).add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(LANDMARK_STYLE), name="audits_landmarks")


def placing_map(
    look_at: list[tuple[float, float]], stores: Iterable[tuple[float, float, str]]
) -> folium.Map:
    """A map to place a store on by hand: towns named, the stores already placed as dots,
    opened around `look_at` (PLACING_KM around it when it is one point: a town)."""
    fmap = base_map(look_at[0], 6)
    add_town_names(fmap)
    add_store_dots(fmap, stores)
    if len(look_at) == 1:
        (lat, lon), km = look_at[0], PLACING_KM
        dlat, dlon = km / 110.57, km / (111.32 * math.cos(math.radians(lat)))
        look_at = [(lat - dlat, lon - dlon), (lat + dlat, lon + dlon)]
    fit_points(fmap, look_at)
    return fmap


def map_text(text: str) -> str:
    """Plain text as folium's tooltips and popups need it: they put it as HTML into a
    JavaScript `template`, where a backtick would end it and ${…} would run."""
    return escape(text).replace("`", "&#96;").replace("$", "&#36;")


@lru_cache(maxsize=1)
def _outline_text() -> str:
    return OUTLINE.read_text(encoding="utf-8")


def finland_outline() -> dict:
    """Finland's border as a GeoJSON FeatureCollection (a fresh copy each call)."""
    return json.loads(_outline_text())


def _background(fmap: folium.Map) -> None:
    """The colour around Finland where tiles would be."""
    style = f"<style>.leaflet-container {{ background: {BACKGROUND}; }}</style>"
    fmap.get_root().header.add_child(folium.Element(style), name="audits_map_background")


def asset_paths() -> list[Path]:
    """Every vendored file a base map refers to (for tests and packaging checks)."""
    return [STATIC / "vendor" / path for _, path in JS + CSS]


class _IconPath(MacroElement):
    """Where Leaflet finds its default marker's images. folium adds every marker with that icon
    before giving it its own, and Leaflet guesses the folder from leaflet.css: from its rules when
    they have loaded, else from the link's address, which misses the images/ folder
    (…/leafletmarker-icon.png, a 404). Set before any marker is added."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, path: str):
        super().__init__()
        self.path = path


def spread_stops(fmap: folium.Map) -> None:
    """Draw numbered stops (DivIcons whose HTML has the class `audits-stop`) that would cover
    each other on the screen side by side; add after the stops."""
    _SpreadStops().add_to(fmap)


class _SpreadStops(MacroElement):
    """Stops closer on the screen than their circles (a town's dealerships a few hundred metres
    apart) are drawn in a ring around their common centre (inside the map's edges), in the
    order of their numbers from the top, so each number can be read and tapped; at every zoom
    again, so as the map zooms in and they part, each returns to its own place. The marker
    stays where the store is (its popup opens there), only its circle moves."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
          function spread() {
            var stops = [];
            map.eachLayer(function (layer) {
              var el = layer.getElement && layer.getElement();
              var dot = el && el.querySelector(".audits-stop");
              if (!dot || !layer.getLatLng) { return; }
              dot.style.transform = "";
              stops.push({dot: dot, at: map.latLngToContainerPoint(layer.getLatLng()),
                          size: dot.offsetWidth, n: parseInt(dot.textContent, 10)});
            });
            var group = stops.map(function (_, i) { return i; });
            function root(i) { return group[i] === i ? i : (group[i] = root(group[i])); }
            stops.forEach(function (s) { s.shown = s.at; });
            // Join the circles that cover each other into rings until none do: a ring kept
            // inside the map's edges can come to cover a neighbour of its own.
            for (var round = 0; round < stops.length; round++) {
              var joined = false;
              for (var i = 0; i < stops.length; i++) {
                for (var j = i + 1; j < stops.length; j++) {
                  var near = Math.max(stops[i].size, stops[j].size) + 2;
                  if (root(i) !== root(j) && stops[i].shown.distanceTo(stops[j].shown) < near) {
                    group[root(j)] = root(i);
                    joined = true;
                  }
                }
              }
              if (!joined) { break; }
              var rings = {};
              stops.forEach(function (stop, k) {
                (rings[root(k)] = rings[root(k)] || []).push(stop);
              });
              Object.values(rings).forEach(ring);
            }
            stops.forEach(function (s) {
              var dx = s.shown.x - s.at.x, dy = s.shown.y - s.at.y;
              s.dot.style.transform = dx || dy ? "translate(" + dx + "px," + dy + "px)" : "";
            });
          }
          function ring(stops) {
            if (stops.length < 2) { stops[0].shown = stops[0].at; return; }
            stops.sort(function (a, b) { return a.n - b.n; });
            var size = Math.max.apply(null, stops.map(function (s) { return s.size; })) + 2;
            var r = size / (2 * Math.sin(Math.PI / stops.length));
            var cx = 0, cy = 0;
            stops.forEach(function (s) {
              cx += s.at.x / stops.length;
              cy += s.at.y / stops.length;
            });
            // the whole ring inside the map, not cut by its edge
            var reach = r + size / 2, box = map.getSize();
            cx = Math.min(Math.max(cx, reach), box.x - reach);
            cy = Math.min(Math.max(cy, reach), box.y - reach);
            stops.forEach(function (s, k) {
              var a = -Math.PI / 2 + 2 * Math.PI * k / stops.length;
              s.shown = L.point(cx + r * Math.cos(a), cy + r * Math.sin(a));
            });
          }
          map.on("zoomend overlayadd overlayremove", spread);
          map.whenReady(function () { setTimeout(spread, 0); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class _MetricScale(MacroElement):
    """Leaflet's scale bar in kilometres only; on a map as narrow as a phone's it stands above
    the attribution, which would otherwise cover its figure ("100 k…")."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        @media (max-width: 560px) {
          .leaflet-bottom.leaflet-left .leaflet-control-scale { margin-bottom: 24px; }
        }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class _Legend(MacroElement):
    """A colour scale in the map's corner, plain HTML: branca's legend loads d3 from a CDN."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "bottomright"});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "leaflet-control audits-legend");
            div.innerHTML = {{ this.html|tojson }};
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str):
        super().__init__()
        self._name = "Legend"
        self.html = html


def add_legend(fmap: folium.Map, caption: str, colours: list[str], low: float, high: float) -> None:
    """A gradient legend from `low` to `high` through `colours`, captioned."""
    gradient = ", ".join(colours)
    html_text = (
        '<div style="background:rgba(255,255,255,.9);padding:6px 8px;border-radius:4px;'
        'font:12px/1.3 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)">'
        f"<div>{escape(caption)}</div>"
        f'<div style="width:180px;height:10px;margin:4px 0 2px;'
        f'background:linear-gradient(to right, {gradient})"></div>'
        '<div style="display:flex;justify-content:space-between">'
        f"<span>{low:.0f}</span><span>{(low + high) / 2:.0f}</span><span>{high:.0f}</span>"
        "</div></div>"
    )
    _Legend(html_text).add_to(fmap)


class _TownNames(MacroElement):
    """Town names as a layer of their own between the land and the markers, each shown from
    its zoom on (below Leaflet's 4 the names of 4)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var towns = {{ this.towns|tojson }};
            map.createPane("auditsTowns");
            map.getPane("auditsTowns").style.zIndex = 450;
            var layer = L.layerGroup().addTo(map);
            var names = towns.map(function (town) {
                var text = document.createElement("span");
                text.textContent = town[0];
                var icon = L.divIcon({className: "audits-town", html: text, iconSize: [0, 0]});
                return L.marker([town[1], town[2]], {
                    icon: icon, pane: "auditsTowns", interactive: false, keyboard: false
                });
            });
            function show() {
                var zoom = Math.max(map.getZoom(), {{ this.first }});
                names.forEach(function (name, i) {
                    var wanted = towns[i][3] <= zoom;
                    if (wanted !== layer.hasLayer(name)) {
                        wanted ? layer.addLayer(name) : layer.removeLayer(name);
                    }
                });
            }
            map.on("zoomend", show);
            show();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, towns: list[tuple[str, float, float, int]]):
        super().__init__()
        self._name = "TownNames"
        self.towns = towns
        self.first = min((town[3] for town in towns), default=0)


class _FitWhenShown(folium.map.FitBounds):
    """Fit the bounds, and again whenever the map's size changes until the user moves it: a
    map drawn out of sight (in a tab not chosen yet) or before its frame has its height would
    otherwise stay fitted to no size, on the whole world."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            function fit() {
                var options = L.extend({animate: false}, {{ this.options|tojson }});
                map.fitBounds({{ this.bounds|tojson }}, options);
            }
            var moved = false;
            ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (name) {
                map.getContainer().addEventListener(name, function () {
                    moved = true;
                }, {passive: true});
            });
            map.on("resize", function () {
                // After Leaflet has finished with the new size (its "moveend" comes 200 ms on).
                setTimeout(function () {
                    if (!moved) {
                        fit();
                    }
                }, 250);
            });
            fit();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )
