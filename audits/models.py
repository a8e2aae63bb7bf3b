"""The stored entities (SQLAlchemy 2). Times are naive UTC; money is in euros."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

LOCAL_TZ = ZoneInfo("Europe/Helsinki")


_CLOCK: ContextVar[dt.datetime | None] = ContextVar("audits_clock", default=None)


def utcnow() -> dt.datetime:
    """Now (naive UTC), or the moment `clock_at` gives."""
    moment = _CLOCK.get()
    return dt.datetime.now(dt.UTC).replace(tzinfo=None) if moment is None else moment


@contextmanager
def clock_at(moment: dt.datetime) -> Iterator[None]:
    """Run the services as if it were `moment` (naive UTC): the demo tells its past through
    them, so its audits carry what the services stamp and log. A column default is taken when
    the row is flushed: flush before leaving."""
    token = _CLOCK.set(moment)
    try:
        yield
    finally:
        _CLOCK.reset(token)


def local_today() -> dt.date:
    """Today where the audits are done (Finland), whatever the server's own time zone."""
    return local_date(utcnow())


def local_now() -> dt.datetime:
    """Now on Finland's clock (naive, to the second), whatever the server's own time zone."""
    return utcnow().replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ).replace(tzinfo=None, microsecond=0)


def local_date(moment: dt.datetime) -> dt.date:
    """The Finnish day of a stored moment (naive UTC): 00.30 Finnish time is the day before's
    22.30 or 21.30 in UTC."""
    return moment.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ).date()


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, Decimal: Numeric(10, 2)}


ROLES = ("admin", "manager", "shopper", "client")
AUDIT_STATUSES = ("draft", "submitted", "returned", "approved", "rejected", "released")
# A started audit handed over when its shopper cannot finish it (waves.release_audit): kept,
# read-only, for the record; its visit gets a fresh audit, and it is never scored or reported.
RELEASED = "released"
TOUR_STATUSES = ("draft", "proposed", "approved", "rejected", "withdrawn")
EXPENSE_STATUSES = ("pending", "approved", "rejected")


class Client(Base):
    __tablename__ = "clients"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    retention_days: Mapped[int | None]
    staff_names_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    stores: Mapped[list[Store]] = relationship(back_populates="client")


