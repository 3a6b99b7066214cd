"""The one memo (lib.core.memo): once per distinct arguments, every argument in the key, nothing
unkeyable accepted, one computation per key under concurrent sessions."""

import threading
from dataclasses import dataclass, replace
from datetime import date, datetime

import pandas as pd
import pytest

from lib.core.memo import Memo, kept_at_most, key_of, remember


def echo(*args, **kwargs):
    return (args, kwargs)


CALLS: list = []


def counted(value):
    CALLS.append(value)
    return value


@dataclass(frozen=True)
class Point:
    x: int
    y: int


@dataclass
class Mutable:
    x: int


def test_computes_once_per_key_and_keeps_only_the_most_recent():  # moved from test_dataview (DataView.recent)
    memo = Memo(max_entries=2)
    CALLS.clear()
    assert memo.remember(counted, 1) == 1
    assert memo.remember(counted, 1) == 1  # kept: not built again
    memo.remember(counted, 2)
    memo.remember(counted, 1)  # used again: now the most recent
    memo.remember(counted, 3)  # pushes out 2, the least recently used
    assert memo.remember(counted, 2) == 2
    assert CALLS == [1, 2, 3, 2]


def test_every_argument_is_part_of_the_key():
    memo = Memo()
    first = memo.remember(echo, 1, lang="zh", when=date(2026, 1, 31), point=Point(1, 2), ids=frozenset({"a"}))
    assert memo.remember(echo, 1, lang="zh", when=date(2026, 1, 31), point=Point(1, 2), ids=frozenset({"a"})) is first
    for changed in (
        dict(lang="en"),
        dict(when=date(2026, 2, 28)),
        dict(point=Point(1, 3)),
        dict(ids=frozenset({"a", "b"})),
    ):
        arguments = {"lang": "zh", "when": date(2026, 1, 31), "point": Point(1, 2), "ids": frozenset({"a"}), **changed}
        assert memo.remember(echo, 1, **arguments) is not first
    assert key_of(1) != key_of(1.0) != key_of(True)
    assert key_of(date(2026, 1, 1)) != key_of(datetime(2026, 1, 1))
    assert key_of({"b": 1, "a": 2}) == key_of({"a": 2, "b": 1})
    assert key_of(b"x" * 5000) != key_of(b"x" * 4999 + b"y")


def test_an_unkeyable_argument_is_refused_not_left_out():
    memo = Memo()
    for value in (pd.DataFrame({"a": [1]}), object(), Mutable(1), [1, {"nested": object()}]):
        with pytest.raises(TypeError):
            memo.remember(echo, value)
        with pytest.raises(TypeError):
            memo.remember(echo, keyword=value)
    outside = 3
    with pytest.raises(TypeError):
        memo.remember(lambda: outside)

    def nested():
        return outside

    with pytest.raises(TypeError):
        memo.remember(nested)
    assert len(memo) == 0


def test_concurrent_sessions_compute_a_key_once():
    memo = Memo()
    started = threading.Event()
    release = threading.Event()
    runs = []

    def slow(value):
        runs.append(value)
        started.set()
        release.wait(10)
        return [value]

    global SLOW
    SLOW = slow
    results = []
    threads = [threading.Thread(target=lambda: results.append(memo.remember(slow_shim, 7))) for _ in range(6)]
    for thread in threads:
        thread.start()
    assert started.wait(10)
    release.set()
    for thread in threads:
        thread.join(10)
    assert runs == [7]
    assert len(results) == 6 and all(result is results[0] for result in results)


SLOW = None


def slow_shim(value):
    return SLOW(value)


def failing(value):
    CALLS.append(value)
    raise ValueError(value)


def test_a_failure_is_not_kept():
    memo = Memo()
    CALLS.clear()
    for _ in range(2):
        with pytest.raises(ValueError):
            memo.remember(failing, 1)
    assert CALLS == [1, 1]
    assert len(memo) == 0


# --- two people never get each other's result ---------------------------------------------------------
def total_of(view, notes=()):
    """A result that reads the data in force and the notes drawn (as a view model does)."""
    return (float(view.store.frame["value"].sum()), tuple(note.text for note in notes))


def test_two_people_with_different_uploads_never_get_each_others_result(demo_view):
    from lib.core.settings import DEFAULT_DATA_DIR
    from lib.store.folder import open_data_folder
    from lib.upload.session import upload_view

    folder = open_data_folder(DEFAULT_DATA_DIR)
    rows = demo_view.store.frame.head(50).copy()
    mine, theirs = rows.copy(), rows.copy()
    theirs.loc[theirs.index[0], "value"] += 1000  # one number differs; same file name, same mode
    my_view, _ = upload_view(folder, demo_view, mine, mode="merge", name="报表.xlsx", lang="zh")
    their_view, _ = upload_view(folder, demo_view, theirs, mode="merge", name="报表.xlsx", lang="zh")
    assert my_view.provenance == their_view.provenance  # what a hand-built key would have used
    mine_result = remember(total_of, my_view)
    their_result = remember(total_of, their_view)
    assert mine_result != their_result
    assert their_result[0] - mine_result[0] == pytest.approx(1000)
    assert their_view.memo_key != demo_view.memo_key  # nor the snapshot's (its provenance is the same too)


def test_two_people_with_different_notes_or_own_targets_never_get_each_others_result(demo_view):
    from lib.store.annotations import Note
    from lib.upload.session import session_view

    note = Note("n1", "t", "i", "110000", date(2026, 3, 1), "延迟上报", "a", "甲", False, datetime(2026, 4, 1))
    other = replace(note, text="口径调整")
    assert remember(total_of, demo_view, (note,)) != remember(total_of, demo_view, (other,))
    assert remember(total_of, demo_view, (note,))[1] == ("延迟上报",)

    target = demo_view.catalogue.targets[0]
    own = replace(target, id="own-1", origin="own") if hasattr(target, "origin") else replace(target, id="own-1")
    with_own = session_view(demo_view, demo_view.catalogue.with_own(targets=[own]))
    assert with_own.memo_key != demo_view.memo_key  # same snapshot, another catalogue: another key


@kept_at_most(2)
def big(value):
    CALLS.append(value)
    return [value] * 3


def test_a_big_result_is_kept_at_most_as_often_as_its_function_says_and_recall_never_computes():
    memo = Memo()
    CALLS.clear()
    assert memo.recall(big, 1) is None and CALLS == []
    for value in (1, 2, 3):
        memo.remember(big, value)
        memo.remember(counted, value)  # others are not pushed out by big results
    assert memo.recall(big, 1) is None and memo.recall(big, 3) == [3, 3, 3]
    assert memo.recall(counted, 1) == 1
    assert CALLS == [1, 1, 2, 2, 3, 3]
