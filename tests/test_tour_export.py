import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from html import escape
from urllib.parse import parse_qs, urlparse

import folium
import pytest
from branca.element import Element
from icalendar import Calendar
from openpyxl import Workbook, load_workbook

from audits.daylight import TZ
from audits.geo import Place, geocode
from audits.i18n import day_label
from audits.i18n import t as text
from audits.routing import Store, TourPlan, TourRequest, plan_tour, without_store
from audits.tour_export import (
    TAP_PX,
    day_map,
    directions_url,
    leave_line,
    tour_ics,
    tour_map,
    tour_xlsx,
)
from audits.tour_record import Figures, LeftVisit, TourChange

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


def _map_html(plan: TourPlan, lang: str) -> str:
    return tour_map(plan, lang).get_root().render()


def _map_texts(plan: TourPlan, lang: str) -> tuple[list[str], list[str]]:
    """The map's tooltips and its legend (the days' layer names)."""
    html = _map_html(plan, lang)
    tips = re.findall(r"bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`", html, re.S)
    return tips, re.findall(r'^\s*"([^"]+)" : feature_group_', html, re.M)


def test_map_texts_in_finnish(plan: TourPlan) -> None:
    tips, legend = _map_texts(plan, "fi")
    first = plan.days[0].visits[0]
    night = next(d for d in plan.days if d.hotel)
    assert plan.days[0].date == dt.date(2026, 11, 2)
    assert legend[0] == "ma 2.11." and len(legend) == len(plan.days)
    assert "Koti: Helsinki" in tips
    assert f"1. {first.store.name}: ma 2.11. klo {first.start.hour}.{first.start:%M}" in tips
    assert f"Hotelliyö {day_label(night.date, 'fi')[:-4]}: {night.end_place.name}" in tips
    assert any(re.fullmatch(r"ma 2\.11\.: \d käyntiä?, \d+ km", tip) for tip in tips), "the day"
    assert not any(re.search(r"\b(Home|Hotel|Mon|Tue|Wed|visits?)\b", tip) for tip in tips + legend)


def test_map_texts_in_english(plan: TourPlan) -> None:
    tips, legend = _map_texts(plan, "en")
    first = plan.days[0].visits[0]
    assert legend[0] == "Mon 2.11."
    assert "Home: Helsinki" in tips
    assert f"1. {first.store.name}: Mon 2.11. {first.start:%H:%M}" in tips
    night = next(d for d in plan.days if d.hotel)
    assert f"Hotel night {day_label(night.date, 'en')[:-4]}: {night.end_place.name}" in tips
    assert any(re.fullmatch(r"Mon 2\.11\.: \d visits?, \d+ km", tip) for tip in tips)
    assert not any(
        re.search(r"\b(Koti|Hotelliyö|ma|ti|ke|käyntiä?|klo)\b", tip) for tip in tips + legend
    )


def map_markers(fmap: folium.Map) -> list[tuple[str, str, str]]:
    """Each marker of a map: what it shows (a stop's number, or a pin's icon), the size a
    finger has to tap ("36" px, or "" for a pin) and the words of its popup ("" if none)."""

    def walk(element: Element) -> Iterator[Element]:
        yield element
        for child in element._children.values():
            yield from walk(child)

    found = []
    for marker in (e for e in walk(fmap) if isinstance(e, folium.Marker)):
        parts = list(marker._children.values())
        popup = next((p for p in parts if isinstance(p, folium.Popup)), None)
        said = " ".join(h.data for h in popup.html._children.values()) if popup else ""
        icon = next(p for p in parts if isinstance(p, folium.DivIcon | folium.Icon))
        if isinstance(icon, folium.DivIcon):
            [number] = re.findall(r">(\d+)</div>", icon.options["html"])
            found.append((number, str(icon.options["icon_size"][0]), said))
        else:
            found.append((icon.options["icon"], "", said))
    return found


