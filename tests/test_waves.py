"""Waves, the assignment rules, bulk assignment, the wave board, and hand assignments that
respect the tours holding a visit."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from dataclasses import asdict, dataclass
from decimal import Decimal

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from audits import accounts, expenses, fieldwork, rankings, reports, review, tours, waves
from audits.auth import Actor, PermissionDenied, create_user
from audits.db import Database
from audits.geo import TravelModel
from audits.i18n import Refusal, explain, t
from audits.models import (
    Audit,
    AuditLog,
    ChecklistVersion,
    Client,
    Store,
    Tour,
    User,
    Visit,
    Wave,
)
from audits.reservations import Reservation, planned_visit_ids
from audits.routing import Timing
from audits.tour_export import tour_ics, tour_map, tour_xlsx
from audits.waves import AssignmentRefused, AssignmentRules
from tests.conftest import World
from tests.test_tours import MONDAY, _plan, _proposal, _spec

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
        ({"rules": AssignmentRules(max_visits_per_day=0)}, "At least one visit a day"),
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
    assert rule.message == "Ann already has 2 visits on 10.9.2026 (at most 2 a day)"
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
    assert breaks[0].message == (
        "Ann already visits Store 1 on 1.6.2026 – only 30 days before this visit "
        "(at least 90 days apart)"
    )
    ok = setup.db.run(waves.check_assignment, setup.manager, visit, setup.ann, D(2026, 9, 1))
    assert ok == []


@pytest.mark.parametrize(
    ("planned", "fi", "en"),
    [
        (
            D(2026, 6, 2),
            "Ann käy jo myymälässä Store 1 1.6.2026 – vain päivää ennen tätä käyntiä "
            "(vähintään 90 päivän väli)",
            "Ann already visits Store 1 on 1.6.2026 – only a day before this visit "
            "(at least 90 days apart)",
        ),
        (
            D(2026, 5, 30),
            "Ann käy jo myymälässä Store 1 1.6.2026 – vain 2 päivää tämän käynnin jälkeen "
            "(vähintään 90 päivän väli)",
            "Ann already visits Store 1 on 1.6.2026 – only 2 days after this visit "
            "(at least 90 days apart)",
        ),
        (
            D(2026, 6, 1),
            "Ann käy jo myymälässä Store 1 1.6.2026 – samana päivänä kuin tämä käynti "
            "(vähintään 90 päivän väli)",
            "Ann already visits Store 1 on 1.6.2026 – on the same day as this visit "
            "(at least 90 days apart)",
        ),
    ],
)
def test_a_visit_too_close_says_the_date_is_the_other_visits(
    setup: Setup, planned: dt.date, fi: str, en: str
) -> None:
    rules = AssignmentRules(no_repeat_in_consecutive_waves=False, min_days_between_same_store=90)
    spring = new_wave(setup, "Spring", D(2026, 3, 1), D(2026, 6, 30), rules=rules)
    summer = new_wave(setup, "Summer", D(2026, 5, 1), D(2026, 9, 30), rules=rules)
    setup.db.run(waves.assign, setup.manager, visits_of(setup, spring)[0], setup.ann, D(2026, 6, 1))
    visit = visits_of(setup, summer)[0]
    [rule] = setup.db.run(waves.check_assignment, setup.manager, visit, setup.ann, planned)
    assert (rule.said.text("fi"), rule.said.text("en")) == (fi, en)


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


def test_bulk_assign_says_a_refusal_of_the_core_in_the_managers_language(setup: Setup) -> None:
    wave_id = new_wave(setup, "W", D(2026, 9, 1), D(2026, 12, 1))
    visit = visits_of(setup, wave_id)[0]
    setup.db.run(waves.assign, setup.manager, visit, setup.ann, None)
    with setup.db.session() as s:
        ann = Actor.of(s.get(User, setup.ann))
    setup.db.run(fieldwork.start_audit, ann, visit)
    result = setup.db.run(waves.bulk_assign, setup.manager, [visit], setup.bob, None)
    [refusal] = result.refused[visit]
    assert refusal.said.text("fi") == t("e_visit_reassign", "fi", visit=visit)
    assert (
        refusal.said.text("en")
        == f"Visit {visit} already has an audit by its shopper; it cannot be reassigned"
    )


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


def test_visits_waiting_on_a_deactivated_shopper_are_flagged_and_not_given_to_them(
    setup: Setup,
) -> None:
    wave_id = new_wave(setup, "W", D(2026, 9, 1), D(2026, 12, 1))
    v1, v2, v3, v4 = visits_of(setup, wave_id)
    for visit, day in ((v1, 2), (v2, 3), (v3, 4)):
        setup.db.run(waves.assign, setup.manager, visit, setup.ann, D(2026, 9, day))
    with setup.db.session() as s:
        for visit, status in ((v2, "draft"), (v3, "approved")):
            s.add(
                Audit(
                    visit_id=visit,
                    shopper_id=setup.ann,
                    checklist_version_id=setup.version,
                    status=status,
                )
            )
        s.get(User, setup.ann).active = False
    board = setup.db.run(waves.wave_board, setup.manager, wave_id)
    assert [r.visit_id for r in board.rows if r.shopper_gone] == [v1, v2], "approved is done"
    assert board.stranded == 2
    assert setup.db.run(waves.wave_board, setup.manager, wave_id, status="approved").stranded == 0
    assert setup.ann not in {s.id for s in setup.db.run(waves.list_shoppers, setup.manager)}
    for visit in (v1, v4):
        with pytest.raises(AssignmentRefused) as refused:
            setup.db.run(
                waves.assign, setup.manager, visit, setup.ann, D(2026, 9, 9), override_reason="x"
            )
        assert [b.message for b in refused.value.breaks] == ["Ann is not an active shopper"]
    bulk = setup.db.run(
        waves.bulk_assign, setup.manager, [v4], setup.ann, D(2026, 9, 9), override_reason="x"
    )
    assert not bulk.assigned and [b.rule for b in bulk.refused[v4]] == ["shopper"]
    setup.db.run(waves.assign, setup.manager, v1, setup.bob, D(2026, 9, 2))
    board = setup.db.run(waves.wave_board, setup.manager, wave_id)
    assert [r.visit_id for r in board.rows if r.shopper_gone] == [v2]


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


# --- the briefing ----------------------------------------------------------------------------


def _read_briefing(world: World, shopper: Actor, visit: int, *, check_in: bool = False) -> int:
    """The shopper opens the visit's audit and confirms the briefing (and checks in)."""
    audit_id = world.db.run(fieldwork.start_audit, shopper, visit)
    world.db.run(fieldwork.mark_briefing_read, shopper, audit_id)
    if check_in:
        world.db.run(fieldwork.check_in, shopper, audit_id)
    return audit_id


