"""The shopper's audit page through the real entry point (AppTest), as shopper1 (Finnish)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

import pytest
from PIL import Image
from sqlalchemy import func, select

from audits import expenses, fieldwork, review
from audits.auth import Actor
from audits.checklist import load_checklist
from audits.config import CHECKLIST_DIR, load_settings
from audits.db import Database
from audits.i18n import day_label, eur, t
from audits.models import (
    Answer,
    Audit,
    AuditLog,
    AuditQuestion,
    LoginSession,
    Photo,
    User,
    Visit,
    utcnow,
)
from audits.ui.widgets import NONE, stacked_options_css
from tests.ui.test_manager_pages import goto

LANG = "fi"


@pytest.fixture
def db(app_env) -> Iterator[Database]:
    database = Database(load_settings().database_url)
    yield database
    database.dispose()


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> dict:
    """Stand-ins for the phone's location and the greeting timer (AppTest has no browser)."""
    fake: dict = {"location": None, "timer": None}
    monkeypatch.setattr("audits.ui.browser.locate", lambda *a, **k: fake.pop("location", None))
    monkeypatch.setattr("audits.ui.browser.greeting_timer", lambda *a, **k: fake.pop("timer", None))
    return fake


def open_fresh_audit(at, db: Database) -> tuple[int, Visit]:
    """Start shopper1's first visit that has no audit yet."""
    with db.session() as s:
        shopper = s.scalar(select(User.id).where(User.username == "shopper1"))
        visit = s.scalars(
            select(Visit)
            .outerjoin(Audit, Audit.visit_id == Visit.id)
            .where(Visit.shopper_id == shopper, Audit.id.is_(None))
            .order_by(Visit.planned_date, Visit.id)
        ).first()
        s.expunge(visit)
    at.button(key=f"open_{visit.id}").click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        audit_id = s.scalar(select(Audit.id).where(Audit.visit_id == visit.id))
    return audit_id, visit


def answer(at, audit_id: int, item_id: str, value) -> None:
    at.segmented_control(key=f"a{audit_id}_{item_id}").set_value(value).run()
    assert not at.exception, at.exception


def stored(db: Database, audit_id: int) -> dict:
    with db.session() as s:
        return {a.item_id: a for a in s.scalars(select(Answer).where(Answer.audit_id == audit_id))}


