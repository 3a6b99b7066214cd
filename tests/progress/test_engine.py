"""The progress method (DESIGN.md §5) on hand-computed cases: each kind, each status, the edges."""

from datetime import date

import pytest

from lib.progress.engine import Engine, summarise
from lib.reference.catalogue import Scope
from tests.helpers import monthly, store, target

NATIONAL = "000000"
GD, SC = "440000", "510000"


def evaluate(rows, as_of, method="linear", **target_fields):
    goal = target(**target_fields)
    return Engine(store(rows, (goal,)), as_of, pace_method=method).evaluate(goal)


# --- cumulative ---------------------------------------------------------------------------------
def test_cumulative_exactly_on_pace_is_on_track():
    result = evaluate(monthly("flow", NATIONAL, "2024-01", [10] * 6), date(2024, 6, 30))
    assert result.status == "on_track"
    assert result.actual == 60 and result.time_elapsed == 0.5 and result.expected == 60
    assert result.pace == 1.0 and result.completion == 0.5 and result.projection == 120
    assert result.gap_points == 0


def test_cumulative_pace_at_threshold_is_at_risk_and_below_is_off_track():
    assert evaluate(monthly("flow", NATIONAL, "2024-01", [9] * 6), date(2024, 6, 30)).status == "at_risk"  # 54/60 = 0.9
    below = evaluate(monthly("flow", NATIONAL, "2024-01", [8.9] * 6), date(2024, 6, 30))
    assert below.status == "off_track" and below.pace == pytest.approx(0.89)


def test_cumulative_reaching_the_target_exactly_is_achieved_early():
    result = evaluate(monthly("flow", NATIONAL, "2024-01", [20] * 6), date(2024, 6, 30))
    assert result.actual == 120 and result.status == "achieved"


def test_as_of_before_start_is_not_started():
    rows = monthly("flow", NATIONAL, "2023-01", [10] * 12)
    result = evaluate(rows, date(2023, 12, 15))
    assert result.status == "not_started" and result.time_elapsed == 0


def test_mid_month_as_of_counts_only_complete_months():
    result = evaluate(monthly("flow", NATIONAL, "2024-01", [10] * 6), date(2024, 6, 15))
    assert result.window_end == date(2024, 5, 1)
    assert result.time_elapsed == pytest.approx(5 / 12) and result.actual == 50


def test_after_end_not_reached_is_missed_and_reached_is_achieved():
    short = evaluate(monthly("flow", NATIONAL, "2024-01", [9] * 12), date(2025, 3, 31))
    assert short.status == "missed" and short.actual == 108 and short.time_elapsed == 1
    assert evaluate(monthly("flow", NATIONAL, "2024-01", [10] * 12), date(2025, 3, 31)).status == "achieved"


def test_period_over_on_its_last_day():
    assert evaluate(monthly("flow", NATIONAL, "2024-01", [9] * 12), date(2024, 12, 31)).status == "missed"


def test_missing_months_are_listed_and_not_invented():
    rows = [row for row in monthly("flow", NATIONAL, "2024-01", [10] * 6) if row[2] != "2024-03"]
    result = evaluate(rows, date(2024, 6, 30))
    assert result.actual == 50 and result.missing_periods == (date(2024, 3, 1),)
    assert result.status == "off_track"  # 50 / 60


def test_zero_data_is_off_track_not_no_data():
    result = evaluate(monthly("flow", NATIONAL, "2024-01", [0] * 6), date(2024, 6, 30))
    assert result.status == "off_track" and result.actual == 0 and result.pace == 0


def test_nothing_observed_is_no_data():
    result = evaluate(monthly("flow", NATIONAL, "2022-01", [5] * 12), date(2024, 6, 30))
    assert result.status == "no_data" and result.actual is None


def test_approx_target_is_achieved_within_five_percent():
    rows = monthly("flow", NATIONAL, "2024-01", [8] * 12)  # 96 of 100
    assert evaluate(rows, date(2024, 12, 31), comparator="approx", value=100).status == "achieved"
    rows = monthly("flow", NATIONAL, "2024-01", [7.8] * 12)  # 93.6 of 100
    result = evaluate(rows, date(2024, 12, 31), comparator="approx", value=100)
    assert result.status == "missed" and result.achieve_threshold == 95


