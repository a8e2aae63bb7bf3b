"""Review: the queue oldest first; one audit with its evidence, trust signals and decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from audits import fieldwork, reports, review, trust
from audits.auth import Actor
from audits.checklist import Item, Response
from audits.fieldwork import AuditView
from audits.i18n import clock, day_label, number, pick, t, t_or
from audits.ui import state
from audits.ui.widgets import (
    LOCAL_TZ,
    NA,
    NONE,
    local_time,
    multi_options,
    option_labels,
    show_photo,
)

QUEUE_STATUSES = ("submitted", "returned", "approved", "rejected", "released")
FLASH = "review_flash"  # what was just done, shown once after the rerun
SHOWN = "queue_shown"  # how many cards each status's list shows
PAGE = 20


def _local(moment: dt.datetime | None, lang: str) -> str:
    """A stored UTC time as a day and a time in Finland: "ma 23.11.2026 9.05"."""
    if moment is None:
        return "–"
    local = moment.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)
    return f"{day_label(local.date(), lang)} {clock(local, lang)}"


def _score(score: float | None, lang: str) -> str:
    return "–" if score is None else number(score, lang, 1)


def render() -> None:
    lang = state.lang()
    selected = st.query_params.get("audit")
    if selected and selected.isdigit():
        _detail(int(selected), lang)
        return
    st.header(t("review_queue", lang))
    if done := st.session_state.pop(FLASH, None):
        st.success(done)
    status = st.segmented_control(
        t("m_status", lang),
        QUEUE_STATUSES,
        format_func=lambda s: t("status_" + s, lang),
        default="submitted",
        key="queue_status",
    )
    status = status or "submitted"
    queue = state.call(review.review_queue, status)
    if queue is None:
        return
    if not queue:
        st.info(t("queue_empty" if status == "submitted" else f"m_none_{status}", lang))
        return
    shown = st.session_state.setdefault(SHOWN, {}).get(status, PAGE)
    st.caption(_count(len(queue), shown, status, lang))
    for row in queue[:shown]:
        _card(row, lang)
    if shown < len(queue) and st.button(t("m_show_more", lang), key="queue_more"):
        st.session_state[SHOWN][status] = shown + PAGE
        st.rerun()


def _count(n: int, shown: int, status: str, lang: str) -> str:
    """ "86 audits, newest first", or "Showing 20 of 86, newest first" when capped."""
    order = "newest" if status in review.DECIDED else "oldest"
    if shown < n:
        return t(f"m_queue_shown_{order}", lang, shown=shown, n=n)
    return t(f"m_queue_count_{order}", lang, n=n)


def _card(row: review.QueueRow, lang: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{row.store_name}** · {row.city}")
        st.caption(
            f"{row.wave} · {t('shopper', lang)}: {row.shopper} · "
            f"{t('submitted', lang)} {_local(row.submitted_at, lang)} · "
            + (
                f"{t('status_' + row.status, lang)} {_local(row.decided_at, lang)} · "
                if row.decided_at
                else ""
            )
            + f"{t('score', lang)} {_score(row.score, lang)}"
        )
        if st.button(t("open", lang), key=f"review_{row.audit_id}", width="stretch"):
            st.query_params["audit"] = str(row.audit_id)
            st.rerun()


def _detail(audit_id: int, lang: str) -> None:
    if st.button(f"← {t('review_queue', lang)}", type="tertiary", key="back_to_queue"):
        del st.query_params["audit"]
        st.rerun()
    view = state.call(fieldwork.load_audit, audit_id)
    if view is None:
        return
    if done := st.session_state.pop(FLASH, None):
        st.success(done)
    st.subheader(view.store_name)
    # "Submitted" is the status's own name too: said once.
    status = [] if view.status == "submitted" else [t("status_" + view.status, lang)]
    st.caption(
        " · ".join(
            [
                f"{view.store_address}, {view.store_city}",
                view.wave,
                *status,
                f"{t('submitted', lang)} {_local(view.submitted_at, lang)}",
            ]
        )
    )
    entries = state.call(review.audit_log, audit_id) or []
    if view.status == "rejected":
        _rejected(entries, lang)
    cols = st.columns(3)
    cols[0].metric(t("score", lang), _score(view.score, lang))
    cols[1].metric(
        t("m_checkin", lang), local_time(view.checkin_at, lang) if view.checkin_at else "–"
    )
    cols[2].metric(
        t("m_distance", lang),
        "–" if view.checkin_distance_m is None else f"{number(view.checkin_distance_m, lang, 0)} m",
    )
    if view.critical_failed:
        failed = (pick(view.checklist.item(i).label, lang) for i in view.critical_failed)
        st.warning(t("m_critical", lang) + ": " + ", ".join(failed))
    _signals(audit_id, lang)
    _answers(view, lang)
    _photos(audit_id, lang)
    for question in view.questions:
        st.info(
            f"❓ {question.question}" + (f"\n\n↩️ {question.reply}" if question.reply else ""),
        )
    if view.status == "submitted":
        _actions(view, lang)
    if view.status in review.CORRECTABLE:
        _correct(view, lang)
    _log(entries, view, lang)


def _signals(audit_id: int, lang: str) -> None:
    signals = state.call(trust.trust_signals, audit_id)
    if signals is None:
        return
    if not signals:
        st.success(t("m_no_signals", lang), icon="🛡️")
        return
    st.markdown(f"**{t('m_trust_signals', lang)}** · {t('m_signals_note', lang)}")
    for signal in signals:
        where = f" ({signal.item_id})" if signal.item_id else ""
        if signal.severity == "warning":
            st.warning(signal.said.text(lang) + where, icon="⚠️")
        else:
            st.info(signal.said.text(lang) + where, icon="ℹ️")


def _rejected(entries: list[review.LogEntry], lang: str) -> None:
    """Why the audit was rejected, and how its visit gets done again."""
    reason = next(
        (e.detail.get("reason", "") for e in reversed(entries) if e.action == "audit.rejected"), ""
    )
    st.warning(t("m_rejected_reason", lang, reason=reason or "–"), icon="⛔")


def _answers(view: AuditView, lang: str) -> None:
    for section in view.checklist.sections:
        score = view.section_scores.get(section.id)
        title = pick(section.title, lang)
        with st.expander(f"{title} · {'–' if score is None else f'{score:.0f}'}"):
            for item in section.items:
                response = view.answers.get(item.id)
                answer = (
                    "—"
                    if response is None
                    else reports.answer_text(item, response.value, response.na, lang)
                )
                saved = view.saved_at.get(item.id)
                st.markdown(f"**{pick(item.label, lang)}** · `{item.id}`")
                stamp = t("m_saved_at", lang, time=local_time(saved, lang)) if saved else ""
                st.text(
                    answer
                    + (f"   🕒 {stamp}" if stamp else "")
                    + (f"\n💬 {response.comment}" if response and response.comment else "")
                )


def _photos(audit_id: int, lang: str) -> None:
    photos = state.call(review.audit_photos, audit_id) or []
    if not photos:
        return
    st.markdown(f"**{t('m_photos', lang)}**")
    cols = st.columns(3)
    for i, photo in enumerate(photos):
        with cols[i % 3]:
            show_photo(photo.path, lang, caption=_local(photo.created_at, lang))


def _actions(view: AuditView, lang: str) -> None:
    st.divider()
    if st.button(t("approve", lang), key="approve", type="primary", width="stretch"):
        _decide(view, "m_done_approved", review.approve)
    items = {k: pick(i.label, lang) for k, i in _shown_items(view).items()}
    with st.form("return_form"):
        item = state.select_or_none(
            st,
            t("m_about_item", lang),
            list(items),
            t("m_whole_audit", lang),
            lang,
            format_func=items.__getitem__,
            key="return_item",
        )
        question = st.text_area(t("question", lang), key="question")
        if st.form_submit_button(t("return", lang), width="stretch"):
            _decide(view, "m_done_returned", review.return_to_shopper, question, item)
    with st.form("reject_form"):
        reason = st.text_input(t("reason", lang), key="reject_reason")
        if st.form_submit_button(t("reject", lang), width="stretch"):
            _decide(view, "m_done_rejected", review.reject, reason)


@dataclass(frozen=True)
class _Unreadable:
    """An input that makes no answer; `said` tells the reviewer which item and why."""

    said: str


def _shown_items(view: AuditView) -> dict[str, Item]:
    """Items the shopper's form shows with the answers as they are."""
    return {
        i.id: i
        for i in view.checklist.items()
        if (view.staff_names or not i.staff_name) and i.is_visible(view.answers)
    }


