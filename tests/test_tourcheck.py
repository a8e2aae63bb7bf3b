import copy
import datetime as dt
import math
from dataclasses import replace

import pytest

from audits.geo import EARTH_RADIUS_KM, Place, TravelModel, geocode, great_circle_point
from audits.routing import PlannedDay, Store, TourPlan, TourRequest, plan_tour
from audits.tourcheck import check_plan

HELSINKI = Place("Helsinki", 60.16952, 24.93545, "gazetteer")
MONDAY = dt.date(2026, 11, 2)


def _store(i: int, town: str, hours: str = "Mo-Fr 09:00-17:00") -> Store:
    p = geocode(town)
    return Store(f"S{i}", town, p.lat, p.lon, hours, "", town)


@pytest.fixture(scope="module")
def good() -> TourPlan:
    stores = [_store(i, t) for i, t in enumerate(["Porvoo", "Lahti", "Hämeenlinna", "Tampere"])]
    plan = plan_tour(TourRequest(HELSINKI, MONDAY, tuple(stores), daylight="required"))
    assert check_plan(plan) == [] and plan.visit_count == 4
    return plan


def _km(a: Place, b: Place) -> float:
    return float(TravelModel().matrices([a.point, b.point])[0][0, 1])


def kinds(plan: TourPlan) -> set[str]:
    return {v.kind for v in check_plan(plan)}


def shifted(plan: TourPlan, minutes: int) -> TourPlan:
    bad = copy.deepcopy(plan)
    v = bad.days[0].visits[0]
    delta = dt.timedelta(minutes=minutes)
    v.arrive, v.start, v.end = v.arrive + delta, v.start + delta, v.end + delta
    return bad


def test_duplicate_visit(good: TourPlan) -> None:
    bad = copy.deepcopy(good)
    bad.days[0].visits.append(copy.deepcopy(bad.days[0].visits[0]))
    assert "duplicate" in kinds(bad)


def test_missing_and_unknown_store(good: TourPlan) -> None:
    bad = copy.deepcopy(good)
    bad.days[0].visits[0].store = Store("ZZ", "x", 60.2, 25.0)
    assert {"missing", "unknown_store"} <= kinds(bad)


def test_closed_and_daylight(good: TourPlan) -> None:
    # Tuesday 17:30-18:15: after closing and after sunset in November
    assert {"closed", "daylight"} <= kinds(shifted(good, 8 * 60))


def test_working_day(good: TourPlan) -> None:
    bad = copy.deepcopy(good)
    bad.days[0].depart = bad.days[0].depart.replace(hour=6)
    assert "working_day" in kinds(bad)


def test_times_and_leg(good: TourPlan) -> None:
    bad = copy.deepcopy(good)
    v = bad.days[0].visits[0]
    v.end = v.start + dt.timedelta(minutes=10)
    v.km += 30
    assert {"times", "leg"} <= kinds(bad)
    early = copy.deepcopy(good)
    w = early.days[0].visits[-1]
    w.arrive = early.days[0].depart  # arrives before the drive could end
    assert "times" in kinds(early)


def test_not_worked_day_and_order(good: TourPlan) -> None:
    bad = copy.deepcopy(good)
    bad.days[0].date = dt.date(2026, 11, 1)  # a Sunday
    assert "not_worked_day" in kinds(bad)
    if len(good.days) > 1:
        swapped = copy.deepcopy(good)
        swapped.days.reverse()
        assert {"day_order", "continuity"} & kinds(swapped)


def test_a_day_on_a_public_holiday_is_not_worked(good: TourPlan) -> None:
    on_holiday = copy.deepcopy(good)
    on_holiday.request = replace(good.request, start=dt.date(2026, 12, 21), last_day=None)
    on_holiday.days[0].date = dt.date(2026, 12, 24)  # Christmas Eve, a Thursday
    broken = [v for v in check_plan(on_holiday) if v.kind == "not_worked_day"]
    assert [v.said.text("fi") for v in broken] == ["pyhäpäivä: ei työpäivä"]


def test_continuity_and_hotel(good: TourPlan) -> None:
    bad = copy.deepcopy(good)
    bad.days[0].start_place = Place("Oulu", 65.0, 25.5, "gazetteer")
    assert "continuity" in kinds(bad)
    wrong = copy.deepcopy(good)
    wrong.days[-1].hotel = not wrong.days[-1].hotel
    assert "hotel" in kinds(wrong)


