"""Keep what outlives a page view out of the garbage collector's way, and still reclaim it.

Streamlit runs a full collection (``gc.collect(2)``) after every script run, so every page view
walks every object the process holds: the imported modules (plotly alone has tens of thousands),
the shared per-snapshot caches and every other session's state. With 120 sessions held that walk
was ~84 ms of each new view against ~1 ms alone (bench/bench_load.py).

So each run starts by freezing what earlier runs left alive (``gc.freeze``, a constant-time list
splice): the collection after the run walks only what was made since. Frozen objects are still
freed by reference counting, but a reference cycle among them (a closed session, a session's
replaced state) is not; so when the frozen heap has grown by a quarter since its last full
collection — CPython's own rule for its oldest generation — it is unfrozen, collected whole and
frozen again. The cost of those full collections is thereby proportional to what was added.
"""

from __future__ import annotations

import gc
import threading
import time

GROWTH_BEFORE_RECLAIM = 0.25  # of the frozen heap after the last full collection
CHECK_EVERY_S = 2.0  # counting the frozen objects walks their list (~3 ms for 300,000)

_lock = threading.Lock()
_after_reclaim = 0
_checked_at = float("-inf")


def settle_heap() -> bool:
    """At the start of a script run: freeze the survivors of earlier runs, after a full collection
    when the frozen heap has grown by ``GROWTH_BEFORE_RECLAIM``; True when it collected."""
    global _checked_at
    with _lock:
        now = time.monotonic()
        due = now - _checked_at >= CHECK_EVERY_S
        if due:
            _checked_at = now
        if due and gc.get_freeze_count() > _after_reclaim * (1 + GROWTH_BEFORE_RECLAIM):
            _collect_all()
            return True
        gc.freeze()
        return False


def reclaim_now() -> None:
    """Unfreeze, collect everything and freeze the survivors (for tests and benchmarks)."""
    with _lock:
        _collect_all()


def _collect_all() -> None:
    global _after_reclaim
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _after_reclaim = gc.get_freeze_count()


def frozen_count() -> int:
    """How many objects the collector skips (for the benchmark's and tests' reports)."""
    return gc.get_freeze_count()
