"""Store lists as clients send them: read CSV/Excel, validate, preview, import, place by hand.

An import is validated completely before anything is written; with any bad row nothing is
written unless the caller explicitly asks to skip the bad rows.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import operator
import re
import unicodedata
import zipfile
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from lxml import etree
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.xml.constants import SHEET_MAIN_NS
from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.auth import Actor, PermissionDenied, can_see_store, require_role
from audits.geo import (
    DbGeocodeCache,
    GeoSettings,
    Place,
    PlaceNotFound,
    finland_bounds,
    gazetteer,
    geocode,
    great_circle_km,
    in_finland,
    nominatim_place,
)
from audits.i18n import Phrase, Refusal, t
from audits.models import AuditLog, Client, Store
from audits.openinghours import OpeningHoursError, parse_opening_hours

FIELDS = (
    "code",
    "name",
    "address",
    "postal_code",
    "city",
    "region",
    "lat",
    "lon",
    "opening_hours",
)
TEXT_FIELDS = ("name", "address", "postal_code", "city", "region", "opening_hours")
MAX_LENGTH = {
    "code": 64,
    "name": 200,
    "address": 300,
    "postal_code": 20,
    "city": 120,
    "region": 120,
    "opening_hours": 300,
}
# Header names as they turn up in real files (normalized: lower case, letters and digits).
ALIASES: dict[str, tuple[str, ...]] = {
    "code": (
        "code",
        "store code",
        "store id",
        "storeid",
        "store no",
        "store number",
        "id",
        "site id",
        "site code",
        "dealer code",
        "dealer id",
        "dealer no",
        "koodi",
        "tunnus",
        "myymala",
        "myymalakoodi",
        "myymalatunnus",
        "myymalan tunnus",
        "myymalan koodi",
        "toimipaikka id",
        "toimipistekoodi",
        "jalleenmyyjakoodi",
        "nro",
        "numero",
    ),
    "name": (
        "name",
        "store name",
        "store",
        "dealer",
        "dealer name",
        "site name",
        "nimi",
        "myymalan nimi",
        "toimipiste",
        "toimipisteen nimi",
        "liike",
        "jalleenmyyja",
    ),
    "address": (
        "address",
        "street",
        "street address",
        "address line 1",
        "osoite",
        "katuosoite",
        "lahiosoite",
    ),
    "postal_code": (
        "postal code",
        "postcode",
        "post code",
        "zip",
        "zip code",
        "postinumero",
        "postinro",
        "postinumero ja toimipaikka",
    ),
    "city": (
        "city",
        "town",
        "municipality",
        "kaupunki",
        "paikkakunta",
        "kunta",
        "postitoimipaikka",
    ),
    "region": ("region", "area", "district", "province", "county", "alue", "maakunta", "piiri"),
    "lat": ("lat", "latitude", "leveysaste", "leveys", "y", "lat wgs84", "latitude wgs84"),
    "lon": (
        "lon",
        "lng",
        "long",
        "longitude",
        "pituusaste",
        "pituus",
        "x",
        "lon wgs84",
        "longitude wgs84",
    ),
    "opening_hours": (
        "opening hours",
        "openinghours",
        "hours",
        "open",
        "aukioloajat",
        "aukioloaika",
        "aukiolo",
    ),
}
# Control characters other than tab and line breaks: never meant in a store list, and the
# Excel report cannot write most of them (XML 1.0 forbids C0 controls).
CLIENT_NAME_MAX = 200  # the column's length
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ALIAS_TO_FIELD = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SEPARATORS = (",", ";", "\t")
HEADER_SCAN_ROWS = 15
# How large a store list in a workbook can be: a value beyond refuses the file, formatted
# empty cells beyond are ignored.
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_UNPACKED_BYTES = 200 * 1_048_576  # 20 000 rows of 200 columns stay far below this
# How far given coordinates may lie from the gazetteer's point for the store's town. Suburbs
# and villages lie well within 100 km of it, except in Lapland, whose municipalities are vast
# (Kilpisjärvi is 136 km from Enontekiö's centre, Näätämö 117 km from Inari's). A row that
# took another town's coordinates is mostly further off (Helsinki–Tampere 160 km, –Oulu 510).
FAR_FROM_TOWN_KM = 100.0
FAR_FROM_TOWN_KM_BY_REGION = {"Lappi": 160.0}
COORDINATES = "lat, lon"  # the field a problem of the point as a whole names


class StoreImportError(ValueError):
    """The file cannot be imported; `problems` names each bad line and field."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class RowProblem:
    """What is wrong where; `str()` is the English text, for logs and the command line."""

    source: str
    line: int | None  # None: the whole file
    field: str | None  # the store field (code, name, lat...), or the file's header
    reason: Phrase

    def text(self, lang: str = "en") -> str:
        where = (
            self.source
            if self.line is None
            else t("si_at_line", lang, source=self.source, line=self.line)
        )
        reason = self.reason.text(lang)
        return f"{where}: {self.field}: {reason}" if self.field else f"{where}: {reason}"

    def __str__(self) -> str:
        return self.text()


