"""The manager console pages from the real entry point (streamlit AppTest), as "manager"."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from types import SimpleNamespace

import folium
import pytest
from sqlalchemy import func, select

from audits import expenses, geo, tours
from audits.auth import Actor
from audits.config import CHECKLIST_DIR, load_settings
from audits.db import Database
from audits.i18n import clock, day_label, t
from audits.models import (
    Answer,
    Audit,
    AuditLog,
    Photo,
    Store,
    Tour,
    User,
    Visit,
    Wave,
    local_today,
)
from audits.trust import signals_for
from audits.ui import pages
from audits.ui.widgets import LOCAL_TZ


@pytest.fixture
def db(app_env) -> Iterator[Database]:
    database = Database(load_settings().database_url)
    yield database
    database.dispose()


def goto(at, url_path: str):
    """Open one of the role's st.navigation pages (callable pages have no file to switch to)."""
    at._page_hash = next(
        h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path
    )
    at.query_params.clear()
    at.run()
    assert not at.exception, at.exception
    return at


def table(at, header: str):
    """The first st.dataframe with this column (an i18n key); AppTest keeps no table keys."""
    names = {t(header, "fi"), t(header, "en")}
    return next(d.value for d in at.dataframe if names & set(d.value.columns))


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


def test_review_says_which_photos_are_purged_or_missing(signed_in, db) -> None:
    at = signed_in("manager")
    button = next(b for b in at.button if b.key and b.key.startswith("review_"))
    audit_id = int(button.key.removeprefix("review_"))
    with db.session() as s:
        shopper = s.get(Audit, audit_id).shopper_id
        s.add(Photo(audit_id=audit_id, uploaded_by=shopper, sha256="0" * 64, path="gone.jpg"))
        s.add(
            Photo(
                audit_id=audit_id,
                uploaded_by=shopper,
                sha256="1" * 64,
                purged_at=dt.datetime(2026, 1, 1),
            )
        )
    button.click().run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert t("m_photo_missing", "fi") in captions and t("m_photo_purged", "fi") in captions


def test_review_shows_evidence_corrects_with_reason_and_approves(signed_in, db) -> None:
    at = signed_in("manager")
    with db.session() as s:  # the demo audit answered all within a minute: it has signals
        audit_id = s.scalar(
            select(Audit.id)
            .join(Visit, Audit.visit_id == Visit.id)
            .join(Store, Visit.store_id == Store.id)
            .join(Wave, Visit.wave_id == Wave.id)
            .where(Store.code == "AM-049", Wave.name == "Syksy 2026")
        )
    at.button(key=f"review_{audit_id}").click().run()
    assert not at.exception, at.exception
    assert at.metric, "score, check-in and distance are shown"
    assert at.warning or at.info or at.success, "trust signals (or their absence) are shown"
    with db.session() as s:
        signals = signals_for(s, s.get(Audit, audit_id))
    shown = texts([*at.warning, *at.info])
    assert signals and all(signal.said.text("fi") in shown for signal in signals), "in Finnish"
    lines = [m.value.split("** · ", 1) for m in at.markdown if m.value.startswith("**")]
    assert [s[1] for s in lines if s[-1].startswith("Teemu Testaaja · ")] == [
        f"Teemu Testaaja · {step}"
        for step in (
            "Auditointi aloitettu",
            "Ohjeistus luettu",
            "Saapuminen myymälään",
            "Lähetetty tarkastettavaksi",
        )
    ], "the demo audit's log, as its shopper went through it"
    at.button(key="save_correction").click().run()
    assert texts(at.error) == "Korjaukselle tarvitaan syy", "refused, in Finnish"
    with db.session() as s:
        assert s.scalar(select(AuditLog).where(AuditLog.action == "answer.correct")) is None
    at.text_input(key="correct_reason").input("checked with the shopper by phone").run()
    at.selectbox(key="correct_item").set_value("cars_clean").run()
    radio = at.radio(key="correct_cars_clean_value")
    radio.set_value("no" if radio.value == "yes" else "yes").run()
    at.text_input(key="correct_cars_clean_comment").input("dusty cars in the photos").run()
    at.button(key="save_correction").click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        log = s.scalar(select(AuditLog).where(AuditLog.action == "answer.correct"))
        assert log is not None and log.entity_id == audit_id, texts(at.error)
        assert log.detail["reason"] == "checked with the shopper by phone"
        score = s.get(Audit, audit_id).score
    assert at.success[0].value == f"Korjattu; pisteet nyt {score:.1f}.".replace(".", ",", 1)
    log_lines = texts(at.markdown) + texts(at.text)
    assert "Vastaus korjattu" in log_lines, "the action in Finnish"
    old, new = ("Kyllä", "Ei") if radio.value == "no" else ("Ei", "Kyllä")
    label = "Esillä olevat autot olivat puhtaita ja lukitsemattomia"
    assert f"{label}: {old} → {new}" in log_lines, "the change as the reviewer reads it"
    assert "Syy: checked with the shopper by phone" in log_lines
    assert '"reason"' not in log_lines and '{"' not in log_lines, "no raw JSON"
    store = at.subheader[0].value
    at.button(key="approve").click().run()
    with db.session() as s:
        assert s.get(Audit, audit_id).status == "approved"
    assert at.success[0].value == f"Hyväksytty: {store}.", "back in the queue, saying so"


def test_a_correction_that_shows_items_asks_for_their_answers_too(signed_in, db) -> None:
    at = signed_in("manager")
    audit_id = int(next(b.key for b in at.button if b.key.startswith("review_"))[7:])
    at.button(key=f"review_{audit_id}").click().run()
    at.selectbox(key="correct_item").set_value("trade_in_discussed").run()
    at.checkbox(key="correct_trade_in_discussed_na").uncheck().run()
    at.radio(key="correct_trade_in_discussed_value").set_value("yes").run()
    assert "Tämä vastaus tuo näkyviin myös seuraavat kohdat" in texts(at.caption)
    at.radio(key="correct_trade_in_valued_value").set_value("yes").run()
    at.radio(key="correct_trade_in_estimate_given_value").set_value("promised_later").run()
    at.text_input(key="correct_reason").input("the shopper's notes mention a valuation").run()
    at.button(key="save_correction").click().run()
    assert not at.exception and not at.error, texts(at.error)
    with db.session() as s:
        answers = {a.item_id: a for a in s.get(Audit, audit_id).answers}
    assert answers["trade_in_discussed"].value == "yes"
    assert answers["trade_in_estimate_given"].value == "promised_later"


def _open_first_submitted(signed_in, db) -> tuple:
    """The manager on the first submitted audit of the queue, with its answers as stored."""
    at = signed_in("manager")
    audit_id = int(next(b.key for b in at.button if b.key.startswith("review_"))[7:])
    at.button(key=f"review_{audit_id}").click().run()
    return at, audit_id


def _stored(db: Database, audit_id: int, item_id: str) -> Answer:
    with db.session() as s:
        return s.scalar(
            select(Answer).where(Answer.audit_id == audit_id, Answer.item_id == item_id)
        )


def _corrections(db: Database, audit_id: int) -> list[dict]:
    with db.session() as s:
        return [
            log.detail
            for log in s.scalars(
                select(AuditLog).where(
                    AuditLog.action == "answer.correct", AuditLog.entity_id == audit_id
                )
            )
        ]


