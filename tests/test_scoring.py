"""Scoring worked out by hand, and the invariants it must keep (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audits.checklist import Response, load_checklist, parse_checklist
from audits.config import CHECKLIST_DIR
from audits.scoring import earned_points, missing_for_submit, possible_points, score_audit

RULE_CHECKLIST = """
id: rules
version: 1
channel: showroom_visit
title: {{fi: S, en: S}}
critical_rule: {rule}
sections:
  - id: a
    title: {{fi: A, en: A}}
    weight: 1
    items:
      - {{id: polite, type: yes_no, critical: true, label: {{fi: P, en: P}}}}
      - {{id: smiled, type: yes_no, label: {{fi: S, en: S}}}}
  - id: b
    title: {{fi: B, en: B}}
    weight: 3
    items:
      - id: wait
        type: duration
        label: {{fi: W, en: W}}
        limit_seconds: 1800
        bands:
          - {{max_seconds: 60, points: 10}}
          - {{max_seconds: 180, points: 6}}
          - {{max_seconds: 300, points: 2}}
      - {{id: rating, type: scale, min: 1, max: 5, points: 4, label: {{fi: R, en: R}}}}
      - id: pick
        type: multi_choice
        max_points: 2
        label: {{fi: M, en: M}}
        options:
          - {{id: x, label: {{fi: X, en: X}}, points: 1}}
          - {{id: y, label: {{fi: Y, en: Y}}, points: 1}}
          - {{id: z, label: {{fi: Z, en: Z}}, points: 1}}
      - {{id: extra, type: yes_no, allow_na: true, label: {{fi: E, en: E}}}}
      - {{id: extra_detail, type: yes_no, visible_if: {{item: extra, equals: "yes"}},
          label: {{fi: D, en: D}}, comment_required_when: ["no"]}}
