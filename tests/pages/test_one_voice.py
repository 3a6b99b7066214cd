"""One voice (issue #21): the same figure has the same name and the same digits on every surface an
official reads — the Overview and Provinces pages (AppTest), the Alerts download, the 通报 text and
the slides' text — for a national, a provincial, a group, an approximate, a level and an annual target.

The expected figures are computed here from the engine's results with plain arithmetic (one decimal
of a percentage; the gap as the difference of the two figures shown), not with the product's own
formatting, so a surface that rounds differently or names a measure differently fails."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from lib.briefing.report import build_report
from lib.briefing.views import ViewSpec, view_content
from lib.progress.alerts import alerts
from lib.progress.drilldown import province_results
from lib.views.alerts import alerts_table
from tests.apptest import block, run_app, texts

VOCABULARY = {"完成进度", "时间进度", "进度比"}  # the only names a percentage of progress may carry
NAMED = re.compile(r"(完成进度|时间进度|进度比|完成率|完成|进度)\s*\**\s*(≥?\d+(?:\.\d+)?%)")
GUANGDONG = "440000"


def pct(ratio: float) -> str:
    return f"{100 * ratio:.1f}%"


def gap_words(progress) -> str:
    """快于/慢于时间进度 N 个百分点 from the two figures as shown."""
    points = round(round(100 * progress.completion, 1) - round(100 * progress.time_elapsed, 1), 1)
    return f"{'慢于' if points < 0 else '快于'}时间进度{abs(points):.1f}个百分点"


def named_figures(text: str) -> list[tuple[str, str]]:
    return [(name, figure) for name, figure in NAMED.findall(text.replace("\\", ""))]


def assert_one_voice(text: str, progress, where: str) -> None:
    """Every percentage named in ``text`` carries a name of the vocabulary and that measure's figure."""
    expected = {"完成进度": pct(progress.completion), "时间进度": pct(progress.time_elapsed)}
    if progress.pace is not None:
        expected["进度比"] = pct(progress.pace)
    for name, figure in named_figures(text):
        assert name in VOCABULARY, f"{where}: “{name} {figure}” — a name outside the vocabulary"
        assert figure.lstrip("≥") == expected[name], f"{where}: {name} {figure}, expected {expected[name]}"


def line_with(text: str, *needles: str) -> str:
    lines = [line for line in text.replace("\\", "").splitlines() if all(n in line for n in needles)]
    assert lines, f"no line with {needles}"
    return lines[0]


@pytest.fixture(scope="module")
def results(demo_view):
    progress = demo_view.progress()
    by_region = {
        r.region.code: r.progress
        for r in province_results(demo_view, demo_view.catalogue.by_target["leading_talent"], "linear")
    }
    return progress, by_region


@pytest.fixture(scope="module")
def report_national(demo_view):
    return build_report(demo_view, lang="zh")


@pytest.fixture(scope="module")
def report_zh(report_national):
    return report_national.text()


@pytest.fixture(scope="module")
def report_gd(demo_view):
    return build_report(demo_view, lang="zh", region=GUANGDONG)


@pytest.fixture(scope="module")
def alerts_csv(demo_view):
    """The Alerts page's download, read back as a reader's spreadsheet would."""
    from lib.store.exports import to_csv_bytes

    table = alerts_table(demo_view, alerts(demo_view, "linear"), "zh")
    return pd.read_csv(io.BytesIO(to_csv_bytes(table)), dtype={"地区代码": str})


def csv_row(frame: pd.DataFrame, target_id: str, region: str) -> pd.Series:
    rows = frame[(frame["目标代码"] == target_id) & (frame["地区代码"] == region)]
    assert len(rows) == 1
    return rows.iloc[0]


