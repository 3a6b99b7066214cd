"""Settling the heap: survivors frozen at every run's start, and reclaimed when the frozen heap grew."""

import gc
import weakref

import pytest

from lib.core import heap


class Node:
    """An object that can be part of a reference cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


def frozen_garbage_cycle() -> weakref.ref:
    """A two-object cycle nothing else refers to (a closed session, say), frozen by a settle before
    any automatic collection could take it; a weak reference to it."""
    gc.disable()
    try:
        first, second = Node(), Node()
        first.other, second.other = second, first
        assert not heap.settle_heap()
        return weakref.ref(first)
    finally:
        gc.enable()


@pytest.fixture
def check_every_run(monkeypatch):
    monkeypatch.setattr(heap, "CHECK_EVERY_S", 0.0)
    heap.reclaim_now()
    yield
    heap.reclaim_now()


def test_settling_freezes_what_earlier_runs_left_alive(check_every_run):
    before = heap.frozen_count()
    kept = [Node() for _ in range(1000)]
    assert not heap.settle_heap()  # nothing grew by a quarter: only a freeze
    assert heap.frozen_count() >= before + len(kept)


def test_a_frozen_cycle_is_reclaimed_once_the_frozen_heap_has_grown_by_a_quarter(check_every_run):
    cycle = frozen_garbage_cycle()
    gc.collect()  # what Streamlit does after every run: frozen, the cycle is not visited
    assert cycle() is not None
    grown = [Node() for _ in range(int(heap.frozen_count() * heap.GROWTH_BEFORE_RECLAIM) + 1000)]
    assert not heap.settle_heap()  # the growth is frozen now ...
    assert heap.settle_heap()  # ... and counted at the next run's start: everything collected
    assert cycle() is None
    assert not heap.settle_heap()
    del grown  # alive until here: the growth that was counted


def test_counting_waits_for_its_interval(monkeypatch):
    monkeypatch.setattr(heap, "CHECK_EVERY_S", 3600.0)
    heap.reclaim_now()
    heap.settle_heap()  # the first check after the interval (or ever) may collect; then none for an hour
    cycle = frozen_garbage_cycle()
    grown = [Node() for _ in range(int(heap.frozen_count() * heap.GROWTH_BEFORE_RECLAIM) + 1000)]
    assert not heap.settle_heap()
    assert not heap.settle_heap()
    assert cycle() is not None
    heap.reclaim_now()
    assert cycle() is None
    del grown  # alive until here: the growth that was counted


def test_frozen_objects_are_still_freed_when_nothing_refers_to_them(check_every_run):
    cache = Node()
    alive = weakref.ref(cache)
    heap.settle_heap()
    del cache
    assert alive() is None  # reference counting still frees frozen objects
