"""The bundled demo snapshot is what the generator makes, covers what the catalogue needs, and is labelled."""

from datetime import date

import pandas as pd
import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.demo import SNAPSHOT_ID, generate
from lib.store.folder import open_data_folder
from lib.store.snapshots import read_observations


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def generated():
    return generate()


def test_bundled_snapshot_is_the_generators_output(folder, generated):
    bundled = read_observations(folder.snapshot(SNAPSHOT_ID))
    assert folder.snapshot(SNAPSHOT_ID).manifest.demo is True
    pd.testing.assert_frame_equal(
        bundled.reset_index(drop=True),
        generated.assign(period=generated["period"].astype(bundled["period"].dtype)),
        check_dtype=False,
    )


def test_generator_is_deterministic(generated):
    pd.testing.assert_frame_equal(generate(), generated)


def test_monthly_data_for_all_32_units_from_2021_01_to_2026_10(folder, generated):
    for indicator in (
        "leading_talent_new",
        "high_skilled_new",
        "private_enterprise_trainees",
        "skilled_workers_new",
        "skilled_workers_total",
        "employed_total",
        "subsidised_training",
    ):
        totals = generated[
            (generated["indicator_id"] == indicator)
            & generated[["talent_type", "skill_level", "training_type"]].isna().all(axis=1)
        ]
        provinces = totals[totals["region_code"] != "000000"]
        assert provinces["region_code"].nunique() == 32, indicator
        assert provinces["period"].min() == pd.Timestamp("2021-01-01") and provinces["period"].max() == pd.Timestamp(
            "2026-10-01"
        )
        assert len(provinces) == 32 * 70, indicator


def test_every_target_but_the_anonymous_city_has_data(folder):
    view = snapshot_view(folder, folder.snapshot(SNAPSHOT_ID))
    progress = view.progress()
    assert [tid for tid, p in progress.items() if p.status == "no_data"] == ["city_training_2019_2021"]
    assert view.provenance.as_of == date(2026, 10, 31)


def test_headline_statuses_vary_and_one_is_off_track(folder):
    view = snapshot_view(folder, folder.snapshot(SNAPSHOT_ID))
    progress = view.progress()
    assert progress["leading_talent"].status == "off_track"
    assert progress["new_skilled_workers"].status == "achieved"
    assert progress["leading_talent"].unallocated > 0  # central enterprises: national row above provinces


def test_provinces_differ(generated):
    """Against their own share before the target period, some provinces run ahead and some behind."""
    rows = generated[
        (generated["indicator_id"] == "leading_talent_new")
        & generated["talent_type"].isna()
        & (generated["region_code"] != "000000")
    ]
    before = rows[rows["period"] < "2024-01-01"].groupby("region_code")["value"].sum()
    during = rows[rows["period"] >= "2024-01-01"].groupby("region_code")["value"].sum()
    change = (during / during.sum()) / (before / before.sum())
    assert change.min() < 0.8 and change.max() > 1.2


def test_breakdowns_add_up_to_the_totals(generated):
    rows = generated[generated["indicator_id"] == "private_enterprise_trainees"]
    totals = rows[rows["training_type"].isna()].set_index(["region_code", "period"])["value"]
    parts = rows[rows["training_type"].notna()].groupby(["region_code", "period"])["value"].sum()
    pd.testing.assert_series_equal(totals.sort_index(), parts.sort_index(), check_names=False)
