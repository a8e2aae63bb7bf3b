"""The client pages from the real entry point (streamlit AppTest), on the demo data."""

from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.proto.Metric_pb2 import Metric as MetricProto

from audits import auth, waves
from audits.config import load_settings
from audits.db import Database
from audits.demo import BRAND, DEMO_PASSWORD
from audits.rankings import visible_waves
from audits.ui import client_common, client_items, client_map, client_overview, client_store


@pytest.fixture(autouse=True)
def no_map_component(monkeypatch: pytest.MonkeyPatch) -> list:
    """The folium component needs a browser; record the maps instead."""
    shown: list = []
    monkeypatch.setattr(client_map, "show_map", lambda fmap, key: shown.append(fmap))
    return shown


def goto(at, url_path: str, **query: str):
    at._page_hash = next(
        h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path
    )
    at.query_params.clear()
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> str:
    parts = [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader]
    parts += [c.value for c in at.caption] + [m.value for m in at.markdown]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return " ".join(parts)


def test_brand_overview_ranking_store_and_items(signed_in) -> None:
    at = signed_in("aurora")
    text = _texts(at)
    assert "Overview" in text and "Network score" in text
    assert "Best stores" in text and "Weakest stores" in text
    # Autumn is two-thirds audited: its change is over the stores audited in spring too, not
    # against spring's whole network (65.2 against 65.3 would read as a fall of 0.2).
    score = next(m for m in at.metric if m.label == "Network score")
    assert (score.value, score.delta) == ("65.2", "0.0"), "a fall of 0.01 reads as no change"
    assert (score.proto.color, score.proto.direction) == (
        MetricProto.MetricColor.GRAY,
        MetricProto.MetricDirection.NONE,
    ), "neither a red arrow down nor a green one up"
    assert "Previous wave and change over the 36 stores audited in both waves." in text
    assert len(at.get("vega_lite_chart")) == 2, "the spread of scores and the sections"
    at = goto(at, "ranking")
    table = at.dataframe[0].value
    assert {"Rank", "Store", "Score", "Interval (95%)", "Change", "Audits"} <= set(table.columns)
    assert len(table) > 10 and list(table["Rank"]) == sorted(table["Rank"])
    assert "Kodin Rauta" not in table.to_string()
    regions = at.selectbox(key="rank_region")
    regions.set_value("Uusimaa").run()
    only = at.dataframe[0].value
    assert set(only["Region"]) == {"Uusimaa"} and only["Rank"].iloc[0] == 1
    at = goto(at, "store")
    assert at.expander, "the store's audits with every item"
    day = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2}\.\d{1,2}\.\d{4} · Score "
    assert all(re.match(day, e.label) for e in at.expander), [e.label for e in at.expander]
    assert "Items most often failed" in _texts(at)
    assert "Every audit of the store up to this wave" in _texts(at)
    assert at.get("vega_lite_chart"), "the trend over waves"
    at = goto(at, "items")
    assert "Fail rate %" in _texts(at)
    assert at.get("vega_lite_chart"), "the fail rates by region as a heat map"


def test_a_phone_gets_the_essential_columns_in_a_table_that_wraps(signed_in) -> None:
    """Both tables are sent; the page's style sheet shows the one that fits the screen."""
    at = goto(signed_in("aurora"), "ranking")
    laptop, phone = at.dataframe[0].value, at.table[0].value
    assert list(phone.columns) == ["Rank", "Store", "Score", "Change"]
    assert list(phone["Store"]) == list(laptop["Store"]), "the town is in the demo names"
    at.selectbox(key="rank_by").select_index(1).run()
    section = at.selectbox(key="rank_by").value
    title = at.selectbox(key="rank_by").format_func(section)
    assert list(at.table[0].value.columns) == ["Rank", "Store", title], "no total's change"
    at = goto(at, "store")
    phone = [list(table.value.columns) for table in at.table]
    assert phone == [
        ["Section", "Score", "Network average"],
        ["Item", "Fail rate %"],
        ["Section", "Item", "Answer", "Points", "Comment"],  # a laptop's: comments wrap
        ["Item", "Answer", "Points"],
    ]
    at = goto(at, "items")
    assert list(at.table[0].value.columns) == ["Item", "Fail rate %"]
    assert "choose the region above" in _texts(at) + " ".join(c.value for c in at.caption)


