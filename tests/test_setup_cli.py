"""`python -m audits init|demo|user add|user set`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from audits.cli import main
from audits.config import load_settings
from audits.db import get_database
from audits.models import AuditLog, Client, Store


def test_demo_reads_the_shipped_stores_whatever_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("AUDITS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["demo"]) == 0
    assert "demo data loaded" in capsys.readouterr().out
    db = get_database(load_settings())
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Store)) > 50
    db.dispose()


def test_init_names_a_shipped_checklist_edited_in_place(
    tmp_path: Path, shipped_edited_in_place: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("AUDITS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["init"]) == 0
    capsys.readouterr()
    monkeypatch.setattr("audits.catalog.CHECKLIST_DIR", shipped_edited_in_place)
    assert main(["init"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: shipped checklists not loaded: ")
    assert "car_showroom.yaml: car_showroom v1 is published and cannot change" in err
    get_database(load_settings()).dispose()


def test_user_add_refuses_a_scope_for_a_shopper_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("AUDITS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("long-password\n"))
    command = ["user", "add", "--username", "ann", "--role", "shopper", "--password-stdin"]
    assert main([*command, "--region", "Uusimaa"]) == 1
    assert capsys.readouterr().err == (
        "error: A region or store scope is for client users only, not for the role 'shopper'\n"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("long-password\n"))
    assert main([*command, "--region", ""]) == 0, "an empty region is no region"
    assert capsys.readouterr().out == "created shopper ann\n"
    get_database(load_settings()).dispose()


def test_user_set_changes_what_is_given_and_says_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("AUDITS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for name, role in (("root", "admin"), ("ann", "shopper")):
        monkeypatch.setattr("sys.stdin", io.StringIO("long-password\n"))
        add = ["user", "add", "--username", name, "--role", role, "--password-stdin"]
        assert main(add) == 0
    assert main(["client", "add", "Brand A"]) == 0
    db = get_database(load_settings())
    with db.session() as s:
        brand = s.scalar(select(Client.id))
        s.add(Store(client_id=brand, code="A1", name="A One", region="Uusimaa"))
    capsys.readouterr()

    def user_set(*options: str) -> tuple[int, str]:
        code = main(["user", "set", *options])
        said = capsys.readouterr()
        return code, (said.out + said.err).strip()

    assert user_set("--username", "ANN", "--role", "client", "--client", "Brand A") == (
        0,
        "updated ann: role shopper -> client; client - -> Brand A; their sessions ended",
    )
    assert user_set("--username", "ann", "--region", "Uusimaa") == (
        0,
        "updated ann: scope_region - -> Uusimaa; their sessions ended",
    )
    assert user_set("--username", "ann", "--store", "A1") == (
        0,
        "updated ann: scope_region Uusimaa -> -; scope_store - -> A1; their sessions ended",
    )
    assert user_set("--username", "ann", "--name", "Ann A", "--language", "en") == (
        0,
        "updated ann: display_name ann -> Ann A; language fi -> en",
    )
    assert user_set("--username", "ann", "--name", "Ann A") == (0, "ann: nothing changed")
    assert user_set("--username", "ann", "--role", "manager") == (
        0,
        "updated ann: role client -> manager; client Brand A -> -; scope_store A1 -> -; "
        "their sessions ended",
    )
    assert user_set("--username", "ann", "--region", "Uusimaa") == (
        1,
        "error: A region or store scope is for client users only, not for the role "
        "'project manager'",
    )
    assert user_set("--username", "root", "--role", "shopper") == (
        1,
        "error: 'root' is the last active admin and keeps the admin role",
    )
    assert user_set("--username", "nobody", "--language", "en") == (1, "error: No user nobody")
    with db.session() as s:
        logged = s.scalars(select(AuditLog).where(AuditLog.action == "user.update")).all()
        assert len(logged) == 5 and {e.actor_id for e in logged} == {None}
    db.dispose()
