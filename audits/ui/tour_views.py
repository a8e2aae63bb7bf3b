"""Showing a tour plan: totals, cost, map, day-by-day table, violations (shared by the pages)."""

from __future__ import annotations

import io
from decimal import Decimal

import folium
import pandas as pd
import streamlit as st

from audits.costs import CostModel
from audits.i18n import clock, day_label, eur, explain, number, t
from audits.routing import TourPlan
from audits.tour_export import (
    COMPARED,
    EUR_FORMAT,
    KM_FORMAT,
    change_note,
    day_map,
    figure,
    left_line,
    tour_map,
    tour_xlsx,
)
from audits.tour_record import TourChange
from audits.tourcheck import RulesBroken, Violation
from audits.ui import responsive, tables
from audits.ui.tables import Num

DAYLIGHT = ("required", "preferred", "off")


# A day's map on a phone (390×844): well under the screen's height, so that a finger can
# still scroll the page past it.
PHONE_MAP_PX = 380


def show_tour_map(fmap: folium.Map, key: str, height: int = 520) -> None:
    """Draw a folium map (tests replace this: the component needs a browser)."""
    from streamlit_folium import st_folium

    st_folium(fmap, key=key, height=height, use_container_width=True, returned_objects=[])


def tour_map_of(plan: TourPlan, lang: str, key: str) -> None:
    if plan.days:
        show_tour_map(tour_map(plan, lang), key)


def day_map_of(plan: TourPlan, index: int, lang: str, key: str) -> None:
    """The route of the tour's day `index`, for the shopper's phone."""
    show_tour_map(day_map(plan, index, lang), key, height=PHONE_MAP_PX)


def changed(change: TourChange | None, lang: str) -> None:
    """The note of an approved tour that visits have left: what changed and when."""
    if change is None:
        return
    lines = "\n".join(f"- {left_line(left, lang)}" for left in change.left)
    st.warning(f"{change_note(change, lang)}\n\n{lines}", icon="🔀")


def _shown(value: float | int, fmt: str, lang: str) -> str:
    if fmt == EUR_FORMAT:
        return eur(value, lang)
    if fmt == KM_FORMAT:
        return number(value, lang, 0)
    return number(value, lang, 1) if isinstance(value, float) else str(value)


# the figures of the totals (`totals`); the cost's parts are in the cost table
TOTALS = ("days", "visits", "km", "drive_hours", "hotel_nights")


def compared_rows(change: TourChange, lang: str) -> list[dict[str, str]]:
    """The totals and the cost, each now beside the approved one, in the user's language."""
    shown = [(key, name, fmt) for key, name, fmt in COMPARED if name in TOTALS]
    shown.append(("tr_cost", "cost_eur", EUR_FORMAT))
    return [
        {
            t("tr_figure", lang): t(key, lang),
            t("tr_now", lang): _shown(figure(change.now, name), fmt, lang),
            t("tr_approved", lang): _shown(figure(change.approved, name), fmt, lang),
        }
        for key, name, fmt in shown
    ]


def totals(plan: TourPlan, lang: str, change: TourChange | None = None) -> None:
    """The tour's totals; when visits have left the approved tour, each figure now beside
    the approved one, under the note that says what changed."""
    if change is not None:
        changed(change, lang)
        st.dataframe(pd.DataFrame(compared_rows(change, lang)), hide_index=True, width="stretch")
        return
    cost = plan.cost
    cols = st.columns(3)
    cols[0].metric(t("tr_days", lang), len(plan.days))
    cols[1].metric(t("tr_visits", lang), plan.visit_count)
    cols[2].metric(t("tr_km", lang), number(plan.km, lang, 0))
    cols = st.columns(3)
    cols[0].metric(t("tr_drive_hours", lang), number(plan.drive_hours, lang, 1))
    cols[1].metric(t("tr_hotel_nights", lang), plan.hotel_nights)
    cols[2].metric(t("tr_cost", lang), eur(cost.total_eur, lang))
    driving = sum(1 for d in plan.days if not d.visits)
    if driving:
        st.caption(t("tr_travel_note", lang, n=driving))


def cost_table(plan: TourPlan, lang: str, change: TourChange | None = None) -> None:
    """The cost's parts and what each is counted from; when visits have left the approved
    tour, the parts now beside the approved ones."""
    cost, model = plan.cost, plan.request.costs
    rows = [
        (
            t("tr_cost_km", lang),
            f"{number(cost.km, lang, 1)} km × {eur(model.km_rate_eur, lang)}",
            cost.km_eur,
            "km_eur",
        ),
        (
            t("tr_cost_full", lang),
            f"{cost.full_days} × {eur(model.full_allowance_eur, lang)}",
            cost.full_days * model.full_allowance_eur,
            "full_days",
        ),
        (
            t("tr_cost_partial", lang),
            f"{cost.partial_days} × {eur(model.partial_allowance_eur, lang)}",
            cost.partial_days * model.partial_allowance_eur,
            "partial_days",
        ),
        (
            t("tr_cost_hotel", lang),
            f"{cost.hotel_nights} × {eur(model.hotel_night_eur, lang)}",
            cost.hotel_eur,
            "hotel_eur",
        ),
        (t("tr_cost_total", lang), "", cost.total_eur, "cost_eur"),
    ]
    euros = "€" if change is None else f"{t('tr_now', lang)} €"
    frame = pd.DataFrame(
        [
            {t("tr_cost_item", lang): a, t("tr_cost_basis", lang): b, euros: float(c)}
            for a, b, c, _ in rows
        ]
    )
    numbers = {euros: Num(2)}
    if change is not None:
        approved = f"{t('tr_approved', lang)} €"
        frame[approved] = [float(_approved_eur(change, part, model)) for *_, part in rows]
        numbers[approved] = Num(2)
    tables.dataframe(frame, lang, numbers, hide_index=True, width="stretch")
    default = model.source == CostModel().source
    source = t("tr_cost_defaults", lang) if default else model.source
    st.caption(t("tr_cost_source", lang, source=source))


