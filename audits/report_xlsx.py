"""The client's wave report as an Excel workbook (openpyxl, write-only for speed and memory).

Sheets: cover, ranking, sections (with a chart), items, then one sheet per store — or, at the
client's choice, one workbook per store (in a directory or a zip). Numbers come from
audits.reports and are written as numbers with formats, so Excel can sort and sum them.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import stat
import tempfile
import textwrap
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, IconSetRule
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from audits.i18n import EXCEL_DATE, EXCEL_TIMES, date_text
from audits.report_texts import tr
from audits.reports import WaveReport, change_basis
from audits.xlsx_stream import Styled, create_sheet, style_id, workbook

SCORE_FORMAT = "0.0"
CHANGE_FORMAT = "+0.0;-0.0;0.0"
COUNT_FORMAT = "0"
MAX_WIDTH = 60
# A store sheet's answer columns: the widest each gets (longer text wraps), so that the sheet
# prints on landscape A4 at about 83 % (at 60 characters a column it printed at 47 %).
STORE_WIDTHS = {"visited_on": 12, "section_title": 28, "label": 46, "answer": 28, "comment": 40}
LINE_HEIGHT = 15  # points: one line of 11-point text
SHEET_NAME_MAX = 31
RED, YELLOW, GREEN = "F8696B", "FFEB84", "63BE7B"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")  # Excel's, and XML's


def write_report(report: WaveReport, out: Path | IO[bytes], *, store_sheets: bool = True) -> None:
    """Write the wave report; `store_sheets` adds a sheet per store (needs details=True)."""
    if store_sheets and report.answers is None:
        raise ValueError("store sheets need the report built with details=True")
    with tempfile.TemporaryDirectory(prefix="audits-report-") as tmp:
        if isinstance(out, Path):
            with _replacing(out) as part:
                _write_report(report, part, store_sheets, tmp)
        else:
            _write_report(report, out, store_sheets, tmp)


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A file beside `path` that replaces it once written: a failed write leaves the old file
    (or none), never half a workbook. The file gets the mode open() would give it: the old
    file's, or a new file's under the umask (a temporary file of its own would be owner-only)."""
    part = _new_file(path.parent, f".{path.stem}-", ".xlsx")
    try:
        if path.exists():
            os.chmod(part, stat.S_IMODE(path.stat().st_mode))
        yield part
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def _new_file(directory: Path, prefix: str, suffix: str) -> Path:
    """A new empty file with a name of its own in `directory`, created as open() creates one."""
    while True:
        part = directory / f"{prefix}{secrets.token_hex(6)}{suffix}"
        try:
            os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return part


def _write_report(report: WaveReport, out: Path | IO[bytes], store_sheets: bool, tmp: str) -> None:
    wb = _workbook(tmp)
    lang = report.language
    _cover(create_sheet(wb, tr("sheet_cover", lang)), report)
    _ranking(create_sheet(wb, tr("sheet_ranking", lang)), report)
    _sections(create_sheet(wb, tr("sheet_sections", lang)), report)
    _items(create_sheet(wb, tr("sheet_items", lang)), report)
    if len(report.items_by_region.columns) > 4:  # item_id, section, label and ≥ 2 regions
        _items_by_region(create_sheet(wb, tr("sheet_regions", lang)), report)
    if store_sheets:
        _store_sheets(wb, report)
    wb.save(out)


def report_bytes(report: WaveReport, *, store_sheets: bool = True) -> bytes:
    buffer = io.BytesIO()
    write_report(report, buffer, store_sheets=store_sheets)
    return buffer.getvalue()


def write_store_workbooks(report: WaveReport, directory: Path) -> list[Path]:
    """One workbook per store in `directory` (created when missing); returns the paths."""
    files = _store_files(report)
    directory.mkdir(parents=True, exist_ok=True)
    data = _StoreData(report)
    for row, name in files:
        with _replacing(directory / name) as part:
            _store_workbook(report, row, data, part)
    return [directory / name for _, name in files]


