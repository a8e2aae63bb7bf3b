"""Route planner pages from the real entry point (AppTest): manager plans and proposes, the
brand approves or rejects, the shopper reads the tour. The folium component is replaced."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from audits import fieldwork, routing, tours, waves
from audits.auth import Actor
from audits.config import load_settings
from audits.db import Database
from audits.i18n import clock, day_label, eur, number, t
from audits.models import Audit, AuditLog, Store, Tour, User, Visit, Wave
from audits.tour_export import tour_ics
from audits.tourcheck import RulesBroken, Violation
from audits.ui import shopper_tour, tour_views
from tests.test_tour_export import map_markers
from tests.ui.test_manager_pages import goto, table, texts

MONDAY = dt.date(2026, 11, 23)
pytestmark = pytest.mark.usefixtures("tours_today")


@pytest.fixture
def db(app_env) -> Iterator[Database]:
    database = Database(load_settings().database_url)
    yield database
    database.dispose()


@pytest.fixture(autouse=True)
def maps(monkeypatch: pytest.MonkeyPatch) -> list:
    shown: list = []
    monkeypatch.setattr(
        tour_views, "show_tour_map", lambda fmap, key, height=520: shown.append((key, fmap))
    )
    return shown


def _ids(db: Database) -> tuple[int, int, Actor]:
    with db.session() as s:
        wave = s.scalar(
            select(Wave).where(Wave.name == "Syksy 2026", Wave.client.has(name="Aurora Motors"))
        )
        shopper = s.scalar(select(User).where(User.username == "shopper1"))
        manager = Actor.of(s.scalar(select(User).where(User.username == "manager")))
        return wave.id, shopper.id, manager


def _visits(db: Database, wave_id: int, *codes: str) -> tuple[int, ...]:
    with db.session() as s:
        return tuple(
            s.scalars(
                select(Visit.id)
                .join(Store, Visit.store_id == Store.id)
                .where(Visit.wave_id == wave_id, Store.code.in_(codes))
            )
        )


def _proposal(db: Database, *codes: str) -> tuple[int, tours.TourPlan]:
    wave_id, shopper_id, manager = _ids(db)
    spec = tours.TourSpec(
        wave_id,
        shopper_id,
        MONDAY,
        selection="stores",
        visit_ids=_visits(db, wave_id, *codes),
    )
    _, plan = tours.plan_for(db, manager, spec)
    return db.run(tours.save_proposal, manager, wave_id, shopper_id, plan), plan


def said(key: str, text: str, **values: object) -> bool:
    """The text in either language (the demo users do not all use Finnish)."""
    return t(key, "fi", **values) in text or t(key, "en", **values) in text


def _plan(at) -> None:
    at.button(key="tour_plan").click().run()
    assert not at.exception, at.exception


def test_manager_plans_moves_by_hand_replans_and_proposes(signed_in, db, maps) -> None:
    wave_id, shopper_id, _ = _ids(db)
    at = _routes_for_region(signed_in, wave_id, shopper_id)
    # four-hour visits: one store a day in November daylight
    at.number_input(key="tour_visit_minutes").set_value(240).run()
    _plan(at)
    assert maps and maps[-1][0] == "tour_map", "the tour is drawn through our map function"
    html = maps[-1][1].get_root().render()
    assert "Koti: " in html and "Home: " not in html, "the map in the manager's language"
    days = table(at, "tr_arrive")
    planned = days[days[t("m_code", "fi")] != ""]
    assert sorted(planned[t("m_code", "fi")]) == ["AM-038", "AM-039"]
    assert planned[t("tr_day", "fi")].nunique() == 2
    assert {m.label for m in at.metric} >= {t("tr_km", "fi"), t("tr_cost", "fi")}
    with db.session() as s:
        logged = s.scalar(select(AuditLog).where(AuditLog.action == "tour.plan"))
        assert logged is not None and logged.detail["stores"] == 2

    # moving the second store onto the first day breaks daylight: refused, violations shown
    first_day = planned.iloc[0][t("tr_day", "fi")]
    other = planned.iloc[1][t("m_code", "fi")]
    at.selectbox(key="tour_move_store").set_value(other).run()
    first_date = dt.datetime.strptime(first_day.split()[1], "%d.%m.%Y").date()
    at.selectbox(key="tour_move_day").set_value(first_date).run()
    at.button(key="tour_move").click().run()
    assert not at.exception, at.exception
    refused = texts(at.error)
    assert f"{other} → {first_day}" in refused
    assert t("tv_daylight", "fi") in refused
    assert "ei päivänvaloa (käynti päivänvalon ulkopuolella)" in refused, "the detail is Finnish"
    assert "outside" not in refused, refused
    assert table(at, "tr_arrive")[t("tr_day", "fi")].nunique() == 2, "the plan is unchanged"

    # change a rule and re-plan: 45-minute visits fit on one day; then a valid hand move
    at.number_input(key="tour_visit_minutes").set_value(45).run()
    _plan(at)
    days = table(at, "tr_arrive")
    planned = days[days[t("m_code", "fi")] != ""]
    assert planned[t("tr_day", "fi")].nunique() == 1
    at.selectbox(key="tour_move_store").set_value("AM-039").run()
    at.selectbox(key="tour_move_day").set_value(MONDAY + dt.timedelta(days=1)).run()
    at.button(key="tour_move").click().run()
    assert not at.exception, at.exception
    assert at.success and "AM-039" in texts(at.success)
    days = table(at, "tr_arrive")
    moved = days[days[t("m_code", "fi")] == "AM-039"]
    assert moved.iloc[0][t("tr_day", "fi")].endswith(
        (MONDAY + dt.timedelta(days=1)).strftime("%d.%m.%Y")
    )

    assert at.get("download_button"), "the Excel export is offered"
    at.button(key="tour_save").click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        tour = s.scalar(select(Tour))
        assert tour is not None and tour.status == "proposed"
        assert tour.shopper_id == shopper_id and tour.wave_id == wave_id
        assert tour.plan["moves"][0]["store"] == "AM-039"
        assert s.scalar(select(AuditLog).where(AuditLog.action == "tour.propose"))
    assert f"#{tour.id}" in texts(at.success)
    at.run()
    assert at.button(key="tour_save").disabled, "a plan is proposed once"
    saved = table(at, "tr_decision_note")
    assert list(saved[t("tr_tour", "fi")]) == [f"#{tour.id}"]


def _routes_for_region(signed_in, wave_id: int, shopper_id: int):
    """The Routes page with the Kymenlaakso stores chosen, from MONDAY."""
    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    at.selectbox(key="tour_shopper").set_value(shopper_id).run()
    at.segmented_control(key="tour_selection").set_value("region").run()
    at.selectbox(key="tour_region").set_value("Kymenlaakso").run()
    at.date_input(key="tour_start").set_value(MONDAY).run()
    return at


def test_a_long_tours_figures_are_written_as_finnish_writes_them(signed_in, db) -> None:
    """Six towns in the south and east from Helsinki: over a thousand km, "1 234" with a
    no-break space; the time the planning took with a decimal comma."""
    wave_id, shopper_id, manager = _ids(db)
    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    at.selectbox(key="tour_shopper").set_value(shopper_id).run()
    at.segmented_control(key="tour_selection").set_value("stores").run()
    codes = ("AM-004", "AM-010", "AM-013", "AM-038", "AM-039", "AM-054")
    picked = list(_visits(db, wave_id, *codes))
    assert len(picked) == len(codes)
    at.multiselect(key="tour_stores").set_value(picked).run()
    at.date_input(key="tour_start").set_value(MONDAY).run()
    at.selectbox(key="tour_daylight").set_value("off").run()
    _plan(at)
    km = next(m.value for m in at.metric if m.label == t("tr_km", "fi"))
    assert re.fullmatch(r"\d\u00a0\d{3}", km), km
    [planned] = [e.label for e in at.status]
    assert re.fullmatch(r"Matka suunniteltu \(\d+,\d s\)", planned), planned


def test_a_plan_cut_short_by_the_time_cap_says_so_in_finnish_and_in_the_log(
    signed_in, db, monkeypatch: pytest.MonkeyPatch
) -> None:
    wave_id, shopper_id, _ = _ids(db)
    at = _routes_for_region(signed_in, wave_id, shopper_id)
    at.number_input(key="tour_visit_minutes").set_value(240).run()  # two days: a walk to one
    _plan(at)
    assert t("tr_cut_short", "fi") not in texts(at.warning)

    def capped(request: routing.TourRequest, **options: object) -> routing.TourPlan:
        return routing.plan_tour(request, **options, time_limit=0)  # type: ignore[arg-type]

    monkeypatch.setattr(tours, "plan_tour", capped)
    _plan(at)
    assert t("tr_cut_short", "fi") in texts(at.warning)
    with db.session() as s:
        logged = s.scalars(select(AuditLog).where(AuditLog.action == "tour.plan")).all()
    assert [entry.detail["cut_short"] for entry in logged] == [False, True]


def test_refused_plans_and_saves_read_in_finnish(signed_in, db, maps) -> None:
    wave_id, shopper_id, _ = _ids(db)
    at = _routes_for_region(signed_in, wave_id, shopper_id)
    at.time_input(key="tour_day_start").set_value(dt.time(19)).run()
    at.time_input(key="tour_day_end").set_value(dt.time(8)).run()
    _plan(at)
    assert texts(at.error) == "Työpäivä päättyy ennen kuin se alkaa"

    at.time_input(key="tour_day_start").set_value(dt.time(8)).run()
    at.time_input(key="tour_day_end").set_value(dt.time(19)).run()
    at.text_input(key="tour_home").input("Nowhereville Xyz").run()
    _plan(at)
    assert texts(at.error) == "Paikkaa ”Nowhereville Xyz” ei löytynyt"

    at.text_input(key="tour_home").input("").run()
    _plan(at)
    assert not at.error
    # the visit's shopper opens an audit while the manager looks at the plan: it cannot be toured
    days = table(at, "tr_arrive")
    code = days[days[t("m_code", "fi")] != ""][t("m_code", "fi")].iloc[0]
    (visit_id,) = _visits(db, wave_id, code)
    with db.session() as s:
        visit = s.get(Visit, visit_id)
        visit.shopper_id = shopper_id
        shopper = Actor.of(s.get(User, shopper_id))
    db.run(fieldwork.start_audit, shopper, visit_id)
    at.button(key="tour_save").click().run()
    assert not at.exception, at.exception
    assert texts(at.error) == f"Myymälällä {code} on jo auditointi; sitä ei voi ottaa matkaan"
    with db.session() as s:
        assert s.scalar(select(Tour)) is None


def _shopper2(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(User.id).where(User.username == "shopper2"))


def _reserved_table(at):
    """The table of the visits other tours hold (under its expander)."""
    columns = {t("m_code", "fi"), t("tr_tour", "fi")}
    return next((d.value for d in at.dataframe if columns <= set(d.value.columns)), None)


def _hand_picked_codes(at) -> set[str]:
    """The stores offered to pick by hand (the region chosen before is forgotten)."""
    at.segmented_control(key="tour_selection").set_value("stores").run()
    return {o.split(" · ")[0] for o in at.multiselect(key="tour_stores").options}


def test_a_proposals_stores_are_not_offered_until_it_is_withdrawn(signed_in, db, maps) -> None:
    tour_id, _ = _proposal(db, "AM-038")
    wave_id, _, _ = _ids(db)
    at = _routes_for_region(signed_in, wave_id, _shopper2(db))
    assert texts(at.caption).startswith("1 myymälä valittu"), "AM-039 only"
    assert [e.label for e in at.expander if e.label == t("tr_reserved", "fi", n=1)]
    held = _reserved_table(at)
    assert held.to_dict("records") == [
        {
            t("m_code", "fi"): "AM-038",
            t("store", "fi"): held.iloc[0][t("store", "fi")],
            t("city", "fi"): held.iloc[0][t("city", "fi")],
            t("tr_tour", "fi"): f"#{tour_id}",
            t("shopper", "fi"): "Sanna Shoppari",
            t("m_status", "fi"): t("tr_status_proposed", "fi"),
        }
    ]
    _plan(at)
    days = table(at, "tr_arrive")
    assert list(days[days[t("m_code", "fi")] != ""][t("m_code", "fi")]) == ["AM-039"]
    assert "AM-038" not in _hand_picked_codes(at)

    at.segmented_control(key="tour_selection").set_value("region").run()
    at.selectbox(key="tour_region").set_value("Kymenlaakso").run()
    at.button(key="tour_withdraw").click().run()
    assert not at.exception, at.exception
    assert _reserved_table(at) is None
    assert texts(at.caption).startswith("2 myymälää valittu")
    assert "AM-038" in _hand_picked_codes(at)


def test_saving_a_plan_whose_store_another_proposal_took_meanwhile_is_refused(
    signed_in, db, maps
) -> None:
    wave_id, _, _ = _ids(db)
    at = _routes_for_region(signed_in, wave_id, _shopper2(db))
    _plan(at)
    tour_id, _ = _proposal(db, "AM-039")  # another manager, a moment later
    at.button(key="tour_save").click().run()
    assert not at.exception, at.exception
    assert texts(at.error) == (
        f"AM-039 on jo matkaehdotuksessa {tour_id} (Sanna Shoppari), joka odottaa asiakkaan "
        "päätöstä: peru se ensin tai jätä myymälä pois"
    )
    with db.session() as s:
        assert [t.id for t in s.scalars(select(Tour))] == [tour_id]


def test_withdrawing_a_tour_the_brand_has_just_approved_is_refused_in_finnish(
    signed_in, db, maps
) -> None:
    tour_id, _ = _proposal(db, "AM-038")
    wave_id, _, _ = _ids(db)
    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    assert at.selectbox(key="tour_withdraw_id").value == tour_id
    with db.session() as s:
        brand = Actor.of(s.scalar(select(User).where(User.username == "aurora")))
    db.run(tours.approve_tour, brand, tour_id)
    at.button(key="tour_withdraw").click().run()
    assert not at.exception, at.exception
    assert texts(at.error) == (
        f"Matka {tour_id} on jo hyväksytty: vain asiakkaan päätöstä odottavan ehdotuksen voi perua"
    )
    with db.session() as s:
        assert s.get(Tour, tour_id).status == "approved"


def test_a_plan_the_checker_turns_down_lists_each_broken_rule_in_finnish() -> None:
    saturday = MONDAY + dt.timedelta(days=5)
    closed = Violation.of("closed", saturday, "AM-034", "tp_check_outside_hours")
    refused = RulesBroken("tp_plan_breaks", [closed])
    assert tour_views.refusal_text(refused, "fi") == (
        "Suunnitelma rikkoo sääntöjä:\n\n"
        "- **la 28.11.2026 · AM-034**: myymälä on suljettu (käynti aukioloaikojen ulkopuolella)"
    )
    assert str(refused) == (
        "The plan breaks the rules: closed: 2026-11-28 AM-034: visit outside opening hours"
    )


def test_the_waves_daily_maximum_is_prefilled_and_a_changed_one_replans(
    signed_in, db, maps
) -> None:
    wave_id, shopper_id, _ = _ids(db)
    with db.session() as s:
        s.get(Wave, wave_id).assignment_rules = {"max_visits_per_day": 1}
    at = _routes_for_region(signed_in, wave_id, shopper_id)
    per_day = at.number_input(key=f"tour_max_visits_{wave_id}")
    assert per_day.value == 1, "the wave's rule"
    _plan(at)
    days = table(at, "tr_arrive")
    planned = days[days[t("m_code", "fi")] != ""]
    assert planned.groupby(t("tr_day", "fi")).size().tolist() == [1, 1]
    assert "(aalto sallii" not in texts(at.warning), "the plan keeps the wave's rule"

    at.number_input(key=f"tour_max_visits_{wave_id}").set_value(2).run()
    _plan(at)
    days = table(at, "tr_arrive")
    planned = days[days[t("m_code", "fi")] != ""]
    assert planned.groupby(t("tr_day", "fi")).size().tolist() == [2]
    assert "2 käyntiä (aalto sallii 1 päivässä)" in texts(at.warning)
    with db.session() as s:
        logged = s.scalars(
            select(AuditLog).where(AuditLog.action == "tour.plan").order_by(AuditLog.id)
        ).all()
        assert [row.detail["rules"]["max_visits_per_day"] for row in logged] == [1, 2]


def test_the_objective_km_keeps_nights_on_the_road_and_cost_goes_home(signed_in, db, maps) -> None:
    wave_id, shopper_id, _ = _ids(db)
    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    at.selectbox(key="tour_shopper").set_value(shopper_id).run()
    at.segmented_control(key="tour_selection").set_value("region").run()
    at.selectbox(key="tour_region").set_value("Kymenlaakso").run()
    at.date_input(key="tour_start").set_value(MONDAY).run()
    at.number_input(key=f"tour_max_visits_{wave_id}").set_value(1).run()
    assert at.selectbox(key="tour_objective").value == "cost"
    _plan(at)
    cost_days = table(at, "tr_arrive")
    hotel = t("tr_hotel_in", "fi", place="")
    assert not cost_days[t("store", "fi")].str.startswith(hotel).any(), "home between days"
    at.selectbox(key="tour_objective").set_value("km").run()
    _plan(at)
    km_days = table(at, "tr_arrive")
    assert km_days[t("store", "fi")].str.startswith(hotel).sum() == 1
    with db.session() as s:
        logged = s.scalars(
            select(AuditLog).where(AuditLog.action == "tour.plan").order_by(AuditLog.id)
        ).all()
        assert [row.detail["rules"]["objective"] for row in logged] == ["cost", "km"]


def test_two_shoppers_share_the_stores_each_from_home_and_each_share_is_proposed(
    signed_in, db, maps
) -> None:
    wave_id, shopper_id, manager = _ids(db)
    with db.session() as s:
        partner = s.scalar(select(User).where(User.username == "shopper2"))  # lives in Tampere
        partner_id, partner_name = partner.id, partner.display_name
    free = db.run(tours.tour_candidates, manager, wave_id)
    # a store near Helsinki and one in Pohjois-Savo, nearer Tampere
    picked = [next(c for c in free if c.region == region) for region in ("Uusimaa", "Pohjois-Savo")]
    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    at.selectbox(key="tour_shopper").set_value(shopper_id).run()
    at.segmented_control(key="tour_selection").set_value("stores").run()
    at.multiselect(key="tour_stores").set_value([c.visit_id for c in picked]).run()
    at.date_input(key="tour_start").set_value(MONDAY).run()
    options = at.multiselect(key="tour_partners").options
    assert any(o.startswith(partner_name) for o in options)
    assert not any(o.startswith("Sanna Shoppari") for o in options), "the main shopper is not"
    at.multiselect(key="tour_partners").set_value([partner_id]).run()
    _plan(at)
    shares = at.segmented_control(key="tour_share")
    assert shares.options[1].startswith(partner_name), shares.options
    assert maps[-1][0] == "tour_map", "the first shopper's plan is shown first"
    at.button(key="tour_save").click().run()
    at.segmented_control(key="tour_share").set_value(1).run()
    assert maps[-1][0] == "tour_map_1"
    assert not at.button(key="tour_save_1").disabled
    at.button(key="tour_save_1").click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        proposed = {
            tour.shopper_id: [v["store"] for d in tour.plan["days"] for v in d["visits"]]
            for tour in s.scalars(select(Tour))
        }
        logged = s.scalar(select(AuditLog).where(AuditLog.action == "tour.plan"))
    assert proposed == {shopper_id: [picked[0].code], partner_id: [picked[1].code]}
    assert [x["shopper_id"] for x in logged.detail["shoppers"]] == [shopper_id, partner_id]


def test_manager_withdraws_a_proposal_and_the_client_cannot_approve_it(signed_in, db, maps) -> None:
    tour_id, _ = _proposal(db, "AM-038")
    wave_id, _, _ = _ids(db)
    brand = signed_in("aurora")
    brand = goto(brand, "tours")
    assert said("tr_waiting", texts(brand.info), n=1)

    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    assert at.selectbox(key="tour_withdraw_id").value == tour_id
    at.text_input(key="tour_withdraw_reason").input("wrong shopper").run()
    at.button(key="tour_withdraw").click().run()
    assert not at.exception, at.exception
    assert t("tr_withdrawn_msg", "fi", id=tour_id) in texts(at.success)
    saved = table(at, "tr_decision_note")
    assert list(saved[t("m_status", "fi")]) == [t("tr_status_withdrawn", "fi")]
    assert list(saved[t("tr_decision_note", "fi")]) == ["wrong shopper"]
    assert not [b for b in at.button if b.key == "tour_withdraw"], "nothing left to withdraw"
    with db.session() as s:
        tour = s.get(Tour, tour_id)
        assert (tour.status, tour.decision_note) == ("withdrawn", "wrong shopper")
        assert s.scalar(select(AuditLog).where(AuditLog.action == "tour.withdraw"))

    # the client's page was still open on the proposal: approving now only shows it withdrawn
    brand.button(key="c_tour_approve").click().run()
    assert not brand.exception, brand.exception
    assert not said("tr_waiting", texts(brand.info), n=1)
    assert not [b for b in brand.button if b.key == "c_tour_approve"]
    assert "wrong shopper" in texts(brand.warning)
    with db.session() as s:
        assert s.get(Tour, tour_id).status == "withdrawn"


def test_brand_approves_the_cost_and_the_visits_are_assigned(signed_in, db, maps) -> None:
    tour_id, plan = _proposal(db, "AM-038", "AM-039")
    at = goto(signed_in("aurora"), "tours")
    assert said("tr_waiting", texts(at.info), n=1)
    costs = table(at, "tr_cost_basis")
    assert costs["€"].iloc[-1] == pytest.approx(float(plan.cost.total_eur))
    assert maps, "the tour map is shown to the client"
    days = table(at, "tr_arrive")
    on_a_phone = at.table[0].value  # day, stop and time: no columns past a phone's edge
    assert list(on_a_phone.columns) == ["Day", "Store", "Visit"] and len(on_a_phone) == len(days)
    nights = days[days["#"] == ""]
    shown = on_a_phone.loc[nights.index, "Visit"].str.replace("\\", "")  # Markdown's escapes
    assert list(shown) == list(nights["Arrive"]), "where a day ends, the arrival"
    at.text_area(key="c_tour_reason").input("budget ok").run()
    at.button(key="c_tour_approve").click().run()
    assert not at.exception, at.exception
    assert said("tr_approved_msg", texts(at.success), n=2)
    dates = {v.store.code: d.date for d in plan.days for v in d.visits}
    with db.session() as s:
        tour = s.get(Tour, tour_id)
        assert tour.status == "approved" and tour.decision_note == "budget ok"
        shopper = s.scalar(select(User).where(User.username == "shopper1"))
        for code, day in dates.items():
            visit = s.scalar(
                select(Visit).join(Store).where(Store.code == code, Visit.wave_id == tour.wave_id)
            )
            assert (visit.shopper_id, visit.planned_date, visit.tour_id) == (
                shopper.id,
                day,
                tour_id,
            )
    decided = [b for b in at.button if b.key == "c_tour_approve"]
    assert not decided, "a decided tour cannot be decided again"


def test_the_brand_reads_which_wave_rules_an_approval_breaks(signed_in, db, maps) -> None:
    # Helsinki and Vantaa: shopper2's this autumn, shopper1's in spring
    tour_id, _ = _proposal(db, "AM-045", "AM-047")
    with db.session() as s:
        aurora = Actor.of(s.scalar(select(User).where(User.username == "aurora")))
    breaks = db.run(tours.approval_rule_breaks, aurora, tour_id)
    assert [b.rule for b in breaks] == ["consecutive_waves"] * 2, "shopper1 had them in spring"
    at = goto(signed_in("aurora"), "tours")
    warning = texts(at.warning)
    assert said("tr_approval_breaks", warning, n=len(breaks))
    assert all(b.said.text("fi") in warning or b.said.text("en") in warning for b in breaks)


def test_brand_rejects_with_a_reason(signed_in, db) -> None:
    tour_id, _ = _proposal(db, "AM-038")
    at = goto(signed_in("aurora"), "tours")
    at.text_area(key="c_tour_reason").input("too expensive").run()
    at.button(key="c_tour_reject").click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        tour = s.get(Tour, tour_id)
        assert (tour.status, tour.decision_note) == ("rejected", "too expensive")
        visit = s.scalar(select(Visit).join(Store).where(Store.code == "AM-038"))
        assert visit.tour_id is None
    assert "too expensive" in texts(at.warning)


def test_a_dealer_has_no_tours_page(signed_in) -> None:
    at = signed_in("dealer")
    assert "tours" not in {i.get("url_pathname") for i in at._registered_pages.values()}


def test_shopper_reads_the_approved_tour_with_route_links_and_a_calendar(
    signed_in, db, monkeypatch: pytest.MonkeyPatch
) -> None:
    calendars: list[str] = []

    def calendar(plan: tours.TourPlan, lang: str) -> bytes:
        data = tour_ics(plan, lang)
        calendars.append(data.decode())
        return data

    monkeypatch.setattr(shopper_tour, "tour_ics", calendar)
    tour_id, plan = _proposal(db, "AM-038", "AM-039")
    with db.session() as s:
        brand = Actor.of(s.scalar(select(User).where(User.username == "aurora")))
    db.run(tours.approve_tour, brand, tour_id)
    at = goto(signed_in("shopper1"), "tour")
    links = [e.proto.url for e in at.get("link_button")]
    assert len(links) == len(plan.days)
    assert all(u.startswith("https://www.google.com/maps/dir/?api=1") for u in links)
    assert "waypoints=" in links[0]
    assert at.get("download_button"), "the .ics download is offered"
    assert "SUMMARY:Käynti: " in calendars[-1], "in the shopper's language (Finnish)"
    shown = texts(at.markdown)
    assert all(v.store.name in shown for d in plan.days for v in d.visits)
    first = plan.days[0].visits[0]
    # The times as Finnish writes them (9.05), the same as in the calendar and on the map.
    assert f"**{first.start.hour}.{first.start:%M}–{first.end.hour}.{first.end:%M}**" in shown


def _approved(db: Database, *codes: str, **rules: object) -> tuple[int, tours.TourPlan]:
    """shopper1's tour of the stores, proposed by the manager and approved by the brand."""
    wave_id, shopper_id, manager = _ids(db)
    visits = _visits(db, wave_id, *codes)
    start = rules.pop("start", MONDAY)
    spec = tours.TourSpec(wave_id, shopper_id, start, selection="stores", visit_ids=visits, **rules)
    _, plan = tours.plan_for(db, manager, spec)
    tour_id = db.run(tours.save_proposal, manager, wave_id, shopper_id, plan)
    with db.session() as s:
        brand = Actor.of(s.scalar(select(User).where(User.username == "aurora")))
    db.run(tours.approve_tour, brand, tour_id)
    return tour_id, plan


