"""Quality review of submitted audits: the queue, approve, return, reject, correct, the log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from audits.auth import Actor, require_role, store_scope
from audits.catalog import checklist_of
from audits.fieldwork import InvalidTransition, audit_for, log_event, rescore
from audits.i18n import Phrase, Refusal
from audits.models import (
    Answer,
    Audit,
    AuditLog,
    AuditQuestion,
    ChecklistVersion,
    Photo,
    Store,
    User,
    Visit,
    Wave,
    utcnow,
)

CORRECTABLE = ("submitted", "approved")


@dataclass(frozen=True)
class QueueRow:
    audit_id: int
    store_code: str
    store_name: str
    city: str
    wave: str
    shopper: str
    submitted_at: dt.datetime | None
    score: float | None
    status: str


def review_queue(session: Session, actor: Actor, status: str = "submitted") -> list[QueueRow]:
    """Audits waiting for review (or in another status), oldest first."""
    require_role(actor, "admin", "manager")
    rows = session.execute(
        select(Audit, Store, Wave, User)
        .join(Visit, Audit.visit_id == Visit.id)
        .join(Store, Visit.store_id == Store.id)
        .join(Wave, Visit.wave_id == Wave.id)
        .join(User, Audit.shopper_id == User.id)
        .where(Audit.status == status, store_scope(actor))
        .order_by(Audit.submitted_at, Audit.id)
    ).all()
    return [
        QueueRow(
            a.id,
            s.code,
            s.name,
            s.city,
            w.name,
            u.display_name or u.username,
            a.submitted_at,
            a.score,
            a.status,
        )
        for a, s, w, u in rows
    ]


def _decide(session: Session, actor: Actor, audit_id: int, new_status: str, detail: dict) -> Audit:
    require_role(actor, "admin", "manager")
    audit = audit_for(session, actor, audit_id)
    if audit.status != "submitted":
        raise InvalidTransition(
            "e_not_decidable", audit=audit_id, status=Phrase(f"status_{audit.status}")
        )
    now = utcnow()
    changed = session.execute(
        update(Audit)
        .where(Audit.id == audit.id, Audit.status == "submitted")
        .values(status=new_status, decided_at=now, decided_by=actor.id, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise InvalidTransition("e_decided_meanwhile", audit=audit_id)
    session.refresh(audit)
    log_event(session, actor, f"audit.{new_status}", audit.id, {"from": "submitted", **detail})
    return audit


def approve(session: Session, actor: Actor, audit_id: int, note: str = "") -> str:
    """Approve: the audit reaches the client, scored by the one scoring implementation."""
    audit = _decide(session, actor, audit_id, "approved", {"note": note})
    rescore(session, audit)
    return audit.status


def return_to_shopper(
    session: Session, actor: Actor, audit_id: int, question: str, item_id: str | None = None
) -> None:
    if not question.strip():
        raise Refusal("e_question_needed")
    audit = _decide(
        session, actor, audit_id, "returned", {"question": question.strip(), "item": item_id}
    )
    session.add(
        AuditQuestion(
            audit_id=audit.id, item_id=item_id, question=question.strip(), asked_by=actor.id
        )
    )
    return audit.status


def reject(session: Session, actor: Actor, audit_id: int, reason: str) -> str:
    if not reason.strip():
        raise Refusal("e_reject_reason")
    return _decide(session, actor, audit_id, "rejected", {"reason": reason.strip()}).status


def audit_history(session: Session, actor: Actor, audit_id: int) -> list[AuditLog]:
    """The full history of one audit, oldest first."""
    require_role(actor, "admin", "manager")
    audit_for(session, actor, audit_id)
    return list(
        session.scalars(
            select(AuditLog)
            .where(AuditLog.entity == "audit", AuditLog.entity_id == audit_id)
            .order_by(AuditLog.at, AuditLog.id)
        )
    )


def correct_answer(
    session: Session,
    actor: Actor,
    audit_id: int,
    item_id: str,
    value: Any = None,
    *,
    na: bool = False,
    comment: str | None = None,
    reason: str,
) -> float | None:
    """A reviewer corrects one answer; the reason is mandatory and the old and new value, the
    score before and after, are logged. Returns the new audit score."""
    require_role(actor, "admin", "manager")
    if not reason.strip():
        raise Refusal("e_correction_reason")
    audit = audit_for(session, actor, audit_id)
    if audit.status not in CORRECTABLE:
        raise InvalidTransition(
            "e_not_correctable", audit=audit_id, status=Phrase(f"status_{audit.status}")
        )
    version = session.get(ChecklistVersion, audit.checklist_version_id)
    assert version is not None
    item = checklist_of(version).item(item_id)
    if na and not item.allow_na:
        raise Refusal("e_na_not_allowed", item=item_id)
    clean = None if na or value is None else item.normalize_answer(value)
    answer = session.scalar(
        select(Answer).where(Answer.audit_id == audit.id, Answer.item_id == item_id)
    )
    if answer is None:
        answer = Answer(audit_id=audit.id, item_id=item_id, comment="")
        session.add(answer)
        old = None
    else:
        old = {"value": answer.value, "na": answer.na, "comment": answer.comment}
    new = {
        "value": clean,
        "na": na,
        "comment": answer.comment if comment is None else comment.strip(),
    }
    if old == new:
        raise Refusal("e_correction_no_change")
    answer.value, answer.na, answer.comment = new["value"], new["na"], new["comment"]
    answer.updated_at = utcnow()
    session.flush()
    session.refresh(audit)
    score_before = audit.score
    rescore(session, audit)
    log_event(
        session,
        actor,
        "answer.correct",
        audit.id,
        {
            "item": item_id,
            "old": old,
            "new": new,
            "reason": reason.strip(),
            "score_before": score_before,
            "score_after": audit.score,
        },
    )
    return audit.score


@dataclass(frozen=True)
class LogEntry:
    at: dt.datetime
    who: str
    action: str
    detail: dict[str, Any]


def audit_log(session: Session, actor: Actor, audit_id: int) -> list[LogEntry]:
    """The full, readable log of an audit and of its visit (assignment), oldest first."""
    require_role(actor, "admin", "manager")
    audit = audit_for(session, actor, audit_id)
    rows = session.execute(
        select(AuditLog, User)
        .outerjoin(User, AuditLog.actor_id == User.id)
        .where(
            or_(
                and_(AuditLog.entity == "audit", AuditLog.entity_id == audit.id),
                and_(AuditLog.entity == "visit", AuditLog.entity_id == audit.visit_id),
            )
        )
        .order_by(AuditLog.at, AuditLog.id)
    ).all()
    return [
        LogEntry(
            row.at,
            (user.display_name or user.username) if user else "system",
            row.action,
            dict(row.detail or {}),
        )
        for row, user in rows
    ]


@dataclass(frozen=True)
class PhotoInfo:
    id: int
    path: str | None  # relative to the media directory; None once purged
    sha256: str
    created_at: dt.datetime


def audit_photos(session: Session, actor: Actor, audit_id: int) -> list[PhotoInfo]:
    """The photos of an audit the actor may read (staff or its shopper)."""
    audit = audit_for(session, actor, audit_id)
    return [
        PhotoInfo(p.id, None if p.purged_at else p.path, p.sha256, p.created_at)
        for p in session.scalars(select(Photo).where(Photo.audit_id == audit.id).order_by(Photo.id))
    ]
