import csv
import datetime as dt
import itertools
import math
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest

from audits.costs import CostModel, DayAbsence, tour_cost
from audits.daylight import daylight, daylight_minutes
from audits.demo import DEMO_STORES
from audits.geo import EARTH_RADIUS_KM, Place, TravelModel, distance_matrix, geocode
from audits.i18n import explain
from audits.routing import (
    MoveNotPossible,
    Store,
    Timing,
    TourPlan,
    TourRequest,
    _best,
    _Candidate,
    _home_over_breaks,
    _push_back,
    move_store,
    plan_team,
    plan_tour,
    shortest_order,
    tour_km,
    without_store,
)
from audits.tourcheck import RulesBroken, Violation, check_plan

HELSINKI = Place("Helsinki", 60.16952, 24.93545, "gazetteer")
HELSINKI_STORE = Store("home", "Home", HELSINKI.lat, HELSINKI.lon)
MONDAY = dt.date(2026, 11, 2)
TOWNS = ["Espoo", "Vantaa", "Kerava", "Porvoo", "Järvenpää", "Tuusula"]


def town_store(i: int, town: str, hours: str = "Mo-Fr 09:00-17:00") -> Store:
    place = geocode(town)
    return Store(f"S{i}", f"Store {town}", place.lat, place.lon, hours, "Katu 1", town)


def brute_force_km(home: Place, stores: list[Store]) -> float:
    km = distance_matrix([home.point, *((s.lat, s.lon) for s in stores)], 1.3)
    return min(
        tour_km(km, [0, *perm]) for perm in itertools.permutations(range(1, len(stores) + 1))
    )


def test_order_equals_brute_force() -> None:
    stores = [town_store(i, t) for i, t in enumerate(TOWNS)]
    result = shortest_order(HELSINKI, stores)
    assert result.km == pytest.approx(brute_force_km(HELSINKI, stores), rel=1e-6)
    assert sorted(s.code for s in result.order) == sorted(s.code for s in stores)


def test_no_visits_on_public_holidays() -> None:
    stores = [town_store(i, t, "Mo-Sa 09:00-17:00") for i, t in enumerate(TOWNS)]
    # Monday 21.12: Christmas Eve, Christmas Day and Boxing Day are not worked.
    request = TourRequest(
        HELSINKI, dt.date(2026, 12, 21), tuple(stores), daylight="off", max_visits_per_day=1
    )
    plan = plan_tour(request)
    assert check_plan(plan) == [] and not plan.unplanned
    assert [d.date.day for d in plan.days] == [21, 22, 23, 28, 29, 30]


def test_small_plan_equals_brute_force_and_passes_checker() -> None:
    stores = [town_store(i, t) for i, t in enumerate(TOWNS[:5])]
    request = TourRequest(HELSINKI, MONDAY, tuple(stores), daylight="off")
    plan = plan_tour(request)
    assert check_plan(plan) == [] and not plan.unplanned
    assert len(plan.days) == 1 and plan.hotel_nights == 0
    assert plan.km == pytest.approx(brute_force_km(HELSINKI, stores), rel=1e-6)


def test_multi_day_with_hotel_and_closed_store_reported() -> None:
    towns = ["Oulu", "Kajaani", "Vaasa", "Kuopio", "Tampere", "Turku"]
    stores = [town_store(i, t) for i, t in enumerate(towns)]
    stores.append(town_store(9, "Lahti", "Mo-Su off"))
    request = TourRequest(HELSINKI, MONDAY, tuple(stores), daylight="required")
    plan = plan_tour(request)
    assert check_plan(plan) == []
    assert [(u.store.code, u.reason) for u in plan.unplanned] == [
        ("S9", "closed on every day of the week")
    ]
    assert plan.unplanned[0].why.text("fi") == "suljettu joka viikonpäivä"
    assert plan.visit_count == 6 and plan.hotel_nights >= 1
    assert plan.days[-1].end_place == HELSINKI
    data = plan.to_dict()
    assert data["totals"]["days"] == len(plan.days)
    assert {"store", "arrive", "start", "end", "km"} <= set(data["days"][0]["visits"][0])


def test_polar_night_store_is_unplanned_when_daylight_required() -> None:
    nuorgam = Store("N1", "Nuorgam", 70.08, 27.87, "Mo-Fr 09:00-17:00", "", "Nuorgam")
    request = TourRequest(
        HELSINKI, dt.date(2026, 12, 14), (nuorgam,), last_day=dt.date(2026, 12, 24)
    )
    plan = plan_tour(request)
    assert plan.days == [] and "daylight" in plan.unplanned[0].reason


def test_move_store_to_another_day() -> None:
    stores = [town_store(i, t) for i, t in enumerate(TOWNS[:3])]
    plan = plan_tour(TourRequest(HELSINKI, MONDAY, tuple(stores), daylight="off"))
    moved = move_store(plan, "S0", MONDAY + dt.timedelta(days=1))
    assert check_plan(moved) == []
    assert [v.store.code for v in moved.days[-1].visits] == ["S0"]
    assert moved.days[0].end_place == HELSINKI and moved.hotel_nights == 0, "near home: home"
    with pytest.raises(MoveNotPossible, match="not a worked date"):
        move_store(plan, "S0", MONDAY + dt.timedelta(days=5))


