"""CLI commands for checklists: validate files, score an answers file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from audits.checklist import AnswerError, Checklist, ChecklistError, Response, load_checklist
from audits.scoring import score_audit


def add_parsers(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("checklist", help="checklist files").add_subparsers(
        dest="action", required=True
    )
    validate = group.add_parser("validate", help="check checklist files against the schema")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(handler=_validate)
    score = sub.add_parser("score", help="score an answers file against a checklist")
    score.add_argument("--checklist", required=True, type=Path, metavar="FILE")
    score.add_argument("--answers", required=True, type=Path, metavar="FILE")
    score.set_defaults(handler=_score)


def _validate(args: argparse.Namespace) -> int:
    failed = False
    for path in args.files:
        try:
            checklist = load_checklist(path)
        except ChecklistError as exc:
            failed = True
            print(exc)  # the English lines
        except OSError as exc:
            failed = True
            print(f"{path}: checklist: cannot read the file ({exc.strerror})")
        else:
            print(
                f"ok {path} ({checklist.id} v{checklist.version}, {len(checklist.items())} items)"
            )
    return 1 if failed else 0


def read_answers(path: Path, checklist: Checklist) -> dict[str, Response]:
    """Read an answers file (format in checklists/README.md); errors name the file and item."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable JSON file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise ValueError(f'{path}: expected {{"answers": {{item id: answer, ...}}}}')
    known = {item.id: item for item in checklist.items()}
    answers = {}
    for item_id, raw in data["answers"].items():
        if item_id not in known:
            raise ValueError(f"{path}: item {item_id}: not in checklist {checklist.id}")
        answers[item_id] = _response(known[item_id], raw, path)
    return answers


WRAPPER_KEYS = {"value", "na", "comment"}


def _response(item: Any, raw: Any, path: Path) -> Response:
    if not (isinstance(raw, dict) and ("value" in raw or "na" in raw)):
        return _value(item, raw, "", path)
    where = f"{path}: item {item.id}"
    unknown = sorted(raw.keys() - WRAPPER_KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown fields {unknown}; an answer takes value, na, comment")
    na = raw.get("na", False)
    comment = raw.get("comment", "")
    if not isinstance(na, bool):
        raise ValueError(f"{where}: na must be true or false, not {na!r}")
    if not isinstance(comment, str):
        raise ValueError(f"{where}: comment must be text, not {comment!r}")
    if na:
        if "value" in raw:
            raise ValueError(f"{where}: give either a value or na: true, not both")
        if not item.allow_na:
            raise ValueError(f"{where}: N/A is not allowed")
        return Response(na=True, comment=comment)
    if "value" not in raw:
        raise ValueError(f"{where}: value is missing (na is false)")
    return _value(item, raw["value"], comment, path)


def _value(item: Any, value: Any, comment: str, path: Path) -> Response:
    try:
        return Response(value=item.normalize_answer(value), comment=comment)
    except AnswerError as exc:
        raise ValueError(f"{path}: {exc}") from None


def _score(args: argparse.Namespace) -> int:
    try:
        checklist = load_checklist(args.checklist)
        answers = read_answers(args.answers, checklist)
    except ChecklistError as exc:
        print(exc)  # the English lines
        return 2
    except (OSError, ValueError) as exc:
        print(f"error: {exc}")
        return 2
    result = score_audit(checklist, answers)
    print(
        json.dumps(
            {
                "total": _round(result.total),
                "sections": {sid: _round(score) for sid, score in result.sections.items()},
                "critical_failed": result.critical_failed,
            },
            ensure_ascii=False,
        )
    )
    return 0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
