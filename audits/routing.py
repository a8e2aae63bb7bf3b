"""The tour planner: which store on which day, in which order, with hotel nights and cost.

Model. Time is counted in minutes from midnight of the start date (Finnish wall-clock time).
For every store and every worked date the allowed *visit start* windows are the opening hours ∩
the working day ∩ (when required) daylight at the store, each shortened by the visit length.
A day holds at most `max_visits_per_day` visits when the request sets it.

Nights. After the day's last visit the shopper drives on toward the next stop until the
working day ends and sleeps where that drive stops: in the next store's town when it is reached,
otherwise at a hotel on the way (with OSRM distances only whole drives, as part-way points would
not match its road network). The rest of the drive opens the next worked day. The drive home
at the end of the tour may end up to `HOME_LATE_MINUTES` after the working day instead: nobody
sleeps at a hotel a quarter of an hour from home. Where driving
home within the working day and back out the next morning costs less than the hotel night and
its allowances (day trips near home, weekends), the night is spent at home instead
(`Timing.settle`; not with the objective km, as any night at home adds km). Before a day off, a
store or two of the next day may go to another day so that the shopper can go home
(`_home_over_breaks`).

Days of driving only. A drive too long for a morning (the first store a day's drive or more
from home, Oulu to Uusimaa in December's short daylight; two regions far apart) starts on the
free worked dates just before the day of visits: each such day leaves at the start of the
working day and drives until the working day ends or the drive is done, and the night is spent
at a hotel on the way or in the store's town; as few such days as the day of visits needs
(`Timing.reach`; with OSRM distances only a whole drive that fits in a working day). The drive
home after the last visit goes on over as many such days as it takes (`Timing.travel`), on
the days right after it, a Saturday or a holiday too: nobody waits at a hotel over a weekend
to finish the drive on Monday (one night and the morning's drive home instead of three nights
and their allowances), and the checker refuses a drive home that waits. They are days of the
tour like any other: their km, hotel nights and daily allowances are in the cost, and the
checker checks that each drives along the way to the next stop until it reaches it or the
working day ends. When a night at a hotel is followed by days off (leave on Friday to visit
from Monday; a tour from Wednesday whose visits go on after the weekend), the whole tour is
tried up to a week's worked dates later (`_late_start`), kept when that costs less.

Solver. VROOM (pyvroom, BSD) solves one vehicle over the whole period: the stores are jobs with
one time window per open date, each night is a break pinned to the end of the working day, the
cost is km. A drive that VROOM runs across night breaks is exactly the evening drive and the
days of driving only above, so our decoder re-times every day exactly and keeps VROOM's plan;
any store that no longer fits (limits VROOM does not model: visits a day, OSRM) goes back by
cheapest feasible insertion.
Candidate plans come from horizons around the fewest days VROOM fits all stores in; the kept
one leaves the fewest stores out, then is best by the request's objective (total cost by
default, or days, or km).
The same request gives the same plan on any machine: the search is bounded by its number of
VROOM runs, not by the clock, and a VROOM run without a timeout gives the same solution
whatever its number of threads (its searches are the same, only spread over the threads, and
the best is taken in their fixed order). A time cap only guards against a run-away search; the
plan says when it cut the search (`TourPlan.cut_short`).
Every plan returned passes `audits.tourcheck.check_plan`.

The pure order (`shortest_order`) is a round trip ignoring time, solved with fast-tsp (MIT).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import pairwise
from typing import Any, Literal

import numpy as np

from audits.costs import CostBreakdown, CostModel, DayAbsence, tour_cost
from audits.daylight import daylight_minutes
from audits.geo import Place, TravelModel, distance_matrix, great_circle_point, town_near
from audits.i18n import Phrase, Refusal, date_text
from audits.openinghours import OpeningHours, parse_opening_hours, public_holiday

Daylight = Literal["required", "preferred", "off"]
Objective = Literal["cost", "days", "km"]
OBJECTIVES: tuple[Objective, ...] = ("cost", "days", "km")
Progress = Callable[[str], None]
EPS = 1e-6
HOME_KM = 0.05  # ending a day this close to home is sleeping at home
# The drive home at the end of a tour may end this long after the working day rather than stop
# for a night at a hotel less than that from home.
HOME_LATE_MINUTES = 60.0
OPTIMISTIC = math.inf  # as if the first drive of a day were all done the evening before
SAFETY_SECONDS = 120.0  # planning is stopped after this long, whatever the work bound allows
VROOM_LEAST_TIMEOUT = 0.5  # seconds: a run always gets this long, so a plan is always returned


# --- input -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Store:
    code: str
    name: str
    lat: float
    lon: float
    opening_hours: str = ""
    address: str = ""
    city: str = ""

    @cached_property
    def hours(self) -> OpeningHours:
        return parse_opening_hours(self.opening_hours)

    @property
    def place(self) -> Place:
        return Place(self.city or self.name, self.lat, self.lon, "store")


@dataclass(frozen=True)
class TourRequest:
    home: Place
    start: dt.date
    stores: tuple[Store, ...]
    visit_minutes: int = 45
    day_start: dt.time = dt.time(8, 0)
    day_end: dt.time = dt.time(19, 0)
    daylight: Daylight = "required"
    weekdays: frozenset[int] = frozenset(range(5))  # 0 = Monday
    last_day: dt.date | None = None
    return_home: bool = True
    costs: CostModel = field(default_factory=CostModel)
    travel: TravelModel = field(default_factory=TravelModel)
    max_days: int = 60  # the horizon in calendar days when last_day is not given
    max_visits_per_day: int | None = None  # None: no limit
    # What the planner minimises among plans that leave the fewest stores out: the total
    # cost the client pays, the days worked (then km), or the km driven (then days).
    objective: Objective = "cost"

    def __post_init__(self) -> None:
        if self.objective not in OBJECTIVES:
            raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}")
        if self.max_visits_per_day is not None and self.max_visits_per_day < 1:
            raise ValueError(f"at least one visit a day, not {self.max_visits_per_day}")

    @property
    def day_minutes(self) -> tuple[int, int]:
        return (
            self.day_start.hour * 60 + self.day_start.minute,
            self.day_end.hour * 60 + self.day_end.minute,
        )

    @property
    def period_end(self) -> dt.date:
        """The last date of the range: `last_day`, or the end of the horizon."""
        return self.last_day or self.start + dt.timedelta(days=self.max_days - 1)

    def worked_dates(self) -> list[dt.date]:
        """The range's working weekdays, without Finland's public holidays."""
        days = (self.period_end - self.start).days + 1
        dates = [self.start + dt.timedelta(days=i) for i in range(max(days, 0))]
        return [d for d in dates if d.weekday() in self.weekdays and not public_holiday(d)]


# --- output ------------------------------------------------------------------------------------


@dataclass
class PlannedVisit:
    store: Store
    arrive: dt.datetime
    start: dt.datetime
    end: dt.datetime
    km: float  # the drive to this store
    drive_minutes: float
    in_daylight: bool = True


@dataclass
class PlannedDay:
    date: dt.date
    start_place: Place
    depart: dt.datetime
    visits: list[PlannedVisit]
    end_place: Place
    end_km: float
    end_drive_minutes: float
    end_arrive: dt.datetime
    hotel: bool

    @property
    def km(self) -> float:
        return sum(v.km for v in self.visits) + self.end_km

    @property
    def drive_minutes(self) -> float:
        return sum(v.drive_minutes for v in self.visits) + self.end_drive_minutes


@dataclass(frozen=True)
class Unplanned:
    store: Store
    why: Phrase

    @property
    def reason(self) -> str:
        return str(self.why)


@dataclass
class TourPlan:
    request: TourRequest
    days: list[PlannedDay]
    unplanned: list[Unplanned]
    solver: str = ""
    seconds: float = 0.0
    # The safety time cap stopped the search for fewer days: a better plan may exist.
    cut_short: bool = False

    @property
    def km(self) -> float:
        return sum(d.km for d in self.days)

    @property
    def drive_hours(self) -> float:
        return sum(d.drive_minutes for d in self.days) / 60.0

    @property
    def hotel_nights(self) -> int:
        return hotel_nights(self.days)

    @property
    def cost(self) -> CostBreakdown:
        return plan_cost(self)

    @property
    def visit_count(self) -> int:
        return sum(len(d.visits) for d in self.days)

    def to_dict(self) -> dict[str, Any]:
        return plan_to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def hotel_nights(days: Sequence[PlannedDay]) -> int:
    """Nights away from home: hotel nights of each day and the nights between worked days."""
    nights = 0
    for i, day in enumerate(days):
        if not day.hotel:
            continue
        following = days[i + 1].date if i + 1 < len(days) else day.date + dt.timedelta(days=1)
        nights += max(1, (following - day.date).days)
    return nights


def _place_km(a: Place, b: Place) -> float:
    return float(distance_matrix([a.point, b.point], 1.0)[0, 1])


def plan_cost(plan: TourPlan) -> CostBreakdown:
    home = plan.request.home
    absences: list[DayAbsence] = []
    previous_hotel = False
    for i, day in enumerate(plan.days):
        places = [day.start_place, day.end_place, *(v.store.place for v in day.visits)]
        farthest = max(_place_km(home, p) for p in places)
        if previous_hotel or day.hotel:
            hours = 24.0
        else:
            hours = (day.end_arrive - day.depart).total_seconds() / 3600.0
        absences.append(DayAbsence(hours, farthest))
        # weekend nights in a hotel between worked days are away days too
        if day.hotel and i + 1 < len(plan.days):
            gap = (plan.days[i + 1].date - day.date).days - 1
            absences.extend(DayAbsence(24.0, farthest) for _ in range(gap))
        previous_hotel = day.hotel
    return tour_cost(plan.request.costs, plan.km, absences, plan.hotel_nights)


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def plan_to_dict(plan: TourPlan) -> dict[str, Any]:
    """The CLI/JSON schema: days[].date, days[].visits[].store/arrive/start/end/km, ..."""
    cost = plan.cost
    return {
        "home": {
            "name": plan.request.home.name,
            "lat": plan.request.home.lat,
            "lon": plan.request.home.lon,
        },
        "start": plan.request.start.isoformat(),
        "visit_minutes": plan.request.visit_minutes,
        "daylight": plan.request.daylight,
        "max_visits_per_day": plan.request.max_visits_per_day,
        "objective": plan.request.objective,
        "days": [
            {
                "date": d.date.isoformat(),
                "start_place": d.start_place.name,
                "depart": _iso(d.depart),
                "visits": [
                    {
                        "store": v.store.code,
                        "name": v.store.name,
                        "city": v.store.city,
                        "arrive": _iso(v.arrive),
                        "start": _iso(v.start),
                        "end": _iso(v.end),
                        "km": round(v.km, 1),
                        "drive_minutes": round(v.drive_minutes),
                        "daylight": v.in_daylight,
                    }
                    for v in d.visits
                ],
                "end_place": d.end_place.name,
                "end_km": round(d.end_km, 1),
                "end_arrive": _iso(d.end_arrive),
                "hotel": d.hotel,
                "km": round(d.km, 1),
            }
            for d in plan.days
        ],
        "unplanned": [{"store": u.store.code, "reason": u.reason} for u in plan.unplanned],
        "totals": {
            "km": round(plan.km, 1),
            "drive_hours": round(plan.drive_hours, 2),
            "days": len(plan.days),
            "visits": plan.visit_count,
            "hotel_nights": plan.hotel_nights,
            "cost_eur": float(cost.total_eur),
        },
        "cost": cost.as_dict(),
        "solver": plan.solver,
        "cut_short": plan.cut_short,
    }


# --- windows -----------------------------------------------------------------------------------


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s < e:
                out.append((s, e))
    return sorted(out)


@dataclass(frozen=True)
class StoreWindows:
    """Visit-start windows (minutes of the day) per worked date; daylight flag per date."""

    by_date: dict[dt.date, list[tuple[int, int]]]
    daylight: bool
    reason: Phrase | None


def store_windows(request: TourRequest, store: Store, dates: list[dt.date]) -> StoreWindows:
    ds, de = request.day_minutes
    visit = request.visit_minutes
    open_any = lit_any = False

    def windows(use_daylight: bool) -> dict[dt.date, list[tuple[int, int]]]:
        nonlocal open_any, lit_any
        out: dict[dt.date, list[tuple[int, int]]] = {}
        for day in dates:
            spans = _intersect(store.hours.minutes_on(day), [(ds, de)])
            spans = [(a, b) for a, b in spans if b - a >= visit]
            open_any = open_any or bool(spans)
            if use_daylight:
                light = daylight_minutes(round(store.lat, 3), round(store.lon, 3), day)
                spans = _intersect(spans, [light]) if light else []
                spans = [(a, b) for a, b in spans if b - a >= visit]
                lit_any = lit_any or bool(spans)
            starts = [(a, b - visit) for a, b in spans]
            if starts:
                out[day] = starts
        return out

    if request.daylight == "off":
        return StoreWindows(windows(False), False, None if open_any else _closed_reason(store))
    lit = windows(True)
    if lit:
        return StoreWindows(lit, True, None)
    if not open_any:
        return StoreWindows({}, True, _closed_reason(store))
    if request.daylight == "preferred":
        return StoreWindows(windows(False), False, None)
    return StoreWindows({}, True, Phrase("up_dark"))


def _closed_reason(store: Store) -> Phrase:
    return Phrase("up_closed_week" if store.hours.closed_all_week() else "up_closed_dates")


# --- the exact day-by-day timing ---------------------------------------------------------------


@dataclass(frozen=True)
class DayTiming:
    visits: list[tuple[float, float]]  # (arrive, start) per visit, minutes of the day
    depart: float
    finish: float  # where the day ends: after the evening drive
    evening: float  # minutes driven after the last visit toward the next stop


def _leave_later(
    ds: float, lead: float, first: tuple[float, float]
) -> tuple[float, tuple[float, float]]:
    """Leave later rather than wait at the first store: the departure and the first visit's
    (arrive, start), given the day's start, the drive there and its (arrive, start)."""
    arrive, begin = first
    return max(ds, begin - lead), ((begin, begin) if arrive < begin else first)