def test_a_days_map_numbers_its_stops_from_one_between_where_it_starts_and_ends(
    plan: TourPlan,
) -> None:
    k = next(k for k, d in enumerate(plan.days) if k and plan.days[k - 1].hotel and d.visits)
    day, night = plan.days[k], plan.days[k - 1]
    markers = map_markers(day_map(plan, k, "fi"))
    stops = [m for m in markers if m[0].isdigit()]
    assert [n for n, *_ in stops] == [str(n) for n in range(1, len(day.visits) + 1)]
    assert {px for _, px, _ in stops} == {str(TAP_PX)}, "big enough to tap"
    first = day.visits[0]
    start, end = first.start, first.end
    assert stops[0][2] == (
        f"<b>1. {first.store.name}</b><br>{first.store.address}, {first.store.city}<br>"
        f"Käynti klo {start.hour}.{start:%M}–{end.hour}.{end:%M}<br>Auki 9.00–17.00"
    )
    pins = [m for m in markers if not m[0].isdigit()]
    assert ("bed", "", escape(leave_line(plan, k, "fi"))) in pins, "last night's hotel"
    assert escape(f"hotellista: {night.end_place.name}") in pins[0][2]
    html = day_map(plan, k, "en").get_root().render()
    assert "bindTooltip" not in html, "a tap opens a popup only, not a tooltip with it"
    assert f"Visit {start:%H:%M}–{end:%H:%M}" in html and "Open 09:00–17:00" in html


def test_a_day_from_home_and_back_has_one_house() -> None:
    lahti = geocode("Lahti")
    store = Store("S1", "Dealer Lahti", lahti.lat, lahti.lon, "Mo-Fr 09:00-17:00", "", "Lahti")
    plan = plan_tour(TourRequest(HELSINKI, dt.date(2026, 11, 2), (store,)))
    markers = map_markers(day_map(plan, 0, "en"))
    assert [(m[0], m[2]) for m in markers] == [
        ("house", "Home: Helsinki"),
        ("1", f"<b>1. Dealer Lahti</b><br>Lahti<br>Visit {_visit_time(plan)}<br>Open 09:00–17:00"),
    ]


def _visit_time(plan: TourPlan) -> str:
    visit = plan.days[0].visits[0]
    return f"{visit.start:%H:%M}–{visit.end:%H:%M}"


def test_a_day_says_whether_it_starts_from_home_or_from_last_nights_hotel(
    plan: TourPlan,
) -> None:
    for k, day in enumerate(plan.days):
        at = f"{day.depart.hour}.{day.depart:%M}"
        if k and plan.days[k - 1].hotel:
            hotel = plan.days[k - 1].end_place.name
            assert leave_line(plan, k, "fi") == f"Lähtö klo {at} hotellista: {hotel}"
            assert leave_line(plan, k, "en") == f"Leave the hotel in {hotel} at {day.depart:%H:%M}"
        else:
            assert leave_line(plan, k, "fi") == f"Lähtö klo {at} kotoa (Helsinki)"
            assert leave_line(plan, k, "en") == f"Leave home (Helsinki) at {day.depart:%H:%M}"
    assert any(d.hotel for d in plan.days[:-1]), "a day starts at a hotel"
    # a hotel on the road is named by its town and the drive there: no brackets in brackets
    road = Place("Pihtipudas (Kuopio → Kokkola, 159 km)", 63.3, 25.4, "route")
    days = [
        replace(plan.days[0], end_place=road, hotel=True),
        replace(plan.days[1], start_place=road),
    ]
    on_road = replace(plan, days=days)
    assert leave_line(on_road, 1, "fi").endswith(
        " hotellista: Pihtipudas (Kuopio → Kokkola, 159 km)"
    )
    assert leave_line(on_road, 1, "en").startswith(
        "Leave the hotel in Pihtipudas (Kuopio → Kokkola, 159 km) at "
    )


def _events(plan: TourPlan, lang: str) -> list:
    return list(Calendar.from_ical(tour_ics(plan, lang)).walk("VEVENT"))


def test_ics_parses(plan: TourPlan) -> None:
    events = _events(plan, "en")
    assert len(events) == plan.visit_count
    assert any("Katu 0, Oulu" in str(e.get("location")) for e in events)
    starts = [e.decoded("dtstart") for e in events]
    visits = [v for d in plan.days for v in d.visits]
    assert [s.replace(tzinfo=None) for s in starts] == [
        v.start.replace(second=0, microsecond=0) for v in visits
    ], "to the minute, as the tour page shows them"


