"""Sunrise and sunset for a place and date, in Finnish time (Europe/Helsinki).

astral's `sun()` raises in polar night and also around midsummer (no dusk), so only
`sunrise()`/`sunset()` are used: "always below the horizon" is no window, "always above" the
whole day.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from astral import Observer
from astral.sun import sunrise, sunset

TZ = ZoneInfo("Europe/Helsinki")
WHOLE_DAY = (0, 1440)


def _minutes(moment: dt.datetime, day: dt.date) -> int:
    local = moment.astimezone(TZ)
    offset = (local.date() - day).days * 1440
    return max(0, min(1440, offset + local.hour * 60 + local.minute + (local.second > 0)))


@lru_cache(maxsize=100_000)
def daylight_minutes(lat: float, lon: float, day: dt.date) -> tuple[int, int] | None:
    """(sunrise, sunset) in minutes from local midnight, rounded inwards; None in polar night."""
    observer = Observer(latitude=lat, longitude=lon)
    try:
        rise = sunrise(observer, day, tzinfo=TZ)
        set_ = sunset(observer, day, tzinfo=TZ)
    except ValueError as exc:
        if "above" in str(exc):
            return WHOLE_DAY
        return None
    start = _minutes(rise, day)
    end = _minutes(set_, day) - (1 if set_.astimezone(TZ).second else 0)
    end = max(end, 0)
    if end <= start:
        return None
    return start, end


def daylight(lat: float, lon: float, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """Sunrise and sunset as aware datetimes; None when the sun stays below the horizon."""
    window = daylight_minutes(lat, lon, day)
    if window is None:
        return None
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=TZ)
    return midnight + dt.timedelta(minutes=window[0]), midnight + dt.timedelta(minutes=window[1])
