"""Client reports: scores recomputed here from raw answers, scope, comparisons, Excel, CLI."""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.cell import Cell
from openpyxl.chart import BarChart
from openpyxl.utils import get_column_letter as _col
from sqlalchemy import select

from audits import fieldwork, rankings, review
from audits.auth import Actor, PermissionDenied, create_user
from audits.catalog import add_version
from audits.checklist import load_checklist
from audits.config import CHECKLIST_DIR
from audits.models import Audit, Client, Store, Visit, Wave, clock_at
from audits.rankings import WaveAmbiguous, WaveNotFound, comparable_scores, find_wave
from audits.report_xlsx import (
    items_frame,
    ranking_frame,
    report_bytes,
    sheet_name,
    store_workbooks_zip,
    text_lines,
    write_report,
    write_store_workbooks,
)
from audits.reports import answer_text, change_basis, ranking_view, store_report, wave_report
from tests.conftest import DATA, World

# --- an independent scorer for tests/data/mini_checklist.yaml -------------------------------


def _greeting_points(value: dict) -> float:
    if value.get("nobody_came"):
        return 0.0
    seconds = value["seconds"]
    return 2.0 if seconds <= 60 else 1.0 if seconds <= 300 else 0.0


def mini_score(answers: dict, items: set[str] | None = None) -> tuple[float, dict[str, float]]:
    """Score a mini-checklist audit by hand: section = earned/possible, total weighted 1:3.

    `items` limits the scored items (for comparisons across versions).
    """
    keep = (lambda i: True) if items is None else items.__contains__
    greeting, needs = [0.0, 0.0], [0.0, 0.0]
    if keep("greeting_time") and "greeting_time" in answers:
        greeting[0] += _greeting_points(answers["greeting_time"])
        greeting[1] += 2
    polite_failed = False
    if keep("polite") and "polite" in answers:
        greeting[0] += answers["polite"] == "yes"
        greeting[1] += 1
        polite_failed = answers["polite"] == "no"
    for item in ("asked_use", "trade_in"):
        if keep(item) and answers.get(item) in ("yes", "no"):
            needs[0] += answers[item] == "yes"
            needs[1] += 1
    if keep("trade_in_value") and answers.get("trade_in") == "yes" and "trade_in_value" in answers:
        needs[0] += answers["trade_in_value"] == "yes"
        needs[1] += 1
    sections = {}
    if greeting[1]:
        sections["greeting"] = 0.0 if polite_failed else greeting[0] / greeting[1] * 100
    if needs[1]:
        sections["needs"] = needs[0] / needs[1] * 100
    weights = {"greeting": 1, "needs": 3}
    total = sum(sections[s] * weights[s] for s in sections) / sum(weights[s] for s in sections)
    return total, sections


SLOW = {"seconds": 200, "nobody_came": False}
FAST = {"seconds": 30, "nobody_came": False}
AUDIT_1 = {"greeting_time": FAST, "polite": "yes", "asked_use": "yes", "trade_in": "no"}
AUDIT_2 = {"greeting_time": SLOW, "polite": "yes", "asked_use": "no", "trade_in": "yes"}
AUDIT_2 |= {"trade_in_value": "yes"}
AUDIT_3 = {"greeting_time": FAST, "polite": "no", "asked_use": "yes", "trade_in": "yes"}
AUDIT_3 |= {"trade_in_value": "no"}
COMMENTS = {"polite": "Myyjä ei tervehtinyt.", "asked_use": "Did not ask at all."}


def approve(world: World, shopper, visit_id: int, answers: dict) -> int:
    audit_id = world.db.run(fieldwork.start_audit, shopper, visit_id)
    for item_id, value in answers.items():
        comment = COMMENTS.get(item_id) if value == "no" else None
        world.db.run(fieldwork.save_answer, shopper, audit_id, item_id, value, comment=comment)
    result = world.db.run(fieldwork.submit, shopper, audit_id)
    assert result.submitted, result.missing
    world.db.run(review.approve, world.manager, audit_id)
    return audit_id


def add_visit(world: World, wave_id: int, store_code: str, shopper) -> int:
    with world.db.session() as s:
        store = s.query(Store).filter_by(code=store_code).one()
        visit = Visit(wave_id=wave_id, store_id=store.id, shopper_id=shopper.id)
        s.add(visit)
        s.flush()
        return visit.id


def add_wave(world: World, name: str, start: dt.date, yaml_text: str | None = None) -> int:
    """A wave of brand A; with `yaml_text`, on another checklist version."""
    with world.db.session() as s:
        current = s.get(Wave, world.wave_a)
        version_id = current.checklist_version_id
        if yaml_text is not None:
            version_id = add_version(s, yaml_text, "mini_v2.yaml", publish=True).id
        wave = Wave(
            client_id=current.client_id,
            name=name,
            checklist_version_id=version_id,
            starts_on=start,
            ends_on=start + dt.timedelta(days=60),
        )
        s.add(wave)
        s.flush()
        return wave.id


@pytest.fixture
def filled(world: World) -> World:
    """Brand A: A1 audited twice (one is still waiting), A2 once; brand B: B1 once."""
    approve(world, world.shopper_a, world.visit_a, AUDIT_1)
    approve(world, world.shopper_b, world.visit_b, AUDIT_2)
    approve(world, world.shopper_a, add_visit(world, world.wave_a, "A1", world.shopper_a), AUDIT_3)
    pending = world.db.run(
        fieldwork.start_audit,
        world.shopper_b,
        add_visit(world, world.wave_a, "A2", world.shopper_b),
    )
    world.db.run(fieldwork.save_answer, world.shopper_b, pending, "asked_use", "no")
    approve(world, world.shopper_a, world.visit_other_brand, AUDIT_1)
    return world


# --- numbers -------------------------------------------------------------------------------


