"""Where record-level rows live, as one SQL relation that ``records_sql`` counts: a CSV or Parquet
file of any size seen through an embedded DuckDB (out of core, under a memory limit), or a table in
an agency's warehouse reached through a SQLAlchemy engine (PostgreSQL-protocol or MySQL-protocol).

Every source offers the same things: the engine, the relation with its columns, a column that gives
the rows' order (a file's own order; a warehouse table's record number, if it has one), the first
rows as a :class:`~lib.upload.reader.Table` (so the Upload page's column guessing works unchanged)
and a way back from a row's ordinal to the file's line number. Nothing here reads the whole file
into Python.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import itertools
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import sqlalchemy as sa

from lib.core.i18n import LocalizedError
from lib.upload.engine_progress import Progress, Watch, watched
from lib.upload.reader import LINE, Limits, ReadError, Table, is_note_row, read_table

ORDER = "__line__"  # the column of a file's view that keeps the rows' order (their ordinal, 1-based)
VIEW = "records"  # the name a file has inside DuckDB
KEPT = "__kept__"  # the staged copy's flag of a CSV's data rows (not blank, not a note under the table)
HEAD_BYTES = 1 << 20  # the mapping is guessed from the first megabyte
SAMPLE_ROWS = 2000
DUCKDB_MEMORY_LIMIT = "2GB"
DUCKDB_THREADS = 2
# lean (the Upload page, on a shared server; decision 0085): the CSV reader's buffer — DuckDB's
# default is 16 lines of the longest allowed (32 MB), and each of its threads holds one or two within
# the memory limit, most of what staging takes; 4 MB stages as fast (bench_hostile's record file:
# DuckDB's peak 129 MB at 32 MB, 102 MB at 4 MB, 1.6–1.7 s either way). The longest line stays DuckDB's
# own bound, said again, as a smaller buffer would change it. And DuckDB's allocator hands freed
# memory back to the system after each task, from threads of its own, rather than keeping it for the
# next statement (traced uploads of that file: the server held +278 MB after counting with it, +310
# without, and the page's problem table, drawn on that, peaked at +269 against +340–369). The
# allocator's are the process's settings, so only the server's engines set them
LEAN_CSV_BUFFER = 4 << 20
MAX_LINE_BYTES = 2_000_000
LEAN_ALLOCATOR = {"allocator_flush_threshold": "8MB", "allocator_background_threads": True}
STAGED_SHARE = 0.4  # of a count's progress bar, when the count starts by staging the CSV (about its share of the time)
ORDER_WORDS = ("记录号", "记录编号", "流水号", "序号", "编号", "record_id", "row_id", "line", "id", "seq")
_DUCKDB_ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16"}


class SourceError(LocalizedError):
    """A source that cannot be opened as a table of records."""


@dataclass
class RecordSource:
    """A relation of record-level rows and what is known about it.

    ``order`` is the column whose values give the rows' order (ties in file order), or None for a
    warehouse table without one; ``line_of`` turns values of it into the line numbers shown to people."""

    engine: sa.Engine
    relation: sa.FromClause
    columns: list[str]
    sample: Table
    description: str  # what the manifest records as the source (no password)
    order: str | None = ORDER
    line_of: Callable[[np.ndarray], np.ndarray] = lambda values: values
    notes: list[str] = field(default_factory=list)
    scratch: Path | None = None  # a folder of this source's own (DuckDB's spill files, a transcoded copy)
    stager: Callable[[list[str], Watch], None] | None = None  # see prepare

    def prepare(self, columns: list[str], watch: Watch) -> None:
        """Ready the source for counting ``columns``: a CSV the command reads is staged now, only
        these columns of it, as the first part of ``watch``'s run (a file staged whole on opening,
        a Parquet file or a table: nothing to do)."""
        if self.stager is not None:
            self.stager(columns, watch)

    def text(self, column: str) -> sa.ColumnElement:
        """``column`` as text, '' for NULL: every cell is read as text, as the Upload page reads it."""
        cell = self.relation.c[column]
        if not isinstance(cell.type, sa.String):
            cell = sa.cast(cell, sa.String)
        return sa.func.coalesce(cell, sa.literal_column("''"))

    def close(self) -> None:
        self.engine.dispose()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> RecordSource:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- warehouses ---------------------------------------------------------------------------------------
def connection_url(config: dict) -> sa.URL:
    """A SQLAlchemy URL from a ``[connections.<name>]`` table of secrets.toml, read as Streamlit's
    SQLConnection reads it: ``url``, or ``dialect`` (+ ``driver``), ``host``, ``port``, ``database``,
    ``username``, ``password`` and ``query``."""
    if config.get("url"):
        return sa.make_url(str(config["url"]))
    if not config.get("dialect"):
        raise SourceError("source.error.connection_config")
    driver = f"{config['dialect']}+{config['driver']}" if config.get("driver") else str(config["dialect"])
    return sa.URL.create(
        driver,
        username=config.get("username"),
        password=config.get("password"),
        host=config.get("host"),
        port=int(config["port"]) if config.get("port") else None,
        database=config.get("database"),
        query=dict(config.get("query") or {}),
    )


def table_source(engine: sa.Engine, table: str, *, order: str | None = None, schema: str | None = None) -> RecordSource:
    """A warehouse table (or view) as a record source; ``order`` names the column that gives the
    records' order (a record number), else one with a usual name is taken, if any."""
    if "." in table and schema is None:
        schema, table = table.split(".", 1)
    try:
        relation = sa.Table(table, sa.MetaData(), schema=schema, autoload_with=engine)
    except sa.exc.NoSuchTableError:
        raise SourceError("source.error.no_table", table=table) from None
    except sa.exc.SQLAlchemyError as error:
        raise SourceError("source.error.connect", detail=_first_line(error)) from None
    columns = [column.name for column in relation.columns]
    if order is not None and order not in columns:
        raise SourceError("source.error.no_order_column", column=order, table=table)
    if order is None:
        order = next((c for c in columns if c.casefold() in ORDER_WORDS and _is_integer(relation.c[c])), None)
    with engine.connect() as connection:
        statement = sa.select(relation)
        if order is not None:
            statement = statement.order_by(relation.c[order])
        rows = connection.execute(statement.limit(SAMPLE_ROWS)).all()
    frame = pd.DataFrame(
        [["" if cell is None else str(cell) for cell in row] for row in rows], columns=columns, dtype="str"
    )
    frame[LINE] = frame[order].astype("int64") if order is not None and len(frame) else np.arange(1, len(frame) + 1)
    url = engine.url.render_as_string(hide_password=True)
    # the order column is the records' numbering, not data: kept out of the columns to guess from
    # (a number column would be taken for an amount to sum)
    data_columns = [column for column in columns if column != order]
    sample = Table(
        name=table, kind="sql", header=data_columns, frame=frame.drop(columns=[order] if order else []), header_line=0
    )
    return RecordSource(engine, relation, data_columns, sample, f"{url} table {relation.fullname}", order=order)


