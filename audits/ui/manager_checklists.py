"""Checklists: every version, a preview as the shopper sees it, uploads, publishing, changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from audits import checklist_versions as cv
from audits.checklist import ChecklistError
from audits.i18n import LANGUAGES, explain, number, pick, separators, t
from audits.ui import state, widgets

SAVED = "checklist_saved"  # said once after the page is drawn again with the new version


def render() -> None:
    lang = state.lang()
    st.header(t("m_checklists", lang))
    if said := st.session_state.pop(SAVED, None):
        st.success(said)
    versions = state.call(cv.list_versions)
    if versions is None:
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("m_checklist_id", lang): v.checklist_id,
                    t("m_version", lang): v.version,
                    t("m_title", lang): pick(v.title, lang),
                    t("m_published", lang): "✓" if v.published else t("m_draft", lang),
                    t("m_waves", lang): ", ".join(v.waves),
                }
                for v in versions
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    labels = {v.id: f"{v.checklist_id} v{v.version}" for v in versions}
    preview, upload, changes = st.tabs(
        [t("m_preview", lang), t("m_upload", lang), t("m_changes", lang)]
    )
    with preview:
        _preview(labels, {v.id: v for v in versions}, lang)
    with upload:
        _upload(lang)
    with changes:
        _changes(versions, lang)


def _preview(labels: dict[int, str], versions: dict, lang: str) -> None:
    if not labels:
        return
    version_id = st.selectbox(
        t("m_version", lang), list(labels), format_func=labels.get, key="preview_version"
    )
    view_lang = st.segmented_control(
        t("language", lang),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        default=lang,
        key="preview_lang",
    )
    if not versions[version_id].published and st.button(t("m_publish", lang), key="publish"):
        state.call(cv.publish_version, version_id)
        st.rerun()
    checklist = state.call(cv.get_checklist, version_id)
    if checklist is None:
        return
    view_lang = view_lang or lang
    st.subheader(pick(checklist.title, view_lang))
    for section in checklist.sections:
        weight = t("m_weight", lang, weight=_weight(section.weight, lang))
        with st.expander(f"{pick(section.title, view_lang)} · {weight}"):
            for item in section.items:
                # The shopper's own widget, disabled: the preview cannot drift from the real page.
                widgets.answer_widget(-version_id, item, view_lang, disabled=True)


def _upload(lang: str) -> None:
    state.file_uploader_in_finnish("YAML")
    file = st.file_uploader(t("m_checklist_file", lang), type=["yaml", "yml"], key="yaml_file")
    publish = st.checkbox(t("m_publish_now", lang), key="publish_now")
    if file is None or not st.button(t("m_save_version", lang), type="primary", key="upload"):
        return
    try:
        text = file.getvalue().decode("utf-8-sig")
    except UnicodeDecodeError:
        st.error(t("m_not_utf8", lang, file=file.name))
        return
    try:
        version_id = state.call(cv.upload_version, text, file.name, publish=publish)
    except ChecklistError as exc:
        st.error(t("m_checklist_invalid", lang, file=file.name))
        for problem in exc.problems:
            st.markdown(f"- {problem.text(lang)}")
        return
    except ValueError as exc:
        st.error(explain(exc, lang))
        return
    if version_id is not None:  # drawn again, so the list above shows the new version
        st.session_state[SAVED] = t("m_version_saved", lang)
        st.rerun()


def _changes(versions: list[cv.VersionInfo], lang: str) -> None:
    """Two versions of one checklist, the newest against the one before it to begin with."""
    by_checklist: dict[str, list[cv.VersionInfo]] = {}
    for v in versions:  # newest version first
        by_checklist.setdefault(v.checklist_id, []).append(v)
    titles = {c: pick(vs[0].title, lang) for c, vs in by_checklist.items() if len(vs) > 1}
    if not titles:
        st.info(t("m_one_version_each", lang))
        return
    checklist = st.selectbox(
        t("m_checklist", lang),
        list(titles),
        format_func=titles.get,
        key=state.relabelled("diff_checklist", lang),
    )
    labels = {v.id: f"v{v.version}" for v in by_checklist[checklist]}
    ids = list(labels)
    left, right = st.columns(2)
    old = left.selectbox(t("m_old", lang), ids, format_func=labels.get, index=1, key="diff_old")
    new = right.selectbox(t("m_new_version", lang), ids, format_func=labels.get, key="diff_new")
    diff = state.call(cv.diff_versions, old, new)
    if diff is None:
        return
    if diff.unchanged:
        st.info(t("m_no_changes", lang))
        return
    for key, values in (
        ("m_added", diff.added),
        ("m_removed", diff.removed),
        ("m_reworded", diff.reworded),
        ("m_rescored", diff.rescored),
        ("m_moved", diff.moved),
        ("m_sections_added", diff.sections_added),
        ("m_sections_removed", diff.sections_removed),
    ):
        if values:
            st.markdown(f"**{t(key, lang)}:** " + ", ".join(f"`{v}`" for v in values))
    for section, (before, after) in diff.sections_reweighted.items():
        weights = f"{_weight(before, lang)} → {_weight(after, lang)}"
        st.markdown(f"**{t('m_reweighted', lang)}:** `{section}` {weights}")


def _weight(weight: float, lang: str) -> str:
    """A section's weight as the user's language writes it: "10", "12,5" (not "10.0")."""
    return number(weight, lang).rstrip("0").rstrip(separators(lang)[0])
