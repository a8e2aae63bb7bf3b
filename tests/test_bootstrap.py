"""What the app runs on every start."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from audits.bootstrap import prepare
from audits.config import load_settings
from audits.models import ChecklistVersion


def test_the_app_starts_on_the_stored_version_of_a_shipped_file_edited_in_place(
    tmp_path: Path,
    shipped_edited_in_place: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = load_settings({"AUDITS_DATA_DIR": str(tmp_path / "data"), "AUDITS_DEMO": "0"})
    prepare(settings)
    monkeypatch.setattr("audits.catalog.CHECKLIST_DIR", shipped_edited_in_place)
    with caplog.at_level(logging.WARNING, logger="audits.catalog"):
        db = prepare(settings)
    assert "car_showroom.yaml: car_showroom v1 is published and cannot change" in caplog.text
    with db.session() as s:
        titles = s.scalars(
            select(ChecklistVersion.title).where(ChecklistVersion.checklist_id == "car_showroom")
        )
        assert list(titles) == ["Car showroom sales visit"]
    db.dispose()
