"""The whole Excel wave report on a large synthetic network; prints time and peak memory.

    python bench/report_bench.py                 # 1,000 stores × 4 waves, car showroom checklist
    python bench/report_bench.py --stores 200    # smaller

Builds a SQLite database of N stores × 4 waves with one approved audit per store and wave,
every item answered and scored with the one scoring implementation (not timed). Then, each in a
fresh process so that the peak memory is its own:

1. the report: load the latest wave (and the previous one for the change column, all four for
   trends), rank, analyse items, format every answer, write the workbook with a sheet per
   store — the same call the CLI and the download button make;
2. plain openpyxl writing the same number of cells on the same number of sheets, in its
   normal mode and in write-only mode (the report's ratio to each is printed).

Targets (issue 6): ≤ 10 s, ≤ 1 GB, within 2× of the plain write.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select  # noqa: E402

from audits.auth import Actor  # noqa: E402
from audits.catalog import checklist_of, sync_shipped  # noqa: E402
from audits.checklist import Response  # noqa: E402
from audits.db import Database  # noqa: E402
from audits.demo import fake_value  # noqa: E402
from audits.models import Answer, Audit, Base, Client, Store, User, Visit, Wave  # noqa: E402
from audits.scoring import score_audit  # noqa: E402

WAVES = ["Spring 2025", "Autumn 2025", "Spring 2026", "Autumn 2026"]
REGIONS = ["Uusimaa", "Pirkanmaa", "Varsinais-Suomi", "Pohjois-Pohjanmaa", "Keski-Suomi"]
ACTOR = Actor(id=0, username="bench", role="admin", language="en")


def build(url: str, stores: int, seed: int = 7) -> int:
    """Fill the database; returns the id of the newest wave."""
    db = Database(url)
    Base.metadata.create_all(db.engine)
    rng = random.Random(seed)
    with db.session() as s:
        version = next(v for v in sync_shipped(s) if v.checklist_id == "car_showroom")
        checklist = checklist_of(version)
        client = Client(name="Bench Motors")
        shopper = User(username="bench_shopper", password_hash="x", role="shopper")
        s.add_all([client, shopper])
        s.flush()
        store_rows = [
            Store(
                client_id=client.id,
                code=f"B{n:04d}",
                name=f"Bench Motors {n:04d}",
                city=f"Town {n % 97}",
                region=REGIONS[n % len(REGIONS)],
                lat=60 + (n % 500) / 100,
                lon=22 + (n % 70) / 10,
            )
            for n in range(stores)
        ]
        s.add_all(store_rows)
        waves = [
            Wave(
                client_id=client.id,
                name=name,
                checklist_version_id=version.id,
                starts_on=dt.date(2025 + i // 2, 3 if i % 2 == 0 else 9, 1),
                ends_on=dt.date(2025 + i // 2, 5 if i % 2 == 0 else 11, 30),
            )
            for i, name in enumerate(WAVES)
        ]
        s.add_all(waves)
        s.flush()
        quality = {st.id: rng.uniform(0.4, 0.95) for st in store_rows}
        for wave in waves:
            _fill_wave(s, rng, wave, store_rows, shopper.id, checklist, quality)
        newest = waves[-1].id
    items = len(checklist.items())
    db.dispose()
    print(f"database: {stores} stores × {len(WAVES)} waves × {items}-item checklist ({url})")
    return newest


def _fill_wave(s, rng, wave, stores, shopper_id, checklist, quality) -> None:
    visits = [
        {
            "wave_id": wave.id,
            "store_id": st.id,
            "shopper_id": shopper_id,
            "planned_date": wave.starts_on,
        }
        for st in stores
    ]
    s.execute(insert(Visit), visits)
    visit_ids = s.scalars(select(Visit.id).where(Visit.wave_id == wave.id).order_by(Visit.id)).all()
    audits, answer_sets = [], []
    for visit_id, store in zip(visit_ids, stores, strict=True):
        answers = _answers(checklist, rng, quality[store.id])
        result = score_audit(checklist, answers)
        audits.append(
            {
                "visit_id": visit_id,
                "shopper_id": shopper_id,
                "checklist_version_id": wave.checklist_version_id,
                "status": "approved",
                "score": result.total,
                "section_scores": dict(result.sections),
                "critical_failed": list(result.critical_failed),
            }
        )
        answer_sets.append((answers, result))
    s.execute(insert(Audit), audits)
    audit_ids = s.scalars(
        select(Audit.id).join(Visit).where(Visit.wave_id == wave.id).order_by(Audit.visit_id)
    ).all()
    rows = []
    for audit_id, (answers, result) in zip(audit_ids, answer_sets, strict=True):
        for item_id, response in answers.items():
            points = result.items.get(item_id)
            rows.append(
                {
                    "audit_id": audit_id,
                    "item_id": item_id,
                    "value": response.value,
                    "na": response.na,
                    "comment": response.comment,
                    "earned": points.earned if points else None,
                    "possible": points.possible if points else None,
                }
            )
    s.execute(insert(Answer), rows)


def _answers(checklist, rng: random.Random, quality: float) -> dict[str, Response]:
    answers: dict[str, Response] = {}
    for item in checklist.items():
        if not item.is_visible(answers):
            continue
        if item.allow_na and rng.random() < 0.05:
            answers[item.id] = Response(na=True)
            continue
        value = fake_value(item, rng, rng.random() < quality)
        if value is None:
            continue
        comment = "Asiaa ei otettu puheeksi." if item.needs_comment(value) else ""
        answers[item.id] = Response(value=value, comment=comment)
    return answers


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_report(url: str, wave_id: int, out: str, queue) -> None:
    from audits.report_xlsx import write_report
    from audits.reports import wave_report

    db = Database(url)
    start = time.perf_counter()
    report = db.run(wave_report, ACTOR, wave_id, details=True)
    built = time.perf_counter()
    write_report(report, Path(out), store_sheets=True)
    done = time.perf_counter()
    queue.put(
        {"total": done - start, "data": built - start, "write": done - built, "peak_mb": _peak_mb()}
    )


def count_cells(path: str) -> list[tuple[int, int]]:
    """(rows, columns) of every sheet of a workbook, for the plain write."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    shapes = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        shapes.append((len(rows), max((len(r) for r in rows), default=0)))
    wb.close()
    return shapes


