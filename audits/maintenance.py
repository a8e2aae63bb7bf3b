"""Backups, restores and the privacy purge: the operator's chores."""

from __future__ import annotations

import contextlib
import datetime as dt
import shlex
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from audits.auth import Actor, PermissionDenied, require_role
from audits.config import DEFAULT_DATA_DIR, PROJECT_DIR, Settings
from audits.db import Database, alembic_config
from audits.i18n import Refusal
from audits.models import LOCAL_TZ, Audit, AuditLog, Client, Photo, Store, Visit, utcnow
from audits.stores import client_for

DB_NAME = "audits.db"
RETENTION_DAYS = (30, 36_500)  # a month (evidence outlives the review) to a century


class BackupError(RuntimeError):
    pass


def _sqlite_path(settings: Settings) -> Path:
    if not settings.is_sqlite:
        raise BackupError(
            "backup and restore here are for the embedded SQLite database; for PostgreSQL use "
            "pg_dump -Fc and pg_restore (see README)"
        )
    return Path(settings.database_url.split("///", 1)[1])


def backup(settings: Settings, out: Path) -> Path:
    """Write a zip with a consistent online copy of the database and every stored photo."""
    source = _sqlite_path(settings)
    if not source.exists():
        raise BackupError(f"{source}: no database to back up")
    _check_backup_target(out, source, settings.media_dir)
    partial = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / DB_NAME
            _copy_database(source, copy)
            _write_archive(partial, copy, settings.media_dir)
        partial.replace(out)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # e.g. its folder could not be made
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError | sqlite3.Error):
            raise BackupError(f"{out}: the backup could not be written ({_reason(exc)})") from exc
        raise
    return out


def _check_backup_target(out: Path, source: Path, media: Path) -> None:
    if out.is_dir():
        raise BackupError(f"{out}: is a directory; give the backup's file name, e.g. {out}/b.zip")
    where = out.resolve()
    folder = next(parent for parent in where.parents if parent.exists())
    if not folder.is_dir():
        raise BackupError(f"{out}: {folder} is a file, not a folder")
    if where in {source.resolve().with_name(source.name + s) for s in ("", "-wal", "-shm")}:
        raise BackupError(f"{out}: is the database itself; write the backup elsewhere")
    if where.is_relative_to(media.resolve()):
        raise BackupError(f"{out}: is inside the photo folder {media} that the backup copies")


def _copy_database(source: Path, copy: Path) -> None:
    live, target = sqlite3.connect(source), sqlite3.connect(copy)
    try:
        live.backup(target)  # a consistent copy even while the app writes
    finally:
        live.close()
        target.close()