def _read_at(world: World, audit_id: int) -> dt.datetime | None:
    with world.db.session() as s:
        return s.get(Audit, audit_id).briefing_read_at


def _briefing_log(world: World) -> list[dict]:
    with world.db.session() as s:
        query = select(AuditLog.detail).where(
            AuditLog.action == "wave.briefing", AuditLog.entity_id == world.wave_a
        )
        return list(s.scalars(query.order_by(AuditLog.id)))


def _briefing_of(world: World) -> dict[str, str]:
    [info] = [w for w in world.db.run(waves.list_waves, world.manager) if w.id == world.wave_a]
    return info.briefing


def test_a_new_waves_briefing_is_kept_per_language_without_empty_ones(setup: Setup) -> None:
    briefing = {"fi": "  Kysy koeajoa.\n", "en": "   "}
    new_wave(setup, "W", D(2026, 9, 1), D(2026, 12, 1), briefing=briefing)
    [info] = setup.db.run(waves.list_waves, setup.manager, "Brand A")
    assert info.briefing == {"fi": "Kysy koeajoa."}


def test_a_changed_briefing_is_read_again_by_shoppers_not_yet_in_the_store(world: World) -> None:
    world.db.run(waves.set_briefing, world.manager, world.wave_a, {"en": "Ask for a test drive."})
    waiting = _read_briefing(world, world.shopper_a, world.visit_a)
    in_store = _read_briefing(world, world.shopper_b, world.visit_b, check_in=True)
    assert world.db.run(waves.wave_board, world.manager, world.wave_a).briefings_read == 2

    new = {"fi": "Kysy koeajoa ja rahoitusta.", "en": "Ask for a test drive and financing."}
    saved = world.db.run(waves.set_briefing, world.manager, world.wave_a, new)

    assert saved == waves.BriefingSaved(changed=True, to_read_again=1)
    assert _read_at(world, waiting) is None, "asked to read the new text before the visit"
    assert _read_at(world, in_store) is not None, "already in the store: their reading stands"
    assert world.db.run(waves.wave_board, world.manager, world.wave_a).briefings_read == 1
    mine = world.db.run(fieldwork.my_visits, world.shopper_a)
    assert [v.briefing_pending for v in mine if v.visit_id == world.visit_a] == [True]
    assert world.db.run(fieldwork.load_audit, world.shopper_a, waiting).briefing == new
    assert _briefing_log(world)[-1] == {
        "old": {"en": "Ask for a test drive."},
        "new": new,
        "to_read_again": [waiting],
    }


def test_saving_the_same_briefing_changes_nothing_and_logs_nothing(world: World) -> None:
    world.db.run(waves.set_briefing, world.manager, world.wave_a, {"fi": "Sama."})
    audit_id = _read_briefing(world, world.shopper_a, world.visit_a)
    again = {"fi": " Sama. ", "en": ""}
    saved = world.db.run(waves.set_briefing, world.manager, world.wave_a, again)
    assert saved == waves.BriefingSaved(changed=False, to_read_again=0)
    assert _read_at(world, audit_id) is not None
    assert len(_briefing_log(world)) == 1