def _problem(
    source: str, line: int | None, field: str | None, key: str, /, **values: object
) -> RowProblem:
    return RowProblem(source, line, field, Phrase(key, values))


@dataclass(frozen=True)
class StoreRow:
    """One valid store row; a text field that the file has no column for is None (kept)."""

    line: int
    code: str
    name: str
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    region: str | None = None
    lat: float | None = None
    lon: float | None = None
    opening_hours: str | None = None


@dataclass(frozen=True)
class Change:
    row: StoreRow
    store_id: int
    fields: dict[str, tuple[Any, Any]]  # field: (old, new)


@dataclass
class ImportPreview:
    source: str
    client_id: int
    client_name: str
    columns: dict[str, str]  # field: the file's header
    ignored_columns: list[str]
    new: list[StoreRow] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[StoreRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # codes in the database, not in the file
    unreadable: bool = False  # a file-level problem: no row can be imported

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems if p.line is not None})


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped_lines: list[int]
    unplaced: list[str]  # store codes that could not be geocoded
    rough: list[int] = field(default_factory=list)  # ids of stores placed by town, or not


@dataclass(frozen=True)
class PlaceLookup:
    """A store placed by its town (or not at all) to look up by its street address."""

    store_id: int
    code: str
    query: str


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A file's rows as (line number, cells), every cell a stripped string; a CSV row keeps its
    own width. `merged`: a workbook's merged cell ranges."""

    rows: list[tuple[int, list[str]]]
    merged: list[CellRange] = field(default_factory=list)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Finnish Excel saves CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _named_fields(cells: list[str]) -> int:
    """How many store fields a row names: a header names at least the code and the name."""
    return len({f for f in map(_match, cells) if f})


def _separator(text: str) -> str:
    """The separator that makes a row among the first ones name the most fields (the header,
    below any title line); between equals, the one most common on the first non-blank line."""
    first = next((line for line in io.StringIO(text, newline="") if line.strip()), "")

    def named(sep: str) -> int:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        return max(map(_named_fields, itertools.islice(rows, HEADER_SCAN_ROWS)), default=0)

    return max(SEPARATORS, key=lambda sep: (named(sep), first.count(sep)))


def read_table(data: bytes, source: str) -> Table:
    if Path(source).suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(data, source)
    return Table(_read_csv(_text(data, source), source))


def _text(data: bytes, source: str) -> str:
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        byte = f"0x{data[exc.start]:02x}"
        raise StoreImportError(
            [_problem(source, None, None, "si_not_text", byte=byte, offset=exc.start)]
        ) from exc
    if "\x00" in text:
        raise StoreImportError([_problem(source, None, None, "si_binary")])
    return text


def _read_csv(text: str, source: str) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))
        line = 1  # where the row starts: a quoted value may span lines
        for cells in reader:
            rows.append((line, [cell.strip() for cell in cells]))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise StoreImportError(
            [_problem(source, None, None, "si_bad_csv", error=str(exc))]
        ) from exc
    return rows


_ZEROS = re.compile("0+")


def _excel_cell(cell: Any) -> str:
    """The cell's value as text; a whole number formatted "000" reads as the sheet shows it,
    "001" (codes and postal codes keep their leading zeros)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = cell.number_format
        return str(value).zfill(len(digits) if _ZEROS.fullmatch(digits) else 0)
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")  # 1e-05 as 0.00001: a number to _number
    return str(value).strip()


def _check_unpacked_size(data: bytes, source: str) -> None:
    """The upload limit counts the packed file; a few MB can unpack to GBs of XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        megabytes = MAX_UNPACKED_BYTES // 1_048_576
        raise StoreImportError([_problem(source, None, None, "si_xlsx_unpacked", limit=megabytes)])


