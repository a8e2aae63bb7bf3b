import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest

from audits.geo import (
    GeoSettings,
    MemoryGeocodeCache,
    Place,
    PlaceNotFound,
    TravelModel,
    TravelModelError,
    distance_matrix,
    finland_bounds,
    gazetteer,
    geocode,
    geodesic_km,
    great_circle_km,
    great_circle_point,
    in_finland,
    osrm_table,
    parse_latlon,
    read_latlon,
    town_labels,
    town_near,
)
from audits.i18n import Refusal, explain


@pytest.mark.parametrize(
    ("query", "name"),
    [("Helsinki", "Helsinki"), ("helsingfors", "Helsinki"), ("Borgå", "Porvoo"),
     ("JAKOBSTAD", "Pietarsaari"), ("Pietarsaari", "Pietarsaari"), ("jyvaskyla", "Jyväskylä"),
     ("Oulu, Finland", "Oulu"), ("Hyvinkää", "Hyvinkää"), ("Hyvinge", "Hyvinkää"),
     ("Östra Helsingfors", "Itä-Helsinki")],
)  # fmt: skip
def test_gazetteer_finnish_and_swedish_names(query: str, name: str) -> None:
    place = geocode(query, cache=MemoryGeocodeCache())
    assert place.name == name and place.source == "gazetteer"


def test_coordinates_given_and_unknown_place() -> None:
    assert geocode("60.1, 24.9").point == (60.1, 24.9)
    with pytest.raises(PlaceNotFound, match="Atlantis"):
        geocode("Atlantis", cache=MemoryGeocodeCache())


@pytest.mark.parametrize(
    "text", ["60.17, 24.94", "60.17,24.94", "60.17 24.94", "60,17 24,94", "60,17; 24,94"]
)
def test_coordinates_with_decimal_points_or_commas(text: str) -> None:
    assert parse_latlon(text) == (60.17, 24.94)


@pytest.mark.parametrize(
    "text",
    [
        "60,17, 24,94",  # decimal commas, and a comma and a space between
        "60.17° N, 24.94° E",  # as Apple's maps copy a place
        "N 60,17 E 24,94",
        "60.17N 24.94E",
        "\u00a060.17\u00a0\u00a024.94 ",  # no-break spaces from a web page
        "60,17 ; 24,94",
    ],
)
def test_coordinates_as_map_apps_and_people_write_them(text: str) -> None:
    assert parse_latlon(text) == (60.17, 24.94)
    assert read_latlon(text) == (60.17, 24.94)


def test_south_and_west_letters_make_the_numbers_negative() -> None:
    assert parse_latlon("33.87° S, 151.21° E") == (-33.87, 151.21)
    assert parse_latlon("40.71 N 74.01 W") == (40.71, -74.01)


@pytest.mark.parametrize(
    ("text", "fi", "en"),
    [
        (
            "Raahe",
            "”Raahe” ei ole koordinaatteja: kirjoita leveys- ja pituusaste asteina, "
            "esim. 60,1699 24,9384 tai 60.1699, 24.9384",
            "“Raahe” is not coordinates: type latitude and longitude in degrees, "
            "e.g. 60.1699, 24.9384 or 60,1699 24,9384",
        ),
        (
            "60.17 N 24.94 N",
            "”60.17 N 24.94 N” ei ole koordinaatteja: kirjoita leveys- ja pituusaste asteina, "
            "esim. 60,1699 24,9384 tai 60.1699, 24.9384",
            "“60.17 N 24.94 N” is not coordinates: type latitude and longitude in degrees, "
            "e.g. 60.1699, 24.9384 or 60,1699 24,9384",
        ),
        (
            "N 6672000, E 385000",  # as the National Land Survey's Karttapaikka shows a place
            "nämä näyttävät ETRS-TM35FIN-koordinaateilta (metrejä, kuten Maanmittauslaitoksen "
            "kartat ne näyttävät): anna leveys- ja pituusaste asteina (WGS84), esim. 60,1699 "
            "24,9384",
            "these look like ETRS-TM35FIN coordinates (metres, as the National Land Survey's "
            "maps show them): give latitude and longitude in degrees (WGS84), e.g. 60.1699, "
            "24.9384",
        ),
        (
            "6672000 385000",
            "nämä näyttävät ETRS-TM35FIN-koordinaateilta (metrejä, kuten Maanmittauslaitoksen "
            "kartat ne näyttävät): anna leveys- ja pituusaste asteina (WGS84), esim. 60,1699 "
            "24,9384",
            "these look like ETRS-TM35FIN coordinates (metres, as the National Land Survey's "
            "maps show them): give latitude and longitude in degrees (WGS84), e.g. 60.1699, "
            "24.9384",
        ),
        (
            "91,5 24,9",
            "leveysaste 91,5 on sallitun välin ulkopuolella (-90..90)",
            "latitude 91,5 is out of range (-90..90)",
        ),
    ],
)
def test_typed_coordinates_that_cannot_be_read_say_what_is_wrong(text, fi, en) -> None:
    with pytest.raises(Refusal) as refused:
        read_latlon(text)
    assert (explain(refused.value, "fi"), str(refused.value)) == (fi, en)


