"""预警's view model, built without Streamlit."""

from lib.core.settings import alert_thresholds
from lib.views import alerts


def test_the_alerts_model_counts_each_colour_and_lists_the_filtered_alerts_a_page_at_a_time(demo_view):
    thresholds = alert_thresholds()
    page = alerts.build(demo_view, None, thresholds, "zh", "linear")
    assert [label for _, label, _, _ in page.counts] == ["▼ 红色预警", "◆ 黄色预警", "▲ 绿色预警"]
    assert all(change is None for *_, change in page.counts)  # nothing compared with
    assert page.region_labels[""] == "全部地区" or "" in page.region_labels
    shown = alerts.build_list(demo_view, None, thresholds, (), "", ("red",), "zh", "linear")
    reds = next(count for colour, _, count, _ in page.counts if colour == "red")
    assert len(shown.lines) == reds and all(line.key.endswith("-red") for line in shown.lines)
    caption, first = shown.page(1, "zh")
    assert len(first) == min(reds, alerts.PAGE_SIZE) and str(reds) in caption
    assert shown.csv.decode("utf-8-sig").count("\n") == reds + 1 and shown.rows == reds
    region = shown.lines[0].alert.region_code
    one = alerts.build_list(demo_view, None, thresholds, (), region, ("red",), "zh", "linear")
    assert {line.alert.region_code for line in one.lines} == {region}