def _read_excel(data: bytes, source: str) -> Table:
    """The first sheet with the sheet's own row numbers (a merged cell's value is top-left)."""
    try:
        _check_unpacked_size(data, source)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = _sheet_rows(sheet, source)
            merged, unreadable = _sheet_markup(data, sheet._worksheet_path)  # openpyxl's path
        finally:
            book.close()
    except StoreImportError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise StoreImportError(
            [_problem(source, None, None, "si_bad_xlsx", error=str(exc))]
        ) from exc
    if unreadable:
        raise StoreImportError(
            [
                _problem(source, coordinate_to_tuple(cell)[0], None, key, cell=cell, value=value)
                for cell, key, value in unreadable
            ]
        )
    return Table(rows, merged)


def _sheet_rows(sheet: Any, source: str) -> list[tuple[int, list[str]]]:
    """The rows up to the last value, each up to its last value; a value beyond MAX_ROWS or
    MAX_COLUMNS refuses the file.

    The sheet's stated size also counts formatted empty cells (up to XFD1048576), so it is
    ignored and the rows are read as stored, one at a time.
    """
    sheet.reset_dimensions()
    rows: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = _row_values(cells, number, source)
        if number <= MAX_ROWS:
            rows.append((number, values))
        elif values:
            raise StoreImportError(
                [_problem(source, number, None, "si_too_many_rows", limit=MAX_ROWS)]
            )
    while rows and not rows[-1][1]:
        rows.pop()
    return rows


def _row_values(cells: tuple[Any, ...], number: int, source: str) -> list[str]:
    if len(cells) > MAX_COLUMNS:
        # Look only at the stored cells: one formatted cell at XFD makes a row 16 384 wide.
        stored = filter(functools.partial(operator.is_not, EMPTY_CELL), cells[MAX_COLUMNS:])
        beyond = next((cell for cell in stored if _excel_cell(cell)), None)
        if beyond is not None:
            where = {"cell": beyond.coordinate, "column": get_column_letter(MAX_COLUMNS)}
            raise StoreImportError(
                [_problem(source, number, None, "si_too_many_columns", limit=MAX_COLUMNS, **where)]
            )
        cells = cells[:MAX_COLUMNS]
    values = [_excel_cell(cell) for cell in cells]
    while values and not values[-1]:
        values.pop()
    return values


_MERGED = etree.XPath("//m:mergeCell/@ref", namespaces={"m": SHEET_MAIN_NS})
# A formula's result is its <v>; only a text result may be empty.
_UNSAVED_FORMULAS = etree.XPath(
    'm:c[m:f][not(m:v) or (m:v = "" and not(@t = "str"))]/@r', namespaces={"m": SHEET_MAIN_NS}
)
_VALUE = f"{{{SHEET_MAIN_NS}}}v"
_ERRORS = etree.XPath('m:c[@t = "e"]', namespaces={"m": SHEET_MAIN_NS})  # #N/A, #DIV/0!…