def _is_integer(column: sa.Column) -> bool:
    return isinstance(column.type, sa.Integer)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__


# --- files, through DuckDB ----------------------------------------------------------------------------
def duckdb_engine(
    scratch: Path, *, memory_limit: str = DUCKDB_MEMORY_LIMIT, threads: int = DUCKDB_THREADS, lean: bool = False
) -> sa.Engine:
    """An embedded DuckDB that spills to ``scratch`` beyond ``memory_limit`` (one connection, so
    the file's view is there for every query); ``lean``: its allocator hands freed memory back
    (``LEAN_ALLOCATOR``)."""
    engine = sa.create_engine(
        "duckdb:///:memory:",
        poolclass=sa.pool.StaticPool,
        connect_args={
            "config": {
                "memory_limit": memory_limit,
                "threads": threads,
                "temp_directory": str(scratch / "spill"),
                # no statement here needs rows in the order they were read (a row's order is its
                # own column); only staging does, and says so for its copy
                "preserve_insertion_order": False,
                "enable_external_access": True,
                **(LEAN_ALLOCATOR if lean else {}),
            }
        },
    )

    @sa.event.listens_for(engine, "connect")
    def _progress_quietly(connection, record) -> None:
        # the engine's progress is read by engine_progress, not drawn on the server's terminal
        connection.execute("SET enable_progress_bar = true")
        connection.execute("SET enable_progress_bar_print = false")

    return engine


