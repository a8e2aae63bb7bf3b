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
    """Store a validated checklist version; raises ChecklistError naming each problem."""
    checklist = parse_checklist(text, source)
    existing = session.scalar(
        select(ChecklistVersion).where(
            ChecklistVersion.checklist_id == checklist.id,
            ChecklistVersion.version == checklist.version,
        )
    )
    if existing is not None:
        if existing.yaml_text == text:
            return existing
        if existing.published:
            raise ValueError(
                f"{source}: {checklist.id} v{checklist.version} is published and cannot change;"
                " raise the version number"
            )
        existing.yaml_text = text
        existing.title = checklist.title.get("en") or next(iter(checklist.title.values()))
        existing.published = publish
        return existing
    version = ChecklistVersion(
        checklist_id=checklist.id,
        version=checklist.version,
        title=checklist.title.get("en") or next(iter(checklist.title.values())),
        yaml_text=text,
        published=publish,
        created_by=actor_id,
    )
    session.add(version)
    session.flush()
    session.add(
        AuditLog(
            actor_id=actor_id,
            action="checklist.add",
            entity="checklist_version",
            entity_id=version.id,
            detail={"checklist": checklist.id, "version": checklist.version, "published": publish},
        )
    )
    return version


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
