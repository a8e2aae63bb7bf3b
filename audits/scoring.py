"""The one scoring implementation, used by the app, the CLI and the reports.

Item score = earned / possible; N/A, hidden and unanswered items count in neither. Section score
= earned / possible × 100. Audit score = mean of section scores weighted by section weight, over
sections with anything counted, after the checklist's critical rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from audits.checklist import (
    Checklist,
    ChoiceItem,
    DurationItem,
    MultiChoiceItem,
    Response,
    ScaleItem,
    YesNoItem,
)


@dataclass(frozen=True)
class ItemScore:
    earned: float
    possible: float


@dataclass(frozen=True)
class AuditScore:
    total: float | None
    sections: dict[str, float | None]
    critical_failed: list[str]
    items: dict[str, ItemScore] = field(default_factory=dict)
    flagged: bool = False


@dataclass(frozen=True)
class Missing:
    section_id: str
    item_id: str
    reason: str  # "answer required" | "comment required"


def possible_points(item: Any) -> float:
    """The most an item can earn (0 for unscored types)."""
    if isinstance(item, YesNoItem):
        return item.points
    if isinstance(item, ScaleItem):
        if item.option_points:
            return max(item.option_points.values())
        return item.points if item.points is not None else float(item.max - item.min)
    if isinstance(item, ChoiceItem):
        return max((o.points for o in item.options), default=0.0)
    if isinstance(item, MultiChoiceItem):
        return item.cap
    if isinstance(item, DurationItem):
        return max(b.points for b in item.bands)
    return 0.0


def earned_points(item: Any, value: Any) -> float:
    """Points for a valid answer value of a scored item."""
    if isinstance(item, YesNoItem):
        return item.points if value == item.good else 0.0
    if isinstance(item, ScaleItem):
        if item.option_points:
            return item.option_points.get(int(value), 0.0)
        top = possible_points(item)
        return top * (int(value) - item.min) / (item.max - item.min)
    if isinstance(item, ChoiceItem):
        return next((o.points for o in item.options if o.id == value), 0.0)
    if isinstance(item, MultiChoiceItem):
        chosen = sum(o.points for o in item.options if o.id in value)
        return min(max(chosen, 0.0), item.cap)
    if isinstance(item, DurationItem):
        seconds, nobody = _wait(value)
        if nobody:
            return 0.0
        return next((b.points for b in item.bands if seconds <= b.max_seconds), 0.0)
    return 0.0


def _wait(value: Any) -> tuple[float, bool]:
    if isinstance(value, dict):
        return float(value.get("seconds") or 0), bool(value.get("nobody_came"))
    return float(value), False


def item_points(item: Any, response: Response | None) -> tuple[float, float] | None:
    """(earned, possible), or None when the item does not count."""
    if response is None or response.na or not item.scored or not response.answered:
        return None
    possible = possible_points(item)
    if possible <= 0:
        return None
    return earned_points(item, response.value), possible


def score_audit(checklist: Checklist, answers: Mapping[str, Response]) -> AuditScore:
    items: dict[str, ItemScore] = {}
    sections: dict[str, float | None] = {}
    critical_failed: list[str] = []
    for section in checklist.sections:
        earned = possible = 0.0
        section_failed = False
        for item in section.items:
            if not item.is_visible(answers):
                continue
            points = item_points(item, answers.get(item.id))
            if points is None:
                continue
            items[item.id] = ItemScore(*points)
            earned += points[0]
            possible += points[1]
            if item.critical and points[0] == 0:
                critical_failed.append(item.id)
                section_failed = True
        score = earned / possible * 100 if possible > 0 else None
        if section_failed and checklist.critical_rule == "zero_section" and score is not None:
            score = 0.0
        sections[section.id] = score
    weights = {s.id: s.weight for s in checklist.sections if sections[s.id] is not None}
    total = None
    if weights:
        total = sum(sections[sid] * w for sid, w in weights.items()) / sum(weights.values())
    if critical_failed and checklist.critical_rule == "zero_audit":
        total = 0.0
    flagged = bool(critical_failed) and checklist.critical_rule == "flag"
    return AuditScore(total, sections, critical_failed, items, flagged)


def missing_for_submit(checklist: Checklist, answers: Mapping[str, Response]) -> list[Missing]:
    """Visible items still needing an answer or a comment, in checklist order."""
    gaps = []
    for section in checklist.sections:
        for item in section.items:
            if not item.is_visible(answers):
                continue
            response = answers.get(item.id)
            if item.required and not item.is_answered(response):
                gaps.append(Missing(section.id, item.id, "answer required"))
            elif (
                response is not None
                and not response.na
                and item.needs_comment(response.value)
                and not response.comment.strip()
            ):
                gaps.append(Missing(section.id, item.id, "comment required"))
    return gaps
