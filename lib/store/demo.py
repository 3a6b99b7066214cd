"""Deterministic demo snapshot: plausible, clearly synthetic monthly data for all 32 units.

Run ``python -m lib.store.demo`` to (re)create ``data/snapshots/2026-10-31-demo``. The same seed gives
the same observations on every machine (tests check the bundled copy against a fresh run).
Magnitudes follow the targets of the catalogue; provinces differ (an "effort" factor per
province), training has a seasonal profile (slow around the Spring Festival, busy at year end),
and at least one headline target is off track. Every page that shows it says 示例数据.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from lib.core import settings
from lib.core.periods import month_range
from lib.reference.regions import NATIONAL_CODE, default_registry
from lib.store.snapshots import KEY_COLUMNS, SnapshotRef, write_snapshot

SEED = 20261031
AS_OF = date(2026, 10, 31)
FIRST_MONTH = date(2021, 1, 1)
SNAPSHOT_ID = "2026-10-31-demo"
SICHUAN = "510000"

# Seasonal profile of training activity by calendar month (mean 1).
SEASON = np.array([0.55, 0.45, 0.95, 1.05, 1.10, 1.05, 0.95, 0.90, 1.10, 1.15, 1.20, 1.55])
SEASON = SEASON / SEASON.mean()

# Approximate resident population (10k persons, 2020 census), used as size weights. 新疆 excludes the Corps.
POPULATION = {
    "110000": 2189,
    "120000": 1387,
    "130000": 7461,
    "140000": 3492,
    "150000": 2405,
    "210000": 4259,
    "220000": 2407,
    "230000": 3185,
    "310000": 2487,
    "320000": 8475,
    "330000": 6457,
    "340000": 6103,
    "350000": 4154,
    "360000": 4519,
    "370000": 10153,
    "410000": 9937,
    "420000": 5775,
    "430000": 6644,
    "440000": 12601,
    "450000": 5013,
    "460000": 1008,
    "500000": 3205,
    "510000": 8367,
    "520000": 3856,
    "530000": 4721,
    "540000": 365,
    "610000": 3953,
    "620000": 2502,
    "630000": 592,
    "640000": 720,
    "650000": 2260,
    "660000": 325,
}
BELT_INTENSITY = {"east": 1.3, "central": 1.0, "west": 0.85}

# National annual totals (provinces summed) of the flow indicators, by calendar year.
ANNUAL = {
    "leading_talent_new": {2021: 3000, 2022: 3300, 2023: 3500, 2024: 3800, 2025: 4050, 2026: 4400},
    "high_skilled_new": {2021: 1.40e6, 2022: 1.50e6, 2023: 1.55e6, 2024: 1.65e6, 2025: 1.75e6, 2026: 1.95e6},
    "private_enterprise_trainees": {2021: 0.60e6, 2022: 0.70e6, 2023: 0.80e6, 2024: 1.12e6, 2025: 1.04e6, 2026: 1.02e6},
    "skilled_workers_new": {2021: 8.2e6, 2022: 8.5e6, 2023: 8.3e6, 2024: 8.4e6, 2025: 8.6e6, 2026: 8.5e6},
    "subsidised_training": {2021: 17.0e6, 2022: 16.5e6, 2023: 17.5e6, 2024: 18.0e6, 2025: 17.6e6, 2026: 17.8e6},
}
BREAKDOWNS = {
    "leading_talent_new": (
        "talent_type",
        {"技术技能型": 0.45, "复合技能型": 0.25, "知识技能型": 0.18, "数字技能型": 0.12},
    ),
    "high_skilled_new": (
        "skill_level",
        {"高级工": 0.70, "技师": 0.22, "高级技师": 0.07, "特级技师": 0.008, "首席技师": 0.002},
    ),
    "private_enterprise_trainees": ("training_type", {"岗前培训": 0.4, "在岗培训": 0.6}),
}
CENTRAL_SOE_SHARE = 0.06  # leading talents trained by central enterprises: in the national row, not in any province

# Sichuan's own targets (川办发〔2024〕34号): calendar-year totals for the demo, some met, some not.
SICHUAN_ANNUAL = {
    "graduate_job_fairs": {2021: 6900, 2022: 7300, 2023: 7800, 2024: 8650, 2025: 8800, 2026: 8700},
    "youth_market_employment": {2021: 640e3, 2022: 680e3, 2023: 715e3, 2024: 762e3, 2025: 770e3, 2026: 775e3},
    "youth_flexible_employment": {2021: 128e3, 2022: 137e3, 2023: 146e3, 2024: 154e3, 2025: 158e3, 2026: 160e3},
    "graduate_guidance_stations": {2024: 9, 2025: 6, 2026: 4},
    "internship_posts": {2021: 41e3, 2022: 45e3, 2023: 48e3, 2024: 52.3e3, 2025: 51e3, 2026: 50e3},
    "practice_posts": {2021: 15e3, 2022: 16.5e3, 2023: 17.8e3, 2024: 18.9e3, 2025: 19.5e3, 2026: 20.5e3},
    "work_relief_participants": {2021: 29e3, 2022: 31e3, 2023: 33e3, 2024: 36.8e3, 2025: 35.5e3, 2026: 34e3},
    "subsidised_training": {2021: 430e3, 2022: 445e3, 2023: 452e3, 2024: 468e3, 2025: 441e3, 2026: 455e3},
}

# National-only level series: value at 2021-01 and by 2025-12 (linear in between, flat after).
NATIONAL_COUNTS = {
    "worldskills_training_bases": (200, 410),
    "quality_technical_colleges": (0, 290),
    "quality_majors": (0, 460),
    "technical_education_groups": (0, 104),
    "rural_colleges_and_institutions": (0, 96),
    "rural_high_skill_bases": (0, 102),
    "rural_master_studios": (0, 88),
    "rural_assessment_norms": (0, 101),
    "rural_labour_brands": (0, 130),
}
# Single facilities: the month each one opened.
NATIONAL_OPENINGS = {
    "worldskills_comprehensive_centers": [date(2023, 6, 1)],
    "worldskills_research_centers": [date(2022, 3, 1), date(2023, 9, 1), date(2024, 5, 1)],
    "worldskills_study_centers": [date(2022, 7, 1)],
}
YEARLY_NATIONAL = {  # (year -> value); annual indicators published after the year ends
    "staff_education_fund_total": {2021: 1.52e7, 2022: 1.58e7, 2023: 1.66e7, 2024: 1.73e7, 2025: 1.80e7},
    "staff_education_fund_frontline": {2021: 0.836e7, 2022: 0.901e7, 2023: 0.971e7, 2024: 1.041e7, 2025: 1.098e7},
    "digital_services_trade": {2021: 3605, 2022: 3727, 2023: 3859, 2024: 4230, 2025: 4530},
    "services_trade_total": {2021: 8212, 2022: 8891, 2023: 9331, 2024: 10000, 2025: 10535},
}
SICHUAN_YEARLY = {"postgraduate_enrolment": {2021: 74e3, 2022: 78e3, 2023: 82e3, 2024: 86.2e3, 2025: 89e3}}


def _months() -> list[date]:
    return month_range(FIRST_MONTH, date(AS_OF.year, AS_OF.month, 1))


def _rows(indicator: str, region: str, months: list[date], values: np.ndarray, **breakdown: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": indicator,
            "region_code": region,
            "period": pd.to_datetime(months),
            "value": values,
            **breakdown,
        }
    )


def _monthly_split(annual: dict[int, float], months: list[date]) -> np.ndarray:
    """Spread calendar-year totals over months along the seasonal profile."""
    return np.array([annual.get(m.year, 0.0) * SEASON[m.month - 1] / 12.0 for m in months])


def generate() -> pd.DataFrame:
    """All demo observations (same result on every call)."""
    rng = np.random.default_rng(SEED)
    registry = default_registry()
    units = registry.units
    months = _months()
    sizes = np.array([POPULATION[u.code] * BELT_INTENSITY[u.belt] for u in units])
    shares = sizes / sizes.sum()
    effort = np.clip(rng.normal(1.0, 0.12, len(units)), 0.72, 1.3)  # some provinces do more than their size
    trend = np.clip(rng.normal(0.0, 0.09, len(units)), -0.2, 0.2)  # and some speed up while others slow down
    years = np.array([m.year + (m.month - 1) / 12 for m in months]) - 2023.5
    frames = []

    for indicator, annual in ANNUAL.items():
        mean = _monthly_split(annual, months)
        weight = (shares * effort * np.clip(rng.normal(1.0, 0.05, len(units)), 0.85, 1.15))[:, None] * np.clip(
            1 + np.outer(trend, years), 0.4, 1.8
        )
        # keep the national total on the planned path: provinces differ, the sum does not drift
        weight = weight / weight.sum(axis=0)
        noise = np.clip(rng.normal(1.0, 0.08, (len(units), len(months))), 0.6, 1.4)
        counts = rng.poisson(weight * mean * noise).astype("float64")
        if indicator == "subsidised_training":
            sichuan = next(i for i, u in enumerate(units) if u.code == SICHUAN)
            counts[sichuan] = np.round(_monthly_split(SICHUAN_ANNUAL["subsidised_training"], months))
        for index, unit in enumerate(units):
            frames.append(_rows(indicator, unit.code, months, counts[index]))
            if indicator in BREAKDOWNS:
                column, parts = BREAKDOWNS[indicator]
                probabilities = np.array(list(parts.values()))
                split = np.array(
                    [rng.multinomial(int(total), probabilities) for total in counts[index]], dtype="float64"
                )
                for part_index, label in enumerate(parts):
                    frames.append(_rows(indicator, unit.code, months, split[:, part_index], **{column: label}))
        if indicator == "leading_talent_new":
            provinces = counts.sum(axis=0)
            central = rng.poisson(provinces * CENTRAL_SOE_SHARE / (1 - CENTRAL_SOE_SHARE))
            frames.append(_rows(indicator, NATIONAL_CODE, months, provinces + central))

    frames.extend(_stocks(rng, units, shares, months))

    for indicator, annual in SICHUAN_ANNUAL.items():
        if indicator != "subsidised_training":
            noise = np.clip(rng.normal(1.0, 0.03, len(months)), 0.9, 1.1)
            values = _monthly_split(annual, months) * noise
            # put the rounding remainder in December so each year's total is exactly as planned
            values = np.round(values)
            for year, total in annual.items():
                in_year = [i for i, m in enumerate(months) if m.year == year]
                if in_year and in_year[-1] == len(months) - 1 and months[-1].month != 12:
                    continue
                values[in_year[-1]] += round(total) - values[in_year].sum()
            frames.append(_rows(indicator, SICHUAN, months, values))

    migrants = 2.53e7 + 0.04e7 * np.sin(np.arange(len(months)) / 12 * 2 * np.pi) + rng.normal(0, 0.01e7, len(months))
    frames.append(_rows("migrant_workers_employed", SICHUAN, months, np.round(migrants)))

    for indicator, (start, end) in NATIONAL_COUNTS.items():
        progress = np.clip(np.arange(len(months)) / 59, 0, 1)
        frames.append(_rows(indicator, NATIONAL_CODE, months, np.round(start + (end - start) * progress)))
    for indicator, openings in NATIONAL_OPENINGS.items():
        frames.append(
            _rows(
                indicator,
                NATIONAL_CODE,
                months,
                np.array([sum(m >= o for o in openings) for m in months], dtype="float64"),
            )
        )

    institutions = np.round(30000 + 40 * np.arange(len(months)))
    since_2024 = np.array([max(0, (m.year - 2024) * 12 + m.month) for m in months])
    inspected = np.round(institutions * np.clip(since_2024 / 34 * 0.82, 0, 1))
    frames.append(_rows("subsidised_training_institutions", NATIONAL_CODE, months, institutions))
    inspected_months = [m for m, n in zip(months, since_2024, strict=False) if n > 0]
    frames.append(_rows("inspected_training_institutions", NATIONAL_CODE, inspected_months, inspected[since_2024 > 0]))

    for region, table in ((NATIONAL_CODE, YEARLY_NATIONAL), (SICHUAN, SICHUAN_YEARLY)):
        for indicator, by_year in table.items():
            years = [date(year, 1, 1) for year in by_year]
            frames.append(_rows(indicator, region, years, np.array(list(by_year.values()), dtype="float64")))

    frame = pd.concat(frames, ignore_index=True)
    for column, _ in BREAKDOWNS.values():
        frame[column] = frame[column].astype("str")  # missing stays missing (= total row)
    return frame.sort_values(list(KEY_COLUMNS), kind="stable").reset_index(drop=True)


def _stocks(rng, units, shares, months) -> list[pd.DataFrame]:
    """Skilled, high-skilled and employed persons per province: levels that move slowly."""
    frames = []
    steps = np.arange(1, len(months) + 1) / 60  # fraction of the 14th Five-Year Plan since 2020-12
    employed = 7.50e8 - 0.10e8 * np.minimum(steps, 1.2)
    skilled_share = 0.2667 + (0.293 - 0.2667) * steps  # national: below the 30 % target by 2025-12
    for unit in units:
        tilt = np.clip(rng.normal(1.0, 0.08), 0.8, 1.2)
        employed_p = (
            employed * (POPULATION[unit.code] / sum(POPULATION.values())) * np.clip(rng.normal(1.0, 0.04), 0.9, 1.1)
        )
        skilled_p = employed_p * skilled_share * tilt * BELT_INTENSITY[unit.belt] / 1.08
        if unit.belt == "east":
            start, gain = rng.uniform(0.29, 0.33), rng.uniform(0.02, 0.06)
        else:
            start, gain = rng.uniform(0.24, 0.30), rng.uniform(0.012, 0.034)
        high_p = skilled_p * (start + gain * steps)
        for indicator, values in (
            ("employed_total", employed_p),
            ("skilled_workers_total", skilled_p),
            ("high_skilled_total", high_p),
        ):
            frames.append(_rows(indicator, unit.code, months, np.round(values)))
    return frames


def write_demo_snapshot(root: Path) -> SnapshotRef:
    return write_snapshot(
        root,
        generate(),
        snapshot_id=SNAPSHOT_ID,
        as_of=AS_OF,
        title="示例数据（演示用，非官方统计）",
        title_en="Demo data (not official statistics)",
        publisher="技能政策进度看板 · lib/store/demo.py",
        source=f"由 lib/store/demo.py 按固定随机种子 {SEED} 生成的模拟数据",
        source_en=f"Synthetic data generated by lib/store/demo.py (seed {SEED})",
        license="CC0-1.0 (synthetic data)",
        demo=True,
        notes=(
            "模拟数据，仅用于演示看板功能；量级参照政策目标设定，与任何官方统计无关。"
            " Synthetic, for demonstrating the dashboard only; magnitudes follow the policy targets"
            " and have nothing to do with official statistics."
        ),
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the deterministic demo snapshot.")
    parser.add_argument("--root", type=Path, default=settings.data_dir() / "snapshots", help="snapshots folder")
    args = parser.parse_args(argv)
    ref = write_demo_snapshot(args.root)
    print(f"wrote {ref.path} ({ref.manifest.rows} rows, sha256 {ref.manifest.sha256[:12]}…)")


if __name__ == "__main__":
    main()
