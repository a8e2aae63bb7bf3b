"""The demo data tells a believable story: visits on days their store is open, answered in
order over their minutes in its opening hours, made through the services (so each audit's log
is what the app writes) and none after the demo's today; only the audits meant to look
suspicious do so to a reviewer."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
from geopy.distance import geodesic
from sqlalchemy import select
from sqlalchemy.orm import Session

from audits import fieldwork, review, waves
from audits.auth import Actor
from audits.bootstrap import prepare
from audits.catalog import checklist_of
from audits.config import load_settings
from audits.demo import AWAY_KM, BRAND, NOW, PAIR_KM, TODAY
from audits.models import LOCAL_TZ, Answer, Audit, AuditLog, Client, User, Visit, Wave
from audits.openinghours import parse_opening_hours, public_holiday
from audits.trust import signals_for

# The demo's deliberately suspicious audits (audits/demo.py says why), both waiting for review.
RUSHED = ("Syksy 2026", "AM-049")  # every answer within a minute of the check-in
FAR = ("Syksy 2026", "AM-036")  # checked in 2.6 km from the store


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """The demo as the app loads it on first start, read-only for these tests."""
    settings = load_settings({"AUDITS_DATA_DIR": str(tmp_path_factory.mktemp("demo"))})
    db = prepare(settings)
    with db.session() as session:
        yield session
    db.dispose()


def audits(session: Session) -> list[Audit]:
    return list(session.scalars(select(Audit).order_by(Audit.id)))


def name(audit: Audit) -> tuple[str, str]:
    return audit.visit.wave.name, audit.visit.store.code


def local(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)


def user(session: Session, username: str) -> User:
    return session.scalar(select(User).where(User.username == username))


def test_only_the_deliberately_suspicious_demo_audits_raise_a_warning(demo: Session) -> None:
    reviewed = [a for a in audits(demo) if a.status != "draft"]
    assert len(reviewed) > 80
    warned = {
        name(a): {s.code for s in signals_for(demo, a) if s.severity == "warning"} for a in reviewed
    }
    assert {n: codes for n, codes in warned.items() if codes} == {
        RUSHED: {"short_visit"},
        FAR: {"far_checkin"},
    }
    status = {name(a): a.status for a in reviewed}
    assert status[RUSHED] == status[FAR] == "submitted", "in the review queue, to be shown"


def test_demo_answers_come_in_checklist_order_between_checkin_and_submission(
    demo: Session,
) -> None:
    checked = 0
    for audit in audits(demo):
        if audit.checkin_at is None:  # opened ahead of its visit (see the drafts' test)
            continue
        order = [i.id for i in checklist_of(audit.checklist_version).items()]
        answers = sorted(audit.answers, key=lambda a: order.index(a.item_id))
        stamps = [a.answered_at for a in answers]
        assert stamps, name(audit)
        assert audit.started_at <= audit.briefing_read_at <= audit.checkin_at, name(audit)
        assert audit.checkin_at < stamps[0], name(audit)
        assert all(a < b for a, b in zip(stamps, stamps[1:], strict=False)), name(audit)
        assert all(a.updated_at == a.answered_at for a in answers), name(audit)
        if audit.status == "draft":
            assert audit.submitted_at is None and audit.updated_at == stamps[-1], name(audit)
            continue
        assert stamps[-1] < audit.submitted_at <= audit.updated_at, name(audit)
        assert audit.submitted_at - audit.checkin_at < dt.timedelta(hours=3), name(audit)
        if audit.status == "approved":
            assert audit.submitted_at < audit.decided_at == audit.updated_at, name(audit)
        if name(audit) != RUSHED:
            span = stamps[-1] - audit.checkin_at
            assert dt.timedelta(minutes=12) < span < dt.timedelta(hours=2), name(audit)
        checked += 1
    assert checked > 80


def test_demo_greeting_waits_pass_before_their_answer_and_agree_with_the_timer(
    demo: Session,
) -> None:
    timed = typed = 0
    for audit in audits(demo):
        for answer in audit.answers:
            value = answer.value
            if not isinstance(value, dict) or "seconds" not in value:
                continue
            waited = dt.timedelta(seconds=value["seconds"])
            if name(audit) != RUSHED:
                assert answer.answered_at - audit.checkin_at >= waited, name(audit)
            if "started_at" not in value:
                typed += 1
                continue
            timed += 1
            started = dt.datetime.fromisoformat(value["started_at"])
            stopped = dt.datetime.fromisoformat(value["stopped_at"])
            assert stopped - started == waited, name(audit)
            checkin = audit.checkin_at.replace(tzinfo=dt.UTC)
            answered = answer.answered_at.replace(tzinfo=dt.UTC)
            assert checkin < started and stopped <= answered < stopped + dt.timedelta(seconds=5)
    assert timed > 50 and typed > 3, "most shoppers use the timer, some type the wait in"


def test_demo_visits_keep_to_opening_hours_and_their_clock_answers(demo: Session) -> None:
    outside = []
    for audit in audits(demo):
        if audit.checkin_at is None:
            continue
        store = audit.visit.store
        came = local(audit.checkin_at)
        left = local(max(a.answered_at for a in audit.answers))
        assert came.date() == left.date() == audit.visit.planned_date, name(audit)
        windows = parse_opening_hours(store.opening_hours).minutes_on(came.date())
        minutes = (came.hour * 60 + came.minute, left.hour * 60 + left.minute)
        if not any(a <= minutes[0] and minutes[1] < b for a, b in windows):
            outside.append(name(audit))
        answers = {a.item_id: a for a in audit.answers}
        for item_id in ("arrival_time", "visit_start"):  # when the shopper came in
            if item_id in answers:
                assert answers[item_id].value == f"{came:%H:%M}", name(audit)
        if "visit_end_time" in answers:  # the time they left, written down as they went
            ended = local(answers["visit_end_time"].answered_at)
            assert answers["visit_end_time"].value == f"{ended:%H:%M}", name(audit)
        where = (audit.checkin_lat, audit.checkin_lon)
        measured = geodesic(where, (store.lat, store.lon)).meters
        assert audit.checkin_distance_m == pytest.approx(measured, abs=0.1), name(audit)
    assert outside == []


def test_every_demo_visit_is_planned_in_its_wave_on_a_day_its_store_is_open(demo: Session) -> None:
    visits = list(demo.scalars(select(Visit)))
    assert len(visits) > 100
    for visit in visits:
        wave, store, day = visit.wave, visit.store, visit.planned_date
        assert wave.starts_on <= day <= wave.ends_on, (wave.name, store.code)
        assert parse_opening_hours(store.opening_hours).minutes_on(day), (wave.name, store.code)


def test_every_demo_visit_before_today_has_been_made(demo: Session) -> None:
    """A day gone by left no visit to start or to finish: its audit was sent. Today's and
    later visits may still wait, and none of them has been sent."""
    visits = list(demo.scalars(select(Visit)))
    past = [v for v in visits if v.planned_date < TODAY]
    assert len(past) > 90
    unmade = [(v.wave.name, v.store.code) for v in past if v.audit is None]
    assert unmade == []
    assert [(v.wave.name, v.store.code) for v in past if v.audit.submitted_at is None] == []
    later = [v for v in visits if v.planned_date >= TODAY]
    assert len(later) > 5
    assert [v.store.code for v in later if v.audit and v.audit.submitted_at] == []


def working(day: dt.date) -> bool:
    return day.weekday() < 5 and public_holiday(day) is None


def test_demo_approvals_fall_on_the_next_working_day_in_office_hours(demo: Session) -> None:
    """The reviewer approves on the first working day after the audit was sent: never on a
    weekend or a public holiday (Finnish time)."""
    approved = [a for a in audits(demo) if a.status == "approved"]
    assert len(approved) > 80
    assert [name(a) for a in approved if not working(local(a.decided_at).date())] == []
    for audit in approved:
        decided, sent = local(audit.decided_at), local(audit.submitted_at).date()
        assert dt.time(8) <= decided.time() < dt.time(16), name(audit)
        assert decided.date() > sent, name(audit)
        between = [sent + dt.timedelta(days=d) for d in range(1, (decided.date() - sent).days)]
        assert not any(working(d) for d in between), name(audit)


def test_no_demo_shopper_is_in_two_stores_at_once(demo: Session) -> None:
    """A shopper's visits of one day follow one another (a moved visit may share a day)."""
    days: dict[tuple[int, dt.date], list[tuple[dt.datetime, dt.datetime]]] = {}
    for audit in audits(demo):
        if audit.checkin_at is not None:
            left = max(a.answered_at for a in audit.answers)
            days.setdefault((audit.shopper_id, audit.visit.planned_date), []).append(
                (audit.checkin_at, left)
            )
    for spans in days.values():
        spans.sort()
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False)), spans


