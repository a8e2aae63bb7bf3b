"""Stores of a client: the list, importing a CSV/Excel store list, placing stores by hand."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from audits import geo, mapbase, stores
from audits.auth import Actor
from audits.geo import GeoSettings
from audits.i18n import Phrase, Refusal, explain, t, t_or
from audits.stores import ImportPreview, StoreImportError
from audits.ui import maps, state, tables

FLASH = "stores_flash"  # what the import did, said once after the page is drawn again
IMPORTED = "stores_imported"  # (client, the file's digest): not offered for import again


def client_picker(lang: str, key: str = "client") -> int | None:
    """A select box of the clients this manager handles; the chosen client's id."""
    clients = state.call(stores.managed_clients)
    if not clients:
        if clients is not None:
            st.info(t("m_no_clients", lang))
        return None
    names = {c.id: c.name for c in clients}
    return st.selectbox(t("m_client", lang), list(names), format_func=names.get, key=key)


def render() -> None:
    lang = state.lang()
    st.header(t("m_stores", lang))
    if added := st.session_state.pop("client_added", None):
        st.session_state["client"], said = added  # before the picker is drawn
        st.success(said)
    for kind, text in st.session_state.pop(FLASH, []):
        {"success": st.success, "info": st.info}.get(kind, st.warning)(text)
    client_id = client_picker(lang)
    _new_client(lang)
    if client_id is None:
        return
    listing, importing, placing = state.kept_tabs(
        [t("m_store_list", lang), t("m_import", lang), t("m_place", lang)], key="stores_tab"
    )
    with listing:
        _list(client_id, lang)
    with importing:
        _import(client_id, lang)
    with placing:
        _place(client_id, lang)


def _new_client(lang: str) -> None:
    """A brand to audit: the first thing a new installation needs (a manager of one client
    is refused by the core)."""
    with st.expander(f"➕ {t('m_new_client', lang)}"):
        with st.form("new_client", border=False, clear_on_submit=True):
            name = st.text_input(t("m_client_name", lang), key="new_client_name")
            if not st.form_submit_button(t("m_add_client", lang)):
                return
        try:
            added = state.call(stores.create_client, name)
        except ValueError as exc:
            st.error(explain(exc, lang))
            return
        if added is not None:  # chosen and said after the rerun that lists it above
            said = t("m_client_added", lang, name=" ".join(name.split()))
            st.session_state["client_added"] = (added, said)
            st.rerun()


def _list(client_id: int, lang: str) -> None:
    rows = state.call(stores.list_stores, client_id)
    if not rows:
        st.info(t("m_no_stores", lang))
        return
    frame = pd.DataFrame(
        [
            {
                t("m_code", lang): s.code,
                t("store", lang): s.name,
                t("m_address", lang): s.address,
                t("city", lang): s.city,
                t("region", lang): s.region,
                t("m_lat", lang): s.lat,
                t("m_lon", lang): s.lon,
                t("m_coord_source", lang): t_or("coord_" + s.coord_source, lang, s.coord_source),
                t("opening_hours", lang): s.opening_hours,
            }
            for s in rows
        ]
    )
    st.caption(t("m_n_stores", lang, n=len(rows)))
    tables.dataframe(frame, lang, hide_index=True, width="stretch")


def _import(client_id: int, lang: str) -> None:
    state.file_uploader_in_finnish("CSV, TXT, XLSX tai XLSM")
    upload = st.file_uploader(
        t("m_store_file", lang), type=["csv", "txt", "xlsx", "xlsm"], key="store_file"
    )
    if upload is None:
        return
    data = upload.getvalue()
    if st.session_state.get(IMPORTED) == (client_id, hashlib.sha256(data).hexdigest()):
        return  # imported: what it did is said above the tabs, the list shows the stores
    preview = state.call(stores.preview_import, client_id, data, upload.name)
    if preview is None:
        return
    _show_preview(preview, lang)
    if preview.unreadable or not (preview.new or preview.changed):
        return
    skip = False
    if preview.problems:
        skip = st.checkbox(
            t("m_skip_bad", lang, n=len(preview.bad_lines)), key="skip_bad_rows", value=False
        )
        if not skip:
            st.warning(t("m_fix_or_skip", lang))
            return
    if st.button(t("m_confirm_import", lang), type="primary", key="confirm_import"):
        try:
            result = state.call(
                stores.apply_import,
                client_id,
                data,
                upload.name,
                skip_bad_rows=skip,
            )
        except StoreImportError as exc:  # the file changed since the preview
            st.error("\n\n".join(p.text(lang) for p in exc.problems))
            return
        if result is None:
            return
        said = [
            (
                "success",
                t("m_imported", lang, created=result.created, updated=result.updated)
                + (f" {t('m_skipped', lang, lines=_lines(result.skipped_lines))}" if skip else ""),
            )
        ]
        unplaced = set(result.unplaced)
        if result.rough:
            placed, looked_up = _look_up(client_id, result.rough, lang)
            unplaced -= placed
            if looked_up:
                said.append(("info", looked_up))
        if unplaced:
            said.append(("warning", t("m_unplaced", lang, codes=", ".join(sorted(unplaced)))))
        # Drawn again from the top, so the list and the counts include the new stores.
        st.session_state[IMPORTED] = (client_id, hashlib.sha256(data).hexdigest())
        st.session_state[FLASH] = said
        st.rerun()


