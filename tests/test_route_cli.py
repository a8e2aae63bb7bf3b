import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from audits import route_cli
from audits.cli import main
from audits.geo import gazetteer

CSV = (
    "code,name,address,postal_code,city,region,lat,lon,opening_hours\n"
    "A1,Porvoo,Katu 1,06100,Porvoo,Uusimaa,60.39233,25.66507,Mo-Fr 09:00-17:00\n"
    "A2,Lahti,Katu 2,15100,Lahti,Päijät-Häme,60.98267,25.66151,Mo-Fr 09:00-17:00\n"
    "A3,Kiinni,Katu 3,15100,Lahti,Päijät-Häme,60.98,25.66,Mo-Su off\n"
)


def _stores(tmp_path: Path, text: str = CSV) -> Path:
    path = tmp_path / "stores.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_order(tmp_path: Path) -> None:
    out = tmp_path / "o.json"
    rc = main(["route", "order", "--stores", str(_stores(tmp_path)), "--home", "Helsinki",
               "--out", str(out)])  # fmt: skip
    data = json.loads(out.read_text())
    assert rc == 0 and sorted(data["order"]) == ["A1", "A2", "A3"] and data["km"] > 100


def test_plan_with_exports(tmp_path: Path) -> None:
    out, xlsx, ics = tmp_path / "p.json", tmp_path / "p.xlsx", tmp_path / "p.ics"
    rc = main(["route", "plan", "--stores", str(_stores(tmp_path)), "--home", "60.17,24.94",
               "--start", "2026-11-02", "--visit-minutes", "45", "--day", "08:00-19:00",
               "--daylight", "required", "--out", str(out), "--xlsx", str(xlsx),
               "--ics", str(ics)])  # fmt: skip
    data = json.loads(out.read_text())
    assert rc == 0 and xlsx.stat().st_size > 0 and ics.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert data["days"][0]["date"] == "2026-11-02"
    assert {v["store"] for d in data["days"] for v in d["visits"]} == {"A1", "A2"}
    assert data["unplanned"] == [{"store": "A3", "reason": "closed on every day of the week"}]
    assert set(data["totals"]) >= {"km", "days", "hotel_nights", "cost_eur"}


def test_plan_workbook_and_calendar_language(tmp_path: Path) -> None:
    args = ["route", "plan", "--stores", str(_stores(tmp_path)), "--home", "Helsinki",
            "--start", "2026-11-02", "--out", str(tmp_path / "p.json")]  # fmt: skip
    fi, en = tmp_path / "fi.xlsx", tmp_path / "en.xlsx"
    fi_ics, en_ics = tmp_path / "fi.ics", tmp_path / "en.ics"
    assert main([*args, "--xlsx", str(fi), "--ics", str(fi_ics)]) == 0, "Finnish by default"
    assert main([*args, "--xlsx", str(en), "--ics", str(en_ics), "--language", "en"]) == 0
    assert load_workbook(fi).sheetnames == ["Yhteenveto", "Päivät", "Käynnit", "Suunnittelematta"]
    assert load_workbook(en).sheetnames == ["Summary", "Days", "Visits", "Not planned"]
    fi_text, en_text = (path.read_text(encoding="utf-8") for path in (fi_ics, en_ics))
    assert "SUMMARY:Käynti: Porvoo" in fi_text and "Visit" not in fi_text
    assert "SUMMARY:Visit: Porvoo" in en_text and "Käynti" not in en_text


def test_bad_input_exits_2_naming_file_row_field(tmp_path: Path, capsys) -> None:
    bad = _stores(tmp_path, CSV.replace("60.98267", "sixty"))
    rc = main(["route", "order", "--stores", str(bad), "--home", "Helsinki", "--out",
               str(tmp_path / "o.json")])  # fmt: skip
    err = capsys.readouterr().err
    assert rc == 2 and "stores.csv, line 3: lat: 'sixty' is not a number" in err
    hours = _stores(tmp_path, CSV.replace("Mo-Su off", "Mo-Xx 09:00"))
    rc = main(["route", "plan", "--stores", str(hours), "--home", "Helsinki", "--start",
               "2026-11-02"])  # fmt: skip
    assert rc == 2 and "line 4: opening_hours: unreadable" in capsys.readouterr().err
    rc = main(["route", "plan", "--stores", str(bad), "--home", "Nowhereville", "--start", "x"])
    assert rc == 2


