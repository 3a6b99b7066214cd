"""The overview's compact table: every non-headline target with data, one row each."""

from __future__ import annotations

import pandas as pd

from lib.core.formatting import format_exact, format_percent, format_quantity
from lib.core.i18n import t
from lib.progress.dataview import DataView
from lib.progress.engine import Progress
from lib.progress.statuses import status_label
from lib.reference.labels import scope_text, target_period, target_value_text


def actual_text(progress: Progress, unit: str, lang: str) -> str:
    if progress.members:
        meeting = sum(m.status in ("achieved", "on_track") for m in progress.members)
        return t("overview.members_meeting", lang, meeting=meeting, total=len(progress.members))
    return format_quantity(progress.actual, unit, lang)


def status_table(view: DataView, progress: dict[str, Progress], lang: str) -> pd.DataFrame:
    rows = []
    for target in view.catalogue.targets:
        result = progress[target.id]
        if target.headline or (result.status == "no_data" and target.official):
            continue  # an analyst's own target is shown even before it has data: they just set it
        unit = view.catalogue.indicators[target.indicator_id].unit
        program = view.catalogue.programs[target.program_id]
        rows.append(
            {
                t("col.status", lang): status_label(result.status, lang),
                t("col.target", lang): target.name(lang),
                t("col.scope", lang): scope_text(target, view.store.regions, lang),
                t("col.target_value", lang): f"{target_value_text(target, unit, lang)} · {target_period(target, lang)}",
                t("col.actual", lang): actual_text(result, unit, lang),
                t("col.exact", lang): format_exact(result.actual) if result.actual is not None else "—",
                t("col.completion", lang): format_percent(result.completion) if not result.members else "—",
                t("col.time_elapsed", lang): format_percent(result.time_elapsed),
                t("col.document", lang): program.document(lang),
            }
        )
    return pd.DataFrame(rows)
