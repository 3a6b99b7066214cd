"""Reading and validating uploads: every fixture with its exact result, the real NBS exports, the
record-level rules, merging, masking, limits, and property-based round trips of the parsers."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.folder import open_data_folder
from lib.upload.cell_values import ParseProblem, parse_number, parse_period
from lib.upload.common import ColumnUnit
from lib.upload.interpret import guess_mapping, to_observations
from lib.upload.reader import ARROW_THRESHOLD, Limits, ReadError, read_table
from lib.upload.records import mask_id, mask_ids
from lib.upload.session import merge_over, tidy
from lib.views.upload import problem_table, template_csv
from tests.upload_fixtures import FIXTURES, xlsx_bomb, xlsx_with_title_and_notes

TODAY = date(2026, 11, 22)
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "real"  # copies of ../shared/samples/real, byte for byte


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


def run(folder, name, data, **overrides):
    table = read_table(name, data)
    mapping = guess_mapping(table, folder.catalogue, folder.regions)
    for key, value in overrides.items():
        setattr(mapping, key, value)
    return table, mapping, to_observations(table, mapping, folder.catalogue, folder.regions, TODAY)


def problems(result) -> list[tuple]:
    return sorted((p.line, p.column, p.value, p.code, p.kind) for p in result.problems.itertuples())


def test_gbk_file_with_wan_units_and_total_rows(folder):
    table, mapping, result = run(
        folder, "gbk_wan_total.csv", FIXTURES["gbk_wan_total.csv"], indicator="subsidised_training"
    )
    assert (
        table.encoding == "gb18030"
        and table.title_lines == ["各省补贴性职业技能培训情况（单位：万人次）"]
        and table.notes == ["注：合计为各省之和。"]
    )
    assert mapping.shape == "long" and mapping.unit_of("人次(万人次)") == ColumnUnit(
        "万人次", 1e4, "人次", "header", "人次(万人次)"
    )
    assert result.accepted_totals() == {"subsidised_training": 61500.0}  # 3.0万 + 3.15万, totals not added
    assert result.claimed_totals == {"subsidised_training": 65000.0}
    assert len(result.observations) == 6  # three provinces, two months; partial file: totals only checked
    assert problems(result) == [(10, "省份", "合计", "total_mismatch", "warning")]


def test_utf8_bom_export_with_quoted_thousands_and_indicator_names(folder):
    table, mapping, result = run(folder, "utf8_bom_export.csv", FIXTURES["utf8_bom_export.csv"])
    assert table.encoding == "utf-8-sig" and mapping.indicator_column == "指标"
    assert result.observations["value"].tolist() == [61234.0, 65890.0, 40211.0]
    assert set(result.observations["indicator_id"]) == {"skilled_workers_new"} and problems(result) == []


def test_tab_separated_english_headers_and_blank_lines(folder):
    table, _, result = run(folder, "tab_separated.tsv", FIXTURES["tab_separated.tsv"])
    assert table.delimiter == "\t"
    assert result.observations[["region_code", "value"]].values.tolist() == [
        ["440000", 120000.0],
        ["510000", 45000.0],
        ["110000", 30000.0],
    ]
    assert result.observations["__line__"].tolist() == [2, 3, 5]  # the blank line keeps its number


def test_full_width_comma_in_the_header_and_yyyymm_dates(folder):
    _, mapping, result = run(
        folder, "fullwidth_comma_header.csv", FIXTURES["fullwidth_comma_header.csv"], indicator="subsidised_training"
    )
    assert mapping.region == "省份" and result.observations["period"].dt.month.tolist() == [9, 10]
    assert result.accepted_totals() == {"subsidised_training": 14100.0}


def test_wide_months_with_traditional_names_and_a_dash(folder):
    _, mapping, result = run(
        folder, "wide_months_traditional.csv", FIXTURES["wide_months_traditional.csv"], indicator="subsidised_training"
    )
    assert mapping.shape == "wide_period" and mapping.value_columns == ["2026年7月", "2026年8月", "2026年9月"]
    assert set(result.observations["region_code"]) == {"440000", "150000", "650000"}
    assert (
        len(result.observations) == 8
        and result.missing_cells == 1
        and result.accepted_totals() == {"subsidised_training": 415.0}
    )


def test_traditional_long_rejects_taiwan_with_the_reason(folder):
    _, _, result = run(
        folder, "traditional_long.csv", FIXTURES["traditional_long.csv"], indicator="subsidised_training"
    )
    assert result.observations["region_code"].tolist() == ["440000", "210000"]
    assert problems(result) == [(4, "省份", "台灣", "region_out_of_scope", "error")]


def test_record_level_file_is_counted_and_the_rules_checked(folder):
    _, mapping, result = run(folder, "records_violations.csv", FIXTURES["records_violations.csv"])
    assert mapping.shape == "records" and mapping.person_id == "身份证号" and mapping.indicator == "subsidised_training"
    counts = {(r.region_code, r.period.month): r.value for r in result.observations.itertuples()}
    assert counts == {
        ("440000", 1): 1,
        ("440000", 3): 1,
        ("440000", 5): 1,
        ("440000", 7): 1,
        ("510000", 2): 2,
        ("510000", 4): 1,
        ("510000", 6): 1,
        ("110000", 2): 1,
    }
    assert problems(result) == [
        (5, "身份证号", "440102********1234", "rule_more_than_three", "warning"),
        (7, "技能等级", "510104********5678", "rule_same_level", "warning"),
        (9, "技能等级", "510104********9999", "rule_lower_level", "warning"),
        (11, "培训日期", "2026-02-30", "date_not_a_date", "error"),
    ]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("empty.csv", "read.error.empty"),
        ("header_only.csv", "read.error.no_rows"),
        ("binary_junk.csv", "read.error.binary"),
    ],
)
def test_unreadable_files_say_why(name, key):
    with pytest.raises(ReadError) as caught:
        read_table(name, FIXTURES[name])
    assert caught.value.key == key and caught.value.text("zh") and caught.value.text("en")


def test_wrong_columns_ask_for_a_region_column(folder):
    _, mapping, result = run(
        folder, "wrong_columns.csv", FIXTURES["wrong_columns.csv"], indicator="subsidised_training"
    )
    assert mapping.region is None and result.observations.empty
    assert problems(result) == [(1, "", "", "no_region_column", "error")]


def test_unknown_provinces_are_listed_with_suggestions(folder):
    _, _, result = run(
        folder, "unknown_provinces.csv", FIXTURES["unknown_provinces.csv"], indicator="subsidised_training"
    )
    assert result.observations["region_code"].tolist() == ["510000"]
    assert [p[:4] for p in problems(result)] == [
        (2, "省份", "广栋", "region_unknown"),
        (3, "省份", "Guangdon", "region_unknown"),
        (4, "省份", "火星", "region_unknown"),
    ]
    report = problem_table(result, folder.regions, "zh")
    assert "是否指：广东" in report.iloc[1]["原因"] and report.iloc[1]["行号"] == 3


def test_non_numeric_values_are_rejected_cell_by_cell(folder):
    _, _, result = run(folder, "non_numeric.csv", FIXTURES["non_numeric.csv"], indicator="subsidised_training")
    assert result.accepted_totals() == {"subsidised_training": 42.0}
    assert [(p[0], p[2], p[3]) for p in problems(result)] == [
        (2, "abc", "not_a_number"),
        (3, "12..3", "not_a_number"),
        (4, "1,23", "not_a_number"),
    ]


def test_dates_out_of_range_and_impossible_months(folder):
    _, _, result = run(
        folder, "dates_out_of_range.csv", FIXTURES["dates_out_of_range.csv"], indicator="subsidised_training"
    )
    assert result.accepted_totals() == {"subsidised_training": 4.0}
    assert [(p[0], p[3]) for p in problems(result)] == [
        (2, "date_out_of_range"),
        (3, "date_out_of_range"),
        (4, "date_bad_month"),
    ]


def test_dashes_and_blanks_are_missing_and_negative_counts_rejected(folder):
    _, _, result = run(
        folder, "missing_and_negative.csv", FIXTURES["missing_and_negative.csv"], indicator="subsidised_training"
    )
    assert result.missing_cells == 4 and result.accepted_totals() == {"subsidised_training": 15000.0}
    assert problems(result) == [(6, "人数", "(123)", "negative", "error")]


def test_utf16_with_bom(folder):
    table, _, result = run(folder, "utf16.txt", FIXTURES["utf16.txt"], indicator="subsidised_training")
    assert table.encoding == "utf-16" and result.accepted_totals() == {"subsidised_training": 5.0}


def test_xlsx_with_a_merged_title_notes_and_two_sheets(folder):
    table, mapping, result = run(folder, "title_notes.xlsx", xlsx_with_title_and_notes())
    assert (
        table.sheets == ["分省数据", "说明"]
        and table.header_line == 3
        and table.title_lines == ["2026年各省新增技能人才（单位：人）"]
    )
    assert table.notes == ["注：数据为初步统计。", "数据来源：各省人社厅"] and mapping.shape == "wide_indicator"
    assert result.observations[["indicator_id", "region_code", "value"]].values.tolist() == [
        ["skilled_workers_new", "440000", 65890.0],
        ["skilled_workers_new", "320000", 52110.0],
    ]


def test_an_xlsx_bomb_is_refused_before_parsing():
    with pytest.raises(ReadError) as caught:
        read_table("bomb.xlsx", xlsx_bomb(300))
    assert caught.value.key == "read.error.unpacked" and "300" in caught.value.text("zh")


def test_a_big_csv_over_the_row_limit_is_refused_before_arrow_reads_it(monkeypatch):
    """Every reader bounded before it materialises (issue #23): a text file big enough for Arrow is
    refused from its line count, and Arrow is never asked to read it (here it would raise)."""
    import pyarrow.csv

    def read_csv(*args, **kwargs):
        raise AssertionError("the body was materialised")

    monkeypatch.setattr(pyarrow.csv, "read_csv", read_csv)
    data = "省份,人数\n".encode() + "广东,1\n".encode() * 700_000  # 6.3 MB: Arrow's side of the line
    assert len(data) > ARROW_THRESHOLD
    with pytest.raises(ReadError) as caught:
        read_table("各省人数.csv", data, limit=Limits(max_rows=100_000))
    assert caught.value.key == "read.error.rows" and "各省人数.csv" in caught.value.text("zh")


def test_size_row_and_column_limits():
    with pytest.raises(ReadError) as caught:
        read_table("big.csv", b"a,b\n" + b"1,2\n" * 100, limit=Limits(max_bytes=100))
    assert caught.value.key == "read.error.too_big"
    with pytest.raises(ReadError) as caught:
        read_table("rows.csv", "省份,人数\n".encode() + "广东,1\n".encode() * 50, limit=Limits(max_rows=10))
    assert caught.value.key == "read.error.rows"
    with pytest.raises(ReadError) as caught:
        read_table(
            "wide.csv",
            (",".join(f"c{i}" for i in range(30)) + "\n" + ",".join("1" * 30) + "\n").encode(),
            limit=Limits(max_columns=20),
        )
    assert caught.value.key == "read.error.columns"


def test_a_wrong_encoding_override_is_an_error_not_mojibake():
    with pytest.raises(ReadError) as caught:
        read_table("gbk.csv", FIXTURES["gbk_wan_total.csv"], encoding="utf-8")
    assert caught.value.key == "read.error.encoding_override"


@pytest.mark.parametrize(
    ("name", "scale", "own", "observations", "first"),
    [
        (
            "nbs_province_urban_unit_employment_2006_2025_gbk.csv",
            1e4,
            ("城镇单位就业人员", "人", "stock"),
            31 * 17,
            ("110000", 2024, 763.6 * 1e4),
        ),
        (
            "nbs_province_gdp_2006_2024_gbk.csv",
            1e8,
            ("地区生产总值", "元", "stock"),
            31 * 19,
            ("110000", 2024, 49670.2 * 1e8),
        ),
        (
            "nbs_province_population_sample_survey_2006_2025_gbk.csv",
            1.0,
            ("人口数(人口抽样调查)", "人", "stock"),
            31 * 17,
            ("110000", 2024, 22470.0),
        ),
        (
            "nbs_province_public_sector_technical_staff_2006_2025_gbk.csv",
            1.0,
            ("公有经济企事业单位专业技术人员数", "人", "stock"),
            31 * 6,
            ("110000", 2011, 364568.0),
        ),
    ],
)
def test_real_nbs_exports(folder, name, scale, own, observations, first):
    """Indicators the catalogue lacks: each becomes the analyst's own (name and unit from the 指标：
    line, yearly), and every value is kept, with the title's unit applied."""
    path = SAMPLES / name
    table, mapping, result = run(folder, name, path.read_bytes())
    assert (
        table.encoding == "gb18030"
        and table.header_line == 4
        and len(table.title_lines) == 3
        and table.notes[-1] == "数据来源：国家统计局"
    )
    assert mapping.shape == "wide_period" and len(result.observations) == observations
    assert {(unit.factor, unit.source) for unit in mapping.units.values()} == {(scale, "title")}
    indicator = mapping.own[mapping.indicator]
    assert (indicator.name_zh, indicator.unit, indicator.kind, indicator.frequency) == (*own, "Y")
    assert mapping.indicator_source == "title" and mapping.indicator_text.startswith("指标")
    assert result.rejected_lines == 0 and result.observations["region_code"].nunique() == 31
    beijing = result.observations[
        (result.observations["region_code"] == first[0]) & (result.observations["period"].dt.year == first[1])
    ]
    assert beijing["value"].tolist() == [first[2]]