def test_nothing_in_the_demo_happens_after_its_now(demo: Session) -> None:
    now = NOW.astimezone(dt.UTC).replace(tzinfo=None)
    assert (NOW.date(), NOW.hour) == (dt.date(2026, 11, 24), 12) and NOW.date() == TODAY
    moments = [
        moment
        for audit in audits(demo)
        for moment in (
            audit.started_at,
            audit.briefing_read_at,
            audit.checkin_at,
            audit.submitted_at,
            audit.decided_at,
            audit.updated_at,
            *(a.updated_at for a in audit.answers),
        )
        if moment is not None
    ]
    moments += demo.scalars(select(AuditLog.at).where(AuditLog.entity.in_(["audit", "visit"])))
    assert len(moments) > 1000 and max(moments) <= now


def test_demo_drafts_after_today_are_only_opened_and_those_under_way_checked_in(
    demo: Session,
) -> None:
    """A check-in in the future cannot be: a draft not checked in is each shopper's next
    visit, its briefing read ahead and nothing else; one under way checked in on its day,
    by today (Olivia's this morning, on her tour of the east)."""
    now = NOW.astimezone(dt.UTC).replace(tzinfo=None)
    drafts = [a for a in audits(demo) if a.status == "draft"]
    ahead = [a for a in drafts if a.checkin_at is None]
    under_way = [a for a in drafts if a.checkin_at is not None]
    assert [n[1] for n in map(name, under_way)] == ["AM-016"]
    brand = [v for v in demo.scalars(select(Visit)) if v.wave.client.name == BRAND]
    assert sorted(a.shopper_id for a in ahead) == sorted({v.shopper_id for v in brand})
    for opened in ahead:
        waiting = [
            v.planned_date
            for v in brand
            if v.shopper_id == opened.shopper_id and v.audit in (None, opened)
        ]
        assert opened.visit.planned_date == min(waiting), name(opened)
    for audit in ahead:
        assert audit.checkin_at is None and audit.answers == [], name(audit)
        assert audit.current_section is None and audit.checkin_lat is None, name(audit)
        assert audit.started_at < audit.briefing_read_at < now, name(audit)
        assert local(audit.briefing_read_at).date() < TODAY, name(audit)
    for audit in under_way:
        assert local(audit.checkin_at).date() == audit.visit.planned_date, name(audit)
        assert audit.answers and max(a.answered_at for a in audit.answers) <= now, name(audit)
    for audit in drafts:
        assert [s for s in signals_for(demo, audit) if s.severity == "warning"] == [], name(audit)