def test_an_emptied_briefing_leaves_shoppers_nothing_to_read(world: World) -> None:
    world.db.run(waves.set_briefing, world.manager, world.wave_a, {"fi": "Lue tämä."})
    pending = [v.briefing_pending for v in world.db.run(fieldwork.my_visits, world.shopper_a)]
    world.db.run(waves.set_briefing, world.manager, world.wave_a, {"fi": "", "en": ""})
    after = [v.briefing_pending for v in world.db.run(fieldwork.my_visits, world.shopper_a)]
    assert (pending, after) == ([True, False], [False, False])
    assert _briefing_of(world) == {}


@pytest.mark.parametrize(
    ("briefing", "message"),
    [
        ({"en": "x" * 4001}, "The briefing in English is 4001 characters; at most 4000"),
        ({"sv": "Fråga om provkörning."}, "The briefing's language sv is not one of the app's"),
    ],
)
def test_a_bad_briefing_is_refused_and_the_old_one_kept(world: World, briefing, message) -> None:
    world.db.run(waves.set_briefing, world.manager, world.wave_a, {"fi": "Vanha."})
    with pytest.raises(Refusal, match=re.escape(message)):
        world.db.run(waves.set_briefing, world.manager, world.wave_a, briefing)
    assert _briefing_of(world) == {"fi": "Vanha."}


def test_a_new_wave_with_a_bad_briefing_is_not_made(setup: Setup) -> None:
    with pytest.raises(Refusal) as refused:
        new_wave(setup, "W", D(2026, 9, 1), D(2026, 12, 1), briefing={"fi": "x" * 5000})
    assert explain(refused.value, "fi") == (
        "Ohjeistus suomeksi on 5000 merkkiä; puhelimella luettavaksi enintään 4000"
    )
    assert setup.db.run(waves.list_waves, setup.manager, "Brand A") == []


def test_only_the_waves_managers_write_its_briefing(world: World) -> None:
    with world.db.session() as s:
        scoped_b = Actor.of(create_user(s, "mgr_b", "password-123", "manager", client="Brand B"))
    for actor in (scoped_b, world.shopper_a, world.client_a):
        with pytest.raises(PermissionDenied):
            world.db.run(waves.set_briefing, actor, world.wave_a, {"fi": "Ei sinun."})
    assert _briefing_of(world) == {}


# --- visits that tours hold ------------------------------------------------------------------
# (the conftest world: visit A1 "A One" and A2 "A Two" of wave W1, planned for shop_a)


def _planned_days(plan: tours.TourPlan) -> dict[str, D]:
    return {v.store.code: d.date for d in plan.days for v in d.visits}


def _approved(world: World) -> tuple[int, tours.TourPlan]:
    tour_id, plan = _proposal(world)
    world.db.run(tours.approve_tour, world.client_a, tour_id)
    return tour_id, plan


def _now(world: World, visit_id: int) -> tuple[int | None, D | None, int | None]:
    with world.db.session() as s:
        visit = s.get(Visit, visit_id)
        return visit.shopper_id, visit.planned_date, visit.tour_id


def _logged(world: World, action: str, visit_id: int) -> list[dict]:
    with world.db.session() as s:
        query = select(AuditLog.detail).where(
            AuditLog.action == action, AuditLog.entity_id == visit_id
        )
        return list(s.scalars(query.order_by(AuditLog.id)))


@pytest.mark.usefixtures("tours_today")
def test_a_visit_in_a_tour_proposal_is_not_given_to_anyone_by_hand(world: World) -> None:
    tour_id, plan = _proposal(world)
    before = _now(world, world.visit_a)
    said = (
        f"A One is in tour proposal {tour_id} (shop_a) waiting for the client's decision: "
        "withdraw the proposal first (Routes, Saved tours) to assign the visit by hand"
    )
    # to another shopper, or exactly as the proposal would, even with a reason: refused
    for shopper_id, day in (
        (world.shopper_b.id, D(2026, 11, 26)),
        (world.shopper_a.id, _planned_days(plan)["A1"]),
    ):
        with pytest.raises(AssignmentRefused) as refused:
            world.db.run(
                waves.assign,
                world.manager,
                world.visit_a,
                shopper_id,
                day,
                override_reason="the client is in a hurry",
            )
        assert [b.message for b in refused.value.breaks] == [said]
    assert refused.value.breaks[0].said.text("fi") == (
        f"A One on matkaehdotuksessa {tour_id} (shop_a), joka odottaa asiakkaan päätöstä: "
        "käynnin voi antaa käsin vasta, kun ehdotus on peruttu (Reitit, Tallennetut matkat)"
    )
    checked = world.db.run(
        waves.check_assignment, world.manager, world.visit_a, world.shopper_b.id, None
    )
    assert [b.rule for b in checked] == ["proposal"], "told before the click"
    assert (
        _now(world, world.visit_a) == before and _logged(world, "visit.assign", world.visit_a) == []
    )
    # taking it from its shopper gives it to no one: fine, the approval assigns it
    assert world.db.run(waves.unassign, world.manager, world.visit_a) == []
    world.db.run(tours.approve_tour, world.client_a, tour_id)
    assert _now(world, world.visit_a) == (world.shopper_a.id, _planned_days(plan)["A1"], tour_id)