def store_workbooks_zip(report: WaveReport) -> bytes:
    """One workbook per store, in a zip."""
    files = _store_files(report)
    data = _StoreData(report)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row, name in files:
            one = io.BytesIO()
            _store_workbook(report, row, data, one)
            archive.writestr(name, one.getvalue())
    return buffer.getvalue()


# --- workbook plumbing ---------------------------------------------------------------------


def _workbook(tmp: str | None = None) -> Workbook:
    wb = workbook(tmp)
    header = {"fill": PatternFill("solid", fgColor="1F4E78"), "font": _font(True, color="FFFFFF")}
    for style in (
        NamedStyle("header", alignment=Alignment(vertical="center", wrap_text=True), **header),
        NamedStyle(
            "header_number",
            alignment=Alignment(horizontal="right", vertical="center", wrap_text=True),
            **header,
        ),
        # Left text beside a right-aligned number: an indent keeps the two apart.
        NamedStyle(
            "header_padded",
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1),
            **header,
        ),
        NamedStyle("title", font=_font(True, size=16, color="1F4E78")),
        NamedStyle("subtitle", font=_font(True, size=12)),
        NamedStyle("label", font=_font(True), alignment=Alignment(vertical="top")),
        NamedStyle("wrap", font=_font(), alignment=Alignment(wrap_text=True, vertical="top")),
        NamedStyle(
            "wrap_padded",
            font=_font(),
            alignment=Alignment(horizontal="left", vertical="top", wrap_text=True, indent=1),
        ),
        NamedStyle("value", font=_font(), alignment=Alignment(horizontal="left", vertical="top")),
        NamedStyle("top", font=_font(), alignment=Alignment(vertical="top")),
        NamedStyle("padded", font=_font(), alignment=Alignment(horizontal="left", indent=1)),
    ):
        wb.add_named_style(style)
    return wb


def _font(bold: bool = False, size: float = 11, color: str | None = None) -> Font:
    # The workbook's own font: a style's font without a name prints in a serif fallback.
    return Font(name="Calibri", size=size, bold=bold, color=color)


def _cell(ws: WriteOnlyWorksheet, value: Any, *, style: str = "", fmt: str = "") -> Styled:
    return Styled(value, style_id(ws.parent, ws, style, fmt))


def _headers(
    ws: WriteOnlyWorksheet, names: Sequence[str], numeric: Iterable[int] = ()
) -> list[Styled]:
    """The header row; the headers of the `numeric` columns (0-based) stand right, over their
    numbers, and a text column's after a number column is indented as its cells."""
    right, padded = set(numeric), _padded(numeric)
    styles = {n: "header_number" for n in right} | {n: "header_padded" for n in padded}
    return [_cell(ws, name, style=styles.get(n, "header")) for n, name in enumerate(names)]


def _padded(numeric: Iterable[int]) -> set[int]:
    """The text columns (0-based) right after a number column: indented, so that a
    right-aligned number and the text beside it do not run together."""
    right = set(numeric)
    return {n + 1 for n in right if n + 1 not in right}


def _records(frame: pd.DataFrame) -> list[list[Any]]:
    """Rows of plain Python values, with None for missing ones."""
    if frame.empty:
        return []
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_numpy().tolist()


def _write_rows(ws: WriteOnlyWorksheet, rows: Iterable[list[Any]], formats: dict[int, str]) -> None:
    """Rows whose `formats` columns are numbers in those formats (the other columns text)."""
    spec = [(index, style_id(ws.parent, ws, fmt=fmt)) for index, fmt in formats.items()]
    padded = style_id(ws.parent, ws, "padded")
    spec += [(index, padded) for index in _padded(formats)]
    for row in rows:
        for index, style in spec:
            if index < len(row) and row[index] is not None:
                row[index] = Styled(row[index], style)
        ws.append(row)


