"""Shopper pay: expense claims to decide, the statement per shopper per month, Excel export."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from audits import expenses
from audits.i18n import date_text, eur, explain, month_label, number, t
from audits.ui import state, tables
from audits.ui.tables import Num


def render() -> None:
    lang = state.lang()
    st.header(t("m_pay", lang))
    claims, pay = st.tabs([t("m_claims", lang), t("m_statement", lang)])
    with claims:
        _claims(lang)
    with pay:
        _statement(lang)


def _claims(lang: str) -> None:
    pending = state.call(expenses.list_expenses, "pending")
    if pending is None:
        return
    if not pending:
        st.info(t("m_no_claims", lang))
    media = state.settings().media_dir
    me = state.current_actor()
    for claim in pending:
        with st.container(border=True):
            st.markdown(
                f"**{claim.shopper}** · {date_text(claim.spent_on)} · "
                f"**{eur(claim.total_eur, lang)}**"
            )
            st.caption(
                f"{claim.description}"
                + (f" · {claim.visit}" if claim.visit else "")
                + f" · {number(claim.km, lang, 1)} km = {eur(claim.km_eur, lang)} · "
                + t("m_pay_receipts", lang, eur=eur(claim.amount_eur, lang))
            )
            for photo_id in claim.receipts:
                path = state.call(expenses.receipt_path, photo_id, media)
                if path is not None and path.exists():
                    st.image(str(path), width=240)
            if me is not None and claim.shopper_id == me.id:
                st.caption(t("m_own_claim", lang))
                continue
            note = st.text_input(t("m_note", lang), key=f"note_{claim.id}")
            left, right = st.columns(2)
            if left.button(t("approve", lang), key=f"approve_exp_{claim.id}", width="stretch"):
                _decide(claim.id, True, note)
            if right.button(t("reject", lang), key=f"reject_exp_{claim.id}", width="stretch"):
                _decide(claim.id, False, note)


def _decide(expense_id: int, approve: bool, note: str) -> None:
    try:
        done = state.call(expenses.decide_expense, expense_id, approve, note)
    except ValueError as exc:
        st.error(explain(exc, state.lang()))
        return
    if done is not None:
        st.rerun()


def _statement(lang: str) -> None:
    rows = state.call(expenses.statement)
    if rows is None:
        return
    if not rows:
        st.info(t("m_nothing_payable", lang))
    else:
        euros = ("m_fees", "m_km_allowance", "m_receipts_col", "m_total")
        fees, allowance, receipts, total = (t(key, lang) for key in euros)
        tables.dataframe(
            pd.DataFrame(
                [
                    {
                        t("shopper", lang): r.shopper,
                        t("m_month", lang): month_label(r.month, lang),
                        t("m_visits", lang): r.visits,
                        fees: float(r.fees_eur),
                        "km": r.km,
                        allowance: float(r.km_eur),
                        receipts: float(r.receipts_eur),
                        total: float(r.total_eur),
                    }
                    for r in rows
                ]
            ),
            lang,
            # Cents always, as a pay slip writes them; the € is in the headers.
            dict.fromkeys((fees, allowance, receipts, total), Num(2)) | {"km": Num(1)},
            hide_index=True,
            width="stretch",
            key="statement_table",
        )
    data = state.call(expenses.export_xlsx)
    if data is not None:
        st.download_button(
            t("m_download_excel", lang),
            data=data,
            file_name="shopper-pay.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="download_pay",
        )
