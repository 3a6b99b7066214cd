"""总览's view model, built without Streamlit."""

import dataclasses

import pytest

from lib.core.memo import remember
from lib.views import overview


def test_the_overview_model_has_the_headline_cards_the_counts_and_the_table(demo_view):
    model = overview.build(demo_view, "zh", "linear")
    assert [target.id for target, _ in model.headline] == [t.id for t in demo_view.catalogue.headline_targets]
    assert set(model.alert_counts) == {"red", "yellow", "green"} and sum(model.alert_counts.values()) > 0
    other = next(t for t in demo_view.catalogue.targets if not t.headline)
    tables = [table for _, table in model.groups]
    assert all(table.startswith("| 状态 |") for table in tables)
    assert any(other.name("zh") in table.replace("\\", "") for table in tables)
    assert all(table.startswith("| Status |") for _, table in overview.build(demo_view, "en", "linear").groups)
    assert model.table_csv.decode("utf-8-sig").count(other.name("zh")) >= 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.groups = ()


def test_the_overview_model_is_computed_once_per_distinct_arguments(demo_view):
    first = remember(overview.build, view=demo_view, lang="zh", pace="linear")
    assert remember(overview.build, view=demo_view, lang="zh", pace="linear") is first
    assert remember(overview.build, view=demo_view, lang="zh", pace="seasonal") is not first


def test_a_headline_sparkline_is_an_svg_with_its_alt_text(demo_view):
    target = demo_view.catalogue.headline_targets[0]
    svg = overview.sparkline(demo_view, target, "linear", "走势")
    assert svg.startswith("<svg") and "走势" in svg
