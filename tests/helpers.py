"""Small hand-made catalogues and stores for unit tests."""

from __future__ import annotations

from datetime import date

import pandas as pd

from lib.reference.catalogue import Catalogue, Indicator, Program, Scope, Target
from lib.reference.regions import default_registry
from lib.store.observations import ObservationStore
from lib.store.snapshots import KEY_COLUMNS

PROGRAM = Program(
    "p", "计划", "Program", "文件", "X〔2024〕1号", "部", "Ministry", date(2024, 1, 1), "2024", ("f.txt",)
)
INDICATORS = {
    "flow": Indicator("flow", "流量", "Flow", "人次", "flow", "M"),
    "stock": Indicator("stock", "存量", "Stock", "人", "stock", "M"),
    "num": Indicator("num", "分子", "Numerator", "人", "stock", "M"),
    "den": Indicator("den", "分母", "Denominator", "人", "stock", "M"),
    "ratio": Indicator("ratio", "比例", "Ratio", "%", "ratio", "M", numerator="num", denominator="den"),
    "quarterly": Indicator("quarterly", "季度", "Quarterly", "人次", "flow", "Q"),
}


def target(**overrides) -> Target:
    fields = dict(
        id="t",
        index_id="t",
        program_id="p",
        indicator_id="flow",
        name_zh="目标",
        name_en="Target",
        kind="cumulative",
        comparator=">=",
        value=120.0,
        start=date(2024, 1, 1),
        end=date(2024, 12, 1),
        scope=Scope("national", "000000"),
        quote="",
        source_file="f.txt",
    )
    fields.update(overrides)
    return Target(**fields)


def store(rows: list[tuple], targets: tuple[Target, ...] = ()) -> ObservationStore:
    """rows: (indicator_id, region_code, 'YYYY-MM', value)."""
    frame = pd.DataFrame(rows, columns=[*KEY_COLUMNS, "value"])
    frame["period"] = pd.to_datetime(frame["period"] + "-01")
    frame["value"] = frame["value"].astype("float64")
    catalogue = Catalogue({"p": PROGRAM}, INDICATORS, targets)
    return ObservationStore(frame, catalogue, default_registry())


def monthly(indicator: str, region: str, first: str, values: list[float]) -> list[tuple]:
    year, month = map(int, first.split("-"))
    rows = []
    for value in values:
        rows.append((indicator, region, f"{year}-{month:02d}", value))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return rows
