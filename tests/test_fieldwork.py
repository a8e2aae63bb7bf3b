"""The audit life cycle through the core services, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, func, insert, select, update

from audits import fieldwork, review, trust
from audits.auth import PermissionDenied
from audits.fieldwork import InvalidTransition
from audits.i18n import explain
from audits.models import Answer, Audit, AuditLog, Wave, clock_at, utcnow
from tests.conftest import World

FULL = {
    "greeting_time": {"seconds": 45, "nobody_came": False},
    "polite": "yes",
    "asked_use": "yes",
    "trade_in": "yes",
    "trade_in_value": "yes",
}


def _start(world: World) -> int:
    return world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)


def _answer_all(world: World, audit_id: int, answers: dict = FULL) -> None:
    for item_id, value in answers.items():
        world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, item_id, value)


def _submitted_and_returned(world: World) -> int:
    audit_id = _start(world)
    _answer_all(world, audit_id)
    world.db.run(fieldwork.submit, world.shopper_a, audit_id)
    world.db.run(review.return_to_shopper, world.manager, audit_id, "Greeted twice?")
    return audit_id


def test_my_visits_lists_only_own_visits(world: World) -> None:
    rows = world.db.run(fieldwork.my_visits, world.shopper_a)
    assert {r.store_code for r in rows} == {"A1", "B1"}
    assert all(r.status == "not_started" for r in rows)
    assert [r.store_code for r in world.db.run(fieldwork.my_visits, world.shopper_b)] == ["A2"]


def test_a_briefing_is_pending_only_where_the_wave_has_one_not_yet_read(world: World) -> None:
    """A wave made on the Waves page has no briefing: its visits must not ask the shopper to
    read one (they did, with nothing to read)."""

    def pending() -> dict[str, bool]:
        rows = world.db.run(fieldwork.my_visits, world.shopper_a)
        return {r.store_code: r.briefing_pending for r in rows}

    assert pending() == {"A1": False, "B1": False}
    with world.db.session() as s:
        s.get(Wave, world.wave_a).briefing = {"fi": "Kysy koeajoa.", "en": "Ask for a test drive."}
        s.get(Wave, world.wave_b).briefing = {"fi": " ", "en": ""}
    assert pending() == {"A1": True, "B1": False}
    audit_id = _start(world)
    world.db.run(fieldwork.mark_briefing_read, world.shopper_a, audit_id)
    assert pending() == {"A1": False, "B1": False}


def test_start_audit_is_idempotent(world: World) -> None:
    first = _start(world)
    assert _start(world) == first
    with world.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Audit)) == 1


def test_answer_is_stored_at_once_and_resumes(world: World) -> None:
    audit_id = _start(world)
    world.db.run(
        fieldwork.save_answer, world.shopper_a, audit_id, "asked_use", "no", comment="did not ask"
    )
    view = world.db.run(fieldwork.load_audit, world.shopper_a, audit_id)
    assert view.answers["asked_use"].value == "no"
    assert view.answers["asked_use"].comment == "did not ask"
    assert view.current_section == "needs"
    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "asked_use", "yes")
    view = world.db.run(fieldwork.load_audit, world.shopper_a, audit_id)
    assert view.answers["asked_use"].value == "yes"
    assert view.answers["asked_use"].comment == "did not ask", "comment=None keeps the comment"
    with world.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 1


def test_a_first_answer_saved_from_two_tabs_at_once_is_one_row(world: World) -> None:
    if world.db.url.startswith("sqlite"):
        pytest.skip("SQLite's BEGIN IMMEDIATE lets one writer in at a time: no race to lose")
    audit_id = _start(world)
    other_tab = {"done": False}

    @event.listens_for(world.db.engine, "before_cursor_execute")
    def other_tab_saves_first(conn, cursor, statement, *_args) -> None:
        # Between this tab finding no answer and inserting one, the other tab's insert lands.
        if statement.startswith("INSERT INTO answers") and not other_tab["done"]:
            other_tab["done"] = True
            with world.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as other:
                other.execute(
                    insert(Answer).values(
                        audit_id=audit_id,
                        item_id="asked_use",
                        value="no",
                        na=False,
                        comment="from the other tab",
                        answered_at=utcnow(),
                        updated_at=utcnow(),
                    )
                )

    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "asked_use", "yes")
    event.remove(world.db.engine, "before_cursor_execute", other_tab_saves_first)
    assert other_tab["done"]
    with world.db.session() as s:
        rows = s.scalars(select(Answer).where(Answer.audit_id == audit_id)).all()
    assert [(a.item_id, a.value, a.comment) for a in rows] == [
        ("asked_use", "yes", "from the other tab")
    ], "the later answer wins; the other tab's comment is kept (this tab sent none)"


def test_an_answer_saved_as_the_audit_is_released_is_refused_and_not_kept(world: World) -> None:
    if world.db.url.startswith("sqlite"):
        pytest.skip("SQLite's BEGIN IMMEDIATE lets one writer in at a time: no race to lose")
    audit_id = _start(world)
    released = {"done": False}

    @event.listens_for(world.db.engine, "before_cursor_execute")
    def manager_releases_meanwhile(conn, cursor, statement, *_args) -> None:
        # After this save read the status (draft), the manager's release commits.
        if statement.startswith("INSERT INTO answers") and not released["done"]:
            released["done"] = True
            with world.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as other:
                other.execute(update(Audit).where(Audit.id == audit_id).values(status="released"))

    with pytest.raises(InvalidTransition, match="its status is Released"):
        world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "asked_use", "yes")
    event.remove(world.db.engine, "before_cursor_execute", manager_releases_meanwhile)
    assert released["done"]
    with world.db.session() as s:
        assert s.scalars(select(Answer).where(Answer.audit_id == audit_id)).all() == []


def test_bad_answer_value_is_refused_with_the_item_named(world: World) -> None:
    audit_id = _start(world)
    with pytest.raises(ValueError, match="asked_use"):
        world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "asked_use", "maybe")
    with pytest.raises(ValueError, match="N/A"):
        world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "asked_use", None, na=True)


def test_submit_lists_missing_then_submits_once(world: World) -> None:
    audit_id = _start(world)
    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "polite", "no")
    result = world.db.run(fieldwork.submit, world.shopper_a, audit_id)
    assert not result.submitted
    reasons = {(m.item_id, m.reason) for m in result.missing}
    assert ("greeting_time", "answer required") in reasons
    assert ("polite", "comment required") in reasons
    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "polite", "yes")
    _answer_all(world, audit_id)
    first = world.db.run(fieldwork.submit, world.shopper_a, audit_id)
    second = world.db.run(fieldwork.submit, world.shopper_a, audit_id)
    assert first.submitted and not first.already
    assert second.submitted and second.already
    with world.db.session() as s:
        audit = s.get(Audit, audit_id)
        assert audit.status == "submitted"
        assert audit.score == pytest.approx(100.0)
        submits = s.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "audit.submit")
        )
        assert submits == 1


def test_submitted_audit_cannot_be_edited(world: World) -> None:
    audit_id = _start(world)
    _answer_all(world, audit_id)
    world.db.run(fieldwork.submit, world.shopper_a, audit_id)
    with pytest.raises(InvalidTransition) as refused:
        world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "asked_use", "no")
    assert str(refused.value) == f"Audit {audit_id} cannot be changed: its status is Submitted"
    assert explain(refused.value, "fi") == (
        f"Auditointia {audit_id} ei voi enää muuttaa: sen tila on ”Lähetetty”"
    )


def test_return_amend_resubmit_approve(world: World) -> None:
    audit_id = _start(world)
    _answer_all(world, audit_id)
    world.db.run(fieldwork.submit, world.shopper_a, audit_id)
    world.db.run(review.return_to_shopper, world.manager, audit_id, "Really asked?", "asked_use")
    view = world.db.run(fieldwork.load_audit, world.shopper_a, audit_id)
    assert view.status == "returned"
    assert view.questions[0].item_id == "asked_use"
    world.db.run(
        fieldwork.save_answer,
        world.shopper_a,
        audit_id,
        "asked_use",
        "no",
        comment="only when I asked",
    )
    world.db.run(fieldwork.reply_to_question, world.shopper_a, view.questions[0].id, "Corrected")
    assert world.db.run(fieldwork.submit, world.shopper_a, audit_id).submitted
    world.db.run(review.approve, world.manager, audit_id)
    with world.db.session() as s:
        audit = s.get(Audit, audit_id)
        assert audit.status == "approved"
        # greeting 100 % (weight 1), needs 2 of 3 points = 66.7 % (weight 3) → 75
        assert audit.score == pytest.approx(75.0)
        actions = [
            a
            for (a,) in s.execute(
                select(AuditLog.action)
                .where(AuditLog.entity == "audit", AuditLog.entity_id == audit_id)
                .order_by(AuditLog.id)
            )
        ]
    assert actions == [
        "audit.start",
        "audit.submit",
        "audit.returned",
        "answer.amend",
        "question.reply",
        "audit.submit",
        "audit.approved",
    ]


@pytest.mark.parametrize(
    ("first", "then"),
    [("approve", "approve"), ("approve", "reject"), ("reject", "approve")],
)
def test_decided_audits_cannot_be_decided_again(world: World, first: str, then: str) -> None:
    audit_id = _start(world)
    _answer_all(world, audit_id)
    world.db.run(fieldwork.submit, world.shopper_a, audit_id)
    actions = {
        "approve": lambda: world.db.run(review.approve, world.manager, audit_id),
        "reject": lambda: world.db.run(review.reject, world.manager, audit_id, "fake"),
    }
    actions[first]()
    with pytest.raises(InvalidTransition):
        actions[then]()


def test_draft_cannot_be_approved(world: World) -> None:
    audit_id = _start(world)
    with pytest.raises(InvalidTransition):
        world.db.run(review.approve, world.manager, audit_id)


def test_shopper_cannot_read_or_write_another_shoppers_audit(world: World) -> None:
    audit_id = _start(world)
    with pytest.raises(PermissionDenied):
        world.db.run(fieldwork.load_audit, world.shopper_b, audit_id)
    with pytest.raises(PermissionDenied):
        world.db.run(fieldwork.save_answer, world.shopper_b, audit_id, "asked_use", "yes")
    with pytest.raises(PermissionDenied):
        world.db.run(fieldwork.start_audit, world.shopper_b, world.visit_a)
    with pytest.raises(PermissionDenied):
        world.db.run(fieldwork.submit, world.shopper_b, audit_id)


def test_clients_and_shoppers_cannot_review(world: World) -> None:
    audit_id = _start(world)
    _answer_all(world, audit_id)
    world.db.run(fieldwork.submit, world.shopper_a, audit_id)
    for actor in (world.shopper_a, world.client_a):
        with pytest.raises(PermissionDenied):
            world.db.run(review.approve, actor, audit_id)
        with pytest.raises(PermissionDenied):
            world.db.run(review.review_queue, actor)


def test_check_in_records_distance_or_refusal(world: World) -> None:
    audit_id = _start(world)
    distance = world.db.run(fieldwork.check_in, world.shopper_a, audit_id, 60.171, 24.94, 10.0)
    assert distance == pytest.approx(111, abs=5)  # 0.001° of latitude
    assert world.db.run(fieldwork.check_in, world.shopper_a, audit_id) is None
    view = world.db.run(fieldwork.load_audit, world.shopper_a, audit_id)
    assert view.checkin_refused and view.checkin_at is not None


@pytest.mark.parametrize(
    ("lat", "accuracy", "far"),
    [
        (60.171, 10.0, False),  # 111 m: at the store
        (60.1735, 100.0, False),  # 389 m, but within the phone's 100 m of 300 m
        (60.1735, 10.0, True),
        (60.395, 15.0, True),  # 25 km
    ],
)
def test_the_shopper_is_told_of_a_far_check_in_exactly_when_the_reviewer_is(
    world: World, lat: float, accuracy: float, far: bool
) -> None:
    audit_id = _start(world)
    world.db.run(fieldwork.check_in, world.shopper_a, audit_id, lat, 24.94, accuracy)
    view = world.db.run(fieldwork.load_audit, world.shopper_a, audit_id)
    assert view.checkin_far is far
    signals = world.db.run(trust.trust_signals, world.manager, audit_id)
    assert ("far_checkin" in [s.code for s in signals]) is far


def test_staff_names_are_only_collected_when_the_client_allows(world: World) -> None:
    from audits.models import Client

    audit_id = _start(world)
    with pytest.raises(ValueError, match="staff names are not collected"):
        world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "seller_name", "Matti")
    assert not world.db.run(fieldwork.load_audit, world.shopper_a, audit_id).staff_names
    with world.db.session() as s:
        s.scalar(select(Client).where(Client.name == "Brand A")).staff_names_enabled = True
    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "seller_name", "Matti")
    view = world.db.run(fieldwork.load_audit, world.shopper_a, audit_id)
    assert view.staff_names and view.answers["seller_name"].value == "Matti"


def test_a_returned_audit_needs_a_reply_to_every_question_before_resubmit(world: World) -> None:
    audit_id = _submitted_and_returned(world)
    result = world.db.run(fieldwork.submit, world.shopper_a, audit_id)
    assert not result.submitted
    assert [(g.item_id, g.reason) for g in result.missing] == [("", "reply required")]
    question = world.db.run(fieldwork.load_audit, world.shopper_a, audit_id).questions[0]
    world.db.run(fieldwork.reply_to_question, world.shopper_a, question.id, "Yes, twice")
    assert world.db.run(fieldwork.submit, world.shopper_a, audit_id).submitted


def test_first_answers_and_second_replies_on_a_returned_audit_are_logged(world: World) -> None:
    audit_id = _submitted_and_returned(world)
    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "notes", "forgot this")
    question = world.db.run(fieldwork.load_audit, world.shopper_a, audit_id).questions[0]
    world.db.run(fieldwork.reply_to_question, world.shopper_a, question.id, "first")
    world.db.run(fieldwork.reply_to_question, world.shopper_a, question.id, "second")
    with world.db.session() as s:
        amend = s.scalar(select(AuditLog).where(AuditLog.action == "answer.amend"))
        assert amend.detail["item"] == "notes" and amend.detail["old"] is None
        assert amend.detail["new"]["value"] == "forgot this"
        replies = s.scalars(
            select(AuditLog).where(AuditLog.action == "question.reply").order_by(AuditLog.id)
        ).all()
        assert [(r.detail["previous"], r.detail["reply"]) for r in replies] == [
            (None, "first"),
            ("first", "second"),
        ]


@pytest.mark.parametrize(
    ("started", "stopped", "said"),
    [
        ("2026-11-23T10:00:00Z", "2026-11-23T10:01:00", "stopped_at '2026-11-23T10:01:00'"),
        ("9999-12-31T23:59:00Z", "9999-12-31T23:59:30Z", "started_at '9999-12-31T23:59:00Z'"),
        ("None", "2026-11-23T10:01:00Z", "started_at 'None'"),
        ("1763892000000", "2026-11-23T10:01:00Z", "started_at '1763892000000'"),
    ],
)
def test_a_timer_stamp_that_is_not_a_time_is_named(started, stopped, said) -> None:
    with pytest.raises(ValueError) as refused:
        fieldwork.timed_greeting(1800, started, stopped, True)
    assert str(refused.value) == f"the timer's {said} is not a time stamp with its time zone"


def test_the_timer_gives_seconds_and_both_stamps() -> None:
    value = fieldwork.timed_greeting(1800, "2026-11-23T10:00:00Z", "2026-11-23T10:00:42Z", False)
    assert value == {
        "seconds": 42,
        "nobody_came": False,
        "started_at": "2026-11-23T10:00:00+00:00",
        "stopped_at": "2026-11-23T10:00:42+00:00",
    }


def test_check_in_keeps_only_a_usable_accuracy_and_names_a_bad_location(world: World) -> None:
    audit_id = _start(world)
    for accuracy in (-5.0, float("inf"), "10"):
        world.db.run(fieldwork.check_in, world.shopper_a, audit_id, 60.171, 24.94, accuracy)
        with world.db.session() as s:
            assert s.get(Audit, audit_id).checkin_accuracy_m is None
    for lat, lon in (("north", 24.94), (float("nan"), 24.94), (91, 0)):
        with pytest.raises(ValueError, match="is not a valid coordinate"):
            world.db.run(fieldwork.check_in, world.shopper_a, audit_id, lat, lon, 5.0)


def test_a_comment_has_a_length_limit(world: World) -> None:
    audit_id = _start(world)
    with pytest.raises(ValueError, match="a comment can be at most 2000 characters"):
        world.db.run(
            fieldwork.save_answer, world.shopper_a, audit_id, "polite", "no", comment="x" * 2001
        )
    world.db.run(
        fieldwork.save_answer, world.shopper_a, audit_id, "polite", "no", comment="x" * 2000
    )


def test_services_run_at_the_moment_clock_at_gives_and_at_now_after(world: World) -> None:
    """The demo tells its past through the services: inside `clock_at` every stamp they write,
    and every log row and default flushed there, reads that moment."""
    then = dt.datetime(2026, 3, 2, 9, 30)
    with world.db.session() as s, clock_at(then):
        audit_id = fieldwork.start_audit(s, world.shopper_a, world.visit_a)
        fieldwork.mark_briefing_read(s, world.shopper_a, audit_id)
        fieldwork.check_in(s, world.shopper_a, audit_id, 60.17, 24.94)
        s.flush()
    before = utcnow()
    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "polite", "yes")
    with world.db.session() as s:
        audit = s.get(Audit, audit_id)
        assert audit.started_at == audit.briefing_read_at == audit.checkin_at == then
        mine = (AuditLog.entity == "audit", AuditLog.entity_id == audit_id)
        assert s.scalars(select(AuditLog.at).where(*mine)).all() == [then, then, then]
        assert s.scalar(select(Answer.answered_at)) >= before > then
