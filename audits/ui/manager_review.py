"""Review queue: submitted audits oldest first; open one, see answers and score, decide."""

from __future__ import annotations

import streamlit as st

from audits import fieldwork, review
from audits.fieldwork import AuditView
from audits.i18n import pick, t
from audits.ui import state


def render() -> None:
    lang = state.lang()
    selected = st.query_params.get("audit")
    if selected and selected.isdigit():
        _detail(int(selected), lang)
        return
    st.header(t("review_queue", lang))
    queue = state.call(review.review_queue)
    if queue is None:
        return
    if not queue:
        st.info(t("queue_empty", lang))
        return
    for row in queue:
        with st.container(border=True):
            st.markdown(f"**{row.store_name}** · {row.city}")
            score = "–" if row.score is None else f"{row.score:.1f}"
            st.caption(
                f"{row.wave} · {t('shopper', lang)}: {row.shopper} · "
                f"{t('submitted', lang)} {row.submitted_at:%d.%m.%Y %H:%M} · "
                f"{t('score', lang)} {score}"
            )
            if st.button(t("open", lang), key=f"review_{row.audit_id}", width="stretch"):
                st.query_params["audit"] = str(row.audit_id)
                st.rerun()


def _detail(audit_id: int, lang: str) -> None:
    if st.button(f"← {t('review_queue', lang)}", type="tertiary"):
        del st.query_params["audit"]
        st.rerun()
    view = state.call(fieldwork.load_audit, audit_id)
    if view is None:
        return
    st.subheader(view.store_name)
    st.caption(
        f"{view.store_address}, {view.store_city} · {view.wave} · "
        f"{t('status_' + view.status, lang)}"
    )
    total = "–" if view.score is None else f"{view.score:.1f}"
    st.metric(t("score", lang), total)
    if view.critical_failed:
        st.warning("Critical: " + ", ".join(view.critical_failed))
    _answers(view, lang)
    if view.status == "submitted":
        _actions(view, lang)


def _answers(view: AuditView, lang: str) -> None:
    for section in view.checklist.sections:
        score = view.section_scores.get(section.id)
        title = pick(section.title, lang)
        with st.expander(f"{title} · {'–' if score is None else f'{score:.0f}'}"):
            for item in section.items:
                response = view.answers.get(item.id)
                if response is None:
                    answer = "—"
                elif response.na:
                    answer = t("na", lang)
                else:
                    answer = str(response.value)
                st.markdown(f"**{pick(item.label, lang)}**")
                st.text(
                    answer + (f"\n💬 {response.comment}" if response and response.comment else "")
                )


def _actions(view: AuditView, lang: str) -> None:
    st.divider()
    if st.button(t("approve", lang), key="approve", type="primary", width="stretch"):
        _decide(review.approve, view.audit_id)
    with st.form("return_form"):
        question = st.text_area(t("question", lang), key="question")
        if st.form_submit_button(t("return", lang), width="stretch"):
            _decide(review.return_to_shopper, view.audit_id, question)
    with st.form("reject_form"):
        reason = st.text_input(t("reason", lang), key="reject_reason")
        if st.form_submit_button(t("reject", lang), width="stretch"):
            _decide(review.reject, view.audit_id, reason)


def _decide(action, audit_id: int, *args: str) -> None:
    try:
        done = state.call(action, audit_id, *args)
    except (ValueError, fieldwork.InvalidTransition) as exc:
        st.error(str(exc))
        return
    if done is None:
        return
    del st.query_params["audit"]
    st.rerun()
