"""Faults: an unreachable or locked database gives a clear error and leaves nothing half-done."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, select

from audits import fieldwork
from audits.db import Database, DatabaseUnavailable
from audits.models import Answer
from tests.conftest import World


def test_unreachable_server_is_a_clear_error() -> None:
    db = Database("postgresql+psycopg://nobody:secret@127.0.0.1:9/none")
    with pytest.raises(DatabaseUnavailable) as caught:
        db.run(lambda session: session.execute(select(1)).scalar(), retries=0)
    assert "secret" not in str(caught.value)
    db.dispose()


def test_a_failing_unit_of_work_writes_nothing(world: World) -> None:
    audit_id = world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)

    def half_done(session):
        fieldwork.save_answer(session, world.shopper_a, audit_id, "asked_use", "yes")
        fieldwork.save_answer(session, world.shopper_a, audit_id, "trade_in", "perhaps")

    with pytest.raises(ValueError, match="trade_in"):
        world.db.run(half_done)
    with world.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 0


def test_a_locked_sqlite_database_is_retried_then_succeeds(sqlite_db: Database) -> None:
    """A writer holding the lock briefly delays a save; it does not lose it."""
    from tests.conftest import make_world

    world = make_world(sqlite_db)
    audit_id = sqlite_db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)
    path = sqlite_db.url.split("///", 1)[1]
    blocker = sqlite3.connect(path, timeout=1, check_same_thread=False, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, blocker.rollback)
    release.start()
    started = time.perf_counter()
    sqlite_db.run(fieldwork.save_answer, world.shopper_a, audit_id, "asked_use", "yes")
    assert time.perf_counter() - started >= 0.4
    release.join()
    blocker.close()
    view = sqlite_db.run(fieldwork.load_audit, world.shopper_a, audit_id)
    assert view.answers["asked_use"].value == "yes"
