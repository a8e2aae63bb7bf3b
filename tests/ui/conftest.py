"""AppTest runs of the real entry point against a copy of a demo database."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from audits.bootstrap import prepare
from audits.config import load_settings
from audits.demo import DEMO_PASSWORD

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    settings = load_settings({"AUDITS_DATA_DIR": str(data_dir)})
    prepare(settings).dispose()
    return data_dir / "audits.db"


@pytest.fixture
def app_env(demo_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo database for one test, wired through the environment."""
    shutil.copy(demo_db_file, tmp_path / "audits.db")
    monkeypatch.setenv("AUDITS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("AUDITS_DEMO", "1")
    st.cache_resource.clear()
    return tmp_path


@pytest.fixture
def signed_in(app_env: Path) -> Iterator[Callable[[str], AppTest]]:
    def sign_in(username: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.run()
        at.text_input(key="username").input(username)
        at.text_input(key="password").input(DEMO_PASSWORD)
        at.button[0].click()
        at.run()
        assert not at.exception, at.exception
        return at

    yield sign_in
    st.cache_resource.clear()