def test_ics_in_finnish_and_english(plan: TourPlan) -> None:
    first = plan.days[0].visits[0]
    km, minutes = f"{first.km:.1f}", round(first.drive_minutes)
    assert 1 < first.km < 1000, "no thousands separator here"
    fi, en = _events(plan, "fi")[0], _events(plan, "en")[0]
    assert str(fi["summary"]) == f"Käynti: {first.store.name}"
    assert str(fi["description"]).split("\n") == [
        f"Myymälä {first.store.code}",
        f"Perillä klo {first.arrive.hour}.{first.arrive:%M}",
        f"Ajomatka {km.replace('.', ',')} km, {minutes} min",
        "Auki 9.00–17.00",
    ]
    assert str(en["summary"]) == f"Visit: {first.store.name}"
    assert str(en["description"]).split("\n") == [
        f"Store {first.store.code}",
        f"Arrive at {first.arrive:%H:%M}",
        f"Drive {km} km, {minutes} min",
        "Open 09:00–17:00",
    ]


def test_ics_leaves_out_a_drive_of_nothing_and_hours_not_known() -> None:
    store = Store("S1", "Dealer Helsinki", HELSINKI.lat, HELSINKI.lon, "", "Katu 1", "Helsinki")
    plan = plan_tour(TourRequest(HELSINKI, dt.date(2026, 11, 2), (store,)))
    [visit] = plan.days[0].visits
    [event] = _events(plan, "fi")
    assert str(event["description"]).split("\n") == [
        "Myymälä S1",
        f"Perillä klo {visit.arrive.hour}.{visit.arrive:%M}",
    ]


def _workbook(plan: TourPlan, lang: str) -> Workbook:
    buffer = io.BytesIO()
    tour_xlsx(plan, buffer, lang)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def test_xlsx_opens(plan: TourPlan) -> None:
    wb = _workbook(plan, "en")
    assert wb.sheetnames[:3] == ["Summary", "Days", "Visits"]
    assert wb["Visits"].max_row == plan.visit_count + 1
    assert wb["Days"].column_dimensions["B"].width >= 8
    days = wb["Days"]
    assert days.column_dimensions["A"].width >= len("Mon 2.11.2026"), "dates shown whole"
    link = days.cell(2, days.max_column)
    assert (link.value, link.hyperlink.target) == ("Open in maps", directions_url(plan.days[0]))
    assert all(ws.page_setup.fitToWidth == 1 and ws.page_setup.orientation == "landscape"
               for ws in wb.worksheets), "printed one page wide"  # fmt: skip


def test_xlsx_in_finnish(plan: TourPlan) -> None:
    wb = _workbook(plan, "fi")
    assert wb.sheetnames[:3] == ["Yhteenveto", "Päivät", "Käynnit"]
    days = wb["Päivät"]
    assert [c.value for c in days[1]][:4] == ["Päivä", "Mistä", "Lähtö", "Käyntejä"]
    link = days.cell(2, days.max_column)
    assert (link.value, link.hyperlink.target) == ("Avaa kartalla", directions_url(plan.days[0]))
    assert days["A2"].number_format == "[$-40B]ddd d.m.yyyy", "weekday named in Finnish"
    assert days["C2"].number_format == 'h"."mm', "8.00 as the app writes it"
    hotel = [r[6] for r in days.iter_rows(min_row=2, values_only=True)]
    assert "Kyllä" in hotel and "yes" not in hotel
    labels = [r[0] for r in wb["Yhteenveto"].iter_rows(values_only=True)]
    assert labels[:3] == ["Koti", "Aloituspäivä", "Päiviä"] and "Yhteensä" in labels
    visits = wb["Käynnit"]
    assert {r[11] for r in visits.iter_rows(min_row=2, values_only=True)} <= {"Kyllä", "Ei"}