def file_source(
    path: Path,
    *,
    name: str | None = None,
    encoding: str | None = None,
    memory_limit: str = DUCKDB_MEMORY_LIMIT,
    threads: int = DUCKDB_THREADS,
    scratch_root: Path | None = None,
    progress: Progress | None = None,
    time_limit: float | None = None,
    max_rows: int | None = None,
    stage: bool = False,
    lean: bool = False,
) -> RecordSource:
    """A CSV/TSV or Parquet file as a record source: read by DuckDB where it lies, never whole.

    CSV: the header, title rows and dialect are found as the Upload page finds them (from the
    file's first megabyte); GB18030 files are first copied to UTF-8 beside DuckDB's spill files.
    A CSV is staged — copied, in its order, as Parquet into the scratch folder — so that every
    statement scans columns, not text. With ``stage`` (the Upload page) the whole file is staged
    now: the page counts it again whenever the analyst changes the mapping, and staging is where
    the reader's clock stops a hostile file before anything else is done; ``progress`` hears how far
    it is (step "stage"); if it raises, staging stops and nothing is left behind — as when staging
    takes longer than ``time_limit`` seconds. Without (the command, counting a national file once),
    only the columns the mapping uses are staged, when the count starts (``RecordSource.prepare``):
    parsing a CSV is the same work either way, writing half its columns is not. A Parquet file's
    rows, known from its footer, are held to ``max_rows`` before any is read: a few megabytes of
    repeated rows can hold a billion records. ``lean`` (the Upload page, on a shared server): a
    small CSV buffer and an allocator that hands memory back (``LEAN_CSV_BUFFER``, ``LEAN_ALLOCATOR``)."""
    path = Path(path)
    if not path.is_file():
        raise SourceError("source.error.no_file", path=str(path))
    scratch = Path(tempfile.mkdtemp(prefix="records-", dir=scratch_root))
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
        if magic == b"PAR1":
            return _parquet_source(path, name or path.name, scratch, memory_limit, threads, max_rows, lean)
        watch = Watch(progress, time_limit=time_limit, name=name or path.name)
        return _csv_source(
            path, name or path.name, encoding, scratch, memory_limit, threads, watch if stage else None, lean
        )
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _parquet_source(
    path: Path, name: str, scratch: Path, memory_limit: str, threads: int, max_rows: int | None, lean: bool = False
) -> RecordSource:
    try:
        parquet = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises several kinds for a damaged file
        raise SourceError("source.error.parquet", detail=_first_line(error)) from None
    columns = [column for column in parquet.schema_arrow.names if column != ORDER]
    limit = Limits()
    if len(columns) > limit.max_columns:  # from the footer, before any row is read
        raise ReadError("read.error.columns", name=name, columns=len(columns), limit=limit.max_columns)
    if max_rows is not None and parquet.metadata.num_rows > max_rows:
        raise ReadError("read.error.rows", name=name, rows=f"{parquet.metadata.num_rows:,}", limit=f"{max_rows:,}")
    head = next(parquet.iter_batches(batch_size=SAMPLE_ROWS), None)
    frame = (
        pd.DataFrame({column: head.column(column).to_pylist() for column in columns})
        if head is not None
        else pd.DataFrame(columns=columns)
    )
    frame = frame.map(lambda cell: "" if cell is None else str(cell)).astype("str")
    frame[LINE] = np.arange(1, len(frame) + 1, dtype="int64")
    engine = duckdb_engine(scratch, memory_limit=memory_limit, threads=threads, lean=lean)
    cells = ", ".join(f"CAST({_quote(column)} AS VARCHAR) AS {_quote(column)}" for column in columns)
    view = f"SELECT file_row_number + 1 AS {ORDER}, {cells} FROM read_parquet({_literal(path)}, file_row_number = true)"
    relation = _create_view(engine, view, columns)
    sample = Table(name=name, kind="parquet", header=columns, frame=frame, header_line=0)
    return RecordSource(engine, relation, columns, sample, str(path), scratch=scratch)