def test_ranking_scores_equal_an_independent_recompute(filled: World) -> None:
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, details=True)
    a1 = [mini_score(AUDIT_1), mini_score(AUDIT_3)]
    a2 = mini_score(AUDIT_2)
    expected = {
        "A1": (sum(t for t, _ in a1) / 2, sum(s["needs"] for _, s in a1) / 2, 2),
        "A2": (a2[0], a2[1]["needs"], 1),
    }
    table = report.ranking.set_index("code")
    assert set(table.index) == {"A1", "A2"}, "only approved audits of the client's own stores"
    for code, (score, needs, audits) in expected.items():
        assert table.loc[code, "score"] == pytest.approx(score)
        assert table.loc[code, "needs"] == pytest.approx(needs)
        assert table.loc[code, "audits"] == audits
    best = max(expected, key=lambda c: expected[c][0])
    assert table.loc[best, "rank"] == 1
    assert report.scope.audits == 3 and report.scope.stores == 2
    assert report.scope.score == pytest.approx((expected["A1"][0] + expected["A2"][0]) / 2)
    # A store with few audits carries an interval that narrows with more audits.
    assert table.loc["A1", "margin"] < table.loc["A2", "margin"]
    assert table.loc["A2", "low"] <= table.loc["A2", "score"] <= table.loc["A2", "high"]


def test_ties_share_a_rank_and_rerank_by_section_and_region(filled: World) -> None:
    approve(
        filled, filled.shopper_a, add_visit(filled, filled.wave_a, "A2", filled.shopper_a), AUDIT_1
    )
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a)
    by_greeting = rankings.rerank(report.ranking, by="greeting")
    assert list(by_greeting["greeting"]) == sorted(by_greeting["greeting"], reverse=True)
    assert list(by_greeting["rank"]) == [1, 2]
    only = rankings.rerank(report.ranking, regions=["Pirkanmaa"])
    assert list(only["code"]) == ["A2"] and list(only["rank"]) == [1]
    with pytest.raises(ValueError, match="cannot rank by 'nope'"):
        rankings.rerank(report.ranking, by="nope")
    tied = report.ranking.assign(score=[70.0, 70.04])
    assert list(rankings.rerank(tied)["rank"]) == [1, 1]


def test_comparable_scores_reproduce_the_stored_ones(filled: World) -> None:
    def stored_and_recomputed(session):
        wave = session.get(Wave, filled.wave_a)
        checklist = rankings.checklist_for(session, wave)
        sections = rankings.sections_of(checklist, "en")
        where = rankings.brand_clause(wave)
        audits = rankings.load_audits(session, [wave.id], where, sections).set_index("audit_id")
        answers = rankings.load_answers(session, [wave.id], where)
        items = {i.id for i in checklist.items()}
        return audits, comparable_scores(answers, checklist, items, sections)

    audits, again = filled.db.run(stored_and_recomputed)
    assert len(audits) == 3
    for column in ("score", "greeting", "needs"):
        pd.testing.assert_series_equal(
            audits[column].sort_index(), again[column].sort_index(), check_names=False
        )


def test_a_visit_is_dated_by_its_finnish_day(filled: World) -> None:
    """Checked in at 00.30 on 1 November in Finland: 22.30 on 31 October in UTC."""

    def visited(session):
        audit = session.scalar(select(Audit).where(Audit.status == "approved"))
        audit.checkin_at = dt.datetime(2026, 10, 31, 22, 30)
        session.flush()
        wave = session.get(Wave, filled.wave_a)
        sections = rankings.sections_of(rankings.checklist_for(session, wave), "en")
        audits = rankings.load_audits(session, [wave.id], rankings.brand_clause(wave), sections)
        return audits.set_index("audit_id")["visited_on"][audit.id]

    assert filled.db.run(visited) == dt.date(2026, 11, 1)


V2 = (DATA / "mini_checklist.yaml").read_text(encoding="utf-8").replace("version: 1", "version: 2")
V2 = V2.replace("      - id: trade_in\n", "      - id: trade_in_old\n").replace(
    "{item: trade_in, equals", "{item: trade_in_old, equals"
)


def test_change_since_previous_wave_uses_only_shared_items(filled: World) -> None:
    earlier = add_wave(filled, "W0", dt.date(2026, 3, 1), V2)
    visit = add_visit(filled, earlier, "A1", filled.shopper_a)
    old = {"greeting_time": SLOW, "polite": "yes", "asked_use": "no", "trade_in_old": "no"}
    approve(filled, filled.shopper_a, visit, old)
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a)
    assert report.previous is not None and report.previous.name == "W0"
    # trade_in was renamed in v2, and trade_in_value depends on it: both drop out.
    shared = {"greeting_time", "polite", "asked_use", "trade_in_value"}
    assert report.shared_items == len(shared)
    now = [mini_score(AUDIT_1, shared)[0], mini_score(AUDIT_3, shared)[0]]
    before = mini_score(old, shared)[0]
    a1 = report.ranking.set_index("code").loc["A1"]
    assert a1["previous"] == pytest.approx(before)
    assert a1["change"] == pytest.approx(sum(now) / 2 - before)
    assert pd.isna(report.ranking.set_index("code").loc["A2", "change"])
    table = report.section_table.set_index("section")
    assert table.loc["needs", "previous"] == pytest.approx(mini_score(old, shared)[1]["needs"])


PERFECT = {"greeting_time": FAST, "polite": "yes", "asked_use": "yes", "trade_in": "yes"}
PERFECT |= {"trade_in_value": "yes"}
ZERO = {"greeting_time": SLOW, "polite": "no", "asked_use": "no", "trade_in": "no"}


