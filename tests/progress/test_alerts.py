"""三色预警: colours from pace, the red rule (a red task returns to yellow only after the shortfall
is made up), months held on the snapshot's own history, and changes against a comparison."""

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from lib.core.settings import AlertThresholds
from lib.progress.alerts import (
    Alert,
    MonthColour,
    alert_counts,
    alerts,
    colours_along,
    compare_alerts,
    held,
    raw_colour,
    resolve_run,
    sort_alerts,
)
from lib.progress.dataview import DataView
from lib.progress.engine import Progress
from lib.store.folder import Provenance
from tests.helpers import monthly, store, target

THRESHOLDS = AlertThresholds()


def view_of(rows, targets, as_of: date) -> DataView:
    provenance = Provenance("test", as_of, "t", "s", "p", "l", False, "0" * 64)
    return DataView(provenance, store(rows, targets))


def progress(status: str, pace: float | None) -> Progress:
    return Progress("t", "000000", "cumulative", status, date(2024, 6, 30), 100.0, pace=pace)


def test_colour_follows_pace_thresholds_and_final_statuses():
    assert raw_colour(progress("on_track", 1.0), THRESHOLDS) == "green"
    assert raw_colour(progress("at_risk", 0.95), THRESHOLDS) == "yellow"
    assert raw_colour(progress("at_risk", 0.9), THRESHOLDS) == "yellow"
    assert raw_colour(progress("off_track", 0.899), THRESHOLDS) == "red"
    assert raw_colour(progress("achieved", None), THRESHOLDS) == "green"
    assert raw_colour(progress("missed", 0.99), THRESHOLDS) == "red"
    assert raw_colour(progress("no_data", None), THRESHOLDS) is None
    assert raw_colour(progress("not_started", None), THRESHOLDS) is None
    assert raw_colour(progress("at_risk", 0.95), AlertThresholds(green=1.0, yellow=0.96)) == "red"


def test_thresholds_come_from_settings(monkeypatch):
    from lib.core.settings import alert_thresholds

    assert alert_thresholds() == AlertThresholds(1.0, 0.9)
    monkeypatch.setenv("DASHBOARD_AT_RISK_PACE", "0.85")
    assert alert_thresholds().yellow == 0.85  # the engine's at-risk pace moves the yellow line too
    monkeypatch.setenv("DASHBOARD_ALERT_YELLOW_PACE", "0.8")
    monkeypatch.setenv("DASHBOARD_ALERT_GREEN_PACE", "1.05")
    assert alert_thresholds() == AlertThresholds(1.05, 0.8)


def month(raw, pace=None, achieved=False):
    return MonthColour(raw, achieved or (pace is not None and pace >= 1.0), achieved)


def test_red_stays_red_until_the_shortfall_is_made_up_then_turns_yellow_then_follows_pace():
    history = [
        month("yellow", 0.95),
        month("red", 0.85),
        month("yellow", 0.95),  # pace back in the yellow band: still red
        month("yellow", 0.99),
        month("green", 1.02),  # shortfall made up: yellow this month
        month("green", 1.03),  # green from the month after
        month("yellow", 0.93),
    ]
    assert colours_along(history, None) == ["yellow", "red", "red", "red", "yellow", "green", "yellow"]
    # with a green threshold below 1.0, a raw green month that has not made up the shortfall stays red
    assert colours_along([month("red", 0.8), month("green", 0.97), month("green", 1.0)], None) == [
        "red",
        "red",
        "yellow",
    ]
    # an achieved target is green at once; a month without data ends the rule's reach
    assert colours_along([month("red", 0.5), month("green", None, achieved=True)], None) == ["red", "green"]
    assert colours_along([month("red", 0.5), month(None), month("yellow", 0.95)], None) == ["red", None, "yellow"]


histories = st.lists(
    st.sampled_from([month("red", 0.5), month("yellow", 0.95), month("green", 1.1), month(None), month("green", 0.97)]),
    min_size=1,
    max_size=30,
)


@given(histories)
def test_a_run_settled_from_its_last_months_is_the_run_of_the_whole_history(history):
    """resolve_run sees only the newest months; whenever it answers, the answer is exact."""
    full = colours_along(history, None)
    exact = (full[-1], held(full), full[-2] if len(full) > 1 else None)
    for start in range(len(history)):
        answer = resolve_run(history[start:], complete=start == 0)
        if answer is not None:
            assert answer == exact
    assert resolve_run(history, complete=True) == exact


def rows_for(values):
    return monthly("flow", "000000", "2024-01", values)