"""


def checklist(rule: str = "zero_section"):
    return parse_checklist(RULE_CHECKLIST.format(rule=rule), "rules.yaml")


def r(value=None, na=False, comment=""):
    return Response(value=value, na=na, comment=comment)


def test_hand_worked_audit() -> None:
    answers = {
        "polite": r("yes"),
        "smiled": r("no"),  # a: 1 of 2 = 50
        "wait": r({"seconds": 150}),  # 6 of 10
        "rating": r(4),  # 4 × 3/4 = 3 of 4
        "pick": r(["x", "y", "z"]),  # 3, capped at 2 of 2
        "extra": r(na=True),  # out of the denominator; extra_detail hidden
        "extra_detail": r("no"),
    }
    result = score_audit(checklist(), answers)
    assert result.sections["a"] == pytest.approx(50.0)
    assert result.sections["b"] == pytest.approx((6 + 3 + 2) / (10 + 4 + 2) * 100)
    assert result.total == pytest.approx((50 * 1 + 68.75 * 3) / 4)
    assert "extra_detail" not in result.items, "a hidden item is not counted"
    assert result.critical_failed == []


@pytest.mark.parametrize(
    ("seconds", "nobody", "points"),
    [
        (0, False, 10),
        (60, False, 10),
        (61, False, 6),
        (180, False, 6),
        (300, False, 2),
        (301, False, 0),
        (1800, True, 0),
        (20, True, 0),
    ],
)
def test_duration_bands(seconds: int, nobody: bool, points: float) -> None:
    result = score_audit(checklist(), {"wait": r({"seconds": seconds, "nobody_came": nobody})})
    assert result.items["wait"].earned == points
    assert result.items["wait"].possible == 10


@pytest.mark.parametrize(
    ("rule", "section_a", "total", "flagged"),
    [
        ("zero_section", 0.0, 75.0, False),
        ("zero_audit", 50.0, 0.0, False),
        ("flag", 50.0, (50 + 300) / 4, True),
    ],
)
def test_critical_rules(rule: str, section_a: float, total: float, flagged: bool) -> None:
    answers = {"polite": r("no"), "smiled": r("yes"), "rating": r(5)}  # b = 100
    result = score_audit(checklist(rule), answers)
    assert result.critical_failed == ["polite"]
    assert result.sections["a"] == pytest.approx(section_a)
    assert result.total == pytest.approx(total)
    assert result.flagged is flagged


def test_scale_with_option_points_and_na_outside_the_denominator() -> None:
    car = load_checklist(CHECKLIST_DIR / "car_showroom.yaml")
    would_buy = car.item("would_buy")
    assert possible_points(would_buy) == 2
    result = score_audit(car, {"would_buy": r(7), "thanked": r(na=True)})
    assert result.items["would_buy"].earned == 1
    assert "thanked" not in result.items


def test_weights_and_empty_sections() -> None:
    result = score_audit(checklist(), {"smiled": r("yes")})
    assert result.sections == {"a": 100.0, "b": None}
    assert result.total == 100.0, "sections with nothing counted do not weigh in"
    assert score_audit(checklist(), {}).total is None


def test_missing_for_submit_follows_visibility_and_comments() -> None:
    answers = {
        "polite": r("yes"),
        "smiled": r("yes"),
        "wait": r(30),
        "rating": r(3),
        "pick": r(["x"]),
        "extra": r("yes"),
        "extra_detail": r("no"),
    }
    gaps = missing_for_submit(checklist(), answers)
    assert [(g.item_id, g.reason) for g in gaps] == [("extra_detail", "comment required")]
    answers["extra"] = r("no")
    assert missing_for_submit(checklist(), answers) == [], "hidden items are not required"
    del answers["rating"]
    assert [(g.section_id, g.item_id) for g in missing_for_submit(checklist(), answers)] == [
        ("b", "rating")
    ]


CAR = load_checklist(CHECKLIST_DIR / "car_showroom.yaml")
SCORED = [i for i in CAR.items() if i.scored]


def _answer(item) -> st.SearchStrategy:
    match item.type:
        case "yes_no":
            return st.sampled_from(["yes", "no"])
        case "scale":
            return st.integers(item.min, item.max)
        case "choice":
            return st.sampled_from([o.id for o in item.options])
        case "multi_choice":
            return st.lists(st.sampled_from([o.id for o in item.options]), unique=True)
        case _:
            return st.builds(
                lambda s, n: {"seconds": s, "nobody_came": n}, st.integers(0, 1800), st.booleans()
            )


@st.composite
def car_answers(draw) -> dict[str, Response]:
    answers = {}
    for item in SCORED:
        kind = draw(st.sampled_from(["value", "value", "value", "na", "skip"]))
        if kind == "na" and item.allow_na:
            answers[item.id] = r(na=True)
        elif kind != "skip":
            answers[item.id] = r(item.normalize_answer(draw(_answer(item))))
    return answers


@settings(max_examples=200, deadline=None)
@given(car_answers())
def test_scores_stay_between_0_and_100(answers) -> None:
    result = score_audit(CAR, answers)
    values = [result.total, *result.sections.values()]
    assert all(v is None or 0 <= v <= 100 + 1e-9 for v in values)
    assert score_audit(CAR, dict(reversed(list(answers.items())))) == result


@settings(max_examples=200, deadline=None)
@given(car_answers(), st.data())
def test_na_never_scores_lower_than_a_zero_answer(answers, data) -> None:
    candidates = [i for i in SCORED if i.allow_na and not i.critical]
    item = data.draw(st.sampled_from(candidates))
    worst = min(
        (item.normalize_answer(v) for v in data.draw(st.lists(_answer(item), min_size=1))),
        key=lambda v: score_audit(CAR, {item.id: r(v)}).items[item.id].earned,
    )
    zero = score_audit(CAR, {**answers, item.id: r(worst)})
    if zero.items[item.id].earned > 0:
        return
    na = score_audit(CAR, {**answers, item.id: r(na=True)})
    section = CAR.section_of(item.id).id
    if zero.sections[section] is not None and na.sections[section] is not None:
        assert na.sections[section] >= zero.sections[section] - 1e-9


@settings(max_examples=200, deadline=None)
@given(car_answers(), st.data())
def test_adding_a_passed_item_never_lowers_its_section(answers, data) -> None:
    item = data.draw(st.sampled_from([i for i in SCORED if i.visible_if is None]))
    without = {k: v for k, v in answers.items() if k != item.id}
    best = max(
        (item.normalize_answer(v) for v in data.draw(st.lists(_answer(item), min_size=8))),
        key=lambda v: score_audit(CAR, {item.id: r(v)}).items[item.id].earned,
    )
    with_best = {**without, item.id: r(best)}
    after = score_audit(CAR, with_best)
    if after.items[item.id].earned < after.items[item.id].possible:
        return  # no full-points answer was drawn
    before = score_audit(CAR, without)
    section = CAR.section_of(item.id).id
    dependants = [i.id for i in CAR.items() if i.visible_if and i.visible_if.item == item.id]
    if before.sections[section] is not None and not dependants:
        assert after.sections[section] >= before.sections[section] - 1e-9


def test_all_full_answers_score_100() -> None:
    full = {}
    for item in SCORED:
        best = max(
            (item.normalize_answer(v) for v in _all_answers(item)),
            key=lambda v, i=item: earned_points(i, v),
        )
        full[item.id] = r(best)
    result = score_audit(CAR, full)
    assert result.total == pytest.approx(100.0)
    assert not result.critical_failed


def _all_answers(item) -> list:
    if item.type == "yes_no":
        return ["yes", "no"]
    if item.type == "scale":
        return list(range(item.min, item.max + 1))
    if item.type == "choice":
        return [o.id for o in item.options]
    if item.type == "multi_choice":
        return [[o.id for o in item.options]]
    return [{"seconds": 0}]