def test_change_compares_only_the_stores_audited_in_both_waves(world: World) -> None:
    """A wave in progress: only A1 audited so far. Against the whole earlier wave (A1 at 100,
    A2 at 0) A1's 62.5 would read as a rise; A1 itself fell from 100."""
    earlier = add_wave(world, "W0", dt.date(2026, 3, 1))
    approve(world, world.shopper_a, add_visit(world, earlier, "A1", world.shopper_a), PERFECT)
    approve(world, world.shopper_b, add_visit(world, earlier, "A2", world.shopper_b), ZERO)
    approve(world, world.shopper_a, world.visit_a, AUDIT_1)
    now, now_sections = mini_score(AUDIT_1)
    assert (mini_score(PERFECT)[0], mini_score(ZERO)[0], now) == (100.0, 0.0, 62.5)
    naive = now - (100.0 + 0.0) / 2
    assert naive > 0

    report = world.db.run(wave_report, world.client_a, world.wave_a, language="en")
    for figures in (report.scope, report.network):
        assert figures.score == pytest.approx(now), "the score itself is every store's"
        assert figures.previous == pytest.approx(100.0)
        assert figures.change == pytest.approx(now - 100.0) and figures.change < 0
        assert figures.compared == 1
    table = report.section_table.set_index("section")
    # needs: naive 50 − (100 + 0) / 2 = 0; like for like 50 − 100. greeting: naive +50, here 0.
    assert table.loc["needs", "change"] == pytest.approx(now_sections["needs"] - 100.0)
    assert table.loc["greeting", "change"] == pytest.approx(0.0)
    assert table.loc["greeting", "previous"] == pytest.approx(100.0)
    basis = "Previous wave and change over the 1 store audited in both waves."
    assert change_basis(report.scope, "en") == basis
    cover = _cover_cells(report_bytes(report, store_sheets=False))
    assert cover["Change"].value == pytest.approx(now - 100.0), "a number, not the text -37.5"
    assert cover["Change"].number_format == "+0.0;-0.0;0.0"
    assert cover["Score"].value == pytest.approx(now) and cover["Score"].number_format == "0.0"
    assert cover["Stores compared"].value == basis

    dealer = world.db.run(wave_report, world.dealer_a, world.wave_a)
    assert dealer.scope.change == pytest.approx(now - 100.0)
    regional = _region_actor(world, "Pirkanmaa")  # A2 only: audited in W0 alone
    report = world.db.run(wave_report, regional, world.wave_a, language="fi")
    assert report.scope.change is None and report.scope.compared == 0
    assert report.network.change == pytest.approx(now - 100.0)
    assert change_basis(report.scope, "fi") == (
        "Yhtään myymälää ei ole vielä auditoitu molemmissa aalloissa, joten muutosta ei ole."
    )


def _cover_cells(data: bytes) -> dict[str, Cell]:
    """The cover's value cells by their labels."""
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return {r[0].value: r[1] for r in ws.iter_rows(max_col=2) if r[0].value is not None}


def _region_actor(world: World, region: str):
    from audits.auth import Actor

    with world.db.session() as s:
        user = create_user(
            s, f"cli_{region}", "password-123", "client", client="Brand A", scope_region=region
        )
        return Actor.of(user)


def test_item_analysis_and_store_page(filled: World) -> None:
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, language="en")
    items = report.items.set_index("item_id")
    # asked_use: "no" once in three audits; polite: "no" once.
    assert items.loc["asked_use", "counted"] == 3
    assert items.loc["asked_use", "failed"] == 1
    assert items.loc["asked_use", "fail_rate"] == pytest.approx(100 / 3)
    assert items.loc["asked_use", "label"] == "Asked what the car is for"
    assert "notes" not in items.index, "unscored items are not analysed"
    assert report.items["fail_rate"].is_monotonic_decreasing
    by_region = report.items_by_region.set_index("item_id")
    assert by_region.loc["asked_use", "Pirkanmaa"] == pytest.approx(100.0)
    assert by_region.loc["asked_use", "Uusimaa"] == pytest.approx(0.0)
    a1 = int(report.ranking.set_index("code").loc["A1", "store_id"])
    page = filled.db.run(store_report, filled.client_a, filled.wave_a, a1, language="en")
    assert len(page.audits) == 2
    rows = pd.concat([a.items for a in page.audits])
    polite = rows[rows["label"] == "Polite"]
    assert sorted(polite["answer"]) == ["No", "Yes"]
    assert "Myyjä ei tervehtinyt." in set(polite["comment"])
    assert list(page.trend["wave"]) == ["W1"]
    assert page.trend["score"].iloc[0] == pytest.approx(page.score)
    failed = page.most_failed.set_index("label")["fail_rate"].to_dict()
    # trade_in "no" in one of two audits, trade_in_value "no" in the one that showed it.
    assert failed == pytest.approx(
        {"Valued the trade-in": 100.0, "Polite": 50.0, "Trade-in discussed": 50.0}
    )
    assert page.most_failed.iloc[0]["label"] == "Valued the trade-in"


def _set_staff_names(world: World, enabled: bool) -> None:
    with world.db.session() as s:
        s.scalar(select(Client).where(Client.name == "Brand A")).staff_names_enabled = enabled


def test_staff_names_reach_no_client_report_when_the_client_has_them_off(world: World) -> None:
    _set_staff_names(world, True)
    approve(world, world.shopper_a, world.visit_a, AUDIT_1 | {"seller_name": "Matti Myyjä"})
    with world.db.session() as s:
        store_id = s.get(Visit, world.visit_a).store_id

    def everything(actor) -> set[str]:
        report = world.db.run(wave_report, actor, world.wave_a, language="en", details=True)
        page = world.db.run(store_report, actor, world.wave_a, store_id, language="en")
        cells = _all_cells(report_bytes(report))
        with zipfile.ZipFile(io.BytesIO(store_workbooks_zip(report))) as archive:
            for name in archive.namelist():
                cells |= _all_cells(archive.read(name))
        frames = [report.answers, report.items, report.items_by_region, page.most_failed]
        frames += [a.items for a in page.audits]
        return cells | {str(v) for f in frames for v in f.to_numpy().ravel()}

    # Names on: the answer is reported, so its absence below is the setting's doing.
    assert {"Matti Myyjä", "Salesperson's name"} <= everything(world.client_a)
    _set_staff_names(world, False)  # turned off later: the stored answer stays in the database
    for actor in (world.client_a, world.dealer_a, world.manager):
        seen = everything(actor)
        assert not {"Matti Myyjä", "Salesperson's name"} & seen
        assert "Polite" in seen, "the other answers are still there"