def test_a_stops_button_opens_its_audit_and_then_continues_it(signed_in, db) -> None:
    _, plan = _approved(db, "AM-038", "AM-039")
    wave_id, shopper_id, _ = _ids(db)
    visit_of = {code: _visits(db, wave_id, code)[0] for code in ("AM-038", "AM-039")}
    first = plan.days[0].visits[0]
    visit_id = visit_of[first.store.code]
    at = goto(signed_in("shopper1"), "tour")
    assert {b.key for b in at.button} >= {f"tour_open_{v}" for v in visit_of.values()}
    button = at.button(key=f"tour_open_{visit_id}")
    assert button.label == t("tr_start_audit", "fi")
    button.click().run()
    assert not at.exception, at.exception
    with db.session() as s:
        audit = s.scalar(select(Audit).where(Audit.visit_id == visit_id))
        assert audit is not None and audit.shopper_id == shopper_id
    assert at.query_params["audit"] == str(audit.id), "the audit page of that visit"
    assert first.store.name in texts(at.subheader)

    back = next(b for b in at.button if b.label == "← Matkani")  # not "← Käyntini"
    back.click().run()
    assert [h.value for h in at.header] == [t("tr_my_tour", "fi")], "back on the tour"
    assert at.button(key=f"tour_open_{visit_id}").label == t("tr_continue_audit", "fi")
    assert f"📝 {t('status_draft', 'fi')}" in texts(at.caption)


