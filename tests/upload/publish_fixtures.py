"""What the publication tests share: the demo snapshot as the base, a small provincial upload."""

from functools import lru_cache

import pandas as pd

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.snapshots import read_observations, scan_snapshots

UPLOAD_RAW = "省份,月份,指标,人次\n广东,2026-10,公共实训基地培训民营企业员工,50000\n".encode()


@lru_cache(maxsize=1)
def _base() -> pd.DataFrame:
    return read_observations(scan_snapshots(DEFAULT_DATA_DIR / "snapshots")[0][0])


def base_frame() -> pd.DataFrame:
    return _base().copy()


def upload_frame(region: str = "440000") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["private_enterprise_trainees"],
            "region_code": [region],
            "period": [pd.Timestamp("2026-10-01")],
            "value": [50000.0],
        }
    )