# --- scope ---------------------------------------------------------------------------------


def test_a_client_never_sees_another_brand(filled: World) -> None:
    db = filled.db
    with pytest.raises(PermissionDenied):
        db.run(wave_report, filled.client_b, filled.wave_a)
    a1 = int(db.run(wave_report, filled.client_a, filled.wave_a).ranking["store_id"].iloc[0])
    with pytest.raises(PermissionDenied):
        db.run(store_report, filled.client_b, filled.wave_b, a1)
    with pytest.raises(PermissionDenied):
        db.run(store_report, filled.client_b, filled.wave_a, a1)
    assert db.run(find_wave, filled.client_b, "W1").id == filled.wave_b
    with pytest.raises(WaveNotFound):
        db.run(find_wave, filled.client_b, str(filled.wave_a))
    report = db.run(wave_report, filled.client_b, filled.wave_b, details=True)
    cells = _all_cells(report_bytes(report))
    assert "B One" in cells
    assert not {"A One", "A Two", "A1", "A2", "Brand A"} & cells


def test_a_dealer_sees_its_store_and_only_network_figures(filled: World) -> None:
    report = filled.db.run(wave_report, filled.dealer_a, filled.wave_a, details=True)
    assert list(report.ranking["code"]) == ["A1"]
    assert report.single_store and report.position is not None
    assert report.position[1] == 2
    assert report.network.stores == 2 and report.network.audits == 3
    assert report.answers is not None and set(report.answers["store_id"]) == set(
        report.ranking["store_id"]
    )
    cells = _all_cells(report_bytes(report))
    assert "A One" in cells
    assert not {"A Two", "A2", "Tampere"} & cells
    with pytest.raises(PermissionDenied):
        a2 = filled.db.run(wave_report, filled.client_a, filled.wave_a).ranking
        filled.db.run(
            store_report,
            filled.dealer_a,
            filled.wave_a,
            int(a2.set_index("code").loc["A2", "store_id"]),
        )


def test_a_scoped_client_sees_its_stores_rank_in_the_whole_network(filled: World) -> None:
    brand = filled.db.run(wave_report, filled.client_a, filled.wave_a)
    in_network = {
        by: ranking_view(brand, by=by).set_index("code")["rank"]["A1"]
        for by in ("score", "greeting", "needs")
    }
    assert in_network["score"] == 2, "A2 scores higher than the dealer's A1"
    assert list(ranking_view(brand, region="Uusimaa")["rank"]) == [1], (
        "the whole brand's user ranks the stores of a region among themselves"
    )
    with filled.db.session() as s:
        user = create_user(
            s, "cli_uusimaa", "password-123", "client", client="Brand A", scope_region="Uusimaa"
        )
        region_client = Actor.of(user)
    for actor in (filled.dealer_a, region_client):
        report = filled.db.run(wave_report, actor, filled.wave_a, language="en", details=True)
        assert list(report.ranking["code"]) == ["A1"] and list(report.ranking["rank"]) == [2]
        for by, rank in in_network.items():
            assert list(ranking_view(report, by=by)["rank"]) == [rank], by
        frame, headers = ranking_frame(report)
        assert headers[0] == "Rank in network" and list(frame["rank"]) == [2]
        sheet = load_workbook(io.BytesIO(report_bytes(report)))["Ranking"]
        assert [c.value for c in sheet[1]][:2] == ["Rank in network", "Code"]
        assert [c.value for c in sheet[2]][:2] == [2, "A1"]
        cells = _all_cells(report_bytes(report))
        assert not {"A Two", "A2", "Tampere"} & cells, "a rank names no other store"
    dealer = filled.db.run(wave_report, filled.dealer_a, filled.wave_a)
    assert dealer.position == (2, 2), "the overview's position is the same rank"
    assert brand.network_ranks is None


def _all_cells(data: bytes) -> set[str]:
    from io import BytesIO

    wb = load_workbook(BytesIO(data))
    found = set()
    for ws in wb.worksheets:
        found.add(ws.title)
        for row in ws.iter_rows(values_only=True):
            found.update(str(v) for v in row if v is not None)
    return found


# --- Excel ---------------------------------------------------------------------------------


