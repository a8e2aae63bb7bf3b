"""Fuzzing the store importer and answer values: a clear validation error or a clean result,
never a crash, and nothing written on error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from audits import fieldwork
from audits.auth import Actor, create_user
from audits.db import Database
from audits.models import Answer, Base, Client, Store
from audits.stores import StoreImportError, apply_import, preview_import
from tests.conftest import World, make_world

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
HEADER = "code;name;address;postal_code;city;region;lat;lon;opening_hours"
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@pytest.fixture(scope="module")
def importer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, Actor]:
    db = Database(f"sqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'fuzz.db'}")
    Base.metadata.create_all(db.engine)
    with db.session() as s:
        s.add(Client(name="Brand A"))
        s.flush()
        manager = Actor.of(create_user(s, "mgr", "password-123", "manager"))
    yield db, manager
    db.dispose()


def _store_count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Store))


@FUZZ
@given(st.binary(max_size=600) | st.lists(st.lists(cells, min_size=9, max_size=9), max_size=6))
def test_store_files_of_any_shape_fail_clearly_or_import(importer, content) -> None:
    db, manager = importer
    if isinstance(content, list):
        content = "\n".join([HEADER, *(";".join(row) for row in content)]).encode("utf-8")
    before = _store_count(db)
    preview = db.run(preview_import, manager, "Brand A", content, "fuzz.csv")
    for problem in preview.problems:
        assert str(problem).startswith("fuzz.csv") and problem.reason, "names file, line, reason"
    try:
        db.run(apply_import, manager, "Brand A", content, "fuzz.csv", geocoder=None)
    except StoreImportError as exc:
        assert str(exc), "the error says what is wrong"
        assert _store_count(db) == before, "a refused import writes nothing"
    else:
        assert not preview.problems, "an import goes through only when the preview had no problem"


answers = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    cells,
    st.lists(cells, max_size=4),
    st.dictionaries(cells, st.integers() | cells, max_size=3),
)
ITEMS = ["greeting_time", "polite", "asked_use", "trade_in", "notes"]


@pytest.fixture(scope="module")
def fieldwork_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, int]:
    db = Database(f"sqlite:///{Path(tmp_path_factory.mktemp('fuzzw')) / 'w.db'}")
    Base.metadata.create_all(db.engine)
    world = make_world(db)
    audit_id = db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)
    yield world, audit_id
    db.dispose()


def _stored(world: World, audit_id: int, item_id: str):
    with world.db.session() as s:
        answer = s.scalar(
            select(Answer).where(Answer.audit_id == audit_id, Answer.item_id == item_id)
        )
        return None if answer is None else (answer.value, answer.na, answer.comment)


@FUZZ
@given(st.sampled_from(ITEMS), answers, st.booleans())
def test_any_answer_value_is_stored_normalised_or_refused_cleanly(
    fieldwork_world, item_id: str, value, na: bool
) -> None:
    world, audit_id = fieldwork_world
    before = _stored(world, audit_id, item_id)
    try:
        world.db.run(fieldwork.save_answer, world.shopper_a, audit_id, item_id, value, na=na)
    except ValueError as exc:
        assert str(exc), "the refusal says what is wrong"
        assert _stored(world, audit_id, item_id) == before, "a refused answer changes nothing"
    else:
        assert _stored(world, audit_id, item_id) is not None


def test_bytes_that_are_no_known_text_encoding_are_named(importer) -> None:
    """Found by the fuzzer: 0x81 is neither UTF-8 nor Windows-1252."""
    db, manager = importer
    preview = db.run(preview_import, manager, "Brand A", b"\x81code;name\n", "shops.csv")
    assert preview.unreadable
    assert [str(p) for p in preview.problems] == [
        "shops.csv: not text in UTF-8 or Windows-1252 (byte 0x81 at offset 0)"
    ]
