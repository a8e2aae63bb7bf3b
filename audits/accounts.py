"""The admin's user management: list, create, change, deactivate and reactivate accounts,
reset passwords. Each service takes the acting user, is the admin's alone and is logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, and_, or_, select, true
from sqlalchemy.orm import Session, aliased

from audits.auth import (
    Actor,
    PermissionDenied,
    check_language,
    create_user,
    end_sessions,
    hash_password,
    lift_lockout,
    require_role,
    role_scope,
    username_key,
)
from audits.i18n import Phrase, Refusal
from audits.models import VISIT_AUDIT, Audit, AuditLog, Client, Store, Tour, User, Visit, Wave
from audits.tours import may_decide

# A shopper's audit in these statuses is still theirs to finish, or may be returned to them.
OPEN_AUDITS = ("draft", "submitted", "returned")
WAITING_TOURS = ("draft", "proposed")  # not decided yet: an approval assigns its visits
# A change of these ends the account's sessions, so its new permissions apply at once.
ACCESS = ("role", "client", "scope_region", "scope_store")
NAMED_AT_MOST = 5  # open visits or tours named in a refusal; the count says how many in all


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
    scope_store_code: str | None
    language: str
    active: bool
    created_at: dt.datetime

    @property
    def profile(self) -> Profile:
        return Profile(
            role=self.role,
            client=self.client,
            scope_region=self.scope_region,
            scope_store_code=self.scope_store_code,
            display_name=self.display_name,
            language=self.language,
        )


@dataclass(frozen=True)
class Profile:
    """What an admin may change in an account: the role with its client and scope, the
    display name and the language. The client by name and the store by code, as `user add`
    takes them; neither region nor store means the whole client."""

    role: str
    client: str | None = None
    scope_region: str | None = None
    scope_store_code: str | None = None
    display_name: str = ""
    language: str = "fi"


@dataclass(frozen=True)
class UserChange:
    """What `update_user` changed: each field's (old, new) value, client and store by name
    and code; empty when nothing did."""

    username: str
    changes: dict[str, tuple[str | None, str | None]]
    sessions_ended: bool


@dataclass(frozen=True)
class Activation:
    """What `set_active` did: the account, and what a deactivation left for others to take
    over or decide, said to the admin (empty when nothing)."""

    username: str
    left: tuple[Phrase, ...] = ()


def list_users(session: Session, actor: Actor) -> list[UserInfo]:
    """Every account, active or not, by username."""
    require_role(actor, "admin")
    return _infos(session, true())


def find_user(session: Session, actor: Actor, username: str) -> UserInfo:
    """The account signing in with this name (in any case)."""
    require_role(actor, "admin")
    found = _infos(session, User.username_key == username_key(username))
    if not found:
        raise Refusal("e_no_user", user=username.strip())
    return found[0]


def _infos(session: Session, where: ColumnElement[bool]) -> list[UserInfo]:
    scoped = aliased(Store)
    rows = session.execute(
        select(User, Client.name, scoped.code, scoped.name)
        .outerjoin(Client, Client.id == User.client_id)
        .outerjoin(scoped, scoped.id == User.scope_store_id)
        .where(where)
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
            scope_store_code=code,
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


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> Activation:
    """Deactivate (its sessions end at once, it cannot sign in) or reactivate an account. An
    admin cannot deactivate themself, nor the last active admin. Anyone else is deactivated
    at once, whatever they leave behind (someone who left must not keep access); what they
    leave is named in `Activation.left`: a shopper's open visits and tours, and the brand's
    tour proposals when nobody else can decide them."""
    require_role(actor, "admin")
    user = _user(session, user_id)
    if user.active == active:
        return Activation(user.username)
    left: tuple[Phrase, ...] = ()
    if not active:
        if user.id == actor.id:
            raise Refusal("e_admin_self")
        if user.role == "admin" and not _other_active_admins(session, user.id):
            raise Refusal("e_admin_last", user=user.username)
        end_sessions(session, user.id)
        left = _left_behind(session, user)
    user.active = active
    detail = {"left": [str(p) for p in left]} if left else {}
    _log(session, actor, "user.reactivate" if active else "user.deactivate", user, **detail)
    return Activation(user.username, left)


def _left_behind(session: Session, user: User) -> tuple[Phrase, ...]:
    """What deactivating the account leaves for others: its open work as a shopper, and the
    brand's waiting tour proposals when it is the last who may decide them."""
    left = []
    if user.role == "shopper" and (work := _work(session, user.id)) is not None:
        left.append(Phrase("a_left_work", {"user": user.username, "work": work}))
    if waiting := _orphaned_proposals(session, user):
        left.append(Phrase("a_left_proposals", waiting))
    return tuple(left)


def update_user(session: Session, actor: Actor, user_id: int, profile: Profile) -> UserChange:
    """Change an account's role, client and scope, display name or language, checked as an
    account is made. A role change must leave nothing stranded: a shopper keeps the role while
    they have open visits or tours, an admin cannot give up their own admin role, and the last
    active admin keeps it. The last active user who sees the whole brand keeps that while the
    brand has tour proposals waiting for a decision. A change of role or scope ends the
    account's sessions, so it applies at once. Logged as user.update with the old and new values."""
    require_role(actor, "admin")
    user = _user(session, user_id)
    check_language(profile.language)
    client_id, region, store_id = role_scope(
        session, profile.role, profile.client, profile.scope_region, profile.scope_store_code
    )
    if profile.role != user.role:
        _check_role_change(session, actor, user)
    after = replace(
        Actor.of(user),
        role=profile.role,
        client_id=client_id,
        scope_region=region,
        scope_store_id=store_id,
    )
    if not may_decide(after) or after.client_id != user.client_id:
        _refuse_orphaned_proposals(session, user)
    before = _settings(session, user)
    user.role, user.client_id = profile.role, client_id
    user.scope_region, user.scope_store_id = region, store_id
    user.display_name = profile.display_name.strip() or user.username
    user.language = profile.language
    after = _settings(session, user)
    changes = {k: (old, after[k]) for k, old in before.items() if old != after[k]}
    ended = any(k in changes for k in ACCESS)
    if ended:
        end_sessions(session, user.id)
    if changes:
        _log(
            session,
            actor,
            "user.update",
            user,
            old={k: old for k, (old, _) in changes.items()},
            new={k: new for k, (_, new) in changes.items()},
            sessions_ended=ended,
        )
    return UserChange(user.username, changes, ended)


