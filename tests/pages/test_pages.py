"""Every page through Streamlit's AppTest: the content, the hooks, bad data folders, URL state."""

import pytest

from lib.core.formatting import format_quantity
from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from tests.apptest import add_earlier_snapshot, block, blocks, data_folder, run_app, texts

HEADLINE = ("leading_talent", "private_enterprise_training", "new_skilled_workers")


def demo_progress(pace="linear"):
    folder = open_data_folder(DEFAULT_DATA_DIR)
    return snapshot_view(folder, folder.snapshot(None)).progress(pace)


def test_overview_shows_the_three_headline_cards_with_status_hooks():
    at = run_app()
    assert not at.exception
    expected = {
        "leading_talent": "off_track",
        "private_enterprise_training": "at_risk",
        "new_skilled_workers": "achieved",
    }
    for target_id in HEADLINE:
        card = block(at, f"kpi-{target_id}")
        statuses = blocks(card, f"status-{target_id}-")
        assert [s.key for s in statuses] == [f"status-{target_id}-{expected[target_id]}"]
        assert len(card.get("image")) == 1
    progress = demo_progress()
    for target_id, unit in zip(HEADLINE, ("人次", "人次", "人"), strict=True):
        assert format_quantity(progress[target_id].actual, unit, "zh") in texts(block(at, f"kpi-{target_id}"))
    assert "目标 1.5万人次 · 2024—2026" in texts(block(at, "kpi-leading_talent"))
    assert "目标 每年100万人次 · 2024—2027" in texts(block(at, "kpi-private_enterprise_training"))
    assert "目标 4,000万人 · 2021—2025" in texts(block(at, "kpi-new_skilled_workers"))
    assert "示例数据 · 非官方统计" in texts(block(at, "demo-banner"))
    assert "数据截至 2026年10月31日" in texts(block(at, "asof"))
    tables = [m.value for m in block(at, "overview-table").get("markdown") if m.value.startswith("| 状态 |")]
    headings = [m.value for m in block(at, "overview-table").get("markdown") if not m.value.startswith("|")]
    assert sum(table.count("\n") - 1 for table in tables) == 30  # 34 targets, 3 headline, 1 without data
    assert len(headings) == len(tables) and "**四川本省目标**" in headings  # a province's own apart


def test_overview_in_english_formats_numbers_the_english_way():
    at = run_app(lang="en")
    assert at.title.values == ["Skills policy progress"]
    card = texts(block(at, "kpi-new_skilled_workers"))
    actual = format_quantity(demo_progress()["new_skilled_workers"].actual, "人", "en")
    assert (
        "Target 40 million persons · 2021–2025" in card
        and f"Achieved so far {actual}" in card
        and "million persons" in actual
    )
    assert "Demo data" in texts(block(at, "demo-banner"))


def test_seasonal_pace_from_the_url_changes_a_status_and_says_so():
    at = run_app(pace="seasonal")
    assert blocks(block(at, "kpi-private_enterprise_training"), "status-private_enterprise_training-on_track")
    assert "季节性进度" in texts(block(at, "kpi-private_enterprise_training"))
    assert at.query_params.get("pace") == "seasonal"


def test_unknown_or_stale_url_values_are_ignored_with_a_notice():
    at = run_app(snap="2020-01-01-gone", lang="fr", foo="1")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "snap=2020-01-01-gone" in warnings and "lang=fr" in warnings and "foo=1" in warnings
    assert len(blocks(at.main, "kpi-")) == 3


def test_defaults_are_left_out_of_the_url():
    at = run_app()
    assert at.query_params == {}
    at.radio(key="lang").set_value("en").run()
    assert at.query_params == {"lang": "en"}


def test_targets_page_lists_the_catalogue_and_filters_it():
    at = run_app("targets")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 34 and "原文" in table.columns
    at.multiselect[2].set_value(["achieved"]).run()
    filtered = at.dataframe[0].value
    assert 0 < len(filtered) < 34 and set(filtered["状态"]) == {"★ 已完成"}
    quote = texts(block(at, "quote-context"))
    assert "**" in quote and "摘自政策文件原文" in quote and "data/policy-docs" not in quote


def test_targets_quote_context_follows_the_choice():
    at = run_app("targets")
    at.selectbox(key="quote-target").set_value("sc_guidance_stations").run()
    assert "新建高校就业指导服务站9个" in texts(block(at, "quote-context"))


def test_about_page_has_the_method_the_inputs_and_the_manifest():
    at = run_app("about")
    assert not at.exception
    assert len(at.latex) == 2
    body = " ".join(m.value for m in at.markdown)
    assert "E = T·f" in body and "未分省" in body
    inputs = next(df.value for df in at.dataframe if "进度比" in df.value.columns)
    assert {"新培育高技能领军人才", "“十四五”期间新增技能人才"} <= set(inputs["目标"])
    assert not {"target_id", "pace", "A_or_V"} & set(inputs.columns) and "off_track" not in set(inputs["状态"])
    manifest = next(df.value for df in at.dataframe if "字段" in df.value.columns)
    assert {"数据截至", "校验值（SHA-256）"} <= set(manifest["字段"])


@pytest.mark.parametrize("page", [None, "targets", "about"])
def test_a_broken_snapshot_beside_a_good_one(tmp_path, monkeypatch, page):
    folder = data_folder(tmp_path, snapshots=False)
    add_earlier_snapshot(folder, "2026-09-30-good")
    add_earlier_snapshot(folder, "2026-10-31-broken", as_of=__import__("datetime").date(2026, 10, 31))
    with (folder / "snapshots" / "2026-10-31-broken" / "observations.parquet").open("ab") as handle:
        handle.write(b"x")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    at = run_app(page)
    assert not at.exception
    assert "1 个数据快照未通过校验" in " ".join(w.value for w in at.sidebar.get("warning"))
    assert "2026年9月30日" in texts(block(at, "asof"))


def test_an_empty_data_folder_explains_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    for page in (None, "targets", "about"):
        at = run_app(page)
        assert not at.exception
        message = " ".join(e.value for e in [*at.error, *at.info])
        assert "regions.csv" in message and "DASHBOARD_DATA_DIR" in message


def test_a_folder_without_snapshots_explains_how_to_add_one(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_folder(tmp_path, snapshots=False)))
    at = run_app()
    assert not at.exception and not blocks(at.main, "kpi-")
    assert "python -m lib.store.demo" in " ".join(i.value for i in at.info)
    at = run_app("targets")  # the catalogue needs no snapshot
    assert not at.exception and len(at.dataframe[0].value) == 34


def test_snapshot_picker_opens_the_newest_and_can_pin_an_older_one(tmp_path, monkeypatch):
    folder = data_folder(tmp_path)
    add_earlier_snapshot(folder)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    at = run_app()
    assert "2026年10月31日" in texts(block(at, "asof"))
    at.selectbox(key="snap").set_value("2026-09-30-demo").run()
    assert "2026年9月30日" in texts(block(at, "asof")) and at.query_params == {"snap": "2026-09-30-demo"}
    at = run_app(snap="2026-09-30-demo")
    assert "2026年9月30日" in texts(block(at, "asof"))
