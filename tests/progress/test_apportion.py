"""Reference targets: a national count target split by each province's share of a base window."""

from datetime import date

import pytest

from lib.progress.apportion import apportion
from lib.progress.engine import Engine
from lib.reference.catalogue import Scope
from tests.helpers import monthly, store, target

GD, SC, NATIONAL = "440000", "510000", "000000"


def test_reference_target_uses_the_share_before_the_target_started():
    rows = monthly("flow", GD, "2023-01", [30] * 12 + [10] * 6) + monthly("flow", SC, "2023-01", [10] * 12 + [10] * 6)
    goal = target(start=date(2024, 1, 1), end=date(2024, 12, 1), value=400)
    shares = apportion(store(rows, (goal,)), goal)
    assert (
        shares.basis == "before_start"
        and shares.base_start == date(2023, 1, 1)
        and shares.base_end == date(2023, 12, 1)
    )
    assert shares.shares[GD] == pytest.approx(0.75) and shares.shares[SC] == pytest.approx(0.25)
    reference = shares.target_for(goal, GD)
    assert reference.value == 300 and reference.scope == Scope("region", GD)
    result = Engine(store(rows, (goal,)), date(2024, 6, 30)).evaluate(reference)
    assert result.actual == 60 and result.expected == 150 and result.status == "off_track"  # GD slowed down


def test_reference_shares_count_the_unallocated_part_of_the_national_total():
    rows = monthly("flow", GD, "2023-01", [30] * 12) + monthly("flow", NATIONAL, "2023-01", [40] * 12)
    goal = target(start=date(2024, 1, 1), end=date(2024, 12, 1))
    assert apportion(store(rows, (goal,)), goal).shares[GD] == pytest.approx(0.75)


def test_without_earlier_data_the_first_year_is_the_base_and_says_so():
    rows = monthly("flow", GD, "2024-01", [20] * 12) + monthly("flow", SC, "2024-01", [5] * 12)
    goal = target(start=date(2024, 1, 1), end=date(2025, 12, 1))
    shares = apportion(store(rows, (goal,)), goal)
    assert shares.basis == "first_year" and shares.shares[GD] == pytest.approx(0.8)


def test_no_base_window_means_no_reference():
    goal = target()
    assert apportion(store(monthly("flow", GD, "2024-01", [5] * 3), (goal,)), goal) is None


def test_reference_targets_of_counts_are_whole_numbers():
    """广东 参考目标 1,358.05人次 was on screen: a count of people is a whole number (half up)."""
    rows = monthly("flow", GD, "2023-01", [1] * 12) + monthly("flow", SC, "2023-01", [2] * 12)
    goal = target(start=date(2024, 1, 1), end=date(2024, 12, 1), value=100)
    shares = apportion(store(rows, (goal,)), goal)
    assert shares.target_for(goal, GD).value == 33 and shares.target_for(goal, SC).value == 67  # 33.33…, 66.67…


def test_reference_targets_of_the_demo_are_whole(demo_view):
    from lib.progress.drilldown import province_results

    for target_id in ("leading_talent", "private_enterprise_training", "high_skilled_driven"):
        goal = demo_view.catalogue.by_target[target_id]
        references = [r.progress.target_value for r in province_results(demo_view, goal, "linear")]
        assert all(float(value).is_integer() for value in references), target_id