def _sheet_markup(data: bytes, path: str) -> tuple[list[CellRange], list[tuple[str, str, str]]]:
    """The sheet's merged ranges and the cells whose value cannot be read as shown (a formula
    without a stored result, an error value such as #N/A: (cell, problem, value)), which a
    read-only sheet does not tell: from its XML streamed a row at a time (merged ranges are
    listed after the rows).

    A second pass over the XML, in C, costs a fraction of reading the cells, and unlike a
    normal (not read-only) load its memory does not grow with the sheet.
    """
    unreadable: list[tuple[str, str, str]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as xml:
        rows = etree.iterparse(xml, tag=f"{{{SHEET_MAIN_NS}}}row", resolve_entities=False)
        for _, row in rows:
            unreadable.extend(
                (cell, "si_formula_without_value", "") for cell in _UNSAVED_FORMULAS(row)
            )
            for cell in _ERRORS(row):
                unreadable.append((cell.get("r"), "si_error_value", cell.findtext(_VALUE) or ""))
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
        return [CellRange(ref) for ref in _MERGED(rows.root)], unreadable


def normalize_header(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", "")).encode("ascii", "ignore")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.decode().lower()).split())


def _match(cell: str) -> str | None:
    return _ALIAS_TO_FIELD.get(normalize_header(cell)) if cell else None


def _header_names(rows: list[tuple[int, list[str]]], i: int, depth: int) -> list[str]:
    """Column names from rows i (and i+1 when depth is 2: the lower name wins if it is known).

    A header cell merged over two rows holds its text only in the upper row; a group title
    merged over columns ("Coordinates" above "lat", "lon") is replaced by the names below it.
    """
    upper = rows[i][1]
    if depth == 1:
        return list(upper)
    lower = rows[i + 1][1]
    width = max(len(upper), len(lower))
    names = []
    for col in range(width):
        top = upper[col] if col < len(upper) else ""
        below = lower[col] if col < len(lower) else ""
        names.append(below if _match(below) or not top else top)
    return names


def _may_continue_header(upper: list[str], lower: list[str]) -> bool:
    """Whether `lower` can be the second row of a header whose first row is `upper`.

    A first row that names the code and the name is a header by itself: a row below it with a
    value under one of its names is data (data can hold words such as "x" or "y"), and a second
    header row only names columns that the first leaves open (lat, lon under "Coordinates").
    """
    if not {"code", "name"} <= set(map(_match, upper)):
        return True
    return not any(cell and _match(above) for above, cell in zip(upper, lower, strict=False))


def find_header(
    rows: list[tuple[int, list[str]]], source: str
) -> tuple[int, dict[int, str], list[str], list[str]]:
    """(index of the first data row, column → field, ignored headers, header cells).

    The header is the row (among the first few) that names the most known fields, so a title
    row above it is skipped; a header split over two rows (merged cells) is read as one.
    """
    best: tuple[int, int, int] | None = None  # hits, -depth, -index
    for i in range(min(len(rows), HEADER_SCAN_ROWS)):
        two_rows = i + 1 < len(rows) and _may_continue_header(rows[i][1], rows[i + 1][1])
        for depth in (1, 2) if two_rows else (1,):
            hits = _named_fields(_header_names(rows, i, depth))
            key = (hits, -depth, -i)
            if hits >= 2 and (best is None or key > best):
                best = key
    if best is None:
        raise StoreImportError([_problem(source, None, None, "si_no_header")])
    index, depth = -best[2], -best[1]
    line = rows[index][0]
    names = _header_names(rows, index, depth)
    columns: dict[int, str] = {}
    ignored: list[str] = []
    problems: list[RowProblem] = []
    for col, name in enumerate(names):
        target = _match(name)
        if target is None:
            if name:
                ignored.append(name)
            continue
        if target in columns.values():
            problems.append(_problem(source, line, name, "si_second_column", store_field=target))
            continue
        columns[col] = target
    for required, key in (("code", "si_no_code_column"), ("name", "si_no_name_column")):
        if required not in columns.values():
            names = ", ".join(ALIASES[required][:6])
            problems.append(_problem(source, line, None, key, names=names))
    if problems:
        raise StoreImportError(problems)
    return index + depth, columns, ignored, names


def _merged_among_stores(
    merged: list[CellRange], first_line: int, columns: dict[int, str], source: str
) -> list[RowProblem]:
    """Merged cells that reach the stores' rows in an imported column: only their first cell
    holds the value that the sheet shows over all of them."""
    problems = []
    for cells in merged:
        fields = [
            columns[c - 1] for c in range(cells.min_col, cells.max_col + 1) if c - 1 in columns
        ]
        if fields and cells.max_row >= first_line:
            problems.append(
                _problem(source, cells.min_row, fields[0], "si_merged_cells", cells=cells.coord)
            )
    return problems


# --- validating ------------------------------------------------------------------------------


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


def _number(text: str) -> float:
    """A decimal number with a point or a comma; float() alone would also take "6_0", "inf"."""
    if not _DECIMAL.fullmatch(text):
        raise ValueError(text)
    return float(text.replace(",", "."))


def _coordinate(
    values: dict[str, str], name: str, limit: float, source: str, line: int
) -> tuple[float | None, RowProblem | None]:
    raw = values.get(name, "")
    if not raw:
        return None, None
    try:
        number = _number(raw)
    except ValueError:
        return None, _problem(source, line, name, "si_not_number", value=raw)
    if not -limit <= number <= limit:
        key = "si_lat_range" if name == "lat" else "si_lon_range"
        return None, _problem(source, line, name, key, value=raw, limit=limit)
    return number, None


def location_problem(lat: float, lon: float, city: str | None) -> Phrase | None:
    """Why a store of `city` cannot be at (lat, lon), or None: outside Finland (perhaps with
    latitude and longitude swapped), or far from the town that the gazetteer knows by `city`."""
    # Told to a metre, not to a click's fourteen decimals.
    point = {"lat": round(lat, 5), "lon": round(lon, 5)}
    if not in_finland(lat, lon):
        key = "si_coordinates_swapped" if in_finland(lon, lat) else "si_outside_finland"
        return Phrase(key, point)
    town = gazetteer().lookup(city) if city else None
    if town is None:
        return None
    km = great_circle_km((lat, lon), (town.lat, town.lon))
    if km > FAR_FROM_TOWN_KM_BY_REGION.get(town.region, FAR_FROM_TOWN_KM):
        return Phrase("si_far_from_town", {**point, "km": km, "town": city})
    return None


def _opening_hours_problem(text: str) -> Phrase | None:
    """Why the opening hours cannot be read, or None when they can."""
    try:
        parse_opening_hours(text)
    except OpeningHoursError as exc:
        return exc.said
    return None


def _postal_code(text: str) -> str:
    # Excel turns "00100" into the number 100 (or "100.0"); Finnish postal codes have 5 digits.
    if re.fullmatch(r"\d{1,4}(\.0)?", text):
        return text.split(".")[0].zfill(5)
    return text


@dataclass(frozen=True)
class ParsedFile:
    rows: list[StoreRow]  # the valid ones
    problems: list[RowProblem]
    headers: dict[str, str]  # field: the file's header
    ignored: list[str]  # headers of columns not imported
    codes: set[str]  # every code in the file, bad rows included


def parse_stores(data: bytes, source: str) -> ParsedFile:
    """Read and validate a store file completely; raises StoreImportError for file problems."""
    table = read_table(data, source)
    rows = table.rows
    if not rows or not any(any(cells) for _, cells in rows):
        raise StoreImportError([_problem(source, None, None, "si_empty_file")])
    first_data, columns, ignored, names = find_header(rows, source)
    if not any(any(cells) for _, cells in rows[first_data:]):
        header_line = rows[first_data - 1][0]
        raise StoreImportError([_problem(source, header_line, None, "si_no_stores")])
    if first_data < len(rows):
        merged = _merged_among_stores(table.merged, rows[first_data][0], columns, source)
        if merged:
            raise StoreImportError(merged)
    headers = {name: names[col] for col, name in columns.items()}
    width = max((col + 1 for col, name in enumerate(names) if name), default=0)
    valid: list[StoreRow] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for line, cells in rows[first_data:]:
        if not any(cells):
            continue
        values = {name: (cells[col] if col < len(cells) else "") for col, name in columns.items()}
        row, row_problems = _validate(values, columns, source, line, seen)
        beyond = [cell for cell in cells[width:] if cell]
        if beyond:
            extra = _problem(source, line, None, "si_extra_cells", cells=", ".join(beyond))
            row, row_problems = None, [extra, *row_problems]
        problems.extend(row_problems)
        if row is not None:
            valid.append(row)
    return ParsedFile(valid, problems, headers, ignored, set(seen))


def _validate(
    values: dict[str, str], columns: dict[int, str], source: str, line: int, seen: dict[str, int]
) -> tuple[StoreRow | None, list[RowProblem]]:
    present = set(columns.values())
    problems: list[RowProblem] = []
    code = values.get("code", "")
    if not code:
        problems.append(_problem(source, line, "code", "si_missing_code"))
    elif code in seen:
        problems.append(
            _problem(source, line, "code", "si_duplicate_code", code=code, other=seen[code])
        )
    else:
        seen[code] = line
    if not values.get("name"):
        problems.append(_problem(source, line, "name", "si_missing_name"))
    for name, limit in MAX_LENGTH.items():
        text = values.get(name, "")
        if len(text) > limit:
            problems.append(_problem(source, line, name, "si_too_long", limit=limit))
        control = _CONTROL.search(text)
        if control:
            char = f"U+{ord(control.group()):04X}"
            problems.append(_problem(source, line, name, "si_control_character", char=char))
    lat, lat_problem = _coordinate(values, "lat", 90, source, line)
    lon, lon_problem = _coordinate(values, "lon", 180, source, line)
    problems.extend(p for p in (lat_problem, lon_problem) if p)
    if not (lat_problem or lon_problem) and (lat is None) != (lon is None):
        missing = "lon" if lon is None else "lat"
        problems.append(_problem(source, line, missing, "si_both_coordinates"))
    if lat is not None and lon is not None:
        misplaced = location_problem(lat, lon, values.get("city", ""))
        if misplaced:
            problems.append(RowProblem(source, line, COORDINATES, misplaced))
    hours = values.get("opening_hours", "")
    if hours:
        why = _opening_hours_problem(hours)
        if why:
            problems.append(_problem(source, line, "opening_hours", "si_hours_unreadable", why=why))
    if problems:
        return None, problems
    texts: dict[str, str | None] = {
        name: (values.get(name, "") if name in present else None) for name in TEXT_FIELDS
    }
    if texts["postal_code"]:
        texts["postal_code"] = _postal_code(texts["postal_code"])
    return StoreRow(line=line, code=code, lat=lat, lon=lon, **texts), []  # type: ignore[arg-type]


# --- scope -----------------------------------------------------------------------------------


def client_for(session: Session, actor: Actor, client: int | str) -> Client:
    """The client (by id or name) if the actor manages it; a scoped manager sees only theirs."""
    require_role(actor, "admin", "manager")
    if isinstance(client, int):
        row = session.get(Client, client)
    else:
        row = session.scalar(select(Client).where(Client.name == client))
    if row is None or (
        actor.role == "manager" and actor.client_id is not None and row.id != actor.client_id
    ):
        raise PermissionDenied(f"client {client!r} not found")
    return row


def create_client(session: Session, actor: Actor, name: str) -> int:
    """A new client (brand); an admin's or an unscoped manager's job. Logged."""
    require_role(actor, "admin", "manager")
    if actor.role == "manager" and actor.client_id is not None:
        raise PermissionDenied("a manager of one client cannot add clients")
    name = " ".join(name.split())
    if not name or len(name) > CLIENT_NAME_MAX or _CONTROL.search(name):
        raise Refusal("e_client_name", most=CLIENT_NAME_MAX)
    taken = session.scalars(select(Client.name)).all()
    if name.casefold() in {other.casefold() for other in taken}:
        raise Refusal("e_client_exists", name=name)
    client = Client(name=name)
    session.add(client)
    session.flush()
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="client.add",
            entity="client",
            entity_id=client.id,
            detail={"name": name},
        )
    )
    return client.id


