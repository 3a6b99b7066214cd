"""Files people download: CSV that Excel opens (UTF-8 with BOM), Excel workbooks and Parquet.

CSV and XLSX text cells are neutralised against formula injection (a cell starting with = + - @,
tab or CR gets a leading apostrophe; in a workbook every text cell is also written as a string,
never as a formula). Parquet keeps values exactly: it is typed data read by tools, and
no spreadsheet evaluates it as formulas.
"""

from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and header) neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    safe.columns = [neutralise_cell(str(column)) for column in safe.columns]
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel shows Chinese; formula-safe."""
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")


def to_parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), buffer, compression="zstd")
    return buffer.getvalue()


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per frame (names cut to Excel's 31 characters), text neutralised
    and stored as strings, headers bold, columns sized to their text, the header row frozen."""
    # openpyxl is a heavy optional dependency (~0.25 s to import): loaded only when a workbook is made
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(title=str(name)[:31] or "Sheet")
        safe = neutralise(frame)
        sheet.append([str(column) for column in safe.columns])
        for row in safe.itertuples(index=False):
            sheet.append([None if _missing(value) else value for value in row])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(safe.columns, start=1):
            texts = [str(column), *(str(v) for v in safe[column].head(200) if not _missing(v))]
            width = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) for text in texts), default=8)
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(60, width + 2)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