def test_more_visits_in_a_day_than_the_maximum(good: TourPlan) -> None:
    busiest = max(good.days, key=lambda d: len(d.visits))
    assert len(busiest.visits) >= 2, "the fixture has a day of several visits"
    bad = copy.deepcopy(good)
    bad.request = replace(good.request, max_visits_per_day=len(busiest.visits) - 1)
    violations = check_plan(bad)
    assert {v.kind for v in violations} == {"max_visits"}
    assert [v.day for v in violations] == [
        d.date for d in good.days if len(d.visits) == len(busiest.visits)
    ]
    exact = copy.deepcopy(good)
    exact.request = replace(good.request, max_visits_per_day=len(busiest.visits))
    assert check_plan(exact) == []


# --- days of driving only ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def far() -> TourPlan:
    """From Helsinki to a store 1.6 working days' drive north (8-19) and back: a day of
    driving to a hotel on the way, the visit after the rest of the drive, two days home."""
    km = 1.6 * 11 * 70 / 1.3  # great-circle km at the default road factor and speed
    lat = HELSINKI.lat + math.degrees(km / EARTH_RADIUS_KM)
    store = Store("N1", "Far north", lat, HELSINKI.lon, "Mo-Fr 09:00-17:00", "", "Pohjoinen")
    plan = plan_tour(TourRequest(HELSINKI, MONDAY, (store,), daylight="off"))
    assert check_plan(plan) == [] and [len(d.visits) for d in plan.days] == [0, 1, 0, 0]
    return plan


def travel_said(plan: TourPlan) -> list[str]:
    return [v.said.key for v in check_plan(plan) if v.kind == "travel"]


def test_a_day_of_driving_that_drives_nowhere(far: TourPlan) -> None:
    idle = copy.deepcopy(far)
    monday = idle.days[0]
    monday.end_place, monday.end_km, monday.end_drive_minutes = HELSINKI, 0.0, 0.0
    monday.end_arrive, monday.hotel = monday.depart, False
    idle.days[1].start_place = HELSINKI
    assert "tp_check_travel_idle" in travel_said(idle)


def test_a_day_of_driving_off_the_way_to_the_next_stop(far: TourPlan) -> None:
    """Monday's night moved 60 km east of the way north: the drive there matches the
    distances and the working day, but it is not on the way to the store."""
    sideways = copy.deepcopy(far)
    monday, tuesday = sideways.days[:2]
    hotel = Place("Sivu", monday.end_place.lat, monday.end_place.lon + 1.0, "route")
    monday.end_place = tuesday.start_place = hotel
    monday.end_km = _km(monday.start_place, hotel)
    monday.end_drive_minutes = monday.end_km / 70 * 60
    monday.end_arrive = monday.depart + dt.timedelta(minutes=monday.end_drive_minutes)
    tuesday.visits[0].km = _km(hotel, tuesday.visits[0].store.place)
    assert travel_said(sideways) == ["tp_check_travel_detour"]
    assert {v.kind for v in check_plan(sideways)} >= {"travel"}


def test_a_day_of_driving_that_stops_early_short_of_the_next_stop(far: TourPlan) -> None:
    """Monday's drive stopped at 13:30, half way to where it slept: a hotel night for a drive
    the working day had room for."""
    short = copy.deepcopy(far)
    monday, tuesday = short.days[:2]
    half = great_circle_point(monday.start_place.point, monday.end_place.point, 0.5)
    hotel = Place("Puolivälissä", *half, "route")
    monday.end_place = tuesday.start_place = hotel
    monday.end_km /= 2
    monday.end_drive_minutes /= 2
    monday.end_arrive = monday.depart + dt.timedelta(minutes=monday.end_drive_minutes)
    assert travel_said(short) == ["tp_check_travel_short"]


def test_a_day_of_driving_whose_time_does_not_match_its_drive(far: TourPlan) -> None:
    fast = copy.deepcopy(far)
    fast.days[0].end_drive_minutes /= 2  # 330 minutes for a drive of 660
    assert "tp_check_last_leg_minutes" in {v.said.key for v in check_plan(fast) if v.kind == "leg"}


def test_a_day_of_driving_with_nothing_after_it(far: TourPlan) -> None:
    """Without the return home, the days of driving after the visit lead nowhere."""
    aimless = copy.deepcopy(far)
    aimless.request = replace(far.request, return_home=False)
    assert travel_said(aimless) == ["tp_check_travel_aimless"] * 2


# --- the drive home over a weekend ---------------------------------------------------------------

THURSDAY = dt.date(2026, 11, 5)


def _on(day: PlannedDay, date: dt.date) -> PlannedDay:
    """The day moved to another date, at the same times of day."""
    delta = dt.datetime.combine(date, dt.time()) - dt.datetime.combine(day.date, dt.time())
    visits = [
        replace(v, arrive=v.arrive + delta, start=v.start + delta, end=v.end + delta)
        for v in day.visits
    ]
    moved = {"depart": day.depart + delta, "end_arrive": day.end_arrive + delta}
    return replace(day, date=date, visits=visits, **moved)


