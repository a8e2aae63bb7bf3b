"""My visits: what needs the shopper first, then the assigned visits by day."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from urllib.parse import quote_plus

import streamlit as st

from audits import fieldwork, openinghours
from audits.fieldwork import VisitRow
from audits.i18n import day_label, t
from audits.models import local_today
from audits.ui import state

STATUS_ICON = {
    "not_started": "⚪",
    "draft": "📝",
    "submitted": "📨",
    "returned": "❓",
    "approved": "✅",
    "rejected": "⛔",
}
TO_VISIT = ("not_started", "draft")  # the visits whose store the shopper has yet to go to


def render() -> None:
    lang = state.lang()
    title, switch = st.columns([3, 2], vertical_alignment="center")
    title.header(t("my_visits", lang))
    with switch:
        state.language_switch()
    state.show_flash()
    visits = state.call(fieldwork.my_visits)
    if visits is None:
        return
    if not visits:
        st.info(t("no_visits", lang))
        return
    today = local_today()
    waiting = _needs_you(visits, today)
    upcoming = [v for v in visits if v.status in TO_VISIT and v not in waiting]
    done = [v for v in visits if v.status not in TO_VISIT and v not in waiting]
    if waiting:
        st.subheader(f"{t('needs_you', lang)} ({len(waiting)})")
        for visit in waiting:
            _card(visit, lang, today, why=_why(visit, lang))
    tab_up, tab_past = st.tabs(
        [f"{t('upcoming', lang)} ({len(upcoming)})", f"{t('past', lang)} ({len(done)})"]
    )
    with tab_up:
        _by_day(upcoming, lang, today)
    with tab_past:
        _by_day(sorted(done, key=_day, reverse=True), lang, today)


def _needs_you(visits: list[VisitRow], today: dt.date) -> list[VisitRow]:
    """What waits for the shopper's action: returned audits first, then visits whose day
    has passed with nothing submitted, oldest first."""
    returned = [v for v in visits if v.status == "returned"]
    late = [v for v in visits if v.status in TO_VISIT and _day(v) < today]
    return returned + sorted(late, key=_day)


def _why(visit: VisitRow, lang: str) -> str:
    if visit.status == "returned":
        return t("why_returned" if visit.open_questions else "why_replied", lang)
    day = day_label(_day(visit), lang)
    return t("why_unsent" if visit.status == "draft" else "why_overdue", lang, day=day)


def _day(v: VisitRow) -> dt.date:
    return v.planned_date or dt.date.max


def _by_day(visits: list[VisitRow], lang: str, today: dt.date) -> None:
    for day, group in groupby(visits, key=lambda v: v.planned_date):
        st.subheader(_day_title(day, lang, today))
        for visit in group:
            _card(visit, lang, today)


def _day_title(day: dt.date | None, lang: str, today: dt.date) -> str:
    """ "Tänään · ke 25.11.2026", and the holiday's name on a public holiday."""
    if day is None:
        return t("no_date", lang)
    title = day_label(day, lang)
    if day == today:
        title = f"{t('today', lang)} · {title}"
    elif day == today + dt.timedelta(days=1):
        title = f"{t('tomorrow', lang)} · {title}"
    holiday = openinghours.public_holiday(day, lang)
    return f"{title} · {holiday}" if holiday else title


def _card(visit: VisitRow, lang: str, today: dt.date, why: str | None = None) -> None:
    with st.container(border=True, key=f"visit_{visit.visit_id}"):
        st.markdown(f"**{visit.store_name}**")
        if why:
            st.warning(why, icon="❓" if visit.status == "returned" else "⏰")
        st.text(f"{visit.address}, {visit.city}")
        st.caption(
            f"{STATUS_ICON[visit.status]} {t('status_' + visit.status, lang)} · {visit.wave}"
            + (f" · ❓ {visit.open_questions}" if visit.open_questions else "")
        )
        if visit.status in TO_VISIT:  # a visit made needs no store hours nor briefing
            st.caption(f"🕘 {_hours(visit, lang, today)}")
            if visit.briefing_pending:
                st.caption(f"📄 {t('briefing_pending', lang)}")
        left, right = st.columns(2)
        label = t("start", lang) if visit.status == "not_started" else t("open", lang)
        if left.button(label, key=f"open_{visit.visit_id}", type="primary", width="stretch"):
            audit_id = state.call(fieldwork.start_audit, visit.visit_id)
            if audit_id is not None:
                state.go("audit", audit=audit_id)
        right.link_button(f"🗺️ {t('open_in_maps', lang)}", _maps_url(visit), width="stretch")


def _hours(visit: VisitRow, lang: str, today: dt.date) -> str:
    """Opening hours today, and on the planned day when that is another day."""
    parts = []
    for day in dict.fromkeys(d for d in (today, visit.planned_date) if d is not None):
        hours = openinghours.hours_on(visit.opening_hours, day, lang)
        if hours is None:
            return f"{t('opening_hours', lang)}: {visit.opening_hours or '–'}"
        if day == today:
            parts.append(t("open_today", lang, hours=hours) if hours else t("closed_today", lang))
        else:
            label = _short_day(day, lang)
            parts.append(
                t("on_day", lang, day=label, hours=hours)
                if hours
                else t("closed_on_day", lang, day=label)
            )
    return " · ".join(parts)


def _short_day(day: dt.date, lang: str) -> str:
    """ "to 26.11." (Finnish ends a day's date with a dot), "Thu 26.11": without the year."""
    label = day_label(day, lang)[: -len(f"{day.year}")]
    return label if lang == "fi" else label.rstrip(".")


def _maps_url(visit: VisitRow) -> str:
    if visit.lat is not None and visit.lon is not None:
        return f"https://www.google.com/maps/search/?api=1&query={visit.lat},{visit.lon}"
    return "https://www.google.com/maps/search/?api=1&query=" + quote_plus(
        f"{visit.address}, {visit.city}"
    )
