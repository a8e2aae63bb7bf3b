"""Each trust signal on a constructed audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from audits.auth import Actor, PermissionDenied, create_user
from audits.db import Database
from audits.models import Answer, Audit, ChecklistVersion, Client, Photo, Store, Visit, Wave
from audits.trust import contradicts, trust_signals

T0 = dt.datetime(2026, 10, 5, 10, 0)


@pytest.fixture
def make(db: Database) -> Callable[..., int]:
    """Build an audit: `make(shopper="ann", answers=[(item, value, comment, minute)], ...)`."""
    with db.session() as s:
        client = Client(name="Brand A")
        s.add(client)
        s.flush()
        version = ChecklistVersion(checklist_id="mini", version=1, title="M", yaml_text="x")
        s.add(version)
        s.flush()
        wave = Wave(
            client_id=client.id,
            name="W",
            checklist_version_id=version.id,
            starts_on=dt.date(2026, 9, 1),
            ends_on=dt.date(2026, 12, 1),
        )
        s.add(wave)
        s.flush()
        ids = {
            name: create_user(s, name, "password-123", "shopper", display_name=name.title()).id
            for name in ("ann", "bob")
        }
        ids["manager"] = create_user(s, "mgr", "password-123", "manager").id
        ctx = {"client": client.id, "wave": wave.id, "version": version.id, "n": 0}

    def build(
        shopper: str = "ann",
        answers: list[tuple[str, object, str, float]] = (),
        checkin: bool = True,
        distance: float | None = 20.0,
        accuracy: float | None = 10.0,
        score: float | None = 70.0,
        photos: list[str] = (),
        status: str = "submitted",
        submitted: bool = True,
    ) -> int:
        with db.session() as s:
            ctx["n"] += 1
            store = Store(client_id=ctx["client"], code=f"S{ctx['n']}", name=f"Store {ctx['n']}")
            s.add(store)
            s.flush()
            visit = Visit(wave_id=ctx["wave"], store_id=store.id, shopper_id=ids[shopper])
            s.add(visit)
            s.flush()
            audit = Audit(
                visit_id=visit.id,
                shopper_id=ids[shopper],
                checklist_version_id=ctx["version"],
                status=status,
                submitted_at=T0 + dt.timedelta(hours=1) if submitted else None,
                score=score,
                checkin_at=T0 if checkin else None,
                checkin_distance_m=distance if checkin else None,
                checkin_accuracy_m=accuracy,
                checkin_refused=checkin and distance is None,
            )
            s.add(audit)
            s.flush()
            for item, value, comment, minute in answers:
                at = T0 + dt.timedelta(minutes=minute)
                s.add(
                    Answer(
                        audit_id=audit.id,
                        item_id=item,
                        value=value,
                        comment=comment,
                        answered_at=at,
                        updated_at=at,
                    )
                )
            for digest in photos:
                s.add(Photo(audit_id=audit.id, uploaded_by=ids[shopper], sha256=digest))
            return audit.id

    build.manager = Actor(id=ids["manager"], username="mgr", role="manager")  # type: ignore[attr-defined]
    build.db = db  # type: ignore[attr-defined]
    return build


NORMAL = [
    ("greeting_time", {"seconds": 90, "nobody_came": False}, "", 2),
    ("polite", "yes", "", 25),
]


def codes(make, audit_id: int) -> list[str]:
    return [s.code for s in make.db.run(trust_signals, make.manager, audit_id)]


def test_a_clean_audit_has_no_signals(make) -> None:
    assert codes(make, make(answers=NORMAL)) == []


def test_far_checkin_counts_the_gps_accuracy(make) -> None:
    far = make(answers=NORMAL, distance=2500.0, accuracy=20.0)
    [signal] = make.db.run(trust_signals, make.manager, far)
    assert signal.code == "far_checkin" and "2.5 km" in signal.message
    # 350 m away with a 100 m accuracy circle may well be at the door.
    assert codes(make, make(answers=NORMAL, distance=350.0, accuracy=100.0)) == []


def test_no_checkin_and_checkin_without_location(make) -> None:
    assert codes(make, make(answers=NORMAL, checkin=False)) == ["no_checkin"]
    refused = make(answers=NORMAL, distance=None)
    [signal] = make.db.run(trust_signals, make.manager, refused)
    assert (signal.code, signal.severity) == ("no_checkin", "info")


def test_visit_shorter_than_plausible(make) -> None:
    quick = [("polite", "yes", "", 1), ("asked_use", "no", "", 3)]
    [signal] = make.db.run(trust_signals, make.manager, make(answers=quick))
    assert signal.code == "short_visit" and "3 min" in signal.message


def test_an_audit_never_submitted_is_a_visit_under_way(make) -> None:
    """A draft is opened before the visit and answered as it goes: no check-in yet, a few
    minutes of answers, a wait longer than them are not evidence against it. What it has
    recorded still is (a far check-in, a contradicted yes, a photo twice)."""
    quick = [
        ("greeting_time", {"seconds": 1800, "nobody_came": True}, "", 1),
        ("polite", "yes", "", 3),
    ]
    for status in ("submitted", "returned"):
        warned = codes(make, make(answers=quick, checkin=False, status=status))
        assert warned == ["no_checkin", "short_visit", "greeting_time"], status
    assert codes(make, make(checkin=False, status="draft", submitted=False)) == []
    assert codes(make, make(answers=quick, status="draft", submitted=False)) == []
    assert codes(make, make(answers=quick, checkin=False, status="draft", submitted=False)) == []
    told = [("polite", "yes", "Ei tervehtinyt", 1)]
    far = make(answers=told, distance=2500.0, status="draft", submitted=False, photos=["a", "a"])
    assert codes(make, far) == ["far_checkin", "contradiction", "duplicate_photo"]
    # Released: unfinished (handed over) is still under way; after a rejection it was sent.
    released = dict(answers=quick, checkin=False, status="released")
    assert codes(make, make(**released, submitted=False)) == []
    assert codes(make, make(**released)) == ["no_checkin", "short_visit", "greeting_time"]


def test_greeting_wait_longer_than_the_recorded_visit(make) -> None:
    answers = [
        ("greeting_time", {"seconds": 1800, "nobody_came": True}, "", 1),
        ("polite", "yes", "", 12),
    ]
    [signal] = make.db.run(trust_signals, make.manager, make(answers=answers))
    assert (signal.code, signal.item_id) == ("greeting_time", "greeting_time")
    assert "30 min 0 s" in signal.message and "12 min" in signal.message


@pytest.mark.parametrize(
    ("value", "comment", "flagged"),
    [
        ("yes", "Myyjä ei kysynyt mitään.", True),
        ("yes", "He didn't offer a test drive", True),
        ("yes", "Only when I asked directly.", True),
        ("yes", "Kysyi heti ensimmäisenä.", False),
        ("yes", "", False),
        ("no", "Ei kysynyt.", False),
    ],
)
def test_yes_contradicted_by_its_comment(make, value, comment, flagged) -> None:
    assert contradicts(value, comment) is flagged
    answers = [*NORMAL, ("asked_use", value, comment, 20)]
    found = [s for s in make.db.run(trust_signals, make.manager, make(answers=answers))]
    assert [(s.code, s.item_id) for s in found] == (
        [("contradiction", "asked_use")] if flagged else []
    )


def test_the_same_photo_twice(make) -> None:
    assert codes(make, make(answers=NORMAL, photos=["aa", "aa"])) == ["duplicate_photo"]
    first = make(answers=NORMAL, photos=["bb"])
    second = make(answers=NORMAL, photos=["bb", "cc"])
    [signal] = make.db.run(trust_signals, make.manager, second)
    assert signal.values["other_audit_id"] == first
    assert codes(make, first) == ["duplicate_photo"]


def test_leniency_against_the_others_on_the_same_checklist(make) -> None:
    for score in (60.0, 62.0, 58.0):
        make(shopper="bob", answers=NORMAL, score=score)
    ann = [make(shopper="ann", answers=NORMAL, score=s) for s in (90.0, 95.0)]
    assert codes(make, ann[-1]) == []  # two audits are too few to judge
    ann.append(make(shopper="ann", answers=NORMAL, score=91.0))
    [signal] = make.db.run(trust_signals, make.manager, ann[-1])
    assert signal.code == "lenient"
    assert "Ann's mean score is 92 over 3 audits, the others' 60 (+32)" in signal.message
    assert signal.said.text("fi").startswith("Ann: keskipistemäärä 92 (3 auditointia), muiden 60")


def test_signals_are_for_staff_only(make) -> None:
    audit = make(answers=NORMAL)
    shopper = Actor(id=1, username="ann", role="shopper")
    with pytest.raises(PermissionDenied):
        make.db.run(trust_signals, shopper, audit)
