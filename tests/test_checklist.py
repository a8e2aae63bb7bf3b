"""Checklist validation: shipped files pass, each kind of broken file fails with a clear line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field, ValidationError

from audits.catalog import checklist_of
from audits.checklist import (
    _PYDANTIC_TYPES,
    AnswerError,
    ChecklistError,
    _pydantic_reason,
    load_checklist,
    parse_checklist,
)
from audits.config import CHECKLIST_DIR
from audits.i18n import explain

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
    problems = [str(p) for p in caught.value.problems]
    matching = [p for p in problems if what in p]
    assert matching, problems
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
    problems = [str(p) for p in caught.value.problems]
    assert any("weight must be positive" in p for p in problems)
    assert any("section main: title: missing the 'en' text" in p for p in problems)
    assert any("item odd: unknown type" in p for p in problems)


def test_yaml_syntax_error_gives_the_line() -> None:
    with pytest.raises(ChecklistError, match=r"x.yaml: line 2: YAML syntax error"):
        parse_checklist("id: a\n  bad: indent\nversion: 1\n", "x.yaml")


@pytest.mark.parametrize(
    ("text", "english", "finnish"),
    [
        (
            "id: a\n\tversion: 1\n",
            "line 2: YAML syntax error: a tab character: indent with spaces",
            "rivi 2: YAML-syntaksivirhe: sarkainmerkki (tab): sisennä välilyönneillä",
        ),
        (
            "id: a\ntitle: @home\n",
            "line 2: YAML syntax error: a value cannot start with @: put the value in quotes",
            "rivi 2: YAML-syntaksivirhe: arvo ei voi alkaa merkillä @: laita "
            "arvo lainausmerkkeihin",
        ),
        (
            "id: a\nversion\nchannel: x\n",
            "line 2: YAML syntax error: the line is not 'key: value'",
            "rivi 2: YAML-syntaksivirhe: rivi ei ole muotoa 'avain: arvo'",
        ),
        (
            "id: a\n  version: 1\n",
            "line 2: YAML syntax error: a colon and a space",
            "rivi 2: YAML-syntaksivirhe: kaksoispiste ja välilyönti",
        ),
        (
            "a:\n  b: 1\n c: 2\n",
            "line 3: YAML syntax error: the indentation does not line up",
            "rivi 3: YAML-syntaksivirhe: sisennys ei osu",
        ),
        (
            'id: a\ntitle: "Hei\nversion: 1\n',
            "line 2: YAML syntax error: a quotation mark opened on this line is never closed",
            "rivi 2: YAML-syntaksivirhe: tällä rivillä avattua lainausmerkkiä ei suljeta",
        ),
        (
            "id: a\nlanguages: [fi, en\nversion: 1\n",
            "line 2: YAML syntax error: a list [ … ] that starts on this line",
            "rivi 2: YAML-syntaksivirhe: tällä rivillä alkavaa listaa",
        ),
        (
            "id: a\ntitle: {fi: Onko?, en: Is it?}\n",
            "line 2: YAML syntax error: a ? in a value inside { … } or [ … ]: put the value "
            'in quotes, e.g. {fi: "Tervehdittiinkö?", en: "Were you greeted?"}',
            "rivi 2: YAML-syntaksivirhe: merkki ? arvossa rakenteen { … } tai [ … ] sisällä",
        ),
        (
            "id: a\nlanguages: [fi, en]\ntitle: {fi: Klo: 10, en: At 10}\n",
            "line 3: YAML syntax error: a : in a value inside { … } or [ … ]",
            "rivi 3: YAML-syntaksivirhe: merkki : arvossa",
        ),
        (
            "id: a\ntitle: {fi: A, en: B\nversion: 1\n",
            "line 2: YAML syntax error: a mapping { … } that starts on this line",
            "rivi 2: YAML-syntaksivirhe: tällä rivillä alkavaa rakennetta",
        ),
        (
            "id: a\ntitle: {fi: A, en: B\n",
            "line 2: YAML syntax error: a mapping { … }",
            "rivi 2: YAML-syntaksivirhe: tällä rivillä alkavaa rakennetta",
        ),
        (
            'id: "a\\q"\n',
            "line 1: YAML syntax error: unknown escape \\q inside double quotes",
            "rivi 1: YAML-syntaksivirhe: tuntematon \\q lainausmerkkien sisällä",
        ),
        (
            "a: &x 1\nb: &x 2\n",
            "line 2: YAML syntax error: the anchor &x is defined twice (first on line 1)",
            "rivi 2: YAML-syntaksivirhe: ankkuri &x on määritelty kahdesti (ensin rivillä 1)",
        ),
        (
            "a: *x\n",
            "line 1: YAML syntax error: *x refers to an anchor &x that is not defined",
            "rivi 1: YAML-syntaksivirhe: *x viittaa ankkuriin &x",
        ),
        (
            "id: a\n---\nid: b\n",
            "line 2: YAML syntax error: the file holds more than one document",
            "rivi 2: YAML-syntaksivirhe: tiedostossa on useampi dokumentti",
        ),
        (
            "id: !secret a\n",
            "line 1: YAML syntax error: the tag !secret is not supported",
            "rivi 1: YAML-syntaksivirhe: tagia !secret ei tueta",
        ),
        (
            "id: a\ntitle: b\x07\n",
            "line 2: YAML syntax error: a control character U+0007",
            "rivi 2: YAML-syntaksivirhe: ohjausmerkki U+0007",
        ),
        (
            "a: |x\n  b\n",
            "line 1: YAML syntax error: while scanning a block scalar: expected "
            "chomping or indentation indicators, but found 'x'",
            "rivi 1: YAML-syntaksivirhe: while scanning a block scalar: expected chomping",
        ),
    ],
)
def test_a_yaml_mistake_is_told_in_the_authors_words(text: str, english: str, finnish: str) -> None:
    """Common hand-made YAML mistakes get a plain reason in both languages and the line where
    they are (for an unclosed quote, the line that opened it); any other keeps PyYAML's words."""
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(text, "t.yaml")
    assert caught.value.text("en").startswith(f"t.yaml: {english}")
    assert caught.value.text("fi").startswith(f"t.yaml: {finnish}")
    assert str(caught.value) == caught.value.text("en")