def test_a_wait_is_corrected_in_minutes_and_seconds_not_json(signed_in, db) -> None:
    at, audit_id = _open_first_submitted(signed_in, db)
    was = _stored(db, audit_id, "greeting_time").value
    at.selectbox(key="correct_item").set_value("greeting_time").run()
    assert not [i for i in at.text_input if i.key == "correct_greeting_time_value"], "no JSON"
    minutes, seconds = (at.number_input(key=f"correct_greeting_time_{k}") for k in ("min", "sec"))
    assert (minutes.value, seconds.value) == divmod(was["seconds"], 60), "the wait there is"
    assert at.checkbox(key="correct_greeting_time_nobody").value is was["nobody_came"]
    minutes.set_value(0)
    seconds.set_value(-5)
    at.text_input(key="correct_reason").input("the shopper's notes say 40 s").run()
    at.button(key="save_correction").click().run()
    label = "Aika sisääntulosta siihen, kun myyjä tervehti"
    assert texts(at.error) == (f"Kohta ”{label}”: minuutit ja sekunnit eivät voi olla negatiivisia")
    assert _corrections(db, audit_id) == [], "nothing saved"
    at.number_input(key="correct_greeting_time_sec").set_value(40)
    at.checkbox(key="correct_greeting_time_nobody").uncheck().run()
    at.button(key="save_correction").click().run()
    assert not at.exception and not at.error, texts(at.error)
    assert _stored(db, audit_id, "greeting_time").value == {"seconds": 40, "nobody_came": False}
    [logged] = _corrections(db, audit_id)
    assert logged["old"]["value"] == was and logged["new"]["value"]["seconds"] == 40
    assert logged["reason"] == "the shopper's notes say 40 s"
    assert f"{label}: " in texts(at.text) and " → 40 s" in texts(at.text), "the log, in words"


def test_a_comment_corrected_beside_a_timed_wait_keeps_the_timers_stamps(signed_in, db) -> None:
    at, audit_id = _open_first_submitted(signed_in, db)
    was = _stored(db, audit_id, "greeting_time").value
    assert was.get("started_at"), "the demo's wait was timed"
    at.selectbox(key="correct_item").set_value("greeting_time").run()
    at.text_input(key="correct_greeting_time_comment").input("greeted at the door")
    at.text_input(key="correct_reason").input("comment from the shopper's call").run()
    at.button(key="save_correction").click().run()
    assert not at.error, texts(at.error)
    stored = _stored(db, audit_id, "greeting_time")
    assert (stored.value, stored.comment) == (was, "greeted at the door")


def test_a_number_and_a_time_are_corrected_in_inputs_of_their_kind(signed_in, db) -> None:
    at, audit_id = _open_first_submitted(signed_in, db)
    at.selectbox(key="correct_item").set_value("follow_up_days").run()
    days = at.number_input(key="correct_follow_up_days_value")
    assert days.value == _stored(db, audit_id, "follow_up_days").value
    assert days.label == "Uusi arvo (päivää)"
    days.set_value(75.0)
    at.text_input(key="correct_reason").input("the dealer called back").run()
    at.button(key="save_correction").click().run()
    label = "Montako päivää kului, ennen kuin myyjä otti yhteyttä?"
    assert texts(at.error) == f"Kohta ”{label}”: 75 ei ole sallituissa rajoissa (0–60)"
    assert _corrections(db, audit_id) == []
    at.number_input(key="correct_follow_up_days_value").set_value(3.0).run()
    at.button(key="save_correction").click().run()
    assert not at.error, texts(at.error)
    assert _stored(db, audit_id, "follow_up_days").value == 3, "a whole number, as typed"
    at.selectbox(key="correct_item").set_value("arrival_time").run()
    arrival = at.time_input(key="correct_arrival_time_value")
    assert arrival.value == dt.time.fromisoformat(_stored(db, audit_id, "arrival_time").value)
    arrival.set_value(dt.time(10, 5))
    at.text_input(key="correct_reason").input("the receipt says 10.05").run()
    at.button(key="save_correction").click().run()
    assert not at.error, texts(at.error)
    assert _stored(db, audit_id, "arrival_time").value == "10:05"
    assert "Saapumisaika liikkeeseen: " in texts(at.text) and "→ klo 10.05" in texts(at.text)


def test_none_of_the_options_stays_an_answer_when_its_comment_is_corrected(signed_in, db) -> None:
    at, audit_id = _open_first_submitted(signed_in, db)
    with db.session() as s:
        s.scalar(
            select(Answer).where(
                Answer.audit_id == audit_id, Answer.item_id == "powertrain_options"
            )
        ).value = []  # the salesperson explained none
    at.run()
    at.selectbox(key="correct_item").set_value("powertrain_options").run()
    chosen = at.multiselect(key="correct_powertrain_options_value")
    assert [chosen.format_func(v) for v in chosen.value] == ["Ei mitään näistä"]
    at.text_input(key="correct_powertrain_options_comment").input("asked twice, no answer")
    at.text_input(key="correct_reason").input("from the shopper's notes").run()
    at.button(key="save_correction").click().run()
    assert not at.error, texts(at.error)
    stored = _stored(db, audit_id, "powertrain_options")
    assert (stored.value, stored.comment) == ([], "asked twice, no answer")


def test_wave_board_filters_and_a_new_wave(signed_in, db) -> None:
    at = goto(signed_in("manager"), "waves")
    assert len(table(at, "shopper")) == 55
    assert len(at.get("progress")) == 3
    at.selectbox(key="board_status").set_value("submitted").run()
    assert 0 < len(table(at, "shopper")) < 55
    at.text_input(key="wave_name").input("Winter 2027")
    at.number_input(key="wave_fee").set_value(50.0)
    at.date_input(key="wave_starts").set_value(dt.date(2027, 1, 10))
    at.date_input(key="wave_ends").set_value(dt.date(2027, 1, 1))
    _submit(at, "create_wave")
    assert texts(at.error) == "Aalto päättyy (1.1.2027) ennen kuin se alkaa (10.1.2027)"
    at.date_input(key="wave_ends").set_value(dt.date(2027, 3, 31))
    _submit(at, "create_wave")
    assert not at.exception, at.exception
    with db.session() as s:
        wave = s.scalar(select(Wave).where(Wave.name == "Winter 2027"))
        assert wave is not None, texts(at.error)
        assert str(wave.fee_eur) == "50.00"


def test_a_board_search_that_matches_no_visit_shows_an_empty_table(signed_in) -> None:
    at = goto(signed_in("manager"), "waves")
    at.text_input(key="board_text").input("Rovaniemi").run()
    assert not at.exception, at.exception
    assert "0/55" in texts(at.caption)
    assert table(at, "shopper").empty


def test_a_new_wave_is_offered_at_once_on_each_tab_and_chosen_there(signed_in, db) -> None:
    at = goto(signed_in("manager"), "waves")
    at.text_input(key="wave_name").input("Talvi 2027")
    assert at.date_input(key="wave_starts").value == local_today(), "today in Finland"
    at.text_area(key="wave_briefing_fi").input("Kysy talvirenkaista.")
    _submit(at, "create_wave")
    assert not at.exception, at.exception
    with db.session() as s:
        wave_id = s.scalar(select(Wave.id).where(Wave.name == "Talvi 2027"))
    assert texts(at.success) == "Aalto Talvi 2027 luotu."
    for key in ("wave", "assign_wave", "unassign_wave"):
        assert at.selectbox(key=key).value == wave_id, key
    assert len(table(at, "shopper")) == 55, "the board shows the new wave's visits"
    assert at.text_input(key="wave_name").value == "", "the form starts empty again"
    assert at.text_area(key="wave_briefing_fi").value == ""
    assert wave_briefing(db, "Talvi 2027") == {"fi": "Kysy talvirenkaista."}
    assert at.text_area(key=f"briefing_fi_{wave_id}").value == "Kysy talvirenkaista."


def _submit(at, key: str) -> None:
    next(b for b in at.get("form_submit_button") if b.key == key).click().run()
    assert not at.exception, at.exception


def wave_briefing(db: Database, name: str) -> dict[str, str]:
    with db.session() as s:
        return s.scalar(select(Wave.briefing).where(Wave.name == name))