def _widths(ws: WriteOnlyWorksheet, frame: pd.DataFrame, headers: Sequence[str]) -> None:
    """Column widths that fit the longest value (capped), set before any row is written."""
    for n, (column, header) in enumerate(zip(frame.columns, headers, strict=True), start=1):
        values = frame[column]
        if pd.api.types.is_float_dtype(values):
            longest = 7
        else:
            longest = int(values.astype(str).str.len().max()) if len(values) else 0
        width = min(MAX_WIDTH, max(longest, *(len(w) for w in str(header).split()), 4) + 2)
        ws.column_dimensions[get_column_letter(n)].width = width


def _landscape(ws: WriteOnlyWorksheet, title_rows: str | None = "1:1") -> None:
    """Print on landscape A4, as wide as the page. Call before the first row: a write-only
    sheet writes its properties with the first row."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    if title_rows:
        ws.print_title_rows = title_rows


def _score_scale(ws: WriteOnlyWorksheet, ref: str) -> None:
    ws.conditional_formatting.add(
        ref,
        ColorScaleRule(
            start_type="min",
            start_color=RED,
            mid_type="percentile",
            mid_value=50,
            mid_color=YELLOW,
            end_type="max",
            end_color=GREEN,
        ),
    )


def _change_rules(ws: WriteOnlyWorksheet, ref: str) -> None:
    """Arrows and colours: up (green) from +0.5, down (red) below −0.5, sideways between."""
    ws.conditional_formatting.add(
        ref, IconSetRule("3Arrows", "num", [-1000, -0.5, 0.5], showValue=True)
    )
    ws.conditional_formatting.add(
        ref, CellIsRule(operator="greaterThan", formula=["0"], font=Font(color="006100"))
    )
    ws.conditional_formatting.add(
        ref, CellIsRule(operator="lessThan", formula=["0"], font=Font(color="9C0006"))
    )


def _col(n: int) -> str:
    return get_column_letter(n)


def date_format(lang: str) -> str:
    """The number format of the report's dates (3.10.2026 in either language)."""
    return EXCEL_DATE


# --- cover ---------------------------------------------------------------------------------


def _cover(ws: WriteOnlyWorksheet, report: WaveReport) -> None:
    lang = report.language
    _landscape(ws, None)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    checklist = report.checklist
    prev = report.previous
    period = f"{date_text(report.wave.starts_on)} – {date_text(report.wave.ends_on)}"
    rows: list[tuple[str, Any]] = [
        (tr("client", lang), report.wave.client),
        (tr("wave", lang), report.wave.name),
        (tr("period", lang), period),
        (
            tr("checklist", lang),
            f"{checklist.title.get(lang) or checklist.title.get('en')} "
            f"({checklist.id}, {tr('version', lang)} {checklist.version})",
        ),
        (tr("scope", lang), report.scope_label),
        (tr("audits_counted", lang), report.scope.audits),
        (tr("stores_counted", lang), report.scope.stores),
        (
            tr("scope_score" if not report.single_store else "your_score", lang),
            _figure(ws, report.scope.score, SCORE_FORMAT),
        ),
    ]
    if report.scope.stores != report.network.stores:
        rows.append((tr("network_average", lang), _figure(ws, report.network.score, SCORE_FORMAT)))
    if report.position:
        rows.append(
            (
                tr("your_position", lang),
                tr("position_of", lang, rank=report.position[0], total=report.position[1]),
            )
        )
    rows += [
        (tr("previous_wave", lang), prev.name if prev else tr("none", lang)),
        (tr("change", lang), _figure(ws, report.scope.change, CHANGE_FORMAT)),
    ]
    basis = change_basis(report.scope, lang)
    if basis is not None:
        rows.append((tr("stores_compared", lang), basis))
    stamp = f"{date_format(lang)} {EXCEL_TIMES[lang]}"
    generated = _cell(ws, report.generated_at, style="value", fmt=stamp)
    rows.append((tr("generated", lang), generated))
    ws.append([_cell(ws, tr("report_title", lang), style="title")])
    ws.append([_cell(ws, f"{report.wave.client} · {report.wave.name}", style="subtitle")])
    ws.append([])
    for label, value in rows:
        if not isinstance(value, Styled):
            value = _cell(ws, value, style="value")
        ws.append([_cell(ws, label, style="label"), value])
    ws.append([])
    ws.append([_cell(ws, tr("how_scored", lang), style="subtitle")])
    how = ["how_1", "how_2", "how_3", "how_4", "how_5"]
    lines = [tr(k, lang) for k in how]
    if prev is not None:
        lines.append(
            tr("how_6_same", lang)
            if report.shared_items is None
            else tr("how_6_shared", lang, n=report.shared_items)
        )
        lines.append(tr("how_6_stores", lang))
    lines.append(tr("how_7", lang))
    # Wrapped here rather than by the spreadsheet: row heights do not grow on their own.
    for line in lines:
        for part in textwrap.wrap(line, 110):
            ws.append([None, part])


