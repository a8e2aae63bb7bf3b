"""Map widgets behind small functions of ours, so AppTest can replace them."""

from __future__ import annotations

import folium
from streamlit_folium import st_folium

CLICK_DECIMALS = 5  # about a metre: a click is no more precise than that


def pick_point(
    fmap: folium.Map,
    key: str,
    chosen: tuple[float, float] | None = None,
    center: tuple[float, float] | None = None,
    height: int = 440,
) -> tuple[float, float] | None:
    """Show `fmap` with `chosen` marked, moved to `center` when given (the view the user
    chose is kept otherwise); the point the user last clicked, or None."""
    marker = None
    if chosen is not None:
        marker = folium.FeatureGroup(name="chosen")
        folium.Marker(list(chosen), icon=folium.Icon(color="red", icon="shop", prefix="fa")).add_to(
            marker
        )
    state = st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=marker,
        center=center,
    )
    clicked = (state or {}).get("last_clicked")
    if not clicked:
        return None
    lat, lon = float(clicked["lat"]), float(clicked["lng"])
    return round(lat, CLICK_DECIMALS), round(lon, CLICK_DECIMALS)