def assignments(session: Session) -> dict[int, list[AuditLog]]:
    """Visit id → its assignments in the audit log, oldest first."""
    found: dict[int, list[AuditLog]] = {}
    query = select(AuditLog).where(AuditLog.action == "visit.assign").order_by(AuditLog.id)
    for event in session.scalars(query):
        found.setdefault(event.entity_id, []).append(event)
    return found


def test_every_demo_visit_was_assigned_by_the_manager_as_its_wave_was_planned(
    demo: Session,
) -> None:
    """The manager gave each visit to its shopper on its day through the Waves page's service,
    on a working morning before the wave started, so its log shows who assigned it and when,
    before its audit was started. No job rule was broken, so none was overridden."""
    manager = user(demo, "manager")
    visits = list(demo.scalars(select(Visit)))
    logged = assignments(demo)
    assert len(visits) > 100 and set(logged) == {v.id for v in visits}
    for visit in visits:
        where = (visit.wave.client.name, visit.wave.name, visit.store.code)
        [event] = logged[visit.id]
        assert event.actor_id == manager.id, where
        assert event.detail["old"] == {"shopper_id": None, "date": None}, where
        new = {"shopper_id": visit.shopper_id, "date": visit.planned_date.isoformat()}
        assert event.detail["new"] == new, where
        planned = local(event.at)
        assert planned.date() < visit.wave.starts_on and working(planned.date()), where
        assert dt.time(9) <= planned.time() < dt.time(12), where
        if visit.audit is not None:
            assert event.at < visit.audit.started_at, where
        assert "overridden" not in event.detail and "reason" not in event.detail, where


def test_demo_assignment_is_what_the_waves_service_writes(demo: Session) -> None:
    """A demo visit not started, taken from its shopper and given back now through the
    service (and rolled back), is logged as the demo logged it."""
    manager = Actor.of(user(demo, "manager"))
    visit = next(
        v
        for v in demo.scalars(select(Visit).order_by(Visit.id))
        if v.audit is None and v.wave.client.name == BRAND and v.wave.name == "Syksy 2026"
    )
    shopper_id, day = visit.shopper_id, visit.planned_date
    demo_made = assignments(demo)[visit.id][0].detail
    try:
        waves.unassign(demo, manager, visit.id)
        assert waves.assign(demo, manager, visit.id, shopper_id, day) == [], "no rule broken"
        fresh = assignments(demo)[visit.id][-1].detail
        assert fresh["old"] == {"shopper_id": None, "date": None}
        assert fresh == demo_made
    finally:
        demo.rollback()


