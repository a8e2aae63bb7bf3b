"""`python -m audits`: what every command shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from audits.cli import main

STORES = "code,name,city,lat,lon\nA1,Porvoo,Porvoo,60.39,25.66\n"


@pytest.fixture
def fresh_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AUDITS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


@pytest.mark.parametrize(
    "command", [["stores", "import", "{dir}/stores.csv", "--client", "Brand"], ["purge"]]
)
def test_an_uninitialised_database_is_told_on_one_line(
    fresh_data_dir: Path, capsys, command: list[str]
) -> None:
    (fresh_data_dir / "stores.csv").write_text(STORES, encoding="utf-8")
    rc = main([part.format(dir=fresh_data_dir) for part in command])
    err = capsys.readouterr().err
    assert rc == 1 and err.count("\n") == 1
    assert err.startswith("error: the database sqlite:///") and "run `python -m audits init`" in err


def test_after_init_the_command_runs(fresh_data_dir: Path, capsys) -> None:
    (fresh_data_dir / "stores.csv").write_text(STORES, encoding="utf-8")
    assert main(["init"]) == 0
    rc = main(["stores", "import", str(fresh_data_dir / "stores.csv"), "--client", "Brand"])
    assert rc == 1 and capsys.readouterr().err == "error: no client named 'Brand'\n"


def test_a_bad_setting_is_told_on_one_line(
    fresh_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("AUDITS_SESSION_MINUTES", "0")
    assert main(["init"]) == 1
    err = capsys.readouterr().err
    assert err == "error: AUDITS_SESSION_MINUTES=0: must be a whole number of minutes, at least 1\n"
