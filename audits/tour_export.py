"""A planned tour as a folium map, a calendar file, an Excel workbook and phone directions."""

from __future__ import annotations

import datetime as dt
import textwrap
from copy import copy
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlencode

from audits.costs import CostModel
from audits.daylight import TZ
from audits.geo import Place
from audits.i18n import EXCEL_DATE, EXCEL_TIMES, clock, day_label, number, t
from audits.routing import PlannedDay, PlannedVisit, TourPlan
from audits.tour_record import Figures, LeftVisit, TourChange

if TYPE_CHECKING:
    import folium
    from openpyxl.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

COLOURS = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f",
]  # fmt: skip


def day_colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


# A numbered stop's circle, in CSS pixels: small on a laptop's map of the whole tour, where
# stops crowd; on a phone a finger's width (a tap target should be about 44 px).
STOP_PX = 22
TAP_PX = 36
PIN_PX = 50  # home's or a hotel's pin stands this high over its place


def tour_map(plan: TourPlan, lang: str) -> folium.Map:
    """The whole tour: one colour per day, the stops numbered through the tour (a popup with
    each store's hours), hotel nights marked, home; texts in `lang`."""
    import folium

    from audits.mapbase import base_map, fit_points, spread_stops

    home = plan.request.home
    fmap = base_map(home.point, 6)
    _place_marker(home, "house", "black", t("tr_map_home", lang, place=home.name)).add_to(fmap)
    stop = 0
    for k, day in enumerate(plan.days):
        layer = folium.FeatureGroup(name=_short_day(day.date, lang)).add_to(fmap)
        _draw_day(layer, day, day_colour(k), stop + 1, lang)
        stop += len(day.visits)
        if day.hotel:
            said = t("tr_map_hotel", lang, day=_short_day(day.date, lang), place=day.end_place.name)
            _place_marker(day.end_place, "bed", "purple", said).add_to(layer)
    places = [p for d in plan.days for p in (d.start_place.point, d.end_place.point)]
    places += [(v.store.lat, v.store.lon) for d in plan.days for v in d.visits]
    fit_points(fmap, places)
    spread_stops(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap


def day_map(plan: TourPlan, index: int, lang: str) -> folium.Map:
    """The tour's day `index` for a phone: where it starts (home or last night's hotel), its
    stops numbered from 1 in the order driven, where it ends; markers a finger can tap, and
    the words in popups (a tap opens a tooltip too: not both)."""
    from audits.mapbase import base_map, fit_points, spread_stops

    day = plan.days[index]
    # quarter steps of zoom: a day's route fills the phone's small map, whole steps leave a
    # margin up to twice its size
    fmap = base_map(day.start_place.point, 6, zoom_snap=0.25)
    if day.start_place.point != day.end_place.point:  # not a day from home and back
        hotel = day_start(plan, index) == "hotel"
        pin = ("bed", "purple") if hotel else ("house", "black")
        _place_marker(day.start_place, *pin, leave_line(plan, index, lang), phone=True).add_to(fmap)
    if day.hotel:
        said = t("tr_map_hotel", lang, day=_short_day(day.date, lang), place=day.end_place.name)
        _place_marker(day.end_place, "bed", "purple", said, phone=True).add_to(fmap)
    else:
        said = t("tr_map_home", lang, place=day.end_place.name)
        _place_marker(day.end_place, "house", "black", said, phone=True).add_to(fmap)
    _draw_day(fmap, day, day_colour(index), 1, lang, phone=True)
    points = [day.start_place.point, day.end_place.point]
    points += [(v.store.lat, v.store.lon) for v in day.visits]
    fit_points(fmap, points, padding=(TAP_PX, PIN_PX))
    spread_stops(fmap)
    return fmap


def day_start(plan: TourPlan, index: int) -> str:
    """Where the day `index` starts: "home", or "hotel" after a night on the road."""
    return "hotel" if index > 0 and plan.days[index - 1].hotel else "home"


def leave_line(plan: TourPlan, index: int, lang: str) -> str:
    """ "Lähtö klo 8.00 kotoa (Helsinki)", "Lähtö klo 8.00 hotellista: Pihtipudas (Kuopio →
    Kokkola, 159 km)": a hotel on the road is named by its town and the drive there, and the
    name stays whole, out of brackets of its own."""
    day = plan.days[index]
    key = f"tr_leave_{day_start(plan, index)}"
    return t(key, lang, place=day.start_place.name, time=clock(day.depart, lang))


def _place_marker(
    place: Place, icon: str, colour: str, said: str, phone: bool = False
) -> folium.Marker:
    """Home or a hotel: a pin with its words, a tooltip to hover or a popup to tap."""
    import folium

    from audits.mapbase import map_text

    words = {"popup": _popup(map_text(said))} if phone else {"tooltip": map_text(said)}
    return folium.Marker(
        list(place.point), icon=folium.Icon(color=colour, icon=icon, prefix="fa"), **words
    )


def _draw_day(
    parent: folium.Map | folium.FeatureGroup,
    day: PlannedDay,
    colour: str,
    first: int,
    lang: str,
    phone: bool = False,
) -> None:
    """The day's stops numbered from `first`, each with a popup of the store and its hours,
    and the drive from the day's start through them to where it ends."""
    import folium

    px = TAP_PX if phone else STOP_PX
    points = [day.start_place.point]
    for stop, v in enumerate(day.visits, start=first):
        points.append((v.store.lat, v.store.lon))
        tip = {} if phone else {"tooltip": _visit_tip(stop, v, lang)}
        folium.Marker(
            [v.store.lat, v.store.lon],
            popup=_popup(_visit_popup(stop, v, lang)),
            icon=_stop_icon(stop, colour, px),
            z_index_offset=1000,  # over a hotel's or home's pin in the store's own town
            **tip,
        ).add_to(parent)
    points.append(day.end_place.point)
    line = {} if phone else {"tooltip": _day_tip(day, lang)}
    folium.PolyLine(points, color=colour, weight=4, opacity=0.8, **line).add_to(parent)


def _popup(html_text: str) -> folium.Popup:
    """A popup that a map moves clear of its zoom buttons (top left) when it opens, narrow
    enough to fit beside them on a phone."""
    import folium

    return folium.Popup(html_text, max_width=220, auto_pan_padding_top_left=(50, 12))


def _stop_icon(stop: int, colour: str, px: int) -> folium.DivIcon:
    """A numbered circle centred on the store (Leaflet places a box of `icon_size`)."""
    import folium

    font = round(px * 0.55)
    return folium.DivIcon(
        html=(
            f'<div class="audits-stop" style="background:{colour};color:#fff;border-radius:50%;'
            f"width:{px}px;height:{px}px;text-align:center;box-sizing:border-box;"
            f"border:2px solid #fff;box-shadow:0 1px 3px rgba(0,0,0,.5);"
            f'font:bold {font}px/{px - 4}px sans-serif">{stop}</div>'
        ),
        icon_size=(px, px),
        icon_anchor=(px // 2, px // 2),
    )


def _visit_popup(stop: int, visit: PlannedVisit, lang: str) -> str:
    """The store, where it is, the visit's time and the day's opening hours (HTML)."""
    from audits.mapbase import map_text

    where = ", ".join(x for x in (visit.store.address, visit.store.city) if x)
    start, end = clock(visit.start, lang), clock(visit.end, lang)
    lines = [
        f"{stop}. {visit.store.name}",
        where,
        t("tr_map_visit_time", lang, start=start, end=end),
    ]
    if hours := _open_hours(visit, lang):
        lines.append(t("tr_ics_open", lang, hours=hours))
    shown = [map_text(line) for line in lines if line]
    return f"<b>{shown[0]}</b><br>" + "<br>".join(shown[1:])


def _open_hours(visit: PlannedVisit, lang: str) -> str:
    """The store's opening hours on the visit's day ("9.00–17.00"), or "" when unknown."""
    hours = visit.store.hours
    windows = hours.windows_on(visit.start.date())
    if hours.unknown or not windows:
        return ""
    return ", ".join(f"{clock(a, lang)}–{clock(b, lang)}" for a, b in windows)


def _short_day(date: dt.date, lang: str) -> str:
    """ "ma 2.11." / "Mon 2.11.": the day label without its year."""
    return day_label(date, lang)[:-4]


def _visit_tip(stop: int, visit: PlannedVisit, lang: str) -> str:
    from audits.mapbase import map_text

    day = _short_day(visit.start.date(), lang)
    time = clock(visit.start, lang)
    return map_text(
        t("tr_map_visit", lang, number=stop, store=visit.store.name, day=day, time=time)
    )


def _day_tip(day: PlannedDay, lang: str) -> str:
    km, short = number(day.km, lang, 0), _short_day(day.date, lang)
    if not day.visits:
        return t("tr_map_travel", lang, day=short, km=km)
    return t("tr_map_day", lang, day=short, n=len(day.visits), km=km)


def tour_ics(plan: TourPlan, lang: str, prodid: str = "-//mystery-audits//tour//EN") -> bytes:
    """One event per visit, with the store's address, and one per day of driving only, in
    Europe/Helsinki time; texts in `lang`."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    stamp = dt.datetime.now(dt.UTC)
    for day in plan.days:
        if not day.visits:
            cal.add_component(_travel_event(day, lang, stamp))
        for v in day.visits:
            event = Event()
            event.add("uid", f"{day.date:%Y%m%d}-{v.store.code}@mystery-audits")
            event.add("dtstamp", stamp)
            # To the minute, as the tour page and the workbook show them.
            event.add("dtstart", v.start.replace(second=0, microsecond=0, tzinfo=TZ))
            event.add("dtend", v.end.replace(second=0, microsecond=0, tzinfo=TZ))
            event.add("summary", t("tr_ics_visit", lang, store=v.store.name))
            location = ", ".join(x for x in (v.store.address, v.store.city) if x)
            event.add("location", location or f"{v.store.lat:.5f},{v.store.lon:.5f}")
            event.add("geo", (v.store.lat, v.store.lon))
            event.add("description", _visit_description(v, lang))
            cal.add_component(event)
    return cal.to_ical()


def _travel_event(day: PlannedDay, lang: str, stamp: dt.datetime):  # noqa: ANN202 - Event
    """A day of driving only: from where it leaves to where the night is spent."""
    from icalendar import Event

    event = Event()
    event.add("uid", f"{day.date:%Y%m%d}-drive@mystery-audits")
    event.add("dtstamp", stamp)
    event.add("dtstart", day.depart.replace(second=0, microsecond=0, tzinfo=TZ))
    event.add("dtend", day.end_arrive.replace(second=0, microsecond=0, tzinfo=TZ))
    event.add("summary", t("tr_ics_travel", lang, place=day.end_place.name))
    event.add("location", day.end_place.name)
    event.add("geo", day.end_place.point)  # a hotel on the road is a point, not an address
    km, minutes = number(day.km, lang, 1), round(day.drive_minutes)
    night = (
        t("tr_hotel_in", lang, place=day.end_place.name)
        if day.hotel
        else t("tr_home_at", lang, time=clock(day.end_arrive, lang))
    )
    lines = [
        t("tr_ics_leave", lang, place=day.start_place.name, time=clock(day.depart, lang)),
        t("tr_ics_end", lang, place=day.end_place.name, time=clock(day.end_arrive, lang)),
        t("tr_ics_drive", lang, km=km, minutes=minutes),
        night,
    ]
    event.add("description", "\n".join(lines))
    return event


def _visit_description(visit: PlannedVisit, lang: str) -> str:
    """The store's code, the arrival, the drive there (unless the night was spent at the store's
    door) and the day's opening hours, a line each."""
    lines = [
        t("tr_ics_store", lang, code=visit.store.code),
        t("tr_ics_arrive", lang, time=clock(visit.arrive, lang)),
    ]
    if round(visit.km, 1):
        km, minutes = number(visit.km, lang, 1), round(visit.drive_minutes)
        lines.append(t("tr_ics_drive", lang, km=km, minutes=minutes))
    if hours := _open_hours(visit, lang):
        lines.append(t("tr_ics_open", lang, hours=hours))
    return "\n".join(lines)


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


EUR_FORMAT = '#,##0.00 "€"'
KM_FORMAT = "#,##0.0"
HOURS_FORMAT = "0.0"
COUNT_FORMAT = "0"
MAX_WIDTH = 60  # the widest column; a longer text wraps within it rather than across the page
LINE_HEIGHT = 15  # points, a line of 11-point text
# The locale tag makes Excel and LibreOffice name the weekday in the workbook's language
# ("ma 30.11.2026"), whatever the reader's own settings.
DATE_FORMATS = {"fi": f"[$-40B]ddd {EXCEL_DATE}", "en": f"[$-409]ddd {EXCEL_DATE}"}
_SHOWN_DATE = "Mon 02.11.2026"

Row = list[tuple[object, str]]  # (value, mark) per cell: a number format, "bold" or ""


# --- an approved tour that visits left --------------------------------------------------------

# (text key, the figure, its number format): what the approved and the current figures show
COMPARED: list[tuple[str, str, str]] = [
    ("tr_days", "days", COUNT_FORMAT),
    ("tr_visits", "visits", COUNT_FORMAT),
    ("tr_km", "km", KM_FORMAT),
    ("tr_drive_hours", "drive_hours", HOURS_FORMAT),
    ("tr_hotel_nights", "hotel_nights", COUNT_FORMAT),
    ("tr_cost_km", "km_eur", EUR_FORMAT),
    ("tr_xlsx_full_days", "full_days", COUNT_FORMAT),
    ("tr_xlsx_partial_days", "partial_days", COUNT_FORMAT),
    ("tr_xlsx_allowances", "allowance_eur", EUR_FORMAT),
    ("tr_xlsx_hotels", "hotel_eur", EUR_FORMAT),
    ("tr_cost_total", "cost_eur", EUR_FORMAT),
]


def figure(figures: Figures, name: str) -> float | int:
    value = getattr(figures, name)
    return value if isinstance(value, int) else float(value)


def left_line(left: LeftVisit, lang: str) -> str:
    """ "A Three (Pori), planned for Mon 23.11.2026: taken out on Fri 20.11.2026 at 14:05"."""
    values = {"store": left.name, "city": left.city, "day": day_label(left.planned, lang)}
    if left.at is None:
        return t("tr_left_visit_undated", lang, **values)
    when = t("tr_left_when", lang, day=day_label(left.at.date(), lang), time=clock(left.at, lang))
    return t("tr_left_visit", lang, **values, when=when)


def change_note(change: TourChange, lang: str) -> str:
    """What changed since the approval, and how to read the two sets of figures."""
    return t("tr_changed", lang, n=len(change.left))


def tour_xlsx(
    plan: TourPlan, target: str | Path | IO[bytes], lang: str, change: TourChange | None = None
) -> None:
    """Workbook in `lang` with a summary, one row per day and one per visit; readable widths.
    Figures, dates and times are numbers with number formats, so a spreadsheet shows them in
    its reader's style and can sum them. With `change` (visits left the approved tour) the
    summary sets the approved figures beside the ones now and names the visits that left."""
    from openpyxl import Workbook

    wb = Workbook()
    summary = wb.active
    summary.title = t("tr_xlsx_summary", lang)
    rows = _summary_rows(plan, lang)
    if change is not None:
        rows = _changed_rows(rows, change, lang)
    _fill(summary, rows, header=False)
    _fill(wb.create_sheet(t("tr_xlsx_days", lang)), _day_rows(plan, lang))
    _fill(wb.create_sheet(t("tr_xlsx_visits", lang)), _visit_rows(plan, lang))
    if plan.unplanned:
        _fill(wb.create_sheet(t("tr_xlsx_unplanned", lang)), _unplanned_rows(plan, lang))
    _links(wb.worksheets[1], plan)
    for sheet in wb.worksheets:
        _print_setup(sheet, title_row=sheet is not summary)
    wb.save(target)


def _summary_rows(plan: TourPlan, lang: str) -> list[Row]:
    cost, costs = plan.cost, plan.request.costs
    rates = t("tr_cost_defaults", lang) if costs.source == CostModel().source else costs.source
    rows = [
        ("tr_xlsx_home", plan.request.home.name, ""),
        ("tr_start", plan.request.start, _date_format(lang)),
        ("tr_days", len(plan.days), COUNT_FORMAT),
        ("tr_visits", plan.visit_count, COUNT_FORMAT),
        ("tr_km", plan.km, KM_FORMAT),
        ("tr_drive_hours", plan.drive_hours, HOURS_FORMAT),
        ("tr_hotel_nights", plan.hotel_nights, COUNT_FORMAT),
        ("tr_cost_km", float(cost.km_eur), EUR_FORMAT),
        ("tr_xlsx_full_days", cost.full_days, COUNT_FORMAT),
        ("tr_xlsx_partial_days", cost.partial_days, COUNT_FORMAT),
        ("tr_xlsx_allowances", float(cost.allowance_eur), EUR_FORMAT),
        ("tr_xlsx_hotels", float(cost.hotel_eur), EUR_FORMAT),
        ("tr_cost_total", float(cost.total_eur), EUR_FORMAT),
        ("tr_xlsx_rates", rates, ""),
        ("tr_xlsx_unplanned", len(plan.unplanned), COUNT_FORMAT),
    ]
    return [[(t(key, lang), "bold"), (value, fmt)] for key, value, fmt in rows]


def _changed_rows(rows: list[Row], change: TourChange, lang: str) -> list[Row]:
    """The summary with a column of the approved figures beside the ones now, then the note
    and the visits that left."""
    approved = {t(key, lang): (figure(change.approved, name), fmt) for key, name, fmt in COMPARED}
    head: Row = [(None, ""), (t("tr_now", lang), "bold"), (t("tr_approved", lang), "bold")]
    out = [head]
    for row in rows:
        label = row[0][0]
        out.append([*row, approved[label]] if label in approved else row)
    out.append([(t("tr_changed_col", lang), "bold"), (change_note(change, lang), "")])
    for n, left in enumerate(change.left):
        label = t("tr_xlsx_left", lang) if n == 0 else ""
        out.append([(label, "bold"), (left_line(left, lang), "")])
    return out


def _day_rows(plan: TourPlan, lang: str) -> list[Row]:
    date, time = _date_format(lang), EXCEL_TIMES[lang]
    keys = ["m_date", "tr_xlsx_from", "tr_xlsx_depart", "tr_visits", "tr_xlsx_to", "tr_arrive",
            "tr_xlsx_hotel", "tr_km", "tr_drive_hours", "tr_xlsx_note",
            "tr_xlsx_directions"]  # fmt: skip
    rows = [_header(keys, lang)]
    for day in plan.days:
        rows.append([
            (day.date, date), (day.start_place.name, ""), (_minute(day.depart), time),
            (len(day.visits), COUNT_FORMAT), (day.end_place.name, ""),
            (_minute(day.end_arrive), time), (t("yes", lang) if day.hotel else "", ""),
            (day.km, KM_FORMAT), (day.drive_minutes / 60, HOURS_FORMAT),
            ("" if day.visits else t("tr_travel_day", lang), ""),
            (t("tr_xlsx_open_maps", lang), ""),
        ])  # fmt: skip
    return rows


def _visit_rows(plan: TourPlan, lang: str) -> list[Row]:
    date, time = _date_format(lang), EXCEL_TIMES[lang]
    keys = ["m_date", "#", "m_code", "store", "m_address", "city", "tr_arrive",
            "tr_xlsx_visit_start", "tr_xlsx_visit_end", "tr_leg_km", "tr_drive_min",
            "tr_daylight"]  # fmt: skip
    rows = [_header(keys, lang)]
    for day in plan.days:
        for n, v in enumerate(day.visits, 1):
            rows.append([
                (day.date, date), (n, COUNT_FORMAT), (v.store.code, ""), (v.store.name, ""),
                (v.store.address, ""), (v.store.city, ""), (_minute(v.arrive), time),
                (_minute(v.start), time), (_minute(v.end), time),
                (v.km, KM_FORMAT), (round(v.drive_minutes), COUNT_FORMAT),
                (t("yes" if v.in_daylight else "no", lang), ""),
            ])  # fmt: skip
    return rows


def _unplanned_rows(plan: TourPlan, lang: str) -> list[Row]:
    rows = [_header(["m_code", "store", "city", "tr_reason"], lang)]
    for u in plan.unplanned:
        rows.append([(u.store.code, ""), (u.store.name, ""), (u.store.city, ""),
                     (u.why.text(lang), "")])  # fmt: skip
    return rows


def _header(keys: list[str], lang: str) -> Row:
    return [(key if key == "#" else t(key, lang), "bold") for key in keys]


def _date_format(lang: str) -> str:
    return DATE_FORMATS.get(lang, DATE_FORMATS["en"])


def _minute(moment: dt.datetime) -> dt.time:
    """The time of day as the plan shows it, to the minute."""
    return moment.time().replace(second=0, microsecond=0)


def _fill(sheet: Worksheet, rows: list[Row], header: bool = True) -> None:
    """Append the rows; "bold" marks a label, any other mark is the cell's number format.
    Columns as wide as their longest value, up to MAX_WIDTH: a longer text wraps within it."""
    from openpyxl.styles import Font

    # The workbook's own font, bold: a bare Font(bold=True) names no font and prints in serif.
    bold = Font(name="Calibri", size=11, bold=True)
    for row in rows:
        sheet.append([value for value, _ in row])
        for cell, (_, mark) in zip(sheet[sheet.max_row][: len(row)], row, strict=True):
            if mark == "bold":
                cell.font = bold
            elif mark:
                cell.number_format = mark
    if header:
        sheet.freeze_panes = "A2"
    for column in sheet.columns:
        _align(column, header)
        width = max(_shown_length(c) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 3, 8), MAX_WIDTH)
    _fit_rows(sheet)


