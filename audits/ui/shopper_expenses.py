"""A shopper's expense claims: km driven and receipts (photos), and what became of them."""

from __future__ import annotations

import streamlit as st

from audits import expenses, fieldwork
from audits.i18n import explain, t
from audits.models import local_today
from audits.ui import state


def render() -> None:
    lang = state.lang()
    st.header(t("m_my_expenses", lang))
    visits = state.call(fieldwork.my_visits) or []
    labels = {v.visit_id: f"{v.store_name} · {v.wave}" for v in visits}
    with st.form("expense_form", clear_on_submit=True):
        spent_on = st.date_input(
            t("m_date", lang), value=local_today(), key="exp_date", format="DD.MM.YYYY"
        )
        visit = st.selectbox(
            t("m_for_visit", lang),
            [None, *labels],
            format_func=lambda v: "—" if v is None else labels[v],
            key="exp_visit",
        )
        km = st.number_input(
            t("m_km", lang),
            min_value=0.0,
            max_value=float(expenses.MAX_KM_PER_CLAIM),
            step=1.0,
            key="exp_km",
        )
        amount = st.number_input(
            t("m_receipts_eur", lang),
            min_value=0.0,
            max_value=float(expenses.MAX_RECEIPTS_EUR),
            step=1.0,
            format="%.2f",
            key="exp_amount",
        )
        description = st.text_input(t("m_description", lang), key="exp_description")
        receipts = st.file_uploader(
            t("m_receipt_photos", lang),
            type=["jpg", "jpeg", "png", "webp"],
            accept_multiple_files=True,
            key="exp_receipts",
            max_upload_size=state.settings().max_upload_mb,
        )
        sent = st.form_submit_button(t("m_file_claim", lang), type="primary", width="stretch")
    if sent:
        _file(spent_on, visit, km, amount, description, receipts or [], lang)
    claims = state.call(expenses.list_expenses) or []
    for claim in claims:
        with st.container(border=True):
            st.markdown(
                f"**{claim.spent_on:%d.%m.%Y}** · {claim.total_eur} € · "
                f"{t('m_exp_status_' + claim.status, lang)}"
            )
            st.caption(claim.description + (f" · {claim.note}" if claim.note else ""))


def _file(spent_on, visit, km, amount, description, receipts, lang: str) -> None:
    try:
        claim_id = state.call(
            expenses.file_claim,
            spent_on,
            km,
            f"{amount:.2f}",
            description,
            [(upload.name, upload.getvalue()) for upload in receipts],
            state.settings().media_dir,
            visit_id=visit,
        )
    except ValueError as exc:
        st.error(explain(exc, lang))
        return
    if claim_id is not None:
        st.success(t("m_claim_filed", lang))
