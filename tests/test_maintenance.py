"""Backup and restore round-trip the demo data; the purge keeps scores and drops evidence after
each client's retention period."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from audits import maintenance
from audits.auth import PermissionDenied
from audits.bootstrap import prepare
from audits.config import PROJECT_DIR, load_settings
from audits.db import Database
from audits.maintenance import BackupError, backup, purge, restore, set_retention
from audits.models import Answer, Audit, AuditLog, Client, Photo, User
from tests.conftest import World

TABLES = (Audit, Answer, User, AuditLog)


def _counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in TABLES}


@pytest.fixture
def demo(tmp_path: Path):
    settings = load_settings({"AUDITS_DATA_DIR": str(tmp_path)})
    db = prepare(settings)
    yield settings, db
    db.dispose()


def test_backup_and_restore_round_trip(demo, tmp_path: Path) -> None:
    settings, db = demo
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    (settings.media_dir / "p1.jpg").write_bytes(b"photo-bytes")
    before = _counts(db)
    assert before["audits"] > 50
    archive = backup(settings, tmp_path / "out" / "backup.zip")
    assert set(zipfile.ZipFile(archive).namelist()) == {"audits.db", "media/p1.jpg"}
    with db.session() as s:  # damage the live data after the backup
        s.query(Answer).delete()
    (settings.media_dir / "p1.jpg").unlink()
    db.dispose()
    aside = restore(settings, archive)
    assert (aside / "audits.db").exists()
    restored = Database(settings.database_url)
    assert _counts(restored) == before
    assert (settings.media_dir / "p1.jpg").read_bytes() == b"photo-bytes"
    restored.dispose()


def test_the_restore_command_points_at_this_installations_database(tmp_path: Path) -> None:
    archive = Path("backups/audits-20261124-120000.zip")
    default = load_settings({})
    assert maintenance.restore_command(default, default.data_dir / archive) == (
        f"cd {PROJECT_DIR} && python -m audits restore {PROJECT_DIR}/data/{archive}"
    )
    elsewhere = load_settings({"AUDITS_DATA_DIR": str(tmp_path / "my data")})
    assert maintenance.restore_command(elsewhere, elsewhere.data_dir / archive) == (
        f"cd {PROJECT_DIR} && AUDITS_DATA_DIR='{tmp_path}/my data' python -m audits restore "
        f"'{tmp_path}/my data/{archive}'"
    )
    own_file = load_settings({"DATABASE_URL": f"sqlite:///{tmp_path}/audits.sqlite"})
    assert maintenance.restore_command(own_file, tmp_path / "b.zip") == (
        f"cd {PROJECT_DIR} && DATABASE_URL=sqlite:///{tmp_path}/audits.sqlite python -m audits "
        f"restore {tmp_path}/b.zip"
    )


def test_what_a_restore_keeps_aside_is_named_in_finnish_time_like_the_backups(
    demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, db = demo
    archive = backup(settings, tmp_path / "backup.zip")
    db.dispose()
    noon_utc = dt.datetime(2026, 11, 24, 10, 0, 0)  # 12.00 in Helsinki
    monkeypatch.setattr(maintenance, "utcnow", lambda: noon_utc)
    aside = restore(settings, archive)
    assert aside is not None and aside.name == "before-restore-20261124-120000"


def test_restore_refuses_a_file_that_is_not_a_backup(demo, tmp_path: Path) -> None:
    settings, db = demo
    bogus = tmp_path / "bogus.zip"
    bogus.write_text("not a zip")
    with pytest.raises(BackupError, match="bogus.zip: not a backup archive"):
        restore(settings, bogus)
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr("audits.db", b"")
        archive.writestr("../../etc/passwd", b"x")
    with pytest.raises(BackupError, match="unexpected entry"):
        restore(settings, tmp_path / "evil.zip")
    assert _counts(db)["audits"] > 50, "a refused restore leaves the database alone"


def test_backup_of_postgres_points_to_pg_dump(tmp_path: Path) -> None:
    settings = load_settings({"DATABASE_URL": "postgresql+psycopg://u@localhost/db"})
    with pytest.raises(BackupError, match="pg_dump"):
        backup(settings, tmp_path / "x.zip")


def test_purge_drops_old_photos_and_locations_but_keeps_scores(demo) -> None:
    settings, db = demo
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    with db.session() as s:
        audit = s.scalar(select(Audit).where(Audit.status == "approved").order_by(Audit.id))
        audit_id, score = audit.id, audit.score
        (settings.media_dir / "old.jpg").write_bytes(b"x")
        s.add(
            Photo(
                audit_id=audit.id,
                uploaded_by=audit.shopper_id,
                sha256="0" * 64,
                path="old.jpg",
                created_at=dt.datetime(2026, 3, 5),
            )
        )
    with db.session() as s:
        result = purge(s, settings.media_dir, today=dt.date(2027, 12, 1))
    assert result.photos == 1
    assert result.locations > 50
    assert not (settings.media_dir / "old.jpg").exists()
    with db.session() as s:
        audit = s.get(Audit, audit_id)
        assert audit.score == score and audit.score is not None
        assert audit.checkin_lat is None and audit.location_purged_at is not None
        assert audit.checkin_distance_m is not None, "the distance is a score-side fact; kept"
        photo = s.scalar(select(Photo).where(Photo.audit_id == audit_id))
        assert photo.path is None and photo.purged_at is not None
        assert (
            s.scalar(
                select(func.count()).select_from(AuditLog).where(AuditLog.action == "privacy.purge")
            )
            >= 1
        )
    with db.session() as s:  # nothing newer than the retention period is touched
        assert purge(s, settings.media_dir, today=dt.date(2026, 12, 1)).photos == 0


def test_purge_keeps_a_file_that_a_newer_photo_shares(demo) -> None:
    # The same picture added again (after being taken off, or on another item) is stored once.
    settings, db = demo
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    (settings.media_dir / "shared.jpg").write_bytes(b"x")
    with db.session() as s:
        audit = s.scalar(select(Audit).where(Audit.status == "approved").order_by(Audit.id))
        for created in (dt.datetime(2026, 3, 5), dt.datetime(2027, 11, 1)):
            s.add(
                Photo(
                    audit_id=audit.id,
                    uploaded_by=audit.shopper_id,
                    sha256="0" * 64,
                    path="shared.jpg",
                    created_at=created,
                )
            )
    with db.session() as s:
        assert purge(s, settings.media_dir, today=dt.date(2027, 12, 1)).photos == 1
    assert (settings.media_dir / "shared.jpg").exists(), "the newer photo still shows it"
    with db.session() as s:
        assert purge(s, settings.media_dir, today=dt.date(2029, 12, 1)).photos == 1
    assert not (settings.media_dir / "shared.jpg").exists()


def with_revision(archive: Path, revision: str, out: Path) -> Path:
    """A copy of `archive` whose database says it is at schema `revision`."""
    database = out.with_suffix(".db")
    with zipfile.ZipFile(archive) as original:
        database.write_bytes(original.read("audits.db"))
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.close()
    with zipfile.ZipFile(out, "w") as changed:
        changed.write(database, "audits.db")
    return out


def test_a_backup_from_a_newer_version_is_refused_before_anything_moves(
    demo, tmp_path: Path
) -> None:
    settings, db = demo
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    (settings.media_dir / "p1.jpg").write_bytes(b"photo-bytes")
    before = _counts(db)
    future = with_revision(backup(settings, tmp_path / "b.zip"), "0099_future", tmp_path / "f.zip")
    with pytest.raises(BackupError, match="f.zip: the database inside is at schema revision "):
        restore(settings, future)
    assert _counts(db) == before
    assert (settings.media_dir / "p1.jpg").read_bytes() == b"photo-bytes"
    assert not (settings.data_dir / "backups").exists(), "nothing was moved aside"
    assert db.schema_is_current()


def test_an_older_backup_is_restored_at_this_versions_schema(demo, tmp_path: Path) -> None:
    settings, db = demo
    old = load_settings({"AUDITS_DATA_DIR": str(tmp_path / "old")})
    first = Database(old.database_url)
    first.upgrade("0001")
    first.dispose()
    archive = backup(old, tmp_path / "old.zip")
    db.dispose()
    assert restore(settings, archive) is not None
    restored = Database(settings.database_url)
    assert restored.schema_is_current()
    assert _counts(restored)["audits"] == 0
    restored.dispose()


def test_a_restore_onto_a_fresh_machine_makes_its_data_folder(demo, tmp_path: Path) -> None:
    settings, db = demo
    archive = backup(settings, tmp_path / "b.zip")
    fresh = load_settings({"AUDITS_DATA_DIR": str(tmp_path / "new" / "data")})
    assert restore(fresh, archive) is None, "there was nothing to keep aside"
    restored = Database(fresh.database_url)
    assert _counts(restored) == _counts(db)
    restored.dispose()


def test_a_failure_while_swapping_puts_the_current_data_back(
    demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, db = demo
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    (settings.media_dir / "p1.jpg").write_bytes(b"photo-bytes")
    archive = backup(settings, tmp_path / "b.zip")
    with db.session() as s:
        s.query(Answer).delete()
    before = _counts(db)
    db.dispose()
    move = shutil.move

    def disk_full_when_placing_the_backup(source, destination):
        unpacked = "before-restore" not in str(source)
        if unpacked and Path(destination) == settings.data_dir / "audits.db":
            raise OSError(errno.ENOSPC, "No space left on device")
        return move(source, destination)

    monkeypatch.setattr(shutil, "move", disk_full_when_placing_the_backup)
    with pytest.raises(BackupError, match=r"\(No space left on device\); nothing was changed"):
        restore(settings, archive)
    assert _counts(db) == before
    assert (settings.media_dir / "p1.jpg").read_bytes() == b"photo-bytes"
    assert not list((settings.data_dir / "backups").iterdir())


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("{data}/exports", "exports: is a directory; give the backup's file name"),
        ("{data}/media/backups/b.zip", "b.zip: is inside the photo folder"),
        ("{data}/audits.db", "audits.db: is the database itself"),
        ("{data}/a-file/x/b.zip", "b.zip: .*a-file is a file, not a folder"),
    ],
)
def test_a_backup_that_cannot_be_written_there_says_why_and_leaves_nothing(
    demo, where: str, message: str
) -> None:
    settings, db = demo
    (settings.data_dir / "exports").mkdir()
    (settings.data_dir / "a-file").write_text("x")
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    before = set(settings.data_dir.rglob("*"))
    with pytest.raises(BackupError, match=message):
        backup(settings, Path(where.format(data=settings.data_dir)))
    assert set(settings.data_dir.rglob("*")) == before
    assert _counts(db)["audits"] > 50


def test_a_backup_that_fails_half_way_leaves_no_partial_file(
    demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, _ = demo

    def disk_full(path: Path, database: Path, media: Path) -> None:
        path.write_bytes(b"PK half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("audits.maintenance._write_archive", disk_full)
    with pytest.raises(BackupError, match=r"b.zip: the backup could not be written \(No space"):
        backup(settings, tmp_path / "b.zip")
    assert not list(tmp_path.glob("b.zip*"))


def test_retention_is_set_per_client_checked_and_logged(world: World) -> None:
    db, manager = world.db, world.manager
    assert db.run(set_retention, manager, "Brand A", 90) is None
    assert db.run(set_retention, manager, "Brand A", 30) == 90
    assert db.run(set_retention, manager, "Brand A", None) == 30
    for days in (29, 0, -1, 36_501, True):
        with pytest.raises(ValueError, match="Brand A: the retention period must be 30–36500"):
            db.run(set_retention, manager, "Brand A", days)
    for nobody in (world.shopper_a, world.client_a):
        with pytest.raises(PermissionDenied):
            db.run(set_retention, nobody, "Brand A", 90)
    with db.session() as s:
        assert s.scalar(select(Client.retention_days).where(Client.name == "Brand A")) is None
        logged = s.scalars(
            select(AuditLog.detail).where(AuditLog.action == "client.retention")
        ).all()
        assert logged == [
            {"old": None, "new": 90},
            {"old": 90, "new": 30},
            {"old": 30, "new": None},
        ]