def test_excel_report_sheets_numbers_and_formatting(filled: World, tmp_path: Path) -> None:
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, language="en", details=True)
    path = tmp_path / "report.xlsx"
    write_report(report, path)
    wb = load_workbook(path)
    assert wb.sheetnames[:4] == ["Cover", "Ranking", "Sections", "Items"]
    assert {"A1 A One", "A2 A Two"} <= set(wb.sheetnames)
    ranking = wb["Ranking"]
    headers = [c.value for c in ranking[1]]
    assert headers == [
        "Rank", "Code", "Store", "City", "Region", "Score", "± (95%)",
        "Greeting", "Needs discovery", "Change", "Audits",
    ]  # fmt: skip
    expected = {
        "A1": (mini_score(AUDIT_1)[0] + mini_score(AUDIT_3)[0]) / 2,
        "A2": mini_score(AUDIT_2)[0],
    }
    rows = {r[1]: r for r in ranking.iter_rows(min_row=2, values_only=True)}
    for code, score in expected.items():
        assert rows[code][5] == pytest.approx(score)
    best = max(expected, key=expected.get)
    assert rows[best][0] == 1
    assert ranking["F2"].number_format == "0.0"
    assert ranking.freeze_panes == "D2"
    assert ranking.auto_filter.ref == "A1:K3"
    rules = {str(r.sqref): [x.type for x in r.rules] for r in ranking.conditional_formatting}
    assert rules["F2:F3"] == ["colorScale"]
    assert rules["H2:I3"] == ["colorScale"]
    assert rules["J2:J3"] == ["iconSet", "cellIs", "cellIs"]
    sections = wb["Sections"]
    charts = sections._charts
    assert len(charts) == 1 and isinstance(charts[0], BarChart)
    assert len(charts[0].series) == 1, "no previous wave: one series"
    aligned = {c.value: c.alignment.horizontal for c in ranking[1]}
    assert aligned["Score"] == aligned["Rank"] == aligned["Audits"] == "right", "over numbers"
    assert aligned["Store"] != "right"
    store = wb["A1 A One"]
    assert store["A1"].value == "A One"
    headers = {c.value: c.alignment.horizontal for c in store[5] if c.value}
    assert headers["Earned"] == headers["Possible"] == "right"
    assert headers["Item"] != "right" and headers["Comment"] != "right"
    answers = [r for r in store.iter_rows(min_row=6, max_col=7, values_only=True) if r[2]]
    assert len(answers) == 2 * 4 + 1, "two audits: four answers, plus trade_in_value once"
    assert any(r[6] == "Myyjä ei tervehtinyt." for r in answers)
    frame = pd.read_excel(path, sheet_name="Ranking")
    assert list(frame["Code"]) == [r[1] for r in ranking.iter_rows(min_row=2, values_only=True)]
    assert frame.set_index("Code")["Score"].to_dict() == pytest.approx(expected)
    items = pd.read_excel(path, sheet_name="Items")
    values, headers = items_frame(report)
    assert list(items.columns) == headers
    assert items["Fail rate %"].tolist() == pytest.approx(values["fail_rate"].tolist())


def test_report_in_finnish_with_previous_wave_chart(filled: World, tmp_path: Path) -> None:
    earlier = add_wave(filled, "W0", dt.date(2026, 3, 1))
    approve(filled, filled.shopper_a, add_visit(filled, earlier, "A1", filled.shopper_a), AUDIT_2)
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, language="fi", details=True)
    assert report.shared_items is None, "same checklist version"
    path = tmp_path / "raportti.xlsx"
    write_report(report, path, store_sheets=False)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Kansilehti", "Sijoitukset", "Osiot", "Kohdat", "Kohdat alueittain"]
    assert len(wb["Osiot"]._charts[0].series) == 2
    headers = [c.value for c in wb["Sijoitukset"][1]]
    assert headers[:3] == ["Sija", "Koodi", "Myymälä"]
    a1 = {r[1]: r for r in wb["Sijoitukset"].iter_rows(min_row=2, values_only=True)}["A1"]
    now = (mini_score(AUDIT_1)[0] + mini_score(AUDIT_3)[0]) / 2
    assert a1[headers.index("Muutos")] == pytest.approx(now - mini_score(AUDIT_2)[0])
    # The cover's figures are numbers, so a Finnish spreadsheet shows "48,3" as on every sheet.
    cover = _cover_cells(path.read_bytes())
    for label, fmt in [("Pisteet", "0.0"), ("Muutos", "+0.0;-0.0;0.0")]:
        assert isinstance(cover[label].value, float) and cover[label].number_format == fmt
    assert cover["Pisteet"].value == pytest.approx(report.scope.score)
    assert cover["Muutos"].value == pytest.approx(report.scope.change)
    assert cover["Mukana auditointeja"].value == report.scope.audits


def test_store_workbooks_in_a_zip(filled: World, tmp_path: Path) -> None:
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, details=True)
    archive = zipfile.ZipFile(__import__("io").BytesIO(store_workbooks_zip(report)))
    names = sorted(archive.namelist())
    assert names == ["A1_A_One.xlsx", "A2_A_Two.xlsx"]
    (tmp_path / names[0]).write_bytes(archive.read(names[0]))
    wb = load_workbook(tmp_path / names[0])
    assert wb.sheetnames == ["A1 A One"]
    with pytest.raises(ValueError, match="details=True"):
        report_bytes(filled.db.run(wave_report, filled.client_a, filled.wave_a))


def test_a_long_sheet_name_leaves_out_the_brand_and_keeps_the_town() -> None:
    taken: set[str] = set()
    brand = "Aurora Motors"
    assert sheet_name("AM-026", "Aurora Motors Hämeenlinna", taken, brand) == "AM-026 Hämeenlinna"
    assert sheet_name("AM-004", "Aurora Motors Iisalmi", taken, brand) == (
        "AM-004 Aurora Motors Iisalmi"
    ), "a name that fits stays whole"
    assert sheet_name("AM-9", "Auroran Autotalo Hämeenlinna Keskusta", taken, brand) == (
        "AM-9 Auroran Autotalo…"
    ), "only the brand's own words are left out"
    assert sheet_name("AM-8", "aurora motors", taken, brand) == "AM-8 aurora motors"


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    first = sheet_name("X/1", "Store [north]: a very long name indeed", taken)
    assert len(first) <= 31 and not set("[]:*?/\\") & set(first)
    second = sheet_name("X/1", "Store [north]: a very long name indeed", taken)
    assert second != first and len(second) <= 31 and second.endswith("(2)")
    assert sheet_name("X", "Auto\x0bTalo\x00 Oy", set()) == "X Auto_Talo_ Oy"
    cut = sheet_name("X", "a" * 28 + "'s Autotalo", set())
    assert len(cut) <= 31 and not cut.endswith("'") and not cut.startswith("'")


