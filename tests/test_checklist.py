"""Checklist validation: shipped files pass, each kind of broken file fails with a clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audits.checklist import AnswerError, ChecklistError, load_checklist, parse_checklist
from audits.config import CHECKLIST_DIR

BROKEN = Path(__file__).parent / "data" / "broken_checklists"
SHIPPED = sorted(CHECKLIST_DIR.glob("*.yaml"))

# file → (where, what the message must say)
EXPECTED = {
    "unknown_type.yaml": ("item mystery", "unknown type 'teleport'"),
    "duplicate_item.yaml": ("item asked", "duplicate id"),
    "visible_if_unknown.yaml": ("item follow", "'nowhere', an unknown item"),
    "visible_if_later.yaml": ("item follow", "a later item"),
    "visible_if_bad_value.yaml": ("item follow", "not answers of asked"),
    "zero_weight.yaml": ("section main", "weight must be positive"),
    "negative_weight.yaml": ("section main", "weight must be positive"),
    "missing_language.yaml": ("item asked", "missing the 'en' text"),
    "missing_label.yaml": ("item asked", "label: required field missing"),
    "bands_out_of_order.yaml": ("item wait", "ascending max_seconds"),
    "band_beyond_limit.yaml": ("item wait", "beyond limit_seconds"),
    "bad_id.yaml": ("item Asked-Loudly", "lower_snake_case"),
    "critical_unscored.yaml": ("item notes", "critical is only for scored items"),
    "comment_when_invalid.yaml": ("item asked", "comment_required_when"),
    "scale_min_max.yaml": ("item rating", "min must be below max"),
    "duplicate_option.yaml": ("item pick", "duplicate option id 'a'"),
    "unknown_field.yaml": ("item asked", "colour: unknown field"),
    "bad_critical_rule.yaml": ("checklist", "critical_rule"),
    "yaml_syntax.yaml": ("line 1", "YAML syntax error"),
}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_checklists_validate(path: Path) -> None:
    checklist = load_checklist(path)
    assert set(checklist.languages) >= {"fi", "en"}
    assert checklist.items()


def test_five_channels_are_shipped_and_car_showroom_is_rich() -> None:
    channels = {load_checklist(p).channel for p in SHIPPED}
    assert channels == {"showroom_visit", "store_visit", "phone_call", "email_enquiry", "complaint"}
    car = load_checklist(CHECKLIST_DIR / "car_showroom.yaml")
    assert len(car.items()) >= 40
    used = {item.type for p in SHIPPED for item in load_checklist(p).items()}
    assert used == {
        "yes_no",
        "scale",
        "choice",
        "multi_choice",
        "duration",
        "number",
        "text",
        "photo",
        "time",
    }


def test_every_broken_file_has_an_expectation() -> None:
    assert {p.name for p in BROKEN.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_checklist_names_file_item_and_problem(name: str) -> None:
    where, what = EXPECTED[name]
    path = BROKEN / name
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    matching = [p for p in caught.value.problems if what in p]
    assert matching, caught.value.problems
    assert matching[0].startswith(f"{path}: {where}"), matching[0]


def test_all_problems_are_collected() -> None:
    text = (
        (BROKEN / "zero_weight.yaml")
        .read_text()
        .replace("title: {fi: Pää, en: Main}", "title: {fi: Pää}")
    )
    text += "      - id: odd\n        type: nope\n        label: {fi: X, en: X}\n"
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(text, "multi.yaml")
    problems = caught.value.problems
    assert any("weight must be positive" in p for p in problems)
    assert any("section main: title: missing the 'en' text" in p for p in problems)
    assert any("item odd: unknown type" in p for p in problems)


def test_yaml_syntax_error_gives_the_line() -> None:
    with pytest.raises(ChecklistError, match=r"x.yaml: line 2: YAML syntax error"):
        parse_checklist("id: a\n  bad: indent\nversion: 1\n", "x.yaml")


@pytest.mark.parametrize(
    ("item_id", "value", "expected"),
    [
        ("asked_what", True, "yes"),
        ("showroom_clean", "4", 4),
        ("greeting_time", 75, {"seconds": 75, "nobody_came": False}),
        ("greeting_time", {"nobody_came": True}, {"seconds": 1800, "nobody_came": True}),
        ("powertrain_options", ["hybrid", "electric"], ["electric", "hybrid"]),
        ("arrival_time", "09:30", "09:30"),
    ],
)
def test_answers_are_normalised(item_id: str, value, expected) -> None:
    item = load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item(item_id)
    assert item.normalize_answer(value) == expected


@pytest.mark.parametrize(
    ("item_id", "value"),
    [
        ("asked_what", "maybe"),
        ("showroom_clean", 9),
        ("showroom_clean", 2.5),
        ("pace", "sideways"),
        ("powertrain_options", ["electric", "electric"]),
        ("greeting_time", -5),
        ("follow_up_days", 61),
        ("arrival_time", "25:00"),
        ("overall_impression", "x" * 5001),
    ],
)
def test_bad_answers_name_the_item(item_id: str, value) -> None:
    item = load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item(item_id)
    with pytest.raises(AnswerError, match=f"item {item_id}"):
        item.normalize_answer(value)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_loader_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        parse_checklist(text, "fuzz.yaml")
    except ChecklistError as exc:
        assert exc.problems and all(p.startswith("fuzz.yaml: ") for p in exc.problems)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_loader_never_crashes_on_mutated_checklists(data: st.DataObject) -> None:
    lines = (CHECKLIST_DIR / "phone_call.yaml").read_text(encoding="utf-8").splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index] = data.draw(
        st.sampled_from(
            ["", "  - id: x", "weight: -1", "type: nope", lines[0], "    items: 3", "bands: []"]
        )
    )
    try:
        parse_checklist("\n".join(lines), "mutant.yaml")
    except ChecklistError as exc:
        assert all(p.startswith("mutant.yaml: ") for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        [
            "asked_what",
            "showroom_clean",
            "pace",
            "powertrain_options",
            "greeting_time",
            "follow_up_days",
            "arrival_time",
            "storefront_photo",
        ]
    ),
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=20),
        st.lists(st.text(max_size=5), max_size=4),
        st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
    ),
)
def test_answer_values_never_crash(item_id: str, value) -> None:
    item = load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item(item_id)
    try:
        item.normalize_answer(value)
    except AnswerError as exc:
        assert f"item {item_id}" in str(exc)
