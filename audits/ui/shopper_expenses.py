"""A shopper's expense claims (km driven and receipts, with photos) and what became of them,
and their own pay statement: visit fees and approved expenses per month."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from audits import expenses, fieldwork
from audits.expenses import PayMonth, VisitFee
from audits.fieldwork import VisitRow
from audits.i18n import date_text, day_label, eur, explain, month_label, number, t
from audits.models import local_today
from audits.ui import responsive, state

FILED = "expense_filed"
RECEIPTS_ROUND = "expense_receipts_round"  # a new uploader key empties the uploader
TYPED = ("exp_km", "exp_amount", "exp_description")


def render() -> None:
    lang = state.lang()
    st.header(t("m_my_expenses", lang))
    claims, pay = st.tabs([t("m_claims", lang), t("m_my_pay", lang)])
    with claims:
        _claims(lang)
    with pay:
        _pay(lang)


def _claims(lang: str) -> None:
    """The claim form, then the shopper's claims and what became of them."""
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
        visit = state.select_or_none(
            st,
            t("m_for_visit", lang),
            list(labels),
            "—",
            lang,
            format_func=labels.__getitem__,
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
            receipts = t("m_pay_receipts", lang, eur=eur(claim.amount_eur, lang))
            st.caption(
                f"{number(claim.km, lang, 1)} km · {receipts} · {claim.description}"
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


def _pay(lang: str) -> None:
    """The shopper's own statement, read-only: what waits for review, then month by month
    (the latest first) each approved visit's fee and approved expense, with the total."""
    pay = state.call(expenses.my_pay)
    if pay is None:
        return
    if not pay.months and not pay.awaiting:
        st.info(t("m_nothing_earned", lang))
        return
    st.caption(t("m_pay_rule", lang))
    if pay.awaiting:
        with st.container(border=True, key="pay_awaiting"):
            waiting = sum(fee.fee_eur for fee in pay.awaiting)
            st.markdown(f"**{t('m_awaiting_review', lang)}** · {eur(waiting, lang)}")
            _lines([_fee_line(fee, lang) for fee in pay.awaiting], lang)
    for month in pay.months:
        with st.container(border=True, key=f"pay_{month.totals.month}"):
            total = eur(month.totals.total_eur, lang)
            st.markdown(
                f"**{month_label(month.totals.month, lang)}** · "
                f"**{t('m_month_total', lang, total=total)}**"
            )
            _lines(_month_lines(month, lang), lang)
            st.caption(_breakdown(month, lang))


def _fee_line(fee: VisitFee, lang: str) -> dict[str, object]:
    status = "m_exp_status_approved" if fee.status == "approved" else "m_fee_awaiting"
    return {
        t("m_pay_item", lang): fee.store,
        t("m_date", lang): date_text(fee.visited_on),
        t("m_status", lang): t(status, lang),
        t("m_amount", lang): float(fee.fee_eur),
    }


def _month_lines(month: PayMonth, lang: str) -> list[dict[str, object]]:
    lines = [_fee_line(fee, lang) for fee in month.fees]
    for claim in month.expenses:
        lines.append(
            {
                t("m_pay_item", lang): t("m_claim_item", lang, description=claim.description),
                t("m_date", lang): date_text(claim.spent_on),
                t("m_status", lang): t("m_exp_status_approved", lang),
                t("m_amount", lang): float(claim.total_eur),
            }
        )
    return lines


def _lines(lines: list[dict[str, object]], lang: str) -> None:
    """A narrow static table, so a phone wraps it instead of scrolling sideways."""
    responsive.phone_table(pd.DataFrame(lines), lang, euros=[t("m_amount", lang)])


def _breakdown(month: PayMonth, lang: str) -> str:
    """ "4 käyntiä 180,00 € · km-korvaus 120,0 km 66,00 € · kuitit 12,40 €" """
    totals = month.totals
    said = []
    if totals.visits:
        said.append(t("m_pay_visits", lang, n=totals.visits, eur=eur(totals.fees_eur, lang)))
    if totals.km:
        km = number(totals.km, lang, 1)
        said.append(t("m_pay_km", lang, km=km, eur=eur(totals.km_eur, lang)))
    if totals.receipts_eur:
        said.append(t("m_pay_receipts", lang, eur=eur(totals.receipts_eur, lang)))
    return " · ".join(said)