def _write_archive(path: Path, database: Path, media: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(database, DB_NAME)
        if media.exists():
            for photo in sorted(media.rglob("*")):
                if photo.is_file():
                    archive.write(photo, f"media/{photo.relative_to(media).as_posix()}")


def _reason(exc: OSError | sqlite3.Error) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


@dataclass(frozen=True)
class BackupFile:
    """A backup the app made under the data folder's backups/."""

    name: str
    size: int
    made_at: dt.datetime  # local (Finnish) time


def backup_folder(settings: Settings) -> Path:
    """Where the app's backups go; a restore also keeps the data it replaces here."""
    return settings.data_dir / "backups"


def make_backup(session: Session, actor: Actor, settings: Settings) -> BackupFile:
    """A backup now, as `backup` makes it, into backups/ under a new name; the admin's, logged.

    SQLite only: BackupError for PostgreSQL (pg_dump is used there)."""
    require_role(actor, "admin")
    _sqlite_path(settings)
    folder = backup_folder(settings)
    stamp = f"audits-{_local_stamp()}"
    out, n = folder / f"{stamp}.zip", 1
    while out.exists():  # two within a second
        n += 1
        out = folder / f"{stamp}-{n}.zip"
    backup(settings, out)
    made = _backup_file(out)
    _log(session, actor, "backup.create", made.name, made.size)
    return made


def _local_stamp() -> str:
    """Now in Finland, as backups and what a restore keeps aside are named (the admin reads
    the names beside the times the Backups page shows)."""
    return f"{utcnow().replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ):%Y%m%d-%H%M%S}"


def list_backups(session: Session, actor: Actor, settings: Settings) -> list[BackupFile]:
    """The zip backups under backups/, newest first."""
    require_role(actor, "admin")
    folder = backup_folder(settings)
    if not folder.is_dir():
        return []
    found = [_backup_file(path) for path in folder.glob("*.zip") if path.is_file()]
    return sorted(found, key=lambda b: (b.made_at, b.name), reverse=True)


def read_backup(session: Session, actor: Actor, settings: Settings, name: str) -> bytes:
    """One listed backup's bytes, for downloading; logged, as it holds every account and audit."""
    require_role(actor, "admin")
    # Only a name from the list: never a path the caller makes up.
    if name not in {b.name for b in list_backups(session, actor, settings)}:
        raise PermissionDenied(f"no backup {name!r}")
    data = (backup_folder(settings) / name).read_bytes()
    _log(session, actor, "backup.download", name, len(data))
    return data


def _backup_file(path: Path) -> BackupFile:
    stat = path.stat()
    made = dt.datetime.fromtimestamp(stat.st_mtime, LOCAL_TZ).replace(tzinfo=None)
    return BackupFile(name=path.name, size=stat.st_size, made_at=made)


def restore_command(settings: Settings, archive: Path) -> str:
    """The shell command that restores `archive` into this installation: in the app's folder,
    with the settings that point the command line at this app's database when they are not
    the defaults (a restore without them would replace another database)."""
    env = {}
    if settings.data_dir != DEFAULT_DATA_DIR:
        env["AUDITS_DATA_DIR"] = str(settings.data_dir.resolve())
    if settings.database_url != f"sqlite:///{settings.data_dir / DB_NAME}":
        env["DATABASE_URL"] = settings.database_url
    assigned = "".join(f"{name}={shlex.quote(value)} " for name, value in env.items())
    return (
        f"cd {shlex.quote(str(PROJECT_DIR))} && {assigned}python -m audits restore "
        f"{shlex.quote(str(archive.resolve()))}"
    )


def restore(settings: Settings, archive_path: Path) -> Path | None:
    """Replace the database and photos with a backup; the current ones are kept aside first.

    The backup is unpacked, checked and upgraded to this version's schema before anything
    current is moved, and a failure while swapping puts the current files back: a refused or
    failed restore leaves the data as it was. Returns the folder the current data went to
    (None when there was none).
    """
    target = _sqlite_path(settings)
    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{archive_path}: not a backup archive ({exc})") from exc
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        settings.media_dir.parent.mkdir(parents=True, exist_ok=True)
        unpacking = tempfile.TemporaryDirectory(dir=target.parent)
    except OSError as exc:
        raise BackupError(f"{target.parent}: cannot restore here ({_reason(exc)})") from exc
    with archive, unpacking as tmp:
        unpacked = Path(tmp)
        _unpack(archive, archive_path, unpacked)
        _check_database(unpacked / DB_NAME, archive_path)
        _upgrade(unpacked / DB_NAME, archive_path)
        aside = target.parent / "backups" / f"before-restore-{_local_stamp()}"
        return _swap_in(unpacked, target, settings.media_dir, aside)


def _unpack(archive: zipfile.ZipFile, archive_path: Path, into: Path) -> None:
    names = archive.namelist()
    if DB_NAME not in names:
        raise BackupError(f"{archive_path}: no {DB_NAME} inside; not a backup of this app")
    for name in names:
        unexpected = name != DB_NAME and not name.startswith("media/")
        if unexpected or ".." in Path(name).parts:
            raise BackupError(f"{archive_path}: unexpected entry {name!r}")
    try:
        archive.extractall(into)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{archive_path}: cannot be unpacked ({exc})") from exc


def _check_database(path: Path, archive_path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.execute("SELECT count(*) FROM audits").fetchone()
        revisions = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{archive_path}: the database inside is unreadable ({exc})") from exc
    finally:
        conn.close()
    if ok != "ok":
        raise BackupError(f"{archive_path}: the database inside is damaged ({ok})")
    known = {script.revision for script in _migrations().walk_revisions()}
    if not revisions or not set(revisions) <= known:
        raise BackupError(
            f"{archive_path}: the database inside is at schema revision "
            f"{', '.join(revisions) or '(none)'}, which this version of the app does not know "
            "(a backup made by a newer version?)"
        )


def _migrations() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def _upgrade(path: Path, archive_path: Path) -> None:
    """Bring an older backup's schema to this version's, on the unpacked copy."""
    database = Database(f"sqlite:///{path}")
    try:
        database.upgrade()
    except (SQLAlchemyError, CommandError) as exc:
        raise BackupError(
            f"{archive_path}: the database inside cannot be upgraded ({exc})"
        ) from exc
    finally:
        database.dispose()


def _swap_in(unpacked: Path, target: Path, media: Path, aside: Path) -> Path | None:
    """Move the current database and photos into `aside` (None when there are none) and the
    unpacked ones into their places; if any step fails, the current ones are put back."""
    current = [target.with_name(target.name + s) for s in ("", "-wal", "-shm")] + [media]
    current = [path for path in current if path.exists()]
    moved: list[Path] = []
    placed: list[Path] = []
    try:
        if current:
            aside.mkdir(parents=True)  # never over what an earlier restore kept
        for path in current:
            shutil.move(path, aside / path.name)
            moved.append(path)
        for name, place in ((DB_NAME, target), ("media", media)):
            if (unpacked / name).exists():
                shutil.move(unpacked / name, place)
                placed.append(place)
    except BaseException as exc:
        for place in placed:
            if place.is_dir():
                shutil.rmtree(place)
            else:
                place.unlink()
        for path in reversed(moved):
            shutil.move(aside / path.name, path)
        if moved:
            with contextlib.suppress(OSError):
                aside.rmdir()
        if isinstance(exc, OSError):
            raise BackupError(
                f"the backup could not be put in place ({_reason(exc)}); nothing was changed"
            ) from exc
        raise
    return aside if current else None


def set_retention(session: Session, actor: Actor, client: str, days: int | None) -> int | None:
    """Have the purge delete the client's photos and raw check-in locations after `days` days
    (None: never); logged. Returns the period it replaces."""
    row = client_for(session, actor, client)
    low, high = RETENTION_DAYS
    if days is not None and (isinstance(days, bool) or not low <= days <= high):
        raise Refusal("e_retention_days", client=row.name, days=days, min=low, max=high)
    previous, row.retention_days = row.retention_days, days
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="client.retention",
            entity="client",
            entity_id=row.id,
            detail={"old": previous, "new": days},
        )
    )
    return previous


