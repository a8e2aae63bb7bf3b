"""One input widget per checklist item type; every change is saved through the core at once."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from zoneinfo import ZoneInfo

import streamlit as st

from audits import fieldwork
from audits.checklist import Item, Response
from audits.i18n import clock, explain, pick, t, wait
from audits.photos import PhotoRejected
from audits.ui import browser, state

LabelVisibility = Literal["visible", "collapsed"]

NA = "__na__"
NONE = "__none__"  # a multiple choice answered "none of these": an empty list
LOCAL_TZ = ZoneInfo("Europe/Helsinki")


def local_time(moment: dt.datetime, lang: str) -> str:
    """A stored UTC time as the shopper's clock shows it, written as `lang` writes times."""
    return clock(moment.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ), lang)


def widget_key(audit_id: int, item_id: str) -> str:
    return f"a{audit_id}_{item_id}"


def answers_key(audit_id: int) -> str:
    """Session key of the audit's answers as last saved here (for progress without a reload)."""
    return f"answers_{audit_id}"


def refresh_key(audit_id: int) -> str:
    """Session key of the ids of items whose saved answer reruns the whole page."""
    return f"refresh_items_{audit_id}"


def rerun_key(audit_id: int) -> str:
    return f"rerun_page_{audit_id}"


def _saved(audit_id: int, item: Item, response: Response | None = None) -> None:
    """After a save: remember the answer; ask for a page rerun if more of the page shows it."""
    if response is not None:
        st.session_state.setdefault(answers_key(audit_id), {})[item.id] = response
    if item.id in st.session_state.get(refresh_key(audit_id), ()):
        st.session_state[rerun_key(audit_id)] = True


def seed(audit_id: int, item: Item, response: Response | None) -> None:
    """Put the stored answer into the widget state unless the widget already holds one."""
    key = widget_key(audit_id, item.id)
    if key in st.session_state:
        return
    value: Any = None
    if response is not None:
        value = NA if response.na else response.value
    if item.type == "duration":
        seconds = value.get("seconds") if isinstance(value, dict) else value
        st.session_state[key] = None if value == NA else seconds
        st.session_state[key + "_nobody"] = isinstance(value, dict) and bool(
            value.get("nobody_came")
        )
        st.session_state[key + "_na"] = value == NA
        if isinstance(value, dict) and value.get("started_at"):
            st.session_state[key + "_stamps"] = value
        return
    if item.type == "multi_choice":
        value = _selection(response)
    if item.type == "time" and isinstance(value, str):
        value = dt.time.fromisoformat(value)
    if item.type == "number" and value == NA:
        st.session_state[key + "_na"] = True
        value = None
    st.session_state[key] = value
    st.session_state[key + "_c"] = response.comment if response else ""


def answer_widget(audit_id: int, item: Item, lang: str, disabled: bool) -> None:
    key = widget_key(audit_id, item.id)
    label = pick(item.label, lang) + (" *" if item.required else "")
    help_text = None
    shown: LabelVisibility = "visible"
    hints = [f"💡 {pick(item.guidance, lang)}"] if item.guidance else []
    if item.type == "multi_choice":
        hints.append(t("choose_all", lang))  # pills do not say that more than one can be on
    if hints:
        # The question, its hints under it, then the answer (as field forms show hints), in
        # one element: each element adds to the shopper's wait on every tap.
        st.markdown(f":small[{label}]" + "".join(f"  \n:small[:gray[{h}]]" for h in hints))
        shown = "collapsed"
    args = (audit_id, item)
    kind = item.type
    if kind in ("yes_no", "scale", "choice"):
        options = option_labels(item, lang)
        st.segmented_control(
            label,
            options=list(options),
            format_func=options.get,
            key=key,
            help=help_text,
            label_visibility=shown,
            on_change=_save,
            args=args,
            disabled=disabled,
            width="stretch",
        )
    elif kind == "multi_choice":
        options = multi_options(item, lang)
        st.pills(
            label,
            options=list(options),
            format_func=options.get,
            key=key,
            selection_mode="multi",
            help=help_text,
            label_visibility=shown,
            on_change=_save_multi,
            args=args,
            disabled=disabled,
        )
    elif kind == "duration":
        _duration(audit_id, item, label, help_text, lang, disabled, shown)
    elif kind == "number":
        # No min or max here: Streamlit would say what is wrong in English, in a tooltip a
        # phone cannot show; the core refuses a number out of range in the user's language.
        st.number_input(
            label,
            key=key,
            value=None,
            help=help_text,
            label_visibility=shown,
            on_change=_save,
            args=args,
            disabled=disabled,
        )
        if item.allow_na:
            st.checkbox(
                t("na", lang), key=key + "_na", on_change=_save, args=args, disabled=disabled
            )
    elif kind == "text":
        st.text_area(
            label,
            key=key,
            help=help_text,
            label_visibility=shown,
            on_change=_save,
            args=args,
            disabled=disabled,
            max_chars=5000,
        )
    elif kind == "time":
        st.time_input(
            label,
            key=key,
            value=None,
            help=help_text,
            label_visibility=shown,
            on_change=_save,
            args=args,
            disabled=disabled,
            step=60,
        )
    elif kind == "photo":
        _photos(audit_id, item, label if shown == "visible" else None, lang, disabled)
    _comment(audit_id, item, lang, disabled)
    _status(audit_id, item, lang)


