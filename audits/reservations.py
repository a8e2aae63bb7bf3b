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

from audits.models import Tour, User, Visit, Wave


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
    instead. A day left with no visits that starts and ends at the same place goes too. The
    other visits keep their approved times and the tour its approved km and cost.
    """
    tour = session.get_one(Tour, visit.tour_id)
    record: dict[str, Any] = dict(tour.plan or {})
    days, left = [], list(record.get("left", []))
    for day in record.get("days", []):
        kept = [v for v in day["visits"] if v.get("visit_id") != visit.id]
        if len(kept) < len(day["visits"]):
            left.append({"visit_id": visit.id, "store": visit.store.code, "date": day["date"]})
            if not kept and _point(day["start_place"]) == _point(day["end_place"]):
                continue
        days.append({**day, "visits": kept})
    tour.plan = {**record, "days": days, "left": left}  # a new value, so it is saved
    visit.tour_id = None
    return tour.id


def _point(place: dict[str, Any]) -> tuple[float, float]:
    return float(place["lat"]), float(place["lon"])


def _name(user: User) -> str:
    return user.display_name or user.username
