"""The tour service: plan for a wave and shopper, re-check hand moves, propose, approve or
reject, assignment on approval, and who may do each."""

from __future__ import annotations

import copy
import datetime as dt
import threading
from dataclasses import replace
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from audits import fieldwork, tours, waves
from audits.auth import PermissionDenied
from audits.geo import geocode
from audits.i18n import Phrase, explain
from audits.models import AuditLog, Store, Tour, User, Visit, Wave
from audits.routing import Store as RouteStore
from audits.routing import Timing, TourRequest, Unplanned
from audits.tour_record import LeftVisit
from audits.tourcheck import RulesBroken, check_plan
from tests.conftest import World

MONDAY = dt.date(2026, 11, 23)
pytestmark = pytest.mark.usefixtures("tours_today")


def _spec(world: World, **changes) -> tours.TourSpec:
    base = tours.TourSpec(
        world.wave_a,
        world.shopper_a.id,
        MONDAY,
        selection="stores",
        visit_ids=(world.visit_a, world.visit_b),
        home="Helsinki",
    )
    return tours.with_rules(base, **changes)


def _plan(world: World, **changes) -> tuple[tours.PreparedTour, tours.TourPlan]:
    return tours.plan_for(world.db, world.manager, _spec(world, **changes))


def _proposal(world: World) -> tuple[int, tours.TourPlan]:
    _, plan = _plan(world)
    tour_id = world.db.run(
        tours.save_proposal, world.manager, world.wave_a, world.shopper_a.id, plan
    )
    return tour_id, plan


def _log(world: World, action: str) -> list[AuditLog]:
    with world.db.session() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


# --- planning ----------------------------------------------------------------------------------


def test_plan_covers_the_chosen_visits_passes_the_checker_and_is_logged(world: World) -> None:
    steps: list[str] = []
    prepared, plan = tours.plan_for(world.db, world.manager, _spec(world), steps.append)
    assert set(prepared.visit_ids) == {"A1", "A2"}
    assert prepared.visit_ids["A1"] == world.visit_a
    assert {v.store.code for d in plan.days for v in d.visits} == {"A1", "A2"}
    assert check_plan(plan) == [] and plan.unplanned == []
    assert steps and steps[-1] == "done", "progress is reported"
    assert plan.request.last_day == dt.date(2026, 12, 1), "the wave's last day by default"
    (logged,) = _log(world, "tour.plan")
    assert logged.actor_id == world.manager.id and logged.detail["stores"] == 2
    assert logged.detail["totals"]["visits"] == 2


def test_selection_unassigned_region_and_audited_visits(world: World) -> None:
    with world.db.session() as s:
        s.get(Visit, world.visit_b).shopper_id = None
    unassigned = world.db.run(
        tours.prepare_tour, world.manager, _spec(world, selection="unassigned")
    )
    assert set(unassigned.visit_ids) == {"A2"}
    region = world.db.run(
        tours.prepare_tour, world.manager, _spec(world, selection="region", region="Uusimaa")
    )
    assert set(region.visit_ids) == {"A1"}
    world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)
    candidates = world.db.run(tours.tour_candidates, world.manager, world.wave_a)
    assert [c.code for c in candidates] == ["A2"], "a visit with an audit is not toured"
    with pytest.raises(ValueError, match="without an audit"):
        world.db.run(tours.prepare_tour, world.manager, _spec(world))


def test_the_shoppers_home_is_the_default_start(world: World) -> None:
    with world.db.session() as s:
        user = s.get(User, world.shopper_a.id)
        user.home_place, user.home_lat, user.home_lon = "Tampere", 61.4991, 23.7871
    prepared = world.db.run(tours.prepare_tour, world.manager, _spec(world, home=""))
    assert prepared.request.home.name == "Tampere"
    assert prepared.request.home.point == (61.4991, 23.7871)


@pytest.mark.parametrize(
    ("changes", "message", "finnish"),
    [
        (
            {"home": "Nowhereville Xyz"},
            "Nowhereville Xyz",
            "Paikkaa ”Nowhereville Xyz” ei löytynyt",
        ),
        (
            {"last_day": dt.date(2027, 1, 1)},
            "after the wave ends",
            "Viimeinen päivä on aallon päättymisen jälkeen (1.12.2026)",
        ),
        ({"start": dt.date(2026, 8, 1)}, "before the wave", "Matka alkaa ennen aaltoa"),
        (
            {"start": dt.date(2026, 9, 7)},
            r"starts in the past \(7.9.2026\); start today \(23.11.2026\)",
            "Matka alkaa menneisyydessä (7.9.2026)",
        ),
        (
            {"home": "60,17"},
            "give both latitude and longitude",
            "anna sekä leveys- että pituusaste",
        ),
        (
            {"home": "91,0"},
            "latitude 91 is out of range",
            "leveysaste 91 on sallitun välin ulkopuolella",
        ),
        ({"weekdays": frozenset()}, "weekday", "Valitse vähintään yksi viikonpäivä"),
        (
            {"day_start": dt.time(19), "day_end": dt.time(8)},
            "ends before it starts",
            "Työpäivä päättyy ennen kuin se alkaa",
        ),
        (
            {"selection": "region", "region": "Lappi"},
            "selection is empty",
            "Ei suunniteltavia myymälöitä: valinta on tyhjä",
        ),
        ({"selection": "region", "region": None}, "Choose a region", "Valitse alue"),
        ({"home": ""}, "no home", "Haamuasiakkaan shop_a kotipaikkaa ei tiedetä; anna lähtöpaikka"),
        ({"max_visits_per_day": 0}, "at least one visit a day", "Salli vähintään yksi käynti"),
    ],
)
def test_bad_choices_are_explained(world: World, changes: dict, message: str, finnish: str) -> None:
    with pytest.raises(ValueError, match=message) as refused:
        world.db.run(tours.prepare_tour, world.manager, _spec(world, **changes))
    assert finnish in explain(refused.value, "fi")


