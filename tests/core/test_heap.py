"""Settling the heap: a collection and a freeze only when something long-lived arrived."""

import gc

from lib.core import heap


def test_settling_freezes_what_is_alive_and_skips_when_nothing_new_arrived():
    heap.note_long_lived()
    kept = [object() for _ in range(1000)]
    assert heap.settle_heap()
    frozen = heap.frozen_count()
    assert frozen >= len(kept)
    assert not heap.settle_heap()  # nothing new: no collection, no freeze
    heap.note_long_lived()
    assert heap.settle_heap()


def test_frozen_objects_are_still_freed_when_nothing_refers_to_them():
    import weakref

    class Cache:
        pass

    cache = Cache()
    alive = weakref.ref(cache)
    heap.note_long_lived()
    heap.settle_heap()
    del cache
    assert alive() is None  # reference counting still frees frozen objects
    gc.collect()
