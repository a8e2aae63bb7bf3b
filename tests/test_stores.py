"""Store import from real-world-shaped CSV and Excel files; placing stores by hand."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from sqlalchemy import func, select

from audits import db as audits_db
from audits import geo, stores
from audits.auth import Actor, PermissionDenied, create_user
from audits.cli import main
from audits.db import Database
from audits.i18n import Refusal, explain
from audits.models import AuditLog, Client, Store
from audits.stores import StoreImportError, apply_import, preview_import

ROOT = Path(__file__).resolve().parents[1]
HEADER = "code;name;address;postal_code;city;region;lat;lon;opening_hours"


def no_geo(_session, _store):
    return None


@pytest.fixture
def setup(db: Database) -> tuple[Database, Actor, Actor, Actor]:
    """Two clients; a global manager, one scoped to Brand A, and a shopper."""
    with db.session() as s:
        s.add_all([Client(name="Brand A"), Client(name="Brand B")])
        s.flush()
        manager = Actor.of(create_user(s, "mgr", "password-123", "manager"))
        scoped = Actor.of(create_user(s, "mgr_a", "password-123", "manager", client="Brand A"))
        shopper = Actor.of(create_user(s, "shop", "password-123", "shopper"))
    return db, manager, scoped, shopper


def run_import(db, actor, data: bytes, name: str = "stores.csv", client="Brand A", **kw):
    kw.setdefault("geocoder", no_geo)
    return db.run(apply_import, actor, client, data, name, **kw)


def store_count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Store))


def test_semicolons_decimal_commas_bom_and_finnish_letters(setup) -> None:
    db, manager, *_ = setup
    text = (
        "\ufeffMyymälä;Nimi;Katuosoite;Postinumero;Paikkakunta;Maakunta;Leveysaste;Pituusaste;"
        "Aukioloajat\n"
        "AM-1;Auto Äänekoski;Jyväskyläntie 1;44100;Äänekoski;Keski-Suomi;62,6033;25,7296;"
        "Mo-Fr 09:00-17:00\n"
        "AM-2;Auto Öljytie;Öljytie 2;00980;Helsinki;Uusimaa;60,2;25,1;\n"
    )
    result = run_import(db, manager, text.encode("utf-8"))
    assert (result.created, result.updated) == (2, 0)
    with db.session() as s:
        store = s.scalar(select(Store).where(Store.code == "AM-1"))
        assert store.name == "Auto Äänekoski" and store.city == "Äänekoski"
        assert store.lat == pytest.approx(62.6033) and store.lon == pytest.approx(25.7296)
        assert store.coord_source == "given"
        assert s.scalar(select(Store.postal_code).where(Store.code == "AM-2")) == "00980"


def test_windows_1252_with_commas_and_quotes(setup) -> None:
    db, manager, *_ = setup
    text = (
        "Store ID,Store name,Address,City,Latitude,Longitude\r\n"
        'K1,Kodin Rauta Hämeenlinna,"Paroistentie 1, B-talo",Hämeenlinna,60.99,24.46\r\n'
    )
    run_import(db, manager, text.encode("cp1252"))
    with db.session() as s:
        store = s.scalar(select(Store).where(Store.code == "K1"))
        assert store.name == "Kodin Rauta Hämeenlinna"
        assert store.address == "Paroistentie 1, B-talo"


def test_shipped_demo_file_imports_cleanly(setup) -> None:
    db, manager, *_ = setup
    data = (ROOT / "data" / "demo_stores.csv").read_bytes()
    preview = db.run(preview_import, manager, "Brand A", data, "demo_stores.csv")
    assert preview.ok and len(preview.new) == 55


def _workbook(rows: list[list[object]], merge: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_excel_with_merged_title_and_header_cells_and_empty_rows(setup) -> None:
    db, manager, *_ = setup
    data = _workbook(
        [
            ["Brand A store list 2026", None, None, None, None],
            [None, None, None, None, None],
            ["Store code", "Name", "City", "Coordinates", None],
            [None, None, None, "lat", "lon"],
            ["A-1", "Alpha", "Oulu", 65.01, 25.47],
            [None, None, None, None, None],
            ["A-2", "Beta", "Porvoo", "60,39", "25,66"],
            [100, "Gamma", "Kemi", None, None],
        ]
    )
    # The title spans the table and "Store code" / "Name" / "City" span the two header rows.
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    for cells in ("A1:E1", "A3:A4", "B3:B4", "C3:C4", "D3:E3"):
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    result = run_import(db, manager, out.getvalue(), "stores.xlsx")
    assert result.created == 3
    assert result.unplaced == ["100"]
    with db.session() as s:
        beta = s.scalar(select(Store).where(Store.code == "A-2"))
        assert (beta.lat, beta.lon, beta.city) == (60.39, 25.66, "Porvoo")


def test_excel_bad_row_reports_the_sheet_row_number(setup) -> None:
    db, manager, *_ = setup
    data = _workbook([[], ["code", "name", "lat", "lon"], ["X1", "Ok", 60, 25], ["X2", "", 61, 25]])
    preview = db.run(preview_import, manager, "Brand A", data, "list.xlsx")
    assert [(p.line, p.field) for p in preview.problems] == [(4, "name")]
    assert str(preview.problems[0]) == "list.xlsx, line 4: name: missing name"


BAD_ROWS = [
    (";Nameless code;;;;;60;25;", "code", "missing code"),
    ("A1;Twice;;;;;60;25;", "code", "duplicate code A1 (also on line 2)"),
    ("A3;Far north;;;;;91,5;25;", "lat", "latitude 91,5 is out of range"),
    ("A4;Far east;;;;;60;181;", "lon", "longitude 181 is out of range"),
    ("A5;Typo;;;;;6O.1;25;", "lat", "'6O.1' is not a number"),
    ("A6;Half;;;;;60;;", "lon", "give both latitude and longitude"),
    ("A7;;;;;;60;25;", "name", "missing name"),
    ("A8;Underscore;;;;;6_0;25;", "lat", "'6_0' is not a number"),
    ("A8;Inner space;;;;;60;2 5;", "lon", "'2 5' is not a number"),
    ("A8;Other digits;;;;;٦٠;25;", "lat", "'٦٠' is not a number"),
    ("A8;Not finite;;;;;60;inf;", "lon", "'inf' is not a number"),
    ("A8;Auto\x0bTalo Oy;;;;;60;25;", "name", "contains a control character (U+000B)"),
    ("A8;Delete;;;Oulu\x7f;;60;25;", "city", "contains a control character (U+007F)"),
    ("A8\x1b;Escape;;;;;60;25;", "code", "contains a control character (U+001B)"),
    (
        "A8;Swapped;;;;;24.9;60.1;",
        "lat, lon",
        "24.9, 60.1 is outside Finland: latitude and longitude look swapped",
    ),
    (
        "A8;Espoo;;;Espoo;;24,65;60,20;",
        "lat, lon",
        "24.65, 60.2 is outside Finland: latitude and longitude look swapped",
    ),
    ("A8;Stockholm;;;;;59,33;18,07;", "lat, lon", "59.33, 18.07 is outside Finland"),
    ("A8;Tallinn;;;;;59,437;24,745;", "lat, lon", "59.437, 24.745 is outside Finland"),
    ("A8;Nowhere;;;;;10;10;", "lat, lon", "10.0, 10.0 is outside Finland"),
    (
        "A8;Oulu;;;Oulu;;60,17;24,94;",
        "lat, lon",
        "60.17, 24.94 is 539 km from the store's town Oulu",
    ),
]


@pytest.mark.parametrize(("row", "field", "reason"), BAD_ROWS)
def test_each_bad_row_is_named_and_nothing_is_written(setup, row, field, reason) -> None:
    db, manager, *_ = setup
    text = f"{HEADER}\nA1;Good one;;;;;60;25;\n{row}\nA9;Also good;;;;;61;25;\n"
    preview = db.run(preview_import, manager, "Brand A", text.encode(), "bad.csv")
    assert len(preview.problems) == 1
    problem = preview.problems[0]
    assert (problem.line, problem.field) == (3, field)
    assert reason in str(problem.reason)
    with pytest.raises(StoreImportError) as caught:
        run_import(db, manager, text.encode(), "bad.csv")
    assert f"bad.csv, line 3: {field}: " in str(caught.value)
    assert store_count(db) == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog)) == 3  # the user creations


@pytest.mark.parametrize(
    ("city", "lat", "lon"),
    [
        ("Espoo", 60.2218, 24.8129),  # Leppävaara, a suburb
        ("Helsinki", 60.2055, 24.6559),  # in Espoo, but named by the capital
        ("Enontekiö", 69.0473, 20.7951),  # Kilpisjärvi, 136 km from Enontekiö's centre
        ("Inari", 69.6733, 29.0533),  # Näätämö, 117 km from Inari's
        ("Salo", 60.2637, 23.2628),  # Kiikala, a village
        ("Maarianhamina", 60.0973, 19.9348),  # Åland, left out of the map's outline
        ("Parainen", 59.7797, 21.3737),  # Utö, a skerry beyond the outline
        ("Haparanda", 65.84, 24.13),  # a town the gazetteer does not know, at the border
        ("", 59.98, 24.43),  # the tip of Porkkala, cut by the outline
    ],
)
def test_real_stores_far_out_in_finland_import_cleanly(city, lat, lon) -> None:
    text = f"code;name;city;lat;lon\nA1;Store;{city};{lat};{lon}\n"
    parsed = stores.parse_stores(text.encode(), "f.csv")
    assert not parsed.problems
    assert [(r.lat, r.lon) for r in parsed.rows] == [(lat, lon)]


def test_coordinate_problems_name_the_row_and_are_told_in_finnish() -> None:
    text = "code;name;city;lat;lon\nA1;One;Oulu;60,17;24,94\nA2;Two;Espoo;24,65;60,20\n"
    told = [(p.text("fi"), str(p)) for p in stores.parse_stores(text.encode(), "f.csv").problems]
    assert told == [
        (
            "f.csv, rivi 2: lat, lon: 60,17; 24,94 on 539 km:n päässä paikkakunnasta Oulu",
            "f.csv, line 2: lat, lon: 60.17, 24.94 is 539 km from the store's town Oulu",
        ),
        (
            "f.csv, rivi 3: lat, lon: 24,65; 60,2 on Suomen ulkopuolella: leveys- ja pituusaste "
            "näyttävät olevan väärin päin (tarkoititko 60,2; 24,65?)",
            "f.csv, line 3: lat, lon: 24.65, 60.2 is outside Finland: latitude and longitude "
            "look swapped (did you mean 60.2, 24.65?)",
        ),
    ]


def test_a_store_far_from_its_town_is_skipped_only_when_asked(setup) -> None:
    db, manager, *_ = setup
    text = "code;name;city;lat;lon\nA1;Good;Oulu;65,01;25,47\nA2;Bad;Oulu;60,17;24,94\n"
    with pytest.raises(StoreImportError):
        run_import(db, manager, text.encode())
    assert store_count(db) == 0
    result = run_import(db, manager, text.encode(), skip_bad_rows=True)
    assert (result.created, result.skipped_lines) == (1, [3])


def test_unreadable_opening_hours_are_a_bad_row(setup) -> None:
    pytest.importorskip("audits.openinghours")
    db, manager, *_ = setup
    text = f"{HEADER}\nA1;Store;;;;;60;25;whenever we feel like it\n"
    preview = db.run(preview_import, manager, "Brand A", text.encode(), "h.csv")
    assert [(p.line, p.field) for p in preview.problems] == [(2, "opening_hours")]


def test_problems_are_phrases_in_finnish_and_the_same_english_text() -> None:
    text = f"{HEADER}\nA1;One;;;;;60;25;\nA1;Two;;;;;61;25;Mo 9-17\n;;;;;;;;\nA2;;;;;;60;;\n"
    parsed = stores.parse_stores(text.encode(), "bad.csv")
    told = [(p.text("fi"), str(p)) for p in parsed.problems]
    assert told == [
        (
            "bad.csv, rivi 3: code: koodi A1 toistuu (myös rivillä 2)",
            "bad.csv, line 3: code: duplicate code A1 (also on line 2)",
        ),
        (
            "bad.csv, rivi 3: opening_hours: ei tulkittavissa: aikaväliä ”9-17” ei voi lukea "
            "säännössä ”Mo 9-17”",
            "bad.csv, line 3: opening_hours: unreadable: unreadable time range '9-17' in 'Mo 9-17'",
        ),
        ("bad.csv, rivi 5: name: nimi puuttuu", "bad.csv, line 5: name: missing name"),
        (
            "bad.csv, rivi 5: lon: anna sekä leveys- että pituusaste",
            "bad.csv, line 5: lon: give both latitude and longitude",
        ),
    ]
    assert parsed.problems[0].reason.text("fi") == "koodi A1 toistuu (myös rivillä 2)"


def test_a_file_problem_is_told_in_finnish() -> None:
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(b"name,city\nX,Oulu\n", "x.csv")
    [problem] = caught.value.problems
    assert problem.text("fi").startswith("x.csv, rivi 1: myymälän koodille ei ole saraketta")
    assert str(caught.value).startswith("x.csv, line 1: no column for the store code")


def test_skipping_bad_rows_is_an_explicit_choice(setup) -> None:
    db, manager, *_ = setup
    text = f"{HEADER}\nA1;Good;;;;;60;25;\n;No code;;;;;60;25;\nA2;Good too;;;;;61;25;\n"
    result = run_import(db, manager, text.encode(), skip_bad_rows=True)
    assert result.created == 2 and result.skipped_lines == [3]
    with db.session() as s:
        log = s.scalar(select(AuditLog).where(AuditLog.action == "stores.import"))
        assert log.detail["skipped_lines"] == [3] and log.actor_id == manager.id


def test_preview_sorts_new_changed_unchanged_and_absent(setup) -> None:
    db, manager, *_ = setup
    run_import(
        db,
        manager,
        f"{HEADER}\nA1;One;;;;;60;25;\nA2;Two;;;;;61;25;\nA3;Three;;;;;62;25;\n".encode(),
    )
    second = f"{HEADER}\nA1;One;;;;;60;25;\nA2;Two renamed;;;Vantaa;;61;25;\nA4;Four;;;;;63;25;\n"
    preview = db.run(preview_import, manager, "Brand A", second.encode(), "again.csv")
    assert [r.code for r in preview.new] == ["A4"]
    assert [r.code for r in preview.unchanged] == ["A1"]
    [change] = preview.changed
    assert change.row.code == "A2"
    assert change.fields == {"name": ("Two", "Two renamed"), "city": ("", "Vantaa")}
    assert preview.absent == ["A3"]
    result = run_import(db, manager, second.encode())
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)


def test_a_file_without_coordinates_keeps_the_known_place(setup) -> None:
    db, manager, *_ = setup
    run_import(db, manager, f"{HEADER}\nA1;One;;;;;60;25;\n".encode())
    preview = db.run(preview_import, manager, "Brand A", b"code,name\nA1,One\n", "short.csv")
    assert [r.code for r in preview.unchanged] == ["A1"]


def test_missing_code_column_is_a_file_problem(setup) -> None:
    db, manager, *_ = setup
    preview = db.run(preview_import, manager, "Brand A", b"name,city\nX,Oulu\n", "x.csv")
    assert preview.unreadable
    assert "no column for the store code" in str(preview.problems[0])
    with pytest.raises(StoreImportError):
        run_import(db, manager, b"name,city\nX,Oulu\n", skip_bad_rows=True)


def test_stores_without_coordinates_are_geocoded_or_listed(setup) -> None:
    db, manager, *_ = setup

    def fake_geo(_session, store):
        return (61.5, 23.8, "gazetteer") if store.city == "Tampere" else None

    text = "code,name,city\nT1,Tampere store,Tampere\nN1,Nowhere,Atlantis\n"
    result = run_import(db, manager, text.encode(), geocoder=fake_geo)
    assert result.unplaced == ["N1"]
    unplaced = db.run(stores.unplaced_stores, manager, "Brand A")
    assert [s.code for s in unplaced] == ["N1"]
    db.run(stores.place_store, manager, unplaced[0].id, 64.0, 26.0)
    assert db.run(stores.unplaced_stores, manager, "Brand A") == []
    with db.session() as s:
        placed = s.get(Store, unplaced[0].id)
        assert (placed.lat, placed.coord_source) == (64.0, "manual")
        assert s.scalar(select(Store.coord_source).where(Store.code == "T1")) == "gazetteer"
        log = s.scalar(select(AuditLog).where(AuditLog.action == "store.place"))
        assert log.detail["old"]["lat"] is None


def test_scoped_manager_cannot_touch_another_client(setup) -> None:
    db, manager, scoped, shopper = setup
    data = f"{HEADER}\nB1;B store;;;;;60;25;\n".encode()
    with pytest.raises(PermissionDenied):
        db.run(preview_import, scoped, "Brand B", data, "b.csv")
    with pytest.raises(PermissionDenied):
        run_import(db, scoped, data, client="Brand B")
    with pytest.raises(PermissionDenied):
        run_import(db, shopper, data)
    run_import(db, manager, data, client="Brand B")
    [b1] = db.run(stores.list_stores, manager, "Brand B")
    with pytest.raises(PermissionDenied):
        db.run(stores.place_store, scoped, b1.id, 60.0, 25.0)
    with pytest.raises(Refusal) as refused:
        db.run(stores.place_store, manager, b1.id, 95.0, 25.0)
    assert str(refused.value) == "95.0, 25.0 is not a valid coordinate"
    assert explain(refused.value, "fi") == "95,0; 25,0 ei ole kelvollinen sijainti"
    assert [c.name for c in db.run(stores.managed_clients, scoped)] == ["Brand A"]


def test_placing_by_hand_outside_finland_or_far_from_the_town_is_refused(setup) -> None:
    db, manager, *_ = setup
    run_import(db, manager, b"code,name,city\nK1,Kemi store,Kemi\n")
    [k1] = db.run(stores.list_stores, manager, "Brand A")
    with pytest.raises(Refusal) as swapped:
        db.run(stores.place_store, manager, k1.id, 24.56, 65.74)
    assert str(swapped.value) == (
        "24.56, 65.74 is outside Finland: latitude and longitude look swapped "
        "(did you mean 65.74, 24.56?)"
    )
    with pytest.raises(Refusal) as far:
        db.run(stores.place_store, manager, k1.id, 60.123456789, 24.94)
    assert explain(far.value, "fi") == "60,12346; 24,94 on 624 km:n päässä paikkakunnasta Kemi", (
        "a click's point told to a metre, with decimal commas"
    )
    [k1] = db.run(stores.list_stores, manager, "Brand A")
    assert (k1.lat, k1.coord_source) == (None, "none")
    db.run(stores.place_store, manager, k1.id, 65.7364, 24.5637)
    [k1] = db.run(stores.list_stores, manager, "Brand A")
    assert (k1.lat, k1.coord_source) == (65.7364, "manual")


def test_the_placing_map_opens_on_the_town_else_the_clients_stores_else_finland(setup) -> None:
    db, manager, scoped, shopper = setup
    run_import(db, manager, b"code,name,city,lat,lon\nK1,Kemi store,Kemi,,\n")
    [k1] = db.run(stores.list_stores, manager, "Brand A")
    view = db.run(stores.placing_view, manager, k1.id)
    kemi = geo.gazetteer().lookup("Kemi")
    assert (view.near, view.look_at, view.placed) == ("town", [(kemi.lat, kemi.lon)], [])
    text = b"code,name,city,lat,lon\nX1,Lost,Atlantis,,\nO1,Oulu,Oulu,65.01,25.47\n"
    run_import(db, manager, text)
    x1 = next(s for s in db.run(stores.list_stores, manager, "Brand A") if s.code == "X1")
    view = db.run(stores.placing_view, manager, x1.id)
    assert (view.near, view.look_at) == ("stores", [(65.01, 25.47)])
    assert [s.code for s in view.placed] == ["O1"], "the landmarks: the client's placed stores"
    run_import(db, manager, b"code,name,city\nB1,Nowhere,\n", client="Brand B")
    [b1] = db.run(stores.list_stores, manager, "Brand B")
    view = db.run(stores.placing_view, manager, b1.id)
    assert (view.near, view.look_at, view.placed) == ("finland", list(geo.finland_bounds()), [])
    for actor in (scoped, shopper):
        with pytest.raises(PermissionDenied):
            db.run(stores.placing_view, actor, b1.id)


def test_a_place_is_checked_before_it_is_saved_as_placing_would_check_it(setup) -> None:
    db, manager, scoped, _ = setup
    run_import(db, manager, b"code,name,city\nK1,Kemi store,Kemi\n")
    [k1] = db.run(stores.list_stores, manager, "Brand A")
    assert db.run(stores.place_problem, manager, k1.id, 65.7364, 24.5637) is None
    swapped = db.run(stores.place_problem, manager, k1.id, 24.5637, 65.7364)
    assert swapped.key == "si_coordinates_swapped"
    assert db.run(stores.place_problem, manager, k1.id, 95.0, 25.0).key == "si_bad_coordinate"
    [k1] = db.run(stores.list_stores, manager, "Brand A")
    assert k1.lat is None, "checking writes nothing"
    run_import(db, manager, b"code,name,city\nB1,B,Oulu\n", client="Brand B")
    [b1] = db.run(stores.list_stores, manager, "Brand B")
    with pytest.raises(PermissionDenied):
        db.run(stores.place_problem, scoped, b1.id, 65.0, 25.5)


def test_cli_dry_run_and_import(setup, tmp_path: Path) -> None:
    db, *_ = setup
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\nC1;Cli store;;;;;60;25;\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\nC1;Cli store;;;;;95;25;\n", encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": db.url, "AUDITS_DEMO": "0"}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "audits", "stores", "import", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )

    refused = cli(str(bad), "--client", "Brand A")
    assert refused.returncode == 1
    assert "bad.csv, line 2: lat: latitude 95 is out of range" in refused.stderr
    assert "bad.csv: 0 new, 0 changed, 0 unchanged, 1 problem\n" in refused.stdout
    dry = cli(str(good), "--client", "Brand A", "--dry-run")
    assert dry.returncode == 0 and "1 new" in dry.stdout
    assert store_count(db) == 0
    done = cli(str(good), "--client", "Brand A")
    assert done.returncode == 0, done.stderr
    assert store_count(db) == 1
    unknown = cli(str(good), "--client", "Nobody")
    assert unknown.returncode == 1 and "Nobody" in unknown.stderr


@pytest.mark.parametrize(
    ("header", "column", "field"),
    [("id;koodi;nimi", "koodi", "code"), ("code;store;store name", "store name", "name")],
)
def test_two_columns_for_one_field_are_named(setup, header, column, field) -> None:
    db, manager, *_ = setup
    data = f"{header}\n1;A1;Shop\n".encode()
    preview = db.run(preview_import, manager, "Brand A", data, "f.csv")
    assert preview.unreadable
    [problem] = preview.problems
    assert str(problem) == f"f.csv, line 1: {column}: a second column for {field}; keep only one"
    assert problem.text("fi") == (
        f"f.csv, rivi 1: {column}: toinen sarake kentälle {field}; jätä vain yksi"
    )


@pytest.mark.parametrize(
    ("text", "column"),
    [("code,name,name\nA1,X,Y\n", "name"), ("code;store;store name\n1;A1;X\n", "store name")],
)
def test_a_data_row_is_not_taken_for_a_second_header_row(text, column) -> None:
    """X and Y are also names of the lon and lat columns."""
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(text.encode(), "f.csv")
    [problem] = caught.value.problems
    assert str(problem) == f"f.csv, line 1: {column}: a second column for name; keep only one"


def test_a_second_header_row_may_rename_a_group_title() -> None:
    parsed = stores.parse_stores(b"Store,,City\ncode,name,\nA1,X,Oulu\n", "f.csv")
    assert [(r.line, r.code, r.name, r.city) for r in parsed.rows] == [(3, "A1", "X", "Oulu")]


def test_short_csv_rows_leave_the_missing_cells_empty() -> None:
    parsed = stores.parse_stores(b"code,name,address,city,lat,lon\nA1,X\nA2,Y,Katu 1\n", "f.csv")
    assert not parsed.problems
    assert [(r.code, r.name, r.address, r.city, r.lat) for r in parsed.rows] == [
        ("A1", "X", "", "", None),
        ("A2", "Y", "Katu 1", "", None),
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("code,name\nA1,X,\n", 2),  # a trailing separator
        ("Store list\ncode,name,city\nA1,X,Oulu\n", 3),  # a title row of fewer cells
        ("\n\ncode,name\nA1,X\n", 4),
        ("Stores, autumn\ncode;name;city\nA1;X;Oulu\n", 3),  # a comma in a ';' file's title
        ('code,name,address\nB0,Y,"Katu 1\nB-talo"\nA1,X,\n', 4),  # a value on two lines
    ],
)
def test_csv_rows_wider_or_narrower_than_the_header(text, line) -> None:
    parsed = stores.parse_stores(text.encode(), "f.csv")
    assert not parsed.problems
    assert (parsed.rows[-1].line, parsed.rows[-1].code, parsed.rows[-1].name) == (line, "A1", "X")


def test_cells_beyond_the_header_are_a_bad_row() -> None:
    text = "code,name,address,city\nA1,X,Katu 1,Oulu\nA2,Y,Katu 2, B-talo,Oulu,\n"
    parsed = stores.parse_stores(text.encode(), "f.csv")
    assert [r.code for r in parsed.rows] == ["A1"]
    [problem] = parsed.problems
    assert str(problem) == "f.csv, line 3: cells beyond the last column of the header: Oulu"
    assert problem.text("fi") == (
        "f.csv, rivi 3: soluja otsikkorivin viimeisen sarakkeen jälkeen: Oulu"
    )


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"  \n\n", b"  \n \r\n\t\n"])
def test_an_empty_csv_file_is_told_so(data) -> None:
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(data, "f.csv")
    assert [str(p) for p in caught.value.problems] == ["f.csv: the file is empty"]


@pytest.mark.parametrize("text", ["code,name,city\n", "Myymälät\n\ncode;name;city\n;;\n\n"])
def test_a_header_without_stores_is_told_so(text) -> None:
    """A template saved before its rows were filled in: said, not an import of nothing."""
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(text.encode(), "f.csv")
    [problem] = caught.value.problems
    line = text.count("\n", 0, text.index("code")) + 1
    assert str(problem) == f"f.csv, line {line}: no stores below the header row"
    assert problem.text("fi") == f"f.csv, rivi {line}: otsikkorivin alla ei ole yhtään myymälää"


def test_a_file_with_another_separator_is_told_which_ones_are_read() -> None:
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(b"code|name|city\nA1|X|Oulu\n", "f.csv")
    assert [str(p) for p in caught.value.problems] == [
        "f.csv: no header row naming at least the code and name (columns separated by commas, "
        "semicolons or tabs)"
    ]


def test_coordinates_with_a_decimal_point_or_comma_and_a_sign() -> None:
    text = "code;name;lat;lon\nA1;X;60.17;24,9\nA2;Y;+60,1;25\nA3;Z;60.;.5\nA4;W;65,0;-0,5\n"
    parsed = stores.parse_stores(text.encode(), "f.csv")
    assert [(r.lat, r.lon) for r in parsed.rows] == [(60.17, 24.9), (60.1, 25.0)]
    # Read as numbers, and so refused only for lying outside Finland.
    assert [(p.line, p.reason.key, p.reason.values) for p in parsed.problems] == [
        (4, "si_outside_finland", {"lat": 60.0, "lon": 0.5}),
        (5, "si_outside_finland", {"lat": 65.0, "lon": -0.5}),
    ]


def test_tiny_excel_coordinates_are_numbers() -> None:
    data = _workbook([["code", "name", "lat", "lon"], ["A1", "X", 51.4779, 0.00001]])
    [problem] = stores.parse_stores(data, "f.xlsx").problems
    assert problem.reason.values == {"lat": 51.4779, "lon": 0.00001}


def test_a_control_character_is_told_in_finnish_and_tabs_are_kept() -> None:
    text = 'code;name;address\nA1;Auto\x0bTalo Oy;\nA2;Tab\tname;"Katu 1\nB-talo"\n'
    parsed = stores.parse_stores(text.encode(), "f.csv")
    [problem] = parsed.problems
    assert problem.text("fi") == "f.csv, rivi 2: name: sisältää ohjausmerkin (U+000B)"
    assert [(r.name, r.address) for r in parsed.rows] == [("Tab\tname", "Katu 1\nB-talo")]


def _formatted_far_away(cell: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "name"])
    sheet.append(["A1", "X"])
    sheet[cell].number_format = "0.00"  # formatted, empty
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("cell", ["A1048576", "XFD300"])
def test_a_formatted_empty_cell_far_away_costs_little(cell) -> None:
    data = _formatted_far_away(cell)
    tracemalloc.start()
    try:
        parsed = stores.parse_stores(data, "f.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(r.line, r.code, r.name) for r in parsed.rows] == [(2, "A1", "X")]
    assert not parsed.problems
    assert peak < 30_000_000, f"{peak / 1e6:.0f} MB"


def test_a_sheet_beyond_the_row_and_column_limits_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(stores, "MAX_ROWS", 4)
    monkeypatch.setattr(stores, "MAX_COLUMNS", 3)
    rows = [["code", "name"], ["A1", "X"], ["A2", "Y"], ["A3", "Z"]]
    assert len(stores.parse_stores(_workbook(rows), "f.xlsx").rows) == 3
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(_workbook([*rows, ["A4", "W"]]), "f.xlsx")
    assert [p.text("fi") for p in caught.value.problems] == [
        "f.xlsx, rivi 5: yli 4 riviä; jaa lista useampaan tiedostoon"
    ]
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(_workbook([*rows[:2], ["A2", "Y", None, None, "note"]]), "f.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "f.xlsx, line 3: cell E3 is beyond column C: a store list has at most 3 columns"
    ]


def test_excel_numbers_keep_the_leading_zeros_their_format_shows() -> None:
    data = _workbook([["code", "name", "postal code"], [1, "X", 990], [42, "Y", 990], [7, "Z", ""]])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    sheet["A2"].number_format = "000"
    sheet["A3"].number_format = "000000"
    sheet["C2"].number_format = sheet["C3"].number_format = "00000"
    out = io.BytesIO()
    book.save(out)
    parsed = stores.parse_stores(out.getvalue(), "f.xlsx")
    assert [(r.code, r.postal_code) for r in parsed.rows] == [
        ("001", "00990"),
        ("000042", "00990"),
        ("7", ""),
    ]


def test_merged_cells_among_the_stores_are_refused_with_their_range() -> None:
    rows = [["code", "name", "region", "notes"], ["A1", "X", "Uusimaa", "call first"]]
    rows += [["A2", "Y", None, None], ["A3", "Z", None, None]]
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(_workbook(rows, merge="C2:C4"), "f.xlsx")
    [problem] = caught.value.problems
    assert str(problem) == (
        "f.xlsx, line 2: region: cells C2:C4 are merged; unmerge them and fill in every row"
    )
    assert problem.text("fi") == (
        "f.xlsx, rivi 2: region: solut C2:C4 on yhdistetty; pura yhdistäminen ja täytä "
        "jokainen rivi"
    )
    notes_merged = stores.parse_stores(_workbook(rows, merge="D2:D4"), "f.xlsx")
    assert [r.code for r in notes_merged.rows] == ["A1", "A2", "A3"]


def _with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook as Excel saves it: each formula cell named in `values` with its result,
    a text result typed "str"."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item).decode()
            for ref, value in values.items():
                kind = "" if value.isdigit() else ' t="str"'
                content = re.sub(
                    rf'<c r="{ref}"([^>]*)>(<f>.*?</f>)<v\s*/?>(</v>)?',
                    rf'<c r="{ref}"\1{kind}>\2<v>{value}</v>',
                    content,
                )
            dst.writestr(item, content)
    return out.getvalue()


def test_a_formula_without_a_stored_value_is_refused_with_its_cell() -> None:
    data = _workbook(
        [
            ["code", "name", "city", "region"],
            ["A1", '=A2&" store"', "Oulu", '=""'],
            ["A2", "Y", "=1+1"],
        ]
    )
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(data, "f.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "f.xlsx, line 2: formula without a stored value in cell B2: open and save the file in "
        "Excel or LibreOffice",
        "f.xlsx, line 2: formula without a stored value in cell D2: open and save the file in "
        "Excel or LibreOffice",
        "f.xlsx, line 3: formula without a stored value in cell C3: open and save the file in "
        "Excel or LibreOffice",
    ]
    assert caught.value.problems[0].reason.text("fi") == (
        "solussa B2 on kaava ilman tallennettua arvoa: avaa ja tallenna tiedosto Excelissä tai "
        "LibreOfficessa"
    )
    saved = _with_cached_values(data, {"B2": "A1 store", "D2": "", "C3": "2"})
    parsed = stores.parse_stores(saved, "f.xlsx")
    assert [(r.name, r.city, r.region) for r in parsed.rows] == [
        ("A1 store", "Oulu", ""),
        ("Y", "2", ""),
    ]


def test_a_store_that_moves_is_placed_again_unless_its_place_was_given_or_set(setup) -> None:
    db, manager, *_ = setup
    towns = {"Oulu": (65.01, 25.47), "Helsinki": (60.17, 24.94)}
    asked: list[str] = []

    def by_town(_session, store):
        asked.append(store.code)
        return (*towns[store.city], "gazetteer") if store.city in towns else None

    first = (
        "code,name,address,city,lat,lon\nA1,X,Katu 1,Oulu,,\nA2,Y,Katu 2,Oulu,,\n"
        "A3,Z,Katu 3,Oulu,65.1,25.1\nA4,W,Katu 4,Oulu,,\nA5,V,Katu 5,Oulu,,\n"
    )
    run_import(db, manager, first.encode(), geocoder=by_town)
    [a2] = [s for s in db.run(stores.list_stores, manager, "Brand A") if s.code == "A2"]
    db.run(stores.place_store, manager, a2.id, 65.02, 25.48)
    asked.clear()
    second = (
        "code,name,address,city\nA1,X,Mannerheimintie 1,Helsinki\n"
        "A2,Y,Mannerheimintie 2,Helsinki\nA3,Z,Mannerheimintie 3,Helsinki\n"
        "A4,W,Katu 4,Atlantis\nA5,V renamed,Katu 5,Oulu\n"
    )
    result = run_import(db, manager, second.encode(), geocoder=by_town)
    assert (result.updated, result.unplaced, asked) == (5, ["A4"], ["A1", "A4"])
    placed = {
        s.code: (s.lat, s.lon, s.coord_source)
        for s in db.run(stores.list_stores, manager, "Brand A")
    }
    assert placed == {
        "A1": (60.17, 24.94, "gazetteer"),  # geocoded for its new address
        "A2": (65.02, 25.48, "manual"),
        "A3": (65.1, 25.1, "given"),
        "A4": (None, None, "none"),  # its old place is wrong and the new one is not found
        "A5": (65.01, 25.47, "gazetteer"),  # renamed only
    }


@pytest.fixture
def nominatim(monkeypatch) -> list[tuple[str, str]]:
    """Nominatim stood in for (no test reaches the internet): it knows Mannerheimintie 1."""
    asked: list[tuple[str, str]] = []

    def service(settings):
        def lookup(text, country_codes):
            asked.append((text, settings.user_agent))
            found = text.startswith("Mannerheimintie 1,") and country_codes == "fi"
            return SimpleNamespace(latitude=60.1699, longitude=24.9384) if found else None

        return lookup

    monkeypatch.setattr(geo, "_nominatim", service)
    return asked


def test_the_import_never_waits_on_nominatim_and_the_lookup_after_it_places_by_street(
    setup, nominatim
):
    db, manager, *_ = setup
    text = b"code,name,address,city\nH1,X,Mannerheimintie 1,Helsinki\nH2,Y,Katu 9,Helsinki\n"
    result = run_import(db, manager, text, geocoder=stores.geocode_store)
    assert nominatim == [], "the import's transaction asks nobody online"
    placed = {s.code: s for s in db.run(stores.list_stores, manager, "Brand A")}
    assert {c: s.coord_source for c, s in placed.items()} == {"H1": "gazetteer", "H2": "gazetteer"}
    assert sorted(result.rough) == sorted(s.id for s in placed.values())

    lookups = db.run(stores.place_lookups, manager, "Brand A", result.rough)
    assert [(x.code, x.query) for x in lookups] == [
        ("H1", "Mannerheimintie 1, Helsinki"),
        ("H2", "Katu 9, Helsinki"),
    ]
    settings = geo.GeoSettings(nominatim_enabled=True, user_agent="audits-test")
    found = {x.code: stores.look_up_place(x, settings) for x in lookups}
    assert found["H2"] is None
    assert db.run(stores.set_looked_up_place, manager, lookups[0], found["H1"]) is True
    assert nominatim == [
        ("Mannerheimintie 1, Helsinki", "audits-test"),
        ("Katu 9, Helsinki", "audits-test"),
    ]
    after = {s.code: s for s in db.run(stores.list_stores, manager, "Brand A")}
    assert (after["H1"].lat, after["H1"].lon, after["H1"].coord_source) == (
        60.1699,
        24.9384,
        "nominatim",
    )
    assert after["H2"].coord_source == "gazetteer"  # not found: stays at its town
    assert [x.code for x in db.run(stores.place_lookups, manager, "Brand A")] == ["H2"]
    # the found address is cached: the next import of it is placed without asking
    nominatim.clear()
    run_import(
        db,
        manager,
        b"code,name,address,city\nH3,Z,Mannerheimintie 1,Helsinki\n",
        geocoder=stores.geocode_store,
    )
    h3 = next(s for s in db.run(stores.list_stores, manager, "Brand A") if s.code == "H3")
    assert (h3.lat, h3.coord_source, nominatim) == (60.1699, "cache", [])


def test_a_looked_up_place_does_not_overwrite_a_store_placed_or_moved_meanwhile(setup, nominatim):
    db, manager, *_ = setup
    run_import(db, manager, b"code,name,address,city\nH1,X,Mannerheimintie 1,Helsinki\n")
    [lookup] = db.run(stores.place_lookups, manager, "Brand A")
    place = geo.Place(lookup.query, 60.1699, 24.9384, "nominatim")
    db.run(stores.place_store, manager, lookup.store_id, 60.2, 24.9)
    assert db.run(stores.set_looked_up_place, manager, lookup, place) is False
    run_import(db, manager, b"code,name,address,city\nH2,Y,Katu 9,Helsinki\n")
    [moved] = db.run(stores.place_lookups, manager, "Brand A")
    run_import(db, manager, b"code,name,address,city\nH2,Y,Katu 11,Helsinki\n")
    assert db.run(stores.set_looked_up_place, manager, moved, place) is False
    coords = {
        s.code: (s.lat, s.coord_source) for s in db.run(stores.list_stores, manager, "Brand A")
    }
    assert coords["H1"] == (60.2, "manual")
    assert coords["H2"] == (None, "none")


def test_only_a_manager_of_the_client_may_look_up_or_place_its_stores(setup, nominatim):
    db, manager, *_ = setup
    run_import(db, manager, b"code,name,address,city\nH1,X,Mannerheimintie 1,Helsinki\n")
    [lookup] = db.run(stores.place_lookups, manager, "Brand A")
    place = geo.Place(lookup.query, 60.1699, 24.9384, "nominatim")
    shopper = Actor(id=999, username="s", role="shopper")
    for call in (
        lambda: db.run(stores.place_lookups, shopper, "Brand A"),
        lambda: db.run(stores.set_looked_up_place, shopper, lookup, place),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_cli_import_geocodes_with_the_installations_settings(
    setup, nominatim, tmp_path, monkeypatch, capsys
):
    db, manager, *_ = setup
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("AUDITS_DEMO", "0")
    monkeypatch.setenv("AUDITS_NOMINATIM", "1")
    monkeypatch.setenv("AUDITS_NOMINATIM_USER_AGENT", "audits-cli-test")
    monkeypatch.setattr(audits_db, "_cached", {})
    path = tmp_path / "stores.csv"
    path.write_bytes(b"code,name,address,city\nH1,X,Mannerheimintie 1,Helsinki\n")
    assert main(["stores", "import", str(path), "--client", "Brand A"]) == 0
    [h1] = db.run(stores.list_stores, manager, "Brand A")
    assert (h1.lat, h1.coord_source) == (60.1699, "nominatim")
    assert nominatim == [("Mannerheimintie 1, Helsinki", "audits-cli-test")]
    out = capsys.readouterr().out
    assert "looking up addresses 1/1: H1 found" in out
    assert "placed by street address: 1 of 1" in out


def test_a_workbook_that_unpacks_too_big_is_refused_before_it_is_read(monkeypatch) -> None:
    data = _workbook([["code", "name"], ["A1", "X"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    monkeypatch.setattr(stores, "MAX_UNPACKED_BYTES", unpacked - 1)
    monkeypatch.setattr(stores.openpyxl, "load_workbook", pytest.fail)  # never opened
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(data, "f.xlsx")
    assert [p.text("en") for p in caught.value.problems] == [
        "f.xlsx: the workbook unpacks to more than 0 MB: save just the store list in a file of "
        "its own"
    ]


def test_an_excel_error_value_is_refused_naming_its_cell() -> None:
    data = _workbook([["code", "name", "city"], ["A1", "X", "Oulu"], ["#N/A", "Y", "Espoo"]])
    with pytest.raises(StoreImportError) as caught:
        stores.parse_stores(data, "f.xlsx")
    assert [p.text("fi") for p in caught.value.problems] == [
        "f.xlsx, rivi 3: solussa A3 on Excelin virhearvo #N/A: korjaa tai tyhjennä solu"
    ]