def test_unquoted_yes_and_no_are_the_answers_the_author_wrote() -> None:
    """YAML 1.1 reads an unquoted yes or no as a boolean: `good: no` was refused as "should be
    'yes' or 'no'" and `[no]` as "values [False] not valid". Only true and false are flags."""
    flags = "type: yes_no\n        good: no\n        allow_na: yes\n"
    text = SMALL.replace("type: yes_no\n", flags)
    text += (
        "        comment_required_when: [no]\n"
        "      - id: why\n        type: text\n        label: {fi: Miksi, en: Why}\n"
        "        visible_if: {item: asked, equals: yes}\n        required: false\n"
    )
    checklist = parse_checklist(text, "t.yaml")
    asked, why = checklist.sections[0].items
    assert (asked.good, asked.comment_required_when, asked.allow_na) == ("no", ["no"], True)
    assert why.visible_if.equals == "yes"
    critical = parse_checklist(SMALL.replace("Asked}", "Asked}\n        critical: true"), "t.yaml")
    assert critical.sections[0].items[0].critical is True


SMALL = """id: demo
version: 1
channel: showroom_visit
title: {fi: Demo, en: Demo}
critical_rule: zero_section
sections:
  - id: main
    title: {fi: Pää, en: Main}
    weight: 1
    items:
      - id: asked
        type: yes_no
        label: {fi: Kysyi, en: Asked}
"""
ASKED = "      - id: asked\n        type: yes_no\n        label: {fi: Kysyi, en: Asked}\n"
TYPES = "yes_no, scale, choice, multi_choice, duration, number, text, photo, time"