def assert_csv_figures(row: pd.Series, progress) -> None:
    """The download carries each measure under its name, in per cent to the digit shown on screen."""
    assert f"{row['完成进度（%）']:.1f}%" == pct(progress.completion)
    assert f"{row['时间进度（%）']:.1f}%" == pct(progress.time_elapsed)
    assert f"{row['进度比（%）']:.1f}%" == pct(progress.pace)
    points = round(round(100 * progress.completion, 1) - round(100 * progress.time_elapsed, 1), 1)
    assert row["快于(+)/慢于(−)时间进度（百分点）"] == pytest.approx(points)


# --- a national count target and an annual one: Overview cards, 通报, slides, the alerts download ---------
@pytest.mark.parametrize("target_id", ["leading_talent", "private_enterprise_training"])
def test_a_national_count_and_an_annual_target_read_the_same_everywhere(
    target_id, demo_view, results, report_zh, alerts_csv
):
    progress = results[0][target_id]
    name = demo_view.catalogue.by_target[target_id].name("zh")
    at = run_app()
    card = texts(block(at, f"kpi-{target_id}")).replace("**", "")
    assert f"完成进度 {pct(progress.completion)}" in card and f"时间进度 {pct(progress.time_elapsed)}" in card
    assert gap_words(progress) in card
    assert_one_voice(card, progress, "Overview card")

    subject = "全国新培育高技能领军人才" if target_id == "leading_talent" else "全国2026年公共实训基地培训民营企业员工"
    sentence = line_with(report_zh, subject)
    assert f"的{pct(progress.completion)}，{gap_words(progress)}" in sentence
    assert_one_voice(sentence, progress, "通报")

    slide = dict(view_content(demo_view, ViewSpec("overview"), "linear", "zh").numbers)[name]
    assert f"完成进度 {pct(progress.completion)}" in slide and f"时间进度 {pct(progress.time_elapsed)}" in slide
    assert_one_voice(slide, progress, "slide")

    assert_csv_figures(csv_row(alerts_csv, target_id, "000000"), progress)


# --- a province on a national target: the Provinces map, ranking and detail, 通报, slides, download -----
def test_a_province_reads_the_same_on_the_map_the_detail_the_report_the_slide_and_the_download(
    demo_view, results, report_gd, report_national, alerts_csv
):
    progress = results[1][GUANGDONG]
    at = run_app("provinces", target="leading_talent", region=GUANGDONG, color="pace")
    import json

    spec = json.loads(block(at, "tile-map").get("plotly_chart")[0].proto.spec)
    title = spec["layout"]["title"]["text"]
    assert "进度比" in title  # the map names the measure it is coloured by
    colorbar = next(trace["colorbar"]["title"]["text"] for trace in spec["data"] if "colorbar" in trace)
    assert colorbar == "进度比"
    tile = next(
        text
        for trace in spec["data"]
        for text in trace.get("text", []) or []
        if isinstance(text, str) and "<b>广东</b>" in text
    )
    assert pct(progress.pace) in tile  # the tile's figure has the digits the table and report have

    detail = texts(block(at, "province-detail"))
    row = line_with(detail, "新培育高技能领军人才")
    assert progress.status == "achieved"  # 广东 is ahead: its row and sentence say it is done, with the figure
    assert f"完成进度 {pct(progress.completion)}" in row
    assert f"| {pct(progress.pace)} |" in row and f"| {pct(progress.time_elapsed)} |" in row
    assert_one_voice(row, progress, "Provinces detail")

    sentence = line_with(report_gd.text(), "新培育高技能领军人才")
    assert f"已完成参考目标任务（完成进度{pct(progress.completion)}）" in sentence
    annex = next(table for table in report_national.tables if "新培育高技能领军人才" in table.title)
    assert {"完成进度", "时间进度", "进度比"} <= set(annex.columns) and "完成率" not in annex.columns
    annex_row = dict(zip(annex.columns, next(r for r in annex.rows if r[1] == "广东"), strict=True))
    assert (annex_row["完成进度"], annex_row["时间进度"], annex_row["进度比"]) == (
        pct(progress.completion),
        pct(progress.time_elapsed),
        pct(progress.pace),
    )

    slide = dict(view_content(demo_view, ViewSpec("provinces", "leading_talent", GUANGDONG), "linear", "zh").numbers)
    assert f"完成进度 {pct(progress.completion)}" in slide["广东"] and f"进度比 {pct(progress.pace)}" in slide["广东"]
    assert_one_voice(slide["广东"], progress, "slide")

    assert_csv_figures(csv_row(alerts_csv, "leading_talent", GUANGDONG), progress)


