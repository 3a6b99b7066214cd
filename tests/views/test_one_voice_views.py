"""View models of issue #21 on the bundled demo snapshot: the Overview's grouped table, the Data
page's comparison default and readable changes, the Alerts' triage groups, About's readable inputs."""

from __future__ import annotations

import re

import pandas as pd

from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.alerts import alerts
from lib.store.diff import diff_observations
from lib.store.folder import open_data_folder
from lib.views.about import glossary, readable_inputs, readable_manifest
from lib.views.alerts import followup_choices, shortfall, triage_groups
from lib.views.data import default_pair, readable_changes
from lib.views.overview import status_groups, status_table
from tests.english_scan import developer_words


def test_the_overview_groups_national_targets_by_document_and_a_province_apart_worst_first(demo_view):
    groups = status_groups(demo_view, demo_view.progress(), "zh")
    headings = [group.heading for group in groups]
    assert headings[-1] == "四川本省目标" and all("四川" not in h for h in headings[:-1])
    assert sum(len(group.table) for group in groups) == 30
    for group in groups:
        assert list(group.table.columns) == ["状态", "目标", "目标值", "实际 / 最新值", "完成情况"]  # fits 1366 px
        order = [status.split(" ")[0] for status in group.table["状态"]]
        rank = {"×": 0, "▼": 1, "◆": 2, "▲": 3, "★": 4, "○": 5, "–": 6}
        assert [rank[s] for s in order] == sorted(rank[s] for s in order)  # status first, worst first
        assert all(len(cell) <= 30 for cell in group.table["完成情况"])  # two lines of a 15-character column
    flat = status_table(demo_view, demo_view.progress(), "zh")
    assert {"精确值", "完成进度", "时间进度", "距目标", "范围", "文件"} <= set(flat.columns)  # the download keeps them


def test_compare_defaults_to_a_snapshot_of_the_same_kind_and_never_demo_against_published():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    published = [ref.id for ref in folder.snapshots if not ref.manifest.demo]
    assert len(published) >= 2 and "2026-10-31-demo" not in published
    assert all(default_pair(folder.snapshots, one) in (*published, None) for one in published)  # never the demo
    assert default_pair(folder.snapshots, "2026-10-31-demo") is None  # the only demo: nothing by default
    # national figures are not set against provinces' own by default: each is the only one of its series
    assert default_pair(folder.snapshots, "2026-02-06-published") is None
    assert default_pair(folder.snapshots, "2026-02-26-provincial") is None


def test_compare_picks_the_previous_demo_for_a_demo(tmp_path, monkeypatch):
    from tests.apptest import add_earlier_snapshot, data_folder

    path = data_folder(tmp_path)
    add_earlier_snapshot(path)
    folder = open_data_folder(path)
    assert default_pair(folder.snapshots, "2026-10-31-demo") == "2026-09-30-demo"
    assert default_pair(folder.snapshots, "2026-09-30-demo") == "2026-10-31-demo"  # the nearest of its kind


def test_changes_read_by_name_and_month_with_no_ids_none_or_midnight(demo_view):
    old = demo_view.store.frame
    new = old.copy()
    new.loc[new.index[0], "value"] = new.loc[new.index[0], "value"] + 5
    table = readable_changes(diff_observations(old, new.iloc[:-1]).table(), demo_view, "zh")
    assert list(table.columns[:4]) == ["变动", "指标", "地区", "期间"]
    text = table.to_csv(index=False)
    assert developer_words(text) == [] and "None" not in text and "00:00:00" not in text
    assert set(table["变动"]) == {"数值改动", "删除"}


def test_alerts_are_grouped_by_target_most_red_first_and_worst_gap_first(demo_view):
    found = alerts(demo_view, "linear")
    groups = triage_groups(demo_view, found, "zh")
    reds = [group.counts["red"] for group in groups]
    assert reds == sorted(reds, reverse=True) and sum(reds) == sum(a.colour == "red" for a in found) > 100
    first = groups[0]
    assert re.fullmatch(r"新培育高技能领军人才 —— ▼ 红色 \d+( · ◆ 黄色 \d+)?( · ▲ 绿色 \d+)?", first.heading)
    red = [a for a in first.alerts if a.colour == "red" and not a.closed]
    assert [shortfall(a) for a in red] == sorted(shortfall(a) for a in red)
    assert len(first.table) == len(first.alerts) and "进度比" in first.table.columns
    choices = followup_choices(groups)
    assert choices and all(alert.colour in ("red", "yellow") for alert in choices)


def test_about_shows_the_inputs_and_the_manifest_in_words(demo_view):
    inputs = readable_inputs(demo_view, demo_view.progress(), "zh")
    text = inputs.to_csv(index=False)
    assert developer_words(text) == [] and "target_id" not in text and "off_track" not in text
    assert {"完成进度", "时间进度", "进度比", "较基期完成进度"} <= set(inputs.columns)
    folder = open_data_folder(DEFAULT_DATA_DIR)
    manifest = folder.snapshot("2026-10-31-demo").manifest
    shown = readable_manifest(
        manifest.as_json() | {"source": manifest.source_in("zh"), "publisher": manifest.publisher_in("zh")}, "zh"
    )
    values = " ".join(shown[shown.columns[1]])
    assert "程序生成的示例数据" in values and "lib/store" not in values and developer_words(values) == []
    assert isinstance(glossary("en"), pd.DataFrame) and len(glossary("zh")) == 6
