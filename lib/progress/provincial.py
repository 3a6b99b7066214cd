"""Each province's own targets (本省目标) judged by the engine against that province's figures.

The same ``Engine`` that judges national targets evaluates a provincial target at its own scope (the
province), so a level is judged at the date of the province's latest figure (and that date is kept), a
total published for a run of months counts only for a target that starts with it, and a lower bound
decides only what every larger value would. A target met before its period ends is *met early*; the
figure that shows it — its month and its citation's publication date — is kept so a page can say when
it was published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lib.progress.dataview import DataView
from lib.progress.engine import Progress
from lib.reference.provincial_targets import ProvincialTarget


@dataclass(frozen=True)
class OwnTargetResult:
    """A province's own target, its progress and — when met early — the figure that shows it."""

    item: ProvincialTarget
    progress: Progress

    @property
    def figure_period(self) -> date | None:
        """The month the deciding figure speaks for (a level's latest figure, a total's last month)."""
        return self.progress.latest_period or (self.progress.window_end if self.progress.actual is not None else None)

    @property
    def met_early(self) -> bool:
        """Achieved on a figure dated before the target's period ends."""
        period = self.figure_period
        return self.progress.status == "achieved" and period is not None and period < self.item.target.end


def own_target_results(view: DataView, region_code: str, pace: str = "linear") -> list[OwnTargetResult]:
    """Every own target of one province, evaluated on these data (kept per data view, region and pace)."""
    return view.remember(evaluate_own_targets, region_code, pace)


def evaluate_own_targets(view: DataView, region_code: str, pace: str) -> list[OwnTargetResult]:
    engine = view.engine(pace)
    return [OwnTargetResult(item, engine.evaluate(item.target)) for item in view.catalogue.provincial_of(region_code)]


def published_on(view: DataView, progress: Progress) -> date | None:
    """When the figure deciding ``progress`` was published: its citation's date, else the date of the
    report it was read in; None when the record gives neither (never guessed)."""
    for citation_id in reversed(progress.citation_ids):
        citation = view.store.citation(citation_id)
        if citation is None:
            continue
        for key in ("date", "outlet_date"):
            value = citation.get(key)
            if isinstance(value, date):
                return value
        return None
    return None
