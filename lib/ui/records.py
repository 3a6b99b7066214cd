"""The Upload page's record-level data where it lives: a big record-level file (or any Parquet file)
counted by DuckDB from a copy on disk, out of core under ``DASHBOARD_DUCKDB_MEMORY``, never read
whole into the server; and tables of the warehouses an admin configured as ``[connections.<name>]``
in .streamlit/secrets.toml, opened with ``st.connection`` — both with progress while the engine
works. The SQL is ``lib.upload.records_sql``; this module only places it on the page and keeps
each session's source to itself.

A file's copy holds full ID numbers: it is made in a private folder (``lib.upload.private_files``),
the raw copy is deleted once DuckDB has staged it, and the folder when the file is left, when the
session ends (a watcher thread asks Streamlit's runtime every few seconds which sessions are still
connected: a session's state is not reliably garbage-collected, as lib.core.heap freezes what runs
leave alive), when its state is let go, and at exit; a killed server's leftovers are swept when the
next one imports this module. A session that reconnects makes its copy again from its upload."""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.core import settings
from lib.core.i18n import t
from lib.reference.regions import RegionRegistry
from lib.ui import keys
from lib.ui.context import Context
from lib.upload import private_files
from lib.upload.common import Mapping, Result
from lib.upload.engine_progress import Progress, time_left_words
from lib.upload.reader import limits
from lib.upload.records_sql import count_records
from lib.upload.sources import RecordSource, SourceError, file_source, table_source
from lib.views.markdown import md_escape

BIG_RECORDS_BYTES = 16 * 1024 * 1024  # bigger record-level CSVs are counted by DuckDB, not read into the server
# rows of an uploaded Parquet file: about what a CSV at the upload limit can hold (ten bytes a record);
# a national file is imported on the server (``snapshot from-records``), where no such bound applies
PARQUET_MAX_ROWS = 12_000_000
STEPS = ("count", "problems", "rules", "done")
WATCH_SECONDS = 5.0  # how often the watcher looks for sessions that ended
private_files.sweep_leftovers()  # once per server process, at its first page run: a killed one's copies go
_LIVE: dict[str, tuple[str, weakref.finalize]] = {}  # folder -> (the session it belongs to, its release)
_LIVE_LOCK = threading.Lock()
_WATCHER: list[threading.Thread] = []


@dataclass
class Records:
    """A record-level source in force on the Upload page: its name (shown, and in file names), a
    key for the session's memos, and the source itself."""

    name: str
    key: str
    source: RecordSource
    release: weakref.finalize | None = field(default=None, repr=False)  # closes the source, removes the copy

    @property
    def memo_key(self) -> str:
        """Its key (``lib.core.memo``): a file's content and encoding, or a warehouse's connection,
        table and order column — what its engine counts from."""
        return self.key


def is_parquet(data: bytes) -> bool:
    return data[:4] == b"PAR1"


def wants_engine(data: bytes) -> bool:
    """A file the page hands to DuckDB: Parquet, or a CSV bigger than ``BIG_RECORDS_BYTES``."""
    return is_parquet(data) or len(data) > BIG_RECORDS_BYTES


def file_key(digest: str, encoding: str | None) -> str:
    """The key of an uploaded file's record source: its content and the encoding it is read with."""
    return f"file:{digest}:{encoding or ''}"


def kept_records(key: str) -> Records | None:
    """The session's record-level source if it is the one for ``key`` and still open."""
    current = st.session_state.get(keys.RECORD_SOURCE)
    if current is not None and current.key == key and (current.release is None or current.release.alive):
        return current
    return None


def staged_file(ctx: Context, name: str, data: bytes, digest: str, encoding: str | None) -> Records:
    """The uploaded file as a DuckDB source (``file_records``), its staging shown with progress,
    time left and a Cancel button, and bounded by the reader's clock: a CSV that takes longer to
    stage is refused with a ``ReadError``, as any other reader refuses a file too slow to read.
    A Parquet file is not staged (DuckDB reads it where it lies), so it shows no panel."""
    key = file_key(digest, encoding)
    if kept_records(key) is not None or is_parquet(data):
        return file_records(name, data, digest, encoding)
    with engine_panel(ctx.lang, key=key, name=name, stage=True) as (progress, status):
        records = file_records(name, data, digest, encoding, progress=progress, time_limit=limits().max_seconds)
        status.update(expanded=False, label=ctx.t("records_progress.staged", name=md_escape(name)), state="complete")
    return records