def _figure(ws: WriteOnlyWorksheet, value: float | None, fmt: str) -> Styled:
    """A score or change as a number that `fmt` shows (in the reader's decimal separator, as on
    the other sheets), or "–" when there is none."""
    number = _number(value)
    return _cell(ws, "–" if number is None else number, style="value", fmt=fmt)


# --- ranking -------------------------------------------------------------------------------


def ranking_frame(report: WaveReport) -> tuple[pd.DataFrame, list[str]]:
    """The ranking sheet's columns (values) and headers, in the report's language."""
    lang = report.language
    table = report.ranking
    columns = ["rank", "code", "name", "city", "region", "score", "margin"]
    columns += report.section_columns + ["change", "audits"]
    named = {"name": "store"} | (
        {"rank": "network_rank"} if report.network_ranks is not None else {}
    )
    headers = [tr(named.get(c, c), lang) for c in columns[:7]]
    headers += [s.title for s in report.sections] + [tr("change", lang), tr("audits", lang)]
    return table[columns], headers


def _begin_table(
    ws: WriteOnlyWorksheet,
    frame: pd.DataFrame,
    headers: list[str],
    freeze: str,
    numeric: Iterable[int],
    widths: dict[int, float] | None = None,
) -> None:
    """Page set-up, widths, frozen panes, filter and a header row tall enough for two lines;
    `numeric` are the number columns (0-based), whose headers stand right."""
    _landscape(ws)
    _widths(ws, frame, headers)
    for n, width in (widths or {}).items():
        ws.column_dimensions[_col(n)].width = width
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{_col(len(headers))}{len(frame) + 1}"
    ws.row_dimensions[1].height = _header_height(ws, headers)
    ws.append(_headers(ws, headers, numeric))


def _header_height(ws: WriteOnlyWorksheet, headers: Sequence[str], first: int = 1) -> float:
    """A header row tall enough for every header wrapped in its column (at least two lines),
    the first in column `first`: spreadsheets do not grow a row for wrapped text on opening."""
    lines = 2
    for n, header in enumerate(headers, start=first):
        width = ws.column_dimensions[_col(n)].width or 10
        # Bold text is a little wider than the width's digits.
        lines = max(lines, len(textwrap.wrap(str(header), max(1, int(width / 1.15)))))
    return 15 * lines + 2


def _ranking(ws: WriteOnlyWorksheet, report: WaveReport) -> None:
    frame, headers = ranking_frame(report)
    n_rows, n_sections = len(frame), len(report.sections)
    # 0-based positions: rank, code, store, city, region, score, ±, sections…, change, audits
    change = 7 + n_sections
    formats = {0: COUNT_FORMAT, 5: SCORE_FORMAT, 6: SCORE_FORMAT, change: CHANGE_FORMAT}
    formats |= {i: SCORE_FORMAT for i in range(7, change)}
    formats[change + 1] = COUNT_FORMAT
    _begin_table(ws, frame, headers, "D2", formats)
    _write_rows(ws, _records(frame), formats)
    if n_rows:
        end = n_rows + 1
        _score_scale(ws, f"F2:F{end}")
        if n_sections:
            _score_scale(ws, f"H2:{_col(change)}{end}")
        _change_rules(ws, f"{_col(change + 1)}2:{_col(change + 1)}{end}")


