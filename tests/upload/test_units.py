"""Issue #10: no number changes silently. The three defect files with their stored values, every
unit hint in every shape (the matrix), round trips of the unit parsers, and the magnitude check."""

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from lib.upload.cell_values import MAGNITUDES, parse_unit, read_number, unit_in_text
from lib.upload.common import ColumnUnit
from lib.upload.interpret import guess_mapping, indicator_units, to_observations
from lib.upload.magnitude import magnitude_problems, typical_values
from lib.upload.reader import read_table
from tests.upload_fixtures import (
    MAGNITUDE_CASES,
    PLACES,
    SHAPES,
    TITLE_WORKBOOK_ROWS,
    UNIT_IN_HEADER_ONE_COLUMN,
    UNIT_IN_HEADER_WIDE,
    title_only_workbook,
    unit_matrix_file,
)

TODAY = date(2026, 11, 22)
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "real"


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def snapshot(folder):
    return snapshot_view(folder, folder.snapshot(None))


def run(folder, name, data, **overrides):
    table = read_table(name, data)
    mapping = guess_mapping(table, folder.catalogue, folder.regions)
    for key, value in overrides.items():
        setattr(mapping, key, value)
    return table, mapping, to_observations(table, mapping, folder.catalogue, folder.regions, TODAY)


def stored(result, indicator_id) -> dict:
    rows = result.observations[result.observations["indicator_id"] == indicator_id]
    return {(r.region_code, r.period.strftime("%Y-%m")): r.value for r in rows.itertuples()}


# --- defect 1: a unit in a column header when the indicators are the columns ---------------------
def test_a_header_unit_is_applied_per_column_when_indicators_are_the_columns(folder):
    table, mapping, result = run(folder, "各省培训.csv", UNIT_IN_HEADER_WIDE)
    assert table.encoding == "gb18030" and mapping.shape == "wide_indicator"
    training, money = "补贴性职业技能培训(万人次)", "补贴金额(万元)"
    assert mapping.unit_of(training) == ColumnUnit("万人次", 1e4, "人次", "header", training)
    assert mapping.unit_of(money) == ColumnUnit("万元", 1e4, "元", "header", money)
    assert mapping.indicators[training] == "subsidised_training"
    subsidy = mapping.own[mapping.indicators[money]]  # not in the catalogue: the analyst's own, in 元
    assert (subsidy.name_zh, subsidy.unit, subsidy.kind) == ("补贴金额", "元", "flow")
    assert stored(result, "subsidised_training") == {
        ("440000", "2026-09"): 12000.0,
        ("510000", "2026-09"): 7500.0,
        ("440000", "2026-10"): 13000.0,
    }
    assert stored(result, subsidy.id) == {
        ("440000", "2026-09"): 3505000.0,
        ("510000", "2026-09"): 1200000.0,
        ("440000", "2026-10"): 3622500.0,
    }
    assert result.problems.empty and result.accepted_totals()["subsidised_training"] == 32500.0


def test_a_header_unit_with_one_value_column_and_no_catalogue_name(folder):
    _, mapping, result = run(folder, "培训.csv", UNIT_IN_HEADER_ONE_COLUMN)
    assert mapping.shape == "long" and mapping.unit_of("培训人数(万人次)").factor == 1e4
    own = mapping.own[mapping.indicator]
    assert (own.name_zh, own.unit, mapping.indicator_source) == ("培训人数", "人次", "header")
    assert stored(result, own.id) == {("440000", "2026-10"): 12000.0, ("510000", "2026-10"): 5000.0}
    # chosen as the catalogue's subsidised training instead, the unit still applies
    _, _, result = run(folder, "培训.csv", UNIT_IN_HEADER_ONE_COLUMN, indicator="subsidised_training")
    assert stored(result, "subsidised_training") == {("440000", "2026-10"): 12000.0, ("510000", "2026-10"): 5000.0}


