"""The shopper's work: visits, starting an audit, saving answers one by one, submitting."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopy.distance import geodesic
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from audits.auth import Actor, PermissionDenied, can_see_store, require_role
from audits.catalog import checklist_of
from audits.checklist import Checklist, Response
from audits.i18n import Phrase, Refusal
from audits.models import (
    VISIT_AUDIT,
    Answer,
    Audit,
    AuditLog,
    AuditQuestion,
    ChecklistVersion,
    Client,
    Photo,
    Store,
    Visit,
    Wave,
    utcnow,
)
from audits.photos import store_photo
from audits.scoring import AuditScore, Missing, missing_for_submit, score_audit

EDITABLE = ("draft", "returned")
# Beyond this (less the phone's own accuracy) a check-in is far from its store: the reviewer
# sees it flagged (trust), the shopper is told at once.
FAR_CHECKIN_M = 300.0
MAX_COMMENT = 2000  # characters; a text item holds up to 5000


class InvalidTransition(Refusal):
    """The audit is not in a state that allows this."""


def _status(status: str) -> Phrase:
    return Phrase(f"status_{status}")


@dataclass(frozen=True)
class VisitRow:
    visit_id: int
    wave: str
    store_code: str
    store_name: str
    address: str
    city: str
    lat: float | None
    lon: float | None
    opening_hours: str
    planned_date: dt.date | None
    status: str  # not_started | draft | submitted | returned | approved | rejected
    audit_id: int | None
    score: float | None
    open_questions: int = 0
    briefing_pending: bool = False  # the wave has a briefing that the shopper has not read


@dataclass(frozen=True)
class Question:
    id: int
    item_id: str | None
    question: str
    asked_at: dt.datetime
    reply: str


@dataclass(frozen=True)
class AuditView:
    """Everything a page needs to show one audit."""

    audit_id: int
    visit_id: int
    status: str
    store_name: str
    store_address: str
    store_city: str
    wave: str
    briefing: dict[str, Any]
    checklist: Checklist
    answers: dict[str, Response]
    saved_at: dict[str, dt.datetime]
    current_section: str | None
    briefing_read_at: dt.datetime | None
    checkin_at: dt.datetime | None
    checkin_distance_m: float | None
    checkin_refused: bool
    checkin_far: bool  # farther from the store than FAR_CHECKIN_M: the reviewer is told
    score: float | None
    section_scores: dict[str, Any]
    critical_failed: list[str]
    questions: list[Question] = field(default_factory=list)
    shopper_id: int = 0
    submitted_at: dt.datetime | None = None
    staff_names: bool = False  # the client allows collecting staff names
    photo_paths: dict[int, str | None] = field(default_factory=dict)  # None once purged


@dataclass(frozen=True)
class SubmitResult:
    submitted: bool
    missing: list[Missing]
    already: bool = False


def _has_briefing(wave: Wave) -> bool:
    return any(str(text).strip() for text in (wave.briefing or {}).values())


def my_visits(session: Session, actor: Actor) -> list[VisitRow]:
    """The shopper's assigned visits, by planned date."""
    require_role(actor, "shopper")
    rows = session.execute(
        select(Visit, Store, Wave, Audit)
        .join(Store, Visit.store_id == Store.id)
        .join(Wave, Visit.wave_id == Wave.id)
        .outerjoin(Audit, VISIT_AUDIT)
        .where(Visit.shopper_id == actor.id)
        .order_by(Visit.planned_date, Store.city, Store.name)
    ).all()
    open_q = _open_questions(session, [a.id for _, _, _, a in rows if a is not None])
    return [
        VisitRow(
            visit_id=v.id,
            wave=w.name,
            store_code=s.code,
            store_name=s.name,
            address=s.address,
            city=s.city,
            lat=s.lat,
            lon=s.lon,
            opening_hours=s.opening_hours,
            planned_date=v.planned_date,
            status=a.status if a else "not_started",
            audit_id=a.id if a else None,
            score=a.score if a and a.status == "approved" else None,
            open_questions=open_q.get(a.id, 0) if a else 0,
            briefing_pending=_has_briefing(w) and not (a and a.briefing_read_at),
        )
        for v, s, w, a in rows
    ]


def _open_questions(session: Session, audit_ids: list[int]) -> dict[int, int]:
    if not audit_ids:
        return {}
    counts: dict[int, int] = {}
    for (audit_id,) in session.execute(
        select(AuditQuestion.audit_id).where(
            AuditQuestion.audit_id.in_(audit_ids), AuditQuestion.replied_at.is_(None)
        )
    ):
        counts[audit_id] = counts.get(audit_id, 0) + 1
    return counts


