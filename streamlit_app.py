"""Entry point: sign in, then the pages of the user's role."""

import streamlit as st

from audits.ui import pages, state

st.set_page_config(page_title="Mystery audits", page_icon="🕵️", layout="centered")

actor = state.current_actor()
state.sync_cookie()
navigation = st.navigation(pages.for_actor(actor), position="top" if actor else "hidden")
navigation.run()
