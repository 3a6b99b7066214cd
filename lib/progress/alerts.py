"""三色预警: a colour for every target × region from its pace, how many months it has held it, and
its change since the previous snapshot.

Colour from pace p (thresholds in settings): green p ≥ 1.0, yellow p ≥ 0.9, red below; an achieved
target is green, a missed one red; not started or no data has no colour. One rule makes the
colour more than a function of this month's pace (瓯海's 三色预警): **a red task returns to yellow
only after the shortfall is made up**. Once red, a task stays red — even if its pace climbs back
into the yellow or green band — until its actual has caught up with the time-elapsed requirement
(pace ≥ 1.0, A ≥ E); the month it does, it turns yellow, and from the month after its colour
follows its pace again. An achieved target is green at once.

The months held are counted on this snapshot's own monthly history (the engine re-run as of the
end of each earlier month), so one snapshot is enough; the rule is applied along that history from
the month the target started. Walking back stops, per item, as soon as the colour and the months
held cannot depend on anything earlier (see ``resolve_run``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from lib.core.periods import add_months, last_complete_month, month_end, months_between
from lib.core.settings import AlertThresholds, alert_thresholds
from lib.progress.changes import Comparison
from lib.progress.dataview import DataView
from lib.progress.drilldown import mappable_targets, province_measures
from lib.progress.engine import Engine, Progress
from lib.reference.catalogue import Target

COLOURS = ("red", "yellow", "green")  # worst first
CHANGES = ("to_red", "to_yellow", "to_green")


@dataclass(frozen=True)
class AlertItem:
    """One target × region that gets a colour: what is evaluated, and against what."""

    target: Target  # the catalogue target
    region_code: str
    basis: str  # own | reference | group | national_level (as on the Provinces page)
    measured: Target  # the target evaluated (a province's reference target, its own copy …)

    def evaluate(self, engine: Engine) -> Progress:
        if self.basis == "group":
            return engine.evaluate(self.measured, self.region_code)
        return engine.evaluate(self.measured)


@dataclass(frozen=True)
class MonthColour:
    """One month of an item's history: the colour its pace gives, and whether the shortfall is made up."""

    raw: str | None
    made_up: bool
    achieved: bool


@dataclass(frozen=True)
class Alert:
    target_id: str
    region_code: str
    basis: str
    colour: str  # after the red rule
    raw_colour: str  # from this month's pace alone
    months_held: int
    since: date  # first month of the colour's run
    progress: Progress
    month_before: str | None = None  # the colour the month before, on this snapshot's history
    previous_colour: str | None = None  # in the comparison (previous snapshot or month)
    change: str | None = None  # to_red | to_yellow | to_green, when the colour changed

    @property
    def held_by_rule(self) -> bool:
        """Red although this month's pace alone is yellow or green: the shortfall is not made up yet."""
        return self.colour == "red" and self.raw_colour != "red"

    @property
    def closed(self) -> bool:
        """Red because the target period ended without the target met: nothing left to recover."""
        return self.progress.status == "missed"

    @property
    def key(self) -> tuple[str, str]:
        return self.target_id, self.region_code


def raw_colour(progress: Progress, thresholds: AlertThresholds) -> str | None:
    """The colour this month's pace gives (None: not started, no data)."""
    status = progress.status
    if status in ("not_started", "no_data"):
        return None
    if status == "achieved":
        return "green"
    if status == "missed":
        return "red"
    pace = progress.pace
    if pace is None or not math.isfinite(pace):
        return {"on_track": "green", "at_risk": "yellow"}.get(status, "red")
    return "green" if pace >= thresholds.green else "yellow" if pace >= thresholds.yellow else "red"


def month_colour(progress: Progress, thresholds: AlertThresholds) -> MonthColour:
    pace = progress.pace
    achieved = progress.status == "achieved"
    made_up = achieved or (pace is not None and math.isfinite(pace) and pace >= 1.0)
    return MonthColour(raw_colour(progress, thresholds), made_up, achieved)