@pytest.mark.parametrize("home", ["60.17, 24.94", "60.17 24.94", "60,17 24,94"])
def test_a_home_given_as_coordinates(world: World, home: str) -> None:
    prepared = world.db.run(tours.prepare_tour, world.manager, _spec(world, home=home))
    assert prepared.request.home.point == (60.17, 24.94)


def test_a_plan_is_not_saved_once_its_start_has_passed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, plan = _plan(world)
    monkeypatch.setattr("audits.models.utcnow", lambda: dt.datetime(2026, 11, 24, 8))
    with pytest.raises(ValueError, match="starts in the past"):
        world.db.run(tours.save_proposal, world.manager, world.wave_a, world.shopper_a.id, plan)


def test_a_tour_of_stores_without_coordinates_is_refused_in_the_managers_language(
    world: World,
) -> None:
    with world.db.session() as s:
        for visit_id in (world.visit_a, world.visit_b):
            store = s.get(Visit, visit_id).store
            store.lat = store.lon = None
    with pytest.raises(ValueError) as refused:
        world.db.run(tours.prepare_tour, world.manager, _spec(world))
    assert explain(refused.value, "fi") == "Yhdelläkään valitulla myymälällä ei ole koordinaatteja"
    assert str(refused.value) == "None of the chosen stores has coordinates"


def test_a_store_without_coordinates_is_left_out_by_name(world: World) -> None:
    with world.db.session() as s:
        store = s.get(Visit, world.visit_b).store
        store.lat = store.lon = None
    prepared = world.db.run(tours.prepare_tour, world.manager, _spec(world))
    assert [(code, why.text("fi")) for code, why in prepared.skipped] == [
        ("A2", "ei koordinaatteja")
    ]
    assert [s.code for s in prepared.request.stores] == ["A1"]


def test_the_waves_daily_maximum_is_the_default_and_the_manager_may_change_it(
    world: World,
) -> None:
    assert (
        world.db.run(tours.prepare_tour, world.manager, _spec(world)).request.max_visits_per_day
        == 3
    )
    _, together = _plan(world)
    assert [len(d.visits) for d in together.days if d.visits] == [2], "both fit in one day"
    with world.db.session() as s:
        s.get(Wave, world.wave_a).assignment_rules = {"max_visits_per_day": 1}
    prepared, plan = _plan(world)
    assert prepared.request.max_visits_per_day == 1
    assert [len(d.visits) for d in plan.days if d.visits] == [1, 1]
    assert check_plan(plan) == [] and plan.unplanned == []
    logged = max(_log(world, "tour.plan"), key=lambda row: row.id)
    assert logged.detail["rules"]["max_visits_per_day"] == 1
    chosen = world.db.run(tours.prepare_tour, world.manager, _spec(world, max_visits_per_day=2))
    assert chosen.request.max_visits_per_day == 2, "the manager's choice wins over the wave's"


# --- hand moves --------------------------------------------------------------------------------


def test_a_valid_hand_move_is_rechecked_and_kept(world: World) -> None:
    _, plan = _plan(world)
    tuesday = MONDAY + dt.timedelta(days=1)
    result = tours.move(plan, "A2", tuesday)
    assert result.ok and check_plan(result.plan) == []
    assert {d.date for d in result.plan.days for v in d.visits if v.store.code == "A2"} == {tuesday}


def test_a_move_that_breaks_rules_lists_the_violations(world: World) -> None:
    _, plan = _plan(world)
    saturday = MONDAY + dt.timedelta(days=5)
    result = tours.move(plan, "A2", saturday)
    assert not result.ok
    kinds = {v.kind for v in result.violations}
    assert "not_worked_day" in kinds
    assert "closed" in kinds, "the store is closed on Saturdays"
    with pytest.raises(ValueError, match="breaks the rules") as refused:
        world.db.run(
            tours.save_proposal, world.manager, world.wave_a, world.shopper_a.id, result.plan
        )
    assert explain(refused.value, "fi") == "Suunnitelma rikkoo sääntöjä"
    assert isinstance(refused.value, RulesBroken)
    assert list(refused.value.violations) == result.violations


def test_a_refused_move_reads_in_finnish_down_to_the_checkers_detail(world: World) -> None:
    _, plan = _plan(world)
    saturday = MONDAY + dt.timedelta(days=5)
    result = tours.move(plan, "A2", saturday)
    details = {(v.kind, v.said.text("fi")) for v in result.violations}
    assert ("closed", "käynti aukioloaikojen ulkopuolella") in details
    assert ("not_worked_day", "ei aikavälin työpäivä") in details
    assert "visit outside opening hours" in {str(v.said) for v in result.violations}, "logs"
    # a store the tour does not hold cannot even be placed: the move's own refusal is the detail
    unknown = tours.move(plan, "ZZ9", saturday)
    assert not unknown.ok and unknown.plan is plan
    assert [v.said.text("fi") for v in unknown.violations] == ["myymälä ZZ9 ei kuulu tähän matkaan"]
    assert [str(v.said) for v in unknown.violations] == ["store ZZ9 is not in this tour"]


def test_forcing_two_long_visits_into_one_day_shows_daylight_and_working_day(world: World) -> None:
    _, plan = _plan(world, visit_minutes=240)
    assert len({d.date for d in plan.days if d.visits}) == 2
    first = plan.days[0]
    other = next(v.store.code for d in plan.days[1:] for v in d.visits)
    result = tours.move(plan, other, first.date)
    assert not result.ok
    assert {"daylight", "working_day"} & {v.kind for v in result.violations}


def _three_days(**rules) -> tours.TourPlan:
    """Porvoo and Lahti on Monday (night in Mikkeli), Mikkeli and Kuopio on Tuesday (night in
    Jyväskylä), Jyväskylä and Tampere on Wednesday, then home: timed as the planner times."""
    towns = ["Porvoo", "Lahti", "Mikkeli", "Kuopio", "Jyväskylä", "Tampere"]
    stores = []
    for i, town in enumerate(towns):
        place = geocode(town)
        stores.append(RouteStore(f"S{i}", town, place.lat, place.lon, "Mo-Fr 09:00-17:00"))
    request = TourRequest(geocode("Helsinki"), MONDAY, tuple(stores), **rules)
    sequences = [(MONDAY + dt.timedelta(days=k), [2 * k, 2 * k + 1]) for k in range(3)]
    _, days = Timing(request).settle(sequences)
    return tours.TourPlan(request, days, [], "by hand", 0.0)


