"""Route planner benchmark: prints figures (not a pass/fail test).

    pip install -r requirements-bench.txt
    python bench/route_bench.py [--quick] [--case N ...]

`--case 3` runs only the 300-store plan (repeat `--case` for several); profile it with
`python -m cProfile -s cumulative bench/route_bench.py --case 3`.

1. Pure order (round trip, no time): ours (fast-tsp) beside LKH-3 (elkai, the reference; its
   licence is non-commercial, so it is only used here) and VROOM, on the demo stores and on all
   gazetteer towns. Target: within 0.5 % of LKH in ≤ 1 s.
2. The multi-day plan for 50 demo dealerships from Helsinki, Monday 2026-11-02, 45-minute visits,
   daylight required: ours with each objective (total cost, the default; days; km) beside plain
   VROOM (one vehicle over the whole period with the same windows and night breaks, free to use
   as many days as it likes, minimising km), its plan re-timed exactly and checked. Target: no
   more km and days than VROOM with the same objective (km), in ≤ 5 s.
3. 300 synthetic stores across Finland: time (≤ 60 s) and validity by the checker.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audits.geo import TravelModel, gazetteer, geocode  # noqa: E402
from audits.routing import (  # noqa: E402
    Store,
    Timing,
    TourPlan,
    TourRequest,
    _group_by_date,
    _vroom_solve,
    plan_team,
    plan_tour,
    solve_tsp,
    tour_km,
)
from audits.tourcheck import check_plan  # noqa: E402


def demo_stores() -> list[Store]:
    with (ROOT / "data" / "demo_stores.csv").open(encoding="utf-8") as handle:
        return [
            Store(
                r["code"],
                r["name"],
                float(r["lat"]),
                float(r["lon"]),
                r["opening_hours"],
                r["address"],
                r["city"],
            )  # fmt: skip
            for r in csv.DictReader(handle)
        ]


def lkh(km: np.ndarray) -> tuple[float, float]:
    import elkai

    began = time.perf_counter()
    tour = elkai.DistanceMatrix(np.rint(km * 1000).astype(int).tolist()).solve_tsp(
        runs=10 if len(km) < 200 else 1
    )
    return tour_km(km, tour[:-1]), time.perf_counter() - began


def vroom_tsp(km: np.ndarray) -> tuple[float, float]:
    import vroom

    began = time.perf_counter()
    problem = vroom.Input()
    problem.set_durations_matrix("car", np.rint(km * 10).astype(int))
    problem.add_vehicle(vroom.Vehicle(1, start=0, end=0, profile="car"))
    problem.add_job([vroom.Job(i, location=i) for i in range(1, len(km))])
    routes = problem.solve(exploration_level=5 if len(km) < 200 else 0, nb_threads=4).routes
    tour = [0, *routes[routes["type"] == "job"]["location_index"].astype(int)]
    return tour_km(km, tour), time.perf_counter() - began


def order_row(label: str, points: list[tuple[float, float]]) -> None:
    km, _ = TravelModel().matrices(points)
    began = time.perf_counter()
    ours = tour_km(km, solve_tsp(km, seconds=1.0))
    ours_s = time.perf_counter() - began
    ref, ref_s = lkh(km)
    vr, vr_s = vroom_tsp(km)
    print(
        f"  {label:<28} n={len(points):<4} ours {ours:8.1f} km {ours_s:5.2f} s | "
        f"LKH {ref:8.1f} km {ref_s:5.2f} s | VROOM {vr:8.1f} km {vr_s:5.2f} s | "
        f"ours vs LKH {100 * (ours / ref - 1):+.2f} %"
    )


def vroom_plan(request: TourRequest) -> tuple[TourPlan | None, int, float]:
    """Plain VROOM over the whole period (its own choice of days): the plan, visits, seconds.

    The plan is VROOM's steps re-timed exactly (None when that breaks a constraint).
    """
    began = time.perf_counter()
    timing = Timing(request)
    jobs = [i for i, w in enumerate(timing.windows) if not w.reason]
    steps = _vroom_solve(timing, jobs, timing.dates, 4, 5)
    seconds = time.perf_counter() - began
    built = timing.build(_group_by_date(request, steps))
    plan = None if built is None else TourPlan(request, built, [], "vroom", seconds)
    return plan, len(steps), seconds


def figures(plan: TourPlan) -> str:
    return (
        f"{plan.km:7.0f} km, {len(plan.days):2d} days, {plan.hotel_nights:2d} hotel nights, "
        f"{float(plan.cost.total_eur):8.2f} €, {plan.visit_count} visits"
    )


def plan_row(label: str, request: TourRequest, objectives: tuple[str, ...]) -> None:
    for objective in objectives:
        began = time.perf_counter()
        plan = plan_tour(replace(request, objective=objective))
        seconds = time.perf_counter() - began
        problems = check_plan(plan)
        print(
            f"  {label:<10} ours ({objective:<4}): {figures(plan)}, {len(plan.unplanned)} "
            f"unplanned, {seconds:5.2f} s, checker: "
            f"{'valid' if not problems else f'{len(problems)} violations'}"
        )
    vroom, n, seconds = vroom_plan(request)
    if vroom is None:
        print(f"  {'':<10} VROOM      : {n} visits, {seconds:5.2f} s, INVALID under exact timing")
    else:
        problems = check_plan(vroom)
        print(
            f"  {'':<10} VROOM      : {figures(vroom)}, {seconds:5.2f} s, checker: "
            f"{'valid' if not problems else f'{len(problems)} violations'}"
        )


def team_row(label: str, request: TourRequest, homes: list) -> None:  # noqa: ANN001
    """The same stores shared by shoppers living at `homes` (split by VROOM, then planned)."""
    team = plan_team(request, homes)
    valid = all(not check_plan(p) for p in team.plans)
    data = team.to_dict()["totals"]
    print(
        f"  {label:<10} shared by {' + '.join(h.name for h in homes)}: {data['km']:.0f} km, "
        f"{data['days']} shopper-days, {data['hotel_nights']} hotel nights, "
        f"{data['cost_eur']:.2f} €, {data['visits']} visits, {data['unplanned']} unplanned, "
        f"{team.seconds:5.2f} s, checker: {'valid' if valid else 'VIOLATIONS'}"
    )
    for plan in team.plans:
        print(f"  {'':<10}   from {plan.request.home.name:<9}: {figures(plan)}")


def synthetic(n: int, seed: int = 7) -> list[Store]:
    rng = random.Random(seed)
    towns = [e for e in gazetteer() if e.lat < 66.0]
    hours = ["Mo-Fr 09:00-17:00", "Mo-Fr 09:00-18:00; Sa 10:00-15:00",
             "Mo-Fr 08:00-17:00; Sa 10:00-14:00", "Mo-Fr 10:00-19:00; Sa 10:00-16:00"]  # fmt: skip
    out = []
    for i in range(n):
        t = rng.choice(towns)
        lat, lon = t.lat + rng.uniform(-0.03, 0.03), t.lon + rng.uniform(-0.05, 0.05)
        out.append(Store(f"X{i:03d}", f"Store {t.name_fi}", lat, lon, rng.choice(hours), "",
                         t.name_fi))  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip the 300-store plan")
    parser.add_argument(
        "--case", type=int, action="append", choices=(1, 2, 3), help="run only these cases"
    )
    args = parser.parse_args()
    cases = set(args.case or ((1, 2) if args.quick else (1, 2, 3)))
    home = geocode("Helsinki")
    stores = demo_stores()
    if 1 in cases:
        print("1. Pure order (round trip from Helsinki; great-circle × 1.3)")
        order_row("demo stores + home", [home.point, *((s.lat, s.lon) for s in stores)])
        towns = [(e.lat, e.lon) for e in gazetteer()]
        order_row("all gazetteer places", towns)
    if 2 in cases:
        print("2. Multi-day plan: 50 demo dealerships, Helsinki, Mon 2026-11-02, 45 min, daylight")
        request = TourRequest(home, dt.date(2026, 11, 2), tuple(stores[:50]), daylight="required")
        plan_row("demo 50", request, ("cost", "days", "km"))
        team_row("demo 50", request, [home, geocode("Oulu")])
    if 3 in cases:
        print("3. 300 synthetic stores across Finland (south of 66°N), daylight required")
        request = TourRequest(home, dt.date(2026, 9, 7), tuple(synthetic(300)), max_days=120)
        plan_row("synth 300", request, ("cost",))


if __name__ == "__main__":
    main()
