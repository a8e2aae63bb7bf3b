from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from audits import fieldwork, rankings, review, waves
from audits.auth import PermissionDenied
from audits.checklist import parse_checklist
from audits.models import Wave
from audits.rankings import sections_of
from tests.conftest import DATA, World
from tests.test_fieldwork import FULL


def _approved(world: World, shopper, visit_id: int, answers: dict) -> None:
    audit_id = world.db.run(fieldwork.start_audit, shopper, visit_id)
    for item_id, value in answers.items():
        world.db.run(fieldwork.save_answer, shopper, audit_id, item_id, value)
    world.db.run(fieldwork.submit, shopper, audit_id)
    world.db.run(review.approve, world.manager, audit_id)


def test_ranking_scope_and_order(world: World) -> None:
    _approved(world, world.shopper_a, world.visit_a, {**FULL, "asked_use": "no"})
    _approved(world, world.shopper_b, world.visit_b, FULL)
    table = world.db.run(rankings.store_ranking, world.client_a, world.wave_a)
    assert list(table["code"]) == ["A2", "A1"]
    assert list(table["rank"]) == [1, 2]
    assert list(table["score"]) == pytest.approx([100.0, 75.0])
    assert list(table["needs"]) == pytest.approx([100.0, 200 / 3])
    dealer = world.db.run(rankings.store_ranking, world.dealer_a, world.wave_a)
    assert list(dealer["code"]) == ["A1"]
    assert list(dealer["rank"]) == [2], "the dealer's store keeps its rank in the network"
    with pytest.raises(PermissionDenied):
        world.db.run(rankings.store_ranking, world.client_b, world.wave_a)
    assert [w.id for w in world.db.run(rankings.visible_waves, world.client_b)] == [world.wave_b]


def test_ties_share_a_rank_and_unapproved_audits_are_left_out(world: World) -> None:
    _approved(world, world.shopper_a, world.visit_a, FULL)
    _approved(world, world.shopper_b, world.visit_b, FULL)
    table = world.db.run(rankings.store_ranking, world.client_a, world.wave_a)
    assert list(table["rank"]) == [1, 1]
    audit_id = world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_other_brand)
    assert audit_id
    assert world.db.run(rankings.store_ranking, world.client_b, world.wave_b).empty


def test_clients_open_on_the_newest_wave_with_approved_audits_in_their_scope(
    world: World,
) -> None:
    newest = rankings.newest_wave_with_results
    assert world.db.run(newest, world.client_a) is None, "nothing approved yet"
    _approved(world, world.shopper_b, world.visit_b, FULL)  # A2, not the dealer's store
    assert world.db.run(newest, world.client_a) == world.wave_a
    assert world.db.run(newest, world.dealer_a) is None
    _approved(world, world.shopper_a, world.visit_a, FULL)
    with world.db.session() as s:
        version = s.get(Wave, world.wave_a).checklist_version_id
    later = world.db.run(
        waves.create_wave,
        world.manager,
        "Brand A",
        "W2",
        dt.date(2027, 3, 1),
        dt.date(2027, 5, 31),
        version,
        "0",
    )
    assert world.db.run(rankings.visible_waves, world.client_a)[0].id == later
    for actor in (world.client_a, world.dealer_a, world.manager):
        assert world.db.run(newest, actor) == world.wave_a
    assert world.db.run(newest, world.client_b) is None, "another brand's audits do not count"
    with pytest.raises(PermissionDenied):
        world.db.run(newest, world.shopper_a)


def test_section_columns_stay_apart_from_store_columns_and_each_other() -> None:
    text = (DATA / "mini_checklist.yaml").read_text(encoding="utf-8")
    text = text.replace("- id: greeting\n", "- id: score\n").replace(
        "- id: needs\n", "- id: score_section\n"
    )
    columns = [s.column for s in sections_of(parse_checklist(text, "m.yaml"), "en")]
    assert columns == ["score_section", "score_section_section"]
    swapped = text.replace("- id: score\n", "- id: first\n").replace(
        "- id: score_section\n", "- id: score\n"
    )
    swapped = swapped.replace("- id: first\n", "- id: score_section\n")
    columns = [s.column for s in sections_of(parse_checklist(swapped, "m.yaml"), "en")]
    assert columns == ["score_section", "score_section_"]


def test_scores_that_show_alike_share_a_rank_with_halves_rounded_up_as_excel_shows_them() -> None:
    scores = pd.Series([84.25, 84.3, 84.2, float("nan"), -0.25])
    assert [rankings.score_text(v) for v in scores] == ["84.3", "84.3", "84.2", "–", "-0.3"]
    assert rankings.ranks(scores).tolist() == [1, 1, 3, pd.NA, 4]
    assert rankings.score_text(0.05, sign=True) == "+0.1"