def _two_long_visits_a_day(most: int | None = None) -> TourPlan:
    """Espoo and Vantaa on Monday, Kerava and Porvoo (closed on Mondays) on Tuesday."""
    stores = [town_store(i, t) for i, t in enumerate(TOWNS[:3])]
    stores.append(town_store(3, "Porvoo", "Tu-Fr 09:00-17:00"))
    request = TourRequest(
        HELSINKI, MONDAY, tuple(stores), daylight="off", visit_minutes=200, max_visits_per_day=most
    )
    plan = plan_tour(request)
    assert [[v.store.code for v in d.visits] for d in plan.days] == [["S0", "S1"], ["S2", "S3"]]
    return plan


@pytest.mark.parametrize(
    ("most", "code", "day", "finnish", "english"),
    [
        (None, "S9", MONDAY, "myymälä S9 ei kuulu tähän matkaan", "store S9 is not in this tour"),
        (
            None,
            "S0",
            MONDAY + dt.timedelta(days=5),
            "7.11.2026 ei ole matkan työpäivä",
            "7.11.2026 is not a worked date of the tour",
        ),
        (
            None,
            "S3",
            MONDAY,
            "myymälässä S3 ei voi käydä 2.11.2026 (aukioloajat, päivänvalo)",
            "S3 cannot be visited on 2.11.2026 (opening hours, daylight)",
        ),
        (
            2,
            "S2",
            MONDAY,
            "päivälle 2.11.2026 on jo 2 käyntiä, enempää ei sallita",
            "2.11.2026 already has 2 visits, the most allowed in a day",
        ),
        (
            None,
            "S2",
            MONDAY,
            "myymälä S2 ei mahdu päivälle 2.11.2026 sen muiden käyntien lomaan",
            "S2 does not fit on 2.11.2026 with that day's other visits",
        ),
    ],
)
def test_a_refused_move_says_why_in_finnish_and_in_english(
    most: int | None, code: str, day: dt.date, finnish: str, english: str
) -> None:
    plan = _two_long_visits_a_day(most)
    with pytest.raises(MoveNotPossible) as refused:
        move_store(plan, code, day)
    assert explain(refused.value, "fi") == finnish
    assert str(refused.value) == english, "logs and the command line stay in English"
    assert isinstance(refused.value, ValueError)


