"""The benchmarks are never run by the tests, but what they build their world with is: a
benchmark that cannot start tells nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from sqlalchemy import select

from audits.auth import username_key
from audits.db import Database
from audits.models import User

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_load_benchmark_seeds_its_shoppers(sqlite_db: Database) -> None:
    """Its shoppers were added without their sign-in key, so the second one broke the key's
    uniqueness and `bench/load.py` stopped before its first audit."""
    actors, visits, checklist = _bench("load").seed(sqlite_db, 3)
    assert len(actors) == len(visits) == 3 and checklist.id == "car_showroom"
    with sqlite_db.session() as s:
        keys = s.scalars(select(User.username_key).order_by(User.id)).all()
    assert keys == [username_key(f"load{n}") for n in range(3)]
