"""Rows of plain values streamed straight into an openpyxl write-only worksheet's XML.

openpyxl's write-only sheets turn every value into a Cell object, bind and check it, and then
serialise it element by element; at a few hundred thousand cells (the wave report of a large
network, a sheet per store) that is most of the report's time. A StreamSheet is an ordinary
write-only worksheet of the same workbook — column widths, frozen panes, filters, page set-up,
conditional formats and charts are openpyxl's own — whose rows are each built as one <row>
element from plain values and handed to the same XML stream.

Values: str, int, float (NaN and infinities are left empty), bool, date and datetime, None
(an empty cell), or Styled(value, style_id) for a cell with a style from `style_id`. Text is
never taken as a formula, characters that XML cannot hold are dropped, and text is cut at
Excel's 32,767 characters. Written against openpyxl 3.1 (pinned): it overrides
WriteOnlyWorksheet._write_rows, the generator that writes <sheetData>, and _get_writer.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tempfile
import weakref
from collections.abc import Iterable
from numbers import Integral, Real
from typing import Any, NamedTuple

import numpy as np
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import ALL_TEMP_FILES, WorksheetWriter
from openpyxl.xml.functions import fromstring

DEFAULT_DATE_FORMAT = "yyyy-mm-dd"
_MAX_TEXT = 32767
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
# Characters that need escaping or dropping; "\r" as an entity, or parsing makes it "\n".
_SPECIAL = re.compile(r"[&<>\r\000-\010\013\014\016-\037]")
_ENTITIES = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")]
_EPOCH = dt.datetime(1899, 12, 30)
_LETTERS = [get_column_letter(n) for n in range(1, 257)]
_DIRECTORIES: weakref.WeakKeyDictionary[Workbook, str] = weakref.WeakKeyDictionary()
_STYLE_IDS: weakref.WeakKeyDictionary[Workbook, dict[tuple[str, str], int]] = (
    weakref.WeakKeyDictionary()
)


class Styled(NamedTuple):
    """A value with a cell style (an index of the workbook's cell formats)."""

    value: Any
    style_id: int


def workbook(directory: str | None = None) -> Workbook:
    """A write-only workbook whose StreamSheets buffer their XML in files under `directory`
    until it is saved (default: the system's temporary directory). A directory of its own
    keeps a thousand sheets quick where a busy temporary directory makes each new file slow."""
    wb = Workbook(write_only=True)
    if directory is not None:
        _DIRECTORIES[wb] = directory
    return wb


def create_sheet(wb: Workbook, title: str) -> StreamSheet:
    """A new StreamSheet at the end of a write-only workbook."""
    ws = StreamSheet(parent=wb, title=title)
    wb._add_sheet(ws)
    return ws


def style_id(wb: Workbook, ws: WriteOnlyWorksheet, style: str = "", fmt: str = "") -> int:
    """The cell-format index of a named style plus a number format, made once per workbook."""
    ids = _STYLE_IDS.setdefault(wb, {})
    key = (style, fmt)
    if key not in ids:
        cell = WriteOnlyCell(ws)
        if style:
            cell.style = style
        if fmt:
            cell.number_format = fmt
        ids[key] = cell.style_id
    return ids[key]


class StreamSheet(WriteOnlyWorksheet):
    """A write-only worksheet whose appended rows are serialised without Cell objects."""

    def _get_writer(self) -> None:
        if self._writer is None:
            out = None
            directory = _DIRECTORIES.get(self.parent)
            if directory is not None:
                handle, out = tempfile.mkstemp(suffix=".xml", dir=directory)
                os.close(handle)
                ALL_TEMP_FILES.append(out)  # the writer's clean-up removes it from there
            self._writer = WorksheetWriter(self, out=out)
            self._writer.write_top()

    def _write_rows(self):  # type: ignore[override]
        try:
            xf = self._writer.xf.send(True)
        except StopIteration:
            self._already_saved()
        date_style = str(style_id(self.parent, self, fmt=DEFAULT_DATE_FORMAT))
        with xf.element("sheetData"):
            index = 1
            try:
                while True:
                    values = yield
                    xf.write(self._row(index, values, date_style))
                    index += 1
            except GeneratorExit:
                pass
        self._writer.xf.send(None)

    def _row(self, index: int, values: Iterable[Any], date_style: str):
        suffix = str(index)
        dims = self.row_dimensions.get(index)
        extra = "".join(f' {k}="{v}"' for k, v in dims) if dims is not None else ""
        parts = [f'<row r="{suffix}"{extra}>']
        for col, value in enumerate(values):
            style = ""
            if type(value) is Styled:
                value, number = value
                style = f' s="{number}"'
            elif isinstance(value, Cell):
                style = f' s="{value.style_id}"' if value.has_style else ""
                value = value.value
            ref = _LETTERS[col] if col < len(_LETTERS) else get_column_letter(col + 1)
            parts.append(_cell(ref + suffix, value, style, date_style))
        parts.append("</row>")
        # One parse of the row's text is several times faster than building it node by node.
        return fromstring("".join(parts))


def _cell(ref: str, value: Any, style: str, date_style: str) -> str:
    kind = type(value)
    if kind is str:
        return _text(ref, value, style)
    if value is None:
        return f'<c r="{ref}"{style}/>' if style else ""
    if kind is float or kind is int:
        number = value
    elif kind is bool or kind is np.bool_:
        return f'<c r="{ref}" t="b"{style}><v>{1 if value else 0}</v></c>'
    elif isinstance(value, dt.date):
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                raise TypeError("Excel does not support time zones: make the datetime naive")
            days = (value - _EPOCH).total_seconds() / 86400
        else:
            days = (value - _EPOCH.date()).days
        if days != days:  # NaT
            return f'<c r="{ref}"{style}/>' if style else ""
        style = style or f' s="{date_style}"'
        return f'<c r="{ref}"{style}><v>{_number(days)}</v></c>'
    elif isinstance(value, Integral):
        number = int(value)
    elif isinstance(value, Real):
        number = float(value)
    else:
        return _text(ref, str(value), style)
    if number != number or number in (math.inf, -math.inf):
        return f'<c r="{ref}"{style}/>' if style else ""
    return f'<c r="{ref}" t="n"{style}><v>{_number(number)}</v></c>'


def _number(value: float | int) -> str:
    if type(value) is int:
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def _text(ref: str, value: str, style: str) -> str:
    if not value:  # as openpyxl: an empty text is an empty cell
        return f'<c r="{ref}"{style}/>' if style else ""
    if len(value) > _MAX_TEXT:
        value = value[:_MAX_TEXT]
    space = ' xml:space="preserve"' if value != value.strip() else ""
    if _SPECIAL.search(value):
        value = _ILLEGAL.sub("", value)
        for char, entity in _ENTITIES:
            if char in value:
                value = value.replace(char, entity)
    return f'<c r="{ref}" t="inlineStr"{style}><is><t{space}>{value}</t></is></c>'