# --- defect 2: the indicator named only in the title or the file name ------------------------------
def test_an_indicator_named_only_in_the_title_is_recognised(folder):
    table, mapping, result = run(folder, "上半年.xlsx", title_only_workbook())
    assert table.title_lines == ["2025年上半年各地区补贴性职业技能培训完成情况", "单位：万人次"]
    assert mapping.shape == "wide_period" and mapping.indicator == "subsidised_training"
    assert (mapping.indicator_source, mapping.indicator_text) == (
        "title",
        "2025年上半年各地区补贴性职业技能培训完成情况",
    )
    assert {mapping.unit_of(c) for c in mapping.value_columns} == {
        ColumnUnit("万人次", 1e4, "人次", "unit_row", "单位：万人次")
    }
    expected = {
        ("440000" if p == "广东省" else "320000" if p == "江苏省" else "510000", f"2025-{m:02d}"): v * 1e4
        for p, values in TITLE_WORKBOOK_ROWS
        for m, v in enumerate(values, start=1)
    }
    assert stored(result, "subsidised_training") == expected and len(table.notes) == 2
    assert result.claimed_totals == {"subsidised_training": sum(expected.values())}  # 合计 checked, not added
    assert result.problems.empty


def test_an_unknown_indicator_in_the_title_becomes_the_analysts_own(folder):
    data = title_only_workbook("2025年上半年各地区家政服务员培训完成情况", "单位：人次")
    _, mapping, result = run(folder, "上半年.xlsx", data)
    own = mapping.own[mapping.indicator]
    assert (own.name_zh, own.unit, own.kind, own.frequency) == ("家政服务员培训", "人次", "flow", "M")
    assert stored(result, own.id)[("440000", "2025-01")] == 1.25


def test_the_file_name_names_the_indicator_when_the_title_does_not(folder):
    data = title_only_workbook("2025年上半年分地区月报", "单位：万人次")
    _, mapping, result = run(folder, "新增技能人才_2025上半年.xlsx", data)
    assert (mapping.indicator, mapping.indicator_source) == ("skilled_workers_new", "file_name")
    assert stored(result, "skilled_workers_new")[("440000", "2025-06")] == 30000.0


def test_nothing_names_the_indicator_so_the_rows_wait_for_a_choice(folder):
    data = title_only_workbook("月报", "")
    _, mapping, result = run(folder, "report.xlsx", data)
    assert mapping.indicator is None and result.observations.empty
    assert result.problems["code"].tolist() == ["no_indicator"]
    _, _, chosen = run(folder, "report.xlsx", data, indicator="subsidised_training")
    assert len(chosen.observations) == 18  # choosing it makes the rows count


# --- defect 3: a real file of an indicator the catalogue lacks ---------------------------------------
def test_the_real_nbs_employment_export_is_an_own_indicator_with_all_527_values(folder):
    name = "nbs_province_urban_unit_employment_2006_2025_gbk.csv"
    _, mapping, result = run(folder, name, (SAMPLES / name).read_bytes())
    own = mapping.own[mapping.indicator]
    assert (own.name_zh, own.unit, own.kind, own.frequency) == ("城镇单位就业人员", "人", "stock", "Y")
    assert len(result.observations) == 527 and result.rejected_lines == 0
    values = stored(result, own.id)
    assert values[("440000", "2024-01")] == 2049.4 * 1e4 and values[("650000", "2008-01")] == 248.2 * 1e4


# --- every unit hint, every shape ------------------------------------------------------------------
@pytest.mark.parametrize("magnitude", list(MAGNITUDE_CASES))
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("shape", SHAPES)
def test_unit_matrix(folder, shape, place, magnitude):
    """shape × where the unit is written × 万/亿/千/百分比: the stored values are exactly the
    written ones times the unit, wherever the unit was named."""
    name, data, case = unit_matrix_file(shape, place, magnitude)
    table, mapping, result = run(folder, name, data)
    assert mapping.shape == shape, name
    if shape == "records":
        amount = "补贴金额" + (f"({case['unit']})" if place == "header" else "")
        counted = stored(result, "subsidised_training")
        assert counted == {key: 2.0 for key in case["expected"]}  # two records each, counted with no unit
        if case["base"] == "%":  # a share per record cannot be added up into a region's figure
            assert amount not in mapping.value_columns
            mapping.value_columns, mapping.indicators = [amount], {amount: "subsidised_training"}
            forced = to_observations(table, mapping, folder.catalogue, folder.regions, TODAY)
            assert "percent_not_summed" in set(forced.problems["code"])
            return
        indicator = mapping.indicators[amount]
        assert mapping.own[indicator].unit == "元"
    else:
        indicator = case["catalogue_id"] or next(own.id for own in mapping.own.values() if own.name_zh == case["name"])
        if case["catalogue_id"] is None:
            assert mapping.own[indicator].unit == case["base"]
        if case["base"] == "%":
            assert mapping.own[indicator].kind == "rate"
    assert stored(result, indicator) == case["expected"], name
    if shape == "wide_indicator":  # the column beside keeps its own unit
        assert set(stored(result, "high_skilled_new").values()) == {7.0}, name
    assert not (result.problems["kind"] == "error").any(), result.problems
    source = {
        "title": "title",
        "unit_row": "unit_row",
        "header": "header",
        "cell": "cell",
        "unit_column": "unit_column",
    }
    shown = mapping.unit_of(next(c for c in mapping.value_columns or [mapping.value] if "高技能" not in c))
    assert shown.source == source[place] and shown.base == case["base"], (name, shown)


