"""Quality review of submitted audits: the queue, approve, return with a question, reject."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from audits.auth import Actor, require_role, store_scope
from audits.fieldwork import InvalidTransition, audit_for, log_event, rescore
from audits.models import Audit, AuditLog, AuditQuestion, Store, User, Visit, Wave, utcnow


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
            f"audit {audit_id} is {audit.status}; only a submitted audit can be {new_status}"
        )
    now = utcnow()
    changed = session.execute(
        update(Audit)
        .where(Audit.id == audit.id, Audit.status == "submitted")
        .values(status=new_status, decided_at=now, decided_by=actor.id, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise InvalidTransition(f"audit {audit_id} was decided by someone else just now")
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
        raise ValueError("write the question for the shopper")
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
        raise ValueError("a rejection needs a reason")
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