def _look_up_again(client_id: int, lang: str) -> None:
    """Stores still placed by their town (an interrupted or failed lookup): look them up again."""
    if not _geo_settings().nominatim_enabled:
        return
    rough = state.call(stores.place_lookups, client_id) or []
    if rough and st.button(
        t("m_look_up_again", lang, n=len(rough)), key="look_up_again", type="secondary"
    ):
        _, said = _look_up(client_id, [lookup.store_id for lookup in rough], lang)
        if said:
            st.info(said)


def _geo_settings() -> GeoSettings:
    return GeoSettings.from_settings(state.settings())


def _look_up(client_id: int, store_ids: list[int] | None, lang: str) -> tuple[set[str], str | None]:
    """Look up the street addresses of stores placed by their town (or not at all) through
    Nominatim, when the installation allows it, a second apart with a progress bar; the codes
    of the stores placed, and how it went in a sentence (None when nothing was looked up)."""
    settings = _geo_settings()
    if not settings.nominatim_enabled:
        return set(), None
    lookups = state.call(stores.place_lookups, client_id, store_ids) or []
    placed: set[str] = set()
    if not lookups:
        return placed, None
    bar = st.progress(0.0, text=t("m_looking_up", lang, n=0, total=len(lookups)))
    for n, lookup in enumerate(lookups, 1):
        place = stores.look_up_place(lookup, settings)
        if place is not None and state.call(stores.set_looked_up_place, lookup, place):
            placed.add(lookup.code)
        bar.progress(n / len(lookups), text=t("m_looking_up", lang, n=n, total=len(lookups)))
    bar.empty()
    return placed, t("m_looked_up", lang, found=len(placed), total=len(lookups))


def _show_preview(preview: ImportPreview, lang: str) -> None:
    cols = st.columns(4)
    cols[0].metric(t("m_new", lang), len(preview.new))
    cols[1].metric(t("m_changed", lang), len(preview.changed))
    cols[2].metric(t("m_unchanged", lang), len(preview.unchanged))
    if preview.unreadable:  # the file as a whole is wrong, not some of its rows
        cols[3].metric(t("m_file_problems", lang), len(preview.problems))
    else:
        cols[3].metric(t("m_bad_rows", lang), len(preview.bad_lines))
    if preview.problems:
        st.error(t("m_problems", lang, file=preview.source))
        # Not `tables.dataframe`: a line number is left as it is (no "1 234").
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("m_line", lang): p.line,
                        t("m_field", lang): _field(p.field, lang) if p.field else "",
                        t("reason", lang): p.reason.text(lang),
                    }
                    for p in preview.problems
                ]
            ),
            hide_index=True,
            width="stretch",
            key="problems_table",
            placeholder=tables.MISSING,  # a whole file's problem has no line
        )
    if preview.columns:
        st.caption(
            t("m_columns", lang)
            + ", ".join(f"{_field(k, lang)} ← “{v}”" for k, v in preview.columns.items())
            + (
                f" · {t('m_ignored', lang)}: {', '.join(preview.ignored_columns)}"
                if preview.ignored_columns
                else ""
            )
        )
    if preview.new:
        with st.expander(f"{t('m_new', lang)} ({len(preview.new)})"):
            tables.dataframe(
                pd.DataFrame(
                    [
                        {
                            _field(name, lang): getattr(r, name)
                            for name in ("code", "name", "city", "lat", "lon")
                        }
                        for r in preview.new
                    ]
                ),
                lang,
                hide_index=True,
                width="stretch",
            )
    if preview.changed:
        with st.expander(f"{t('m_changed', lang)} ({len(preview.changed)})", expanded=True):
            for change in preview.changed:
                parts = [
                    f"{_field(k, lang)}: {_value(old)} → {_value(new)}"
                    for k, (old, new) in change.fields.items()
                ]
                st.markdown(f"**{change.row.code}** · " + "; ".join(parts))
    if preview.absent:
        st.caption(t("m_absent", lang, codes=", ".join(preview.absent)))