def test_a_refused_move_names_only_what_it_breaks_on_the_days_it_touches() -> None:
    plan = _three_days()
    assert check_plan(plan) == [] and [d.end_place.name for d in plan.days] == [
        "Mikkeli",
        "Jyväskylä",
        "Helsinki",
    ]
    wednesday = MONDAY + dt.timedelta(days=2)
    result = tours.move(plan, "S1", wednesday)  # Lahti after Tampere: dark by then
    assert not result.ok
    assert [(v.kind, v.day, v.store) for v in result.violations] == [("daylight", wednesday, "S1")]
    assert result.plan.days[1] == plan.days[1], "Tuesday, which the move does not touch"
    monday = result.plan.days[0]
    assert [v.store.code for v in monday.visits] == ["S0"]
    assert (monday.start_place, monday.end_place) == (
        plan.days[0].start_place,
        plan.days[0].end_place,
    )


def test_breaks_the_plan_already_had_are_not_blamed_on_a_move() -> None:
    plan = _three_days()
    tuesday, wednesday = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)
    late = copy.deepcopy(plan)
    visit = late.days[1].visits[1]
    shift = dt.timedelta(hours=3)
    visit.arrive, visit.start, visit.end = (
        visit.arrive + shift,
        visit.start + shift,
        visit.end + shift,
    )
    assert {(v.kind, v.day) for v in check_plan(late)} >= {("daylight", tuesday)}
    result = tours.move(late, "S1", wednesday)
    assert [(v.kind, v.day, v.store) for v in result.violations] == [("daylight", wednesday, "S1")]
    # a break the move makes worse is named with what it becomes; one it ends is not
    strict = replace(plan, request=replace(plan.request, max_visits_per_day=1))
    assert {v.day for v in check_plan(strict) if v.kind == "max_visits"} == {
        d.date for d in plan.days
    }
    result = tours.move(strict, "S1", wednesday)
    worse = [v for v in result.violations if v.kind == "max_visits"]
    assert [(v.day, v.said.text("en")) for v in worse] == [(wednesday, "3 visits, at most 1")]
    assert all(v.day == wednesday for v in result.violations)


def test_the_stored_plan_reads_back_exactly(world: World) -> None:
    prepared, plan = _plan(world)
    record = tours.plan_record(plan, prepared.visit_ids)
    again = tours.plan_from_record(record)
    assert check_plan(again) == []
    assert again.cost == plan.cost and again.km == pytest.approx(plan.km)
    assert [v.start for d in again.days for v in d.visits] == [
        v.start for d in plan.days for v in d.visits
    ]
    assert again.request.max_visits_per_day == plan.request.max_visits_per_day == 3
    del record["request"]["max_visits_per_day"]  # as stored before the rule reached the planner
    del record["cut_short"]  # as stored before the planner's time cap was reported
    older = tours.plan_from_record(record)
    assert older.request.max_visits_per_day is None and check_plan(older) == []
    assert not again.cut_short and not older.cut_short
    assert tours.plan_from_record(tours.plan_record(replace(plan, cut_short=True))).cut_short


def test_a_stored_plan_keeps_why_a_store_was_left_out_in_either_language(world: World) -> None:
    prepared, plan = _plan(world)
    left = Unplanned(plan.request.stores[0], Phrase("up_no_room_max", {"n": 2, "most": 3}))
    record = tours.plan_record(replace(plan, unplanned=[left]), prepared.visit_ids)
    [again] = tours.plan_from_record(record).unplanned
    assert again.why == left.why and again.why.text("fi").startswith("matkaan ei löytynyt")
    del record["unplanned"][0]["why"]  # as stored before the reasons were translated
    [older] = tours.plan_from_record(record).unplanned
    assert older.why.text("fi") == left.reason


def test_the_managers_objective_reaches_the_planner_and_the_stored_plan(world: World) -> None:
    prepared = world.db.run(tours.prepare_tour, world.manager, _spec(world, objective="km"))
    assert prepared.request.objective == "km"
    plan = tours.run_planner(prepared)
    assert tours.plan_from_record(tours.plan_record(plan)).request.objective == "km"
    assert world.db.run(tours.prepare_tour, world.manager, _spec(world)).request.objective == "cost"


def _home_of(world: World, actor, lat: float | None, lon: float | None, place: str) -> None:
    with world.db.session() as s:
        user = s.get(User, actor.id)
        user.home_lat, user.home_lon, user.home_place = lat, lon, place


def test_partners_share_the_stores_each_from_their_home_and_each_share_is_proposed(
    world: World,
) -> None:
    _home_of(world, world.shopper_b, 61.4978, 23.7610, "Tampere")
    steps: list[str] = []
    prepared = world.db.run(
        tours.prepare_tour, world.manager, _spec(world, partner_ids=(world.shopper_b.id,))
    )
    assert [(m.shopper_id, m.home.name) for m in prepared.members] == [
        (world.shopper_a.id, "Helsinki"),
        (world.shopper_b.id, "Tampere"),
    ]
    plans = tours.run_team(prepared, steps.append)
    assert [[v.store.code for d in p.days for v in d.visits] for p in plans] == [["A1"], ["A2"]]
    assert [p.request.home.name for p in plans] == ["Helsinki", "Tampere"]
    assert all(check_plan(p) == [] for p in plans)
    world.db.run(tours.log_plan, world.manager, prepared, plans)
    (logged,) = _log(world, "tour.plan")
    assert [x["shopper_id"] for x in logged.detail["shoppers"]] == [
        world.shopper_a.id,
        world.shopper_b.id,
    ]
    assert logged.detail["totals"]["visits"] == 2
    assert logged.detail["totals"]["km"] == pytest.approx(sum(p.km for p in plans), abs=0.2)
    ids = [
        world.db.run(tours.save_proposal, world.manager, world.wave_a, m.shopper_id, p)
        for m, p in zip(prepared.members, plans, strict=True)
    ]
    with world.db.session() as s:
        saved = {t.shopper_id: t.plan["request"]["home"]["name"] for t in s.scalars(select(Tour))}
    assert len(set(ids)) == 2
    assert saved == {world.shopper_a.id: "Helsinki", world.shopper_b.id: "Tampere"}


