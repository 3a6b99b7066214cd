"""Bytes of an uploaded file -> one table of text cells with the file's own line numbers.

Text: BOM, then strict UTF-8, then strict GB18030 (never a silent latin-1); UTF-16 with BOM. The
delimiter is sniffed (comma, tab, semicolon, |; a full-width comma in the header line). Excel .xlsx
(openpyxl; the declared unpacked size is checked first, against zip bombs) and .xls (xlrd).
Title rows above the header (数据库：…, 指标：…(万人)), a row of units under it (``, 万人次, 万元``)
and notes rows below the table (注：…, 数据来源：…) are recognised and set aside; empty columns are
dropped. Big text files are split by
Arrow's CSV reader, keeping line numbers, so a million rows read in seconds.

Every reader is bounded *while it streams*, before anything is materialised: columns, rows, cells
(empty ones count: a sheet of millions of tiny cells is small on disk), a field's length and the
time spent (``Limits``). Excel is always streamed (openpyxl's read-only mode; merged cells read from
the sheet's XML); an .xls sheet's size is checked before its cells are read. A refusal is a
``ReadError`` naming the file and the limit.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.types as pa_types

from lib.core import settings
from lib.core.i18n import LocalizedError
from lib.upload.cell_values import parse_unit

LINE = "__line__"
ENCODINGS = ("utf-8", "gb18030", "utf-16")
DELIMITERS = (",", "\t", ";", "|")
ARROW_THRESHOLD = 4 * 1024 * 1024  # bytes: bigger text files are split by Arrow
_HEAD_LINES = 200
_NOTE = re.compile(r"^\s*(注[:：]|注\s*\d|说明[:：]|数据来源|资料来源|来源[:：]|备注|note[s]?:|source:)", re.I)
_NOTE_CONTINUATION = re.compile(r"^[\s\u3000]+\d+\s*[.、]")


@dataclass(frozen=True)
class Limits:
    """What an upload may be; the page refuses bigger files with a message, the server stays up."""

    max_bytes: int = 120 * 1024 * 1024
    max_rows: int = 2_000_000
    max_columns: int = 200
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_cells: int = 4_000_000  # cells a text file read line by line may hold, empty ones included
    max_sheet_cells: int = 500_000  # cells in an Excel file's sheets (bigger tables: CSV, which Arrow reads fast)
    max_field_chars: int = 131_072  # characters in one cell (Python's csv module's own limit, made a message)
    max_seconds: float = 10.0  # reading stops with a message past this (the upload's budget is 15 s)


class Budget:
    """The limits of one read as it streams: call ``row(cells)`` for every row read; it raises a
    ``ReadError`` naming the file and the limit as soon as one is passed."""

    def __init__(self, name: str, limit: Limits) -> None:
        self.name, self.limit = name, limit
        self.rows = self.cells = 0
        self.deadline = time.monotonic() + limit.max_seconds

    def row(self, width: int, line: int) -> None:
        self.rows += 1
        self.cells += width
        if width > self.limit.max_columns:
            raise ReadError("read.error.columns", name=self.name, columns=width, limit=self.limit.max_columns)
        if self.rows > self.limit.max_rows + _HEAD_LINES:
            raise ReadError("read.error.rows", name=self.name, rows=self.rows, limit=self.limit.max_rows)
        if self.cells > self.limit.max_cells:
            raise ReadError("read.limit.cells", name=self.name, line=line, limit=self.limit.max_cells)
        if not self.rows % 512:
            if time.monotonic() > self.deadline:
                raise ReadError("read.limit.too_slow", name=self.name, line=line, seconds=f"{self.limit.max_seconds:g}")
            time.sleep(0)  # let other sessions' threads run

    def field_too_long(self, line: int) -> ReadError:
        return ReadError("read.limit.field", name=self.name, line=line, limit=self.limit.max_field_chars)


def limits() -> Limits:
    return Limits(max_bytes=settings.max_upload_mb() * 1024 * 1024)


class ReadError(LocalizedError):
    """The file cannot be read as a table at all."""


PREVIEW_ROWS = 5000


@dataclass
class Table:
    """A table found in a file: header, data cells as text, and what was set aside.

    Small files hold every row in ``frame``. Big text files keep their rows as an Arrow table of
    text columns (``arrow``, with ``line_numbers``); ``frame`` then holds the first
    rows only (preview, guessing), ``full_frame()`` converts all, and ``codes()`` gives integer codes
    per row without turning a million cells into Python strings.
    """

    name: str
    kind: str  # csv | xlsx | xls
    header: list[str]
    frame: pd.DataFrame  # one text column per header cell, plus LINE (the file's line / Excel row)
    header_line: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    title_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)
    unit_row: dict[str, str] = field(default_factory=dict)  # a row of units under the header: column -> unit
    unit_row_line: int | None = None
    arrow: object | None = None
    line_numbers: np.ndarray | None = None
    _full: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return self.arrow.num_rows if self.arrow is not None else len(self.frame)

    def lines(self) -> np.ndarray:
        return self.line_numbers if self.arrow is not None else self.frame[LINE].to_numpy()

    def full_frame(self) -> pd.DataFrame:
        """Every row as text columns (converted once for big files)."""
        if self.arrow is None:
            return self.frame
        if self._full is None:
            self._full = pa.table({name: self.arrow[name].cast(pa.string()) for name in self.header}).to_pandas()
            self._full[LINE] = self.line_numbers
        return self._full

    def codes(self, column: str) -> tuple[np.ndarray, object]:
        """(an integer code per row, the distinct texts) for ``column``; the texts are a list, or an
        Arrow array for big files (read them with :func:`texts_at`)."""
        memo = self.__dict__.setdefault("_codes", {})
        if column in memo:
            return memo[column]
        if self.arrow is None:
            codes, uniques = pd.factorize(self.frame[column], use_na_sentinel=False)
            memo[column] = (codes.astype("int64"), list(uniques))
            return memo[column]

        source = self.arrow[column]
        if not pa.types.is_dictionary(source.type):
            # one memo table across chunks: every chunk's dictionary is a prefix of the last one,
            # so the indices are already codes of the whole column
            encoded = pc.dictionary_encode(source).chunks
            codes = (
                np.concatenate([chunk.indices.to_numpy(zero_copy_only=False) for chunk in encoded]).astype("int64")
                if encoded
                else np.array([], "int64")
            )
            uniques = encoded[-1].dictionary if encoded else pa.array([], pa.string())
        else:  # the CSV reader's dictionaries are per chunk: map each into one code space
            chunks = source.chunks
            dictionaries = (
                pa.concat_arrays([chunk.dictionary for chunk in chunks]) if chunks else pa.array([], pa.string())
            )
            encoded = pc.dictionary_encode(dictionaries)
            global_codes = encoded.indices.to_numpy(zero_copy_only=False).astype("int64")
            parts, offset = [], 0
            for chunk in chunks:
                parts.append(global_codes[offset + chunk.indices.to_numpy(zero_copy_only=False)])
                offset += len(chunk.dictionary)
            codes = np.concatenate(parts) if parts else np.array([], dtype="int64")
            uniques = encoded.dictionary
        memo[column] = (codes, uniques.to_pylist() if len(uniques) <= 100_000 else uniques)
        return memo[column]

    def keys(self, column: str) -> np.ndarray:
        """An int64 per row, equal for the same person (:func:`person_key`), not dense: for a big
        column of same-width texts (ID numbers) a 64-bit hash read straight from Arrow's buffer,
        else codes."""
        if self.arrow is not None and not _is_dictionary(self.arrow[column]):
            cells = self.arrow[column]
            if pc.any(pc.match_substring_regex(cells, r"^ | $|x")).as_py():
                cells = pc.replace_substring(pc.utf8_trim(cells, " "), "x", "X")
            hashed = _fixed_width_hash(cells)
            if hashed is not None:
                return hashed
        codes, uniques = self.codes(column)
        texts = uniques.to_pylist() if not isinstance(uniques, list) else uniques
        normalised, _ = pd.factorize(np.asarray([person_key(text) for text in texts], dtype=object))
        return normalised[codes] if len(codes) else codes

    def column_at(self, column: str, rows: np.ndarray) -> pd.Series:
        """The text of ``column`` at row positions ``rows``."""
        if self.arrow is not None:
            return self.arrow[column].take(pa.array(rows)).cast(pa.string()).to_pandas().astype("str")
        codes, uniques = self.codes(column)
        return texts_at(uniques, codes[rows])


def person_key(text: object) -> str:
    """What makes two ID cells the same person: the text without surrounding spaces, an ID
    number's check letter x written X (the SQL of ``records_sql`` compares IDs the same way)."""
    return ("" if text is None else str(text)).strip(" ").replace("x", "X")