def _align(column: tuple[Cell, ...], header: bool) -> None:
    """Under a header, a figure's column, heading and all, aligned right, and text indented so
    that it does not run into the figure on its left; beside labels, the value left, whatever its
    kind. Every cell at the top, level with the first line of a wrapped text in its row."""
    from openpyxl.styles import Alignment

    if header:
        figure = len(column) > 1 and _is_figure(column[1].value)
        horizontal, indent = ("right", 0) if figure else ("left", 1)
    else:
        horizontal, indent = ("left", 0) if column[0].column > 1 else (None, 0)
    for cell in column:
        wrap = isinstance(cell.value, str) and len(cell.value) + 3 > MAX_WIDTH
        cell.alignment = Alignment(
            horizontal=horizontal, vertical="top", wrap_text=wrap, indent=indent
        )


def _fit_rows(sheet: Worksheet) -> None:
    """A row with wrapped text as tall as its lines: spreadsheets do not grow it on opening."""
    for row in sheet.iter_rows():
        lines = max((_wrapped_lines(c, sheet) for c in row if c.alignment.wrap_text), default=1)
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines


def _wrapped_lines(cell: Cell, sheet: Worksheet) -> int:
    # A width unit is a digit of the default font; a line of ordinary text holds more letters:
    # at least 1.1 a unit in LibreOffice's DejaVu Sans fallback, more in the narrower Calibri.
    chars = int(sheet.column_dimensions[cell.column_letter].width * 1.1)
    return len(textwrap.wrap(str(cell.value), chars))


def _is_figure(value: object) -> bool:
    """A value a spreadsheet aligns right: a number, a date or a time."""
    return isinstance(value, int | float | dt.date | dt.time) and not isinstance(value, bool)


def _links(days: Worksheet, plan: TourPlan) -> None:
    """The last column of each day: a link to the day's route in the phone's map app."""
    for row, day in enumerate(plan.days, start=2):
        link = days.cell(row, days.max_column)
        alignment = copy(link.alignment)  # the named style would reset it
        link.hyperlink, link.style = directions_url(day), "Hyperlink"
        link.alignment = alignment


def _print_setup(sheet: Worksheet, title_row: bool) -> None:
    """Printed: all columns on one page across, landscape, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_row:
        sheet.print_title_rows = "1:1"


def _shown_length(cell: Cell) -> int:
    """Characters a cell shows as formatted: "Mon 02.11.2026", "1,234.50 €", "08:00"."""
    value = cell.value
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return len(_SHOWN_DATE)
    if isinstance(value, dt.time):
        return len("00:00")
    if isinstance(value, float):
        shown = f"{value:,.2f}"
        return len(shown) + 2 if cell.number_format == EUR_FORMAT else len(shown)
    return len(str(value))