def test_a_row_with_more_cells_than_the_header_is_named(tmp_path: Path, capsys) -> None:
    bad = _stores(tmp_path, CSV.replace("Mo-Fr 09:00-17:00\n", "Mo-Fr 09:00-17:00,extra\n", 1))
    rc = main(["route", "order", "--stores", str(bad), "--home", "Helsinki", "--out",
               str(tmp_path / "o.json")])  # fmt: skip
    err = capsys.readouterr().err
    assert rc == 2 and "stores.csv, line 2: cells beyond the last column of the header: " in err
    assert err.rstrip().endswith(": extra")


def test_a_store_without_coordinates_is_placed_by_its_town(tmp_path: Path) -> None:
    text = CSV + "T1,Tampere,Katu 5,33100,Tampere,Pirkanmaa,,,Mo-Fr 09:00-17:00\n"
    path = _stores(tmp_path, text)
    tampere = gazetteer().lookup("Tampere")
    placed = {s.code: (s.lat, s.lon) for s in route_cli.read_stores(path)}
    assert placed["T1"] == (tampere.lat, tampere.lon)
    out = tmp_path / "p.json"
    rc = main(["route", "plan", "--stores", str(path), "--home", "Helsinki",
               "--start", "2026-11-02", "--out", str(out)])  # fmt: skip
    data = json.loads(out.read_text())
    assert rc == 0 and "T1" in {v["store"] for d in data["days"] for v in d["visits"]}


def test_every_store_that_cannot_be_placed_is_named_with_its_town(tmp_path: Path, capsys) -> None:
    text = (
        CSV
        + "N1,Nowhere,Katu 5,,Atlantis,,,,\n"
        + "N2,No town,,,,,,,\n"
        + "S1,Swapped,,,Espoo,,24.65,60.20,\n"
    )
    rc = main(["route", "order", "--stores", str(_stores(tmp_path, text)), "--home", "Helsinki",
               "--out", str(tmp_path / "o.json")])  # fmt: skip
    err = capsys.readouterr().err.splitlines()
    assert rc == 2 and [line.split("stores.csv, ")[1] for line in err] == [
        "line 5: city: no coordinates, and neither the address nor the town 'Atlantis' was found",
        "line 6: city: no coordinates, and no town to place the store by",
        "line 7: lat, lon: 24.65, 60.2 is outside Finland: latitude and longitude look swapped "
        "(did you mean 60.2, 24.65?)",
    ]


def test_a_bad_home_is_told_before_a_bad_store_file(tmp_path: Path, capsys) -> None:
    bad = _stores(tmp_path, CSV + "N1,Nowhere,,,Atlantis,,,,\n")
    rc = main(["route", "plan", "--stores", str(bad), "--home", "Atlantis", "--home",
               "Helsinki", "--start", "2026-11-02"])  # fmt: skip
    err = capsys.readouterr().err.splitlines()
    assert rc == 2 and len(err) == 2
    assert err[0].startswith("error: --home: place not found: 'Atlantis'")
    assert err[1].endswith("stores.csv, line 5: city: no coordinates, and neither the address "
                           "nor the town 'Atlantis' was found")  # fmt: skip


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--speed", "0"], "--speed: the average speed must be above 0 and at most 200 km/h"),
        (["--speed", "-5"], "--speed: the average speed must be above 0"),
        (["--speed", "250"], "--speed: the average speed must be above 0 and at most 200"),
        (["--road-factor", "-1"], "--road-factor: the road factor must be between 1 and 3"),
        (["--road-factor", "nan"], "--road-factor: the road factor must be between 1 and 3"),
        (["--last-day", "2026-11-01"], "--last-day: 2026-11-01 is before --start 2026-11-02"),
        (["--start", "9999-12-31"], "--start: 9999-12-31 is not between 2000-01-01"),
        (["--out", "{missing}/p.json"], "--out {missing}/p.json: directory {missing} does not"),
        (["--xlsx", "{missing}/p.xlsx"], "--xlsx {missing}/p.xlsx: directory {missing} does"),
        (["--ics", "{missing}/p.ics"], "--ics {missing}/p.ics: directory {missing} does not"),
    ],
)
def test_bad_plan_options_exit_2_with_one_line(
    tmp_path: Path, capsys, flags: list[str], message: str
) -> None:
    missing = tmp_path / "missing"
    start = [] if "--start" in flags else ["--start", "2026-11-02"]
    rc = main(["route", "plan", "--stores", str(_stores(tmp_path)), "--home", "Helsinki",
               *start, *(f.format(missing=missing) for f in flags)])  # fmt: skip
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("error: " + message.format(missing=missing))
    assert err.count("\n") == 1