# --- sections ------------------------------------------------------------------------------


def sections_frame(report: WaveReport) -> tuple[pd.DataFrame, list[str]]:
    lang = report.language
    columns = ["title", "weight", "this", "previous", "change"]
    headers = [tr("section", lang), tr("weight", lang), tr("this_wave", lang)]
    headers += [tr("prev_wave", lang), tr("change", lang)]
    if report.scope.stores != report.network.stores:
        columns.append("network")
        headers.append(tr("network_average", lang))
    frame = report.section_table[columns].copy()
    total = frame["weight"].sum()
    frame["weight"] = frame["weight"] / total * 100 if total else np.nan
    return frame, headers


def _sections(ws: WriteOnlyWorksheet, report: WaveReport) -> None:
    frame, headers = sections_frame(report)
    formats = {i: SCORE_FORMAT for i in range(1, len(headers))}
    formats[4] = CHANGE_FORMAT
    _begin_table(
        ws, frame, headers, "B2", formats, {1: max(24, frame["title"].str.len().max() + 2)}
    )
    _write_rows(ws, _records(frame), formats)
    n = len(frame)
    if n:
        _score_scale(ws, f"C2:C{n + 1}")
        _change_rules(ws, f"E2:E{n + 1}")
        chart = _section_chart(ws, report, n, with_previous=report.previous is not None)
        ws.add_chart(chart, f"A{n + 4}")


