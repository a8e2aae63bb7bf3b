"""Waves: create one, the board of its visits, and assigning visits to shoppers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from audits import checklist_versions as cv
from audits import stores, waves
from audits.i18n import LANGUAGES, Phrase, date_text, day_label, day_month, eur, explain, pick, t
from audits.models import local_today
from audits.ui import state, tables
from audits.ui.manager_stores import client_picker
from audits.ui.tables import Num
from audits.waves import AssignmentRefused, AssignmentRules, RuleBreak

# What an assignment, unassignment or release did, said once after the page is drawn again
# (the board above them was drawn before the change): (the place, [(kind, text, icon)]).
FLASH = "waves_flash"
Said = tuple[str, str, str | None]
# The done action's inputs and their empty values, set before the widgets are drawn again (a
# widget's value deleted instead would still show in the browser and come back on the next run).
EMPTY = "waves_empty"
# Typing in a picker of visits or stores keeps the options that contain the text: Streamlit's
# fuzzy default also kept Kuopio for "Kok" (K…o…k in "Kuopio … Observer ke") and offered to
# select all ten "matches" at once.
VISIT_FILTER = "contains"


def render() -> None:
    lang = state.lang()
    st.session_state.update(st.session_state.pop(EMPTY, {}))
    st.header(t("m_waves", lang))
    client_id = client_picker(lang, key="wave_client")
    if client_id is None:
        return
    wave_list = state.call(waves.list_waves, client_id) or []
    board_tab, assign_tab, unassign_tab, create_tab = st.tabs(
        [t("m_board", lang), t("m_assign", lang), t("m_unassign", lang), t("m_new_wave", lang)]
    )
    with create_tab:
        _show_flash("create")
        _create(client_id, lang)
    if not wave_list:
        board_tab.info(t("m_no_waves", lang))
        return
    names = {w.id: f"{w.name} ({day_month(w.starts_on)}–{date_text(w.ends_on)})" for w in wave_list}
    with board_tab:
        wave_id = st.selectbox(t("wave", lang), list(names), format_func=names.get, key="wave")
        _board(wave_id, lang)
    with assign_tab:
        wave_id = st.selectbox(
            t("wave", lang), list(names), format_func=names.get, key="assign_wave"
        )
        _assign(wave_id, lang)
    with unassign_tab:
        wave_id = st.selectbox(
            t("wave", lang), list(names), format_func=names.get, key="unassign_wave"
        )
        _unassign(wave_id, lang)


def _board(wave_id: int, lang: str) -> None:
    shoppers = state.call(waves.list_shoppers) or []
    everything = state.call(waves.wave_board, wave_id)
    if everything is None:
        return
    info = everything.wave
    rules = info.rules
    caption = t(
        "m_rules_caption", lang, n=rules.max_visits_per_day, days=rules.min_days_between_same_store
    )
    st.caption(f"{info.checklist} · {t('m_fee', lang)} {eur(info.fee_eur, lang)} · {caption}")
    done = everything.share("approved")
    sent = everything.share("submitted", "approved", "returned")
    assigned = 1 - everything.share("unassigned")
    st.progress(assigned, text=t("m_progress_assigned", lang, pct=round(assigned * 100)))
    st.progress(sent, text=t("m_progress_done", lang, pct=round(sent * 100)))
    st.progress(done, text=t("m_progress_approved", lang, pct=round(done * 100)))
    if everything.stranded:
        st.warning(t("m_stranded", lang, n=everything.stranded), icon="⚠️")
    _show_flash("briefing")
    _briefing(everything, lang)
    _show_flash("release")
    _release(everything, lang)
    regions = sorted({r.region for r in everything.rows if r.region})
    cols = st.columns(4)
    everyone = t("m_all", lang)
    status = state.select_or_none(
        cols[0],
        t("m_status", lang),
        waves.BOARD_STATUSES,
        everyone,
        lang,
        format_func=lambda s: t("status_" + s, lang),
        key="board_status",
    )
    # A deactivated shopper's waiting visits can be picked out too, to be handed on.
    gone = {r.shopper_id: _shopper(r, lang) for r in everything.rows if r.shopper_gone}
    names = {s.id: s.name for s in shoppers} | gone
    shopper = state.select_or_none(
        cols[1],
        t("shopper", lang),
        list(names),
        everyone,
        lang,
        format_func=names.__getitem__,
        key="board_shopper",
    )
    region = state.select_or_none(
        cols[2], t("region", lang), regions, everyone, lang, key="board_region"
    )
    text = cols[3].text_input(t("m_search", lang), key="board_text")
    board = state.call(
        waves.wave_board, wave_id, status=status, shopper_id=shopper, region=region, text=text
    )
    if board is None:
        return
    columns = ("m_code", "store", "city", "region", "m_status", "shopper", "m_date", "score")
    # The columns named even when no visit matches the filters (an empty table, not a crash).
    frame = pd.DataFrame(
        [
            (
                r.store_code,
                r.store_name,
                r.city,
                r.region,
                t("status_" + r.status, lang),
                _shopper(r, lang),
                _day(r.planned_date, lang),
                r.score,
            )
            for r in board.rows
        ],
        columns=[t(key, lang) for key in columns],
    )
    st.caption(t("m_showing", lang, n=len(board.rows), total=board.total))
    tables.dataframe(
        frame,
        lang,
        {t("score", lang): Num(1, bar=True)},
        hide_index=True,
        width="stretch",
        key="board_table",
    )


def _shopper(row: waves.BoardRow, lang: str) -> str:
    """The visit's shopper, marked when deactivated while the visit waits on them."""
    return f"{row.shopper} ({t('m_shopper_gone', lang)})" if row.shopper_gone else row.shopper


