"""CLI commands for operators: backup, restore, purge."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from audits.config import load_settings
from audits.db import get_database
from audits.maintenance import BackupError, backup, purge, restore


def add_parsers(sub: argparse._SubParsersAction) -> None:
    out = sub.add_parser("backup", help="write a zip backup of the SQLite database and photos")
    out.add_argument("out", type=Path)
    out.set_defaults(handler=_backup)
    back = sub.add_parser("restore", help="replace the database and photos with a backup")
    back.add_argument("archive", type=Path)
    back.set_defaults(handler=_restore)
    clean = sub.add_parser("purge", help="delete photos and raw locations past retention")
    clean.set_defaults(handler=_purge)


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
    print(f"restored {args.archive}{kept}")
    return 0


def _purge(_args: argparse.Namespace) -> int:
    settings = load_settings()
    with get_database(settings).session() as session:
        result = purge(session, settings.media_dir)
    print(f"purged {result.photos} photos and {result.locations} check-in locations")
    return 0