def managed_clients(session: Session, actor: Actor) -> list[Client]:
    require_role(actor, "admin", "manager")
    query = select(Client).order_by(Client.name)
    if actor.role == "manager" and actor.client_id is not None:
        query = query.where(Client.id == actor.client_id)
    return list(session.scalars(query))


# --- preview and import ----------------------------------------------------------------------


def _diff(store: Store, row: StoreRow) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for name in TEXT_FIELDS:
        new = getattr(row, name)
        if new is not None and new != getattr(store, name):
            changes[name] = (getattr(store, name), new)
    if row.lat is not None and (
        store.lat is None
        or abs(store.lat - row.lat) > 1e-7
        or store.lon is None
        or abs(store.lon - row.lon) > 1e-7
    ):
        changes["lat"] = (store.lat, row.lat)
        changes["lon"] = (store.lon, row.lon)
    return changes


def preview_import(
    session: Session, actor: Actor, client: int | str, data: bytes, source: str
) -> ImportPreview:
    """Validate a store file against the client's stores; writes nothing."""
    owner = client_for(session, actor, client)
    try:
        parsed = parse_stores(data, source)
    except StoreImportError as exc:
        return ImportPreview(
            source, owner.id, owner.name, {}, [], problems=list(exc.problems), unreadable=True
        )
    existing = {
        s.code: s for s in session.scalars(select(Store).where(Store.client_id == owner.id))
    }
    preview = ImportPreview(
        source, owner.id, owner.name, parsed.headers, parsed.ignored, problems=parsed.problems
    )
    for row in parsed.rows:
        store = existing.get(row.code)
        if store is None:
            preview.new.append(row)
            continue
        changes = _diff(store, row)
        if changes:
            preview.changed.append(Change(row, store.id, changes))
        else:
            preview.unchanged.append(row)
    preview.absent = sorted(code for code in existing if code not in parsed.codes)
    return preview