def test_a_day_reads_whether_it_leaves_from_home_or_from_last_nights_hotel(signed_in, db) -> None:
    _, plan = _approved(db, "AM-004", "AM-010", "AM-038", "AM-039", daylight="off")
    at = goto(signed_in("shopper1"), "tour")
    captions = texts(at.caption)
    for k, day in enumerate(plan.days):
        at_time = clock(day.depart, "fi")
        if k and plan.days[k - 1].hotel:
            hotel = plan.days[k - 1].end_place.name
            assert f"Lähtö klo {at_time} hotellista: {hotel} · ajoa " in captions
        else:
            assert f"Lähtö klo {at_time} kotoa (Helsinki) · ajoa " in captions
    assert any(d.hotel for d in plan.days[:-1]), "a night on the road"


def test_a_hotel_on_the_road_is_named_by_its_town(signed_in, db) -> None:
    """Sanna from Helsinki to Kuopio and Joensuu from Thursday: the evening's drive home from
    Joensuu stops near Enonkoski, the town to book a hotel in."""
    _, plan = _approved(db, "AM-010", "AM-013", start=dt.date(2026, 11, 26), daylight="off")
    hotel = "Enonkoski (Joensuu → Helsinki, 84 km)"
    assert plan.days[0].end_place.name == hotel
    at = goto(signed_in("shopper1"), "tour")
    assert f"🏨 Hotelliyö: {hotel} · perillä klo 19.00" in texts(at.markdown)
    leave = f"Lähtö klo 8.00 hotellista: {hotel} · ajoa "
    assert leave in texts(at.caption)


