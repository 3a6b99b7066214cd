"""分省's view model, built without Streamlit: choices, the map and the ranking with rank changes, one
province's detail and trend (its notes in the key)."""

import dataclasses
from datetime import date, datetime

import pytest

from lib.core.memo import remember
from lib.progress.changes import comparison
from lib.progress.drilldown import mappable_targets
from lib.store.annotations import Note
from lib.views import provinces

STATE = {"target": "", "color": "pace", "group": "belt", "region": ""}


def test_choices_offer_the_mappable_targets_and_refuse_a_target_that_cannot_be_mapped(demo_view):
    choices = provinces.choices(demo_view, "zh")
    first = mappable_targets(demo_view)[0]
    assert choices.ids[0] == first.id and choices.labels[first.id] == first.name("zh")
    assert choices.regions[0] == "" and "440000" in choices.regions and choices.region_labels["440000"] == "广东"
    assert choices.settle(first.id) == (first.id, {})
    assert choices.settle(None) == (first.id, {})
    unmappable = next(t for t in demo_view.catalogue.targets if t.id not in choices.ids)
    shown, notice = choices.settle(unmappable.id)
    assert shown == first.id and notice["shown"].replace("\\", "") == first.name("zh")


def test_the_ranking_carries_rank_changes_against_the_comparison(demo_view):
    target = mappable_targets(demo_view)[0]
    state = {**STATE, "target": target.id}
    alone = provinces.build(demo_view, None, state, "zh", "linear")
    assert "排名变化" not in alone.ranking.table and alone.ranking_note == ""  # the table names columns in words
    assert alone.ranking.filename == f"ranking-{target.id}" and alone.tile_map.filename == f"map-{target.id}"
    compared = comparison(demo_view, None)  # the previous month of the same data
    page = provinces.build(demo_view, compared, state, "zh", "linear")
    assert {"排名", "排名变化"} <= set(page.ranking.table.columns)
    assert page.ranking.table["排名"].tolist() == sorted(page.ranking.table["排名"].tolist())
    assert page.ranking_note and page.detail is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.note = ""


def test_a_chosen_province_has_its_detail_and_a_trend_whose_notes_are_part_of_the_key(demo_view):
    target = mappable_targets(demo_view)[0]
    page = provinces.build(demo_view, None, {**STATE, "target": target.id, "region": "440000"}, "zh", "linear")
    detail = page.detail
    assert detail.title.startswith("广东") or "广东" in detail.title
    indicator = next(iter(detail.indicator_labels))
    assert indicator == target.indicator_id and not detail.months.empty
    mine = Note(
        "n1", target.id, indicator, "440000", date(2026, 3, 1), "口径调整", "a", "甲", False, datetime(2026, 4, 1)
    )
    arguments = dict(
        view=demo_view, region="440000", indicator_id=indicator, targets=detail.targets, footer=page.footer, lang="zh"
    )
    with_note = remember(provinces.build_trend, notes=(mine,), **arguments)
    without = remember(provinces.build_trend, notes=(), **arguments)
    assert with_note is not without
    assert [note.text for note in with_note.notes] == ["口径调整"] and without.notes == ()
    assert with_note.chart.filename == f"trend-440000-{indicator}" and with_note.months


def test_group_summary_shows_sums_only_for_national_count_targets(demo_view):  # moved from tests/progress
    from lib.progress.drilldown import group_summary, province_results
    from lib.views.provinces import group_summary_table

    counted = demo_view.catalogue.by_target["new_skilled_workers"]
    summary = group_summary(province_results(demo_view, counted, "linear"), counted, "nbs")
    table = group_summary_table(summary, counted, "person", "zh")
    assert table["省份数"].sum() == summary["provinces"].sum() and len(table.columns) == 7
    assert not table["省份组"].str.startswith("group.").any()  # words, not keys
    share = demo_view.catalogue.by_target["skilled_share_of_employed"]
    summary = group_summary(province_results(demo_view, share, "linear"), share, "nbs")
    assert len(group_summary_table(summary, share, "percent", "zh").columns) == 3


def test_the_ranking_names_each_province_beside_its_code(demo_view):
    from lib.progress.drilldown import province_results
    from lib.views.provinces import ranking_of

    target = mappable_targets(demo_view)[0]
    ranking = ranking_of(province_results(demo_view, target, "linear"), "pace", "en")
    assert list(ranking.columns[:2]) == ["code", "name"]
    assert ranking.set_index("code").loc["440000", "name"] == "Guangdong"


def test_an_english_or_phone_tile_map_carries_short_names_and_their_key(demo_view):
    """English names do not fit a tile (48 px at 1366, ~27 px at 390: "Guangdong" in 8 px type is ~45 px;
    issue #22). The map carries two more, transparent text traces that the page's CSS shows where the
    full names do not fit — short names (GD) with the value, and short names with the status symbol
    alone for a phone — and the English page a key to them; Chinese names fit as they are (no key)."""
    target = mappable_targets(demo_view)[0]
    page = provinces.build(demo_view, None, {**STATE, "target": target.id}, "en", "linear")
    data = page.tile_map.figure.data
    full, short, phone = (
        next(trace for trace in data if trace.meta == meta) for meta in ("tile-full", "tile-short", "tile-phone")
    )
    assert [trace.meta for trace in data if trace.type == "scatter"] == [
        "tile-full",
        "tile-short",
        "tile-phone",
    ]  # the CSS counts them
    for trace in (short, phone):  # exports (no CSS) draw the full names only
        assert trace.opacity == 0 and trace.hoverinfo == "skip"
    assert any(text.startswith("<b>Guang-<br>dong</b>") for text in full.text)
    gd = next(index for index, text in enumerate(short.text) if text.startswith("<b>GD</b>"))
    assert short.text[gd].split("<br>")[1:] == full.text[gd].split("<br>")[-2:]  # its value and symbol
    # two short lines on a phone's tile: the name and the status symbol (the value is the colour)
    assert all(text.count("<br>") == 1 and len(text.split("<br>")[1]) == 1 for text in phone.text)
    assert [text.split("<br>")[-1] for text in phone.text] == [text.split("<br>")[-1] for text in full.text]
    assert page.tile_key.startswith("Short names on the map: AH Anhui · BJ Beijing · ")
    assert "GD Guangdong" in page.tile_key and "XPCC" not in page.tile_key  # the Corps keeps its own short name
    chinese = provinces.build(demo_view, None, {**STATE, "target": target.id}, "zh", "linear")
    assert chinese.tile_key == ""
