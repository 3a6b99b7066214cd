"""Provinces for one target: group summaries."""


def test_group_summary_shows_sums_only_for_national_count_targets(demo_view):
    from lib.progress.drilldown import group_summary, group_summary_table, province_results

    counted = demo_view.catalogue.by_target["new_skilled_workers"]
    summary = group_summary(province_results(demo_view, counted, "linear"), counted, "nbs", "zh")
    table = group_summary_table(summary, counted, "person", "zh")
    assert table["省份数"].sum() == summary["provinces"].sum() and len(table.columns) == 7
    share = demo_view.catalogue.by_target["skilled_share_of_employed"]
    summary = group_summary(province_results(demo_view, share, "linear"), share, "nbs", "zh")
    assert len(group_summary_table(summary, share, "percent", "zh").columns) == 3