def test_the_small_checklist_is_valid() -> None:
    assert parse_checklist(SMALL, "t.yaml").id == "demo"


@pytest.mark.parametrize(
    ("old", "new", "english", "finnish"),
    [
        (
            "title: {fi: Pää",
            "  title: {fi: Pää",
            "t.yaml: line 8: YAML syntax error: a colon and a space inside a value (put the "
            "value in quotes) or a key at the wrong indentation",
            "t.yaml: rivi 8: YAML-syntaksivirhe: kaksoispiste ja välilyönti keskellä arvoa "
            "(laita arvo lainausmerkkeihin) tai avain väärällä sisennyksellä",
        ),
        (
            "type: yes_no",
            "type: teleport",
            f"t.yaml: item asked: unknown type 'teleport'; use one of {TYPES}",
            f"t.yaml: kohta asked: tuntematon tyyppi 'teleport'; käytä jotakin näistä: {TYPES}",
        ),
        (
            "label: {fi: Kysyi, en: Asked}",
            "label: {en: Asked}",
            "t.yaml: item asked: label: missing the 'fi' text",
            "t.yaml: kohta asked: label: puuttuu suomenkielinen ('fi') teksti",
        ),
        (
            ASKED,
            ASKED + ASKED,
            "t.yaml: item asked: duplicate id 'asked'",
            "t.yaml: kohta asked: tunniste ”asked” toistuu",
        ),
        (
            ASKED,
            ASKED + "      - 3\n",
            "t.yaml: section main item #2: must be a mapping",
            "t.yaml: osio main, kohta #2: pitää olla avain–arvo-rakenne (mapping)",
        ),
        (
            "channel: showroom_visit\n",
            "",
            "t.yaml: checklist: channel: required field missing",
            "t.yaml: tarkistuslista: channel: pakollinen kenttä puuttuu",
        ),
        (
            "        label:",
            "        colour: red\n        label:",
            "t.yaml: item asked: colour: unknown field",
            "t.yaml: kohta asked: colour: tuntematon kenttä",
        ),
        (
            "critical_rule: zero_section",
            "critical_rule: sometimes",
            "t.yaml: checklist: critical_rule: Input should be 'zero_section', 'zero_audit' or"
            " 'flag'",
            "t.yaml: tarkistuslista: critical_rule: pitää olla 'zero_section', 'zero_audit' tai"
            " 'flag'",
        ),
        (
            "version: 1",
            "version: one",
            "t.yaml: checklist: version: Input should be a valid integer, unable to parse string"
            " as an integer",
            "t.yaml: tarkistuslista: version: pitää olla kokonaisluku; tekstiä ei voi lukea"
            " luvuksi",
        ),
        (
            "version: 1",
            "version: 1\nlanguages: []",
            "t.yaml: checklist: languages: List should have at least 1 item after validation,"
            " not 0",
            "t.yaml: tarkistuslista: languages: listassa pitää olla vähintään 1 alkio, nyt 0",
        ),
    ],
)
def test_problems_are_told_in_finnish_and_logged_in_english(
    old: str, new: str, english: str, finnish: str
) -> None:
    assert SMALL.count(old) == 1
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(SMALL.replace(old, new), "t.yaml")
    assert str(caught.value) == english
    assert [str(p) for p in caught.value.problems] == [english]
    assert caught.value.text("fi") == finnish
    assert caught.value.text("en") == english


class _Strict(BaseModel):
    text: str = Field(default="ab", min_length=2, max_length=3)
    one: str = Field(default="a", min_length=1, max_length=1)
    whole: int = Field(default=1, gt=0, lt=10)
    count: int = 0
    share: float = Field(default=0.5, ge=0, le=1)
    ratio: float = Field(default=1.0, allow_inf_nan=False)
    flag: bool = True
    mode: Literal["a", "b"] = "a"
    names: list[str] = Field(default_factory=lambda: ["a"], min_length=1, max_length=2)
    texts: dict[str, str] = Field(default_factory=dict)