@pytest.mark.parametrize(
    ("point", "town"),
    [
        ((61.50434, 23.7083), "Tampere"),  # Pispala, a district of Tampere
        ((60.25131, 25.04402), "Helsinki"),  # Malmin lentokenttä, its old airport
        ((60.40338, 25.105), "Kerava"),  # not Vantaa, a city of 200,000 people 12 km away
        ((61.7748, 24.8903), "Jämsä"),  # 19 km away, no place nearer
        ((67.2925, 28.25), "Savukoski"),  # in Lapland a village of 983 people is the town
    ],
)
def test_a_night_on_the_road_is_named_by_the_town_nearest_it_to_its_edge(
    point: tuple[float, float], town: str
) -> None:
    assert town_near(point) == town


def test_finland_bounds_hold_its_far_ends() -> None:
    (south, west), (north, east) = finland_bounds()
    for lat, lon in [(69.9, 27.0), (60.1, 19.9), (62.9, 31.5), (59.8, 22.9)]:  # Utsjoki, ...
        assert south <= lat <= north and west <= lon <= east
    assert north - south < 11 and east - west < 13


def test_a_map_names_a_readable_few_towns_at_a_time_largest_first() -> None:
    labels = town_labels()
    whole_country = [t.name for t in labels if t.zoom <= 5]
    assert 5 <= len(whole_country) <= 15, whole_country
    assert {"Helsinki", "Tampere", "Oulu", "Rovaniemi"} <= set(whole_country)
    zoom = {t.name: t.zoom for t in labels}
    assert zoom["Vantaa"] <= 8, "a city is not crowded out by its own districts"
    assert zoom["Raahe"] <= 7 and zoom["Ruukki"] <= 10
    assert len(labels) < len(gazetteer()), "villages under 1000 people are not named"


@pytest.mark.parametrize("zoom", range(4, 12))
def test_town_names_never_overlap(zoom: int) -> None:
    """Names shown together at a zoom are at least a name's box apart (90 × 24 px)."""
    shown = [t for t in town_labels() if t.zoom <= zoom]
    lat = np.array([t.lat for t in shown])
    lon = np.array([t.lon for t in shown])
    # Web Mercator pixels at this zoom (256 px tiles).
    x = (lon + 180) / 360 * 256 * 2**zoom
    y = (1 - np.log(np.tan(np.radians(lat)) + 1 / np.cos(np.radians(lat))) / np.pi) * 128 * 2**zoom
    dx, dy = np.abs(x[:, None] - x), np.abs(y[:, None] - y)
    overlap = (dx < 88) & (dy < 23.5)  # a hair under the box: the check uses local km
    np.fill_diagonal(overlap, False)
    pairs = [(shown[i].name, shown[j].name) for i, j in zip(*np.nonzero(overlap), strict=True)]
    assert pairs == []


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("60,17", "a single comma between two whole numbers is ambiguous"),
        ("91,0", r"latitude 91 is out of range \(-90..90\)"),
        ("60.1, 181", r"longitude 181 is out of range \(-180..180\)"),
    ],
)
def test_unusable_coordinates_say_why(text: str, why: str) -> None:
    with pytest.raises(PlaceNotFound, match=why) as caught:
        geocode(text, cache=MemoryGeocodeCache())
    assert caught.value.why is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"road_factor": 0.5}, "road factor must be between 1 and 3, not 0.5"),
        ({"road_factor": -1}, "road factor must be between 1 and 3, not -1"),
        ({"road_factor": float("nan")}, "road factor must be between 1 and 3, not nan"),
        ({"speed_kmh": 0}, "speed must be above 0 and at most 200 km/h, not 0"),
        ({"speed_kmh": -5}, "speed must be above 0 and at most 200 km/h, not -5"),
        ({"speed_kmh": float("inf")}, "speed must be above 0 and at most 200 km/h, not inf"),
    ],
)
def test_travel_model_refuses_nonsense(changes: dict, message: str) -> None:
    with pytest.raises(TravelModelError, match=message):
        TravelModel(**changes)