# Options whose labels take more characters than this, together, do not fit one row of a phone.
ONE_ROW_CHARS = 26


def stacked_options_css(audit_id: int, items: list[Item], lang: str) -> str:
    """On a phone, items whose option labels do not fit one row ("Epäsiisti … Moitteeton")
    list their options one under another, each a full-width button, instead of wrapping the
    row unevenly past the card's edge."""
    long = []
    for item in items:
        labels = option_labels(item, lang).values() if item.type in ("scale", "choice") else []
        # A scale of numbers alone (0–10) goes in even rows instead (TOUCH_CSS).
        if sum(len(label) + 2 for label in labels) > ONE_ROW_CHARS and not all(
            label.isdigit() for label in labels
        ):
            long.append(f".st-key-{widget_key(audit_id, item.id)} [role='radiogroup']")
    if not long:
        return ""
    return (
        f"@media (max-width: 640px) {{{', '.join(long)}"
        " {display: grid; grid-template-columns: 1fr;}}"
    )


def option_labels(item: Item, lang: str) -> dict[Any, str]:
    if item.type == "yes_no":
        options: dict[Any, str] = {"yes": t("yes", lang), "no": t("no", lang)}
    elif item.type == "scale":
        labels = item.labels or {}
        options = {
            v: (pick(labels[v], lang) if v in labels else str(v))
            for v in range(item.min, item.max + 1)
        }
    else:
        options = {o.id: pick(o.label, lang) for o in item.options}
    if item.allow_na:
        options[NA] = t("na", lang)
    return options


def multi_options(item: Item, lang: str) -> dict[str, str]:
    """A multiple choice's options, then "none of these" (a required one can be answered when
    the salesperson did none of them) and N/A where the item allows it."""
    options = {o.id: pick(o.label, lang) for o in item.options}
    options[NONE] = t("none_of_these", lang)
    if item.allow_na:
        options[NA] = t("na", lang)
    return options


def _duration(
    audit_id: int,
    item: Item,
    label: str,
    help_text: str | None,
    lang: str,
    disabled: bool,
    shown: LabelVisibility,
) -> None:
    key = widget_key(audit_id, item.id)
    args = (audit_id, item)
    if not disabled:
        labels = {
            "start": f"⏱️ {t('timer_start', lang)}",
            "greeted": f"🙋 {t('timer_greeted', lang)}",
            "nobody": f"🚫 {t('nobody_came', lang)}",
        }
        stopped = browser.greeting_timer(
            labels, f"audits-timer-{key}", key=key + "_timer", twin=f".st-key-{key}_nobody"
        )
        if stopped:
            _save_timed(audit_id, item, stopped)
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    left.number_input(
        f"{label} ({t('seconds', lang)})"
        if shown == "visible"
        else t("seconds", lang).capitalize(),
        key=key,
        step=5,
        value=None,
        help=help_text,
        on_change=_save_seconds,
        args=args,
        disabled=disabled,
    )
    right.checkbox(
        t("nobody_came", lang),
        key=key + "_nobody",
        on_change=_save_nobody,
        args=args,
        disabled=disabled,
    )
    if item.allow_na:
        st.checkbox(t("na", lang), key=key + "_na", on_change=_save, args=args, disabled=disabled)


def in_minutes(seconds: float | None, lang: str) -> str | None:
    """ "9 min 13 s" for a wait of a minute or more (the seconds box alone says less)."""
    if seconds is None or seconds < 60:
        return None
    return wait(seconds, lang)


