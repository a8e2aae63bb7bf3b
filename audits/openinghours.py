"""Weekly opening hours in the OpenStreetMap `opening_hours` form, the subset stores use.

Supported: rules separated by `;`; day selectors `Mo`..`Su`, ranges (`Mo-Fr`, wrapping `Fr-Mo`)
and comma lists (`Mo-We,Fr`); several time ranges per day (`09:00-12:00,13:00-17:00`); an end of
`24:00`; `off` / `closed`; `24/7`; a rule without days applies to every day (a bare `off` closes
every day). A later rule replaces earlier ones for the days it names (OSM semantics). `PH` names
Finland's public holidays (`PH off`, `PH,Sa 10:00-14:00`); on a holiday without a `PH` rule the
store keeps its weekday hours. An empty text means "unknown": open all day, so the working day
and daylight decide.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import holidays

from audits.i18n import Refusal, clock

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_DAY_TOKEN = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")
_HOLIDAY = "PH"
_CLOSED = ("off", "closed")

Window = tuple[int, int]  # minutes from midnight, end exclusive, end <= 1440


class OpeningHoursError(Refusal):
    """Opening hours that cannot be read; the message (and `said`) names the bad part."""


@lru_cache(maxsize=16)
def _holidays(year: int, lang: str) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("FI", years=year, language=_HOLIDAY_LANGUAGES[lang]))


_HOLIDAY_LANGUAGES = {"fi": "fi", "en": "en_US"}


def public_holiday(day: dt.date, lang: str = "en") -> str | None:
    """The name of the Finnish public holiday on that date (Christmas and Midsummer Eve count,
    as shops and offices close), or None on an ordinary day."""
    return _holidays(day.year, lang if lang in _HOLIDAY_LANGUAGES else "en").get(day)


@dataclass(frozen=True)
class OpeningHours:
    text: str
    week: tuple[tuple[Window, ...], ...]  # index 0 = Monday
    unknown: bool = False
    holiday: tuple[Window, ...] | None = None  # the `PH` rule's windows; None: as the weekday

    def minutes_on(self, day: dt.date) -> list[Window]:
        """Open windows of that date in minutes from midnight."""
        if self.holiday is not None and public_holiday(day):
            return list(self.holiday)
        return list(self.week[day.weekday()])

    def windows_on(self, day: dt.date) -> list[tuple[dt.time, dt.time]]:
        """Open windows of that date as times (an end of 24:00 is shown as 23:59)."""
        return [(_as_time(a), _as_time(min(b, 1439))) for a, b in self.minutes_on(day)]

    def closed_all_week(self) -> bool:
        return not self.unknown and not any(self.week)


def _as_time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def _names_holidays(selector: str) -> bool:
    return any(token.strip() == _HOLIDAY for token in selector.split(","))


def _days(selector: str, rule: str) -> list[int]:
    """Weekday indexes the selector names (a `PH` token names none of them)."""
    out: list[int] = []
    for token in selector.split(","):
        if token.strip() == _HOLIDAY:
            continue
        match = _DAY_TOKEN.match(token.strip())
        if not match:
            raise OpeningHoursError("si_oh_day", day=token.strip(), rule=rule)
        first = DAYS.index(match.group(1))
        last = DAYS.index(match.group(2)) if match.group(2) else first
        i = first
        while True:
            if i not in out:
                out.append(i)
            if i == last:
                break
            i = (i + 1) % 7
    return out


def _times(spec: str, rule: str) -> list[Window]:
    out: list[Window] = []
    for part in spec.split(","):
        part = part.strip()
        match = _TIME.match(part)
        if not match:
            raise OpeningHoursError("si_oh_time", part=part, rule=rule)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
            raise OpeningHoursError("si_oh_impossible", part=part, rule=rule)
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end <= start:
            raise OpeningHoursError("si_oh_backwards", part=part, rule=rule)
        out.append((start, end))
    out.sort()
    for (_, end), (start, _) in zip(out, out[1:], strict=False):
        if start < end:
            raise OpeningHoursError("si_oh_overlap", rule=rule)
    return out


def _split_rule(rule: str) -> tuple[str, str]:
    """(day selector, rest); the selector is empty when the rule starts with a time or is `off`."""
    if rule[:1].isdigit() or rule in _CLOSED:
        return "", rule
    selector, _, rest = rule.partition(" ")
    return selector, rest.strip()


def parse_opening_hours(text: str | None) -> OpeningHours:
    """Parse an OSM opening_hours value; raises OpeningHoursError naming the bad part."""
    raw = (text or "").strip()
    if not raw:
        return OpeningHours("", tuple(((0, 1440),) for _ in DAYS), unknown=True)
    week: list[list[Window]] = [[] for _ in DAYS]
    holiday: list[Window] | None = None
    for rule in (r.strip() for r in raw.split(";")):
        if not rule:
            continue
        if rule == "24/7":
            week = [[(0, 1440)] for _ in DAYS]
            continue
        selector, rest = _split_rule(rule)
        if not rest:
            raise OpeningHoursError("si_oh_no_times", rule=rule)
        days = _days(selector, rule) if selector else list(range(7))
        windows = [] if rest in _CLOSED else _times(rest, rule)
        if _names_holidays(selector):
            holiday = list(windows)
        for day in days:
            week[day] = list(windows)
    return OpeningHours(
        raw,
        tuple(tuple(w) for w in week),
        holiday=None if holiday is None else tuple(holiday),
    )


def hours_on(text: str | None, day: dt.date, lang: str) -> str | None:
    """That day's hours as people write them ("9.00–18.00" in Finnish, "09:00–18:00" in
    English), "" when closed, None if unknown."""
    try:
        hours = parse_opening_hours(text)
    except OpeningHoursError:
        return None
    if hours.unknown:
        return None
    return ", ".join(f"{clock(a, lang)}–{clock(b, lang)}" for a, b in hours.windows_on(day))


parse = parse_opening_hours
