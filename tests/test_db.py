"""Schema migrations and storage settings on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

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


def test_upgrade_from_the_first_migration_keeps_every_row(empty_db: Database) -> None:
    empty_db.upgrade("0001")
    rows = {
        "clients": "INSERT INTO clients (id, name, staff_names_enabled, created_at) "
        "VALUES (1, 'Old Brand', false, '2026-01-01')",
        "checklist_versions": "INSERT INTO checklist_versions (id, checklist_id, version, title, "
        "yaml_text, published, created_at) VALUES (1, 'x', 1, 'X', 'id: x', true, '2026-01-01')",
        "stores": "INSERT INTO stores (id, client_id, code, name, address, postal_code, city, "
        "region, coord_source, opening_hours, active) VALUES (1, 1, 'S1', 'Shop', '', '', "
        "'Oulu', '', 'given', 'Mo-Fr 09:00-17:00', true)",
        "users": "INSERT INTO users (id, username, password_hash, role, display_name, language, "
        "active, failed_logins, created_at) VALUES (1, 'u', 'h', 'shopper', 'U', 'fi', true, 0, "
        "'2026-01-01')",
        "waves": "INSERT INTO waves (id, client_id, name, checklist_version_id, starts_on, "
        "ends_on, fee_eur, briefing, created_at) VALUES (1, 1, 'W', 1, '2026-01-01', "
        "'2026-02-01', 40, '{}', '2026-01-01')",
        "visits": "INSERT INTO visits (id, wave_id, store_id, shopper_id) VALUES (1, 1, 1, 1)",
        "audits": "INSERT INTO audits (id, visit_id, shopper_id, checklist_version_id, status, "
        "started_at, updated_at, score, section_scores, critical_failed, flagged, "
        "checkin_refused) VALUES (1, 1, 1, 1, 'approved', '2026-01-05', '2026-01-05', 87.5, "
        "'{}', '[]', false, false)",
        "answers": "INSERT INTO answers (id, audit_id, item_id, value, na, comment, answered_at, "
        "updated_at) VALUES (1, 1, 'q', '\"yes\"', false, 'ok', '2026-01-05', '2026-01-05')",
    }
    with empty_db.engine.begin() as conn:
        for statement in rows.values():
            conn.execute(text(statement))
    empty_db.upgrade()
    with empty_db.engine.connect() as conn:
        for table in rows:
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 1, table
        assert conn.execute(text("SELECT score FROM audits")).scalar() == 87.5
        assert conn.execute(text("SELECT comment FROM answers")).scalar() == "ok"
        rules = conn.execute(text("SELECT assignment_rules FROM waves")).scalar()
        assert rules in ({}, "{}")


_OLD_USER = (
    "INSERT INTO users (id, username, password_hash, role, display_name, language, active, "
    "created_at) VALUES ({id}, '{name}', 'h', 'shopper', '', 'fi', true, '2026-01-01')"
)


def test_upgrade_gives_every_user_a_sign_in_key(empty_db: Database) -> None:
    empty_db.upgrade("0003")
    with empty_db.engine.begin() as conn:
        for n, name in enumerate(["Anna", "ÄRRÄ", "mgr"], start=1):
            conn.execute(text(_OLD_USER.format(id=n, name=name)))
    empty_db.upgrade()
    with empty_db.engine.connect() as conn:
        keys = conn.execute(text("SELECT username, username_key FROM users ORDER BY id")).all()
    assert [tuple(row) for row in keys] == [("Anna", "anna"), ("ÄRRÄ", "ärrä"), ("mgr", "mgr")]


def test_upgrade_stops_on_names_that_differ_only_in_case(empty_db: Database) -> None:
    empty_db.upgrade("0003")
    with empty_db.engine.begin() as conn:
        for n, name in enumerate(["Anna", "anna"], start=1):
            conn.execute(text(_OLD_USER.format(id=n, name=name)))
    with pytest.raises(RuntimeError, match="users 'Anna' and 'anna' differ only in upper and"):
        empty_db.upgrade()
    with empty_db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == ("0003",)
        assert "username_key" not in {c["name"] for c in inspect(conn).get_columns("users")}


def test_upgrade_lets_a_visit_keep_released_audits_beside_its_one_audit(
    empty_db: Database,
) -> None:
    empty_db.upgrade("0004")
    audit = (
        "INSERT INTO audits (id, visit_id, shopper_id, checklist_version_id, status, started_at, "
        "updated_at, section_scores, critical_failed, flagged, checkin_refused) VALUES ({id}, 1, "
        "1, 1, '{status}', '2026-01-05', '2026-01-05', '{{}}', '[]', false, false)"
    )
    with empty_db.engine.begin() as conn:
        for statement in (
            "INSERT INTO clients (id, name, staff_names_enabled, created_at) "
            "VALUES (1, 'Brand', false, '2026-01-01')",
            "INSERT INTO checklist_versions (id, checklist_id, version, title, yaml_text, "
            "published, created_at) VALUES (1, 'x', 1, 'X', 'id: x', true, '2026-01-01')",
            "INSERT INTO stores (id, client_id, code, name, address, postal_code, city, region, "
            "coord_source, opening_hours, active) VALUES (1, 1, 'S1', 'Shop', '', '', '', '', "
            "'given', '', true)",
            "INSERT INTO users (id, username, username_key, password_hash, role, display_name, "
            "language, active, created_at) VALUES (1, 'ann', 'ann', 'h', 'shopper', '', 'fi', "
            "true, '2026-01-01')",
            "INSERT INTO waves (id, client_id, name, checklist_version_id, starts_on, ends_on, "
            "fee_eur, briefing, assignment_rules, created_at) VALUES (1, 1, 'W', 1, "
            "'2026-01-01', '2026-02-01', 40, '{}', '{}', '2026-01-01')",
            "INSERT INTO visits (id, wave_id, store_id, shopper_id) VALUES (1, 1, 1, 1)",
            audit.format(id=1, status="draft"),
            "INSERT INTO answers (id, audit_id, item_id, value, na, comment, answered_at, "
            "updated_at) VALUES (1, 1, 'q', '\"no\"', false, '', '2026-01-05', '2026-01-05')",
        ):
            conn.execute(text(statement))
    empty_db.upgrade()
    with empty_db.engine.begin() as conn:
        assert conn.execute(text("SELECT audit_id FROM answers")).scalar() == 1
        conn.execute(text("UPDATE audits SET status = 'released' WHERE id = 1"))
        conn.execute(text(audit.format(id=2, status="draft")))
    with pytest.raises(IntegrityError), empty_db.engine.begin() as conn:
        conn.execute(text(audit.format(id=3, status="draft")))
    if empty_db.engine.dialect.name == "sqlite":
        with empty_db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