def next_colour(previous: str | None, month: MonthColour) -> str | None:
    """The red rule: red stays red until the shortfall is made up, then yellow for that month."""
    if month.raw is None or month.raw == "red":
        return month.raw
    if previous == "red" and not month.achieved:
        return "yellow" if month.made_up else "red"
    return month.raw


def colours_along(history: list[MonthColour], before: str | None) -> list[str | None]:
    """Colours month by month (oldest first), given the colour of the month before the first."""
    colours, colour = [], before
    for month in history:
        colour = next_colour(colour, month)
        colours.append(colour)
    return colours


def held(colours: list[str | None]) -> int:
    """How many months at the end share the last colour."""
    count = 0
    for colour in reversed(colours):
        if colour != colours[-1]:
            break
        count += 1
    return count


def resolve_run(history: list[MonthColour], complete: bool) -> tuple[str | None, int, str | None] | None:
    """(colour now, months held, colour the month before) from the months seen so far (oldest
    first), or None when an earlier month could still change them. ``complete``: the history starts
    where the item has no colour (its target's first month), so nothing came before.

    The colour of the month before the history matters only as red or not red; if both
    assumptions give the same answer and the run starts inside the history, the answer is exact.
    """
    if complete:
        colours = colours_along(history, None)
        return colours[-1], held(colours), colours[-2] if len(colours) > 1 else None
    if len(history) < 2:
        return None
    runs = (colours_along(history, "red"), colours_along(history, None))
    answers = {(c[-1], held(c), c[-2]) for c in runs}
    if len(answers) == 1:
        answer = answers.pop()
        if answer[1] < len(history):
            return answer
    return None


def settles(newest_first: list[MonthColour]) -> bool:
    """Whether the oldest month seen can settle the run: only a month without colour, a made-up
    month, or the first red of a red stretch ends the red rule's reach (trying elsewhere finds
    nothing new, so it is skipped)."""
    oldest = newest_first[-1]
    if oldest.raw is None or oldest.made_up:
        return True
    return oldest.raw == "red" and (len(newest_first) == 1 or newest_first[-2].raw != "red")


def alert_items(view: DataView, only: frozenset[str] | None = None) -> list[AlertItem]:
    """Every target × region that can get a colour: each target at its own scope, and every
    province of a target the Provinces page maps (``only``: of these targets alone)."""
    items = []
    for target in view.catalogue.targets:
        if target.scope.kind in ("national", "region") and (only is None or target.id in only):
            items.append(AlertItem(target, target.scope.region_code, "own", target))
    for target in mappable_targets(view):
        if only is not None and target.id not in only:
            continue
        items.extend(
            AlertItem(target, m.region.code, m.basis, m.target) for m in province_measures(view, target) if m.applicable
        )
    return items


def alerts(
    view: DataView,
    pace: str = "linear",
    thresholds: AlertThresholds | None = None,
    only: frozenset[str] | None = None,
) -> list[Alert]:
    """Every coloured target × region (``only``: of these targets), sorted by severity and duration
    (computed once per view)."""
    thresholds = thresholds or alert_thresholds()
    return view.remember(sorted_alerts, pace, thresholds, only)


def sorted_alerts(view: DataView, pace: str, thresholds: AlertThresholds, only: frozenset[str] | None) -> list[Alert]:
    return sort_alerts(_compute(view, pace, thresholds, only))


def own_target_alerts(
    view: DataView, region_code: str, pace: str = "linear", thresholds: AlertThresholds | None = None
) -> list[Alert]:
    """The 三色预警 of one province's own targets (本省目标), by the same rules (the red rule, the months
    held on this snapshot's history); kept apart from the catalogue's alerts (computed once per view)."""
    return view.remember(sorted_own_alerts, region_code, pace, thresholds or alert_thresholds())