def _csv_source(
    path: Path,
    name: str,
    encoding: str | None,
    scratch: Path,
    memory_limit: str,
    threads: int,
    watch: Watch | None,
    lean: bool = False,
) -> RecordSource:
    """The CSV as a source: staged whole now (``watch`` given: its progress and clock), or, with no
    ``watch``, staged when a count says which columns it needs (its relation is there from then)."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if len(head) == HEAD_BYTES:
        head = head[: head.rfind(b"\n") + 1] or head
    unlimited = Limits(max_bytes=1 << 62, max_rows=1 << 62, max_columns=Limits().max_columns)
    sample = read_table(name, head, encoding=encoding, limit=unlimited)
    if sample.kind != "csv":
        raise SourceError("source.error.not_csv")
    if sample.delimiter not in (",", "\t", ";", "|"):
        raise SourceError("source.error.delimiter", delimiter=sample.delimiter or "")
    text_encoding = sample.encoding or "utf-8"
    if text_encoding not in _DUCKDB_ENCODINGS:
        path = _to_utf8(path, text_encoding, scratch / "utf8.csv")
        text_encoding = "utf-8"
    columns = _file_header(head, sample)
    notes = _trailing_notes(path, text_encoding, sample.delimiter)
    engine = duckdb_engine(scratch, memory_limit=memory_limit, threads=threads, lean=lean)
    spec = "{" + ", ".join(f"{_literal(c)}: 'VARCHAR'" for c in columns) + "}"
    buffer = f", buffer_size = {LEAN_CSV_BUFFER}, max_line_size = {MAX_LINE_BYTES}" if lean else ""
    read = (
        f"read_csv({_literal(path)}, columns = {spec}, header = false, skip = {sample.header_line}, "
        f"delim = {_literal(sample.delimiter)}, quote = '\"', escape = '\"', auto_detect = false, "
        f"null_padding = true, strict_mode = false, encoding = {_literal(_DUCKDB_ENCODINGS[text_encoding])}{buffer})"
    )
    quoted = [_quote(column) for column in columns]
    # a blank row: every cell empty or spaces (GLOB stops at a cell's first other character; the
    # first column, an ID or a region, is tested last as it is the one a whitespace line fills)
    blank_row = " AND ".join(f"({column} IS NULL OR {column} NOT GLOB '*[! ]*')" for column in quoted[1:] + quoted[:1])
    conditions = [f"NOT ({blank_row})"]
    for cells in notes:  # notes under the table are set aside, as the Upload page does
        padded = cells + [None] * (len(columns) - len(cells))
        match = " AND ".join(
            f"{column} = {_literal(cell)}" if cell else f"coalesce({column}, '') = ''"
            for column, cell in zip(quoted, padded, strict=False)
        )
        conditions.append(f"NOT ({match})")
    kept = " AND ".join(conditions)
    # most rows are settled by their first cell: one starting with a character above a space is not
    # blank, and is a note only if a note starts with it; only the others are tested cell by cell
    # (which reads every column)
    note_starts = sorted({cells[0] for cells in notes if cells and cells[0]})
    plainly_kept = f"{quoted[0]} >= '!'" + (
        f" AND {quoted[0]} NOT IN ({', '.join(_literal(cell) for cell in note_starts)})" if note_starts else ""
    )
    kept = f"CASE WHEN {plainly_kept} THEN true ELSE {kept} END"
    staged_columns: list[str] = []
    copies = itertools.count()

    def stage(wanted: list[str], stage_watch: Watch) -> sa.TableClause:
        """The file copied once as Parquet in its order (DuckDB parses in parallel and writes in
        order): ``wanted`` columns, and a flag of its data rows — a blank or note row is found
        once, here, with every column, not matched again in each scan. A row's ordinal is then its
        file_row_number. Copying again for other columns replaces the copy."""
        target = scratch / f"staged-{next(copies)}.parquet"
        selected = ", ".join(_quote(column) for column in wanted)
        copy = (
            f"COPY (SELECT {selected}, {kept} AS {KEPT} FROM {read}) "
            f"TO {_literal(target)} (FORMAT parquet, COMPRESSION snappy)"
        )
        counting = _LineCount(path)  # while DuckDB copies
        with engine.begin() as connection:
            raw = connection.connection.driver_connection
            raw.execute("SET preserve_insertion_order = true")  # the copy keeps the file's order
            try:
                rows = watched(raw, lambda: raw.execute(copy).fetchone()[0], stage_watch, 0.0, 1.0, "stage")
            except BaseException as error:
                counting.cancel()
                if isinstance(error, duckdb.Error):  # its text quotes the line: never shown or logged
                    raise csv_problem(error, name) from None
                raise
            finally:
                with contextlib.suppress(duckdb.Error):  # a failed copy aborts the transaction (the engine is dropped)
                    raw.execute("SET preserve_insertion_order = false")
        view = (
            f"SELECT file_row_number + 1 AS {ORDER}, {selected} "
            f"FROM read_parquet({_literal(target)}, file_row_number = true) WHERE {KEPT}"
        )
        relation = _create_view(engine, view, wanted)
        empty = _empty_lines(path, sample.header_line, rows, counting.result())
        source.line_of = _line_numbers(sample.header_line, empty)
        for earlier in scratch.glob("staged-*.parquet"):
            if earlier != target:
                earlier.unlink(missing_ok=True)
        staged_columns[:] = wanted
        return relation

    sample.notes = [" ".join(cell for cell in cells if cell) for cells in notes]
    source = RecordSource(
        engine,
        sa.table(VIEW, sa.column(ORDER, sa.BigInteger), *(sa.column(column, sa.String) for column in columns)),
        columns,
        sample,
        str(path),
        notes=sample.notes,
        scratch=scratch,
    )
    if watch is not None:
        try:
            source.relation = stage(columns, watch)
        except BaseException:
            engine.dispose()
            raise
        return source

    def prepare(needed: list[str], count_watch: Watch) -> None:
        wanted = [column for column in columns if column in set(needed)]  # in the file's order
        if wanted != staged_columns:
            count_watch.within(0.0, STAGED_SHARE)
            source.relation = stage(wanted, count_watch)
            count_watch.within(STAGED_SHARE, 1.0)

    source.stager = prepare
    return source


_CSV_LINE = re.compile(r"CSV Error on Line: (\d+)")
_LINE_SIZE = re.compile(r"Maximum line size of (\d+) bytes")


def csv_problem(error: Exception, name: str) -> ReadError:
    """DuckDB's refusal of a CSV line as the reader's own refusal, naming the file and the line
    (DuckDB counts the file's lines as an editor does: header and empty lines included) and what to
    do — never DuckDB's text, which quotes the whole line (ID numbers) in English."""
    text = str(error)
    found = _CSV_LINE.search(text)
    if found is None:  # not about a line of the file
        return ReadError("read.error.csv_engine", name=name)
    line = int(found.group(1))
    if size := _LINE_SIZE.search(text):
        return ReadError("read.limit.line", name=name, line=line, limit=f"{int(size.group(1)):,}")
    if "Invalid unicode" in text:
        return ReadError("read.error.encoding_line", name=name, line=line)
    return ReadError("read.error.csv_line", name=name, line=line)


def _create_view(engine: sa.Engine, select: str, columns: list[str]) -> sa.TableClause:
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE OR REPLACE VIEW {VIEW} AS {select}")
    return sa.table(VIEW, sa.column(ORDER, sa.BigInteger), *(sa.column(column, sa.String) for column in columns))


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: object) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _file_header(head: bytes, sample: Table) -> list[str]:
    """Every column of the file in order (the sample drops columns empty in the first rows; DuckDB
    must be told all), named as the reader names them."""
    text = head.decode(sample.encoding or "utf-8", errors="replace")
    line = text.split("\n")[sample.header_line - 1].rstrip("\r")
    cells = [cell.strip().strip("\ufeff").strip() for cell in next(csv.reader([line], delimiter=sample.delimiter))]
    width = max(len(cells), len(sample.header) + len(sample.dropped_columns))
    names, seen = [], {}
    for index, cell in enumerate(cells + [""] * (width - len(cells))):
        cell = cell or f"column_{index + 1}"
        seen[cell] = seen.get(cell, 0) + 1
        names.append(cell if seen[cell] == 1 else f"{cell}_{seen[cell]}")
    if [column for column in names if column not in sample.dropped_columns] != sample.header:
        raise SourceError("source.error.header")
    return names