@pytest.mark.usefixtures("tours_today")
def test_a_withdrawn_proposals_visit_is_assigned_by_hand_again(world: World) -> None:
    tour_id, _ = _proposal(world)
    world.db.run(tours.withdraw_tour, world.manager, tour_id)
    day = D(2026, 11, 26)
    assert world.db.run(waves.assign, world.manager, world.visit_a, world.shopper_b.id, day) == []
    assert _now(world, world.visit_a) == (world.shopper_b.id, day, None)


@pytest.mark.usefixtures("tours_today")
def test_a_visit_an_approved_tour_assigned_leaves_it_only_with_a_reason(world: World) -> None:
    tour_id, plan = _approved(world)
    planned = _planned_days(plan)
    # what the tour assigned, given again: nothing overridden, still the tour's
    assert (
        world.db.run(waves.assign, world.manager, world.visit_a, world.shopper_a.id, planned["A1"])
        == []
    )
    assert _now(world, world.visit_a) == (world.shopper_a.id, planned["A1"], tour_id)
    later = planned["A1"] + dt.timedelta(days=3)
    for shopper_id in (world.shopper_b.id, world.shopper_a.id):  # another shopper, another day
        with pytest.raises(AssignmentRefused) as refused:
            world.db.run(waves.assign, world.manager, world.visit_a, shopper_id, later)
        assert [b.message for b in refused.value.breaks] == [
            f"A One is in approved tour {tour_id} (shop_a): give a reason to take the visit out "
            "of the tour"
        ]
    assert refused.value.breaks[0].said.text("fi") == (
        f"A One kuuluu hyväksyttyyn matkaan {tour_id} (shop_a): anna syy, niin käynti otetaan "
        "pois matkalta"
    )
    overridden = world.db.run(
        waves.assign,
        world.manager,
        world.visit_a,
        world.shopper_b.id,
        later,
        override_reason="shop_a is ill",
    )
    assert [b.rule for b in overridden] == ["approved_tour"]
    assert _now(world, world.visit_a) == (world.shopper_b.id, later, None)
    with world.db.session() as s:
        tour = s.get(Tour, tour_id)
        assert tour.status == "approved" and planned_visit_ids(tour) == [world.visit_b]
        assert tour.plan["left"] == [
            {
                "visit_id": world.visit_a,
                "store": "A1",
                "date": planned["A1"].isoformat(),
                "at": "2026-11-23T10:00:00",
            }
        ]
    logged = _logged(world, "visit.assign", world.visit_a)[-1]
    assert (logged["left_tour"], logged["reason"]) == (tour_id, "shop_a is ill")
    assert [r["rule"] for r in logged["overridden"]] == ["approved_tour"]
    # the shopper's tour page and calendar no longer show it; other tours may take it
    [view] = world.db.run(tours.my_tours, world.shopper_a)
    assert [v.store.code for d in view.plan.days for v in d.visits] == ["A2"]
    assert view.summary.visits == 1
    calendar = tour_ics(view.plan, "en").decode()
    assert "A Two" in calendar and "A One" not in calendar
    candidates = world.db.run(tours.tour_candidates, world.manager, world.wave_a)
    assert {c.code: c.reserved_by for c in candidates} == {
        "A1": None,
        "A2": Reservation(tour_id, "shop_a", "approved"),
    }


def _three_visit_tour(world: World) -> tuple[int, int, tours.TourPlan]:
    """An approved tour of one day from Helsinki: A One, a detour by Lahti, A Two in Tampere
    (in that order); the tour's and the Lahti visit's ids, and the plan."""
    with world.db.session() as s:
        wave = s.get(Wave, world.wave_a)
        lahti = Store(
            client_id=wave.client_id, code="A3", name="A Three", city="Lahti",
            lat=60.98, lon=25.66, opening_hours="Mo-Fr 09:00-18:00",
        )  # fmt: skip
        s.add(lahti)
        s.flush()
        visit = Visit(wave_id=wave.id, store_id=lahti.id)
        s.add(visit)
        s.flush()
        lahti_visit = visit.id
    spec = _spec(world, visit_ids=(world.visit_a, world.visit_b, lahti_visit), daylight="off")
    prepared = world.db.run(tours.prepare_tour, world.manager, spec)
    request = prepared.request
    index = {store.code: i for i, store in enumerate(request.stores)}
    days = Timing(request).build([(MONDAY, [index["A1"], index["A3"], index["A2"]])])
    plan = tours.TourPlan(request, days or [], [])
    tour_id = world.db.run(
        tours.save_proposal, world.manager, world.wave_a, world.shopper_a.id, plan
    )
    world.db.run(tours.approve_tour, world.client_a, tour_id)
    return tour_id, lahti_visit, plan


