import datetime as dt

import pytest

from audits.i18n import explain
from audits.openinghours import OpeningHoursError, hours_on, parse_opening_hours, public_holiday

MON, SAT, SUN = dt.date(2026, 11, 2), dt.date(2026, 11, 7), dt.date(2026, 11, 8)


def test_ranges_lists_and_several_windows() -> None:
    hours = parse_opening_hours("Mo-We,Fr 09:00-12:00,13:00-18:00; Sa 10:00-15:00")
    assert hours.minutes_on(MON) == [(540, 720), (780, 1080)]
    assert hours.minutes_on(MON + dt.timedelta(days=3)) == []  # Thursday not listed
    assert hours.windows_on(SAT) == [(dt.time(10), dt.time(15))]
    assert hours.minutes_on(SUN) == []


CHRISTMAS_EVE, EPIPHANY = dt.date(2026, 12, 24), dt.date(2026, 1, 6)  # a Thursday, a Tuesday


def test_off_later_rule_wins_and_ph_closes_on_holidays() -> None:
    hours = parse_opening_hours("Mo-Fr 09:00-17:00; We off; PH off")
    assert hours.minutes_on(MON + dt.timedelta(days=2)) == []
    assert hours.minutes_on(CHRISTMAS_EVE) == []
    assert hours.minutes_on(CHRISTMAS_EVE + dt.timedelta(days=7)) == [(540, 1020)]


def test_without_a_ph_rule_a_holiday_keeps_its_weekday_hours() -> None:
    assert parse_opening_hours("Mo-Fr 09:00-17:00").minutes_on(EPIPHANY) == [(540, 1020)]


@pytest.mark.parametrize("text", ["Mo-Fr 09:00-17:00; PH,Sa 10:00-14:00", "Sa,PH 10:00-14:00"])
def test_ph_in_a_day_list_keeps_the_other_days(text: str) -> None:
    hours = parse_opening_hours(text)
    assert hours.minutes_on(SAT) == [(600, 840)]
    assert hours.minutes_on(EPIPHANY) == [(600, 840)]
    assert hours.windows_on(CHRISTMAS_EVE) == [(dt.time(10), dt.time(14))]


def test_public_holidays_are_finlands_with_both_eves() -> None:
    assert public_holiday(CHRISTMAS_EVE, "fi") == "Jouluaatto"
    assert public_holiday(dt.date(2026, 6, 19), "en") == "Midsummer Eve"
    assert public_holiday(dt.date(2026, 12, 7)) is None


@pytest.mark.parametrize("text", ["PHX 10:00-12:00", "PHoff", "PH 9-17"])
def test_ph_lookalikes_and_bad_ph_times_are_errors(text: str) -> None:
    with pytest.raises(OpeningHoursError):
        parse_opening_hours(text)


@pytest.mark.parametrize("text", ["closed", "off", "Mo-Fr 09:00-17:00; off"])
def test_bare_off_closes_every_day(text: str) -> None:
    assert parse_opening_hours(text).closed_all_week()


def test_24_7_wrapping_range_and_unknown() -> None:
    assert parse_opening_hours("24/7").minutes_on(SUN) == [(0, 1440)]
    assert parse_opening_hours("Sa-Mo 10:00-24:00").minutes_on(SUN) == [(600, 1440)]
    unknown = parse_opening_hours("")
    assert unknown.unknown and unknown.minutes_on(MON) == [(0, 1440)]


@pytest.mark.parametrize(
    ("text", "part"),
    [("Mx-Fr 09:00-17:00", "Mx-Fr"), ("Mo 9-17", "9-17"), ("Mo 18:00-09:00", "18:00-09:00"),
     ("Mo 25:00-26:00", "25:00-26:00"), ("Mo", "Mo")],
)  # fmt: skip
def test_errors_name_the_bad_part(text: str, part: str) -> None:
    with pytest.raises(OpeningHoursError, match=part):
        parse_opening_hours(text)


def test_errors_are_told_in_finnish_too() -> None:
    with pytest.raises(OpeningHoursError) as caught:
        parse_opening_hours("Mo-Fr 18:00-09:00")
    assert str(caught.value) == (
        "time range '18:00-09:00' in 'Mo-Fr 18:00-09:00' ends before it starts "
        "(ranges past midnight are not supported)"
    )
    assert explain(caught.value, "fi") == (
        "aikaväli ”18:00-09:00” säännössä ”Mo-Fr 18:00-09:00” päättyy ennen alkuaan "
        "(keskiyön yli jatkuvia aikavälejä ei tueta)"
    )


def test_closed_all_week() -> None:
    assert parse_opening_hours("Mo-Su off").closed_all_week()


def test_a_days_hours_are_written_as_the_language_writes_times() -> None:
    text = "Mo-Fr 09:00-12:00,13:00-17:30; Sa 10:00-14:00"
    friday, sunday = dt.date(2026, 11, 27), dt.date(2026, 11, 29)
    assert hours_on(text, friday, "fi") == "9.00–12.00, 13.00–17.30"
    assert hours_on(text, friday, "en") == "09:00–12:00, 13:00–17:30"
    assert hours_on(text, sunday, "fi") == "", "closed"
    assert hours_on("whenever", friday, "fi") is None, "not readable: unknown"
    assert hours_on(None, friday, "en") is None
