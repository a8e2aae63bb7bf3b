"""Tours as a service: plan a shopper's multi-day tour over a wave's visits, propose its cost,
let the client approve or reject it, assign the visits on approval, and show the shopper the
result.

Who may do what (checked here, whatever the page does):
- a manager (or admin) of the wave's client plans, re-checks and saves a tour as a proposal,
  and may withdraw a proposal that the client has not decided yet;
- a client user with the whole brand in scope approves or rejects the proposals of their own
  brand (a region or a dealer user may not: the cost is a head-office decision);
- a shopper reads their own approved tours only.

A visit belongs to one tour at a time: once it is in a proposal waiting for the client's
decision, or assigned by an approved tour, no other plan may include it (`audits.reservations`,
which hand assignments on the wave board respect too). A rejected or withdrawn proposal lets
its visits go again.

Planning runs outside any database transaction (it takes a second or more): `prepare_tour`
reads what is needed in a unit of work, `run_planner` plans, `log_plan` records the result.
A saved tour keeps everything needed to show it again (`audits.tour_record`), so later changes
to stores or cost rates never change a proposal the client is looking at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.auth import Actor, PermissionDenied, require_role
from audits.costs import CostModel
from audits.db import Database
from audits.geo import GeoSettings, Place, PlaceNotFound, TravelModel, geocode
from audits.i18n import Phrase, Refusal, date_text
from audits.models import (
    VISIT_AUDIT,
    Audit,
    AuditLog,
    Store,
    Tour,
    User,
    Visit,
    Wave,
    local_today,
    utcnow,
)
from audits.reservations import Reservation, lock_wave, reservations
from audits.routing import (
    HOME_KM,
    MoveNotPossible,
    Objective,
    PlannedDay,
    PlannedVisit,
    Progress,
    TourPlan,
    TourRequest,
    move_store,
    plan_team,
    plan_tour,
    store_windows,
)
from audits.routing import Store as RouteStore
from audits.tour_record import (
    TourChange,
    plan_from_record,
    plan_record,
    plan_totals,
    request_params,
    tour_change,
)
from audits.tourcheck import RulesBroken, Violation, check_plan
from audits.waves import AssignmentRules, RuleBreak, rule_breaks, wave_for

Selection = Literal["unassigned", "region", "stores"]


# --- what the manager chooses ----------------------------------------------------------------


@dataclass(frozen=True)
class TourSpec:
    """The manager's choices: whose tour, which stores, and the rules of the days."""

    wave_id: int
    shopper_id: int
    start: dt.date
    selection: Selection = "unassigned"
    region: str | None = None
    visit_ids: tuple[int, ...] = ()  # for selection "stores"
    last_day: dt.date | None = None  # the wave's last day when None
    visit_minutes: int = 45
    day_start: dt.time = dt.time(8, 0)
    day_end: dt.time = dt.time(19, 0)
    daylight: Literal["required", "preferred", "off"] = "required"
    weekdays: frozenset[int] = frozenset(range(5))  # 0 = Monday
    return_home: bool = True
    max_visits_per_day: int | None = None  # the wave's rule when None
    objective: Objective = "cost"
    home: str = ""  # a town or "lat, lon"; the shopper's home when empty
    partner_ids: tuple[int, ...] = ()  # shoppers who share the stores, each from their home
    costs: CostModel = field(default_factory=CostModel)
    travel: TravelModel = field(default_factory=TravelModel)
    geo: GeoSettings = field(default_factory=GeoSettings)


@dataclass(frozen=True)
class Candidate:
    """A visit of the wave without an audit yet; a tour may include it unless another tour
    holds it (`reserved_by`)."""

    visit_id: int
    store_id: int
    code: str
    name: str
    city: str
    region: str
    shopper: str  # who has it now ("" when unassigned)
    planned_date: dt.date | None
    located: bool
    reserved_by: Reservation | None = None
    shopper_gone: bool = False  # its shopper was deactivated: it waits for someone else


@dataclass(frozen=True)
class Member:
    """A shopper who takes part in a tour, and where their days begin and end."""

    shopper_id: int
    name: str
    home: Place


@dataclass(frozen=True)
class PreparedTour:
    spec: TourSpec
    wave_name: str
    shopper_name: str
    request: TourRequest  # the main shopper's home, all the stores
    visit_ids: dict[str, int]  # store code → visit id
    skipped: list[tuple[str, Phrase]]  # (store code, why) left out before planning
    members: tuple[Member, ...] = ()  # the main shopper first, then the partners