class Timing:
    """Distances and windows of one request, and exact re-timing of day sequences."""

    def __init__(self, request: TourRequest, progress: Progress | None = None):
        self.request = request
        self.dates = request.worked_dates()
        self.points = [request.home.point, *((s.lat, s.lon) for s in request.stores)]
        self.km, self.minutes = request.travel.matrices(self.points)
        self.windows = [store_windows(request, s, self.dates) for s in request.stores]
        self.places = [request.home, *(s.place for s in request.stores)]
        # A drive may stop for the night part way only where km and minutes are proportional.
        self.split = not request.travel.osrm_url
        ds, de = request.day_minutes
        self.drive_day = float(de - ds)  # the most a day of driving only drives

    def node(self, store_index: int) -> int:
        return store_index + 1

    def day_route(
        self,
        day: dt.date,
        start: int,
        seq: Sequence[int],
        end: int | None,
        done: float = 0.0,
        late: float = 0.0,
    ) -> DayTiming | None:
        """Timing of one day of visits (`seq` not empty), in minutes of the day; None when it
        does not fit.

        `start`/`end` are nodes (0 = home). `done`: minutes of the first drive from `start`
        already driven before (the evening before, days of driving only). After the last visit
        the shopper drives toward `end` until the working day ends and sleeps there (the rest
        is driven the next morning), or reaches it when that takes at most `late` minutes more
        (the drive home at the end of the tour); `end` None: stays at the last store. Too many
        visits for the request also fail.
        """
        most = self.request.max_visits_per_day
        if most is not None and len(seq) > most:
            return None
        ds, de = self.request.day_minutes
        lead = max(0.0, float(self.minutes[start, seq[0] + 1]) - done)
        timed = self.visit_times(day, seq, float(ds), lead)
        if timed is None:
            return None
        out, t = timed
        here = seq[-1] + 1
        if t > de + EPS:
            return None
        evening = 0.0
        if end is not None and end != here:
            leg = float(self.minutes[here, end])
            room = max(0.0, de - t)
            evening = leg if leg <= room + late + EPS else (room if self.split else 0.0)
        depart, out[0] = _leave_later(float(ds), lead, out[0])
        return DayTiming(out, depart, t + evening, evening)

    def visit_times(
        self, day: dt.date, seq: Sequence[int], t: float, lead: float
    ) -> tuple[list[tuple[float, float]], float] | None:
        """(arrive, start) of each visit of `seq` in turn from minute `t` of the day, the first
        drive taking `lead` minutes, each visit as early as its store's windows allow (waiting
        for the opening); and the minute the last one ends. None when one misses its windows."""
        out: list[tuple[float, float]] = []
        for n, i in enumerate(seq):
            arrive = t + (lead if n == 0 else float(self.minutes[seq[n - 1] + 1, i + 1]))
            begin = next(
                (
                    max(arrive, float(a))
                    for a, b in self.windows[i].by_date.get(day, ())
                    if arrive <= b + EPS
                ),
                None,
            )
            if begin is None:
                return None
            out.append((arrive, begin))
            t = begin + self.request.visit_minutes
        return out, t

    def without_visit(self, day: PlannedDay, gone: int) -> PlannedDay:
        """The day without its visit number `gone`, from the same start to the same end: the
        visits before it as they were, the ones after it re-timed along the shorter route
        (`visit_times`), and the day's end reached that much earlier."""
        ds = float(self.request.day_minutes[0])
        midnight = dt.datetime.combine(day.date, dt.time())

        def at(minute: float) -> dt.datetime:
            return midnight + dt.timedelta(minutes=minute)

        kept, later = day.visits[:gone], day.visits[gone + 1 :]
        here = kept[-1].store.place if kept else day.start_place
        t = (kept[-1].end - midnight).total_seconds() / 60.0 if kept else ds
        depart = day.depart if kept else at(ds)
        if not later:
            km, minutes = self._drive(here, day.end_place)
            end = {"end_km": km, "end_drive_minutes": minutes, "end_arrive": at(t + minutes)}
            return replace(day, depart=depart, visits=kept, **end)
        index = {s.code: i for i, s in enumerate(self.request.stores)}
        km, lead = self._drive(here, later[0].store.place)
        timed = self.visit_times(day.date, [index[v.store.code] for v in later], t, lead)
        if timed is None:  # the detour was quicker (road distances): the times as they were
            return replace(day, visits=[*kept, *later])
        out, t = timed
        if not kept:
            leave, out[0] = _leave_later(ds, lead, out[0])
            depart = at(leave)
        visit = self.request.visit_minutes
        retimed = [
            replace(v, arrive=at(a), start=at(b), end=at(b + visit))
            for v, (a, b) in zip(later, out, strict=True)
        ]
        retimed[0] = replace(retimed[0], km=km, drive_minutes=lead)
        end_arrive = at(t + day.end_drive_minutes)
        return replace(day, depart=depart, visits=[*kept, *retimed], end_arrive=end_arrive)

    def _drive(self, a: Place, b: Place) -> tuple[float, float]:
        """(km, minutes) from a to b: the matrices' where both are nodes (home, stores), else
        the same travel model's between the two points (a hotel on the way)."""
        nodes = {p.point: k for k, p in enumerate(self.places)}
        i, j = nodes.get(a.point), nodes.get(b.point)
        if i is not None and j is not None:
            return float(self.km[i, j]), float(self.minutes[i, j])
        km, minutes = self.request.travel.matrices([a.point, b.point])
        return float(km[0, 1]), float(minutes[0, 1])

    def build(
        self,
        plan_days: list[tuple[dt.date, list[int]]],
        *,
        open_end: bool = False,
        home_nights: frozenset[dt.date] = frozenset(),
    ) -> list[PlannedDay] | None:
        """Whole tour from (date, store indexes) in date order, or None when a day fails.

        A drive too long for the morning of a day of visits starts on days of driving only,
        on the free worked dates just before it (`reach`); the drive home after the last day
        ends on such days, the days right after it, when the evening does not reach home
        (`travel`).
        `open_end`: the tour may go on after the last day (no drive home): a check of a
        beginning of a tour, which stays feasible when days are added after it.
        `home_nights`: dates after which the shopper drives home within the working day and
        sleeps there, instead of driving on toward the next stop.
        """
        request = self.request
        days: list[PlannedDay] = []
        here, done = 0, 0.0
        previous: dt.date | None = None
        plan_days = [(d, s) for d, s in plan_days if s]
        for k, (day, seq) in enumerate(plan_days):
            end: int | None
            if k + 1 < len(plan_days):
                end = 0 if day in home_nights else plan_days[k + 1][1][0] + 1
            else:
                end = 0 if request.return_home and not open_end else None
            late = HOME_LATE_MINUTES if k + 1 == len(plan_days) and end == 0 else 0.0
            reached = self.reach(day, here, seq, end, done, self._free(previous, day), late)
            if reached is None:
                return None
            travel, done, timed = reached
            days += travel
            days.append(self._day(day, here, done, seq, timed, end))
            here, done, previous = seq[-1] + 1, timed.evening, day
            if k + 1 < len(plan_days) and end == 0:
                if done < float(self.minutes[here, 0]) - EPS:
                    return None  # not home by the end of the working day
                here, done = 0, 0.0
                continue
            if end == 0:  # the rest of the drive home on the next days
                home = self.travel(here, 0, done, self._homeward(day), late)
                if home is None:
                    return None
                days += home
        return days

    def reach(
        self,
        day: dt.date,
        start: int,
        seq: Sequence[int],
        end: int | None,
        done: float,
        free: Sequence[dt.date],
        late: float = 0.0,
    ) -> tuple[list[PlannedDay], float, DayTiming] | None:
        """The day of visits, after as few days of driving only toward its first store as it
        needs: (those days, the minutes of the drive done before the day, its timing), or
        None when it fits after none. The days of driving only are the last of the `free`
        dates (`marks`). `late`: as in `day_route`."""
        first = seq[0] + 1
        marks = self.marks(start, first, done, len(free))
        for k, driven in enumerate(marks):
            timed = self.day_route(day, start, seq, end, driven, late)
            if timed is not None:
                dates = free[len(free) - k :]
                return self._travel_days(dates, start, first, marks[: k + 1]), driven, timed
        return None

    def travel(
        self, a: int, b: int, done: float, free: Sequence[dt.date], late: float = 0.0
    ) -> list[PlannedDay] | None:
        """Days of driving only on the first `free` dates that drive the rest of a → b after
        `done` minutes of it, the last one up to `late` minutes past the working day; None
        when the dates run out or the drive cannot be split."""
        marks = self.marks(a, b, done, len(free), late)
        if marks[-1] < float(self.minutes[a, b]) - EPS:
            return None
        return self._travel_days(free[: len(marks) - 1], a, b, marks)

    def marks(self, a: int, b: int, done: float, most: int, late: float = 0.0) -> list[float]:
        """Minutes of the drive a → b done after 0, 1, … days of driving only (at most
        `most`), `done` of it done before them, up to the whole drive: each day drives a
        working day, or (OSRM distances, which are not split) the whole rest of the drive when
        it fits in one; the rest of it when that fits in a working day and `late` minutes."""
        leg = float(self.minutes[a, b])
        marks = [done]
        while len(marks) <= most and marks[-1] < leg - EPS:
            rest = leg - marks[-1]
            if rest <= self.drive_day + late + EPS:
                marks.append(leg)
            elif self.split:
                marks.append(marks[-1] + self.drive_day)
            else:
                break
        return marks

    def _homeward(self, after: dt.date) -> list[dt.date]:
        """The dates after the last day of visits, worked or not, up to the range's end: the
        drive home goes on the next day, a Saturday or a holiday too, rather than wait at a
        hotel for the next working day."""
        days = (self.request.period_end - after).days
        return [after + dt.timedelta(days=n) for n in range(1, days + 1)]

    def _free(self, after: dt.date | None, before: dt.date | None) -> list[dt.date]:
        """The worked dates strictly between the two (either end open)."""
        lo = 0 if after is None else bisect.bisect_right(self.dates, after)
        hi = len(self.dates) if before is None else bisect.bisect_left(self.dates, before)
        return self.dates[lo:hi]

    def _travel_days(
        self, dates: Sequence[dt.date], a: int, b: int, before: Sequence[float]
    ) -> list[PlannedDay]:
        """A day of driving only on each date: date k drives the drive a → b from minute
        before[k] of it to before[k + 1], leaving at the start of the working day."""
        ds = float(self.request.day_minutes[0])
        out = []
        for date, since, until in zip(dates, before[:-1], before[1:], strict=True):
            midnight = dt.datetime.combine(date, dt.time())
            start_place = self._along(a, b, since)[0]
            end_place, home_km = self._along(a, b, until)
            km = self._part(a, b, until, rest=False)[0] - self._part(a, b, since, rest=False)[0]
            out.append(
                PlannedDay(
                    date=date,
                    start_place=start_place,
                    depart=midnight + dt.timedelta(minutes=ds),
                    visits=[],
                    end_place=end_place,
                    end_km=km,
                    end_drive_minutes=until - since,
                    end_arrive=midnight + dt.timedelta(minutes=ds + until - since),
                    hotel=home_km > HOME_KM,
                )
            )
        return out

    def settle(
        self,
        plan_days: list[tuple[dt.date, list[int]]],
        home: frozenset[dt.date] = frozenset(),
    ) -> tuple[frozenset[dt.date], list[PlannedDay]] | None:
        """The tour with the nights at home that make it cheapest, or None when it does not fit.

        Every day ends at a hotel toward the next stop unless driving home and back out again
        costs less than the hotel night and its allowances (a day trip near home, a weekend):
        nights are turned home (or back) one at a time, from `home`, while that lowers the
        total cost. With the objective km every night stays on the road, as any night at home
        adds km.
        """
        days = self.build(plan_days, home_nights=home)
        if days is None:
            return None
        if self.request.objective == "km":
            return home, days
        nights = [d for d, seq in plan_days if seq][:-1]
        cost = self.cost(days)
        improved = True
        while improved:
            improved = False
            for night in nights:
                trial = home ^ {night}
                built = self.build(plan_days, home_nights=trial)
                if built is not None and (c := self.cost(built)) < cost - 0.005:
                    home, days, cost, improved = trial, built, c, True
        return home, days

    def cost(self, days: list[PlannedDay]) -> float:
        return float(TourPlan(self.request, days, [], "", 0.0).cost.total_eur)

    def _along(self, a: int, b: int | None, driven: float) -> tuple[Place, float]:
        """Where a drive from node a toward b stops after `driven` minutes, and its km from home.

        Part way, that is a hotel en route, named by the town nearest it (where to book) and
        the drive: "Pihtipudas (Kuopio → Kokkola, 159 km)".
        """
        if b is None or driven <= EPS:
            return self.places[a], float(self.km[a, 0])
        leg = float(self.minutes[a, b])
        if driven >= leg - EPS:
            return self.places[b], float(self.km[b, 0])
        fraction = driven / leg
        lat, lon = great_circle_point(self.places[a].point, self.places[b].point, fraction)
        drive = f"{self.places[a].name} → {self.places[b].name}, {self.km[a, b] * fraction:.0f} km"
        name = f"{town_near((lat, lon))} ({drive})"
        place = Place(name, lat, lon, "route")
        factor = self.request.travel.road_factor
        return place, _place_km(place, self.request.home) * factor

    def _part(self, a: int, b: int, driven: float, rest: bool) -> tuple[float, float]:
        """(km, minutes) of the drive a → b done in `driven` minutes, or of the rest of it."""
        km, minutes = float(self.km[a, b]), float(self.minutes[a, b])
        part = min(driven, minutes)
        if rest:
            part = minutes - part
        return (km * part / minutes, part) if minutes > EPS else (0.0, 0.0)

    def _day(
        self,
        day: dt.date,
        start: int,
        done: float,
        seq: Sequence[int],
        timed: DayTiming,
        end: int | None,
    ) -> PlannedDay:
        midnight = dt.datetime.combine(day, dt.time())

        def at(minutes: float) -> dt.datetime:
            return midnight + dt.timedelta(minutes=minutes)

        visits = []
        here = start
        for n, (i, (arrive, begin)) in enumerate(zip(seq, timed.visits, strict=True)):
            node = i + 1
            km, minutes = self._part(here, node, done if n == 0 else 0.0, rest=True)
            visits.append(
                PlannedVisit(
                    self.request.stores[i],
                    at(arrive),
                    at(begin),
                    at(begin + self.request.visit_minutes),
                    km,
                    minutes,
                    self.windows[i].daylight,
                )
            )
            here = node
        start_place = self._along(start, seq[0] + 1, done)[0]
        end_place, home_km = self._along(here, end, timed.evening)
        end_km, end_minutes = (
            self._part(here, end, timed.evening, rest=False) if end is not None else (0, 0)
        )
        return PlannedDay(
            date=day,
            start_place=start_place,
            depart=at(timed.depart),
            visits=visits,
            end_place=end_place,
            end_km=float(end_km),
            end_drive_minutes=float(end_minutes),
            end_arrive=at(timed.finish),
            hotel=home_km > HOME_KM,
        )