@pytest.mark.usefixtures("tours_today")
def test_the_visits_after_one_that_leaves_a_tour_come_earlier_on_the_shoppers_calendar(
    world: World,
) -> None:
    tour_id, lahti_visit, plan = _three_visit_tour(world)
    helsinki, lahti, tampere = plan.days[0].visits
    with world.db.session() as s:
        approved = s.get(Tour, tour_id)
        km, cost = approved.km, approved.cost_eur
    world.db.run(waves.unassign, world.manager, lahti_visit, override_reason="Lahti is shut")
    [view] = world.db.run(tours.my_tours, world.shopper_a)
    day = view.plan.days[0]
    assert [v.store.code for v in day.visits] == ["A1", "A2"]
    first, moved = day.visits
    assert (first.arrive, first.start, first.end) == (helsinki.arrive, helsinki.start, helsinki.end)
    drive = TravelModel().matrices([helsinki.store.place.point, tampere.store.place.point])[1]
    assert moved.drive_minutes == pytest.approx(float(drive[0, 1]))
    assert moved.arrive == moved.start == helsinki.end + dt.timedelta(minutes=moved.drive_minutes)
    saved = tampere.start - moved.start
    detour = lahti.drive_minutes + tampere.drive_minutes - moved.drive_minutes
    minutes = (lahti.end - lahti.arrive).total_seconds() / 60 + detour
    assert saved.total_seconds() / 60 == pytest.approx(minutes) and minutes > 45
    assert day.end_arrive == plan.days[0].end_arrive - saved
    with world.db.session() as s:
        tour = s.get(Tour, tour_id)
        assert tour.plan["left"] == [
            {
                "visit_id": lahti_visit,
                "store": "A3",
                "date": "2026-11-23",
                "at": "2026-11-23T10:00:00",
            }
        ]
        assert (tour.km, tour.cost_eur) == (km, cost), "the approved km and cost stay"
    logged = _logged(world, "visit.unassign", lahti_visit)[-1]
    assert (logged["left_tour"], logged["reason"]) == (tour_id, "Lahti is shut")
    # the map, the calendar and the workbook show the new times
    html = tour_map(view.plan, "en").get_root().render()
    assert f"{moved.start:%H:%M}" in html and f"{tampere.start:%H:%M}" not in html
    calendar = Calendar.from_ical(tour_ics(view.plan, "en"))
    starts = {e["summary"]: e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    moved_start = starts["Visit: A Two"].replace(tzinfo=None)
    assert moved_start == moved.start.replace(second=0, microsecond=0) < tampere.start
    assert "Visit: A Three" not in starts
    book = io.BytesIO()
    tour_xlsx(view.plan, book, "en")
    rows = list(load_workbook(book)["Visits"].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[6]) for r in rows] == [
        ("A1", helsinki.arrive.time().replace(second=0, microsecond=0)),
        ("A2", moved.arrive.time().replace(second=0, microsecond=0)),
    ]


@pytest.mark.usefixtures("tours_today")
def test_unassigning_a_tours_visits_needs_a_reason_and_an_emptied_tour_is_gone(
    world: World,
) -> None:
    tour_id, _ = _approved(world)
    with pytest.raises(AssignmentRefused, match=f"approved tour {tour_id} .*give a reason"):
        world.db.run(waves.unassign, world.manager, world.visit_a)
    assert _now(world, world.visit_a)[2] == tour_id
    for visit_id in (world.visit_a, world.visit_b):
        overridden = world.db.run(
            waves.unassign, world.manager, visit_id, override_reason="the stores are closed"
        )
        assert [b.rule for b in overridden] == ["approved_tour"]
        assert _now(world, visit_id) == (None, None, None)
        logged = _logged(world, "visit.unassign", visit_id)[-1]
        assert (logged["left_tour"], logged["reason"]) == (tour_id, "the stores are closed")
    with world.db.session() as s:
        tour = s.get(Tour, tour_id)
        assert planned_visit_ids(tour) == []
        assert {left["store"] for left in tour.plan["left"]} == {"A1", "A2"}
    assert world.db.run(tours.my_tours, world.shopper_a) == [], "nothing left to drive"