def test_the_manager_rewrites_a_briefing_and_who_read_the_old_one_reads_it_again(
    signed_in, db
) -> None:
    at = goto(signed_in("manager"), "waves")
    wave_id = at.selectbox(key="wave").value
    with db.session() as s:
        wave = s.get(Wave, wave_id)
        name, old = wave.name, dict(wave.briefing)
        read = (
            select(func.count())
            .select_from(Audit)
            .join(Visit, Audit.visit_id == Visit.id)
            .where(Visit.wave_id == wave_id, Audit.briefing_read_at.is_not(None))
        )
        before = s.scalar(read)
        waiting = s.scalar(read.where(Audit.checkin_at.is_(None), Audit.status == "draft"))
    assert waiting > 0, "the demo has shoppers who read the briefing ahead of their visit"
    [box] = [e for e in at.expander if e.label.startswith(t("briefing", "fi"))]
    assert box.label.endswith(f"kuitattu luetuksi {before} käynnillä")
    assert at.text_area(key=f"briefing_fi_{wave_id}").value == old["fi"]

    at.text_area(key=f"briefing_fi_{wave_id}").input(old["fi"] + " Kysy myös rahoituksesta.")
    _submit(at, "save_briefing")
    assert texts(at.success) == (
        f"Ohjeistus tallennettu. Niillä {waiting} käynnillä, joilla vanha oli luettu mutta "
        "käynti ei ole alkanut, haamuasiakasta pyydetään lukemaan uusi."
    )
    assert wave_briefing(db, name) == {
        "fi": old["fi"] + " Kysy myös rahoituksesta.",
        "en": old["en"],
    }
    [box] = [e for e in at.expander if e.label.startswith(t("briefing", "fi"))]
    assert box.label.endswith(f"kuitattu luetuksi {before - waiting} käynnillä")

    _submit(at, "save_briefing")
    assert "Ohjeistus ei muuttunut." in [i.value for i in at.info]


def test_a_broken_assignment_rule_is_explained(signed_in, db) -> None:
    at = goto(signed_in("manager"), "waves")
    visits = at.multiselect(key="assign_visits")
    code = visits.options[0].split(" · ")[0]
    with db.session() as s:
        open_visit = s.scalar(
            select(Visit.id)
            .join(Wave)
            .join(Store)
            .where(Wave.name == "Syksy 2026", Store.code == code)
        )
    visits.set_value([open_visit]).run()
    at.date_input(key="assign_day").set_value(dt.date(2030, 1, 1)).run()
    assert "1.1.2030 on aallon ulkopuolella" in texts(at.warning), "in the manager's Finnish"
    at.button(key="assign_one").click().run()
    assert "1.1.2030 on aallon ulkopuolella" in texts(at.error)
    at.text_input(key="override_reason").input("the client moved the deadline").run()
    at.button(key="assign_one").click().run()
    assert not at.error
    with db.session() as s:
        log = s.scalar(
            select(AuditLog)
            .where(AuditLog.action == "visit.assign", AuditLog.entity_id == open_visit)
            .order_by(AuditLog.id.desc())
        )
        assert log.detail["reason"] == "the client moved the deadline"


def test_the_board_marks_visits_waiting_on_a_deactivated_shopper(signed_in, db) -> None:
    with db.session() as s:
        s.scalar(select(User).where(User.username == "shopper1")).active = False
    at = goto(signed_in("manager"), "waves")
    assert "odottaa haamuasiakasta, joka on poistettu käytöstä" in texts(at.warning)
    shoppers = set(table(at, "shopper")[t("shopper", "fi")])
    assert "Sanna Shoppari (poistettu käytöstä)" in shoppers, "in the manager's Finnish"
    offered = at.selectbox(key="assign_to").options
    assert offered and not [o for o in offered if "Sanna Shoppari" in o], "nor given more"
    assert any(
        "Sanna Shoppari (poistettu käytöstä)" in o
        for o in at.multiselect(key="assign_visits").options
    )
    # the board can be narrowed to the visits left by the shopper who went
    at.selectbox(key="board_shopper").select_index(
        at.selectbox(key="board_shopper").options.index("Sanna Shoppari (poistettu käytöstä)")
    ).run()
    names = set(table(at, "shopper")[t("shopper", "fi")])
    assert names == {"Sanna Shoppari (poistettu käytöstä)", "Sanna Shoppari"}, (
        "hers only: those waiting on her marked, those she finished not"
    )


def _tour(db: Database, *codes: str, approve: bool = False) -> int:
    """A tour of shopper1 (Sanna Shoppari) over Aurora's stores, proposed or approved."""
    from tests.ui.test_tour_pages import _proposal  # here: that module imports this one

    tour_id, _ = _proposal(db, *codes)
    if approve:
        with db.session() as s:
            brand = Actor.of(s.scalar(select(User).where(User.username == "aurora")))
        db.run(tours.approve_tour, brand, tour_id)
    return tour_id


def _autumn_visits(db: Database, *codes: str) -> dict[str, Visit]:
    """Aurora's Syksy 2026 visits of the stores, by code (detached, as they are now)."""
    with db.session() as s:
        rows = s.execute(
            select(Store.code, Visit)
            .join(Store, Visit.store_id == Store.id)
            .join(Wave, Visit.wave_id == Wave.id)
            .where(Wave.name == "Syksy 2026", Store.code.in_(codes))
            .where(Wave.client.has(name="Aurora Motors"))
        ).all()
        s.expunge_all()
        return dict(rows)


def _shopper_id(db: Database, username: str) -> int:
    with db.session() as s:
        return s.scalar(select(User.id).where(User.username == username))


@pytest.mark.usefixtures("tours_today")
def test_a_visit_in_a_tour_proposal_is_not_assigned_by_hand(signed_in, db) -> None:
    tour_id = _tour(db, "AM-039")
    before = _autumn_visits(db, "AM-039")["AM-039"]
    at = goto(signed_in("manager"), "waves")
    at.multiselect(key="assign_visits").set_value([before.id]).run()
    at.selectbox(key="assign_to").set_value(_shopper_id(db, "shopper2")).run()
    said = (
        f"on matkaehdotuksessa {tour_id} (Sanna Shoppari), joka odottaa asiakkaan päätöstä: "
        "käynnin voi antaa käsin vasta, kun ehdotus on peruttu (Reitit, Tallennetut matkat)"
    )
    assert said in texts(at.warning), "told before the click"
    at.text_input(key="override_reason").input("urgent").run()
    at.button(key="assign_one").click().run()
    assert not at.exception, at.exception
    assert said in texts(at.error) and not at.success, "a reason does not override it"
    after = _autumn_visits(db, "AM-039")["AM-039"]
    assert (after.shopper_id, after.planned_date) == (before.shopper_id, before.planned_date)


@pytest.mark.usefixtures("tours_today")
def test_a_visit_leaves_an_approved_tour_only_with_a_reason_and_from_the_shoppers_page(
    signed_in, db
) -> None:
    tour_id = _tour(db, "AM-038", "AM-039", approve=True)
    visits = _autumn_visits(db, "AM-038", "AM-039")
    with db.session() as s:
        names = {c: s.get(Store, v.store_id).name for c, v in visits.items()}
    at = goto(signed_in("manager"), "waves")
    at.multiselect(key="assign_visits").set_value([visits["AM-038"].id]).run()
    at.selectbox(key="assign_to").set_value(_shopper_id(db, "shopper2")).run()
    at.date_input(key="assign_day").set_value(dt.date(2026, 12, 9)).run()
    said = f"kuuluu hyväksyttyyn matkaan {tour_id} (Sanna Shoppari): anna syy"
    assert said in texts(at.warning)
    at.button(key="assign_one").click().run()
    assert said in texts(at.error) and not at.success
    assert _autumn_visits(db, "AM-038")["AM-038"].tour_id == tour_id
    at.text_input(key="override_reason").input("Sanna is ill").run()
    at.button(key="assign_one").click().run()
    assert not at.exception and not at.error, texts(at.error)
    assert texts(at.info) == (
        f"{names['AM-038']} otettiin pois hyväksytyltä matkalta {tour_id} (Sanna Shoppari); "
        "sen päivä ja yöt ajoitettiin uudelleen jäljelle jäävien käyntien mukaan, ja matka "
        "näyttää hyväksytyt lukunsa nykyisten rinnalla."
    )
    moved = _autumn_visits(db, "AM-038")["AM-038"]
    assert (moved.shopper_id, moved.planned_date, moved.tour_id) == (
        _shopper_id(db, "shopper2"),
        dt.date(2026, 12, 9),
        None,
    )
    with db.session() as s:
        left = s.get(Tour, tour_id).plan["left"]
        assert [v["store"] for v in left] == ["AM-038"]
    shopper = goto(signed_in("shopper1"), "tour")
    shown = texts(shopper.markdown)
    assert names["AM-039"] in shown and names["AM-038"] not in shown


