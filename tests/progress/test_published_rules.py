"""The engine on published figures (snapshot schema version 2): runs of months, lower bounds,
named proxies and rates estimated from parts of different months — hand-computed cases."""

from datetime import date

import pandas as pd
import pytest

from lib.progress.engine import Engine
from lib.reference.catalogue import Catalogue, Indicator, Scope
from lib.reference.regions import default_registry
from lib.store.observations import ObservationStore
from tests.helpers import INDICATORS, PROGRAM, target

NATIONAL = "000000"
PROXY = Indicator("proxy", "代理", "Proxy", "人次", "flow", "M")


def published(rows: list[dict], *targets) -> ObservationStore:
    """rows: indicator_id, period 'YYYY-MM', value, and optional period_end, bound, citation_id."""
    frame = pd.DataFrame(
        [
            {
                "indicator_id": row["indicator_id"],
                "region_code": row.get("region_code", NATIONAL),
                "period": pd.Timestamp(row["period"] + "-01"),
                "value": float(row["value"]),
                "citation_id": row.get("citation_id", "c"),
                "period_end": pd.Timestamp(row["period_end"] + "-01") if "period_end" in row else pd.NaT,
                "bound": row.get("bound"),
            }
            for row in rows
        ]
    )
    catalogue = Catalogue({"p": PROGRAM}, {**INDICATORS, "proxy": PROXY}, tuple(targets))
    return ObservationStore(frame, catalogue, default_registry())


def evaluate(rows, as_of, **fields):
    goal = target(**fields)
    return Engine(published(rows, goal), as_of).evaluate(goal)


SPAN = {"indicator_id": "flow", "period": "2024-01", "period_end": "2024-06"}


def test_a_total_for_a_run_of_months_is_judged_at_its_last_month():
    result = evaluate([{**SPAN, "value": 66}], date(2024, 9, 30))
    # T = 120 over 2024; the run covers 6 of 12 months: E = 60, A = 66
    assert result.actual == 66 and result.window_end == date(2024, 6, 1) and result.time_elapsed == 0.5
    assert result.expected == 60 and result.pace == pytest.approx(1.1) and result.status == "on_track"
    assert result.missing_periods == () and result.citation_ids == ("c",)


def test_a_run_that_does_not_start_with_the_target_is_not_counted():
    result = evaluate([{**SPAN, "period": "2024-02", "value": 500}], date(2024, 9, 30))
    assert result.status == "no_data" and result.actual is None


def test_the_run_reaching_furthest_is_used():
    rows = [{**SPAN, "value": 40, "citation_id": "q1", "period_end": "2024-03"}, {**SPAN, "value": 66}]
    assert evaluate(rows, date(2024, 9, 30)).actual == 66


def test_a_total_is_never_spread_over_months():
    store = published([{**SPAN, "value": 66}])
    assert store.matrix("flow") is None and store.series("flow", NATIONAL) is None
    assert [span.value for span in store.spans_of("flow", NATIONAL)] == [66]


def test_a_lower_bound_decides_only_what_any_larger_value_shares():
    ahead = evaluate([{**SPAN, "value": 66, "bound": "at_least"}], date(2024, 9, 30))
    assert ahead.status == "on_track" and ahead.bound == "at_least"
    behind = evaluate([{**SPAN, "value": 30, "bound": "at_least"}], date(2024, 9, 30))
    # 30+ of an expected 60: the true value may be anything above 30, so no judgement
    assert behind.status == "no_data" and behind.actual == 30 and behind.pace_note == "lower_bound"
    done = evaluate([{**SPAN, "value": 130, "bound": "at_least"}], date(2024, 9, 30))
    assert done.status == "achieved"


def test_a_lower_bound_on_a_monthly_value_marks_the_sum():
    rows = [{"indicator_id": "flow", "period": f"2024-0{m}", "value": 10} for m in range(1, 7)]
    rows[2]["bound"] = "at_least"
    result = evaluate(rows, date(2024, 6, 30))
    assert result.actual == 60 and result.bound == "at_least" and result.status == "on_track"


def test_the_named_proxy_stands_in_only_without_any_data_of_its_own():
    fields = dict(proxy_indicator="proxy", proxy_note_zh="代理", proxy_note_en="proxy")
    proxied = evaluate([{**SPAN, "indicator_id": "proxy", "value": 66}], date(2024, 9, 30), **fields)
    assert proxied.proxy_indicator == "proxy" and proxied.status == "on_track" and proxied.target_id == "t"
    own = evaluate([{**SPAN, "value": 50}, {**SPAN, "indicator_id": "proxy", "value": 66}], date(2024, 9, 30), **fields)
    assert own.proxy_indicator is None and own.actual == 50
    assert evaluate([{**SPAN, "indicator_id": "proxy", "value": 66}], date(2024, 9, 30)).status == "no_data"


def level(**fields):
    return dict(indicator_id="ratio", kind="level", value=30.0, start=date(2021, 1, 1), end=date(2025, 12, 1), **fields)


def test_a_rate_from_parts_of_different_months_is_an_estimate_and_never_judged():
    rows = [
        {"indicator_id": "num", "period": "2021-12", "value": 200, "citation_id": "n21"},
        {"indicator_id": "den", "period": "2021-12", "value": 746.52, "citation_id": "d21"},
        {"indicator_id": "num", "period": "2025-09", "value": 220, "bound": "at_least", "citation_id": "n25"},
        {"indicator_id": "den", "period": "2024-12", "value": 734.39, "citation_id": "d24"},
    ]
    result = evaluate(rows, date(2026, 2, 6), **level())
    assert result.status == "no_data" and result.pace_note == "estimate"
    assert result.actual == pytest.approx(100 * 220 / 734.39) and result.bound == "at_least"
    assert [(p.indicator_id, p.period, p.citation_id) for p in result.estimate_inputs] == [
        ("num", date(2025, 9, 1), "n25"),
        ("den", date(2024, 12, 1), "d24"),
    ]
    assert result.citation_ids == ("n25", "d24")