def test_a_partner_without_a_home_is_named_and_the_main_shopper_is_not_a_partner(
    world: World,
) -> None:
    with pytest.raises(ValueError, match="shop_b has no home"):
        world.db.run(
            tours.prepare_tour, world.manager, _spec(world, partner_ids=(world.shopper_b.id,))
        )
    alone = world.db.run(
        tours.prepare_tour, world.manager, _spec(world, partner_ids=(world.shopper_a.id,))
    )
    assert [m.shopper_id for m in alone.members] == [world.shopper_a.id]
    assert len(tours.run_team(alone)) == 1


def test_a_deactivated_shoppers_visits_are_planned_as_unassigned_ones(world: World) -> None:
    with world.db.session() as s:
        s.get(User, world.shopper_b.id).active = False
    gone = {
        c.code: c.shopper_gone
        for c in world.db.run(tours.tour_candidates, world.manager, world.wave_a)
    }
    assert gone == {"A1": False, "A2": True}
    prepared, plan = _plan(world, selection="unassigned", visit_ids=())
    assert set(prepared.visit_ids) == {"A2"}, "shop_b's visit waits for someone; shop_a's does not"
    tour_id = world.db.run(
        tours.save_proposal, world.manager, world.wave_a, world.shopper_a.id, plan
    )
    world.db.run(tours.approve_tour, world.client_a, tour_id)
    with world.db.session() as s:
        assert s.get(Visit, world.visit_b).shopper_id == world.shopper_a.id


def test_a_deactivated_shopper_is_neither_offered_nor_planned_for(world: World) -> None:
    _, plan = _plan(world)
    with world.db.session() as s:
        s.get(User, world.shopper_b.id).active = False
    offered = {s.id for s in world.db.run(waves.list_shoppers, world.manager)}
    assert offered == {world.shopper_a.id}, "the Routes page picks shoppers from this list"
    gone = "shop_b is not an active shopper"
    for spec in (
        _spec(world, shopper_id=world.shopper_b.id),
        _spec(world, partner_ids=(world.shopper_b.id,)),
    ):
        with pytest.raises(ValueError, match=gone):
            world.db.run(tours.prepare_tour, world.manager, spec)
    with pytest.raises(ValueError, match=gone):
        world.db.run(tours.save_proposal, world.manager, world.wave_a, world.shopper_b.id, plan)


# --- proposal and decision ---------------------------------------------------------------------


def test_save_proposal_stores_plan_and_cost(world: World) -> None:
    tour_id, plan = _proposal(world)
    with world.db.session() as s:
        tour = s.get(Tour, tour_id)
        assert tour.status == "proposed" and tour.created_by == world.manager.id
        assert tour.cost_eur == plan.cost.total_eur
        assert tour.km == pytest.approx(round(plan.km, 1))
        assert tour.params["daylight"] == "required"
        assert tour.params["max_visits_per_day"] == 3
    (logged,) = _log(world, "tour.propose")
    assert logged.entity_id == tour_id and logged.detail["cost"]["total_eur"] == float(
        plan.cost.total_eur
    )
    listed = world.db.run(tours.list_tours, world.manager, world.wave_a)
    assert [t.id for t in listed] == [tour_id]
    assert world.db.run(tours.client_tours, world.client_a)[0].status == "proposed"


def test_approval_assigns_the_visits_with_the_planned_dates(world: World) -> None:
    tour_id, plan = _proposal(world)
    decision = world.db.run(tours.approve_tour, world.client_a, tour_id, "within budget")
    assert decision.status == "approved" and decision.assigned == 2
    planned = {v.store.code: d.date for d in plan.days for v in d.visits}
    with world.db.session() as s:
        tour = s.get(Tour, tour_id)
        assert (tour.status, tour.decided_by, tour.decision_note) == (
            "approved",
            world.client_a.id,
            "within budget",
        )
        for visit_id, code in ((world.visit_a, "A1"), (world.visit_b, "A2")):
            visit = s.get(Visit, visit_id)
            assert visit.shopper_id == world.shopper_a.id
            assert visit.planned_date == planned[code]
            assert visit.tour_id == tour_id
    assigns = [row for row in _log(world, "visit.assign") if row.detail.get("tour_id") == tour_id]
    assert {row.entity_id for row in assigns} == {world.visit_a, world.visit_b}
    b_log = next(row for row in assigns if row.entity_id == world.visit_b)
    assert b_log.detail["old"]["shopper_id"] == world.shopper_b.id
    assert _log(world, "tour.approve")[0].detail["reason"] == "within budget"
    mine = world.db.run(tours.my_tours, world.shopper_a)
    assert [v.summary.id for v in mine] == [tour_id]
    assert mine[0].plan.visit_count == 2
    assert world.db.run(tours.my_tours, world.shopper_b) == []
    with pytest.raises(ValueError, match="approved"):
        world.db.run(tours.reject_tour, world.client_a, tour_id)