def _to_utf8(path: Path, encoding: str, target: Path) -> Path:
    """A UTF-8 copy of a GB18030 file (DuckDB reads UTF-8 and UTF-16), decoded strictly: a byte
    that is not GB18030 is an error naming its position, never a replacement character."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    position = 0
    with path.open("rb") as source, target.open("wb") as copy:
        while chunk := source.read(8 << 20):
            try:
                copy.write(decoder.decode(chunk).encode("utf-8"))
            except UnicodeDecodeError as error:
                raise ReadError("read.error.encoding_at", encoding=encoding, position=position + error.start) from None
            position += len(chunk)
        copy.write(decoder.decode(b"", final=True).encode("utf-8"))
    return target


# the file is looked through for empty lines this many bytes at a time: the slice and its newline mask are
# held at once, in the processor's cache (32 MB slices took twice as long, and held ~64 MB more at the
# Upload page's peak, on a server where the upload's DuckDB staging has just freed its memory)
BLANK_SCAN_BYTES = 1 << 22


def _empty_lines(path: Path, header_line: int, rows: int, lines: int) -> np.ndarray:
    """Line numbers of the empty lines below the header, DuckDB having made ``rows`` rows of the
    file's ``lines`` lines there: when that is every line below the header (the usual file), none
    was empty, and counting the newlines is a third of the work of finding where the empty ones are."""
    if lines - header_line == rows:
        return np.array([], dtype="int64")
    return _blank_lines(path, header_line)


def _slices(path: Path) -> Iterator[np.ndarray]:
    """The file's bytes, ``BLANK_SCAN_BYTES`` at a time, read into one buffer (each slice is
    overwritten by the next) — not by mapping the file: a mapped national file counts in full in
    the process's resident memory."""
    buffer = bytearray(BLANK_SCAN_BYTES)
    with path.open("rb", buffering=0) as handle:
        while length := handle.readinto(buffer):
            yield np.frombuffer(buffer, dtype=np.uint8, count=length)