# --- a group target, a level target and an approximate one: in their own unit, everywhere -------------
def test_a_level_target_reads_in_its_own_unit_on_the_overview_and_in_the_report(demo_view, results, report_zh):
    progress = results[0]["skilled_share_of_employed"]
    assert f"{progress.actual:.1f}" == "29.9" and progress.target_value == 30
    words = "距30%的目标差0.1个百分点"
    at = run_app()
    row = line_with(texts(block(at, "overview-table")), "技能人才占就业人员比例")
    assert words in row and pct(progress.completion) not in row  # never "97.0%" of a 30 % target
    sentence = line_with(report_zh, "技能人才占就业人员比例")
    assert f"比例为29.9%，目标期（2021—2025）已结束，{words}" in sentence and pct(progress.completion) not in sentence
    slide = dict(view_content(demo_view, ViewSpec("programs", "skilled_share_of_employed"), "linear", "zh").numbers)
    assert slide["距目标"] == words


def test_an_approximate_target_reached_within_its_tolerance_says_so_and_no_percent_below_100(
    demo_view, results, report_zh
):
    progress = results[0]["quality_technical_colleges"]
    assert progress.status == "achieved" and progress.actual == 290 and progress.target_value == 300
    at = run_app()
    row = line_with(texts(block(at, "overview-table")), "优质技工院校")
    sentence = line_with(report_zh, "优质技工院校")
    for shown in (row, sentence):
        assert "达到目标（±5%以内）" in shown and "96.7%" not in shown


def test_a_group_target_reads_the_same_in_a_provinces_detail_its_report_and_the_download(
    demo_view, report_gd, alerts_csv
):
    target = demo_view.catalogue.by_target["east_high_skilled_share"]
    progress = next(r.progress for r in province_results(demo_view, target, "linear") if r.region.code == GUANGDONG)
    at = run_app("provinces", target="leading_talent", region=GUANGDONG)
    row = line_with(texts(block(at, "province-detail")), target.name("zh"))
    distance = re.search(r"距35%的目标差[\d.]+个百分点|达到35%的目标", row)
    assert distance, row
    sentence = line_with(report_gd.text(), target.name("zh"))
    assert distance.group(0) in sentence
    assert csv_row(alerts_csv, target.id, GUANGDONG)["距目标"] == distance.group(0)
    assert_one_voice(row, progress, "Provinces detail (group)")


def test_the_english_surfaces_use_the_same_three_names(demo_view):
    report = build_report(demo_view, lang="en").text()
    assert "Completion" not in report and not re.search(r"\bpace \d", report)
    table = alerts_table(demo_view, alerts(demo_view, "linear")[:3], "en")
    assert {"Progress (%)", "Time elapsed (%)", "Pace ratio (%)"} <= set(table.columns)


