"""Quality review of submitted audits: the queue, approve, return, reject, correct, the log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from audits.auth import Actor, require_role, store_scope
from audits.catalog import checklist_of
from audits.checklist import Checklist, Item, Response
from audits.fieldwork import (
    InvalidTransition,
    audit_for,
    log_event,
    rescore,
    responses_of,
    staff_names_enabled,
)
from audits.i18n import Phrase, Refusal, day_label, number, pick, t
from audits.models import (
    RELEASED,
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
from audits.reports import answer_text
from audits.scoring import missing_for_submit

CORRECTABLE = ("submitted", "approved")
DECIDED = ("approved", "rejected", RELEASED)  # listed newest first


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
    decided_at: dt.datetime | None = None  # approved, rejected or released: when


def review_queue(session: Session, actor: Actor, status: str = "submitted") -> list[QueueRow]:
    """Audits waiting for review (or returned), oldest first; decided ones newest first."""
    require_role(actor, "admin", "manager")
    # A release is not a review decision: its moment is the audit's last change.
    moment = Audit.updated_at if status == RELEASED else Audit.decided_at
    if status in DECIDED:
        order = (moment.desc(), Audit.id.desc())
    else:
        order = (Audit.submitted_at, Audit.id)
    rows = session.execute(
        select(Audit, Store, Wave, User, moment)
        .join(Visit, Audit.visit_id == Visit.id)
        .join(Store, Visit.store_id == Store.id)
        .join(Wave, Visit.wave_id == Wave.id)
        .join(User, Audit.shopper_id == User.id)
        .where(Audit.status == status, store_scope(actor))
        .order_by(*order)
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
            when if status in DECIDED else None,
        )
        for a, s, w, u, when in rows
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
    """Return with a question, about the whole audit or about an item the shopper sees."""
    if not question.strip():
        raise Refusal("e_question_needed")
    if item_id is not None:
        audit = audit_for(session, actor, audit_id)
        _shown_item(session, audit, item_id)
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


@dataclass(frozen=True)
class Correction:
    """A reviewer's new answer for one item; `comment=None` keeps the comment there is."""

    value: Any = None
    na: bool = False
    comment: str | None = None


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
    """A reviewer corrects one answer (see `correct_answers`). Returns the new audit score."""
    change = Correction(value, na, comment)
    return correct_answers(session, actor, audit_id, {item_id: change}, reason=reason)


def correct_answers(
    session: Session,
    actor: Actor,
    audit_id: int,
    changes: dict[str, Correction],
    *,
    reason: str,
) -> float | None:
    """A reviewer corrects answers that belong together (an answer and the items it shows).

    The reason is mandatory; each item's old and new value and the score before and after are
    logged. The corrected audit must still be one its shopper could have submitted: no
    required answer or comment missing, no answer to an item the form hides. Returns the new
    audit score.
    """
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
    checklist = checklist_of(version)
    before = responses_of(audit)
    old = {item_id: _as_dict(before.get(item_id)) for item_id in changes}
    new = {
        item_id: _cleaned(session, audit, checklist.item(item_id), change, before.get(item_id))
        for item_id, change in changes.items()
    }
    if all(old[item_id] == new[item_id] for item_id in changes):
        raise Refusal("e_correction_no_change")
    after = before | {item_id: Response(**answer) for item_id, answer in new.items()}
    _refuse_hidden(checklist, after, changes)
    _refuse_new_gaps(checklist, before, after)
    score_before = audit.score
    now = utcnow()
    for item_id, answer in new.items():
        if old[item_id] != answer:
            _store(session, audit.id, item_id, answer, now)
    session.flush()
    session.refresh(audit)
    rescore(session, audit)
    for item_id, answer in new.items():
        if old[item_id] == answer:
            continue
        detail = {"item": item_id, "old": old[item_id], "new": answer, "reason": reason.strip()}
        detail |= {"score_before": score_before, "score_after": audit.score}
        log_event(session, actor, "answer.correct", audit.id, detail)
    return audit.score