def test_a_move_the_checker_turns_down_lists_each_violation_in_both_languages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The planner's re-timing and the checker should agree; when they do not, the checker's
    violations are the reason."""
    plan = _two_long_visits_a_day()
    wednesday = MONDAY + dt.timedelta(days=2)
    move_store(plan, "S3", wednesday)  # allowed by the real checker
    late = Violation.of("daylight", wednesday, "S3", "tp_check_outside_daylight")
    monkeypatch.setattr("audits.tourcheck.check_plan", lambda moved: [late])
    with pytest.raises(MoveNotPossible) as refused:
        move_store(plan, "S3", wednesday)
    assert isinstance(refused.value, RulesBroken) and refused.value.violations == (late,)
    assert explain(refused.value, "fi") == "siirretty matka rikkoisi sääntöjä"
    assert late.said.text("fi") == "käynti päivänvalon ulkopuolella"
    assert str(refused.value) == (
        "the moved tour breaks the rules: daylight: 2026-11-04 S3: visit outside daylight"
    )


def test_daylight_porvoo_and_rovaniemi_around_the_winter_solstice() -> None:
    porvoo = daylight_minutes(60.39233, 25.66507, dt.date(2026, 12, 21))
    assert porvoo is not None and 9 * 60 + 20 <= porvoo[0] <= 9 * 60 + 30
    assert 15 * 60 <= porvoo[1] <= 15 * 60 + 10
    rovaniemi = daylight(66.5, 25.72, dt.date(2026, 12, 21))
    assert rovaniemi is not None
    assert dt.timedelta(hours=1) < rovaniemi[1] - rovaniemi[0] < dt.timedelta(hours=3)
    assert daylight(69.91, 27.03, dt.date(2026, 12, 21)) is None  # Utsjoki: polar night
    assert daylight_minutes(69.91, 27.03, dt.date(2026, 6, 21)) == (0, 1440)  # midnight sun


def test_costs_by_hand() -> None:
    model = CostModel(hotel_night_eur=Decimal("100"))
    days = [DayAbsence(24, 300), DayAbsence(8, 120), DayAbsence(12, 10), DayAbsence(5, 50)]
    cost = tour_cost(model, 412.34, days, hotel_nights=1)
    assert cost.km_eur == Decimal("226.77")  # 412.3 km × 0.55 = 226.765
    assert (cost.full_days, cost.partial_days) == (1, 1)  # 12 h but within 15 km: none
    assert cost.allowance_eur == Decimal("79.00")
    assert cost.total_eur == Decimal("405.77")  # + 54 + 25 + 100


def test_plan_cost_of_a_one_day_tour_by_hand() -> None:
    stores = [town_store(0, "Porvoo")]
    plan = plan_tour(TourRequest(HELSINKI, MONDAY, tuple(stores), daylight="off"))
    km = round(plan.km, 1)
    hours = (plan.days[0].end_arrive - plan.days[0].depart).total_seconds() / 3600
    assert hours < 6
    assert plan.cost.total_eur == (Decimal(str(km)) * Decimal("0.55")).quantize(Decimal("0.01"))


def test_push_back_moves_days_only_as_far_as_needed() -> None:
    week = [MONDAY + dt.timedelta(days=k) for k in range(12) if k % 7 < 5]
    days = [(week[0], [1]), (week[1], [2]), (week[3], [3])]
    assert _push_back(days, week[0], week) == [(week[1], [1]), (week[2], [2]), (week[3], [3])]
    assert _push_back([(week[-1], [4])], week[-1], week) is None


FAR_TOWNS = ["Oulu", "Kajaani", "Vaasa", "Kuopio", "Tampere", "Turku", "Lahti", "Porvoo"]


def _runs(messages: list[str]) -> int:
    return sum(m.startswith("solving with") for m in messages)


def test_the_same_request_gives_the_same_plan_whatever_the_threads() -> None:
    request = TourRequest(
        HELSINKI, MONDAY, tuple(town_store(i, t) for i, t in enumerate(FAR_TOWNS))
    )
    said: list[str] = []
    # Without the safety cap: on a machine loaded enough that a run nears its share of the cap,
    # the plan would rightly say it may have been cut short (and could then differ).
    first = plan_tour(request, progress=said.append, time_limit=None)
    assert _runs(said) > 1, "the search walks down to fewer days"
    again = plan_tour(request, time_limit=None)
    one_thread = plan_tour(request, threads=1, time_limit=None)
    assert again.to_dict() == first.to_dict() == one_thread.to_dict()
    assert not first.cut_short and first.to_dict()["cut_short"] is False


def test_the_search_is_bounded_by_its_runs_not_by_the_clock() -> None:
    request = TourRequest(
        HELSINKI, MONDAY, tuple(town_store(i, t) for i, t in enumerate(FAR_TOWNS))
    )
    said: list[str] = []
    plan = plan_tour(request, progress=said.append, max_runs=1, time_limit=None)
    assert _runs(said) == 1 and not plan.cut_short
    assert check_plan(plan) == [] and plan.visit_count == len(FAR_TOWNS)


def test_a_search_cut_by_the_time_cap_says_so_and_still_returns_a_checked_plan() -> None:
    stores = [town_store(i, t) for i, t in enumerate(FAR_TOWNS)]
    said: list[str] = []
    plan = plan_tour(
        TourRequest(HELSINKI, MONDAY, tuple(stores)), progress=said.append, time_limit=0
    )
    assert plan.cut_short and plan.to_dict()["cut_short"] is True
    assert _runs(said) == 1 and said[-1] == "stopped by the time limit"
    assert check_plan(plan) == [] and plan.visit_count + len(plan.unplanned) == len(stores)


def test_the_maximum_of_visits_a_day_spreads_the_tour_and_passes_the_checker() -> None:
    stores = [town_store(i, t) for i, t in enumerate(TOWNS[:5])]  # one day without a limit
    request = TourRequest(HELSINKI, MONDAY, tuple(stores), daylight="off", max_visits_per_day=2)
    plan = plan_tour(request)
    assert check_plan(plan) == [] and not plan.unplanned
    per_day = [len(d.visits) for d in plan.days if d.visits]
    assert max(per_day) <= 2 and sum(per_day) == 5
    assert len(per_day) == 3, "the fewest days the maximum allows"
    full = next(d.date for d in plan.days if len(d.visits) == 2)
    alone = next(v.store.code for d in plan.days for v in d.visits if d.date != full)
    with pytest.raises(MoveNotPossible, match="already has 2 visits"):
        move_store(plan, alone, full)


def test_stores_left_out_by_the_maximum_say_so() -> None:
    stores = [town_store(i, t) for i, t in enumerate(TOWNS[:3])]
    request = TourRequest(
        HELSINKI,
        MONDAY,
        tuple(stores),
        daylight="off",
        last_day=MONDAY + dt.timedelta(days=1),
        max_visits_per_day=1,
    )
    plan = plan_tour(request)
    assert check_plan(plan) == [] and plan.visit_count == 2
    (left,) = plan.unplanned
    assert "maximum number of visits (1)" in left.reason
    with pytest.raises(ValueError, match="at least one visit a day"):
        TourRequest(HELSINKI, MONDAY, tuple(stores), max_visits_per_day=0)


def _evening_case(far_town: str, far_hours: str) -> TourRequest:
    """Espoo open only late on Monday, then a store that opens early or mid-day on Tuesday."""
    near = town_store(1, "Espoo", "Mo 15:00-16:00")
    far = town_store(2, far_town, far_hours)
    return TourRequest(
        HELSINKI, MONDAY, (near, far), daylight="off", last_day=MONDAY + dt.timedelta(days=4)
    )


def test_the_evening_drive_reaches_the_next_town_and_the_night_is_spent_there() -> None:
    plan = plan_tour(_evening_case("Tampere", "Tu-Fr 08:00-09:00"))
    assert check_plan(plan) == [] and not plan.unplanned
    monday, tuesday = plan.days[0], plan.days[1]
    tampere = plan.request.stores[1]
    assert [v.store.code for v in monday.visits] == ["S1"]
    assert monday.end_place == tampere.place and monday.hotel
    espoo = plan.request.stores[0].place
    assert monday.end_km == pytest.approx(distance_matrix([espoo.point, tampere.place.point])[0, 1])
    assert tuesday.start_place == tampere.place
    assert tuesday.visits[0].km == 0 and tuesday.visits[0].start.time() == dt.time(8, 0)


def test_a_drive_too_long_for_the_evening_stops_at_a_hotel_on_the_way() -> None:
    request = _evening_case("Oulu", "Tu-Fr 14:00-17:00")
    plan = plan_tour(request)
    assert check_plan(plan) == [] and not plan.unplanned
    monday, tuesday = plan.days[0], plan.days[1]
    espoo, oulu = (s.place for s in request.stores)
    whole = distance_matrix([espoo.point, oulu.point], 1.3)[0, 1]
    assert monday.end_place.source == "route"
    assert monday.end_place.name == "Jämsä (Espoo → Oulu, 228 km)", "the town to book a hotel in"
    assert monday.end_arrive.time() == dt.time(19, 0)  # drove on until the working day ended
    assert monday.end_km + tuesday.visits[0].km == pytest.approx(whole, abs=0.01)
    assert tuesday.start_place == monday.end_place and monday.hotel


def test_with_osrm_distances_a_drive_is_not_split(monkeypatch) -> None:
    import audits.geo

    def table(_url: str, points):  # noqa: ANN001, ANN202
        km = distance_matrix(points, 1.3)
        return km, km / 70.0 * 60.0

    monkeypatch.setattr(audits.geo, "osrm_table", table)
    request = _evening_case("Oulu", "Tu-Fr 14:00-17:00")
    request = replace(request, travel=TravelModel(osrm_url="http://127.0.0.1:9"))
    plan = plan_tour(request)
    assert check_plan(plan) == [] and not plan.unplanned
    assert all(p.source != "route" for d in plan.days for p in (d.start_place, d.end_place))
    # Espoo on Monday; the drive to Oulu, too long for an evening, whole on a day of its own
    monday, tuesday, wednesday, thursday = plan.days
    oulu = request.stores[1].place
    assert tuesday.visits == [] and tuesday.end_place == oulu and tuesday.hotel
    assert [v.store.code for v in wednesday.visits] == ["S2"] and wednesday.visits[0].km == 0
    assert thursday.visits == [] and thursday.end_place == HELSINKI


def test_the_objective_chooses_among_the_candidate_plans() -> None:
    few_days = _Candidate([], [], km=3119.0, n_days=11, cost_eur=4065.0)
    short = _Candidate([], [], km=3068.0, n_days=12, cost_eur=4201.0)
    long = _Candidate([], [], km=3484.0, n_days=11, cost_eur=4000.0)
    left_out = _Candidate([], [7], km=100.0, n_days=1, cost_eur=10.0)
    results = {11: few_days, 12: short, 10: long, 1: left_out}
    assert _best(results, "cost") is long
    assert _best(results, "days") is few_days
    assert _best(results, "km") is short
    with pytest.raises(ValueError, match="objective"):
        TourRequest(HELSINKI, MONDAY, (), objective="fast")  # type: ignore[arg-type]


@pytest.mark.parametrize("objective", ["cost", "days", "km"])
def test_of_two_equal_plans_the_one_that_ends_first_is_chosen(objective: str) -> None:
    # VROOM sometimes gives the same rounds on Tuesday and Wednesday, leaving Monday idle.
    tuesday, wednesday = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)
    late = _Candidate([(tuesday, [3, 2]), (wednesday, [1, 0])], [], 208.6, 2, 300.0)
    early = _Candidate([(MONDAY, [0, 1]), (tuesday, [2, 3])], [], 208.6, 2, 300.0)
    assert _best({3: late, 2: early}, objective) is early  # type: ignore[arg-type]


def _two_days_near_home(first: str, second: str, objective: str = "cost") -> TourRequest:
    stores = (town_store(1, "Espoo", first), town_store(2, "Kerava", second))
    return TourRequest(
        HELSINKI,
        MONDAY,
        stores,
        daylight="off",
        last_day=MONDAY + dt.timedelta(days=11),
        objective=objective,  # type: ignore[arg-type]
    )


def test_a_night_between_days_near_home_is_spent_at_home_when_that_costs_less() -> None:
    at_home = plan_tour(_two_days_near_home("Mo 09:00-17:00", "Tu 09:00-17:00"))
    assert check_plan(at_home) == [] and not at_home.unplanned
    monday, tuesday = at_home.days
    assert (monday.end_place, monday.hotel, tuesday.start_place) == (HELSINKI, False, HELSINKI)
    assert at_home.hotel_nights == 0
    on_the_road = plan_tour(_two_days_near_home("Mo 09:00-17:00", "Tu 09:00-17:00", "km"))
    assert check_plan(on_the_road) == [] and on_the_road.hotel_nights == 1
    assert on_the_road.days[0].end_place == on_the_road.request.stores[1].place
    assert on_the_road.km < at_home.km
    assert at_home.cost.total_eur < on_the_road.cost.total_eur


def test_days_off_between_visits_near_home_are_spent_at_home() -> None:
    plan = plan_tour(_two_days_near_home("Fr 09:00-17:00", "Mo 09:00-17:00"))
    assert check_plan(plan) == [] and not plan.unplanned
    assert [d.date.weekday() for d in plan.days] == [0, 4]  # Kerava Monday, Espoo Friday
    assert plan.hotel_nights == 0 and not plan.days[0].hotel
    assert plan.cost.full_days == 0, "two day trips, not a week away"


def test_home_for_the_weekend_when_monday_gives_a_store_to_friday() -> None:
    """Monday's six Kouvola visits fit only with an early start there: settling the nights
    alone keeps a three-night hotel; moving one store to Friday lets the shopper go home."""
    friday, monday = dt.date(2026, 11, 6), dt.date(2026, 11, 9)
    kouvola = geocode("Kouvola")
    near = [
        Store(
            f"K{i}",
            f"Kouvola {i}",
            kouvola.lat + 0.02 * i,
            kouvola.lon + 0.03 * (-1) ** i,
            "Mo-Fr 09:00-17:00",
            "Katu 1",
            "Kouvola",
        )
        for i in range(1, 7)
    ]
    stores = [town_store(0, "Porvoo"), town_store(1, "Loviisa"), town_store(2, "Kouvola"), *near]
    request = TourRequest(
        HELSINKI, friday, tuple(stores), visit_minutes=60, last_day=monday + dt.timedelta(days=1)
    )
    timing = Timing(request)
    days = [(friday, [0, 1, 2]), (monday, [3, 4, 5, 6, 7, 8])]
    home, hotel_plan = timing.settle(days)
    assert home == frozenset() and hotel_plan[0].hotel, "the sequences as they are need a hotel"

    days, home, built = _home_over_breaks(timing, days, home, hotel_plan)
    plan = TourPlan(request, built, [], "", 0.0)
    assert check_plan(plan) == [] and plan.hotel_nights == 0 and home == {friday}
    assert [[v.store.code for v in d.visits] for d in built] == [
        ["S0", "S1", "S2", "K1"],
        ["K2", "K3", "K4", "K5", "K6"],
    ]
    assert plan.cost.total_eur < TourPlan(request, hotel_plan, [], "", 0.0).cost.total_eur


def test_a_day_of_one_store_after_a_weekend_may_go_whole_to_another_day() -> None:
    """Monday's only store is tried on another day too (it crashed the planner: Olivia from
    Oulu to the 14 Uusimaa stores from Monday 14 December)."""
    friday, monday = dt.date(2026, 11, 6), dt.date(2026, 11, 9)
    stores = (town_store(0, "Kuopio"), town_store(1, "Joensuu"))
    request = TourRequest(HELSINKI, friday, stores, last_day=monday + dt.timedelta(days=4))
    timing = Timing(request)
    days = [(friday, [0]), (monday, [1])]
    built = timing.build(days)
    assert built is not None and built[0].hotel, "the weekend at a hotel"

    _, _, built = _home_over_breaks(timing, days, frozenset(), built)
    plan = TourPlan(request, built, [], "", 0.0)
    assert check_plan(plan) == [] and plan.visit_count == 2


def test_two_shoppers_share_the_stores_by_where_they_live() -> None:
    south = [town_store(i, t) for i, t in enumerate(["Espoo", "Vantaa", "Kerava"])]
    north = [town_store(i + 3, t) for i, t in enumerate(["Kempele", "Liminka", "Ii"])]
    request = TourRequest(HELSINKI, MONDAY, (*north, *south), daylight="off")
    oulu = geocode("Oulu")
    team = plan_team(request, [HELSINKI, oulu])
    by_home = {p.request.home.name: p for p in team.plans}
    visited = {
        name: sorted(v.store.code for d in p.days for v in d.visits) for name, p in by_home.items()
    }
    assert visited == {"Helsinki": ["S0", "S1", "S2"], "Oulu": ["S3", "S4", "S5"]}
    assert all(check_plan(p) == [] and not p.unplanned for p in team.plans)
    alone = plan_tour(request)
    assert team.cost_eur < float(alone.cost.total_eur) and team.km < alone.km
    data = team.to_dict()
    assert [s["home"]["name"] for s in data["shoppers"]] == ["Helsinki", "Oulu"]
    assert data["totals"]["visits"] == 6 and data["totals"]["km"] == pytest.approx(team.km, 0.01)


def test_one_home_is_one_shoppers_plan() -> None:
    stores = tuple(town_store(i, t) for i, t in enumerate(TOWNS[:3]))
    team = plan_team(TourRequest(HELSINKI, MONDAY, stores, daylight="off"), [HELSINKI])
    (plan,) = team.plans
    assert plan.visit_count == 3 and check_plan(plan) == []


def _three_visit_day(porvoo_hours: str) -> TourPlan:
    """One Monday from Helsinki: Espoo, a detour by Lahti, Porvoo, in that order, and home."""
    stores = (
        town_store(0, "Espoo"),
        town_store(1, "Lahti"),
        town_store(2, "Porvoo", porvoo_hours),
    )
    request = TourRequest(HELSINKI, MONDAY, stores, daylight="off")
    days = Timing(request).build([(MONDAY, [0, 1, 2])])
    assert days is not None and len(days) == 1
    return TourPlan(request, days, [])


def _checked_without(plan: TourPlan, code: str) -> list[Violation]:
    """The checker's findings on the plan as if the store had never been asked for."""
    stores = [s for s in plan.request.stores if s.code != code]
    return check_plan(replace(plan, request=replace(plan.request, stores=tuple(stores))))