def file_records(
    name: str,
    data: bytes,
    digest: str,
    encoding: str | None,
    *,
    progress: Progress | None = None,
    time_limit: float | None = None,
) -> Records:
    """The uploaded file as a DuckDB source, from a copy in a folder of this session's own (the one
    copy at a time: choosing another file removes the last)."""
    key = file_key(digest, encoding)
    current = kept_records(key)
    if current is not None:
        return current
    close_records()
    folder = private_files.private_folder()
    path = folder / ("records.parquet" if is_parquet(data) else "records.csv")
    try:
        private_files.write_private(path, data)
        source = file_source(
            path,
            name=name,
            encoding=encoding,
            memory_limit=settings.upload_duckdb_memory_limit(),
            scratch_root=folder,
            progress=progress,
            time_limit=time_limit,
            max_rows=PARQUET_MAX_ROWS,
            stage=True,
            lean=True,
        )
    except BaseException:
        private_files.remove(folder)
        raise
    if not is_parquet(data):  # DuckDB reads its staged columns from now on: the raw copy goes at once
        path.unlink(missing_ok=True)
        if source.scratch is not None:
            (source.scratch / "utf8.csv").unlink(missing_ok=True)
    source.description = name
    records = Records(name, key, source)
    # tied to a token only this session's state holds (the page's own variables outlive a session in
    # the last script's module), so the copy goes when the session's state does, or at exit
    token = SessionToken()
    records.release = weakref.finalize(token, _release, source, str(folder))
    st.session_state[keys.RECORD_TOKEN] = token
    _watch(str(folder), records.release)
    st.session_state[keys.RECORD_SOURCE] = records
    st.session_state[keys.RECORD_FOLDER] = str(folder)
    return records


def _session_id() -> str:
    run = get_script_run_ctx()
    return run.session_id if run is not None else ""


def _watch(folder: str, release: weakref.finalize) -> None:
    """Remember whose copy this is; the watcher releases it once that session is gone."""
    session = _session_id()
    if not session:
        return  # no server runtime (AppTest): the session's state and exit release it
    with _LIVE_LOCK:
        _LIVE[folder] = (session, release)
        if not _WATCHER:
            _WATCHER.append(threading.Thread(target=_watcher, name="records-watcher", daemon=True))
            _WATCHER[0].start()


def release_ended_sessions() -> list[str]:
    """Release the copies of sessions that are no longer connected; returns their folders."""
    if not Runtime.exists():
        return []
    runtime = Runtime.instance()
    with _LIVE_LOCK:
        ended = [
            (folder, release) for folder, (session, release) in _LIVE.items() if not runtime.is_active_session(session)
        ]
        for folder, _ in ended:
            _LIVE.pop(folder, None)
    for _, release in ended:
        release()
    return [folder for folder, _ in ended]


def _watcher() -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        try:
            release_ended_sessions()
        except Exception:  # the watcher must outlive any one failure (a folder already gone …)
            continue


class SessionToken:
    """Held only by one session's state: its end is when the state is let go."""


def _release(source: RecordSource, folder: str) -> None:
    source.close()
    private_files.remove(folder)


def close_records() -> None:
    """Let go of this session's source (DuckDB's connection and spill files, the file's copy)."""
    current = st.session_state.pop(keys.RECORD_SOURCE, None)
    st.session_state.pop(keys.RECORD_TOKEN, None)
    if current is not None and current.release is not None:
        current.release()
    elif current is not None:
        current.source.close()
    private_files.remove(st.session_state.pop(keys.RECORD_FOLDER, None))


def configured_connections() -> list[str]:
    """The warehouses an admin configured (``[connections.<name>]`` in secrets.toml)."""
    try:
        connections = st.secrets.get("connections", {})
    except Exception:  # no secrets file at all (Streamlit raises its own kinds of error for that)
        return []
    return sorted(name for name in connections if hasattr(connections[name], "keys"))