def _approved_eur(change: TourChange, part: str, model: CostModel) -> Decimal:
    """A part of the approved cost in euros (the allowances at the plan's rates)."""
    approved = change.approved
    if part == "full_days":
        return approved.full_days * model.full_allowance_eur
    if part == "partial_days":
        return approved.partial_days * model.partial_allowance_eur
    return getattr(approved, part)


def day_rows(plan: TourPlan, lang: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    number = 0
    for day in plan.days:
        label = day_label(day.date, lang)
        for v in day.visits:
            number += 1
            rows.append(
                {
                    t("tr_day", lang): label,
                    "#": str(number),
                    t("m_code", lang): v.store.code,
                    t("store", lang): v.store.name,
                    t("city", lang): v.store.city,
                    t("tr_arrive", lang): clock(v.arrive, lang),
                    t("tr_visit_time", lang): f"{clock(v.start, lang)}–{clock(v.end, lang)}",
                    t("tr_leg_km", lang): round(v.km, 1),
                    t("tr_drive_min", lang): round(v.drive_minutes),
                }
            )
        night = (
            t("tr_hotel_in", lang, place=day.end_place.name)
            if day.hotel
            else t("tr_home_at", lang, time=clock(day.end_arrive, lang))
        )
        if not day.visits:
            night = f"{t('tr_travel_day', lang)} · {night}"
        rows.append(
            {
                t("tr_day", lang): label,
                "#": "",
                t("m_code", lang): "",
                t("store", lang): night,
                t("city", lang): day.end_place.name,
                t("tr_arrive", lang): clock(day.end_arrive, lang),
                t("tr_visit_time", lang): "",
                t("tr_leg_km", lang): round(day.end_km, 1),
                t("tr_drive_min", lang): round(day.end_drive_minutes),
            }
        )
    return rows


def day_table(plan: TourPlan, lang: str) -> None:
    rows = pd.DataFrame(day_rows(plan, lang))
    laptop, phone = responsive.laptop_and_phone("tour_days")
    tables.dataframe(
        rows,
        lang,
        where=laptop,
        hide_index=True,
        width="stretch",
        height=min(35 * (len(rows) + 1) + 3, 760),
    )
    with phone:
        responsive.phone_table(phone_day_rows(rows, lang), lang)


def phone_day_rows(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Day, stop and time for a phone: a visit's time, or the arrival where the day ends."""
    visit, arrive = t("tr_visit_time", lang), t("tr_arrive", lang)
    shown = rows[[t("tr_day", lang), t("store", lang)]].copy()
    shown[visit] = rows[visit].where(rows[visit] != "", rows[arrive])
    return shown


def unplanned_table(plan: TourPlan, lang: str) -> None:
    if not plan.unplanned:
        return
    st.warning(t("tr_unplanned", lang, n=len(plan.unplanned)), icon="⚠️")
    # A static table: a reason is a sentence, which wraps here instead of being cut off.
    responsive.phone_table(
        pd.DataFrame(
            [
                {
                    t("m_code", lang): u.store.code,
                    t("store", lang): u.store.name,
                    t("city", lang): u.store.city,
                    t("tr_reason", lang): u.why.text(lang),
                }
                for u in plan.unplanned
            ]
        ),
        lang,
    )


def violation_text(v: Violation, lang: str) -> str:
    """One violation in the user's language: where, what (and the checker's detail)."""
    where = " · ".join(x for x in (day_label(v.day, lang) if v.day else "", v.store or "") if x)
    try:
        what = t("tv_" + v.kind, lang)
    except KeyError:
        what = v.kind
    detail = v.said.text(lang)
    return f"**{where}**: {what} ({detail})" if where else f"{what} ({detail})"


def refusal_text(exc: ValueError, lang: str) -> str:
    """A refused request in the user's language; a plan the checker turned down lists why."""
    text = explain(exc, lang)
    if isinstance(exc, RulesBroken):
        text += ":\n\n" + "\n".join(f"- {violation_text(v, lang)}" for v in exc.violations)
    return text


def xlsx_bytes(plan: TourPlan, lang: str, change: TourChange | None = None) -> bytes:
    buffer = io.BytesIO()
    tour_xlsx(plan, buffer, lang, change)
    return buffer.getvalue()


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