def _is_dictionary(column) -> bool:
    return pa.types.is_dictionary(column.type)


def _fixed_width_hash(column) -> np.ndarray | None:
    """A 64-bit hash of each cell's bytes, when every cell has the same byte width: the cells are
    read as 8-byte words, each folded in with MurmurHash3's 64-bit finaliser (a bijection with full
    avalanche) — a few vector operations per word instead of one per byte, chunk by chunk so the
    temporaries stay small."""
    if column.null_count or not len(column):
        return None
    digest = np.empty(len(column), dtype=np.uint64)
    position, width = 0, None
    for chunk in column.chunks:
        if not len(chunk):
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[chunk.offset : chunk.offset + len(chunk) + 1]
        widths = np.diff(offsets)
        width = width or int(widths[0])
        if not 0 < width <= 64 or not (widths == width).all():
            return None
        cells = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]].reshape(len(chunk), width)
        padded = np.zeros((len(chunk), -(-width // 8) * 8), dtype=np.uint8)
        padded[:, :width] = cells
        words = padded.view(np.uint64)
        part = digest[position : position + len(chunk)]
        part[:] = width
        scratch = np.empty_like(part)
        with np.errstate(over="ignore"):
            for index in range(words.shape[1]):
                np.bitwise_xor(part, words[:, index], out=part)
                _fmix64(part, scratch)
        position += len(chunk)
    return digest.view(np.int64)


def _fmix64(value: np.ndarray, scratch: np.ndarray) -> None:
    """MurmurHash3's 64-bit finaliser, in place (no 8 MB temporaries per step)."""
    for multiplier in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, None):
        np.right_shift(value, np.uint64(33), out=scratch)
        np.bitwise_xor(value, scratch, out=value)
        if multiplier:
            np.multiply(value, np.uint64(multiplier), out=value)


def texts_at(uniques, positions: np.ndarray) -> pd.Series:
    """Distinct texts (a list or an Arrow array) looked up at ``positions``, each distinct one once."""
    wanted, inverse = np.unique(positions, return_inverse=True)
    found = [uniques[i] for i in wanted] if isinstance(uniques, list) else uniques.take(pa.array(wanted)).to_pylist()
    return pd.Series(np.asarray(found, dtype=object)[inverse] if len(found) else [], dtype="str")


# --- detecting the kind of file and the text encoding -------------------------------------------
def file_kind(name: str, data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    return "csv"


def decode(data: bytes, override: str | None = None) -> tuple[str, str]:
    """(text, encoding name). Strict decoders only: a wrong guess is an error, never mojibake."""
    if override:
        try:
            return data.decode("utf-8-sig" if override == "utf-8" else override), override
        except UnicodeDecodeError as error:
            raise ReadError("read.error.encoding_override", encoding=override, position=error.start) from None
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ReadError("read.error.binary")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ReadError("read.error.encoding")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ReadError("read.error.encoding_at", encoding=encoding, position=error.start) from None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    return bool(sample) and (controls > 5 or controls / len(sample) > 0.01)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines most consistently into several fields."""
    best, best_score = ",", -1.0
    sample = [line for line in lines[:60] if line.strip()]
    for delimiter in DELIMITERS:
        counts = [_fields_in(line, delimiter) for line in sample]
        multi = [count for count in counts if count > 1]
        if not multi:
            continue
        common = max(set(multi), key=multi.count)
        score = multi.count(common) * (common - 1)
        if score > best_score:
            best, best_score = delimiter, score
    if best_score <= 0 and any("，" in line for line in sample):
        return "，"
    return best


def _fields_in(line: str, delimiter: str) -> int:
    if len(line) > 1 << 16:  # a very long line: its delimiters counted (fast, no parse holding the GIL)
        return line.count(delimiter) + 1
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:  # a field longer than the csv module reads: counted as one (reading it names it)
        return 1


# --- reading rows ----------------------------------------------------------------------------------
def _clean(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if hasattr(cell, "isoformat"):
        return cell.isoformat()
    return str(cell).strip().strip("\ufeff").strip()


def _split_text(text: str, delimiter: str, budget: Budget) -> list[tuple[int, list[str]]]:
    """Rows with the line each starts on; a full-width comma splits the header line too."""
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:  # a field over the csv module's limit (or a stray NUL): where, and what to do
            raise budget.field_too_long(start) from None
        line, start = start, reader.line_num + 1
        if len(cells) == 1 and delimiter != "，" and "，" in cells[0] and not rows:
            cells = cells[0].split("，")
        budget.row(len(cells), line)
        rows.append((line, [_clean(cell) for cell in cells]))
    return rows


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


_PREFIXED_CELL = re.compile(rb"<\w+:c[\s/>]")


def _sheet_census(archive: zipfile.ZipFile, budget: Budget) -> dict[str, list[tuple[int, int, int, int]]]:
    """Every worksheet's cells counted in its XML as it unpacks, before openpyxl sees the file: over
    ``max_sheet_cells`` in all is refused there and then. openpyxl's streaming mode sizes a sheet
    without a ``<dimension>`` element by reading all of it first, so such a sheet's cells count twice. Returns each sheet part's merged areas (min_row, min_col, max_row, max_col),
    which openpyxl's streaming mode does not give."""
    merged: dict[str, list[tuple[int, int, int, int]]] = {}
    cells = 0
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        areas = merged.setdefault(info.filename, [])
        tail, weight = b"", 0
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(1 << 20)
                if not weight:  # a sheet without <dimension> (at its top) is read twice by openpyxl: it counts double
                    weight = 1 if b"dimension" in chunk[:4096] else 2
                text = tail + chunk
                cut = max(text.rfind(b"<"), 0) if chunk else len(text)
                view = text[:cut]
                found = view.count(b"<c ") + view.count(b"<c>") + view.count(b"<c/")  # memchr-fast
                if b":c" in view:  # a prefixed namespace (<x:c …>): the slower exact pattern
                    found += len(_PREFIXED_CELL.findall(view))
                cells += found * weight
                for match in _MERGE_REF.finditer(text, 0, cut):
                    first_col, first_row, last_col, last_row = match.groups()
                    areas.append((int(first_row), _column_number(first_col), int(last_row), _column_number(last_col)))
                if cells > budget.limit.max_sheet_cells:
                    raise ReadError("read.limit.cells_sheet", name=budget.name, limit=budget.limit.max_sheet_cells)
                if time.monotonic() > budget.deadline:
                    raise ReadError(
                        "read.limit.too_slow_open", name=budget.name, seconds=f"{budget.limit.max_seconds:g}"
                    )
                if not chunk:
                    break
                tail = text[cut:]
                time.sleep(0)  # let other sessions' threads run between chunks
    return merged


def _excel_rows(
    data: bytes, kind: str, sheet: str | None, limit: Limits, budget: Budget
) -> tuple[list[tuple[int, list[str]]], str, list[str]]:
    if kind == "xlsx":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            raise ReadError("read.error.bad_excel") from None
        if unpacked > limit.max_unpacked_bytes:
            raise ReadError(
                "read.error.unpacked", size=unpacked // (1024 * 1024), limit=limit.max_unpacked_bytes // (1024 * 1024)
            )
        import openpyxl  # heavy optional dependency (~0.25 s to import): loaded only for an .xlsx file

        try:
            areas = _sheet_census(archive, budget)
        except ReadError:
            raise
        except Exception as error:  # a damaged zip (bad header, CRC, deflate stream): zipfile and zlib's kinds
            raise ReadError("read.error.bad_excel_detail", detail=type(error).__name__) from None
        book = None
        try:  # always streamed: a small file may still hold millions of cells
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            names = book.sheetnames
            chosen = sheet if sheet in names else names[0]
            sheet_obj = book[chosen]
            rows = []
            for index, row in enumerate(sheet_obj.iter_rows(values_only=True), start=1):
                budget.row(len(row), index)
                rows.append([_clean(cell) for cell in row])
            merged = areas.get(str(getattr(sheet_obj, "_worksheet_path", "")).lstrip("/"), [])
        except ReadError:
            raise
        except Exception as error:  # openpyxl raises many kinds for damaged files
            raise ReadError("read.error.bad_excel_detail", detail=type(error).__name__) from None
        finally:
            if book is not None:
                book.close()
        for min_row, min_col, max_row, max_col in merged:  # a merged header cell spreads its text over its cells
            value = (
                rows[min_row - 1][min_col - 1]
                if min_row - 1 < len(rows) and min_col - 1 < len(rows[min_row - 1])
                else ""
            )
            for r in range(min_row - 1, min(max_row, len(rows))):
                for c in range(min_col - 1, min(max_col, len(rows[r]))):
                    rows[r][c] = value
        return [(index + 1, row) for index, row in enumerate(rows)], chosen, names
    import xlrd  # optional dependency (~0.06 s to import): loaded only for an .xls file

    try:  # on demand: only the chosen sheet is loaded, and its size is checked before its cells are read
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        names = book.sheet_names()
        chosen = sheet if sheet in names else names[0]
        sheet_obj = book.sheet_by_name(chosen)
    except Exception as error:
        raise ReadError("read.error.bad_excel_detail", detail=type(error).__name__) from None
    if sheet_obj.ncols > limit.max_columns:
        raise ReadError("read.error.columns", name=budget.name, columns=sheet_obj.ncols, limit=limit.max_columns)
    if sheet_obj.nrows * max(sheet_obj.ncols, 1) > limit.max_sheet_cells:
        raise ReadError("read.limit.cells", name=budget.name, line=sheet_obj.nrows, limit=limit.max_sheet_cells)
    rows = []
    for index in range(sheet_obj.nrows):
        budget.row(sheet_obj.ncols, index + 1)
        cells = []
        for column in range(sheet_obj.ncols):
            cell = sheet_obj.cell(index, column)
            value = (
                xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                if cell.ctype == xlrd.XL_CELL_DATE
                else cell.value
            )
            cells.append(_clean(value))
        rows.append((index + 1, cells))
    return rows, chosen, names


# --- finding the table ---------------------------------------------------------------------------
def _is_numberish(cell: str) -> bool:
    return bool(re.fullmatch(r"[\s\-+()（）.,，%万亿0-9０-９]+", cell)) and any(ch.isdigit() for ch in cell)


def find_header(rows: list[tuple[int, list[str]]], forced: int | None = None) -> int:
    """Index (in ``rows``) of the header: the first row with two or more mostly textual cells that
    is followed by a row with as many cells filled (title rows above have one cell)."""
    if forced is not None:
        for index, (line, _) in enumerate(rows):
            if line == forced:
                return index
        raise ReadError("read.error.header_line", line=forced)
    filled = [sum(1 for cell in cells if cell) for _, cells in rows]
    if sum(1 for count in filled if count) < 2:
        raise ReadError("read.error.no_rows")
    widest = max(filled[:_HEAD_LINES] or [0])
    for index, (_, cells) in enumerate(rows[:_HEAD_LINES]):
        texts = [cell for cell in cells if cell]
        if len(set(texts)) < 2 or len(texts) < 0.5 * widest:  # one text spread by a merged title cell is no header
            continue
        if sum(_is_numberish(cell) and not re.fullmatch(r"\d{4}", cell) for cell in texts) > len(texts) / 2:
            continue
        following = next((count for count in filled[index + 1 : index + 4] if count), 0)
        if following >= 2:
            return index
    raise ReadError("read.error.no_header")


_UNIT_LABELS = {"单位", "计量单位", "单位:", "单位：", "unit", "units"}


def is_unit_row(cells: list[str]) -> bool:
    """A row under the header that only names units (``, 万人次, 万元`` or ``单位, 人, 元``)."""
    texts = [cell.strip() for cell in cells if cell and cell.strip()]
    units = [text for text in texts if text.casefold() not in _UNIT_LABELS]
    return bool(units) and all(parse_unit(text) is not None for text in units)


def _unit_row(header: list[str], cells: list[str]) -> dict[str, str]:
    return {
        column: cell.strip()
        for column, cell in zip(header, cells, strict=False)
        if cell and cell.strip() and parse_unit(cell) is not None
    }


def is_note_row(cells: list[str]) -> bool:
    """A row of notes under a table (注：…, 数据来源：…): one or two cells, the first a note's start."""
    texts = [cell for cell in cells if cell]
    return bool(texts) and (bool(_NOTE.match(texts[0])) or bool(_NOTE_CONTINUATION.match(texts[0]))) and len(texts) <= 2


def _assemble(
    name: str, kind: str, rows: list[tuple[int, list[str]]], header_index: int, limit: Limits, **meta
) -> Table:
    header_line, header = rows[header_index]
    width = (
        max(len(header), *(len(cells) for _, cells in rows[header_index + 1 :]), 1)
        if len(rows) > header_index + 1
        else len(header)
    )
    header = [cell or f"column_{i + 1}" for i, cell in enumerate(header + [""] * (width - len(header)))]
    header = _unique(header)
    if len(header) > limit.max_columns:
        raise ReadError("read.error.columns", name=name, columns=len(header), limit=limit.max_columns)
    title_lines = [
        " ".join(dict.fromkeys(cell for cell in cells if cell)) for _, cells in rows[:header_index] if any(cells)
    ]
    body, notes = [], []
    unit_row, unit_row_line = {}, None
    for line, cells in rows[header_index + 1 :]:
        if not any(cells):
            continue
        if not body and not notes and unit_row_line is None and is_unit_row(cells):
            unit_row, unit_row_line = _unit_row(header, cells), line
            continue
        if notes or is_note_row(cells):
            notes.append(" ".join(cell for cell in cells if cell))
            continue
        body.append((line, cells + [""] * (width - len(cells))))
    if len(body) > limit.max_rows:
        raise ReadError("read.error.rows", name=name, rows=len(body), limit=limit.max_rows)
    frame = (
        pd.DataFrame([cells[:width] for _, cells in body], columns=header, dtype="str")
        if body
        else pd.DataFrame(columns=header, dtype="str")
    )
    frame[LINE] = np.array([line for line, _ in body], dtype="int64")
    table = Table(name, kind, header, frame, header_line, title_lines=title_lines, notes=notes, **meta)
    table.unit_row, table.unit_row_line = unit_row, unit_row_line
    return _drop_empty(table)


def _unique(header: list[str]) -> list[str]:
    seen, result = {}, []
    for cell in header:
        seen[cell] = seen.get(cell, 0) + 1
        result.append(cell if seen[cell] == 1 else f"{cell}_{seen[cell]}")
    return result


def _drop_empty(table: Table) -> Table:
    empty = (
        [c for c in table.header if (table.frame[c].fillna("").astype("str").str.strip() == "").all()]
        if len(table.frame)
        else []
    )
    if empty:
        table.frame = table.frame.drop(columns=empty)
        table.header = [c for c in table.header if c not in empty]
        table.dropped_columns = empty
    return table


def _arrow_body(
    name: str,
    data: bytes,
    encoding: str,
    delimiter: str,
    header: list[str],
    header_line: int,
    limit: Limits,
    many_distinct: set[str],
):
    """Split a big text body with Arrow; rows that do not fit are kept apart (notes or errors).

    Every physical line after the header is either a table row (blank lines too: they are dropped
    afterwards) or an odd row, so the rows' line numbers follow without scanning the file — unless
    odd rows sit among the data, when a second, single-threaded read tells where they were."""
    start = 3 if data.startswith(codecs.BOM_UTF8) else 0
    if not encoding.startswith("utf-16"):  # in an ASCII-compatible text every byte 0x0A ends a line
        lines = data.count(b"\n", start)  # counted at memory speed, before Arrow materialises a row
        if lines - header_line > limit.max_rows + _HEAD_LINES:  # (a few notes under the table allowed)
            raise ReadError("read.error.rows", name=name, rows=lines - header_line, limit=limit.max_rows)

    def read(threads: bool):
        odd: list[tuple[int | None, str]] = []

        def handler(row) -> str:
            odd.append((row.number, row.text))
            return "skip"

        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data).slice(start)),
            read_options=pacsv.ReadOptions(
                skip_rows=header_line,
                column_names=header,
                encoding="utf8" if encoding.startswith("utf-8") else encoding,
                use_threads=threads,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, invalid_row_handler=handler, newlines_in_values=False, ignore_empty_lines=False
            ),
            # columns with few distinct texts are dictionary-encoded while reading (each distinct text
            # is parsed once later); columns of IDs stay plain text
            convert_options=pacsv.ConvertOptions(
                column_types={
                    name: pa.string() if name in many_distinct else pa.dictionary(pa.int32(), pa.string())
                    for name in header
                },
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        return table, odd

    table, odd = read(threads=True)
    if odd and not _at_the_end(data, encoding, [text for _, text in odd]):
        table, odd = read(threads=False)  # numbers the odd rows
    if table.num_rows > limit.max_rows:
        raise ReadError("read.error.rows", name=name, rows=table.num_rows, limit=limit.max_rows)
    body_lines = np.arange(header_line + 1, header_line + 1 + table.num_rows + len(odd), dtype="int64")
    numbers = [number for number, _ in odd]
    if odd and None not in numbers:
        body_lines = np.setdiff1d(body_lines, numbers, assume_unique=True)
    body_lines = body_lines[: table.num_rows]
    if len(body_lines) != table.num_rows:
        raise ReadError("read.error.embedded_newlines")
    blank = _blank_rows(table)
    if blank is not None:
        table, body_lines = table.filter(pa.array(~blank)), body_lines[~blank]
    # cells keep their spaces: every parser strips the distinct values it reads
    empty = [name for name in header if _blank(table[name])]
    table = table.drop_columns(empty)
    kept = [name for name in header if name not in empty]
    odd = [(number, text) for number, text in odd if text.strip()]  # whitespace-only lines are blank lines
    head = table.slice(0, PREVIEW_ROWS)
    frame = pa.table({name: head[name].cast(pa.string()) for name in kept}).to_pandas()
    frame[LINE] = body_lines[: len(frame)]
    frame.attrs["empty_columns"] = empty
    notes = [text for _, text in odd if _NOTE.match(text.strip()) or _NOTE_CONTINUATION.match(text)]
    frame.attrs["ragged"] = [(number, text) for number, text in odd if text not in notes]
    return frame, notes, table, body_lines


def _at_the_end(data: bytes, encoding: str, texts: list[str]) -> bool:
    """The odd rows are the file's last non-blank lines (notes under the table)."""
    tail = data[-(sum(len(text) for text in texts) * 4 + 4096) :].decode(encoding, errors="replace")
    lines = [line.rstrip("\r") for line in tail.split("\n") if line.strip()]
    return lines[-len(texts) :] == [text.rstrip("\r") for text in texts]


def _cells_blank(column) -> np.ndarray:
    """Per row: the cell is empty or whitespace."""
    if _is_dictionary(column):
        parts = []
        for chunk in column.chunks:
            blank_codes = [i for i, value in enumerate(chunk.dictionary.to_pylist()) if not str(value).strip()]
            parts.append(np.isin(chunk.indices.to_numpy(zero_copy_only=False), blank_codes))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    return pc.equal(pc.utf8_trim_whitespace(column), "").to_numpy(zero_copy_only=False)


def _blank_rows(table) -> np.ndarray | None:
    """Rows whose every cell is blank (the file's blank lines), or None when there are none —
    decided on one dictionary-encoded column first, so a file without blank lines costs one cheap check."""
    if not table.num_rows:
        return None
    columns = sorted(table.columns, key=lambda column: not _is_dictionary(column))
    blank = _cells_blank(columns[0])
    for column in columns[1:]:
        if not blank.any():
            return None
        blank &= _cells_blank(column)
    return blank if blank.any() else None


def _blank(column) -> bool:
    """Every cell of an Arrow text column is empty or whitespace."""
    if pa_types.is_dictionary(column.type):
        return all(not str(value).strip() for chunk in column.chunks for value in chunk.dictionary.to_pylist())
    if column.num_chunks and pc.any(pc.not_equal(pc.utf8_trim_whitespace(column.chunk(0)[:1000]), "")).as_py():
        return False
    return not pc.any(pc.not_equal(pc.utf8_trim_whitespace(column), "")).as_py()


def read_table(
    name: str,
    data: bytes,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    header_line: int | None = None,
    limit: Limits | None = None,
) -> Table:
    """Read an uploaded file into a :class:`Table`; raises :class:`ReadError` with the reason."""
    limit = limit or limits()
    budget = Budget(name, limit)
    if not data:
        raise ReadError("read.error.empty")
    if len(data) > limit.max_bytes:
        raise ReadError("read.error.too_big", size=len(data) // (1024 * 1024), limit=limit.max_bytes // (1024 * 1024))
    kind = file_kind(name, data)
    if kind in ("xlsx", "xls"):
        rows, chosen, names = _excel_rows(data, kind, sheet, limit, budget)
        rows = [(line, cells) for line, cells in rows]
        if not any(any(cells) for _, cells in rows):
            raise ReadError("read.error.no_rows")
        return _assemble(name, kind, rows, find_header(rows, header_line), limit, sheet=chosen, sheets=names)
    big = len(data) > ARROW_THRESHOLD
    # a big file: only its head is decoded here; Arrow checks the encoding of the rest as it reads
    head_bytes = data[: 1 << 20] if big else data
    if big:
        head_bytes = head_bytes[: head_bytes.rfind(b"\n") + 1] or head_bytes
    text, detected = decode(head_bytes, encoding)
    if _looks_binary(text):
        raise ReadError("read.error.binary")
    if not text.strip():
        raise ReadError("read.error.empty")
    head_text = "\n".join(text[: 1 << 20].splitlines()[:_HEAD_LINES])
    delimiter = sniff_delimiter(head_text.splitlines())
    first = next((line for line in head_text.splitlines() if line.strip()), "")
    if first.count(delimiter) + 1 > 4 * limit.max_columns:  # far too wide even if some are quoted: no parse
        raise ReadError("read.error.columns", name=name, columns=first.count(delimiter) + 1, limit=limit.max_columns)
    head_rows = [row for row in _split_text(head_text, delimiter, Budget(name, limit))]
    if not any(any(cells) for _, cells in head_rows):
        raise ReadError("read.error.no_rows")
    header_index = find_header([row for row in head_rows if any(row[1])], header_line)
    nonblank_head = [row for row in head_rows if any(row[1])]
    header_at = nonblank_head[header_index][0]
    meta = dict(encoding=detected, delimiter=delimiter)
    if not big or delimiter == "，" or detected == "utf-16":
        if big:
            text, detected = decode(data, encoding)
            meta["encoding"] = detected
        rows = [row for row in _split_text(text, delimiter, budget) if any(row[1])]
        index = next(i for i, (line, _) in enumerate(rows) if line == header_at)
        return _assemble(name, "csv", rows, index, limit, **meta)
    header = _unique([cell or f"column_{i + 1}" for i, cell in enumerate(nonblank_head[header_index][1])])
    if len(header) > limit.max_columns:
        raise ReadError("read.error.columns", name=name, columns=len(header), limit=limit.max_columns)

    unit_row, unit_row_line = {}, None
    if len(nonblank_head) > header_index + 1 and is_unit_row(nonblank_head[header_index + 1][1]):
        unit_row_line, cells = nonblank_head[header_index + 1]
        unit_row = _unit_row(header, cells)
        nonblank_head = nonblank_head[: header_index + 1] + nonblank_head[header_index + 2 :]
    body = [cells for _, cells in nonblank_head[header_index + 1 :]]
    many_distinct = {
        name
        for i, name in enumerate(header)
        if body and len({row[i] for row in body if i < len(row)}) > 0.8 * len(body)
    }
    try:
        frame, notes, arrow, lines = _arrow_body(
            name,
            data,
            detected.replace("-sig", ""),
            delimiter,
            header,
            unit_row_line or header_at,
            limit,
            many_distinct,
        )
    except pa.ArrowInvalid as error:
        if "straddl" in str(error):  # a row longer than Arrow's block: one field far too long
            raise ReadError("read.limit.field_big", name=name, limit=limit.max_field_chars) from None
        if encoding or detected != "utf-8":
            raise ReadError("read.error.encoding") from None
        try:  # the head was UTF-8 but the body is not: GB18030, strictly, or nothing
            frame, notes, arrow, lines = _arrow_body(
                name, data, "gb18030", delimiter, header, unit_row_line or header_at, limit, many_distinct
            )
            meta["encoding"] = "gb18030"
        except (pa.ArrowInvalid, UnicodeDecodeError):
            raise ReadError("read.error.encoding") from None
    title_lines = [" ".join(dict.fromkeys(c for c in cells if c)) for _, cells in nonblank_head[:header_index]]
    empty = frame.attrs.pop("empty_columns", [])
    kept = [column for column in header if column not in empty]
    return Table(
        name,
        "csv",
        kept,
        frame,
        header_at,
        title_lines=title_lines,
        notes=notes,
        dropped_columns=empty,
        unit_row=unit_row,
        unit_row_line=unit_row_line,
        arrow=arrow,
        line_numbers=lines,
        **meta,
    )