def test_cap_target_exceeded_is_missed():
    rows = monthly("flow", NATIONAL, "2024-01", [30] * 6)
    assert evaluate(rows, date(2024, 6, 30), comparator="<=", value=100).status == "missed"
    assert (
        evaluate(monthly("flow", NATIONAL, "2024-01", [5] * 6), date(2024, 6, 30), comparator="<=", value=100).status
        == "on_track"
    )


# --- national figure and 未分省 -------------------------------------------------------------------
def test_reported_national_wins_and_the_difference_is_kept_as_unallocated():
    rows = (
        monthly("flow", NATIONAL, "2024-01", [12, 12])
        + monthly("flow", GD, "2024-01", [6, 6, 6])
        + monthly("flow", SC, "2024-01", [4, 4, 4])
    )
    result = evaluate(rows, date(2024, 3, 31))
    # Jan, Feb: national rows 12 (provinces 10) -> unallocated 2 each; Mar: provinces only -> 10
    assert result.actual == 12 + 12 + 10
    assert result.unallocated == 4
    assert result.national_source == "mixed"


def test_provinces_only_sum_up():
    rows = monthly("flow", GD, "2024-01", [6] * 3) + monthly("flow", SC, "2024-01", [4] * 3)
    result = evaluate(rows, date(2024, 3, 31))
    assert result.actual == 30 and result.national_source == "sum_of_provinces" and result.unallocated is None


def test_a_province_is_evaluated_on_its_own_rows():
    rows = monthly("flow", GD, "2024-01", [6] * 3) + monthly("flow", SC, "2024-01", [4] * 3)
    goal = target()
    result = Engine(store(rows, (goal,)), date(2024, 3, 31)).evaluate(goal, GD)
    assert result.actual == 18 and result.region_code == GD


# --- annual ----------------------------------------------------------------------------------------
def annual_rows():
    return monthly("flow", NATIONAL, "2024-01", [110 / 12] * 12 + [8] * 6)


def test_annual_current_year_decides_and_past_years_show_their_result():
    result = evaluate(annual_rows(), date(2025, 6, 30), kind="annual", value=100, end=date(2025, 12, 1))
    assert result.year == 2025 and result.actual == 48 and result.expected == 50
    assert result.status == "at_risk"  # 48 / 50 = 0.96
    assert [(y.year, y.status) for y in result.years] == [(2024, "achieved"), (2025, "at_risk")]


def test_annual_after_the_period_needs_every_year():
    rows = monthly("flow", NATIONAL, "2024-01", [10] * 24)  # 120 each year
    assert evaluate(rows, date(2026, 1, 31), kind="annual", value=100, end=date(2025, 12, 1)).status == "achieved"
    rows = monthly("flow", NATIONAL, "2024-01", [10] * 12 + [8] * 12)  # 120, then 96
    result = evaluate(rows, date(2026, 1, 31), kind="annual", value=100, end=date(2025, 12, 1))
    assert result.status == "missed" and [y.status for y in result.years] == ["achieved", "missed"]


# --- level and change ------------------------------------------------------------------------------
def level(v_june, **fields):
    rows = monthly("stock", NATIONAL, "2023-12", [10, 11, 12, 13, 14, 14.5, v_june])
    defaults = dict(indicator_id="stock", kind="level", value=20, baseline_period=date(2023, 12, 1))
    return evaluate(rows, date(2024, 6, 30), **{**defaults, **fields})


def test_level_on_the_linear_path_from_the_baseline():
    result = level(15.5)
    assert result.baseline == 10 and result.expected == 15  # 10 + (20 - 10) * 6/12
    assert result.status == "on_track" and result.completion == pytest.approx(0.55)
    assert result.projection == pytest.approx(21)  # 10 + 5.5 / 0.5


def test_level_pace_thresholds():
    assert level(14.6).status == "at_risk"  # (14.6 - 10) / (15 - 10) = 0.92
    off = level(14)
    assert off.status == "off_track" and off.pace == pytest.approx(0.8)


def test_level_reached_is_achieved_and_a_standing_requirement_holds_at_every_date():
    assert level(20.5).status == "achieved"
    standing = level(19, baseline_period=None)
    assert standing.expected == 20 and standing.status == "at_risk" and standing.pace == pytest.approx(0.95)