@dataclass(frozen=True)
class MoveResult:
    """A hand move, re-checked: `ok` with the new plan, or the violations it would cause."""

    plan: TourPlan
    violations: list[Violation]

    @property
    def ok(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class TourSummary:
    """A saved tour in a list. Its days, visits, km, nights and cost are the tour as it is
    now; when visits have left it since its approval, `change` sets the approved figures (the
    record of what the client decided, never changed) beside these and names the visits."""

    id: int
    wave_id: int
    wave: str
    client_id: int
    client: str
    shopper_id: int
    shopper: str
    status: str
    first_day: dt.date | None
    last_day: dt.date | None
    days: int
    visits: int
    km: float
    hotel_nights: int
    cost_eur: Decimal
    created_at: dt.datetime
    created_by: str
    decided_at: dt.datetime | None
    decided_by: str
    decision_note: str
    change: TourChange | None = None


@dataclass(frozen=True)
class TourStop:
    """A stop of the shopper's own tour: the planned visit, and the Visit row behind it with
    its audit's status ("not_started" before the shopper opens it). `visit_id` is None when
    the visit is no longer the shopper's, so there is nothing for them to open."""

    planned: PlannedVisit
    visit_id: int | None
    status: str | None


@dataclass(frozen=True)
class TourView:
    summary: TourSummary
    plan: TourPlan
    cost: dict[str, float | int]
    params: dict[str, Any]
    unplanned: list[dict[str, str]]
    # The shopper's tour (`my_tours`) only: each day's stops, as `plan.days`, in order.
    stops: tuple[tuple[TourStop, ...], ...] = ()


@dataclass(frozen=True)
class Decision:
    tour_id: int
    status: str
    assigned: int = 0
    overridden: list[str] = field(default_factory=list)


# --- permission helpers ----------------------------------------------------------------------


def _require_manager(actor: Actor) -> None:
    require_role(actor, "admin", "manager")


def may_decide(actor: Actor) -> bool:
    """Whether the actor is a client user who decides the brand's tour costs."""
    return (
        actor.role == "client"
        and actor.client_id is not None
        and actor.scope_store_id is None
        and not actor.scope_region
    )


def _require_brand_client(actor: Actor) -> int:
    """A client user whose scope is the whole brand; returns the client id."""
    require_role(actor, "client")
    if not may_decide(actor) or actor.client_id is None:
        raise PermissionDenied("only the brand's head office decides tour costs")
    return actor.client_id


def _shopper(session: Session, shopper_id: int) -> User:
    user = session.get(User, shopper_id)
    if user is None or user.role != "shopper" or not user.active:
        raise Refusal("tp_not_shopper", name=_name(user) if user else f"#{shopper_id}")
    return user


def _tour_for(session: Session, actor: Actor, tour_id: int) -> Tour:
    """The tour if the actor may read it (others get PermissionDenied, as if it did not exist)."""
    tour = session.get(Tour, tour_id)
    if tour is None:
        raise PermissionDenied(f"tour {tour_id} not found")
    wave = session.get(Wave, tour.wave_id) if tour.wave_id is not None else None
    if actor.role in ("admin", "manager"):
        if wave is not None:
            wave_for(session, actor, wave.id)
        return tour
    if actor.role == "client":
        client_id = _require_brand_client(actor)
        if wave is None or wave.client_id != client_id or tour.status == "draft":
            raise PermissionDenied(f"tour {tour_id} not found")
        return tour
    if actor.role == "shopper" and tour.shopper_id == actor.id and tour.status == "approved":
        return tour
    raise PermissionDenied(f"tour {tour_id} not found")


def _log(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    detail: dict[str, Any],
) -> None:
    session.add(
        AuditLog(
            actor_id=actor.id, action=action, entity=entity, entity_id=entity_id, detail=detail
        )
    )


# --- choosing the stores ---------------------------------------------------------------------


def _pool(session: Session, wave_id: int) -> list[tuple[Visit, Store, User | None]]:
    rows = session.execute(
        select(Visit, Store, User)
        .join(Store, Visit.store_id == Store.id)
        .outerjoin(User, Visit.shopper_id == User.id)
        .outerjoin(Audit, VISIT_AUDIT)
        .where(Visit.wave_id == wave_id, Audit.id.is_(None))
        .order_by(Store.code)
    ).all()
    return [(v, s, u) for v, s, u in rows]


def _reserved(held: Reservation, store: str) -> Refusal:
    """Why a new plan may not include a visit another tour holds."""
    key = "tp_in_approved_tour" if held.status == "approved" else "tp_in_proposal"
    return Refusal(key, store=store, tour=held.tour_id, shopper=held.shopper)


def tour_candidates(session: Session, actor: Actor, wave_id: int) -> list[Candidate]:
    """The wave's visits without an audit yet, each with the tour that holds it, if any."""
    wave_for(session, actor, wave_id)
    held = reservations(session, wave_id)
    return [
        Candidate(
            visit_id=v.id,
            store_id=s.id,
            code=s.code,
            name=s.name,
            city=s.city,
            region=s.region,
            shopper=(u.display_name or u.username) if u else "",
            planned_date=v.planned_date,
            located=s.lat is not None and s.lon is not None,
            reserved_by=held.get(v.id),
            shopper_gone=u is not None and not u.active,
        )
        for v, s, u in _pool(session, wave_id)
    ]


def _chosen(session: Session, spec: TourSpec, wave: Wave) -> list[tuple[Visit, Store, User | None]]:
    """The visits the spec chooses; another tour's are left out, or refused when picked."""
    held = reservations(session, wave.id)
    pool = _pool(session, wave.id)
    if spec.selection == "stores":
        for v, s, _ in pool:
            if v.id in spec.visit_ids and v.id in held:
                raise _reserved(held[v.id], s.code)
    pool = [(v, s, u) for v, s, u in pool if v.id not in held]
    if spec.selection == "unassigned":  # with those of a deactivated shopper, waiting as well
        return [(v, s, u) for v, s, u in pool if u is None or not u.active]
    if spec.selection == "region":
        if not spec.region:
            raise Refusal("tp_choose_region")
        return [(v, s, u) for v, s, u in pool if s.region == spec.region]
    if spec.selection == "stores":
        wanted = set(spec.visit_ids)
        chosen = [(v, s, u) for v, s, u in pool if v.id in wanted]
        if len(chosen) != len(wanted):
            raise Refusal("tp_stale_choice")
        return chosen
    raise ValueError(f"unknown store selection {spec.selection!r}")


def _name(user: User) -> str:
    return user.display_name or user.username


def _geocode(session: Session, spec: TourSpec, place: str) -> Place:
    try:
        return geocode(place, settings=spec.geo, session=session)
    except PlaceNotFound as exc:
        if exc.why is not None:
            raise Refusal("tp_place_unusable", place=exc.query, why=exc.why) from exc
        raise Refusal("tp_place_not_found", place=exc.query) from exc


def _home(session: Session, spec: TourSpec, shopper: User, given: str = "") -> Place:
    if given.strip():
        return _geocode(session, spec, given)
    if shopper.home_lat is not None and shopper.home_lon is not None:
        name = shopper.home_place or f"{shopper.home_lat:.4f},{shopper.home_lon:.4f}"
        return Place(name, shopper.home_lat, shopper.home_lon, "given")
    if shopper.home_place:
        return _geocode(session, spec, shopper.home_place)
    raise Refusal("tp_no_home", name=_name(shopper))


def _refuse_past_start(start: dt.date) -> None:
    today = local_today()
    if start < today:
        raise Refusal("tp_start_past", start=date_text(start), today=date_text(today))


def _check_rules(spec: TourSpec, wave: Wave) -> dt.date:
    if spec.visit_minutes <= 0:
        raise Refusal("tp_visit_minutes")
    if spec.day_end <= spec.day_start:
        raise Refusal("tp_day_backwards")
    if not spec.weekdays:
        raise Refusal("tp_no_weekdays")
    if spec.max_visits_per_day is not None and spec.max_visits_per_day < 1:
        raise Refusal("tp_no_visits_a_day")
    last = spec.last_day or wave.ends_on
    if last > wave.ends_on:
        raise Refusal("tp_after_wave", end=date_text(wave.ends_on))
    if spec.start < wave.starts_on:
        raise Refusal("tp_before_wave", start=date_text(wave.starts_on))
    _refuse_past_start(spec.start)
    if last < spec.start:
        raise Refusal("tp_last_before_start")
    return last


def prepare_tour(session: Session, actor: Actor, spec: TourSpec) -> PreparedTour:
    """Check the manager's choices and read the stores: the input of `run_planner`."""
    wave = wave_for(session, actor, spec.wave_id)
    shopper = _shopper(session, spec.shopper_id)
    last = _check_rules(spec, wave)
    home = _home(session, spec, shopper, spec.home)
    members = [Member(shopper.id, _name(shopper), home)]
    for partner_id in dict.fromkeys(spec.partner_ids):
        if partner_id != shopper.id:
            partner = _shopper(session, partner_id)
            members.append(Member(partner.id, _name(partner), _home(session, spec, partner)))
    chosen = _chosen(session, spec, wave)
    if not chosen:
        raise Refusal("tp_nothing_chosen")
    stores: list[RouteStore] = []
    skipped: list[tuple[str, Phrase]] = []
    visit_ids: dict[str, int] = {}
    for visit, store, _ in chosen:
        if store.lat is None or store.lon is None:
            skipped.append((store.code, Phrase("up_no_coordinates")))
            continue
        visit_ids[store.code] = visit.id
        stores.append(
            RouteStore(
                code=store.code,
                name=store.name,
                lat=store.lat,
                lon=store.lon,
                opening_hours=store.opening_hours or "",
                address=store.address or "",
                city=store.city or "",
            )
        )
    if not stores:
        raise Refusal("tp_none_located")
    request = TourRequest(
        home=home,
        start=spec.start,
        stores=tuple(stores),
        visit_minutes=spec.visit_minutes,
        day_start=spec.day_start,
        day_end=spec.day_end,
        daylight=spec.daylight,
        weekdays=frozenset(spec.weekdays),
        last_day=last,
        return_home=spec.return_home,
        costs=spec.costs,
        travel=spec.travel,
        max_visits_per_day=spec.max_visits_per_day or AssignmentRules.of(wave).max_visits_per_day,
        objective=spec.objective,
    )
    return PreparedTour(
        spec, wave.name, _name(shopper), request, visit_ids, skipped, tuple(members)
    )


def run_planner(prepared: PreparedTour, progress: Progress | None = None) -> TourPlan:
    """Plan the prepared tour (no database); the plan passes `check` by construction."""
    return plan_tour(prepared.request, progress=progress)


def run_team(prepared: PreparedTour, progress: Progress | None = None) -> list[TourPlan]:
    """One plan per member, in the members' order; with partners the stores are split
    between them (routing.plan_team), each plan passes `check`."""
    if len(prepared.members) < 2:
        return [run_planner(prepared, progress)]
    homes = [m.home for m in prepared.members]
    return plan_team(prepared.request, homes, progress=progress).plans


def log_plan(
    session: Session, actor: Actor, prepared: PreparedTour, plan: TourPlan | Sequence[TourPlan]
) -> None:
    """Record that a tour was planned (what was asked, what came out); with partners, one
    line of totals per shopper."""
    wave_for(session, actor, prepared.spec.wave_id)
    plans = [plan] if isinstance(plan, TourPlan) else list(plan)
    shares = {}
    if len(prepared.members) > 1:
        shares = {
            "shoppers": [
                {"shopper_id": m.shopper_id, "totals": plan_totals(p)}
                for m, p in zip(prepared.members, plans, strict=True)
            ]
        }
    _log(
        session,
        actor,
        "tour.plan",
        "wave",
        prepared.spec.wave_id,
        {
            "shopper_id": prepared.spec.shopper_id,
            "rules": request_params(prepared.request),
            "selection": prepared.spec.selection,
            "stores": len(prepared.request.stores),
            "skipped": [[code, str(why)] for code, why in prepared.skipped],
            "totals": plan_totals(plans[0]) if len(plans) == 1 else _team_totals(plans),
            "cut_short": any(p.cut_short for p in plans),
            **shares,
        },
    )


def _team_totals(plans: Sequence[TourPlan]) -> dict[str, Any]:
    each = [plan_totals(p) for p in plans]
    sums = {key: sum(t[key] for t in each) for key in each[0]}
    return {key: round(v, 2) if isinstance(v, float) else v for key, v in sums.items()}


def plan_for(
    db: Database, actor: Actor, spec: TourSpec, progress: Progress | None = None
) -> tuple[PreparedTour, TourPlan]:
    """Prepare, plan and log in one call (the CLI and tests; pages call the three steps)."""
    prepared = db.run(prepare_tour, actor, spec)
    plan = run_planner(prepared, progress)
    db.run(log_plan, actor, prepared, plan)
    return prepared, plan


# --- checking and hand moves -----------------------------------------------------------------


def check(plan: TourPlan) -> list[Violation]:
    return check_plan(plan)


def move(plan: TourPlan, code: str, to_date: dt.date) -> MoveResult:
    """Move a store to another day by hand and re-check the whole tour.

    When the planner's re-timing finds a place for it the result is a valid plan. Otherwise
    the store is put on that day anyway (`_forced`) and the violations say what that breaks:
    only those of the day the store leaves and the day it reaches that the plan did not
    have before, so nothing that was already wrong elsewhere is blamed on the move. Such a
    plan is for showing only and cannot be saved.
    """
    try:
        return MoveResult(move_store(plan, code, to_date), [])
    except MoveNotPossible as exc:
        forced = _forced(plan, code, to_date)
        if forced is None:
            return MoveResult(plan, [Violation("not_worked_day", to_date, code, exc.said)])
        left = {d.date for d in plan.days if any(v.store.code == code for v in d.visits)}
        problems = _introduced(plan, forced, {to_date, *left})
        if not problems:  # e.g. only the planner's own search was stricter
            problems = [Violation("working_day", to_date, code, exc.said)]
        return MoveResult(forced, problems)


def _introduced(before: TourPlan, after: TourPlan, days: set[dt.date]) -> list[Violation]:
    """The checker's findings on `days` of `after` that `before` did not have."""
    known = check_plan(before)  # a break made worse differs in its detail, so it is named
    return [v for v in check_plan(after) if v.day in days and v not in known]


def _forced(plan: TourPlan, code: str, to_date: dt.date) -> TourPlan | None:
    """The plan with the store put on `to_date` whatever that breaks, or None when the tour
    does not hold the store.

    Only the day the store leaves and the day it reaches are re-timed, each between the
    places it started and ended at before, so every other day stays exactly as planned. A
    new day starts where the day before it ended and ends where the day after it starts.
    """
    request = plan.request
    store = next((s for s in request.stores if s.code == code), None)
    if store is None:
        return None
    days: list[PlannedDay] = []
    for day in plan.days:
        kept = [v.store for v in day.visits if v.store.code != code]
        if day.date == to_date:
            days.append(_cheapest_with(request, day, kept, store))
        elif len(kept) < len(day.visits):
            if kept or day.start_place.point != day.end_place.point:
                days.append(_timed_day(request, day.date, day.start_place, kept, day.end_place))
        else:
            days.append(day)
    if all(d.date != to_date for d in days):
        before = [d for d in days if d.date < to_date]
        after = [d for d in days if d.date > to_date]
        start = before[-1].end_place if before else request.home
        end = after[0].start_place if after else request.home if request.return_home else None
        new = _timed_day(request, to_date, start, [store], end or store.place)
        days = [*before, new, *after]
    unplanned = [u for u in plan.unplanned if u.store.code != code]
    return TourPlan(request, days, unplanned, plan.solver + "+hand(forced)", 0.0)


def _cheapest_with(
    request: TourRequest, day: PlannedDay, kept: list[RouteStore], store: RouteStore
) -> PlannedDay:
    """The day with the store at the place in its order that drives the fewest km."""
    trials = [
        _timed_day(request, day.date, day.start_place, [*kept[:p], store, *kept[p:]], day.end_place)
        for p in range(len(kept) + 1)
    ]
    return min(trials, key=lambda d: d.km)


def _timed_day(
    request: TourRequest, date: dt.date, start: Place, stores: Sequence[RouteStore], end: Place
) -> PlannedDay:
    """A day from `start` through the stores in order to `end`, each visit as early as the
    drives and the store's hours allow, whatever that breaks (the checker names it)."""
    km, minutes = request.travel.matrices(
        [start.point, *(s.place.point for s in stores), end.point]
    )
    dates = sorted({*request.worked_dates(), date})
    midnight = dt.datetime.combine(date, dt.time())

    def at(offset: float) -> dt.datetime:
        return midnight + dt.timedelta(minutes=offset)

    t = float(request.day_minutes[0])
    visits: list[PlannedVisit] = []
    for n, store in enumerate(stores, start=1):
        windows = store_windows(request, store, dates)
        arrive = t + float(minutes[n - 1, n])
        opens = (float(a) for a, b in windows.by_date.get(date, ()) if arrive <= b)
        begin = max(arrive, next(opens, arrive))
        t = begin + request.visit_minutes
        leg_km, leg_minutes = float(km[n - 1, n]), float(minutes[n - 1, n])
        visits.append(
            PlannedVisit(store, at(arrive), at(begin), at(t), leg_km, leg_minutes, windows.daylight)
        )
    last = len(stores)
    end_minutes = float(minutes[last, last + 1])
    home_km = float(request.travel.matrices([end.point, request.home.point])[0][0, 1])
    return PlannedDay(
        date=date,
        start_place=start,
        depart=at(float(request.day_minutes[0])),
        visits=visits,
        end_place=end,
        end_km=float(km[last, last + 1]),
        end_drive_minutes=end_minutes,
        end_arrive=at(t + end_minutes),
        hotel=home_km > HOME_KM,
    )


# --- saving a proposal -----------------------------------------------------------------------


def _visits_by_code(session: Session, wave: Wave, codes: Sequence[str]) -> dict[str, Visit]:
    rows = session.execute(
        select(Store.code, Visit)
        .join(Visit, Visit.store_id == Store.id)
        .where(Visit.wave_id == wave.id, Store.code.in_(list(codes)))
    ).all()
    return {code: visit for code, visit in rows}


def assignment_warnings(
    session: Session, actor: Actor, wave_id: int, shopper_id: int, plan: TourPlan
) -> list[Phrase]:
    """The wave's job rules that assigning this plan would break (shown before saving)."""
    wave = wave_for(session, actor, wave_id)
    shopper = _shopper(session, shopper_id)
    codes = [v.store.code for d in plan.days for v in d.visits]
    visits = _visits_by_code(session, wave, codes)
    per_day: dict[dt.date, int] = {}
    messages: list[Phrase] = []
    for day in plan.days:
        for v in day.visits:
            visit = visits.get(v.store.code)
            if visit is None:
                continue
            for b in rule_breaks(session, visit, shopper, day.date):
                if b.rule != "max_per_day":
                    messages.append(b.said)
            per_day[day.date] = per_day.get(day.date, 0) + 1
    limit = AssignmentRules.of(wave).max_visits_per_day
    for day, n in sorted(per_day.items()):
        if n > limit:
            messages.append(Phrase("rb_day_count", {"day": date_text(day), "n": n, "most": limit}))
    return messages


def save_proposal(
    session: Session,
    actor: Actor,
    wave_id: int,
    shopper_id: int,
    plan: TourPlan,
    *,
    moves: Sequence[tuple[str, dt.date]] = (),
) -> int:
    """Save a valid plan as a proposal for the client to approve; returns the tour id.

    Its visits are then reserved for it (refused when another tour already holds one)."""
    wave = wave_for(session, actor, wave_id)
    shopper = _shopper(session, shopper_id)
    problems = check_plan(plan)
    if problems:
        raise RulesBroken("tp_plan_breaks", problems)
    if not plan.days:
        raise Refusal("tp_no_visits")
    _refuse_past_start(plan.request.start)
    codes = [s.code for s in plan.request.stores]
    visits = _visits_by_code(session, wave, codes)
    unknown = sorted(set(codes) - set(visits))
    if unknown:
        raise Refusal("tp_not_wave_stores", wave=wave.name, codes=", ".join(unknown))
    lock_wave(session, wave.id)
    held = reservations(session, wave.id)
    for day in plan.days:
        for v in day.visits:
            visit = visits[v.store.code]
            if visit.audit is not None:
                raise Refusal("tp_audited", store=v.store.code)
            if visit.id in held:
                raise _reserved(held[visit.id], v.store.code)
    record = plan_record(plan, {c: visits[c].id for c in codes})
    record["moves"] = [{"store": c, "to": d.isoformat()} for c, d in moves]
    cost = plan.cost
    tour = Tour(
        wave_id=wave.id,
        shopper_id=shopper.id,
        status="proposed",
        params=request_params(plan.request),
        plan=record,
        km=round(plan.km, 1),
        cost_eur=cost.total_eur,
        created_by=actor.id,
    )
    session.add(tour)
    session.flush()
    _log(
        session,
        actor,
        "tour.propose",
        "tour",
        tour.id,
        {
            "wave": wave.name,
            "shopper_id": shopper.id,
            "totals": plan_totals(plan),
            "cost": cost.as_dict(),
            "moves": record["moves"],
        },
    )
    return tour.id


# --- reading tours ---------------------------------------------------------------------------


def _summary(session: Session, tour: Tour, plan: TourPlan | None = None) -> TourSummary:
    wave = session.get(Wave, tour.wave_id) if tour.wave_id is not None else None
    shopper = session.get(User, tour.shopper_id)
    creator = session.get(User, tour.created_by) if tour.created_by else None
    decider = session.get(User, tour.decided_by) if tour.decided_by else None
    record = tour.plan or {}
    days = record.get("days", [])
    dates = [dt.date.fromisoformat(d["date"]) for d in days]
    totals = record.get("totals", {})
    change = None
    if record.get("left"):  # counted from the days that remain, beside what was approved
        change = tour_change(record, plan or plan_from_record(record))
    km = change.now.km if change else tour.km
    cost = change.now.cost_eur if change else Decimal(tour.cost_eur)
    nights = change.now.hotel_nights if change else int(totals.get("hotel_nights", 0))

    def name(user: User | None) -> str:
        return (user.display_name or user.username) if user else ""

    return TourSummary(
        id=tour.id,
        wave_id=tour.wave_id or 0,
        wave=wave.name if wave else "",
        client_id=wave.client_id if wave else 0,
        client=wave.client.name if wave else "",
        shopper_id=tour.shopper_id,
        shopper=name(shopper),
        status=tour.status,
        first_day=min(dates) if dates else None,
        last_day=max(dates) if dates else None,
        days=len(days),
        visits=sum(len(d["visits"]) for d in days),
        km=km,
        hotel_nights=nights,
        cost_eur=cost,
        created_at=tour.created_at,
        created_by=name(creator),
        decided_at=tour.decided_at,
        decided_by=name(decider),
        decision_note=tour.decision_note or "",
        change=change,
    )


def _view(session: Session, tour: Tour) -> TourView:
    record = tour.plan or {}
    plan = plan_from_record(record)
    return TourView(
        summary=_summary(session, tour, plan),
        plan=plan,
        cost=dict(record.get("cost", {})),
        params=dict(tour.params or {}),
        unplanned=list(record.get("unplanned", [])),
    )


def list_tours(session: Session, actor: Actor, wave_id: int | None = None) -> list[TourSummary]:
    """Saved tours, newest first (a manager's view; of one wave when given)."""
    _require_manager(actor)
    query = select(Tour).order_by(Tour.created_at.desc(), Tour.id.desc())
    if wave_id is not None:
        wave_for(session, actor, wave_id)
        query = query.where(Tour.wave_id == wave_id)
    elif actor.role == "manager" and actor.client_id is not None:
        query = query.join(Wave, Tour.wave_id == Wave.id).where(Wave.client_id == actor.client_id)
    return [_summary(session, t) for t in session.scalars(query)]


def client_tours(session: Session, actor: Actor) -> list[TourSummary]:
    """The brand's tour proposals and decisions: waiting ones first, then newest."""
    client_id = _require_brand_client(actor)
    rows = session.scalars(
        select(Tour)
        .join(Wave, Tour.wave_id == Wave.id)
        .where(Wave.client_id == client_id, Tour.status != "draft")
        .order_by(Tour.created_at.desc(), Tour.id.desc())
    )
    out = [_summary(session, t) for t in rows]
    return sorted(out, key=lambda s: s.status != "proposed")


def load_tour(session: Session, actor: Actor, tour_id: int) -> TourView:
    return _view(session, _tour_for(session, actor, tour_id))


def my_tours(session: Session, actor: Actor) -> list[TourView]:
    """The shopper's own approved tours, the soonest first; one whose visits have all been
    taken out of it (`reservations.leave_tour`) is no longer theirs to drive."""
    require_role(actor, "shopper")
    rows = session.scalars(
        select(Tour).where(Tour.shopper_id == actor.id, Tour.status == "approved")
    )
    views = [_with_stops(session, actor, t) for t in rows]
    views = [v for v in views if v.plan.visit_count]
    return sorted(views, key=lambda v: (v.summary.first_day or dt.date.max, v.summary.id))


def _with_stops(session: Session, actor: Actor, tour: Tour) -> TourView:
    """The tour with each stop's visit, read from the visits themselves: only a visit that is
    the shopper's carries its id."""
    view = _view(session, tour)
    stored = [d["visits"] for d in (tour.plan or {}).get("days", [])]
    ids = [v["visit_id"] for visits in stored for v in visits if v.get("visit_id") is not None]
    mine = dict(
        session.execute(
            select(Visit.id, Audit.status)
            .outerjoin(Audit, VISIT_AUDIT)
            .where(Visit.id.in_(ids), Visit.shopper_id == actor.id)
        ).all()
    )

    def stop(planned: PlannedVisit, visit_id: int | None) -> TourStop:
        if visit_id not in mine:
            return TourStop(planned, None, None)
        return TourStop(planned, visit_id, mine[visit_id] or "not_started")

    stops = tuple(
        tuple(stop(p, v.get("visit_id")) for p, v in zip(day.visits, visits, strict=True))
        for day, visits in zip(view.plan.days, stored, strict=True)
    )
    return replace(view, stops=stops)


# --- the client's decision -------------------------------------------------------------------


def decide(
    session: Session, actor: Actor, tour_id: int, approve: bool, reason: str = ""
) -> Decision:
    """The brand approves or rejects a proposal's cost; approval assigns the visits.

    On approval every visit of the tour goes to the tour's shopper with its planned date (and
    the tour); wave rules the tour breaks are recorded with the assignment, the client's
    approval being the reason. Nothing is assigned when any visit cannot be (then ValueError).
    """
    client_id = _require_brand_client(actor)
    tour = _tour_for(session, actor, tour_id)
    wave = session.get(Wave, tour.wave_id)
    if wave is None or wave.client_id != client_id:
        raise PermissionDenied(f"tour {tour_id} not found")
    _lock(session, tour)
    if tour.status != "proposed":
        # a text for each status, so Finnish can name it; a client never reaches a draft
        raise Refusal(f"tp_decide_{tour.status}", id=tour_id)
    reason = reason.strip()
    tour.decided_by, tour.decided_at, tour.decision_note = actor.id, utcnow(), reason
    if not approve:
        tour.status = "rejected"
        _log(
            session,
            actor,
            "tour.reject",
            "tour",
            tour.id,
            {"reason": reason, "cost_eur": str(tour.cost_eur)},
        )
        return Decision(tour.id, "rejected")
    assigned, breaks = _assign(session, actor, tour, wave)
    tour.status = "approved"
    _log(
        session,
        actor,
        "tour.approve",
        "tour",
        tour.id,
        {"reason": reason, "cost_eur": str(tour.cost_eur), "visits": assigned},
    )
    return Decision(tour.id, "approved", assigned, [b.message for b in breaks])


def approval_rule_breaks(session: Session, actor: Actor, tour_id: int) -> list[RuleBreak]:
    """The wave rules approving the proposal would break, for the client to read before
    deciding: the approval's own assignments are tried and undone."""
    client_id = _require_brand_client(actor)
    tour = _tour_for(session, actor, tour_id)
    wave = session.get(Wave, tour.wave_id)
    if wave is None or wave.client_id != client_id or tour.status != "proposed":
        return []
    trial = session.begin_nested()
    try:
        return _assign(session, actor, tour, wave)[1]
    except ValueError:  # the approval itself will say why it cannot be done
        return []
    finally:
        trial.rollback()


def _assign(session: Session, actor: Actor, tour: Tour, wave: Wave) -> tuple[int, list[RuleBreak]]:
    """Every visit of the tour to its shopper on its planned day; the rules that breaks.

    A visit another tour holds (approved, or proposed earlier) refuses the whole approval."""
    shopper = _shopper(session, tour.shopper_id)
    held = reservations(session, wave.id)
    assigned, overridden = 0, []
    for day in tour.plan.get("days", []):
        date = dt.date.fromisoformat(day["date"])
        for v in day["visits"]:
            visit = session.get(Visit, v["visit_id"])
            if visit is None or visit.wave_id != wave.id:
                raise Refusal("tp_left_wave", store=v["store"], wave=wave.name)
            if visit.audit is not None and visit.audit.shopper_id != shopper.id:
                raise Refusal("tp_started_by_other", store=v["store"])
            other = held.get(visit.id)
            if other is not None and other.tour_id != tour.id:
                key = "tp_in_approved_tour" if other.status == "approved" else "tp_in_earlier"
                raise Refusal(key, store=v["store"], tour=other.tour_id, shopper=other.shopper)
            breaks = rule_breaks(session, visit, shopper, date)
            old = {
                "shopper_id": visit.shopper_id,
                "date": visit.planned_date.isoformat() if visit.planned_date else None,
            }
            visit.shopper_id, visit.planned_date, visit.tour_id = shopper.id, date, tour.id
            detail: dict[str, Any] = {
                "old": old,
                "new": {"shopper_id": shopper.id, "date": date.isoformat()},
                "tour_id": tour.id,
            }
            if breaks:
                detail["overridden"] = [b.logged() for b in breaks]
                detail["reason"] = f"tour {tour.id} approved by the client"
                overridden += breaks
            _log(session, actor, "visit.assign", "visit", visit.id, detail)
            session.flush()
            assigned += 1
    return assigned, overridden


def approve_tour(session: Session, actor: Actor, tour_id: int, reason: str = "") -> Decision:
    return decide(session, actor, tour_id, True, reason)


def reject_tour(session: Session, actor: Actor, tour_id: int, reason: str = "") -> Decision:
    return decide(session, actor, tour_id, False, reason)


def _lock(session: Session, tour: Tour) -> None:
    """Before a decision: its wave, then the tour read afresh, so of two decisions at once
    (approve and withdraw, or two approvals) the second sees what the first did."""
    if tour.wave_id is not None:
        lock_wave(session, tour.wave_id)
    session.refresh(tour, with_for_update=True)


def withdraw_tour(session: Session, actor: Actor, tour_id: int, reason: str = "") -> Decision:
    """The manager takes back a proposal before the client decides; nothing was assigned yet."""
    _require_manager(actor)
    tour = _tour_for(session, actor, tour_id)
    _lock(session, tour)
    if tour.status != "proposed":  # a text for each status, so Finnish can name it
        raise Refusal(f"tp_withdraw_{tour.status}", id=tour_id)
    reason = reason.strip()
    tour.status = "withdrawn"
    tour.decided_by, tour.decided_at, tour.decision_note = actor.id, utcnow(), reason
    _log(
        session,
        actor,
        "tour.withdraw",
        "tour",
        tour.id,
        {"reason": reason, "cost_eur": str(tour.cost_eur)},
    )
    return Decision(tour.id, "withdrawn")


def with_rules(spec: TourSpec, **changes: Any) -> TourSpec:
    """The same choices with some rules changed (re-planning after a rule change)."""
    return replace(spec, **changes)
