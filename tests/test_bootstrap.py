"""What the app runs on every start."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from audits.bootstrap import prepare
from audits.config import SettingsError, load_settings
from audits.db import DatabaseUnavailable
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


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_database_that_cannot_be_reached_is_named_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://audits:s3cret@127.0.0.1:{_closed_port()}/audits"
    with pytest.raises(DatabaseUnavailable) as caught:
        prepare(load_settings({"DATABASE_URL": url, "AUDITS_DATA_DIR": str(tmp_path)}))
    said = str(caught.value)
    assert said.startswith(f"{url.replace('s3cret', '***')}: connection failed: ")
    assert "Connection refused" in said and "s3cret" not in said


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("not a url", "DATABASE_URL is not a database URL; e.g. postgresql+psycopg://"),
        (
            "postgres://u:s3cret@db/audits",
            "DATABASE_URL=postgres://u:***@db/audits: not a database this app can use (Can't "
            "load plugin: sqlalchemy.dialects:postgres); use postgresql+psycopg://",
        ),
        (
            "mysql://u:s3cret@db/audits",
            "DATABASE_URL=mysql://u:***@db/audits: not a database this app can use (No module "
            "named 'MySQLdb')",
        ),
        (
            "sqlite:////proc/no-such-dir/audits.db",
            "sqlite:////proc/no-such-dir/audits.db: the folder /proc/no-such-dir cannot be made "
            "(No such file or directory); set AUDITS_DATA_DIR to a folder the app can write to",
        ),
    ],
)
def test_a_database_url_the_app_cannot_use_is_a_setting_to_fix(url: str, said: str) -> None:
    with pytest.raises(SettingsError) as caught:
        prepare(load_settings({"DATABASE_URL": url}))
    assert str(caught.value).startswith(said)
