"""`python -m audits route order|plan ...`: tour order and multi-day tour plans from a store file.

Stores FILE is what the store importer reads (code,name,address,postal_code,city,region,lat,lon,
opening_hours; CSV or Excel), read and checked by the importer's own code; a store without
coordinates is placed by its address or town as an import places it. PLACE is a town name or
`lat, lon`. Bad input exits with 2 and a message naming the file, row and field; a bad --home
is told beside a bad store file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from audits.config import load_settings
from audits.geo import (
    GeoSettings,
    Place,
    PlaceNotFound,
    TravelModel,
    TravelModelError,
    geocode,
)
from audits.routing import (
    OBJECTIVES,
    Store,
    TourPlan,
    TourRequest,
    plan_team,
    plan_tour,
    shortest_order,
)
from audits.stores import StoreImportError, parse_stores, place_rows

# A date outside these years is a typing mistake (and 9999-12-31 overflows the calendar).
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
_TRAVEL_FLAGS = {"road_factor": "--road-factor", "speed_kmh": "--speed"}


class InputError(ValueError):
    pass


def add_parsers(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("route", help="tour order and multi-day tour plans").add_subparsers(
        dest="action", required=True
    )
    order = group.add_parser("order", help="shortest round trip from home through all stores")
    _common(order)
    order.add_argument("--out", type=Path, required=True, help="JSON file to write")
    order.set_defaults(handler=_order)
    plan = group.add_parser("plan", help="multi-day tour within opening hours and daylight")
    _common(plan, several_homes=True)
    plan.add_argument("--start", required=True, help="first date, YYYY-MM-DD")
    plan.add_argument("--last-day", help="last date allowed, YYYY-MM-DD")
    plan.add_argument("--visit-minutes", type=int, default=45)
    plan.add_argument("--day", default="08:00-19:00", help="working day HH:MM-HH:MM")
    plan.add_argument("--daylight", choices=["required", "preferred", "off"], default="required")
    plan.add_argument("--no-return", action="store_true", help="do not drive home at the end")
    plan.add_argument("--max-visits", type=int, metavar="N", help="at most N visits a day")
    plan.add_argument(
        "--objective",
        choices=list(OBJECTIVES),
        default="cost",
        help="what to minimise: total cost (default), days worked, or km",
    )
    plan.add_argument("--out", type=Path, help="JSON file to write (default: stdout)")
    plan.add_argument("--xlsx", type=Path, help="also write an Excel workbook")
    plan.add_argument("--ics", type=Path, help="also write a calendar file")
    plan.add_argument(
        "--language",
        choices=["fi", "en"],
        default="fi",
        help="of the Excel workbook and the calendar file",
    )
    plan.set_defaults(handler=_plan)


def _common(parser: argparse.ArgumentParser, several_homes: bool = False) -> None:
    parser.add_argument("--stores", type=Path, required=True, help="store CSV file")
    if several_homes:
        parser.add_argument(
            "--home",
            required=True,
            action="append",
            help="home town or 'lat, lon'; repeat for several shoppers, who share the stores",
        )
    else:
        parser.add_argument("--home", required=True, help="home town or 'lat, lon'")
    parser.add_argument("--road-factor", type=float, default=1.3)
    parser.add_argument("--speed", type=float, default=70.0, help="average km/h")


def read_stores(path: Path) -> list[Store]:
    """The file's stores as the importer reads them, those without coordinates placed by their
    address or town; every bad row is told at once."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from exc
    try:
        parsed = parse_stores(data, str(path))
    except StoreImportError as exc:
        raise InputError(str(exc)) from None
    rows, unplaced = place_rows(parsed.rows, str(path), _geo_settings())
    problems = sorted([*parsed.problems, *unplaced], key=lambda p: p.line or 0)
    if problems:
        raise InputError("\n".join(map(str, problems)))
    if not rows:
        raise InputError(f"{path}: no stores")
    return [
        Store(
            code=row.code,
            name=row.name,
            lat=row.lat,  # type: ignore[arg-type]  # placed above
            lon=row.lon,  # type: ignore[arg-type]
            opening_hours=row.opening_hours or "",
            address=row.address or "",
            city=row.city or "",
        )
        for row in rows
    ]


