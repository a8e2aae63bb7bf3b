"""The audit form: one checklist section a screen, every answer saved as it is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from audits import fieldwork
from audits.checklist import Item
from audits.fieldwork import AuditView, Question
from audits.i18n import explain, number, pick, t
from audits.ui import browser, state, widgets


def render() -> None:
    lang = state.lang()
    browser.connection_banner(t("offline_banner", lang))
    back = _came_from()
    if st.button(t(f"back_to_{back}", lang), type="tertiary"):
        state.go(back)
    try:
        audit_id = int(st.query_params.get("audit", ""))
    except ValueError:
        state.go("visits")
        return
    st.session_state.pop(widgets.rerun_key(audit_id), None)  # this run is the whole page
    if st.session_state.pop(f"submitted_{audit_id}", False):
        st.session_state["flash"] = t("submitted_ok", lang)
        state.go(back)
    view = state.call(fieldwork.load_audit, audit_id)
    if view is None:
        return
    st.subheader(view.store_name)
    st.caption(
        f"{view.store_address}, {view.store_city} · {view.wave} · "
        f"{t('status_' + view.status, lang)}"
    )
    editable = view.status in fieldwork.EDITABLE
    if not editable:
        st.info(t("read_only", lang, status=t("status_" + view.status, lang).lower()))
    _briefing(view, lang, editable)
    _check_in(view, lang, editable)
    _questions([q for q in view.questions if not _on_its_item(view, q)], lang, editable)
    if editable:
        _open_questions(view, lang)
    _section(view, lang, editable)
    _to_top_if_asked()


def _came_from() -> str:
    """The page the audit was opened from, to go back to: the day's tour or the visits."""
    return "tour" if st.query_params.get("from") == "tour" else "visits"


TO_TOP = "to_top_next_run"


def _to_top_next_run() -> None:
    st.session_state[TO_TOP] = True


def _to_top_if_asked() -> None:
    """After a move to another section, show it from its top: the browser would keep the
    scroll position of the tap (Next is at the bottom), landing the shopper mid-section below
    its first items. After a reply too: the top says what is left (Submit again, or where the
    other questions are). Last on the page, so the elements above keep their places."""
    if st.session_state.pop(TO_TOP, False):
        state.scroll_to_top()


def _open_questions(view: AuditView, lang: str) -> None:
    """Where the manager's unanswered questions are, each a button to its section."""
    sections = view.checklist.sections
    asked = [q for q in view.questions if not q.reply and _on_its_item(view, q)]
    if not asked:
        if view.status == "returned" and all(q.reply for q in view.questions):
            _resubmit(view, lang)
        return
    st.warning(t("questions_waiting", lang, n=len(asked)), icon="❓")
    for question in asked:
        item = view.checklist.item(question.item_id)
        index = sections.index(view.checklist.section_of(item.id))
        st.button(
            f"{pick(sections[index].title, lang)} › {pick(item.label, lang)}",
            key=f"to_question_{question.id}",
            type="tertiary",
            on_click=_go_to,
            args=(view, index),
        )


def _resubmit(view: AuditView, lang: str) -> None:
    """Every question answered: submitting again is the one step left, wherever the shopper is
    (the form's own Submit is on its last section)."""
    st.info(t("replies_done", lang), icon="✅")
    st.button(
        t("resubmit", lang),
        key="resubmit",
        type="primary",
        width="stretch",
        on_click=_submit_or_show_gaps,
        args=(view,),
    )


def _submit_or_show_gaps(view: AuditView) -> None:
    """Submit; if something is missing, go to the last section, where the list of it is."""
    _submit_now(view.audit_id)
    if st.session_state.get(f"missing_{view.audit_id}"):
        _go_to(view, len(view.checklist.sections) - 1)


def _on_its_item(view: AuditView, question: Question) -> bool:
    """Whether a question shows on its item; else (a whole-audit one, or its item hidden by
    a changed answer) it shows at the top, where it cannot be missed."""
    if question.item_id is None:
        return False
    item = view.checklist.item(question.item_id)
    return (view.staff_names or not item.staff_name) and item.is_visible(view.answers)


