"""Uploads in the shapes statistical reports take: year-to-date totals (累计, 1—N月) beside the month's own
figure and a 同比 %, running totals in month columns, runs from January as periods, and a year named only
in the title — each turned into monthly values or refused with a message, never summed as monthly and
never given a guessed year."""

from datetime import date

import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.folder import open_data_folder
from lib.upload.cell_values import month_without_year, says_year_to_date, year_run
from lib.upload.interpret import guess_mapping, to_observations
from lib.upload.reader import read_table
from lib.views.upload import problem_table
from tests.upload_fixtures import REPORT_SHAPES

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


def run(folder, name, **overrides):
    table = read_table(name, REPORT_SHAPES[name])
    mapping = guess_mapping(table, folder.catalogue, folder.regions)
    for key, value in overrides.items():
        setattr(mapping, key, value)
    return mapping, to_observations(table, mapping, folder.catalogue, folder.regions, TODAY)


def values(result) -> dict[tuple[str, str], float]:
    frame = result.observations
    return {(row.region_code, f"{row.period:%Y-%m}"): row.value for row in frame.itertuples()}


def codes(result) -> list[tuple]:
    return sorted((p.line, p.column, p.code, p.kind) for p in result.problems.itertuples())


def test_the_months_own_figure_is_read_beside_its_year_to_date_total_and_its_change(folder):
    mapping, result = run(folder, "ytd_beside_month.csv", indicator="subsidised_training")
    assert mapping.title_year == 2025 and mapping.shape == "wide_period" and mapping.value_columns == ["3月"]
    assert mapping.skipped == {"1—3月累计": "ytd_beside_month", "同比增长(%)": "change"}
    assert values(result) == {("440000", "2025-03"): 12000, ("410000", "2025-03"): 9000, ("460000", "2025-03"): 800}
    assert codes(result) == []


def test_running_totals_in_month_columns_become_each_months_own_figure(folder):
    mapping, result = run(folder, "ytd_series_title_year.csv", indicator="subsidised_training")
    assert mapping.title_year == 2025 and mapping.year_to_date == ["1月", "2月", "3月"]
    got = values(result)
    # 广东 1.0, 2.5, 4.5万 running → 1.0, 1.5, 2.0万 a month: the quarter is 4.5万, never 8万
    assert [got[("440000", f"2025-0{m}")] for m in (1, 2, 3)] == [10_000, 15_000, 20_000]
    assert [got[("410000", f"2025-0{m}")] for m in (1, 2, 3)] == [8_000, 8_000, 4_000]
    assert sum(v for (code, _), v in got.items() if code == "440000") == 45_000
    # 海南: February blank, so March's own figure cannot be known — refused, January kept
    assert got[("460000", "2025-01")] == 1_000 and ("460000", "2025-03") not in got
    assert codes(result) == [
        (3, "1月", "ytd_converted", "warning"),
        (3, "2月", "ytd_converted", "warning"),
        (3, "3月", "ytd_converted", "warning"),
        (5, "3月", "ytd_gap", "error"),
    ]
    reasons = problem_table(result, folder.regions, "zh")["原因"].tolist()
    assert any("缺少1—2月累计数，无法算出3月当月数" in reason for reason in reasons)


def test_read_as_monthly_the_same_file_would_be_summed_wrongly(folder):
    # what the analyst sees if they untick the year-to-date columns: the running totals as months
    _, result = run(folder, "ytd_series_title_year.csv", indicator="subsidised_training", year_to_date=[])
    assert sum(v for (code, _), v in values(result).items() if code == "440000") == 80_000


def test_a_year_only_in_the_title_is_applied_and_editable(folder):
    mapping, result = run(folder, "title_year_monthly.csv")
    assert mapping.title_year == 2025 and mapping.year_to_date == [] and mapping.indicator == "skilled_workers_new"
    assert values(result)[("440000", "2025-03")] == 6300 and len(result.observations) == 6
    _, edited = run(folder, "title_year_monthly.csv", title_year=2024)
    assert set(edited.observations["period"].dt.year) == {2024}


def test_months_without_any_year_are_refused_asking_for_the_year(folder):
    mapping, result = run(folder, "months_without_year.csv", indicator="subsidised_training")
    assert mapping.title_year is None and mapping.shape == "wide_period"
    assert result.observations.empty and {p.code for p in result.problems.itertuples()} == {"date_no_year"}
    reasons = problem_table(result, folder.regions, "en")["Reason"].tolist()
    assert all("enter the year in the column mapping" in reason for reason in reasons)
    _, given = run(folder, "months_without_year.csv", indicator="subsidised_training", title_year=2024)
    assert values(given)[("440000", "2024-02")] == 6200


def test_a_long_export_reads_the_months_own_column_not_the_total_or_the_change(folder):
    mapping, result = run(folder, "long_month_ytd_yoy.csv", indicator="subsidised_training")
    assert mapping.shape == "long" and mapping.value == "本月(人次)" and mapping.period == "月份"
    assert mapping.skipped == {"累计(人次)": "ytd_beside_month", "同比(%)": "change"}
    assert values(result) == {
        ("440000", "2025-01"): 1000,
        ("440000", "2025-02"): 1200,
        ("510000", "2025-01"): 700,
        ("510000", "2025-02"): 650,
    }


def test_runs_from_january_as_periods_are_year_to_date_totals(folder):
    _, result = run(folder, "long_ytd_periods.csv")
    assert values(result) == {("440000", "2025-01"): 1000, ("440000", "2025-02"): 1200, ("440000", "2025-03"): 800}
    assert [(p.line, p.code) for p in result.problems.itertuples() if p.kind == "error"] == [
        (5, "ytd_gap"),  # 四川 1—2月 without January
        (6, "ytd_decrease"),  # 四川 1—3月 below 1—2月
    ]


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("3月", (3, False)),
        ("12月份", (12, False)),
        ("1—3月", (3, True)),
        ("1-3月累计", (3, True)),
        ("1～12月", (12, True)),
    ],
)
def test_months_written_without_their_year(text, month):
    assert month_without_year(text) == month


def test_what_is_and_is_not_a_year_to_date_mark():
    assert year_run("2025年1—3月") == (2025, 3) and year_run("2025年3月") is None
    assert says_year_to_date("1—3月累计") and says_year_to_date("本年累计") and not says_year_to_date("3月")
    assert month_without_year("2025年3月") is None and month_without_year("13月") is None
