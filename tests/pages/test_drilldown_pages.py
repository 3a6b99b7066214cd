"""Provinces, Programs and Data pages through AppTest: content, hooks, every URL parameter."""

import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.folder import open_data_folder
from tests.apptest import add_earlier_snapshot, block, blocks, data_folder, run_app, texts, warnings
from tests.english_scan import untranslated


def test_provinces_page_shows_map_ranking_and_a_hint_until_a_province_is_chosen():
    at = run_app("provinces")
    assert not at.exception
    assert len(block(at, "tile-map").get("plotly_chart")) == 1 and "示意图" in texts(block(at, "tile-map"))
    assert len(block(at, "province-ranking").get("plotly_chart")) == 1
    assert not blocks(at.main, "province-detail")
    assert "参考目标(按基期占比分解)" in " ".join(c.value for c in at.caption)
    at.selectbox(key="region").set_value("440000").run()
    detail = texts(block(at, "province-detail"))
    assert "广东省 · 详情" in detail and "参考目标(按基期占比分解)" in detail
    assert at.query_params == {"region": "440000"}


def test_a_province_link_reproduces_the_view_in_either_language():
    zh = run_app("provinces", region="510000", target="private_enterprise_training", color="completion", group="nbs")
    en = run_app(
        "provinces", region="510000", target="private_enterprise_training", color="completion", group="nbs", lang="en"
    )
    for at in (zh, en):
        assert not at.exception and not warnings(at).count("ignored")
        assert at.selectbox(key="target").value == "private_enterprise_training"
        assert at.selectbox(key="group").value == "nbs"
    assert "四川省 · 详情" in texts(block(zh, "province-detail"))
    assert "Sichuan · detail" in texts(block(en, "province-detail"))
    # the key to a phone's short tile names (shown by the page's CSS below 640 px only): English only
    assert "GD Guangdong" in texts(block(en, "tile-key")) and not blocks(zh.main, "tile-key")
    assert en.query_params == {
        "lang": "en",
        "target": "private_enterprise_training",
        "region": "510000",
        "color": "completion",
        "group": "nbs",
    }


def test_sichuan_detail_lists_its_own_targets():
    detail = texts(block(run_app("provinces", region="510000"), "province-detail"))
    assert "本省目标" in detail and "面向高校毕业生组织招聘活动" in detail and "所在省份组目标" in detail


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("region", "999999"),
        ("region", "广东"),
        ("target", "nope"),
        ("color", "rainbow"),
        ("group", "x"),
        ("snap", "2020-01-01-gone"),
        ("pace", "fast"),
        ("lang", "fr"),
    ],
)
def test_bad_url_values_are_ignored_with_a_notice(param, value):
    at = run_app("provinces", **{param: value})
    assert not at.exception
    assert f"{param}={value}" in warnings(at)
    assert blocks(at.main, "tile-map")


def test_a_target_without_provincial_data_is_replaced_with_a_notice():
    at = run_app("provinces", target="worldskills_training_bases")
    assert not at.exception and "无法按省展示" in warnings(at)


def test_group_target_greys_out_non_members():
    at = run_app("provinces", target="east_high_skilled_share", region="510000")
    assert not at.exception and "东部省份" in " ".join(c.value for c in at.caption)


def test_programs_page_chart_hooks_and_a_target_link_opens_its_program():
    at = run_app("programs")
    assert not at.exception and len(block(at, "program-chart").get("plotly_chart")) == 1
    assert len(at.get("plotly_chart")) == 2  # path + breakdown (talent type)
    at = run_app("programs", target="private_enterprise_training")
    assert at.selectbox(key="program").value == "private_enterprise_training_action"
    assert len(block(at, "program-chart").get("plotly_chart")) == 2  # yearly bars + this year's path
    assert at.selectbox(key="year").value == "2026"


def test_programs_year_and_pace_parameters():
    at = run_app("programs", target="private_enterprise_training", year="2024", pace="seasonal")
    assert not at.exception and at.selectbox(key="year").value == "2024"
    assert "季节性进度" in " ".join(c.value for c in at.caption)
    assert run_app("programs", target="private_enterprise_training", year="1999").selectbox(key="year").value == "2026"


def test_the_status_badge_is_the_chosen_years():
    from lib.progress.dataview import snapshot_view

    folder = open_data_folder(DEFAULT_DATA_DIR)
    years = {
        y.year: y.status
        for y in snapshot_view(folder, folder.snapshot(None)).progress("linear")["private_enterprise_training"].years
    }
    assert years[2025] != years[2026]  # the demo data tell the two years apart
    for year in (2025, 2026):
        at = run_app("programs", target="private_enterprise_training", year=str(year))
        assert [b.key for b in blocks(at.main, "status-private_enterprise_training-")] == [
            f"status-private_enterprise_training-{years[year]}"
        ]


def test_programs_group_and_no_data_targets():
    at = run_app("programs", target="east_high_skilled_share")
    assert not at.exception and "逐省评估" in texts(block(at, "program-chart"))
    at = run_app("programs", target="city_training_2019_2021")
    assert not at.exception and "暂无数据" in texts(block(at, "program-chart"))


def test_data_page_compares_two_snapshots(tmp_path, monkeypatch):
    folder = data_folder(tmp_path)
    add_earlier_snapshot(folder)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    at = run_app("data")
    assert not at.exception
    diff = block(at, "snapshot-diff")
    metrics = {m.label: m.value for m in diff.get("metric")}
    assert metrics == {"数值改动的观测": "0", "新增的观测": "631", "删除的观测": "0"}
    labels = [b.label for b in at.get("download_button")]
    assert "下载所示数据 CSV（631 行）" in labels and any(
        label.startswith("下载全部数据 Parquet（") for label in labels
    )


def test_data_page_with_one_snapshot_explains_the_comparison(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_folder(tmp_path)))
    at = run_app("data")
    assert not at.exception and "至少需要两个快照" in texts(block(at, "snapshot-diff"))


def test_copy_link_shows_the_view_and_a_pinned_link():
    at = run_app("provinces", region="440000", lang="en")
    links = [c.value for c in at.sidebar.get("code")]
    assert links == ["/provinces?lang=en&region=440000", "/provinces?lang=en&snap=2026-10-31-demo&region=440000"]


def allowed_data_strings() -> list[str]:
    folder = open_data_folder(DEFAULT_DATA_DIR)
    allowed = ["示例数据 · 非官方统计", "语言 · Language", "中文", "左右"]
    for program in folder.catalogue.programs.values():
        allowed += [program.document_number, program.document_title]
    allowed += [target.quote for target in folder.catalogue.targets]
    for item in folder.catalogue.provincial:  # a province's own document, as the record names it
        document = item.document
        allowed += [document.title, document.number, document.issuer, document.reported_by, document.quote]
    for ref in folder.snapshots:
        allowed += [ref.manifest.title, ref.manifest.source, ref.manifest.publisher, ref.manifest.notes]
        allowed += [ref.manifest.source_in("zh"), ref.manifest.publisher_in("zh")]
    return allowed


@pytest.mark.parametrize(
    ("page", "query"),
    [
        (None, {}),
        ("provinces", {"region": "510000"}),
        ("provinces", {"color": "status", "target": "east_high_skilled_share", "region": "440000"}),
        ("programs", {}),
        ("programs", {"target": "private_enterprise_training"}),
        ("targets", {}),
        ("data", {}),
        ("about", {}),
    ],
)
def test_no_page_shows_an_untranslated_string_in_english(page, query):
    at = run_app(page, lang="en", **query)
    assert not at.exception
    assert untranslated(at, allowed_data_strings(), skip_keys=("quote-context",)) == []