class Store(Base):
    __tablename__ = "stores"
    __table_args__ = (UniqueConstraint("client_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    coord_source: Mapped[str] = mapped_column(String(20), default="given")
    opening_hours: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    client: Mapped[Client] = relationship(back_populates="stores")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    # The name as sign-in matches it (auth.username_key): a phone that capitalises the first
    # letter still signs in, and no two accounts differ only in case.
    username_key: Mapped[str] = mapped_column(
        String(320), unique=True, index=True, server_default=""
    )
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    scope_region: Mapped[str | None] = mapped_column(String(120))
    scope_store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"))
    language: Mapped[str] = mapped_column(String(5), default="fi")
    home_place: Mapped[str | None] = mapped_column(String(200))
    home_lat: Mapped[float | None] = mapped_column(Float)
    home_lon: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class LoginThrottle(Base):
    """Failed sign-ins of one submitted username, whether or not an account has it, so that
    the lockout does not tell which names exist. Keyed by the SHA-256 of the name's sign-in
    key (auth.username_key: its upper and lower case forms count together): a fixed length,
    and a password typed into the name field is not stored as typed."""

    __tablename__ = "login_throttles"
    name_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_failed_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class LoginSession(Base):
    """A signed-in browser: only the token's hash is stored."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ChecklistVersion(Base):
    __tablename__ = "checklist_versions"
    __table_args__ = (UniqueConstraint("checklist_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    yaml_text: Mapped[str] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Wave(Base):
    __tablename__ = "waves"
    __table_args__ = (UniqueConstraint("client_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    checklist_version_id: Mapped[int] = mapped_column(ForeignKey("checklist_versions.id"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    fee_eur: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    briefing: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Assignment rules (audits.waves.AssignmentRules as a dict); empty means the defaults.
    assignment_rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    client: Mapped[Client] = relationship()
    checklist_version: Mapped[ChecklistVersion] = relationship()


class Tour(Base):
    __tablename__ = "tours"
    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("waves.id"))
    shopper_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    plan: Mapped[dict[str, Any]] = mapped_column(default=dict)
    km: Mapped[float] = mapped_column(Float, default=0.0)
    cost_eur: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class Visit(Base):
    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    shopper_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    planned_date: Mapped[dt.date | None] = mapped_column(Date)
    tour_id: Mapped[int | None] = mapped_column(ForeignKey("tours.id"))
    fee_eur: Mapped[Decimal | None]

    wave: Mapped[Wave] = relationship()
    store: Mapped[Store] = relationship()
    shopper: Mapped[User | None] = relationship()
    # The visit's audit: not one released (kept beside it for the record).
    audit: Mapped[Audit | None] = relationship(
        primaryjoin=lambda: VISIT_AUDIT,
        uselist=False,
        viewonly=True,
    )


class Audit(Base):
    __tablename__ = "audits"
    # One audit a visit, besides those released; submitting twice still creates one.
    __table_args__ = (
        Index(
            "uq_audits_visit_unreleased",
            "visit_id",
            unique=True,
            sqlite_where=text(f"status != '{RELEASED}'"),
            postgresql_where=text(f"status != '{RELEASED}'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"))
    shopper_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    checklist_version_id: Mapped[int] = mapped_column(ForeignKey("checklist_versions.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    score: Mapped[float | None] = mapped_column(Float)
    section_scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    critical_failed: Mapped[list[Any]] = mapped_column(default=list)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    current_section: Mapped[str | None] = mapped_column(String(80))
    briefing_read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    checkin_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    checkin_lat: Mapped[float | None] = mapped_column(Float)
    checkin_lon: Mapped[float | None] = mapped_column(Float)
    checkin_accuracy_m: Mapped[float | None] = mapped_column(Float)
    checkin_distance_m: Mapped[float | None] = mapped_column(Float)
    checkin_refused: Mapped[bool] = mapped_column(Boolean, default=False)
    location_purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    visit: Mapped[Visit] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="audit", order_by="Answer.id", cascade="all, delete-orphan"
    )
    checklist_version: Mapped[ChecklistVersion] = relationship()


# Joins a visit to its audit, leaving out the released ones (as `Visit.audit`).
VISIT_AUDIT = and_(Audit.visit_id == Visit.id, Audit.status != RELEASED)


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("audit_id", "item_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(80))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    na: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    earned: Mapped[float | None] = mapped_column(Float)
    possible: Mapped[float | None] = mapped_column(Float)
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    audit: Mapped[Audit] = relationship(back_populates="answers")


class Photo(Base):
    __tablename__ = "photos"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int | None] = mapped_column(ForeignKey("audits.id"), index=True)
    expense_id: Mapped[int | None] = mapped_column(ForeignKey("expenses.id"))
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[str | None] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(50), default="image/jpeg")
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditQuestion(Base):
    __tablename__ = "audit_questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id"), index=True)
    item_id: Mapped[str | None] = mapped_column(String(80))
    question: Mapped[str] = mapped_column(Text)
    asked_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    asked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Expense(Base):
    __tablename__ = "expenses"
    id: Mapped[int] = mapped_column(primary_key=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    tour_id: Mapped[int | None] = mapped_column(ForeignKey("tours.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    spent_on: Mapped[dt.date] = mapped_column(Date)
    km: Mapped[float] = mapped_column(Float, default=0.0)
    amount_eur: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditLog(Base):
    """Append-only: who did what, when and why. Rows are never updated or deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class GeocodeCache(Base):
    __tablename__ = "geocode_cache"
    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(300), unique=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _guard_audit_log(session: Session, _ctx: object, _instances: object) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditLog):
            raise AppendOnlyError("the audit log is append-only")