def test_a_unit_that_does_not_fit_the_chosen_indicator_is_rejected(folder):
    """亿元 read from the title, but the analyst chose 就业人员 (persons): every row says why."""
    name = "nbs_province_gdp_2006_2024_gbk.csv"
    _, _, result = run(folder, name, (SAMPLES / name).read_bytes(), indicator="employed_total")
    assert result.observations.empty and set(result.problems["code"]) == {"unit_mismatch"}
    assert result.problems["detail"].iloc[0] == {"written": "元", "unit": "人"}


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.csv")), ids=lambda path: path.name)
def test_real_samples_are_the_original_bytes(path):
    """Each copy's git blob id (as `git hash-object` computes it) is the one SOURCES.md records."""
    import hashlib

    data = path.read_bytes()
    blob = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    assert blob in (SAMPLES / "SOURCES.md").read_text(encoding="utf-8"), path.name


def test_real_long_panel_with_bom_and_real_ragged_pinyin_file(folder):
    table, mapping, result = run(
        folder, "panel.csv", (SAMPLES / "province_panel_long_2005_2024_utf8bom.csv").read_bytes()
    )  # 21 indicators as columns, each with its unit in its header
    assert table.encoding == "utf-8-sig" and mapping.shape == "wide_indicator" and mapping.period == "年份"
    assert len(mapping.value_columns) == 21 and result.rejected_lines == 0 and result.missing_cells == 2986
    assert [
        (mapping.unit_of(c).unit, mapping.unit_of(c).factor) for c in ("GDP_亿元", "城镇化率_%", "就业人员数_万人")
    ] == [
        ("亿元", 1e8),
        ("%", 1.0),
        ("万人", 1e4),
    ]
    assert mapping.indicators["就业人员数_万人"] == "employed_total"  # the catalogue's 就业人员
    gdp = mapping.own[mapping.indicators["GDP_亿元"]]
    assert (gdp.name_zh, gdp.unit, gdp.frequency) == ("GDP", "元", "Y")
    shanghai = result.observations[
        (result.observations["region_code"] == "310000") & (result.observations["period"].dt.year == 2006)
    ].set_index("indicator_id")["value"]
    assert shanghai[gdp.id] == 10825.4 * 1e8 and shanghai["employed_total"] == 1005.24 * 1e4
    assert shanghai[mapping.indicators["城镇化率_%"]] == 88.7  # a percentage is stored as written
    table, mapping, result = run(
        folder,
        "pinyin.csv",
        (SAMPLES / "province_population_pinyin_ids_ragged.csv").read_bytes(),
        indicator="employed_total",
        fixed_period="2010",
    )
    assert table.dropped_columns == ["male", "female"] and len(result.observations) == 29
    assert sorted(p[3] for p in problems(result)) == ["region_ambiguous"] * 2 + ["region_out_of_scope"] * 3
    table, mapping, result = run(
        folder,
        "census.csv",
        (SAMPLES / "census2010_province_population_short_names_hk_mo_tw.csv").read_bytes(),
        indicator="employed_total",
        fixed_period="2010",
    )
    assert len(result.observations) == 31 and [p[2] for p in problems(result)] == ["香港", "澳门", "台湾"]