@pytest.mark.usefixtures("tours_today")
def test_bulk_assignment_lists_the_visits_tours_hold_before_the_click(signed_in, db) -> None:
    approved = _tour(db, "AM-038", approve=True)
    proposed = _tour(db, "AM-039")
    visits = _autumn_visits(db, "AM-038", "AM-039")
    at = goto(signed_in("manager"), "waves")
    at.multiselect(key="assign_visits").set_value([v.id for v in visits.values()]).run()
    at.selectbox(key="assign_to").set_value(_shopper_id(db, "shopper2")).run()
    at.date_input(key="assign_day").set_value(dt.date(2026, 12, 9)).run()
    warned = {w.value.split(" · ")[0]: w.value for w in at.warning}
    assert f"kuuluu hyväksyttyyn matkaan {approved} (Sanna Shoppari)" in warned["AM-038"]
    assert f"on matkaehdotuksessa {proposed} (Sanna Shoppari)" in warned["AM-039"]
    at.text_input(key="override_reason").input("Sanna is ill").run()
    at.button(key="assign_bulk").click().run()
    assert not at.exception, at.exception
    assert f"otettiin pois hyväksytyltä matkalta {approved}" in texts(at.info)
    [refused] = at.error
    assert refused.value.startswith("AM-039") and f"matkaehdotuksessa {proposed}" in refused.value
    now = _autumn_visits(db, "AM-038", "AM-039")
    assert (now["AM-038"].tour_id, now["AM-038"].shopper_id) == (None, _shopper_id(db, "shopper2"))
    assert now["AM-039"].shopper_id == visits["AM-039"].shopper_id


def _open_tab(at) -> int:
    """Which of the page's one set of tabs the browser is told to show."""

    def containers(node) -> Iterator:
        proto = getattr(node, "proto", None)
        is_block = getattr(proto, "DESCRIPTOR", None) and proto.DESCRIPTOR.name == "Block"
        if is_block and proto.HasField("tab_container"):
            yield proto.tab_container
        for child in getattr(node, "children", {}).values():
            yield from containers(child)

    [tabs] = containers(at._tree)
    return tabs.default_tab_index


def test_the_stores_page_keeps_its_tab_when_the_language_changes(signed_in) -> None:
    at = goto(signed_in("manager"), "stores")  # Finnish
    at.session_state["stores_tab"] = t("m_import", "fi")  # as a click on the tab sets it
    at.run()
    assert _open_tab(at) == 1
    at.segmented_control(key="user_lang").set_value("en").run()
    assert not at.exception, at.exception
    assert [tab.label for tab in at.tabs] == [
        t(k, "en") for k in ("m_store_list", "m_import", "m_place")
    ]
    assert _open_tab(at) == 1, "still on the import"


def test_a_new_client_is_added_from_the_stores_page(signed_in, db) -> None:
    at = goto(signed_in("manager"), "stores")
    at.text_input(key="new_client_name").input("  Pohjolan   Auto ")
    at.get("form_submit_button")[0].click().run()
    assert not at.exception, at.exception
    assert "Asiakas Pohjolan Auto lisätty" in [s.value for s in at.success]
    picker = at.selectbox(key="client")
    assert picker.format_func(picker.value) == "Pohjolan Auto", "chosen, to import its stores"
    at.text_input(key="new_client_name").input("pohjolan auto")
    at.get("form_submit_button")[0].click().run()
    assert [e.value for e in at.error] == ["Asiakas pohjolan auto on jo olemassa"]
    with db.session() as s:
        assert s.scalar(select(AuditLog).where(AuditLog.action == "client.add")) is not None


