"""The shopper's approved tour, day by day, for a phone: each day's map, its stores with a
button to their audits, route links and a calendar file."""

from __future__ import annotations

import streamlit as st

from audits import fieldwork, tours
from audits.i18n import clock, day_label, day_month, number, t
from audits.models import local_today
from audits.routing import TourPlan
from audits.tour_export import directions_url, leave_line, tour_ics
from audits.tours import TourStop
from audits.ui import state, tour_views
from audits.ui.shopper_visits import STATUS_ICON

# The button to a stop's audit, as on "My visits": started, continued, or (sent in) read only.
AUDIT_BUTTON = {
    "not_started": ("tr_start_audit", "primary"),
    "draft": ("tr_continue_audit", "primary"),
    "returned": ("tr_open_audit", "primary"),
}


def render() -> None:
    lang = state.lang()
    st.header(t("tr_my_tour", lang))
    state.show_flash()
    views = state.call(tours.my_tours)
    if views is None:
        return
    if not views:
        st.info(t("tr_no_tour", lang))
        return
    labels = {v.summary.id: _label(v.summary) for v in views}
    chosen = views[0]
    if len(views) > 1:
        tour_id = st.selectbox(
            t("tr_tour", lang), list(labels), format_func=labels.get, key="my_tour"
        )
        chosen = next(v for v in views if v.summary.id == tour_id)
    plan, change = chosen.plan, chosen.summary.change
    if change is None:
        st.caption(
            t(
                "tr_my_summary",
                lang,
                days=len(plan.days),
                visits=plan.visit_count,
                km=number(plan.km, lang, 0),
                nights=plan.hotel_nights,
            )
        )
    else:  # visits left the tour: the figures now, and those it was approved with
        tour_views.changed(change, lang)
        now, approved = change.now, change.approved
        st.caption(
            t(
                "tr_my_summary_now",
                lang,
                days=now.days,
                visits=now.visits,
                km=number(now.km, lang, 0),
                nights=now.hotel_nights,
                a_days=approved.days,
                a_visits=approved.visits,
                a_km=number(approved.km, lang, 0),
                a_nights=approved.hotel_nights,
            )
        )
    st.download_button(
        t("tr_calendar", lang),
        tour_ics(plan, lang),
        file_name=f"tour_{chosen.summary.id}.ics",
        mime="text/calendar",
        key="my_tour_ics",
        icon="📅",
        on_click="ignore",
        width="stretch",
    )
    first = _first_day_ahead(plan)
    for k, day in enumerate(plan.days):
        with st.container(border=True, key=f"tour_day_{k}"):
            st.markdown(f"#### {day_label(day.date, lang)}")
            km = t("tr_day_km", lang, km=number(day.km, lang, 0))
            st.caption(f"{leave_line(plan, k, lang)} · {km}")
            shown = st.toggle(
                f"🗺️ {t('tr_day_map', lang)}",
                value=k == first,
                key=f"tour_map_on_{chosen.summary.id}_{k}",
            )
            if shown:
                tour_views.day_map_of(plan, k, lang, key=f"tour_day_map_{chosen.summary.id}_{k}")
            for n, stop in enumerate(chosen.stops[k], start=1):
                _stop(stop, n, lang)
            if not day.visits:
                st.markdown(t("tr_drive_on" if day.hotel else "tr_drive_home", lang))
            night = (
                "🏨 "
                + t("tr_hotel_in", lang, place=day.end_place.name)
                + " · "
                + t("tr_arrive_at", lang, time=clock(day.end_arrive, lang))
                if day.hotel
                else "🏠 " + t("tr_home_at", lang, time=clock(day.end_arrive, lang))
            )
            st.markdown(night)
            st.link_button(
                t("tr_open_route", lang),
                directions_url(day),
                icon="🧭",
                width="stretch",
            )


def _first_day_ahead(plan: TourPlan) -> int | None:
    """The day to show on the map at first: today's, or the next one; none once it is over."""
    today = local_today()
    return next((k for k, day in enumerate(plan.days) if day.date >= today), None)


def _stop(stop: TourStop, n: int, lang: str) -> None:
    """A store of the day, numbered as on the map, and the button to its audit."""
    v = stop.planned
    st.markdown(f":gray-badge[{n}] **{clock(v.start, lang)}–{clock(v.end, lang)}** {v.store.name}")
    where = ", ".join(x for x in (v.store.address, v.store.city) if x)
    facts = [where, t("tr_arrive_at", lang, time=clock(v.arrive, lang))]
    if stop.status not in (None, "not_started"):
        facts.append(f"{STATUS_ICON[stop.status]} {t('status_' + stop.status, lang)}")
    st.caption(" · ".join(x for x in facts if x))
    if stop.visit_id is None:
        return
    label, kind = AUDIT_BUTTON.get(stop.status or "", ("tr_open_audit", "secondary"))
    if st.button(t(label, lang), key=f"tour_open_{stop.visit_id}", type=kind, width="stretch"):
        audit_id = state.call(fieldwork.start_audit, stop.visit_id)
        if audit_id is not None:
            state.go("audit", audit=audit_id, **{"from": "tour"})


def _label(summary: tours.TourSummary) -> str:
    """ "Syksy 2026 · 23.11.–27.11." """
    if summary.first_day and summary.last_day:
        return f"{summary.wave} · {day_month(summary.first_day)}–{day_month(summary.last_day)}"
    return f"{summary.wave} #{summary.id}"