def _place(client_id: int, lang: str) -> None:
    _look_up_again(client_id, lang)
    unplaced = state.call(stores.unplaced_stores, client_id)
    if unplaced is None:
        return
    if not unplaced:
        st.success(t("m_all_placed", lang))
        return
    names = {s.id: f"{s.code} · {s.name} · {s.address} {s.city}".strip() for s in unplaced}
    store_id = st.selectbox(t("store", lang), list(names), format_func=names.get, key="place_store")
    view = state.call(stores.placing_view, store_id)
    if view is None:
        return
    st.caption(f"{t('m_place_how', lang)} {_near(view, lang)}")
    typed, seen = f"place_at_{store_id}", f"place_clicked_{store_id}"
    if (clicked_text := st.session_state.pop(f"{typed}_clicked", None)) is not None:
        st.session_state[typed] = clicked_text  # before the field is drawn
    text = st.text_input(
        t("m_coordinates", lang),
        key=typed,
        placeholder=t("m_coordinates_example", lang),
        help=t("m_coordinates_help", lang),
    )
    point, problem = _typed_place(store_id, text, lang)
    if problem:
        st.error(problem)
    if st.button(t("m_save_place", lang), type="primary", key="save_place"):
        _save_place(store_id, point, problem, names[store_id], lang)
    clicked = maps.pick_point(
        mapbase.placing_map(
            view.look_at, [(s.lat, s.lon, f"{s.code} · {s.name}") for s in view.placed]
        ),
        key=f"place_map_{store_id}",
        chosen=point,
        # A typed point is brought into view; a clicked one is where the user is looking.
        center=point if point != st.session_state.get(seen) and not problem else None,
    )
    if clicked is not None and clicked != st.session_state.get(seen):
        st.session_state[seen] = clicked
        st.session_state[f"{typed}_clicked"] = t("latlon", lang, lat=clicked[0], lon=clicked[1])
        st.rerun()


def _near(view: stores.PlacingView, lang: str) -> str:
    """Where the placing map opens, in a sentence."""
    if view.near == "town":
        return t("m_place_near_town", lang, town=view.store.city)
    return t(f"m_place_near_{view.near}", lang)


def _typed_place(
    store_id: int, text: str, lang: str
) -> tuple[tuple[float, float] | None, str | None]:
    """The point typed (or written by a click), and why the store cannot be placed there:
    unreadable, or refused as placing would refuse it. Nothing typed is neither."""
    if not text.strip():
        return None, None
    try:
        point = geo.read_latlon(text)
    except Refusal as exc:
        return None, _sentence(explain(exc, lang))
    problems = state.call(_problems, store_id, *point) or []
    return point, _sentence("; ".join(p.text(lang) for p in problems)) or None


def _sentence(text: str) -> str:
    """A reason told on its own (the core's start in lower case, to follow a line number)."""
    return text[:1].upper() + text[1:]


def _problems(
    session: Session, actor: Actor, store_id: int, lat: float, lon: float
) -> list[Phrase]:
    """Why the store cannot be placed at (lat, lon), in a list: `state.call` returns None when
    the call failed and it said why."""
    problem = stores.place_problem(session, actor, store_id, lat, lon)
    return [problem] if problem else []


def _save_place(
    store_id: int, point: tuple[float, float] | None, problem: str | None, name: str, lang: str
) -> None:
    if problem:
        return  # said under the field already
    if point is None:
        st.error(t("m_no_point", lang))
        return
    try:
        done = state.call(_placed, store_id, point[0], point[1])
    except ValueError as exc:
        st.error(explain(exc, lang))
        return
    if done:  # said above the tabs; the store leaves the list of those to place
        st.session_state[FLASH] = [("success", t("m_placed", lang, store=name))]
        st.rerun()


def _placed(session: Session, actor: Actor, store_id: int, lat: float, lon: float) -> bool:
    """True once placed: `state.call` returns None when the call failed and it said why."""
    stores.place_store(session, actor, store_id, lat, lon)
    return True


# A store's fields (stores.FIELDS) as the page names them.
FIELD_KEYS = {
    "code": "m_code",
    "name": "store",
    "address": "m_address",
    "postal_code": "m_postal_code",
    "city": "city",
    "region": "region",
    "lat": "m_lat",
    "lon": "m_lon",
    "opening_hours": "opening_hours",
}


def _field(name: str, lang: str) -> str:
    """One field, or several as a problem names them ("lat, lon")."""
    return ", ".join(t(FIELD_KEYS[n], lang) if n in FIELD_KEYS else n for n in name.split(", "))


def _lines(lines: list[int]) -> str:
    """Line numbers as a person writes them: "3, 4, 5", not the list's "[3, 4, 5]"."""
    return ", ".join(map(str, lines))


def _value(value: object) -> str:
    """A field's old or new value in a change: quoted text, "–" for none."""
    return "–" if value in (None, "") else f"“{value}”" if isinstance(value, str) else str(value)