def _section_chart(
    ws: WriteOnlyWorksheet, report: WaveReport, n: int, *, with_previous: bool
) -> BarChart:
    # Horizontal bars, the first section on top: long section names stay readable.
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"  # the score axis below the bars, not above them
    chart.legend.position = "b"
    chart.title = tr("chart_sections", report.language)
    chart.y_axis.title = tr("score", report.language)
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 10
    chart.y_axis.number_format = "0"
    # openpyxl ≥ 3.1 hides axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    last_series = 4 if with_previous else 3
    chart.add_data(
        Reference(ws, min_col=3, max_col=last_series, min_row=1, max_row=n + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    chart.width, chart.height = 24, max(8.0, min(16.0, 0.8 * n + 4))
    return chart


# --- items ---------------------------------------------------------------------------------


def _fail_scale(ws: WriteOnlyWorksheet, ref: str) -> None:
    """Green for items rarely failed, red for items failed in most audits."""
    ws.conditional_formatting.add(
        ref,
        ColorScaleRule(
            start_type="num",
            start_value=0,
            start_color=GREEN,
            mid_type="num",
            mid_value=30,
            mid_color=YELLOW,
            end_type="num",
            end_value=100,
            end_color=RED,
        ),
    )


def items_frame(report: WaveReport) -> tuple[pd.DataFrame, list[str]]:
    """The item sheet's values and headers, most often failed first."""
    lang = report.language
    columns = ["section_title", "label", "counted", "failed", "fail_rate", "points_pct"]
    headers = [tr(k, lang) for k in ("section", "item", *columns[2:])]
    if report.scope.stores != report.network.stores:
        columns.append("network_fail_rate")
        headers.append(tr("network_fail_rate", lang))
    return report.items[columns], headers


def _items(ws: WriteOnlyWorksheet, report: WaveReport) -> None:
    frame, headers = items_frame(report)
    formats = {2: COUNT_FORMAT, 3: COUNT_FORMAT}
    formats |= {i: SCORE_FORMAT for i in range(4, len(headers))}
    _begin_table(ws, frame, headers, "C2", formats)
    _write_rows(ws, _records(frame), formats)
    end = len(frame) + 1
    if len(frame):
        _fail_scale(ws, f"E2:E{end}")
        if len(headers) > 6:
            _fail_scale(ws, f"G2:G{end}")


def _items_by_region(ws: WriteOnlyWorksheet, report: WaveReport) -> None:
    """Fail rate % of each item (rows, checklist order) in each region (columns)."""
    lang = report.language
    frame = report.items_by_region.drop(columns=["item_id"])
    regions = list(frame.columns[2:])
    headers = [tr("section", lang), tr("item", lang), *(r or "–" for r in regions)]
    widths = {n: max(12, min(22, len(headers[n - 1]) + 2)) for n in range(3, len(headers) + 1)}
    formats = {i: SCORE_FORMAT for i in range(2, len(headers))}
    _begin_table(ws, frame, headers, "C2", formats, widths)
    _write_rows(ws, _records(frame), formats)
    if len(frame):
        _fail_scale(ws, f"C2:{_col(len(headers))}{len(frame) + 1}")


# --- stores --------------------------------------------------------------------------------


def sheet_name(code: str, name: str, taken: set[str], brand: str = "") -> str:
    """An Excel sheet name: ≤ 31 characters, none of []:*?/\\, unique (case-insensitive). A
    longer name leaves out the `brand` it starts with (the workbook is the brand's: the tab
    keeps the town, "AM-026 Hämeenlinna", not "AM-026 Aurora Motors…"); one still too long is
    cut at a word and ends in "…"."""
    if len(f"{code} {name}") > SHEET_NAME_MAX and brand:
        own = name[len(brand) :].strip()
        if name.casefold().startswith(brand.casefold() + " ") and own:
            name = own
    full = _BAD_SHEET_CHARS.sub("_", f"{code} {name}").strip()
    candidate, n = _shorten(full, SHEET_NAME_MAX), 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate, n = _shorten(full, SHEET_NAME_MAX - len(suffix)) + suffix, n + 1
    taken.add(candidate.casefold())
    return candidate


def _shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: cut after a whole word where one ends past half
    the limit (else inside the word), marked with "…". A sheet name may neither start nor end
    with an apostrophe."""
    if len(text) > limit:
        cut = text[: limit - 1]
        if text[limit - 1] != " ":  # cut inside a word: leave the word out
            space = cut.rfind(" ")
            if space >= limit // 2:
                cut = cut[:space]
        text = cut.rstrip(" '-,.;") + "…"
    return text.lstrip("'").strip() or "store"


def _store_files(report: WaveReport) -> list[tuple[Any, str]]:
    """(ranking row, file name) of each store's own workbook."""
    if report.answers is None:
        raise ValueError("per-store workbooks need the report built with details=True")
    taken: set[str] = set()
    files = []
    for row in report.ranking.itertuples():
        safe = re.sub(r"[^\w.-]+", "_", f"{row.code}_{row.name}", flags=re.UNICODE).strip("_")
        name = f"{safe}.xlsx"
        while name.casefold() in taken:
            name = f"{safe}_{row.store_id}.xlsx"
        taken.add(name.casefold())
        files.append((row, name))
    return files


def _store_headers(lang: str) -> list[str]:
    return [
        tr(k, lang) for k in ("date", "section", "item", "answer", "earned", "possible", "comment")
    ]


class _StoreData:
    """Every store's answer rows, their heights and trend, converted once for the report."""

    COLUMNS = ["visited_on", "section_title", "label", "answer", "earned", "possible", "comment"]

    def __init__(self, report: WaveReport):
        assert report.answers is not None and report.trend is not None
        answers = report.answers.sort_values("store_id", kind="stable")
        # Points as plain numbers (General format shows 1, 0.5 or 2.67).
        rows = answers[self.COLUMNS].assign(
            earned=answers["earned"].round(2), possible=answers["possible"].round(2)
        )
        self.widths = _store_widths(rows, report.language)
        self.lines = _line_counts(rows, self.widths)
        self.rows = _records(rows)
        self.store_ids = answers["store_id"].to_numpy()
        self.trend = {
            int(store): dict(zip(group["wave_id"], group["score"], strict=True))
            for store, group in report.trend.groupby("store_id")
        }
        assert report.network_trend is not None
        self.waves = list(
            zip(
                report.network_trend["wave_id"],
                report.network_trend["wave"],
                report.network_trend["score"],
                strict=True,
            )
        )

    def answers(self, store_id: int) -> tuple[list[list[Any]], list[int]]:
        """The store's answer rows and the lines each takes."""
        first, last = np.searchsorted(self.store_ids, [store_id, store_id + 1])
        return self.rows[first:last], self.lines[first:last]

    def trend_rows(self, store_id: int) -> list[tuple[str, Any, Any]]:
        own = self.trend.get(store_id, {})
        return [
            (wave, _number(own.get(wave_id)), _number(network))
            for wave_id, wave, network in self.waves
        ]


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _store_sheets(wb: Workbook, report: WaveReport) -> None:
    taken = {ws.title.casefold() for ws in wb.worksheets}
    data = _StoreData(report)
    for row in report.ranking.itertuples():
        ws = create_sheet(wb, sheet_name(row.code, row.name, taken, report.wave.client))
        _store_sheet(ws, report, row, data)


def _store_widths(rows: pd.DataFrame, lang: str) -> list[float]:
    """Each column as wide as its longest value up to STORE_WIDTHS; points as their header."""
    widths = []
    for column, header in zip(_StoreData.COLUMNS, _store_headers(lang), strict=True):
        if column in ("earned", "possible"):
            widths.append(max(len(header), 6) + 2)
            continue
        longest = int(rows[column].astype(str).str.len().max()) if len(rows) else 0
        widths.append(min(STORE_WIDTHS[column], max(longest, len(header), 10) + 2))
    return widths


def _line_counts(rows: pd.DataFrame, widths: list[float]) -> list[int]:
    """The lines each answer row takes with its texts wrapped in their columns: spreadsheets
    do not grow a row for wrapped text on opening, so the writer gives the height."""
    counts = np.ones(len(rows), dtype=np.int64)
    for n, column in enumerate(_StoreData.COLUMNS):
        if column in _WRAPPED:
            # A little room spare (a row cut short hides text), and the comment's indent.
            room = widths[n] * 0.95 - (2 if column == "comment" else 0)
            texts = rows[column].fillna("").astype(str)
            lines = {text: text_lines(text, room) for text in texts.unique()}  # labels repeat
            counts = np.maximum(counts, texts.map(lines).to_numpy(dtype=np.int64))
    return counts.tolist()


_WRAPPED = {"section_title", "label", "answer", "comment"}
# Calibri's letters in widths of its digit (what a column's width counts); capitals and
# others count 1.3.
_LETTER_WIDTHS = {
    letter: width
    for letters, width in [
        (" ijl.,:;'!|", 0.47),
        ('frt()-/"', 0.67),
        ("scz", 0.83),
        ("aekvxyg", 0.97),
        ("bdhnopqu0123456789äöå", 1.04),
        ("w", 1.41),
        ("m", 1.58),
    ]
    for letter in letters
}


def text_lines(text: str, room: float) -> int:
    """How many lines `text` takes wrapped at spaces in `room` digits of Calibri 11; a word
    longer than a line is broken."""
    lines = 0
    space = _LETTER_WIDTHS[" "]
    for paragraph in text.split("\n"):
        lines += 1
        used = None  # the current line's width so far; None while it is empty
        for word in paragraph.split():
            size = sum(_LETTER_WIDTHS.get(c, 1.3) for c in word)
            if used is not None and used + space + size <= room:
                used += space + size
                continue
            if used is not None:
                lines += 1
            full = int(size // room) if size > room else 0
            lines += full
            used = size - full * room
    return lines


def _store_workbook(report: WaveReport, row: Any, data: _StoreData, out: Path | IO[bytes]) -> None:
    wb = _workbook()
    name = sheet_name(row.code, row.name, set(), report.wave.client)
    _store_sheet(create_sheet(wb, name), report, row, data)
    wb.save(out)


def _store_sheet(ws: WriteOnlyWorksheet, report: WaveReport, store: Any, data: _StoreData) -> None:
    """Header block, every answer, then the store's trend over waves below the answers: the
    sheet prints one page wide on landscape A4 at a readable scale."""
    lang = report.language
    answers, lines = data.answers(int(store.store_id))
    headers = _store_headers(lang)
    _landscape(ws, "5:5")
    for n, width in enumerate(data.widths, start=1):
        ws.column_dimensions[_col(n)].width = width
    ws.freeze_panes = "A6"
    ws.row_dimensions[5].height = _header_height(ws, headers)
    ws.auto_filter.ref = f"A5:G{len(answers) + 5}"
    ws.append([_cell(ws, store.name, style="title")])
    ws.append([" · ".join(str(v) for v in (store.code, store.city, store.region) if v)])
    # Labels over their figures: a label beside its figure would not fit the narrow columns.
    ws.append(
        [
            _cell(ws, tr("score", lang), style="label"),
            None,
            _cell(ws, tr("network_average", lang), style="label"),
            _cell(ws, tr("audits", lang), style="label"),
        ]
    )
    ws.append(
        [
            _cell(ws, _number(store.score), style="value", fmt=SCORE_FORMAT),
            None,
            _cell(ws, report.network.score, style="value", fmt=SCORE_FORMAT),
            _cell(ws, int(store.audits), style="value"),
        ]
    )
    ws.append(_headers(ws, headers, numeric=(4, 5)))  # earned, possible
    one_line, tall = _answer_styles(ws, lang)
    for i, (values, height) in enumerate(zip(answers, lines, strict=True)):
        styles = one_line
        if height > 1:
            ws.row_dimensions[6 + i].height = LINE_HEIGHT * height
            styles = tall
        cells = zip(values, styles, strict=True)
        ws.append([v if s is None or v is None else Styled(v, s) for v, s in cells])
    _store_trend(ws, lang, data.trend_rows(int(store.store_id)), 6 + len(answers))


def _answer_styles(ws: WriteOnlyWorksheet, lang: str) -> tuple[list[int | None], list[int]]:
    """The style of each answer column in a row of one line (None: the default, which keeps
    a large report quick), and in a taller row: texts wrapped, every cell at the top beside a
    wrapped text's first line. The comment is kept apart from the number before it."""
    date = style_id(ws.parent, ws, "value", date_format(lang))
    comment = style_id(ws.parent, ws, "wrap_padded")
    text, number = style_id(ws.parent, ws, "wrap"), style_id(ws.parent, ws, "top")
    one_line = [date, None, None, None, None, None, comment]
    return one_line, [date, text, text, text, number, number, comment]


def _store_trend(
    ws: WriteOnlyWorksheet, lang: str, trend: list[tuple[str, Any, Any]], row: int
) -> None:
    """The store's and the network's score in each wave, from `row` on (after an empty row),
    under the answer, earned and possible columns: a text column and two number columns."""
    headers = [tr("trend_wave", lang), tr("score", lang), tr("network_average", lang)]
    ws.append([])
    ws.append([None, None, None, _cell(ws, tr("trend", lang), style="subtitle")])
    ws.row_dimensions[row + 2].height = _header_height(ws, headers, first=4)
    ws.append([None, None, None, *_headers(ws, headers, numeric=(1, 2))])
    for wave, score, network in trend:
        ws.append(
            [
                None,
                None,
                None,
                wave,
                _cell(ws, score, fmt=SCORE_FORMAT),
                _cell(ws, network, fmt=SCORE_FORMAT),
            ]
        )