Geocoder = Callable[[Session, Store], tuple[float, float, str] | None]
# Where a person chose a store's coordinates (the file or the map); a new address keeps them.
CHOSEN = ("given", "manual")
# Placed by its town only, or not at all: worth looking up by the street address.
ROUGH = ("gazetteer", "none")


def find_place(
    address: str | None,
    postal_code: str | None,
    city: str | None,
    *,
    session: Session | None = None,
    settings: GeoSettings | None = None,
) -> Place | None:
    """Where a store is by the project's geo chain: by its address, else its town; None when
    neither is found. Nominatim is asked only when `settings` enable it."""
    query = _query(address, postal_code, city)
    for text in dict.fromkeys(filter(None, (query, city))):
        try:
            return geocode(text, session=session, settings=settings)
        except PlaceNotFound:
            continue
    return None


def geocode_store(
    session: Session, store: Store, settings: GeoSettings | None = None
) -> tuple[float, float, str] | None:
    """Place a store by find_place: (lat, lon, source) or None."""
    place = find_place(
        store.address, store.postal_code, store.city, session=session, settings=settings
    )
    return None if place is None else (place.lat, place.lon, place.source)


def place_rows(
    rows: list[StoreRow], source: str, settings: GeoSettings | None = None
) -> tuple[list[StoreRow], list[RowProblem]]:
    """The rows, those without coordinates placed by find_place as an import places them, and
    a problem for each row that cannot be placed; writes nothing (no database)."""
    placed: list[StoreRow] = []
    problems: list[RowProblem] = []
    for row in rows:
        place = None
        if row.lat is None:
            place = find_place(row.address, row.postal_code, row.city, settings=settings)
            if place is None:
                key = "si_town_not_found" if row.city else "si_no_town"
                problems.append(_problem(source, row.line, "city", key, town=row.city))
                continue
        placed.append(row if place is None else replace(row, lat=place.lat, lon=place.lon))
    return placed, problems