def _section(view: AuditView, lang: str, editable: bool) -> None:
    """The current section, one item a fragment: a tap redraws that item and the progress bar.

    Redrawing the whole section on every tap cost ~0.7 ms of the shopper's wait per element
    (about 25 of them); moving between sections reruns the page. An answer that shows or hides
    other items (their visible_if) and a photo rerun the page too.
    """
    sections = view.checklist.sections
    index = _section_index(view)
    section = sections[index]
    slot = st.empty()  # the progress bar; every item redraws it after its answer is saved
    st.markdown(f"### {pick(section.title, lang)}")
    answers = dict(view.answers)
    st.session_state[widgets.answers_key(view.audit_id)] = answers
    st.session_state[f"photo_paths_{view.audit_id}"] = view.photo_paths
    st.session_state[widgets.refresh_key(view.audit_id)] = _items_that_refresh(view)
    items = [i for i in section.items if view.staff_names or not i.staff_name]
    for item in items:
        widgets.seed(view.audit_id, item, answers.get(item.id))
    shown = [item for item in items if item.is_visible(answers)]
    if css := widgets.stacked_options_css(view.audit_id, items, lang):
        st.html(f"<style>{css}</style>")
    progress = Progress(
        slot,
        [i for i in view.checklist.items() if view.staff_names or not i.staff_name],
        f"{t('section_of', lang, n=index + 1, total=len(sections))}",
    )
    if not shown:
        _progress(progress, view.audit_id, lang)
    for item in shown:
        questions = [q for q in view.questions if q.item_id == item.id]
        _item(view.audit_id, item, questions, lang, editable, progress)
    _navigation(view, index, lang)
    if editable and index == len(sections) - 1:
        _submit(view, lang)
    elif editable and st.session_state.get(f"missing_{view.audit_id}"):
        # Sent here from the list of what is missing: the way back to it and to Submit.
        st.button(
            t("back_to_missing", lang),
            key="back_to_missing",
            type="tertiary",
            on_click=_go_to,
            args=(view, len(sections) - 1),
        )


@st.fragment
def _item(
    audit_id: int,
    item: Item,
    questions: list[Question],
    lang: str,
    editable: bool,
    progress: Progress,
) -> None:
    if st.session_state.pop(widgets.rerun_key(audit_id), False):
        st.rerun()
    with st.container(border=True, key=f"item_{item.id}"):
        _questions(questions, lang, editable)
        widgets.answer_widget(audit_id, item, lang, disabled=not editable)
    # Drawn on every run, not only after a tap: Streamlit keeps a fragment's place in a
    # container outside it only if the fragment wrote there during the full run.
    _progress(progress, audit_id, lang)


def _items_that_refresh(view: AuditView) -> set[str]:
    """Items whose answer changes more than themselves: items shown by it, photos."""
    items = view.checklist.items()
    controlling = {i.visible_if.item for i in items if i.visible_if is not None}
    return controlling | {i.id for i in items if i.type == "photo"}


def _section_index(view: AuditView) -> int:
    """Where the shopper left off; a returned audit opens where the manager's first
    unanswered question is, and one that can no longer be edited on its first section
    (it is read from the start, not resumed)."""
    key = f"section_{view.audit_id}"
    if key not in st.session_state:
        ids = [s.id for s in view.checklist.sections]
        asked = [q for q in view.questions if not q.reply and _on_its_item(view, q)]
        if asked:
            where = view.checklist.section_of(asked[0].item_id).id
        elif view.status in fieldwork.EDITABLE:
            where = view.current_section
        else:
            where = ids[0]
        st.session_state[key] = ids.index(where) if where in ids else 0
    return st.session_state[key]


def _go_to(view: AuditView, index: int) -> None:
    st.session_state[f"section_{view.audit_id}"] = index
    _to_top_next_run()
    if view.status in fieldwork.EDITABLE:
        state.call(fieldwork.set_section, view.audit_id, view.checklist.sections[index].id)
    _whole_page(view.audit_id)


def _then_whole_page(audit_id: int, service: Callable[..., object]) -> None:
    state.call(service, audit_id)
    _whole_page(audit_id)


def _whole_page(audit_id: int) -> None:
    """After a button outside the items: redraw the whole page, also when the run is an
    item's. A tap on a button while a text box has focus reaches the server as one run, of the
    text box's item alone (Streamlit merges the two), which would leave the button unseen."""
    st.session_state[widgets.rerun_key(audit_id)] = True


@dataclass(frozen=True)
class Progress:
    slot: DeltaGenerator  # where the bar is
    items: list[Item]  # the form's items (without staff names when the client has them off)
    where: str  # "Osio 3/7"


def _progress(progress: Progress, audit_id: int, lang: str) -> None:
    """Answered of the items shown; once every required one is, it says so (optional items
    may stay empty, so the bar need not reach the end)."""
    answers = st.session_state.get(widgets.answers_key(audit_id), {})
    visible = [i for i in progress.items if i.is_visible(answers)]
    answered = {i.id for i in visible if i.is_answered(answers.get(i.id))}
    text = f"{progress.where} · {t('answered_of', lang, done=len(answered), total=len(visible))}"
    if all(i.id in answered for i in visible if i.required):
        text += f" · {t('required_done', lang)}"
    progress.slot.progress(len(answered) / len(visible) if visible else 1.0, text=text)