@pytest.mark.usefixtures("tours_today")
def test_bulk_preview_names_the_tours_holding_visits_and_a_reason_frees_only_approved_ones(
    world: World,
) -> None:
    _, mine = _plan(world, visit_ids=(world.visit_a,))
    approved = world.db.run(
        tours.save_proposal, world.manager, world.wave_a, world.shopper_a.id, mine
    )
    world.db.run(tours.approve_tour, world.client_a, approved)
    _, theirs = _plan(world, visit_ids=(world.visit_b,), shopper_id=world.shopper_b.id)
    proposed = world.db.run(
        tours.save_proposal, world.manager, world.wave_a, world.shopper_b.id, theirs
    )
    ids, day = [world.visit_a, world.visit_b], D(2026, 11, 30)
    preview = world.db.run(waves.bulk_preview, world.manager, ids, world.shopper_b.id, day)
    assert preview.assigned == []
    assert {v: [b.message for b in breaks] for v, breaks in preview.refused.items()} == {
        world.visit_a: [
            f"A One is in approved tour {approved} (shop_a): give a reason to take the visit "
            "out of the tour"
        ],
        world.visit_b: [
            f"A Two is in tour proposal {proposed} (shop_b) waiting for the client's decision: "
            "withdraw the proposal first (Routes, Saved tours) to assign the visit by hand"
        ],
    }
    result = world.db.run(
        waves.bulk_assign, world.manager, ids, world.shopper_b.id, day, override_reason="ill"
    )
    assert result.assigned == [world.visit_a] and list(result.refused) == [world.visit_b]
    assert _now(world, world.visit_a) == (world.shopper_b.id, day, None)
    assert _now(world, world.visit_b) == (world.shopper_b.id, D(2026, 11, 24), None)


@pytest.mark.usefixtures("tours_today")
def test_a_hand_change_waits_for_an_approval_under_way_and_then_sees_it(world: World) -> None:
    tour_id, _ = _proposal(world)
    outcome: dict[str, object] = {}

    def unassign() -> None:  # fine while the tour is a proposal, not once it is approved
        try:
            outcome["done"] = world.db.run(waves.unassign, world.manager, world.visit_a)
        except ValueError as exc:
            outcome["refused"] = exc

    with world.db.session() as s:
        tours.approve_tour(s, world.client_a, tour_id)
        other = threading.Thread(target=unassign)
        other.start()
        other.join(0.5)
        assert other.is_alive(), "the hand change waits for the approval to commit"
    other.join(20)
    assert "done" not in outcome
    assert f"is in approved tour {tour_id}" in str(outcome["refused"])
    assert _now(world, world.visit_a)[::2] == (world.shopper_a.id, tour_id)


# --- a started audit: not unassigned, released --------------------------------------------

ANSWERS = {
    "greeting_time": {"seconds": 45, "nobody_came": False},
    "polite": "yes",
    "asked_use": "yes",
    "trade_in": "no",
}


def _started(world: World, shopper: Actor, visit_id: int, answers: dict) -> int:
    audit_id = world.db.run(fieldwork.start_audit, shopper, visit_id)
    for item_id, value in answers.items():
        world.db.run(fieldwork.save_answer, shopper, audit_id, item_id, value)
    return audit_id


def _admin(world: World) -> Actor:
    with world.db.session() as s:
        return Actor.of(create_user(s, "root", "password-123", "admin"))


def test_a_started_or_submitted_audit_is_not_unassigned_and_the_refusal_says_why(
    world: World,
) -> None:
    audit_id = _started(world, world.shopper_a, world.visit_a, {"polite": "yes"})
    with pytest.raises(Refusal) as started:
        world.db.run(waves.unassign, world.manager, world.visit_a, override_reason="x")
    said = explain(started.value, "en")
    assert said.startswith("A One: shop_a has started its audit (status: Draft)")
    assert "release the audit on the Board tab" in said
    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "asked_use", "yes")
    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "trade_in", "no")
    world.db.run(
        fieldwork.save_answer, world.shopper_a, audit_id, "greeting_time", ANSWERS["greeting_time"]
    )
    assert world.db.run(fieldwork.submit, world.shopper_a, audit_id).submitted
    with pytest.raises(Refusal, match="A One: the audit by shop_a has been submitted"):
        world.db.run(waves.unassign, world.manager, world.visit_a)
    assert _now(world, world.visit_a)[0] == world.shopper_a.id
    assert _logged(world, "visit.unassign", world.visit_a) == []


def test_bulk_unassign_takes_what_it_may_and_says_why_not_for_the_rest(world: World) -> None:
    _started(world, world.shopper_b, world.visit_b, {"polite": "yes"})
    ids = [world.visit_a, world.visit_b]
    preview = world.db.run(waves.unassign_preview, world.manager, ids)
    assert (preview.assigned, [b.rule for b in preview.refused[world.visit_b]]) == (
        [world.visit_a],
        ["audit"],
    )
    assert _now(world, world.visit_a)[0] == world.shopper_a.id, "the preview changes nothing"
    done = world.db.run(waves.bulk_unassign, world.manager, ids)
    assert done.assigned == [world.visit_a] and list(done.refused) == [world.visit_b]
    assert (
        done.refused[world.visit_b][0]
        .said.text("fi")
        .startswith("A Two: shop_b on aloittanut auditoinnin (tila ”Luonnos”)")
    )
    assert [_now(world, v)[0] for v in ids] == [None, world.shopper_b.id]