def _settings(session: Session, user: User) -> dict[str, str | None]:
    """The account's changeable values as the log and the admin name them."""
    client = session.get(Client, user.client_id) if user.client_id else None
    store = session.get(Store, user.scope_store_id) if user.scope_store_id else None
    return {
        "role": user.role,
        "client": client.name if client else None,
        "scope_region": user.scope_region,
        "scope_store": store.code if store else None,
        "display_name": user.display_name,
        "language": user.language,
    }


def _check_role_change(session: Session, actor: Actor, user: User) -> None:
    if user.id == actor.id:
        raise Refusal("e_admin_self_role")
    if user.role == "admin" and user.active and not _other_active_admins(session, user.id):
        raise Refusal("e_admin_last_role", user=user.username)
    if user.role == "shopper":
        _refuse_open_work(session, user)


def _refuse_open_work(session: Session, user: User) -> None:
    """Refuse, naming them, while the shopper has work that would be left without one."""
    work = _work(session, user.id)
    if work is not None:
        raise Refusal("e_user_open_work", user=user.username, work=work)


def _work(session: Session, user_id: int) -> Phrase | None:
    """The shopper's open visits and tours (`_open_work`) named; None when there are none."""
    visits, tours = _open_work(session, user_id)
    parts = [
        Phrase(key, {"n": len(names), "which": _named(names)})
        for key, names in (("e_work_visits", visits), ("e_work_tours", tours))
        if names
    ]
    if not parts:
        return None
    return Phrase("e_work_both", {"visits": parts[0], "tours": parts[1]}) if parts[1:] else parts[0]


def _refuse_orphaned_proposals(session: Session, user: User) -> None:
    """Refuse to take the whole brand from its last active user who sees it while the brand
    has tour proposals waiting for a decision: nobody could approve or reject them."""
    if waiting := _orphaned_proposals(session, user):
        raise Refusal("e_last_decider", user=user.username, **waiting)


def _orphaned_proposals(session: Session, user: User) -> dict[str, object]:
    """When the account is the brand's last active user who decides tour costs
    (`tours.may_decide`), the brand's proposals waiting for a decision, as a message names
    them (client, n, which); empty when there are none or someone else may decide them."""
    if not user.active or not may_decide(Actor.of(user)):
        return {}
    waiting = [
        f"#{t}"
        for t in session.scalars(
            select(Tour.id)
            .join(Wave, Wave.id == Tour.wave_id)
            .where(Wave.client_id == user.client_id, Tour.status == "proposed")
            .order_by(Tour.id)
        )
    ]
    if not waiting or _other_deciders(session, user):
        return {}
    client = session.get(Client, user.client_id)
    return {"client": client.name if client else "", "n": len(waiting), "which": _named(waiting)}


def _other_deciders(session: Session, user: User) -> list[int]:
    # Locked as `_other_active_admins`, so two admins narrowing the brand's last two users at
    # once cannot leave it without one.
    others = session.scalars(
        select(User)
        .where(
            User.role == "client",
            User.client_id == user.client_id,
            User.active.is_(True),
            User.id != user.id,
        )
        .with_for_update()
    )
    return [u.id for u in others if may_decide(Actor.of(u))]


def _open_work(session: Session, user_id: int) -> tuple[list[str], list[str]]:
    """The shopper's visits not submitted or under review ("A1 Store (wave)"), and tours
    not decided yet or with such a visit ("#12")."""
    visits = session.execute(
        select(Visit.tour_id, Store.code, Store.name, Wave.name)
        .join(Store, Store.id == Visit.store_id)
        .join(Wave, Wave.id == Visit.wave_id)
        .outerjoin(Audit, VISIT_AUDIT)
        .where(
            or_(
                and_(Visit.shopper_id == user_id, Audit.id.is_(None)),
                and_(Audit.shopper_id == user_id, Audit.status.in_(OPEN_AUDITS)),
            )
        )
        .order_by(Wave.name, Store.code)
    ).all()
    on_tours = {v.tour_id for v in visits if v.tour_id is not None}
    tours = session.scalars(
        select(Tour.id)
        .where(
            Tour.shopper_id == user_id,
            or_(
                Tour.status.in_(WAITING_TOURS),
                and_(Tour.status == "approved", Tour.id.in_(on_tours)),
            ),
        )
        .order_by(Tour.id)
    )
    return [f"{code} {name} ({wave})" for _, code, name, wave in visits], [f"#{t}" for t in tours]


def _named(names: list[str]) -> str | Phrase:
    shown = ", ".join(names[:NAMED_AT_MOST])
    if len(names) <= NAMED_AT_MOST:
        return shown
    return Phrase("e_work_more", {"names": shown, "n": len(names) - NAMED_AT_MOST})


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


def _log(session: Session, actor: Actor, action: str, user: User, **detail: object) -> None:
    session.add(
        AuditLog(
            actor_id=actor.id,
            action=action,
            entity="user",
            entity_id=user.id,
            detail={"username": user.username, **detail},
        )
    )