def test_a_unit_row_under_the_header_gives_each_column_its_unit(folder):
    data = "地区,时间,补贴性职业技能培训,补贴金额\n,,万人次,万元\n广东,2026-10,1.5,20\n".encode()
    table, mapping, result = run(folder, "units.csv", data)
    assert table.unit_row == {"补贴性职业技能培训": "万人次", "补贴金额": "万元"} and table.unit_row_line == 2
    assert stored(result, "subsidised_training") == {("440000", "2026-10"): 15000.0}
    assert stored(result, mapping.indicators["补贴金额"]) == {("440000", "2026-10"): 200000.0}
    assert result.observations["__line__"].tolist() == [3, 3]


def test_a_cell_that_names_its_own_magnitude_wins_and_says_so(folder):
    data = "地区,时间,人次(万人次)\n广东,2026-10,1.5\n四川,2026-10,8000\n河南,2026-10,1.2万\n".encode()
    _, _, result = run(folder, "mixed.csv", data, indicator="subsidised_training")
    assert stored(result, "subsidised_training") == {
        ("440000", "2026-10"): 15000.0,
        ("510000", "2026-10"): 80000000.0,  # the header's 万 applied; the magnitude check catches it
        ("410000", "2026-10"): 12000.0,
    }
    assert result.problems[["line", "code", "kind"]].values.tolist() == [[4, "cell_unit_wins", "warning"]]


def test_a_unit_column_row_by_row_and_unreadable_units_rejected(folder):
    data = "地区,时间,指标,数值,单位\n广东,2026-10,新增技能人才,1.5,万人\n四川,2026-10,新增技能人才,900,人\n河南,2026-10,新增技能人才,3,打\n".encode()
    _, mapping, result = run(folder, "unit-column.csv", data)
    assert mapping.unit_column == "单位"
    assert stored(result, "skilled_workers_new") == {("440000", "2026-10"): 15000.0, ("510000", "2026-10"): 900.0}
    assert result.problems[["line", "column", "code"]].values.tolist() == [[4, "单位", "unit_unknown"]]


# --- round trips of the unit parsers ---------------------------------------------------------------
BASES = st.sampled_from(["人次", "人", "元", "个", "美元", "场次", "户"])
WORDS = st.sampled_from(sorted(MAGNITUDES))
AMOUNTS = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@given(WORDS, BASES)
def test_every_written_unit_parses_to_its_factor_and_base(word, base):
    for text in (word + base, f"单位：{word}{base}", f"（{word}{base}）"):
        unit = parse_unit(text)
        assert (unit.factor, unit.base) == (MAGNITUDES[word], base), text


@given(st.text(alphabet="培训人数补贴金额技能人才新增就业GDPabc_ ", min_size=1, max_size=12), WORDS, BASES)
def test_a_header_gives_back_its_name_and_unit(name, word, base):
    name = name.strip(" _") or "人数"
    for header in (
        f"{name}({word}{base})",
        f"{name}（{word}{base}）",
        f"{name}_{word}{base}",
        f"{name}（单位：{word}{base}）",
    ):
        unit, rest = unit_in_text(header)
        assert (unit.factor, unit.base, rest) == (MAGNITUDES[word], base, name), header


@given(AMOUNTS, WORDS, BASES)
def test_a_cell_with_a_magnitude_and_a_unit_reads_as_the_number_times_it(amount, word, base):
    for text in (f"{amount}{word}", f"{amount}{word}{base}", f"{amount} {word}{base}"):
        reading = read_number(text)
        assert reading.value == float(amount) * MAGNITUDES[word] and reading.magnitude == MAGNITUDES[word], text
    assert read_number(f"{amount}{base}").value == float(amount)  # a unit without a magnitude is ×1


