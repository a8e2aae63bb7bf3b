import datetime as dt
import string

import pytest

from audits import report_texts
from audits.i18n import (
    _ONE,
    _TEXTS,
    EXCEL_DATE,
    Phrase,
    Refusal,
    clock,
    date_text,
    day_label,
    day_month,
    explain,
    month_label,
    t,
)
from audits.report_texts import tr


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(_TEXTS))
def test_both_languages_take_the_same_values(key: str) -> None:
    fi, en = _TEXTS[key]
    assert fi and en
    assert _fields(fi) == _fields(en), key


def test_a_phrase_is_told_in_the_users_language_and_logged_in_english() -> None:
    said = Phrase("rb_period", {"day": "01.01.2030", "start": "01.09.2026", "end": "30.11.2026"})
    assert said.text("fi") == "01.01.2030 on aallon ulkopuolella (01.09.2026–30.11.2026)"
    assert str(said) == "01.01.2030 is outside the wave (01.09.2026–30.11.2026)"


def test_a_stored_phrase_comes_back_and_older_text_is_shown_as_written() -> None:
    said = Phrase("up_no_room_max", {"n": 3, "most": 2})
    assert Phrase.from_dict(said.as_dict(), "ignored") == said
    old = Phrase.from_dict(None, "closed on every day of the week")
    assert old.text("fi") == old.text("en") == "closed on every day of the week"
    unknown = Phrase.from_dict({"key": "no_such_key", "values": {}}, "as written {braces}")
    assert unknown.text("fi") == "as written {braces}"


def test_a_refusal_is_explained_in_the_users_language() -> None:
    refused = Refusal("rb_shopper", name="Aino")
    assert isinstance(refused, ValueError)
    assert str(refused) == "Aino is not an active shopper"
    assert explain(refused, "fi") == "Aino ei ole aktiivinen haamuasiakas"
    assert explain(ValueError("as raised"), "fi") == "as raised"


@pytest.mark.parametrize(
    ("key", "texts", "ones"),
    [(key, _TEXTS, _ONE) for key in sorted(_ONE)]
    + [(key, report_texts._TEXTS, report_texts._ONE) for key in sorted(report_texts._ONE)],
)
def test_a_text_for_one_takes_the_values_of_its_plural(
    key: str, texts: dict[str, tuple[str, str]], ones: dict[str, tuple[str, str]]
) -> None:
    assert _fields(ones[key][0]) == _fields(ones[key][1]) == _fields(texts[key][0])
    assert "n" in _fields(texts[key][0])


def test_a_count_of_one_reads_in_the_singular() -> None:
    assert t("m_n_stores", "fi", n=1) == "1 myymälä"
    assert t("m_n_stores", "fi", n=2) == "2 myymälää"
    assert t("m_skip_bad", "en", n=1) == "Skip the 1 bad row and import the rest"
    assert t("missing_title", "fi", n=1).startswith("1 kohta puuttuu. Täydennä se ")
    assert t("missing_title", "fi", n=36).startswith("36 kohtaa puuttuu. Täydennä ne ")
    assert t("missing_title", "en", n=1).startswith("1 item is missing. Fill it in ")
    assert t("missing_title", "en", n=36).startswith("36 items are missing. Fill them in ")
    assert t("m_pay_visits", "fi", n=1, eur="45,00 €") == "1 käynti 45,00 €"
    assert t("m_pay_visits", "fi", n=3, eur="135,00 €") == "3 käyntiä 135,00 €"
    assert Phrase("tr_unplanned", {"n": 1}).text("fi") == "1 myymälä ei mahtunut matkaan:"
    assert tr("photos", "fi", n=1) == "1 kuva" and tr("photos", "en", n=0) == "0 photos"
    assert t("tr_max_visits_help", "fi", n=1).startswith("Aallon sääntö on 1 käynti päivässä")
    assert tr("how_6_shared", "en", n=1) == (
        "Change is computed over only the 1 item both checklist versions share."
    )
    assert "siitä 1 kohdasta, joka on" in tr("how_6_shared", "fi", n=1)
    assert "niistä 2 kohdasta, jotka ovat" in tr("how_6_shared", "fi", n=2)


def test_a_time_of_day_is_written_the_languages_way() -> None:
    assert clock(dt.time(9, 5), "fi") == "9.05" and clock(dt.time(9, 5), "en") == "09:05"
    assert clock(dt.datetime(2026, 11, 2, 17, 30), "fi") == "17.30"
    saved = dt.datetime(2026, 11, 2, 9, 5, 7)
    assert clock(saved, "fi", seconds=True) == "9.05.07"
    assert clock(saved, "en", seconds=True) == "09:05:07"


