"""Waves, assigning their visits to shoppers under the job rules, and the wave board.

A hand assignment respects the tours (`audits.reservations`): a visit in a proposal waiting for
the client's decision is not given to anyone by hand (withdraw the proposal first), and a
visit that an approved tour assigned leaves the tour only when the manager gives a reason, as
for a broken rule; the reason is logged and the tour no longer lists the visit.

A visit whose audit has been started stays with its shopper: another person cannot finish
someone else's observation. When the shopper cannot finish it, the manager releases the audit
(`release_audit`): it is kept read-only for the record and the visit starts over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from audits.auth import Actor, PermissionDenied, require_role
from audits.i18n import LANGUAGES, Phrase, Refusal, date_text
from audits.models import (
    RELEASED,
    VISIT_AUDIT,
    Audit,
    AuditLog,
    ChecklistVersion,
    Store,
    User,
    Visit,
    Wave,
    utcnow,
)
from audits.reservations import leave_tour, lock_wave, reservations
from audits.stores import client_for

BOARD_STATUSES = (
    "unassigned",
    "not_started",
    "draft",
    "submitted",
    "returned",
    "approved",
    "rejected",
)
# A visit in these statuses waits on its shopper: flagged on the board when they are deactivated.
SHOPPERS_TURN = ("not_started", "draft", "returned")
# What a manager can release so the visit is done again: a started audit its shopper has yet
# to submit, or one the manager rejected.
RELEASABLE = ("draft", "returned", "rejected")
# A briefing is read on a phone before the visit: a page of text, not a manual.
BRIEFING_MAX_CHARS = 4000


@dataclass(frozen=True)
class AssignmentRules:
    """The job rules a wave enforces when visits are given to shoppers."""

    max_visits_per_day: int = 3
    no_repeat_in_consecutive_waves: bool = True
    min_days_between_same_store: int = 60

    @classmethod
    def of(cls, wave: Wave) -> AssignmentRules:
        known = {k: v for k, v in (wave.assignment_rules or {}).items() if k in cls.__annotations__}
        return cls(**known)


@dataclass(frozen=True)
class RuleBreak:
    # max_per_day | consecutive_waves | min_days | period | shopper | proposal | approved_tour
    # | audit (the visit's audit has been started: not unassigned)
    rule: str
    said: Phrase

    @classmethod
    def of(cls, rule: str, **values: object) -> RuleBreak:
        return cls(rule, Phrase("rb_" + rule, values))

    @property
    def message(self) -> str:
        return str(self.said)

    def logged(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}


HARD_RULES = ("shopper", "proposal")  # no reason overrides these


class AssignmentRefused(ValueError):
    """The assignment breaks rules; `breaks` explains each one."""

    def __init__(self, breaks: list[RuleBreak]):
        self.breaks = breaks
        super().__init__("; ".join(b.message for b in breaks))


@dataclass(frozen=True)
class WaveInfo:
    id: int
    client_id: int
    client: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    checklist: str
    checklist_version_id: int
    fee_eur: Decimal
    visits: int
    rules: AssignmentRules
    briefing: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ShopperInfo:
    id: int
    username: str
    name: str
    home: str


# --- waves -----------------------------------------------------------------------------------


def _money(value: Decimal | float | str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise Refusal("e_fee_not_euros", value=str(value)) from exc
    if not amount.is_finite():
        raise Refusal("e_fee_not_euros", value=str(value))
    if amount < 0:
        raise Refusal("e_fee_negative")
    return amount.copy_abs()  # "-0" is 0.00, not -0.00


def create_wave(
    session: Session,
    actor: Actor,
    client: int | str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    checklist_version_id: int,
    fee_eur: Decimal | float | str,
    store_ids: list[int] | None = None,
    rules: AssignmentRules | None = None,
    briefing: dict[str, str] | None = None,
) -> int:
    """Create a wave with one unassigned visit per store (all active stores when None)."""
    owner = client_for(session, actor, client)
    texts = _briefing_texts(briefing)
    name = name.strip()
    if not name:
        raise Refusal("e_wave_name")
    if ends_on < starts_on:
        raise Refusal("e_wave_ends_first", end=date_text(ends_on), start=date_text(starts_on))
    if session.scalar(select(Wave.id).where(Wave.client_id == owner.id, Wave.name == name)):
        raise Refusal("e_wave_name_taken", client=owner.name, name=name)
    version = session.get(ChecklistVersion, checklist_version_id)
    if version is None or not version.published:
        raise Refusal("e_wave_checklist")
    fee = _money(fee_eur)
    if rules is not None:
        _check_rules(rules)
    query = select(Store).where(Store.client_id == owner.id)
    query = query.where(Store.id.in_(store_ids)) if store_ids is not None else query
    stores = list(session.scalars(query.where(Store.active).order_by(Store.code)))
    if store_ids is not None and len(stores) != len(set(store_ids)):
        raise Refusal("e_wave_stores_inactive")
    if not stores:
        raise Refusal("e_wave_no_stores")
    wave = Wave(
        client_id=owner.id,
        name=name,
        checklist_version_id=version.id,
        starts_on=starts_on,
        ends_on=ends_on,
        fee_eur=fee,
        briefing=texts,
        assignment_rules=asdict(rules) if rules else {},
    )
    session.add(wave)
    session.flush()
    session.add_all(Visit(wave_id=wave.id, store_id=s.id, fee_eur=fee) for s in stores)
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="wave.create",
            entity="wave",
            entity_id=wave.id,
            detail={
                "client": owner.name,
                "name": name,
                "checklist": f"{version.checklist_id} v{version.version}",
                "stores": len(stores),
                "fee_eur": str(fee),
            },
        )
    )
    return wave.id


def set_rules(session: Session, actor: Actor, wave_id: int, rules: AssignmentRules) -> None:
    wave = wave_for(session, actor, wave_id)
    _check_rules(rules)
    old = dict(wave.assignment_rules or {})
    wave.assignment_rules = asdict(rules)
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="wave.rules",
            entity="wave",
            entity_id=wave.id,
            detail={"old": old, "new": asdict(rules)},
        )
    )


@dataclass(frozen=True)
class BriefingSaved:
    changed: bool
    to_read_again: int  # shoppers whose confirmation of the old text was cleared


def set_briefing(
    session: Session, actor: Actor, wave_id: int, briefing: dict[str, str]
) -> BriefingSaved:
    """Replace the wave's briefing (a text per language; an empty one removes it).

    A shopper who read the old text and has not yet checked in is asked to read the new one:
    their confirmation is cleared (the log keeps when they read the old one).
    """
    wave = wave_for(session, actor, wave_id)
    new = _briefing_texts(briefing)
    old = dict(wave.briefing or {})
    if new == old:
        return BriefingSaved(changed=False, to_read_again=0)
    wave.briefing = new
    to_reread = list(
        session.scalars(
            select(Audit)
            .join(Visit, VISIT_AUDIT)
            .where(Visit.wave_id == wave.id, Audit.status == "draft")
            .where(Audit.briefing_read_at.is_not(None), Audit.checkin_at.is_(None))
        )
    )
    for audit in to_reread:
        audit.briefing_read_at = None
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="wave.briefing",
            entity="wave",
            entity_id=wave.id,
            detail={"old": old, "new": new, "to_read_again": [a.id for a in to_reread]},
        )
    )
    return BriefingSaved(changed=True, to_read_again=len(to_reread))


def _briefing_texts(briefing: dict[str, str] | None) -> dict[str, str]:
    texts = {code: (text or "").strip() for code, text in (briefing or {}).items()}
    for code, text in texts.items():
        if code not in LANGUAGES:
            raise Refusal("e_briefing_language", code=code)
        if len(text) > BRIEFING_MAX_CHARS:
            raise Refusal(
                "e_briefing_long",
                language=Phrase(f"in_{code}"),
                n=len(text),
                max=BRIEFING_MAX_CHARS,
            )
    return {code: text for code, text in texts.items() if text}


def _check_rules(rules: AssignmentRules) -> None:
    if rules.max_visits_per_day < 1 or rules.min_days_between_same_store < 0:
        raise Refusal("e_rules_range")


def wave_for(session: Session, actor: Actor, wave_id: int) -> Wave:
    require_role(actor, "admin", "manager")
    wave = session.get(Wave, wave_id)
    if wave is None:
        raise PermissionDenied(f"wave {wave_id} not found")
    client_for(session, actor, wave.client_id)
    return wave


def list_waves(session: Session, actor: Actor, client: int | str | None = None) -> list[WaveInfo]:
    require_role(actor, "admin", "manager")
    query = select(Wave).order_by(Wave.starts_on.desc(), Wave.name)
    if client is not None:
        query = query.where(Wave.client_id == client_for(session, actor, client).id)
    elif actor.role == "manager" and actor.client_id is not None:
        query = query.where(Wave.client_id == actor.client_id)
    counts = dict(
        session.execute(select(Visit.wave_id, func.count()).group_by(Visit.wave_id)).all()
    )
    return [
        WaveInfo(
            id=w.id,
            client_id=w.client_id,
            client=w.client.name,
            name=w.name,
            starts_on=w.starts_on,
            ends_on=w.ends_on,
            checklist=f"{w.checklist_version.checklist_id} v{w.checklist_version.version}",
            checklist_version_id=w.checklist_version_id,
            fee_eur=w.fee_eur,
            visits=counts.get(w.id, 0),
            rules=AssignmentRules.of(w),
            briefing=dict(w.briefing or {}),
        )
        for w in session.scalars(query)
    ]


def list_shoppers(session: Session, actor: Actor) -> list[ShopperInfo]:
    require_role(actor, "admin", "manager")
    users = session.scalars(
        select(User).where(User.role == "shopper", User.active).order_by(User.display_name)
    )
    return [
        ShopperInfo(u.id, u.username, u.display_name or u.username, u.home_place or "")
        for u in users
    ]


# --- assignment rules ------------------------------------------------------------------------


def _previous_and_next_wave(session: Session, wave: Wave) -> list[Wave]:
    siblings = list(
        session.scalars(
            select(Wave).where(Wave.client_id == wave.client_id).order_by(Wave.starts_on, Wave.id)
        )
    )
    i = siblings.index(wave)
    return siblings[max(i - 1, 0) : i] + siblings[i + 1 : i + 2]


def _visits_on(session: Session, shopper_id: int, day: dt.date, other_than: int) -> int:
    """How many visits the shopper has on the day, not counting visit `other_than`."""
    return (
        session.scalar(
            select(func.count()).where(
                Visit.shopper_id == shopper_id, Visit.planned_date == day, Visit.id != other_than
            )
        )
        or 0
    )


def rule_breaks(
    session: Session, visit: Visit, shopper: User, day: dt.date | None
) -> list[RuleBreak]:
    """Every rule this assignment would break, explained (empty when it is fine)."""
    wave = visit.wave
    rules = AssignmentRules.of(wave)
    breaks: list[RuleBreak] = []
    name = shopper.display_name or shopper.username
    if shopper.role != "shopper" or not shopper.active:
        return [RuleBreak.of("shopper", name=name)]
    if day is not None and not wave.starts_on <= day <= wave.ends_on:
        breaks.append(
            RuleBreak.of(
                "period",
                day=date_text(day),
                start=date_text(wave.starts_on),
                end=date_text(wave.ends_on),
            )
        )
    if day is not None:
        same_day = _visits_on(session, shopper.id, day, visit.id)
        if same_day >= rules.max_visits_per_day:
            breaks.append(
                RuleBreak.of(
                    "max_per_day",
                    name=name,
                    n=same_day,
                    day=date_text(day),
                    most=rules.max_visits_per_day,
                )
            )
    if rules.no_repeat_in_consecutive_waves:
        for other in _previous_and_next_wave(session, wave):
            repeated = session.scalar(
                select(Visit.id).where(
                    Visit.wave_id == other.id,
                    Visit.store_id == visit.store_id,
                    Visit.shopper_id == shopper.id,
                )
            )
            if repeated:
                breaks.append(
                    RuleBreak.of(
                        "consecutive_waves", name=name, store=visit.store.name, wave=other.name
                    )
                )
    if day is not None and rules.min_days_between_same_store > 0:
        others = session.scalars(
            select(Visit.planned_date).where(
                Visit.store_id == visit.store_id,
                Visit.shopper_id == shopper.id,
                Visit.id != visit.id,
                Visit.planned_date.is_not(None),
            )
        )
        for other_day in others:
            gap = abs((day - other_day).days)
            if gap < rules.min_days_between_same_store:
                breaks.append(
                    RuleBreak.of(
                        "min_days",
                        name=name,
                        store=visit.store.name,
                        day=date_text(other_day),  # the other visit's: said as such
                        gap=gap,
                        when=_gap(day, other_day),
                        least=rules.min_days_between_same_store,
                    )
                )
    return breaks


def _gap(day: dt.date, other_day: dt.date) -> Phrase:
    """Where the other visit falls from this one: "only 1 day before this visit"."""
    gap = abs((day - other_day).days)
    side = "before" if other_day < day else "after"
    if gap == 0:
        return Phrase("rb_gap_same_day")
    if gap == 1:
        return Phrase(f"rb_gap_day_{side}")
    return Phrase(f"rb_gap_{side}", {"n": gap})


def tour_breaks(
    session: Session, visit: Visit, shopper_id: int | None, day: dt.date | None
) -> list[RuleBreak]:
    """What the tour holding the visit says against giving it to the shopper on the day (to
    nobody when `shopper_id` is None): a proposal waiting for the client keeps it from being
    given to anyone (a hard rule; taking it from its shopper is fine, approval assigns it);
    changing what an approved tour assigned takes it out of the tour (overridden with a
    reason)."""
    held = reservations(session, visit.wave_id).get(visit.id)
    if held is None:
        return []
    values = {"store": visit.store.name, "tour": held.tour_id, "shopper": held.shopper}
    if held.status == "proposed":
        return [] if shopper_id is None else [RuleBreak.of("proposal", **values)]
    if (shopper_id, day) == (visit.shopper_id, visit.planned_date):
        return []
    return [RuleBreak.of("approved_tour", **values)]


def _visit_for(session: Session, actor: Actor, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise PermissionDenied(f"visit {visit_id} not found")
    wave_for(session, actor, visit.wave_id)
    return visit


def _locked_visit(session: Session, actor: Actor, visit_id: int) -> Visit:
    """The visit to change, read again once its wave is locked as tours lock it: a tour
    saved or approved meanwhile is seen, and none is decided while this change lasts."""
    visit = _visit_for(session, actor, visit_id)
    lock_wave(session, visit.wave_id)
    session.refresh(visit)
    return visit


def check_assignment(
    session: Session, actor: Actor, visit_id: int, shopper_id: int, day: dt.date | None
) -> list[RuleBreak]:
    visit = _visit_for(session, actor, visit_id)
    shopper = session.get(User, shopper_id)
    if shopper is None:
        raise Refusal("e_no_user", user=shopper_id)
    return _breaks(session, visit, shopper, day)


def _breaks(session: Session, visit: Visit, shopper: User, day: dt.date | None) -> list[RuleBreak]:
    """Everything against this assignment: the tour holding the visit, then the wave's rules."""
    return [
        *tour_breaks(session, visit, shopper.id, day),
        *rule_breaks(session, visit, shopper, day),
    ]


