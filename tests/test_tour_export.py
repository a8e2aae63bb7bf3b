import datetime as dt
import io
from urllib.parse import parse_qs, urlparse

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from audits.geo import Place, geocode
from audits.routing import Store, TourPlan, TourRequest, plan_tour
from audits.tour_export import directions_url, tour_ics, tour_map, tour_xlsx

HELSINKI = Place("Helsinki", 60.16952, 24.93545, "gazetteer")


@pytest.fixture(scope="module")
def plan() -> TourPlan:
    towns = ["Oulu", "Vaasa", "Kuopio", "Porvoo"]
    stores = []
    for i, t in enumerate(towns):
        p = geocode(t)
        stores.append(Store(f"S{i}", f"Dealer {t}", p.lat, p.lon, "Mo-Fr 09:00-17:00",
                            f"Katu {i}", t))  # fmt: skip
    return plan_tour(TourRequest(HELSINKI, dt.date(2026, 11, 2), tuple(stores)))


def test_map_html(plan: TourPlan) -> None:
    html = tour_map(plan).get_root().render()
    assert "Home: Helsinki" in html and "Hotel night" in html and "Dealer Oulu" in html


def test_ics_parses(plan: TourPlan) -> None:
    cal = Calendar.from_ical(tour_ics(plan))
    events = list(cal.walk("VEVENT"))
    assert len(events) == plan.visit_count
    assert any("Katu 0, Oulu" in str(e.get("location")) for e in events)


def test_xlsx_opens(plan: TourPlan) -> None:
    buffer = io.BytesIO()
    tour_xlsx(plan, buffer)
    wb = load_workbook(io.BytesIO(buffer.getvalue()))
    assert wb.sheetnames[:3] == ["Summary", "Days", "Visits"]
    assert wb["Visits"].max_row == plan.visit_count + 1
    assert wb["Days"].column_dimensions["B"].width >= 8
    days = wb["Days"]
    assert days.column_dimensions["A"].width >= len("Mon 02.11.2026"), "dates shown whole"
    link = days.cell(2, days.max_column)
    assert (link.value, link.hyperlink.target) == ("Open in maps", directions_url(plan.days[0]))
    assert all(ws.page_setup.fitToWidth == 1 and ws.page_setup.orientation == "landscape"
               for ws in wb.worksheets), "printed one page wide"  # fmt: skip


def test_directions_url(plan: TourPlan) -> None:
    url = directions_url(plan.days[0])
    query = parse_qs(urlparse(url).query)
    assert url.startswith("https://www.google.com/maps/dir/?api=1")
    assert len(query["waypoints"][0].split("|")) == len(plan.days[0].visits)


def test_a_tour_to_one_store_in_the_home_town_opens_on_it() -> None:
    store = Store("S1", "Dealer Helsinki", HELSINKI.lat, HELSINKI.lon, "Mo-Fr 09:00-17:00",
                  "Katu 1", "Helsinki")  # fmt: skip
    plan = plan_tour(TourRequest(HELSINKI, dt.date(2026, 11, 2), (store,)))
    assert plan.visit_count == 1
    html = tour_map(plan).get_root().render()
    assert "fitBounds" not in html, "home and the store are one place: no box to fit"
    assert f"center: [{HELSINKI.lat}, {HELSINKI.lon}]" in html and '"zoom": 11' in html


def test_a_tour_map_fits_its_stops(plan: TourPlan) -> None:
    html = tour_map(plan).get_root().render()
    assert "fitBounds" in html and '"maxZoom": 12' in html
