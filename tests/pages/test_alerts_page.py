"""预警 page, Overview counts and the Provinces page's changes through AppTest: hooks, filters, the
report to copy and download, both languages, an earlier snapshot, bad input."""

import json

from lib.progress.changes import rank_arrow
from tests.apptest import add_earlier_snapshot, block, blocks, data_folder, run_app, texts, warnings
from tests.english_scan import untranslated
from tests.pages.test_drilldown_pages import allowed_data_strings

EXAMPLE = (
    "截至2026年10月底，全国新培育高技能领军人才1.21万人次，完成目标任务的80.4%，慢于时间进度14.0个百分点；"
    "进度较快的是兵团、吉林、江西，进度滞后的是重庆、山东、江苏。"
)


def keys(at) -> list[str]:
    return [b.key for b in blocks(at.main, "alert-") if b.key not in ("alert-counts", "alert-list")]


def test_the_alerts_page_lists_red_and_yellow_worst_first_with_hooks_and_the_report():
    at = run_app("alerts")
    assert not at.exception
    listed = keys(at)
    assert len(listed) == 40 and all(k.endswith(("-red", "-yellow")) for k in listed)
    assert (
        listed[0].endswith("-red")
        and "alert-leading_talent-500000-red" in keys(at.number_input(key="alerts-page").set_value(2).run()) + listed
    )
    counts = block(at, "alert-counts")
    assert [m.label for m in counts.get("metric")] == ["▼ 红色预警", "◆ 黄色预警", "▲ 绿色预警"]
    report = block(at, "report-text").get("code")[0].value
    assert EXAMPLE in report and report.startswith("技能政策目标任务进度通报")
    assert at.get("download_button")  # report-docx and the alerts CSV
    assert "本快照截至 2026-09 的数据比较" in " ".join(c.value for c in at.caption)


def test_the_red_rule_and_months_held_are_said_on_each_item():
    at = run_app("alerts", region="430000")
    lines = {b.key: texts(b) for b in blocks(at.main, "alert-") if b.key.startswith("alert-") and b.key.count("-") >= 3}
    held = lines["alert-leading_talent-430000-red"]
    assert "差距未补齐，保持红色" in held and "已持续 34 个月（自 2024-01）" in held
    assert block(at, "report-text").get("code")[0].value.startswith("技能政策目标任务进度通报（湖南省）")
    assert at.query_params == {"region": "430000"}


def test_filters_narrow_the_list_by_target_region_and_colour():
    at = run_app("alerts")
    at.multiselect(key="alerts-colours").set_value(["green"]).run()
    assert keys(at) and all(k.endswith("-green") for k in keys(at))
    at.multiselect(key="alerts-targets").set_value(["leading_talent"]).run()
    assert keys(at) and all(k.startswith("alert-leading_talent-") for k in keys(at))
    at.selectbox(key="region").set_value("440000").run()
    assert keys(at) == ["alert-leading_talent-440000-green"]
    at.multiselect(key="alerts-colours").set_value(["red"]).run()
    assert keys(at) == [] and "没有符合筛选条件的项目" in texts(at.main)


def test_the_english_page_has_no_chinese_but_data():
    at = run_app("alerts", lang="en")
    assert not at.exception
    assert block(at, "report-text").get("code")[0].value.startswith("Progress report on the skills-policy targets")
    assert untranslated(at, allowed_data_strings()) == []


def test_an_earlier_snapshot_is_the_comparison(tmp_path, monkeypatch):
    folder = data_folder(tmp_path)
    add_earlier_snapshot(folder)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    at = run_app("alerts")
    assert "变化与上一期快照 2026-09-30-demo（截至 2026-09-30）比较" in " ".join(c.value for c in at.caption)
    assert "上一期快照 2026-09-30-demo" in block(at, "report-text").get("code")[0].value
    older = run_app("alerts", snap="2026-09-30-demo")  # the oldest has no earlier snapshot
    assert "本快照截至 2026-08 的数据比较" in " ".join(c.value for c in older.caption)


def test_bad_links_and_an_empty_folder(tmp_path, monkeypatch):
    at = run_app("alerts", region="999999", pace="fast")
    assert not at.exception and "999999" in warnings(at)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_folder(tmp_path, snapshots=False)))
    empty = run_app("alerts")
    assert not empty.exception and not blocks(empty.main, "alert-")


def test_the_overview_counts_alerts_and_links_to_the_page():
    at = run_app()
    line = texts(block(at, "overview-alerts"))
    assert line.startswith("三色预警：") and "红" in line and "项目标×地区" in line


def test_provinces_ranking_shows_rank_changes_and_the_detail_its_month_on_month_and_year_on_year():
    at = run_app("provinces", region="440000")
    assert not at.exception
    chart = json.loads(block(at, "province-ranking").get("plotly_chart")[0].proto.spec)
    labels = [label for trace in chart["data"] for label in trace["y"]]
    assert any(label.endswith(("↑1", "↑2", "↓1", "↓3")) for label in labels)
    assert "2026-10：" in texts(block(at, "trend-changes")) and "同比" in texts(block(at, "trend-changes"))
    months = next(frame.value for frame in at.dataframe if "月份" in frame.value.columns)
    assert (
        "新培育高技能领军人才 环比（%）" in months.columns and "技能人才占就业人员比例 同比（百分点）" in months.columns
    )
    assert rank_arrow(3) == "↑3" and rank_arrow(-1) == "↓1" and rank_arrow(0) == "—" and rank_arrow(None) == ""
