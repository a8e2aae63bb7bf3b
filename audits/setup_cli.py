"""CLI commands for the database and accounts: init, demo, user add, user set."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.orm import Session

from audits.accounts import Profile, UserChange, find_user, update_user
from audits.auth import create_user
from audits.catalog import VersionFrozen, sync_shipped
from audits.checklist import ChecklistError
from audits.config import load_settings
from audits.db import get_database
from audits.demo import load_demo
from audits.store_cli import OPERATOR


def add_parsers(sub: argparse._SubParsersAction) -> None:
    init = sub.add_parser("init", help="create or upgrade the database (idempotent)")
    init.set_defaults(handler=_init)
    demo = sub.add_parser("demo", help="load the demo data (idempotent)")
    demo.set_defaults(handler=_demo)
    user = sub.add_parser("user", help="manage accounts").add_subparsers(
        dest="action", required=True
    )
    add = user.add_parser("add", help="create an account; the password is read from stdin")
    add.add_argument("--username", required=True)
    add.add_argument("--role", required=True, choices=["admin", "manager", "shopper", "client"])
    add.add_argument("--client", help="the client (brand) name, for client users")
    add.add_argument("--region", help="limit a client user to one region")
    add.add_argument("--store", help="limit a client user to one store code")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--language", default="fi", choices=["fi", "en"])
    add.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from the first line of stdin",
    )
    add.set_defaults(handler=_user_add)
    change = user.add_parser(
        "set",
        help="change an account's role, client and scope, name or language; what is not given "
        "stays, but a new role starts with no client or scope",
    )
    change.add_argument("--username", required=True)
    change.add_argument("--role", choices=["admin", "manager", "shopper", "client"])
    change.add_argument("--client", help="the client (brand) name")
    change.add_argument(
        "--region", help="limit a client user to one region ('' for the whole client)"
    )
    change.add_argument(
        "--store", help="limit a client user to one store code ('' for the whole client)"
    )
    change.add_argument("--name", help="display name")
    change.add_argument("--language", choices=["fi", "en"])
    change.set_defaults(handler=_user_set)


def _init(_args: argparse.Namespace) -> int:
    settings = load_settings()
    db = get_database(settings)
    db.upgrade()
    try:
        with db.session() as session:
            versions = sync_shipped(session)
    except (ChecklistError, VersionFrozen) as exc:
        print(f"error: shipped checklists not loaded: {exc}", file=sys.stderr)
        return 1
    print(f"database ready: {_safe_url(settings.database_url)} ({len(versions)} checklists)")
    return 0


def _demo(_args: argparse.Namespace) -> int:
    settings = load_settings()
    db = get_database(settings)
    db.upgrade()
    try:
        with db.session() as session:
            sync_shipped(session)
            loaded = load_demo(session)
    except (ChecklistError, VersionFrozen) as exc:
        print(f"error: shipped checklists not loaded: {exc}", file=sys.stderr)
        return 1
    print("demo data loaded" if loaded else "demo data already present; nothing changed")
    return 0


def _user_add(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    db = get_database()
    db.upgrade()
    try:
        with db.session() as session:
            user = create_user(
                session,
                args.username,
                password,
                args.role,
                client=args.client,
                display_name=args.name,
                language=args.language,
                scope_region=args.region,
                scope_store_code=args.store,
            )
            print(f"created {user.role} {user.username}")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _user_set(args: argparse.Namespace) -> int:
    db = get_database()
    db.upgrade()
    try:
        done = db.run(_change_user, args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(_told(done))
    return 0


def _change_user(session: Session, args: argparse.Namespace) -> UserChange:
    user = find_user(session, OPERATOR, args.username)
    return update_user(session, OPERATOR, user.id, _profile(user.profile, args))


def _profile(current: Profile, args: argparse.Namespace) -> Profile:
    """The account as the options leave it: what is not given stays, except that a new role
    starts with no client or scope, and a given region or store replaces the scope."""
    role = args.role or current.role
    kept = current if role == current.role else Profile(role)
    region, store = kept.scope_region, kept.scope_store_code
    if args.region is not None or args.store is not None:
        region, store = args.region, args.store
    return Profile(
        role=role,
        client=kept.client if args.client is None else args.client,
        scope_region=region,
        scope_store_code=store,
        display_name=current.display_name if args.name is None else args.name,
        language=args.language or current.language,
    )


def _told(done: UserChange) -> str:
    if not done.changes:
        return f"{done.username}: nothing changed"
    changed = "; ".join(
        f"{k} {old or '-'} -> {new or '-'}" for k, (old, new) in done.changes.items()
    )
    ended = "; their sessions ended" if done.sessions_ended else ""
    return f"updated {done.username}: {changed}{ended}"


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://***@{rest.split('@', 1)[1]}"
