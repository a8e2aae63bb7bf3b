"""Engine, sessions and schema upgrades for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from audits.config import Settings, load_settings

T = TypeVar("T")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached or stayed locked; nothing was written."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINTs (a RELEASE outside its implicit
    # transaction commits); SQLAlchemy emits BEGIN itself instead (see _sqlite_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # IMMEDIATE takes the write lock up front, so concurrent writers queue on busy_timeout
    # instead of failing when a read snapshot cannot be upgraded to a write.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, pool_size: int = 20) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # LIFO: the connection used last is used next, so its SQLite page cache is still
        # valid (another connection's write would make it start over).
        engine = create_engine(
            url, connect_args={"timeout": 10, "check_same_thread": False}, pool_use_lifo=True
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # A pool per app process; several processes share one server (keep the sum under
    # PostgreSQL's max_connections).
    return create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, pool_timeout=60
    )


def _is_transient(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "deadlock" in text or "could not serialize" in text


class Database:
    """One database: sessions, retried units of work and migrations."""

    def __init__(self, url: str, pool_size: int = 20):
        self.url = url
        self.engine = make_engine(url, pool_size)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def run(self, fn: Callable[..., T], *args: Any, retries: int = 5, **kwargs: Any) -> T:
        """Run `fn(session, *args)` in its own transaction, retrying transient lock errors.

        Only whole units of work are retried, so a retry never half-applies anything.
        """
        for attempt in range(retries + 1):
            try:
                with self.session() as session:
                    return fn(session, *args, **kwargs)
            except OperationalError as exc:
                if _is_transient(exc) and attempt < retries:
                    time.sleep(0.05 * 2**attempt)
                    continue
                raise DatabaseUnavailable(str(exc.orig).splitlines()[0]) from exc
        raise AssertionError("unreachable")

    def upgrade(self, revision: str = "head") -> None:
        with self.engine.connect() as conn, _foreign_keys_checked_at_end(conn):
            cfg = alembic_config(self.url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)

    def schema_is_current(self) -> bool:
        """Whether the schema is at the newest migration (False for an empty database)."""
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_heads()
        newest = ScriptDirectory.from_config(alembic_config(self.url)).get_heads()
        return set(current) == set(newest)

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _foreign_keys_checked_at_end(conn: Connection) -> Iterator[None]:
    """One transaction; on SQLite with foreign keys off until its end, then checked.

    A SQLite migration that changes a constraint copies the table and drops the old one
    (Alembic's batch mode), which foreign keys would refuse while other tables point to it;
    the pragma has no effect inside a transaction, so it is set before one begins.
    """
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        with conn.begin():
            yield
            if raw is not None:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"the upgrade would break foreign keys: {broken[:5]}")
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


_cached: dict[str, Database] = {}


def get_database(settings: Settings | None = None) -> Database:
    """The process-wide Database for the configured URL."""
    settings = settings or load_settings()
    if settings.database_url not in _cached:
        _cached[settings.database_url] = Database(settings.database_url)
    return _cached[settings.database_url]
