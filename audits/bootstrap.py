"""Bring a database to a usable state: schema, shipped checklists, demo data in demo mode."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

from audits.catalog import sync_shipped
from audits.config import Settings, SettingsError, load_settings
from audits.db import Database, DatabaseUnavailable, get_database


def prepare(settings: Settings | None = None) -> Database:
    """Create or upgrade the schema and load what this mode needs; safe to run every start.

    A DATABASE_URL the app cannot use raises SettingsError, a database it cannot reach
    DatabaseUnavailable; both name the database, never its password.
    """
    settings = settings or load_settings()
    where = _where(settings)
    try:
        db = get_database(settings)
    except (ArgumentError, ImportError) as exc:  # no such dialect, or its driver is missing
        raise SettingsError(
            f"DATABASE_URL={where}: not a database this app can use ({_reason(exc)}); "
            "use postgresql+psycopg://user:password@host/database, or leave it unset for "
            "SQLite"
        ) from exc
    except OSError as exc:  # SQLite's folder cannot be made
        raise SettingsError(
            f"{where}: the folder {exc.filename} cannot be made ({exc.strerror}); set "
            "AUDITS_DATA_DIR to a folder the app can write to"
        ) from exc
    try:
        db.upgrade()
        with db.session() as session:
            # A shipped file edited in place is logged; the app runs on with the stored version.
            sync_shipped(session, keep_stored=True)
            if settings.demo:
                from audits.demo import load_demo  # its fieldwork and reports: demo mode only

                load_demo(session)
    except (OperationalError, InterfaceError) as exc:
        raise DatabaseUnavailable(f"{where}: {_reason(exc.orig)}") from exc
    return db


def _where(settings: Settings) -> str:
    try:
        return make_url(settings.database_url).render_as_string(hide_password=True)
    except ArgumentError as exc:  # not a URL: not echoed, it may hold a password
        raise SettingsError(
            "DATABASE_URL is not a database URL; e.g. "
            "postgresql+psycopg://user:password@host/database, or leave it unset for SQLite"
        ) from exc


def _reason(exc: BaseException | None) -> str:
    """The driver's reason without SQLAlchemy's background link (psycopg's hint is kept)."""
    return " ".join(" ".join(str(exc).split("\n")[:2]).split())
