"""The signed-in user, the database handle and calling the core with clear errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import streamlit as st

from audits import auth
from audits.auth import Actor, PermissionDenied
from audits.bootstrap import prepare
from audits.config import Settings, load_settings
from audits.db import Database, DatabaseUnavailable
from audits.i18n import BYTE_UNITS, LANGUAGES, t
from audits.ui import browser, responsive

T = TypeVar("T")
COOKIE = "audits_session"


# Shown before anyone has chosen a language (a first start loads the demo for ~10 s).
@st.cache_resource(show_spinner="Tietokantaa valmistellaan… · Preparing the database…")
def database() -> Database:
    return prepare(settings())


@st.cache_resource
def settings() -> Settings:
    return load_settings()


def lang() -> str:
    actor = st.session_state.get("actor")
    return actor.language if actor else st.session_state.get("lang", "fi")


def current_actor() -> Actor | None:
    """The signed-in user: this browser session's, or the one its cookie names."""
    cookie = st.context.cookies.get(COOKIE)
    # Only a real string: outside a browser (AppTest) the cookie jar is a stand-in object.
    token = st.session_state.get("token") or (cookie if isinstance(cookie, str) else None)
    actor = auth.actor_for_token(database(), token)
    if actor is None:
        if st.session_state.get("actor") is not None:
            _signed_out_meanwhile()
        return None
    st.session_state.actor, st.session_state.token = actor, token
    return actor


def _signed_out_meanwhile() -> None:
    """The session ended while this browser had it open: the login page says so, in the
    user's language."""
    _keep_language()
    st.session_state.pop("actor", None)
    st.session_state.pop("token", None)
    st.session_state["session_ended"] = True
    st.rerun()


def sign_in(username: str, password: str) -> None:
    """Check the password and remember the session in this browser (raises LoginFailed)."""
    actor = auth.login(database(), username, password)
    token = auth.open_session(database(), actor, settings().session_minutes)
    st.session_state.actor, st.session_state.token = actor, token
    st.session_state.write_cookie = token


def sign_out() -> None:
    auth.close_session(database(), st.session_state.get("token"))
    _keep_language()
    for key in list(st.session_state.keys()):
        if key != "lang":
            del st.session_state[key]
    st.session_state.write_cookie = ""


def _keep_language() -> None:
    """The login page that follows a session speaks the language of its user."""
    actor = st.session_state.get("actor")
    if actor is not None:
        st.session_state["lang"] = actor.language


def sync_cookie() -> None:
    """Write or clear the session cookie after sign-in or sign-out (our own value, no input)."""
    if "write_cookie" not in st.session_state:
        return
    token = st.session_state.pop("write_cookie")
    age = settings().session_minutes * 60 if token else 0
    st.html(
        f"<script>document.cookie = '{COOKIE}={token}; path=/; max-age={age}; "
        "SameSite=Strict';</script>",
        unsafe_allow_javascript=True,
    )


def scroll_to_top() -> None:
    """Have the browser show the page from its top after this run. A script runs when its
    element is new, so each one differs from the last (a count of our own)."""
    n = st.session_state["scrolls_to_top"] = st.session_state.get("scrolls_to_top", 0) + 1
    st.html(
        f"<script>/* {n} */ document.querySelector(\"[data-testid='stMain']\")"
        "?.scrollTo(0, 0);</script>",
        unsafe_allow_javascript=True,
    )


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Run a core service for the signed-in user in one transaction; show errors plainly."""
    token = st.session_state.get("token")
    try:
        return database().run(auth.as_signed_in, token, fn, *args, **kwargs)
    except auth.SessionEnded:
        _signed_out_meanwhile()
    except DatabaseUnavailable:
        st.error(t("db_unavailable", lang()), icon="⚠️")
    except PermissionDenied:
        st.error(t("not_allowed", lang()), icon="⛔")
    return None


def language_switch() -> None:
    """Fi/En for the signed-in user, stored with the user so every device follows."""
    actor = st.session_state.get("actor")
    if actor is None:
        return
    chosen = st.segmented_control(
        "🌐",
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        default=actor.language,
        key="user_lang",
        label_visibility="collapsed",
    )
    if chosen and chosen != actor.language:
        updated = call(auth.set_language, chosen)
        if updated is not None:
            st.session_state.actor = updated
            st.rerun()


LABELS_DRAWN = "_labels_drawn"  # widget key → the language its options' labels were drawn in


def relabelled(key: str, lang: str) -> str:
    """`key`, for a select box, radio or multiselect whose options' labels are in `lang`.

    After the labels change, Streamlit's browser side keeps showing the chosen option by its
    old label (a select box still reads "Kaikki" in English, a radio shows nothing chosen),
    though the value is kept. So after a language switch the value is set again, which sends
    the browser the chosen option's label in the new language. Not None: set again, None
    empties the box, even where None is an option ("Kaikki").
    """
    drawn = st.session_state.setdefault(LABELS_DRAWN, {})
    if drawn.get(key, lang) != lang and st.session_state.get(key) is not None:
        st.session_state[key] = st.session_state[key]
    drawn[key] = lang
    return key


# Stands in a select box for its None choice ("All regions", "The whole audit"): a None
# chosen cannot be sent to the browser again in a new language (see `relabelled`), this can.
NONE_CHOICE = "\x00none"


def select_or_none(
    where: Any,
    label: str,
    options: Sequence[T],
    none_label: str,
    lang: str,
    *,
    key: str,
    format_func: Callable[[T], str] = str,
    value: T | None = None,
    **kwargs: Any,
) -> T | None:
    """A select box of `none_label` (returned as None) and `options`, first showing `value`;
    after a language switch it shows the kept choice, None's included, in the new language."""
    choices: list[Any] = [NONE_CHOICE, *options]
    chosen = where.selectbox(
        label,
        choices,
        index=choices.index(value) if value in options else 0,
        format_func=lambda o: none_label if o == NONE_CHOICE else format_func(o),
        key=relabelled(key, lang),
        **kwargs,
    )
    return None if chosen == NONE_CHOICE else chosen