@dataclass(frozen=True)
class PurgeResult:
    photos: int
    locations: int


def purge(session: Session, media_dir: Path, today: dt.date | None = None) -> PurgeResult:
    """Delete photos and raw check-in locations older than each client's retention period.

    Scores, answers and the distance to the store are kept; every purge is logged.
    """
    now = dt.datetime.combine(today, dt.time()) if today else utcnow()
    photos = locations = 0
    for client in session.scalars(select(Client).where(Client.retention_days.is_not(None))):
        cutoff = now - dt.timedelta(days=client.retention_days)
        audits = select(Audit.id).join(Visit).join(Store).where(Store.client_id == client.id)
        old_photos = session.scalars(
            select(Photo).where(
                Photo.audit_id.in_(audits), Photo.purged_at.is_(None), Photo.created_at < cutoff
            )
        ).all()
        paths = {photo.path for photo in old_photos if photo.path}
        for photo in old_photos:
            photo.path, photo.purged_at = None, now
        _delete_unused(session, media_dir, paths)
        old_checkins = session.scalars(
            select(Audit).where(
                Audit.id.in_(audits), Audit.checkin_lat.is_not(None), Audit.checkin_at < cutoff
            )
        ).all()
        for audit in old_checkins:
            audit.checkin_lat = audit.checkin_lon = audit.checkin_accuracy_m = None
            audit.location_purged_at = now
        if old_photos or old_checkins:
            session.add(
                AuditLog(
                    action="privacy.purge",
                    entity="client",
                    entity_id=client.id,
                    detail={
                        "photos": len(old_photos),
                        "locations": len(old_checkins),
                        "cutoff": cutoff.isoformat(),
                    },
                )
            )
        photos += len(old_photos)
        locations += len(old_checkins)
    return PurgeResult(photos, locations)


def _delete_unused(session: Session, media_dir: Path, paths: set[str]) -> None:
    """Delete the files no kept photo points to: an identical upload shares its file."""
    session.flush()
    used = set(
        session.scalars(select(Photo.path).where(Photo.path.in_(paths), Photo.purged_at.is_(None)))
    )
    for path in paths - used:
        (media_dir / path).unlink(missing_ok=True)


def _log(session: Session, actor: Actor, action: str, name: str, size: int) -> None:
    session.add(
        AuditLog(
            actor_id=actor.id,
            action=action,
            entity="backup",
            entity_id=None,
            detail={"file": name, "bytes": size},
        )
    )
