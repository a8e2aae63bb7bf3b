"""`python -m audits ...`: set-up, automation and benchmarks.

Each command group adds its parser in a `_add_<group>` function listed in `_GROUPS`; a handler
receives the parsed arguments and returns the process exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from audits.config import SettingsError

Handler = Callable[[argparse.Namespace], int]


def _add_setup(sub: argparse._SubParsersAction) -> None:
    from audits import setup_cli

    setup_cli.add_parsers(sub)


def _add_checklist(sub: argparse._SubParsersAction) -> None:
    from audits import checklist_cli

    checklist_cli.add_parsers(sub)


def _add_maintenance(sub: argparse._SubParsersAction) -> None:
    from audits import maintenance_cli

    maintenance_cli.add_parsers(sub)


def _add_stores(sub: argparse._SubParsersAction) -> None:
    from audits import store_cli

    store_cli.add_parsers(sub)


def _add_report(sub: argparse._SubParsersAction) -> None:
    from audits import report_cli

    report_cli.add_parsers(sub)


def _add_route(sub: argparse._SubParsersAction) -> None:
    from audits import route_cli

    route_cli.add_parsers(sub)


_GROUPS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_setup,
    _add_maintenance,
    _add_checklist,
    _add_stores,
    _add_report,
    _add_route,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m audits", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for add in _GROUPS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        message = _database_problem(exc)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return 1


def _database_problem(exc: Exception) -> str | None:
    """One line for a database that is not set up or cannot be reached; None for any other
    error (a bug: its traceback helps)."""
    # Imported here: most commands (checklist, route) never open the database.
    from sqlalchemy.exc import DBAPIError

    from audits.config import load_settings
    from audits.db import DatabaseUnavailable, get_database

    if not isinstance(exc, DatabaseUnavailable | DBAPIError):
        return None
    db = get_database(load_settings())
    where = db.engine.url.render_as_string(hide_password=True)
    try:
        current = db.schema_is_current()
    except DBAPIError as unreachable:
        reason = str(unreachable.orig).partition("\n")[0]
        return f"the database {where} is unavailable: {reason}"
    if not current:
        return (
            f"the database {where} is not initialised (or older than this version): "
            "run `python -m audits init`"
        )
    if isinstance(exc, DatabaseUnavailable):
        return f"the database {where} is unavailable: {exc}"
    return None