def kept_tabs(labels: Sequence[str], key: str) -> Sequence[Any]:
    """Tabs whose chosen one stays chosen when their labels change with the language.

    Tabs are told apart by their labels, so new labels make new tabs, which open on their
    first. These report the open tab (a click reruns the page), and new labels open on it;
    the default changes only with the labels, or each click would make new tabs again.
    """
    opened, default = st.session_state.get(key + "_kept", (0, (tuple(labels), 0)))
    if default[0] != tuple(labels):
        default = (tuple(labels), opened)
    tabs = st.tabs(labels, default=labels[default[1]], key=key, on_change="rerun")
    opened = next((i for i, tab in enumerate(tabs) if tab.open), default[1])
    st.session_state[key + "_kept"] = (opened, default)
    return tabs


# Big touch targets and 16 px inputs (smaller ones make phones zoom in).
_SEGMENT = "[data-variant='segmented_control']"
_SEGMENTS = ".stButtonGroup [role='radiogroup']"
TOUCH_CSS = (
    ".stButton button, .stDownloadButton button, .stLinkButton a,"
    " [data-variant='segmented_control'], [data-variant='pills']"
    " {min-height: 3rem;}"
    " input, textarea {font-size: 16px !important;}"
    # The shopper's menu: each page a full-width row a thumb can hit, not 28 px of text.
    " .stElementContainer:has(> .stPageLink), .stPageLink > div, .stPageLink a {width: 100%;}"
    " .stPageLink a {min-height: 3rem; align-items: center;}"
    # Buttons that lead to a place in the form, and the check-in's quiet alternative, read as
    # links: left-aligned and underlined.
    " [class*='st-key-gap_'] button, [class*='st-key-to_question_'] button,"
    " .st-key-back_to_missing button, .st-key-checkin_refused button"
    " {justify-content: flex-start; text-align: left;"
    " text-decoration: underline; color: #0b6e4f;}"
    # Elements that take no room (the sign-in cookie's script, the connection banner fixed to
    # the bottom) would still each leave a row gap at the top of a phone's screen.
    " .stElementContainer:has(> .stHtml > script:only-child), .st-key-connection"
    " {position: absolute;}"
    " @media (max-width: 640px) {[data-testid='stMainBlockContainer'] {padding-top: 4rem;}"
    # A long scale (0–10) in two even rows instead of one that overflows and wraps unevenly
    f" {_SEGMENTS}:has(> :nth-child(9 of {_SEGMENT}))"
    " {display: grid; grid-template-columns: repeat(5, 1fr);}"
    f" {_SEGMENTS}:has(> :nth-child(11 of {_SEGMENT})) {{grid-template-columns: repeat(6, 1fr);}}"
    f" {_SEGMENTS} > {_SEGMENT} {{min-width: 0;}}}}"
)


