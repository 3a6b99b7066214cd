"""The one vocabulary of measures (issue #21; the words made in ``lib.views.words`` from the figures of
``lib.progress.measures``, issue #20): names, formulas, rounding and the words for level and
approximate targets, on hand-made results (each case failed on the old wording first: 低于时间进度14.1,
完成96.7% beside 已完成, 97.0% of a 30 % target)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lib.progress.engine import Progress
from lib.progress.measures import MEASURES, gap_points, shown_percent, within_tolerance
from lib.views.words import (
    completion_value,
    distance_words,
    gap_words,
    level_words,
    measure_formula,
    measure_help,
    measure_name,
    standing,
)
from tests.helpers import target

COUNT = Progress(
    "t",
    "000000",
    "cumulative",
    "off_track",
    date(2026, 10, 31),
    15000.0,
    actual=12059.0,
    completion=0.80393,
    time_elapsed=0.94444,
    pace=0.85122,
)


def test_each_measure_has_one_name_and_a_formula_in_both_languages():
    names = [measure_name(measure, "zh") for measure in MEASURES]
    assert names[:4] == ["完成进度", "时间进度", "快于/慢于时间进度", "进度比"] and len(set(names)) == len(names)
    for measure in MEASURES:
        assert (
            measure_formula(measure, "zh")
            and measure_formula(measure, "en")
            and measure_help(measure, "zh").startswith(measure_name(measure, "zh"))
        )


def test_the_gap_is_the_difference_of_the_two_figures_shown():
    assert completion_value(COUNT) == "80.4%" and gap_points(COUNT) == -14.0  # 80.4 − 94.4, not −14.05 → 14.1
    assert gap_words(COUNT, "zh") == "慢于时间进度14.0个百分点"
    assert gap_words(replace(COUNT, completion=0.97), "zh") == "快于时间进度2.6个百分点"
    assert gap_words(replace(COUNT, completion=0.94441), "zh") == "与时间进度持平"
    assert gap_words(replace(COUNT, completion=1.1, bound="at_least"), "zh") == "快于时间进度≥15.6个百分点"
    assert gap_words(COUNT, "en") == "14.0 percentage points behind time"
    assert shown_percent(0.80393) == 80.4 and shown_percent(None) is None and shown_percent(float("inf")) is None


def test_a_share_target_reads_in_points_of_its_own_unit_never_as_a_percent_of_the_target():
    share = target(kind="level", indicator_id="ratio", value=30.0, end=date(2025, 12, 1))
    result = Progress(
        "t",
        "000000",
        "level",
        "missed",
        date(2026, 10, 31),
        30.0,
        actual=29.9185,
        completion=0.970,
        time_elapsed=1.0,
        baseline=27.28,
        baseline_period=date(2020, 12, 1),
    )
    assert level_words(share, result, "%", "zh") == "29.9%，距30%的目标差0.1个百分点"
    assert standing(share, result, "%", "zh") == "距30%的目标差0.1个百分点"
    assert "97.0%" not in standing(share, result, "%", "zh")
    assert distance_words(share, replace(result, actual=29.97), "%", "zh") == "距30%的目标差不足0.1个百分点"
    assert distance_words(share, replace(result, actual=61.0, status="achieved"), "%", "zh") == "达到30%的目标"
    assert distance_words(share, replace(result, status="no_data"), "%", "zh") == ""  # an estimate: never judged
    stock = target(kind="level", indicator_id="stock", value=87000.0)
    assert (
        distance_words(stock, replace(result, actual=86200.0, target_value=87000.0), "人", "zh")
        == "距8.7万人的目标差800人"
    )


def test_an_approximate_target_within_its_tolerance_says_so():
    about = target(kind="level", comparator="approx", value=300.0)
    result = Progress("t", "000000", "level", "achieved", date(2026, 10, 31), 300.0, actual=290.0, completion=0.967)
    assert within_tolerance(about, result)
    assert standing(about, result, "所", "zh") == "达到目标（±5%以内）"
    assert standing(about, result, "所", "en") == "target reached (within ±5%)"
    assert not within_tolerance(about, replace(result, actual=310.0))
    assert not within_tolerance(target(), replace(result, kind="cumulative"))


def test_a_count_target_names_its_progress_and_the_gap_until_it_is_done():
    count = target()
    assert standing(count, COUNT, "人次", "zh") == "完成进度 80.4%，慢于时间进度14.0个百分点"
    assert standing(count, replace(COUNT, status="achieved", completion=1.05), "人次", "zh") == "完成进度 105.0%"
    assert standing(count, replace(COUNT, actual=None, completion=None), "人次", "zh") == "—"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_words_exist_in_both_languages(lang):
    assert gap_words(COUNT, lang) and standing(target(), COUNT, "人次", lang)
