from __future__ import annotations

import json
from pathlib import Path

import pytest

from audits.cli import main
from audits.config import CHECKLIST_DIR

BROKEN = Path(__file__).parent / "data" / "broken_checklists"
EXAMPLE = CHECKLIST_DIR / "examples" / "car_showroom_answers.json"


def test_validate_ok_and_broken(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklist", "validate", *map(str, sorted(CHECKLIST_DIR.glob("*.yaml")))]) == 0
    assert capsys.readouterr().out.count("ok ") == 5
    bad = [str(BROKEN / "zero_weight.yaml"), str(BROKEN / "duplicate_item.yaml")]
    assert main(["checklist", "validate", str(CHECKLIST_DIR / "phone_call.yaml"), *bad]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ok ")
    assert lines[1] == f"{bad[0]}: section main: weight must be positive, not 0.0"
    assert lines[2] == f"{bad[1]}: item asked: duplicate id 'asked'"


def test_validate_names_a_file_that_is_not_utf8_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes("id: x\ntitle: {fi: Hyvä}\n".encode("cp1252"))
    phone = str(CHECKLIST_DIR / "phone_call.yaml")
    assert main(["checklist", "validate", str(latin), phone]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{latin}: line 2: not UTF-8 text (save the file as UTF-8)"
    assert lines[1].startswith(f"ok {phone}")


def test_score_prints_the_hand_computed_result(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "score",
            "--checklist",
            str(CHECKLIST_DIR / "car_showroom.yaml"),
            "--answers",
            str(EXAMPLE),
        ]
    )
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    # greeting: wait 150 s → 6/10, eye contact 1, friendliness 4 → 2.25/3, name 1, polite 1
    assert result["sections"]["greeting"] == round(11.25 / 16 * 100, 2)
    assert result["sections"]["adapting"] == 100.0
    assert result["critical_failed"] == []
    assert 0 < result["total"] < 100


def test_score_names_the_bad_item(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"answers": {"asked_what": "perhaps"}}))
    code = main(
        [
            "score",
            "--checklist",
            str(CHECKLIST_DIR / "car_showroom.yaml"),
            "--answers",
            str(answers),
        ]
    )
    assert code == 2
    assert f"{answers}: item asked_what:" in capsys.readouterr().out
    answers.write_text(json.dumps({"answers": {"no_such_item": "yes"}}))
    main(
        [
            "score",
            "--checklist",
            str(CHECKLIST_DIR / "car_showroom.yaml"),
            "--answers",
            str(answers),
        ]
    )
    assert "item no_such_item: not in checklist car_showroom" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ({"na": False}, "value is missing (na is false)"),
        ({"na": "no"}, "na must be true or false, not 'no'"),
        ({"na": True, "value": "yes"}, "give either a value or na: true, not both"),
        (
            {"value": "yes", "coment": "x"},
            "unknown fields ['coment']; an answer takes value, na, comment",
        ),
        ({"value": "yes", "comment": 5}, "comment must be text, not 5"),
    ],
)
def test_score_checks_the_shape_of_an_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], answer: dict, problem: str
) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"answers": {"trade_in_discussed": answer}}))
    checklist = str(CHECKLIST_DIR / "car_showroom.yaml")
    assert main(["score", "--checklist", checklist, "--answers", str(answers)]) == 2
    out = capsys.readouterr().out
    assert out == f"error: {answers}: item trade_in_discussed: {problem}\n"