def test_long_sheet_names_are_cut_at_a_word() -> None:
    taken: set[str] = set()
    assert sheet_name("AM-026", "Aurora Motors Hämeenlinna", taken) == "AM-026 Aurora Motors…"
    again = sheet_name("AM-026", "Aurora Motors Hämeenlinna", taken)
    assert again == "AM-026 Aurora Motors… (2)"
    assert sheet_name("AM-1", "Aurora Motors Helsinki", taken) == "AM-1 Aurora Motors Helsinki"
    exact = sheet_name("AM-10", "Aurora Motors Hämeenlinna", set())
    assert exact == "AM-10 Aurora Motors Hämeenlinna", "31 characters fit whole"
    one_word = sheet_name("X", "Supercalifragilisticexpialidocious", set())
    assert one_word == "X Supercalifragilisticexpialid…", "a word too long is cut inside"


def _print_scale(ws: Any) -> float:
    """The scale that fits the sheet's columns one page wide: the page's width within its
    margins over the columns' (a width counts 7-pixel digits, plus 5 pixels; 96 pixels an
    inch), at most 100 %."""
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape", "A4"
    room = (297 / 25.4 - ws.page_margins.left - ws.page_margins.right) * 96
    columns = sum(ws.column_dimensions[_col(n)].width * 7 + 5 for n in range(1, ws.max_column + 1))
    return min(1.0, room / columns)


def test_a_store_sheet_prints_one_page_wide_and_readable(
    filled: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    long = "The salesperson never asked what the car was for. " * 3
    monkeypatch.setitem(COMMENTS, "asked_use", long)
    approve(filled, filled.shopper_b, add_visit(filled, filled.wave_a, "A2", filled.shopper_b),
            AUDIT_2)  # fmt: skip
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, language="en", details=True)
    path = tmp_path / "report.xlsx"
    write_report(report, path)
    store = load_workbook(path)["A2 A Two"]
    setup = store.page_setup
    assert store.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), "one page wide, as many pages long"
    assert store.max_column == 7, "nothing beside the answers"
    assert _print_scale(store) >= 0.75, "printed at 47 % when columns were 60 wide"
    widths = [store.column_dimensions[_col(n)].width for n in range(1, 8)]
    assert max(widths) <= 46
    # Screen: the header row frozen, the filter over the answers only.
    answers = [r for r in store.iter_rows(min_row=6, max_col=7) if r[2].value]
    last = answers[-1][0].row
    assert [c.value for c in store[5]][:7] == [
        "Date", "Section", "Item", "Answer", "Earned", "Possible", "Comment",
    ]  # fmt: skip
    assert store.freeze_panes == "A6" and store.auto_filter.ref == f"A5:G{last}"
    assert store.print_title_rows == "$5:$5", "the header row on every printed page"
    tall = next(r for r in answers if r[6].value == long)
    assert all(c.alignment.wrap_text for c in tall[1:4] + tall[6:7]), "texts wrap"
    assert store.row_dimensions[tall[0].row].height == 15 * text_lines(long, widths[6] * 0.95 - 2)
    assert store.row_dimensions[tall[0].row].height >= 45, "three lines or more"
    assert [c.alignment.vertical for c in tall] == ["top"] * 7, "every cell at the top"
    assert isinstance(tall[4].value, int | float) and isinstance(tall[5].value, int | float)
    # The trend: below the answers, its wave names over "Answer", its scores over the points.
    title = next(r for r in store.iter_rows(min_row=last + 1) if r[3].value)
    assert title[3].value == "Trend over waves" and title[0].row == last + 2
    header, wave = store[last + 3], store[last + 4]
    assert [c.value for c in header[3:6]] == ["Wave", "Score", "Network average"]
    assert wave[3].value == "W1" and wave[4].number_format == "0.0"
    assert wave[4].value == pytest.approx(mini_score(AUDIT_2)[0])


def test_text_lines_wrap_at_words_in_a_column() -> None:
    assert text_lines("", 10) == 1
    assert text_lines("Kyllä", 10) == 1
    assert text_lines("Asked what the car is for", 30) == 1
    assert text_lines("Asked what the car is for", 9) == 3, "Asked / what the / car is for"
    assert text_lines("first\nsecond", 30) == 2, "a line break starts a line"
    assert text_lines("x" * 25, 10) == 3, "a word longer than a line is broken"
    assert text_lines("mmmmmmmmmm", 10) == 2, "wide letters take more room than digits"
    assert text_lines("iiiiiiiiiiiiiiiiii", 10) == 1, "narrow ones less"


def test_numbers_and_the_text_beside_them_do_not_run_together(
    filled: World, tmp_path: Path
) -> None:
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, language="fi", details=True)
    path = tmp_path / "raportti.xlsx"
    write_report(report, path)
    wb = load_workbook(path)
    store = wb["A1 A One"]
    headers = {c.value: c.alignment for c in store[5] if c.value}
    assert headers["Mahdollinen"].horizontal == "right"
    assert (headers["Kommentti"].horizontal, headers["Kommentti"].indent) == ("left", 1)
    comment = next(r[6] for r in store.iter_rows(min_row=6, max_col=7) if r[6].value)
    assert comment.value == "Myyjä ei tervehtinyt."
    assert (comment.alignment.horizontal, comment.alignment.indent) == ("left", 1)
    ranking = wb["Sijoitukset"]
    assert ranking["A1"].alignment.horizontal == "right" and ranking["A2"].value == 1
    for code in (ranking["B1"], ranking["B2"]):  # "Koodi" beside "Sija", "A1" beside 1
        assert (code.alignment.horizontal, code.alignment.indent) == ("left", 1)
    assert ranking["C2"].alignment.indent == 0, "only the text beside a number"