def _override(
    session: Session, visit: Visit, breaks: list[RuleBreak], reason: str
) -> dict[str, Any]:
    """Carry out what the overridden rules allow (a visit an approved tour assigned leaves
    it); returns what the log records: the rules, the reason and the tour left."""
    if not breaks:
        return {}
    detail: dict[str, Any] = {"overridden": [b.logged() for b in breaks], "reason": reason.strip()}
    if any(b.rule == "approved_tour" for b in breaks):
        detail["left_tour"] = leave_tour(session, visit)
    return detail


def assign(
    session: Session,
    actor: Actor,
    visit_id: int,
    shopper_id: int,
    day: dt.date | None,
    *,
    override_reason: str = "",
) -> list[RuleBreak]:
    """Give a visit to a shopper on a day; returns the rules knowingly overridden.

    A broken rule refuses the assignment (AssignmentRefused explains it) unless the manager
    gives a reason to override; the reason and the broken rules go into the audit log. A
    visit in a tour proposal is refused whatever the reason; one an approved tour assigned
    leaves the tour when overridden (`tour_breaks`).
    """
    visit = _locked_visit(session, actor, visit_id)
    if visit.audit is not None and visit.audit.shopper_id != shopper_id:
        raise Refusal("e_visit_reassign", visit=visit_id)
    shopper = session.get(User, shopper_id)
    if shopper is None:
        raise Refusal("e_no_user", user=shopper_id)
    breaks = _breaks(session, visit, shopper, day)
    hard = [b for b in breaks if b.rule in HARD_RULES]
    if hard or (breaks and not override_reason.strip()):
        raise AssignmentRefused(breaks)
    old = {
        "shopper_id": visit.shopper_id,
        "date": visit.planned_date.isoformat() if visit.planned_date else None,
    }
    detail: dict[str, Any] = {
        "old": old,
        "new": {"shopper_id": shopper.id, "date": day.isoformat() if day else None},
        **_override(session, visit, breaks, override_reason),
    }
    visit.shopper_id, visit.planned_date = shopper.id, day
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="visit.assign",
            entity="visit",
            entity_id=visit.id,
            detail=detail,
        )
    )
    session.flush()
    return breaks


