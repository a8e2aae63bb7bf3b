"""The cost model of a tour: km allowance, daily allowances and hotel nights.

Defaults are the Finnish Tax Administration's decision for 2026 as reported (0.55 €/km, full
daily allowance 54 €, partial 25 €); the hotel price is the project's own estimate. All are
configurable and carry the date they are valid from.

Simplification (documented): allowances are computed per calendar day of the tour, not per
24-hour period from departure as the tax rules do. A day counts as away for its whole length
when the shopper wakes or sleeps in a hotel; otherwise from departure to return home. A day
earns the full allowance when away more than `full_hours` (10 h), the partial one when more than
`partial_hours` (6 h), and only when the day's farthest point is more than `min_distance_km`
(15 km) from home.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class CostModel:
    km_rate_eur: Decimal = Decimal("0.55")
    full_allowance_eur: Decimal = Decimal("54")
    partial_allowance_eur: Decimal = Decimal("25")
    hotel_night_eur: Decimal = Decimal("110")
    min_distance_km: float = 15.0
    partial_hours: float = 6.0
    full_hours: float = 10.0
    valid_from: dt.date = dt.date(2026, 1, 1)
    source: str = "Verohallinto 2026 (as reported); hotel night: project estimate"


@dataclass(frozen=True)
class DayAbsence:
    """What the allowance of one day depends on."""

    hours_away: float
    farthest_km: float


@dataclass(frozen=True)
class CostBreakdown:
    km: float
    km_eur: Decimal
    full_days: int
    partial_days: int
    allowance_eur: Decimal
    hotel_nights: int
    hotel_eur: Decimal
    total_eur: Decimal

    def as_dict(self) -> dict[str, float | int]:
        return {
            "km": round(self.km, 1),
            "km_eur": float(self.km_eur),
            "full_days": self.full_days,
            "partial_days": self.partial_days,
            "allowance_eur": float(self.allowance_eur),
            "hotel_nights": self.hotel_nights,
            "hotel_eur": float(self.hotel_eur),
            "total_eur": float(self.total_eur),
        }


def _eur(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def allowance_kind(model: CostModel, day: DayAbsence) -> str | None:
    """'full', 'partial' or None for one day."""
    if day.farthest_km <= model.min_distance_km:
        return None
    if day.hours_away > model.full_hours:
        return "full"
    if day.hours_away > model.partial_hours:
        return "partial"
    return None


def tour_cost(
    model: CostModel, km: float, days: list[DayAbsence], hotel_nights: int
) -> CostBreakdown:
    kinds = [allowance_kind(model, d) for d in days]
    full, partial = kinds.count("full"), kinds.count("partial")
    km_eur = _eur(Decimal(str(round(km, 1))) * model.km_rate_eur)
    allowance = _eur(full * model.full_allowance_eur + partial * model.partial_allowance_eur)
    hotel = _eur(hotel_nights * model.hotel_night_eur)
    return CostBreakdown(
        km, km_eur, full, partial, allowance, hotel_nights, hotel, km_eur + allowance + hotel
    )