def test_the_item_filters_name_what_they_show_before_one_is_chosen(signed_in) -> None:
    at = goto(signed_in("aurora"), "items")
    assert at.selectbox(key="items_region").options[0] == "All regions"
    assert at.selectbox(key="items_section").options[0] == "All sections", "not a bare dash"
    at = goto(signed_in("dealer"), "items")
    assert at.selectbox(key="items_section").options[0] == "Kaikki osiot"


def test_an_answers_points_stay_on_one_line(signed_in) -> None:
    at = goto(signed_in("dealer"), "store")
    points = [p for p in at.table[2].value["Pisteet"] if p]
    assert "1\u00a0/\u00a01" in points and "0\u00a0/\u00a01" in points, points
    assert not [p for p in points if " " in p], "a plain space lets a phone break 2,25 / 3"


def test_a_phone_table_names_the_town_and_shows_text_as_written() -> None:
    shown = pd.DataFrame(
        {"Store": ["Aurora Motors Oulu", "Keskusta"], "City": ["Oulu", "Kuopio"], "Score": [1, 2]}
    )
    assert list(client_common.town_in_name(shown, "en")["Store"]) == [
        "Aurora Motors Oulu",
        "Keskusta, Kuopio",
    ]
    answers = pd.DataFrame(
        {
            "Section": ["Greeting"] * 3,
            "Item": ["Greeted", "Name", "Wait"],
            "Answer": ["No", "*Matti*", None],
            "Points": ["0 / 1", "", ""],
            "Comment": ["See [this](http://x.test) 1.", None, ""],
        }
    )
    rows = client_store._with_comments(answers, "en")
    assert list(rows.columns) == ["Item", "Answer", "Points"]
    assert list(rows["Answer"]) == [r"No · *See \[this\]\(http\://x\.test\) 1\.*", r"\*Matti\*", ""]


def test_the_demo_stores_no_staff_names_for_clients_that_have_them_off(
    signed_in, demo_db_file: Path
) -> None:
    with closing(sqlite3.connect(demo_db_file)) as conn:
        off = conn.execute("SELECT COUNT(*) FROM clients WHERE NOT staff_names_enabled").fetchone()
        named = conn.execute(
            "SELECT COUNT(*) FROM answers WHERE item_id = 'salesperson_name'"
        ).fetchone()
    assert off == (2,) and named == (0,)
    text = _texts(goto(signed_in("aurora"), "store"))
    assert "introduced themselves by name" in text and "salesperson's name" not in text


def test_the_trend_names_the_waves_in_the_order_they_ran() -> None:
    trend = pd.DataFrame(
        {
            "wave": ["Syksy 2026", "Kevät 2026"],
            "starts_on": [dt.date(2026, 9, 1), dt.date(2026, 3, 1)],
            "score": [55.4, 51.0],
            "network": [66.0, 65.3],
        }
    )
    detail = SimpleNamespace(name="Aurora Motors Espoo", trend=trend)
    spec = client_store._trend_chart(detail, "fi").to_dict()
    assert spec["encoding"]["x"]["sort"] == ["Kevät 2026", "Syksy 2026"]
    assert spec["encoding"]["x"]["type"] == "nominal", "one point a wave, not a calendar"
    rows = next(iter(spec["datasets"].values()))
    assert {(r["wave"], r["series"], r["value"]) for r in rows} == {
        ("Kevät 2026", "Aurora Motors Espoo", 51.0),
        ("Syksy 2026", "Aurora Motors Espoo", 55.4),
        ("Kevät 2026", "Ketjun keskiarvo", 65.3),
        ("Syksy 2026", "Ketjun keskiarvo", 66.0),
    }


def test_the_section_chart_keeps_the_checklists_order() -> None:
    table = pd.DataFrame(
        {
            "title": ["Vastaanotto", "Tarvekartoitus", "Kaupan päättäminen"],
            "this": [46.9, 69.6, 66.7],
        }
    )
    table["previous"] = [41.6, 69.0, 69.0]
    spec = client_overview.section_chart(
        table, {"this": "Tämä aalto", "previous": "Edellinen aalto"}, "fi"
    ).to_dict()
    assert spec["encoding"]["y"]["sort"] == ["Vastaanotto", "Tarvekartoitus", "Kaupan päättäminen"]
    tooltip = [(t["field"], t["title"]) for t in spec["encoding"]["tooltip"]]
    assert tooltip == [("title", " "), ("wave", "Aalto"), ("score", "Pisteet")], (
        "each with its own title: two alike showed one value, the wave's lost"
    )
    assert spec["config"]["locale"]["number"]["decimal"] == ",", "77,4 in Finnish"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Tämä aalto", "Edellinen aalto"]
    rows = next(iter(spec["datasets"].values()))
    assert {(r["title"], r["wave"], r["score"]) for r in rows} >= {
        ("Vastaanotto", "Tämä aalto", 46.9),
        ("Vastaanotto", "Edellinen aalto", 41.6),
    } and len(rows) == 6