def _line_count(path: Path, cancelled: threading.Event | None = None) -> int:
    """Lines in the file: its newlines, and a last line without one (-1 once ``cancelled``)."""
    newlines, last = 0, 10
    for piece in _slices(path):
        if cancelled is not None and cancelled.is_set():
            return -1
        newlines += int(np.count_nonzero(piece == 10))
        last = int(piece[-1])
    return newlines + (last != 10)


class _LineCount(threading.Thread):
    """The file's lines, counted on a thread of its own while DuckDB stages the file: DuckDB's copy
    in file order leaves part of a core idle (at 10M records its two threads were busy 1.75 of the
    copy's seconds), and reading and comparing bytes lets go of the interpreter's lock, so the count
    — a second of a national file — costs the copy little."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="line-count", daemon=True)
        self.path, self.cancelled = path, threading.Event()
        self.lines, self.error = -1, None
        self.start()

    def run(self) -> None:
        try:
            self.lines = _line_count(self.path, self.cancelled)
        except BaseException as error:  # handed to the thread that asks
            self.error = error

    def cancel(self) -> None:
        self.cancelled.set()
        self.join()

    def result(self) -> int:
        self.join()
        if self.error is not None:
            raise self.error
        return self.lines


def _blank_lines(path: Path, header_line: int) -> np.ndarray:
    """Line numbers of the empty lines below the header (DuckDB passes over them; the line numbers
    shown must not). A line is empty when its newline follows another newline directly, or with
    only a carriage return between (a CRLF file). Found from the positions of the newlines, a slice
    of the file at a time, with numpy — not line by line."""
    found: list[np.ndarray] = []
    newlines_before = 0  # newlines in the slices already looked through
    previous = -2  # the last newline's position, relative to the current slice (none yet: -2)
    previous_byte = 0  # the byte just before the current slice
    for piece in _slices(path):
        newlines = np.flatnonzero(piece == 10)
        if len(newlines):
            gaps = np.diff(newlines, prepend=previous)
            empty = gaps == 1
            carriage = np.flatnonzero(gaps == 2)  # "\n?\n": empty if ? is "\r"
            if len(carriage):
                between = newlines[carriage] - 1
                inside = between >= 0
                bytes_between = np.full(len(carriage), previous_byte, dtype=np.uint8)
                bytes_between[inside] = piece[between[inside]]
                empty[carriage[bytes_between == 13]] = True
            # the k-th newline of the file (1-based) ends line k: an empty line ends at it
            found.append(newlines_before + np.flatnonzero(empty) + 1)
            newlines_before += len(newlines)
            previous = int(newlines[-1]) - len(piece)
        else:
            previous -= len(piece)
        previous_byte = int(piece[-1])
    lines = np.concatenate(found).astype("int64") if found else np.array([], dtype="int64")
    return lines[lines > header_line]


def _line_numbers(header_line: int, blank: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """Row ordinal (1-based, as DuckDB numbers the non-empty lines after the header) -> line number."""
    relative = blank - header_line  # the k-th line after the header is blank
    shifted = relative - np.arange(len(relative))  # rows before each blank line, plus one

    def line_of(ordinals: np.ndarray) -> np.ndarray:
        ordinals = np.asarray(ordinals, dtype="int64")
        return header_line + ordinals + np.searchsorted(shifted, ordinals, side="right")

    return line_of


def _trailing_notes(path: Path, encoding: str, delimiter: str) -> list[list[str]]:
    """The notes rows at the end of the file (注：…, 数据来源：…), as cells."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - 65536))
        tail = handle.read()
    lines = (
        tail.decode(encoding, errors="replace").split("\n")[1:]
        if size > 65536
        else tail.decode(encoding, errors="replace").split("\n")
    )
    notes: list[list[str]] = []
    for line in reversed(lines):
        cells = next(csv.reader([line.rstrip("\r")], delimiter=delimiter), [])
        if not any(cell.strip() for cell in cells):  # a blank row (empty, or spaces between delimiters)
            continue
        if not is_note_row([cell.strip() for cell in cells]):
            break
        notes.insert(0, cells)
    return notes
