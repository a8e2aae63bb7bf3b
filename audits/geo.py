"""Places and distances.

Geocoding chain (DESIGN.md, Routes): coordinates given in the text ("lat, lon") → a cache →
Nominatim through geopy, only when enabled (≤ 1 request/s, with a user agent; results cached) →
the offline gazetteer shipped in data/gazetteer_fi.csv (GeoNames; Finnish and Swedish names,
case- and diacritics-insensitive). A place that cannot be found raises `PlaceNotFound` naming it;
nothing is guessed.

Distances: great-circle (haversine on the WGS84 mean radius, vectorised with numpy) times a road
factor (≈ 1.3 for European road networks) and an average speed for drive time; or, when an OSRM
server URL is configured, real road distances and durations from its table service.
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from audits.i18n import Phrase, Refusal

GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "gazetteer_fi.csv"
OUTLINE = GAZETTEER.with_name("finland_outline.geojson")
# The outline is drawn at 1:10m: it leaves out outer skerries (Utö, with its shop, lies 36 km
# beyond it) and cuts corners of the coast. 40 km takes those in and still refuses Tallinn
# (64 km away), Stockholm (205 km) and any point with latitude and longitude swapped.
FINLAND_MARGIN_KM = 40.0
# Natural Earth maps Åland as a country of its own, so the outline lacks its main islands:
# (south, west, north, east) around them.
ALAND = (59.7, 19.2, 60.7, 21.2)
EARTH_RADIUS_KM = 6371.0088  # WGS84 mean radius (IUGG)
_DOT_NUMBER = r"-?\d+(?:\.\d+)?"
_COMMA_NUMBER = r"-?\d+(?:,\d+)?"
_LATLON = (
    re.compile(rf"^({_DOT_NUMBER})\s*[,; ]\s*({_DOT_NUMBER})$"),
    # With decimal commas only a space or ';' can separate the two numbers.
    re.compile(rf"^({_COMMA_NUMBER})\s*[; ]\s*({_COMMA_NUMBER})$"),
)
_ONE_COMMA = re.compile(r"^-?\d+,\d+$")  # "60,17": 60.17 alone, or 60 and 17?
_NUMBER = r"\d+(?:[.,]\d+)?"
# "60.1699° N, 24.9384° E" (as Apple's maps copy a place) or "N 6672000, E 385000": a letter
# beside each number says which is which, so decimal commas need no other separator.
_LETTERED = re.compile(
    rf"^(?:([NS]) ?)?({_NUMBER}) ?([NS])? ?[,;]? ?(?:([EW]) ?)?({_NUMBER}) ?([EW])?$",
    re.IGNORECASE,
)
# Decimal commas with ", " between: "60,1699, 24,9384".
_COMMAS_AND_COMMA = re.compile(r"^(-?\d+,\d+), (-?\d+,\d+)$")
# ETRS-TM35FIN, the metres of the National Land Survey's maps, in Finland: (N, E).
TM35FIN_NORTH = (6_500_000.0, 7_850_000.0)
TM35FIN_EAST = (20_000.0, 900_000.0)
ROAD_FACTORS = (1.0, 3.0)
MAX_SPEED_KMH = 200.0


class PlaceNotFound(LookupError):
    """No source knows the place, or its coordinates cannot be used (`why` says how); the
    message names it."""

    def __init__(self, query: str, tried: Sequence[str] = (), why: Phrase | None = None):
        self.query = query
        self.why = why
        where = f" (tried: {', '.join(tried)})" if tried else ""
        super().__init__(f"{query!r}: {why}" if why else f"place not found: {query!r}{where}")


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    source: str  # given | cache | nominatim | gazetteer

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)


# --- cache -----------------------------------------------------------------------------------


class GeocodeCache(Protocol):
    def get(self, query: str) -> Place | None: ...

    def put(self, query: str, place: Place) -> None: ...


def cache_key(query: str) -> str:
    return " ".join(query.split()).casefold()


@dataclass
class MemoryGeocodeCache:
    entries: dict[str, Place] = field(default_factory=dict)

    def get(self, query: str) -> Place | None:
        return self.entries.get(cache_key(query))

    def put(self, query: str, place: Place) -> None:
        self.entries[cache_key(query)] = place


class DbGeocodeCache:
    """The cache in the database table `geocode_cache` (audits.models.GeocodeCache).

    `session_factory()` returns a context manager yielding a SQLAlchemy session, e.g.
    `Database.session`; the caller's unit of work commits.
    """

    def __init__(self, session_factory: Callable[[], AbstractContextManager[Any]]):
        self.session_factory = session_factory

    def get(self, query: str) -> Place | None:
        from sqlalchemy import select

        from audits.models import GeocodeCache as Row

        with self.session_factory() as session:
            row = session.scalar(select(Row).where(Row.query == cache_key(query)))
            if row is None:
                return None
            return Place(query, row.lat, row.lon, "cache")

    def put(self, query: str, place: Place) -> None:
        from sqlalchemy import select

        from audits.models import GeocodeCache as Row

        key = cache_key(query)[:300]
        with self.session_factory() as session:
            row = session.scalar(select(Row).where(Row.query == key))
            if row is None:
                session.add(Row(query=key, lat=place.lat, lon=place.lon, source=place.source))
            else:
                row.lat, row.lon, row.source = place.lat, place.lon, place.source
            session.flush()


# --- settings and the online service -----------------------------------------------------------


@dataclass(frozen=True)
class GeoSettings:
    nominatim_enabled: bool = False
    user_agent: str = "mystery-audits"
    min_delay_seconds: float = 1.0
    osrm_url: str | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> GeoSettings:
        """From audits.config.Settings (or anything with the same attribute names)."""
        return cls(
            nominatim_enabled=bool(getattr(settings, "nominatim_enabled", False)),
            user_agent=str(getattr(settings, "nominatim_user_agent", cls.user_agent)),
            osrm_url=getattr(settings, "osrm_url", None),
        )


_NOMINATIM: dict[tuple[str, float], Callable[..., Any]] = {}


def _nominatim(settings: GeoSettings) -> Callable[..., Any]:
    key = (settings.user_agent, settings.min_delay_seconds)
    if key not in _NOMINATIM:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        geocoder = Nominatim(user_agent=settings.user_agent, timeout=10)
        _NOMINATIM[key] = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=max(1.0, settings.min_delay_seconds),
            max_retries=1,
            swallow_exceptions=True,
        )
    return _NOMINATIM[key]


def nominatim_place(query: str, settings: GeoSettings) -> Place | None:
    """Nominatim's place for `query` in Finland, or None (not found, unreachable, or not
    enabled). Waits between requests as Nominatim's policy asks: call it outside any
    database transaction."""
    if not settings.nominatim_enabled:
        return None
    found = _nominatim(settings)(query, country_codes="fi")
    if found is None:
        return None
    return Place(query, float(found.latitude), float(found.longitude), "nominatim")


# --- gazetteer ---------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").split())


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    name_fi: str
    lat: float
    lon: float
    population: int
    region: str


class Gazetteer:
    def __init__(self, entries: list[GazetteerEntry], aliases: list[list[str]]):
        self.entries = entries
        self._exact: dict[str, int] = {}
        self._folded: dict[str, int] = {}
        # Main names win over aliases; larger places (listed first) win among equals.
        for pass_names in (
            lambda i: [entries[i].name, entries[i].name_fi],
            lambda i: aliases[i],
        ):
            for i in range(len(entries)):
                for name in pass_names(i):
                    self._exact.setdefault(name.casefold(), i)
                    self._folded.setdefault(fold(name), i)

    @classmethod
    def load(cls, path: Path = GAZETTEER) -> Gazetteer:
        entries: list[GazetteerEntry] = []
        aliases: list[list[str]] = []
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                entries.append(
                    GazetteerEntry(
                        row["name"],
                        row["name_fi"],
                        float(row["lat"]),
                        float(row["lon"]),
                        int(row["population"] or 0),
                        row["region"],
                    )
                )
                aliases.append([a for a in row["aliases"].split("|") if a])
        order = sorted(range(len(entries)), key=lambda i: -entries[i].population)
        return cls([entries[i] for i in order], [aliases[i] for i in order])

    def lookup(self, name: str) -> GazetteerEntry | None:
        text = " ".join(name.split())
        text = re.sub(r",\s*(finland|suomi)$", "", text, flags=re.IGNORECASE)
        i = self._exact.get(text.casefold())
        if i is None:
            i = self._folded.get(fold(text))
        return None if i is None else self.entries[i]

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


@lru_cache(maxsize=4)
def gazetteer(path: Path = GAZETTEER) -> Gazetteer:
    return Gazetteer.load(path)


# --- towns named on a map -----------------------------------------------------------------------

# The least population a web map names at each zoom (Leaflet's 4 shows all of Finland, 11 a
# town and its surroundings), and the least room between two names' centres (a name's box is
# about this wide and high): a readable few at a time, none over another.
LABEL_POPULATION = {4: 60_000, 5: 40_000, 6: 20_000, 7: 10_000, 8: 4_000, 9: 2_000, 10: 1_000}
LABEL_BOX_PX = (90, 24)
EQUATOR_KM = 40075.017


@dataclass(frozen=True)
class TownLabel:
    name: str
    lat: float
    lon: float
    zoom: int  # the least zoom at which a map names it


@lru_cache(maxsize=1)
def town_labels() -> tuple[TownLabel, ...]:
    """The gazetteer's places of at least 1000 people, with the zoom from which a map names
    them: the largest first, each from the least zoom (by LABEL_POPULATION) at which its name
    stays clear of every larger place's name from then on."""
    places = [p for p in gazetteer() if p.population >= min(LABEL_POPULATION.values())]
    lats = np.array([p.lat for p in places])
    lons = np.array([p.lon for p in places])
    zooms = np.zeros(len(places), dtype=int)  # 0: not named
    width, height = LABEL_BOX_PX
    for i, place in enumerate(places):
        larger = zooms[:i] > 0
        cos = math.cos(math.radians(place.lat))
        dx_km = np.abs(lons[:i][larger] - place.lon) * 111.32 * cos
        dy_km = np.abs(lats[:i][larger] - place.lat) * 110.57
        for zoom, least in LABEL_POPULATION.items():
            if place.population < least:
                continue
            # Names drawn together at the later of the two zooms; closer in, they part.
            # Web Mercator is conformal: near a place a pixel is as many km either way.
            km_per_px = EQUATOR_KM * cos / (256 * 2.0 ** np.maximum(zoom, zooms[:i][larger]))
            if not np.any((dx_km < width * km_per_px) & (dy_km < height * km_per_px)):
                zooms[i] = zoom
                break
    return tuple(
        TownLabel(p.name_fi, p.lat, p.lon, int(z)) for p, z in zip(places, zooms, strict=True) if z
    )