def test_alerts_on_a_snapshot_history_count_months_and_apply_the_rule():
    goal = target(value=120.0)  # 10 a month in 2024
    values = [5, 12, 12, 12, 10, 10]  # cum 5 17 29 41 51 61 against 10 20 30 40 50 60
    view = view_of(rows_for(values), (goal,), date(2024, 3, 31))
    (alert,) = alerts(view, thresholds=THRESHOLDS)
    assert (alert.raw_colour, alert.colour, alert.months_held, alert.since) == ("yellow", "red", 3, date(2024, 1, 1))
    assert alert.held_by_rule
    april = alerts(view_of(rows_for(values), (goal,), date(2024, 4, 30)), thresholds=THRESHOLDS)[0]
    assert (april.colour, april.months_held) == ("yellow", 1)  # 41 ≥ 40: made up, yellow this month
    june = alerts(view_of(rows_for(values), (goal,), date(2024, 6, 30)), thresholds=THRESHOLDS)[0]
    assert (june.colour, june.months_held, june.since) == ("green", 2, date(2024, 5, 1))
    mid_month = alerts(view_of(rows_for(values), (goal,), date(2024, 7, 15)), thresholds=THRESHOLDS)[0]
    assert mid_month.progress.window_end == date(2024, 6, 1) and mid_month.colour == "green"


def test_items_without_colour_are_left_out_and_counts_cover_every_colour():
    goal = target(value=120.0, start=date(2025, 1, 1), end=date(2025, 12, 1))
    assert alerts(view_of(rows_for([10, 10]), (goal,), date(2024, 2, 29)), thresholds=THRESHOLDS) == []
    assert alert_counts([]) == {"red": 0, "yellow": 0, "green": 0}


def alert(colour, held_months, pace, region="110000"):
    return Alert("t", region, "reference", colour, colour, held_months, date(2024, 1, 1), progress("on_track", pace))


def test_sorted_by_severity_then_duration_then_pace():
    found = [
        alert("green", 9, 1.5, "1"),
        alert("red", 2, 0.5, "2"),
        alert("yellow", 5, 0.95, "3"),
        alert("red", 7, 0.8, "4"),
        alert("red", 7, 0.6, "5"),
    ]
    assert [a.region_code for a in sort_alerts(found)] == ["5", "4", "2", "3", "1"]


def test_changes_against_the_comparison():
    now = [
        alert("red", 1, 0.8, "1"),
        alert("green", 1, 1.2, "2"),
        alert("yellow", 4, 0.95, "3"),
        alert("red", 1, 0.5, "4"),
    ]
    before = [alert("yellow", 3, 0.95, "1"), alert("red", 5, 0.7, "2"), alert("yellow", 3, 0.95, "3")]
    compared = {a.region_code: a for a in compare_alerts(now, before)}
    assert compared["1"].change == "to_red" and compared["1"].previous_colour == "yellow"
    assert compared["2"].change == "to_green"
    assert compared["3"].change is None and compared["3"].previous_colour == "yellow"
    assert compared["4"].change is None and compared["4"].previous_colour is None
    assert compare_alerts(now, None) == now
    assert replace(now[0], change="to_red").key == ("t", "1")


def test_the_previous_month_from_the_walk_is_the_previous_month_computed_again(demo_view):
    """compared_alerts takes the month before from the history walk; computing the alerts of the
    data as of that month end gives the same colours."""
    from lib.progress.alerts import compared_alerts
    from lib.progress.changes import comparison

    compared = comparison(demo_view, None)
    walked = {a.key: a.previous_colour for a in compared_alerts(demo_view, "linear", compared, THRESHOLDS)}
    again = {a.key: a.colour for a in alerts(compared.view, thresholds=THRESHOLDS)}
    assert walked == {key: again.get(key) for key in walked}
    assert any(
        walked[key] != colour for key, colour in ((a.key, a.colour) for a in alerts(demo_view, thresholds=THRESHOLDS))
    )


def test_demo_snapshot_alerts_cover_targets_and_provinces(demo_view):
    found = alerts(demo_view, thresholds=THRESHOLDS)
    keys = {a.key for a in found}
    assert ("leading_talent", "000000") in keys and ("leading_talent", "500000") in keys
    national = next(a for a in found if a.key == ("leading_talent", "000000"))
    assert national.colour == "red" and abs(national.progress.pace - 0.851) < 1e-3
    assert all(a.months_held >= 1 for a in found)
    assert sum(alert_counts(found).values()) == len(found)


def test_within_red_items_still_in_their_period_come_before_missed_ones():
    missed = Alert("t", "9", "own", "red", "red", 70, date(2021, 1, 1), progress("missed", 0.5))
    open_red = alert("red", 2, 0.8, "1")
    assert sort_alerts([missed, open_red]) == [open_red, missed]
    assert missed.closed and not open_red.closed


def test_changes_compare_demo_data_with_demo_data_and_published_figures_with_published_ones(tmp_path):
    from lib.progress.changes import previous_snapshot
    from lib.store.folder import open_data_folder
    from tests.apptest import add_earlier_snapshot, data_folder

    folder = data_folder(tmp_path)
    add_earlier_snapshot(folder, "2026-08-31-official", as_of=date(2026, 8, 31), demo=False)
    opened = open_data_folder(folder)
    demo = opened.snapshot("2026-10-31-demo")
    assert previous_snapshot(opened, demo) is None  # the only earlier one is not demo data
    add_earlier_snapshot(folder, "2026-09-30-demo")
    opened = open_data_folder(folder)
    assert previous_snapshot(opened, opened.snapshot("2026-10-31-demo")).id == "2026-09-30-demo"
    assert previous_snapshot(opened, opened.snapshot("2026-09-30-demo")) is None