def test_the_region_heatmap_keeps_items_in_checklist_order_and_skips_missing_cells() -> None:
    by_region = pd.DataFrame(
        {
            "item_id": ["parking", "greeting"],
            "section_title": ["Arrival", "Greeting"],
            "label": ["Parking was easy", "Friendliness"],
            "Uusimaa": [0.0, 100.0],
            "Lappi": [50.0, None],
        }
    )
    spec = client_items.region_heatmap(by_region, ["Lappi", "Uusimaa"], "en").to_dict()
    cells, numbers = spec["layer"]
    assert cells["encoding"]["y"]["sort"] == ["Parking was easy", "Friendliness"]
    assert cells["encoding"]["x"]["sort"] == ["Lappi", "Uusimaa"]
    assert cells["encoding"]["color"]["scale"]["domain"] == [0, 100]
    assert numbers["encoding"]["text"]["field"] == "value", "each cell shows its rate"
    assert numbers["encoding"]["tooltip"] == cells["encoding"]["tooltip"], (
        "the number over a cell, which the pointer is on, tells what the cell tells"
    )
    titles = [t["title"] for t in cells["encoding"]["tooltip"]]
    assert titles == ["Section", "Item", "Region", "Fail rate %"]
    rows = next(iter(spec["datasets"].values()))
    assert sorted((r["label"], r["region"], r["value"]) for r in rows) == [
        ("Friendliness", "Uusimaa", 100.0),
        ("Parking was easy", "Lappi", 50.0),
        ("Parking was easy", "Uusimaa", 0.0),
    ], "a region without audits of an item has no cell"


def test_map_is_built_from_scored_stores(signed_in, no_map_component) -> None:
    goto(signed_in("aurora"), "map")
    assert no_map_component, "the map was drawn"
    html = no_map_component[-1].get_root().render()
    assert "Aurora Motors" in html and "Kodin Rauta" not in html


def test_dealer_sees_its_store_and_the_network_average_only(signed_in) -> None:
    at = signed_in("dealer")
    text = _texts(at)
    assert "Myymälänne pisteet" in text and "Ketjun keskiarvo" in text
    assert "Parhaat myymälät" not in text
    at = goto(at, "ranking")
    table = at.dataframe[0].value
    assert len(table) == 1


def test_dealer_sees_the_same_network_rank_on_overview_ranking_and_report(signed_in) -> None:
    at = signed_in("dealer")
    position = next(m.value for m in at.metric if m.label == "Sijanne ketjussa")
    rank, total = (int(part.strip(" .")) for part in position.split("/"))
    assert 1 < rank <= total, "the demo dealer is not the network's best"
    at = goto(at, "ranking")
    table = at.dataframe[0].value
    assert list(table["Sija ketjussa"]) == [rank]
    assert f"koko ketjussa ({total} myymälää)" in _texts(at)
    store = table["Myymälä"].iloc[0]
    at.selectbox(key="rank_by").select_index(1).run()
    assert not at.exception, at.exception
    by_section = at.dataframe[0].value["Sija ketjussa"].iloc[0]
    brand = goto(signed_in("aurora"), "ranking")
    brand.selectbox(key="rank_by").select_index(1).run()
    everyone = brand.dataframe[0].value.set_index("Store")
    assert by_section == everyone.loc[store, "Rank"], "ranked by a section, the same rank too"
    at = goto(at, "reports")
    at.button(key="build_report").click().run()
    assert not at.exception, at.exception
    _name, data, _mime = at.session_state["report_files"][1][0]
    book = load_workbook(io.BytesIO(data))
    assert "AM-001 Aurora Motors Oulu" in book.sheetnames
    sheet = book["Sijoitukset"]
    assert sheet["A1"].value == "Sija ketjussa" and sheet["A2"].value == rank
    assert sheet["B2"].value == "AM-001" and sheet["A3"].value is None