def page_style(touch: bool) -> None:
    """The page's one style sheet: each table for the screen's width, big touch targets on the
    pages used on a phone, time boxes written in the user's language, and for a Finnish user
    Streamlit's own English hints under text boxes (and on a phone page the photo uploader's
    texts) in Finnish."""
    css = responsive.CSS + (TOUCH_CSS if touch else "") + time_hints(lang())
    if lang() == "fi":
        css += input_hints("fi") + select_all_texts("fi")
        if touch:
            mb = settings().max_upload_mb
            types = t("upload_photo_types", "fi")
            # No "one": a photo uploader takes several photos at once.
            css += uploader_in_finnish(
                t("upload_button", "fi"),
                t("upload_note", "fi", types=types, mb=mb),
                t("upload_not_sent", "fi", name=NAME),
                {
                    "size": t("upload_too_large", "fi", name=NAME, mb=mb),
                    "type": t("upload_wrong_type", "fi", name=NAME, types=types),
                    "failed": t("upload_failed", "fi", name=NAME),
                },
            )
    st.html(f"<style>{css}</style>")


def input_hints(language: str) -> str:
    """CSS that shows "Press Enter to apply" (and Ctrl/⌘+Enter in a text area) in `language`.

    Streamlit writes these in English and has no setting for them; as with the uploader, the
    text is shrunk to nothing and a pseudo-element shows ours.
    """
    hint = "[data-testid='InputInstructions'] > span:first-child"
    single = [f".stTextInput {hint}", f".stNumberInput {hint}"]
    multi = f".stTextArea {hint}"
    after = ", ".join(f"{selector}::after" for selector in single)
    return (
        f" {', '.join(single)}, {multi} {{font-size: 0;}}"
        f" {after} {{content: {json.dumps(t('hint_enter', language), ensure_ascii=False)};"
        " font-size: 0.75rem;}"
        f" {multi}::after"
        f" {{content: {json.dumps(t('hint_ctrl_enter', language), ensure_ascii=False)};"
        " font-size: 0.75rem;}"
    )


def time_hints(language: str) -> str:
    """CSS that writes a time box as `language` does: "tt.mm" empty and "14.30" in Finnish,
    "HH:mm" and "14:30" in English.

    Streamlit takes the separator from the browser's language (a Finnish user's English phone
    shows "HH:mm") and writes the hour's hint "HH" in any language, with no setting for either;
    as with the hints under text boxes, their text is shrunk to nothing and a pseudo-element
    shows ours. A screen reader hears the box by its label and value, not these.
    """
    hour = ".stTimeInput [data-type='hour']"
    separator = f"{hour} + [data-type='literal']"
    hint = f"{hour}[data-placeholder='true']"
    return (
        f" {hint}, {separator} {{font-size: 0;}}"
        f" {hint}::before {{content: {json.dumps(t('time_hour', language), ensure_ascii=False)};"
        " font-size: 0.875rem;}"
        f" {separator}::before"
        f" {{content: {json.dumps(t('time_separator', language))}; font-size: 0.875rem;}}"
    )


def select_all_texts(language: str) -> str:
    """CSS that shows a multiselect's "Select all" (and, while typing, "Select 3 matches") in
    `language`: Streamlit writes them in English only. The English is hidden from the eye and
    from a screen reader, which reads the words shown instead."""
    css = ""
    for key, words in (("__select_all__", "select_all"), ("__select_matches__", "select_matches")):
        option = f"[role='option'][data-key='{key}']"
        css += (
            f" {option} > [data-item-hl] {{display: none;}}"
            f" {option}::before {{content: {json.dumps(t(words, language), ensure_ascii=False)};"
            " padding-left: 0.5rem;}"
        )
    return css


def file_uploader_in_finnish(types: str) -> None:
    """For a Finnish user, this page's file uploaders name the file types (e.g. "CSV tai
    XLSX") and the size limit in Finnish, and a refused file's chip names them too."""
    if lang() == "fi":
        mb = st.get_option("server.maxUploadSize")
        css = uploader_in_finnish(
            t("upload_file_button", "fi"),
            t("upload_note_files", "fi", types=types, mb=mb),
            t("upload_file_not_sent", "fi", name=NAME),
            {
                "size": t("upload_file_too_large", "fi", name=NAME, mb=mb),
                "type": t("upload_file_wrong_type", "fi", name=NAME, types=types),
                "one": t("upload_file_one", "fi", name=NAME),
                "failed": t("upload_file_failed", "fi", name=NAME),
            },
        )
        st.html(f"<style>{css}</style>")


