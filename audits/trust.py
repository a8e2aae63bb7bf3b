"""Trust signals for a reviewer: evidence that speaks against an audit. Never proof.

Each signal is computed from what was recorded (check-in, answer times, photos, scores) by
simple, explainable rules; the reviewer decides.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.auth import Actor, require_role
from audits.fieldwork import FAR_CHECKIN_M, audit_for, far_from_store
from audits.i18n import Phrase
from audits.models import RELEASED, Answer, Audit, ChecklistVersion, Photo, User

# Words that, in the comment of a "yes", say the opposite (Finnish and English).
NEGATIVE_CUES = (
    r"\bei\b",
    r"\beikä\b",
    r"\bmutta ei\b",
    r"\bvasta kun kysyin",
    r"\bkukaan ei\b",
    r"\bunohti",
    r"\bpuuttui",
    r"\bnot\b",
    r"\bno one\b",
    r"\bnobody\b",
    r"\bnever\b",
    r"n't\b",
    r"\bonly (?:when|after) i asked",
    r"\bforgot\b",
    r"\bmissing\b",
)
_NEGATIVE = re.compile("|".join(NEGATIVE_CUES), re.IGNORECASE)


@dataclass(frozen=True)
class Thresholds:
    far_checkin_m: float = FAR_CHECKIN_M  # beyond this (less the GPS accuracy): "far"
    min_visit_minutes: float = 8.0  # check-in to last answer
    greeting_slack_s: int = 120  # the reported wait may exceed the recorded time by this much
    leniency_points: float = 12.0  # shopper mean vs the others' mean on the same checklist
    leniency_min_audits: int = 3


@dataclass(frozen=True)
class Signal:
    code: str  # far_checkin | no_checkin | short_visit | greeting_time | contradiction |
    #            duplicate_photo | lenient | strict
    severity: str  # warning | info
    said: Phrase
    item_id: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(self.said)


def _checkin(audit: Audit, t: Thresholds) -> list[Signal]:
    if audit.checkin_at is None:
        return [Signal("no_checkin", "warning", Phrase("sig_no_checkin"))]
    if audit.checkin_refused or audit.checkin_distance_m is None:
        if audit.location_purged_at is not None:
            return []
        return [Signal("no_checkin", "info", Phrase("sig_no_location"))]
    if far_from_store(audit.checkin_distance_m, audit.checkin_accuracy_m, t.far_checkin_m):
        km = audit.checkin_distance_m / 1000
        return [
            Signal(
                "far_checkin",
                "warning",
                Phrase("sig_far_checkin", {"km": f"{km:.1f}"}),
                values={"distance_m": round(audit.checkin_distance_m)},
            )
        ]
    return []


def _span(audit: Audit, answers: list[Answer]) -> dt.timedelta | None:
    """From arrival (check-in, else the first answer) to the last answer."""
    if not answers:
        return None
    first = min(a.answered_at for a in answers)
    start = min(audit.checkin_at, first) if audit.checkin_at else first
    return max(a.updated_at for a in answers) - start


def _duration(audit: Audit, answers: list[Answer], t: Thresholds) -> list[Signal]:
    span = _span(audit, answers)
    if span is None:
        return []
    signals = []
    minutes = span.total_seconds() / 60
    if minutes < t.min_visit_minutes:
        signals.append(
            Signal(
                "short_visit",
                "warning",
                Phrase(
                    "sig_short_visit",
                    {"minutes": f"{minutes:.0f}", "least": f"{t.min_visit_minutes:.0f}"},
                ),
                values={"minutes": round(minutes, 1)},
            )
        )
    for answer in answers:
        value = answer.value
        if not isinstance(value, dict) or "seconds" not in value:
            continue
        waited = int(value.get("seconds") or 0)
        if waited > span.total_seconds() + t.greeting_slack_s:
            signals.append(
                Signal(
                    "greeting_time",
                    "warning",
                    Phrase(
                        "sig_greeting_time",
                        {
                            "min": waited // 60,
                            "s": waited % 60,
                            "span": f"{span.total_seconds() / 60:.0f}",
                        },
                    ),
                    item_id=answer.item_id,
                    values={"seconds": waited, "span_s": int(span.total_seconds())},
                )
            )
    return signals


def contradicts(value: Any, comment: str) -> bool:
    """A "yes" whose comment reads as a "no"."""
    return value == "yes" and bool(comment) and _NEGATIVE.search(comment) is not None


def _contradictions(answers: list[Answer]) -> list[Signal]:
    return [
        Signal(
            "contradiction",
            "warning",
            Phrase("sig_contradiction", {"comment": a.comment.strip()[:120]}),
            item_id=a.item_id,
        )
        for a in answers
        if contradicts(a.value, a.comment)
    ]


def _photos(session: Session, audit: Audit) -> list[Signal]:
    photos = list(session.scalars(select(Photo).where(Photo.audit_id == audit.id)))
    signals: list[Signal] = []
    seen: set[str] = set()
    for photo in photos:
        if photo.sha256 in seen:
            signals.append(
                Signal(
                    "duplicate_photo",
                    "warning",
                    Phrase("sig_photo_twice"),
                    values={"photo_id": photo.id},
                )
            )
        seen.add(photo.sha256)
    if seen:
        reused = session.scalars(
            select(Photo.audit_id)
            .where(Photo.sha256.in_(seen), Photo.audit_id != audit.id, Photo.audit_id.is_not(None))
            .distinct()
        ).all()
        for other in reused:
            signals.append(
                Signal(
                    "duplicate_photo",
                    "warning",
                    Phrase("sig_photo_reused", {"other": other}),
                    values={"other_audit_id": other},
                )
            )
    return signals


@dataclass(frozen=True)
class Leniency:
    shopper_mean: float
    others_mean: float
    shopper_audits: int
    others_audits: int

    @property
    def difference(self) -> float:
        return self.shopper_mean - self.others_mean


def leniency(session: Session, shopper_id: int, checklist_id: str) -> Leniency | None:
    """The shopper's mean score against the other shoppers' on the same checklist."""
    rows = session.execute(
        select(Audit.shopper_id, Audit.score)
        .join(ChecklistVersion, Audit.checklist_version_id == ChecklistVersion.id)
        .where(
            ChecklistVersion.checklist_id == checklist_id,
            Audit.status.in_(("submitted", "approved")),
            Audit.score.is_not(None),
        )
    ).all()
    mine = [score for who, score in rows if who == shopper_id]
    others = [score for who, score in rows if who != shopper_id]
    if not mine or not others:
        return None
    return Leniency(statistics.fmean(mine), statistics.fmean(others), len(mine), len(others))


def _leniency(session: Session, audit: Audit, t: Thresholds) -> list[Signal]:
    version = session.get(ChecklistVersion, audit.checklist_version_id)
    assert version is not None
    found = leniency(session, audit.shopper_id, version.checklist_id)
    if found is None or found.shopper_audits < t.leniency_min_audits:
        return []
    if abs(found.difference) < t.leniency_points:
        return []
    user = session.get(User, audit.shopper_id)
    name = (user.display_name or user.username) if user else "the shopper"
    lenient = found.difference > 0
    return [
        Signal(
            "lenient" if lenient else "strict",
            "info",
            Phrase(
                "sig_lenient" if lenient else "sig_strict",
                {
                    "name": name,
                    "mine": f"{found.shopper_mean:.0f}",
                    "n": found.shopper_audits,
                    "others": f"{found.others_mean:.0f}",
                    "diff": f"{found.difference:+.0f}",
                },
            ),
            values={"difference": round(found.difference, 1)},
        )
    ]


def signals_for(
    session: Session, audit: Audit, thresholds: Thresholds | None = None
) -> list[Signal]:
    """Every signal about the audit. One never submitted (a draft, or one released unfinished)
    is a visit still under way: no check-in yet, a visit shorter than its answers so far or a
    greeting wait longer than it say nothing against it, nor does the shopper's scoring, so
    only what it has recorded is weighed (its check-in, answers and photos)."""
    t = thresholds or Thresholds()
    answers = list(audit.answers)
    if audit.status == "draft" or (audit.status == RELEASED and audit.submitted_at is None):
        under_way = [] if audit.checkin_at is None else _checkin(audit, t)
        return [*under_way, *_contradictions(answers), *_photos(session, audit)]
    return [
        *_checkin(audit, t),
        *_duration(audit, answers, t),
        *_contradictions(answers),
        *_photos(session, audit),
        *_leniency(session, audit, t),
    ]


def trust_signals(
    session: Session, actor: Actor, audit_id: int, thresholds: Thresholds | None = None
) -> list[Signal]:
    """The signals a reviewer sees beside an audit (staff only)."""
    require_role(actor, "admin", "manager")
    return signals_for(session, audit_for(session, actor, audit_id), thresholds)