def test_a_deactivated_shoppers_started_audit_is_released_and_the_visit_starts_afresh(
    world: World,
) -> None:
    old = _started(world, world.shopper_a, world.visit_a, {"polite": "no"})
    admin = _admin(world)
    left = world.db.run(accounts.set_active, admin, world.shopper_a.id, False).left
    assert "A1 A One (W1)" in str(left[0])
    board = world.db.run(waves.wave_board, world.manager, world.wave_a)
    assert [(r.visit_id, r.status, r.shopper_gone) for r in board.rows][0] == (
        world.visit_a,
        "draft",
        True,
    )

    with pytest.raises(Refusal, match="Give the reason"):
        world.db.run(waves.release_audit, world.manager, world.visit_a, "  ")
    assert (
        world.db.run(waves.release_audit, world.manager, world.visit_a, "Shopper left the company")
        == []
    )

    with world.db.session() as s:
        kept = s.get(Audit, old)
        assert kept.status == "released" and [a.item_id for a in kept.answers] == ["polite"]
        assert s.get(Visit, world.visit_a).audit is None
    logged = _logged(world, "audit.release", old)[0]
    assert logged == {
        "visit_id": world.visit_a,
        "shopper_id": world.shopper_a.id,
        "shopper_active": False,
        "from": "draft",
        "reason": "Shopper left the company",
    }
    visit_log = _logged(world, "visit.release", world.visit_a)[0]
    assert (visit_log["released_audit"], visit_log["shopper_id"]) == (old, world.shopper_a.id)
    board = world.db.run(waves.wave_board, world.manager, world.wave_a)
    row = next(r for r in board.rows if r.visit_id == world.visit_a)
    assert (row.status, row.shopper, row.shopper_gone, board.stranded) == ("unassigned", "", 0, 0)
    with world.db.session() as s:
        assert "A1" not in str(accounts._work(s, world.shopper_a.id)), "nothing waits on them"
    # The visit is a tour candidate again, and the next shopper starts an empty audit.
    candidates = world.db.run(tours.tour_candidates, world.manager, world.wave_a)
    assert world.visit_a in {c.visit_id for c in candidates}
    world.db.run(waves.assign, world.manager, world.visit_a, world.shopper_b.id, D(2026, 11, 26))
    mine = world.db.run(fieldwork.my_visits, world.shopper_b)
    assert [(v.visit_id, v.status) for v in mine if v.visit_id == world.visit_a] == [
        (world.visit_a, "not_started")
    ]
    new = _started(world, world.shopper_b, world.visit_a, {})
    assert new != old
    assert world.db.run(fieldwork.load_audit, world.shopper_b, new).answers == {}
    assert world.db.run(fieldwork.start_audit, world.shopper_b, world.visit_a) == new
    # The released audit stays readable for the record, and no one can change it.
    record = world.db.run(fieldwork.load_audit, world.manager, old)
    assert (record.status, record.answers["polite"].value) == ("released", "no")
    with pytest.raises(fieldwork.InvalidTransition, match="status is Released"):
        world.db.run(fieldwork.save_answer, world.shopper_a, old, "polite", "yes")
    assert [q.audit_id for q in world.db.run(review.review_queue, world.manager, "released")] == [
        old
    ]


def test_a_rejected_audit_is_released_so_the_visit_is_done_again(world: World) -> None:
    old = _started(world, world.shopper_a, world.visit_a, ANSWERS)
    world.db.run(fieldwork.submit, world.shopper_a, old)
    world.db.run(review.reject, world.manager, old, "photos of another store")
    with pytest.raises(Refusal) as refused:
        world.db.run(waves.unassign, world.manager, world.visit_a)
    assert explain(refused.value, "en").startswith("A One: the audit by ")
    assert "was rejected. To have the visit done again, release the audit" in str(refused.value)
    world.db.run(waves.release_audit, world.manager, world.visit_a, "to be visited again")
    assert _logged(world, "audit.release", old)[0]["from"] == "rejected"
    with world.db.session() as s:
        assert s.get(Audit, old).status == "released"
    row = next(
        r
        for r in world.db.run(waves.wave_board, world.manager, world.wave_a).rows
        if r.visit_id == world.visit_a
    )
    assert (row.status, row.shopper) == ("unassigned", "")
    world.db.run(waves.assign, world.manager, world.visit_a, world.shopper_a.id, D(2026, 11, 26))
    again = _started(world, world.shopper_a, world.visit_a, {})
    assert again != old and world.db.run(fieldwork.load_audit, world.shopper_a, again).answers == {}


