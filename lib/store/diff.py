"""What changed between two sets of observations: rows changed, added and removed (breakdowns
included) — the revision table a data maintainer, or a publisher reviewing a submission, checks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.store.snapshots import KEY_COLUMNS, breakdown_columns

_BLANK = "<blank>"  # stands for a blank breakdown while merging (NaN keys must match NaN keys)


@dataclass(frozen=True)
class ObservationDiff:
    changed: pd.DataFrame  # keys, old_value, new_value, change
    added: pd.DataFrame  # keys, new_value
    removed: pd.DataFrame  # keys, old_value

    @property
    def counts(self) -> dict[str, int]:
        return {"changed": len(self.changed), "added": len(self.added), "removed": len(self.removed)}

    def table(self) -> pd.DataFrame:
        """All three kinds in one frame, with a ``change_kind`` column."""
        parts = [
            self.changed.assign(change_kind="changed"),
            self.added.assign(change_kind="added"),
            self.removed.assign(change_kind="removed"),
        ]
        frame = pd.concat(parts, ignore_index=True)
        front = ["change_kind", *[c for c in frame.columns if c != "change_kind"]]
        return frame[front]


def diff_observations(old: pd.DataFrame, new: pd.DataFrame) -> ObservationDiff:
    breakdowns = sorted(set(breakdown_columns(old.columns)) | set(breakdown_columns(new.columns)))
    if "period_end" in old.columns or "period_end" in new.columns:  # a span is its own observation
        breakdowns.append("period_end")
    keys = [*KEY_COLUMNS, *breakdowns]

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        for column in breakdowns:
            frame[column] = (
                frame[column].astype("object").where(frame[column].notna(), _BLANK) if column in frame else _BLANK
            )
        frame["period"] = pd.to_datetime(frame["period"])
        return frame[[*keys, "value"]]

    merged = keyed(old).merge(keyed(new), on=keys, how="outer", suffixes=("_old", "_new"), indicator=True)
    for column in breakdowns:
        merged[column] = merged[column].astype("object")
        merged.loc[merged[column] == _BLANK, column] = None
    both = merged[merged["_merge"] == "both"]
    differs = ~np.isclose(both["value_old"].to_numpy(float), both["value_new"].to_numpy(float), rtol=1e-12, atol=0.0)
    changed = both[differs].rename(columns={"value_old": "old_value", "value_new": "new_value"})
    changed = changed.assign(change=changed["new_value"] - changed["old_value"])[
        [*keys, "old_value", "new_value", "change"]
    ]
    added = merged[merged["_merge"] == "right_only"].rename(columns={"value_new": "new_value"})[[*keys, "new_value"]]
    removed = merged[merged["_merge"] == "left_only"].rename(columns={"value_old": "old_value"})[[*keys, "old_value"]]
    return ObservationDiff(changed.reset_index(drop=True), added.reset_index(drop=True), removed.reset_index(drop=True))