def test_merge_replaces_matching_keys_and_keeps_the_rest():
    snapshot = pd.DataFrame(
        {
            "indicator_id": ["a", "a", "a", "b"],
            "region_code": ["440000"] * 4,
            "period": pd.to_datetime(["2026-09-01", "2026-10-01", "2026-10-01", "2026-10-01"]),
            "value": [1.0, 2.0, 1.5, 9.0],
            "training_type": [None, None, "岗前培训", None],
        }
    )
    upload = pd.DataFrame(
        {
            "indicator_id": ["a", "a"],
            "region_code": ["440000", "510000"],
            "period": pd.to_datetime(["2026-10-01", "2026-10-01"]),
            "value": [5.0, 7.0],
        }
    )
    merged = merge_over(snapshot, upload)
    assert merged.replaced == 2 and merged.added == 2  # the October total and its breakdown row
    assert sorted(merged.frame["value"].tolist()) == [1.0, 5.0, 7.0, 9.0]


def test_ids_are_masked_everywhere(folder):
    assert (
        mask_id("440102199001011234") == "440102********1234" and mask_id("440102********1234") == "440102********1234"
    )
    _, _, result = run(folder, "records.csv", FIXTURES["records_violations.csv"].replace(b"********", b"19900101"))
    report = problem_table(result, folder.regions, "zh").to_csv()
    assert "19900101" not in report and "19900101" not in tidy(result).to_csv()