def _drive_minutes(a: Store, b: Store) -> float:
    return float(TravelModel().matrices([(a.lat, a.lon), (b.lat, b.lon)])[1][0, 1])


def test_the_visit_after_one_that_leaves_comes_earlier_by_the_drive_it_saves() -> None:
    plan = _three_visit_day("Mo-Fr 09:00-17:00")
    espoo, lahti, porvoo = plan.days[0].visits
    assert porvoo.arrive == porvoo.start, "no wait at Porvoo before"
    shorter = without_store(plan, "S1")
    [day] = shorter.days
    first, third = day.visits
    assert (first.arrive, first.start, first.end) == (espoo.arrive, espoo.start, espoo.end)
    assert day.depart == plan.days[0].depart
    saved = lahti.drive_minutes + (lahti.end - lahti.arrive).total_seconds() / 60
    saved += porvoo.drive_minutes - _drive_minutes(espoo.store, porvoo.store)
    assert (porvoo.arrive - third.arrive).total_seconds() / 60 == pytest.approx(saved)
    assert third.arrive == third.start == espoo.end + dt.timedelta(minutes=third.drive_minutes)
    assert third.drive_minutes == pytest.approx(_drive_minutes(espoo.store, porvoo.store))
    assert third.end - third.start == porvoo.end - porvoo.start
    assert (day.end_km, day.end_drive_minutes) == (
        plan.days[0].end_km,
        plan.days[0].end_drive_minutes,
    )
    assert day.end_arrive == plan.days[0].end_arrive - dt.timedelta(minutes=saved)
    assert shorter.km < plan.km and _checked_without(shorter, "S1") == []