def _correct(view: AuditView, lang: str) -> None:
    items = {k: i for k, i in _shown_items(view).items() if i.type != "photo"}
    with st.expander(t("m_correct", lang)):
        item_id = st.selectbox(
            t("m_item", lang),
            list(items),
            format_func=lambda i: pick(items[i].label, lang),
            key=state.relabelled("correct_item", lang),
        )
        item = items[item_id]
        changes = {item_id: _new_answer(item, view.answers.get(item_id), lang)}
        after = dict(view.answers) | {
            item_id: Response(value=changes[item_id].value, na=changes[item_id].na)
        }
        shown = [
            i
            for i in view.checklist.items()
            if i.visible_if is not None and i.visible_if.item == item_id and i.is_visible(after)
        ]
        if shown:
            st.caption(t("m_correct_shown_too", lang))
        for other in shown:
            changes[other.id] = _new_answer(other, view.answers.get(other.id), lang)
        reason = st.text_input(t("m_correction_reason", lang), key="correct_reason")
        if st.button(t("m_save_correction", lang), key="save_correction"):
            values = [c.value for c in changes.values()]
            if unreadable := [v.said for v in values if isinstance(v, _Unreadable)]:
                st.error("\n\n".join(unreadable))
                return
            try:
                outcome = state.call(_corrected, view.audit_id, changes, reason)
            except (ValueError, fieldwork.InvalidTransition) as exc:
                st.error(review.refusal_text(exc, view.checklist, lang))
                return
            if outcome is None:  # state.call has said why
                return
            score = "–" if outcome[0] is None else number(outcome[0], lang, 1)
            st.session_state[FLASH] = t("m_corrected", lang, score=score)
            st.rerun()