def test_store_import_preview_bad_row_and_explicit_skip(signed_in, db) -> None:
    at = goto(signed_in("manager"), "stores")
    assert len(at.dataframe[0].value) == 55
    data = (
        "\ufeffkoodi;nimi;kaupunki;leveysaste;pituusaste\n"
        "AM-001;Aurora Motors Oulu keskusta;Oulu;65,01236;25,46816\n"
        "AM-900;Aurora Motors Äänekoski;Äänekoski;62,6;25,7\n"
        ";ilman koodia;Kemi;65,7;24,5\n"
    ).encode()
    at.file_uploader(key="store_file").set_value(("kauppalista.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    problems = table(at, "m_field")
    assert list(problems.iloc[0, :2]) == [4, "Koodi"], "the field as the page names it"
    [new] = [d.value for d in at.dataframe if "AM-900" in d.value.iloc[:, 0].tolist()]
    assert list(new.columns) == ["Koodi", "Myymälä", "Kaupunki", "Leveysaste", "Pituusaste"]
    assert "**AM-001** · Myymälä: “Aurora Motors Oulu” → “Aurora Motors Oulu keskusta”" in texts(
        at.markdown
    )
    assert not any(b.key == "confirm_import" for b in at.button)
    at.checkbox(key="skip_bad_rows").check().run()
    at.button(key="confirm_import").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Tuotu: uusia 1, päivitettyjä 1. Ohitetut rivit: 4."
    assert len(at.dataframe[0].value) == 56, "the list includes the new store at once"
    assert not any(b.key == "confirm_import" for b in at.button), "not offered again"
    with db.session() as s:
        assert s.scalar(select(Store.name).where(Store.code == "AM-900")) == (
            "Aurora Motors Äänekoski"
        )
        assert s.scalar(select(Store.name).where(Store.code == "AM-001")) == (
            "Aurora Motors Oulu keskusta"
        )
        assert s.scalar(select(func.count()).select_from(Store).where(Store.city == "Kemi")) == 0


def test_a_file_wrong_as_a_whole_is_not_counted_as_a_bad_row(signed_in) -> None:
    at = goto(signed_in("manager"), "stores")
    data = "id;koodi;nimi\n1;AM-901;Aurora Motors Iisalmi\n2;AM-902;Aurora Motors Kemi\n"
    at.file_uploader(key="store_file").set_value(("kaksi.csv", data.encode(), "text/csv")).run()
    assert not at.exception, at.exception
    assert [(m.label, m.value) for m in at.metric][3] == ("Virheitä tiedostossa", "1")
    assert "Virheellisiä rivejä" not in [m.label for m in at.metric]
    assert not any(b.key == "confirm_import" for b in at.button)


class StandInNominatim:
    """Nominatim, enabled and stood in for (no test reaches the internet): it places every
    address it is asked about at Mannerheimintie 1 while `answering`."""

    def __init__(self, monkeypatch) -> None:
        self.asked: list[str] = []
        self.answering = True
        monkeypatch.setenv("AUDITS_NOMINATIM", "1")
        monkeypatch.setattr(geo, "_nominatim", lambda _settings: self.lookup)

    def lookup(self, text: str, country_codes: str) -> SimpleNamespace | None:
        self.asked.append(text)
        return SimpleNamespace(latitude=60.1699, longitude=24.9384) if self.answering else None


def test_store_import_geocodes_with_the_installations_settings(signed_in, db, monkeypatch) -> None:
    asked = StandInNominatim(monkeypatch).asked
    at = goto(signed_in("manager"), "stores")
    data = (
        "koodi;nimi;katuosoite;kaupunki\nAM-950;Aurora Motors Kamppi;Mannerheimintie 1;Helsinki\n"
    )
    at.file_uploader(key="store_file").set_value(("uusi.csv", data.encode(), "text/csv")).run()
    at.button(key="confirm_import").click().run()
    assert not at.exception, at.exception
    assert asked == ["Mannerheimintie 1, Helsinki"]
    with db.session() as s:
        store = s.scalar(select(Store).where(Store.code == "AM-950"))
        assert (store.lat, store.lon, store.coord_source) == (60.1699, 24.9384, "nominatim")
    assert "Katuosoitteen mukaan sijoitettiin 1/1 myymälää" in " ".join(i.value for i in at.info)


def test_stores_left_at_their_town_can_be_looked_up_again(signed_in, db, monkeypatch) -> None:
    """Nominatim did not answer during the import: the placing tab offers to look again."""
    nominatim = StandInNominatim(monkeypatch)
    nominatim.answering = False
    at = goto(signed_in("manager"), "stores")
    data = (
        "koodi;nimi;katuosoite;kaupunki\nAM-951;Aurora Motors Kamppi;Mannerheimintie 1;Helsinki\n"
    )
    at.file_uploader(key="store_file").set_value(("uusi.csv", data.encode(), "text/csv")).run()
    at.button(key="confirm_import").click().run()
    assert "Katuosoitteen mukaan sijoitettiin 0/1 myymälää" in " ".join(i.value for i in at.info)
    with db.session() as s:
        assert s.scalar(select(Store.coord_source).where(Store.code == "AM-951")) == "gazetteer"
    assert "kunnan kohdalle sijoitetulle myymälälle (1)" in at.button(key="look_up_again").label
    nominatim.answering = True
    at.button(key="look_up_again").click().run()
    assert not at.exception, at.exception
    assert nominatim.asked == ["Mannerheimintie 1, Helsinki"] * 2
    with db.session() as s:
        store = s.scalar(select(Store).where(Store.code == "AM-951"))
        assert (store.lat, store.coord_source) == (60.1699, "nominatim")
    at.run()
    assert not any(b.key == "look_up_again" for b in at.button)


def test_store_file_problems_are_told_in_the_managers_finnish(signed_in) -> None:
    at = goto(signed_in("manager"), "stores")
    data = (
        "koodi;nimi;leveysaste;pituusaste;aukioloajat\n"
        "AM-900;Aurora Motors Kemi;65,7;24,5;Mo-Fr 09:00-17:00\n"
        "AM-900;Aurora Motors Äkäslompolo;67,6;24,1;\n"
        "AM-901;Aurora Motors Inari;68,9;27,0;Mx-Fr 09:00-17:00\n"
        "AM-902;Aurora Motors Pohjoisnapa;91;0;\n"
        "AM-903;Aurora Motors Raahe;24,48;64,68;\n"
    ).encode()
    at.file_uploader(key="store_file").set_value(("kauppalista.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    problems = table(at, "m_field")
    assert problems.values.tolist() == [
        [3, "Koodi", "koodi AM-900 toistuu (myös rivillä 2)"],
        [
            4,
            "Aukioloajat",
            "ei tulkittavissa: tuntematon päivä ”Mx-Fr” säännössä ”Mx-Fr 09:00-17:00”",
        ],
        [5, "Leveysaste", "leveysaste 91 on sallitun välin ulkopuolella (-90..90)"],
        [
            6,
            "Leveysaste, Pituusaste",
            "24,48; 64,68 on Suomen ulkopuolella: leveys- ja pituusaste näyttävät olevan "
            "väärin päin (tarkoititko 64,68; 24,48?)",
        ],
    ]
    assert "Tiedostossa kauppalista.csv on virheitä" in texts(at.error)


def test_a_store_file_without_a_header_row_has_no_line_and_reads_a_dash(signed_in) -> None:
    """The problem is the whole file's: its line (Rivi) is missing, and a missing value reads
    –, not Streamlit's None."""
    at = goto(signed_in("manager"), "stores")
    data = "AM-900;Aurora Motors Kemi;65,7;24,5\nAM-901;Aurora Motors Inari;68,9;27,0\n"
    at.file_uploader(key="store_file").set_value(("ilman_otsikkoa.csv", data.encode(), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    [problems] = [d for d in at.dataframe if t("m_field", "fi") in d.value.columns]
    [[line, field, reason]] = problems.value.values.tolist()
    assert reason == (
        "otsikkoriviä, jossa on ainakin koodi ja nimi, ei löydy (sarakkeet erotetaan pilkulla, "
        "puolipisteellä tai sarkaimella)"
    )
    assert line is None and field == ""
    assert problems.proto.placeholder == "–", "the missing line reads –, not None"


def _unplace(db, code: str, city: str | None = None) -> None:
    with db.session() as s:
        store = s.scalar(select(Store).where(Store.code == code))
        store.lat = store.lon = None
        store.city = store.city if city is None else city


@pytest.fixture
def placing_map(monkeypatch) -> SimpleNamespace:
    """The map component needs a browser: record what the placing map is drawn with (`shown`),
    and answer with the click in `click` (none unless a test sets one)."""
    recorded = SimpleNamespace(shown=[], click=None)

    def pick_point(fmap, key, **kw):
        recorded.shown.append({"map": fmap, "key": key, **kw})
        return recorded.click

    monkeypatch.setattr("audits.ui.maps.pick_point", pick_point)
    return recorded


def _opened_on(fmap: folium.Map) -> list[list[float]]:
    """The box a map opens on: [[south, west], [north, east]]."""
    [fit] = [c for c in fmap._children.values() if isinstance(c, folium.map.FitBounds)]
    return fit.bounds


def test_place_a_store_by_hand_on_the_map(signed_in, db, placing_map) -> None:
    _unplace(db, "AM-002")
    placing_map.click = (64.68, 24.48)
    at = goto(signed_in("manager"), "stores")
    assert at.text_input(key=f"place_at_{_store_id(db, 'AM-002')}").value == "64,68; 24,48", (
        "the click is written into the field, as a Finn writes it"
    )
    assert placing_map.shown[-1]["chosen"] == (64.68, 24.48), "and marked on the map"
    at.button(key="save_place").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == (
        "Sijainti tallennettu: AM-002 · Aurora Motors Raahe · Myllytie 7 Raahe."
    ), "the click says what it did"
    with db.session() as s:
        store = s.scalar(select(Store).where(Store.code == "AM-002"))
        assert (store.lat, store.lon, store.coord_source) == (64.68, 24.48, "manual")


def _store_id(db, code: str) -> int:
    with db.session() as s:
        return s.scalar(select(Store.id).where(Store.code == code))


def test_typed_coordinates_place_the_store_and_the_map_opens_on_its_town(
    signed_in, db, placing_map
) -> None:
    _unplace(db, "AM-002")
    at = goto(signed_in("manager"), "stores")
    assert "Kartta avautuu myymälän paikkakunnalle Raahe." in texts(at.caption)
    [drawn] = placing_map.shown
    [(south, west), (north, east)] = _opened_on(drawn["map"])
    assert south < 64.68 < north and west < 24.48 < east, "around Raahe, not at (64, 26)"
    html = drawn["map"].get_root().render()
    assert html.count('"className": "audits-store"') == 54, "the client's other stores"
    assert "AM-001 · Aurora Motors Oulu" in html
    assert '"Raahe"' in html, "towns named"
    store_id = _store_id(db, "AM-002")
    at.text_input(key=f"place_at_{store_id}").input("64,6831 24,4778").run()
    assert not at.exception, at.exception
    assert not at.error
    assert (
        placing_map.shown[-1]["chosen"] == placing_map.shown[-1]["center"] == (64.6831, 24.4778)
    ), "a typed point is marked and brought into view"
    at.button(key="save_place").click().run()
    assert at.success[0].value.startswith("Sijainti tallennettu: AM-002")
    with db.session() as s:
        store = s.get(Store, store_id)
        assert (store.lat, store.lon, store.coord_source) == (64.6831, 24.4778, "manual")
        log = s.scalar(select(AuditLog).where(AuditLog.action == "store.place"))
        assert log.entity_id == store_id and log.detail["new"] == {"lat": 64.6831, "lon": 24.4778}


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            "24,14 65,84",
            "24,14; 65,84 on Suomen ulkopuolella: leveys- ja pituusaste näyttävät olevan väärin "
            "päin (tarkoititko 65,84; 24,14?)",
        ),
        (
            "Raahe",
            "”Raahe” ei ole koordinaatteja: kirjoita leveys- ja pituusaste asteina, "
            "esim. 60,1699 24,9384 tai 60.1699, 24.9384",
        ),
        (
            "60,17",
            "Yksi pilkku kahden kokonaisluvun välissä on monitulkintainen: anna sekä leveys- että "
            "pituusaste, esim. 60.17, 24.94 tai 60,17 24,94",
        ),
        ("60.17, 24.94", "60,17; 24,94 on 502 km:n päässä paikkakunnasta Raahe"),
    ],
)
def test_typed_coordinates_that_cannot_place_the_store_say_why_in_finnish(
    signed_in, db, placing_map, typed, said
) -> None:
    _unplace(db, "AM-002")
    at = goto(signed_in("manager"), "stores")
    at.text_input(key=f"place_at_{_store_id(db, 'AM-002')}").input(typed).run()
    assert texts(at.error) == said, "told as soon as it is typed"
    at.button(key="save_place").click().run()
    assert not at.exception, at.exception
    assert texts(at.error) == said, "and once"
    assert not at.success
    with db.session() as s:
        assert s.scalar(select(Store.lat).where(Store.code == "AM-002")) is None


def test_a_store_placed_by_hand_outside_finland_is_refused_in_finnish(
    signed_in, db, placing_map
) -> None:
    _unplace(db, "AM-002")
    placing_map.click = (24.48, 64.68)
    at = goto(signed_in("manager"), "stores")
    at.button(key="save_place").click().run()
    assert not at.exception, at.exception
    assert texts(at.error) == (
        "24,48; 64,68 on Suomen ulkopuolella: leveys- ja pituusaste näyttävät olevan väärin päin "
        "(tarkoititko 64,68; 24,48?)"
    )
    with db.session() as s:
        store = s.scalar(select(Store).where(Store.code == "AM-002"))
        assert (store.lat, store.lon) == (None, None)


def test_save_without_a_point_asks_for_one(signed_in, db, placing_map) -> None:
    _unplace(db, "AM-002")
    at = goto(signed_in("manager"), "stores")
    at.button(key="save_place").click().run()
    assert texts(at.error) == "Kirjoita koordinaatit tai napsauta myymälän kohtaa kartalla."


def test_a_store_of_an_unknown_town_opens_the_map_on_the_clients_stores(
    signed_in, db, placing_map
) -> None:
    _unplace(db, "AM-002", city="Atlantis")
    at = goto(signed_in("manager"), "stores")
    assert "kartta näyttää asiakkaan muut myymälät" in texts(at.caption)
    [(south, _), (north, _)] = _opened_on(placing_map.shown[0]["map"])
    assert south < 61 and north > 65, "from the south coast to Oulu"


def test_checklists_list_preview_and_upload_errors(signed_in) -> None:
    at = goto(signed_in("manager"), "checklists")
    assert {"car_showroom", "hardware_store"} <= set(at.dataframe[0].value["Tunniste"])
    assert at.expander, "the preview shows the sections as the shopper sees them"
    assert at.expander[0].label == "Saapuminen ja tilat · paino 10", "not the float's 10.0"
    at.segmented_control(key="preview_lang").set_value("en").run()
    assert not at.exception, at.exception
    bad = b"id: broken\nversion: 1\nsections: []\n"
    at.file_uploader(key="yaml_file").set_value(("broken.yaml", bad, "application/yaml")).run()
    at.button(key="upload").click().run()
    assert not at.exception, at.exception
    assert "broken.yaml" in texts(at.error)


def test_a_new_version_is_listed_at_once_and_compared_with_its_own_checklist(signed_in) -> None:
    at = goto(signed_in("manager"), "checklists")
    assert t("m_one_version_each", "fi") in texts(at.info)
    assert "Autoliikkeen myyntikäynti" in set(at.dataframe[0].value["Otsikko"]), "in Finnish"
    text = (CHECKLIST_DIR / "car_showroom.yaml").read_text(encoding="utf-8")
    edited = text.replace("version: 1", "version: 2", 1).replace(
        "Autoliikkeen myyntikäynti", "Autoliikekäynti"
    )
    upload = ("auto.yaml", edited.encode(), "application/yaml")
    at.file_uploader(key="yaml_file").set_value(upload).run()
    at.button(key="upload").click().run()
    assert not at.exception, at.exception
    assert texts(at.success) == t("m_version_saved", "fi")
    listed = at.dataframe[0].value
    assert 2 in set(listed[listed["Tunniste"] == "car_showroom"]["Versio"]), "listed at once"
    assert at.selectbox(key="diff_checklist").value == "car_showroom"
    assert [at.selectbox(key=k).value for k in ("diff_old", "diff_new")] != [None, None]
    assert t("m_no_changes", "fi") in texts(at.info), "the wording changed, not the items"


def test_a_finnish_manager_reads_checklist_problems_in_finnish(signed_in) -> None:
    at = goto(signed_in("manager"), "checklists")
    bad = b"id: broken\nversion: yksi\nchannel: bus\nsections: []\n"
    at.file_uploader(key="yaml_file").set_value(("broken.yaml", bad, "application/yaml")).run()
    at.button(key="upload").click().run()
    assert not at.exception, at.exception
    assert texts(at.error) == "broken.yaml ei kelpaa:"
    shown = [m.value for m in at.markdown]
    for problem in (
        "broken.yaml: tarkistuslista: sections: vaaditaan lista, joka ei ole tyhjä",
        "broken.yaml: tarkistuslista: title: pakollinen kenttä puuttuu",
        "broken.yaml: tarkistuslista: version: pitää olla kokonaisluku; tekstiä ei voi lukea"
        " luvuksi",
    ):
        assert f"- {problem}" in shown, shown
    assert not any("required field missing" in m or "Input should" in m for m in shown)


def test_changing_a_published_checklist_is_refused_in_finnish(signed_in) -> None:
    at = goto(signed_in("manager"), "checklists")
    text = (CHECKLIST_DIR / "car_showroom.yaml").read_text(encoding="utf-8")
    edited = text.replace("Autoliikkeen myyntikäynti", "Autoliikekäynti").encode()
    at.file_uploader(key="yaml_file").set_value(("auto.yaml", edited, "application/yaml")).run()
    at.button(key="upload").click().run()
    assert not at.exception, at.exception
    assert texts(at.error).startswith(
        "auto.yaml: tarkistuslistan car_showroom versio 1 on julkaistu eikä sitä voi enää muuttaa"
    )
    assert not at.success


def test_pay_page_shows_the_statement_and_excel(signed_in) -> None:
    at = goto(signed_in("manager"), "pay")
    statement = table(at, "m_km_allowance")
    assert len(statement) >= 1
    months = statement[t("m_month", "fi")]
    assert all(re.fullmatch(r"[a-zä]+kuu 20\d\d", m) for m in months), list(months)
    assert at.get("download_button")


def test_shopper_files_a_claim_and_the_manager_approves(signed_in, db) -> None:
    shopper = goto(signed_in("shopper1"), "expenses")
    shopper.get("form_submit_button")[0].click().run()
    assert texts(shopper.error) == "Ilmoita ajetut kilometrit tai käytetty summa"
    shopper.text_input(key="exp_km").input("84,5")
    shopper.text_input(key="exp_amount").input("3,5")
    shopper.get("form_submit_button")[0].click().run()
    # Refused for the missing description: what was typed stays for the retry.
    assert texts(shopper.error) == "Kuvaile kulu (esim. matka tai mitä ostettiin)"
    assert shopper.text_input(key="exp_km").value == "84,5"
    assert shopper.text_input(key="exp_amount").value == "3,5"
    shopper.text_input(key="exp_description").input("Porvoo trip")
    shopper.get("form_submit_button")[0].click().run()
    assert not shopper.exception, shopper.exception
    assert texts(shopper.success) == "Kulukorvaus lähetetty.", texts(shopper.error)
    # Filed: the form is empty again and the claim is listed in euros as Finnish writes them.
    assert shopper.text_input(key="exp_km").value == ""
    assert shopper.text_input(key="exp_description").value == ""
    listed = " ".join(e.value for e in [*shopper.markdown, *shopper.caption])
    assert "49,98\u00a0€" in listed  # 84,5 km × 0,55 € = 46,48 € + 3,50 €
    assert "84,5 km" in listed
    at = goto(signed_in("manager"), "pay")
    approve = [b for b in at.button if b.key and b.key.startswith("approve_exp_")]
    assert approve
    approve[0].click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        assert s.scalar(select(AuditLog.action).where(AuditLog.action == "expense.approved"))


def test_a_manager_sees_their_own_claim_without_the_buttons(signed_in, db) -> None:
    """A shopper made manager keeps the claim filed as a shopper; another decides it."""
    with db.session() as s:
        user = s.scalar(select(User).where(User.username == "shopper1"))
        actor = Actor.of(user)
    claim = db.run(expenses.file_expense, actor, dt.date.today(), 0, "9", "parking")
    with db.session() as s:
        s.scalar(select(User).where(User.username == "shopper1")).role = "manager"
    at = goto(signed_in("shopper1"), "pay")
    assert t("m_own_claim", "fi") in texts(at.caption)
    assert f"approve_exp_{claim}" not in {b.key for b in at.button}
    other = goto(signed_in("manager"), "pay")
    assert f"approve_exp_{claim}" in {b.key for b in other.button}


def test_bulk_assignment_lists_broken_rules_before_the_click(signed_in, db) -> None:
    at = goto(signed_in("manager"), "waves")
    visits = at.multiselect(key="assign_visits")
    codes = [option.split(" · ")[0] for option in visits.options[:2]]
    with db.session() as s:
        chosen = s.scalars(
            select(Visit.id)
            .join(Wave)
            .join(Store)
            .where(Wave.name == "Syksy 2026", Store.code.in_(codes))
        ).all()
        demo_made = s.scalar(select(func.max(AuditLog.id)))  # the demo's own assignments
    visits.set_value(chosen).run()
    at.date_input(key="assign_day").set_value(dt.date(2030, 1, 1)).run()
    warned = texts(at.warning)
    assert warned.count("on aallon ulkopuolella") == 2, "each visit, before assigning"
    assigned = select(AuditLog).where(AuditLog.action == "visit.assign", AuditLog.id > demo_made)
    with db.session() as s:
        assert s.scalar(assigned) is None
    at.text_input(key="override_reason").input("the client moved the deadline").run()
    at.button(key="assign_bulk").click().run()
    assert not at.error, texts(at.error)
    with db.session() as s:
        reasons = s.scalars(assigned).all()
        assert [r.detail["reason"] for r in reasons] == ["the client moved the deadline"] * 2


def test_visits_are_unassigned_by_hand_and_a_started_audit_is_refused_by_name(
    signed_in, db
) -> None:
    at = goto(signed_in("manager"), "waves")
    picker = at.multiselect(key="unassign_visits")
    labels = dict(zip(picker.options, _autumn_ids(db, picker.options), strict=True))
    waiting = next(o for o in labels if o.endswith("Ei aloitettu"))
    dated = [o for o in labels if re.search(r"\d{4}-\d{2}", o)]
    assert not dated, f"days as Finnish writes them (ma 23.11.2026), not {dated[:1]}"
    assert any(re.search(r" (ma|ti|ke|to|pe|la|su) \d{1,2}\.\d{1,2}\.\d{4} · ", o) for o in labels)
    draft = next(o for o in labels if o.endswith("Luonnos") and "Sanna Shoppari" in o)
    picker.set_value([labels[waiting], labels[draft]]).run()
    store = draft.split(" · ")[1]
    started = f"{store}: Sanna Shoppari on aloittanut auditoinnin (tila ”Luonnos”)"
    [warned] = at.warning
    assert warned.value.startswith(draft) and started in warned.value, "told before the click"
    assert "vapauta auditointi välilehdellä Tilanne" in warned.value
    at.button(key="unassign").click().run()
    assert not at.exception, at.exception
    assert texts(at.success) == "1 käynnin jako poistettu."
    [refused] = at.error
    assert refused.value.startswith(draft) and started in refused.value
    with db.session() as s:
        assert s.get(Visit, labels[waiting]).shopper_id is None
        assert s.get(Visit, labels[draft]).shopper_id is not None
        logged = s.scalars(select(AuditLog.entity_id).where(AuditLog.action == "visit.unassign"))
        assert list(logged) == [labels[waiting]]
    at.run()
    assert not at.exception, at.exception
    assert labels[waiting] not in at.multiselect(key="unassign_visits").options


def _autumn_ids(db: Database, labels: list[str]) -> list[int]:
    """The Syksy 2026 visit ids of the stores the labels start with ("AM-001 · …")."""
    codes = [label.split(" · ")[0] for label in labels]
    return [v.id for v in map(_autumn_visits(db, *codes).get, codes)]


def test_a_deactivated_shoppers_started_audit_is_released_from_the_board(signed_in, db) -> None:
    visit = _autumn_visits(db, "AM-037")["AM-037"]
    with db.session() as s:
        s.scalar(select(User).where(User.username == "shopper1")).active = False
        old = s.scalar(select(Audit.id).where(Audit.visit_id == visit.id))
        store = s.get(Store, visit.store_id).name
    at = goto(signed_in("manager"), "waves")
    assert "vapauta aloitetut alla" in texts(at.warning)
    release = at.selectbox(key="release_visit")
    gone = [o for o in release.options if "Sanna Shoppari (poistettu käytöstä)" in o]
    assert len(gone) == 1 and release.options[:1] == gone, "hers first, marked"
    release.set_value(visit.id).run()
    assert f"{store}: Sanna Shoppari on poistettu käytöstä" in texts(at.warning)
    assert at.button(key="release").disabled, "not before the confirmation"
    at.checkbox(key="release_sure").check().run()
    at.button(key="release").click().run()
    assert "Kerro syy" in texts(at.error), "a reason is needed"
    at.text_input(key="release_reason").input("Sanna left the company").run()
    at.button(key="release").click().run()
    assert not at.exception, at.exception
    assert texts(at.success).startswith(f"{store}: haamuasiakkaan Sanna Shoppari auditointi")
    with db.session() as s:
        assert s.get(Audit, old).status == "released"
        assert s.get(Visit, visit.id).shopper_id is None
        logged = s.scalar(select(AuditLog).where(AuditLog.action == "audit.release"))
        assert (logged.entity_id, logged.detail["reason"]) == (old, "Sanna left the company")
    at.run()
    assert not at.exception, at.exception
    assert visit.id not in at.selectbox(key="release_visit").options
    assert any(o.startswith("AM-037") for o in at.multiselect(key="assign_visits").options)
    review = goto(at, "")
    review.segmented_control(key="queue_status").set_value("released").run()
    assert store in texts(review.markdown), "kept for the record"


def _progress(at) -> list[str]:
    return [p.proto.text for p in at.get("progress")]


def test_the_board_shows_a_release_assignment_or_unassignment_in_the_same_run(
    signed_in, db
) -> None:
    """The board is drawn above the release and in the tab before the others: each action
    draws the page again, so its bars, counts and lists are never a step behind."""
    visit = _autumn_visits(db, "AM-037")["AM-037"]
    at = goto(signed_in("manager"), "waves")
    assert _progress(at)[0] == "Jaettu 100 %"
    releasable = len(at.selectbox(key="release_visit").options)
    at.selectbox(key="release_visit").set_value(visit.id).run()
    at.text_input(key="release_reason").input("Sanna moved abroad").run()
    at.checkbox(key="release_sure").check().run()
    at.button(key="release").click().run()
    assert not at.exception, at.exception
    assert texts(at.success).startswith("Aurora Motors Kouvola: haamuasiakkaan Sanna Shoppari")
    assert _progress(at)[0] == "Jaettu 98 %", "the release counts at once"
    assert len(at.selectbox(key="release_visit").options) == releasable - 1
    [release] = [e for e in at.expander if e.icon == "🔓"]
    assert f"({releasable - 1})" in release.label
    assert (
        at.selectbox(key="release_visit").value is None
        and not at.text_input(key="release_reason").value
    ), "the next release starts empty"

    at.multiselect(key="assign_visits").set_value([visit.id]).run()
    # Teemu: Olivia, first in the list, had Kouvola in spring (waves in a row need another)
    at.selectbox(key="assign_to").set_value(_shopper_id(db, "shopper2")).run()
    at.date_input(key="assign_day").set_value(dt.date(2026, 12, 14)).run()
    at.button(key="assign_one").click().run()
    assert not at.exception, at.exception
    assert texts(at.success) == "1 käynti jaettu."
    assert _progress(at)[0] == "Jaettu 100 %", "the board in the first tab shows the assignment"
    assert at.multiselect(key="assign_visits").value == []

    at.multiselect(key="unassign_visits").set_value([visit.id]).run()
    at.button(key="unassign").click().run()
    assert not at.exception, at.exception
    assert texts(at.success) == "1 käynnin jako poistettu."
    assert _progress(at)[0] == "Jaettu 98 %"
    assert at.multiselect(key="unassign_visits").value == []


FINNISH_MOMENT = r"(ma|ti|ke|to|pe|la|su) \d{1,2}\.\d{1,2}\.\d{4} \d{1,2}\.\d{2}"


def test_the_review_writes_times_scores_and_answers_as_the_reviewer_reads_them(
    signed_in, db
) -> None:
    at = signed_in("manager")
    [first, *_] = [c.value for c in at.caption if "Haamuasiakas:" in c.value]
    assert re.search(rf"Lähetetty {FINNISH_MOMENT} · Pisteet \d+,\d$", first), first
    with db.session() as s:
        audit_id = s.scalar(
            select(Answer.audit_id)
            .join(Audit)
            .where(Audit.status == "submitted", Answer.item_id == "powertrain_options")
            .where(Answer.value.is_not(None))
        )
        s.get(Audit, audit_id).checkin_distance_m = 1234.4  # checked in down the street
    at.button(key=f"review_{audit_id}").click().run()
    assert not at.exception, at.exception
    [caption] = [c.value for c in at.caption if "Lähetetty" in c.value]
    assert caption.count("Lähetetty") == 1, "the status and the time are not both 'Lähetetty'"
    assert re.search(rf"Lähetetty {FINNISH_MOMENT}$", caption), caption
    assert re.fullmatch(r"\d{1,2}\.\d{2}", at.metric[1].value), "check-in as 9.05"
    assert re.fullmatch(r"\d+,\d", at.metric[0].value), "score as 63,4"
    assert at.metric[2].value == "1\u00a0234 m", "a no-break space between thousands"
    answers = [x.value for x in at.text]
    powertrains = next(
        a for a, m in zip(answers, _item_headings(at), strict=True) if "powertrain_options" in m
    )
    labels = {"Täyssähkö", "Hybridi tai lataushybridi", "Bensiini tai diesel"}
    assert any(label in powertrains for label in labels), f"option labels, not ids: {powertrains}"
    assert re.search(r"🕒 tallennettu klo \d{1,2}\.\d{2}$", powertrains.splitlines()[0])


def test_the_review_says_a_time_and_a_wait_as_finnish_says_them(signed_in, db) -> None:
    at = signed_in("manager")
    audit_id = int(next(b.key for b in at.button if b.key.startswith("review_"))[7:])
    with db.session() as s:
        given = {a.item_id: a.value for a in s.get(Audit, audit_id).answers}
    at.button(key=f"review_{audit_id}").click().run()
    headings = _item_headings(at)
    answers = [x.value for x in at.text][: len(headings)]  # then the log's
    shown = {
        re.search(r"`(\w+)`$", m).group(1): a.splitlines()[0]
        for m, a in zip(headings, answers, strict=True)
    }
    hours, minutes = given["arrival_time"].split(":")
    assert shown["arrival_time"].startswith(f"klo {int(hours)}.{minutes}   🕒 tallennettu klo ")
    assert ":" not in shown["arrival_time"], "one way of writing a time: Finnish"
    waited = given["greeting_time"]["seconds"]
    said = f"{waited // 60} min {waited % 60} s" if waited >= 60 else f"{waited} s"
    assert shown["greeting_time"].startswith(f"{said}   🕒"), (shown["greeting_time"], waited)


def _item_headings(at) -> list[str]:
    """The item lines of the review's answers ("**label** · `id`"), one per st.text answer."""
    return [m.value for m in at.markdown if m.value.endswith("`") and " · `" in m.value]


def test_a_rejected_audit_says_why_and_how_its_visit_is_done_again(signed_in, db) -> None:
    at = signed_in("manager")
    button = next(b for b in at.button if b.key and b.key.startswith("review_"))
    button.click().run()
    at.text_input(key="reject_reason").input("Käynti tehtiin väärään myymälään")
    next(b for b in at.get("form_submit_button") if b.label == "Hylkää").click().run()
    assert not at.exception, at.exception
    at.segmented_control(key="queue_status").set_value("rejected").run()
    next(b for b in at.button if b.key and b.key.startswith("review_")).click().run()
    said = texts(at.warning)
    assert "Hylätty, syy: Käynti tehtiin väärään myymälään." in said
    assert "vapauta auditointi Aallot-sivun Tilanne-välilehdellä" in said


def test_the_board_fits_a_laptop_and_writes_its_days_in_finnish(signed_in, db) -> None:
    visit = _autumn_visits(db, "AM-003")["AM-003"]
    with db.session() as s:
        s.get(Visit, visit.id).shopper_id = None
        s.get(Visit, visit.id).planned_date = None
    at = goto(signed_in("manager"), "waves")
    days = table(at, "m_date")[t("m_date", "fi")].tolist()
    assert "" in days and None not in days, "an unplanned visit has no day, not 'None'"
    dated = [d for d in days if d]
    day = r"(ma|ti|ke|to|pe|la|su) \d{1,2}\.\d{1,2}\.\d{4}"
    assert all(re.fullmatch(day, d) for d in dated), dated


@pytest.mark.parametrize("url_path", ["waves", "stores"])
def test_the_managers_wide_tables_get_the_whole_width(url_path: str) -> None:
    page = SimpleNamespace(url_path=url_path)
    assert pages.layout(page, Actor(id=1, username="m", role="manager")) == "wide"


def test_decided_lists_show_the_newest_first_a_page_at_a_time(signed_in, db) -> None:
    at = signed_in("manager")
    at.segmented_control(key="queue_status").set_value("approved").run()
    with db.session() as s:
        approved = s.scalars(
            select(Audit).where(Audit.status == "approved").order_by(Audit.decided_at.desc())
        ).all()
        newest, total = approved[0].id, len(approved)
        decided = approved[0].decided_at.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)
    assert total > 20, "the demo has more approved audits than one page"
    cards = [b.key for b in at.button if b.key and b.key.startswith("review_")]
    assert len(cards) == 20 and cards[0] == f"review_{newest}"
    when = f"Hyväksytty {day_label(decided.date(), 'fi')} {clock(decided, 'fi')}"
    assert when in texts(at.caption), "each decided card says when it was decided"
    assert f"Näytetään 20 / {total}, uusin ensin" in texts(at.caption)
    at.button(key="queue_more").click().run()
    assert len([b for b in at.button if b.key and b.key.startswith("review_")]) == min(40, total)


def test_each_review_list_says_what_it_lacks_when_empty(signed_in, db) -> None:
    at = signed_in("manager")
    with db.session() as s:
        released = s.scalar(select(func.count()).where(Audit.status == "released"))
    assert not released, "the demo has no released audit"
    at.segmented_control(key="queue_status").set_value("released").run()
    assert texts(at.info) == "Ei vapautettuja auditointeja."