def test_todays_route_is_on_a_map_numbered_as_listed_and_any_day_on_request(
    signed_in, db, maps
) -> None:
    tour_id, plan = _approved(db, "AM-004", "AM-010", "AM-038", "AM-039", daylight="off")
    at = goto(signed_in("shopper1"), "tour")
    # today's day (the first) is on its map at once; the others when asked for
    assert [key for key, _ in maps] == [f"tour_day_map_{tour_id}_0"]
    stops = [m for m in map_markers(maps[-1][1]) if m[0].isdigit()]
    assert [(n, said.split("</b>")[0]) for n, _, said in stops] == [
        (str(n), f"<b>{n}. {v.store.name}") for n, v in enumerate(plan.days[0].visits, 1)
    ]
    assert all(f":gray-badge[{n}]" in texts(at.markdown) for n in range(1, len(stops) + 1))
    last = len(plan.days) - 1
    at.toggle(key=f"tour_map_on_{tour_id}_{last}").set_value(True).run()
    assert [k for k, _ in maps[-2:]] == [f"tour_day_map_{tour_id}_{d}" for d in (0, last)]
    links = [e.proto.url for e in at.get("link_button")]
    assert len(links) == len(plan.days), "each day's route in the phone's maps app still"


def test_shopper_reads_a_long_tours_km_as_finnish_writes_them(signed_in, db) -> None:
    """Over a thousand km, the tour's and each day's: "1 234 km" (a no-break space between
    the thousands), not "1234 km"."""
    wave_id, shopper_id, manager = _ids(db)
    spec = tours.TourSpec(  # Joensuu and Iisalmi from Helsinki and back
        wave_id,
        shopper_id,
        MONDAY,
        selection="stores",
        visit_ids=_visits(db, wave_id, "AM-013", "AM-004"),
        daylight="off",
    )
    _, plan = tours.plan_for(db, manager, spec)
    tour_id = db.run(tours.save_proposal, manager, wave_id, shopper_id, plan)
    with db.session() as s:
        brand = Actor.of(s.scalar(select(User).where(User.username == "aurora")))
    db.run(tours.approve_tour, brand, tour_id)
    at = goto(signed_in("shopper1"), "tour")
    assert not at.exception, at.exception
    km = number(plan.km, "fi", 0)
    assert plan.km >= 1000 and "\u00a0" in km, km
    captions = texts(at.caption)
    summary = t(
        "tr_my_summary",
        "fi",
        days=len(plan.days),
        visits=plan.visit_count,
        km=km,
        nights=plan.hotel_nights,
    )
    assert summary in captions, captions
    assert all(f" · ajoa {number(day.km, 'fi', 0)} km" in captions for day in plan.days)
    # "klo" before a time, as in "Lähtö klo 8.00 kotoa": a bare "9.05" may read as a date.
    assert all(
        f"perillä klo {clock(v.arrive, 'fi')}" in captions for d in plan.days for v in d.visits
    )
    assert f"🏠 Kotona klo {clock(plan.days[-1].end_arrive, 'fi')}" in texts(at.markdown)


