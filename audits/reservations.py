"""A visit belongs to one tour at a time: which tour holds each visit of a wave, the lock that
keeps two changes of them apart, and taking a visit out of the approved tour that assigned it.

A proposal waiting for the client's decision holds the visits of its plan; an approved tour
holds the visits it assigned (`Visit.tour_id`). A rejected or withdrawn proposal holds nothing.
Tours (plans, proposals, approvals) and hand assignments on the wave board both ask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.models import Tour, User, Visit, Wave, local_today, utcnow
from audits.routing import without_store
from audits.tour_record import day_record, left_entry, plan_from_record


@dataclass(frozen=True)
class Reservation:
    """The tour that holds a visit: a proposal waiting for the client, or an approved tour."""

    tour_id: int
    shopper: str
    status: Literal["proposed", "approved"]


def lock_wave(session: Session, wave_id: int) -> None:
    """Saving a proposal, approving one and assigning a visit by hand read the wave's
    reservations and then change them: one at a time per wave, so two at once cannot both
    take a visit (PostgreSQL's row lock; SQLite's writers queue anyway). Lock before reading
    the visits and tours the change depends on."""
    session.execute(select(Wave.id).where(Wave.id == wave_id).with_for_update())


def planned_visit_ids(tour: Tour) -> list[int]:
    """The visits of the tour's stored plan."""
    days = (tour.plan or {}).get("days", [])
    return [v["visit_id"] for d in days for v in d["visits"] if v.get("visit_id") is not None]


def reservations(session: Session, wave_id: int) -> dict[int, Reservation]:
    """Visit id → the tour that holds it: the approved tour that assigned it, else the
    earliest proposal waiting for the client that includes it (a later proposal that
    overlaps it, saved before visits were reserved, waits behind it)."""
    rows = session.execute(
        select(Tour, User)
        .join(User, Tour.shopper_id == User.id)
        .where(Tour.wave_id == wave_id, Tour.status.in_(("proposed", "approved")))
        .order_by(Tour.id)
    ).all()
    approved = {
        t.id: Reservation(t.id, _name(u), "approved") for t, u in rows if t.status == "approved"
    }
    assigned = select(Visit.id, Visit.tour_id).where(
        Visit.wave_id == wave_id, Visit.tour_id.in_(list(approved))
    )
    held = {visit_id: approved[tour_id] for visit_id, tour_id in session.execute(assigned)}
    for tour, user in rows:
        if tour.status == "proposed":
            for visit_id in planned_visit_ids(tour):
                held.setdefault(visit_id, Reservation(tour.id, _name(user), "proposed"))
    return held


def leave_tour(session: Session, visit: Visit) -> int:
    """Take the visit out of the approved tour that assigned it; returns the tour's id.

    The visit's link to the tour is cleared and the tour's stored plan no longer lists it on
    its day (so the shopper's tour page and calendar drop it): it is named under "left"
    instead, with when it left. The day's later visits are re-timed along the shorter route
    and come earlier, as far as their stores' hours allow; when it was the first or last visit
    of its day, the nights around it follow from the visits that remain and a day left with
    none goes (`routing.without_store`; days already over stay as they were). What was
    approved stays as it was: the tour's km and cost, the record's totals and cost, and the
    days as approved, kept under "approved_days" (`tour_record.tour_change` sets them beside
    the figures now).
    """
    tour = session.get_one(Tour, visit.tour_id)
    record: dict[str, Any] = dict(tour.plan or {})
    left = list(record.get("left", []))
    gone = [
        (day["date"], v["store"])
        for day in record.get("days", [])
        for v in day["visits"]
        if v.get("visit_id") == visit.id
    ]
    days = record.get("days", [])
    approved = record.get("approved_days", days)
    for date, code in gone:
        left.append(left_entry(visit.id, code, date, utcnow()))
        days = _without(record, days, code)
    # a new value, so it is saved
    tour.plan = {**record, "days": days, "left": left, "approved_days": approved}
    visit.tour_id = None
    return tour.id


def _without(record: dict[str, Any], days: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    """The stored days without the store's visit, re-timed (`routing.without_store`)."""
    plan = plan_from_record({**record, "days": days})
    shorter = without_store(plan, code, kept_before=local_today())
    visit_ids = {s["code"]: s.get("visit_id") for s in record["stores"]}
    return [day_record(d, visit_ids) for d in shorter.days]


def _name(user: User) -> str:
    return user.display_name or user.username