def _dated(plan: TourPlan, first: dt.date, *dates: dt.date) -> TourPlan:
    """The plan's days on these dates, the range starting on the first."""
    days = [_on(day, date) for day, date in zip(plan.days, dates, strict=True)]
    return replace(plan, request=replace(plan.request, start=first), days=days)


@pytest.fixture(scope="module")
def weekend() -> TourPlan:
    """The store 1.6 working days' drive north, from Thursday: Thursday's drive, Friday's
    visit and the evening's drive, then the drive home on Saturday and Sunday morning."""
    km = 1.6 * 11 * 70 / 1.3
    lat = HELSINKI.lat + math.degrees(km / EARTH_RADIUS_KM)
    store = Store("N1", "Far north", lat, HELSINKI.lon, "Mo-Fr 09:00-17:00", "", "Pohjoinen")
    plan = plan_tour(TourRequest(HELSINKI, THURSDAY, (store,), daylight="off"))
    assert check_plan(plan) == [] and [len(d.visits) for d in plan.days] == [0, 1, 0, 0]
    assert [d.date.day for d in plan.days] == [5, 6, 7, 8], "Thursday to Sunday"
    return plan


def test_a_drive_home_that_waits_at_a_hotel_for_monday(weekend: TourPlan) -> None:
    days = [d.date for d in weekend.days]
    waits = _dated(weekend, THURSDAY, *days[:2], dt.date(2026, 11, 9), dt.date(2026, 11, 10))
    violations = check_plan(waits)
    assert [(v.kind, v.day) for v in violations] == [("travel", dt.date(2026, 11, 9))]
    assert violations[0].said.text("fi") == (
        "kotimatka odottaa hotellissa, vaikka se voisi jatkua 7.11.2026"
    )
    assert violations[0].said.text("en") == (
        "the drive home waits at a hotel instead of continuing on 7.11.2026"
    )
    sunday = _dated(weekend, THURSDAY, *days[:2], dt.date(2026, 11, 8), dt.date(2026, 11, 9))
    assert travel_said(sunday) == ["tp_check_travel_waits"], "a day's wait is a wait too"


def test_only_the_drive_home_may_be_on_a_day_off(weekend: TourPlan, far: TourPlan) -> None:
    not_friday = replace(weekend, request=replace(weekend.request, weekdays=frozenset(range(4))))
    broken = [(v.kind, v.day) for v in check_plan(not_friday)]
    assert broken == [("not_worked_day", dt.date(2026, 11, 6))], "the visit, not the drive home"
    saturday, monday = dt.date(2026, 11, 7), dt.date(2026, 11, 9)
    out_on_saturday = _dated(
        far, saturday, saturday, monday, *(monday + dt.timedelta(days=n) for n in (1, 2))
    )
    assert [(v.kind, v.day) for v in check_plan(out_on_saturday)] == [
        ("not_worked_day", saturday)
    ], "the drive out waits for a working day"


def test_the_drive_home_over_christmas(weekend: TourPlan) -> None:
    """From Tuesday 22 December: the drive home on Christmas Eve and Christmas Day."""
    dates = [dt.date(2026, 12, d) for d in (22, 23, 24, 25)]
    assert check_plan(_dated(weekend, dates[0], *dates)) == []
    eve = _dated(weekend, dates[0], dates[0], dates[2], dates[3], dt.date(2026, 12, 26))
    assert [(v.kind, v.day) for v in check_plan(eve)] == [("not_worked_day", dates[2])], (
        "a visit on Christmas Eve"
    )


def test_only_the_last_drive_home_may_end_after_the_working_day(far: TourPlan) -> None:
    """Up to an hour past it: home rather than a hotel night less than that from home."""

    def ending(plan: TourPlan, k: int, time: dt.time) -> TourPlan:
        late = copy.deepcopy(plan)
        day = late.days[k]
        day.end_arrive = dt.datetime.combine(day.date, time)
        return late

    def late(plan: TourPlan) -> list[str]:
        return [v.said.key for v in check_plan(plan) if v.kind == "working_day"]

    last = len(far.days) - 1
    home = far.days[last].end_arrive.time()
    assert home < dt.time(19), "the fixture gets home within the working day"
    assert late(ending(far, last, dt.time(20))) == []
    assert late(ending(far, last, dt.time(20, 5))) == ["tp_check_ends_late"]
    assert late(ending(far, 0, dt.time(19, 30))) == ["tp_check_ends_late"], "a hotel night"