def test_demo_shoppers_take_turns_at_each_store_and_make_sensible_days(demo: Session) -> None:
    """No store has the same shopper two waves running (so no assignment needed a reason),
    every shopper works in both of the brand's waves, and a shopper's visits of one day are
    on one day's drive: a morning visit and an afternoon one near it."""
    visits = list(demo.scalars(select(Visit).join(Wave).where(Wave.client.has(name=BRAND))))
    shopper = {(v.wave.name, v.store.code): v.shopper.username for v in visits}
    codes = {code for _, code in shopper}
    assert len(codes) == 55
    assert [c for c in codes if shopper["Kevät 2026", c] == shopper["Syksy 2026", c]] == []
    for wave in ("Kevät 2026", "Syksy 2026"):
        assert {u for (w, _), u in shopper.items() if w == wave} == {
            "shopper1",
            "shopper2",
            "shopper3",
        }
    days: dict[tuple[int, dt.date], list[Visit]] = {}
    for visit in visits:
        days.setdefault((visit.shopper_id, visit.planned_date), []).append(visit)
    assert max(map(len, days.values())) == 2, "some days hold two visits, none more"
    for same_day in (d for d in days.values() if len(d) == 2):
        a, b = (v.store for v in same_day)
        km = geodesic((a.lat, a.lon), (b.lat, b.lon)).km
        assert km < PAIR_KM, (a.code, b.code)


def test_demo_shoppers_have_fair_loads_and_go_far_only_on_trips(demo: Session) -> None:
    """In each of the brand's waves no shopper has twice another's visits, a store in a
    shopper's home town or near it (60 km) is theirs in one of the two waves, and a store far
    from its shopper's home is on a trip of days in a row, never one long day's drive there
    and back. (Spring once gave Teemu 31 visits and Olivia 3, and autumn sent shoppers far
    for a single store.)"""
    visits = list(demo.scalars(select(Visit).join(Wave).where(Wave.client.has(name=BRAND))))
    shoppers = list(demo.scalars(select(User).where(User.role == "shopper")))

    def km(shopper: User, visit: Visit) -> float:
        return geodesic((shopper.home_lat, shopper.home_lon), (visit.store.lat, visit.store.lon)).km

    for wave in ("Kevät 2026", "Syksy 2026"):
        ours = [v for v in visits if v.wave.name == wave]
        loads = Counter(v.shopper.username for v in ours)
        assert len(loads) == 3 and max(loads.values()) <= 2 * min(loads.values()), (wave, loads)
        days = {(v.shopper_id, v.planned_date) for v in ours}
        for visit in ours:
            if km(visit.shopper, visit) > AWAY_KM:
                trip = {
                    (visit.shopper_id, visit.planned_date + dt.timedelta(days=d)) for d in (-1, 1)
                }
                assert trip & days, (wave, visit.store.code, visit.shopper.username)
    for code in {v.store.code for v in visits}:
        both = [v for v in visits if v.store.code == code]
        local = [u.username for u in shoppers if km(u, both[0]) < 60]
        assert set(local) <= {v.shopper.username for v in both}, code


def test_demo_accounts_clients_and_waves_were_set_up_before_they_were_needed(
    demo: Session,
) -> None:
    """Creation times are in the demo's own past, on working days in office hours: a client
    before its waves, a wave before its visits were assigned, the manager before assigning,
    a shopper before their first visit was given to them; each account's creation is logged
    at its moment."""
    now = NOW.astimezone(dt.UTC).replace(tzinfo=None)
    logged = assignments(demo)
    clients = list(demo.scalars(select(Client)))
    users = list(demo.scalars(select(User)))
    waves_ = list(demo.scalars(select(Wave)))
    assert len(clients) == 2 and len(users) == 8 and len(waves_) == 3
    for created in [c.created_at for c in [*clients, *users, *waves_]]:
        assert created < now and working(local(created).date()), created
        assert dt.time(8) <= local(created).time() < dt.time(16), created
    for wave in waves_:
        first_assigned = min(
            e.at
            for v in demo.scalars(select(Visit).where(Visit.wave_id == wave.id))
            for e in logged[v.id]
        )
        assert wave.client.created_at < wave.created_at < first_assigned, wave.name
    manager = user(demo, "manager")
    first = min(e.at for events in logged.values() for e in events)
    assert manager.created_at < first
    for shopper in (u for u in users if u.role == "shopper"):
        given = [
            e.at
            for v in demo.scalars(select(Visit).where(Visit.shopper_id == shopper.id))
            for e in logged[v.id]
        ]
        assert shopper.created_at < min(given), shopper.username
    for account in users:
        if account.client_id is not None:
            client = demo.get(Client, account.client_id)
            assert client.created_at <= account.created_at, account.username
        event = demo.scalar(
            select(AuditLog).where(
                AuditLog.action == "user.create", AuditLog.entity_id == account.id
            )
        )
        assert event.at == account.created_at, account.username