def test_xlsx_figures_are_numbers_with_formats(plan: TourPlan) -> None:
    wb = _workbook(plan, "en")
    summary = {row[0].value: row[1] for row in wb["Summary"].iter_rows()}
    total = summary["Total"]
    assert total.value == pytest.approx(float(plan.cost.total_eur))
    assert total.number_format == '#,##0.00 "€"'
    assert summary["Km"].value == pytest.approx(plan.km)
    assert summary["Km"].number_format == "#,##0.0"
    assert summary["Start date"].value == dt.datetime(2026, 11, 2)
    assert summary["Start date"].number_format == "[$-409]ddd d.m.yyyy"
    days = wb["Days"]
    first = plan.days[0]
    assert days["A2"].value == dt.datetime.combine(first.date, dt.time())
    assert days["C2"].value == first.depart.time().replace(second=0, microsecond=0)
    assert days["C2"].number_format == "hh:mm"
    assert days["H2"].value == pytest.approx(first.km) and days["H2"].number_format == "#,##0.0"
    assert days["H1"].alignment.horizontal == "right", "a figure's heading over the figures"
    assert days["A1"].alignment.horizontal == "right", "dates and times are figures too"
    assert days["B1"].alignment.horizontal == "left"


def test_xlsx_of_a_tour_visits_left_sets_the_approved_figures_beside_the_ones_now(
    plan: TourPlan,
) -> None:
    shorter = without_store(plan, "S1")
    left = LeftVisit("S1", "Dealer Vaasa", "Vaasa", dt.date(2026, 11, 3), None)
    at = dt.datetime(2026, 10, 30, 14, 5, tzinfo=TZ)
    change = TourChange(
        Figures.of(plan), Figures.of(shorter), (left, replace(left, code="S2", at=at))
    )
    buffer = io.BytesIO()
    tour_xlsx(shorter, buffer, "fi", change)
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["Yhteenveto"]
    rows = {row[0].value: row[1:] for row in sheet.iter_rows()}
    assert [c.value for c in sheet[1]] == [None, "Nyt", "Hyväksytty"]
    now, approved = rows["Km"]
    assert now.value == pytest.approx(shorter.km) and approved.value == round(plan.km, 1)
    assert approved.number_format == now.number_format == "#,##0.0"
    now, approved = rows["Yhteensä"]
    assert (now.value, approved.value) == (
        float(shorter.cost.total_eur),
        float(plan.cost.total_eur),
    )
    assert approved.number_format == '#,##0.00 "€"'
    assert [c.value for c in rows["Hotelliöitä"]] == [shorter.hotel_nights, plan.hotel_nights]
    assert len(rows["Koti"]) == 1 or rows["Koti"][1].value is None, "no approved home"
    assert rows["Muuttunut hyväksynnän jälkeen"][0].value == text("tr_changed", "fi", n=2)
    taken = [
        r[1] for r in sheet.iter_rows(values_only=True) if r[0] in ("Pois otetut käynnit", None)
    ]
    assert taken[-2:] == [
        "Dealer Vaasa (Vaasa), suunniteltu ti 3.11.2026: otettu pois",
        "Dealer Vaasa (Vaasa), suunniteltu ti 3.11.2026: otettu pois pe 30.10.2026 klo 14.05",
    ]


def test_xlsx_tells_why_a_store_was_not_planned_in_the_language() -> None:
    shut = Store("S9", "Closed", HELSINKI.lat, HELSINKI.lon, "Mo-Su off", "Katu 9", "Helsinki")
    plan = plan_tour(TourRequest(HELSINKI, dt.date(2026, 11, 2), (shut,)))
    fi, en = (_workbook(plan, lang).worksheets[-1] for lang in ("fi", "en"))
    assert (fi.title, en.title) == ("Suunnittelematta", "Not planned")
    assert fi["D2"].value == plan.unplanned[0].why.text("fi") != en["D2"].value
    assert en["D2"].value == plan.unplanned[0].why.text("en")


def test_xlsx_wraps_a_long_reason_within_its_column_at_the_top() -> None:
    weekends = Store("S8", "Weekends", HELSINKI.lat, HELSINKI.lon, "Sa-Su 10:00-14:00")
    shut = Store("S9", "Closed", HELSINKI.lat, HELSINKI.lon, "Mo-Su off")
    plan = plan_tour(TourRequest(HELSINKI, dt.date(2026, 11, 2), (weekends, shut)))
    sheet = _workbook(plan, "fi")["Suunnittelematta"]
    long, short = sheet["D2"], sheet["D3"]
    assert len(long.value) > 100 > len(short.value), "the reason why the weekends are out"
    assert sheet.column_dimensions["D"].width == 60, "as wide as a column gets, not wider"
    assert long.alignment.wrap_text and long.alignment.vertical == "top"
    assert sheet["A2"].alignment.vertical == "top", "the code level with the reason's first line"
    assert sheet.row_dimensions[2].height == 2 * 15, "tall enough for its two lines"
    assert not short.alignment.wrap_text and sheet.row_dimensions[3].height is None
    assert sheet.column_dimensions["A"].width < 20, "the other columns as wide as their text"


