"""The shopper's approved tour, day by day, for a phone: route links and a calendar file."""

from __future__ import annotations

import streamlit as st

from audits import tours
from audits.i18n import clock, day_label, number, t
from audits.tour_export import directions_url, tour_ics
from audits.ui import state, tour_views


def render() -> None:
    lang = state.lang()
    st.header(t("tr_my_tour", lang))
    views = state.call(tours.my_tours)
    if views is None:
        return
    if not views:
        st.info(t("tr_no_tour", lang))
        return
    labels = {
        v.summary.id: f"{v.summary.wave} · {v.summary.first_day:%d.%m.}–{v.summary.last_day:%d.%m.}"
        if v.summary.first_day and v.summary.last_day
        else f"{v.summary.wave} #{v.summary.id}"
        for v in views
    }
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
    for k, day in enumerate(plan.days):
        with st.container(border=True, key=f"tour_day_{k}"):
            st.markdown(f"#### {day_label(day.date, lang)}")
            st.caption(
                t("tr_leave_from", lang, place=day.start_place.name, time=clock(day.depart, lang))
                + f" · {number(day.km, lang, 0)} km"
            )
            for v in day.visits:
                where = ", ".join(x for x in (v.store.address, v.store.city) if x)
                st.markdown(f"**{clock(v.start, lang)}–{clock(v.end, lang)}** {v.store.name}")
                st.caption(
                    where + " · " + t("tr_arrive_at", lang, time=clock(v.arrive, lang))
                    if where
                    else t("tr_arrive_at", lang, time=clock(v.arrive, lang))
                )
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