def _assign(wave_id: int, lang: str) -> None:
    _show_flash("assign")
    board = state.call(waves.wave_board, wave_id)
    shoppers = state.call(waves.list_shoppers) or []
    if board is None or not shoppers:
        return
    open_rows = [r for r in board.rows if r.status in ("unassigned", "not_started")]
    if not open_rows:
        st.info(t("m_nothing_to_assign", lang))
        return
    labels = {
        r.visit_id: f"{r.store_code} · {r.store_name} · {r.city}"
        + (f" → {_shopper(r, lang)} {_day(r.planned_date, lang)}" if r.shopper else "")
        for r in open_rows
    }
    chosen = st.multiselect(
        t("m_visits", lang),
        list(labels),
        format_func=labels.get,
        placeholder=t("choose_options", lang),
        key=state.relabelled("assign_visits", lang),
        filter_mode=VISIT_FILTER,
    )
    names = {s.id: f"{s.name} ({s.home})" if s.home else s.name for s in shoppers}
    shopper = st.selectbox(t("shopper", lang), list(names), format_func=names.get, key="assign_to")
    day = st.date_input(
        t("m_first_day", lang),
        value=max(board.wave.starts_on, local_today()),
        key="assign_day",
        format="DD.MM.YYYY",
    )
    reason = st.text_input(t("m_override_reason", lang), key="override_reason")
    if not chosen:
        return
    if len(chosen) == 1:
        breaks = state.call(waves.check_assignment, chosen[0], shopper, day) or []
        for rule in breaks:
            st.warning(rule.said.text(lang), icon="⚠️")
        if st.button(t("m_assign", lang), type="primary", key="assign_one"):
            try:
                overridden = state.call(
                    waves.assign, chosen[0], shopper, day, override_reason=reason
                )
            except AssignmentRefused as exc:
                st.error(
                    t("m_refused", lang) + " " + "; ".join(b.said.text(lang) for b in exc.breaks)
                )
                return
            except ValueError as exc:
                st.error(explain(exc, lang))
                return
            if overridden is not None:
                said = [("success", t("m_assigned", lang, n=1), None)]
                _after(
                    "assign",
                    said + _left_tours(overridden, lang),
                    assign_visits=[],
                    override_reason="",
                )
        return
    # Before the click: which visits break which rule (with a reason above they go anyway,
    # except those of a tour proposal).
    trial = state.call(waves.bulk_preview, chosen, shopper, day)
    for visit_id, rules in (trial.refused if trial else {}).items():
        texts = "; ".join(r.said.text(lang) for r in rules)
        st.warning(f"{labels[visit_id]}: {texts}", icon="⚠️")
    if st.button(t("m_assign_bulk", lang, n=len(chosen)), type="primary", key="assign_bulk"):
        result = state.call(waves.bulk_assign, chosen, shopper, day, override_reason=reason)
        if result is None:
            return
        said: list[Said] = [("success", t("m_assigned", lang, n=len(result.assigned)), None)]
        if result.overridden:
            overridden = sum(map(len, result.overridden.values()))
            said.append(("info", t("tr_overridden", lang, n=overridden), None))
            said += _left_tours([b for rules in result.overridden.values() for b in rules], lang)
        refused = [
            ("error", f"{labels[v]}: {_said(rules, lang)}", "⛔")
            for v, rules in result.refused.items()
        ]
        if not result.assigned:
            _say(refused)
            return
        _after("assign", said + refused, assign_visits=[], override_reason="")