def test_pydantic_errors_keep_their_english_and_have_finnish() -> None:
    broken = [
        {"text": 1, "whole": "x", "share": "y", "flag": "maybe", "names": 3, "texts": 4},
        {"text": "a", "one": "", "whole": 0, "share": -1, "names": [], "mode": "c"},
        {"text": "abcd", "one": "ab", "whole": 10, "share": 2, "names": ["a", "b", "c"]},
        {"whole": 1.5, "count": [], "flag": [], "share": [], "ratio": float("inf")},
    ]
    kinds = set()
    for data in broken:
        with pytest.raises(ValidationError) as caught:
            _Strict.model_validate(data)
        for error in caught.value.errors():
            kinds.add(error["type"])
            reason = _pydantic_reason(error)
            assert reason.key != "said", error  # our phrase, not pydantic's text as it is
            assert reason.text("en") == error["msg"]
            assert reason.text("fi") != error["msg"]
    assert kinds == _PYDANTIC_TYPES


def test_other_pydantic_errors_are_shown_as_pydantic_says() -> None:
    class Dated(BaseModel):
        day: dt.date

    with pytest.raises(ValidationError) as caught:
        Dated.model_validate({"day": "someday"})
    error = caught.value.errors()[0]
    reason = _pydantic_reason(error)
    assert error["type"] not in _PYDANTIC_TYPES
    assert reason.text("en") == reason.text("fi") == error["msg"]


def test_a_value_that_should_be_a_mapping_is_not_told_by_its_class_name() -> None:
    text = SMALL.replace("        label:", "        visible_if: 3\n        label:")
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(text, "t.yaml")
    assert str(caught.value) == "t.yaml: item asked: visible_if: must be a mapping"
    assert caught.value.text("fi") == (
        "t.yaml: kohta asked: visible_if: pitää olla avain–arvo-rakenne (mapping)"
    )


def _with_numbers(weight: str, points: str) -> str:
    return SMALL.replace("weight: 1", f"weight: {weight}").replace(
        "label: {fi: Kysyi, en: Asked}",
        f"label: {{fi: Kysyi, en: Asked}}\n        points: {points}",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            ".inf",
            [
                "t.yaml: section main: weight: Input should be a finite number",
                "t.yaml: item asked: points: Input should be a finite number",
            ],
        ),
        (
            ".nan",
            [
                "t.yaml: item asked: points: Input should be greater than or equal to 0",
                "t.yaml: section main: weight: Input should be a finite number",
            ],
        ),
        (
            "-.inf",
            [
                "t.yaml: item asked: points: Input should be greater than or equal to 0",
                "t.yaml: section main: weight must be positive, not -inf",
            ],
        ),
    ],
)
def test_infinite_or_nan_weights_and_points_are_refused(value: str, expected: list[str]) -> None:
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(_with_numbers(value, value), "t.yaml")
    assert [str(p) for p in caught.value.problems] == expected


def test_a_stored_version_is_read_by_the_rules_it_was_accepted_under() -> None:
    """Rules added later refuse new files but never make a stored version (and its audits)
    unreadable."""
    scale = "      - id: s\n        type: scale\n        min: 0\n        max: 20\n"
    old = _with_numbers(".inf", "1").replace(
        ASKED, ASKED + scale + "        label: {fi: S, en: S}\n"
    )
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(old, "t.yaml")
    assert len(caught.value.problems) == 2
    checklist = parse_checklist(old, "t.yaml", stored=True)
    assert checklist.item("s").answer_values()[-1] == 20
    assert "weight: pitää olla äärellinen luku" in caught.value.text("fi")
    row = SimpleNamespace(id=-1, yaml_text=old, checklist_id="demo", version=1)
    assert checklist_of(row).item("s").answer_values()[-1] == 20, "as the app reads versions"


