"""Entry point: sign in, then the pages of the user's role."""

import streamlit as st

from audits.config import SettingsError
from audits.db import DatabaseUnavailable
from audits.ui import pages, state

st.set_page_config(page_title="Mystery audits", page_icon="🕵️")

try:
    actor = state.current_actor()
except (SettingsError, DatabaseUnavailable) as exc:  # said plainly, never as a traceback
    pages.cannot_start(exc, state.lang())
state.sync_cookie()
available = pages.for_actor(actor)
refused = pages.open_typed_path(available, actor)
navigation = st.navigation(available, position=pages.menu_position(actor))
# One layout per run, the page's own: a second, different layout in the same run can be lost in
# the browser (Streamlit's frontend compares it with a state it has not updated yet).
st.set_page_config(layout=pages.layout(navigation, actor))
state.page_style(touch=pages.on_a_phone(actor))
pages.shopper_menu(available, navigation, actor)
pages.language_corner(actor)
pages.refused(refused, state.lang())
navigation.run()