def _date(text: str, flag: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{flag}: not a date YYYY-MM-DD: {text!r}") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise InputError(f"{flag}: {text} is not between {FIRST_DATE} and {LAST_DATE}")
    return day


def _day(text: str) -> tuple[dt.time, dt.time]:
    try:
        a, b = (dt.time.fromisoformat(p.strip()) for p in text.split("-"))
    except ValueError:
        raise InputError(f"--day: expected HH:MM-HH:MM, got {text!r}") from None
    if b <= a:
        raise InputError(f"--day: the working day {text!r} ends before it starts")
    return a, b


def _travel(args: argparse.Namespace) -> TravelModel:
    settings = load_settings()
    try:
        return TravelModel(args.road_factor, args.speed, settings.osrm_url)
    except TravelModelError as exc:
        raise InputError(f"{_TRAVEL_FLAGS[exc.field]}: {exc}") from None


def _check_out_dirs(args: argparse.Namespace, *flags: str) -> None:
    """Refuse, before any work, to write into a directory that does not exist."""
    for flag in flags:
        path: Path | None = getattr(args, flag)
        if path is not None and not path.parent.exists():
            raise InputError(f"--{flag} {path}: directory {path.parent} does not exist")


def _geo_settings() -> GeoSettings:
    return GeoSettings.from_settings(load_settings())


def _place(text: str) -> Place:
    try:
        return geocode(text, settings=_geo_settings())
    except PlaceNotFound as exc:
        raise InputError(f"--home: {exc}") from None


def _stores_and_homes(path: Path, homes: list[str]) -> tuple[list[Store], list[Place]]:
    """The stores and the homes, each read before either refuses: a bad --home is told
    first, and beside the store file's problems rather than hidden by them."""
    errors: list[str] = []
    places: list[Place] = []
    stores: list[Store] = []
    for text in homes:
        try:
            places.append(_place(text))
        except InputError as exc:
            errors.append(str(exc))
    try:
        stores = read_stores(path)
    except InputError as exc:
        errors.append(str(exc))
    if errors:
        raise InputError("\n".join(errors))
    return stores, places


def _run(args: argparse.Namespace, body) -> int:  # noqa: ANN001
    try:
        return body(args)
    except InputError as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 2


def _write(path: Path | None, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if path is None:
        print(text)
    else:
        path.write_text(text + "\n", encoding="utf-8")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _exports(plan: TourPlan, args: argparse.Namespace, suffix: str) -> None:
    """The Excel and calendar files asked for; `suffix` before the extension (one per shopper)."""
    from audits.tour_export import tour_ics, tour_xlsx

    if args.xlsx:
        tour_xlsx(plan, args.xlsx.with_stem(args.xlsx.stem + suffix), args.language)
    if args.ics:
        args.ics.with_stem(args.ics.stem + suffix).write_bytes(tour_ics(plan, args.language))


def _order(args: argparse.Namespace) -> int:
    def body(args: argparse.Namespace) -> int:
        _check_out_dirs(args, "out")
        travel = _travel(args)
        stores, [home] = _stores_and_homes(args.stores, [args.home])
        print(f"ordering {len(stores)} stores from {home.name}", file=sys.stderr)
        result = shortest_order(home, stores, travel)
        _write(args.out, {"home": home.name, **result.to_dict()})
        print(f"{result.km:.1f} km, {result.seconds:.2f} s", file=sys.stderr)
        return 0

    return _run(args, body)


def _plan(args: argparse.Namespace) -> int:
    def body(args: argparse.Namespace) -> int:
        _check_out_dirs(args, "out", "xlsx", "ics")
        travel = _travel(args)
        stores, homes = _stores_and_homes(args.stores, args.home)
        start = _date(args.start, "--start")
        last = _date(args.last_day, "--last-day") if args.last_day else None
        if last is not None and last < start:
            raise InputError(f"--last-day: {last} is before --start {start}")
        if args.visit_minutes <= 0:
            raise InputError("--visit-minutes: must be positive")
        day_start, day_end = _day(args.day)
        if args.max_visits is not None and args.max_visits < 1:
            raise InputError("--max-visits: must be at least 1")
        request = TourRequest(
            home=homes[0],
            start=start,
            stores=tuple(stores),
            visit_minutes=args.visit_minutes,
            day_start=day_start,
            day_end=day_end,
            daylight=args.daylight,
            last_day=last,
            return_home=not args.no_return,
            travel=travel,
            max_visits_per_day=args.max_visits,
            objective=args.objective,
        )
        if len(homes) > 1:
            team = plan_team(request, homes, progress=_say)
            _write(args.out, team.to_dict())
            for n, plan in enumerate(team.plans, 1):
                _exports(plan, args, f"-{n}")
            print(
                f"{len(homes)} shoppers, {team.km:.0f} km, {team.cost_eur:.2f} €, "
                f"{sum(len(p.unplanned) for p in team.plans)} not planned",
                file=sys.stderr,
            )
            return 0
        plan = plan_tour(request, progress=_say)
        _write(args.out, plan.to_dict())
        _exports(plan, args, "")
        print(
            f"{len(plan.days)} days, {plan.km:.0f} km, {plan.hotel_nights} hotel nights, "
            f"{plan.cost.total_eur} €, {len(plan.unplanned)} not planned",
            file=sys.stderr,
        )
        return 0

    return _run(args, body)
