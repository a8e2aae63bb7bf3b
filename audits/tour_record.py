"""The stored form of a tour plan: everything needed to show a saved tour again exactly
(JSON-safe), so later changes to stores or cost rates never change a proposal the client is
looking at, or an approved tour its shopper drives.

A visit taken out of an approved tour (`reservations.leave_tour`) changes its days, never what
was approved: the record's `totals` and `cost` stay the figures the client decided on, the
days as approved are kept once under `approved_days`, and each visit that left is named under
`left` with its planned day and the time it left. `tour_change` tells them apart: the
approved figures beside the ones now, counted from the days that remain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from audits.costs import CostModel
from audits.daylight import TZ
from audits.geo import Place, TravelModel
from audits.i18n import Phrase
from audits.routing import PlannedDay, PlannedVisit, TourPlan, TourRequest, Unplanned
from audits.routing import Store as RouteStore

RECORD_VERSION = 1


def _place(p: Place) -> dict[str, Any]:
    return {"name": p.name, "lat": p.lat, "lon": p.lon, "source": p.source}


def _place_of(d: dict[str, Any]) -> Place:
    return Place(d["name"], float(d["lat"]), float(d["lon"]), d.get("source", "given"))


def request_params(request: TourRequest) -> dict[str, Any]:
    costs = {
        k: (str(v) if isinstance(v, Decimal) else v.isoformat() if isinstance(v, dt.date) else v)
        for k, v in asdict(request.costs).items()
    }
    return {
        "home": _place(request.home),
        "start": request.start.isoformat(),
        "last_day": request.last_day.isoformat() if request.last_day else None,
        "visit_minutes": request.visit_minutes,
        "day_start": request.day_start.strftime("%H:%M"),
        "day_end": request.day_end.strftime("%H:%M"),
        "daylight": request.daylight,
        "weekdays": sorted(request.weekdays),
        "return_home": request.return_home,
        "max_days": request.max_days,
        "max_visits_per_day": request.max_visits_per_day,
        "objective": request.objective,
        "costs": costs,
        "travel": asdict(request.travel),
    }


def _request_of(params: dict[str, Any], stores: Sequence[RouteStore]) -> TourRequest:
    c = params["costs"]
    costs = CostModel(
        km_rate_eur=Decimal(c["km_rate_eur"]),
        full_allowance_eur=Decimal(c["full_allowance_eur"]),
        partial_allowance_eur=Decimal(c["partial_allowance_eur"]),
        hotel_night_eur=Decimal(c["hotel_night_eur"]),
        min_distance_km=float(c["min_distance_km"]),
        partial_hours=float(c["partial_hours"]),
        full_hours=float(c["full_hours"]),
        valid_from=dt.date.fromisoformat(c["valid_from"]),
        source=c["source"],
    )
    return TourRequest(
        home=_place_of(params["home"]),
        start=dt.date.fromisoformat(params["start"]),
        stores=tuple(stores),
        visit_minutes=int(params["visit_minutes"]),
        day_start=dt.time.fromisoformat(params["day_start"]),
        day_end=dt.time.fromisoformat(params["day_end"]),
        daylight=params["daylight"],
        weekdays=frozenset(params["weekdays"]),
        last_day=dt.date.fromisoformat(params["last_day"]) if params["last_day"] else None,
        return_home=bool(params["return_home"]),
        costs=costs,
        travel=TravelModel(**params["travel"]),
        max_days=int(params.get("max_days", 60)),
        max_visits_per_day=params.get("max_visits_per_day"),  # not in records before it
        objective=params.get("objective", "cost"),
    )


def plan_totals(plan: TourPlan) -> dict[str, Any]:
    return {
        "km": round(plan.km, 1),
        "drive_hours": round(plan.drive_hours, 2),
        "days": len(plan.days),
        "visits": plan.visit_count,
        "hotel_nights": plan.hotel_nights,
        "cost_eur": float(plan.cost.total_eur),
        "unplanned": len(plan.unplanned),
    }


def plan_record(plan: TourPlan, visit_ids: dict[str, int] | None = None) -> dict[str, Any]:
    """Everything needed to show the plan again exactly (JSON-safe)."""
    visit_ids = visit_ids or {}
    return {
        "version": RECORD_VERSION,
        "request": request_params(plan.request),
        "stores": [{**asdict(s), "visit_id": visit_ids.get(s.code)} for s in plan.request.stores],
        "days": [day_record(d, visit_ids) for d in plan.days],
        "unplanned": [
            {"store": u.store.code, "reason": u.reason, "why": u.why.as_dict()}
            for u in plan.unplanned
        ],
        "totals": plan_totals(plan),
        "cost": plan.cost.as_dict(),
        "solver": plan.solver,
        "cut_short": plan.cut_short,
    }


def day_record(day: PlannedDay, visit_ids: dict[str, int | None]) -> dict[str, Any]:
    """One day of the stored plan, each visit with its visit id."""
    return {
        "date": day.date.isoformat(),
        "start_place": _place(day.start_place),
        "depart": day.depart.isoformat(),
        "visits": [
            {
                "store": v.store.code,
                "visit_id": visit_ids.get(v.store.code),
                "arrive": v.arrive.isoformat(),
                "start": v.start.isoformat(),
                "end": v.end.isoformat(),
                "km": v.km,
                "drive_minutes": v.drive_minutes,
                "daylight": v.in_daylight,
            }
            for v in day.visits
        ],
        "end_place": _place(day.end_place),
        "end_km": day.end_km,
        "end_drive_minutes": day.end_drive_minutes,
        "end_arrive": day.end_arrive.isoformat(),
        "hotel": day.hotel,
    }


def plan_from_record(record: dict[str, Any]) -> TourPlan:
    stores = [
        RouteStore(
            code=s["code"],
            name=s["name"],
            lat=float(s["lat"]),
            lon=float(s["lon"]),
            opening_hours=s.get("opening_hours", ""),
            address=s.get("address", ""),
            city=s.get("city", ""),
        )
        for s in record["stores"]
    ]
    by_code = {s.code: s for s in stores}
    request = _request_of(record["request"], stores)
    at = dt.datetime.fromisoformat
    days = [
        PlannedDay(
            date=dt.date.fromisoformat(d["date"]),
            start_place=_place_of(d["start_place"]),
            depart=at(d["depart"]),
            visits=[
                PlannedVisit(
                    by_code[v["store"]],
                    at(v["arrive"]),
                    at(v["start"]),
                    at(v["end"]),
                    float(v["km"]),
                    float(v["drive_minutes"]),
                    bool(v["daylight"]),
                )
                for v in d["visits"]
            ],
            end_place=_place_of(d["end_place"]),
            end_km=float(d["end_km"]),
            end_drive_minutes=float(d["end_drive_minutes"]),
            end_arrive=at(d["end_arrive"]),
            hotel=bool(d["hotel"]),
        )
        for d in record["days"]
    ]
    unplanned = [
        Unplanned(by_code[u["store"]], Phrase.from_dict(u.get("why"), u["reason"]))
        for u in record["unplanned"]
    ]
    solver, cut_short = record.get("solver", ""), bool(record.get("cut_short", False))
    return TourPlan(request, days, unplanned, solver, 0.0, cut_short)


# --- an approved tour that visits left --------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """A tour's totals and cost: as approved (stored with the proposal), or now."""

    days: int
    visits: int
    km: float
    drive_hours: float
    hotel_nights: int
    full_days: int
    partial_days: int
    km_eur: Decimal
    allowance_eur: Decimal
    hotel_eur: Decimal
    cost_eur: Decimal

    @classmethod
    def stored(cls, totals: dict[str, Any], cost: dict[str, Any]) -> Figures:
        """From a record's `totals` and `cost` (as `plan_totals` and `as_dict` give them)."""

        def eur(key: str) -> Decimal:
            return Decimal(str(cost.get(key, 0))).quantize(Decimal("0.01"))

        return cls(
            days=int(totals.get("days", 0)),
            visits=int(totals.get("visits", 0)),
            km=float(totals.get("km", 0.0)),
            drive_hours=float(totals.get("drive_hours", 0.0)),
            hotel_nights=int(totals.get("hotel_nights", 0)),
            full_days=int(cost.get("full_days", 0)),
            partial_days=int(cost.get("partial_days", 0)),
            km_eur=eur("km_eur"),
            allowance_eur=eur("allowance_eur"),
            hotel_eur=eur("hotel_eur"),
            cost_eur=Decimal(str(totals.get("cost_eur", cost.get("total_eur", 0)))).quantize(
                Decimal("0.01")
            ),
        )

    @classmethod
    def of(cls, plan: TourPlan) -> Figures:
        """Counted from the plan's days, rounded as the stored figures are."""
        return cls.stored(plan_totals(plan), plan.cost.as_dict())


