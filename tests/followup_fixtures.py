"""Data for the 督办 tests: a newer snapshot in which a lagging province catches up, so its
follow-up closes itself. November and December 2026 repeat October's rows, and in November Jiangsu
trains enough leading talents to make up its shortfall (the red rule turns it yellow that month,
green the next)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.snapshots import read_observations, scan_snapshots, write_snapshot

RECOVERED_ID = "2026-12-31-recovered"
CATCHING_UP = ("leading_talent", "320000")  # red in the demo snapshot: 648 of the 1,083 required by October


def add_recovered_snapshot(folder: Path, extra: float = 600.0, snapshot_id: str = RECOVERED_ID) -> str:
    ref = scan_snapshots(DEFAULT_DATA_DIR / "snapshots")[0][0]
    frame = read_observations(ref)
    october = frame[frame["period"] == pd.Timestamp("2026-10-01")]
    breakdowns = [c for c in frame.columns if c not in ("indicator_id", "region_code", "period", "value")]
    later = []
    for month in ("2026-11-01", "2026-12-01"):
        rows = october.copy()
        rows["period"] = pd.Timestamp(month)
        if month == "2026-11-01":
            total = (rows["indicator_id"] == "leading_talent_new") & (rows["region_code"] == CATCHING_UP[1])
            for column in breakdowns:
                total &= rows[column].isna()
            rows.loc[total, "value"] += extra
        later.append(rows)
    write_snapshot(
        folder / "snapshots",
        pd.concat([frame, *later], ignore_index=True),
        snapshot_id=snapshot_id,
        as_of=date(2026, 12, 31),
        title="示例数据（江苏补齐差距）",
        publisher="test",
        source="test",
        license="CC0",
        demo=True,
    )
    return snapshot_id