def test_xlsx_wraps_the_long_cost_rates_beside_their_label(plan: TourPlan) -> None:
    rates = {row[0].value: row[1] for row in _workbook(plan, "en")["Summary"].iter_rows()}
    cell = rates["Cost rates"]
    assert len(cell.value) > 60 and cell.alignment.wrap_text
    assert cell.alignment.horizontal == "left" and cell.alignment.vertical == "top"


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
    html = _map_html(plan, "en")
    assert "fitBounds" not in html, "home and the store are one place: no box to fit"
    assert f"center: [{HELSINKI.lat}, {HELSINKI.lon}]" in html and '"zoom": 11' in html


def test_a_tour_map_fits_its_stops(plan: TourPlan) -> None:
    html = _map_html(plan, "en")
    assert "fitBounds" in html and '"maxZoom": 12' in html


@pytest.fixture(scope="module")
def far() -> TourPlan:
    """Kuopio from Helsinki in December's daylight: out of reach by a morning's drive, so the
    tour opens with a day of driving (Tuesday), visits on Wednesday and drives home."""
    p = geocode("Kuopio")
    store = Store("S1", "Dealer Kuopio", p.lat, p.lon, "Mo-Fr 09:00-17:00", "Katu 1", "Kuopio")
    plan = plan_tour(TourRequest(HELSINKI, dt.date(2026, 12, 1), (store,)))
    assert [len(d.visits) for d in plan.days][:2] == [0, 1]
    return plan


def test_a_day_of_driving_on_the_map(far: TourPlan) -> None:
    tips, legend = _map_texts(far, "fi")
    drive = far.days[0]
    assert legend[0] == "ti 1.12." and len(legend) == len(far.days)
    assert f"ti 1.12.: ajopäivä, {round(drive.km)} km" in tips
    assert "Hotelliyö ti 1.12.: Kuopio" in tips
    tips, _ = _map_texts(far, "en")
    assert f"Tue 1.12.: day of driving, {round(drive.km)} km" in tips


def test_a_day_of_driving_in_the_calendar(far: TourPlan) -> None:
    drive = far.days[0]
    events = _events(far, "fi")
    assert len(events) == far.visit_count + sum(1 for d in far.days if not d.visits)
    first = events[0]
    assert str(first["summary"]) == "Ajopäivä: Kuopio"
    assert first.decoded("dtstart").replace(tzinfo=None) == drive.depart
    assert first.decoded("dtend").replace(tzinfo=None) == drive.end_arrive.replace(
        second=0, microsecond=0
    )
    km, minutes = f"{drive.km:.1f}".replace(".", ","), round(drive.drive_minutes)
    assert str(first["description"]).split("\n") == [
        "Lähtö Helsinki klo 8.00",
        f"Perillä Kuopio klo {drive.end_arrive.hour}.{drive.end_arrive:%M}",
        f"Ajomatka {km} km, {minutes} min",
        "Hotelliyö: Kuopio",
    ]
    assert str(_events(far, "en")[0]["summary"]) == "Day of driving: Kuopio"


def test_a_day_of_driving_in_the_workbook(far: TourPlan) -> None:
    days = _workbook(far, "fi")["Päivät"]
    row = [c.value for c in days[2]]
    assert row[1:5] == ["Helsinki", dt.time(8), 0, "Kuopio"]
    assert row[6] == "Kyllä" and row[7] == pytest.approx(far.days[0].km)
    assert [c.value for c in days[1]][9:] == ["Huomio", "Reitti"]
    assert row[9] == "Ajopäivä" and days.cell(3, 10).value is None, "a day of visits: no note"
    assert days.cell(2, 11).hyperlink is not None, "the route stays the linked last column"


