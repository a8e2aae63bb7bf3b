"""Managing checklist versions: list, upload, publish, and what changed between two versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.auth import Actor, PermissionDenied, require_role
from audits.catalog import add_version, checklist_of, publish_draft
from audits.checklist import Checklist, parse_checklist
from audits.models import ChecklistVersion, Wave

# Item fields that are wording, not scoring: a change in these is "reworded".
WORDING = {"label", "guidance", "labels", "unit", "description", "title"}


@dataclass(frozen=True)
class VersionInfo:
    id: int
    checklist_id: str
    version: int
    title: dict[str, str]  # per language
    published: bool
    created_at: dt.datetime
    waves: list[str]


def list_versions(session: Session, actor: Actor) -> list[VersionInfo]:
    """Every checklist version, newest version of each checklist first, with the waves using
    it that the actor may see (a manager limited to one client sees that client's only)."""
    require_role(actor, "admin", "manager")
    waves = select(Wave.checklist_version_id, Wave.name)
    if actor.role == "manager" and actor.client_id is not None:
        waves = waves.where(Wave.client_id == actor.client_id)
    used: dict[int, list[str]] = {}
    for version_id, name in session.execute(waves):
        used.setdefault(version_id, []).append(name)
    rows = session.scalars(
        select(ChecklistVersion).order_by(
            ChecklistVersion.checklist_id, ChecklistVersion.version.desc()
        )
    )
    return [
        VersionInfo(
            v.id,
            v.checklist_id,
            v.version,
            checklist_of(v).title,
            v.published,
            v.created_at,
            used.get(v.id, []),
        )
        for v in rows
    ]


def get_checklist(session: Session, actor: Actor, version_id: int) -> Checklist:
    require_role(actor, "admin", "manager")
    version = session.get(ChecklistVersion, version_id)
    if version is None:
        raise PermissionDenied(f"checklist version {version_id} not found")
    return checklist_of(version)


def upload_version(session: Session, actor: Actor, text: str, source: str, *, publish: bool) -> int:
    """Store a new version from YAML text (ChecklistError lists each problem).

    A draft can be replaced, or published, by uploading the same id and version again; a
    published version cannot change (VersionFrozen).
    """
    require_role(actor, "admin", "manager")
    return add_version(session, text, source, publish=publish, actor_id=actor.id).id


def publish_version(session: Session, actor: Actor, version_id: int) -> None:
    """Publish a draft: from now on it is immutable and can be bound to waves."""
    require_role(actor, "admin", "manager")
    version = session.get(ChecklistVersion, version_id)
    if version is None:
        raise PermissionDenied(f"checklist version {version_id} not found")
    if version.published:
        return
    parse_checklist(version.yaml_text, f"{version.checklist_id} v{version.version}")
    publish_draft(session, version, actor.id)


@dataclass
class VersionDiff:
    added: list[str] = field(default_factory=list)  # item ids
    removed: list[str] = field(default_factory=list)
    reworded: list[str] = field(default_factory=list)
    rescored: list[str] = field(default_factory=list)  # points, bands, type, critical...
    moved: list[str] = field(default_factory=list)  # to another section
    sections_reweighted: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    sections_added: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.reworded,
                self.rescored,
                self.moved,
                self.sections_reweighted,
                self.sections_added,
                self.sections_removed,
            )
        )


def _dump(item: Any) -> dict[str, Any]:
    return item.model_dump(mode="json") if hasattr(item, "model_dump") else dict(vars(item))


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(wording, scoring) halves of an item; option labels are wording, their points are not."""
    wording = {k: v for k, v in data.items() if k in WORDING}
    scoring = {k: v for k, v in data.items() if k not in WORDING}
    options = scoring.get("options")
    if isinstance(options, list):
        wording["options"] = [
            {k: v for k, v in o.items() if k in WORDING} for o in options if isinstance(o, dict)
        ]
        scoring["options"] = [
            {k: v for k, v in o.items() if k not in WORDING} for o in options if isinstance(o, dict)
        ]
    return wording, scoring


def diff_checklists(old: Checklist, new: Checklist) -> VersionDiff:
    diff = VersionDiff()
    old_sections = {s.id: s for s in old.sections}
    new_sections = {s.id: s for s in new.sections}
    diff.sections_added = [s for s in new_sections if s not in old_sections]
    diff.sections_removed = [s for s in old_sections if s not in new_sections]
    for sid in new_sections.keys() & old_sections.keys():
        if old_sections[sid].weight != new_sections[sid].weight:
            diff.sections_reweighted[sid] = (old_sections[sid].weight, new_sections[sid].weight)
    old_items = {i.id: (s.id, i) for s in old.sections for i in s.items}
    new_items = {i.id: (s.id, i) for s in new.sections for i in s.items}
    diff.added = [i for i in new_items if i not in old_items]
    diff.removed = [i for i in old_items if i not in new_items]
    for item_id, (section, item) in new_items.items():
        if item_id not in old_items:
            continue
        old_section, old_item = old_items[item_id]
        if section != old_section:
            diff.moved.append(item_id)
        old_words, old_score = _split(_dump(old_item))
        new_words, new_score = _split(_dump(item))
        if old_words != new_words:
            diff.reworded.append(item_id)
        if old_score != new_score:
            diff.rescored.append(item_id)
    return diff


def diff_versions(session: Session, actor: Actor, old_id: int, new_id: int) -> VersionDiff:
    return diff_checklists(
        get_checklist(session, actor, old_id), get_checklist(session, actor, new_id)
    )