def test_change_target_adds_the_rise_to_the_baseline():
    result = level(12.1, kind="change", value=2)
    assert result.target_value == 12 and result.status == "achieved"


def test_baseline_month_without_data_uses_the_next_observation_and_says_so():
    result = level(15.5, baseline_period=date(2023, 11, 1))
    assert result.baseline == 10 and result.baseline_period == date(2023, 12, 1) and result.baseline_substituted


def test_fixed_baseline_value():
    assert level(15.5, baseline_period=None, baseline_value=0).expected == 10


def test_level_cap_below_is_achieved():
    assert level(9, comparator="<=", value=9.5, baseline_period=None).status == "achieved"


def test_ratio_is_recomputed_from_parts_not_averaged():
    rows = monthly("num", GD, "2024-01", [10] * 6) + monthly("den", GD, "2024-01", [100] * 6)
    rows += monthly("num", SC, "2024-01", [90] * 6) + monthly("den", SC, "2024-01", [100] * 6)
    rows += monthly("den", NATIONAL, "2024-01", [400] * 6)  # reported national denominator
    result = evaluate(rows, date(2024, 6, 30), indicator_id="ratio", kind="level", value=60)
    assert result.actual == pytest.approx(100 * (10 + 90) / 400)  # not (10% + 90%) / 2


# --- seasonal pace ---------------------------------------------------------------------------------
PROFILE = [1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3]  # sums to 24


def test_seasonal_pace_uses_prior_full_years():
    rows = monthly("flow", NATIONAL, "2022-01", PROFILE * 2 + [1, 1, 2, 2, 2, 2])
    linear = evaluate(rows, date(2024, 6, 30), value=24)
    seasonal = evaluate(rows, date(2024, 6, 30), method="seasonal", value=24)
    assert linear.time_elapsed == 0.5 and linear.pace == pytest.approx(10 / 12)
    assert seasonal.pace_method == "seasonal" and seasonal.time_elapsed == pytest.approx(10 / 24)
    assert seasonal.pace == pytest.approx(1.0) and seasonal.status == "on_track"


def test_seasonal_pace_needs_two_full_years():
    rows = monthly("flow", NATIONAL, "2023-01", [*PROFILE, 1, 1, 2, 2, 2, 2])
    result = evaluate(rows, date(2024, 6, 30), method="seasonal", value=24)
    assert result.pace_method == "linear" and result.pace_note == "seasonal_unavailable"


# --- frequency, groups -------------------------------------------------------------------------------
def test_quarterly_indicator_counts_whole_quarters():
    rows = [("quarterly", NATIONAL, "2024-01", 30.0), ("quarterly", NATIONAL, "2024-04", 30.0)]
    result = evaluate(rows, date(2024, 8, 31), indicator_id="quarterly")  # Q3 not complete
    assert result.window_end == date(2024, 6, 1) and result.time_elapsed == 0.5 and result.actual == 60


def test_group_target_judges_each_member_and_shows_the_worst():
    rows = monthly("stock", GD, "2024-01", [40] * 6) + monthly("stock", SC, "2024-01", [20] * 6)
    goal = target(indicator_id="stock", kind="level", value=35, scope=Scope("group", group="all"))
    result = Engine(store(rows, (goal,)), date(2024, 6, 30)).evaluate(goal)
    statuses = {member.region_code: member.status for member in result.members}
    assert statuses[GD] == "achieved" and statuses[SC] == "off_track" and statuses["110000"] == "no_data"
    assert result.status == "off_track" and result.actual is None


def test_summarise_ignores_members_without_data_unless_all_lack_it():
    from dataclasses import replace

    base = evaluate(monthly("flow", NATIONAL, "2024-01", [10] * 6), date(2024, 6, 30))
    assert summarise((replace(base, status="achieved"), replace(base, status="no_data"))) == "achieved"
    assert summarise((replace(base, status="no_data"),)) == "no_data"


def test_inputs_carry_every_number():
    result = evaluate(monthly("flow", NATIONAL, "2024-01", [10] * 6), date(2024, 6, 30))
    inputs = result.inputs()
    assert inputs["T"] == 120 and inputs["A_or_V"] == 60 and inputs["f"] == 0.5 and inputs["E"] == 60
    assert inputs["window_start"] == "2024-01" and inputs["window_end"] == "2024-06" and inputs["status"] == "on_track"
