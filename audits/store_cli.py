"""`python -m audits stores import FILE --client NAME [--dry-run] [--skip-bad-rows]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from audits.auth import Actor, PermissionDenied
from audits.config import load_settings
from audits.db import Database, get_database
from audits.geo import GeoSettings
from audits.stores import (
    ImportPreview,
    StoreImportError,
    apply_import,
    look_up_place,
    place_lookups,
    preview_import,
    set_looked_up_place,
)

# The command line is run by the operator of the installation: it acts with admin rights and
# is logged without a user (actor_id NULL), like the other set-up commands.
OPERATOR = Actor(id=None, username="cli", role="admin")  # type: ignore[arg-type]


def add_parsers(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("stores", help="store lists").add_subparsers(
        dest="action", required=True
    )
    imp = group.add_parser("import", help="import a store list (CSV or .xlsx)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--client", required=True, help="the client (brand) name")
    imp.add_argument("--dry-run", action="store_true", help="validate and show; write nothing")
    imp.add_argument(
        "--skip-bad-rows", action="store_true", help="import the good rows when some are bad"
    )
    imp.set_defaults(handler=_import)


def summary(preview: ImportPreview) -> str:
    problems = len(preview.problems)
    return (
        f"{preview.source}: {len(preview.new)} new, {len(preview.changed)} changed, "
        f"{len(preview.unchanged)} unchanged, {problems} problem{'' if problems == 1 else 's'}"
    )


def _import(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"error: {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    settings = load_settings()
    db = get_database(settings)
    source = args.file.name
    try:
        preview = db.run(preview_import, OPERATOR, args.client, data, source)
    except PermissionDenied:
        print(f"error: no client named {args.client!r}", file=sys.stderr)
        return 1
    for problem in preview.problems:
        print(problem, file=sys.stderr)
    print(summary(preview))
    for change in preview.changed:
        fields = ", ".join(f"{k}: {old!r} → {new!r}" for k, (old, new) in change.fields.items())
        print(f"  changed {change.row.code}: {fields}")
    if preview.absent:
        print(f"  in the database but not in the file: {', '.join(preview.absent)}")
    if preview.problems and (preview.unreadable or not args.skip_bad_rows):
        print("nothing was imported", file=sys.stderr)
        return 1
    if args.dry_run:
        print("dry run: nothing was written")
        return 0
    try:
        result = db.run(
            apply_import,
            OPERATOR,
            args.client,
            data,
            source,
            skip_bad_rows=args.skip_bad_rows,
        )
    except StoreImportError as exc:  # the file changed between preview and import
        print(exc, file=sys.stderr)
        return 1
    print(
        f"imported: {result.created} created, {result.updated} updated"
        + (f", skipped lines {result.skipped_lines}" if result.skipped_lines else "")
    )
    unplaced = set(result.unplaced)
    geo = GeoSettings.from_settings(settings)
    if geo.nominatim_enabled and result.rough:
        unplaced -= _look_up(db, args.client, result.rough, geo)
    if unplaced:
        print(f"could not place (set them on the map): {', '.join(sorted(unplaced))}")
    return 0


def _look_up(db: Database, client: str, store_ids: list[int], geo: GeoSettings) -> set[str]:
    """Street addresses through Nominatim, a second apart, each store saved as it is found
    (an interrupted run keeps what it found); the codes placed."""
    lookups = db.run(place_lookups, OPERATOR, client, store_ids)
    placed: set[str] = set()
    for n, lookup in enumerate(lookups, 1):
        place = look_up_place(lookup, geo)
        if place is not None and db.run(set_looked_up_place, OPERATOR, lookup, place):
            placed.add(lookup.code)
        found = "found" if lookup.code in placed else "not found, stays at its town"
        print(f"  looking up addresses {n}/{len(lookups)}: {lookup.code} {found}", flush=True)
    if lookups:
        print(f"placed by street address: {len(placed)} of {len(lookups)}")
    return placed