def _photos(audit_id: int, item: Item, label: str | None, lang: str, disabled: bool) -> None:
    key = widget_key(audit_id, item.id)
    stored = st.session_state.get(key) or []
    paths = st.session_state.get(f"photo_paths_{audit_id}", {})
    if label is not None:  # else shown with its guidance
        st.markdown(label)
    if stored:
        cols = st.columns(3)
        for n, photo_id in enumerate(stored):
            with cols[n % 3]:
                show_photo(paths.get(photo_id), lang, width="stretch")
                if not disabled:
                    st.button(
                        f"🗑️ {t('remove', lang)}",
                        key=f"{key}_rm_{photo_id}",
                        on_click=_remove_photo,
                        args=(audit_id, item, photo_id),
                        width="stretch",
                    )
    if disabled:
        if not stored:
            st.caption(t("no_photo", lang))
        return
    round_ = st.session_state.get(key + "_round", 0)
    st.file_uploader(
        f"📷 {t('add_photo', lang)}",
        type=["jpg", "jpeg", "png", "webp"],
        accept_multiple_files=True,
        key=f"{key}_up{round_}",
        on_change=_upload,
        args=(audit_id, item),
        max_upload_size=state.settings().max_upload_mb,
    )


def show_photo(path: str | None, lang: str, **image: Any) -> None:
    """A stored photo (`path` under the media folder), or why it cannot be shown: purged after
    the retention period (no path), or its file is missing (st.image would raise)."""
    if path is None:
        st.caption(t("m_photo_purged", lang))
        return
    file = state.settings().media_dir / path
    if file.is_file():
        st.image(str(file), **image)
    else:
        st.caption(t("m_photo_missing", lang))


def _upload(audit_id: int, item: Item) -> None:
    """Each file is its own unit of work: one bad file neither blocks nor undoes the others."""
    key = widget_key(audit_id, item.id)
    round_ = st.session_state.get(key + "_round", 0)
    files = st.session_state.get(f"{key}_up{round_}") or []
    settings = state.settings()
    errors = []
    for upload in files:
        try:
            photo_id = state.call(
                fieldwork.add_photo,
                audit_id,
                item.id,
                upload.getvalue(),
                upload.name,
                settings.media_dir,
                settings.max_upload_mb * 1_048_576,
            )
        except PhotoRejected as exc:
            errors.append(explain(exc, state.lang()))
            continue
        except ValueError as exc:
            errors.append(f"{upload.name}: {explain(exc, state.lang())}")
            continue
        if photo_id is None:
            errors.append(f"{upload.name}: {t('db_unavailable', state.lang())}")
            continue
        shown = st.session_state.get(key) or []
        if photo_id not in shown:  # the same photo again is the one the item has
            st.session_state[key] = [*shown, photo_id]
        _mark_saved(audit_id, item)
    st.session_state[key + "_round"] = round_ + 1  # a fresh uploader: nothing is added twice
    st.session_state[key + "_err"] = "; ".join(errors) if errors else None
    _saved(audit_id, item)


def _remove_photo(audit_id: int, item: Item, photo_id: int) -> None:
    key = widget_key(audit_id, item.id)
    try:
        state.call(fieldwork.remove_photo, audit_id, item.id, photo_id)
    except ValueError as exc:
        st.session_state[key + "_err"] = explain(exc, state.lang())
        return
    st.session_state[key] = [p for p in st.session_state.get(key) or [] if p != photo_id]
    _mark_saved(audit_id, item)
    _saved(audit_id, item)


def _mark_saved(audit_id: int, item: Item) -> None:
    st.session_state.setdefault("saved_at", {})[(audit_id, item.id)] = dt.datetime.now(LOCAL_TZ)


def _comment(audit_id: int, item: Item, lang: str, disabled: bool) -> None:
    key = widget_key(audit_id, item.id)
    value = _value_from_state(item, key)[0]
    required = value is not None and item.needs_comment(value)
    if item.type in ("text", "photo") or not (required or st.session_state.get(key + "_c")):
        return
    label = t("comment_required", lang) if required else t("comment", lang)
    st.text_input(
        label,
        key=key + "_c",
        on_change=_save,
        args=(audit_id, item),
        disabled=disabled,
        max_chars=fieldwork.MAX_COMMENT,
    )


def _status(audit_id: int, item: Item, lang: str) -> None:
    key = widget_key(audit_id, item.id)
    error = st.session_state.get(key + "_err")
    if error:
        st.error(t("save_failed", lang, error=error), icon="⚠️")
    saved = st.session_state.get("saved_at", {}).get((audit_id, item.id))
    said = [f"✓ {t('saved_at', lang, time=clock(saved, lang, seconds=True))}"] if saved else []
    # A wait in minutes shares the caption: it adds no element to the tap's rerun. It is said
    # whether or not this session saved it (a reopened draft, a read-only audit).
    if item.type == "duration" and (in_min := in_minutes(st.session_state.get(key), lang)):
        said.append(f"⏱️ {in_min}")
    if said:
        st.caption(" · ".join(said))