# --- the town to stay in near a point ------------------------------------------------------------

# How far a place reaches from its centre, per square root of its people (its area grows with
# them): Helsinki 16 km, Tampere 10 km, Kerava 4 km, a district or village of 2,500 people 1 km.
TOWN_REACH_KM = 0.02


@lru_cache(maxsize=1)
def _places() -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """The gazetteer's places: Finnish names, (lat, lon) in radians and reach in km."""
    places = [p for p in gazetteer() if p.population > 0]
    points = np.radians([(p.lat, p.lon) for p in places])
    reach = TOWN_REACH_KM * np.sqrt([p.population for p in places])
    return tuple(p.name_fi for p in places), points, reach


def town_near(point: tuple[float, float]) -> str:
    """The Finnish name of the gazetteer's place nearest the point counted to its edge, not
    its centre: where to look for a hotel. A city, not the district or village at its side
    (Tampere, not Pispala), and out in the country the nearest village."""
    names, places, reach = _places()
    lat, lon = np.radians(point)
    h = np.sin((places[:, 0] - lat) / 2) ** 2
    h += np.cos(lat) * np.cos(places[:, 0]) * np.sin((places[:, 1] - lon) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return names[int(np.argmin(km - reach))]


# --- Finland's outline --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _outline_edges() -> np.ndarray:
    """Every edge of the outline's polygons as rows (lon1, lat1, lon2, lat2)."""
    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    edges = [
        np.hstack([ring[:-1], ring[1:]])
        for feature in data["features"]
        for polygon in feature["geometry"]["coordinates"]
        for ring in map(np.asarray, polygon)
    ]
    return np.vstack(edges).astype(float)


def _inside_outline(lat: float, lon: float) -> bool:
    """Even-odd ray casting over all edges (the polygons have no holes and do not overlap)."""
    x1, y1, x2, y2 = _outline_edges().T
    crosses = (y1 > lat) != (y2 > lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
    return bool(np.count_nonzero(crosses & (lon < x)) % 2)


def _km_to_outline(lat: float, lon: float) -> float:
    """Distance to the nearest edge on a plane around the point: close enough within the margin
    (far away it only needs to be large)."""
    x1, y1, x2, y2 = _outline_edges().T
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57  # km per degree
    ax, ay, bx, by = (x1 - lon) * kx, (y1 - lat) * ky, (x2 - lon) * kx, (y2 - lat) * ky
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    share = np.clip(-(ax * dx + ay * dy) / np.where(length > 0, length, 1.0), 0.0, 1.0)
    return float(np.min(np.hypot(ax + share * dx, ay + share * dy)))


def finland_bounds() -> tuple[tuple[float, float], tuple[float, float]]:
    """(south, west), (north, east) of Finland: its outline and Åland."""
    lon1, lat1, *_ = _outline_edges().T
    south, west, north, east = ALAND
    return (
        (min(float(lat1.min()), south), min(float(lon1.min()), west)),
        (max(float(lat1.max()), north), max(float(lon1.max()), east)),
    )


def in_finland(lat: float, lon: float) -> bool:
    """Whether a point is in Finland: within its outline (FINLAND_MARGIN_KM beyond) or Åland."""
    south, west, north, east = ALAND
    if south <= lat <= north and west <= lon <= east:
        return True
    return _inside_outline(lat, lon) or _km_to_outline(lat, lon) <= FINLAND_MARGIN_KM


# --- the chain ---------------------------------------------------------------------------------

_DEFAULT_CACHE = MemoryGeocodeCache()


def parse_latlon(text: str) -> tuple[float, float] | None:
    """ "60.17, 24.94", "60.17 24.94", "60,17 24,94", "60,17; 24,94", "60,17, 24,94" or
    "60.17° N, 24.94° E" → (lat, lon); None when not coordinates.

    Coordinates out of range, metres of ETRS-TM35FIN, and "60,17" (one number with a decimal
    comma, or two?) raise PlaceNotFound saying why.
    """
    text = " ".join(text.replace("°", " ").replace(":", " ").split())
    raw = _lettered(text) or _unlettered(text)
    if raw is None:
        return None
    raw_lat, raw_lon = raw
    lat, lon = float(raw_lat.replace(",", ".")), float(raw_lon.replace(",", "."))
    if _metres(lat, lon) or _metres(lon, lat):
        raise PlaceNotFound(text, why=Phrase("geo_tm35fin"))
    if not -90 <= lat <= 90:
        raise PlaceNotFound(text, why=Phrase("si_lat_range", {"value": raw_lat, "limit": 90}))
    if not -180 <= lon <= 180:
        raise PlaceNotFound(text, why=Phrase("si_lon_range", {"value": raw_lon, "limit": 180}))
    if _ONE_COMMA.match(text):
        raise PlaceNotFound(text, why=Phrase("geo_one_comma"))
    return lat, lon


def _unlettered(text: str) -> tuple[str, str] | None:
    match = next(
        (m for m in (p.match(text) for p in (*_LATLON, _COMMAS_AND_COMMA)) if m),
        None,
    )
    return None if match is None else (match[1], match[2])


def _lettered(text: str) -> tuple[str, str] | None:
    """The numbers of "60.17 N 24.94 E" or "N 60.17, E 24.94", signed by their letters (S and W
    negative); None unless each number has one letter of its own."""
    match = _LETTERED.match(text)
    if match is None:
        return None
    before_lat, lat, after_lat, before_lon, lon, after_lon = match.groups()
    if bool(before_lat) == bool(after_lat) or bool(before_lon) == bool(after_lon):
        return None
    south = (before_lat or after_lat).upper() == "S"
    west = (before_lon or after_lon).upper() == "W"
    return ("-" if south else "") + lat, ("-" if west else "") + lon


def _metres(north: float, east: float) -> bool:
    """Whether (north, east) look like a place in Finland in ETRS-TM35FIN's metres."""
    return (
        TM35FIN_NORTH[0] <= north <= TM35FIN_NORTH[1] and TM35FIN_EAST[0] <= east <= TM35FIN_EAST[1]
    )


def read_latlon(text: str) -> tuple[float, float]:
    """Coordinates a person typed or pasted, as parse_latlon reads them; a Refusal that says
    what is wrong when they cannot be read."""
    try:
        point = parse_latlon(text)
    except PlaceNotFound as exc:
        assert exc.why is not None  # parse_latlon always says why
        raise Refusal(exc.why.key, **exc.why.values) from None
    if point is None:
        raise Refusal("geo_not_latlon", text=" ".join(text.split()))
    return point


def geocode(
    query: str,
    *,
    cache: GeocodeCache | None = None,
    settings: GeoSettings | None = None,
    session: Any = None,
    gazetteer_path: Path = GAZETTEER,
) -> Place:
    """Find a place by the chain; raises PlaceNotFound naming it."""
    text = " ".join((query or "").split())
    if not text:
        raise PlaceNotFound(query)
    coords = parse_latlon(text)
    if coords is not None:
        return Place(text, coords[0], coords[1], "given")
    settings = settings or GeoSettings()
    if cache is None:
        cache = DbGeocodeCache(lambda: nullcontext(session)) if session else _DEFAULT_CACHE
    tried = ["cache"]
    hit = cache.get(text)
    if hit is not None:
        return Place(text, hit.lat, hit.lon, "cache")
    if settings.nominatim_enabled:
        tried.append("nominatim")
        place = nominatim_place(text, settings)
        if place is not None:
            cache.put(text, place)
            return place
    tried.append("gazetteer")
    entry = gazetteer(gazetteer_path).lookup(text)
    if entry is not None:
        return Place(entry.name_fi, entry.lat, entry.lon, "gazetteer")
    raise PlaceNotFound(text, tried)


# --- distances ---------------------------------------------------------------------------------


def distance_matrix(points: Sequence[tuple[float, float]], road_factor: float = 1.3) -> np.ndarray:
    """Road-distance estimate in km between every pair: great-circle × road factor."""
    arr = np.radians(np.asarray(points, dtype=float).reshape(-1, 2))
    lat, lon = arr[:, 0][:, None], arr[:, 1][:, None]
    dlat, dlon = lat - lat.T, lon - lon.T
    a = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(lat.T) * np.sin(dlon / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return km * road_factor


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance of one pair, as distance_matrix without road factor: a hundred
    times faster than geodesic_km, for checks made on every row of a file."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Ellipsoidal (WGS84) distance of one pair through geopy, without road factor."""
    from geopy.distance import geodesic

    return float(geodesic(a, b).km)


class OsrmError(RuntimeError):
    pass


def osrm_table(
    url: str, points: Sequence[tuple[float, float]], timeout: float = 30.0
) -> tuple[np.ndarray, np.ndarray]:
    """(km, minutes) matrices from an OSRM server's table service."""
    coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
    full = f"{url.rstrip('/')}/table/v1/driving/{coords}?annotations=distance,duration"
    try:
        with urllib.request.urlopen(full, timeout=timeout) as response:  # noqa: S310
            body = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise OsrmError(f"OSRM table service at {url} failed: {exc}") from exc
    if body.get("code") != "Ok":
        raise OsrmError(f"OSRM table service at {url}: {body.get('code')} {body.get('message')}")
    distances = np.asarray(body["distances"], dtype=float)
    durations = np.asarray(body["durations"], dtype=float)
    if np.isnan(distances).any():
        raise OsrmError("OSRM found no road between some of the places")
    return distances / 1000.0, durations / 60.0


class TravelModelError(Refusal):
    """A road factor or speed that makes no sense; `field` names which."""

    def __init__(self, field: str, key: str, **values: object) -> None:
        self.field = field
        super().__init__(key, **values)


@dataclass(frozen=True)
class TravelModel:
    """How km and drive minutes between places are estimated."""

    road_factor: float = 1.3
    speed_kmh: float = 70.0
    osrm_url: str | None = None

    def __post_init__(self) -> None:
        # Written so that NaN fails the comparisons too.
        low, high = ROAD_FACTORS
        if not low <= self.road_factor <= high:
            raise TravelModelError(
                "road_factor", "geo_road_factor", value=self.road_factor, low=low, high=high
            )
        if not 0 < self.speed_kmh <= MAX_SPEED_KMH:
            raise TravelModelError(
                "speed_kmh", "geo_speed", value=self.speed_kmh, high=MAX_SPEED_KMH
            )

    def matrices(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        """(km, minutes) between every pair of points."""
        if self.osrm_url:
            return osrm_table(self.osrm_url, points)
        km = distance_matrix(points, self.road_factor)
        return km, km / self.speed_kmh * 60.0

    def describe(self) -> str:
        if self.osrm_url:
            return f"OSRM {self.osrm_url}"
        return f"great-circle × {self.road_factor:g}, {self.speed_kmh:g} km/h"


def great_circle_point(
    a: tuple[float, float], b: tuple[float, float], fraction: float
) -> tuple[float, float]:
    """The point `fraction` of the way from a to b on the great circle (lat, lon in degrees).

    Great-circle distances add up along it, so the two parts of a drive split there are
    consistent with `distance_matrix`.
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    p = np.array([math.cos(lat1) * math.cos(lon1), math.cos(lat1) * math.sin(lon1), math.sin(lat1)])
    q = np.array([math.cos(lat2) * math.cos(lon2), math.cos(lat2) * math.sin(lon2), math.sin(lat2)])
    omega = math.acos(max(-1.0, min(1.0, float(p @ q))))
    if omega < 1e-12:
        return a
    v = (math.sin((1 - fraction) * omega) * p + math.sin(fraction * omega) * q) / math.sin(omega)
    return math.degrees(math.asin(max(-1.0, min(1.0, v[2])))), math.degrees(math.atan2(v[1], v[0]))