def _address_query(store: Store) -> str:
    return _query(store.address, store.postal_code, store.city)


def _query(*parts: str | None) -> str:
    return ", ".join(p for p in parts if p)


def apply_import(
    session: Session,
    actor: Actor,
    client: int | str,
    data: bytes,
    source: str,
    *,
    skip_bad_rows: bool = False,
    geocoder: Geocoder | None = geocode_store,
) -> ImportResult:
    """Import a store file in this transaction.

    Raises StoreImportError (writing nothing) when any row is bad, unless `skip_bad_rows`;
    bad file-level problems (no header, unreadable file) always refuse. Stores without
    coordinates are placed by `geocoder`, by default without Nominatim: it answers one request
    a second, and a transaction waiting on it would hold up every other writer. The result's
    `rough` stores can be looked up afterwards (place_lookups, look_up_place).
    """
    preview = preview_import(session, actor, client, data, source)
    if preview.unreadable or (preview.problems and not skip_bad_rows):
        raise StoreImportError(preview.problems)
    touched: list[Store] = []
    for row in preview.new:
        store = Store(
            client_id=preview.client_id,
            code=row.code,
            name=row.name,
            **{n: getattr(row, n) or "" for n in TEXT_FIELDS if n != "name"},
            lat=row.lat,
            lon=row.lon,
            coord_source="given" if row.lat is not None else "none",
        )
        session.add(store)
        touched.append(store)
    for change in preview.changed:
        store = session.get(Store, change.store_id)
        assert store is not None
        for name, (_old, new) in change.fields.items():
            setattr(store, name, new)
        if "lat" in change.fields:
            store.coord_source = "given"
        elif change.row.lat is None and _moves(change) and store.coord_source not in CHOSEN:
            store.lat = store.lon = None  # geocoded from the old address: placed again below
        touched.append(store)
    session.flush()
    unplaced = _place(session, [s for s in touched if s.lat is None], geocoder)
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="stores.import",
            entity="client",
            entity_id=preview.client_id,
            detail={
                "file": source,
                "created": len(preview.new),
                "updated": len(preview.changed),
                "unchanged": len(preview.unchanged),
                "skipped_lines": preview.bad_lines,
                "unplaced": unplaced,
            },
        )
    )
    return ImportResult(
        created=len(preview.new),
        updated=len(preview.changed),
        unchanged=len(preview.unchanged),
        skipped_lines=preview.bad_lines,
        unplaced=unplaced,
        rough=[s.id for s in touched if s.coord_source in ROUGH],
    )


def _moves(change: Change) -> bool:
    return any(name in change.fields for name in ("address", "postal_code", "city"))


def _place(session: Session, stores: list[Store], geocoder: Geocoder | None) -> list[str]:
    unplaced: list[str] = []
    for store in stores:
        found = geocoder(session, store) if geocoder else None
        if found is None:
            store.coord_source = "none"
            unplaced.append(store.code)
            continue
        store.lat, store.lon, store.coord_source = found
    return unplaced


# --- looking up street addresses after an import ---


def place_lookups(
    session: Session, actor: Actor, client: int | str, store_ids: list[int] | None = None
) -> list[PlaceLookup]:
    """The client's stores placed by their town or not at all that have a street address
    (only those of `store_ids` when given), to look up one by one with look_up_place."""
    require_role(actor, "admin", "manager")
    owner = client_for(session, actor, client)
    query = select(Store).where(
        Store.client_id == owner.id, Store.coord_source.in_(ROUGH), Store.address != ""
    )
    if store_ids is not None:
        query = query.where(Store.id.in_(store_ids))
    return [
        PlaceLookup(s.id, s.code, _address_query(s))
        for s in session.scalars(query.order_by(Store.code))
    ]


def look_up_place(lookup: PlaceLookup, settings: GeoSettings) -> Place | None:
    """Nominatim's place for the store's address, or None; touches no database, so the
    second's wait between requests holds up nobody (store it with set_looked_up_place)."""
    return nominatim_place(lookup.query, settings)


