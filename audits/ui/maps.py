"""Map widgets behind small functions of ours, so AppTest can replace them."""

from __future__ import annotations

import folium
from streamlit_folium import st_folium


def pick_point(
    center: tuple[float, float], key: str, zoom: int = 6, height: int = 420
) -> tuple[float, float] | None:
    """Show a map; the point the user last clicked, or None."""
    fmap = folium.Map(location=list(center), zoom_start=zoom, control_scale=True)
    state = st_folium(
        fmap, key=key, height=height, use_container_width=True, returned_objects=["last_clicked"]
    )
    clicked = (state or {}).get("last_clicked")
    if not clicked:
        return None
    return float(clicked["lat"]), float(clicked["lng"])
