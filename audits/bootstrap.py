"""Bring a database to a usable state: schema, shipped checklists, demo data in demo mode."""

from __future__ import annotations

from audits.catalog import sync_shipped
from audits.config import Settings, load_settings
from audits.db import Database, get_database
from audits.demo import load_demo


def prepare(settings: Settings | None = None) -> Database:
    """Create or upgrade the schema and load what this mode needs; safe to run every start."""
    settings = settings or load_settings()
    db = get_database(settings)
    db.upgrade()
    with db.session() as session:
        # A shipped file edited in place is logged; the app runs on with the stored version.
        sync_shipped(session, keep_stored=True)
        if settings.demo:
            load_demo(session)
    return db
