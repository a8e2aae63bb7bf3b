"""Backups (admin): make one now and download it; restoring is left to the command line."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from audits import auth, maintenance
from audits.i18n import BYTE_UNITS, date_text, number, t
from audits.maintenance import BackupError, BackupFile
from audits.ui import state

FLASH = "backups_flash"


def render() -> None:
    lang = state.lang()
    settings = state.settings()
    st.header(t("a_backups", lang))
    if not settings.is_sqlite:
        st.info(t("a_postgres", lang, media=settings.media_dir), icon="🐘")
        return
    st.write(t("a_backup_intro", lang, folder=maintenance.backup_folder(settings)))
    if said := st.session_state.pop(FLASH, None):
        st.success(said)
    if st.button(t("a_backup_now", lang), type="primary", icon="💾", key="backup_now"):
        _make(lang)
    picked = _list(lang)
    archive = maintenance.backup_folder(settings) / (picked or t("a_restore_file", lang))
    st.info(
        t(
            "a_restore_cli",
            lang,
            command=maintenance.restore_command(settings, archive),
            folder=maintenance.backup_folder(settings),
        ),
        icon="ℹ️",
    )


def _make(lang: str) -> None:
    try:
        with st.spinner(t("a_backup_now", lang)):
            made = state.call(maintenance.make_backup, state.settings())
    except BackupError as exc:
        st.error(str(exc))
        return
    if made is not None:
        st.session_state[FLASH] = t("a_backup_made", lang, file=made.name, size=_mb(made, lang))
        st.session_state["backup_pick"] = made.name
        st.rerun()


def _list(lang: str) -> str | None:
    """The backups to download; returns the one picked."""
    st.subheader(t("a_backup_list", lang))
    backups = state.call(maintenance.list_backups, state.settings())
    if not backups:
        if backups is not None:
            st.info(t("a_no_backups", lang))
        return None
    frame = pd.DataFrame(
        [
            {
                t("a_file", lang): b.name,
                t("a_made", lang): f"{date_text(b.made_at)} {b.made_at:%H:%M:%S}",
                t("a_size", lang): _mb(b, lang),
            }
            for b in backups
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch")
    names = [b.name for b in backups]
    if st.session_state.get("backup_pick") not in names:
        st.session_state.pop("backup_pick", None)
    name = st.selectbox(t("a_file", lang), names, key="backup_pick")
    st.download_button(
        t("a_download", lang, file=name),
        data=_reader(name),
        file_name=name,
        mime="application/zip",
        icon="⬇️",
        on_click="ignore",
        key="backup_download",
    )
    return name


def _reader(name: str) -> Callable[[], bytes]:
    """The backup's bytes, read (permission checked, logged) only when the button is clicked.

    Streamlit runs this outside the page's run, so it takes the session token with it."""
    db, token, settings = state.database(), st.session_state.get("token"), state.settings()
    return lambda: db.run(auth.as_signed_in, token, maintenance.read_backup, settings, name)


def _mb(backup: BackupFile, lang: str) -> str:
    return f"{number(backup.size / 1e6, lang, 1)} {BYTE_UNITS.get(lang, BYTE_UNITS['en'])[2]}"