def _own_visit(session: Session, actor: Actor, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.shopper_id != actor.id:
        raise PermissionDenied(f"visit {visit_id} is not assigned to you")
    return visit


def start_audit(session: Session, actor: Actor, visit_id: int) -> int:
    """Open the visit's audit, creating the draft on first use; returns the audit id."""
    require_role(actor, "shopper")
    visit = _own_visit(session, actor, visit_id)
    if visit.audit is not None:
        return visit.audit.id
    audit = Audit(
        visit_id=visit.id,
        shopper_id=actor.id,
        checklist_version_id=visit.wave.checklist_version_id,
    )
    try:
        with session.begin_nested():
            session.add(audit)
    except IntegrityError:  # another tab created it a moment ago
        return session.scalar(select(Audit.id).where(VISIT_AUDIT, Visit.id == visit.id))
    log_event(session, actor, "audit.start", audit.id, {"visit_id": visit.id})
    return audit.id


def audit_for(session: Session, actor: Actor, audit_id: int, *, write: bool = False) -> Audit:
    """The audit if the actor may read it (or write it); a missing one looks the same."""
    audit = session.get(Audit, audit_id)
    if audit is None:
        raise PermissionDenied(f"audit {audit_id} not found")
    if actor.role == "shopper" and audit.shopper_id == actor.id:
        return audit
    if not write and actor.is_staff and can_see_store(actor, audit.visit.store):
        return audit
    raise PermissionDenied(f"audit {audit_id} not found")


def load_audit(session: Session, actor: Actor, audit_id: int) -> AuditView:
    audit = audit_for(session, actor, audit_id)
    version = session.get(ChecklistVersion, audit.checklist_version_id)
    assert version is not None
    answers = {
        a.item_id: Response(value=a.value, na=a.na, comment=a.comment) for a in audit.answers
    }
    questions = session.scalars(
        select(AuditQuestion).where(AuditQuestion.audit_id == audit.id).order_by(AuditQuestion.id)
    ).all()
    store = audit.visit.store
    return AuditView(
        audit_id=audit.id,
        visit_id=audit.visit_id,
        status=audit.status,
        store_name=store.name,
        store_address=store.address,
        store_city=store.city,
        wave=audit.visit.wave.name,
        briefing=audit.visit.wave.briefing or {},
        checklist=checklist_of(version),
        answers=answers,
        saved_at={a.item_id: a.updated_at for a in audit.answers},
        current_section=audit.current_section,
        briefing_read_at=audit.briefing_read_at,
        checkin_at=audit.checkin_at,
        checkin_distance_m=audit.checkin_distance_m,
        checkin_refused=audit.checkin_refused,
        checkin_far=far_from_store(audit.checkin_distance_m, audit.checkin_accuracy_m),
        score=audit.score,
        section_scores=audit.section_scores or {},
        critical_failed=list(audit.critical_failed or []),
        questions=[Question(q.id, q.item_id, q.question, q.asked_at, q.reply) for q in questions],
        shopper_id=audit.shopper_id,
        submitted_at=audit.submitted_at,
        staff_names=store.client.staff_names_enabled,
        photo_paths={
            p.id: None if p.purged_at else p.path
            for p in session.scalars(select(Photo).where(Photo.audit_id == audit.id))
        },
    )


def _editable(session: Session, actor: Actor, audit_id: int) -> tuple[Audit, Checklist]:
    require_role(actor, "shopper")
    audit = audit_for(session, actor, audit_id, write=True)
    if audit.status not in EDITABLE:
        raise InvalidTransition("e_audit_locked", audit=audit_id, status=_status(audit.status))
    version = session.get(ChecklistVersion, audit.checklist_version_id)
    assert version is not None
    return audit, checklist_of(version)


# save_answer's statements, built once: building them again on every tap cost more than running
# them.
_ANSWERING = (
    select(
        Audit.status,
        Audit.shopper_id,
        ChecklistVersion.id,
        ChecklistVersion.yaml_text,
        ChecklistVersion.checklist_id,
        ChecklistVersion.version,
    )
    .join(ChecklistVersion, ChecklistVersion.id == Audit.checklist_version_id)
    .where(Audit.id == bindparam("audit"))
)
_THIS_ANSWER = (Answer.audit_id == bindparam("audit"), Answer.item_id == bindparam("item"))
_OLD_ANSWER = select(Answer.value, Answer.na, Answer.comment).where(*_THIS_ANSWER)
_NEW_VALUES = {c: bindparam("new_" + c) for c in ("value", "na", "comment", "updated_at")}
_UPDATE_ANSWER = update(Answer).where(*_THIS_ANSWER).values(_NEW_VALUES)
_INSERT_ANSWER = insert(Answer).values(
    audit_id=bindparam("audit"),
    item_id=bindparam("item"),
    answered_at=bindparam("new_updated_at"),
    **_NEW_VALUES,
)
# Only while the audit may still be answered: a submit or a manager's release committed after
# the status was read (PostgreSQL reads committed rows) leaves this touching no row.
_TOUCH_AUDIT = (
    update(Audit)
    .where(Audit.id == bindparam("audit"), Audit.status.in_(EDITABLE))
    .values(updated_at=bindparam("new_updated_at"), current_section=bindparam("section"))
)


def save_answer(
    session: Session,
    actor: Actor,
    audit_id: int,
    item_id: str,
    value: Any = None,
    *,
    na: bool = False,
    comment: str | None = None,
) -> dt.datetime:
    """Store one answer at once (insert or update); returns when it was saved.

    `comment=None` leaves an existing comment as it is. A change to a returned audit is
    logged with the old and new value. Every tap on the audit page comes here, so rows are
    read and written with plain statements rather than by loading the audit's objects.
    """
    require_role(actor, "shopper")
    keys = {"audit": audit_id, "item": item_id}
    rows = session.connection()
    found = rows.execute(_ANSWERING, keys).one_or_none()
    if found is None or found.shopper_id != actor.id:
        raise PermissionDenied(f"audit {audit_id} not found")
    if found.status not in EDITABLE:
        raise InvalidTransition("e_audit_locked", audit=audit_id, status=_status(found.status))
    checklist = checklist_of(found)
    item = checklist.item(item_id)
    if item.staff_name and not staff_names_enabled(session, audit_id):
        raise Refusal("e_staff_names_off", item=item_id)
    if na and not item.allow_na:
        raise Refusal("e_na_not_allowed", item=item_id)
    if comment is not None and len(comment) > MAX_COMMENT:
        raise Refusal("e_comment_too_long", item=item_id, most=MAX_COMMENT)
    clean = None if na or value is None else item.normalize_answer(value)
    now = utcnow()
    old = rows.execute(_OLD_ANSWER, keys).one_or_none()
    if item.type == "photo" and clean:
        _check_new_photos(session, audit_id, item_id, clean, old.value if old else None)
    before = None if old is None else {"value": old.value, "na": old.na, "comment": old.comment}
    if before is None:
        new = {"value": clean, "na": na, "comment": comment or ""}
        _insert_answer(session, keys, {"value": clean, "na": na, "comment": comment}, now)
    else:
        new = {
            "value": clean,
            "na": na,
            "comment": before["comment"] if comment is None else comment,
        }
        rows.execute(_UPDATE_ANSWER, keys | _new_values(new, now))
    if found.status == "returned" and before != new:
        log_event(
            session, actor, "answer.amend", audit_id, {"item": item_id, "old": before, "new": new}
        )
    section = checklist.section_of(item_id).id
    touched = rows.execute(_TOUCH_AUDIT, keys | {"new_updated_at": now, "section": section})
    if touched.rowcount != 1:  # the whole answer is rolled back with the refusal
        status = session.scalar(select(Audit.status).where(Audit.id == audit_id))
        raise InvalidTransition("e_audit_locked", audit=audit_id, status=_status(status))
    return now


def _check_new_photos(
    session: Session, audit_id: int, item_id: str, ids: list[int], before: list[int] | None
) -> None:
    """A photo answer lists the audit's own photos, each once; one already listed may since
    have been purged."""
    added = set(ids) - set(before or [])
    own = session.scalars(
        select(Photo.id).where(
            Photo.audit_id == audit_id, Photo.id.in_(added), Photo.purged_at.is_(None)
        )
    )
    if len(set(ids)) != len(ids) or added - set(own):
        raise Refusal("e_photo_ids", item=item_id)


def _new_values(answer: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {f"new_{name}": value for name, value in answer.items()} | {"new_updated_at": now}


def _insert_answer(
    session: Session, keys: dict[str, Any], answer: dict[str, Any], now: dt.datetime
) -> None:
    """A first answer; one saved a moment ago from another tab is updated instead."""
    try:
        with session.begin_nested():
            row = answer | {"comment": answer["comment"] or ""}
            session.connection().execute(_INSERT_ANSWER, keys | _new_values(row, now))
    except IntegrityError:
        old = session.connection().execute(_OLD_ANSWER, keys).one()
        if answer["comment"] is None:
            answer = answer | {"comment": old.comment}
        session.connection().execute(_UPDATE_ANSWER, keys | _new_values(answer, now))


def staff_names_enabled(session: Session, audit_id: int) -> bool:
    return bool(
        session.scalar(
            select(Client.staff_names_enabled)
            .join(Store, Store.client_id == Client.id)
            .join(Visit, Visit.store_id == Store.id)
            .join(Audit, Audit.visit_id == Visit.id)
            .where(Audit.id == audit_id)
        )
    )


def add_photo(
    session: Session,
    actor: Actor,
    audit_id: int,
    item_id: str,
    data: bytes,
    name: str,
    media_dir: Path,
    max_bytes: int,
) -> int:
    """Store an uploaded photo and add it to the item's answer; returns the photo id.

    The file is checked and written before anything in the database changes, and the
    answer is updated in the same transaction as the photo row: a refused or failed upload
    leaves the audit as it was. A photo the item already has (the same checksum: a double
    tap, the same picture picked twice) is not added again; its id is returned.
    """
    audit, checklist = _editable(session, actor, audit_id)
    if checklist.item(item_id).type != "photo":
        raise Refusal("e_no_photos_item", item=item_id)
    stored = store_photo(data, name, media_dir, f"audits/{audit.id}", max_bytes)
    current = _photo_ids(session, audit.id, item_id, lock=True)
    already = _same_photo(session, audit.id, current, stored.sha256)
    if already is not None:
        return already
    # The same picture taken off an item earlier goes back on as the photo it was: a second
    # row with its checksum would read as "the same photo attached twice" to the reviewer.
    unused = _unused_photo(session, audit.id, checklist, stored.sha256)
    if unused is not None:
        save_answer(session, actor, audit_id, item_id, [*current, unused])
        log_event(session, actor, "photo.add", audit.id, {"item": item_id, "photo": unused})
        return unused
    photo = Photo(
        audit_id=audit.id,
        uploaded_by=actor.id,
        sha256=stored.sha256,
        path=stored.path,
        content_type=stored.content_type,
        width=stored.width,
        height=stored.height,
        size_bytes=stored.size_bytes,
    )
    session.add(photo)
    session.flush()
    save_answer(session, actor, audit_id, item_id, [*current, photo.id])
    log_event(session, actor, "photo.add", audit.id, {"item": item_id, "photo": photo.id})
    return photo.id


def _photo_ids(session: Session, audit_id: int, item_id: str, lock: bool = False) -> list[int]:
    """The photos in the item's answer now. With `lock`, the audit's row stays locked until
    the transaction ends, so two uploads at once add their photos one after the other
    instead of each to the list it read (SQLite's BEGIN IMMEDIATE already does so)."""
    if lock:
        session.execute(select(Audit.id).where(Audit.id == audit_id).with_for_update())
    value = session.scalar(
        select(Answer.value).where(Answer.audit_id == audit_id, Answer.item_id == item_id)
    )
    return list(value or [])


def _unused_photo(session: Session, audit_id: int, checklist: Checklist, sha256: str) -> int | None:
    """This audit's kept photo with this checksum that no item's answer lists, if any."""
    photo_items = [i.id for i in checklist.items() if i.type == "photo"]
    listed = {
        photo_id
        for value in session.scalars(
            select(Answer.value).where(Answer.audit_id == audit_id, Answer.item_id.in_(photo_items))
        )
        for photo_id in value or []
    }
    kept = session.scalars(
        select(Photo.id)
        .where(Photo.audit_id == audit_id, Photo.sha256 == sha256, Photo.purged_at.is_(None))
        .order_by(Photo.id)
    )
    return next((photo_id for photo_id in kept if photo_id not in listed), None)


def _same_photo(session: Session, audit_id: int, photo_ids: list[int], sha256: str) -> int | None:
    """The first of `photo_ids` that is this audit's photo with this checksum, still kept."""
    if not photo_ids:
        return None
    return session.scalar(
        select(Photo.id)
        .where(
            Photo.id.in_(photo_ids),
            Photo.audit_id == audit_id,
            Photo.sha256 == sha256,
            Photo.purged_at.is_(None),
        )
        .order_by(Photo.id)
        .limit(1)
    )


def remove_photo(
    session: Session, actor: Actor, audit_id: int, item_id: str, photo_id: int
) -> None:
    """Take a photo off an item's answer (the file stays until the retention purge)."""
    audit, _ = _editable(session, actor, audit_id)
    current = _photo_ids(session, audit.id, item_id, lock=True)
    if photo_id not in current:
        raise Refusal("e_photo_not_on_item", photo=photo_id, item=item_id)
    remaining = [p for p in current if p != photo_id]
    save_answer(session, actor, audit_id, item_id, remaining or None)
    log_event(session, actor, "photo.remove", audit.id, {"item": item_id, "photo": photo_id})


def _touch(audit: Audit, item_id: str, checklist: Checklist, now: dt.datetime) -> None:
    audit.updated_at = now
    audit.current_section = checklist.section_of(item_id).id


def timed_greeting(
    limit_seconds: int, started_at: str, stopped_at: str, nobody_came: bool
) -> dict[str, Any]:
    """A greeting-time answer from the timer's two stamps (ISO); "nobody came" or a wait past
    the limit ends the timer at the limit."""
    began = _timer_stamp(started_at, "started_at")
    ended = _timer_stamp(stopped_at, "stopped_at")
    seconds = (ended - began).total_seconds()
    if seconds < 0:
        raise Refusal("e_timer_backwards")
    if nobody_came or seconds >= limit_seconds:
        nobody_came, seconds = True, limit_seconds
        ended = began + dt.timedelta(seconds=limit_seconds)
    return {
        "seconds": round(seconds),
        "nobody_came": nobody_came,
        "started_at": began.isoformat(timespec="seconds"),
        "stopped_at": ended.isoformat(timespec="seconds"),
    }


def _timer_stamp(text: str, name: str) -> dt.datetime:
    """A stamp from the phone's clock: ISO 8601 with its zone, in this century."""
    try:
        moment = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not 2000 <= moment.year <= 2099:
        raise Refusal("e_timer_stamp", stamp=name, value=str(text)[:40])
    return moment


def set_section(session: Session, actor: Actor, audit_id: int, section_id: str) -> None:
    """Remember where the shopper is, so another device resumes there."""
    audit = audit_for(session, actor, audit_id, write=True)
    audit.current_section = section_id


def mark_briefing_read(session: Session, actor: Actor, audit_id: int) -> dt.datetime:
    audit, _ = _editable(session, actor, audit_id)
    if audit.briefing_read_at is None:
        audit.briefing_read_at = utcnow()
        log_event(session, actor, "audit.briefing_read", audit.id, {})
    return audit.briefing_read_at


def _coordinate(lat: Any, lon: Any) -> tuple[float, float]:
    try:
        point = float(lat), float(lon)
    except (TypeError, ValueError):
        point = (math.nan, math.nan)
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        raise Refusal("e_bad_location", lat=lat, lon=lon)
    return point


def _accuracy(metres: Any) -> float | None:
    """The browser's own estimate: kept when it is one (a distance ≥ 0), else left out."""
    usable = isinstance(metres, int | float) and not isinstance(metres, bool)
    return float(metres) if usable and math.isfinite(metres) and metres >= 0 else None


def far_from_store(
    distance_m: float | None, accuracy_m: float | None, limit_m: float = FAR_CHECKIN_M
) -> bool:
    """Whether a check-in was farther than `limit_m` from its store even allowing for the
    phone's stated accuracy (a location within it may have been at the store)."""
    return distance_m is not None and distance_m - (accuracy_m or 0.0) > limit_m


def check_in(
    session: Session,
    actor: Actor,
    audit_id: int,
    lat: float | None = None,
    lon: float | None = None,
    accuracy_m: float | None = None,
) -> float | None:
    """Record arrival; with a location, store the distance to the store (metres).

    Without one the refusal is recorded: the check-in still counts, with less evidence.
    """
    audit, _ = _editable(session, actor, audit_id)
    audit.checkin_at = utcnow()
    store = audit.visit.store
    if lat is None or lon is None:
        audit.checkin_refused = True
        audit.checkin_lat = audit.checkin_lon = audit.checkin_distance_m = None
    else:
        lat, lon = _coordinate(lat, lon)
        audit.checkin_refused = False
        audit.checkin_lat, audit.checkin_lon = lat, lon
        audit.checkin_accuracy_m = _accuracy(accuracy_m)
        audit.checkin_distance_m = (
            geodesic((lat, lon), (store.lat, store.lon)).meters
            if store.lat is not None and store.lon is not None
            else None
        )
    log_event(
        session,
        actor,
        "audit.checkin",
        audit.id,
        {"refused": audit.checkin_refused, "distance_m": audit.checkin_distance_m},
    )
    return audit.checkin_distance_m


def reply_to_question(session: Session, actor: Actor, question_id: int, reply: str) -> None:
    question = session.get(AuditQuestion, question_id)
    if question is None:
        raise PermissionDenied(f"question {question_id} not found")
    audit, _ = _editable(session, actor, question.audit_id)
    if not reply.strip():
        raise Refusal("e_reply_empty")
    previous = question.reply or None
    detail = {"question_id": question.id, "reply": reply.strip(), "previous": previous}
    question.reply, question.replied_at = reply.strip(), utcnow()
    log_event(session, actor, "question.reply", audit.id, detail)


def responses_of(audit: Audit) -> dict[str, Response]:
    return {a.item_id: Response(value=a.value, na=a.na, comment=a.comment) for a in audit.answers}


def rescore(session: Session, audit: Audit) -> AuditScore:
    """Compute the audit's score with the one scoring implementation and store it."""
    version = session.get(ChecklistVersion, audit.checklist_version_id)
    assert version is not None
    result = score_audit(checklist_of(version), responses_of(audit))
    for answer in audit.answers:
        points = result.items.get(answer.item_id)
        answer.earned = points.earned if points else None
        answer.possible = points.possible if points else None
    audit.score = result.total
    audit.section_scores = dict(result.sections)
    audit.critical_failed = list(result.critical_failed)
    audit.flagged = result.flagged
    return result


def missing(session: Session, actor: Actor, audit_id: int) -> list[Missing]:
    audit = audit_for(session, actor, audit_id)
    version = session.get(ChecklistVersion, audit.checklist_version_id)
    assert version is not None
    return _gaps(session, audit, checklist_of(version))


def _gaps(session: Session, audit: Audit, checklist: Checklist) -> list[Missing]:
    """What stops a submit: required answers and comments, then the manager's open questions.

    A question about an item the form hides now is shown at the top of the form, as is one
    about the whole audit; its gap points at the first section.
    """
    responses = responses_of(audit)
    gaps = missing_for_submit(checklist, responses)
    for question in session.scalars(
        select(AuditQuestion)
        .where(AuditQuestion.audit_id == audit.id, AuditQuestion.replied_at.is_(None))
        .order_by(AuditQuestion.id)
    ):
        item_id = question.item_id
        if item_id is not None and checklist.item(item_id).is_visible(responses):
            gaps.append(Missing(checklist.section_of(item_id).id, item_id, "reply required"))
        else:
            gaps.append(Missing(checklist.sections[0].id, "", "reply required"))
    return gaps


def submit(session: Session, actor: Actor, audit_id: int) -> SubmitResult:
    """Submit for review. A second submit (double tap, repeated request) changes nothing."""
    require_role(actor, "shopper")
    audit = audit_for(session, actor, audit_id, write=True)
    if audit.status in ("submitted", "approved"):
        return SubmitResult(submitted=True, missing=[], already=True)
    if audit.status not in EDITABLE:
        raise InvalidTransition("e_not_submittable", audit=audit_id, status=_status(audit.status))
    version = session.get(ChecklistVersion, audit.checklist_version_id)
    assert version is not None
    gaps = _gaps(session, audit, checklist_of(version))
    if gaps:
        return SubmitResult(submitted=False, missing=gaps)
    previous = audit.status
    now = utcnow()
    # Conditional update: of two concurrent submits only one changes the row.
    changed = session.execute(
        update(Audit)
        .where(Audit.id == audit.id, Audit.status.in_(EDITABLE))
        .values(status="submitted", submitted_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        return SubmitResult(submitted=True, missing=[], already=True)
    session.refresh(audit)
    rescore(session, audit)
    log_event(session, actor, "audit.submit", audit.id, {"from": previous, "score": audit.score})
    return SubmitResult(submitted=True, missing=[])


def log_event(session: Session, actor: Actor, action: str, audit_id: int, detail: dict) -> None:
    session.add(
        AuditLog(
            actor_id=actor.id, action=action, entity="audit", entity_id=audit_id, detail=detail
        )
    )
