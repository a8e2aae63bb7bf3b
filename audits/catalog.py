"""Checklist versions in the database: the shipped files, uploads, and parsed lookups."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.checklist import Checklist, parse_checklist
from audits.config import CHECKLIST_DIR
from audits.models import AuditLog, ChecklistVersion

DEFAULT_CHECKLIST = "car_showroom"


@lru_cache(maxsize=64)
def _parse_cached(version_id: int, text: str, source: str) -> Checklist:
    return parse_checklist(text, source, stored=True)


class StoredVersion(Protocol):
    """A checklist version as stored: the model, or a row selecting these columns."""

    id: int
    yaml_text: str
    checklist_id: str
    version: int


def checklist_of(version: StoredVersion) -> Checklist:
    """The parsed checklist of a stored version (published versions never change)."""
    return _parse_cached(
        version.id, version.yaml_text, f"{version.checklist_id} v{version.version}"
    )


def add_version(
    session: Session, text: str, source: str, *, publish: bool, actor_id: int | None = None
) -> ChecklistVersion:
    """Store a validated checklist version, or replace or publish the draft of its number.

    Raises ChecklistError naming each problem, ValueError when the text of a published version
    would change. Every change is in the audit log.
    """
    checklist = parse_checklist(text, source)
    existing = session.scalar(
        select(ChecklistVersion).where(
            ChecklistVersion.checklist_id == checklist.id,
            ChecklistVersion.version == checklist.version,
        )
    )
    if existing is None:
        return _add_new(session, checklist, text, publish=publish, actor_id=actor_id)
    if existing.yaml_text != text:
        if existing.published:
            raise ValueError(
                f"{source}: {checklist.id} v{checklist.version} is published and cannot change;"
                " raise the version number"
            )
        _replace_draft(session, existing, checklist, text, actor_id)
    if publish and not existing.published:
        publish_draft(session, existing, actor_id)
    return existing


def _title(checklist: Checklist) -> str:
    return checklist.title.get("en") or next(iter(checklist.title.values()))


def _add_new(
    session: Session, checklist: Checklist, text: str, *, publish: bool, actor_id: int | None
) -> ChecklistVersion:
    version = ChecklistVersion(
        checklist_id=checklist.id,
        version=checklist.version,
        title=_title(checklist),
        yaml_text=text,
        published=publish,
        created_by=actor_id,
    )
    session.add(version)
    session.flush()
    _record(session, "checklist.add", version, actor_id, published=publish)
    return version


def _replace_draft(
    session: Session,
    version: ChecklistVersion,
    checklist: Checklist,
    text: str,
    actor_id: int | None,
) -> None:
    version.yaml_text = text
    version.title = _title(checklist)
    _record(session, "checklist.replace", version, actor_id)


def publish_draft(session: Session, version: ChecklistVersion, actor_id: int | None) -> None:
    """Publish a stored draft: from now on it is immutable and can be bound to waves."""
    version.published = True
    _record(session, "checklist.publish", version, actor_id)


def _record(
    session: Session,
    action: str,
    version: ChecklistVersion,
    actor_id: int | None,
    **detail: object,
) -> None:
    session.add(
        AuditLog(
            actor_id=actor_id,
            action=action,
            entity="checklist_version",
            entity_id=version.id,
            detail={"checklist": version.checklist_id, "version": version.version, **detail},
        )
    )


def sync_shipped(session: Session, directory: Path = CHECKLIST_DIR) -> list[ChecklistVersion]:
    """Load the shipped checklists/*.yaml as published versions (idempotent)."""
    return [
        add_version(session, path.read_text(encoding="utf-8"), str(path.name), publish=True)
        for path in sorted(directory.glob("*.yaml"))
    ]


def latest_published(session: Session, checklist_id: str) -> ChecklistVersion | None:
    return session.scalar(
        select(ChecklistVersion)
        .where(ChecklistVersion.checklist_id == checklist_id, ChecklistVersion.published)
        .order_by(ChecklistVersion.version.desc())
    )