def sorted_own_alerts(view: DataView, region_code: str, pace: str, thresholds: AlertThresholds) -> list[Alert]:
    items = [
        AlertItem(item.target, region_code, "own", item.target) for item in view.catalogue.provincial_of(region_code)
    ]
    return sort_alerts(_compute_items(view, pace, thresholds, items))


def _compute(view: DataView, pace: str, thresholds: AlertThresholds, only: frozenset[str] | None) -> list[Alert]:
    return _compute_items(view, pace, thresholds, alert_items(view, only))


def _compute_items(view: DataView, pace: str, thresholds: AlertThresholds, items: list[AlertItem]) -> list[Alert]:
    current = view.engine(pace)
    last = last_complete_month(view.provenance.as_of)
    pending: dict[int, tuple[AlertItem, Progress, list[MonthColour]]] = {}
    for number, item in enumerate(items):
        progress = item.evaluate(current)
        month = month_colour(progress, thresholds)
        if month.raw is not None:
            pending[number] = (item, progress, [month])
    found: dict[int, Alert] = {}
    back = 0
    while pending:
        for number, (item, progress, history) in list(pending.items()):
            first = item.measured.start
            complete = months_between(first, add_months(last, -back)) <= 1
            if not (complete or settles(history)):
                continue
            answer = resolve_run(history[::-1], complete)
            if answer is not None:
                colour, months, before = answer
                since = add_months(last, -(months - 1))
                found[number] = Alert(
                    item.target.id,
                    item.region_code,
                    item.basis,
                    colour,
                    history[0].raw,
                    months,
                    since,
                    progress,
                    before,
                )
                del pending[number]
        if not pending:
            break
        back += 1
        month = add_months(last, -back)
        engine = Engine(view.store, month_end(month), view.settings, pace)
        for item, _, history in pending.values():
            # after its period a target's result no longer changes: no need to evaluate it again
            ended = month > item.measured.end and last > item.measured.end
            history.append(history[0] if ended else month_colour(item.evaluate(engine), thresholds))
    return [found[number] for number in sorted(found)]


def sort_alerts(found: list[Alert]) -> list[Alert]:
    """Worst first: red before yellow before green; within a colour the items still in their period
    (which can be recovered) before those whose period ended (missed), then the longest held, then
    the slowest pace."""

    def order(alert: Alert):
        pace = alert.progress.pace if alert.progress.pace is not None else math.inf
        return (
            COLOURS.index(alert.colour),
            alert.closed,
            -alert.months_held,
            pace if alert.colour != "green" else -pace,
        )

    return sorted(found, key=order)


def compare_alerts(current: list[Alert], previous: list[Alert] | None) -> list[Alert]:
    """The current alerts with the colour each had in the comparison and the change (转红 …)."""
    if previous is None:
        return current
    before = {alert.key: alert.colour for alert in previous}
    return [with_previous(alert, before.get(alert.key)) for alert in current]


def with_previous(alert: Alert, colour: str | None) -> Alert:
    change = f"to_{alert.colour}" if colour is not None and colour != alert.colour else None
    return replace(alert, previous_colour=colour, change=change)


def compared_alerts(
    view: DataView, pace: str, compared: Comparison | None, thresholds: AlertThresholds | None = None
) -> list[Alert]:
    """The alerts with their change: against the previous snapshot's own alerts, or — when the
    comparison is this data's previous month — the colour the history walk found for that month
    (the same result, without walking again)."""
    thresholds = thresholds or alert_thresholds()
    found = alerts(view, pace, thresholds)
    if compared is None:
        return found
    if compared.basis == "month":
        return [with_previous(alert, alert.month_before) for alert in found]
    return compare_alerts(found, alerts(compared.view, pace, thresholds))


def alert_counts(found: list[Alert]) -> dict[str, int]:
    """How many items of each colour (every colour present as a key)."""
    counts = dict.fromkeys(COLOURS, 0)
    for alert in found:
        counts[alert.colour] += 1
    return counts
