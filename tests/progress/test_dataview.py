"""What a data view keeps: the engine's results, once per key, computed at load (the LRU of drawn pieces
is lib.core.memo's, tested in tests/core/test_memo.py)."""


def test_shared_results_are_computed_at_load_for_every_pace(demo_view):
    from lib.progress.dataview import DataView
    from lib.progress.drilldown import compute_shared_results, mappable_targets, province_results
    from lib.progress.engine import PACE_METHODS

    view = DataView(demo_view.provenance, demo_view.store)
    compute_shared_results(view)
    computed = view._memo.computed
    assert computed > len(PACE_METHODS)
    for pace in PACE_METHODS:  # already there: the view's memo does not compute again
        assert view.progress(pace) is not None
        for target in mappable_targets(view):
            assert province_results(view, target, pace) is not None
    assert view._memo.computed == computed, "computed on demand, not at load"