def test_reports_page_builds_a_workbook(signed_in) -> None:
    at = goto(signed_in("kodinrauta"), "reports")
    at.radio(key="report_language").set_value("en").run()
    at.button(key="build_report").click().run()
    assert not at.exception, at.exception
    files = at.session_state["report_files"][1]
    name, data, _mime = files[0]
    assert name.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:4] == ["Cover", "Ranking", "Sections", "Items"]
    cells = " ".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )
    assert "Kodin Rauta" in cells and "Aurora" not in cells


def test_building_a_report_says_what_it_is_doing_and_when_it_is_done(signed_in) -> None:
    at = goto(signed_in("aurora"), "reports")
    at.radio(key="report_mode").set_value("zip").run()
    at.button(key="build_report").click().run()
    assert not at.exception, at.exception
    [box] = at.get("status")
    assert box.state == "complete"
    assert re.fullmatch(r"Report ready: 36 stores, \d+\.\d s", box.label), box.label
    assert [m.value for m in box.markdown] == ["Writing one workbook per store…"]


def test_a_dealers_report_is_ready_for_its_one_store(signed_in) -> None:
    at = goto(signed_in("dealer"), "reports")
    at.button(key="build_report").click().run()
    [box] = at.get("status")
    assert re.fullmatch(r"Raportti valmis: 1 myymälä, \d+,\d s", box.label), box.label


def test_the_reports_store_tabs_name_their_town(signed_in) -> None:
    at = goto(signed_in("aurora"), "reports")
    at.button(key="build_report").click().run()
    assert not at.exception, at.exception
    _name, data, _mime = at.session_state["report_files"][1][0]
    names = load_workbook(io.BytesIO(data), read_only=True).sheetnames
    assert "AM-006 Pietarsaari" in names and "AM-053 Aurora Motors Nurmijärvi" in names
    assert not [n for n in names if "…" in n], "no tab cut before its town"


def test_dealer_map_opens_on_its_one_store(signed_in, no_map_component) -> None:
    goto(signed_in("dealer"), "map")
    html = no_map_component[-1].get_root().render()
    assert html.count("L.circleMarker(") == 1
    assert "fitBounds" not in html, "one store gives no box to fit"
    assert '"zoom": 11' in html


def test_the_map_writes_scores_as_the_users_language_does(signed_in, no_map_component) -> None:
    at = signed_in("dealer")  # a Finnish user
    score = next(m.value for m in at.metric if m.label == "Myymälänne pisteet")
    assert re.fullmatch(r"\d+,\d", score), score
    goto(at, "map")
    html = no_map_component[-1].get_root().render()
    assert f"Aurora Motors Oulu: {score}" in html, "the tooltip"
    assert f"Pisteet: {score} · Sija" in html, "the popup"


def test_a_new_wave_without_approved_audits_does_not_hide_the_last_results(signed_in) -> None:
    before = signed_in("aurora")
    shown = before.selectbox(key="wave_picker").value
    figures = {m.label: m.value for m in before.metric}
    db = Database(load_settings().database_url)
    try:
        manager = auth.login(db, "manager", DEMO_PASSWORD)
        latest = db.run(visible_waves, manager)[0]
        new_wave = db.run(
            waves.create_wave,
            manager,
            BRAND,
            "Kevät 2027",
            latest.ends_on + dt.timedelta(days=30),
            latest.ends_on + dt.timedelta(days=120),
            latest.checklist_version_id,
            "45",
        )
    finally:
        db.dispose()
    at = signed_in("aurora")
    picker = at.selectbox(key="wave_picker")
    assert picker.options[0] == "Kevät 2027", "the new wave is the newest on offer"
    assert picker.value == shown != new_wave, "the overview opens on the last wave with results"
    assert {m.label: m.value for m in at.metric} == figures
    picker.set_value(new_wave).run()
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == ["Wave Kevät 2027 has no approved audits yet."]
    assert not at.metric


def test_a_store_named_like_code_stays_text_on_the_map() -> None:
    """Folium puts tooltips and popups into JavaScript templates: a backtick would end one and
    ${…} would run, and a tag would be drawn."""
    stores = pd.DataFrame(
        {"name": ["Auto `${alert(1)}` <b>Oy</b>"], "city": ["Porvoo"], "score": [55.4],
         "rank": [1], "lat": [60.39], "lon": [25.66]}
    )  # fmt: skip
    html = client_map.build_map(stores, "fi").get_root().render()
    assert "${alert" not in html and "<b>Oy" not in html and "Auto `" not in html
    assert html.count("Auto &#96;&#36;{alert(1)}&#96; &lt;b&gt;Oy&lt;/b&gt;") == 2, "tip, popup"
