"""Map widgets behind small functions of ours, so AppTest can replace them."""

from __future__ import annotations

from streamlit_folium import st_folium

from audits.mapbase import base_map


def pick_point(
    center: tuple[float, float], key: str, zoom: int = 6, height: int = 420
) -> tuple[float, float] | None:
    """Show a map (offline, like every map of ours); the point the user last clicked, or None."""
    fmap = base_map(center, zoom)
    state = st_folium(
        fmap, key=key, height=height, use_container_width=True, returned_objects=["last_clicked"]
    )
    clicked = (state or {}).get("last_clicked")
    if not clicked:
        return None
    return float(clicked["lat"]), float(clicked["lng"])