def test_order_into_a_missing_directory(tmp_path: Path, capsys) -> None:
    out = tmp_path / "missing" / "o.json"
    rc = main(["route", "order", "--stores", str(_stores(tmp_path)), "--home", "Helsinki",
               "--out", str(out)])  # fmt: skip
    assert rc == 2 and "does not exist" in capsys.readouterr().err


def test_unknown_home(tmp_path: Path, capsys) -> None:
    rc = main(["route", "order", "--stores", str(_stores(tmp_path)), "--home", "Atlantis",
               "--out", str(tmp_path / "o.json")])  # fmt: skip
    assert rc == 2 and "Atlantis" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("home", "why"),
    [("60,17", "give both latitude and longitude"), ("91,0", "latitude 91 is out of range")],
)
def test_unusable_home_coordinates_say_why(tmp_path: Path, capsys, home: str, why: str) -> None:
    rc = main(["route", "order", "--stores", str(_stores(tmp_path)), "--home", home,
               "--out", str(tmp_path / "o.json")])  # fmt: skip
    err = capsys.readouterr().err
    assert rc == 2 and f"error: --home: '{home}': " in err and why in err


def test_plan_with_at_most_one_visit_a_day(tmp_path: Path, capsys) -> None:
    out = tmp_path / "p.json"
    rc = main(["route", "plan", "--stores", str(_stores(tmp_path)), "--home", "60.17,24.94",
               "--start", "2026-11-02", "--max-visits", "1", "--out", str(out)])  # fmt: skip
    data = json.loads(out.read_text())
    assert rc == 0 and data["max_visits_per_day"] == 1
    assert [len(d["visits"]) for d in data["days"] if d["visits"]] == [1, 1]
    rc = main(["route", "plan", "--stores", str(_stores(tmp_path)), "--home", "Helsinki",
               "--start", "2026-11-02", "--max-visits", "0"])  # fmt: skip
    assert rc == 2 and "--max-visits: must be at least 1" in capsys.readouterr().err


def test_plan_with_the_km_objective(tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    rc = main(["route", "plan", "--stores", str(_stores(tmp_path)), "--home", "Helsinki",
               "--start", "2026-11-02", "--objective", "km", "--out", str(out)])  # fmt: skip
    data = json.loads(out.read_text())
    assert rc == 0 and data["objective"] == "km" and data["totals"]["visits"] >= 1


def test_plan_for_two_shoppers_writes_one_plan_and_calendar_each(tmp_path: Path) -> None:
    text = CSV + "B1,Oulu,Katu 4,90100,Oulu,Pohjois-Pohjanmaa,65.01236,25.46816,Mo-Fr 09:00-17:00\n"
    out, ics = tmp_path / "team.json", tmp_path / "tour.ics"
    rc = main(["route", "plan", "--stores", str(_stores(tmp_path, text)), "--home", "Helsinki",
               "--home", "Kempele", "--start", "2026-11-02", "--out", str(out),
               "--ics", str(ics)])  # fmt: skip
    data = json.loads(out.read_text())
    assert rc == 0 and [s["home"]["name"] for s in data["shoppers"]] == ["Helsinki", "Kempele"]
    visits = [sorted(v["store"] for d in s["days"] for v in d["visits"]) for s in data["shoppers"]]
    assert visits == [["A1", "A2"], ["B1"]]
    assert data["totals"]["visits"] == 3 and data["totals"]["unplanned"] == 1
    assert data["totals"]["cost_eur"] == round(
        sum(s["totals"]["cost_eur"] for s in data["shoppers"]), 2
    )
    calendars = sorted(p.name for p in tmp_path.glob("tour-*.ics"))
    assert calendars == ["tour-1.ics", "tour-2.ics"]