def _value_from_state(item: Item, key: str) -> tuple[Any, bool]:
    """(value, na) as the widgets hold them now."""
    raw = st.session_state.get(key)
    if st.session_state.get(key + "_na") or raw == NA or (isinstance(raw, list) and NA in raw):
        return None, True
    if item.type == "duration":
        nobody = bool(st.session_state.get(key + "_nobody"))
        if nobody:
            stamps = st.session_state.get(key + "_stamps") or {}
            if stamps.get("nobody_came"):
                return stamps, False
            return {"seconds": item.limit_seconds, "nobody_came": True}, False
        if raw is None:
            return None, False
        stamps = st.session_state.get(key + "_stamps") or {}
        if stamps.get("seconds") == int(raw) and not stamps.get("nobody_came"):
            return stamps, False  # a comment edit must not drop the timer's stamps
        return {"seconds": int(raw), "nobody_came": False}, False
    if item.type == "time" and isinstance(raw, dt.time):
        return raw.strftime("%H:%M"), False
    if item.type == "multi_choice":
        if raw and NONE in raw:
            return [], False
        return (list(raw) if raw else None), False
    if item.type == "text":
        return (raw or None), False
    return raw, False


def _save_timed(audit_id: int, item: Item, stopped: dict[str, Any]) -> None:
    """The timer stopped: store the wait with both stamps and show it in the seconds box."""
    key = widget_key(audit_id, item.id)
    try:
        value = fieldwork.timed_greeting(
            item.limit_seconds,
            str(stopped.get("started_at")),
            str(stopped.get("stopped_at")),
            bool(stopped.get("nobody_came")),
        )
    except ValueError as exc:
        st.session_state[key + "_err"] = explain(exc, state.lang())
        return
    st.session_state[key] = value["seconds"]
    st.session_state[key + "_nobody"] = value["nobody_came"]
    st.session_state[key + "_na"] = False
    st.session_state[key + "_stamps"] = value
    _store(audit_id, item, value, False)


def _save_seconds(audit_id: int, item: Item) -> None:
    """Seconds typed by hand: somebody came after all."""
    st.session_state[widget_key(audit_id, item.id) + "_nobody"] = False
    _save(audit_id, item)


def _save_nobody(audit_id: int, item: Item) -> None:
    """Nobody came: the wait is the checklist's limit, and the seconds box says so."""
    key = widget_key(audit_id, item.id)
    if st.session_state.get(key + "_nobody"):
        st.session_state[key] = item.limit_seconds
    _save(audit_id, item)


def _save_multi(audit_id: int, item: Item) -> None:
    """ "None of these" and N/A each stand alone: tapping one clears the options, tapping an
    option clears them."""
    key = widget_key(audit_id, item.id)
    chosen = list(st.session_state.get(key) or [])
    before = st.session_state.get(answers_key(audit_id), {}).get(item.id)
    alone = {NONE, NA}
    added = set(chosen) - set(_selection(before))
    if added & alone:
        chosen = [v for v in chosen if v in added & alone][:1]
    else:
        chosen = [v for v in chosen if v not in alone]
    st.session_state[key] = chosen
    _save(audit_id, item)


def _selection(response: Response | None) -> list[str]:
    """A stored multiple-choice answer as the pills show it."""
    if response is None or (response.value is None and not response.na):
        return []
    if response.na:
        return [NA]
    return list(response.value) or [NONE]


def _save(audit_id: int, item: Item) -> None:
    key = widget_key(audit_id, item.id)
    value, na = _value_from_state(item, key)
    _store(audit_id, item, value, na)


def _store(audit_id: int, item: Item, value: Any, na: bool) -> None:
    key = widget_key(audit_id, item.id)
    comment = st.session_state.get(key + "_c")
    try:
        saved = state.call(fieldwork.save_answer, audit_id, item.id, value, na=na, comment=comment)
    except ValueError as exc:
        st.session_state[key + "_err"] = explain(exc, state.lang())
        return
    if saved is None:
        st.session_state[key + "_err"] = t("db_unavailable", state.lang())
        return
    st.session_state.pop(key + "_err", None)
    _saved(audit_id, item, Response(value=value, na=na, comment=comment or ""))
    local = saved.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)
    st.session_state.setdefault("saved_at", {})[(audit_id, item.id)] = local
