"""Shared fixtures: a fresh database per test on SQLite and, when available, PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from audits import auth
from audits.auth import Actor, create_user
from audits.catalog import add_version
from audits.config import CHECKLIST_DIR
from audits.db import Database
from audits.models import Base, Client, Store, Visit, Wave

DATA = Path(__file__).parent / "data"
PG_URL = os.environ.get("TEST_POSTGRES_URL")


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 with its smallest cost: the same code path, fast enough for thousands of users."""
    original = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    auth._hasher = original


@pytest.fixture
def tours_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Tours refuse to start in the past: the tests plan from Monday 23.11.2026, so that is
    today (noon in Finland) whenever they run."""
    today = dt.date(2026, 11, 23)
    now = dt.datetime.combine(today, dt.time(10))  # UTC: noon in Finland
    monkeypatch.setattr("audits.models.utcnow", lambda: now)
    monkeypatch.setattr("audits.reservations.utcnow", lambda: now)  # when a visit leaves a tour
    return today


@pytest.fixture
def shipped_edited_in_place(tmp_path: Path) -> Path:
    """A copy of the shipped checklists with a text of car_showroom changed, same version."""
    directory = tmp_path / "checklists"
    shutil.copytree(CHECKLIST_DIR, directory)
    path = directory / "car_showroom.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Car showroom sales visit", "Showroom visit"), encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throw-away PostgreSQL database for this test run."""
    if not PG_URL:
        pytest.skip("TEST_POSTGRES_URL is not set (scripts/test sets it)")
    name = f"audits_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database with the current schema, on each backend."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'test.db'}")
        Base.metadata.create_all(database.engine)
    else:
        database = Database(request.getfixturevalue("postgres_url"))
        Base.metadata.drop_all(database.engine)
        Base.metadata.create_all(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'test.db'}")
    Base.metadata.create_all(database.engine)
    yield database
    database.dispose()


@dataclass
class World:
    """Two brands, a store each (brand A has two), users of every role, one visit each."""

    db: Database
    shopper_a: Actor
    shopper_b: Actor
    manager: Actor
    client_a: Actor
    dealer_a: Actor
    client_b: Actor
    visit_a: int
    visit_b: int
    visit_other_brand: int
    wave_a: int
    wave_b: int


def make_world(db: Database) -> World:
    with db.session() as s:
        version = add_version(
            s,
            (DATA / "mini_checklist.yaml").read_text(encoding="utf-8"),
            "mini.yaml",
            publish=True,
        )
        brand_a, brand_b = Client(name="Brand A"), Client(name="Brand B")
        s.add_all([brand_a, brand_b])
        s.flush()
        stores = [
            Store(
                client_id=brand_a.id,
                code="A1",
                name="A One",
                city="Helsinki",
                region="Uusimaa",
                lat=60.17,
                lon=24.94,
                opening_hours="Mo-Fr 09:00-18:00",
            ),
            Store(
                client_id=brand_a.id,
                code="A2",
                name="A Two",
                city="Tampere",
                region="Pirkanmaa",
                lat=61.50,
                lon=23.79,
                opening_hours="Mo-Fr 09:00-18:00",
            ),
            Store(
                client_id=brand_b.id,
                code="B1",
                name="B One",
                city="Oulu",
                region="Pohjois-Pohjanmaa",
                lat=65.01,
                lon=25.47,
                opening_hours="Mo-Fr 09:00-18:00",
            ),
        ]
        s.add_all(stores)
        s.flush()
        waves = [
            Wave(
                client_id=c.id,
                name="W1",
                checklist_version_id=version.id,
                starts_on=dt.date(2026, 9, 1),
                ends_on=dt.date(2026, 12, 1),
            )
            for c in (brand_a, brand_b)
        ]
        s.add_all(waves)
        s.flush()
        pw = "password-123"
        users = {
            "shopper_a": create_user(s, "shop_a", pw, "shopper"),
            "shopper_b": create_user(s, "shop_b", pw, "shopper"),
            "manager": create_user(s, "mgr", pw, "manager"),
            "client_a": create_user(s, "cli_a", pw, "client", client="Brand A"),
            "dealer_a": create_user(
                s, "dealer_a", pw, "client", client="Brand A", scope_store_code="A1"
            ),
            "client_b": create_user(s, "cli_b", pw, "client", client="Brand B"),
        }
        visits = [
            Visit(
                wave_id=waves[0].id,
                store_id=stores[0].id,
                shopper_id=users["shopper_a"].id,
                planned_date=dt.date(2026, 11, 23),
            ),
            Visit(
                wave_id=waves[0].id,
                store_id=stores[1].id,
                shopper_id=users["shopper_b"].id,
                planned_date=dt.date(2026, 11, 24),
            ),
            Visit(
                wave_id=waves[1].id,
                store_id=stores[2].id,
                shopper_id=users["shopper_a"].id,
                planned_date=dt.date(2026, 11, 25),
            ),
        ]
        s.add_all(visits)
        s.flush()
        actors = {k: Actor.of(u) for k, u in users.items()}
        return World(
            db=db,
            **actors,
            visit_a=visits[0].id,
            visit_b=visits[1].id,
            visit_other_brand=visits[2].id,
            wave_a=waves[0].id,
            wave_b=waves[1].id,
        )


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)
