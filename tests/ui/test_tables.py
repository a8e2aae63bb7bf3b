"""Numbers in tables as the user's language writes them (audits/ui/tables.py): for a Finnish
user every table on the manager's and the brand's pages writes "84,4", "+1,5", "1 234,50 €"
and "45 %", while its column keeps the numbers (so it sorts by them); English is as before."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import select
from streamlit import dataframe_util

from audits import expenses, tours, waves
from audits.auth import Actor
from audits.config import load_settings
from audits.db import Database
from audits.i18n import month_label, t
from audits.models import User, local_today
from audits.report_texts import tr
from audits.ui.tables import BAR, CHANGE, PERCENT, SCORE, Num, styled
from tests.ui.test_manager_pages import goto
from tests.ui.test_tour_pages import _ids, _proposal, _visits

# A number as Finnish writes it: no-break spaces between thousands, a decimal comma.
FINNISH = re.compile(r"[+-]?\d{1,3}(\u00a0\d{3})*(,\d+)?(\u00a0[%€])?|–")


@pytest.fixture
def db(app_env) -> Iterator[Database]:
    database = Database(load_settings().database_url)
    yield database
    database.dispose()


def _texts(element) -> pd.DataFrame | None:
    """The texts a table shows in place of its values (a Styler's), None when it has none."""
    arrow = element.proto.arrow_data
    if not arrow.HasField("styler"):
        return None
    return dataframe_util.convert_arrow_bytes_to_pandas_df(arrow.styler.display_values)


def _config(element) -> dict[str, dict]:
    """Each column's type and format as sent to the browser ({} for none)."""
    columns = json.loads(element.proto.columns or "{}")
    return {name: c.get("type_config", {}) for name, c in columns.items()}


def _numbers(element) -> list[str]:
    frame = element.value
    return [
        c
        for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]


def _finnish(element) -> dict[str, list[str]]:
    """Check a Finnish table: each number column keeps its numbers and shows Finnish texts (a
    bar a whole-number label, or none beside its number); returns the texts of its number
    columns, if it has any."""
    texts, config = _texts(element), _config(element)
    shown: dict[str, list[str]] = {}
    if not _numbers(element):
        return shown
    assert texts is not None, f"no Finnish texts: {list(element.value.columns)}"
    for column in _numbers(element):
        kind = config.get(column, {})
        if kind.get("type") == "progress":
            assert kind["format"] in ("%.0f", "%.0f\u00a0%%", " "), (column, kind)
            continue
        assert kind.get("format") is None, (column, kind, "a format would hide the texts")
        shown[column] = list(texts[column])
        wrong = [text for text in shown[column] if not FINNISH.fullmatch(text)]
        assert not wrong, (column, wrong)
    return shown


def _english(element) -> dict[str, str | None]:
    """Check an English table: no texts of ours; returns each number column's format."""
    assert _texts(element) is None, list(element.value.columns)
    config = _config(element)
    return {c: config.get(c, {}).get("format") for c in _numbers(element)}


def _to(at, lang: str):
    at.segmented_control(key="user_lang").set_value(lang).run()
    assert not at.exception, at.exception
    return at


def test_a_number_as_each_language_writes_it() -> None:
    assert [SCORE.text(v, "fi") for v in (84.25, 100, 5.0, None)] == ["84,3", "100,0", "5,0", "–"]
    assert [SCORE.text(v, "en") for v in (84.25, 100, 5.0, None)] == ["84.3", "100.0", "5.0", "–"]
    assert [CHANGE.text(v, "fi") for v in (1.5, -0.25, 0.0, -0.01)] == [
        "+1,5",
        "-0,3",
        "0,0",
        "0,0",
    ]
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


def test_the_brands_tables_in_finnish_and_in_english(signed_in) -> None:
    at = signed_in("aurora")  # English, on the overview
    pages = ("", "ranking", "store", "items")
    english = {}
    for page in pages:
        goto(at, page)
        english[page] = [_english(d) for d in at.dataframe]
    score, change, fail_rate = (tr(key, "en") for key in ("score", "change", "fail_rate"))
    assert english["ranking"][0][score] == "%.1f" and english["ranking"][0][change] == "%+.1f"
    assert english[""][0][change] == "%+.1f"
    assert _config(at.dataframe[0])[fail_rate]["format"] == "%.0f%%"  # items, the last page
    assert _texts(at.table[0])[fail_rate].str.fullmatch(r"\d+%").all(), "a phone's table too"

    _to(at, "fi")
    for page in pages:
        goto(at, page)
        assert at.dataframe, page
        shown = [_finnish(d) for d in at.dataframe]
        for table in at.table:  # a phone's: scores, changes and percents as on the laptop
            texts = _texts(table)
            for column in _numbers(table):
                assert all(FINNISH.fullmatch(x) for x in texts[column]), (page, column)
        if page == "":  # the figures above the tables too
            figure = next(m for m in at.metric if m.label == tr("network_score", "fi"))
            assert (figure.value, figure.delta) == ("65,2", "0,0")
        if page == "store":
            assert all(FINNISH.fullmatch(str(m.value)) for m in at.metric), at.metric
            assert all(re.search(r" \d+,\d$", e.label) for e in at.expander), "Pisteet 84,4"
            answers = [t.value for t in at.table if tr("answer", "fi") in t.value.columns]
            points = [p for table in answers for p in table[tr("points", "fi")]]
            assert points and not any("." in p for p in points), points
        if page == "ranking":
            scores = at.dataframe[0].value[tr("score", "fi")]
            assert scores.dtype == "float64", "the column keeps the numbers: it sorts by them"
            assert shown[0][tr("score", "fi")] == [SCORE.text(s, "fi") for s in scores]
            assert all(re.fullmatch(r"[+-]\d+,\d|–", c) for c in shown[0][tr("change", "fi")])
    bars = _config(at.dataframe[0])  # items
    assert bars[tr("fail_rate", "fi")]["format"] == "%.0f\u00a0%%"
    assert _texts(at.table[0])[tr("fail_rate", "fi")].str.fullmatch(r"\d+\u00a0%").all()


def test_a_bar_with_decimals_has_its_number_written_beside_it() -> None:
    """A bar's label takes no decimal comma: "93,9" is a number column's text, then a bar
    without a label; both columns keep the numbers (they sort by them)."""
    frame = pd.DataFrame({"store": ["A", "B", "C"], "score": [93.94, 100.0, None]})
    bar = "score" + BAR
    data, config = styled(frame, "fi", {"score": Num(1, bar=True)})
    assert list(data.data.columns) == ["store", "score", bar]
    assert list(data.data[bar].fillna(-1)) == [93.94, 100.0, -1]
    assert data.to_string().split("\n")[1:4] == [
        "0 A 93,9 93.940000",
        "1 B 100,0 100.000000",
        "2 C – nan",
    ]
    kind = config["score"]["type_config"]
    assert kind["type"] == "number" and kind["format"] is None, "no format over the texts"
    assert config[bar]["label"] == "" and config[bar]["type_config"]["format"] == " "
    data, config = styled(frame, "en", {"score": Num(1, bar=True)})
    assert list(data.columns) == ["store", "score", bar]
    assert config["score"]["type_config"]["format"] == "%.1f"
    assert config[bar]["type_config"]["type"] == "progress"
    data, config = styled(frame, "fi", {"score": PERCENT})  # whole numbers: a label of its own
    assert list(data.data.columns) == ["store", "score"]
    assert config["score"]["type_config"]["format"] == "%.0f\u00a0%%"


@pytest.mark.usefixtures("tours_today")
def test_the_managers_tables_in_finnish_and_in_english(signed_in, db) -> None:
    _proposal(db, "AM-038", "AM-039")  # a saved tour with its cost
    at = signed_in("manager")  # Finnish
    finnish = {}
    for page in ("waves", "routes", "stores", "pay"):
        goto(at, page)
        finnish[page] = [_finnish(d) for d in at.dataframe]
    board = next(d for d in goto(at, "waves").dataframe if t("score", "fi") in d.value.columns)
    score, bar = t("score", "fi"), t("score", "fi") + BAR
    scores = _finnish(board)[score]
    assert any(re.fullmatch(r"\d+,\d", s) for s in scores), scores  # "48,3", not a bar's "48"
    assert all(re.fullmatch(r"\d+,\d|–", s) for s in scores), scores
    assert list(board.value.columns).index(bar) == list(board.value.columns).index(score) + 1
    assert _config(board)[bar]["type"] == "progress", "the bar beside the number"
    assert board.proto.placeholder == "–", "a visit not scored reads –, not Streamlit's None"
    [cost] = [v for table in finnish["routes"] for c, v in table.items() if c == t("tr_cost", "fi")]
    assert all(re.fullmatch(r"\d{1,3}(\u00a0\d{3})*,\d\d\u00a0€", c) for c in cost), cost
    lat = next(v[t("m_lat", "fi")] for v in finnish["stores"] if t("m_lat", "fi") in v)
    assert any("," in x for x in lat), lat
    [pay] = finnish["pay"]
    assert {t("m_fees", "fi"), "km", t("m_total", "fi")} <= set(pay), "the statement's numbers"

    _to(at, "en")
    board = next(d for d in goto(at, "waves").dataframe if t("score", "en") in d.value.columns)
    assert _english(board) == {t("score", "en"): "%.1f", t("score", "en") + BAR: " "}
    formats = [_english(d) for d in goto(at, "routes").dataframe]
    cost = t("tr_cost", "en")
    assert next(f for f in formats if cost in f)[cost] == "%.2f €"
    assert all(f == dict.fromkeys(f) for f in map(_english, goto(at, "stores").dataframe))


def test_the_pay_statement_writes_euros_with_cents_in_finnish_and_in_english(signed_in, db) -> None:
    with db.session() as s:
        shopper, manager = (
            Actor.of(s.scalar(select(User).where(User.username == name)))
            for name in ("shopper1", "manager")
        )
    today = local_today()
    claim = db.run(expenses.file_expense, shopper, today, "84,5", "3,5", "Porvoo trip")
    db.run(expenses.decide_expense, manager, claim, True)
    euros = ("m_fees", "m_km_allowance", "m_receipts_col", "m_total")

    at = goto(signed_in("manager"), "pay")  # Finnish
    statement = next(d for d in at.dataframe if t("m_total", "fi") in d.value.columns)
    shown = pd.DataFrame(_finnish(statement))
    for column in (t(key, "fi") for key in euros):
        cents = shown[column].str.fullmatch(r"\d{1,3}(\u00a0\d{3})*,\d\d")
        assert cents.all(), (column, list(shown[column]))
    frame = statement.value
    mine = (frame[t("shopper", "fi")] == "Sanna Shoppari") & (
        frame[t("m_month", "fi")] == month_label(f"{today:%Y-%m}", "fi")
    )
    [claimed] = shown[mine][["km", t("m_km_allowance", "fi"), t("m_receipts_col", "fi")]].values
    assert list(claimed) == ["84,5", "46,48", "3,50"], "84,5 km × 0,55 € = 46,475 €, paid 46,48 €"

    _to(at, "en")
    statement = next(d for d in goto(at, "pay").dataframe if t("m_total", "en") in d.value.columns)
    assert _english(statement) == {t("m_visits", "en"): None, "km": "%.1f"} | {
        t(key, "en"): "%.2f" for key in euros
    }


@pytest.mark.usefixtures("tours_today")
def test_a_tours_cost_and_days_in_finnish_and_in_english(signed_in, db) -> None:
    _, plan = _proposal(db, "AM-038", "AM-039")
    with db.session() as s:
        brand = s.scalar(select(User).where(User.username == "aurora"))
        assert Actor.of(brand).language == "en"
    at = goto(signed_in("aurora"), "tours")
    costs = next(d for d in at.dataframe if "€" in d.value.columns)
    assert _english(costs) == {"€": "%.2f"}
    _to(at, "fi")
    costs, days = (
        next(d for d in at.dataframe if column in d.value.columns)
        for column in ("€", t("tr_arrive", "fi"))
    )
    total = _finnish(costs)["€"][-1]
    assert total == f"{plan.cost.total_eur:,.2f}".replace(",", "\u00a0").replace(".", ",")
    km = _finnish(days)[t("tr_leg_km", "fi")]
    assert any("," in x for x in km), km


@pytest.mark.usefixtures("tours_today")
def test_a_tour_that_visits_left_sets_its_euros_now_and_approved_in_finnish(signed_in, db) -> None:
    tour_id, _ = _proposal(db, "AM-038", "AM-039")
    wave_id, _, manager = _ids(db)
    with db.session() as s:
        brand = Actor.of(s.scalar(select(User).where(User.username == "aurora")))
    db.run(tours.approve_tour, brand, tour_id)
    [visit_id] = _visits(db, wave_id, "AM-039")
    db.run(waves.unassign, manager, visit_id, override_reason="the store is shut")
    at = _to(goto(signed_in("aurora"), "tours"), "fi")
    costs = next(d for d in at.dataframe if t("tr_cost_basis", "fi") in d.value.columns)
    shown = _finnish(costs)
    now, approved = (f"{t(key, 'fi')} €" for key in ("tr_now", "tr_approved"))
    assert set(shown) == {now, approved}, shown
    assert all(re.fullmatch(r"\d{1,3}(\u00a0\d{3})*,\d\d", x) for x in shown[now] + shown[approved])

    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    saved = next(d for d in at.dataframe if t("tr_changed_col", "fi") in d.value.columns)
    cost = t("tr_now_of", "fi", what=t("tr_cost", "fi"))
    assert _finnish(saved)[cost][0].endswith("\u00a0€"), "the cost now, in Finnish"
