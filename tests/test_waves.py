"""Waves, the assignment rules, bulk assignment and the wave board."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

import pytest
from sqlalchemy import select

from audits import waves
from audits.auth import Actor, PermissionDenied, create_user
from audits.db import Database
from audits.models import Audit, AuditLog, ChecklistVersion, Client, Store, Visit, Wave
from audits.waves import AssignmentRefused, AssignmentRules

D = dt.date


@dataclass
class Setup:
    db: Database
    manager: Actor
    scoped_b: Actor
    ann: int
    bob: int
    version: int
    draft_version: int
    stores: list[int]


@pytest.fixture
def setup(db: Database) -> Setup:
    with db.session() as s:
        a, b = Client(name="Brand A"), Client(name="Brand B")
        s.add_all([a, b])
        s.flush()
        stores = [
            Store(client_id=a.id, code=f"S{i}", name=f"Store {i}", city="Oulu", region=r)
            for i, r in enumerate(["North", "North", "South", "South"], start=1)
        ]
        s.add_all(stores)
        s.add(Store(client_id=b.id, code="B1", name="Other brand"))
        published = ChecklistVersion(
            checklist_id="mini", version=1, title="Mini", yaml_text="x", published=True
        )
        draft = ChecklistVersion(
            checklist_id="mini", version=2, title="Mini", yaml_text="y", published=False
        )
        s.add_all([published, draft])
        s.flush()
        pw = "password-123"
        return Setup(
            db=db,
            manager=Actor.of(create_user(s, "mgr", pw, "manager")),
            scoped_b=Actor.of(create_user(s, "mgr_b", pw, "manager", client="Brand B")),
            ann=create_user(s, "ann", pw, "shopper", display_name="Ann").id,
            bob=create_user(s, "bob", pw, "shopper", display_name="Bob").id,
            version=published.id,
            draft_version=draft.id,
            stores=[st.id for st in stores],
        )


def new_wave(w: Setup, name: str, start: D, end: D, **kw) -> int:
    return w.db.run(
        waves.create_wave, w.manager, "Brand A", name, start, end, w.version, "45,50", **kw
    )


def visits_of(w: Setup, wave_id: int) -> list[int]:
    board = w.db.run(waves.wave_board, w.manager, wave_id)
    return [r.visit_id for r in board.rows]


def test_create_wave_makes_a_visit_per_store_with_the_fee(setup: Setup) -> None:
    wave_id = new_wave(setup, "Spring", D(2026, 3, 1), D(2026, 5, 31))
    [info] = setup.db.run(waves.list_waves, setup.manager, "Brand A")
    assert (info.name, info.visits, info.fee_eur, info.checklist) == (
        "Spring",
        4,
        Decimal("45.50"),
        "mini v1",
    )
    with setup.db.session() as s:
        fees = s.scalars(select(Visit.fee_eur).where(Visit.wave_id == wave_id)).all()
    assert fees == [Decimal("45.50")] * 4


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": " "}, "needs a name"),
        ({"end": D(2026, 2, 1)}, "before it starts"),
        ({"version": "draft"}, "published checklist version"),
        ({"fee": "-5"}, "cannot be negative"),
        ({"fee": "lots"}, "not an amount"),
        ({"fee": "NaN"}, "not an amount"),
        ({"fee": "-inf"}, "not an amount"),
        ({"stores": "other brand"}, "not active stores of this client"),
        ({"rules": AssignmentRules(max_visits_per_day=0)}, "at least one visit a day"),
    ],
)
def test_bad_waves_are_refused_with_a_reason(setup: Setup, kwargs, message) -> None:
    with setup.db.session() as s:
        other = s.scalar(select(Store.id).where(Store.code == "B1"))
    version = setup.draft_version if kwargs.get("version") == "draft" else setup.version
    with pytest.raises(ValueError, match=message):
        setup.db.run(
            waves.create_wave,
            setup.manager,
            "Brand A",
            kwargs.get("name", "W"),
            D(2026, 3, 1),
            kwargs.get("end", D(2026, 4, 1)),
            version,
            kwargs.get("fee", "10"),
            store_ids=[other] if kwargs.get("stores") else None,
            rules=kwargs.get("rules"),
        )


def test_a_fee_of_minus_zero_is_zero(setup: Setup) -> None:
    wave_id = setup.db.run(
        waves.create_wave,
        setup.manager,
        "Brand A",
        "W",
        D(2026, 3, 1),
        D(2026, 4, 1),
        setup.version,
        "-0",
    )
    with setup.db.session() as s:
        assert str(s.get(Wave, wave_id).fee_eur) == "0.00"


def test_at_most_n_visits_per_shopper_per_day(setup: Setup) -> None:
    wave_id = new_wave(
        setup, "W", D(2026, 9, 1), D(2026, 12, 1), rules=AssignmentRules(max_visits_per_day=2)
    )
    v1, v2, v3, _ = visits_of(setup, wave_id)
    day = D(2026, 9, 10)
    for visit in (v1, v2):
        assert setup.db.run(waves.assign, setup.manager, visit, setup.ann, day) == []
    with pytest.raises(AssignmentRefused) as refused:
        setup.db.run(waves.assign, setup.manager, v3, setup.ann, day)
    [rule] = refused.value.breaks
    assert rule.rule == "max_per_day"
    assert rule.message == "Ann already has 2 visits on 10.09.2026 (at most 2 a day)"
    # Bob is free that day, and Ann the next.
    setup.db.run(waves.assign, setup.manager, v3, setup.bob, day)
    setup.db.run(waves.assign, setup.manager, v3, setup.ann, day + dt.timedelta(days=1))


def test_same_store_not_in_consecutive_waves(setup: Setup) -> None:
    spring = new_wave(setup, "Spring", D(2026, 3, 1), D(2026, 5, 31))
    autumn = new_wave(setup, "Autumn", D(2026, 9, 1), D(2026, 12, 1))
    setup.db.run(waves.assign, setup.manager, visits_of(setup, spring)[0], setup.ann, None)
    first_autumn = visits_of(setup, autumn)[0]
    breaks = setup.db.run(waves.check_assignment, setup.manager, first_autumn, setup.ann, None)
    assert [b.rule for b in breaks] == ["consecutive_waves"]
    assert "Ann audits Store 1 in Spring too" in breaks[0].message
    assert setup.db.run(waves.check_assignment, setup.manager, first_autumn, setup.bob, None) == []


def test_min_days_between_visits_to_one_store(setup: Setup) -> None:
    rules = AssignmentRules(no_repeat_in_consecutive_waves=False, min_days_between_same_store=90)
    spring = new_wave(setup, "Spring", D(2026, 3, 1), D(2026, 6, 30), rules=rules)
    summer = new_wave(setup, "Summer", D(2026, 6, 1), D(2026, 9, 30), rules=rules)
    setup.db.run(waves.assign, setup.manager, visits_of(setup, spring)[0], setup.ann, D(2026, 6, 1))
    visit = visits_of(setup, summer)[0]
    breaks = setup.db.run(waves.check_assignment, setup.manager, visit, setup.ann, D(2026, 7, 1))
    assert [b.rule for b in breaks] == ["min_days"]
    assert "only 30 days apart (at least 90)" in breaks[0].message
    ok = setup.db.run(waves.check_assignment, setup.manager, visit, setup.ann, D(2026, 9, 1))
    assert ok == []


def test_override_needs_a_reason_and_is_logged(setup: Setup) -> None:
    wave_id = new_wave(setup, "W", D(2026, 9, 1), D(2026, 12, 1))
    visit = visits_of(setup, wave_id)[0]
    with pytest.raises(AssignmentRefused, match="outside the wave"):
        setup.db.run(waves.assign, setup.manager, visit, setup.ann, D(2027, 1, 5))
    broken = setup.db.run(
        waves.assign,
        setup.manager,
        visit,
        setup.ann,
        D(2027, 1, 5),
        override_reason="client agreed to a late visit",
    )
    assert [b.rule for b in broken] == ["period"]
    with setup.db.session() as s:
        log = s.scalars(select(AuditLog).where(AuditLog.action == "visit.assign")).one()
        assert log.detail["reason"] == "client agreed to a late visit"
        assert log.detail["overridden"][0]["rule"] == "period"
        assert log.actor_id == setup.manager.id


def test_bulk_assign_fills_days_and_explains_refusals(setup: Setup) -> None:
    spring = new_wave(setup, "Spring", D(2026, 3, 1), D(2026, 5, 31))
    autumn = new_wave(
        setup, "Autumn", D(2026, 9, 1), D(2026, 12, 1), rules=AssignmentRules(max_visits_per_day=2)
    )
    setup.db.run(waves.assign, setup.manager, visits_of(setup, spring)[2], setup.ann, None)
    ids = visits_of(setup, autumn)
    preview = setup.db.run(waves.bulk_preview, setup.manager, ids, setup.ann, D(2026, 9, 7))
    board = setup.db.run(waves.wave_board, setup.manager, autumn)
    assert {r.status for r in board.rows} == {"unassigned"}, "the preview assigns nothing"
    result = setup.db.run(waves.bulk_assign, setup.manager, ids, setup.ann, D(2026, 9, 7))
    assert (preview.assigned, preview.refused.keys()) == (result.assigned, result.refused.keys())
    assert result.assigned == [ids[0], ids[1], ids[3]]
    assert [b.rule for b in result.refused[ids[2]]] == ["consecutive_waves"]
    board = setup.db.run(waves.wave_board, setup.manager, autumn)
    dates = {r.visit_id: r.planned_date for r in board.rows}
    assert [dates[i] for i in result.assigned] == [D(2026, 9, 7), D(2026, 9, 7), D(2026, 9, 8)]
    assert dates[ids[2]] is None


def test_bulk_assign_with_a_reason_overrides_and_logs_it(setup: Setup) -> None:
    spring = new_wave(setup, "Spring", D(2026, 3, 1), D(2026, 5, 31))
    autumn = new_wave(setup, "Autumn", D(2026, 9, 1), D(2026, 12, 1))
    setup.db.run(waves.assign, setup.manager, visits_of(setup, spring)[2], setup.ann, None)
    ids = visits_of(setup, autumn)
    result = setup.db.run(
        waves.bulk_assign, setup.manager, ids, setup.ann, D(2026, 9, 7), override_reason="ok'd"
    )
    assert result.assigned == ids and result.refused == {}
    assert [b.rule for b in result.overridden[ids[2]]] == ["consecutive_waves"]
    with setup.db.session() as s:
        logged = s.scalars(select(AuditLog).where(AuditLog.entity_id == ids[2])).all()
        assert [(e.detail["reason"], e.detail["overridden"][0]["rule"]) for e in logged] == [
            ("ok'd", "consecutive_waves")
        ]


def test_bulk_assign_counts_visits_already_on_the_day(setup: Setup) -> None:
    wave_id = new_wave(
        setup, "W", D(2026, 11, 1), D(2026, 12, 31), rules=AssignmentRules(max_visits_per_day=2)
    )
    first, *rest = visits_of(setup, wave_id)
    day = D(2026, 11, 23)
    setup.db.run(waves.assign, setup.manager, first, setup.ann, day)
    result = setup.db.run(waves.bulk_assign, setup.manager, rest, setup.ann, day)
    assert result.assigned == rest and result.refused == {}
    board = setup.db.run(waves.wave_board, setup.manager, wave_id)
    dates = {r.visit_id: r.planned_date for r in board.rows}
    assert [dates[i] for i in rest] == [day, D(2026, 11, 24), D(2026, 11, 24)]


def test_bulk_assign_under_a_rule_of_no_visits_a_day_refuses_and_ends(setup: Setup) -> None:
    wave_id = new_wave(setup, "W", D(2026, 11, 1), D(2026, 12, 31))
    with setup.db.session() as s:  # stored before create_wave checked its rules
        s.get(Wave, wave_id).assignment_rules = asdict(AssignmentRules(max_visits_per_day=0))
    ids = visits_of(setup, wave_id)
    result = setup.db.run(waves.bulk_assign, setup.manager, ids, setup.ann, D(2026, 11, 23))
    assert result.assigned == [] and set(result.refused) == set(ids)
    assert {b.rule for breaks in result.refused.values() for b in breaks} == {"max_per_day"}


def test_board_statuses_filters_and_progress(setup: Setup) -> None:
    wave_id = new_wave(setup, "W", D(2026, 9, 1), D(2026, 12, 1))
    v1, v2, v3, _v4 = visits_of(setup, wave_id)
    for visit in (v1, v2, v3):
        setup.db.run(waves.assign, setup.manager, visit, setup.ann, D(2026, 9, 2 + visit % 5))
    with setup.db.session() as s:
        s.add(
            Audit(
                visit_id=v1,
                shopper_id=setup.ann,
                checklist_version_id=setup.version,
                status="approved",
                score=82.5,
            )
        )
        s.add(
            Audit(
                visit_id=v2,
                shopper_id=setup.ann,
                checklist_version_id=setup.version,
                status="submitted",
                score=60.0,
            )
        )
    board = setup.db.run(waves.wave_board, setup.manager, wave_id)
    assert {k: v for k, v in board.counts.items() if v} == {
        "approved": 1,
        "submitted": 1,
        "not_started": 1,
        "unassigned": 1,
    }
    assert board.share("approved") == 0.25
    approved = setup.db.run(waves.wave_board, setup.manager, wave_id, status="approved")
    assert [(r.visit_id, r.score, r.shopper) for r in approved.rows] == [(v1, 82.5, "Ann")]
    south = setup.db.run(waves.wave_board, setup.manager, wave_id, region="South")
    assert [r.store_code for r in south.rows] == ["S3", "S4"]
    found = setup.db.run(waves.wave_board, setup.manager, wave_id, text="store 2")
    assert [r.visit_id for r in found.rows] == [v2]
    assert approved.counts == board.counts  # progress is over the whole wave


def test_an_audited_visit_is_not_reassigned(setup: Setup) -> None:
    wave_id = new_wave(setup, "W", D(2026, 9, 1), D(2026, 12, 1))
    visit = visits_of(setup, wave_id)[0]
    setup.db.run(waves.assign, setup.manager, visit, setup.ann, D(2026, 9, 3))
    with setup.db.session() as s:
        s.add(Audit(visit_id=visit, shopper_id=setup.ann, checklist_version_id=setup.version))
    with pytest.raises(ValueError, match="cannot be reassigned"):
        setup.db.run(waves.assign, setup.manager, visit, setup.bob, D(2026, 9, 3))


def test_scoped_manager_sees_and_touches_only_their_client(setup: Setup) -> None:
    wave_id = new_wave(setup, "W", D(2026, 9, 1), D(2026, 12, 1))
    visit = visits_of(setup, wave_id)[0]
    assert setup.db.run(waves.list_waves, setup.scoped_b) == []
    for call in (
        lambda: setup.db.run(waves.wave_board, setup.scoped_b, wave_id),
        lambda: setup.db.run(waves.assign, setup.scoped_b, visit, setup.ann, None),
        lambda: setup.db.run(
            waves.create_wave,
            setup.scoped_b,
            "Brand A",
            "X",
            D(2026, 1, 1),
            D(2026, 2, 1),
            setup.version,
            "1",
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()
