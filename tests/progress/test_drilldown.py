"""Provinces for one target: group summaries and the ranking, in numbers (their words: tests/views)."""


def test_group_summary_and_ranking_are_numbers_and_codes_not_words(demo_view):
    from lib.progress.drilldown import group_summary, province_results, ranking_frame

    counted = demo_view.catalogue.by_target["new_skilled_workers"]
    results = province_results(demo_view, counted, "linear")
    summary = group_summary(results, counted, "nbs")
    assert set(summary["group"]) == {"group.nbs_east", "group.nbs_central", "group.nbs_west", "group.nbs_northeast"}
    ranking = ranking_frame(results, "pace")
    assert "name" not in ranking and list(ranking["pace"]) == sorted(ranking["pace"], reverse=True)