def _as_dict(response: Response | None) -> dict[str, Any] | None:
    if response is None:
        return None
    return {"value": response.value, "na": response.na, "comment": response.comment}


def _cleaned(
    session: Session, audit: Audit, item: Item, change: Correction, old: Response | None
) -> dict[str, Any]:
    if item.staff_name and not staff_names_enabled(session, audit.id):
        raise Refusal("e_staff_names_off", item=item.id)
    if change.na and not item.allow_na:
        raise Refusal("e_na_not_allowed", item=item.id)
    value = None if change.na or change.value is None else item.normalize_answer(change.value)
    kept = old.comment if old is not None else ""
    comment = kept if change.comment is None else change.comment.strip()
    return {"value": value, "na": change.na, "comment": comment}


def _store(
    session: Session, audit_id: int, item_id: str, answer: dict[str, Any], now: dt.datetime
) -> None:
    row = session.scalar(
        select(Answer).where(Answer.audit_id == audit_id, Answer.item_id == item_id)
    )
    if row is None:
        row = Answer(audit_id=audit_id, item_id=item_id)
        session.add(row)
    row.value, row.na, row.comment, row.updated_at = (
        answer["value"],
        answer["na"],
        answer["comment"],
        now,
    )


def _refuse_hidden(
    checklist: Checklist, answers: dict[str, Response], changes: dict[str, Correction]
) -> None:
    """A hidden item counts nowhere (score, report): a correction of it would be lost."""
    for item_id in changes:
        item = checklist.item(item_id)
        if not item.is_visible(answers):
            assert item.visible_if is not None
            raise Refusal("e_correction_item_hidden", item=item_id, controller=item.visible_if.item)


def _refuse_new_gaps(
    checklist: Checklist, before: dict[str, Response], after: dict[str, Response]
) -> None:
    """A correction may not leave the audit with what its shopper could not have submitted."""
    known = set(missing_for_submit(checklist, before))
    for gap in missing_for_submit(checklist, after):
        if gap not in known:
            what = "gap_comment" if gap.reason.startswith("comment") else "gap_answer"
            raise Refusal("e_correction_leaves_gap", item=gap.item_id, what=Phrase(what))


def _shown_item(session: Session, audit: Audit, item_id: str) -> None:
    """Refuse a question about an item the shopper's form does not show: it would be lost."""
    version = session.get(ChecklistVersion, audit.checklist_version_id)
    assert version is not None
    item = checklist_of(version).item(item_id)
    if item.staff_name and not staff_names_enabled(session, audit.id):
        raise Refusal("e_staff_names_off", item=item_id)
    if not item.is_visible(responses_of(audit)):
        assert item.visible_if is not None
        raise Refusal("e_question_item_hidden", item=item_id, controller=item.visible_if.item)


@dataclass(frozen=True)
class LogEntry:
    at: dt.datetime
    who: str
    action: str
    detail: dict[str, Any]
    people: dict[int, str] = field(default_factory=dict)  # the users its detail names by id


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
    people = _names(session, {i for row, _ in rows for i in _shopper_ids(row.detail or {})})
    return [
        LogEntry(
            row.at,
            (user.display_name or user.username) if user else "system",
            row.action,
            dict(row.detail or {}),
            people,
        )
        for row, user in rows
    ]


def _shopper_ids(detail: dict[str, Any]) -> list[int]:
    found = [detail.get("shopper_id")]
    found += [(detail.get(k) or {}).get("shopper_id") for k in ("old", "new")]
    return [i for i in found if isinstance(i, int)]


