"""Accounts, login and the permission rules every service applies to the acting user."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, Row, and_, bindparam, delete, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from audits.db import Database
from audits.i18n import LANGUAGES, Phrase, Refusal
from audits.models import (
    ROLES,
    AuditLog,
    Client,
    LoginSession,
    LoginThrottle,
    Store,
    User,
    utcnow,
)

T = TypeVar("T")

_hasher = PasswordHasher()
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=5)
FORGET_FAILURES = dt.timedelta(days=1)  # a name's failures count this long after the last
MIN_PASSWORD_LENGTH = 8
MAX_USERNAME = 80  # the column's length


class PermissionDenied(PermissionError):
    """The acting user may not do this, or the thing does not exist for them."""


class LoginFailed(Refusal):
    """Wrong name or password, or a locked account; says which in the user's language."""


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the services see it."""

    id: int
    username: str
    role: str
    display_name: str = ""
    client_id: int | None = None
    scope_region: str | None = None
    scope_store_id: int | None = None
    language: str = "fi"

    @property
    def is_staff(self) -> bool:
        return self.role in ("admin", "manager")

    @classmethod
    def of(cls, user: User | Row[Any]) -> Actor:
        """From a user, or a row with the same columns."""
        return cls(
            id=user.id,
            username=user.username,
            role=user.role,
            display_name=user.display_name or user.username,
            client_id=user.client_id,
            scope_region=user.scope_region,
            scope_store_id=user.scope_store_id,
            language=user.language,
        )


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        raise PermissionDenied(f"{actor.role} may not do this")


def store_scope(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause on Store limiting rows to what the actor may see."""
    if actor.role == "admin" or (actor.role == "manager" and actor.client_id is None):
        return true()
    if actor.role == "manager":
        return Store.client_id == actor.client_id
    if actor.role != "client" or actor.client_id is None:
        raise PermissionDenied("no store scope for this user")
    clause = Store.client_id == actor.client_id
    if actor.scope_store_id is not None:
        clause = and_(clause, Store.id == actor.scope_store_id)
    elif actor.scope_region:
        clause = and_(clause, Store.region == actor.scope_region)
    return clause


def can_see_store(actor: Actor, store: Store) -> bool:
    if actor.role == "admin" or (actor.role == "manager" and actor.client_id is None):
        return True
    if actor.role == "manager":
        return store.client_id == actor.client_id
    if actor.role != "client" or store.client_id != actor.client_id:
        return False
    if actor.scope_store_id is not None:
        return store.id == actor.scope_store_id
    return not actor.scope_region or store.region == actor.scope_region


def hash_password(password: str) -> str:
    if not password.strip():
        raise Refusal("e_password_blank")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Refusal("e_password_short", n=MIN_PASSWORD_LENGTH)
    return _hasher.hash(password)


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    client: str | None = None,
    display_name: str = "",
    language: str = "fi",
    scope_region: str | None = None,
    scope_store_code: str | None = None,
    home_place: str | None = None,
    home_lat: float | None = None,
    home_lon: float | None = None,
    actor_id: int | None = None,
) -> User:
    """Create an account; a client user needs a client, others must not have one, and only a
    client user is limited to a region or a store. Refusals name what is wrong (fi+en)."""
    username = username.strip()
    _check_username(session, username)
    check_language(language)
    password_hash = hash_password(password)
    client_id, region, store_id = role_scope(session, role, client, scope_region, scope_store_code)
    user = User(
        username=username,
        username_key=username_key(username),
        password_hash=password_hash,
        role=role,
        display_name=display_name or username,
        client_id=client_id,
        scope_region=region,
        scope_store_id=store_id,
        language=language,
        home_place=home_place,
        home_lat=home_lat,
        home_lon=home_lon,
    )
    session.add(user)
    session.flush()
    session.add(
        AuditLog(
            actor_id=actor_id,
            action="user.create",
            entity="user",
            entity_id=user.id,
            detail={"username": username, "role": role, "client": client},
        )
    )
    return user


def username_key(username: str) -> str:
    """The name as sign-in matches it: without the spaces around it, in one Unicode form,
    case folded (in Python: SQLite's lower() folds ASCII letters only)."""
    return unicodedata.normalize("NFKC", username.strip()).casefold()


