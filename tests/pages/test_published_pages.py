"""The published figures through AppTest: every page opens on them, each number shows its citation
(hover and tables), 暂无数据 where they cannot judge, the proxy and the estimate named; the demo
stays the default; the provenance line speaks the UI's language."""

import pytest

from lib.store.folder import DEFAULT_FILE
from tests.apptest import add_earlier_snapshot, block, blocks, data_folder, run_app, texts

PUBLISHED = "2026-02-06-published"


@pytest.mark.parametrize("page", [None, "provinces", "programs", "targets", "upload", "data", "about"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_opens_on_the_published_figures(page, lang):
    at = run_app(page, snap=PUBLISHED, lang=lang)
    assert not at.exception
    assert not at.get("warning") or all("示例数据" not in w.value for w in at.warning)  # not demo: no demo label


def test_overview_cards_cite_their_figure_and_say_what_they_cannot_judge():
    at = run_app(snap=PUBLISHED)
    skilled = block(at, "kpi-new_skilled_workers")
    metric = skilled.get("metric")[0]
    assert metric.value == "≥4,400万人次"  # a lower bound, in the proxy's own unit
    assert "累计有4400多万人次取得职业技能等级证书" in metric.proto.help and "二手来源" in metric.proto.help
    card = texts(skilled)
    assert (
        "代理指标：取得职业技能等级证书人次（人次不等于人数" in card and "出处：人力资源社会保障部部长 王晓萍" in card
    )
    assert "完成进度 **≥110.0%**" in card and "**快于时间进度≥15.0个百分点**" in card
    for target_id in ("leading_talent", "private_enterprise_training"):
        other = texts(block(at, f"kpi-{target_id}"))
        assert "公开发布的数字中没有该目标的进度数，不作推测。" in other
    table = " ".join(m.value for m in block(at, "overview-table").get("markdown")).replace("\\", "")
    assert "≥29.96%" in table and "仅有估算，不作判断" in table  # the 30 % target: an estimate, never judged
    notes = " ".join(c.value for c in at.caption)
    assert "估算：技能人才总量 ≥2.2亿人（2025-09） ÷ 就业人员 7.34亿人（2024-12）" in notes.replace("\\", "")
    assert "另有 30 项目标暂无数据" in notes


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_headline_card_is_a_bare_dash_the_nearest_cited_figure_is_named_and_not_judged(lang):
    """Issue #21: 领军人才 and 民企员工 have no published progress figure. The card says so in words,
    and 民企员工 shows the nearest cited figure (all subsidised training in 2025), named for what it
    is not and never judged — its status stays 暂无数据."""
    at = run_app(snap=PUBLISHED, lang=lang)
    for target_id in ("leading_talent", "private_enterprise_training", "new_skilled_workers"):
        card = block(at, f"kpi-{target_id}")
        assert card.get("metric")[0].value != "—", target_id
        assert "**—**" not in texts(card), target_id  # no line of dashes
    related = block(at, "kpi-private_enterprise_training")
    metric = related.get("metric")[0]
    assert metric.value == ("≥1,100万人次" if lang == "zh" else "≥ 11 million person-times")
    assert ("相关公开数字 · 2025年" if lang == "zh" else "Related published figure · 2025") == metric.label
    assert "全年开展补贴性培训超过1100万人次" in metric.proto.help  # its citation, verbatim, on hover
    words = texts(related)
    assert ("不是本目标的口径，不据此判断进度" if lang == "zh" else "not this target's measure") in words
    assert ("暂无数据" if lang == "zh" else "No data") in words and "完成进度" not in words
    none = block(at, "kpi-leading_talent").get("metric")[0]
    assert none.value == ("未见公开数字" if lang == "zh" else "None published")


def test_the_overview_slide_reads_as_the_cards_on_the_published_figures():
    """One voice: the slide of the Overview shows the same figure, label and note as the card."""
    from lib.briefing.views import ViewSpec, view_content
    from lib.core.settings import DEFAULT_DATA_DIR
    from lib.progress.dataview import snapshot_view
    from lib.store.folder import open_data_folder

    folder = open_data_folder(DEFAULT_DATA_DIR)
    content = view_content(snapshot_view(folder, folder.snapshot(PUBLISHED)), ViewSpec("overview"), "linear", "zh")
    cards = {card.target_id: card for card in content.headlines}
    related = cards["private_enterprise_training"]
    assert (related.label, related.actual, related.completion) == ("相关公开数字 · 2025年", "≥1,100万人次", "")
    assert any("不是本目标的口径，不据此判断进度" in note for note in related.notes)
    assert (cards["leading_talent"].actual, cards["leading_talent"].elapsed) == ("未见公开数字", "")
    assert "—" not in dict(content.numbers)["每年培训民营企业员工"]


def test_the_demo_stays_the_default_and_the_picker_offers_both():
    at = run_app()
    picker = at.selectbox(key="snap")
    assert picker.value == "2026-10-31-demo" and at.query_params == {}
    labels = picker.options  # as shown: the id and its kind; the rest in words under it (issue #22)
    assert any(PUBLISHED in label and "公开" in label for label in labels)
    assert any("2026-10-31-demo" in label and "示例" in label for label in labels)
    assert "默认打开" in texts(blocks(at.sidebar, "snapshot-words")[0])
    picker.set_value(PUBLISHED).run()
    assert at.query_params == {"snap": PUBLISHED} and "公开发布的全国数据" in texts(block(at, "asof"))


def test_without_a_default_file_the_newest_opens(tmp_path, monkeypatch):
    folder = data_folder(tmp_path)
    add_earlier_snapshot(folder)
    (folder / "snapshots" / DEFAULT_FILE).write_text("# the September release\n2026-09-30-demo\n", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    assert "2026年9月30日" in texts(block(run_app(), "asof"))
    (folder / "snapshots" / DEFAULT_FILE).unlink()
    assert "2026年10月31日" in texts(block(run_app(), "asof"))
    (folder / "snapshots" / DEFAULT_FILE).write_text("no-such-snapshot\n", encoding="utf-8")
    assert "2026年10月31日" in texts(block(run_app(), "asof"))  # a stale name: the newest, as without


def test_the_provenance_line_speaks_the_ui_language():
    """Was 示例数据（演示用，非官方统计） · Demo data (not official statistics) in the Chinese UI."""
    zh = texts(block(run_app(), "asof"))
    assert "示例数据（演示用，非官方统计）" in zh and "Demo data" not in zh and "Synthetic" not in zh
    en = texts(block(run_app(lang="en"), "asof"))
    assert "Demo data (not official statistics)" in en and "示例数据（演示用" not in en
    published = texts(block(run_app(snap=PUBLISHED, lang="en"), "asof"))
    assert "Published national figures" in published and "公开发布" not in published


def test_data_page_lists_every_figure_with_its_citation():
    at = run_app("data", snap=PUBLISHED)
    section = block(at, "published-figures")
    figures, citations = (frame.value for frame in section.get("dataframe"))
    assert len(figures) == 24 and len(citations) == 18
    assert figures["出处"].str.len().gt(0).all() and "≥4,400万人次" in set(figures["实际 / 最新值"])
    assert set(figures.loc[figures["期间"] == "2021-01—2025-09", "指标"]) >= {
        "补贴性职业技能培训",
        "取得职业技能等级证书",
    }
    assert citations["来源类别"].eq("二手来源").all()


def test_about_page_says_which_figures_are_official_reprinted_or_demo():
    at = run_app("about", snap=PUBLISHED)
    kinds = block(at, "figure-kinds").get("dataframe")[0].value
    rows = dict(zip(kinds["编号"] + " " + kinds["数字的性质"], kinds["数字个数"], strict=True))
    assert rows == {
        "2026-10-31-demo 示例数据：程序生成，非官方统计": 44159,
        f"{PUBLISHED} 官方数字，经转载或报道（二手来源，未与原件核对）": 24,
        "2026-02-26-provincial 公开数字，逐条注明出处（选中该快照可见明细）": 84,  # issue #24, beside it
    }


def test_provinces_page_says_the_published_figures_have_no_provincial_split():
    at = run_app("provinces", snap=PUBLISHED)
    assert not at.exception and "本快照没有分省数字" in " ".join(i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_programs_page_names_the_proxy_and_the_chart_table_cites_each_point():
    at = run_app("programs", snap=PUBLISHED, target="new_skilled_workers")
    assert not at.exception
    assert "代理指标" in " ".join(c.value for c in at.caption)
    table = block(at, "path-chart-table").get("dataframe")[0].value
    cited = table[table["出处"] != ""]
    assert len(cited) == 1 and cited["出处"].iloc[0].startswith("人力资源社会保障部部长 王晓萍")
    assert cited["actual"].iloc[0] == 44_000_000
