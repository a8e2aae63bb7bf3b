"""Many shoppers at once through the core services; prints throughput, latency and consistency.

    python bench/load.py                       # 50 shoppers on a fresh SQLite file (default)
    DATABASE_URL=postgresql+psycopg://... python bench/load.py --shoppers 200

Each simulated shopper starts an audit, answers every visible item of the car showroom checklist,
and submits it. Some shoppers submit twice at once (double tap), and some answer the same item
from two "tabs" at once. Afterwards the database is checked: one audit per visit, every answer
stored, the last write of every answer kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from audits import fieldwork  # noqa: E402
from audits.auth import Actor, username_key  # noqa: E402
from audits.catalog import checklist_of, sync_shipped  # noqa: E402
from audits.checklist import Response  # noqa: E402
from audits.db import Database  # noqa: E402
from audits.demo import fake_value  # noqa: E402
from audits.models import Answer, Audit, Base, Client, Store, User, Visit, Wave  # noqa: E402


def seed(db: Database, shoppers: int) -> tuple[list[Actor], list[int], object]:
    with db.session() as s:
        versions = sync_shipped(s)
        version = next(v for v in versions if v.checklist_id == "car_showroom")
        client = Client(name="Load test brand")
        s.add(client)
        s.flush()
        wave = Wave(
            client_id=client.id,
            name="Load",
            checklist_version_id=version.id,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
        )
        s.add(wave)
        actors, visits = [], []
        for n in range(shoppers):
            store = Store(
                client_id=client.id,
                code=f"L{n:04d}",
                name=f"Store {n}",
                lat=60 + n / 1000,
                lon=25.0,
            )
            name = f"load{n}"
            user = User(
                username=name, username_key=username_key(name), password_hash="x", role="shopper"
            )
            s.add_all([store, user])
            s.flush()
            visit = Visit(wave_id=wave.id, store_id=store.id, shopper_id=user.id)
            s.add(visit)
            s.flush()
            actors.append(Actor.of(user))
            visits.append(visit.id)
        return actors, visits, checklist_of(version)


def shopper_run(
    db: Database,
    actor: Actor,
    visit_id: int,
    checklist,
    rng: random.Random,
    latencies: list[float],
    errors: list[str],
    expected: dict,
    lock: threading.Lock,
    double_submit: bool,
    two_tabs: bool,
    think: float,
) -> None:
    try:
        audit_id = db.run(fieldwork.start_audit, actor, visit_id)
        answers: dict[str, Response] = {}
        for item in checklist.items():
            if not item.is_visible(answers) or item.staff_name:
                continue
            value = fake_value(item, rng, rng.random() < 0.7)
            if value is None:
                continue
            comment = "load test comment" if item.needs_comment(value) else ""
            time.sleep(rng.uniform(0, 2 * think))
            started = time.perf_counter()
            if two_tabs and item.type == "yes_no":
                # Two tabs save the same item at once, then one saves the final value.
                with ThreadPoolExecutor(2) as tabs:
                    saves = [
                        tabs.submit(
                            db.run,
                            fieldwork.save_answer,
                            actor,
                            audit_id,
                            item.id,
                            tab_value,
                            comment=comment,
                        )
                        for tab_value in ("yes", "no")
                    ]
                    for save in saves:
                        save.result()
                db.run(fieldwork.save_answer, actor, audit_id, item.id, value, comment=comment)
            else:
                db.run(fieldwork.save_answer, actor, audit_id, item.id, value, comment=comment)
            latencies.append(time.perf_counter() - started)
            answers[item.id] = Response(value=item.normalize_answer(value), comment=comment)
        with lock:
            expected[audit_id] = answers
        if double_submit:
            with ThreadPoolExecutor(2) as taps:
                results = list(
                    taps.map(lambda _: db.run(fieldwork.submit, actor, audit_id), range(2))
                )
            if sum(not r.already for r in results) != 1:
                errors.append(f"audit {audit_id}: double submit gave {results}")
        else:
            result = db.run(fieldwork.submit, actor, audit_id)
            if not result.submitted:
                errors.append(f"audit {audit_id}: not submitted, missing {result.missing[:3]}")
    except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
        errors.append(f"{actor.username}: {type(exc).__name__}: {exc}")


def check(db: Database, visits: list[int], expected: dict) -> list[str]:
    problems = []
    with db.session() as s:
        audits = s.scalar(select(func.count()).select_from(Audit).where(Audit.visit_id.in_(visits)))
        if audits != len(visits):
            problems.append(f"{audits} audits for {len(visits)} visits")
        not_submitted = s.scalar(
            select(func.count()).select_from(Audit).where(Audit.status != "submitted")
        )
        if not_submitted:
            problems.append(f"{not_submitted} audits not submitted")
        stored = {(a.audit_id, a.item_id): a for a in s.scalars(select(Answer))}
    lost = wrong = 0
    for audit_id, answers in expected.items():
        for item_id, response in answers.items():
            row = stored.get((audit_id, item_id))
            if row is None:
                lost += 1
            elif row.value != response.value:
                wrong += 1
    if lost:
        problems.append(f"{lost} answers lost")
    if wrong:
        problems.append(f"{wrong} answers with a stale value (lost update)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shoppers",
        type=int,
        default=None,
        help="concurrent shoppers (default 50 on SQLite, 200 on PostgreSQL)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--think-ms",
        type=int,
        default=300,
        help="mean pause between two answers of one shopper (a tap is not instant)",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{tmp.name}/load.db"
    shoppers = args.shoppers or (50 if url.startswith("sqlite") else 200)
    db = Database(url, pool_size=min(shoppers // 4 + 5, 45))
    if not url.startswith("sqlite"):
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    Base.metadata.create_all(db.engine)
    actors, visits, checklist = seed(db, shoppers)
    rng = random.Random(args.seed)
    latencies: list[float] = []
    errors: list[str] = []
    expected: dict = {}
    lock = threading.Lock()
    started = time.perf_counter()
    with ThreadPoolExecutor(shoppers) as pool:
        futures = [
            pool.submit(
                shopper_run,
                db,
                actor,
                visit,
                checklist,
                random.Random(rng.random()),
                latencies,
                errors,
                expected,
                lock,
                n % 5 == 0,
                n % 7 == 0,
                args.think_ms / 1000,
            )
            for n, (actor, visit) in enumerate(zip(actors, visits, strict=True))
        ]
        for future in futures:
            future.result()
    elapsed = time.perf_counter() - started
    problems = check(db, visits, expected)
    backend = url.split(":", 1)[0]
    quantiles = statistics.quantiles(latencies, n=100)
    print(f"backend            {backend}")
    print(f"shoppers           {shoppers} concurrent (threads)")
    print(
        f"audits submitted   {len(expected)} in {elapsed:.1f} s = {len(expected) / elapsed:.1f}/s"
    )
    print(f"answers saved      {len(latencies)}")
    print(f"answer save p50    {statistics.median(latencies) * 1000:.0f} ms")
    print(f"answer save p95    {quantiles[94] * 1000:.0f} ms")
    print(f"errors             {len(errors)}")
    for error in errors[:10]:
        print(f"  {error}")
    print(f"consistency        {'ok' if not problems else '; '.join(problems)}")
    db.dispose()
    return 0 if not errors and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