def test_the_shoppers_tour_carries_each_stops_visit_and_only_their_own_opens(
    world: World,
) -> None:
    tour_id, _ = _proposal(world)
    world.db.run(tours.approve_tour, world.client_a, tour_id)

    def stops() -> dict[str, tuple[int | None, str | None]]:
        [view] = world.db.run(tours.my_tours, world.shopper_a)
        assert [len(s) for s in view.stops] == [len(d.visits) for d in view.plan.days]
        return {s.planned.store.code: (s.visit_id, s.status) for day in view.stops for s in day}

    assert stops() == {"A1": (world.visit_a, "not_started"), "A2": (world.visit_b, "not_started")}
    audit_id = world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)
    assert stops()["A1"] == (world.visit_a, "draft")
    assert world.db.run(fieldwork.load_audit, world.shopper_a, audit_id).status == "draft"
    with pytest.raises(PermissionDenied):
        world.db.run(fieldwork.start_audit, world.shopper_b, world.visit_b)
    with world.db.session() as s:  # handed to another shopper behind the tour's back
        s.get(Visit, world.visit_b).shopper_id = world.shopper_b.id
    assert stops()["A2"] == (None, None), "nothing of another shopper's to open"


def test_the_client_reads_the_rules_an_approval_would_break_before_deciding(world: World) -> None:
    tour_id, plan = _proposal(world)
    assert [len(d.visits) for d in plan.days] == [2], "both visits on one day"
    world.db.run(waves.set_rules, world.manager, world.wave_a, waves.AssignmentRules(1))
    before = world.db.run(tours.approval_rule_breaks, world.client_a, tour_id)
    assert before and {b.rule for b in before} == {"max_per_day"}
    with world.db.session() as s:  # only read: nothing assigned, nothing logged
        assert s.get(Visit, world.visit_b).shopper_id == world.shopper_b.id
        assert s.get(Tour, tour_id).status == "proposed"
    assert _log(world, "visit.assign") == []
    decision = world.db.run(tours.approve_tour, world.client_a, tour_id)
    assert decision.overridden == [b.message for b in before]
    assert world.db.run(tours.approval_rule_breaks, world.client_a, tour_id) == [], "decided"


def test_rejection_keeps_the_visits_as_they_were(world: World) -> None:
    tour_id, _ = _proposal(world)
    decision = world.db.run(tours.reject_tour, world.client_a, tour_id, "too many hotel nights")
    assert decision.status == "rejected"
    with world.db.session() as s:
        tour = s.get(Tour, tour_id)
        assert (tour.status, tour.decision_note) == ("rejected", "too many hotel nights")
        visit_b = s.get(Visit, world.visit_b)
        assert (visit_b.shopper_id, visit_b.tour_id) == (world.shopper_b.id, None)
    assert _log(world, "tour.reject")[0].detail["reason"] == "too many hotel nights"
    assert world.db.run(tours.my_tours, world.shopper_a) == []


def test_the_manager_withdraws_a_proposal_before_the_client_decides(world: World) -> None:
    tour_id, _ = _proposal(world)
    decision = world.db.run(tours.withdraw_tour, world.manager, tour_id, "  wrong shopper  ")
    assert decision == tours.Decision(tour_id, "withdrawn")
    with world.db.session() as s:
        tour = s.get(Tour, tour_id)
        assert (tour.status, tour.decided_by, tour.decision_note) == (
            "withdrawn",
            world.manager.id,
            "wrong shopper",
        )
        assert tour.decided_at is not None
        visit_b = s.get(Visit, world.visit_b)
        assert (visit_b.shopper_id, visit_b.tour_id) == (world.shopper_b.id, None)
    (logged,) = _log(world, "tour.withdraw")
    assert (logged.actor_id, logged.entity, logged.entity_id) == (world.manager.id, "tour", tour_id)
    assert logged.detail["reason"] == "wrong shopper"
    (shown,) = world.db.run(tours.client_tours, world.client_a)
    assert shown.status == "withdrawn", "the client sees it taken back, not waiting"
    with pytest.raises(ValueError, match=f"Tour {tour_id} is withdrawn"):
        world.db.run(tours.approve_tour, world.client_a, tour_id)
    with pytest.raises(ValueError, match=f"Tour {tour_id} is withdrawn"):
        world.db.run(tours.withdraw_tour, world.manager, tour_id)
    assert world.db.run(tours.list_tours, world.manager, world.wave_a)[0].status == "withdrawn"
    assert world.db.run(tours.my_tours, world.shopper_a) == []


def test_a_decided_proposal_cannot_be_withdrawn(world: World) -> None:
    tour_id, _ = _proposal(world)
    world.db.run(tours.approve_tour, world.client_a, tour_id)
    with pytest.raises(ValueError, match=f"Tour {tour_id} is approved: only a proposal waiting"):
        world.db.run(tours.withdraw_tour, world.manager, tour_id)
    with world.db.session() as s:
        assert s.get(Tour, tour_id).status == "approved"
    assert _log(world, "tour.withdraw") == []


def test_approval_is_all_or_nothing_when_another_shopper_started_an_audit(world: World) -> None:
    tour_id, _ = _proposal(world)
    world.db.run(fieldwork.start_audit, world.shopper_b, world.visit_b)
    with pytest.raises(ValueError, match="another shopper"):
        world.db.run(tours.approve_tour, world.client_a, tour_id)
    with world.db.session() as s:
        assert s.get(Tour, tour_id).status == "proposed"
        assert s.get(Visit, world.visit_a).tour_id is None


# --- a visit belongs to one tour at a time ------------------------------------------------------


def _reserved_by(world: World) -> dict[str, tours.Reservation | None]:
    candidates = world.db.run(tours.tour_candidates, world.manager, world.wave_a)
    return {c.code: c.reserved_by for c in candidates}


def _tours(world: World) -> list[tuple[int, str]]:
    with world.db.session() as s:
        return [(t.id, t.status) for t in s.scalars(select(Tour).order_by(Tour.id))]


