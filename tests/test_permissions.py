"""The role matrix: every service × every role and scope, allowed or refused, at the core.

Actors: shopper A and B, a manager, brand A head office, brand A dealer (store A1 only) and
brand B. Audit ids are real ids of another user's data, as if guessed from a URL.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from audits import (
    accounts,
    checklist_versions,
    expenses,
    fieldwork,
    rankings,
    reports,
    review,
    tours,
    waves,
)
from audits.auth import PermissionDenied
from tests.conftest import World
from tests.test_fieldwork import FULL
from tests.test_tours import _proposal, _spec

ACTORS = ("shopper_a", "shopper_b", "manager", "client_a", "dealer_a", "client_b")
pytestmark = pytest.mark.usefixtures("tours_today")


def _submitted_audit(world: World) -> int:
    audit_id = world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)
    for item_id, value in FULL.items():
        world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, item_id, value)
    world.db.run(fieldwork.submit, world.shopper_a, audit_id)
    return audit_id


def _approved_tour(world: World) -> int:
    tour_id, _ = _proposal(world)
    world.db.run(tours.approve_tour, world.client_a, tour_id)
    return tour_id


def _save_tour(world: World, actor: Any) -> int:
    _, plan = tours.plan_for(world.db, world.manager, _spec(world))
    return world.db.run(tours.save_proposal, actor, world.wave_a, world.shopper_a.id, plan)


def _approved_audit(world: World) -> int:
    audit_id = _submitted_audit(world)
    world.db.run(review.approve, world.manager, audit_id)
    return audit_id


Operation = Callable[[World, Any, int], Any]
MINI = (Path(__file__).parent / "data" / "mini_checklist.yaml").read_text(encoding="utf-8")

# name: (set-up returning an audit id, the call, the actors allowed)
MATRIX: dict[str, tuple[Callable[[World], int], Operation, set[str]]] = {
    "my visits": (
        lambda w: 0,
        lambda w, a, _: w.db.run(fieldwork.my_visits, a),
        {"shopper_a", "shopper_b"},
    ),
    "start another's visit": (
        lambda w: 0,
        lambda w, a, _: w.db.run(fieldwork.start_audit, a, w.visit_a),
        {"shopper_a"},
    ),
    "read audit by id": (
        _submitted_audit,
        lambda w, a, i: w.db.run(fieldwork.load_audit, a, i),
        {"shopper_a", "manager"},
    ),
    "save answer": (
        lambda w: w.db.run(fieldwork.start_audit, w.shopper_a, w.visit_a),
        lambda w, a, i: w.db.run(fieldwork.save_answer, a, i, "asked_use", "yes"),
        {"shopper_a"},
    ),
    "submit": (
        lambda w: w.db.run(fieldwork.start_audit, w.shopper_a, w.visit_a),
        lambda w, a, i: w.db.run(fieldwork.submit, a, i),
        {"shopper_a"},
    ),
    "check in": (
        lambda w: w.db.run(fieldwork.start_audit, w.shopper_a, w.visit_a),
        lambda w, a, i: w.db.run(fieldwork.check_in, a, i, 60.17, 24.94),
        {"shopper_a"},
    ),
    "review queue": (lambda w: 0, lambda w, a, _: w.db.run(review.review_queue, a), {"manager"}),
    "approve": (_submitted_audit, lambda w, a, i: w.db.run(review.approve, a, i), {"manager"}),
    "return": (
        _submitted_audit,
        lambda w, a, i: w.db.run(review.return_to_shopper, a, i, "Why?"),
        {"manager"},
    ),
    "reject": (
        _submitted_audit,
        lambda w, a, i: w.db.run(review.reject, a, i, "fake"),
        {"manager"},
    ),
    "correct": (
        _submitted_audit,
        lambda w, a, i: w.db.run(
            review.correct_answer, a, i, "asked_use", "no", reason="call recording"
        ),
        {"manager"},
    ),
    "audit log": (_submitted_audit, lambda w, a, i: w.db.run(review.audit_log, a, i), {"manager"}),
    "ranking brand A": (
        _approved_audit,
        lambda w, a, _: w.db.run(rankings.store_ranking, a, w.wave_a),
        {"manager", "client_a", "dealer_a"},
    ),
    "ranking brand B": (
        lambda w: 0,
        lambda w, a, _: w.db.run(rankings.store_ranking, a, w.wave_b),
        {"manager", "client_b"},
    ),
    "wave report brand A": (
        _approved_audit,
        lambda w, a, _: w.db.run(reports.wave_report, a, w.wave_a),
        {"manager", "client_a", "dealer_a"},
    ),
    "wave board": (
        lambda w: 0,
        lambda w, a, _: w.db.run(waves.wave_board, a, w.wave_a),
        {"manager"},
    ),
    "list waves": (lambda w: 0, lambda w, a, _: w.db.run(waves.list_waves, a), {"manager"}),
    "payable fees": (lambda w: 0, lambda w, a, _: w.db.run(expenses.payable_fees, a), {"manager"}),
    "tour candidates": (
        lambda w: 0,
        lambda w, a, _: w.db.run(tours.tour_candidates, a, w.wave_a),
        {"manager"},
    ),
    "plan a tour": (
        lambda w: 0,
        lambda w, a, _: w.db.run(tours.prepare_tour, a, _spec(w)),
        {"manager"},
    ),
    "save a tour proposal": (lambda w: 0, lambda w, a, _: _save_tour(w, a), {"manager"}),
    "list tours": (lambda w: 0, lambda w, a, _: w.db.run(tours.list_tours, a), {"manager"}),
    "approve a tour": (
        lambda w: _proposal(w)[0],
        lambda w, a, i: w.db.run(tours.approve_tour, a, i),
        {"client_a"},
    ),
    "reject a tour": (
        lambda w: _proposal(w)[0],
        lambda w, a, i: w.db.run(tours.reject_tour, a, i, "too dear"),
        {"client_a"},
    ),
    "read a proposed tour": (
        lambda w: _proposal(w)[0],
        lambda w, a, i: w.db.run(tours.load_tour, a, i),
        {"manager", "client_a"},
    ),
    "read an approved tour": (
        _approved_tour,
        lambda w, a, i: w.db.run(tours.load_tour, a, i),
        {"manager", "client_a", "shopper_a"},
    ),
    "brand's tours": (
        lambda w: 0,
        lambda w, a, _: w.db.run(tours.client_tours, a),
        {"client_a", "client_b"},
    ),
    "my tours": (
        lambda w: 0,
        lambda w, a, _: w.db.run(tours.my_tours, a),
        {"shopper_a", "shopper_b"},
    ),
    "upload checklist": (
        lambda w: 0,
        lambda w, a, _: w.db.run(
            checklist_versions.upload_version,
            a,
            MINI.replace("version: 1", "version: 9"),
            "mini.yaml",
            publish=False,
        ),
        {"manager"},
    ),
    "make oneself an admin": (
        lambda w: 0,
        lambda w, a, _: w.db.run(accounts.update_user, a, a.id, accounts.Profile("admin")),
        set(),
    ),
}


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(world: World, name: str, who: str) -> None:
    setup, operation, allowed = MATRIX[name]
    audit_id = setup(world)
    actor = getattr(world, who)
    if who in allowed:
        operation(world, actor, audit_id)
    else:
        with pytest.raises(PermissionDenied):
            operation(world, actor, audit_id)


def test_dealer_sees_only_their_store_and_brand_b_sees_nothing_of_a(world: World) -> None:
    _approved_audit(world)
    dealer = world.db.run(rankings.store_ranking, world.dealer_a, world.wave_a)
    assert set(dealer["code"]) == {"A1"}
    report = world.db.run(reports.wave_report, world.dealer_a, world.wave_a)
    assert "A2" not in report.ranking.to_string()
    with pytest.raises(PermissionDenied):
        world.db.run(reports.wave_report, world.client_b, world.wave_a)
