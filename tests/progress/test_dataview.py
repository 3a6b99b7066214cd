"""What a data view keeps: results once per key, drawn pieces for the most recent views only."""


def test_recent_computes_once_per_key_and_keeps_only_the_latest(demo_view):
    from lib.progress.dataview import DataView

    view = DataView(demo_view.provenance, demo_view.store)
    calls = []

    def build(value):
        calls.append(value)
        return value

    assert view.recent(("a",), lambda: build(1), keep=2) == 1
    assert view.recent(("a",), lambda: build(99), keep=2) == 1  # kept: not built again
    view.recent(("b",), lambda: build(2), keep=2)
    view.recent(("a",), lambda: build(99), keep=2)  # used again: now the most recent
    view.recent(("c",), lambda: build(3), keep=2)  # pushes out "b", the least recently used
    assert view.recent(("b",), lambda: build(4), keep=2) == 4
    assert calls == [1, 2, 3, 4]


def test_shared_results_are_computed_at_load_for_every_pace(demo_view):
    from lib.progress.dataview import DataView
    from lib.progress.drilldown import compute_shared_results, mappable_targets
    from lib.progress.engine import PACE_METHODS

    view = DataView(demo_view.provenance, demo_view.store)
    compute_shared_results(view)
    keys = [("progress", pace) for pace in PACE_METHODS]
    keys += [("provinces", target.id, pace) for target in mappable_targets(view) for pace in PACE_METHODS]

    def not_computed_at_load():
        raise AssertionError("computed on demand, not at load")

    for key in keys:  # already there: memo does not compute again
        assert view.memo(key, not_computed_at_load) is not None
