"""A visit belongs to one tour at a time: which tour holds each visit of a wave, and the lock
that keeps two changes of them apart.

A proposal waiting for the client's decision holds the visits of its plan; an approved tour
holds the visits it assigned (`Visit.tour_id`). A rejected or withdrawn proposal holds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
    """Saving a proposal and approving one read the wave's reservations and then add to
    them: one at a time per wave, so two at once cannot both take a visit (PostgreSQL's row
    lock; SQLite's writers queue anyway)."""
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


def _name(user: User) -> str:
    return user.display_name or user.username