def test_after_a_visit_left_each_page_says_so_and_sets_the_approved_figures_beside_now(
    signed_in, db, maps, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbooks: list[bytes] = []
    made = tour_views.xlsx_bytes

    def workbook(*args) -> bytes:
        workbooks.append(made(*args))
        return workbooks[-1]

    monkeypatch.setattr(tour_views, "xlsx_bytes", workbook)
    tour_id, plan = _proposal(db, "AM-038", "AM-039")
    wave_id, _, manager = _ids(db)
    with db.session() as s:
        brand = Actor.of(s.scalar(select(User).where(User.username == "aurora")))
        name = s.scalar(select(Store.name).where(Store.code == "AM-039"))
        city = s.scalar(select(Store.city).where(Store.code == "AM-039"))
    db.run(tours.approve_tour, brand, tour_id)
    [visit_id] = _visits(db, wave_id, "AM-039")
    db.run(waves.unassign, manager, visit_id, override_reason="the store is shut")
    change = db.run(tours.load_tour, brand, tour_id).summary.change
    assert change is not None and change.now.km < change.approved.km
    day = {v.store.code: d.date for d in plan.days for v in d.visits}["AM-039"]

    # the brand (English): the note, each figure now beside the approved one, the workbook
    at = goto(signed_in("aurora"), "tours")
    assert not at.exception, at.exception
    note = texts(at.warning)
    assert t("tr_changed", "en", n=1) in note
    assert f"{name} ({city}), planned for {day_label(day, 'en')}: taken out on " in note
    assert "Mon 23.11.2026 at 12:00" in note, "when it left, in Finnish time"
    figures = table(at, "tr_figure").set_index("Figure")
    assert figures.loc["Km", "Now"] == number(change.now.km, "en", 0)
    assert figures.loc["Km", "Approved"] == number(change.approved.km, "en", 0)
    assert figures.loc["Cost", "Approved"] == eur(change.approved.cost_eur, "en")
    costs = table(at, "tr_cost_basis")
    assert costs["Now €"].iloc[-1] == pytest.approx(float(change.now.cost_eur))
    assert costs["Approved €"].iloc[-1] == pytest.approx(float(change.approved.cost_eur))
    label = at.selectbox(key="c_tour").format_func(tour_id)
    assert label.endswith(
        t(
            "tr_cost_now",
            "en",
            approved=eur(change.approved.cost_eur, "en"),
            now=eur(change.now.cost_eur, "en"),
        )
    )
    sheet = load_workbook(io.BytesIO(workbooks[-1]))["Summary"]
    summary = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in sheet[1]] == [None, "Now", "Approved"]
    assert summary["Km"][1] == change.approved.km and summary["Km"][0] < change.approved.km
    assert summary["Visits taken out"][0].startswith(f"{name} ({city})")

    # the shopper (Finnish): the note and the figures now beside the approved ones
    at = goto(signed_in("shopper1"), "tour")
    assert t("tr_changed", "fi", n=1) in texts(at.warning)
    assert "ma 23.11.2026 klo 12.00" in texts(at.warning)
    now, approved = change.now, change.approved
    assert t(
        "tr_my_summary_now",
        "fi",
        days=now.days,
        visits=now.visits,
        km=number(now.km, "fi", 0),
        nights=now.hotel_nights,
        a_days=approved.days,
        a_visits=approved.visits,
        a_km=number(approved.km, "fi", 0),
        a_nights=approved.hotel_nights,
    ) in texts(at.caption)
    assert name not in texts(at.markdown)

    # the manager's saved tours: the figures now, what left and what was approved
    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    saved = table(at, "tr_changed_col").set_index(t("tr_tour", "fi"))
    row = saved.loc[f"#{tour_id}"]
    assert row["Km nyt"] == round(change.now.km)
    assert row["Kustannus nyt"] == pytest.approx(float(change.now.cost_eur))
    assert row[t("tr_changed_col", "fi")] == t(
        "tr_changed_cell",
        "fi",
        n=1,
        stores=name,
        km=number(change.approved.km, "fi", 0),
        cost=eur(change.approved.cost_eur, "fi"),
    )


