"""``python -m lib.cli snapshot from-records``: a dated snapshot built from record-level data where
it lives — a CSV/Parquet file (DuckDB, out of core) or a warehouse table (a SQLAlchemy URL, or a
connection an admin configured as ``[connections.<name>]`` in .streamlit/secrets.toml) — for a
scheduled job. The columns are recognised as the Upload page recognises them, each can be named;
the snapshot is written atomically, its manifest records the source and the statements run."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import threading
import time
import tomllib
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from lib.cli.options import BilingualHelp, add_common, bilingual, both, say
from lib.core import settings
from lib.core.i18n import LocalizedError, t
from lib.store.exports import to_csv_bytes
from lib.store.folder import DataFolder, open_data_folder
from lib.store.snapshots import write_snapshot
from lib.upload.common import EARLIEST, Mapping
from lib.upload.engine_progress import time_left_words
from lib.upload.pipeline import check_upload, interpret
from lib.upload.records import MAX_PER_PERSON
from lib.upload.records_sql import RULES, count_records
from lib.upload.sources import RecordSource, SourceError, connection_url, file_source, table_source
from lib.views.upload import problem_table

DEFAULT_INDICATOR = "subsidised_training"
COLUMN_OPTIONS = {  # option -> the Mapping field it names
    "id_column": "person_id",
    "region_column": "region",
    "date_column": "period",
    "occupation_column": "occupation",
    "level_column": "skill_level",
}


class CommandError(LocalizedError):
    """Wrong input to the command: it says what and how to fix it."""


def register(commands) -> None:
    snapshot = commands.add_parser(
        "snapshot",
        help=both("cli.help.snapshot"),
        description=both("cli.help.snapshot"),
        add_help=False,
        formatter_class=BilingualHelp,
    )
    bilingual(snapshot)
    snapshot.add_argument("-h", "--help", action="help", help=both("cli.help.help"))
    actions = snapshot.add_subparsers(dest="action", required=True, title=both("cli.help.commands"), metavar="ACTION")
    build = actions.add_parser(
        "from-records",
        help=both("cli.help.from_records"),
        description=both("cli.help.from_records_long", separator="\n\n"),
        add_help=False,
        formatter_class=BilingualHelp,
    )
    add_common(build)
    source = build.add_argument_group(both("cli.help.group_source"))
    source.add_argument("--source", required=True, help=both("cli.help.source"))
    source.add_argument("--table", help=both("cli.help.table"))
    source.add_argument("--order-column", help=both("cli.help.order_column"))
    source.add_argument("--secrets", type=Path, help=both("cli.help.secrets"))
    source.add_argument("--memory-limit", default=None, help=both("cli.help.memory_limit"))
    columns = build.add_argument_group(both("cli.help.group_columns"))
    for option in COLUMN_OPTIONS:
        columns.add_argument(f"--{option.replace('_', '-')}", help=both(f"cli.help.{option}"))
    columns.add_argument(
        "--breakdown", action="append", default=[], metavar="COLUMN=DIMENSION", help=both("cli.help.breakdown")
    )
    columns.add_argument("--indicator", default=DEFAULT_INDICATOR, help=both("cli.help.indicator"))
    snapshot_options = build.add_argument_group(both("cli.help.group_snapshot"))
    snapshot_options.add_argument("--as-of", required=True, type=_iso_date, help=both("cli.help.as_of"))
    snapshot_options.add_argument("--title", required=True, help=both("cli.help.title"))
    snapshot_options.add_argument("--publisher", default="", help=both("cli.help.publisher"))
    snapshot_options.add_argument("--license", default="", help=both("cli.help.license"))
    snapshot_options.add_argument("--id", dest="snapshot_id", help=both("cli.help.id"))
    snapshot_options.add_argument("--out", type=Path, default=None, help=both("cli.help.out"))
    snapshot_options.add_argument("--problems", type=Path, help=both("cli.help.problems"))
    build.set_defaults(run=from_records)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(both("cli.help.bad_date", text=text)) from None


def from_records(arguments: argparse.Namespace) -> int:
    """Count, check, write; 0 when a snapshot was written, 1 with a message when not, 130 when
    cancelled with Ctrl-C (the engine's statement interrupted, nothing written, scratch removed)."""
    try:
        with _ctrl_c_heard_by_progress() as cancelled:
            arguments.cancelled = cancelled
            return _from_records(arguments)
    except KeyboardInterrupt:
        say(arguments, "records_progress.cancelled_cli")
        return 130
    except (LocalizedError, sa.exc.SQLAlchemyError) as error:
        detail = error.text(arguments.lang) if isinstance(error, LocalizedError) else _first_line(error)
        say(arguments, "cli.failed", detail=detail)
        return 1


def _from_records(arguments: argparse.Namespace) -> int:
    out = arguments.out or settings.data_dir()
    folder = _reference_folder(out)
    if arguments.indicator not in folder.catalogue.indicators:
        raise CommandError(
            "cli.error.indicator", indicator=arguments.indicator, known=", ".join(sorted(folder.catalogue.indicators))
        )
    progress = ProgressLines(arguments)
    with open_source(arguments, progress) as source:
        mapping = _mapping(arguments, source, folder)
        say(arguments, "cli.mapping", **{field: getattr(mapping, field) or "—" for field in COLUMN_OPTIONS.values()})
        run = count_records(
            source,
            mapping,
            folder.regions,
            today=arguments.as_of,  # a snapshot as of a date counts nothing dated after it
            progress=progress,
        )
    checked = check_upload(run.result, mapping, folder.catalogue, folder.regions)  # the Upload page's checks
    result, observations = checked.result, checked.observations
    say(
        arguments,
        "cli.counted",
        rows=f"{result.rows_read:,}",
        observations=f"{len(observations):,}",
        engine=run.dialect,
    )
    for code, count in sorted(run.rejected.items()):
        say(arguments, "cli.rejected", count=f"{count:,}", reason=_reason(code, arguments))
    for code in RULES:
        if code in run.flagged:
            say(arguments, "cli.flagged", count=f"{run.flagged[code]:,}", rule=_reason(code, arguments))
    problems = to_csv_bytes(problem_table(result, folder.regions, arguments.lang)) if arguments.problems else None
    if observations.empty:
        if problems is not None:
            _write_atomically(arguments.problems, problems)
            _say_problems_written(arguments, result)
        raise CommandError("cli.error.nothing_counted")
    snapshot_id = arguments.snapshot_id or f"{arguments.as_of.isoformat()}-{_slug(arguments.title)}"
    # a Ctrl-C from here on is not heard (only progress reports raise it): both files are written
    ref = _write(arguments, out, observations, snapshot_id, source, run, mapping, problems)
    if problems is not None:
        _say_problems_written(arguments, result)
    say(arguments, "cli.written", path=str(ref.path), rows=f"{ref.manifest.rows:,}")
    return 0


def _say_problems_written(arguments: argparse.Namespace, result) -> None:
    """Where the problems went, and — when the list stopped short — that it holds the first rows
    of how many (the counts printed above are exact)."""
    path, rows = str(arguments.problems), f"{len(result.problems):,}"
    if result.problem_rows > len(result.problems):
        say(arguments, "cli.problems_written_first", path=path, rows=rows, total=f"{result.problem_rows:,}")
    else:
        say(arguments, "cli.problems_written", path=path, rows=rows)


def _write(arguments, out, observations, snapshot_id, source, run, mapping, problems):
    """The problems file, then the snapshot (each written atomically); the problems file is taken
    back if the snapshot cannot be written."""
    if problems is not None:
        _write_atomically(arguments.problems, problems)
    try:
        return write_snapshot(
            out / "snapshots",
            observations,
            snapshot_id=snapshot_id,
            as_of=arguments.as_of,
            title=arguments.title,
            publisher=arguments.publisher,
            source=source.description,
            license=arguments.license,
            demo=False,
            notes=_notes(run, mapping),
            query=";\n\n".join(run.statements),
        )
    except BaseException:
        if problems is not None:
            arguments.problems.unlink(missing_ok=True)
        raise


def _write_atomically(path: Path, data: bytes) -> None:
    """``data`` at ``path``, whole or not at all (written beside it, then renamed over it)."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


@contextlib.contextmanager
def _ctrl_c_heard_by_progress():
    """Ctrl-C (SIGINT) noted, and raised as KeyboardInterrupt by the next progress report (four a
    second while the engine works) — so the engine's statement is interrupted from this thread at a
    known point (DuckDB refuses calls on a connection a signal caught mid-statement), not whenever;
    once the outputs are being written, a Ctrl-C is too late and they are written whole."""
    cancelled = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield cancelled
        return
    previous = signal.signal(signal.SIGINT, lambda number, frame: cancelled.set())
    try:
        yield cancelled
    finally:
        signal.signal(signal.SIGINT, previous)


class ProgressLines:
    """The engine's progress as lines on standard error — when the percentage or the step changes,
    at most every two seconds — with the time left."""

    def __init__(self, arguments: argparse.Namespace) -> None:
        self.arguments = arguments
        self.last = (-1, "")
        self.said_at = 0.0

    def __call__(self, fraction: float, step: str, seconds_left: float | None) -> None:
        cancelled = getattr(self.arguments, "cancelled", None)
        if cancelled is not None and cancelled.is_set():
            raise KeyboardInterrupt
        percent = round(fraction * 100)
        now = time.monotonic()
        if (percent, step) == self.last or (step == self.last[1] and now - self.said_at < 2 and percent < 100):
            return
        self.last, self.said_at = (percent, step), now
        lang = self.arguments.lang
        words = t("records_progress.step_stage" if step == "stage" else f"records.step_{step}", lang)
        say(
            self.arguments,
            "records_progress.line",
            percent=percent,
            step=words,
            left=time_left_words(seconds_left, lang),
        )


def _reason(code: str, arguments: argparse.Namespace) -> str:
    """A problem code in words, as the Upload page's problem table says it."""
    details = {"limit": MAX_PER_PERSON, "earliest": EARLIEST.isoformat(), "latest": arguments.as_of.isoformat()}
    return t(f"problem.{code}", arguments.lang, suggest="", **details)


def _reference_folder(out: Path) -> DataFolder:
    """Regions and catalogue: the output folder's own when it has them, else the app's data folder."""
    return open_data_folder(out if (out / "regions.csv").is_file() else settings.data_dir())


def open_source(arguments: argparse.Namespace, progress=None) -> RecordSource:
    """A file, a SQLAlchemy URL, or the name of a configured connection."""
    text = arguments.source
    memory = arguments.memory_limit or settings.duckdb_memory_limit()
    if Path(text).is_file():
        return file_source(Path(text), memory_limit=memory, progress=progress)
    if "://" in text:
        engine = sa.create_engine(text)
    else:
        connections = _connections(arguments.secrets)
        if text not in connections:
            if re.search(r"[\\/]|\.(csv|tsv|txt|parquet)$", text, re.I):  # meant as a file
                raise SourceError("source.error.no_file", path=text)
            raise SourceError("source.error.no_connection", name=text, names=", ".join(sorted(connections)) or "—")
        config = dict(connections[text])
        engine = sa.create_engine(connection_url(config), **dict(config.get("create_engine_kwargs") or {}))
    if not arguments.table:
        engine.dispose()
        raise CommandError("cli.error.table_needed")
    try:
        return table_source(engine, arguments.table, order=arguments.order_column)
    except BaseException:
        engine.dispose()
        raise


def _connections(path: Path | None) -> dict:
    """``[connections.*]`` of secrets.toml (later files win, as in Streamlit)."""
    found: dict = {}
    for candidate in [path] if path is not None else settings.secrets_files():
        if candidate.is_file():
            with candidate.open("rb") as handle:
                found.update(tomllib.load(handle).get("connections", {}))
        elif path is not None:
            raise SourceError("source.error.no_file", path=str(path))
    return found


def _mapping(arguments: argparse.Namespace, source: RecordSource, folder: DataFolder) -> Mapping:
    """The Upload page's guess, with each column the maintainer named put in its place."""
    mapping = interpret(source.sample, folder.catalogue, folder.regions)
    mapping.shape, mapping.indicator = "records", arguments.indicator
    if mapping.value_columns:  # the command counts person-times; amount columns are the Upload page's
        say(arguments, "cli.amounts_ignored", columns=", ".join(mapping.value_columns))
        mapping.value_columns, mapping.indicators = [], {}
    for option, field in COLUMN_OPTIONS.items():
        named = getattr(arguments, option)
        if named is not None:
            _check_column(named, source)
            setattr(mapping, field, named)
    if arguments.breakdown:
        mapping.breakdowns = {}
        for item in arguments.breakdown:
            column, _, dimension = item.partition("=")
            _check_column(column, source)
            mapping.breakdowns[column] = dimension or column
    for breakdown_column in list(mapping.breakdowns):
        if breakdown_column in (
            mapping.person_id,
            mapping.region,
            mapping.period,
            mapping.occupation,
            mapping.skill_level,
        ):
            del mapping.breakdowns[breakdown_column]
    if mapping.region is None or mapping.period is None:
        missing = "--region-column" if mapping.region is None else "--date-column"
        raise CommandError("cli.error.column_unknown", option=missing, columns=", ".join(source.columns))
    return mapping


def _check_column(column: str, source: RecordSource) -> None:
    if column not in source.columns:
        raise CommandError("cli.error.no_column", column=column, columns=", ".join(source.columns))


def _notes(run, mapping: Mapping) -> str:
    rejected = ", ".join(f"{code} {count}" for code, count in sorted(run.rejected.items())) or "none"
    flagged = ", ".join(f"{code} {run.flagged[code]}" for code in RULES if code in run.flagged) or "not checked"
    columns = ", ".join(
        f"{field}={getattr(mapping, field)}" for field in COLUMN_OPTIONS.values() if getattr(mapping, field)
    )
    return (
        f"record-level rows counted by {run.dialect} (python -m lib.cli snapshot from-records): "
        f"{run.result.rows_read} rows read; rejected: {rejected}; rules flagged (warnings, still counted): {flagged}; "
        f"columns: {columns}"
    )


def _slug(title: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", title).strip("-").lower()[:40] or "records"


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__