def _corrected(
    session: Session, actor: Actor, audit_id: int, changes: dict, reason: str
) -> tuple[float | None]:
    """The new score in a tuple: a score of None (nothing scored) is not a failed call."""
    return (review.correct_answers(session, actor, audit_id, changes, reason=reason),)


def _new_answer(item: Item, current: Response | None, lang: str) -> review.Correction:
    """The inputs for one item's corrected answer, its N/A and its comment."""
    st.markdown(f"**{pick(item.label, lang)}**")
    key = f"correct_{item.id}"
    value = _value_input(item, current, lang, key)
    na = item.allow_na and st.checkbox(
        t("na", lang), value=bool(current and current.na), key=f"{key}_na"
    )
    comment = st.text_input(
        t("comment", lang), value=current.comment if current else "", key=f"{key}_comment"
    )
    return review.Correction(value, bool(na), comment)


def _value_input(item: Item, current: Response | None, lang: str, key: str) -> Any:
    """An input of the item's own kind, holding the answer there is."""
    now = None if current is None else current.value
    label = t("m_new_value", lang)
    if item.type in ("yes_no", "choice", "scale"):
        options = {k: v for k, v in option_labels(item, lang).items() if k != NA}
        keys = list(options)
        return st.radio(
            label,
            keys,
            index=keys.index(now) if now in options else None,
            format_func=options.get,
            horizontal=True,
            key=state.relabelled(f"{key}_value", lang),
        )
    if item.type == "multi_choice":
        return _options_input(item, now, lang, f"{key}_value")
    if item.type == "duration":
        return _wait_input(item, now, lang, key)
    if item.type == "number":
        unit = pick(item.unit, lang)
        typed = st.number_input(
            f"{label} ({unit})" if unit else label,
            value=None if now is None else float(now),
            step=1.0,
            format="%g",
            key=f"{key}_value",
        )
        return None if typed is None else int(typed) if typed.is_integer() else typed
    if item.type == "time":
        chosen = st.time_input(
            label,
            value=dt.time.fromisoformat(now) if isinstance(now, str) else None,
            step=60,
            key=f"{key}_value",
        )
        return None if chosen is None else chosen.strftime("%H:%M")
    return st.text_area(label, value=now or "", key=f"{key}_value").strip() or None


