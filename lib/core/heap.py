"""Keep what lives as long as the server out of the garbage collector's way.

Streamlit runs a full collection (``gc.collect(2)``) after every script run, so every page view
walks every object the process holds: the imported modules (plotly alone has tens of thousands)
and the shared per-snapshot caches — the same for everyone, on every view. That walk was about
half of a page view's server CPU (bench/bench_views.py). ``settle_heap()`` collects once and then
freezes the survivors (``gc.freeze``): the collector no longer visits them, and later runs walk
only what they made themselves. Frozen objects are still freed by reference counting; only a
reference cycle among objects alive at the moment of a freeze is never reclaimed, so the server
settles only when something long-lived has arrived (a module imported, a shared cache filled),
a handful of times per process.
"""

from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_settled_modules = 0
_pending = False


def note_long_lived() -> None:
    """Something that stays for the life of the process was just made (a shared cache entry)."""
    global _pending
    _pending = True


def settle_heap() -> bool:
    """Collect and freeze when new long-lived objects arrived since the last time; True if it did."""
    global _settled_modules, _pending
    if not _pending and len(sys.modules) == _settled_modules:
        return False
    with _lock:
        gc.collect()
        gc.freeze()
        _settled_modules, _pending = len(sys.modules), False
    return True


def frozen_count() -> int:
    """How many objects the collector skips (for the benchmark's and tests' reports)."""
    return gc.get_freeze_count()
