"""Numbers in tables as the user's language writes them (audits/ui/tables.py): for a Finnish
user "84,4", "+1,5", "1 234,50 €" and "45 %" over the numbers themselves (so a column sorts by
them); English keeps Streamlit's printf formats."""

from __future__ import annotations

import pandas as pd

from audits.ui.tables import CHANGE, PERCENT, SCORE, Num, styled


def test_a_number_as_each_language_writes_it() -> None:
    assert [SCORE.text(v, "fi") for v in (84.25, 100, 5.0, None)] == ["84,3", "100,0", "5,0", "–"]
    assert [SCORE.text(v, "en") for v in (84.25, 100, 5.0, None)] == ["84.3", "100.0", "5.0", "–"]
    assert [CHANGE.text(v, "fi") for v in (1.5, -0.25, 0.0)] == ["+1,5", "-0,3", "+0,0"]
    assert [PERCENT.text(v, lang) for v in (44.5, 7) for lang in ("fi", "en")] == [
        "45\u00a0%",
        "45%",
        "7\u00a0%",
        "7%",
    ]
    eur = Num(2, unit="€")
    assert [eur.text(1234.5, lang) for lang in ("fi", "en")] == [
        "1\u00a0234,50\u00a0€",
        "1,234.50 €",
    ]
    assert [Num().text(v, "fi") for v in (3184, 12.5, 60.169861, 2.0)] == [
        "3\u00a0184",
        "12,5",
        "60,1699",
        "2",
    ]
    assert [s.printf() for s in (SCORE, CHANGE, PERCENT, eur, Num())] == [
        "%.1f",
        "%+.1f",
        "%.0f%%",
        "%.2f €",
        None,
    ]
    assert PERCENT.printf("fi") == "%.0f\u00a0%%" and SCORE.printf("fi") == "%.0f"


def test_a_finnish_table_shows_texts_over_its_numbers_and_english_keeps_its_formats() -> None:
    frame = pd.DataFrame({"store": ["A", "B"], "score": [9.0, 10.25], "visits": [3, 1200]})
    data, config = styled(frame, "fi", {"score": SCORE})
    assert data.data is frame, "the numbers stay under the texts: the column sorts by them"
    assert data.to_string().split("\n")[1:3] == [
        "0 A 9,0 3",
        "1 B 10,3 1\u00a0200",
    ]
    kind = config["score"]["type_config"]
    assert kind["type"] == "number" and kind["format"] is None, "no format over the texts"
    data, config = styled(frame, "en", {"score": SCORE})
    assert data is frame and config["score"]["type_config"]["format"] == "%.1f"
    assert "visits" not in config, "an English column without a format keeps Streamlit's own"