def test_shopper_without_an_approved_tour_sees_a_note(signed_in, db) -> None:
    _proposal(db, "AM-038")  # proposed only: not the shopper's to see yet
    at = goto(signed_in("shopper1"), "tour")
    assert said("tr_no_tour", texts(at.info))


def test_a_deactivated_shoppers_visits_are_offered_as_unassigned_and_marked(
    signed_in, db, maps
) -> None:
    wave_id, _, _ = _ids(db)
    with db.session() as s:
        s.scalar(select(User).where(User.username == "shopper1")).active = False
    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    at.segmented_control(key="tour_selection").set_value("unassigned").run()
    unassigned = int(texts(at.caption).split(" myymälä")[0].split()[-1])
    at.segmented_control(key="tour_selection").set_value("stores").run()
    options = at.multiselect(key="tour_stores").options
    hers = [o for o in options if "Sanna Shoppari" in o]
    assert hers and all("Sanna Shoppari – poistettu käytöstä" in o for o in hers)
    free = [o for o in options if "(" not in o]
    assert unassigned == len(free) + len(hers), "hers count with the unassigned ones"


def test_a_wave_with_every_visit_assigned_says_why_none_is_offered(signed_in, db) -> None:
    wave_id, shopper_id, _ = _ids(db)
    with db.session() as s:
        for visit in s.scalars(select(Visit).where(Visit.wave_id == wave_id)):
            if visit.audit is None:
                visit.shopper_id, visit.planned_date = shopper_id, MONDAY
    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    at.segmented_control(key="tour_selection").set_value("unassigned").run()
    assert t("tr_all_assigned", "fi") in texts(at.info)
    assert "0 myymälää valittu" not in texts(at.caption)


