"""A planned tour as a folium map, a calendar file, an Excel workbook and phone directions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

from audits.daylight import TZ
from audits.routing import PlannedDay, TourPlan

COLOURS = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f",
]  # fmt: skip


def day_colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def tour_map(plan: TourPlan):  # noqa: ANN201 - folium.Map
    """One colour per day, numbered stops, hotel nights marked, home."""
    import folium

    from audits.mapbase import base_map, fit_points

    home = plan.request.home
    fmap = base_map(home.point, 6)
    folium.Marker(
        list(home.point),
        tooltip=f"Home: {home.name}",
        icon=folium.Icon(color="black", icon="house", prefix="fa"),
    ).add_to(fmap)
    number = 0
    for k, day in enumerate(plan.days):
        colour = day_colour(k)
        layer = folium.FeatureGroup(name=f"{day.date:%a %d.%m.}").add_to(fmap)
        points = [day.start_place.point]
        for v in day.visits:
            number += 1
            points.append((v.store.lat, v.store.lon))
            folium.Marker(
                [v.store.lat, v.store.lon],
                tooltip=f"{number}. {v.store.name} {v.start:%a %d.%m. %H:%M}",
                icon=folium.DivIcon(
                    html=(
                        f'<div style="background:{colour};color:#fff;border-radius:50%;'
                        f'width:22px;height:22px;text-align:center;font:bold 12px/22px sans-serif">'
                        f"{number}</div>"
                    )
                ),
            ).add_to(layer)
        points.append(day.end_place.point)
        folium.PolyLine(points, color=colour, weight=4, opacity=0.8).add_to(layer)
        if day.hotel:
            folium.Marker(
                list(day.end_place.point),
                tooltip=f"Hotel night {day.date:%d.%m.}: {day.end_place.name}",
                icon=folium.Icon(color="purple", icon="bed", prefix="fa"),
            ).add_to(layer)
    places = [p for d in plan.days for p in (d.start_place.point, d.end_place.point)]
    places += [(v.store.lat, v.store.lon) for d in plan.days for v in d.visits]
    fit_points(fmap, places)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap


def tour_ics(plan: TourPlan, prodid: str = "-//mystery-audits//tour//EN") -> bytes:
    """One event per visit, with the store's address, in Europe/Helsinki time."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    stamp = dt.datetime.now(dt.UTC)
    for day in plan.days:
        for v in day.visits:
            event = Event()
            event.add("uid", f"{day.date:%Y%m%d}-{v.store.code}@mystery-audits")
            event.add("dtstamp", stamp)
            event.add("dtstart", v.start.replace(tzinfo=TZ))
            event.add("dtend", v.end.replace(tzinfo=TZ))
            event.add("summary", f"Visit: {v.store.name}")
            location = ", ".join(x for x in (v.store.address, v.store.city) if x)
            event.add("location", location or f"{v.store.lat:.5f},{v.store.lon:.5f}")
            event.add("geo", (v.store.lat, v.store.lon))
            event.add("description", f"Store {v.store.code}; arrive {v.arrive:%H:%M}")
            cal.add_component(event)
    return cal.to_ical()


def directions_url(day: PlannedDay) -> str:
    """A Google Maps directions link for the day (opens the phone's map app)."""

    def at(point: tuple[float, float]) -> str:
        return f"{point[0]:.5f},{point[1]:.5f}"

    stops = [(v.store.lat, v.store.lon) for v in day.visits]
    params = {"api": "1", "origin": at(day.start_place.point), "travelmode": "driving"}
    params["destination"] = at(day.end_place.point)
    if stops:
        params["waypoints"] = "|".join(at(p) for p in stops)
    return "https://www.google.com/maps/dir/?" + urlencode(params, safe=",|")


def tour_xlsx(plan: TourPlan, target: str | Path | IO[bytes]) -> None:
    """Workbook with a summary, one row per day and one per visit; readable widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    cost = plan.cost
    rows = [
        ("Home", plan.request.home.name),
        ("Start", plan.request.start.isoformat()),
        ("Days", len(plan.days)),
        ("Visits", plan.visit_count),
        ("Km", round(plan.km, 1)),
        ("Drive hours", round(plan.drive_hours, 1)),
        ("Hotel nights", plan.hotel_nights),
        ("Km allowance €", float(cost.km_eur)),
        ("Full daily allowances", cost.full_days),
        ("Partial daily allowances", cost.partial_days),
        ("Daily allowances €", float(cost.allowance_eur)),
        ("Hotels €", float(cost.hotel_eur)),
        ("Total €", float(cost.total_eur)),
        ("Cost rates", plan.request.costs.source),
        ("Not planned", len(plan.unplanned)),
    ]
    for row in rows:
        summary.append(row)
    for label, value in summary.iter_rows(min_col=1, max_col=2):
        label.font = Font(bold=True)
        if str(label.value).endswith("€"):
            value.number_format = "#,##0.00"
    days = wb.create_sheet("Days")
    days.append(["Date", "From", "Depart", "Visits", "To", "Arrive", "Hotel", "Km", "Drive h",
                 "Directions"])  # fmt: skip
    for day in plan.days:
        days.append([
            day.date, day.start_place.name, day.depart.strftime("%H:%M"), len(day.visits),
            day.end_place.name, day.end_arrive.strftime("%H:%M"), "yes" if day.hotel else "",
            round(day.km, 1), round(day.drive_minutes / 60, 2), "Open in maps",
        ])  # fmt: skip
        link = days.cell(days.max_row, days.max_column)
        link.hyperlink, link.style = directions_url(day), "Hyperlink"
    visits = wb.create_sheet("Visits")
    visits.append(["Date", "#", "Code", "Store", "Address", "City", "Arrive", "Start", "End",
                   "Km", "Drive min", "Daylight"])  # fmt: skip
    for day in plan.days:
        for n, v in enumerate(day.visits, 1):
            visits.append([
                day.date, n, v.store.code, v.store.name, v.store.address, v.store.city,
                v.arrive.strftime("%H:%M"), v.start.strftime("%H:%M"), v.end.strftime("%H:%M"),
                round(v.km, 1), round(v.drive_minutes), "yes" if v.in_daylight else "no",
            ])  # fmt: skip
    if plan.unplanned:
        sheet = wb.create_sheet("Not planned")
        sheet.append(["Code", "Store", "City", "Reason"])
        for u in plan.unplanned:
            sheet.append([u.store.code, u.store.name, u.store.city, u.reason])
    for sheet in wb.worksheets[1:]:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for cell in sheet["A"][1:]:
            cell.number_format = "ddd dd.mm.yyyy"
    for sheet in wb.worksheets:
        for column in sheet.columns:
            width = max(_shown_length(c.value) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
        # printed: all columns on one page across, landscape, the header row on every page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        if sheet is not summary:
            sheet.print_title_rows = "1:1"
    wb.save(target)


def _shown_length(value: object) -> int:
    """Characters a cell shows: dates as "Mon 02.11.2026" (their number format), not ISO."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return len("Mon 02.11.2026")
    return len(str(value))