@pytest.mark.parametrize(
    "utc, finnish",
    [
        (dt.datetime(2026, 11, 24, 20, 14, 5, 999), dt.datetime(2026, 11, 24, 22, 14, 5)),
        (dt.datetime(2026, 7, 1, 22, 30), dt.datetime(2026, 7, 2, 1, 30)),
    ],
)
def test_a_report_is_stamped_with_finnish_time(filled: World, utc, finnish) -> None:
    """Generated at Finland's time, as every time the app shows, not the server's (UTC on a
    server: a report made at 22.14 read 20.14 beside audits submitted at 22.13)."""
    with clock_at(utc):
        report = filled.db.run(wave_report, filled.client_a, filled.wave_a)
    assert report.generated_at == finnish


@pytest.mark.parametrize("language, fmt", [("fi", "d.m.yyyy"), ("en", "d.m.yyyy")])
def test_dates_are_dates_in_the_reports_language(
    filled: World, tmp_path: Path, language: str, fmt: str
) -> None:
    report = filled.db.run(
        wave_report, filled.client_a, filled.wave_a, language=language, details=True
    )
    path = tmp_path / "report.xlsx"
    write_report(report, path)
    wb = load_workbook(path)
    cover = {r[0].value: r[1] for r in wb.worksheets[0].iter_rows(max_col=2) if r[0].value}
    period = cover["Ajanjakso" if language == "fi" else "Period"].value
    assert period == "1.9.2026 – 1.12.2026"
    generated = cover["Luotu" if language == "fi" else "Generated"]
    clock = {"fi": 'h"."mm', "en": "hh:mm"}[language]  # 14.05 as the app writes it, 14:05
    assert generated.value == report.generated_at
    assert generated.number_format == f"{fmt} {clock}"
    days = [r[0] for r in wb["A1 A One"].iter_rows(min_row=6, max_col=3) if r[2].value]
    assert days and all(isinstance(c.value, dt.datetime) and c.is_date for c in days)
    assert {c.number_format for c in days} == {fmt}
    assert days[0].alignment.horizontal == "left", "apart from the section beside it"


# The abandoned workbook's sheet writers are closed by the garbage collector, which warns.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_failed_write_leaves_the_earlier_report(
    filled: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, details=True)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report.xlsx"
    write_report(report, out)
    good = out.read_bytes()

    def broken(*args: object) -> None:
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr("audits.report_xlsx._store_sheets", broken)
    with pytest.raises(ValueError, match="XML compatible"):
        write_report(report, out)
    gc.collect()  # here, where the warning is expected
    assert out.read_bytes() == good and [p.name for p in out.parent.iterdir()] == [out.name]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o007, 0o660)])
def test_report_files_get_the_mode_open_would_give(
    filled: World, tmp_path: Path, umask: int, mode: int
) -> None:
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, details=True)
    (tmp_path / "out").mkdir()
    out, per_store = tmp_path / "out" / "report.xlsx", tmp_path / "out" / "stores"
    old = os.umask(umask)
    try:
        write_report(report, out)
        paths = write_store_workbooks(report, per_store)
        first = stat.S_IMODE(out.stat().st_mode)
        out.chmod(0o640)
        write_report(report, out)  # as open() would, a rewrite keeps the file's mode
    finally:
        os.umask(old)
    assert first == mode, "a new file: 0666 less the umask, not owner-only"
    assert [stat.S_IMODE(p.stat().st_mode) for p in paths] == [mode] * len(paths)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.xlsx", "stores"]


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_report(filled: World, tmp_path: Path) -> None:
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, language="en", details=True)
    path = tmp_path / "report.xlsx"
    write_report(report, path)
    profile = tmp_path / "lo-profile"
    # Sheet 2 (the ranking) as CSV: LibreOffice must read the numbers back as written.
    done = subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
            "--outdir",
            str(tmp_path / "out"),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    csv = next((tmp_path / "out").glob("*.csv"))
    frame = pd.read_csv(csv)
    frame_expected, headers = ranking_frame(report)
    assert list(frame.columns) == headers
    assert frame["Score"].tolist() == pytest.approx(frame_expected["score"].tolist())
    assert frame["Code"].tolist() == frame_expected["code"].tolist()


# --- CLI -----------------------------------------------------------------------------------