def test_a_visit_that_would_now_arrive_before_opening_waits_for_it() -> None:
    plan = _three_visit_day("Mo-Fr 12:00-17:00")
    espoo, _, porvoo = plan.days[0].visits
    noon = dt.datetime.combine(MONDAY, dt.time(12))
    assert porvoo.arrive > noon, "the detour by Lahti reached Porvoo after it opened"
    [day] = without_store(plan, "S1").days
    third = day.visits[-1]
    assert third.arrive == espoo.end + dt.timedelta(minutes=third.drive_minutes) < noon
    assert third.start == noon < porvoo.start
    assert day.end_arrive == third.end + dt.timedelta(minutes=day.end_drive_minutes)


def test_a_day_trip_whose_first_or_last_visit_leaves_still_starts_and_ends_at_home() -> None:
    plan = _three_visit_day("Mo-Fr 09:00-17:00")
    espoo, lahti, porvoo = plan.days[0].visits
    [day] = without_store(plan, "S0").days
    assert [v.store.code for v in day.visits] == ["S1", "S2"]
    assert day.visits[0].drive_minutes == pytest.approx(_drive_minutes(HELSINKI_STORE, lahti.store))
    assert day.depart == day.visits[0].arrive - dt.timedelta(minutes=day.visits[0].drive_minutes)
    [day] = without_store(plan, "S2").days
    assert [v.store.code for v in day.visits] == ["S0", "S1"]
    assert day.end_place == plan.days[0].end_place and day.end_km < plan.days[0].end_km + lahti.km
    assert day.end_arrive == lahti.end + dt.timedelta(minutes=day.end_drive_minutes)
    assert _checked_without(without_store(plan, "S0"), "S0") == []
    assert _checked_without(without_store(plan, "S2"), "S2") == []