# --- pure order ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderResult:
    order: list[Store]
    km: float
    seconds: float
    solver: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "order": [s.code for s in self.order],
            "km": round(self.km, 1),
            "seconds": round(self.seconds, 3),
            "solver": self.solver,
        }


def tour_km(km: np.ndarray, tour: Sequence[int]) -> float:
    return float(sum(km[tour[i], tour[(i + 1) % len(tour)]] for i in range(len(tour))))


def solve_tsp(km: np.ndarray, seconds: float = 1.0) -> list[int]:
    """A round trip through all nodes starting at node 0 (fast-tsp; exact up to 20 nodes)."""
    import time

    import fast_tsp

    began = time.perf_counter()
    n = len(km)
    if n <= 3:
        return list(range(n))
    scale = 65535.0 / max(float(km.max()), EPS)  # fast-tsp takes 16-bit integers
    ints = np.rint(km * scale).astype(int).tolist()
    # `seconds` is the whole call's budget: the conversion above and the return are in it
    budget = max(0.05, seconds - (time.perf_counter() - began) - 0.03)
    tour = fast_tsp.find_tour(ints, duration_seconds=budget, stop_when_converged=True)
    start = tour.index(0)
    return tour[start:] + tour[:start]


def shortest_order(
    home: Place, stores: Sequence[Store], travel: TravelModel | None = None, seconds: float = 1.0
) -> OrderResult:
    import time

    began = time.perf_counter()
    travel = travel or TravelModel()
    km, _ = travel.matrices([home.point, *((s.lat, s.lon) for s in stores)])
    tour = solve_tsp(km, seconds)
    order = [stores[i - 1] for i in tour[1:]]
    return OrderResult(order, tour_km(km, tour), time.perf_counter() - began, "fast-tsp")