def test_only_the_new_audit_reaches_scores_reports_and_fees(world: World) -> None:
    old = _started(world, world.shopper_a, world.visit_a, ANSWERS | {"polite": "no"})
    world.db.run(waves.release_audit, world.manager, world.visit_a, "recognised in the store")
    world.db.run(waves.assign, world.manager, world.visit_a, world.shopper_b.id, D(2026, 11, 26))
    new = _started(world, world.shopper_b, world.visit_a, ANSWERS)
    assert world.db.run(fieldwork.submit, world.shopper_b, new).submitted
    world.db.run(review.approve, world.manager, new)
    with world.db.session() as s:
        assert s.get(Audit, old).score is None, "never scored"
    with world.db.session() as s:
        score = s.get(Audit, new).score
    ranking = world.db.run(rankings.store_ranking, world.client_a, world.wave_a)
    assert ranking[["code", "score", "audits"]].values.tolist() == [["A1", score, 1]]
    report = world.db.run(reports.wave_report, world.client_a, world.wave_a, details=True)
    assert set(report.answers["audit_id"]) == {new}
    fees = world.db.run(expenses.payable_fees, world.manager)
    assert [(f.shopper_id, f.store) for f in fees] == [(world.shopper_b.id, "A One")]
    assert world.db.run(waves.wave_board, world.manager, world.wave_a).counts["approved"] == 1


def test_a_released_scored_audit_is_one_row_of_the_released_list_and_nowhere_else(
    world: World,
) -> None:
    """A rejected audit keeps its score and submission when released: each list that joins
    audits to visits still shows each audit once, and the released one only as released."""
    old = _started(world, world.shopper_a, world.visit_a, ANSWERS | {"asked_use": "no"})
    assert world.db.run(fieldwork.submit, world.shopper_a, old).submitted
    world.db.run(review.reject, world.manager, old, "photos of another store")
    world.db.run(waves.release_audit, world.manager, world.visit_a, "to be visited again")
    world.db.run(waves.assign, world.manager, world.visit_a, world.shopper_b.id, D(2026, 11, 26))
    new = _started(world, world.shopper_b, world.visit_a, ANSWERS)
    assert world.db.run(fieldwork.submit, world.shopper_b, new).submitted

    def listed() -> dict[str, list[int]]:
        return {
            status: [
                row.audit_id for row in world.db.run(review.review_queue, world.manager, status)
            ]
            for status in ("submitted", "returned", "approved", "rejected", "released")
        }

    with world.db.session() as s:
        assert s.get(Audit, old).score is not None, "scored at submission, kept on release"
    assert listed() == {
        "submitted": [new],
        "returned": [],
        "approved": [],
        "rejected": [],
        "released": [old],
    }
    assert world.db.run(rankings.newest_wave_with_results, world.client_a) is None
    world.db.run(review.approve, world.manager, new)
    assert listed()["approved"] == [new] and listed()["released"] == [old]
    assert world.db.run(rankings.newest_wave_with_results, world.client_a) == world.wave_a
    with world.db.session() as s:
        score = s.get(Audit, new).score
    ranking = world.db.run(rankings.store_ranking, world.client_a, world.wave_a)
    assert ranking[["code", "score", "audits"]].values.tolist() == [["A1", score, 1]]
    fees = world.db.run(expenses.payable_fees, world.manager)
    assert [(f.shopper_id, f.store) for f in fees] == [(world.shopper_b.id, "A One")]


def test_an_active_shoppers_audit_is_released_only_by_staff_in_scope_and_only_once_started(
    world: World,
) -> None:
    with pytest.raises(Refusal, match="A One: no audit has been started"):
        world.db.run(waves.release_audit, world.manager, world.visit_a, "ill")
    audit_id = _started(world, world.shopper_a, world.visit_a, {"polite": "yes"})
    with world.db.session() as s:
        scoped_b = Actor.of(create_user(s, "mgr_b", "password-123", "manager", client="Brand B"))
    for outsider in (scoped_b, world.shopper_a, world.client_a):
        with pytest.raises(PermissionDenied):
            world.db.run(waves.release_audit, outsider, world.visit_a, "ill")
    world.db.run(waves.release_audit, world.manager, world.visit_a, "ill for weeks")
    assert _logged(world, "audit.release", audit_id)[0]["shopper_active"] is True
    mine = world.db.run(fieldwork.my_visits, world.shopper_a)
    assert world.visit_a not in {v.visit_id for v in mine}, "gone from their list"
    with pytest.raises(Refusal, match="no audit has been started"):
        world.db.run(waves.release_audit, world.manager, world.visit_a, "again")


@pytest.mark.usefixtures("tours_today")
def test_releasing_a_visit_of_an_approved_tour_takes_it_out_of_the_tour(world: World) -> None:
    tour_id, _ = _approved(world)
    _started(world, world.shopper_a, world.visit_a, {"polite": "yes"})
    overridden = world.db.run(waves.release_audit, world.manager, world.visit_a, "ill")
    assert [b.rule for b in overridden] == ["approved_tour"]
    assert _now(world, world.visit_a) == (None, None, None)
    assert _logged(world, "visit.release", world.visit_a)[0]["left_tour"] == tour_id
