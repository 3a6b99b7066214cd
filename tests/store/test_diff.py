"""What changed between two sets of observations, blank breakdowns included."""

import pandas as pd

from lib.store.diff import diff_observations

GD, SC, NATIONAL = "440000", "510000", "000000"


def frame(values, training=None):
    data = {
        "indicator_id": ["a"] * len(values),
        "region_code": [GD] * len(values),
        "period": pd.date_range("2024-01-01", periods=len(values), freq="MS"),
        "value": values,
    }
    if training is not None:
        data["training_type"] = training
    return pd.DataFrame(data)


def test_diff_finds_changed_added_and_removed_rows_with_blank_breakdowns():
    old = frame([1.0, 2.0, 3.0], [None, "岗前培训", None])
    new = frame([1.0, 2.5, 3.0, 4.0], [None, "岗前培训", "在岗培训", None])
    diff = diff_observations(old, new)
    assert diff.counts == {"changed": 1, "added": 2, "removed": 1}
    assert diff.changed.iloc[0]["old_value"] == 2.0 and diff.changed.iloc[0]["change"] == 0.5
    assert pd.isna(diff.removed.iloc[0]["training_type"]) and diff.removed.iloc[0]["old_value"] == 3.0
    assert set(diff.table()["change_kind"]) == {"changed", "added", "removed"}


def test_identical_snapshots_have_no_diff():
    assert diff_observations(frame([1.0, 2.0]), frame([1.0, 2.0])).counts == {"changed": 0, "added": 0, "removed": 0}
