"""The published provincial figures through AppTest: a province's own targets (本省目标) shown apart from
the reference targets, early completion with its publication date, and the map of a stock whose
provinces report at different dates — each tile and bar saying its own date, limited by a date range."""

from datetime import date

import pytest

from tests.apptest import block, run_app, texts

PROVINCIAL = "2026-02-26-provincial"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_opens_on_the_provincial_figures(lang):
    for page in (None, "provinces", "programs", "targets", "alerts", "data"):
        at = run_app(page, snap=PROVINCIAL, lang=lang)
        assert not at.exception, page


def test_yunnan_shows_its_own_targets_met_early_apart_from_reference_targets():
    at = run_app("provinces", snap=PROVINCIAL, region="530000")
    detail = texts(block(at, "province-detail"))
    assert "本省目标（云南省自定）" in detail and "全国目标与参考目标" in detail
    assert detail.index("本省目标（云南省自定）") < detail.index("全国目标与参考目标")
    own = block(at, "own-targets").get("markdown")[0].value.replace("\\", "")
    assert "云南技能人才总量" in own and "2024年5月" in own and "中国就业网 · 2024-05-10" in own
    early = [s.value.replace("\\", "") for s in at.success]
    assert any("已提前完成" in s and "2024-05-10发布" in s for s in early)


def test_henan_own_targets_with_each_figures_date():
    at = run_app("provinces", snap=PROVINCIAL, region="410000", lang="en")
    own = block(at, "own-targets").get("markdown")[0].value.replace("\\", "")
    assert "Henan: skilled workers (total)" in own and "May 2024" in own and "secondary source" in own


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_henans_derived_share_is_named_on_its_detail_with_the_formula_and_the_quote(lang):
    at = run_app("provinces", snap=PROVINCIAL, region="410000", lang=lang)
    own = block(at, "own-targets").get("markdown")[0].value.replace("\\", "")
    assert ("30.3%（推算）" if lang == "zh" else "30.3% (derived)") in own
    detail = texts(block(at, "province-detail"))
    assert ("推算：高技能人才总量 550万人 ÷ 技能人才总量 1,817万人" if lang == "zh" else "Derived: ") in detail
    assert "全省技能人才达到1817万人,其中高技能人才550万人" in detail


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_targets_page_groups_each_provinces_own_targets_and_links_to_its_detail(lang):
    from lib.core.settings import DEFAULT_DATA_DIR
    from lib.progress.dataview import snapshot_view
    from lib.store.folder import open_data_folder
    from lib.views.markdown import markdown_table
    from lib.views.provinces import own_target_table

    at = run_app("targets", snap=PROVINCIAL, lang=lang)
    national = at.dataframe[0].value  # the catalogue's list comes first
    assert national.isin(["新培育高技能领军人才", "New high-skilled leading talents"]).any().any()
    assert not national.isin(["河南技能人才总量", "Henan: skilled workers (total)"]).any().any()  # apart
    group = block(at, "own-group-410000")
    assert group.get("expander")[0].label == ("河南本省目标（8项）" if lang == "zh" else "Henan's own targets (8)")
    folder = open_data_folder(DEFAULT_DATA_DIR)
    expected = own_target_table(snapshot_view(folder, folder.snapshot(PROVINCIAL)), "410000", "linear", lang)
    assert group.get("markdown")[0].value == markdown_table(expected)  # as the province's detail shows them
    assert len(blocks_with_prefix(at, "own-group-")) == 14  # every province with its own targets
    at.button(key="own-group-open-410000").click().run()  # opens 河南's detail, its own targets first
    query = {name: at.query_params[name] for name in at.query_params}
    assert query["region"] == "410000" and query["snap"] == PROVINCIAL
    own = block(at, "own-targets").get("markdown")[0].value.replace("\\", "")
    assert ("河南技能人才总量" if lang == "zh" else "Henan: skilled workers (total)") in own
    linked = run_app("provinces", **query)
    assert own == block(linked, "own-targets").get("markdown")[0].value.replace("\\", "")  # the address is the link


def blocks_with_prefix(at, prefix):
    from tests.apptest import blocks

    return blocks(at.main, prefix)


def test_a_stock_map_says_each_provinces_date_and_can_be_limited_to_a_range():
    at = run_app("provinces", snap=PROVINCIAL)
    at.selectbox(key="target").set_value("skilled_workers_total").run()
    assert not at.exception
    slider = at.select_slider(key="value-range")
    assert slider.value == (date(2016, 12, 1), date(2026, 2, 1))
    notes = " ".join(c.value for c in at.caption)
    assert "每省按其自身时点" in notes
    slider.set_value((date(2024, 1, 1), date(2024, 12, 1))).run()
    assert not at.exception


def test_the_alerts_page_of_a_province_lists_its_own_targets_alerts():
    at = run_app("alerts", snap=PROVINCIAL, region="410000")
    assert not at.exception
    own = texts(block(at, "own-alert-list")).replace("\\", "")
    assert "河南技能人才总量" in own and "红色" in own and "数字时点2024年5月" in own
    assert "本省目标预警（河南自定目标）" in " ".join(h.value for h in at.subheader)
