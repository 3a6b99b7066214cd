"""A province's own targets (本省目标) as the Provinces page and the 通报 show them, on the bundled
provincial snapshot: judged by the engine on the province's figures, each figure's date and source beside
it, early completion said with the figure's publication date."""

from datetime import date

import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.progress.provincial import own_target_results, published_on
from lib.store.folder import open_data_folder
from lib.views.provinces import own_documents, own_target_notes, own_target_table

HENAN, YUNNAN, HAINAN = "410000", "530000", "460000"


@pytest.fixture(scope="module")
def view():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    return snapshot_view(folder, folder.snapshot("2026-02-26-provincial"))


def by_id(view, code):
    return {result.item.target.id: result for result in own_target_results(view, code)}


def test_henan_is_judged_on_its_own_figures_at_their_dates(view):
    results = by_id(view, HENAN)
    total = results["henan_skilled_total_2025"].progress
    assert total.actual == 18_170_000 and total.latest_period == date(2024, 5, 1)
    assert total.status == "at_risk"  # 93% of 1950万 on the 2024-05 figure; not "missed" on an old figure
    assert published_on(view, total) == date(2024, 5, 21)
    # 2024 targets from the 1—6月 totals: never spread over months
    new = results["henan_new_skilled_2024"].progress
    assert new.status == "achieved" and new.actual == 1_667_000 and new.window_end == date(2024, 6, 1)
    training = results["henan_training_2024"].progress
    assert training.status == "on_track" and training.time_elapsed == 0.5
    # a share the province never printed: 推算 from its two figures of 2024-05 (decision 0074), see below
    assert results["henan_high_skilled_share_2024"].progress.derived_inputs


def test_a_share_henan_did_not_print_is_derived_from_its_two_figures_of_one_month_named_and_quoted(view):
    from lib.briefing.report import build_report
    from lib.views.provinces import own_derived_notes

    progress = by_id(view, HENAN)["henan_high_skilled_share_2024"].progress
    assert f"{progress.actual:.1f}" == "30.3" and progress.latest_period == date(2024, 5, 1)  # 550 ÷ 1817
    assert [(p.indicator_id, p.value) for p in progress.derived_inputs] == [
        ("high_skilled_total", 5_500_000),
        ("skilled_workers_total", 18_170_000),
    ]
    assert progress.status == "at_risk" and progress.citation_ids == ("henan-2024-05-stock",)
    row = (
        own_target_table(view, HENAN, "linear", "zh")
        .set_index("本省目标")
        .loc["河南高技能人才占技能人才比例（2024年）"]
    )
    assert row["最新数字"] == "30.3%（推算）" and row["状态"].endswith("（按推算值）")
    assert row["完成情况"] == "距32%的目标差1.7个百分点" and row["数字时点"] == "2024年5月"
    (note,) = own_derived_notes(view, HENAN, "linear", "zh")
    assert "推算：高技能人才总量 550万人 ÷ 技能人才总量 1,817万人 = 30.3%（两数同为2024-05的公布数" in note
    assert "原文：“全省技能人才达到1817万人,其中高技能人才550万人”" in note  # both figures' sentence, verbatim
    english = own_derived_notes(view, HENAN, "linear", "en")[0]
    assert "Derived:" in english and "both published for 2024-05" in english
    report = build_report(view, lang="zh", region=HENAN).text()
    assert "为30.3%（推算）" in report and "推算：高技能人才总量 550万人 ÷ 技能人才总量 1,817万人" in report
    from lib.core.settings import alert_thresholds
    from lib.views import alerts

    listed = alerts.build_list(view, None, alert_thresholds(), (), HENAN, ("red", "yellow", "green"), "zh", "linear")
    (line,) = [line for line in listed.own_lines if "高技能人才占技能人才比例" in line.title]
    assert "30.3%（推算），距32%的目标差1.7个百分点" in line.details  # its alert names it 推算 too
    # nothing is derived where a province has not both figures of one month (内蒙古, 重庆's skilled share)
    assert by_id(view, "150000")["neimenggu_high_skilled_share_2025"].progress.status == "no_data"
    assert by_id(view, "500000")["chongqing_skilled_share_2025"].progress.derived_inputs == ()


def test_met_early_says_when_the_figure_was_published(view):
    yunnan = by_id(view, YUNNAN)
    assert yunnan["yunnan_skilled_total_2025"].met_early and yunnan["yunnan_high_skilled_total_2025"].met_early
    notes = own_target_notes(view, YUNNAN, "linear", "zh")
    assert len(notes) == 2 and all("2024年5月" in n and "2024-05-10发布" in n for n in notes)
    hainan = own_target_notes(view, HAINAN, "linear", "zh")
    assert hainan and all("≥" in n and "发布日期未记录" in n for n in hainan)  # 91万余: a bound; no date guessed
    english = own_target_notes(view, YUNNAN, "linear", "en")
    assert all("published 2024-05-10" in n for n in english)