def test_a_month_is_written_as_people_read_it() -> None:
    assert month_label("2026-03", "fi") == "maaliskuu 2026"
    assert month_label("2026-12", "en") == "December 2026"


def test_decimal_numbers_in_a_text_are_written_as_the_language_writes_them() -> None:
    swapped = Phrase("si_coordinates_swapped", {"lat": 24.14, "lon": 65.84})
    assert swapped.text("fi") == (
        "24,14; 65,84 on Suomen ulkopuolella: leveys- ja pituusaste näyttävät olevan väärin päin "
        "(tarkoititko 65,84; 24,14?)"
    )
    assert str(swapped) == (
        "24.14, 65.84 is outside Finland: latitude and longitude look swapped "
        "(did you mean 65.84, 24.14?)"
    )
    assert t("geo_road_factor", "fi", value=0.5, low=1.0, high=3.0) == (
        "tiekertoimen pitää olla välillä 1–3, ei 0,5"
    )
    assert t("si_far_from_town", "fi", lat=60.17, lon=24.94, km=538.6, town="Oulu") == (
        "60,17; 24,94 on 539 km:n päässä paikkakunnasta Oulu"
    )
    assert t("m_n_stores", "fi", n=1234) == "1234 myymälää", "whole numbers as they were"


# Refusals told mid-line, so they begin in lower case in both languages.
FRAGMENTS = {
    # what the shopper's form could not save, after "Vastausta ei voitu tallentaa:" (a reviewer
    # reads the same refusal as a sentence: review.refusal_text)
    "e_staff_names_off",
    "e_comment_too_long",
    "e_na_not_allowed",
    "e_photo_ids",
    "e_no_photos_item",
    "e_photo_not_on_item",
    "e_timer_stamp",
    "e_timer_backwards",
}
# Texts whose two languages begin differently on purpose.
UNEVEN = {
    "tr_cost_defaults",  # after "Hinnat:" / "Rates:"; Verohallinto is a name in Finnish
    "in_fi",  # a language's name: capitalised in English, not in Finnish
    "in_en",
}


def _begins(text: str) -> str | None:
    """ "upper" or "lower" by the text's first letter; None when it begins with a value, a
    quote, a figure or an acronym (CSV-tiedosto, N/A), whose case says nothing."""
    word = text.split(" ", 1)[0]
    if not text[:1].isalpha() or sum(c.isupper() for c in word) > 1:
        return None
    return "upper" if text[0].isupper() else "lower"


def _is_sentence(key: str) -> bool:
    """A refusal told on its own: an e_ (errors) or tp_ (tour planning) text, but not the
    checker's findings (tp_check_) or why a hand move cannot be made (tp_move_), which are
    told in brackets after what they break, nor the FRAGMENTS."""
    refusal = key.startswith(("e_", "tp_")) and not key.startswith(("tp_check_", "tp_move_"))
    return refusal and key not in FRAGMENTS


@pytest.mark.parametrize("key", sorted(_TEXTS.keys() | _ONE.keys()))
def test_both_languages_begin_alike_and_a_refusal_as_a_sentence(key: str) -> None:
    for fi, en in (text for text in (_TEXTS.get(key), _ONE.get(key)) if text):
        begins = {_begins(fi), _begins(en)} - {None}
        if key.startswith("cl_pd_"):  # its English is pydantic's message, to the letter
            assert _begins(fi) != "upper", "told after the field it is about"
        elif key not in UNEVEN:
            assert len(begins) <= 1, f"{fi!r} / {en!r}"
        if _is_sentence(key):
            assert "lower" not in begins, f"{fi!r} / {en!r}"


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_dates_are_written_without_leading_zeros_in_both_languages(lang: str) -> None:
    """One style in the app, the workbooks and the calendar: the Finnish 3.11.2026."""
    day = dt.date(2026, 11, 3)
    assert date_text(day) == "3.11.2026"
    assert date_text(dt.date(2026, 1, 9)) == "9.1.2026"
    assert day_month(day) == "3.11."
    assert day_label(day, lang) == ("ti 3.11.2026" if lang == "fi" else "Tue 3.11.2026")
    assert EXCEL_DATE == "d.m.yyyy"
