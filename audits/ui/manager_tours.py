"""Routes: plan a shopper's multi-day tour over a wave's visits and propose its cost."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pandas as pd
import streamlit as st

from audits import tours, waves
from audits.geo import GeoSettings, TravelModel
from audits.i18n import WEEKDAYS, date_text, day_label, day_month, eur, explain, number, t
from audits.models import local_today
from audits.routing import OBJECTIVES
from audits.ui import state, tables, tour_views
from audits.ui.manager_stores import client_picker
from audits.ui.manager_waves import VISIT_FILTER
from audits.ui.tables import Num

DRAFT = "tour_draft"
MOVE_MESSAGE = "tour_move_message"
WITHDRAW_MESSAGE = "tour_withdraw_message"
SELECTIONS = ("unassigned", "region", "stores")


def render() -> None:
    lang = state.lang()
    st.header(t("tr_routes", lang))
    client_id = client_picker(lang, key="tour_client")
    if client_id is None:
        return
    wave_list = state.call(waves.list_waves, client_id) or []
    shoppers = state.call(waves.list_shoppers) or []
    if not wave_list or not shoppers:
        st.info(t("m_no_waves", lang) if not wave_list else t("tr_no_shoppers", lang))
        return
    names = {w.id: f"{w.name} ({day_month(w.starts_on)}–{date_text(w.ends_on)})" for w in wave_list}
    left, right = st.columns(2)
    wave_id = left.selectbox(t("wave", lang), list(names), format_func=names.get, key="tour_wave")
    people = {s.id: f"{s.name} ({s.home})" if s.home else s.name for s in shoppers}
    shopper_id = right.selectbox(
        t("shopper", lang), list(people), format_func=people.get, key="tour_shopper"
    )
    wave = next(w for w in wave_list if w.id == wave_id)
    plan_tab, saved_tab = st.tabs([t("tr_plan_tab", lang), t("tr_saved_tab", lang)])
    with plan_tab:
        spec = _choices(wave, shopper_id, people, lang)
        if spec is not None and st.button(t("tr_plan", lang), type="primary", key="tour_plan"):
            _plan(spec, lang)
        draft = st.session_state.get(DRAFT)
        if draft and draft["wave_id"] == wave_id and draft["shopper_id"] == shopper_id:
            _show(draft, lang)
    with saved_tab:
        _saved(wave_id, lang)


# --- choices ---------------------------------------------------------------------------------


def _choices(
    wave: Any, shopper_id: int, people: dict[int, str], lang: str
) -> tours.TourSpec | None:
    every = state.call(tours.tour_candidates, wave.id) or []
    if not every:
        st.info(t("tr_no_candidates", lang))
        return None
    candidates = [c for c in every if c.reserved_by is None]
    selection = st.segmented_control(
        t("tr_which_stores", lang),
        SELECTIONS,
        default="unassigned",
        format_func=lambda s: t("tr_sel_" + s, lang),
        key="tour_selection",
    )
    selection = selection or "unassigned"
    region, visit_ids = None, ()
    if selection == "unassigned":
        # a deactivated shopper's visits wait for someone else, as unassigned ones do
        chosen = [c for c in candidates if not c.shopper or c.shopper_gone]
    elif selection == "region":
        regions = sorted({c.region for c in candidates if c.region})
        region = st.selectbox(t("region", lang), regions, key="tour_region")
        chosen = [c for c in candidates if c.region == region]
    else:
        labels = {
            c.visit_id: f"{c.code} · {c.name} · {c.city}"
            + (
                f" ({_holder(c, lang)} {day_month(c.planned_date)})"
                if c.shopper and c.planned_date
                else ""
            )
            for c in candidates
        }
        visit_ids = tuple(
            st.multiselect(
                t("tr_pick_stores", lang),
                list(labels),
                format_func=labels.get,
                placeholder=t("choose_options", lang),
                key=state.relabelled("tour_stores", lang),
                filter_mode=VISIT_FILTER,
            )
        )
        chosen = [c for c in candidates if c.visit_id in visit_ids]
    if not candidates:
        st.info(t("tr_all_reserved", lang))
    elif selection == "unassigned" and not chosen:
        st.info(t("tr_all_assigned", lang))
    else:
        assigned = sum(1 for c in chosen if c.shopper)
        st.caption(t("tr_chosen", lang, n=len(chosen), assigned=assigned))
    _reserved(every, lang)
    if not chosen:
        return None
    with st.expander(t("tr_rules", lang), expanded=True):
        cols = st.columns(3)
        start = cols[0].date_input(
            t("tr_start", lang),
            value=_first_monday(
                min(max(wave.starts_on, local_today()), wave.ends_on), wave.ends_on
            ),
            min_value=wave.starts_on,
            max_value=wave.ends_on,
            key="tour_start",
            format="DD.MM.YYYY",
        )
        last = cols[1].date_input(
            t("tr_last_day", lang),
            value=wave.ends_on,
            min_value=wave.starts_on,
            max_value=wave.ends_on,
            key="tour_last",
            format="DD.MM.YYYY",
        )
        minutes = cols[2].number_input(
            t("tr_visit_minutes", lang), 10, 240, 45, step=5, key="tour_visit_minutes"
        )
        cols = st.columns(3)
        day_start = cols[0].time_input(t("tr_day_start", lang), dt.time(8), key="tour_day_start")
        day_end = cols[1].time_input(t("tr_day_end", lang), dt.time(19), key="tour_day_end")
        daylight = cols[2].selectbox(
            t("tr_daylight", lang),
            tour_views.DAYLIGHT,
            format_func=lambda d: t("tr_daylight_" + d, lang),
            key=state.relabelled("tour_daylight", lang),
        )
        days = st.pills(
            t("tr_weekdays", lang),
            list(range(7)),
            selection_mode="multi",
            default=list(range(5)),
            format_func=lambda d: WEEKDAYS.get(lang, WEEKDAYS["en"])[d],
            key="tour_weekdays",
        )
        cols = st.columns(4, vertical_alignment="bottom")
        home = cols[0].text_input(
            t("tr_home", lang), placeholder=t("tr_home_hint", lang), key="tour_home"
        )
        objective = cols[3].selectbox(
            t("tr_objective", lang),
            OBJECTIVES,
            format_func=lambda o: t("tr_objective_" + o, lang),
            help=t("tr_objective_help", lang),
            key=state.relabelled("tour_objective", lang),
        )
        rule = wave.rules.max_visits_per_day
        per_day = cols[1].number_input(
            t("tr_max_visits", lang),
            1,
            20,
            rule,
            help=t("tr_max_visits_help", lang, n=rule),
            key=f"tour_max_visits_{wave.id}",  # per wave: each starts at its own rule
        )
        return_home = cols[2].toggle(t("tr_return_home", lang), value=True, key="tour_return")
        partners = st.multiselect(
            t("tr_partners", lang),
            [i for i in people if i != shopper_id],
            format_func=people.get,
            help=t("tr_partners_help", lang),
            placeholder=t("choose_options", lang),
            key="tour_partners",
        )
    settings = state.settings()
    return tours.TourSpec(
        wave_id=wave.id,
        shopper_id=shopper_id,
        start=start,
        selection=selection,
        region=region,
        visit_ids=visit_ids,
        last_day=last,
        visit_minutes=int(minutes),
        day_start=day_start,
        day_end=day_end,
        daylight=daylight,
        weekdays=frozenset(days or ()),
        return_home=return_home,
        max_visits_per_day=int(per_day),
        objective=objective,
        home=home,
        partner_ids=tuple(partners),
        travel=TravelModel(osrm_url=settings.osrm_url),
        geo=GeoSettings.from_settings(settings),
    )


def _holder(candidate: tours.Candidate, lang: str) -> str:
    gone = f" – {t('m_shopper_gone', lang)}" if candidate.shopper_gone else ""
    return candidate.shopper + gone


def _reserved(candidates: list[tours.Candidate], lang: str) -> None:
    """The visits other tours hold, which are not offered: by which tour and shopper."""
    held = [(c, c.reserved_by) for c in candidates if c.reserved_by is not None]
    if not held:
        return
    with st.expander(t("tr_reserved", lang, n=len(held))):
        st.caption(t("tr_reserved_help", lang))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("m_code", lang): c.code,
                        t("store", lang): c.name,
                        t("city", lang): c.city,
                        t("tr_tour", lang): f"#{r.tour_id}",
                        t("shopper", lang): r.shopper,
                        t("m_status", lang): t("tr_status_" + r.status, lang),
                    }
                    for c, r in held
                ]
            ),
            hide_index=True,
            width="stretch",
        )


def _first_monday(day: dt.date, last: dt.date) -> dt.date:
    monday = day + dt.timedelta(days=-day.weekday() % 7)
    return monday if monday <= last else day


# --- planning --------------------------------------------------------------------------------


def _plan(spec: tours.TourSpec, lang: str) -> None:
    try:
        prepared = state.call(tours.prepare_tour, spec)
    except ValueError as exc:
        st.error(explain(exc, lang))
        return
    if prepared is None:
        return
    steps: list[str] = []
    with st.status(t("tr_planning", lang, n=len(prepared.request.stores)), expanded=False) as box:
        bar = st.progress(0.0)

        def progress(message: str) -> None:
            steps.append(message)
            box.write(message)
            bar.progress(min(0.95, len(steps) / 8), text=message)

        began = time.perf_counter()
        plans = tours.run_team(prepared, progress=progress)
        seconds = time.perf_counter() - began
        bar.progress(1.0)
        box.update(label=t("tr_planned", lang, seconds=number(seconds, lang, 1)), state="complete")
    state.call(tours.log_plan, prepared, plans)
    st.session_state[DRAFT] = {
        "wave_id": spec.wave_id,
        "shopper_id": spec.shopper_id,
        "prepared": prepared,
        "parts": [
            {"member": m, "plan": p, "moves": [], "saved": None}
            for m, p in zip(prepared.members, plans, strict=True)
        ],
    }
    st.session_state.pop(MOVE_MESSAGE, None)


def _suffix(part: int) -> str:
    """Widget keys of the first shopper's plan have none, so one shopper's keys stay short."""
    return f"_{part}" if part else ""


def _move(part: int, lang: str) -> None:
    """Callback of the move button: apply the move when it keeps the plan valid."""
    share = st.session_state[DRAFT]["parts"][part]
    code = st.session_state.get("tour_move_store" + _suffix(part))
    day = st.session_state.get("tour_move_day" + _suffix(part))
    if not code or not day:
        return
    result = tours.move(share["plan"], code, day)
    if result.ok:
        share["plan"] = result.plan
        share["moves"].append((code, day))
        share["saved"] = None
        texts = [t("tr_moved", lang, store=code, day=day_label(day, lang))]
        st.session_state[MOVE_MESSAGE] = (part, "ok", texts)
    else:
        texts = [t("tr_move_refused", lang, store=code, day=day_label(day, lang))]
        texts += [tour_views.violation_text(v, lang) for v in result.violations]
        st.session_state[MOVE_MESSAGE] = (part, "bad", texts)


def _show(draft: dict[str, Any], lang: str) -> None:
    prepared: tours.PreparedTour = draft["prepared"]
    for code, why in prepared.skipped:
        st.warning(f"{code}: {t('tr_skipped', lang)} ({why.text(lang)})", icon="⚠️")
    parts = draft["parts"]
    if len(parts) == 1:
        _show_part(draft, 0, lang)
        return
    plans = [share["plan"] for share in parts]
    st.subheader(t("tr_team_result", lang, n=len(parts)))
    cols = st.columns(3)
    cols[0].metric(t("tr_visits", lang), sum(p.visit_count for p in plans))
    cols[1].metric(t("tr_km", lang), number(sum(p.km for p in plans), lang, 0))
    cols[2].metric(t("tr_cost", lang), eur(sum(p.cost.total_eur for p in plans), lang))
    labels = [
        f"{share['member'].name} · {share['plan'].visit_count} {t('tr_visits', lang).lower()}"
        f" · {eur(share['plan'].cost.total_eur, lang)}"
        for share in parts
    ]
    # One shopper at a time, not tabs: a map drawn in a hidden tab cannot fit its bounds.
    part = st.segmented_control(
        t("shopper", lang),
        range(len(parts)),
        default=0,
        format_func=labels.__getitem__,
        key="tour_share",
        width="stretch",
    )
    _show_part(draft, part or 0, lang)


def _show_part(draft: dict[str, Any], part: int, lang: str) -> None:
    share = draft["parts"][part]
    plan, member = share["plan"], share["member"]
    if not plan.request.stores:
        st.info(t("tr_team_none", lang, shopper=member.name))
        return
    if not plan.days:
        st.error(t("tr_nothing_fits", lang))
        tour_views.unplanned_table(plan, lang)
        return
    st.subheader(t("tr_result", lang, shopper=member.name, home=plan.request.home.name))
    if share["moves"]:
        st.caption(t("tr_hand_moved", lang, n=len(share["moves"])))
    if plan.cut_short:
        st.warning(t("tr_cut_short", lang), icon="⏱️")
    tour_views.totals(plan, lang)
    map_tab, cost_tab = st.tabs([t("tr_map", lang), t("tr_cost", lang)])
    with map_tab:
        tour_views.tour_map_of(plan, lang, key="tour_map" + _suffix(part))
    with cost_tab:
        tour_views.cost_table(plan, lang)
    tour_views.day_table(plan, lang)
    tour_views.unplanned_table(plan, lang)
    _move_controls(plan, part, lang)
    _save(draft, part, lang)


def _move_controls(plan: Any, part: int, lang: str) -> None:
    st.subheader(t("tr_move", lang))
    stores = {v.store.code: v.store.name for d in plan.days for v in d.visits}
    stores |= {u.store.code: u.store.name for u in plan.unplanned}
    dates = plan.request.worked_dates()
    cols = st.columns([2, 2, 1], vertical_alignment="bottom")
    cols[0].selectbox(
        t("store", lang),
        list(stores),
        format_func=lambda c: f"{c} · {stores[c]}",
        key="tour_move_store" + _suffix(part),
    )
    cols[1].selectbox(
        t("tr_to_day", lang),
        dates,
        format_func=lambda d: day_label(d, lang),
        key=state.relabelled("tour_move_day" + _suffix(part), lang),
    )
    cols[2].button(
        t("tr_move_btn", lang),
        key="tour_move" + _suffix(part),
        on_click=_move,
        args=(part, lang),
    )
    message = st.session_state.get(MOVE_MESSAGE)
    if message and message[0] == part:
        _, kind, texts = message
        if kind == "ok":
            st.success(texts[0], icon="✅")
        else:
            st.error(texts[0] + "\n\n" + "\n".join(f"- {x}" for x in texts[1:]), icon="⛔")


def _save(draft: dict[str, Any], part: int, lang: str) -> None:
    share = draft["parts"][part]
    plan, shopper_id = share["plan"], share["member"].shopper_id
    whose = "_" + "_".join(share["member"].name.split()) if len(draft["parts"]) > 1 else ""
    st.subheader(t("tr_propose", lang))
    warnings = state.call(tours.assignment_warnings, draft["wave_id"], shopper_id, plan) or []
    if warnings:
        st.warning(
            t("tr_rule_warnings", lang) + "\n\n" + "\n".join(f"- {w.text(lang)}" for w in warnings),
            icon="⚠️",
        )
    cols = st.columns(2)
    if cols[0].button(
        t("tr_save", lang),
        type="primary",
        key="tour_save" + _suffix(part),
        disabled=share["saved"] is not None,
        width="stretch",
    ):
        try:
            tour_id = state.call(
                tours.save_proposal,
                draft["wave_id"],
                shopper_id,
                plan,
                moves=share["moves"],
            )
        except ValueError as exc:
            st.error(tour_views.refusal_text(exc, lang))
            tour_id = None
        if tour_id is not None:
            share["saved"] = tour_id
            st.session_state.pop(MOVE_MESSAGE, None)
    if share["saved"] is not None:
        st.success(t("tr_saved", lang, id=share["saved"]), icon="✅")
    cols[1].download_button(
        t("tr_excel", lang),
        tour_views.xlsx_bytes(plan, lang),
        file_name=f"tour_{plan.request.start:%Y%m%d}{whose}.xlsx",
        mime=tour_views.XLSX_MIME,
        key="tour_xlsx" + _suffix(part),
        on_click="ignore",
        width="stretch",
    )


# --- saved tours -----------------------------------------------------------------------------


def _withdraw(lang: str) -> None:
    """Callback of the withdraw button: withdraw the chosen proposal and say how it went."""
    tour_id = st.session_state.get("tour_withdraw_id")
    if tour_id is None:
        return
    try:
        done = state.call(
            tours.withdraw_tour, tour_id, st.session_state.get("tour_withdraw_reason", "")
        )
    except ValueError as exc:
        st.session_state[WITHDRAW_MESSAGE] = ("bad", explain(exc, lang))
        return
    if done is not None:
        st.session_state[WITHDRAW_MESSAGE] = ("ok", t("tr_withdrawn_msg", lang, id=tour_id))
        st.session_state["tour_withdraw_reason"] = ""


def _withdraw_controls(saved: list[tours.TourSummary], lang: str) -> None:
    message = st.session_state.pop(WITHDRAW_MESSAGE, None)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.error)(text, icon="✅" if kind == "ok" else "⛔")
    waiting = {s.id: s for s in saved if s.status == "proposed"}
    if not waiting:
        return
    st.subheader(t("tr_withdraw", lang))
    cols = st.columns([2, 3, 1], vertical_alignment="bottom")
    cols[0].selectbox(
        t("tr_tour", lang),
        list(waiting),
        format_func=lambda i: f"#{i} · {waiting[i].shopper} · {eur(waiting[i].cost_eur, lang)}",
        key=state.relabelled("tour_withdraw_id", lang),
    )
    cols[1].text_input(t("tr_reason_optional", lang), key="tour_withdraw_reason")
    cols[2].button(
        t("tr_withdraw_btn", lang),
        key="tour_withdraw",
        on_click=_withdraw,
        args=(lang,),
        width="stretch",
    )


def _changed(summary: tours.TourSummary, lang: str) -> str:
    """Of a tour that visits have left since its approval (its days, km and cost are now
    counted from what remains): which left, and the km and cost it was approved with."""
    change = summary.change
    if change is None:
        return ""
    return t(
        "tr_changed_cell",
        lang,
        n=len(change.left),
        stores=", ".join(left.name for left in change.left),
        km=number(change.approved.km, lang, 0),
        cost=eur(change.approved.cost_eur, lang),
    )


def _saved(wave_id: int, lang: str) -> None:
    saved = state.call(tours.list_tours, wave_id) or []
    if not saved:
        st.info(t("tr_none_saved", lang))
        return
    # when a tour changed since its approval, its figures are those now: the headings say so
    changed = any(s.change for s in saved)
    km, cost = (
        (t("tr_now_of", lang, what=t(key, lang)) if changed else t(key, lang))
        for key in ("tr_km", "tr_cost")
    )
    tables.dataframe(
        pd.DataFrame(
            [
                {
                    t("tr_tour", lang): f"#{s.id}",
                    t("shopper", lang): s.shopper,
                    t("m_status", lang): t("tr_status_" + s.status, lang),
                    t("tr_first_day", lang): s.first_day,
                    t("tr_days", lang): s.days,
                    t("tr_visits", lang): s.visits,
                    km: round(s.km),
                    cost: float(s.cost_eur),
                    **({t("tr_changed_col", lang): _changed(s, lang)} if changed else {}),
                    t("tr_decision_note", lang): s.decision_note,
                }
                for s in saved
            ]
        ),
        lang,
        {cost: Num(2, unit="€")},
        column_config={t("tr_first_day", lang): st.column_config.DateColumn(format="D.M.YYYY")},
        hide_index=True,
        width="stretch",
    )
    _withdraw_controls(saved, lang)
