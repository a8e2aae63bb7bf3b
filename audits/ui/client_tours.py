"""The brand's tour proposals: cost breakdown, map, days; approve or reject the cost."""

from __future__ import annotations

import streamlit as st

from audits import tours
from audits.i18n import date_text, day_month, eur, explain, t
from audits.ui import state, tour_views

FLASH = "client_tour_flash"


def render() -> None:
    lang = state.lang()
    st.header(t("tr_tours", lang))
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, text = flash
        (st.success if kind == "ok" else st.warning)(text)
    listing = state.call(tours.client_tours)
    if listing is None:
        return
    if not listing:
        st.info(t("tr_no_proposals", lang))
        return
    waiting = sum(1 for s in listing if s.status == "proposed")
    if waiting:
        st.info(t("tr_waiting", lang, n=waiting), icon="🕑")
    labels = {
        s.id: f"#{s.id} · {s.wave} · {s.shopper} · "
        + (
            f"{day_month(s.first_day)}–{date_text(s.last_day)} · "
            if s.first_day and s.last_day
            else ""
        )
        + _cost(s, lang)
        for s in listing
    }
    tour_id = st.selectbox(
        t("tr_tour", lang),
        list(labels),
        format_func=labels.get,
        key=state.relabelled("c_tour", lang),
    )
    view = state.call(tours.load_tour, tour_id)
    if view is None:
        return
    summary, plan = view.summary, view.plan
    colour = {"proposed": "orange", "approved": "green", "rejected": "red"}.get(summary.status)
    st.badge(t("tr_status_" + summary.status, lang), color=colour or "gray")
    st.caption(
        t(
            "tr_proposed_by",
            lang,
            who=summary.created_by,
            when=date_text(summary.created_at),
            shopper=summary.shopper,
            home=plan.request.home.name,
        )
    )
    tour_views.totals(plan, lang, summary.change)
    tour_views.cost_table(plan, lang, summary.change)
    tour_views.tour_map_of(plan, lang, key=f"client_tour_map_{tour_id}")
    tour_views.day_table(plan, lang)
    st.download_button(
        t("tr_excel", lang),
        tour_views.xlsx_bytes(plan, lang, summary.change),
        file_name=f"tour_{tour_id}.xlsx",
        mime=tour_views.XLSX_MIME,
        key="client_tour_xlsx",
        on_click="ignore",
    )
    if summary.status == "proposed":
        _decide(tour_id, lang)
    else:
        text = t(
            "tr_decided",
            lang,
            status=t("tr_status_" + summary.status, lang),
            who=summary.decided_by,
            when=date_text(summary.decided_at) if summary.decided_at else "",
        )
        if summary.decision_note:
            text += f" · {summary.decision_note}"
        (st.success if summary.status == "approved" else st.warning)(text)


def _cost(summary: tours.TourSummary, lang: str) -> str:
    """The tour's cost; of one that visits have left since its approval, the approved cost
    and the one now."""
    if summary.change is None:
        return eur(summary.cost_eur, lang)
    approved, now = summary.change.approved.cost_eur, summary.change.now.cost_eur
    return t("tr_cost_now", lang, approved=eur(approved, lang), now=eur(now, lang))


def _decide(tour_id: int, lang: str) -> None:
    st.subheader(t("tr_decision", lang))
    breaks = state.call(tours.approval_rule_breaks, tour_id) or []
    if breaks:
        st.warning(
            t("tr_approval_breaks", lang, n=len(breaks))
            + "\n\n"
            + "\n".join(f"- {b.said.text(lang)}" for b in breaks)
        )
    reason = st.text_area(t("tr_reason_optional", lang), key="c_tour_reason", height=80)
    cols = st.columns(2)
    approve = cols[0].button(
        t("tr_approve", lang), type="primary", key="c_tour_approve", width="stretch"
    )
    reject = cols[1].button(t("tr_reject", lang), key="c_tour_reject", width="stretch")
    if not (approve or reject):
        return
    try:
        decision = state.call(tours.decide, tour_id, approve, reason)
    except ValueError as exc:
        st.error(explain(exc, lang))
        return
    if decision is None:
        return
    if decision.status == "approved":
        text = t("tr_approved_msg", lang, n=decision.assigned)
        if decision.overridden:
            text += " " + t("tr_overridden", lang, n=len(decision.overridden))
        st.session_state[FLASH] = ("ok", text)
    else:
        st.session_state[FLASH] = ("rejected", t("tr_rejected_msg", lang))
    st.rerun()