# --- the planner (VROOM + exact decoding) ------------------------------------------------------


def _vroom_solve(
    timing: Timing,
    jobs: list[int],
    dates: list[dt.date],
    threads: int,
    level: int,
    timeout: float | None = None,
) -> list[tuple[int, int]]:
    """(store index, absolute start minute) in route order for the jobs VROOM fits.

    `timeout` (seconds) stops VROOM's search early with the best solution found so far.
    """
    routes = _vroom_routes(
        timing.request,
        timing.km,
        timing.minutes,
        timing.windows,
        1,
        jobs,
        dates,
        threads,
        level,
        timeout,
    )
    return [(i, minute) for _, i, minute in routes]


TIE_PARTS = 10_000  # a VROOM cost unit (0.1 km) is split into this many parts to break ties


def _costs(km: np.ndarray) -> np.ndarray:
    """VROOM's costs: 0.1 km units, each nudged by a fixed part of a unit that differs between
    the two ways of a leg. A round and its reverse (or two orders of equal km) would otherwise
    cost the same, and VROOM returns either of equal solutions depending on how its searches
    happen to be scheduled, which made a plan differ between two identical requests on a busy
    machine. The nudges of a whole route stay below one unit, so they only decide ties (a route has
    fewer than 2n legs)."""
    n = len(km)
    i, j = np.indices((n, n), dtype=np.int64)
    nudge = (i * 7919 + j * 104_729 + i * j * 31) % max(1, TIE_PARTS // (2 * n))
    np.fill_diagonal(nudge, 0)
    return np.rint(km * 10).astype(np.int64) * TIE_PARTS + nudge


def _vroom_routes(
    request: TourRequest,
    km: np.ndarray,
    minutes: np.ndarray,
    windows: Sequence[StoreWindows],
    homes: int,
    jobs: list[int],
    dates: list[dt.date],
    threads: int,
    level: int,
    timeout: float | None = None,
) -> list[tuple[int, int, int]]:
    """(vehicle, store index, absolute start minute) in route order, one vehicle per home.

    Nodes of the matrices: the `homes` first, then the stores. Each vehicle works the whole
    period with a night break pinned to the end of every working day; the cost is km.
    """
    import vroom

    ds, de = request.day_minutes
    base = request.start

    def absolute(day: dt.date, minute: float) -> int:
        return (day - base).days * 1440 + int(minute)

    problem = vroom.Input()
    problem.set_durations_matrix("car", np.ceil(minutes).astype(int))
    problem.set_costs_matrix("car", _costs(km))
    for h in range(homes):
        breaks = [
            vroom.Break(
                k + 1,
                time_windows=[vroom.TimeWindow(absolute(d, de), absolute(d, de))],
                service=absolute(dates[k + 1], ds) - absolute(d, de),
            )
            for k, d in enumerate(dates[:-1])
        ]
        problem.add_vehicle(
            vroom.Vehicle(
                h + 1,
                start=h,
                end=h if request.return_home else None,
                profile="car",
                time_window=vroom.TimeWindow(absolute(dates[0], ds), absolute(dates[-1], de)),
                breaks=breaks,
            )
        )
    for i in jobs:
        tws = [
            vroom.TimeWindow(absolute(d, a), absolute(d, b))
            for d in dates
            for a, b in windows[i].by_date.get(d, ())
        ]
        if tws:
            problem.add_job(
                vroom.Job(
                    i + 1,
                    location=homes + i,
                    default_service=request.visit_minutes,
                    time_windows=tws,
                )
            )
    if not problem.jobs:
        return []
    limit = None if timeout is None else dt.timedelta(seconds=max(timeout, VROOM_LEAST_TIMEOUT))
    solution = problem.solve(exploration_level=level, nb_threads=threads, timeout=limit)
    routes = solution.routes
    steps = routes[routes["type"] == "job"]
    return [
        (int(r.vehicle_id) - 1, int(r.id) - 1, int(r.arrival) + int(r.waiting_time))
        for r in steps.itertuples()
    ]


def _group_by_date(
    request: TourRequest, steps: list[tuple[int, int]]
) -> list[tuple[dt.date, list[int]]]:
    days: dict[dt.date, list[int]] = {}
    for i, minute in steps:
        day = request.start + dt.timedelta(days=minute // 1440)
        days.setdefault(day, []).append(i)
    return sorted(days.items())


def _decode(
    timing: Timing, grouped: list[tuple[dt.date, list[int]]]
) -> tuple[list[tuple[dt.date, list[int]]], list[int]]:
    """Keep each day's stores that still fit when re-timed exactly; return the rest."""
    kept: list[tuple[dt.date, list[int]]] = []
    dropped: list[int] = []
    for day, seq in grouped:
        good: list[int] = []
        for i in seq:
            if timing.build([*kept, (day, [*good, i])], open_end=True) is not None:
                good.append(i)
            else:
                dropped.append(i)
        if good:
            kept.append((day, good))
    while kept and timing.build(kept) is None:  # the drive home does not fit: free the end
        day, seq = kept[-1]
        dropped.append(seq.pop())
        if not seq:
            kept.pop()
    return kept, dropped


def _insert(
    timing: Timing,
    days: list[tuple[dt.date, list[int]]],
    i: int,
    dates: Sequence[dt.date] | None = None,
    home: frozenset[dt.date] = frozenset(),
) -> list[tuple[dt.date, list[int]]] | None:
    """Cheapest feasible insertion of store i (fewest days, then km), or None.

    Tried: every position of every planned day; a day of its own on a free date of `dates`
    (default: all worked dates); and a day of its own just before a planned day, pushing that
    day and the following ones to later free dates as far as needed (a far store between two
    full days of the week would otherwise never fit). `home`: the nights spent at home.
    """
    dates = list(timing.dates if dates is None else dates)
    windows = timing.windows[i].by_date
    best: tuple[tuple[int, float], list[tuple[dt.date, list[int]]]] | None = None

    def consider(trial: list[tuple[dt.date, list[int]]]) -> None:
        nonlocal best
        built = timing.build(trial, home_nights=home)
        if built is None:
            return
        key = (len(built), sum(d.km for d in built))
        if (
            best is None
            or key[0] < best[0][0]
            or (key[0] == best[0][0] and key[1] < best[0][1] - EPS)
        ):
            best = (key, trial)

    def start_of(k: int) -> int:
        return 0 if k == 0 or days[k - 1][0] in home else days[k - 1][1][-1] + 1

    for k, (day, seq) in enumerate(days):
        if day not in windows:
            continue
        for p in range(len(seq) + 1):
            new = [*seq[:p], i, *seq[p:]]
            if timing.day_route(day, start_of(k), new, None, OPTIMISTIC) is None:  # cheap filter
                continue
            trial = list(days)
            trial[k] = (day, new)
            consider(trial)
    used = {d for d, _ in days}
    for day in dates:
        if day in used or day not in windows:
            continue
        k = sum(1 for d, _ in days if d < day)
        if timing.day_route(day, start_of(k), [i], None, OPTIMISTIC) is not None:
            consider([*days[:k], (day, [i]), *days[k:]])
    for k, (day, _seq) in enumerate(days):
        if day not in windows or timing.day_route(day, start_of(k), [i], None, OPTIMISTIC) is None:
            continue
        shifted = _push_back(days[k:], day, dates)
        if shifted is not None:
            consider([*days[:k], (day, [i]), *shifted])
    return None if best is None else best[1]


def _insert_ejecting(
    timing: Timing,
    days: list[tuple[dt.date, list[int]]],
    i: int,
    dates: Sequence[dt.date] | None = None,
    tries: int = 12,
) -> list[tuple[dt.date, list[int]]] | None:
    """Store i in place of another store j of a full day, j then inserted elsewhere, or None.

    For when plain insertion finds no room: days packed up to sunset or closing time. The
    swaps are ranked by the km they add and the `tries` cheapest are attempted.
    """
    windows = timing.windows[i].by_date
    km = timing.km
    options: list[tuple[float, int, list[int], int]] = []
    for k, (day, seq) in enumerate(days):
        if day not in windows:
            continue
        start = 0 if k == 0 else days[k - 1][1][-1] + 1
        for p in range(len(seq) + 1):
            new = [*seq[:p], i, *seq[p:]]
            for j in seq:
                trial_seq = [x for x in new if x != j]
                if timing.day_route(day, start, trial_seq, None, OPTIMISTIC) is None:
                    continue
                nodes = [start, *(x + 1 for x in trial_seq)]
                old = [start, *(x + 1 for x in seq)]
                delta = sum(float(km[a, b]) for a, b in zip(nodes, nodes[1:], strict=False))
                delta -= sum(float(km[a, b]) for a, b in zip(old, old[1:], strict=False))
                options.append((delta, k, trial_seq, j))
    options.sort(key=lambda o: o[0])
    best: tuple[tuple[int, float], list[tuple[dt.date, list[int]]]] | None = None
    for _delta, k, trial_seq, j in options[:tries]:
        trial = list(days)
        trial[k] = (days[k][0], trial_seq)
        if timing.build(trial) is None:
            continue
        done = _insert(timing, trial, j, dates)
        if done is None:
            continue
        built = timing.build(done) or []
        key = (len(built), sum(d.km for d in built))
        if best is None or key < best[0]:
            best = (key, done)
    return None if best is None else best[1]


def _push_back(
    days: list[tuple[dt.date, list[int]]], after: dt.date, dates: Sequence[dt.date]
) -> list[tuple[dt.date, list[int]]] | None:
    """The days moved to later dates of `dates` as needed so that each comes after `after`."""
    out: list[tuple[dt.date, list[int]]] = []
    previous = after
    for day, seq in days:
        if day <= previous:
            later = [d for d in dates if d > previous]
            if not later:
                return None
            day = later[0]
        out.append((day, seq))
        previous = day
    return out


@dataclass
class _Candidate:
    days: list[tuple[dt.date, list[int]]]
    missing: list[int]  # stores that fit on no worked date of the range
    km: float
    n_days: int
    cost_eur: float
    fits: bool = True  # every store placed within the horizon VROOM was given
    home_nights: frozenset[dt.date] = frozenset()

    @property
    def finish(self) -> dt.date:
        return max((day for day, _ in self.days), default=dt.date.min)


def _candidate(
    timing: Timing,
    jobs: list[int],
    horizon: int,
    threads: int,
    level: int,
    timeout: float | None = None,
) -> _Candidate:
    dates = timing.dates[:horizon]
    steps = _vroom_solve(timing, jobs, dates, threads, level, timeout)
    days, _dropped = _decode(timing, _group_by_date(timing.request, steps))
    placed = {i for _, seq in days for i in seq}
    missing = [i for i in jobs if i not in placed]
    outside: list[int] = []
    for i in sorted(missing, key=lambda j: -timing.km[0, j + 1]):
        trial = _insert(timing, days, i, dates) or _insert_ejecting(timing, days, i, dates)
        if trial is None:
            outside.append(i)
        else:
            days = trial
    still: list[int] = []
    for i in outside:  # the horizon is too short for it: any worked date of the range
        trial = _insert(timing, days, i) or _insert_ejecting(timing, days, i)
        if trial is None:
            still.append(i)
        else:
            days = trial
    home, built = timing.settle(days) or (frozenset(), [])
    if built:
        days, home, built = _home_over_breaks(timing, days, home, built)
        days, home, built = _late_start(timing, days, home, built)
    km = sum(d.km for d in built)
    return _Candidate(days, still, km, len(built), timing.cost(built), not outside, home)


def _home_over_breaks(
    timing: Timing,
    days: list[tuple[dt.date, list[int]]],
    home: frozenset[dt.date],
    built: list[PlannedDay],
) -> tuple[list[tuple[dt.date, list[int]]], frozenset[dt.date], list[PlannedDay]]:
    """Home for the weekend when the day after it gives up a store or two to another day.

    `settle` keeps the day sequences, so a weekend stays in a hotel 130 km from home when
    Monday's visits only fit with an early start there. A shopper would rather drive home on
    Friday and start later on Monday: for each night before a day off, the stores that keep the
    next day from fitting out of home are tried elsewhere (each one, then the first two or
    three; a day of one store goes whole), and the cheapest whole tour is kept.
    """
    if timing.request.objective == "km":
        return days, home, built
    cost = timing.cost(built)
    for k in range(len(days) - 1):
        night, (after, seq) = days[k][0], days[k + 1]
        if night in home or (after - night).days < 2:
            continue
        trial_home = home | {night}
        drops = [[j] for j in seq] + [seq[:m] for m in (2, 3) if m < len(seq)]
        for drop in drops:
            rest = [j for j in seq if j not in drop]
            if rest and timing.day_route(after, 0, rest, None, 0.0) is None:
                continue
            trial: list[tuple[dt.date, list[int]]] | None = [
                (d, q) for d, q in [*days[: k + 1], (after, rest), *days[k + 2 :]] if q
            ]
            for j in drop:
                trial = trial and _insert(timing, trial, j, home=trial_home)
            settled = trial and timing.settle(trial, trial_home)
            if trial and settled and (c := timing.cost(settled[1])) < cost - 0.005:
                days, (home, built), cost = trial, settled, c
                break
    return days, home, built


def _late_start(
    timing: Timing,
    days: list[tuple[dt.date, list[int]]],
    home: frozenset[dt.date],
    built: list[PlannedDay],
) -> tuple[list[tuple[dt.date, list[int]]], frozenset[dt.date], list[PlannedDay]]:
    """The tour a few worked dates later when it spends days off at a hotel: leaving on Friday
    to visit from Monday, or on Wednesday for visits that go on after the weekend, pays a
    weekend at a hotel that leaving on Monday would not. Each day moves as many worked dates
    later (up to a week's); the cheapest such tour is kept when it costs less (with the
    objective km, never: the same km)."""
    if timing.request.objective == "km" or not _hotel_over_days_off(built):
        return days, home, built
    index = {d: n for n, d in enumerate(timing.dates)}
    cost = timing.cost(built)
    for shift in range(1, 6):
        moved = [index[d] + shift for d, _ in days]
        if moved[-1] >= len(timing.dates):
            break
        trial = [(timing.dates[n], seq) for n, (_, seq) in zip(moved, days, strict=True)]
        later = frozenset(timing.dates[index[d] + shift] for d in home)
        settled = timing.settle(trial, later)
        if settled is not None and (c := timing.cost(settled[1])) < cost - 0.005:
            days, (home, built), cost = trial, settled, c
    return days, home, built


def _hotel_over_days_off(built: list[PlannedDay]) -> bool:
    return any(a.hotel and (b.date - a.date).days > 1 for a, b in pairwise(built))


def _level_for(n: int, level: int) -> int:
    """VROOM's exploration level for n stores: its search time grows fast with n × dates."""
    if n <= 100:
        return level
    if n <= 180:
        return min(level, 2)
    return 0


def _runs_for(n: int) -> int:
    """How many VROOM runs the search for n stores makes at most (the free run included): the
    bound that keeps planning time in hand, by work rather than by the clock. A run for 300
    stores takes some 25 s on a 2-core machine, one for 50 stores under a second."""
    if n <= 100:
        return 6
    if n <= 180:
        return 3
    return 1


def _vroom_searches(level: int) -> int:
    """The independent searches one VROOM run makes at an exploration level (VROOM's rule)."""
    return 4 * (level + 1) + (4 if level >= 4 else 0) + (4 if level >= 5 else 0)


def plan_tour(
    request: TourRequest,
    *,
    progress: Progress | None = None,
    threads: int = 4,
    exploration_level: int = 5,
    max_runs: int | None = None,
    time_limit: float | None = SAFETY_SECONDS,
) -> TourPlan:
    """Plan the tour; every returned plan passes audits.tourcheck.check_plan.

    The search for fewer days makes at most `max_runs` VROOM runs (by the number of stores
    when None), so the plan depends on the request alone, not on the machine, its load or
    `threads`. `time_limit` (seconds from the call) is a safety cap only: VROOM's runs get what
    is left of it and no run starts that would not fit in it (the first run always completes,
    so a plan is always returned). When it cut the search the plan is `cut_short`: it may
    not be the best plan the search would find. None: no cap.
    """
    import time

    began = time.perf_counter()
    say = progress or (lambda _msg: None)
    say(f"distances and windows for {len(request.stores)} stores")
    timing = Timing(request)
    unplanned: list[Unplanned] = []
    jobs: list[int] = []
    seen: set[str] = set()
    for i, (store, win) in enumerate(zip(request.stores, timing.windows, strict=True)):
        if store.code in seen:
            unplanned.append(Unplanned(store, Phrase("up_twice")))
        elif win.reason:
            unplanned.append(Unplanned(store, win.reason))
        elif not _reachable(timing, i):
            unplanned.append(Unplanned(store, Phrase("up_too_far")))
        else:
            jobs.append(i)
        seen.add(store.code)
    if not timing.dates:
        unplanned += [Unplanned(request.stores[i], Phrase("up_no_day")) for i in jobs]
        jobs = []
    best: _Candidate | None = None
    cut = False
    if jobs:
        deadline = None if time_limit is None else began + time_limit
        level = _level_for(len(jobs), exploration_level)
        runs = max_runs or _runs_for(len(jobs))
        best, cut = _search_days(timing, jobs, threads, level, runs, say, deadline)
    days = timing.build(best.days, home_nights=best.home_nights) if best else []
    for i in best.missing if best else []:
        unplanned.append(Unplanned(request.stores[i], _why_not(timing, i)))
    say("stopped by the time limit" if cut else "done")
    seconds = time.perf_counter() - began
    return TourPlan(request, days or [], unplanned, "vroom+exact-timing", seconds, cut)


@dataclass
class TeamPlan:
    """The tours of several shoppers who share the stores: one plan each, in the homes' order."""

    plans: list[TourPlan]
    seconds: float

    @property
    def km(self) -> float:
        return sum(p.km for p in self.plans)

    @property
    def cost_eur(self) -> float:
        return sum(float(p.cost.total_eur) for p in self.plans)

    def to_dict(self) -> dict[str, Any]:
        return {
            "shoppers": [plan_to_dict(p) for p in self.plans],
            "totals": {
                "km": round(self.km, 1),
                "days": sum(len(p.days) for p in self.plans),
                "visits": sum(p.visit_count for p in self.plans),
                "hotel_nights": sum(p.hotel_nights for p in self.plans),
                "cost_eur": round(self.cost_eur, 2),
                "unplanned": sum(len(p.unplanned) for p in self.plans),
            },
            "seconds": round(self.seconds, 2),
        }


def plan_team(
    request: TourRequest,
    homes: Sequence[Place],
    *,
    progress: Progress | None = None,
    threads: int = 4,
    exploration_level: int = 5,
    max_runs: int | None = None,
    time_limit: float | None = SAFETY_SECONDS,
) -> TeamPlan:
    """Split the request's stores between shoppers living at `homes`, then plan each one's tour.

    Two splits are planned and the cheaper in total kept (fewest stores left out first):
    VROOM's, with one vehicle per shopper over the whole period (opening hours, daylight, the
    working day and nights as in plan_tour; cost km), and each store to the shopper living
    nearest. VROOM sees only km, so it may send one shopper round the country where the other
    could sleep at home; the exact costs decide. A store VROOM fits in no tour goes to the
    nearest shopper, whose plan then names the reason. Each shopper's stores are planned by
    plan_tour, so every plan passes the checker. `time_limit` is the safety cap of all the
    plans together (as in plan_tour).
    """
    import time

    began = time.perf_counter()
    say = progress or (lambda _msg: None)
    if not homes:
        raise ValueError("at least one home is needed")
    splits = _splits(request, homes, say, threads, exploration_level) if len(homes) > 1 else [{}]
    best: TeamPlan | None = None
    for owner in splits:
        plans = []
        for h, home in enumerate(homes):
            mine = tuple(s for i, s in enumerate(request.stores) if owner.get(i, 0) == h)
            left = None if time_limit is None else time_limit - (time.perf_counter() - began)
            say(f"shopper {h + 1} of {len(homes)} ({home.name}): {len(mine)} stores")
            plans.append(
                plan_tour(
                    replace(request, home=home, stores=mine),
                    progress=progress,
                    threads=threads,
                    exploration_level=exploration_level,
                    max_runs=max_runs,
                    time_limit=left,
                )
            )
        team = TeamPlan(plans, 0.0)
        if best is None or _team_key(team) < _team_key(best):
            best = team
    assert best is not None
    return replace(best, seconds=time.perf_counter() - began)


def _team_key(team: TeamPlan) -> tuple[int, float]:
    return sum(len(p.unplanned) for p in team.plans), team.cost_eur


def _splits(
    request: TourRequest, homes: Sequence[Place], say: Progress, threads: int, level: int
) -> list[dict[int, int]]:
    """Candidate splits, each store index → index of the shopper who takes it: VROOM's and
    the nearest home's (the same store listed twice always has one owner)."""
    say(f"splitting {len(request.stores)} stores between {len(homes)} shoppers")
    dates = request.worked_dates()
    windows = [store_windows(request, s, dates) for s in request.stores]
    points = [*(h.point for h in homes), *((s.lat, s.lon) for s in request.stores)]
    km, minutes = request.travel.matrices(points)
    first: dict[str, int] = {}
    jobs = []
    for i, (store, win) in enumerate(zip(request.stores, windows, strict=True)):
        if store.code not in first and not win.reason:
            jobs.append(i)
        first.setdefault(store.code, i)
    nearest = np.argmin(km[: len(homes), len(homes) :], axis=0)
    by_vroom: dict[int, int] = {}
    if jobs and dates:
        routes = _vroom_routes(
            request,
            km,
            minutes,
            windows,
            len(homes),
            jobs,
            dates,
            threads,
            _level_for(len(jobs), level),
        )
        by_vroom = {i: vehicle for vehicle, i, _ in routes}
    splits = []
    for owner in (by_vroom, {}):
        for i in range(len(request.stores)):
            owner[i] = owner.setdefault(first[request.stores[i].code], int(nearest[i]))
        if owner not in splits:
            splits.append(owner)
    return splits


def _reachable(timing: Timing, i: int) -> bool:
    """Some date lets a drive reach one of the store's windows.

    From home the drive starts in the morning, after days of driving only on the worked dates
    before (`Timing.marks`); from another store it may start the evening before (all of it
    only where drives are split, else only a drive that fits the evening).
    """
    request = timing.request
    ds, de = request.day_minutes
    by_date = timing.windows[i].by_date
    leg = float(timing.minutes[0, i + 1])
    for n, day in enumerate(timing.dates):
        if day in by_date:
            driven = timing.marks(0, i + 1, 0.0, n)[-1]
            if ds + leg - driven <= max(b for _, b in by_date[day]) + EPS:
                return True
    latest = max((b for ws in by_date.values() for _, b in ws), default=-1)
    evening = de - ds - request.visit_minutes  # after the earliest possible visit
    others = np.delete(timing.minutes[1:, i + 1], i)
    if not others.size:
        return False
    nearest = float(others.min())
    if timing.split:
        morning = max(0.0, nearest - evening)
    else:
        morning = 0.0 if nearest <= evening else nearest
    return ds + morning <= latest + EPS


def _why_not(timing: Timing, i: int) -> Phrase:
    """Why the planner left a store out that is open (and lit) on some worked date."""
    dates = [d for d in timing.dates if d in timing.windows[i].by_date]
    most = timing.request.max_visits_per_day
    if most is None:
        return Phrase("up_no_room", {"n": len(dates)})
    return Phrase("up_no_room_max", {"n": len(dates), "most": most})


def _search_days(
    timing: Timing,
    jobs: list[int],
    threads: int,
    level: int,
    runs: int,
    say: Progress,
    deadline: float | None = None,
) -> tuple[_Candidate, bool]:
    """Plans from VROOM's free run down to the fewest days it fits all stores in; the best, and
    whether the deadline cut the search.

    VROOM free to use every worked date of the range gives its km-shortest plan and bounds the
    days by those it used; then the horizon walks down, a day below the days the last fitting
    plan used each time, and stops at the first that leaves stores out: a horizon too short is
    VROOM's slowest run (it keeps trying to fit the stores left out), so it is never bisected
    into. At most `runs` runs. The deadline is a safety cap: a run that would not fit in what is
    left of it (judged by the first run) is not started, and a run is given what is left as
    VROOM's timeout; either cuts the search.
    """
    import time

    ds, de = timing.request.day_minutes
    per_day = timing.request.max_visits_per_day or len(jobs)
    lower = max(
        1,
        math.ceil(len(jobs) * timing.request.visit_minutes / max(de - ds, 1)),
        math.ceil(len(jobs) / per_day),
    )
    results: dict[int, _Candidate] = {}
    seconds: list[float] = []  # of each run
    cut = False

    def run(h: int) -> _Candidate:
        nonlocal cut
        timeout = None if deadline is None else deadline - time.perf_counter()
        say(f"solving with {h} working days")
        began = time.perf_counter()
        results[h] = _candidate(timing, jobs, h, threads, level, timeout)
        seconds.append(time.perf_counter() - began)
        cut = cut or _maybe_cut(seconds[-1], timeout, level, threads)
        return results[h]

    def no_time() -> bool:
        """Too little of the cap left for another run as long as the first one."""
        return deadline is not None and 0.8 * (deadline - time.perf_counter()) < seconds[0]

    def used(c: _Candidate) -> int:
        """Worked dates of the horizon up to the last planned visit."""
        last = max((d for d, _ in c.days), default=timing.dates[0])
        return sum(1 for d in timing.dates if d <= last)

    free = run(len(timing.dates))
    h = used(free) - 1 if free.fits else 0
    while h >= lower and len(results) < runs:
        if no_time():
            cut = True
            break
        c = run(h)
        if not c.fits:
            break
        h = min(h, used(c)) - 1
    return _best(results, timing.request.objective), cut


def _maybe_cut(seconds: float, timeout: float | None, level: int, threads: int) -> bool:
    """Whether VROOM's timeout may have stopped one of its searches early: VROOM gives each
    search an equal share of the timeout among those its thread makes, so a run shorter than
    the smallest share was not cut."""
    if timeout is None:
        return False
    per_thread = math.ceil(_vroom_searches(level) / max(threads, 1))
    return seconds >= max(timeout, VROOM_LEAST_TIMEOUT) / per_thread


def _best(results: dict[int, _Candidate], objective: Objective) -> _Candidate:
    """Fewest stores left out, then the request's objective; of equal plans the one that ends
    first (VROOM may place the same two days' rounds a day later, leaving the first day idle)."""
    keys: dict[Objective, Callable[[_Candidate], tuple[float, ...]]] = {
        "cost": lambda c: (c.cost_eur, c.n_days, c.km),
        "days": lambda c: (c.n_days, c.km),
        "km": lambda c: (c.km, c.n_days),
    }
    key = keys[objective]
    return min(results.values(), key=lambda c: (len(c.missing), *key(c), c.finish))


def without_store(plan: TourPlan, code: str, kept_before: dt.date | None = None) -> TourPlan:
    """The plan without the store's visit (a visit taken out of an approved tour by hand).

    A visit between two others: its day keeps its start and end, the visits before it keep
    their times, the ones after it come earlier along the shorter route, as the planner times
    them (the same drives and visit length; a visit that would now arrive before opening waits
    for it), and so does the day's end. The other days stay as they were.

    The first or last visit of its day: where the day starts or ends followed from it (the
    night before was spent on the way to it, the night after on the way from it). Then the
    remaining visits, on their days in their order, are timed again as the planner times a
    tour (`Timing.settle`, from the nights the plan spent at home): each night follows from the
    visits that remain, home or a hotel as is cheaper, and a day left with no visits goes with
    its night and allowance. Days before `kept_before` are over: when that timing would change
    one of them, or the remaining days do not fit, the day is only re-timed as above (and goes
    when it is left with no visits and starts and ends at the same place).
    """
    timing = Timing(plan.request)
    codes = {id(day): [v.store.code for v in day.visits] for day in plan.days}
    day = next((d for d in plan.days if code in codes[id(d)]), None)
    if day is None:
        return plan
    if code in (codes[id(day)][0], codes[id(day)][-1]):
        settled = _settled_without(timing, plan, code)
        over = [d for d in plan.days if kept_before is not None and d.date < kept_before]
        if settled is not None and all(d in settled for d in over):
            return replace(plan, days=settled)
    stays = len(day.visits) > 1 or day.start_place.point != day.end_place.point
    shorter = timing.without_visit(day, codes[id(day)].index(code)) if stays else None
    days = [shorter if d is day else d for d in plan.days]
    return replace(plan, days=[d for d in days if d is not None])


def _settled_without(timing: Timing, plan: TourPlan, code: str) -> list[PlannedDay] | None:
    """The plan's remaining visits on their days in their order, timed as the planner times
    a tour from the nights it spent at home; None when they no longer fit."""
    index = {s.code: i for i, s in enumerate(plan.request.stores)}
    kept = [
        (d.date, [index[v.store.code] for v in d.visits if v.store.code != code]) for d in plan.days
    ]
    kept = [(date, seq) for date, seq in kept if seq]
    if not kept:
        return []
    home = frozenset(d.date for d in plan.days[:-1] if d.visits and not d.hotel)
    settled = timing.settle(kept, home)
    return None if settled is None else settled[1]


def with_stores(request: TourRequest, stores: Sequence[Store]) -> TourRequest:
    return replace(request, stores=tuple(stores))


# --- hand editing --------------------------------------------------------------------------------


class MoveNotPossible(Refusal):
    """A hand move that the constraints do not allow; `said` says why. When the checker turned
    the moved tour down it is a `tourcheck.MoveBreaksRules`, which lists the violations."""


def _sequences(plan: TourPlan) -> list[tuple[dt.date, list[int]]]:
    index = {s.code: i for i, s in enumerate(plan.request.stores)}
    return [(d.date, [index[v.store.code] for v in d.visits]) for d in plan.days if d.visits]


def _score(timing: Timing, days: list[PlannedDay]) -> float:
    return sum(d.km for d in days) if timing.request.objective == "km" else timing.cost(days)


def move_store(
    plan: TourPlan, code: str, to_date: dt.date, position: int | None = None
) -> TourPlan:
    """Move a store (planned or unplanned) to another date, re-time and re-check the plan.

    `position` is the 0-based place among that day's visits; None picks the cheapest one.
    Raises MoveNotPossible naming the reason; the returned plan passes the checker.
    """
    from audits.tourcheck import MoveBreaksRules, check_plan

    request = plan.request
    index = {s.code: i for i, s in enumerate(request.stores)}
    if code not in index:
        raise MoveNotPossible("tp_move_unknown", store=code)
    i = index[code]
    timing = Timing(request)
    day = date_text(to_date)
    if to_date not in timing.dates:
        raise MoveNotPossible("tp_move_not_worked", day=day)
    if to_date not in timing.windows[i].by_date:
        raise MoveNotPossible("tp_move_closed", store=code, day=day)
    days = [(d, [j for j in seq if j != i]) for d, seq in _sequences(plan)]
    days = [(d, seq) for d, seq in days if seq]
    if all(d != to_date for d, _ in days):
        days = sorted([*days, (to_date, [])])
    k = next(n for n, (d, _) in enumerate(days) if d == to_date)
    most = request.max_visits_per_day
    if most is not None and len(days[k][1]) >= most:
        raise MoveNotPossible("tp_move_day_full", day=day, most=most)
    slots = range(len(days[k][1]) + 1) if position is None else [position]
    best: tuple[float, list[PlannedDay]] | None = None
    for p in slots:
        trial = list(days)
        seq = trial[k][1]
        trial[k] = (to_date, [*seq[:p], i, *seq[p:]])
        settled = timing.settle(trial)
        if settled is not None and (best is None or _score(timing, settled[1]) < best[0]):
            best = (_score(timing, settled[1]), settled[1])
    if best is None:
        raise MoveNotPossible("tp_move_no_fit", store=code, day=day)
    unplanned = [u for u in plan.unplanned if u.store.code != code]
    moved = TourPlan(request, best[1], unplanned, plan.solver + "+hand", 0.0)
    problems = check_plan(moved)
    if problems:
        raise MoveBreaksRules("tp_move_breaks", problems)
    return moved
