"""Reference targets, province results, snapshot diff, exports and URL state."""

from datetime import date

import pandas as pd
import pytest

from lib.apportion import apportion
from lib.catalogue import Scope
from lib.exports import neutralise_cell, to_csv_bytes, to_parquet_bytes
from lib.progress import Engine
from lib.snapshot_diff import diff_observations
from lib.url_state import Notice, encode, parse
from tests.helpers import monthly, store, target

GD, SC, NATIONAL = "440000", "510000", "000000"


def test_reference_target_uses_the_share_before_the_target_started():
    rows = monthly("flow", GD, "2023-01", [30] * 12 + [10] * 6) + monthly("flow", SC, "2023-01", [10] * 12 + [10] * 6)
    goal = target(start=date(2024, 1, 1), end=date(2024, 12, 1), value=400)
    shares = apportion(store(rows, (goal,)), goal)
    assert shares.basis == "before_start" and shares.base_start == date(2023, 1, 1) and shares.base_end == date(2023, 12, 1)
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


def frame(values, training=None):
    data = {
        "indicator_id": ["a"] * len(values),
        "region_code": [GD] * len(values),
        "period": pd.date_range("2024-01-01", periods=len(values), freq="MS"),
        "value": values,
    }
    if training is not None:
        data["training_type"] = training
    return pd.DataFrame(data)


def test_diff_finds_changed_added_and_removed_rows_with_blank_breakdowns():
    old = frame([1.0, 2.0, 3.0], [None, "岗前培训", None])
    new = frame([1.0, 2.5, 3.0, 4.0], [None, "岗前培训", "在岗培训", None])
    diff = diff_observations(old, new)
    assert diff.counts == {"changed": 1, "added": 2, "removed": 1}
    assert diff.changed.iloc[0]["old_value"] == 2.0 and diff.changed.iloc[0]["change"] == 0.5
    assert pd.isna(diff.removed.iloc[0]["training_type"]) and diff.removed.iloc[0]["old_value"] == 3.0
    assert set(diff.table()["change_kind"]) == {"changed", "added", "removed"}


def test_identical_snapshots_have_no_diff():
    assert diff_observations(frame([1.0, 2.0]), frame([1.0, 2.0])).counts == {"changed": 0, "added": 0, "removed": 0}


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("广东", "广东"),
        (-5.0, -5.0),
        ("", ""),
    ],
)
def test_formula_injection_is_neutralised(cell, safe):
    assert neutralise_cell(cell) == safe


def test_csv_has_a_bom_and_safe_cells_and_parquet_keeps_values():
    data = pd.DataFrame({"名称": ['=HYPERLINK("http://x")', "广东"], "value": [-1.5, 2.0]})
    raw = to_csv_bytes(data)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "-1.5" in text and "'-1.5" not in text
    back = pd.read_parquet(__import__("io").BytesIO(to_parquet_bytes(data)))
    assert back["名称"].tolist() == data["名称"].tolist()


def test_url_state_accepts_valid_codes_and_reports_the_rest():
    accepted, notices = parse(
        {"lang": "en", "region": "440000", "snap": "gone", "x": "1"}, {"lang": ("zh", "en"), "region": {"440000"}, "snap": set()}
    )
    assert accepted == {"lang": "en", "region": "440000"}
    assert notices == [Notice("snap", "gone"), Notice("x", "1")]
    assert encode({"lang": "zh", "region": "440000", "pace": "linear", "snap": None}, {"lang": "zh", "pace": "linear"}) == {"region": "440000"}
    assert list(encode({"pace": "seasonal", "lang": "en", "region": "1", "target": "t"}, {})) == ["lang", "target", "region", "pace"]


@pytest.fixture(scope="module")
def demo_view():
    from lib.dataset import open_data_folder, snapshot_view
    from lib.settings import DEFAULT_DATA_DIR

    folder = open_data_folder(DEFAULT_DATA_DIR)
    return snapshot_view(folder, folder.snapshot(None))


def test_a_group_target_lists_each_member_against_its_own_target(demo_view):
    from lib.program_view import members_table

    members = demo_view.progress("linear")["east_high_skilled_share"].members
    table = members_table(members, demo_view.store.regions, "percent", "zh")
    assert list(table.columns) == ["省份", "实际 / 最新值", "目标值", "状态"]
    assert len(table) == len(members) == 11 and table["省份"].iloc[0] == "北京"
    met = [m.status == "achieved" for m in members]
    assert [status.startswith("★") for status in table["状态"]] == met


def test_contributions_put_the_rank_group_first_most_then_least(demo_view):
    from lib.program_view import contributions, contributions_table

    target = demo_view.catalogue.by_target["new_skilled_workers"]
    most, least = contributions(demo_view, target, "linear", "person", "en")
    table = contributions_table(most, least, "en")
    assert table.columns[0] == "Rank" and list(table.columns[1:]) == list(most.columns)
    assert table.iloc[: len(most), 0].eq("Contributing most").all() and table.iloc[len(most) :, 0].eq("Contributing least").all()


def test_group_summary_shows_sums_only_for_national_count_targets(demo_view):
    from lib.drilldown import group_summary, group_summary_table, province_results

    counted = demo_view.catalogue.by_target["new_skilled_workers"]
    summary = group_summary(province_results(demo_view, counted, "linear"), counted, "nbs", "zh")
    table = group_summary_table(summary, counted, "person", "zh")
    assert table["省份数"].sum() == summary["provinces"].sum() and len(table.columns) == 7
    share = demo_view.catalogue.by_target["skilled_share_of_employed"]
    summary = group_summary(province_results(demo_view, share, "linear"), share, "nbs", "zh")
    assert len(group_summary_table(summary, share, "percent", "zh").columns) == 3