@given(AMOUNTS, WORDS)
def test_a_file_stores_the_number_times_its_header_unit(folder, amount, word):
    data = f"地区,时间,补贴性职业技能培训({word}人次)\n广东,2026-10,{amount}\n".encode("gb18030")
    _, mapping, result = run(folder, "one.csv", data)
    assert mapping.indicator == "subsidised_training" or mapping.indicators
    assert result.observations["value"].tolist() == [float(amount) * MAGNITUDES[word]]


# --- the magnitude check -----------------------------------------------------------------------------
def test_typical_value_is_the_median_of_the_same_calendar_month(snapshot):
    typical = typical_values(snapshot.store, "subsidised_training")
    row = snapshot.store.row_of["440000"]
    series = snapshot.store.stored_series("subsidised_training", "440000")
    march = series[(snapshot.store.months() % 12) == 2]
    assert typical[row, 2] == np.nanmedian(march)
    national = snapshot.store.national("subsidised_training").values
    assert typical[0, 2] == np.nanmedian(national[(snapshot.store.months() % 12) == 2])


def test_a_value_10000_times_too_small_is_flagged_before_confirming_and_not_changed(folder, snapshot):
    data = "地区,时间,补贴性职业技能培训\n广东,2026-10,12.5\n四川,2026-10,8\n".encode()  # 万 forgotten
    _, mapping, result = run(folder, "forgot.csv", data)
    units = indicator_units(folder.catalogue, mapping)
    problems = magnitude_problems(result, mapping, snapshot.store, units).frame()
    assert problems["code"].tolist() == ["magnitude_low", "magnitude_low"]
    assert {d["unit"] for d in problems["detail"]} == {"万人次"}  # 单位可能应为万人次？
    assert stored(result, "subsidised_training")[("440000", "2026-10")] == 12.5  # nothing corrected


def test_a_value_10000_times_too_large_names_the_unit_read(folder, snapshot):
    typical = typical_values(snapshot.store, "subsidised_training")[snapshot.store.row_of["440000"], 9]
    data = f"地区,时间,补贴性职业技能培训(万人次)\n广东,2026-10,{round(typical)}\n".encode()  # cells already in 人次
    _, mapping, result = run(folder, "twice.csv", data)
    problems = magnitude_problems(result, mapping, snapshot.store, indicator_units(folder.catalogue, mapping)).frame()
    assert problems["code"].tolist() == ["magnitude_high"] and problems["detail"][0]["unit"] == "人次"
    assert problems["column"].tolist() == ["补贴性职业技能培训(万人次)"]


def test_plausible_values_and_record_counts_are_not_flagged(folder, snapshot):
    typical = typical_values(snapshot.store, "subsidised_training")[snapshot.store.row_of["440000"], 9]
    data = f"地区,时间,补贴性职业技能培训\n广东,2026-10,{typical * 3:.0f}\n四川,2026-10,\n".encode()
    _, mapping, result = run(folder, "fine.csv", data)
    assert magnitude_problems(result, mapping, snapshot.store, {}).frame().empty
    records = "身份证号,培训日期,省份\n440102********0001,2026-10-01,广东\n".encode()  # 1 vs thousands: a count
    _, mapping, result = run(folder, "records.csv", records)
    assert magnitude_problems(result, mapping, snapshot.store, {}).frame().empty


def test_an_own_indicator_has_nothing_to_compare_with(folder, snapshot):
    _, mapping, result = run(folder, "各省培训.csv", UNIT_IN_HEADER_WIDE)
    frame = magnitude_problems(result, mapping, snapshot.store, indicator_units(folder.catalogue, mapping)).frame()
    assert frame.empty  # the training column is plausible; 补贴金额 is not in the snapshot
    assert pd.Series(result.sources).tolist()[:1] == ["补贴性职业技能培训(万人次)"]


@given(
    st.lists(st.floats(min_value=1e-9, max_value=1e9, allow_nan=False), min_size=1, max_size=30),
    st.sampled_from(["人次", "元", "%", ""]),
    st.sampled_from(["", "万人次", "人次"]),
)
def test_the_vectorised_unit_hint_is_the_one_by_one_hint(times, base, read):
    from lib.upload.magnitude import likely_unit, likely_units

    values = np.array(times)
    expected = [likely_unit(t, base, read) for t in values]
    assert likely_units(values, base, np.array([read] * len(values))).tolist() == expected
