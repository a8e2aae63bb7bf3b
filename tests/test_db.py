"""Schema migrations and storage settings on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from audits.config import load_settings
from audits.db import Database
from audits.models import Base


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'm.db'}")
    else:
        database = Database(request.getfixturevalue("postgres_url"))
        with database.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    yield database
    database.dispose()


def test_migrations_build_exactly_the_models(empty_db: Database) -> None:
    empty_db.upgrade()
    empty_db.upgrade()  # idempotent
    with empty_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert "audits" in inspect(empty_db.engine).get_table_names()


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'w.db'}")
    with database.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    database.dispose()


def test_default_settings_use_sqlite_under_data_in_demo_mode() -> None:
    settings = load_settings({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("data/audits.db")
    assert settings.demo
    server = load_settings({"DATABASE_URL": "postgresql+psycopg://u@h/db"})
    assert not server.demo
    assert load_settings({"DATABASE_URL": "postgresql+psycopg://u@h/db", "AUDITS_DEMO": "1"}).demo
