"""Rows streamed straight to XML read back as openpyxl would have written them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from openpyxl import load_workbook
from openpyxl.styles import Font, NamedStyle

from audits.xlsx_stream import Styled, create_sheet, style_id, workbook


def test_values_round_trip(tmp_path: Path) -> None:
    buffers = tmp_path / "buffers"
    buffers.mkdir()
    wb = workbook(str(buffers))
    wb.add_named_style(NamedStyle("bold", font=Font(bold=True)))
    ws = create_sheet(wb, "Data")
    ws.column_dimensions["A"].width = 30
    ws.freeze_panes = "A2"
    ws.row_dimensions[2].height = 40
    bold = style_id(wb, ws, "bold")
    score = style_id(wb, ws, fmt="0.0")
    ws.append([Styled("Header & <more>", bold), "x", None, Styled(None, bold)])
    ws.append(
        [
            "=SUM(A1:A2)",
            " padded ",
            "line\r\nbreak",
            "bad\x01char",
            np.float64(2.5),
            np.int64(7),
            3,
            0.1 + 0.2,
            float("nan"),
            True,
            np.bool_(False),
            dt.date(2026, 10, 3),
            dt.datetime(2026, 10, 3, 12, 30),
            Styled(81.25, score),
            1e20,
        ]
    )
    ws.append([])
    ws.append(["after an empty row", "", Styled("", bold)])
    path = tmp_path / "stream.xlsx"
    wb.save(path)
    assert not list(buffers.iterdir()), "the sheets' buffer files are removed on saving"

    sheet = load_workbook(path)["Data"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.row_dimensions[2].height == 40
    assert sheet["A1"].value == "Header & <more>" and sheet["A1"].font.b
    assert sheet["D1"].value is None and sheet["D1"].font.b
    row = [c.value for c in sheet[2]]
    assert row[:4] == ["=SUM(A1:A2)", " padded ", "line\r\nbreak", "badchar"]
    assert sheet["A2"].data_type == "s", "text is never a formula"
    assert row[4:8] == [2.5, 7, 3, 0.1 + 0.2]
    assert row[8] is None
    assert row[9] is True and row[10] is False
    assert row[11] == dt.datetime(2026, 10, 3) and sheet["L2"].number_format == "yyyy-mm-dd"
    assert row[12] == dt.datetime(2026, 10, 3, 12, 30)
    assert row[13] == 81.25 and sheet["N2"].number_format == "0.0"
    assert row[14] == 1e20
    assert sheet["A4"].value == "after an empty row"
    assert sheet["B4"].value is None, "an empty text is an empty cell"
    assert sheet["C4"].value is None and sheet["C4"].font.b
