"""Review decisions beyond approve: corrections with a reason, the readable log, scoping."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from audits import fieldwork, review, waves
from audits.auth import Actor, PermissionDenied, create_user
from audits.checklist import load_checklist
from audits.config import CHECKLIST_DIR
from audits.fieldwork import InvalidTransition
from audits.models import AuditLog
from tests.conftest import World

FULL = {
    "greeting_time": {"seconds": 45, "nobody_came": False},
    "polite": "yes",
    "asked_use": "yes",
    "trade_in": "no",
}


def submitted(world: World) -> int:
    audit_id = world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)
    for item_id, value in FULL.items():
        world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, item_id, value)
    assert world.db.run(fieldwork.submit, world.shopper_a, audit_id).submitted
    return audit_id


def test_correction_needs_a_reason_and_logs_old_and_new(world: World) -> None:
    audit_id = submitted(world)
    before = world.db.run(fieldwork.load_audit, world.manager, audit_id).score
    with pytest.raises(ValueError, match="needs a reason"):
        world.db.run(review.correct_answer, world.manager, audit_id, "asked_use", "no", reason=" ")
    after = world.db.run(
        review.correct_answer,
        world.manager,
        audit_id,
        "asked_use",
        "no",
        comment="the shopper's comment says the question was never asked",
        reason="comment contradicts the answer; confirmed by phone",
    )
    assert after < before
    view = world.db.run(fieldwork.load_audit, world.manager, audit_id)
    assert view.answers["asked_use"].value == "no" and view.score == after
    with world.db.session() as s:
        log = s.scalar(select(AuditLog).where(AuditLog.action == "answer.correct"))
        assert log.actor_id == world.manager.id
        assert log.detail["old"]["value"] == "yes" and log.detail["new"]["value"] == "no"
        assert log.detail["reason"] == "comment contradicts the answer; confirmed by phone"
        assert (log.detail["score_before"], log.detail["score_after"]) == (before, after)


def test_correction_refuses_a_draft_and_a_no_op(world: World) -> None:
    audit_id = world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)
    with pytest.raises(InvalidTransition):
        world.db.run(review.correct_answer, world.manager, audit_id, "polite", "no", reason="x")
    audit_id = submitted(world)
    with pytest.raises(ValueError, match="changes nothing"):
        world.db.run(review.correct_answer, world.manager, audit_id, "polite", "yes", reason="x")


def test_shoppers_and_clients_cannot_correct(world: World) -> None:
    audit_id = submitted(world)
    for actor in (world.shopper_a, world.client_a):
        with pytest.raises(PermissionDenied):
            world.db.run(review.correct_answer, actor, audit_id, "polite", "no", reason="x")


def test_the_audit_log_reads_in_full(world: World) -> None:
    with world.db.session() as s:
        visit = s.get(fieldwork.Visit, world.visit_a)
        day = visit.planned_date
    world.db.run(waves.assign, world.manager, world.visit_a, world.shopper_a.id, day)
    audit_id = submitted(world)
    world.db.run(review.return_to_shopper, world.manager, audit_id, "Which model?", "asked_use")
    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "asked_use", "no")
    question = world.db.run(fieldwork.load_audit, world.shopper_a, audit_id).questions[0]
    world.db.run(fieldwork.reply_to_question, world.shopper_a, question.id, "None was asked")
    assert world.db.run(fieldwork.submit, world.shopper_a, audit_id).submitted
    world.db.run(
        review.correct_answer, world.manager, audit_id, "polite", "no", comment="rude", reason="r"
    )
    world.db.run(review.approve, world.manager, audit_id)
    entries = world.db.run(review.audit_log, world.manager, audit_id)
    actions = [e.action for e in entries]
    assert actions[0] == "visit.assign"
    for expected in (
        "audit.start",
        "audit.submit",
        "audit.returned",
        "answer.amend",
        "answer.correct",
        "audit.approved",
    ):
        assert expected in actions
    assert actions.index("audit.returned") < actions.index("answer.amend")
    assert actions[-1] == "audit.approved"
    assert {e.who for e in entries} == {"shop_a", "mgr"}


def test_a_scoped_manager_reviews_only_their_client(world: World) -> None:
    audit_id = submitted(world)
    with world.db.session() as s:
        scoped_b = Actor.of(create_user(s, "mgr_b", "password-123", "manager", client="Brand B"))
    assert world.db.run(review.review_queue, scoped_b) == []
    for call in (review.approve, review.audit_log):
        with pytest.raises(PermissionDenied):
            world.db.run(call, scoped_b, audit_id)
    with pytest.raises(PermissionDenied):
        world.db.run(review.correct_answer, scoped_b, audit_id, "polite", "no", reason="x")
    assert [r.audit_id for r in world.db.run(review.review_queue, world.manager)] == [audit_id]


def test_a_correction_cannot_leave_a_required_answer_or_comment_missing(world: World) -> None:
    audit_id = submitted(world)
    world.db.run(review.approve, world.manager, audit_id)
    score = world.db.run(fieldwork.load_audit, world.manager, audit_id).score
    with pytest.raises(ValueError, match="greeting_time would be left without an answer"):
        world.db.run(
            review.correct_answer, world.manager, audit_id, "greeting_time", None, reason="typo"
        )
    with pytest.raises(ValueError, match="polite would be left without the required comment"):
        world.db.run(review.correct_answer, world.manager, audit_id, "polite", "no", reason="r")
    view = world.db.run(fieldwork.load_audit, world.manager, audit_id)
    assert view.score == score and view.answers["polite"].value == "yes"
    assert view.answers["greeting_time"].value["seconds"] == 45


def test_an_answer_and_the_items_it_shows_are_corrected_together(world: World) -> None:
    audit_id = submitted(world)
    with pytest.raises(ValueError, match="trade_in_value would be left without an answer"):
        world.db.run(review.correct_answer, world.manager, audit_id, "trade_in", "yes", reason="r")
    with pytest.raises(ValueError, match="hidden by the answer to trade_in"):
        world.db.run(
            review.correct_answer, world.manager, audit_id, "trade_in_value", "yes", reason="r"
        )
    changes = {
        "trade_in": review.Correction("yes"),
        "trade_in_value": review.Correction("yes"),
    }
    score = world.db.run(review.correct_answers, world.manager, audit_id, changes, reason="call")
    view = world.db.run(fieldwork.load_audit, world.manager, audit_id)
    assert view.answers["trade_in_value"].value == "yes" and view.score == score
    with world.db.session() as s:
        logged = s.scalars(select(AuditLog).where(AuditLog.action == "answer.correct")).all()
        assert sorted(entry.detail["item"] for entry in logged) == ["trade_in", "trade_in_value"]
        assert {entry.detail["reason"] for entry in logged} == {"call"}


def test_a_refused_correction_names_its_items_by_their_labels(world: World) -> None:
    audit_id = submitted(world)
    checklist = world.db.run(fieldwork.load_audit, world.manager, audit_id).checklist
    with pytest.raises(ValueError) as wait:
        world.db.run(
            review.correct_answer, world.manager, audit_id, "greeting_time", 99999, reason="r"
        )
    assert review.refusal_text(wait.value, checklist, "fi") == (
        "Kohta ”Odotusaika”: 99999 s ei ole uskottava odotusaika"
    )
    assert review.refusal_text(wait.value, checklist, "en") == (
        "Item “Time until greeted”: 99999 s is not a plausible wait"
    )
    with pytest.raises(ValueError) as hidden:
        world.db.run(
            review.correct_answer, world.manager, audit_id, "trade_in_value", "yes", reason="r"
        )
    assert review.refusal_text(hidden.value, checklist, "en").startswith(
        "Item “Valued the trade-in” is hidden by the answer to “Trade-in discussed”"
    )
    assert review.refusal_text(ValueError("as raised"), checklist, "fi") == "as raised"


def test_staff_names_and_unknown_items_are_refused(world: World) -> None:
    audit_id = submitted(world)
    with pytest.raises(ValueError, match="staff names are not collected"):
        world.db.run(
            review.correct_answer, world.manager, audit_id, "seller_name", "Pekka", reason="r"
        )
    with pytest.raises(ValueError, match="has no item no_such_item"):
        world.db.run(review.return_to_shopper, world.manager, audit_id, "what?", "no_such_item")


def test_a_question_about_a_hidden_item_is_refused(world: World) -> None:
    audit_id = submitted(world)
    with pytest.raises(ValueError, match="hidden from the shopper by the answer to trade_in"):
        world.db.run(review.return_to_shopper, world.manager, audit_id, "Why?", "trade_in_value")
    assert world.db.run(fieldwork.load_audit, world.manager, audit_id).status == "submitted"


def test_log_details_read_as_text_in_the_readers_language() -> None:
    car = load_checklist(CHECKLIST_DIR / "car_showroom.yaml")
    at = dt.datetime(2026, 11, 23, 9, 5)

    def said(action: str, detail: dict, lang: str = "fi", people: dict | None = None) -> str:
        entry = review.LogEntry(at, "Maija", action, detail, people or {})
        return review.log_detail(entry, car, lang)

    question = {"from": "submitted", "question": "Oliko auto auki?", "item": "cars_clean"}
    assert said("audit.returned", question) == (
        "Kohta: Esillä olevat autot olivat puhtaita ja lukitsemattomia · Kysymys: Oliko auto auki?"
    )
    change = {"item": "cars_clean", "old": {"value": "yes", "na": False, "comment": ""}}
    change |= {"new": {"value": "no", "na": False, "comment": ""}, "reason": "kuvat"}
    change |= {"score_before": 80.0, "score_after": 75.5}
    assert said("answer.correct", change, "en") == (
        "Display cars were clean and unlocked: Yes → No · Score 80.0 → 75.5 · Reason: kuvat"
    )
    assign = {
        "old": {"shopper_id": None, "date": None},
        "new": {"shopper_id": 7, "date": "2026-11-23"},
    }
    assert said("visit.assign", assign, people={7: "Sari"}) == "Haamuasiakas: Sari · ma 23.11.2026"
    assert said("audit.rejected", {"from": "submitted", "reason": "ei käynyt"}) == "Syy: ei käynyt"
    assert said("audit.checkin", {"refused": False, "distance_m": 120.4}) == "120 m myymälästä"
    assert said("audit.start", {"visit_id": 3}) == ""