def _navigation(view: AuditView, index: int, lang: str) -> None:
    """Previous and Next side by side; on the first and last section the one button alone
    (an empty column would leave a gap where a phone stacks them)."""
    buttons = []
    if index > 0:
        buttons.append(("prev", t("previous", lang), "secondary", index - 1))
    if index < len(view.checklist.sections) - 1:
        buttons.append(("next", t("next", lang), "primary", index + 1))
    places = st.columns(2) if len(buttons) == 2 else [st.container()]
    for place, (key, label, kind, target) in zip(places, buttons, strict=False):
        place.button(
            label, key=key, type=kind, width="stretch", on_click=_go_to, args=(view, target)
        )


def _briefing(view: AuditView, lang: str, editable: bool) -> None:
    text = pick(view.briefing, lang)
    if not text:
        return
    with st.expander(f"📄 {t('briefing', lang)}", expanded=view.briefing_read_at is None):
        st.text(text)
        if view.briefing_read_at is None and editable:
            st.button(
                t("briefing_confirm", lang),
                key="briefing_read",
                on_click=_then_whole_page,
                args=(view.audit_id, fieldwork.mark_briefing_read),
            )
        elif view.briefing_read_at is not None:
            st.caption(f"✓ {t('briefing_confirm', lang)}")


def _check_in(view: AuditView, lang: str, editable: bool) -> None:
    """Arrival at the store: a time stamp and, if the shopper allows it, the distance."""
    if view.checkin_at is not None:
        when = widgets.local_time(view.checkin_at, lang)
        if view.checkin_refused:
            st.caption(f"📍 {t('checked_in_no_location', lang, time=when)}")
        elif view.checkin_distance_m is not None:
            metres = view.checkin_distance_m
            far = f"{number(metres / 1000, lang, 1)} km" if metres >= 1000 else f"{metres:.0f} m"
            st.caption(f"📍 {t('checked_in_at', lang, time=when, distance=far)}")
            if view.checkin_far and editable:
                st.warning(t("checkin_far_warning", lang, distance=far), icon="📍")
        else:
            st.caption(f"📍 {t('checked_in_no_store_place', lang, time=when)}")
        return
    if not editable:
        return
    with st.container(border=True, key="checkin_box"):
        st.markdown(f"**📍 {t('check_in_title', lang)}**")
        st.caption(t("check_in_help", lang))
        found = browser.locate(t("check_in_here", lang), t("locating", lang), key="locate")
        if found and "lat" in found:
            state.call(
                fieldwork.check_in, view.audit_id, found["lat"], found["lon"], found.get("accuracy")
            )
            st.rerun()
        if found and found.get("error"):
            st.warning(t("location_" + found["error"], lang))
        st.button(
            t("check_in_without_location", lang),
            key="checkin_refused",
            type="tertiary",
            on_click=_then_whole_page,
            args=(view.audit_id, fieldwork.check_in),
        )


def _questions(questions: list[Question], lang: str, editable: bool) -> None:
    for question in questions:
        with st.container(border=True):
            st.markdown(f"**❓ {t('manager_question', lang)}**")
            st.text(question.question)
            if question.reply:
                st.caption(f"{t('your_reply', lang)}: {question.reply}")
            elif editable:
                reply = st.text_area(t("your_reply", lang), key=f"reply_{question.id}")
                if st.button(t("send_reply", lang), key=f"send_{question.id}"):
                    try:
                        state.call(fieldwork.reply_to_question, question.id, reply)
                    except ValueError as exc:
                        st.error(explain(exc, lang))
                    else:
                        _to_top_next_run()  # where what is left to do is said
                        st.rerun()


def _submit_now(audit_id: int) -> None:
    result = state.call(fieldwork.submit, audit_id)
    if result is not None:
        st.session_state[f"submitted_{audit_id}"] = result.submitted
        st.session_state[f"missing_{audit_id}"] = result.missing
    _whole_page(audit_id)


_GAP_REASONS = {
    "answer required": "answer_required",
    "comment required": "comment_missing",
    "reply required": "reply_required",
}


def _submit(view: AuditView, lang: str) -> None:
    st.divider()
    st.button(
        t("submit", lang),
        key="submit",
        type="primary",
        width="stretch",
        on_click=_submit_now,
        args=(view.audit_id,),
    )
    missing = st.session_state.get(f"missing_{view.audit_id}") or []
    if missing:
        st.error(t("missing_title", lang, n=len(missing)))
        sections = view.checklist.sections
        ids = [s.id for s in sections]
        for n, gap in enumerate(missing):
            index = ids.index(gap.section_id)
            if gap.item_id:
                item = view.checklist.item(gap.item_id)
                where = f"{pick(sections[index].title, lang)} › {pick(item.label, lang)}"
            else:
                where = t("manager_question", lang)
            st.button(
                f"{where} – {t(_GAP_REASONS[gap.reason], lang)}",
                key=f"gap_{n}",
                type="tertiary",
                on_click=_go_to,
                args=(view, index),
            )