def run_raw(shapes: list[tuple[int, int]], out: str, write_only: bool, queue) -> None:
    from openpyxl import Workbook

    start = time.perf_counter()
    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    for n, (rows, cols) in enumerate(shapes):
        ws = wb.create_sheet(f"Sheet {n}")
        for r in range(rows):
            ws.append([f"text {r}" if c % 2 else r * 0.5 + c for c in range(cols)])
    wb.save(out)
    queue.put({"total": time.perf_counter() - start, "peak_mb": _peak_mb()})


def _has_lxml() -> bool:
    from openpyxl import LXML

    return bool(LXML)


def _in_child(target, *args) -> dict:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", type=int, default=1000)
    parser.add_argument("--keep", help="write the workbook here instead of a temporary file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        started = time.perf_counter()
        wave_id = build(url, args.stores)
        print(f"setup (not timed): {time.perf_counter() - started:.1f} s")
        out = args.keep or f"{tmp}/report.xlsx"
        report = _in_child(run_report, url, wave_id, out)
        shapes = count_cells(out)
        cells = sum(r * c for r, c in shapes)
        raw = _in_child(run_raw, shapes, f"{tmp}/raw.xlsx", False)
        raw_stream = _in_child(run_raw, shapes, f"{tmp}/raw_stream.xlsx", True)
        size_mb = Path(out).stat().st_size / 1e6
    print(f"workbook: {len(shapes)} sheets, {cells:,} cells (rows × columns), {size_mb:.1f} MB")
    print(
        f"report build: {report['total']:.2f} s (data {report['data']:.2f} s, "
        f"workbook {report['write']:.2f} s), peak memory {report['peak_mb']:.0f} MB"
    )
    lxml = "with lxml" if _has_lxml() else "without lxml"
    ratios = []
    for label, figures in (("normal", raw), ("write-only", raw_stream)):
        ratio = report["total"] / figures["total"]
        ratios.append(ratio)
        print(
            f"plain openpyxl ({label} mode, {lxml}) writing the same cells: "
            f"{figures['total']:.2f} s, peak {figures['peak_mb']:.0f} MB; "
            f"ratio report / plain: {ratio:.2f}×"
        )
    ok = report["total"] <= 10 and report["peak_mb"] <= 1024 and max(ratios) <= 2
    print("targets (≤ 10 s, ≤ 1 GB, ≤ 2×):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
