"""A shopper's expense claims: km driven and receipts (photos), and what became of them."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from audits import expenses, fieldwork
from audits.fieldwork import VisitRow
from audits.i18n import day_label, eur, explain, number, t
from audits.models import local_today
from audits.ui import state

FILED = "expense_filed"
RECEIPTS_ROUND = "expense_receipts_round"  # a new uploader key empties the uploader
TYPED = ("exp_km", "exp_amount", "exp_description")


def render() -> None:
    lang = state.lang()
    st.header(t("m_my_expenses", lang))
    if st.session_state.pop(FILED, False):
        st.success(t("m_claim_filed", lang))
        # Set, not deleted: only a value set before the form is drawn empties the phone's
        # fields too (with the keys deleted they kept the claim, ready to be filed twice).
        for key in TYPED:
            st.session_state[key] = ""
    visits = state.call(fieldwork.my_visits) or []
    labels = {v.visit_id: _visit_label(v, lang) for v in sorted(visits, key=_latest_first)}
    # Kept on a refusal, so only the field it names needs fixing; emptied once filed.
    with st.form("expense_form"):
        spent_on = st.date_input(
            t("m_date", lang), value=local_today(), key="exp_date", format="DD.MM.YYYY"
        )
        visit = st.selectbox(
            t("m_for_visit", lang),
            [None, *labels],
            format_func=lambda v: "—" if v is None else labels[v],
            key="exp_visit",
        )
        # Text, not number boxes: a number box drops a decimal comma ("12,5" became 125) and
        # tells what is wrong only in an English tooltip; the core reads and checks the text.
        km = st.text_input(t("m_km", lang), key="exp_km", placeholder="0", max_chars=12)
        amount = st.text_input(
            t("m_receipts_eur", lang), key="exp_amount", placeholder=number(0, lang), max_chars=12
        )
        description = st.text_input(t("m_description", lang), key="exp_description")
        receipts = st.file_uploader(
            t("m_receipt_photos", lang),
            type=["jpg", "jpeg", "png", "webp"],
            accept_multiple_files=True,
            key=f"exp_receipts_{st.session_state.get(RECEIPTS_ROUND, 0)}",
            max_upload_size=state.settings().max_upload_mb,
        )
        sent = st.form_submit_button(t("m_file_claim", lang), type="primary", width="stretch")
    if sent:
        _file(spent_on, visit, km, amount, description, receipts or [], lang)
    claims = state.call(expenses.list_expenses) or []
    if claims:
        st.subheader(t("m_your_claims", lang))
    for claim in claims:
        with st.container(border=True):
            st.markdown(
                f"**{day_label(claim.spent_on, lang)}** · {eur(claim.total_eur, lang)} · "
                f"{t('m_exp_status_' + claim.status, lang)}"
            )
            st.caption(
                f"{number(claim.km, lang, 1)} km · {t('m_receipts', lang)} "
                f"{eur(claim.amount_eur, lang)} · {claim.description}"
                + (f" · {claim.note}" if claim.note else "")
            )


def _latest_first(visit: VisitRow) -> tuple[bool, bool, dt.timedelta]:
    """Today's and past visits, the latest first (a claim follows a visit), then those ahead."""
    today = local_today()
    day = visit.planned_date or dt.date.max
    return visit.planned_date is None, day > today, abs(day - today)


def _visit_label(visit: VisitRow, lang: str) -> str:
    """ "ma 23.11.2026 · Aurora Motors Mäntsälä": the day tells a store's visits apart."""
    if visit.planned_date is None:
        return f"{visit.store_name} · {visit.wave}"
    return f"{day_label(visit.planned_date, lang)} · {visit.store_name}"


def _file(spent_on, visit, km: str, amount: str, description: str, receipts, lang: str) -> None:
    try:
        claim_id = state.call(
            expenses.file_claim,
            spent_on,
            km,
            amount,
            description,
            [(upload.name, upload.getvalue()) for upload in receipts],
            state.settings().media_dir,
            visit_id=visit,
        )
    except ValueError as exc:
        st.error(explain(exc, lang))
        return
    if claim_id is None:
        return
    st.session_state[RECEIPTS_ROUND] = st.session_state.get(RECEIPTS_ROUND, 0) + 1
    st.session_state[FILED] = True
    st.rerun()
