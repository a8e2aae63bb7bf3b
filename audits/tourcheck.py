"""Check a tour plan against every constraint of its request.

`check_plan(plan)` returns the violations (empty when the plan is valid). Kinds:
`unknown_store`, `duplicate`, `missing` (a store neither planned nor reported unplanned),
`not_worked_day`, `day_order`, `continuity` (a day does not start where the previous ended),
`working_day`, `times` (arrival/start/end inconsistent), `leg` (km or drive minutes not those of
the distance model), `closed` (outside opening hours), `daylight`, `hotel` (hotel flag wrong),
`max_visits` (more visits in a day than the request's maximum).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from audits.daylight import daylight_minutes
from audits.geo import Place
from audits.routing import HOME_KM, TourPlan

TOLERANCE_MIN = 1.0
TOLERANCE_KM = 0.05


@dataclass(frozen=True)
class Violation:
    kind: str
    day: dt.date | None
    store: str | None
    message: str

    def __str__(self) -> str:
        where = " ".join(x for x in (str(self.day or ""), self.store or "") if x)
        return f"{self.kind}: {where}: {self.message}" if where else f"{self.kind}: {self.message}"


def _minute(moment: dt.datetime, day: dt.date) -> float:
    return (moment - dt.datetime.combine(day, dt.time())).total_seconds() / 60.0


def _leg(plan: TourPlan, a: Place, b: Place) -> tuple[float, float]:
    km, minutes = plan.request.travel.matrices([a.point, b.point])
    return float(km[0, 1]), float(minutes[0, 1])


def _same_place(a: Place, b: Place) -> bool:
    return abs(a.lat - b.lat) < 1e-6 and abs(a.lon - b.lon) < 1e-6


def check_plan(plan: TourPlan) -> list[Violation]:
    out: list[Violation] = []
    out += _check_stores(plan)
    previous_end: Place = plan.request.home
    previous_date: dt.date | None = None
    for k, day in enumerate(plan.days):
        if previous_date and day.date <= previous_date:
            out.append(Violation("day_order", day.date, None, "days out of order or repeated"))
        previous_date = day.date
        if not _same_place(day.start_place, previous_end):
            out.append(
                Violation(
                    "continuity",
                    day.date,
                    None,
                    f"starts at {day.start_place.name}, previous day ended at {previous_end.name}",
                )
            )
        out += _check_day(plan, day)
        last = k == len(plan.days) - 1
        at_home = _leg(plan, day.end_place, plan.request.home)[0] <= HOME_KM
        if day.hotel == at_home:
            out.append(Violation("hotel", day.date, None, "hotel flag does not match end place"))
        if last and plan.request.return_home and not at_home:
            out.append(Violation("hotel", day.date, None, "the tour does not end at home"))
        previous_end = day.end_place
    return out


def _check_stores(plan: TourPlan) -> list[Violation]:
    out: list[Violation] = []
    codes = {s.code for s in plan.request.stores}
    seen: set[str] = set()
    for day in plan.days:
        for v in day.visits:
            if v.store.code not in codes:
                out.append(Violation("unknown_store", day.date, v.store.code, "not requested"))
            if v.store.code in seen:
                out.append(Violation("duplicate", day.date, v.store.code, "visited twice"))
            seen.add(v.store.code)
    reported = seen | {u.store.code for u in plan.unplanned}
    for code in sorted(codes - reported):
        out.append(Violation("missing", None, code, "neither planned nor reported unplanned"))
    return out


def _check_day(plan: TourPlan, day) -> list[Violation]:  # noqa: ANN001
    request = plan.request
    out: list[Violation] = []
    ds, de = request.day_minutes
    if (
        day.date.weekday() not in request.weekdays
        or day.date < request.start
        or (request.last_day and day.date > request.last_day)
    ):
        out.append(Violation("not_worked_day", day.date, None, "not a worked date of the range"))
    if _minute(day.depart, day.date) < ds - TOLERANCE_MIN:
        out.append(Violation("working_day", day.date, None, "departs before the working day"))
    if _minute(day.end_arrive, day.date) > de + TOLERANCE_MIN:
        out.append(Violation("working_day", day.date, None, "ends after the working day"))
    most = request.max_visits_per_day
    if most is not None and len(day.visits) > most:
        out.append(
            Violation("max_visits", day.date, None, f"{len(day.visits)} visits, at most {most}")
        )
    here, t = day.start_place, day.depart
    for v in day.visits:
        code = v.store.code
        km, minutes = _leg(plan, here, v.store.place)
        if abs(km - v.km) > TOLERANCE_KM or abs(minutes - v.drive_minutes) > TOLERANCE_MIN:
            out.append(Violation("leg", day.date, code, f"leg {v.km:.1f} km, model {km:.1f} km"))
        if _minute(v.arrive, day.date) + TOLERANCE_MIN < _minute(t, day.date) + minutes:
            out.append(Violation("times", day.date, code, "arrives sooner than the drive allows"))
        if (
            v.start < v.arrive
            or abs((v.end - v.start).total_seconds() / 60 - request.visit_minutes) > TOLERANCE_MIN
        ):
            out.append(Violation("times", day.date, code, "visit start/end inconsistent"))
        out += _check_windows(plan, day.date, v)
        here, t = v.store.place, v.end
    km, minutes = _leg(plan, here, day.end_place)
    if abs(km - day.end_km) > TOLERANCE_KM:
        out.append(
            Violation("leg", day.date, None, f"last leg {day.end_km:.1f} km, model {km:.1f}")
        )
    if _minute(day.end_arrive, day.date) + TOLERANCE_MIN < _minute(t, day.date) + minutes:
        out.append(Violation("times", day.date, None, "arrives at the end sooner than possible"))
    return out


def _check_windows(plan: TourPlan, day: dt.date, v) -> list[Violation]:  # noqa: ANN001
    request = plan.request
    a, b = _minute(v.start, day), _minute(v.end, day)
    out: list[Violation] = []
    opened = v.store.hours.minutes_on(day)
    if not any(s - TOLERANCE_MIN <= a and b <= e + TOLERANCE_MIN for s, e in opened):
        out.append(Violation("closed", day, v.store.code, "visit outside opening hours"))
    ds, de = request.day_minutes
    if a < ds - TOLERANCE_MIN or b > de + TOLERANCE_MIN:
        out.append(Violation("working_day", day, v.store.code, "visit outside the working day"))
    must = request.daylight == "required" or (request.daylight == "preferred" and v.in_daylight)
    if must:
        light = daylight_minutes(round(v.store.lat, 3), round(v.store.lon, 3), day)
        if light is None or a < light[0] - TOLERANCE_MIN or b > light[1] + TOLERANCE_MIN:
            out.append(Violation("daylight", day, v.store.code, "visit outside daylight"))
    return out