def _check_username(session: Session, username: str) -> None:
    if not username:
        raise Refusal("e_user_name_empty")
    if len(username) > MAX_USERNAME:
        raise Refusal("e_user_name_long", n=len(username), most=MAX_USERNAME)
    if not username.isprintable():
        raise Refusal("e_user_name_invisible", user=username.encode("unicode_escape").decode())
    taken = session.scalar(select(User.username).where(User.username_key == username_key(username)))
    if taken is not None:
        raise Refusal("e_user_exists", user=username, existing=taken)


def role_scope(
    session: Session,
    role: str,
    client: str | None,
    scope_region: str | None,
    scope_store_code: str | None,
) -> tuple[int | None, str | None, int | None]:
    """The (client id, region, store id) of an account with this role, checked as an account
    is made: a client user needs a client, others must not have one (a manager may), and only
    a client user is limited to a region or a store of their client."""
    if role not in ROLES:
        raise Refusal("e_user_role", role=role, roles=", ".join(ROLES))
    client_row = _client_of(session, role, (client or "").strip())
    region, store_id = _scope(session, role, client_row, scope_region, scope_store_code)
    return (client_row.id if client_row else None), region, store_id


def check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise Refusal("e_user_language", language=language)


def _client_of(session: Session, role: str, client: str) -> Client | None:
    if role == "client" and not client:
        raise Refusal("e_user_needs_client")
    if not client:
        return None
    if role not in ("client", "manager"):
        raise Refusal("e_user_not_client", role=Phrase(f"role_{role}"))
    client_row = session.scalar(select(Client).where(Client.name == client))
    if client_row is None:
        raise Refusal("e_user_unknown_client", client=client)
    return client_row


def _scope(
    session: Session,
    role: str,
    client: Client | None,
    region: str | None,
    store_code: str | None,
) -> tuple[str | None, int | None]:
    """The (region, store id) a client user is limited to; neither means the whole brand."""
    region = (region or "").strip() or None
    store_code = (store_code or "").strip() or None
    if region is None and store_code is None:
        return None, None
    if role != "client":
        raise Refusal("e_user_scope_role", role=Phrase(f"role_{role}"))
    assert client is not None, "a client user has a client (_client_of)"
    if region is not None and store_code is not None:
        raise Refusal("e_user_scope_both")
    if store_code is not None:
        store_id = session.scalar(
            select(Store.id).where(Store.client_id == client.id, Store.code == store_code)
        )
        if store_id is None:
            raise Refusal("e_user_no_store", client=client.name, store=store_code)
        return None, store_id
    regions = sorted(
        set(session.scalars(select(Store.region).where(Store.client_id == client.id))) - {""}
    )
    if region not in regions:
        if not regions:
            raise Refusal("e_user_no_regions", client=client.name, region=region)
        raise Refusal(
            "e_user_no_region", client=client.name, region=region, regions=", ".join(regions)
        )
    return region, None


def login(db: Database, username: str, password: str) -> Actor:
    """Check a password; repeated failures lock the name for a few minutes, whether or not
    an account has it, so the answers never tell which names exist. Only the right password
    of a deactivated account hears that it is deactivated."""
    if not username.strip() or not password:
        raise LoginFailed("e_login_empty")  # a slip, not a guess: not counted
    outcome = db.run(_check_password, username, password)
    if isinstance(outcome, LoginFailed):
        raise outcome
    return outcome


def _check_password(session: Session, username: str, password: str) -> Actor | LoginFailed:
    """The actor, or why the sign-in fails."""
    # Failures count per key, so trying the name in other cases adds no guesses.
    key = username_key(username)
    now = utcnow()
    throttle = session.get(LoginThrottle, _digest(key))
    if throttle is not None and throttle.locked_until and throttle.locked_until > now:
        left = math.ceil((throttle.locked_until - now) / dt.timedelta(minutes=1))
        return LoginFailed("e_login_locked", n=left)
    user = session.scalar(select(User).where(User.username_key == key))
    if user is None:
        _hasher.hash(password)  # same cost as a real check, so timing does not reveal names
        _count_failure(session, _digest(key), now)
        return LoginFailed("e_login_wrong")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        _count_failure(session, _digest(key), now)
        return LoginFailed("e_login_wrong")
    if not user.active:
        return LoginFailed("e_login_inactive")
    if throttle is not None:
        session.delete(throttle)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return Actor.of(user)