_ID_TEXT = st.one_of(
    st.text(alphabet="0123456789Xx*", min_size=18, max_size=18),  # the byte-level path
    st.text(alphabet="0123456789X* 广", min_size=0, max_size=20),  # spaces, other widths, non-ASCII
)


@given(st.lists(_ID_TEXT, min_size=1, max_size=12), st.sampled_from(["str", "object"]))
def test_masking_a_column_is_masking_each_id(ids, dtype):
    assert mask_ids(pd.Series(ids, dtype=dtype)).tolist() == [mask_id(text) for text in ids]


def test_templates_read_back(folder):
    for kind in ("long", "wide", "records"):
        table = read_table(f"{kind}.csv", template_csv(kind, "zh"))
        assert table.title_lines and table.title_lines[0].startswith("说明：")
        mapping = guess_mapping(table, folder.catalogue, folder.regions)
        mapping.indicator = mapping.indicator or "subsidised_training"
        result = to_observations(table, mapping, folder.catalogue, folder.regions, TODAY)
        assert len(result.observations) > 0 and result.rejected_lines == 0, kind


# --- property-based round trips -------------------------------------------------------------------
@given(st.integers(min_value=0, max_value=10**12))
def test_integers_round_trip_with_thousands_separators(value):
    assert parse_number(f"{value:,}") == (float(value), False)
    assert parse_number(str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == (
        float(value),
        False,
    )


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_wan_and_yi_scale_the_number(value):
    assert parse_number(f"{value}万")[0] == pytest.approx(float(value) * 1e4)
    assert parse_number(f"{value}亿")[0] == pytest.approx(float(value) * 1e8)
    assert parse_number(f"({value})")[0] == pytest.approx(-float(value))


@given(st.text(alphabet="abcxyz?!@#", min_size=1, max_size=8))
def test_text_is_never_a_number(text):
    with pytest.raises(ParseProblem):
        parse_number(text)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_written_form_of_a_date_gives_its_month(day):
    month = date(day.year, day.month, 1)
    for text in (
        f"{day:%Y-%m}",
        f"{day.year}年{day.month}月",
        f"{day.year}/{day.month}/{day.day}",
        f"{day:%Y%m}",
        f"{day:%Y-%m-%d}",
        f"{day:%Y%m%d}",
    ):
        assert parse_period(text) == (month, "M"), text
    quarter = (day.month - 1) // 3 + 1
    assert parse_period(f"{day.year}Q{quarter}") == (date(day.year, 3 * quarter - 2, 1), "Q")
    assert parse_period(f"{day.year}年") == (date(day.year, 1, 1), "Y")


def test_an_xls_file_made_by_libreoffice(folder, tmp_path):
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    source = tmp_path / "sheet.xlsx"
    source.write_bytes(xlsx_with_title_and_notes())
    subprocess.run(
        [office, "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    table, _mapping, result = run(folder, "sheet.xls", (tmp_path / "sheet.xls").read_bytes())
    assert (
        table.kind == "xls"
        and table.sheets == ["分省数据", "说明"]
        and table.header == ["省份", "月份", "新增技能人才"]
    )
    assert result.observations["value"].tolist() == [65890.0, 52110.0]
