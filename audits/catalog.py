"""Checklist versions in the database: the shipped files, uploads, and parsed lookups."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.checklist import Checklist, parse_checklist, read_checklist_text
from audits.config import CHECKLIST_DIR
from audits.i18n import Refusal
from audits.models import AuditLog, ChecklistVersion

DEFAULT_CHECKLIST = "car_showroom"
_logger = logging.getLogger(__name__)


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


class VersionFrozen(Refusal):
    """The upload changes a published version: a change needs a new version number."""


def add_version(
    session: Session, text: str, source: str, *, publish: bool, actor_id: int | None = None
) -> ChecklistVersion:
    """Store a validated checklist version, or replace or publish the draft of its number.

    Raises ChecklistError naming each problem, VersionFrozen when the text of a published
    version would change. Every change is in the audit log.
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
            raise VersionFrozen(
                "e_checklist_frozen", file=source, checklist=checklist.id, version=checklist.version
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


def sync_shipped(
    session: Session, directory: Path | None = None, *, keep_stored: bool = False
) -> list[ChecklistVersion]:
    """Load the shipped checklists/*.yaml as published versions (idempotent).

    A shipped file edited in place, without raising its `version`, raises VersionFrozen naming
    the file; with `keep_stored` the version already stored stays in use and a warning is
    logged, so a packaging mistake does not keep the app from starting.
    """
    versions = []
    for path in sorted((directory or CHECKLIST_DIR).glob("*.yaml")):
        text = read_checklist_text(path)
        try:
            versions.append(add_version(session, text, str(path), publish=True))
        except VersionFrozen as exc:
            if not keep_stored:
                raise
            _logger.warning("%s; the stored version stays in use", exc)
    return versions


def latest_published(session: Session, checklist_id: str) -> ChecklistVersion | None:
    return session.scalar(
        select(ChecklistVersion)
        .where(ChecklistVersion.checklist_id == checklist_id, ChecklistVersion.published)
        .order_by(ChecklistVersion.version.desc())
    )