def _expected_log(audit: Audit, shopper: str, manager: str, assigned: AuditLog) -> list[tuple]:
    """What the services write for each step the audit went through, at its moment, after the
    visit's assignment (`test_every_demo_visit_was_assigned_by_the_manager_as_its_wave_was_planned`
    checks that)."""
    steps = [
        ("visit.assign", manager, assigned.at, assigned.detail),
        ("audit.start", shopper, audit.started_at, {"visit_id": audit.visit_id}),
        ("audit.briefing_read", shopper, audit.briefing_read_at, {}),
    ]
    if audit.checkin_at is not None:
        checkin = {"refused": False, "distance_m": audit.checkin_distance_m}
        steps.append(("audit.checkin", shopper, audit.checkin_at, checkin))
    if audit.submitted_at is not None:
        submitted = {"from": "draft", "score": audit.score}
        steps.append(("audit.submit", shopper, audit.submitted_at, submitted))
    if audit.status == "approved":
        approved = {"from": "submitted", "note": ""}
        steps.append(("audit.approved", manager, audit.decided_at, approved))
    return steps


def test_each_demo_audit_has_the_log_the_review_page_shows_at_its_own_moments(
    demo: Session,
) -> None:
    manager = user(demo, "manager")
    reviewer = Actor.of(manager)
    seen = set()
    for audit in audits(demo):
        log = review.audit_log(demo, reviewer, audit.id)
        shopper = audit.visit.shopper.display_name
        got = [(e.action, e.who, e.at, e.detail) for e in log]
        assigned = assignments(demo)[audit.visit_id][0]
        assert got == _expected_log(audit, shopper, manager.display_name, assigned), name(audit)
        decided = audit.status == "approved"
        assert audit.decided_by == (manager.id if decided else None), name(audit)
        seen.add((audit.status, audit.checkin_at is not None))
    assert seen == {("approved", True), ("submitted", True), ("draft", True), ("draft", False)}


def test_demo_logs_what_the_services_write_for_the_same_steps(demo: Session) -> None:
    """The same steps done now through the services on a demo visit not started yet (and
    rolled back): the same events with the same detail, as the demo's steps (after the
    demo's assignment of each visit)."""
    shopper = Actor.of(user(demo, "shopper2"))
    reviewer = Actor.of(user(demo, "manager"))
    visits = demo.scalars(select(Visit).where(Visit.shopper_id == shopper.id))
    visit = next(v for v in visits if v.audit is None)
    done = next(
        a
        for a in audits(demo)
        if (a.status, a.shopper_id, a.visit.wave_id) == ("approved", shopper.id, visit.wave_id)
    )
    try:
        audit_id = fieldwork.start_audit(demo, shopper, visit.id)
        fieldwork.mark_briefing_read(demo, shopper, audit_id)
        fieldwork.check_in(demo, shopper, audit_id, visit.store.lat, visit.store.lon, 15.0)
        for answer in done.answers:
            copied = {k: getattr(answer, k) for k in ("item_id", "value", "na", "comment")}
            demo.add(Answer(audit_id=audit_id, **copied))
        assert fieldwork.submit(demo, shopper, audit_id).submitted
        review.approve(demo, reviewer, audit_id)
        fresh = review.audit_log(demo, reviewer, audit_id)
        made = review.audit_log(demo, reviewer, done.id)
        shape = [(e.action, e.who, sorted(e.detail)) for e in fresh]
        assert [(e.action, e.who, sorted(e.detail)) for e in made] == shape
        assert [e.detail for e in made[4:]] == [
            {"from": "draft", "score": done.score},
            {"from": "submitted", "note": ""},
        ]
        assert fresh[1].detail == {"visit_id": visit.id} and fresh[2].detail == {}
    finally:
        demo.rollback()
