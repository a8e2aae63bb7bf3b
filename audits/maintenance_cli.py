"""CLI commands for operators: backup, restore, purge, and clients (new ones, retention)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from audits.auth import PermissionDenied
from audits.config import load_settings
from audits.db import get_database
from audits.maintenance import BackupError, backup, purge, restore, set_retention
from audits.store_cli import OPERATOR
from audits.stores import create_client


def add_parsers(sub: argparse._SubParsersAction) -> None:
    out = sub.add_parser("backup", help="write a zip backup of the SQLite database and photos")
    out.add_argument("out", type=Path)
    out.set_defaults(handler=_backup)
    back = sub.add_parser("restore", help="replace the database and photos with a backup")
    back.add_argument("archive", type=Path)
    back.set_defaults(handler=_restore)
    clean = sub.add_parser("purge", help="delete photos and raw locations past retention")
    clean.set_defaults(handler=_purge)
    client = sub.add_parser("client", help="clients (brands)").add_subparsers(
        dest="action", required=True
    )
    new = client.add_parser("add", help="add a client (brand)")
    new.add_argument("name", help="the client (brand) name")
    new.set_defaults(handler=_add_client)
    keep = client.add_parser("retention", help="when the purge deletes photos and raw locations")
    keep.add_argument("name", help="the client (brand) name")
    keep.add_argument("days", help="after this many days (at least 30), or off: never")
    keep.set_defaults(handler=_retention)


def _backup(args: argparse.Namespace) -> int:
    try:
        path = backup(load_settings(), args.out)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"backup written: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def _restore(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        aside = restore(settings, args.archive)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    kept = f"; the previous database and photos were moved to {aside}" if aside else ""
    print(f"restored {args.archive}{kept}; start the app again to use it")
    return 0


def _purge(_args: argparse.Namespace) -> int:
    settings = load_settings()
    with get_database(settings).session() as session:
        result = purge(session, settings.media_dir)
    print(f"purged {result.photos} photos and {result.locations} check-in locations")
    return 0


def _add_client(args: argparse.Namespace) -> int:
    try:
        get_database().run(create_client, OPERATOR, args.name)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"client added: {' '.join(args.name.split())}")
    return 0


def _retention(args: argparse.Namespace) -> int:
    try:
        days = None if args.days.strip().lower() == "off" else int(args.days)
    except ValueError:
        print(f"error: days must be a whole number or off, not {args.days!r}", file=sys.stderr)
        return 1
    try:
        previous = get_database().run(set_retention, OPERATOR, args.name, days)
    except PermissionDenied:
        print(f"error: no client named {args.name!r}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.name}: photos and raw locations kept {_period(previous)} → {_period(days)}")
    return 0


def _period(days: int | None) -> str:
    return "for ever" if days is None else f"{days} days"