def test_a_rate_with_both_parts_in_its_newest_month_is_no_estimate():
    rows = [
        {"indicator_id": "num", "period": "2025-09", "value": 231},
        {"indicator_id": "den", "period": "2025-09", "value": 700},
    ]
    result = evaluate(rows, date(2025, 10, 31), **level())
    assert result.estimate_inputs == () and result.actual == pytest.approx(33.0) and result.status == "achieved"


def test_a_denominator_older_than_twelve_months_gives_no_estimate():
    rows = [
        {"indicator_id": "num", "period": "2025-09", "value": 220},
        {"indicator_id": "den", "period": "2024-08", "value": 734.39},
    ]
    assert evaluate(rows, date(2026, 2, 6), **level()).actual is None


def test_inputs_name_the_citations_and_bounds():
    inputs = evaluate([{**SPAN, "value": 66, "bound": "at_least"}], date(2024, 9, 30)).inputs()
    assert inputs["citations"] == "c" and inputs["bound"] == "at_least" and inputs["proxy_indicator"] is None


def test_a_level_is_judged_at_its_latest_figure_and_an_old_figure_never_makes_it_missed():
    # a province's stock published for 2024-05, a target of 1950 by 2025-12 with a baseline of 1500 at 2022-01;
    # looked at in 2026-02, after the period: the path at 2024-05, not at the end
    rows = [{"indicator_id": "stock", "region_code": "410000", "period": "2024-05", "value": 1817}]
    goal = target(
        indicator_id="stock",
        kind="level",
        value=1950,
        start=date(2022, 1, 1),
        end=date(2025, 12, 1),
        scope=Scope("region", "410000"),
        baseline_value=1500.0,
    )
    result = Engine(published(rows, goal), date(2026, 2, 26)).evaluate(goal)
    assert result.latest_period == date(2024, 5, 1)
    assert result.time_elapsed == pytest.approx(29 / 48)  # 2022-01 … 2024-05 of 48 months
    assert result.expected == pytest.approx(1500 + 450 * 29 / 48)
    assert result.status == "on_track"  # 1817 ≥ 1771.9 on the path at 2024-05; never "missed" on a 2024 figure
    # a figure dated at the end decides missed
    late = [{**rows[0], "period": "2025-12", "value": 1900}]
    assert Engine(published(late, goal), date(2026, 2, 26)).evaluate(goal).status == "missed"


# --- a share kept as printed, 推算 from its two parts of one month where none was printed (decision 0074) ---
PRINTED = Indicator("printed", "比例（公布值）", "Share (printed)", "%", "rate", "M", derived="ratio")
HENAN = "410000"


def evaluate_printed(rows, as_of=date(2026, 2, 26)):
    goal = target(
        indicator_id="printed", kind="level", value=32.0, scope=Scope("region", HENAN), start=date(2024, 1, 1)
    )
    frame_rows = [{**row, "region_code": HENAN} for row in rows]
    store = published(frame_rows, goal)
    store = ObservationStore(
        store.frame,
        Catalogue({"p": PROGRAM}, {**INDICATORS, "proxy": PROXY, "printed": PRINTED}, (goal,)),
        default_registry(),
    )
    return Engine(store, as_of).evaluate(goal)


def test_a_share_not_printed_is_derived_from_two_exact_figures_of_one_month_and_judged():
    result = evaluate_printed(
        [
            {"indicator_id": "num", "period": "2024-05", "value": 550, "citation_id": "henan"},
            {"indicator_id": "den", "period": "2024-05", "value": 1817, "citation_id": "henan"},
        ]
    )
    assert result.actual == pytest.approx(100 * 550 / 1817) and result.latest_period == date(2024, 5, 1)
    assert [(p.indicator_id, p.period, p.value) for p in result.derived_inputs] == [
        ("num", date(2024, 5, 1), 550.0),
        ("den", date(2024, 5, 1), 1817.0),
    ]
    assert result.citation_ids == ("henan",) and result.status == "at_risk"  # 30.27 of 32, judged at 2024-05


@pytest.mark.parametrize(
    "rows",
    [
        [  # a lower bound: the quotient could be anything
            {"indicator_id": "num", "period": "2024-05", "value": 550, "bound": "at_least"},
            {"indicator_id": "den", "period": "2024-05", "value": 1817},
        ],
        [  # parts of different months: never joined into a judged share
            {"indicator_id": "num", "period": "2024-05", "value": 550},
            {"indicator_id": "den", "period": "2024-03", "value": 1817},
        ],
    ],
)
def test_no_share_is_derived_from_a_bound_or_from_two_months(rows):
    result = evaluate_printed(rows)
    assert result.derived_inputs == () and result.status == "no_data"


def test_a_printed_share_is_used_as_printed_and_nothing_is_derived():
    result = evaluate_printed(
        [
            {"indicator_id": "printed", "period": "2024-05", "value": 31.0},
            {"indicator_id": "num", "period": "2024-05", "value": 550},
            {"indicator_id": "den", "period": "2024-05", "value": 1817},
        ]
    )
    assert result.actual == 31.0 and result.derived_inputs == ()
