"""Check a tour plan against every constraint of its request.

`check_plan(plan)` returns the violations (empty when the plan is valid). Kinds:
`unknown_store`, `duplicate`, `missing` (a store neither planned nor reported unplanned),
`not_worked_day`, `day_order`, `continuity` (a day does not start where the previous ended),
`working_day`, `times` (arrival/start/end inconsistent), `leg` (km or drive minutes not those of
the distance model), `closed` (outside opening hours), `daylight`, `hotel` (hotel flag wrong),
`max_visits` (more visits in a day than the request's maximum), `travel` (a day of driving only
that does not drive, heads for no visit or home, leaves the way to the next stop, or stops short
of it before the working day ends; or a drive home that waits at a hotel instead of going on the
next day). A day of the drive home after the last visit may be a day off (a Saturday, a holiday):
it goes on the day after the day before it. The tour's last day may end at home up to
`HOME_LATE_MINUTES` after the working day. Each violation says its detail as a phrase (`said`),
so the manager reads it in their language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from audits.daylight import daylight_minutes
from audits.geo import Place
from audits.i18n import Phrase, Refusal, date_text
from audits.openinghours import public_holiday
from audits.routing import HOME_KM, HOME_LATE_MINUTES, MoveNotPossible, TourPlan

TOLERANCE_MIN = 1.0
TOLERANCE_KM = 0.05


@dataclass(frozen=True)
class Violation:
    kind: str
    day: dt.date | None
    store: str | None
    said: Phrase

    @classmethod
    def of(
        cls, kind: str, day: dt.date | None, store: str | None, key: str, **values: object
    ) -> Violation:
        return cls(kind, day, store, Phrase(key, values))

    def __str__(self) -> str:
        where = " ".join(x for x in (str(self.day or ""), self.store or "") if x)
        return f"{self.kind}: {where}: {self.said}" if where else f"{self.kind}: {self.said}"


class RulesBroken(Refusal):
    """A plan the checker turns down: `said` sums it up, `violations` say each problem.

    `str()` is the English summary followed by every violation, for logs and the command line.
    """

    def __init__(self, key: str, violations: Sequence[Violation]) -> None:
        super().__init__(key)
        self.violations = tuple(violations)

    def __str__(self) -> str:
        return f"{self.said}: " + "; ".join(str(v) for v in self.violations)


class MoveBreaksRules(MoveNotPossible, RulesBroken):
    """A hand move whose re-timed tour the checker turns down."""


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
    homeward = _homeward_from(plan)
    for k, day in enumerate(plan.days):
        if previous_date and day.date <= previous_date:
            out.append(Violation.of("day_order", day.date, None, "tp_check_day_order"))
        elif previous_date and k >= homeward and (day.date - previous_date).days > 1:
            waits = previous_date + dt.timedelta(days=1)
            out.append(
                Violation.of(
                    "travel", day.date, None, "tp_check_travel_waits", date=date_text(waits)
                )
            )
        previous_date = day.date
        if not _same_place(day.start_place, previous_end):
            out.append(
                Violation.of(
                    "continuity",
                    day.date,
                    None,
                    "tp_check_continuity",
                    start=day.start_place.name,
                    end=previous_end.name,
                )
            )
        last = k == len(plan.days) - 1
        at_home = _leg(plan, day.end_place, plan.request.home)[0] <= HOME_KM
        late = HOME_LATE_MINUTES if last and at_home and plan.request.return_home else 0.0
        out += _check_day(plan, day, day_off_allowed=k >= homeward, late=late)
        if not day.visits:
            out += _check_travel(plan, k)
        if day.hotel == at_home:
            out.append(Violation.of("hotel", day.date, None, "tp_check_hotel"))
        if last and plan.request.return_home and not at_home:
            out.append(Violation.of("hotel", day.date, None, "tp_check_not_home"))
        previous_end = day.end_place
    return out


def _check_stores(plan: TourPlan) -> list[Violation]:
    out: list[Violation] = []
    codes = {s.code for s in plan.request.stores}
    seen: set[str] = set()
    for day in plan.days:
        for v in day.visits:
            if v.store.code not in codes:
                out.append(
                    Violation.of("unknown_store", day.date, v.store.code, "tp_check_not_requested")
                )
            if v.store.code in seen:
                out.append(Violation.of("duplicate", day.date, v.store.code, "tp_check_twice"))
            seen.add(v.store.code)
    reported = seen | {u.store.code for u in plan.unplanned}
    for code in sorted(codes - reported):
        out.append(Violation.of("missing", None, code, "tp_check_missing"))
    return out


def _homeward_from(plan: TourPlan) -> int:
    """The index of the first day of the drive home after the tour's last visit (the number
    of days when there is none)."""
    last = max((k for k, d in enumerate(plan.days) if d.visits), default=-1)
    return last + 1 if plan.request.return_home else len(plan.days)


def _check_day(  # noqa: ANN001 - day
    plan: TourPlan, day, day_off_allowed: bool = False, late: float = 0.0
) -> list[Violation]:
    """One day's dates, times and legs. `day_off_allowed`: a day of the drive home, which
    may be a day off; `late`: minutes the day may end after the working day (home at the
    end of the tour)."""
    request = plan.request
    out: list[Violation] = []
    ds, de = request.day_minutes
    if (
        day.date < request.start
        or (request.last_day and day.date > request.last_day)
        or (day.date.weekday() not in request.weekdays and not day_off_allowed)
    ):
        out.append(Violation.of("not_worked_day", day.date, None, "tp_check_not_in_range"))
    elif public_holiday(day.date) and not day_off_allowed:
        out.append(Violation.of("not_worked_day", day.date, None, "tp_check_holiday"))
    if _minute(day.depart, day.date) < ds - TOLERANCE_MIN:
        out.append(Violation.of("working_day", day.date, None, "tp_check_departs_early"))
    if _minute(day.end_arrive, day.date) > de + late + TOLERANCE_MIN:
        out.append(Violation.of("working_day", day.date, None, "tp_check_ends_late"))
    most = request.max_visits_per_day
    if most is not None and len(day.visits) > most:
        out.append(
            Violation.of(
                "max_visits", day.date, None, "tp_check_too_many", n=len(day.visits), most=most
            )
        )
    here, t = day.start_place, day.depart
    for v in day.visits:
        code = v.store.code
        km, minutes = _leg(plan, here, v.store.place)
        if abs(km - v.km) > TOLERANCE_KM or abs(minutes - v.drive_minutes) > TOLERANCE_MIN:
            out.append(
                Violation.of(
                    "leg", day.date, code, "tp_check_leg", km=f"{v.km:.1f}", model=f"{km:.1f}"
                )
            )
        if _minute(v.arrive, day.date) + TOLERANCE_MIN < _minute(t, day.date) + minutes:
            out.append(Violation.of("times", day.date, code, "tp_check_early_arrival"))
        if (
            v.start < v.arrive
            or abs((v.end - v.start).total_seconds() / 60 - request.visit_minutes) > TOLERANCE_MIN
        ):
            out.append(Violation.of("times", day.date, code, "tp_check_visit_times"))
        out += _check_windows(plan, day.date, v)
        here, t = v.store.place, v.end
    km, minutes = _leg(plan, here, day.end_place)
    if abs(km - day.end_km) > TOLERANCE_KM:
        out.append(
            Violation.of(
                "leg",
                day.date,
                None,
                "tp_check_last_leg",
                km=f"{day.end_km:.1f}",
                model=f"{km:.1f}",
            )
        )
    elif abs(minutes - day.end_drive_minutes) > TOLERANCE_MIN:
        out.append(
            Violation.of(
                "leg",
                day.date,
                None,
                "tp_check_last_leg_minutes",
                minutes=f"{day.end_drive_minutes:.0f}",
                model=f"{minutes:.0f}",
            )
        )
    if _minute(day.end_arrive, day.date) + TOLERANCE_MIN < _minute(t, day.date) + minutes:
        out.append(Violation.of("times", day.date, None, "tp_check_early_end"))
    return out


def _next_stop(plan: TourPlan, k: int) -> Place | None:
    """Where the drive of day k is headed: the first store visited after it, or home at the
    end of a tour that returns home."""
    for day in plan.days[k + 1 :]:
        if day.visits:
            return day.visits[0].store.place
    return plan.request.home if plan.request.return_home else None


def _check_travel(plan: TourPlan, k: int) -> list[Violation]:
    """A day of driving only drives along the way from where it starts to the next stop (a
    store, or home), until it reaches that stop or the working day ends."""
    day = plan.days[k]
    target = _next_stop(plan, k)

    def broken(key: str, **values: object) -> list[Violation]:
        return [Violation.of("travel", day.date, None, key, **values)]

    if _same_place(day.start_place, day.end_place):
        return broken("tp_check_travel_idle")
    if target is None:
        return broken("tp_check_travel_aimless")
    direct = _leg(plan, day.start_place, target)[0]
    driven, rest = day.end_km, _leg(plan, day.end_place, target)[0]
    if driven + rest > direct + 2 * TOLERANCE_KM:
        detour = f"{driven + rest - direct:.1f}"
        return broken("tp_check_travel_detour", target=target.name, km=detour)
    de = plan.request.day_minutes[1]
    if rest > TOLERANCE_KM and _minute(day.end_arrive, day.date) < de - TOLERANCE_MIN:
        return broken("tp_check_travel_short", target=target.name, time=f"{day.end_arrive:%H:%M}")
    return []


def _check_windows(plan: TourPlan, day: dt.date, v) -> list[Violation]:  # noqa: ANN001
    request = plan.request
    a, b = _minute(v.start, day), _minute(v.end, day)
    out: list[Violation] = []
    opened = v.store.hours.minutes_on(day)
    if not any(s - TOLERANCE_MIN <= a and b <= e + TOLERANCE_MIN for s, e in opened):
        out.append(Violation.of("closed", day, v.store.code, "tp_check_outside_hours"))
    ds, de = request.day_minutes
    if a < ds - TOLERANCE_MIN or b > de + TOLERANCE_MIN:
        out.append(Violation.of("working_day", day, v.store.code, "tp_check_outside_day"))
    must = request.daylight == "required" or (request.daylight == "preferred" and v.in_daylight)
    if must:
        light = daylight_minutes(round(v.store.lat, 3), round(v.store.lon, 3), day)
        if light is None or a < light[0] - TOLERANCE_MIN or b > light[1] + TOLERANCE_MIN:
            out.append(Violation.of("daylight", day, v.store.code, "tp_check_outside_daylight"))
    return out