def test_a_proposal_reserves_its_visits_for_every_other_plan(world: World) -> None:
    with world.db.session() as s:
        s.get(Visit, world.visit_b).shopper_id = None
    tour_id, _ = _proposal(world)
    held = tours.Reservation(tour_id, "shop_a", "proposed")
    assert _reserved_by(world) == {"A1": held, "A2": held}, "shown with the tour and shopper"
    # picked by hand, for another shopper or for the same one again: refused, saying why
    for shopper in (world.shopper_b, world.shopper_a):
        with pytest.raises(ValueError) as refused:
            world.db.run(tours.prepare_tour, world.manager, _spec(world, shopper_id=shopper.id))
        assert str(refused.value) == (
            f"A1 is already in tour proposal {tour_id} (shop_a) waiting for the client's "
            "decision: withdraw it first or leave the store out"
        )
    assert explain(refused.value, "fi") == (
        f"A1 on jo matkaehdotuksessa {tour_id} (shop_a), joka odottaa asiakkaan päätöstä: "
        "peru se ensin tai jätä myymälä pois"
    )
    # chosen as unassigned or by region: left out
    for changes in ({"selection": "unassigned"}, {"selection": "region", "region": "Uusimaa"}):
        with pytest.raises(ValueError, match="selection is empty"):
            world.db.run(tours.prepare_tour, world.manager, _spec(world, **changes))


def test_a_plan_made_before_another_proposal_took_its_visits_is_not_saved(world: World) -> None:
    _, plan = _plan(world, shopper_id=world.shopper_b.id)
    tour_id, _ = _proposal(world)
    with pytest.raises(
        ValueError, match=f"A[12] is already in tour proposal {tour_id} \\(shop_a\\)"
    ):
        world.db.run(tours.save_proposal, world.manager, world.wave_a, world.shopper_b.id, plan)
    assert _tours(world) == [(tour_id, "proposed")]
    assert len(_log(world, "tour.propose")) == 1


@pytest.mark.parametrize("decision", ["reject", "withdraw"])
def test_a_rejected_or_withdrawn_proposal_lets_its_visits_go(world: World, decision: str) -> None:
    tour_id, _ = _proposal(world)
    if decision == "reject":
        world.db.run(tours.reject_tour, world.client_a, tour_id)
    else:
        world.db.run(tours.withdraw_tour, world.manager, tour_id)
    assert _reserved_by(world) == {"A1": None, "A2": None}
    _, plan = _plan(world, shopper_id=world.shopper_b.id)
    again = world.db.run(tours.save_proposal, world.manager, world.wave_a, world.shopper_b.id, plan)
    assert world.db.run(tours.approve_tour, world.client_a, again).assigned == 2
    with world.db.session() as s:
        for visit_id in (world.visit_a, world.visit_b):
            visit = s.get(Visit, visit_id)
            assert (visit.shopper_id, visit.tour_id) == (world.shopper_b.id, again)


def test_approval_never_takes_a_visit_another_tour_holds(world: World) -> None:
    first, plan = _proposal(world)
    code = plan.days[0].visits[0].store.code  # the first store the approval reaches
    with world.db.session() as s:  # an overlapping proposal saved before visits were reserved
        earlier = s.get(Tour, first)
        later = Tour(
            wave_id=earlier.wave_id,
            shopper_id=world.shopper_b.id,
            status="proposed",
            params=earlier.params,
            plan=earlier.plan,
            km=earlier.km,
            cost_eur=earlier.cost_eur,
            created_by=world.manager.id,
        )
        s.add(later)
        s.flush()
        second = later.id
    with pytest.raises(ValueError) as refused:
        world.db.run(tours.approve_tour, world.client_a, second)
    assert str(refused.value) == (
        f"{code} is also in tour {first} (shop_a), proposed earlier and waiting for a decision: "
        "decide that one first"
    )
    assert explain(refused.value, "fi").startswith(
        f"{code} on myös aiemmin ehdotetussa matkassa {first}"
    )
    with world.db.session() as s:
        assert s.get(Visit, world.visit_a).tour_id is None, "nothing assigned"
    world.db.run(tours.approve_tour, world.client_a, first)
    with pytest.raises(
        ValueError, match=f"{code} is already in approved tour {first} \\(shop_a\\)"
    ):
        world.db.run(tours.approve_tour, world.client_a, second)
    assert _tours(world) == [(first, "approved"), (second, "proposed")]
    with world.db.session() as s:
        for visit_id in (world.visit_a, world.visit_b):
            visit = s.get(Visit, visit_id)
            assert (visit.shopper_id, visit.tour_id) == (world.shopper_a.id, first)
    approved = tours.Reservation(first, "shop_a", "approved")
    assert _reserved_by(world) == {"A1": approved, "A2": approved}
    with pytest.raises(ValueError, match=f"already in approved tour {first}"):
        world.db.run(tours.prepare_tour, world.manager, _spec(world, shopper_id=world.shopper_b.id))


def test_two_proposals_saved_at_once_cannot_both_take_a_visit(world: World) -> None:
    _, mine = _plan(world)
    _, theirs = _plan(world, shopper_id=world.shopper_b.id)
    outcome: dict[str, object] = {}

    def save_theirs() -> None:
        try:
            outcome["saved"] = world.db.run(
                tours.save_proposal, world.manager, world.wave_a, world.shopper_b.id, theirs
            )
        except ValueError as exc:
            outcome["refused"] = exc

    with world.db.session() as s:
        first = tours.save_proposal(s, world.manager, world.wave_a, world.shopper_a.id, mine)
        other = threading.Thread(target=save_theirs)
        other.start()
        other.join(0.5)
        assert other.is_alive(), "the second save waits for the first to commit"
    other.join(20)
    assert "saved" not in outcome
    assert f"already in tour proposal {first}" in str(outcome["refused"])
    assert _tours(world) == [(first, "proposed")]


def test_a_withdrawal_while_the_client_approves_waits_and_is_refused(world: World) -> None:
    tour_id, _ = _proposal(world)
    outcome: dict[str, object] = {}

    def withdraw() -> None:
        try:
            outcome["withdrawn"] = world.db.run(tours.withdraw_tour, world.manager, tour_id)
        except ValueError as exc:
            outcome["refused"] = exc

    with world.db.session() as s:
        tours.approve_tour(s, world.client_a, tour_id)
        other = threading.Thread(target=withdraw)
        other.start()
        other.join(0.5)
        assert other.is_alive(), "the withdrawal waits for the approval to commit"
    other.join(20)
    assert "withdrawn" not in outcome
    assert str(outcome["refused"]).startswith(f"Tour {tour_id} is approved")
    assert _tours(world) == [(tour_id, "approved")]
    with world.db.session() as s:
        assert s.get(Visit, world.visit_a).tour_id == tour_id