def test_check_in_with_location_and_without(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, visit = open_fresh_audit(at, db)
    with db.session() as s:
        lat, lon = s.get(Visit, visit.id).store.lat, s.get(Visit, visit.id).store.lon
    no_browser["location"] = {"lat": lat + 0.001, "lon": lon, "accuracy": 8}
    at.run()
    assert not at.exception, at.exception
    with db.session() as s:
        audit = s.get(Audit, audit_id)
        assert audit.checkin_at is not None and 100 < audit.checkin_distance_m < 125
        assert not audit.checkin_refused
    assert any("111 m" in c.value for c in at.caption), "the distance is shown"
    assert not at.warning, "at the store: nothing to warn of"


def test_a_far_check_in_and_a_saved_answer_are_written_the_finnish_way(
    signed_in, db, no_browser
) -> None:
    at = signed_in("shopper1")
    audit_id, visit = open_fresh_audit(at, db)
    with db.session() as s:
        lat, lon = s.get(Visit, visit.id).store.lat, s.get(Visit, visit.id).store.lon
    no_browser["location"] = {"lat": lat + 0.5, "lon": lon, "accuracy": 8}  # ~55.6 km
    at.run()
    captions = texts_of(at.caption)
    # "klo" before a time: "Saavuit 19.09" or "Tallennettu 19.10.10" would read as dates.
    pattern = r"📍 Saavuit klo \d{1,2}\.\d\d, 55,\d km myymälästä"
    assert any(re.fullmatch(pattern, c) for c in captions), captions
    # Check-in is final and the reviewer sees it flagged: the shopper is told so at once.
    [far] = [w.value for w in at.warning]
    assert far.startswith("Sijaintisi oli 55,") and " km päässä myymälästä." in far, far
    assert "Projektipäällikkö näkee etäisyyden" in far
    answer(at, audit_id, "parking_easy", "yes")
    saved = [c for c in texts_of(at.caption) if c.startswith("✓ Tallennettu")]
    assert saved and re.fullmatch(r"✓ Tallennettu klo \d{1,2}\.\d\d\.\d\d", saved[0]), saved


def test_refused_location_is_recorded_and_explained(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    no_browser["location"] = {"error": "denied"}
    at.run()
    assert t("location_denied", LANG) in [w.value for w in at.warning]
    at.button(key="checkin_refused").click().run()
    with db.session() as s:
        audit = s.get(Audit, audit_id)
        assert audit.checkin_refused and audit.checkin_at is not None
        assert audit.checkin_distance_m is None


def test_greeting_timer_stores_seconds_and_both_stamps(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    at.button(key="next").click().run()  # the greeting section
    no_browser["timer"] = {
        "started_at": "2026-11-23T08:00:00.000Z",
        "stopped_at": "2026-11-23T08:00:47.400Z",
        "nobody_came": False,
    }
    at.run()
    assert not at.exception, at.exception
    value = stored(db, audit_id)["greeting_time"].value
    assert value == {
        "seconds": 47,
        "nobody_came": False,
        "started_at": "2026-11-23T08:00:00+00:00",
        "stopped_at": "2026-11-23T08:00:47+00:00",
    }
    assert at.number_input(key=f"a{audit_id}_greeting_time").value == 47
    no_browser["timer"] = {
        "started_at": "2026-11-23T08:10:00Z",
        "stopped_at": "2026-11-23T08:10:30Z",
        "nobody_came": True,
    }
    at.run()
    value = stored(db, audit_id)["greeting_time"].value
    limit = load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item("greeting_time").limit_seconds
    assert value["nobody_came"] and value["seconds"] == limit, (
        "nobody came: the timer ends at the limit"
    )
    assert value["stopped_at"] == f"2026-11-23T08:{10 + limit // 60:02d}:{limit % 60:02d}+00:00"
    assert at.checkbox(key=f"a{audit_id}_greeting_time_nobody").value


def test_a_long_wait_is_also_said_in_minutes_when_saved_reopened_and_read(
    signed_in, db, no_browser
) -> None:
    at = signed_in("shopper1")
    audit_id, visit = open_fresh_audit(at, db)
    at.button(key="next").click().run()  # the greeting section
    no_browser["timer"] = {
        "started_at": "2026-11-23T08:00:00Z",
        "stopped_at": "2026-11-23T08:09:13Z",
        "nobody_came": False,
    }
    at.run()
    assert at.number_input(key=f"a{audit_id}_greeting_time").value == 553
    card = at.get_by_key("item_greeting_time")
    wait = t("wait_min_s", LANG, min=9, s=13)
    assert any(wait in c and t("saved_at", LANG, time="") in c for c in texts_of(card.caption))
    at = signed_in("shopper1")  # another session, the draft still open: nothing saved here
    at.button(key=f"open_{visit.id}").click().run()
    assert not at.exception, at.exception
    captions = texts_of(at.get_by_key("item_greeting_time").caption)
    assert f"⏱️ {wait}" in captions, "the reopened draft says the wait before its next save"
    fill_required(db, audit_id, skip=frozenset({"greeting_time"}))
    assert db.run(fieldwork.submit, actor_of(db, "shopper1"), audit_id).submitted
    at = signed_in("shopper1")  # another session: nothing saved here, the audit read-only
    at.button(key=f"open_{visit.id}").click().run()
    at.button(key="next").click().run()
    assert not at.exception, at.exception
    assert f"⏱️ {wait}" in texts_of(at.get_by_key("item_greeting_time").caption)


def test_seconds_by_hand_and_nobody_came_agree(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    at.button(key="next").click().run()  # the greeting section
    key = f"a{audit_id}_greeting_time"
    limit = load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item("greeting_time").limit_seconds
    at.number_input(key=key).set_value(12).run()
    assert stored(db, audit_id)["greeting_time"].value == {"seconds": 12, "nobody_came": False}
    at.checkbox(key=key + "_nobody").check().run()
    assert at.number_input(key=key).value == limit, "the box shows what is stored"
    assert stored(db, audit_id)["greeting_time"].value == {"seconds": limit, "nobody_came": True}
    at.number_input(key=key).set_value(95).run()
    assert not at.checkbox(key=key + "_nobody").value, "somebody came after all"
    assert stored(db, audit_id)["greeting_time"].value == {"seconds": 95, "nobody_came": False}
    at.number_input(key=key).set_value(-5).run()
    assert stored(db, audit_id)["greeting_time"].value["seconds"] == 95, "refused, kept"
    shown = " ".join(c.value for c in at.caption) + " ".join(e.value for e in at.error)
    assert "sekunti" in shown.lower(), shown


def test_required_comment_appears_and_skip_logic_is_live(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    comment = f"a{audit_id}_cars_clean_c"
    assert not any(x.key == comment for x in at.text_input)
    answer(at, audit_id, "cars_clean", "no")
    box = at.text_input(key=comment)
    assert box.label == t("comment_required", LANG)
    box.input("pölyisiä autoja").run()
    assert stored(db, audit_id)["cars_clean"].comment == "pölyisiä autoja"
    at.button(key="next").click().run()
    at.button(key="next").click().run()  # needs discovery: trade-in questions follow skip logic
    keys = {c.key for c in at.segmented_control}
    assert f"a{audit_id}_trade_in_valued" not in keys
    answer(at, audit_id, "trade_in_discussed", "yes")
    assert f"a{audit_id}_trade_in_valued" in {c.key for c in at.segmented_control}


def test_guidance_is_shown_under_its_question(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    at.button(key="next").click().run()
    item = load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item("polite_throughout")
    question, guidance = item.label[LANG] + " *", item.guidance[LANG]
    shown = [m.value for m in at.markdown if guidance in m.value]
    assert len(shown) == 1 and shown[0].index(question) < shown[0].index(guidance), shown
    widget = at.segmented_control(key=f"a{audit_id}_polite_throughout")
    assert widget.label == question, "still the widget's name for screen readers"
    assert widget.proto.label_visibility.value == widget.proto.label_visibility.COLLAPSED
    plain = at.segmented_control(key=f"a{audit_id}_eye_contact")
    assert plain.proto.label_visibility.value == plain.proto.label_visibility.VISIBLE


def test_a_new_session_resumes_the_section_and_answers(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    answer(at, audit_id, "parking_easy", "yes")
    at.button(key="next").click().run()
    answer(at, audit_id, "eye_contact", "no")
    other = signed_in("shopper1")  # another device: a fresh session, nothing in memory
    other.query_params["audit"] = str(audit_id)
    other._page_hash = next(
        h for h, info in other._registered_pages.items() if info.get("url_pathname") == "audit"
    )
    other.run()
    assert not other.exception, other.exception
    assert other.segmented_control(key=f"a{audit_id}_eye_contact").value == "no"
    assert t("section_of", LANG, n=2, total=7) in other.get("progress")[0].proto.text


def test_photo_upload_refuses_a_non_image_and_keeps_answers(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    answer(at, audit_id, "parking_easy", "yes")
    uploader = at.file_uploader(key=f"a{audit_id}_storefront_photo_up0")
    uploader.set_value(("menu.jpg", b"%PDF-1.7 a renamed document", "image/jpeg")).run()
    assert not at.exception, at.exception
    assert any("menu.jpg: ei ole valokuva (JPEG, PNG tai WebP)" in e.value for e in at.error)
    out = io.BytesIO()
    Image.new("RGB", (2400, 1800), "green").save(out, "JPEG")
    at.file_uploader(key=f"a{audit_id}_storefront_photo_up1").set_value(
        ("front.jpg", out.getvalue(), "image/jpeg")
    ).run()
    assert not at.exception, at.exception
    answers = stored(db, audit_id)
    assert answers["parking_easy"].value == "yes"
    with db.session() as s:
        photo = s.scalar(select(Photo).where(Photo.audit_id == audit_id))
        assert (photo.width, photo.height) == (1600, 1200)
    assert answers["storefront_photo"].value == [photo.id]
    assert at.image, "the stored photo is shown"


def test_a_photo_twice_is_shown_once_and_a_missing_file_is_said(
    signed_in, db, no_browser, app_env
) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, "JPEG")
    for round_ in (0, 1):
        at.file_uploader(key=f"a{audit_id}_storefront_photo_up{round_}").set_value(
            ("front.jpg", out.getvalue(), "image/jpeg")
        ).run()
        assert not at.exception, at.exception
    assert len(at.image) == 1 and not at.error
    with db.session() as s:
        path = s.scalar(select(Photo.path).where(Photo.audit_id == audit_id))
    (app_env / "media" / path).unlink()
    at.run()
    assert not at.exception, at.exception
    assert not at.image and t("m_photo_missing", LANG) in [c.value for c in at.caption]


def actor_of(db: Database, username: str) -> Actor:
    with db.session() as s:
        return Actor.of(s.scalar(select(User).where(User.username == username)))


def fill_required(db: Database, audit_id: int, skip: frozenset[str] = frozenset()) -> None:
    """Answer every required item through the core as the audit's shopper: yes, the best, the
    first option."""
    with db.session() as s:
        actor = Actor.of(s.get(User, s.get(Audit, audit_id).shopper_id))
    view = db.run(fieldwork.load_audit, actor, audit_id)
    for item in view.checklist.items():
        if item.id in skip:
            continue
        if item.required and item.type == "yes_no":
            db.run(fieldwork.save_answer, actor, audit_id, item.id, "yes")
        elif item.required and item.type == "scale":
            db.run(fieldwork.save_answer, actor, audit_id, item.id, item.max)
        elif item.required and item.type in ("choice", "multi_choice"):
            first = item.options[0].id
            value = [first] if item.type == "multi_choice" else first
            db.run(fieldwork.save_answer, actor, audit_id, item.id, value)
        elif item.required and item.type == "duration":
            db.run(fieldwork.save_answer, actor, audit_id, item.id, 30)


def test_a_question_whose_item_gets_hidden_moves_to_the_top_and_needs_a_reply(
    signed_in, db, no_browser
) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    fill_required(db, audit_id)
    shopper = actor_of(db, "shopper1")
    assert db.run(fieldwork.submit, shopper, audit_id).submitted
    manager = actor_of(db, "manager")
    db.run(review.return_to_shopper, manager, audit_id, "Which price?", "trade_in_valued")
    db.run(fieldwork.save_answer, shopper, audit_id, "trade_in_discussed", "no")
    at.run()
    assert "Which price?" in [x.value for x in at.text], "shown although its item is hidden"
    for _ in range(6):
        at.button(key="next").click().run()
    at.button(key="submit").click().run()
    gaps = [b.label for b in at.button if b.key and b.key.startswith("gap_")]
    assert gaps == [f"{t('manager_question', LANG)} – {t('reply_required', LANG)}"]
    reply = next(a for a in at.text_area if a.key.startswith("reply_"))
    reply.input("No trade-in after all: I corrected the answer").run()
    at.button(key=reply.key.replace("reply_", "send_")).click().run()
    at.button(key="submit").click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        assert s.get(Audit, audit_id).status == "submitted"


def test_a_returned_audit_opens_where_the_question_is(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, visit = open_fresh_audit(at, db)
    fill_required(db, audit_id)
    shopper = actor_of(db, "shopper1")
    db.run(fieldwork.set_section, shopper, audit_id, "follow_up")
    assert db.run(fieldwork.submit, shopper, audit_id).submitted
    db.run(review.return_to_shopper, actor_of(db, "manager"), audit_id, "How long?", "eye_contact")
    at = signed_in("shopper1")  # another day, another session
    at.button(key=f"open_{visit.id}").click().run()
    assert not at.exception, at.exception
    assert t("questions_waiting", LANG, n=1) in [w.value for w in at.warning]
    assert t("section_of", LANG, n=2, total=7) in at.get("progress")[0].proto.text
    assert "How long?" in [x.value for x in at.text]
    at.button(key="next").click().run()
    next(b for b in at.button if (b.key or "").startswith("to_question_")).click().run()
    assert t("section_of", LANG, n=2, total=7) in at.get("progress")[0].proto.text


def test_a_submitted_audit_opens_on_its_first_section(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, visit = open_fresh_audit(at, db)
    fill_required(db, audit_id)
    shopper = actor_of(db, "shopper1")
    db.run(fieldwork.set_section, shopper, audit_id, "follow_up")
    assert db.run(fieldwork.submit, shopper, audit_id).submitted
    at = signed_in("shopper1")
    at.button(key=f"open_{visit.id}").click().run()
    assert not at.exception, at.exception
    assert t("section_of", LANG, n=1, total=7) in at.get("progress")[0].proto.text, (
        "read from the start, not where the shopper left it"
    )


def test_submit_lists_gaps_then_submits_once(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    for _ in range(6):
        at.button(key="next").click().run()
    at.button(key="submit").click().run()
    gaps = [b for b in at.button if b.key and b.key.startswith("gap_")]
    assert gaps and at.error, "what is missing is listed"
    # How much is left, in its title: "36 kohtaa puuttuu. Täydennä ne ennen lähettämistä:"
    assert at.error[0].value.startswith(f"{len(gaps)} kohtaa puuttuu. "), at.error[0].value
    gaps[0].click().run()
    assert t("section_of", LANG, n=1, total=7) in at.get("progress")[0].proto.text
    at.button(key="back_to_missing").click().run()  # one tap back, not six
    assert t("section_of", LANG, n=7, total=7) in at.get("progress")[0].proto.text
    assert [b.label for b in at.button if (b.key or "").startswith("gap_")] == [
        g.label for g in gaps
    ]
    with db.session() as s:
        assert s.get(Audit, audit_id).status == "draft"
    fill_required(db, audit_id)  # then submit twice
    at.run()
    for _ in range(6):
        if any(b.key == "next" for b in at.button):
            at.button(key="next").click().run()
    at.button(key="submit").click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        assert s.get(Audit, audit_id).status == "submitted"
        assert (
            s.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(AuditLog.entity_id == audit_id, AuditLog.action == "audit.submit")
            )
            == 1
        )
    assert t("submitted_ok", LANG) in [s.value for s in at.success], "back on My visits"


@pytest.mark.parametrize("ended", ["expired", "deactivated"])
def test_a_tap_after_the_session_ended_changes_nothing_and_says_why(
    signed_in, db, no_browser, ended
) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    with db.session() as s:
        shopper = s.scalar(select(User).where(User.username == "shopper1"))
        if ended == "expired":
            for row in s.scalars(select(LoginSession).where(LoginSession.user_id == shopper.id)):
                row.expires_at = utcnow() - dt.timedelta(minutes=1)
        else:
            shopper.active = False
    answer(at, audit_id, "parking_easy", "yes")
    assert "parking_easy" not in stored(db, audit_id), "nothing is saved for an ended session"
    assert [w.value for w in at.warning] == [t("session_expired", LANG)]
    assert at.text_input(key="username") is not None, "back on the login page"


def test_options_too_long_for_a_row_stack_on_a_phone() -> None:
    checklist = load_checklist(CHECKLIST_DIR / "car_showroom.yaml")
    css = stacked_options_css(7, checklist.items(), LANG)
    for long in ("showroom_clean", "pace", "trade_in_estimate_given"):
        assert f".st-key-a7_{long} [role='radiogroup']" in css
    for fits in ("greeted_friendly", "would_buy", "parking_easy"):  # 1–5, 0–10 in rows, yes/no
        assert f"a7_{fits} " not in css
    assert css.startswith("@media (max-width: 640px)")


def test_my_visits_names_today_and_its_holidays(signed_in, db, monkeypatch) -> None:
    today = dt.date(2026, 12, 4)  # a Friday; Sunday 6.12 is Independence Day
    monkeypatch.setattr("audits.ui.shopper_visits.local_today", lambda: today)
    with db.session() as s:
        shopper = s.scalar(select(User.id).where(User.username == "shopper1"))
        visits = s.scalars(
            select(Visit)
            .outerjoin(Audit, Audit.visit_id == Visit.id)
            .where(Visit.shopper_id == shopper, Audit.id.is_(None))
            .order_by(Visit.id)
        ).all()[:2]
        for visit, day in zip(visits, (4, 6), strict=True):
            visit.planned_date = dt.date(2026, 12, day)
        visits[1].store.opening_hours = "Mo-Fr 09:00-17:00"
    at = signed_in("shopper1")
    headings = [h.value for h in at.subheader]
    assert "Tänään · pe 4.12.2026" in headings
    assert "su 6.12.2026 · Itsenäisyyspäivä" in headings
    captions = " ".join(c.value for c in at.caption)
    assert "Suljettu su 6.12. " in captions or captions.endswith("Suljettu su 6.12."), (
        "a day's date ends with a dot in Finnish"
    )
    assert "Auki tänään 9.00–17.00" in captions, "times as Finnish writes them"
    assert re.search(r"Auki \w\w \d\d\.\d\d\. klo \d{1,2}\.\d\d–\d{1,2}\.\d\d", captions), captions


def test_what_needs_the_shopper_comes_first_each_saying_why(signed_in, db, monkeypatch) -> None:
    today = dt.date(2026, 12, 4)
    monkeypatch.setattr("audits.ui.shopper_visits.local_today", lambda: today)
    shopper = actor_of(db, "shopper2")  # Teemu: three visits not started
    with db.session() as s:
        visits = s.scalars(
            select(Visit)
            .outerjoin(Audit, Audit.visit_id == Visit.id)
            .where(Visit.shopper_id == shopper.id, Audit.id.is_(None))
            .order_by(Visit.id)
        ).all()[:3]
        for visit, day in zip(visits, (1, 3, 10), strict=True):
            visit.planned_date = dt.date(2026, 12, day)
        late_id, unsent_id, returned_id = (v.id for v in visits)
    db.run(fieldwork.start_audit, shopper, unsent_id)
    audit_id = db.run(fieldwork.start_audit, shopper, returned_id)
    fill_required(db, audit_id)
    assert db.run(fieldwork.submit, shopper, audit_id).submitted
    db.run(review.return_to_shopper, actor_of(db, "manager"), audit_id, "Which price?")
    at = signed_in("shopper2")
    assert not at.exception, at.exception
    visits = db.run(fieldwork.my_visits, shopper)
    to_visit = [v for v in visits if v.status in ("not_started", "draft")]
    late = [v for v in to_visit if v.planned_date and v.planned_date < today]
    returned = [v for v in visits if v.status == "returned"]
    assert at.subheader[0].value == f"{t('needs_you', LANG)} ({len(returned) + len(late)})"
    upcoming = len(to_visit) - len(late)
    assert at.tabs[0].label == f"{t('upcoming', LANG)} ({upcoming})", "not listed twice"
    why = {
        late_id: t("why_overdue", LANG, day="ti 1.12.2026"),
        unsent_id: t("why_unsent", LANG, day="to 3.12.2026"),
        returned_id: t("why_returned", LANG),
    }
    for visit_id, text in why.items():
        assert texts_of(at.get_by_key(f"visit_{visit_id}").warning) == [text]
    warnings = texts_of(at.warning)
    assert warnings[: len(returned)] == [t("why_returned", LANG)] * len(returned), "first"
    assert len(warnings) == len(returned) + len(late), "no visit in the tabs is flagged"


def texts_of(elements) -> list[str]:
    return [e.value for e in elements]


def test_progress_says_when_every_required_item_is_answered(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    assert t("required_done", LANG) not in at.get("progress")[0].proto.text
    fill_required(db, audit_id)
    at = signed_in("shopper1")
    at.button(key=f"open_{visit_of(db, audit_id)}").click().run()
    text = at.get("progress")[0].proto.text
    assert text.endswith(t("required_done", LANG)), text


def visit_of(db: Database, audit_id: int) -> int:
    with db.session() as s:
        return s.get(Audit, audit_id).visit_id


def test_a_multiple_choice_says_that_several_can_be_chosen(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    for _ in range(3):
        at.button(key="next").click().run()
    item = load_checklist(CHECKLIST_DIR / "car_showroom.yaml").item("powertrain_options")
    question, hint = item.label[LANG] + " *", t("choose_all", LANG)
    assert hint == "Valitse kaikki sopivat"
    shown = [m.value for m in at.markdown if hint in m.value]
    assert len(shown) == 1 and shown[0].index(question) < shown[0].index(hint), shown
    pills = at.pills(key=f"a{audit_id}_powertrain_options")
    assert pills.label == question, "still the widget's name for screen readers"
    assert pills.proto.label_visibility.value == pills.proto.label_visibility.COLLAPSED
    assert len([m for m in at.markdown if hint in m.value]) == 1, "only the multiple choice"


def test_a_multiple_choice_can_be_answered_none_of_these(signed_in, db, no_browser) -> None:
    """A required "which did they mention" item, when the salesperson mentioned none: without
    an answer for it the audit could never be submitted."""
    at = signed_in("shopper1")
    audit_id, _ = open_fresh_audit(at, db)
    for _ in range(3):
        at.button(key="next").click().run()
    key = f"a{audit_id}_powertrain_options"
    assert t("none_of_these", LANG) in [o.content for o in at.pills(key=key).proto.options]
    at.pills(key=key).set_value([NONE]).run()
    assert stored(db, audit_id)["powertrain_options"].value == []
    at.pills(key=key).set_value([NONE, "electric"]).run()  # an option tapped after all
    assert at.pills(key=key).value == ["electric"]
    assert stored(db, audit_id)["powertrain_options"].value == ["electric"]
    at.pills(key=key).set_value(["electric", NONE]).run()  # and "none" again
    assert at.pills(key=key).value == [NONE]
    assert stored(db, audit_id)["powertrain_options"].value == []
    fill_required(db, audit_id, skip=frozenset({"powertrain_options"}))
    db.run(fieldwork.set_section, actor_of(db, "shopper1"), audit_id, "product")
    at = signed_in("shopper1")
    at.button(key=f"open_{visit_of(db, audit_id)}").click().run()
    assert at.pills(key=key).value == [NONE], "shown as answered when the audit is reopened"
    assert db.run(fieldwork.submit, actor_of(db, "shopper1"), audit_id).submitted


def test_after_the_last_reply_the_returned_audit_is_submitted_from_where_the_shopper_is(
    signed_in, db, no_browser
) -> None:
    at = signed_in("shopper1")
    audit_id, visit = open_fresh_audit(at, db)
    fill_required(db, audit_id)
    shopper = actor_of(db, "shopper1")
    assert db.run(fieldwork.submit, shopper, audit_id).submitted
    db.run(review.return_to_shopper, actor_of(db, "manager"), audit_id, "How long?", "eye_contact")
    at = signed_in("shopper1")
    at.button(key=f"open_{visit.id}").click().run()
    assert not any(b.key == "resubmit" for b in at.button), "not before the reply"
    reply = next(a for a in at.text_area if a.key.startswith("reply_"))
    reply.input("About two minutes").run()
    at.button(key=reply.key.replace("reply_", "send_")).click().run()
    assert t("replies_done", LANG) in texts_of(at.info)
    assert t("section_of", LANG, n=2, total=7) in at.get("progress")[0].proto.text
    at.button(key="resubmit").click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        assert s.get(Audit, audit_id).status == "submitted"
    assert t("submitted_ok", LANG) in texts_of(at.success), "back on My visits"


def test_resubmitting_with_a_gap_shows_what_is_missing(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, visit = open_fresh_audit(at, db)
    fill_required(db, audit_id)
    shopper = actor_of(db, "shopper1")
    assert db.run(fieldwork.submit, shopper, audit_id).submitted
    db.run(review.return_to_shopper, actor_of(db, "manager"), audit_id, "Sure?", "eye_contact")
    db.run(fieldwork.reply_to_question, shopper, _question_id(db, audit_id), "Yes")
    db.run(fieldwork.save_answer, shopper, audit_id, "cars_clean", "no")  # now needs a comment
    at = signed_in("shopper1")
    at.button(key=f"open_{visit.id}").click().run()
    at.button(key="resubmit").click().run()
    assert t("section_of", LANG, n=7, total=7) in at.get("progress")[0].proto.text
    gaps = [b.label for b in at.button if (b.key or "").startswith("gap_")]
    assert len(gaps) == 1 and t("comment_missing", LANG) in gaps[0]
    assert at.error[0].value == "1 kohta puuttuu. Täydennä se ennen lähettämistä:"
    with db.session() as s:
        assert s.get(Audit, audit_id).status == "returned"


def _question_id(db: Database, audit_id: int) -> int:
    with db.session() as s:
        return s.scalar(select(AuditQuestion.id).where(AuditQuestion.audit_id == audit_id))


def test_only_visits_still_to_make_show_store_hours(signed_in, db) -> None:
    """A submitted, returned or decided visit's card has no hours: "Closed Sat 14.11" under a
    visit made that day only puzzles."""
    at = signed_in("shopper1")
    with db.session() as s:
        shopper = s.scalar(select(User.id).where(User.username == "shopper1"))
        statuses = {
            v.id: (v.audit.status if v.audit else "not_started")
            for v in s.scalars(select(Visit).where(Visit.shopper_id == shopper))
        }
    with_hours = {
        visit_id
        for visit_id in statuses
        if any(c.value.startswith("🕘") for c in at.get_by_key(f"visit_{visit_id}").caption)
    }
    to_make = {v for v, status in statuses.items() if status in ("not_started", "draft")}
    assert with_hours == to_make and "submitted" in statuses.values()


def test_expenses_in_english_and_visits_named_by_their_day(signed_in, db, monkeypatch) -> None:
    today = dt.date(2026, 11, 24)
    monkeypatch.setattr("audits.ui.shopper_expenses.local_today", lambda: today)
    at = goto(signed_in("shopper3"), "expenses")
    assert at.text_input(key="exp_amount").placeholder == "0.00", "as English writes it"
    options = at.selectbox(key="exp_visit").options[1:]
    days = [dt.datetime.strptime(o.split(" · ")[0][4:], "%d.%m.%Y").date() for o in options]
    assert options[0].startswith(day_label(days[0], "en"))
    ahead = [d > today for d in days]
    assert ahead == sorted(ahead), "those done first, then those ahead"
    done = [d for d in days if d <= today]
    assert done == sorted(done, reverse=True), "the latest visit first"
    at.text_input(key="exp_km").input("12")
    at.text_input(key="exp_description").input("Parking")
    at.get("form_submit_button")[0].click().run()
    listed = " ".join(m.value for m in at.markdown)
    assert f"**{day_label(today, 'en')}**" in listed


def test_filed_claims_are_listed_under_a_heading_with_what_they_wait_for(signed_in) -> None:
    at = goto(signed_in("shopper1"), "expenses")
    assert not at.subheader, "no claims yet: no heading over nothing"
    at.text_input(key="exp_km").input("12,5")
    at.text_input(key="exp_description").input("Pysäköinti")
    at.get("form_submit_button")[0].click().run()
    assert [h.value for h in at.subheader] == ["Lähettämäsi kulukorvaukset"]
    listed = " ".join(m.value for m in at.tabs[0].markdown)
    assert listed.endswith(" · odottaa hyväksyntää"), listed
    [facts] = [c.value.replace("\xa0", " ") for c in at.tabs[0].caption if "km ·" in c.value]
    assert facts == "12,5 km · kuitit 0,00 € · Pysäköinti", "mid-line words in lower case"


def test_a_submitted_audit_says_where_it_has_no_photo(signed_in, db, no_browser) -> None:
    at = signed_in("shopper1")
    audit_id, visit = open_fresh_audit(at, db)
    fill_required(db, audit_id)
    assert db.run(fieldwork.submit, actor_of(db, "shopper1"), audit_id).submitted
    at = signed_in("shopper1")
    at.button(key=f"open_{visit.id}").click().run()
    for _ in range(7):
        if t("section_of", LANG, n=1, total=7) in at.get("progress")[0].proto.text:
            break
        at.button(key="prev").click().run()
    card = at.get_by_key("item_storefront_photo")
    assert t("no_photo", LANG) in texts_of(card.caption), "not a bare question"


def test_the_pay_statement_shows_the_shoppers_own_fees_by_month(signed_in, db) -> None:
    at = goto(signed_in("shopper1"), "expenses")
    assert [tab.label for tab in at.tabs] == ["Kulukorvaukset", "Tilitys"]
    with db.session() as s:
        shopper = s.scalar(select(User.id).where(User.username == "shopper1"))
        audits = s.scalars(select(Audit).where(Audit.shopper_id == shopper)).all()
        waiting = sorted(a.visit.store.name for a in audits if a.status == "submitted")
        approved = sorted(a.visit.store.name for a in audits if a.status == "approved")
    assert waiting and approved, "the demo has both"
    [awaiting] = at.get_by_key("pay_awaiting").table
    rows = awaiting.value
    assert list(rows.columns) == ["Selite", "Päivä", "Tila", "Summa"], "narrow: no km columns"
    assert sorted(rows["Selite"]) == waiting
    assert set(rows["Tila"]) == {"tarkastamatta"}
    heading = at.get_by_key("pay_awaiting").markdown[0].value
    assert heading == f"**Odottaa tarkastusta** · {eur(sum(rows['Summa']), LANG)}"
    # Every approved visit of hers is in its month, and only hers; the sums are the manager's.
    statement = [r for r in db.run(expenses.statement, actor_of(db, "manager")) if r.visits]
    mine = [r for r in statement if r.shopper == "Sanna Shoppari"]
    assert mine and len(mine) < len(statement), "others have pay too"
    listed = []
    for row in mine:
        month = at.get_by_key(f"pay_{row.month}")
        [lines] = month.table
        listed += list(lines.value["Selite"])
        assert set(lines.value["Tila"]) == {"hyväksytty"}
        total = eur(row.total_eur, LANG)
        assert f"**{t('m_month_total', LANG, total=total)}**" in month.markdown[0].value
        fees = t("m_pay_visits", LANG, n=row.visits, eur=eur(row.fees_eur, LANG))
        assert month.caption[0].value.startswith(fees), "4 käyntiä 180,00 € · …"
    assert sorted(listed) == approved
