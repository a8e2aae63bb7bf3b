"""The shipped checklists: loaded once, and a file edited in place without a new version."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from audits.catalog import VersionFrozen, sync_shipped
from audits.config import CHECKLIST_DIR
from audits.db import Database
from audits.models import ChecklistVersion


def test_syncing_twice_changes_nothing(sqlite_db: Database) -> None:
    with sqlite_db.session() as s:
        first = [v.id for v in sync_shipped(s)]
    with sqlite_db.session() as s:
        assert [v.id for v in sync_shipped(s)] == first
        assert len(first) == len(list(CHECKLIST_DIR.glob("*.yaml")))


def test_a_shipped_file_edited_in_place_is_named(
    sqlite_db: Database, shipped_edited_in_place: Path
) -> None:
    with sqlite_db.session() as s:
        sync_shipped(s)
    with (
        pytest.raises(VersionFrozen, match="car_showroom.yaml: car_showroom v1 is published"),
        sqlite_db.session() as s,
    ):
        sync_shipped(s, shipped_edited_in_place)


def test_keeping_the_stored_version_logs_a_warning(
    sqlite_db: Database, shipped_edited_in_place: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with sqlite_db.session() as s:
        sync_shipped(s)
    with caplog.at_level(logging.WARNING, logger="audits.catalog"), sqlite_db.session() as s:
        loaded = sync_shipped(s, shipped_edited_in_place, keep_stored=True)
    assert "car_showroom" not in {v.checklist_id for v in loaded}
    assert len(loaded) == len(list(CHECKLIST_DIR.glob("*.yaml"))) - 1
    assert "car_showroom.yaml: car_showroom v1 is published" in caplog.text
    assert "the stored version stays in use" in caplog.text
    with sqlite_db.session() as s:
        stored = s.scalar(
            select(ChecklistVersion).where(ChecklistVersion.checklist_id == "car_showroom")
        )
        assert stored.title == "Car showroom sales visit"