def unassign(
    session: Session, actor: Actor, visit_id: int, *, override_reason: str = ""
) -> list[RuleBreak]:
    """Take a visit from its shopper; returns the rules knowingly overridden: a visit an
    approved tour assigned leaves the tour only with a reason (as `assign`). A visit whose
    audit has been started is refused: its shopper's answers are not dropped by the way
    (`release_audit` hands over a started one)."""
    visit = _locked_visit(session, actor, visit_id)
    if visit.audit is not None:
        raise _audit_started(session, visit, visit.audit)
    breaks = tour_breaks(session, visit, None, None)
    if breaks and not override_reason.strip():
        raise AssignmentRefused(breaks)
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="visit.unassign",
            entity="visit",
            entity_id=visit.id,
            detail={
                "shopper_id": visit.shopper_id,
                **_override(session, visit, breaks, override_reason),
            },
        )
    )
    visit.shopper_id = visit.planned_date = None
    return breaks


def _audit_started(session: Session, visit: Visit, audit: Audit) -> Refusal:
    """Why a visit with an audit keeps its shopper, and what the manager can do instead."""
    shopper = session.get(User, audit.shopper_id)
    key = {"rejected": "e_unassign_rejected"}.get(
        audit.status, "e_unassign_started" if audit.status in RELEASABLE else "e_unassign_done"
    )
    return Refusal(
        key,
        store=visit.store.name,
        shopper=(shopper.display_name or shopper.username) if shopper else audit.shopper_id,
        status=Phrase(f"status_{audit.status}"),
    )


