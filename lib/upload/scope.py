"""A provincial analyst's upload holds their province's rows only: rows of other regions (the
national row included) are not accepted but listed as errors, line by line, so the analyst sees
what was left out and why — the store refuses them again on saving."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from lib.core.roles import NATIONAL
from lib.upload.common import Problems, Result
from lib.upload.reader import LINE


def within_scope(result: Result, scope: str, scope_zh: str = "", scope_en: str = "") -> Result:
    """``result`` with the rows outside ``scope`` moved to its problems (``outside_scope`` errors)."""
    frame = result.observations
    if scope == NATIONAL or frame.empty:
        return result
    outside = frame["region_code"].astype("str") != scope
    if not outside.any():
        return result
    problems = Problems()
    dropped = frame[outside]
    lines = dropped[LINE] if LINE in dropped else pd.Series(0, index=dropped.index)
    problems.add_many(
        lines.fillna(0),
        "region_code",
        dropped["region_code"].astype("str"),
        "outside_scope",
        scope=" · ".join(dict.fromkeys(name for name in (scope_zh, scope_en) if name)) or scope,
    )
    merged = pd.concat([result.problems, problems.frame()], ignore_index=True)
    return replace(result, observations=frame[~outside].reset_index(drop=True), problems=merged)