# --- an approved tour that visits left ---------------------------------------------------------

TUESDAY = MONDAY + dt.timedelta(days=1)


def _wave_store(world: World, code: str, name: str, city: str, lat: float, lon: float) -> int:
    """A store of brand A with a visit in wave W1; the visit's id."""
    with world.db.session() as s:
        wave = s.get(Wave, world.wave_a)
        store = Store(
            client_id=wave.client_id, code=code, name=name, city=city, lat=lat, lon=lon,
            opening_hours="Mo-Fr 09:00-18:00",
        )  # fmt: skip
        s.add(store)
        s.flush()
        visit = Visit(wave_id=wave.id, store_id=store.id)
        s.add(visit)
        s.flush()
        return visit.id


def _two_day_tour(world: World, monday: list[str], tuesday: list[str]) -> tuple[int, dict]:
    """An approved tour of shop_a from Helsinki over A One (Helsinki), A Two (Tampere), A
    Three (Pori) and A Four (Kuopio), the stores on the days given in their order and the
    nights as the planner settles them; the tour's id and its visit ids by store code."""
    ids = {
        "A1": world.visit_a,
        "A2": world.visit_b,
        "A3": _wave_store(world, "A3", "A Three", "Pori", 61.48, 21.80),
        "A4": _wave_store(world, "A4", "A Four", "Kuopio", 62.89, 27.68),
    }
    spec = _spec(world, visit_ids=tuple(ids[c] for c in [*monday, *tuesday]), daylight="off")
    request = world.db.run(tours.prepare_tour, world.manager, spec).request
    index = {store.code: i for i, store in enumerate(request.stores)}
    settled = Timing(request).settle(
        [(MONDAY, [index[c] for c in monday]), (TUESDAY, [index[c] for c in tuesday])]
    )
    assert settled is not None
    plan = tours.TourPlan(request, settled[1], [])
    tour_id = world.db.run(
        tours.save_proposal, world.manager, world.wave_a, world.shopper_a.id, plan
    )
    world.db.run(tours.approve_tour, world.client_a, tour_id)
    return tour_id, ids


def _leaves(world: World, visit_id: int) -> None:
    world.db.run(waves.unassign, world.manager, visit_id, override_reason="the store is shut")


def test_after_a_visit_left_every_view_sets_the_approved_figures_beside_the_ones_now(
    world: World,
) -> None:
    tour_id, ids = _two_day_tour(world, ["A1", "A2", "A3"], ["A4"])
    with world.db.session() as s:
        tour = s.get(Tour, tour_id)
        approved_days, totals, cost = tour.plan["days"], tour.plan["totals"], tour.plan["cost"]
        km, cost_eur = tour.km, tour.cost_eur
    assert (totals["days"], totals["visits"], totals["hotel_nights"]) == (2, 4, 1)
    _leaves(world, ids["A3"])
    views = [
        world.db.run(tours.load_tour, world.client_a, tour_id),
        world.db.run(tours.load_tour, world.manager, tour_id),
        *world.db.run(tours.my_tours, world.shopper_a),
    ]
    summaries = [
        *(v.summary for v in views),
        *world.db.run(tours.list_tours, world.manager, world.wave_a),
        *world.db.run(tours.client_tours, world.client_a),
    ]
    for view in views:  # what the shopper drives now, the figures counted from it
        plan = view.plan
        assert [v.store.code for d in plan.days for v in d.visits] == ["A1", "A2", "A4"]
        summary, change = view.summary, view.summary.change
        assert change is not None
        assert (summary.days, summary.visits) == (len(plan.days), plan.visit_count) == (2, 3)
        assert summary.km == change.now.km == round(plan.km, 1) < km
        assert summary.cost_eur == change.now.cost_eur == plan.cost.total_eur < cost_eur
        assert summary.hotel_nights == change.now.hotel_nights == plan.hotel_nights
    for summary in summaries:
        change = summary.change
        assert change is not None and summary.km == change.now.km < change.approved.km
        # what the client approved, as it was decided
        approved = change.approved
        assert (approved.days, approved.visits, approved.hotel_nights) == (2, 4, 1)
        assert (approved.km, approved.cost_eur) == (km, cost_eur)
        assert approved.full_days == cost["full_days"] and approved.km_eur == Decimal(
            str(cost["km_eur"])
        )
        assert change.left == (
            LeftVisit(
                "A3",
                "A Three",
                "Pori",
                MONDAY,
                dt.datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/Helsinki")),
            ),
        )
    with world.db.session() as s:  # the record of the approval stays as it was
        tour = s.get(Tour, tour_id)
        assert (tour.km, tour.cost_eur) == (km, cost_eur)
        assert (tour.plan["totals"], tour.plan["cost"]) == (totals, cost)
        assert tour.plan["approved_days"] == approved_days != tour.plan["days"]
    _leaves(world, ids["A1"])
    with world.db.session() as s:
        assert s.get(Tour, tour_id).plan["approved_days"] == approved_days, "kept once"
    [view] = world.db.run(tours.my_tours, world.shopper_a)
    assert [v.code for v in view.summary.change.left] == ["A3", "A1"]


def test_a_tour_nothing_left_shows_the_figures_it_was_approved_with(world: World) -> None:
    tour_id, _ = _two_day_tour(world, ["A1", "A2", "A3"], ["A4"])
    [view] = world.db.run(tours.my_tours, world.shopper_a)
    assert view.summary.change is None
    with world.db.session() as s:
        tour = s.get(Tour, tour_id)
        assert (view.summary.km, view.summary.cost_eur) == (tour.km, tour.cost_eur)
        assert view.summary.hotel_nights == tour.plan["totals"]["hotel_nights"] == 1