def warehouse_picker(ctx: Context) -> Records | None:
    """The warehouse part of the Upload page (only where an admin configured connections): pick a
    connection and a table; returns the source once the person pressed 读取, else None."""
    names = configured_connections()
    if not names:
        return None
    with st.expander(ctx.t("records.warehouse"), expanded=st.session_state.get(keys.RECORD_CHOICE) is not None):
        st.caption(ctx.t("records.warehouse_help"))
        row = st.columns(3)
        connection = row[0].selectbox(ctx.t("records.connection"), names, key="records-connection")
        table = row[1].text_input(ctx.t("records.table"), key="records-table").strip()
        order = row[2].text_input(ctx.t("records.order_column"), key="records-order").strip()
        if st.button(ctx.t("records.read"), key="records-read", disabled=not table):
            st.session_state[keys.RECORD_CHOICE] = (connection, table, order)
    choice = st.session_state.get(keys.RECORD_CHOICE)
    if choice is None:
        return None
    key = "sql:" + ":".join(choice)
    current = st.session_state.get(keys.RECORD_SOURCE)
    if current is not None and current.key == key:
        return current
    connection, table, order = choice
    try:
        # the section is passed on as well: st.connection reads only a secrets.toml that exists as a file
        settings_of = {key: value for key, value in st.secrets["connections"][connection].items()}
        engine = st.connection(connection, type="sql", **settings_of).engine
        source = table_source(engine, table, order=order or None)
    except SourceError as error:
        st.session_state.pop(keys.RECORD_CHOICE, None)
        with st.container(key="upload-errors"):
            st.error(md_escape(error.text(ctx.lang)), icon=":material/error:")
        return None
    close_records()
    source.close = lambda: None  # the engine belongs to st.connection (shared, kept by Streamlit)
    records = Records(f"{connection}:{table}", key, source)
    st.session_state[keys.RECORD_SOURCE] = records
    return records


@contextmanager
def engine_panel(lang: str, *, key: str, name: str, stage: bool) -> Iterator[tuple[Progress, object]]:
    """A panel while the engine works on the source ``key``: its step, how far, the time left and a
    Cancel button. Pressing Cancel reruns the page: the next progress report raises Streamlit's
    rerun, which interrupts the engine's statement (lib.upload.engine_progress), and nothing is
    kept; the page then says so and waits for the person to start again. Yields the progress
    callback and the status box."""
    verb = "stage" if stage else "count"
    if st.session_state.get(keys.RECORD_CANCELLED) == key:
        st.info(t(f"records_progress.cancelled_{verb}", lang, name=md_escape(name)), icon=":material/cancel:")
        if not st.button(t(f"records_progress.{verb}_again", lang), key=f"records-{verb}-again"):
            st.stop()
        st.session_state.pop(keys.RECORD_CANCELLED, None)
    label = t("records_progress.staging" if stage else "records.counting", lang, name=md_escape(name))
    with st.status(label, expanded=True) as status:
        bar = st.progress(0.0, text=t("records_progress.step_stage" if stage else "records.step_count", lang))
        cancel = st.empty()
        cancel.button(
            t(f"records_progress.cancel_{verb}", lang),
            key="records-stage-cancel" if stage else "records-cancel",
            icon=":material/cancel:",
            on_click=lambda: st.session_state.__setitem__(keys.RECORD_CANCELLED, key),
        )

        def progress(fraction: float, step: str, seconds_left: float | None) -> None:
            words = t("records_progress.step_stage" if step == "stage" else f"records.step_{step}", lang)
            text = f"{words} · {round(fraction * 100)}% · {time_left_words(seconds_left, lang)}"
            bar.progress(min(max(fraction, 0.0), 1.0), text=text)

        yield progress, status
        cancel.empty()


def count_with_progress(lang: str, regions: RegionRegistry, records: Records, mapping: Mapping) -> Result:
    """Count in the engine, showing each step and the time left (``engine_panel``, words in
    ``lang``); the result is what the pandas path gives."""
    with engine_panel(lang, key=records.key, name=records.name, stage=False) as (progress, status):
        try:
            run = count_records(records.source, mapping, regions, progress=progress)
        except Exception as error:  # the engine's own errors (a column type it cannot compare …)
            status.update(label=t("records.failed", lang), state="error")
            st.error(
                t("source.error.query", lang, detail=md_escape(str(error).splitlines()[0][:300])),
                icon=":material/error:",
            )
            st.stop()
        seconds = sum(run.seconds.values())
        status.update(
            expanded=False,
            label=t(
                "records.counted", lang, name=md_escape(records.name), engine=run.dialect, seconds=f"{seconds:.1f}"
            ),
            state="complete",
        )
    return run.result
