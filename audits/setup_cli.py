"""CLI commands for the database and accounts: init, demo, user add."""

from __future__ import annotations

import argparse
import sys

from audits.auth import create_user
from audits.catalog import VersionFrozen, sync_shipped
from audits.checklist import ChecklistError
from audits.config import load_settings
from audits.db import get_database
from audits.demo import load_demo


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


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://***@{rest.split('@', 1)[1]}"