def _count_failure(session: Session, name_hash: str, now: dt.datetime) -> None:
    """One more failure of a name; the last of MAX_FAILED_LOGINS in a row locks it."""
    # Older failures no longer count; deleting them also keeps the table to the names tried
    # lately, however many an attacker makes up.
    session.execute(
        delete(LoginThrottle).where(LoginThrottle.last_failed_at < now - FORGET_FAILURES)
    )
    throttle = session.get(LoginThrottle, name_hash, with_for_update=True, populate_existing=True)
    if throttle is None:
        throttle = LoginThrottle(name_hash=name_hash, failures=0, last_failed_at=now)
        try:
            with session.begin_nested():
                session.add(throttle)
        except IntegrityError:  # a parallel attempt at the same name counted first
            throttle = session.get(
                LoginThrottle, name_hash, with_for_update=True, populate_existing=True
            )
            assert throttle is not None
    throttle.failures += 1
    throttle.last_failed_at = now
    if throttle.failures >= MAX_FAILED_LOGINS:
        throttle.locked_until = now + LOCKOUT
        throttle.failures = 0


def open_session(db: Database, actor: Actor, minutes: int) -> str:
    """Start a browser session; returns the secret token to keep in the browser."""
    token = secrets.token_urlsafe(32)
    db.run(
        lambda session: session.add(
            LoginSession(
                token_hash=_digest(token),
                user_id=actor.id,
                expires_at=utcnow() + dt.timedelta(minutes=minutes),
            )
        )
    )
    return token


class SessionEnded(Exception):
    """The sign-in expired or was closed, or its user was deactivated: nothing was done."""


def actor_for_token(db: Database, token: str | None) -> Actor | None:
    """The user of a live session token, or None when unknown or expired (DatabaseUnavailable
    when the database cannot be reached)."""
    return db.run(session_actor, token)


_SESSION_USER = (
    select(
        User.id,
        User.username,
        User.role,
        User.display_name,
        User.client_id,
        User.scope_region,
        User.scope_store_id,
        User.language,
        User.active,
        LoginSession.expires_at,
    )
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(LoginSession.token_hash == bindparam("token_hash"))
)


def session_actor(session: Session, token: str | None) -> Actor | None:
    """As `actor_for_token`, inside a unit of work: checked in the same transaction as the
    change it allows, so a session that ends meanwhile cannot make one more change."""
    if not token:
        return None
    # Every tap on the audit page comes here: one plain statement, not two ORM loads.
    row = session.connection().execute(_SESSION_USER, {"token_hash": _digest(token)}).first()
    if row is None or row.expires_at <= utcnow() or not row.active:
        return None
    return Actor.of(row)


def as_signed_in(
    session: Session, token: str | None, fn: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """`fn(session, actor, ...)` for the user of a live session token; SessionEnded if none."""
    actor = session_actor(session, token)
    if actor is None:
        raise SessionEnded
    return fn(session, actor, *args, **kwargs)


def close_session(db: Database, token: str | None) -> None:
    if not token:
        return
    with db.session() as session:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(token)))


def end_sessions(session: Session, user_id: int) -> None:
    """Sign a user out in every browser."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))


def lift_lockout(session: Session, username: str) -> None:
    """Forget the failed sign-ins of a name, so it can sign in at once."""
    session.execute(
        delete(LoginThrottle).where(LoginThrottle.name_hash == _digest(username_key(username)))
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_language(session: Session, actor: Actor, language: str) -> Actor:
    """The user's own choice of interface language (fi or en); returns the updated actor."""
    check_language(language)
    user = session.get(User, actor.id)
    if user is None:
        raise PermissionDenied("unknown user")
    user.language = language
    return Actor.of(user)


def actor_by_id(session: Session, user_id: int) -> Actor:
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise PermissionDenied("unknown user")
    return Actor.of(user)
