"""Route planner benchmark: prints figures (not a pass/fail test).

    pip install -r requirements-bench.txt
    python bench/route_bench.py [--quick] [--case N ...]

`--case 3` runs only the 300-store plan (repeat `--case` for several); profile it with
`python -m cProfile -s cumulative bench/route_bench.py --case 3`.

1. Pure order (round trip, no time): ours (fast-tsp) beside LKH-3 (elkai, the reference; its
   licence is non-commercial, so it is only used here) and VROOM, on the demo stores and on all
   gazetteer towns. Target: within 0.5 % of LKH in ≤ 1 s.
2. The multi-day plan for 50 demo dealerships from Helsinki, Monday 2026-11-02, 45-minute visits,
   daylight required: ours beside plain VROOM (one vehicle over the whole period with the same
   windows and night breaks). Target: no more km and days than VROOM, in ≤ 5 s.
3. 300 synthetic stores across Finland: time (≤ 60 s) and validity by the checker.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audits.geo import TravelModel, gazetteer, geocode  # noqa: E402
from audits.routing import (  # noqa: E402
    Store,
    Timing,
    TourRequest,
    _group_by_date,
    _vroom_solve,
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


def vroom_plan(request: TourRequest) -> tuple[float, int, int, bool, float]:
    """Plain VROOM: km, days, hotel nights, valid under exact timing, seconds."""
    began = time.perf_counter()
    timing = Timing(request)
    jobs = [i for i, w in enumerate(timing.windows) if not w.reason]
    steps = _vroom_solve(timing, jobs, timing.dates, 4, 5)
    seconds = time.perf_counter() - began
    order = [0, *(i + 1 for i, _ in steps), 0]
    km = sum(float(timing.km[a, b]) for a, b in zip(order, order[1:], strict=False))
    grouped = _group_by_date(request, steps)
    span = (grouped[-1][0] - grouped[0][0]).days + 1 if grouped else 0
    worked = [d for d in timing.dates if grouped and grouped[0][0] <= d <= grouped[-1][0]]
    valid = timing.build(grouped) is not None
    del span
    return km, len(worked), max(len(worked) - 1, 0), valid, seconds, len(steps)


def plan_row(label: str, request: TourRequest) -> None:
    began = time.perf_counter()
    plan = plan_tour(request)
    seconds = time.perf_counter() - began
    problems = check_plan(plan)
    print(
        f"  {label:<10} ours : {plan.km:7.0f} km, {len(plan.days):2d} days, "
        f"{plan.hotel_nights:2d} hotel nights, {plan.visit_count} visits, "
        f"{len(plan.unplanned)} unplanned, {seconds:5.2f} s, checker: "
        f"{'valid' if not problems else f'{len(problems)} violations'}"
    )
    km, days, nights, valid, vs, n = vroom_plan(request)
    print(
        f"  {'':<10} VROOM: {km:7.0f} km, {days:2d} days, {nights:2d} hotel nights*, {n} visits, "
        f"{vs:5.2f} s, exact timing: {'valid' if valid else 'INVALID (drives across nights)'}"
    )


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
        plan_row("demo 50", request)
    if 3 in cases:
        print("3. 300 synthetic stores across Finland (south of 66°N), daylight required")
        request = TourRequest(home, dt.date(2026, 9, 7), tuple(synthetic(300)), max_days=120)
        plan_row("synth 300", request)
    print("* VROOM hotel nights: worked days - 1 (one night away between each worked day)")


if __name__ == "__main__":
    main()