def set_looked_up_place(session: Session, actor: Actor, lookup: PlaceLookup, place: Place) -> bool:
    """Place the store where its address was found; False (nothing changed) when it was
    placed otherwise or its address changed meanwhile."""
    require_role(actor, "admin", "manager")
    store = session.get(Store, lookup.store_id)
    if store is None or not can_see_store(actor, store):
        raise PermissionDenied(f"store {lookup.store_id} not found")
    if store.coord_source not in ROUGH or _address_query(store) != lookup.query:
        return False
    store.lat, store.lon, store.coord_source = place.lat, place.lon, place.source
    DbGeocodeCache(lambda: nullcontext(session)).put(lookup.query, place)
    return True


# --- placing by hand -------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreInfo:
    id: int
    code: str
    name: str
    address: str
    postal_code: str
    city: str
    region: str
    lat: float | None
    lon: float | None
    coord_source: str
    opening_hours: str
    active: bool


def _info(s: Store) -> StoreInfo:
    return StoreInfo(
        s.id,
        s.code,
        s.name,
        s.address,
        s.postal_code,
        s.city,
        s.region,
        s.lat,
        s.lon,
        s.coord_source,
        s.opening_hours,
        s.active,
    )


def list_stores(session: Session, actor: Actor, client: int | str) -> list[StoreInfo]:
    owner = client_for(session, actor, client)
    return [
        _info(s)
        for s in session.scalars(
            select(Store).where(Store.client_id == owner.id).order_by(Store.code)
        )
    ]


def unplaced_stores(session: Session, actor: Actor, client: int | str) -> list[StoreInfo]:
    return [s for s in list_stores(session, actor, client) if s.lat is None or s.lon is None]


@dataclass(frozen=True)
class PlacingView:
    """Where the map to place a store by hand opens, and the landmarks it shows."""

    store: StoreInfo
    look_at: list[tuple[float, float]]  # one point (a town) or the corners of a box
    near: str  # what look_at is: "town" (the store's), "stores" (the client's), "finland"
    placed: list[StoreInfo]  # the client's stores that have a place


def placing_view(session: Session, actor: Actor, store_id: int) -> PlacingView:
    """Where the store probably is: its town in the offline gazetteer, else among the client's
    stores placed so far, else anywhere in Finland."""
    store = _store_to_place(session, actor, store_id)
    placed = [
        _info(s)
        for s in session.scalars(
            select(Store)
            .where(Store.client_id == store.client_id, Store.lat.is_not(None))
            .where(Store.lon.is_not(None))
            .order_by(Store.code)
        )
    ]
    points = [(s.lat, s.lon) for s in placed if s.lat is not None and s.lon is not None]
    town = gazetteer().lookup(store.city) if store.city else None
    if town is not None:
        look_at, near = [(town.lat, town.lon)], "town"
    elif points:
        look_at, near = points, "stores"
    else:
        look_at, near = list(finland_bounds()), "finland"
    return PlacingView(_info(store), look_at, near, placed)


def place_problem(
    session: Session, actor: Actor, store_id: int, lat: float, lon: float
) -> Phrase | None:
    """Why the store cannot be placed at (lat, lon), or None when it can (as place_store
    would refuse it)."""
    return _place_problem(_store_to_place(session, actor, store_id), lat, lon)


def _store_to_place(session: Session, actor: Actor, store_id: int) -> Store:
    require_role(actor, "admin", "manager")
    store = session.get(Store, store_id)
    if store is None or not can_see_store(actor, store):
        raise PermissionDenied(f"store {store_id} not found")
    return store


def _place_problem(store: Store, lat: float, lon: float) -> Phrase | None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return Phrase("si_bad_coordinate", {"lat": lat, "lon": lon})
    return location_problem(lat, lon, store.city)


def place_store(session: Session, actor: Actor, store_id: int, lat: float, lon: float) -> None:
    """Set a store's coordinates by hand (from the map or typed); logged with the old place."""
    store = _store_to_place(session, actor, store_id)
    misplaced = _place_problem(store, lat, lon)
    if misplaced:
        raise Refusal(misplaced.key, **misplaced.values)
    old = {"lat": store.lat, "lon": store.lon, "source": store.coord_source}
    store.lat, store.lon, store.coord_source = lat, lon, "manual"
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="store.place",
            entity="store",
            entity_id=store.id,
            detail={"old": old, "new": {"lat": lat, "lon": lon}},
        )
    )
