"""The progress method of DESIGN.md §5: how far each target is, and whether it is on track.

For a target running from t0 to t1 and a snapshot as of a, f is the share of the period elapsed
(counted in whole months up to the last complete month — or quarter/year for such indicators),
clamped to [0, 1].

* cumulative: A = sum over [t0, min(a, t1)], E = T·f, completion A/T, pace A/E, projection A/f.
* annual: the same within each calendar year; the current year decides the headline status.
* level / change: linear path from the baseline B to T at t1: E = B + (T − B)·f; on track if V ≥ E.
* approx (左右): achieved within the tolerance (5 %) below T.
* seasonal pace: f replaced by the share of a typical year's activity done by then, from the
  average monthly profile of two or more full prior years.

Published figures (snapshot schema version 2) add three rules, so a figure is never stretched:

* a value published for a run of months (2021-01 to 2025-09) counts for a cumulative target that
  starts with it, judged at the end of that run (f to its last month);
* a lower bound (超过 …) decides a status only where every larger value would give the same one
  (achieved, on track); otherwise the status is 暂无数据 with the bound shown;
* a rate whose numerator and denominator were published for different months is an *estimate*
  (both inputs kept) and never decides a status;
* a level is judged at the date of its latest figure (a stock a province published in 2024-05 is
  set against the path at 2024-05, f to that month), and a figure dated before the period's end
  never makes the target missed: nothing is carried forward to a later date.

A target whose own indicator has no data at all may be evaluated on the catalogue's named proxy
(``Target.proxy_indicator``); the result says so (``Progress.proxy_indicator``).

Every result carries its inputs so a reader can check it by hand (``Progress.inputs``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from lib.core.periods import add_months, format_month, last_complete_month
from lib.core.settings import ProgressSettings
from lib.reference.catalogue import Target
from lib.reference.regions import NATIONAL_CODE
from lib.store.observations import ObservationStore, index_month, month_index

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "missed", "not_started", "no_data")
# Worst first: used to summarise a group of provinces by the one furthest behind.
SEVERITY = ("missed", "off_track", "at_risk", "on_track", "achieved", "not_started", "no_data")
PACE_METHODS = ("linear", "seasonal")
_BASELINE_SEARCH_MONTHS = 12
_ESTIMATE_MONTHS = 12  # how far back a rate's denominator may come from, for an estimate
CERTAIN_FROM_BELOW = {">=": ("achieved", "on_track"), "approx": ("achieved", "on_track"), "<=": ("missed",)}


@dataclass(frozen=True)
class EstimateInput:
    """One published part of an estimated rate: which indicator, which month, its value."""

    indicator_id: str
    period: date
    value: float
    bound: str | None = None
    citation_id: str | None = None


@dataclass(frozen=True)
class Progress:
    """The status of one target at one scope, with every input that produced it."""

    target_id: str
    region_code: str | None
    kind: str
    status: str
    as_of: date
    target_value: float  # T (for a change target: B + the required rise)
    actual: float | None = None  # A (cumulative/annual) or V (level/change)
    expected: float | None = None  # E
    completion: float | None = None  # A/T, or (V − B)/(T − B)
    time_elapsed: float | None = None  # f
    pace: float | None = None  # A/E, or (V − B)/(E − B)
    projection: float | None = None  # at the current pace, by the end of the period
    baseline: float | None = None  # B
    baseline_period: date | None = None
    baseline_substituted: bool = False  # B taken from a later month than the catalogue asks
    window_start: date | None = None
    window_end: date | None = None  # last month counted
    latest_period: date | None = None  # month of V, or the last month with data in the window
    pace_method: str = "linear"
    pace_note: str = ""  # why the requested method was not used
    missing_periods: tuple[date, ...] = ()
    achieve_threshold: float | None = None
    national_source: str | None = None  # reported | sum_of_provinces | mixed
    unallocated: float | None = None  # 未分省 in the window
    year: int | None = None  # for one year of an annual target
    years: tuple[Progress, ...] = ()
    members: tuple[Progress, ...] = ()
    bound: str | None = None  # at_least: A (or V) is a lower bound; about: approximate
    proxy_indicator: str | None = None  # evaluated on the catalogue's named proxy
    citation_ids: tuple[str, ...] = ()  # the published figures A (or V) comes from
    estimate_inputs: tuple[EstimateInput, ...] = ()  # a rate estimated from parts of different months
    derived_inputs: tuple[EstimateInput, ...] = ()  # a share 推算 from its two exact parts of one month

    @property
    def gap_points(self) -> float | None:
        """Completion minus time elapsed, in percentage points (the way officials report it)."""
        if self.completion is None or self.time_elapsed is None:
            return None
        return 100.0 * (self.completion - self.time_elapsed)

    def inputs(self) -> dict[str, object]:
        """The numbers behind the status, for showing and downloading."""
        return {
            "target_id": self.target_id,
            "region_code": self.region_code,
            "year": self.year,
            "status": self.status,
            "as_of": self.as_of.isoformat(),
            "window_start": format_month(self.window_start) if self.window_start else None,
            "window_end": format_month(self.window_end) if self.window_end else None,
            "T": self.target_value,
            "A_or_V": self.actual,
            "f": self.time_elapsed,
            "E": self.expected,
            "completion": self.completion,
            "pace": self.pace,
            "projection": self.projection,
            "B": self.baseline,
            "baseline_period": format_month(self.baseline_period) if self.baseline_period else None,
            "baseline_substituted": self.baseline_substituted,
            "achieve_threshold": self.achieve_threshold,
            "pace_method": self.pace_method,
            "pace_note": self.pace_note,
            "missing_periods": ",".join(format_month(m) for m in self.missing_periods),
            "national_source": self.national_source,
            "unallocated": self.unallocated,
            "bound": self.bound,
            "proxy_indicator": self.proxy_indicator,
            "citations": ",".join(self.citation_ids),
            "estimate_inputs": "; ".join(
                f"{part.indicator_id} {format_month(part.period)} {part.value:g}{' ' + part.bound if part.bound else ''}"
                for part in self.estimate_inputs
            ),
            "derived_inputs": "; ".join(
                f"{part.indicator_id} {format_month(part.period)} {part.value:g}" for part in self.derived_inputs
            ),
        }


@dataclass
class Engine:
    """Evaluates targets against one observation store as of one date."""

    store: ObservationStore
    as_of: date
    settings: ProgressSettings = field(default_factory=ProgressSettings)
    pace_method: str = "linear"

    # --- public -----------------------------------------------------------------------------
    def evaluate(self, target: Target, region_code: str | None = None) -> Progress:
        """Progress of ``target`` at its own scope, or for one region (group members, drill-down)."""
        if region_code is None and target.scope.kind == "group":
            members = tuple(self.evaluate(target, unit.code) for unit in self.store.regions.members(target.scope.group))
            elapsed = next((m.time_elapsed for m in members if m.time_elapsed is not None), None)
            return replace(self._empty(target, None, summarise(members)), members=members, time_elapsed=elapsed)
        region = region_code or target.scope.region_code
        if region is None:
            return self._empty(target, region, "no_data")
        if not self.store.has(target.indicator_id):
            proxy = target.proxy_indicator
            if proxy and self.store.has(proxy):
                result = self.evaluate(replace(target, indicator_id=proxy, proxy_indicator=None), region)
                return replace(result, proxy_indicator=proxy)
            return self._derived_or(self._empty(target, region, "no_data"), target, region)
        if target.kind == "annual":
            return self._annual(target, region)
        if target.kind == "cumulative":
            return self._cumulative(target, region, target.start, target.end, target.value)
        return self._derived_or(self._level(target, region), target, region)

    def evaluate_all(self, targets) -> dict[str, Progress]:
        return {target.id: self.evaluate(target) for target in targets}

    # --- helpers ----------------------------------------------------------------------------
    def _last_complete(self, frequency: str) -> date:
        """Last month of the last complete month/quarter/year at the as-of date."""
        month = last_complete_month(self.as_of)
        if frequency == "Q":
            return add_months(month, -((month.month - 3) % 3)) if month.month % 3 else month
        if frequency == "Y":
            return month if month.month == 12 else date(month.year - 1, 12, 1)
        return month

    def _elapsed(self, start: date, end: date, last: date) -> float:
        total = month_index(end) - month_index(start) + 1
        done = month_index(min(last, end)) - month_index(start) + 1
        return min(1.0, max(0.0, done / total))

    def _empty(self, target: Target, region: str | None, status: str) -> Progress:
        return Progress(target.id, region, target.kind, status, self.as_of, target.value, window_start=target.start)

    def _window(self, values: np.ndarray, start: date, end: date) -> np.ndarray:
        first = max(month_index(start), self.store.first_month)
        last = min(month_index(end), self.store.last_month)
        if last < first:
            return np.array([])
        return values[self.store.column(first) : self.store.column(last) + 1]

    def _missing(self, values: np.ndarray, start: date, end: date, frequency: str) -> tuple[date, ...]:
        """Months (or periods) in [start, end] with no observation, for monthly indicators."""
        if frequency != "M":
            return ()
        months = np.arange(month_index(start), month_index(end) + 1)
        columns = months - self.store.first_month
        inside = (columns >= 0) & (columns < len(values))
        missing = ~inside
        missing[inside] = np.isnan(values[columns[inside]])
        return tuple(index_month(int(month)) for month in months[missing])

    def _national_source(self, target: Target, region: str, start: date, end: date) -> tuple[str | None, float | None]:
        indicator = self.store.catalogue.indicators[target.indicator_id]
        if region != NATIONAL_CODE or indicator.kind == "ratio":
            return None, None
        national = self.store.national(target.indicator_id)
        reported = self._window(national.reported.astype(float), start, end)
        has_value = ~np.isnan(self._window(national.values, start, end))
        reported = reported[has_value].astype(bool)
        source = "reported" if reported.all() else "sum_of_provinces" if not reported.any() else "mixed"
        unallocated = self._window(national.unallocated, start, end)
        return source, (float(np.nansum(unallocated)) if (~np.isnan(unallocated)).any() else None)

    def _seasonal_elapsed(self, values: np.ndarray, start: date, end: date, last: date) -> tuple[float | None, str]:
        """Share of the period's typical activity done by ``last``, from prior full years."""
        weights = seasonal_profile(self.store, values, last.year)
        if weights is None:
            return None, "seasonal_unavailable"
        months = [index_month(i) for i in range(month_index(start), month_index(end) + 1)]
        total = sum(weights[m.month - 1] for m in months)
        done = sum(weights[m.month - 1] for m in months if m <= last)
        return (float(done / total) if total > 0 else None), ""

    def _meets(self, value: float, goal: float, comparator: str, baseline: float = 0.0) -> bool:
        if comparator == "<=":
            return value <= goal
        if comparator == "approx":
            return value - baseline >= (goal - baseline) * (1 - self.settings.approx_tolerance)
        return value >= goal

    def _threshold(self, goal: float, comparator: str, baseline: float = 0.0) -> float:
        return baseline + (goal - baseline) * (1 - self.settings.approx_tolerance) if comparator == "approx" else goal

    def _by_pace(self, pace: float) -> str:
        return "on_track" if pace >= 1 else "at_risk" if pace >= self.settings.at_risk_pace else "off_track"

    # --- cumulative and annual --------------------------------------------------------------
    def _cumulative(
        self, target: Target, region: str, start: date, end: date, goal: float, year: int | None = None
    ) -> Progress:
        indicator = self.store.catalogue.indicators[target.indicator_id]
        last = self._last_complete(indicator.frequency)
        base = Progress(target.id, region, target.kind, "not_started", self.as_of, goal, window_start=start, year=year)
        if last < start:
            return replace(base, actual=0.0, time_elapsed=0.0)
        values = self.store.series(target.indicator_id, region)
        window_end = min(last, end)
        window = self._window(values, start, window_end) if values is not None else np.array([])
        observed = window[~np.isnan(window)]
        if observed.size == 0:
            span = self._span(target.indicator_id, region, start, window_end)
            if span is None:
                return replace(
                    base, status="no_data", window_end=window_end, time_elapsed=self._elapsed(start, end, last)
                )
            return self._judge_cumulative(
                target,
                replace(
                    base,
                    actual=span.value,
                    window_end=span.end,
                    latest_period=span.end,
                    time_elapsed=self._elapsed(start, end, span.end),
                    pace_note="seasonal_unavailable" if self.pace_method == "seasonal" else "",
                    national_source="reported" if region == NATIONAL_CODE else None,
                    bound=span.bound,
                    citation_ids=(span.citation_id,) if span.citation_id else (),
                ),
                period_over=span.end >= end,
            )
        actual = float(observed.sum())
        elapsed = self._elapsed(start, end, last)
        method, note = "linear", ""
        if self.pace_method == "seasonal":
            seasonal, note = (
                self._seasonal_elapsed(values, start, end, window_end)
                if indicator.frequency == "M"
                else (None, "seasonal_unavailable")
            )
            if seasonal is not None:
                elapsed, method = seasonal, "seasonal"
        last_seen = [index_month(month_index(start) + int(i)) for i in np.flatnonzero(~np.isnan(window))]
        source, unallocated = self._national_source(target, region, start, window_end)
        bound, citations = self._notes(target.indicator_id, region, last_seen)
        result = replace(
            base,
            actual=actual,
            time_elapsed=elapsed,
            window_end=window_end,
            latest_period=last_seen[-1] if last_seen else None,
            pace_method=method,
            pace_note=note,
            missing_periods=self._missing(values, start, window_end, indicator.frequency),
            national_source=source,
            unallocated=unallocated,
            bound=bound,
            citation_ids=citations,
        )
        return self._judge_cumulative(target, result, period_over=last >= end)

    def _judge_cumulative(self, target: Target, result: Progress, *, period_over: bool) -> Progress:
        """Expected value, completion, pace, projection and status from A and f."""
        goal, actual, elapsed = result.target_value, result.actual, result.time_elapsed
        expected = goal * elapsed
        result = replace(
            result,
            expected=expected,
            completion=actual / goal if goal else None,
            projection=actual / elapsed if elapsed > 0 else None,
            achieve_threshold=self._threshold(goal, target.comparator),
        )
        if target.comparator == "<=":  # a cap: exceeded is missed, otherwise judged by projection
            pace = expected / actual if actual > 0 else float("inf")
            status = "missed" if actual > goal else "achieved" if period_over else self._by_pace(pace)
            return self._bounded(target, replace(result, pace=pace, status=status))
        pace = actual / expected if expected > 0 else None
        if self._meets(actual, goal, target.comparator):
            status = "achieved"
        elif period_over:
            status = "missed"
        else:
            status = self._by_pace(pace if pace is not None else 0.0)
        return self._bounded(target, replace(result, pace=pace, status=status))

    def _bounded(self, target: Target, result: Progress) -> Progress:
        """A lower bound decides only the statuses every larger value shares; else 暂无数据."""
        if result.bound != "at_least" or result.status in CERTAIN_FROM_BELOW[target.comparator]:
            return result
        return replace(result, status="no_data", pace_note="lower_bound")

    def _span(self, indicator_id: str, region: str, start: date, end: date):
        """The published run of months that starts at ``start`` and reaches furthest within ``end``."""
        fitting = [
            span for span in self.store.spans_of(indicator_id, region) if span.start == start and span.end <= end
        ]
        return max(fitting, key=lambda span: span.end) if fitting else None

    def _notes(self, indicator_id: str, region: str, months: list[date]) -> tuple[str | None, tuple[str, ...]]:
        """The bound (a lower bound anywhere makes the sum one) and citations of counted values."""
        if not self.store.has_notes:
            return None, ()
        bounds, citations = set(), []
        for indicator in self.store.catalogue.parts_of(indicator_id):
            for month in months:
                bound, citation = self.store.note_at(indicator, region, month_index(month))
                bounds.add(bound)
                if citation and citation not in citations:
                    citations.append(citation)
        bound = "at_least" if "at_least" in bounds else "about" if "about" in bounds else None
        return bound, tuple(citations)

    def _annual(self, target: Target, region: str) -> Progress:
        indicator = self.store.catalogue.indicators[target.indicator_id]
        last = self._last_complete(indicator.frequency)
        years = tuple(
            self._cumulative(
                target,
                region,
                max(target.start, date(year, 1, 1)),
                min(target.end, date(year, 12, 1)),
                target.value,
                year,
            )
            for year in range(target.start.year, target.end.year + 1)
        )
        if last < target.start:
            return replace(years[0], year=None, years=years, status="not_started")
        if last >= target.end:
            done = [y for y in years if y.status != "no_data"]
            status = "no_data" if not done else "achieved" if all(y.status == "achieved" for y in done) else "missed"
            return replace(years[-1], year=None, years=years, status=status)
        current = next(y for y in years if y.year == last.year)
        return replace(current, years=years)

    # --- level and change -------------------------------------------------------------------
    def _baseline(self, target: Target, values: np.ndarray) -> tuple[float | None, date | None, bool]:
        if target.baseline_value is not None:
            return float(target.baseline_value), target.baseline_period, False
        if target.baseline_period is None:
            return None, None, False
        wanted = month_index(target.baseline_period)
        for index in range(wanted, wanted + _BASELINE_SEARCH_MONTHS + 1):
            column = index - self.store.first_month
            if 0 <= column < len(values) and not np.isnan(values[column]):
                return float(values[column]), index_month(index), index != wanted
        return None, target.baseline_period, False

    def _level(self, target: Target, region: str) -> Progress:
        indicator = self.store.catalogue.indicators[target.indicator_id]
        last = self._last_complete(indicator.frequency)
        values = self.store.series(target.indicator_id, region)
        if values is None:
            return self._empty(target, region, "no_data")
        baseline, baseline_period, substituted = self._baseline(target, values)
        goal = target.value + (baseline or 0.0) if target.kind == "change" else target.value
        base = Progress(
            target.id,
            region,
            target.kind,
            "not_started",
            self.as_of,
            goal,
            baseline=baseline,
            baseline_period=baseline_period,
            baseline_substituted=substituted,
            window_start=target.start,
        )
        if target.kind == "change" and baseline is None:
            return replace(base, status="no_data")
        if last < target.start:
            return replace(base, time_elapsed=0.0)
        window_end = min(last, target.end)
        window = self._window(values, target.start, window_end)
        seen = np.flatnonzero(~np.isnan(window))
        latest_period = (
            index_month(max(month_index(target.start), self.store.first_month) + int(seen[-1])) if seen.size else None
        )
        estimate = self._rate_estimate(target.indicator_id, region, target.start, window_end, latest_period)
        if estimate is not None:  # parts published for different months: shown, never judged
            value, parts = estimate
            return replace(
                base,
                status="no_data",
                actual=value,
                window_end=window_end,
                latest_period=parts[0].period,
                time_elapsed=self._elapsed(target.start, target.end, last),
                bound="at_least" if parts[0].bound == "at_least" and parts[1].bound is None else "about",
                citation_ids=tuple(dict.fromkeys(p.citation_id for p in parts if p.citation_id)),
                estimate_inputs=parts,
                pace_note="estimate",
            )
        if seen.size == 0:
            return replace(base, status="no_data", window_end=window_end)
        latest = float(window[seen[-1]])
        bound, citations = self._notes(target.indicator_id, region, [latest_period])
        judged_at = min(last, latest_period)  # the path at the figure's own date
        elapsed = self._elapsed(target.start, target.end, judged_at)
        sign = -1.0 if target.comparator == "<=" else 1.0
        if baseline is not None and sign * (goal - baseline) > 0:
            expected = baseline + (goal - baseline) * elapsed
            span = sign * (expected - baseline)
            pace = sign * (latest - baseline) / span if span > 0 else None
            completion = (latest - baseline) / (goal - baseline)
            projection = baseline + (latest - baseline) / elapsed if elapsed > 0 else None
        else:  # a standing requirement, or a baseline that already meets the target: it must hold at every date
            expected, projection = goal, None
            completion = latest / goal if goal else None
            pace = (latest / goal if sign > 0 else goal / latest) if goal and latest else None
        source, _ = self._national_source(target, region, latest_period, latest_period)
        result = replace(
            base,
            actual=latest,
            expected=expected,
            completion=completion,
            time_elapsed=elapsed,
            pace=pace,
            projection=projection,
            window_end=window_end,
            latest_period=latest_period,
            missing_periods=self._missing(values, target.start, window_end, indicator.frequency),
            achieve_threshold=self._threshold(goal, target.comparator, baseline or 0.0),
            national_source=source,
            pace_note="seasonal_not_applicable" if self.pace_method == "seasonal" else "",
            bound=bound,
            citation_ids=citations,
        )
        if self._meets(latest, goal, target.comparator, baseline or 0.0):
            status = "achieved"
        elif judged_at >= target.end:
            status = "missed"
        elif sign * (latest - expected) >= 0:
            status = "on_track"
        else:
            status = self._by_pace(pace if pace is not None else 0.0)
            status = "at_risk" if status == "on_track" else status
        return self._bounded(target, replace(result, status=status))

    def _derived_or(self, result: Progress, target: Target, region: str) -> Progress:
        """``result``; or, where a share kept as printed has no figure, the share 推算 from its two
        parts (``Indicator.derived``) — only from figures of one month, both exact (no bound, no
        estimate across months), judged like a printed one and carrying both parts (decision 0074)."""
        ratio = self.store.catalogue.indicators[target.indicator_id].derived
        if result.actual is not None or ratio is None or target.kind not in ("level", "change"):
            return result
        if not self.store.has(ratio):
            return result
        derived = self._level(replace(target, indicator_id=ratio), region)
        if derived.actual is None or derived.estimate_inputs or derived.bound or derived.latest_period is None:
            return result
        indicator = self.store.catalogue.indicators[ratio]
        month = month_index(derived.latest_period)
        parts = tuple(
            EstimateInput(
                part,
                derived.latest_period,
                float(self.store.stored_series(part, region)[self.store.column(month)]),
                *self.store.note_at(part, region, month),
            )
            for part in (indicator.numerator, indicator.denominator)
        )
        return replace(derived, derived_inputs=parts)

    def _rate_estimate(
        self, indicator_id: str, region: str, start: date, end: date, latest_same_month: date | None
    ) -> tuple[float, tuple[EstimateInput, EstimateInput]] | None:
        """A rate from its numerator's newest month in [start, end] and the newest denominator of the
        12 months up to it — only when that month is newer than the last month both parts share."""
        indicator = self.store.catalogue.indicators[indicator_id]
        if indicator.kind != "ratio":
            return None
        numerator = self.store.stored_series(indicator.numerator, region)
        denominator = self.store.stored_series(indicator.denominator, region)
        if numerator is None or denominator is None:
            return None
        first = max(month_index(start), self.store.first_month)
        last = min(month_index(end), self.store.last_month)
        seen = [m for m in range(first, last + 1) if not np.isnan(numerator[self.store.column(m)])]
        if not seen or (latest_same_month is not None and seen[-1] <= month_index(latest_same_month)):
            return None
        top = seen[-1]
        below = [
            m
            for m in range(max(top - _ESTIMATE_MONTHS, self.store.first_month), top + 1)
            if not np.isnan(denominator[self.store.column(m)]) and denominator[self.store.column(m)] > 0
        ]
        if not below:
            return None
        parts = tuple(
            EstimateInput(
                part,
                index_month(month),
                float(series[self.store.column(month)]),
                *self.store.note_at(part, region, month),
            )
            for part, series, month in (
                (indicator.numerator, numerator, top),
                (indicator.denominator, denominator, below[-1]),
            )
        )
        return 100.0 * parts[0].value / parts[1].value, parts


def seasonal_profile(store: ObservationStore, values: np.ndarray, before_year: int) -> np.ndarray | None:
    """Average share of each calendar month in a year's total, over the full years (all 12 months
    observed) before ``before_year``; None when fewer than two such years exist."""
    weights = np.zeros(12)
    years = 0
    for year in range(store.first_month // 12, before_year):
        first = year * 12 - store.first_month
        block = values[first : first + 12] if first >= 0 else np.array([])
        if len(block) == 12 and not np.isnan(block).any() and block.sum() > 0:
            weights += block / block.sum()
            years += 1
    return weights / years if years >= 2 else None


def summarise(members: tuple[Progress, ...]) -> str:
    """A group's status: the worst among members with data (so no lagging province is hidden)."""
    statuses = [m.status for m in members]
    for status in SEVERITY:
        if status in statuses and status not in ("not_started", "no_data"):
            return status
    return "not_started" if "not_started" in statuses else "no_data"