# --- each measure defined once: the formulas on hover are the About page's, from lib.views.words ---
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_formulas_on_hover_are_the_ones_the_about_page_lists(lang):
    from lib.core.i18n import t
    from lib.progress.measures import MEASURES
    from lib.views.words import measure_formula, measure_help, measure_name

    by_key = {measure.key: measure for measure in MEASURES}
    card_measures = [by_key[key] for key in ("completion", "time_elapsed", "gap")]  # the progress line's
    table_measures = [by_key[key] for key in ("completion", "gap", "distance")]  # the 完成情况 cell's

    def plain(text: str) -> str:
        return text.replace("\\", "")

    about_page = run_app("about", lang=lang)
    about = texts(block(about_page, "measures-glossary"))
    for measure in MEASURES:  # About lists every measure once, with its one formula
        assert measure_name(measure, lang) in about and plain(measure_formula(measure, lang)) in about, measure.key
    import json

    (inputs,) = [
        json.loads(frame.proto.columns)
        for frame in about_page.dataframe
        if measure_name(by_key["pace"], lang) in frame.value.columns
    ]
    for key in ("completion", "time_elapsed", "pace", "baseline_progress"):  # the inputs table's headers
        measure = by_key[key]
        assert inputs[measure_name(measure, lang)]["help"] == measure_help(measure, lang), key
    at = run_app(lang=lang)
    for target_id in ("leading_talent", "private_enterprise_training", "new_skilled_workers"):
        hovers = [plain(m.proto.help) for m in block(at, f"kpi-{target_id}").get("markdown") if m.proto.help]
        assert len(hovers) == 1, target_id  # the progress line, and it alone
        for measure in card_measures:
            assert plain(measure_help(measure, lang)) in hovers[0] and plain(measure_formula(measure, lang)) in about
    heading = next(h for h in at.subheader if h.value == t("overview.others", lang))
    for measure in table_measures:  # the table's 完成情况 names these three
        assert (
            plain(measure_help(measure, lang)) in plain(heading.proto.help)
            and plain(measure_formula(measure, lang)) in about
        )


# --- the 督办 workbook (XLSX) and the HTML briefing say the figures as the screens do -----------------
def test_the_followups_workbook_carries_the_pace_ratio_named_and_rounded_as_the_alerts_download(
    demo_view, alerts_csv, tmp_path
):
    from datetime import date, timedelta

    from lib.core.roles import Identity
    from lib.store import followups
    from lib.store.database import open_database
    from lib.views.followups import workbook

    alert = next(a for a in alerts(demo_view, "linear") if a.colour == "red" and a.progress.pace is not None)
    who = Identity("nat.analyst", "部分析员", role="analyst", mode="proxy", signed_in=True)
    database = open_database(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        followups.open_follow_up(
            database,
            who,
            target_id=alert.target_id,
            region_code=alert.region_code,
            target_name=demo_view.catalogue.by_target[alert.target_id].name("zh"),
            own=False,
            responsible_unit="广东省人社厅",
            contact="",
            due_date=date.today() + timedelta(days=30),
            measures="",
            pace_method="linear",
            snapshot_id=demo_view.provenance.snapshot_id,
            month="2026-10",
            colour=alert.colour,
            pace=alert.progress.pace,
        )
        found = followups.visible(database, who)
    finally:
        database.close()
    book = workbook(found, demo_view.catalogue, demo_view.store.regions, "zh", date.today())
    sheet = pd.read_excel(io.BytesIO(book), sheet_name="督办事项")
    shown = sheet["开立时进度比（%）"].iloc[0]  # the measure's one name, in per cent, as on screen
    assert f"{shown:.1f}%" == pct(alert.progress.pace)
    assert shown == csv_row(alerts_csv, alert.target_id, alert.region_code)["进度比（%）"]


def test_the_html_briefing_shows_the_cards_figures(demo_view, results):
    from lib.briefing.document import briefing_html

    html = briefing_html(
        [view_content(demo_view, ViewSpec("overview"), "linear", "zh")], demo_view.provenance, "zh", []
    )
    cards = re.findall(r"<div class='headline'>(.*?)</div>", html)
    for target_id in ("leading_talent", "private_enterprise_training"):
        progress = results[0][target_id]
        name = demo_view.catalogue.by_target[target_id].name("zh")
        (shown,) = [re.sub(r"<[^>]+>", "\n", card) for card in cards if name in card]
        card = texts(block(run_app(), f"kpi-{target_id}")).replace("**", "")
        for figure in (f"完成进度 {pct(progress.completion)}", f"时间进度 {pct(progress.time_elapsed)}"):
            assert figure in card and figure in shown, (target_id, figure)
        assert_one_voice(shown, progress, "HTML briefing")