def test_a_wave_whose_visits_other_tours_hold_says_why_none_is_offered(
    signed_in, db, monkeypatch: pytest.MonkeyPatch
) -> None:
    wave_id, _, _ = _ids(db)
    candidates = tours.tour_candidates
    held = tours.Reservation(7, "Sanna Shoppari", "proposed")

    def all_held(session, actor, wave: int) -> list[tours.Candidate]:
        return [replace(c, reserved_by=held) for c in candidates(session, actor, wave)]

    monkeypatch.setattr(tours, "tour_candidates", all_held)
    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    assert not at.exception, at.exception
    assert t("tr_all_reserved", "fi") in texts(at.info)
    assert "0 myymälää valittu" not in texts(at.caption)


DECEMBER = dt.date(2026, 12, 1)  # a Tuesday


def _olivia(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(User.id).where(User.username == "shopper3"))


def _december_wave(db: Database) -> int:
    """A wave of the 14 Uusimaa dealerships in December, none of them assigned yet."""
    autumn, _, manager = _ids(db)
    with db.session() as s:
        version = s.get(Wave, autumn).checklist_version_id
        uusimaa = list(
            s.scalars(
                select(Store.id).where(Store.region == "Uusimaa", Store.code.startswith("AM-"))
            )
        )
    assert len(uusimaa) == 14
    return db.run(
        waves.create_wave,
        manager,
        "Aurora Motors",
        "December 2026",
        DECEMBER,
        dt.date(2026, 12, 18),
        version,
        "80",
        uusimaa,
    )