def _unassign(wave_id: int, lang: str) -> None:
    """Take visits from their shoppers; one whose audit has been started is refused, and told
    before the click, with what stands against each (an approved tour needs a reason)."""
    _show_flash("unassign")
    board = state.call(waves.wave_board, wave_id)
    if board is None:
        return
    labels = {r.visit_id: _visit_label(r, lang) for r in board.rows if r.shopper_id is not None}
    if not labels:
        st.info(t("m_nothing_to_unassign", lang))
        return
    chosen = st.multiselect(
        t("m_visits", lang),
        list(labels),
        format_func=labels.get,
        placeholder=t("choose_options", lang),
        key=state.relabelled("unassign_visits", lang),
        filter_mode=VISIT_FILTER,
    )
    reason = st.text_input(t("m_override_reason", lang), key="unassign_reason")
    if not chosen:
        return
    trial = state.call(waves.unassign_preview, chosen)
    for visit_id, rules in (trial.refused if trial else {}).items():
        st.warning(f"{labels[visit_id]}: {_said(rules, lang)}", icon="⚠️")
    if not st.button(t("m_unassign_n", lang, n=len(chosen)), type="primary", key="unassign"):
        return
    result = state.call(waves.bulk_unassign, chosen, override_reason=reason)
    if result is None:
        return
    refused = [
        ("error", f"{labels[v]}: {_said(rules, lang)}", "⛔") for v, rules in result.refused.items()
    ]
    if not result.assigned:
        _say(refused)
        return
    said: list[Said] = [("success", t("m_unassigned", lang, n=len(result.assigned)), None)]
    said += _left_tours([b for rules in result.overridden.values() for b in rules], lang)
    _after("unassign", said + refused, unassign_visits=[], unassign_reason="")


def _visit_label(row: waves.BoardRow, lang: str) -> str:
    return (
        f"{row.store_code} · {row.store_name} · {row.city} → {_shopper(row, lang)} "
        f"{_day(row.planned_date, lang)} · {t('status_' + row.status, lang)}"
    )


def _day(day: dt.date | None, lang: str) -> str:
    return day_label(day, lang) if day else ""


def _said(rules: list[RuleBreak], lang: str) -> str:
    return "; ".join(r.said.text(lang) for r in rules)


def _briefing(board: waves.Board, lang: str) -> None:
    """The wave's briefing for its shoppers, written per language, and how many have read it."""
    wave = board.wave
    label = t("briefing", lang)
    if wave.briefing:
        label += " · " + t("m_briefing_read", lang, n=board.briefings_read)
    with st.expander(label, icon="📄", expanded=not wave.briefing):
        if not wave.briefing:
            st.info(t("m_briefing_none", lang))
        with st.form(f"briefing_{wave.id}", border=False):
            texts = {
                code: st.text_area(
                    t(f"m_briefing_{code}", lang),
                    value=wave.briefing.get(code, ""),
                    max_chars=waves.BRIEFING_MAX_CHARS,
                    help=t("m_briefing_help", lang),
                    key=f"briefing_{code}_{wave.id}",
                )
                for code in LANGUAGES
            }
            saved = st.form_submit_button(t("m_briefing_save", lang), key="save_briefing")
    if not saved:
        return
    try:
        saved_as = state.call(waves.set_briefing, wave.id, texts)
    except ValueError as exc:
        st.error(explain(exc, lang))
        return
    if saved_as is None:
        return
    if not saved_as.changed:
        said: Said = ("info", t("m_briefing_unchanged", lang), None)
    elif saved_as.to_read_again:
        said = ("success", t("m_briefing_reread", lang, n=saved_as.to_read_again), None)
    else:
        said = ("success", t("m_briefing_saved", lang), None)
    _after("briefing", [said])


def _release(board: waves.Board, lang: str) -> None:
    """Hand over a started audit whose shopper cannot finish it, or a rejected one to be done
    again: deactivated shoppers' audits first (marked), then the rest; each release needs a
    reason and a confirmation."""
    started = sorted(
        (r for r in board.rows if r.status in waves.RELEASABLE), key=lambda r: not r.shopper_gone
    )
    if not started:
        return
    gone = any(r.shopper_gone for r in started)
    with st.expander(t("m_release", lang, n=len(started)), expanded=gone, icon="🔓"):
        st.caption(t("m_release_help", lang))
        rows = {r.visit_id: r for r in started}
        visit_id = st.selectbox(
            t("m_release_visit", lang),
            list(rows),
            format_func=lambda v: _visit_label(rows[v], lang),
            index=None,
            placeholder=t("choose_options", lang),
            key=state.relabelled("release_visit", lang),
        )
        reason = st.text_input(t("m_release_reason", lang), key="release_reason")
        if visit_id is None:
            return
        row = rows[visit_id]
        said = (
            "m_release_confirm_rejected"
            if row.status == "rejected"
            else "m_release_confirm_gone"
            if row.shopper_gone
            else "m_release_confirm_active"
        )
        st.warning(t(said, lang, store=row.store_name, shopper=row.shopper), icon="⚠️")
        sure = st.checkbox(t("m_release_sure", lang), key="release_sure")
        if not st.button(
            t("m_release_button", lang), type="primary", key="release", disabled=not sure
        ):
            return
        try:
            overridden = state.call(waves.release_audit, visit_id, reason)
        except ValueError as exc:
            st.error(explain(exc, lang))
            return
        if overridden is not None:
            said = [
                ("success", t("m_released", lang, store=row.store_name, shopper=row.shopper), None)
            ]
            _after(
                "release",
                said + _left_tours(overridden, lang),
                release_visit=None,
                release_reason="",
                release_sure=False,
            )


