"""Excel downloads of a wave: the report, with store pages as sheets or as a zip of workbooks."""

from __future__ import annotations

import re
import time

import streamlit as st

from audits import reports
from audits.i18n import LANGUAGES, number
from audits.report_texts import tr
from audits.report_xlsx import report_bytes, store_workbooks_zip
from audits.ui import client_common as common
from audits.ui import state

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render() -> None:
    lang = state.lang()
    st.header(tr("reports", lang))
    wave = common.pick_wave(lang)
    if wave is None:
        return
    language = st.radio(
        tr("report_language", lang),
        list(LANGUAGES),
        index=list(LANGUAGES).index(lang) if lang in LANGUAGES else 0,
        format_func=LANGUAGES.get,
        horizontal=True,
        key="report_language",
    )
    mode = st.radio(
        tr("store_pages_as", lang),
        ["sheets", "zip"],
        format_func=lambda m: tr("as_sheets" if m == "sheets" else "as_zip", lang),
        key=state.relabelled("report_mode", lang),
    )
    wanted = (wave.id, language, mode)
    if st.button(tr("build_report", lang), type="primary", key="build_report"):
        files = _build(wave.id, language, mode)
        st.session_state["report_files"] = (wanted, files) if files else None
    built = st.session_state.get("report_files")
    if not built or built[0] != wanted:
        return
    for name, data, mime in built[1]:
        st.download_button(
            f"{tr('download_zip' if name.endswith('.zip') else 'download_report', lang)} · {name}",
            data,
            file_name=name,
            mime=mime,
            key=f"download_{name}",
        )


def _build(wave_id: int, language: str, mode: str) -> list[tuple[str, bytes, str]]:
    lang = state.lang()
    began = time.perf_counter()
    with st.spinner(tr("gathering_scores", lang)):
        report = state.call(reports.wave_report, wave_id, language=language, details=True)
    if report is None:
        return []
    if report.ranking.empty:
        st.info(tr("no_approved_yet", lang, wave=report.wave.name))
        return []
    stores = len(report.ranking)
    stem = re.sub(r"[^\w-]+", "_", f"{report.wave.client}_{report.wave.name}").strip("_")
    with st.status(tr("writing_report", lang, n=stores), expanded=False) as box:
        files = [(f"{stem}.xlsx", report_bytes(report, store_sheets=mode == "sheets"), XLSX)]
        if mode == "zip":
            box.write(tr("writing_store_workbooks", lang))
            files.append((f"{stem}_stores.zip", store_workbooks_zip(report), "application/zip"))
        seconds = number(time.perf_counter() - began, lang, 1)
        box.update(label=tr("report_ready", lang, n=stores, seconds=seconds), state="complete")
    return files