def release_audit(session: Session, actor: Actor, visit_id: int, reason: str) -> list[RuleBreak]:
    """Hand over a visit whose shopper started its audit but cannot finish it, or whose audit
    was rejected, so the visit is done again.

    The audit (draft, returned or rejected) becomes `released`: kept read-only for the record, never
    scored, reported or paid. The visit is unassigned (leaving the approved tour that held it,
    with the same reason), and the shopper it is given next starts a fresh audit. Allowed
    whether or not the shopper is still active (deactivated, or ill, or recognised in the
    store), always with a reason; logged on the audit and on the visit. Returns the tour rules
    overridden, as `unassign`.
    """
    if not reason.strip():
        raise Refusal("e_release_reason")
    visit = _locked_visit(session, actor, visit_id)
    audit = visit.audit
    if audit is None:
        raise Refusal("e_release_not_started", store=visit.store.name)
    if audit.status not in RELEASABLE:
        raise _audit_started(session, visit, audit)
    # Conditional: a submit that came first keeps the audit, and this is refused.
    released = session.execute(
        update(Audit)
        .where(Audit.id == audit.id, Audit.status == audit.status)
        .values(status=RELEASED, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not released:
        raise Refusal("e_release_meanwhile", store=visit.store.name)
    shopper = session.get(User, audit.shopper_id)
    detail = {
        "visit_id": visit.id,
        "shopper_id": audit.shopper_id,
        "shopper_active": bool(shopper and shopper.active),
        "from": audit.status,
        "reason": reason.strip(),
    }
    session.refresh(audit)
    session.expire(visit, ["audit"])
    breaks = tour_breaks(session, visit, None, None)
    session.add_all(
        [
            AuditLog(
                actor_id=actor.id,
                action="audit.release",
                entity="audit",
                entity_id=audit.id,
                detail=detail,
            ),
            AuditLog(
                actor_id=actor.id,
                action="visit.release",
                entity="visit",
                entity_id=visit.id,
                detail={
                    "shopper_id": visit.shopper_id,
                    "released_audit": audit.id,
                    "reason": reason.strip(),
                    **_override(session, visit, breaks, reason),
                },
            ),
        ]
    )
    visit.shopper_id = visit.planned_date = None
    session.flush()
    return breaks


@dataclass
class BulkResult:
    assigned: list[int] = field(default_factory=list)  # (or unassigned, by `bulk_unassign`)
    refused: dict[int, list[RuleBreak]] = field(default_factory=dict)
    overridden: dict[int, list[RuleBreak]] = field(default_factory=dict)  # with the reason


def bulk_assign(
    session: Session,
    actor: Actor,
    visit_ids: list[int],
    shopper_id: int,
    first_day: dt.date | None,
    *,
    per_day: int | None = None,
    override_reason: str = "",
) -> BulkResult:
    """Give several visits to one shopper, filling days from `first_day` on.

    At most `per_day` visits go on each day (the wave's daily maximum by default), counting
    the shopper's visits already on that day; a full day moves the batch on to the next. A
    visit whose assignment would break a rule is left as it was and reported with the reason,
    unless the manager gives a reason to override (logged with each visit, as for one); the
    rules see the visits assigned earlier in the same batch.
    """
    result = BulkResult()
    day = first_day
    for visit_id in visit_ids:
        visit = _visit_for(session, actor, visit_id)
        # At least 1, so the search for a day with room ends (create_wave stores its rules as
        # given); a rule of 0 a day then refuses each visit with its reason.
        limit = max(per_day or AssignmentRules.of(visit.wave).max_visits_per_day, 1)
        if day is not None:
            day = _first_day_with_room(session, shopper_id, visit_id, day, limit)
        try:
            with session.begin_nested():
                overridden = assign(
                    session, actor, visit_id, shopper_id, day, override_reason=override_reason
                )
        except AssignmentRefused as exc:
            result.refused[visit_id] = exc.breaks
            continue
        except Refusal as exc:  # kept as a phrase: the manager reads it in their language
            result.refused[visit_id] = [RuleBreak("visit", exc.said)]
            continue
        except ValueError as exc:
            result.refused[visit_id] = [RuleBreak("visit", Phrase("said", {"text": str(exc)}))]
            continue
        result.assigned.append(visit_id)
        if overridden:
            result.overridden[visit_id] = overridden
    return result


def bulk_preview(
    session: Session,
    actor: Actor,
    visit_ids: list[int],
    shopper_id: int,
    first_day: dt.date | None,
    *,
    per_day: int | None = None,
) -> BulkResult:
    """What `bulk_assign` without an override reason would do, tried and undone: the manager
    reads which visits break which rule before assigning."""
    trial = session.begin_nested()
    try:
        return bulk_assign(session, actor, visit_ids, shopper_id, first_day, per_day=per_day)
    finally:
        trial.rollback()


def bulk_unassign(
    session: Session, actor: Actor, visit_ids: list[int], *, override_reason: str = ""
) -> BulkResult:
    """Take several visits from their shoppers, each as `unassign`; a visit refused (its audit
    started, or an approved tour's without a reason) is left as it was and reported why."""
    result = BulkResult()
    for visit_id in visit_ids:
        try:
            with session.begin_nested():
                overridden = unassign(session, actor, visit_id, override_reason=override_reason)
        except AssignmentRefused as exc:
            result.refused[visit_id] = exc.breaks
            continue
        except Refusal as exc:
            result.refused[visit_id] = [RuleBreak("audit", exc.said)]
            continue
        result.assigned.append(visit_id)
        if overridden:
            result.overridden[visit_id] = overridden
    return result


def unassign_preview(session: Session, actor: Actor, visit_ids: list[int]) -> BulkResult:
    """What `bulk_unassign` without a reason would do, tried and undone (as `bulk_preview`)."""
    trial = session.begin_nested()
    try:
        return bulk_unassign(session, actor, visit_ids)
    finally:
        trial.rollback()


def _first_day_with_room(
    session: Session, shopper_id: int, visit_id: int, day: dt.date, limit: int
) -> dt.date:
    """The first day from `day` on when the shopper has fewer than `limit` other visits."""
    while _visits_on(session, shopper_id, day, visit_id) >= limit:
        day += dt.timedelta(days=1)
    return day


# --- the board -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    visit_id: int
    store_code: str
    store_name: str
    city: str
    region: str
    shopper_id: int | None
    shopper: str
    planned_date: dt.date | None
    status: str
    score: float | None
    audit_id: int | None
    fee_eur: Decimal | None
    shopper_gone: bool = False  # waits on a deactivated shopper: give it to another
    briefing_read: bool = False  # its shopper has confirmed reading the wave's briefing


@dataclass(frozen=True)
class Board:
    wave: WaveInfo
    rows: list[BoardRow]
    counts: dict[str, int]  # status: visits, over the whole wave (before filters)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, *statuses: str) -> float:
        return sum(self.counts.get(s, 0) for s in statuses) / self.total if self.total else 0.0

    @property
    def briefings_read(self) -> int:
        return sum(r.briefing_read for r in self.rows)

    @property
    def stranded(self) -> int:
        """How many of the rows wait on a deactivated shopper."""
        return sum(r.shopper_gone for r in self.rows)


def wave_board(
    session: Session,
    actor: Actor,
    wave_id: int,
    *,
    status: str | None = None,
    shopper_id: int | None = None,
    region: str | None = None,
    text: str = "",
) -> Board:
    """Every visit of the wave with its status, shopper, date and score; filters optional. A
    visit that waits on a deactivated shopper is flagged (`BoardRow.shopper_gone`)."""
    wave = wave_for(session, actor, wave_id)
    info = next(w for w in list_waves(session, actor, wave.client_id) if w.id == wave.id)
    rows = session.execute(
        select(Visit, Store, User, Audit)
        .join(Store, Visit.store_id == Store.id)
        .outerjoin(User, Visit.shopper_id == User.id)
        .outerjoin(Audit, VISIT_AUDIT)
        .where(Visit.wave_id == wave.id)
        .order_by(Store.code)
    ).all()
    board_rows = [_board_row(v, s, u, a) for v, s, u, a in rows]
    counts = {name: 0 for name in BOARD_STATUSES}
    for row in board_rows:
        counts[row.status] += 1
    needle = text.strip().lower()
    shown = [
        r
        for r in board_rows
        if (status is None or r.status == status)
        and (shopper_id is None or r.shopper_id == shopper_id)
        and (region is None or r.region == region)
        and (not needle or needle in f"{r.store_code} {r.store_name} {r.city}".lower())
    ]
    return Board(info, shown, counts)


def _board_row(v: Visit, s: Store, u: User | None, a: Audit | None) -> BoardRow:
    status = a.status if a is not None else ("not_started" if v.shopper_id else "unassigned")
    return BoardRow(
        visit_id=v.id,
        store_code=s.code,
        store_name=s.name,
        city=s.city,
        region=s.region,
        shopper_id=v.shopper_id,
        shopper=(u.display_name or u.username) if u else "",
        planned_date=v.planned_date,
        status=status,
        score=a.score if a is not None and a.status in ("submitted", "approved") else None,
        audit_id=a.id if a else None,
        fee_eur=v.fee_eur,
        shopper_gone=u is not None and not u.active and status in SHOPPERS_TURN,
        briefing_read=a is not None and a.briefing_read_at is not None,
    )