def uploader_in_finnish(button: str, note: str, not_sent: str, why: Mapping[str, str]) -> str:
    """Streamlit's English in the page's file uploaders in Finnish: the CSS returned shows our
    words where the eye sees them, and `browser.uploader_words` gives a screen reader the
    same words where CSS cannot (button names, the alert). `not_sent` says a file was not
    sent, and `why` why, by the reason `browser.uploader_words` reads (size, type, one,
    failed); each names the file with `NAME`."""
    browser.uploader_words(
        {
            "add": button,
            "remove": t("upload_remove", "fi", name=NAME),
            "cancel": t("upload_cancel", "fi", name=NAME),
            "not_sent": not_sent,
            "why": dict(why),
            "tips": {reason: _unnamed(message) for reason, message in why.items()},
            "tip_not_sent": _unnamed(not_sent),
            "name": NAME,
            "units": dict(zip(BYTE_UNITS["en"], BYTE_UNITS["fi"], strict=True)),
            "decimal": ",",
        }
    )
    return (
        uploader_texts(button, note)
        + not_sent_texts(not_sent, why)
        + f" .st-key-{browser.UPLOADER_WORDS} {{display: none;}}"
    )


def uploader_texts(button: str, note: str) -> str:
    """CSS that shows the file uploader's button and size note in other words.

    Streamlit writes "Upload" and "15MB per file • JPG, PNG" in English whatever the page's
    language and has no setting for them. Their text is taken out (display: none, so a screen
    reader does not read it either) and a pseudo-element of the element around it shows ours,
    which also names the button for a screen reader.
    """
    upload = "[data-testid='stFileUploaderDropzone'] button"
    note_box = "[data-testid='stFileUploaderDropzoneInstructions'] > div"
    return (
        f" {upload} [data-testid='stMarkdownContainer'], {note_box} > span {{display: none;}}"
        f" {upload} [data-has-shortcut]::after"
        f" {{content: {json.dumps(button, ensure_ascii=False)}; font-size: 0.875rem;}}"
        f" {note_box}::after {{content: {json.dumps(note, ensure_ascii=False)};"
        " font-size: 0.875rem;}"
    )


# Where a file's name goes in a `not_sent_texts` message.
NAME = "{name}"


def not_sent_texts(not_sent: str, why: Mapping[str, str]) -> str:
    """CSS that says in other words, naming the file, why the uploader did not send it.

    Streamlit says why in English in a tooltip over the file's red chip: the browser refused
    it before sending ("File must be 15.0MB or smaller.", "application/pdf files are not
    allowed.", "Only one file is allowed.") or its sending failed ("AxiosError: Network
    Error"). `browser.uploader_words` reads that English and marks the chip `data-refused`
    with the reason, a key of `why`; ours replaces the chip's shortened name with the
    reason's words, each with the file's whole name where it has `NAME`. A chip not marked
    (no script, or a reason without words here) says only `not_sent`, true of every red chip.

    The chip's English name is hidden with visibility (a screen reader skips it) and our
    pseudo-element made visible again, so a screen reader reads our words where the eye sees
    them. The tooltip's words, which a screen reader hears as the chip's description, and
    the alert announced as the chip appears (a hidden alert is not announced at all) are
    rewritten by `browser.uploader_words`; until it has (no script) the tooltip's English is
    shrunk to nothing and `not_sent`, without the name, is shown over it.
    """
    chip = "[data-testid='stFileChip'][aria-invalid='true']"
    name = "[data-testid='stFileChipName']"
    tip = f"body:has({chip}) [data-testid='stTooltipErrorContent']:not([data-said])"
    marked = "".join(
        f" {chip}[data-refused='{reason}'] {name}::after {{{_named(message)}}}"
        for reason, message in why.items()
    )
    return (
        f" {chip} {name}, {tip} {{font-size: 0; white-space: normal;}}"
        f" {chip} {name} {{visibility: hidden;}}"
        f" {chip} {name}::after {{{_named(not_sent)} visibility: visible; font-size: 0.875rem;}}"
        f" {tip}::after {{content: {json.dumps(_unnamed(not_sent), ensure_ascii=False)};"
        " font-size: 0.875rem;}" + marked
    )


def _named(message: str) -> str:
    """A CSS content of `message` with the chip's whole file name (its title) at `NAME`."""
    before, after = (json.dumps(part, ensure_ascii=False) for part in message.split(NAME))
    return f"content: {before} attr(title) {after};"


def _unnamed(message: str) -> str:
    """`message` without the file's name, for the chip's tooltip, which does not have it."""
    return " ".join(message.replace(NAME, "").split())


def remember_pages(pages: dict[str, st.Page]) -> None:
    st.session_state["_pages"] = pages


def show_flash() -> None:
    """What the page the user came from said it had done (e.g. an audit sent in)."""
    if flash := st.session_state.pop("flash", None):
        st.success(flash)


def go(url_path: str, **query: Any) -> None:
    """Switch to one of this role's pages, with query parameters (kept on reload)."""
    st.switch_page(st.session_state["_pages"][url_path], query_params=query)
