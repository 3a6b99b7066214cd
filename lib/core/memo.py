"""The one memo: a result computed once per distinct argument set and kept, process-wide.

``remember(fn, *args, **kwargs)`` is ``fn(*args, **kwargs)``, computed once for each distinct set
of arguments and kept in a bounded least-recently-used table that every session of the process
shares. Because it is shared, the key must hold *everything* the value depends on — a figure drawn
from one analyst's upload must never reach another person. So the key is not written by hand: it is
``key_of`` the function's qualified name and of every argument, and an argument ``key_of`` does not
know how to key (a DataFrame, an open connection, a closure) is refused with ``TypeError`` instead of
being left out. What may be keyed:

- ``None``, booleans, numbers, strings, dates, times, paths and enums, as themselves; bytes as themselves,
  or by their SHA-256 when longer than 1 KiB (an uploaded file);
- tuples, lists, dicts, sets and frozensets, recursively;
- an object with a ``memo_key`` property (a data view: its snapshot's checksum, the content of any
  upload over it and the catalogue it is read with; a catalogue: a digest of its programs,
  indicators and targets) — the object promises that ``memo_key`` changes whenever anything a
  result could read from it changes;
- a frozen dataclass, by its class and its fields (recursively).

A function whose results are big (a briefing's files, a whole snapshot's view) says how many of them
may be kept at once with ``@kept_at_most(n)``; the least recently used of them goes first, whatever
else the table holds. ``recall`` is a look without computing (a result only a button makes).

The function itself must be a module-level function: a lambda or a nested function could read
variables the key does not see, so it is refused too.

Thread safety: Streamlit runs each session's script in its own thread. Two sessions asking for the
same key at once compute it once — the second waits for the first — and different keys compute in
parallel (the table's lock is never held while computing). A computation that raises is not kept;
whoever waits for it computes again.

A kept result is shared: it must never be changed by its readers (figures, frames and lists are
treated as read-only once returned).

``Memo`` is the table itself; a data view holds an unbounded one of its own for the engine's
results (see ``lib.progress.dataview``), with the same ``remember`` and the same keys.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePath
from typing import Any, TypeVar

T = TypeVar("T")

# results kept process-wide (a tile map ~0.1 MB, a page's view model well under 1 MB: ~50-150 MB at most)
MEMO_ENTRIES = 512

LONG_BYTES = 1024  # longer bytes (an uploaded file) are keyed by their SHA-256

_PLAIN = (type(None), bool, int, float, str, bytes, Decimal, dt.date, dt.time, dt.timedelta, PurePath)


def key_of(value: Any) -> Any:
    """A hashable key that is equal for equal values and holds every part of ``value``; raises
    ``TypeError`` for a value it cannot key, so no part of a result's input is silently left out."""
    if isinstance(value, bytes) and len(value) > LONG_BYTES:
        return ("bytes", len(value), hashlib.sha256(value).hexdigest())  # a file's content, not pinned by the key
    if isinstance(value, enum.Enum):
        return ("enum", type(value).__qualname__, value.value)
    if isinstance(value, _PLAIN):
        return (type(value).__name__, value)  # 1, 1.0 and True are different arguments
    if isinstance(value, tuple | list):
        return (type(value).__name__, tuple(key_of(item) for item in value))
    if isinstance(value, dict):
        items = [(key_of(name), key_of(item)) for name, item in value.items()]
        return ("dict", tuple(sorted(items, key=repr)))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted((key_of(item) for item in value), key=repr)))
    memo_key = getattr(type(value), "memo_key", None)
    if memo_key is not None:
        return (_qualified(type(value)), key_of(value.memo_key))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not type(value).__dataclass_params__.frozen:
            raise TypeError(f"cannot key a mutable dataclass {type(value).__qualname__} (it may change after keying)")
        fields = tuple((f.name, key_of(getattr(value, f.name))) for f in dataclasses.fields(value))
        return (_qualified(type(value)), fields)
    raise TypeError(f"cannot key a {type(value).__qualname__}: give it a memo_key property or pass plain values")


def function_key(fn: Callable) -> str:
    """The function's module and qualified name; a lambda, a nested function or a closure is refused
    (what it reads from around it would not be in the key)."""
    qualname = getattr(fn, "__qualname__", None)
    module = getattr(fn, "__module__", None)
    if not qualname or not module or "<" in qualname or getattr(fn, "__closure__", None):
        raise TypeError(f"remember needs a module-level function, not {fn!r}")
    return f"{module}.{qualname}"


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def kept_at_most(entries: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Mark a function whose results are big: at most ``entries`` of them are kept at once."""

    def mark(fn: Callable[..., T]) -> Callable[..., T]:
        fn.memo_entries = entries
        return fn

    return mark


class _Pending:
    """A computation under way: others asking for the same key wait for it."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.failed = False


class Memo:
    """A table of results keyed by ``key_of`` their function and arguments; ``max_entries`` None keeps
    everything (for tables whose owner bounds them, e.g. a data view's engine results)."""

    def __init__(self, max_entries: int | None = MEMO_ENTRIES) -> None:
        self.max_entries = max_entries
        self._results: OrderedDict = OrderedDict()
        self._pending: dict = {}
        self._lock = threading.Lock()
        self.computed = 0  # how many times a function ran (for tests and benchmarks)

    def remember(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        key = (function_key(fn), key_of(args), key_of(kwargs))
        return self.remember_keyed(key, fn, args, kwargs)

    def recall(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
        """What ``remember`` would return if it is kept now, else None (nothing is computed)."""
        key = (function_key(fn), key_of(args), key_of(kwargs))
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        return None

    def remember_keyed(self, key: Any, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
        """``fn(*args, **kwargs)`` kept under ``key``, which the caller built with ``key_of`` (a data
        view keys its own results without itself, passing itself as the first argument)."""
        while True:
            with self._lock:
                if key in self._results:
                    self._results.move_to_end(key)
                    return self._results[key]
                pending = self._pending.get(key)
                mine = pending is None
                if mine:
                    pending = self._pending[key] = _Pending()
            if not mine:
                pending.done.wait()
                continue  # kept now (or failed: then this caller computes it again)
            try:
                value = fn(*args, **kwargs)
            except BaseException:
                with self._lock:
                    del self._pending[key]
                pending.failed = True
                pending.done.set()
                raise
            with self._lock:
                self.computed += 1
                self._results[key] = value
                del self._pending[key]
                if self.max_entries is not None:
                    while len(self._results) > self.max_entries:
                        self._results.popitem(last=False)
                self._bound(key[0], getattr(fn, "memo_entries", None))
            pending.done.set()
            return value

    def _bound(self, name: Any, entries: int | None) -> None:
        """Keep at most ``entries`` results of the function ``name`` (the least recently used go)."""
        if entries is None:
            return
        mine = [key for key in self._results if key[0] == name]
        for key in mine[: max(len(mine) - entries, 0)]:
            del self._results[key]

    def __len__(self) -> int:
        return len(self._results)

    def clear(self) -> None:
        with self._lock:
            self._results.clear()


SHARED = Memo()


def remember(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` computed once per distinct argument set and kept process-wide (see the
    module's docstring for what may be an argument)."""
    return SHARED.remember(fn, *args, **kwargs)


def recall(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
    """The kept result of ``fn(*args, **kwargs)``, or None when there is none (nothing computed)."""
    return SHARED.recall(fn, *args, **kwargs)
