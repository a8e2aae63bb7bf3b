"""`python -m audits report --wave NAME_OR_ID --out FILE.xlsx [--per-store DIR] [--client NAME]`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from audits.auth import Actor, PermissionDenied
from audits.config import load_settings
from audits.db import get_database
from audits.rankings import WaveAmbiguous, WaveNotFound, find_wave
from audits.report_xlsx import write_report, write_store_workbooks
from audits.reports import wave_report

# The operator of the installation runs the command line: it sees every client's waves.
OPERATOR = Actor(id=None, username="cli", role="admin", language="fi")  # type: ignore[arg-type]


def add_parsers(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="write a wave's Excel report (approved audits only)")
    report.add_argument("--wave", required=True, help="the wave's name or id")
    report.add_argument("--out", required=True, type=Path, help="the workbook to write (.xlsx)")
    report.add_argument(
        "--per-store",
        type=Path,
        metavar="DIR",
        help="write one workbook per store into DIR instead of a sheet per store",
    )
    report.add_argument("--client", help="the client, when several have a wave of that name")
    report.add_argument("--language", choices=["fi", "en"], default="fi")
    report.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".xlsx":
        print(f"error: --out {args.out}: the file name must end in .xlsx", file=sys.stderr)
        return 2
    if not args.out.parent.exists():
        print(
            f"error: --out {args.out}: directory {args.out.parent} does not exist", file=sys.stderr
        )
        return 2
    if args.per_store is not None and args.per_store.exists() and not args.per_store.is_dir():
        print(f"error: --per-store {args.per_store}: not a directory", file=sys.stderr)
        return 2
    db = get_database(load_settings())
    actor = replace(OPERATOR, language=args.language)
    try:
        wave = db.run(find_wave, actor, args.wave, args.client)
        report = db.run(wave_report, actor, wave.id, details=True)
    except WaveAmbiguous as exc:
        print(
            f"error: wave {args.wave!r} exists for {', '.join(exc.clients)}; add --client NAME",
            file=sys.stderr,
        )
        return 1
    except (WaveNotFound, PermissionDenied) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_report(report, args.out, store_sheets=args.per_store is None)
    print(
        f"{args.out}: {report.wave.client} · {report.wave.name}: "
        f"{report.scope.audits} approved audits, {report.scope.stores} stores"
    )
    if args.per_store is not None:
        paths = write_store_workbooks(report, args.per_store)
        print(f"{args.per_store}: {len(paths)} store workbooks")
    return 0
