"""`python -m audits backup|restore|purge`: one line for what the operator got wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from audits.cli import main
from audits.config import load_settings
from audits.db import get_database
from audits.models import Client
from tests.test_maintenance import with_revision


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AUDITS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("AUDITS_DEMO", "0")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["init"]) == 0
    return tmp_path / "data"


def test_a_backup_into_a_directory_is_one_line_and_leaves_nothing(
    data_dir: Path, tmp_path: Path, capsys
) -> None:
    capsys.readouterr()
    assert main(["backup", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path}: is a directory") and err.count("\n") == 1
    assert not list(tmp_path.parent.glob("*.partial"))


def test_a_backup_from_a_newer_version_is_one_line_and_the_app_still_starts(
    data_dir: Path, tmp_path: Path, capsys
) -> None:
    assert main(["backup", str(tmp_path / "b.zip")]) == 0
    with_revision(tmp_path / "b.zip", "0099_future", tmp_path / "future.zip")
    capsys.readouterr()
    assert main(["restore", str(tmp_path / "future.zip")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "schema revision 0099_future" in err
    assert main(["init"]) == 0
    assert main(["restore", str(tmp_path / "b.zip")]) == 0
    assert f"moved to {data_dir / 'backups'}" in capsys.readouterr().out


def test_a_clients_retention_is_set_from_the_command_line(data_dir: Path, capsys) -> None:
    db = get_database(load_settings())
    with db.session() as s:
        s.add(Client(name="Brand"))
    capsys.readouterr()
    assert main(["client", "retention", "Brand", "365"]) == 0
    assert capsys.readouterr().out == "Brand: photos and raw locations kept for ever → 365 days\n"
    with db.session() as s:
        assert s.scalar(select(Client.retention_days)) == 365
    for args, error in [
        (["Brand", "a year"], "error: days must be a whole number or off, not 'a year'\n"),
        (
            ["Brand", "7"],
            "error: Brand: the retention period must be 30–36500 days or off, not 7\n",
        ),
        (["Nobody", "90"], "error: no client named 'Nobody'\n"),
    ]:
        assert main(["client", "retention", *args]) == 1
        assert capsys.readouterr().err == error
    assert main(["client", "retention", "Brand", "off"]) == 0
    with db.session() as s:
        assert s.scalar(select(Client.retention_days)) is None
    db.dispose()


def test_a_fresh_installation_gets_its_first_client_from_the_command_line(
    data_dir: Path, capsys
) -> None:
    capsys.readouterr()
    assert main(["client", "add", "  Pohjolan   Auto "]) == 0
    assert capsys.readouterr().out == "client added: Pohjolan Auto\n"
    for name, error in [
        ("POHJOLAN AUTO", "error: Client POHJOLAN AUTO already exists\n"),
        (" ", "error: A client's name is 1–200 characters without control characters\n"),
        ("Auto\x07Talo", "error: A client's name is 1–200 characters without control characters\n"),
    ]:
        assert main(["client", "add", name]) == 1
        assert capsys.readouterr().err == error
    assert main(["client", "retention", "Pohjolan Auto", "365"]) == 0
    db = get_database(load_settings())
    with db.session() as s:
        assert s.scalars(select(Client.name)).all() == ["Pohjolan Auto"]
    db.dispose()
