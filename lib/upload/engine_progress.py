"""Progress you can see, and a way to stop, while an engine works for minutes on a national file.

A long statement runs on a worker thread; the caller's thread waits for it in short steps and, in
each, reads how far the engine is (DuckDB reports its own progress; other engines only their
steps' ends) and tells the caller's ``progress`` — on the caller's thread, so a Streamlit page can
draw it. If ``progress`` raises (a page's rerun when the person pressed Cancel, Ctrl-C in the
command) the statement is interrupted in the engine (DuckDB's ``interrupt``, PostgreSQL's cancel
request; a MySQL-protocol engine finishes its statement first), the worker is waited for, and the
exception goes on: nothing half-done is returned, and the caller's ``with`` blocks remove what the
source staged.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from lib.core.i18n import t
from lib.upload.reader import ReadError

T = TypeVar("T")
Progress = Callable[[float, str, float | None], None]  # (fraction done, step, seconds left or None)
POLL_SECONDS = 0.25


class Watch:
    """The run's progress as one fraction over its steps, with the time left estimated from the
    time taken so far (once a twentieth is done: before, an estimate says nothing).

    With a ``time_limit`` (seconds) the watch is also the reader's clock: past it, the next report
    raises a ``ReadError`` naming ``name`` — so the engine's statement is interrupted as on a
    cancel, and a hostile file cannot hold the server longer than any other reader lets it."""

    def __init__(
        self,
        progress: Progress | Callable[[float, str], None] | None,
        *,
        time_limit: float | None = None,
        name: str = "",
    ) -> None:
        self.progress = progress
        self.started = time.monotonic()
        self.fraction = 0.0  # of the current part of the run
        self.span = (0.0, 1.0)  # where that part lies in the whole run
        self.time_limit, self.name = time_limit, name
        # a callback of two parameters (fraction, step) is told no time left
        self.with_time_left = progress is not None and len(inspect.signature(progress).parameters) >= 3

    def within(self, start: float, end: float) -> None:
        """From now on the fractions told are of a part of the run, shown as ``start`` … ``end`` of
        it (a CSV staged when the count starts takes the first part of one bar)."""
        self.span, self.fraction = (start, end), 0.0

    def __call__(self, fraction: float, step: str) -> None:
        self.fraction = max(self.fraction, min(fraction, 1.0))
        if self.time_limit is not None and time.monotonic() - self.started > self.time_limit:
            raise ReadError("read.limit.too_slow_engine", name=self.name, seconds=f"{self.time_limit:g}")
        if self.progress is None:
            return
        start, end = self.span
        shown = start + (end - start) * self.fraction
        elapsed = time.monotonic() - self.started
        left = elapsed * (1 - shown) / shown if shown >= 0.05 else None
        if self.with_time_left:
            self.progress(shown, step, left)
        else:
            self.progress(shown, step)


def watched(driver_connection, work: Callable[[], T], watch: Watch, start: float, end: float, step: str) -> T:
    """``work()`` (statements on ``driver_connection``, the DB-API connection) on a worker thread,
    reported as the part ``start`` … ``end`` of the run; interrupted if ``watch`` raises."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name=f"engine-{step}", daemon=True)
    watch(start, step)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(POLL_SECONDS)
            done = _engine_progress(driver_connection)
            if done is not None:
                watch(start + (end - start) * done, step)
            else:
                watch(watch.fraction, step)  # time left still counts down; a cancel is still heard
    except BaseException:
        _interrupt(driver_connection)
        worker.join()
        raise
    if "error" in outcome:
        raise outcome["error"]
    watch(end, step)
    return outcome["value"]


def _engine_progress(driver_connection) -> float | None:
    """How far the engine is through its statement, 0 … 1, where it says (DuckDB)."""
    query_progress = getattr(driver_connection, "query_progress", None)
    if query_progress is None:
        return None
    try:
        percent = float(query_progress())
    except Exception:  # no statement running at this instant
        return None
    return percent / 100 if 0 <= percent <= 100 else None


def _interrupt(driver_connection) -> None:
    """Stop the statement running on ``driver_connection``: DuckDB's interrupt, psycopg's cancel."""
    for name in ("interrupt", "cancel"):
        stop = getattr(driver_connection, name, None)
        if callable(stop):
            with contextlib.suppress(Exception):  # the statement ended meanwhile
                stop()
            return


def time_left_words(seconds: float | None, lang: str) -> str:
    """The time left as people say it: seconds under two minutes, else whole minutes."""
    if seconds is None:
        return t("records_progress.estimating", lang)
    if seconds < 120:
        return t("records_progress.left_seconds", lang, seconds=max(1, round(seconds)))
    return t("records_progress.left_minutes", lang, minutes=round(seconds / 60))