def _names(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    users = session.scalars(select(User).where(User.id.in_(user_ids)))
    return {u.id: u.display_name or u.username for u in users}


def log_detail(entry: LogEntry, checklist: Checklist, lang: str) -> str:
    """What a log entry's detail says, as a person reads it in `lang` ("" when nothing)."""
    detail = entry.detail
    if entry.action in ("answer.amend", "answer.correct"):
        parts = _answer_change(detail, checklist, lang)
    elif entry.action.startswith("visit.") and entry.action != "visit.release":
        parts = _assignment(detail, entry.people, lang)
    elif entry.action == "audit.checkin":
        parts = [_checkin(detail, lang)]
    else:
        parts = _said(detail, checklist, lang)
    if entry.action == "answer.correct":
        before, after = detail.get("score_before"), detail.get("score_after")
        parts.append(t("log_score_change", lang, old=_score(before, lang), new=_score(after, lang)))
    if detail.get("reason"):
        parts.append(t("log_reason", lang, reason=detail["reason"]))
    return " · ".join(p for p in parts if p)


def _said(detail: dict[str, Any], checklist: Checklist, lang: str) -> list[str]:
    """The words a person wrote (question, reply, note) and the item they are about."""
    parts = []
    if detail.get("item"):
        parts.append(t("log_item", lang, item=_label(checklist, detail["item"], lang)))
    if detail.get("question"):
        parts.append(t("log_question", lang, text=detail["question"]))
    if detail.get("reply"):
        parts.append(t("log_reply", lang, text=detail["reply"]))
    if detail.get("note"):
        parts.append(t("log_note", lang, text=detail["note"]))
    if detail.get("score") is not None:
        parts.append(t("log_score", lang, score=_score(detail["score"], lang)))
    return parts


def _answer_change(detail: dict[str, Any], checklist: Checklist, lang: str) -> list[str]:
    item_id = str(detail.get("item", ""))
    item = _item(checklist, item_id)
    old, new = detail.get("old") or {}, detail.get("new") or {}

    def said(answer: dict[str, Any]) -> str:
        if not answer or (answer.get("value") is None and not answer.get("na")):
            return "–"
        return answer_text(item, answer.get("value"), bool(answer.get("na")), lang)

    parts = [f"{_label(checklist, item_id, lang)}: {said(old)} → {said(new)}"]
    if (old.get("comment") or "") != (new.get("comment") or ""):
        parts.append(t("log_comment", lang, text=new.get("comment") or "–"))
    return parts


def _assignment(detail: dict[str, Any], people: dict[int, str], lang: str) -> list[str]:
    new = detail.get("new") or {}
    shopper = new.get("shopper_id", detail.get("shopper_id"))
    parts = [t("log_shopper", lang, name=people.get(shopper, "–"))] if shopper else []
    if new.get("date"):
        parts.append(day_label(dt.date.fromisoformat(new["date"]), lang))
    if detail.get("tour_id"):
        parts.append(t("log_tour", lang, id=detail["tour_id"]))
    return parts


def _checkin(detail: dict[str, Any], lang: str) -> str:
    if detail.get("refused"):
        return t("log_checkin_refused", lang)
    distance = detail.get("distance_m")
    return "" if distance is None else t("log_checkin_distance", lang, m=number(distance, lang, 0))


def _item(checklist: Checklist, item_id: str) -> Item | None:
    try:
        return checklist.item(item_id)
    except Refusal:  # an item of a checklist version since edited, told by its id
        return None


def _label(checklist: Checklist, item_id: str, lang: str) -> str:
    item = _item(checklist, item_id)
    return pick(item.label, lang) if item is not None else item_id


def _score(score: float | None, lang: str) -> str:
    return "–" if score is None else number(score, lang, 1)


def refusal_text(exc: Exception, checklist: Checklist, lang: str) -> str:
    """Why a correction or question was refused, as a reviewer reads it: the items it names by
    their labels ("Kohta ”Saapumisaika liikkeeseen”: …"), not by their ids."""
    said = getattr(exc, "said", None)
    if not isinstance(said, Phrase):
        return str(exc)
    values = {
        k: t("quoted", lang, text=_label(checklist, str(v), lang))
        if k in ("item", "controller")
        else v
        for k, v in said.values.items()
    }
    text = Phrase(said.key, values).text(lang)
    return text[:1].upper() + text[1:]


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