TUESDAY = MONDAY + dt.timedelta(days=1)


def _two_day_tour(monday: list[str], tuesday: list[str]) -> TourPlan:
    """From Helsinki: a store in each town in order, the days as given and their nights as
    the planner settles them (a hotel on the way to Tuesday's first store, or home)."""
    towns = [*monday, *tuesday]
    stores = tuple(town_store(i, town) for i, town in enumerate(towns))
    request = TourRequest(HELSINKI, MONDAY, stores, daylight="off")
    first = list(range(len(monday)))
    settled = Timing(request).settle(
        [(MONDAY, first), (TUESDAY, list(range(len(monday), len(towns))))]
    )
    assert settled is not None
    plan = TourPlan(request, settled[1], [])
    assert check_plan(plan) == []
    return plan


def _km(a: Store | Place, b: Store | Place) -> float:
    return float(TravelModel().matrices([(a.lat, a.lon), (b.lat, b.lon)])[0][0, 1])


def test_when_a_days_last_visit_leaves_its_night_follows_the_visits_that_remain() -> None:
    plan = _two_day_tour(["Helsinki", "Tampere", "Pori"], ["Kuopio"])
    monday, tuesday = plan.days
    assert monday.hotel and "(Pori → Kuopio, " in monday.end_place.name
    shorter = without_store(plan, "S2")
    monday, tuesday = shorter.days
    tampere, kuopio = monday.visits[-1].store, tuesday.visits[0].store
    assert [v.store.code for v in monday.visits] == ["S0", "S1"]
    assert "Pori" not in monday.end_place.name, "no hotel on the way from a store not visited"
    assert tuesday.start_place == monday.end_place
    # the evening drive from Tampere toward Kuopio, the rest of it on Tuesday morning
    assert monday.end_km + tuesday.visits[0].km == pytest.approx(_km(tampere, kuopio))
    assert monday.end_arrive == monday.visits[-1].end + dt.timedelta(
        minutes=monday.end_drive_minutes
    )
    assert _checked_without(shorter, "S2") == []
    assert shorter.km < plan.km


