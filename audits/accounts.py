"""The admin's user management: list, create, deactivate and reactivate accounts, reset
passwords. Each service takes the acting user, is the admin's alone and is logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from audits.auth import (
    Actor,
    PermissionDenied,
    create_user,
    end_sessions,
    hash_password,
    lift_lockout,
    require_role,
)
from audits.i18n import Refusal
from audits.models import AuditLog, Client, Store, User


@dataclass(frozen=True)
class UserInfo:
    """One account as the Users page lists it."""

    id: int
    username: str
    display_name: str
    role: str
    client: str | None
    scope_region: str | None
    scope_store: str | None  # "code name"
    language: str
    active: bool
    created_at: dt.datetime


def list_users(session: Session, actor: Actor) -> list[UserInfo]:
    """Every account, active or not, by username."""
    require_role(actor, "admin")
    scoped = aliased(Store)
    rows = session.execute(
        select(User, Client.name, scoped.code, scoped.name)
        .outerjoin(Client, Client.id == User.client_id)
        .outerjoin(scoped, scoped.id == User.scope_store_id)
        .order_by(User.username_key)
    )
    return [
        UserInfo(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            client=client,
            scope_region=user.scope_region,
            scope_store=f"{code} {name}" if code else None,
            language=user.language,
            active=user.active,
            created_at=user.created_at,
        )
        for user, client, code, name in rows
    ]


def add_user(
    session: Session,
    actor: Actor,
    username: str,
    password: str,
    password_again: str,
    role: str,
    *,
    client: str | None = None,
    display_name: str = "",
    language: str = "fi",
    scope_region: str | None = None,
    scope_store_code: str | None = None,
) -> int:
    """An account made by an admin, with the checks of `python -m audits user add`; the
    password is typed twice. Logged as user.create with the admin. Returns the new id."""
    require_role(actor, "admin")
    _check_typed_twice(password, password_again)
    user = create_user(
        session,
        username,
        password,
        role,
        client=client,
        display_name=display_name.strip(),
        language=language,
        scope_region=scope_region,
        scope_store_code=scope_store_code,
        actor_id=actor.id,
    )
    return user.id


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> str:
    """Deactivate (its sessions end at once, it cannot sign in) or reactivate an account;
    returns its username. An admin cannot deactivate themself, nor the last active admin."""
    require_role(actor, "admin")
    user = _user(session, user_id)
    if user.active == active:
        return user.username
    if not active:
        if user.id == actor.id:
            raise Refusal("e_admin_self")
        if user.role == "admin" and not _other_active_admins(session, user.id):
            raise Refusal("e_admin_last", user=user.username)
        end_sessions(session, user.id)
    user.active = active
    _log(session, actor, "user.reactivate" if active else "user.deactivate", user)
    return user.username


def reset_password(
    session: Session, actor: Actor, user_id: int, password: str, password_again: str
) -> str:
    """A new password chosen by the admin; returns the username. The account's other
    sessions end and a lockout of its name is lifted, so the new password works at once."""
    require_role(actor, "admin")
    _check_typed_twice(password, password_again)
    user = _user(session, user_id)
    user.password_hash = hash_password(password)
    if user.id != actor.id:
        end_sessions(session, user.id)
    lift_lockout(session, user.username)
    _log(session, actor, "user.password", user)
    return user.username


def _check_typed_twice(password: str, password_again: str) -> None:
    if password != password_again:
        raise Refusal("e_password_mismatch")


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise PermissionDenied(f"user {user_id} not found")
    return user


def _other_active_admins(session: Session, user_id: int) -> list[int]:
    # Locked, so two admins deactivating each other at once cannot leave none (PostgreSQL;
    # SQLite's writers queue anyway).
    return list(
        session.scalars(
            select(User.id)
            .where(User.role == "admin", User.active.is_(True), User.id != user_id)
            .with_for_update()
        )
    )


def _log(session: Session, actor: Actor, action: str, user: User) -> None:
    session.add(
        AuditLog(
            actor_id=actor.id,
            action=action,
            entity="user",
            entity_id=user.id,
            detail={"username": user.username},
        )
    )