def test_when_a_days_last_visit_leaves_the_shopper_no_longer_sleeps_on_its_way(
    world: World,
) -> None:
    tour_id, ids = _two_day_tour(world, ["A1", "A2", "A3"], ["A4"])
    [before] = world.db.run(tours.my_tours, world.shopper_a)
    assert "(Pori → Kuopio, " in before.plan.days[0].end_place.name
    _leaves(world, ids["A3"])
    [view] = world.db.run(tours.my_tours, world.shopper_a)
    monday, tuesday = view.plan.days
    assert [v.store.code for v in monday.visits] == ["A1", "A2"]
    assert "Pori" not in monday.end_place.name and tuesday.start_place == monday.end_place
    assert monday.end_arrive < before.plan.days[0].end_arrive
    checked = check_plan(view.plan)  # the stored request still names the store that left
    assert [(v.kind, v.store) for v in checked] == [("missing", "A3")]


def test_a_day_whose_only_visit_left_is_dropped_with_its_hotel_night_and_allowance(
    world: World,
) -> None:
    tour_id, ids = _two_day_tour(world, ["A1", "A2"], ["A4"])
    _leaves(world, ids["A4"])
    [view] = world.db.run(tours.my_tours, world.shopper_a)
    [monday] = view.plan.days
    assert monday.date == MONDAY and not monday.hotel, "home from Tampere on Monday"
    change = view.summary.change
    assert (change.approved.days, change.approved.hotel_nights) == (2, 1)
    assert (change.now.days, change.now.hotel_nights, change.now.hotel_eur) == (1, 0, 0)
    assert change.now.full_days + change.now.partial_days == 1
    assert change.approved.full_days + change.approved.partial_days == 2
    assert view.summary.last_day == MONDAY and view.summary.cost_eur < change.approved.cost_eur


def test_a_day_already_over_stays_as_it_was_driven_when_the_next_ones_visit_leaves(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, ids = _two_day_tour(world, ["A1", "A2", "A3"], ["A4"])
    [before] = world.db.run(tours.my_tours, world.shopper_a)
    monday = before.plan.days[0]
    assert monday.hotel and "(Pori → Kuopio, " in monday.end_place.name
    tuesday_noon = dt.datetime.combine(TUESDAY, dt.time(10))  # UTC
    monkeypatch.setattr("audits.models.utcnow", lambda: tuesday_noon)
    _leaves(world, ids["A4"])  # Monday's night was spent on the way to it
    [view] = world.db.run(tours.my_tours, world.shopper_a)
    assert view.plan.days[0] == monday
    tuesday = view.plan.days[1]
    assert tuesday.visits == [] and tuesday.start_place == monday.end_place
    assert tuesday.end_place.point == view.plan.request.home.point, "home from the hotel"
    assert view.summary.change.now.hotel_nights == 1


# --- who may do what ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["shopper_a", "client_a", "dealer_a", "client_b"])
def test_only_managers_plan_and_save(world: World, who: str) -> None:
    actor = getattr(world, who)
    with pytest.raises(PermissionDenied):
        world.db.run(tours.prepare_tour, actor, _spec(world))
    with pytest.raises(PermissionDenied):
        world.db.run(tours.tour_candidates, actor, world.wave_a)
    _, plan = _plan(world)
    with pytest.raises(PermissionDenied):
        world.db.run(tours.save_proposal, actor, world.wave_a, world.shopper_a.id, plan)


@pytest.mark.parametrize("who", ["manager", "shopper_a", "dealer_a", "client_b"])
def test_only_the_brands_head_office_decides(world: World, who: str) -> None:
    tour_id, _ = _proposal(world)
    with pytest.raises(PermissionDenied):
        world.db.run(tours.approve_tour, getattr(world, who), tour_id)
    with pytest.raises(PermissionDenied):
        world.db.run(tours.reject_tour, getattr(world, who), tour_id)
    with world.db.session() as s:
        assert s.get(Tour, tour_id).status == "proposed"


@pytest.mark.parametrize("who", ["shopper_a", "client_a", "dealer_a", "client_b"])
def test_only_managers_withdraw(world: World, who: str) -> None:
    tour_id, _ = _proposal(world)
    with pytest.raises(PermissionDenied):
        world.db.run(tours.withdraw_tour, getattr(world, who), tour_id)
    with world.db.session() as s:
        assert s.get(Tour, tour_id).status == "proposed"
    assert _log(world, "tour.withdraw") == []


def test_a_manager_of_another_brand_cannot_withdraw(world: World) -> None:
    tour_id, _ = _proposal(world)
    with world.db.session() as s:
        brand_b = s.get(Wave, world.wave_b).client_id
    other = replace(world.manager, client_id=brand_b)
    with pytest.raises(PermissionDenied):
        world.db.run(tours.withdraw_tour, other, tour_id)
    with world.db.session() as s:
        assert s.get(Tour, tour_id).status == "proposed"


def test_other_brands_dealers_and_other_shoppers_cannot_read_a_tour(world: World) -> None:
    tour_id, _ = _proposal(world)
    assert world.db.run(tours.client_tours, world.client_b) == []
    for who in ("client_b", "dealer_a", "shopper_a", "shopper_b"):
        with pytest.raises(PermissionDenied):
            world.db.run(tours.load_tour, getattr(world, who), tour_id)
    with pytest.raises(PermissionDenied):
        world.db.run(tours.client_tours, world.dealer_a)
    world.db.run(tours.approve_tour, world.client_a, tour_id)
    assert world.db.run(tours.load_tour, world.shopper_a, tour_id).summary.status == "approved"
    with pytest.raises(PermissionDenied):
        world.db.run(tours.load_tour, world.shopper_b, tour_id)
    for who in ("manager", "client_a", "dealer_a", "client_b"):
        with pytest.raises(PermissionDenied):
            world.db.run(tours.my_tours, getattr(world, who))