@pytest.fixture
def cli_env(filled: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> World:
    monkeypatch.setenv("DATABASE_URL", filled.db.url)
    monkeypatch.setenv("AUDITS_DATA_DIR", str(tmp_path))
    return filled


def test_cli_report_needs_the_client_for_a_shared_wave_name(
    cli_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from audits.cli import main

    out = tmp_path / "r.xlsx"
    assert main(["report", "--wave", "W1", "--out", str(out)]) == 1
    assert "Brand A, Brand B; add --client" in capsys.readouterr().err
    assert not out.exists()
    assert main(["report", "--wave", "W9", "--out", str(out)]) == 1
    assert "no wave named 'W9'" in capsys.readouterr().err
    assert main(["report", "--wave", "W1", "--out", str(tmp_path / "r.pdf")]) == 2
    assert ".xlsx" in capsys.readouterr().err
    args = ["report", "--wave", "W1", "--client", "Brand B", "--out", str(out)]
    assert main([*args, "--language", "en"]) == 0
    assert "1 approved audits, 1 stores" in capsys.readouterr().out
    cells = _all_cells(out.read_bytes())
    assert "B One" in cells and "A One" not in cells


def test_cli_report_numbers_match_the_app_and_per_store_files(
    cli_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from audits.cli import main

    out, per_store = tmp_path / "r.xlsx", tmp_path / "stores"
    args = ["report", "--wave", str(cli_env.wave_a), "--out", str(out), "--language", "en"]
    per_store.write_text("not a directory")
    assert main([*args, "--per-store", str(per_store)]) == 2
    assert "not a directory" in capsys.readouterr().err and not out.exists()
    per_store.unlink()
    assert main([*args, "--per-store", str(per_store)]) == 0
    assert "2 store workbooks" in capsys.readouterr().out
    assert sorted(p.name for p in per_store.iterdir()) == ["A1_A_One.xlsx", "A2_A_Two.xlsx"]
    assert load_workbook(out).sheetnames == [
        "Cover",
        "Ranking",
        "Sections",
        "Items",
        "Items by region",
    ]
    app = cli_env.db.run(wave_report, cli_env.client_a, cli_env.wave_a).ranking
    excel = pd.read_excel(out, sheet_name="Ranking").set_index("Code")["Score"]
    assert excel.to_dict() == pytest.approx(app.set_index("code")["score"].to_dict())


def test_cli_report_files_honour_the_umask(cli_env: World, tmp_path: Path) -> None:
    from audits.cli import main

    out, per_store = tmp_path / "r.xlsx", tmp_path / "stores"
    old = os.umask(0o022)
    try:
        args = ["report", "--wave", str(cli_env.wave_a), "--out", str(out)]
        assert main([*args, "--per-store", str(per_store)]) == 0
    finally:
        os.umask(old)
    files = [out, *per_store.iterdir()]
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o644}, "readable as open() makes"


def test_find_wave_by_id_name_and_client(filled: World) -> None:
    operator = filled.manager
    with pytest.raises(WaveAmbiguous) as ambiguous:
        filled.db.run(find_wave, operator, "w1")
    assert ambiguous.value.clients == ["Brand A", "Brand B"]
    assert filled.db.run(find_wave, operator, "W1", "brand a").id == filled.wave_a
    assert filled.db.run(find_wave, operator, str(filled.wave_b)).id == filled.wave_b
    with pytest.raises(WaveNotFound, match="no client named 'Brand C'"):
        filled.db.run(find_wave, operator, "W1", "Brand C")


def test_region_scoped_client_sees_its_region(filled: World) -> None:
    with filled.db.session() as s:
        user = create_user(
            s, "cli_region", "password-123", "client", client="Brand A", scope_region="Pirkanmaa"
        )
        from audits.auth import Actor

        actor = Actor.of(user)
    report = filled.db.run(wave_report, actor, filled.wave_a)
    assert list(report.ranking["code"]) == ["A2"]
    assert report.scope_label == "Alue: Pirkanmaa"
    assert report.network.stores == 2


def test_an_answer_hidden_by_a_changed_answer_is_not_reported(world: World) -> None:
    audit_id = world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)
    for item_id, value in {**AUDIT_1, "trade_in": "yes", "trade_in_value": "no"}.items():
        world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, item_id, value)
    world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, "trade_in", "no")
    assert world.db.run(fieldwork.submit, world.shopper_a, audit_id).submitted
    world.db.run(review.approve, world.manager, audit_id)
    with world.db.session() as s:
        store_id = s.get(Visit, world.visit_a).store_id
    page = world.db.run(store_report, world.manager, world.wave_a, store_id, language="en")
    labels = list(page.audits[0].items["label"])
    assert "Trade-in discussed" in labels and "Valued the trade-in" not in labels
    report = world.db.run(wave_report, world.manager, world.wave_a, details=True, language="en")
    assert "Valued the trade-in" not in set(report.answers["label"])


def test_an_empty_multi_choice_reads_as_none_chosen() -> None:
    item = next(
        i
        for i in load_checklist(CHECKLIST_DIR / "car_showroom.yaml").items()
        if i.type == "multi_choice"
    )
    assert answer_text(item, [], False, "fi") == "ei mitään valittu"
    assert answer_text(item, None, False, "en") == "none chosen"
    first = item.options[0]
    assert answer_text(item, [first.id], False, "en") == first.label["en"]


def _showroom_item(item_id: str):
    return load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item(item_id)


def test_a_wait_reads_as_people_say_it() -> None:
    item = _showroom_item("greeting_time")
    assert answer_text(item, {"seconds": 592, "nobody_came": False}, False, "fi") == "9 min 52 s"
    assert answer_text(item, {"seconds": 592, "nobody_came": False}, False, "en") == "9 min 52 s"
    assert answer_text(item, {"seconds": 40, "nobody_came": False}, False, "fi") == "40 s"
    assert answer_text(item, 60, False, "en") == "1 min 0 s"
    nobody = {"seconds": 1800, "nobody_came": True}
    assert answer_text(item, nobody, False, "fi") == "kukaan ei tullut (30 min 0 s)"
    assert answer_text(item, nobody, False, "en") == "nobody came (30 min 0 s)"


def test_a_time_and_a_number_are_written_the_languages_way() -> None:
    arrival = _showroom_item("arrival_time")
    assert answer_text(arrival, "15:13", False, "fi") == "klo 15.13"
    assert answer_text(arrival, "09:05", False, "fi") == "klo 9.05"
    assert answer_text(arrival, "15:13", False, "en") == "15:13"
    days = _showroom_item("follow_up_days")
    assert answer_text(days, 3, False, "fi") == "3"
    assert answer_text(days, 2.5, False, "fi") == "2,5"
    assert answer_text(days, 2.5, False, "en") == "2.5"
    assert answer_text(days, 1200.0, False, "fi") == "1\u00a0200"


def test_excel_store_sheet_says_a_wait_in_minutes_and_keeps_points_numbers(
    filled: World, tmp_path: Path
) -> None:
    report = filled.db.run(wave_report, filled.client_a, filled.wave_a, language="fi", details=True)
    path = tmp_path / "raportti.xlsx"
    write_report(report, path)
    wb = load_workbook(path)
    rows = [
        r
        for name in ("A1 A One", "A2 A Two")
        for r in wb[name].iter_rows(min_row=6, max_col=7, values_only=True)
        if r[2] == "Odotusaika"
    ]
    assert sorted(r[3] for r in rows) == ["3 min 20 s", "30 s", "30 s"]
    assert all(isinstance(r[4], int | float) and isinstance(r[5], int | float) for r in rows)
