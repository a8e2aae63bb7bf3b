"""Streamlit pages and widgets: thin, they call the core and hold no business rules."""