def test_olivia_from_oulu_gets_all_of_uusimaa_with_days_of_driving(signed_in, db) -> None:
    """Uusimaa is a day's drive from Oulu and December's daylight is short: the tour drives
    there on a day of its own and home again, and the day table says so."""
    wave_id = _december_wave(db)
    at = goto(signed_in("manager"), "routes")
    at.selectbox(key="tour_wave").set_value(wave_id).run()
    at.selectbox(key="tour_shopper").set_value(_olivia(db)).run()
    at.segmented_control(key="tour_selection").set_value("region").run()
    at.selectbox(key="tour_region").set_value("Uusimaa").run()
    at.date_input(key="tour_start").set_value(DECEMBER).run()
    _plan(at)
    days = table(at, "tr_arrive")
    code, store = t("m_code", "fi"), t("store", "fi")
    assert (days[code] != "").sum() == 14 and not at.warning, "every store planned"
    first, last = days.iloc[0], days.iloc[-1]
    assert first[t("tr_day", "fi")] == day_label(DECEMBER, "fi")
    assert first[store].startswith("Ajopäivä · Hotelliyö: "), first[store]
    assert last[store].startswith("Ajopäivä · Kotona klo "), last[store]
    driving = int((days[store].str.startswith("Ajopäivä")).sum())
    assert t("tr_travel_note", "fi", n=driving) in texts(at.caption)


def test_a_long_reason_for_a_store_left_out_is_shown_whole(signed_in, db) -> None:
    """Four-hour visits and a tour of one day: the stores that do not fit say why, in a
    table whose text wraps instead of being cut off."""
    wave_id, shopper_id, _ = _ids(db)
    at = _routes_for_region(signed_in, wave_id, shopper_id)
    at.number_input(key="tour_visit_minutes").set_value(240).run()
    at.date_input(key="tour_last").set_value(MONDAY).run()
    _plan(at)
    assert at.warning, "a store was left out"
    [left_out] = [
        e.value for e in at.table if t("tr_reason", "fi") in getattr(e.value, "columns", [])
    ]
    # the table's text is Markdown, its brackets escaped
    reasons = [r.replace("\\", "") for r in left_out[t("tr_reason", "fi")]]
    assert reasons and all(r.startswith("matkaan ei löytynyt tilaa") for r in reasons)
    assert all(r.endswith("ylittäisi päivän käyntimäärän (3)") for r in reasons), reasons


def test_olivias_tour_page_shows_her_days_of_driving(signed_in, db) -> None:
    _, _, manager = _ids(db)
    wave_id, olivia = _december_wave(db), _olivia(db)
    spec = tours.TourSpec(wave_id, olivia, DECEMBER, selection="region", region="Uusimaa")
    _, plan = tours.plan_for(db, manager, spec)
    assert plan.visit_count == 14 and not plan.days[0].visits
    tour_id = db.run(tours.save_proposal, manager, wave_id, olivia, plan)
    with db.session() as s:
        brand = Actor.of(s.scalar(select(User).where(User.username == "aurora")))
    db.run(tours.approve_tour, brand, tour_id)
    at = goto(signed_in("shopper3"), "tour")
    assert not at.exception, at.exception
    shown = texts(at.markdown)
    assert "🚗 Day of driving: no visits" in shown, "the day out, in Olivia's English"
    assert "Drive home" in shown, "the last day home"
    first = plan.days[0]
    assert f"🏨 Hotel night: {first.end_place.name}" in shown
    leave = f"Leave home (Oulu) at 08:00 · {number(first.km, 'en', 0)} km to drive"
    assert leave in texts(at.caption)


def test_a_brand_without_proposals_reads_what_will_come_there(signed_in) -> None:
    at = goto(signed_in("kodinrauta"), "tours")
    [said] = [i.value for i in at.info]
    assert said.startswith("Matkaehdotuksia ei ole. Kun projektipäällikkö ehdottaa"), said
    assert "hyväksyttäväksi" in said