def test_cache_comes_before_gazetteer_and_nominatim_is_off_by_default() -> None:
    cache = MemoryGeocodeCache()
    cache.put("Kotikatu 1, Oulu", Place("x", 65.0, 25.5, "nominatim"))
    assert geocode("kotikatu 1,  oulu", cache=cache).source == "cache"
    assert not GeoSettings().nominatim_enabled


def test_db_cache_via_session(tmp_path) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from audits.geo import DbGeocodeCache
    from audits.models import Base

    engine = create_engine(f"sqlite:///{tmp_path / 'g.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        from contextlib import nullcontext

        cache = DbGeocodeCache(lambda: nullcontext(session))
        cache.put("Teollisuuskatu 21, Oulu", Place("t", 65.01, 25.47, "nominatim"))
        assert geocode("Teollisuuskatu 21, Oulu", session=session).point == (65.01, 25.47)


@pytest.mark.parametrize(
    ("lat", "lon", "inside"),
    [
        (60.17, 24.94, True),  # Helsinki
        (69.05, 20.80, True),  # Kilpisjärvi, in the north-west arm
        (60.10, 19.93, True),  # Mariehamn: Åland is not in the outline
        (59.78, 21.37, True),  # Utö, beyond the outline's coast
        (59.44, 24.75, False),  # Tallinn
        (59.33, 18.07, False),  # Stockholm
        (59.94, 30.31, False),  # Saint Petersburg
        (24.94, 60.17, False),  # Helsinki swapped: the Arabian Sea
        (-60.17, -24.94, False),
    ],
)
def test_in_finland(lat: float, lon: float, inside: bool) -> None:
    assert in_finland(lat, lon) is inside


def test_every_gazetteer_place_is_in_finland() -> None:
    assert [e.name for e in gazetteer() if not in_finland(e.lat, e.lon)] == []


def test_great_circle_km_agrees_with_the_matrix() -> None:
    a, b = (60.17, 24.94), (65.01, 25.47)
    assert great_circle_km(a, b) == pytest.approx(distance_matrix([a, b], 1.0)[0, 1])
    assert great_circle_km(a, a) == 0.0


def test_matrix_agrees_with_geodesic() -> None:
    points = [(60.17, 24.94), (65.01, 25.47), (60.45, 22.27), (69.91, 27.03), (62.6, 29.76)]
    km = distance_matrix(points, road_factor=1.0)
    for i in range(len(points)):
        for j in range(i + 1, len(points)):
            assert km[i, j] == pytest.approx(geodesic_km(points[i], points[j]), rel=0.005)
    assert np.allclose(distance_matrix(points, 1.3), km * 1.3)
    _, minutes = TravelModel(speed_kmh=60).matrices(points[:2])
    assert minutes[0, 1] == pytest.approx(km[0, 1] * 1.3)


def test_osrm_table_against_a_local_fake_server() -> None:
    seen: list[str] = []

    class Fake(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.path)
            body = {"code": "Ok", "distances": [[0, 12000], [12500, 0]],
                    "durations": [[0, 600], [660, 0]]}  # fmt: skip
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Fake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        km, minutes = osrm_table(url, [(60.0, 24.0), (61.0, 25.0)])
        assert km[0, 1] == 12.0 and minutes[1, 0] == 11.0
        assert seen[0].startswith("/table/v1/driving/24.000000,60.000000;25.000000,61.000000")
        assert "annotations=distance,duration" in seen[0]
        assert TravelModel(osrm_url=url).matrices([(60.0, 24.0), (61.0, 25.0)])[0][0, 1] == 12
    finally:
        server.shutdown()


def test_a_point_on_the_great_circle_splits_the_distance() -> None:
    oulu, helsinki = (65.01236, 25.46816), (60.16952, 24.93545)
    whole = distance_matrix([oulu, helsinki], 1.3)[0, 1]
    point = great_circle_point(oulu, helsinki, 0.3)
    parts = distance_matrix([oulu, point, helsinki], 1.3)
    assert parts[0, 1] == pytest.approx(0.3 * whole, abs=1e-6)
    assert parts[1, 2] == pytest.approx(0.7 * whole, abs=1e-6)
    assert great_circle_point(oulu, helsinki, 0.0) == pytest.approx(oulu)
    assert great_circle_point(oulu, helsinki, 1.0) == pytest.approx(helsinki)