def test_a_day_left_without_visits_is_dropped_with_its_night_and_allowance() -> None:
    plan = _two_day_tour(["Helsinki", "Tampere"], ["Kuopio"])
    assert [d.hotel for d in plan.days] == [True, False] and plan.hotel_nights == 1
    shorter = without_store(plan, "S2")
    [monday] = shorter.days
    assert monday.date == MONDAY and not monday.hotel
    assert monday.end_place.point == HELSINKI.point, "home from Tampere the same evening"
    assert monday.end_km == pytest.approx(_km(monday.visits[-1].store, HELSINKI))
    cost = shorter.cost
    assert (cost.hotel_nights, cost.hotel_eur) == (0, 0)
    assert cost.full_days + cost.partial_days == 1, "Monday's allowance only"
    assert cost.total_eur < plan.cost.total_eur and _checked_without(shorter, "S2") == []


def test_when_a_days_first_visit_leaves_the_night_before_heads_for_the_next_one() -> None:
    plan = _two_day_tour(["Helsinki", "Tampere"], ["Kuopio", "Jyväskylä"])
    assert plan.days[0].end_place.name == "Kuopio"
    monday, tuesday = without_store(plan, "S2").days
    assert monday.end_place.name == "Jyväskylä" == tuesday.start_place.name
    assert [v.store.code for v in tuesday.visits] == ["S3"]
    # a day already driven stays as it was: Tuesday starts where Monday's night was spent
    monday, tuesday = without_store(plan, "S2", kept_before=TUESDAY).days
    assert monday == plan.days[0]
    assert tuesday.start_place.name == "Kuopio"
    assert tuesday.visits[0].km == pytest.approx(
        _km(plan.days[1].visits[0].store, tuesday.visits[0].store)
    )


# --- stores more than a working day's drive from home ------------------------------------------

OULU = Place("Oulu", 65.0124, 25.4682, "given")
DECEMBER = dt.date(2026, 12, 1)  # a Tuesday


def _demo_stores(keep: Callable[[dict[str, str]], bool]) -> tuple[Store, ...]:
    """The demo's dealerships whose row `keep` keeps."""
    with DEMO_STORES.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if keep(r)]
    return tuple(
        Store(r["code"], r["name"], float(r["lat"]), float(r["lon"]), r["opening_hours"],
              r["address"], r["city"])
        for r in rows
    )  # fmt: skip


def _drive_days(plan: TourPlan) -> list[int]:
    return [k for k, d in enumerate(plan.days) if not d.visits]


@pytest.mark.parametrize("daylight", ["required", "preferred"])
def test_olivia_from_oulu_plans_all_of_uusimaa_in_december(daylight: str) -> None:
    """A day's drive to the first store (9.6 h): a day of driving only, the night in the
    first store's town, visits from the next morning in daylight, and the drive home."""
    stores = _demo_stores(lambda row: row["region"] == "Uusimaa")
    assert len(stores) == 14
    request = TourRequest(
        OULU,
        DECEMBER,
        stores,
        daylight=daylight,
        last_day=dt.date(2026, 12, 18),  # type: ignore[arg-type]
    )
    plan = plan_tour(request)
    assert check_plan(plan) == [] and not plan.unplanned and plan.visit_count == 14
    first, second, last = plan.days[0], plan.days[1], plan.days[-1]
    assert first.visits == [] and first.start_place == OULU and first.date == DECEMBER
    assert first.hotel and first.end_place == second.visits[0].store.place, "slept by the store"
    assert first.end_km == pytest.approx(_km(OULU, second.visits[0].store))
    assert first.depart.time() == dt.time(8) and first.end_arrive.time() < dt.time(19)
    assert second.visits[0].km == 0 and second.start_place == first.end_place
    assert all(v.in_daylight for d in plan.days for v in d.visits), "daylight kept"
    assert last.visits == [] and last.end_place == OULU and not last.hotel
    # the days of driving are counted: their km, nights and allowances (away every day)
    assert plan.km == pytest.approx(sum(d.km for d in plan.days))
    assert plan.cost.hotel_nights == plan.hotel_nights == (last.date - first.date).days
    assert plan.cost.full_days == (last.date - first.date).days + 1
    data = plan.to_dict()
    assert data["days"][0]["visits"] == [] and data["totals"]["days"] == len(plan.days)
    assert plan_tour(request).to_dict() == data, "the same request, the same plan"


def test_after_fridays_visits_far_from_home_the_drive_home_goes_on_on_saturday() -> None:
    """Olivia from Oulu to three dealerships of Helsinki and Espoo from Thursday 26 November:
    Friday evening's drive stops at a hotel on the way, and the rest is driven on Saturday
    morning, not after a weekend at the hotel (two nights more and three allowances)."""
    stores = _demo_stores(lambda row: row["code"] in {"AM-044", "AM-045", "AM-046"})
    thursday = dt.date(2026, 11, 26)
    plan = plan_tour(TourRequest(OULU, thursday, stores))
    assert check_plan(plan) == [] and not plan.unplanned
    assert [(d.date.day, len(d.visits)) for d in plan.days] == [(26, 0), (27, 3), (28, 0)]
    friday, saturday = plan.days[1:]
    assert friday.hotel and friday.end_place.source == "route"
    assert friday.end_arrive.time() == dt.time(19)
    assert saturday.start_place == friday.end_place and saturday.depart.time() == dt.time(8)
    assert saturday.end_place == OULU and not saturday.hotel
    last = friday.visits[-1].store
    assert friday.end_km + saturday.km == pytest.approx(_km(last, OULU), abs=0.01)
    assert saturday.end_arrive.time() < dt.time(11), "home on Saturday morning"
    # the nights after Thursday and Friday, away Thursday to Saturday
    assert plan.hotel_nights == plan.cost.hotel_nights == 2
    assert plan.cost.full_days == 3 and plan.cost.partial_days == 0
    data = plan.to_dict()
    assert [d["date"] for d in data["days"]][-1] == "2026-11-28"
    assert data["totals"]["hotel_nights"] == 2