def _left_tours(overridden: list[RuleBreak], lang: str) -> list[Said]:
    """Which visits left the approved tour that had assigned them."""
    return [
        ("info", Phrase("m_left_tour", rule.said.values).text(lang), "🧳")
        for rule in overridden
        if rule.rule == "approved_tour"
    ]


def _after(place: str, said: list[Said], **empty: object) -> None:
    """Draw the page again so the board, the counts and the lists show the change, and say what
    was done there; the inputs of the done action start empty."""
    st.session_state[EMPTY] = empty
    st.session_state[FLASH] = (place, said)
    st.rerun()


def _show_flash(place: str) -> None:
    if st.session_state.get(FLASH, ("",))[0] == place:
        _say(st.session_state.pop(FLASH)[1])


def _say(said: list[Said]) -> None:
    for kind, text, icon in said:
        getattr(st, kind)(text, icon=icon)


def _create(client_id: int, lang: str) -> None:
    versions = [v for v in (state.call(cv.list_versions) or []) if v.published]
    all_stores = [s for s in (state.call(stores.list_stores, client_id) or []) if s.active]
    if not versions:
        st.info(t("m_no_published", lang))
        return
    labels = {v.id: f"{v.checklist_id} v{v.version} · {pick(v.title, lang)}" for v in versions}
    store_names = {s.id: f"{s.code} · {s.name}" for s in all_stores}
    with st.form("new_wave"):
        name = st.text_input(t("m_wave_name", lang), key="wave_name")
        left, right = st.columns(2)
        # Today in Finland: the server's own day is UTC's, a day behind after midnight here.
        starts = left.date_input(
            t("m_starts", lang), value=local_today(), key="wave_starts", format="DD.MM.YYYY"
        )
        ends = right.date_input(
            t("m_ends", lang),
            value=local_today() + dt.timedelta(days=60),
            key="wave_ends",
            format="DD.MM.YYYY",
        )
        version = st.selectbox(
            t("m_checklist", lang),
            list(labels),
            format_func=labels.get,
            key=state.relabelled("wave_version", lang),
        )
        fee = st.number_input(
            t("m_fee_per_visit", lang), min_value=0.0, value=45.0, step=5.0, key="wave_fee"
        )
        chosen = st.multiselect(
            t("m_stores_all_default", lang),
            list(store_names),
            format_func=store_names.get,
            placeholder=t("choose_options", lang),
            key="wave_stores",
            filter_mode=VISIT_FILTER,
        )
        cols = st.columns(2)
        per_day = cols[0].number_input(
            t("m_max_per_day", lang), min_value=1, value=3, step=1, key="wave_per_day"
        )
        gap = cols[1].number_input(
            t("m_min_days", lang), min_value=0, value=60, step=1, key="wave_gap"
        )
        briefing = {
            code: st.text_area(
                t(f"m_briefing_{code}", lang),
                max_chars=waves.BRIEFING_MAX_CHARS,
                help=t("m_briefing_help", lang),
                key=f"wave_briefing_{code}",
            )
            for code in LANGUAGES
        }
        submitted = st.form_submit_button(
            t("m_create_wave", lang), type="primary", key="create_wave"
        )
    if not submitted:
        return
    try:
        wave_id = state.call(
            waves.create_wave,
            client_id,
            name,
            starts,
            ends,
            version,
            f"{fee:.2f}",
            store_ids=chosen or None,
            rules=AssignmentRules(
                max_visits_per_day=int(per_day), min_days_between_same_store=int(gap)
            ),
            briefing=briefing,
        )
    except ValueError as exc:
        st.error(explain(exc, lang))
        return
    if wave_id is not None:  # listed in each tab's wave picker at once, and chosen there
        said: list[Said] = [("success", t("m_wave_created", lang, name=name), None)]
        _after(
            "create",
            said,
            wave=wave_id,
            assign_wave=wave_id,
            unassign_wave=wave_id,
            wave_name="",
            **{f"wave_briefing_{code}": "" for code in LANGUAGES},
        )