@dataclass(frozen=True)
class LeftVisit:
    """A visit taken out of the approved tour: its store, the day it was planned for, and
    when it left (Finnish time; unknown in records from before it was kept)."""

    code: str
    name: str
    city: str
    planned: dt.date
    at: dt.datetime | None


@dataclass(frozen=True)
class TourChange:
    """What was approved and what the tour is now, after visits left it."""

    approved: Figures
    now: Figures
    left: tuple[LeftVisit, ...]


def left_entry(visit_id: int, code: str, date: str, at: dt.datetime) -> dict[str, Any]:
    """A visit that leaves, as the record names it under `left` (`at` in UTC)."""
    return {
        "visit_id": visit_id,
        "store": code,
        "date": date,
        "at": at.replace(tzinfo=None).isoformat(timespec="seconds"),
    }


def left_visits(record: dict[str, Any]) -> tuple[LeftVisit, ...]:
    stores = {s["code"]: s for s in record.get("stores", [])}
    out = []
    for entry in record.get("left", []):
        store = stores.get(entry["store"], {})
        at = entry.get("at")
        out.append(
            LeftVisit(
                code=entry["store"],
                name=store.get("name", entry["store"]),
                city=store.get("city", ""),
                planned=dt.date.fromisoformat(entry["date"]),
                at=dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC).astimezone(TZ)
                if at
                else None,
            )
        )
    return tuple(out)


def tour_change(record: dict[str, Any], plan: TourPlan) -> TourChange | None:
    """The approved figures beside the ones now, when visits have left the tour (None when
    none has: the tour is as approved)."""
    left = left_visits(record)
    if not left:
        return None
    approved = Figures.stored(record.get("totals", {}), record.get("cost", {}))
    return TourChange(approved, Figures.of(plan), left)