def _options_input(item: Item, now: Any, lang: str, key: str) -> list[str] | None:
    """A multiple choice's options and "none of these" (an answer: not the same as none)."""
    options = {k: v for k, v in multi_options(item, lang).items() if k != NA}
    chosen = [NONE] if now == [] else [v for v in now or [] if v in options]
    picked = st.multiselect(
        t("m_new_value", lang),
        list(options),
        default=chosen,
        format_func=options.get,
        placeholder=t("choose_options", lang),
        key=state.relabelled(key, lang),
    )
    if NONE in picked:
        return []
    return picked or None


def _wait_input(item: Item, now: Any, lang: str, key: str) -> Any:
    """A wait in minutes and seconds, and whether anybody came. An unchanged wait keeps the
    greeting timer's stamps; a changed one drops them, as they no longer measure it."""
    was = now if isinstance(now, dict) else {}
    seconds = was.get("seconds")
    st.caption(t("m_new_wait", lang))
    minutes_col, seconds_col, nobody_col = st.columns(3, vertical_alignment="bottom")
    minutes = minutes_col.number_input(
        t("m_minutes", lang),
        value=None if seconds is None else seconds // 60,
        step=1,
        key=f"{key}_min",
    )
    secs = seconds_col.number_input(
        t("m_seconds", lang),
        value=None if seconds is None else seconds % 60,
        step=1,
        key=f"{key}_sec",
    )
    nobody = nobody_col.checkbox(
        t("nobody_came", lang), value=bool(was.get("nobody_came")), key=f"{key}_nobody"
    )
    if minutes is None and secs is None:
        return {"nobody_came": True} if nobody else None
    if (minutes or 0) < 0 or (secs or 0) < 0:
        named = t("quoted", lang, text=pick(item.label, lang))
        return _Unreadable(t("m_wait_negative", lang, item=named))
    total = int((minutes or 0) * 60 + (secs or 0))
    if (total, nobody) == (seconds, bool(was.get("nobody_came"))):
        return now
    return {"seconds": total, "nobody_came": nobody}


def _log(entries: list[review.LogEntry], view: AuditView, lang: str) -> None:
    if not entries:
        return
    with st.expander(t("m_audit_log", lang)):
        for entry in entries:
            action = t_or("log_" + entry.action, lang, entry.action)
            st.markdown(f"**{_local(entry.at, lang)}** · {entry.who} · {action}")
            if detail := review.log_detail(entry, view.checklist, lang):
                st.text(detail)


def _decide(view: AuditView, said: str, action, *args: Any) -> None:
    """Approve, return or reject; back in the queue, a line says what was done to which."""
    lang = state.lang()
    try:
        done = state.call(action, view.audit_id, *args)
    except (ValueError, fieldwork.InvalidTransition) as exc:
        st.error(review.refusal_text(exc, view.checklist, lang))
        return
    if done is None:
        return
    st.session_state[FLASH] = t(said, lang, store=view.store_name)
    del st.query_params["audit"]
    st.rerun()