def test_sanna_from_helsinki_to_kokkola_and_kuopio_in_december() -> None:
    stores = _demo_stores(lambda row: row["code"] in {"AM-005", "AM-010"})
    plan = plan_tour(TourRequest(HELSINKI, DECEMBER, stores, last_day=dt.date(2026, 12, 18)))
    assert check_plan(plan) == [] and not plan.unplanned
    assert _drive_days(plan) == [0], "Kuopio is out of December's daylight by a morning's drive"
    # leaving on a Friday would pay a weekend at a hotel: the tour leaves on Monday instead
    friday = plan_tour(
        TourRequest(HELSINKI, dt.date(2026, 12, 4), stores, last_day=dt.date(2026, 12, 18))
    )
    assert check_plan(friday) == [] and not friday.unplanned
    assert friday.days[0].date == dt.date(2026, 12, 7) and friday.hotel_nights == 2


def test_a_tour_whose_visits_would_go_on_after_a_weekend_at_a_hotel_leaves_on_monday() -> None:
    """Olivia from Oulu to the 14 Uusimaa dealerships from Wednesday 2 December: a day's drive
    and three days of visits would keep her at a hotel over the weekend (two nights and their
    allowances more); leaving on Monday the 7th the tour is done in one week."""
    stores = _demo_stores(lambda row: row["region"] == "Uusimaa")
    wednesday = dt.date(2026, 12, 2)
    plan = plan_tour(TourRequest(OULU, wednesday, stores, last_day=dt.date(2026, 12, 18)))
    assert check_plan(plan) == [] and not plan.unplanned
    assert [d.date for d in plan.days] == [dt.date(2026, 12, n) for n in range(7, 12)]
    assert plan.hotel_nights == 4
    monday = plan_tour(
        TourRequest(OULU, dt.date(2026, 12, 7), stores, last_day=dt.date(2026, 12, 18))
    )
    assert plan.cost.total_eur == monday.cost.total_eur


def _north_of_helsinki(working_days: float, hours: str) -> Store:
    """A store due north of Helsinki, this many working days' (8-19) drive away."""
    km = working_days * 11 * 70 / 1.3  # great-circle km at the default road factor and speed
    lat = HELSINKI.lat + math.degrees(km / EARTH_RADIUS_KM)
    return Store("N1", "Far north", lat, HELSINKI.lon, hours, "Tie 1", "Pohjoinen")


def test_a_first_store_a_day_and_a_half_from_home() -> None:
    store = _north_of_helsinki(1.5, "Mo-Fr 09:00-17:00")
    request = TourRequest(HELSINKI, MONDAY, (store,), daylight="off")
    plan = plan_tour(request)
    assert check_plan(plan) == [] and not plan.unplanned
    monday, tuesday = plan.days[:2]
    whole = _km(HELSINKI, store)
    # Monday: a whole working day's drive, the night at a hotel on the way
    assert monday.visits == [] and monday.end_place.source == "route" and monday.hotel
    assert (monday.depart.time(), monday.end_arrive.time()) == (dt.time(8), dt.time(19))
    assert monday.end_km == pytest.approx(whole / 1.5, abs=0.01)
    # Tuesday: the rest of the drive (5.5 h) in the morning, then the visit
    [visit] = tuesday.visits
    assert tuesday.start_place == monday.end_place
    assert visit.km == pytest.approx(whole / 3, abs=0.01)
    assert visit.arrive == dt.datetime.combine(TUESDAY, dt.time(13, 30))
    # Wednesday: the drive home, 45 minutes past the working day rather than a hotel night
    # 45 minutes from home
    [wednesday] = plan.days[2:]
    assert wednesday.visits == [] and wednesday.end_place == HELSINKI and not wednesday.hotel
    assert wednesday.end_arrive.time() == dt.time(19, 45)
    assert plan.km == pytest.approx(2 * whole) and plan.hotel_nights == 2


def test_a_drive_home_longer_than_the_evening_and_a_day_takes_days_of_driving() -> None:
    """The visit ends at 18:45: a quarter of an hour's evening drive, then two days home."""
    store = _north_of_helsinki(1.5, "Mo-Fr 18:00-19:00")
    plan = plan_tour(TourRequest(HELSINKI, MONDAY, (store,), daylight="off"))
    assert check_plan(plan) == [] and not plan.unplanned
    visit_day = next(d for d in plan.days if d.visits)
    home = plan.days[plan.days.index(visit_day) + 1 :]
    assert visit_day.end_arrive.time() == dt.time(19) and visit_day.end_drive_minutes == 15
    assert [d.visits for d in home] == [[], []]
    assert home[0].end_place.source == "route" and home[0].end_arrive.time() == dt.time(19)
    assert home[-1].end_place == HELSINKI and not home[-1].hotel
    drive_home = visit_day.end_km + sum(d.km for d in home)
    assert drive_home == pytest.approx(_km(store, HELSINKI), abs=0.01)
    assert sum(d.end_drive_minutes for d in home) == pytest.approx(1.5 * 660 - 15)
