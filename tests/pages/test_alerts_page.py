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


def listed(at) -> list[tuple[str, str, str]]:
    """(target heading, region, colour) of every row of the triage tables, in the page's order."""
    rows = []
    if not [b for b in blocks(at.main, "alert-list") if b.key == "alert-list"]:
        return rows
    for expander, frame in zip(
        block(at, "alert-list").get("expander"),
        (f.value for f in block(at, "alert-list").get("dataframe")),
        strict=True,
    ):
        for row in frame.itertuples(index=False):
            rows.append((expander.label.split(" —")[0], row[1], row[0]))
    return rows


def report_text(at) -> str:
    return texts(block(at, "report-text")).replace("**", "")


def test_the_alerts_are_grouped_by_target_with_counts_and_the_largest_shortfall_first():
    """Was: 116 items forty to a page, each with its own button. Now one group per target (most red
    first) with its counts per colour, one compact row per region, the largest gap first."""
    at = run_app("alerts")
    assert not at.exception
    headings = [e.label for e in block(at, "alert-list").get("expander")]
    assert headings[0].startswith("新培育高技能领军人才 —— ▼ 红色 ")
    reds = [int(h.split("▼ 红色 ")[1].split(" ")[0]) for h in headings if "▼ 红色 " in h]
    red_metric = next(int(m.value) for m in at.metric if m.label.startswith("▼"))  # the count above the list
    assert reds == sorted(reds, reverse=True) and sum(reds) == red_metric > 100
    first = block(at, "alert-list").get("dataframe")[0].value
    assert list(first.columns) == ["颜色", "地区", "完成情况", "快于/慢于时间进度", "进度比", "持续月数", "说明"]
    gaps = [float(cell.split("慢")[1].split("个")[0]) for cell in first["快于/慢于时间进度"] if "慢" in cell]
    assert gaps == sorted(gaps, reverse=True) and first["地区"].iloc[0] == "重庆"
    assert not [b for b in at.button if (b.key or "").startswith("followup-new")]  # no button per row
    counts = block(at, "alert-counts")
    assert [m.label for m in counts.get("metric")] == ["▼ 红色预警", "◆ 黄色预警", "▲ 绿色预警"]
    report = report_text(at)
    assert EXAMPLE in report and report.startswith("技能政策目标任务进度通报")
    assert not block(at, "report-text").get("code")  # readable text, not a code box
    assert at.get("download_button")  # report-docx and the alerts CSV
    assert "本快照截至 2026-09 的数据比较" in " ".join(c.value for c in at.caption)


def test_one_item_chosen_shows_its_red_rule_months_held_and_one_follow_up_button():
    at = run_app("alerts", region="430000")
    picker = at.selectbox(key="alerts-followup-pick")
    assert picker.value is None and not blocks(at.main, "alert-leading_talent-430000-red")
    wanted = next(i for i, label in enumerate(picker.options) if "新培育高技能领军人才 · 湖南" in label)
    picker.set_value(wanted).run()
    held = texts(block(at, "alert-leading_talent-430000-red"))
    assert "差距未补齐，保持红色" in held and "已持续 34 个月（自 2024-01）" in held
    assert [b.key for b in at.button if (b.key or "").startswith("followup-new")] == [
        "followup-new-leading_talent-430000"
    ]
    assert report_text(at).startswith("技能政策目标任务进度通报（湖南省）")
    assert at.query_params == {"region": "430000"}


def test_filters_narrow_the_list_by_target_region_and_colour():
    at = run_app("alerts")
    at.multiselect(key="alerts-colours").set_value(["green"]).run()
    assert listed(at) and all(colour == "▲ 绿色" for *_, colour in listed(at))
    at.multiselect(key="alerts-targets").set_value(["leading_talent"]).run()
    assert listed(at) and {heading for heading, *_ in listed(at)} == {"新培育高技能领军人才"}
    at.selectbox(key="region").set_value("440000").run()
    assert listed(at) == [("新培育高技能领军人才", "广东", "▲ 绿色")]
    at.multiselect(key="alerts-colours").set_value(["red"]).run()
    assert listed(at) == [] and "没有符合筛选条件的项目" in texts(at.main)


def test_the_english_page_has_no_chinese_but_data():
    at = run_app("alerts", lang="en")
    assert not at.exception
    assert report_text(at).startswith("Progress report on the skills-policy targets")
    assert untranslated(at, allowed_data_strings()) == []


def test_an_earlier_snapshot_is_the_comparison(tmp_path, monkeypatch):
    folder = data_folder(tmp_path)
    add_earlier_snapshot(folder)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    at = run_app("alerts")
    assert "变化与上一期快照 2026-09-30-demo（截至 2026-09-30）比较" in " ".join(c.value for c in at.caption)
    assert "上一期快照 2026-09-30-demo" in report_text(at)
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