def test_the_table_shows_each_figures_date_source_and_document(view):
    table = own_target_table(view, HENAN, "linear", "zh")
    assert list(table.columns) == ["状态", "本省目标", "目标值", "最新数字", "数字时点", "完成情况", "数字出处"]
    row = table.iloc[0]
    assert all(
        cell == "—" or cell.startswith(("完成进度 ", "距", "达到")) for cell in table["完成情况"]
    )  # one vocabulary
    assert row["数字时点"] == "2024年5月" and "二手来源" in row["数字出处"]
    documents = own_documents(view, HENAN, "zh")
    assert len(documents) == 3 and "文号、发文单位、成文日期未记录" in documents[0]
    assert "原文：“到2025年,完成1500万人次职业技能培训" in documents[0]
    gansu = own_documents(view, "620000", "zh")[0]
    assert "甘政办发〔2025〕66号 · 甘肃省人民政府办公厅 · 2025-11-06" in gansu and "未记录" not in gansu
    assert table.iloc[2]["数字时点"] == "2024年1—6月"
    assert own_target_table(view, "350000", "linear", "zh").empty  # 福建: nothing usable, nothing invented
    english = own_target_table(view, HENAN, "linear", "en")
    assert english.iloc[0]["Figure's date"] == "May 2024"


def test_a_stock_map_keeps_each_provinces_figure_at_its_own_date(view):
    from lib.views.provinces import figure_months, indicator_map, mappable_indicators

    assert {i.id for i in mappable_indicators(view)} >= {"skilled_workers_total", "high_skilled_share_printed"}
    full = indicator_map(view, "skilled_workers_total", "zh")
    assert full.uneven and full.periods["410000"] == date(2024, 5, 1) and full.periods["120000"] == date(2026, 2, 1)
    assert full.period_text("zh") == "各省最新一期" and full.period_text("en") == "latest"
    tianjin = next(row for row in full.rows if row["code"] == "120000")
    assert tianjin["symbol"] == "2026-02" and tianjin["label"].startswith("≥")  # 超过276万: a bound, its date
    ranked = full.ranking.set_index("code")
    assert ranked.loc["410000", "name"] == "河南 (2024-05)" and ranked.loc["410000", "value"] == 18_170_000
    # limited to 2024: each province's latest figure *within* the range, nothing moved to another date
    year = indicator_map(view, "skilled_workers_total", "zh", date(2024, 1, 1), date(2024, 12, 1))
    assert set(year.periods) == {"410000", "370000", "450000", "530000", "150000", "110000", "540000"}
    assert year.periods["450000"] == date(2024, 7, 1)  # 广西's 2025-06 figure is outside, its 2024-07 one counts
    assert year.national is None  # published provincial figures are never summed into a national one
    assert figure_months(view, "skilled_workers_total")[0] == date(2016, 12, 1)


def test_a_level_targets_tiles_say_each_provinces_figure_date(view):
    from lib.progress.drilldown import province_results
    from lib.views.provinces import hover_text

    target = view.catalogue.by_target["east_high_skilled_share"]
    results = {r.region.code: r for r in province_results(view, target, "linear")}
    beijing = results["110000"]
    assert beijing.progress.latest_period == date(2024, 10, 1)  # its latest pair of totals, not another date
    assert "数字时点2024年10月" in hover_text(beijing, "%", "zh")


# --- the Provinces and Alerts pages' view models (what pages/provinces.py and pages/alerts.py lay out) ------
STATE = {"target": "skilled_workers_total", "color": "pace", "group": "belt", "region": ""}


def test_the_provinces_page_offers_a_range_of_months_for_a_published_stock_and_maps_within_it(view):
    from lib.views import provinces

    months = provinces.choices(view, "zh").month_ranges["skilled_workers_total"]
    assert months.options[0] == date(2016, 12, 1) and months.value == (months.options[0], months.options[-1])
    assert months.text(date(2024, 5, 1)) == "2024年5月" and months.label
    whole = provinces.build(view, None, STATE, "zh", "linear")
    assert "每省按其自身时点" in whole.note and "河南 (2024-05)" in whole.ranking.table["name"].tolist()
    year = provinces.build(view, None, STATE, "zh", "linear", span=(date(2024, 1, 1), date(2024, 12, 1)))
    names = year.ranking.table["name"].tolist()
    assert len(names) == 7 and "广西 (2024-07)" in names and not any("2026-" in name for name in names)


def test_a_provinces_detail_puts_its_own_targets_first_with_documents_and_early_completions(view):
    from lib.views import provinces

    yunnan = provinces.build(view, None, {**STATE, "region": YUNNAN}, "zh", "linear").detail
    assert yunnan.own_heading == "本省目标（云南省自定）" and yunnan.targets_heading.startswith("全国目标与参考目标")
    assert "云南技能人才总量" in yunnan.own_table.replace("\\", "") and yunnan.own_documents.startswith("- ")
    assert len(yunnan.own_notes) == 2 and all("2024-05-10发布" in n.replace("\\", "") for n in yunnan.own_notes)
    fujian = provinces.build(view, None, {**STATE, "region": "350000"}, "zh", "linear").detail
    assert fujian.own_table == "" and fujian.own_notes == () and fujian.targets_heading == "适用于福建省的目标"


def test_the_alerts_list_of_a_province_carries_its_own_targets_alerts_apart(view):
    from lib.core.settings import alert_thresholds
    from lib.views import alerts

    henan = alerts.build_list(view, None, alert_thresholds(), (), HENAN, ("red", "yellow"), "zh", "linear")
    assert henan.own_heading == "本省目标预警（河南自定目标）"
    own = " ".join(f"{line.title} {line.details}" for line in henan.own_lines)
    assert "河南技能人才总量" in own and "数字时点2024年5月" in own
    assert not any(line.key.startswith("own-") for line in henan.lines)  # not among the catalogue's
    national = alerts.build_list(view, None, alert_thresholds(), (), "", ("red",), "zh", "linear")
    assert national.own_lines == () and national.own_heading == ""