@pytest.mark.parametrize(("low", "high", "fits"), [(0, 10, True), (1, 11, True), (0, 11, False)])
def test_a_scale_fits_on_a_phone(low: int, high: int, fits: bool) -> None:
    scale = f"      - id: s\n        type: scale\n        min: {low}\n        max: {high}\n"
    text = SMALL.replace(ASKED, ASKED + scale + "        label: {fi: S, en: S}\n")
    if fits:
        assert parse_checklist(text, "t.yaml").item("s").answer_values()[-1] == high
        return
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(text, "t.yaml")
    assert str(caught.value) == (
        "t.yaml: item s: the scale has 12 steps; at most 11 (such as 0–10) fit on a phone's screen"
    )
    assert "asteikossa on 12 askelta" in caught.value.text("fi")


def test_missing_or_broken_sections_are_reported_once() -> None:
    header = SMALL[: SMALL.index("sections:")]
    for text in (header, header + "sections: []\n"):
        with pytest.raises(ChecklistError) as caught:
            parse_checklist(text, "t.yaml")
        assert str(caught.value) == "t.yaml: checklist: sections: a non-empty list is required"
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(SMALL.replace("weight: 1", "weight: x"), "t.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "t.yaml: section main: weight: Input should be a valid number, unable to parse string "
        "as a number"
    ]


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
        ("greeting_time", {"seconds": 30, "nobody_came": "false"}),
        ("greeting_time", {"seconds": 30, "started_at": "not a time"}),
        ("follow_up_days", 61),
        ("arrival_time", "25:00"),
        ("overall_impression", "x" * 5001),
    ],
)
def test_bad_answers_name_the_item(item_id: str, value) -> None:
    item = load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item(item_id)
    with pytest.raises(AnswerError, match=f"item {item_id}"):
        item.normalize_answer(value)


@pytest.mark.parametrize(
    ("item_id", "value", "finnish", "english"),
    [
        (
            "parking_easy",
            "maybe",
            "kohta parking_easy: vastauksen pitää olla kyllä tai ei, ei 'maybe'",
            "item parking_easy: answer must be yes or no, not 'maybe'",
        ),
        (
            "follow_up_days",
            61,
            "kohta follow_up_days: 61 ei ole sallituissa rajoissa (0–60)",
            "item follow_up_days: 61 is outside the allowed range 0–60",
        ),
        (
            "arrival_time",
            "25:00",
            "kohta arrival_time: vastauksen pitää olla kellonaika HH:MM, ei '25:00'",
            "item arrival_time: answer must be a time HH:MM, not '25:00'",
        ),
    ],
)
def test_a_bad_answer_is_told_in_the_shoppers_language(
    item_id: str, value, finnish: str, english: str
) -> None:
    item = load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item(item_id)
    with pytest.raises(AnswerError) as refused:
        item.normalize_answer(value)
    assert explain(refused.value, "fi") == finnish
    assert explain(refused.value, "en") == str(refused.value) == english


def test_a_number_items_range_reads_as_people_write_it() -> None:
    days = load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item("follow_up_days")
    assert days.bounds() == "0–60"
    assert days.model_copy(update={"min": None}).bounds() == "≤ 60"
    assert days.model_copy(update={"max": None, "min": 0.5}).bounds() == "≥ 0.5"
    at_least_half = days.model_copy(update={"max": None, "min": 0.5})
    with pytest.raises(AnswerError, match="-1 is outside the allowed range ≥ 0.5"):
        at_least_half.normalize_answer(-1)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_loader_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        parse_checklist(text, "fuzz.yaml")
    except ChecklistError as exc:
        assert exc.problems and all(str(p).startswith("fuzz.yaml: ") for p in exc.problems)


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
        assert all(str(p).startswith("mutant.yaml: ") for p in exc.problems)


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