def test_a_store_named_like_code_stays_text_on_the_maps() -> None:
    """Folium puts tooltips and popups into JavaScript templates: a backtick would end one and
    ${…} would run, and a tag would be drawn."""
    p = geocode("Porvoo")
    name = "Auto `${alert(1)}` <b>Oy</b>"
    store = Store("S1", name, p.lat, p.lon, "Mo-Fr 09:00-17:00", "Katu 1", "Porvoo")
    plan = plan_tour(TourRequest(HELSINKI, dt.date(2026, 11, 2), (store,)))
    for fmap in (tour_map(plan, "fi"), day_map(plan, 0, "fi")):
        html = fmap.get_root().render()
        assert "${alert" not in html and "<b>Oy" not in html and "Auto `" not in html
        assert "Auto &#96;&#36;{alert(1)}&#96; &lt;b&gt;Oy&lt;/b&gt;" in html


@pytest.fixture(scope="module")
def road() -> TourPlan:
    """Olivia from Oulu to Helsinki and Espoo from Thursday 26 November: Friday's evening
    drive home stops at a hotel on the road and the rest is driven on Saturday morning."""
    oulu = Place("Oulu", 65.0124, 25.4682, "given")
    stores = []
    for i, town in enumerate(["Helsinki", "Espoo"]):
        p = geocode(town)
        stores.append(Store(f"S{i}", f"Dealer {town}", p.lat, p.lon, "Mo-Fr 09:00-17:00",
                            f"Katu {i}", town))  # fmt: skip
    plan = plan_tour(TourRequest(oulu, dt.date(2026, 11, 26), tuple(stores)))
    assert [(d.date.day, len(d.visits)) for d in plan.days] == [(26, 0), (27, 2), (28, 0)]
    return plan


HOTEL = "Haapavesi (Espoo → Oulu, 574 km)"


def test_a_hotel_on_the_road_is_named_by_its_town_on_the_maps(road: TourPlan) -> None:
    friday, saturday = road.days[1:]
    assert friday.hotel and friday.end_place.name == HOTEL
    tips, _ = _map_texts(road, "fi")
    assert f"Hotelliyö pe 27.11.: {HOTEL}" in tips
    assert "la 28.11.: ajopäivä, 123 km" in tips, "the drive home on Saturday"
    tips, _ = _map_texts(road, "en")
    assert f"Hotel night Fri 27.11.: {HOTEL}" in tips
    pins = [m for m in map_markers(day_map(road, 2, "en")) if not m[0].isdigit()]
    assert ("bed", "", escape(f"Leave the hotel in {HOTEL} at 08:00")) in pins


def test_a_hotel_on_the_road_and_the_drive_home_on_saturday_in_the_calendar(
    road: TourPlan,
) -> None:
    saturday = road.days[2]
    events = _events(road, "fi")
    assert len(events) == 2 + 2, "two visits, two days of driving"
    home = events[-1]
    assert str(home["summary"]) == "Ajopäivä: Oulu"
    assert home.decoded("dtstart").replace(tzinfo=None) == dt.datetime(2026, 11, 28, 8)
    assert str(home["description"]).split("\n")[:2] == [
        f"Lähtö {HOTEL} klo 8.00",
        f"Perillä Oulu klo {saturday.end_arrive.hour}.{saturday.end_arrive:%M}",
    ]
    visits = [e for e in events if str(e["summary"]).startswith("Käynti")]
    assert all(e.decoded("dtstart").date() == dt.date(2026, 11, 27) for e in visits)
    # the drive out on Thursday ends at the first store's town; a hotel on the road is a point
    [out] = [e for e in events if e.decoded("dtstart").date() == dt.date(2026, 11, 26)]
    assert str(out["location"]) == road.days[0].end_place.name
    assert (out["geo"].latitude, out["geo"].longitude) == road.days[0].end_place.point


def test_a_hotel_on_the_road_and_the_drive_home_on_saturday_in_the_workbook(
    road: TourPlan,
) -> None:
    days = _workbook(road, "en")["Days"]
    rows = [[c.value for c in row] for row in days.iter_rows(min_row=2)]
    assert [(r[0], r[4], r[6]) for r in rows[1:]] == [
        (dt.datetime(2026, 11, 27), HOTEL, "Yes"),
        (dt.datetime(2026, 11, 28), "Oulu", None),
    ]
    assert rows[2][1] == HOTEL and rows[2][9] == "Day of driving"
    summary = {r[0].value: r[1].value for r in _workbook(road, "en")["Summary"].iter_rows()}
    assert summary["Hotel nights"] == 2 and summary["Days"] == 3
